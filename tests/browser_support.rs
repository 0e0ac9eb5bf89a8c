//! A real headless Chromium driven through chromedriver (WebDriver), for the browser
//! journeys, with axe-core injected into pages to check them against WCAG 2.1 AA.
//!
//! Needs `/usr/bin/chromium`, `/usr/bin/chromedriver` and axe-core
//! (`tests/node_modules/axe-core/axe.min.js`, from `npm ci` in `tests/`). Without them the
//! tests print why and pass; with `PORTAL_REQUIRE_BROWSER=1` (as `.ci/run` sets) they fail.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use portal_e2e::{ENROLMENT_PASSWORD, Portal};
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The representative of the journeys.
pub const REPRESENTATIVE: &str = "rep@example.com";
/// The officer of the journeys.
pub const OFFICER: &str = "officer@example.ca";
/// The password `Portal::officer_token` gives the officer.
pub const OFFICER_PASSWORD: &str = "Quartz#Meadow51";

/// One browser session and its driver process.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: Child,
    axe: String,
    _profile: tempfile::TempDir,
}

fn axe_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js")
}

/// Why the browser tests cannot run here, if they cannot.
fn missing() -> Option<String> {
    for (path, what) in [
        (PathBuf::from(CHROMIUM), "chromium"),
        (PathBuf::from(CHROMEDRIVER), "chromium-driver"),
        (axe_path(), "axe-core (run `npm ci` in tests/)"),
    ] {
        if !path.exists() {
            return Some(format!("{} is missing: install {what}", path.display()));
        }
    }
    None
}

impl Browser {
    /// A fresh browser, or `None` (with the reason printed) when this machine has none.
    pub async fn start() -> Option<Self> {
        if let Some(reason) = missing() {
            assert!(
                std::env::var_os("PORTAL_REQUIRE_BROWSER").is_none(),
                "browser tests are required but cannot run: {reason}"
            );
            eprintln!("skipping the browser test: {reason}");
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic",
                    format!("--user-data-dir={}", profile.path().display()),
                    "--window-size=1280,900", "--lang=en-CA",
                ]
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let mut client = None;
        for _ in 0..100 {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => {
                    client = Some(c);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        let client = client.expect("chromedriver answers");
        let axe = std::fs::read_to_string(axe_path()).unwrap();
        Some(Self {
            client,
            driver,
            axe,
            _profile: profile,
        })
    }

    /// Opens `url`.
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    /// What `css` finds; the test fails, naming it, when nothing is found.
    async fn find(&self, css: &str) -> Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
    }

    /// The element whose id is `id` (ids may hold dots and brackets); the test fails,
    /// naming it, when there is none.
    async fn find_id(&self, id: &str) -> Element {
        self.client
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("#{id}: {e}"))
    }

    /// Types `text` into the field `#id` (after clearing it).
    pub async fn fill(&self, id: &str, text: &str) {
        let field = self.find_id(id).await;
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// Clicks what `css` finds.
    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap();
    }

    /// Clicks the element whose id is `id` (ids may hold dots and brackets).
    pub async fn click_id(&self, id: &str) {
        self.find_id(id).await.click().await.unwrap();
    }

    /// Whether an element with id `id` is on the page.
    pub async fn has_id(&self, id: &str) -> bool {
        self.client.find(Locator::Id(id)).await.is_ok()
    }

    /// The current value of the field `#id`.
    pub async fn value(&self, id: &str) -> Option<String> {
        self.find_id(id).await.prop("value").await.unwrap()
    }

    /// Signs in through the form of the front page.
    pub async fn sign_in(&self, portal: &Portal, email: &str, password: &str) {
        self.open(&portal.at("/")).await;
        self.fill("email", email).await;
        self.fill("password", password).await;
        self.go("form[action='/sign-in'] button[type=submit]").await;
    }

    /// Signs out with the button of the account's navigation.
    pub async fn sign_out(&self) {
        self.go("nav.account-nav button[type=submit]").await;
    }

    /// Clicks what `css` finds (a link or a submit button) and waits for the next page.
    pub async fn go(&self, css: &str) {
        self.client
            .execute("window.__portalPage = true;", vec![])
            .await
            .unwrap();
        self.click(css).await;
        for _ in 0..400 {
            let state = self
                .client
                .execute(
                    "return window.__portalPage === undefined && document.readyState === 'complete';",
                    vec![],
                )
                .await;
            if matches!(state, Ok(serde_json::Value::Bool(true))) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("{css} did not lead to another page");
    }

    /// Waits until the address holds `part` (after a submit by the keyboard).
    pub async fn wait_for_address(&self, part: &str) {
        for _ in 0..400 {
            let url = self.client.current_url().await.unwrap();
            let ready = self
                .client
                .execute("return document.readyState === 'complete';", vec![])
                .await;
            if url.as_str().contains(part) && matches!(ready, Ok(serde_json::Value::Bool(true))) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the address never held {part}");
    }

    /// Waits until what `css` finds exists.
    pub async fn wait_for(&self, css: &str) {
        self.client
            .wait()
            .for_element(Locator::Css(css))
            .await
            .unwrap();
    }

    /// Chooses `value` in the select `#id`.
    pub async fn choose(&self, id: &str, value: &str) {
        self.click(&format!("#{id} option[value='{value}']")).await;
    }

    /// The text of what `css` finds.
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    /// The texts of everything `css` finds.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await.unwrap() {
            out.push(element.text().await.unwrap());
        }
        out
    }

    /// The page's title.
    pub async fn title(&self) -> String {
        self.client.title().await.unwrap()
    }

    /// The path of the current page.
    pub async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_owned()
    }

    /// The text a script returns (empty when it returns no text).
    async fn script_text(&self, script: &str) -> String {
        self.client
            .execute(script, vec![])
            .await
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The `lang` of the page.
    pub async fn lang(&self) -> String {
        self.script_text("return document.documentElement.lang;")
            .await
    }

    /// The id of the element that has the focus.
    pub async fn focused_id(&self) -> String {
        self.script_text("return document.activeElement.id;").await
    }

    /// The bytes the current page loaded before images: its HTML and every stylesheet and
    /// script, as decoded.
    pub async fn weight(&self) -> u64 {
        let bytes = self
            .client
            .execute(
                "const nav = performance.getEntriesByType('navigation')[0];
                 const own = nav ? nav.decodedBodySize : document.documentElement.outerHTML.length;
                 const rest = performance.getEntriesByType('resource')
                   .filter(r => r.initiatorType !== 'img')
                   .reduce((sum, r) => sum + r.decodedBodySize, 0);
                 return own + rest;",
                vec![],
            )
            .await
            .unwrap();
        bytes.as_u64().unwrap_or(u64::MAX)
    }

    /// The ids of the WCAG 2.1 A and AA rules axe-core finds broken on the current page.
    pub async fn violations(&self) -> Vec<String> {
        self.client.execute(&self.axe, vec![]).await.unwrap();
        let result: Value = self
            .client
            .execute_async(
                r"const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                  .then(r => done(r.violations.map(v => v.id)))
                  .catch(e => done([String(e)]));",
                vec![],
            )
            .await
            .unwrap();
        result
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// Runs axe-core on the current page and fails with every violation of WCAG 2.1 A and
    /// AA it finds; the page must also weigh less than 100 KB before images.
    pub async fn assert_accessible(&self) {
        let weight = self.weight().await;
        assert!(
            weight < 100_000,
            "{} weighs {weight} bytes before images",
            self.path().await
        );
        self.client.execute(&self.axe, vec![]).await.unwrap();
        let result: Value = self
            .client
            .execute_async(
                r"const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                  .then(r => done({ok: true, violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target)}))}))
                  .catch(e => done({ok: false, error: String(e)}));",
                vec![],
            )
            .await
            .unwrap();
        let path = self.path().await;
        assert_eq!(result["ok"], true, "axe failed on {path}: {result}");
        let violations = result["violations"].as_array().unwrap();
        assert!(
            violations.is_empty(),
            "axe found {} violation(s) on {path}: {}",
            violations.len(),
            serde_json::to_string_pretty(violations).unwrap()
        );
    }

    /// Saves a screenshot of the current page as `docs/screenshots/{name}.png` when
    /// `PORTAL_SCREENSHOTS=1`.
    pub async fn screenshot(&self, name: &str) {
        if std::env::var_os("PORTAL_SCREENSHOTS").is_none() {
            return;
        }
        let png = self.client.screenshot().await.unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    /// Ends the browser session and its driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The start of a journey: a fresh browser, a portal, and the API token of its officer.
pub struct Journey {
    /// The browser.
    pub b: Browser,
    /// The portal.
    pub portal: Portal,
    /// The officer's API token.
    pub officer: String,
}

impl Journey {
    /// A browser and a portal with an officer, or `None` (with the reason printed) when
    /// this machine has no browser.
    pub async fn start() -> Option<Self> {
        let b = Browser::start().await?;
        let portal = Portal::start();
        let officer = portal.officer_token(OFFICER).await;
        Some(Self { b, portal, officer })
    }

    /// The same, with [`REPRESENTATIVE`] enrolled and approved by the officer.
    pub async fn with_representative() -> Option<Self> {
        let journey = Self::start().await?;
        journey
            .portal
            .enrol_and_approve(&journey.officer, REPRESENTATIVE)
            .await;
        Some(journey)
    }

    /// The same, with the browser signed in as [`REPRESENTATIVE`].
    pub async fn signed_in() -> Option<Self> {
        let journey = Self::with_representative().await?;
        journey
            .b
            .sign_in(&journey.portal, REPRESENTATIVE, ENROLMENT_PASSWORD)
            .await;
        Some(journey)
    }
}
