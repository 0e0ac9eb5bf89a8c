//! Support for the end-to-end tests: builds the real `portal` binary once, starts it on a
//! random port with its own temporary data folder and database, and reads the mail it
//! writes to its outbox folder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod drafts;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The path of the `portal` binary, built once per test process.
pub fn portal_binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let run = escargot::CargoBuild::new()
            .package("portal-server")
            .bin("portal")
            .current_target()
            .manifest_path(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml"))
            .run()
            .expect("the portal binary builds");
        run.path().to_path_buf()
    })
}

/// A running `portal` process with its own data folder; killed on drop.
#[derive(Debug)]
pub struct Portal {
    child: Child,
    /// The base URL, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    /// The data folder (database and outbox).
    pub dir: tempfile::TempDir,
    /// The database URL the process uses.
    pub database_url: String,
    /// The operations listener's `/metrics` URL.
    pub metrics_url: String,
    /// An HTTP client.
    pub http: reqwest::Client,
    /// The PostgreSQL database made for this process (admin URL, name), dropped with it.
    made_database: Option<(String, String)>,
}

impl Portal {
    /// Starts the server on a random port with a fresh SQLite database.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts the server with extra environment settings.
    pub fn start_with(env: &[(&str, &str)]) -> Self {
        Self::start_sqlite(Command::new(portal_binary()), env)
    }

    /// Starts the server with extra environment settings, allowed to open at most
    /// `open_files` files and sockets (soft and hard limit, set with `prlimit`).
    pub fn start_with_open_files(open_files: u32, env: &[(&str, &str)]) -> Self {
        let mut command = Command::new("prlimit");
        command
            .arg(format!("--nofile={open_files}:{open_files}"))
            .arg("--")
            .arg(portal_binary());
        Self::start_sqlite(command, env)
    }

    fn start_sqlite(command: Command, env: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let database_url = format!("sqlite://{}/portal.sqlite?mode=rwc", dir.path().display());
        let outbox = dir.path().join("outbox");
        Self::spawn(command, dir, database_url, &outbox, env)
    }

    /// Starts the server on a fresh database of `backend`, with extra environment settings.
    pub async fn start_on(backend: &Backend, env: &[(&str, &str)]) -> Self {
        match backend {
            Backend::Sqlite => Self::start_with(env),
            Backend::Postgres(admin_url) => {
                let (database_url, name) = fresh_postgres_database(admin_url).await;
                let dir = tempfile::tempdir().unwrap();
                let outbox = dir.path().join("outbox");
                let command = Command::new(portal_binary());
                let mut portal = Self::spawn(command, dir, database_url, &outbox, env);
                portal.made_database = Some((admin_url.clone(), name));
                portal
            }
        }
    }

    /// The portal on each database of [`Backend::all`]: SQLite, then PostgreSQL when
    /// `PORTAL_TEST_DATABASE_URL` is set.
    pub async fn on_every_database() -> Vec<Self> {
        let mut portals = Vec::new();
        for backend in Backend::all() {
            portals.push(Self::start_on(&backend, &[]).await);
        }
        portals
    }

    /// Starts a second process on this one's database, writing mail to this one's outbox
    /// folder: two processes serving one portal.
    pub fn start_beside(&self, env: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let command = Command::new(portal_binary());
        Self::spawn(command, dir, self.database_url.clone(), &self.outbox(), env)
    }

    fn spawn(
        mut command: Command,
        dir: tempfile::TempDir,
        database_url: String,
        outbox: &Path,
        env: &[(&str, &str)],
    ) -> Self {
        command
            .current_dir(dir.path())
            .env_clear()
            .env("PORTAL_DATABASE_URL", &database_url)
            .env("PORTAL_LISTEN", "127.0.0.1:0")
            .env("PORTAL_METRICS_LISTEN", "127.0.0.1:0")
            .env("PORTAL_OUTBOX_DIR", outbox)
            .env("PORTAL_OUTBOX_POLL_MS", "20")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("portal starts");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let mut metrics_url = String::new();
        let url = loop {
            let line = lines.next().expect("portal prints its address").unwrap();
            if let Some(url) = line.strip_prefix("portal metrics on ") {
                metrics_url = url.trim().to_owned();
            }
            if let Some(url) = line.strip_prefix("portal listening on ") {
                break url.trim().to_owned();
            }
        };
        std::thread::spawn(move || for _ in lines {});
        let http = reqwest::Client::builder().build().unwrap();
        Self {
            child,
            url,
            dir,
            database_url,
            metrics_url,
            http,
            made_database: None,
        }
    }

    /// Runs `portal <args>` against this instance's database; returns its standard output.
    pub fn cli(&self, args: &[&str]) -> String {
        let (ok, stdout, stderr) = self.run_cli(args);
        assert!(ok, "portal {args:?} failed: {stderr}");
        stdout
    }

    /// Runs `portal <args>`; returns whether it succeeded and what it wrote to stderr.
    pub fn cli_result(&self, args: &[&str]) -> (bool, String) {
        let (ok, _, stderr) = self.run_cli(args);
        (ok, stderr)
    }

    fn run_cli(&self, args: &[&str]) -> (bool, String, String) {
        let output = Command::new(portal_binary())
            .current_dir(self.dir.path())
            .env_clear()
            .env("PORTAL_DATABASE_URL", &self.database_url)
            .env("RUST_LOG", "warn")
            .args(args)
            .output()
            .expect("portal runs");
        (
            output.status.success(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// Enrols `email` with [`enrolment`] and has the officer approve it; returns the
    /// account id.
    pub async fn enrol_and_approve(&self, officer: &str, email: &str) -> String {
        self.client().enrol_and_approve(officer, email).await
    }

    /// Sends SIGTERM and waits for the process to exit; returns its exit status.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        self.child.wait().expect("portal exits")
    }

    /// `url` + path.
    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url, path)
    }

    /// Sends a JSON request, with a bearer token when given; returns status, headers, body.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        self.client().call(method, path, token, body).await
    }

    /// A client of this portal's API.
    pub fn client(&self) -> Client {
        Client {
            http: self.http.clone(),
            url: self.url.clone(),
        }
    }

    /// The outbox folder.
    pub fn outbox(&self) -> PathBuf {
        self.dir.path().join("outbox")
    }

    /// Waits (bounded) until `count` mails to `to` are in the outbox; returns them, oldest first.
    pub fn mails_to(&self, to: &str, count: usize) -> Vec<Mail> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let mails: Vec<Mail> = read_mails(&self.outbox())
                .into_iter()
                .filter(|m| m.to.contains(to))
                .collect();
            if mails.len() >= count {
                return mails;
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} mails to {to}, found {}",
                mails.len()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Creates an officer through the command line, changes its one-time password, and
    /// returns a session token.
    pub async fn officer_token(&self, email: &str) -> String {
        let out = self.cli(&["officer", "create", "--email", email]);
        let one_time = out
            .lines()
            .find_map(|l| l.strip_prefix("One-time password: "))
            .expect("the one-time password is printed")
            .trim()
            .to_owned();
        self.client().first_officer_sign_in(email, &one_time).await
    }

    /// Signs in an account enrolled with [`enrolment`]'s password; returns the session token.
    pub async fn representative_token(&self, email: &str) -> String {
        let session = self
            .call(
                "POST",
                "/api/v1/sessions",
                None,
                Some(json!({"email": email, "password": ENROLMENT_PASSWORD})),
            )
            .await;
        assert_eq!(session.status, 201, "{:?}", session.body);
        session.body["token"].as_str().unwrap().to_owned()
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some((admin_url, name)) = self.made_database.take() {
            // A runtime of its own: the test's runtime may be the one dropping the portal.
            let dropped = std::thread::spawn(move || {
                let runtime = tokio::runtime::Runtime::new().unwrap();
                runtime.block_on(async {
                    use sea_orm::ConnectionTrait;
                    let admin = sea_orm::Database::connect(admin_url).await.unwrap();
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = admin.execute_unprepared(&sql).await;
                    let _ = admin.close().await;
                });
            });
            let _ = dropped.join();
        }
    }
}

/// A client of a running portal's API: the calls the tests and the benchmark share.
#[derive(Debug, Clone)]
pub struct Client {
    /// The HTTP client.
    pub http: reqwest::Client,
    /// The portal's base URL.
    pub url: String,
}

impl Client {
    /// Sends a JSON request, with a bearer token when given; returns status, headers, body.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.http.request(method, format!("{}{path}", self.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply {
            status,
            headers,
            body,
        }
    }

    /// Enrols `email` with [`enrolment`] and has the officer approve it; returns the
    /// account id.
    pub async fn enrol_and_approve(&self, officer: &str, email: &str) -> String {
        let enrolled = self
            .call("POST", "/api/v1/enrolments", None, Some(enrolment(email)))
            .await;
        assert_eq!(enrolled.status, 202, "{:?}", enrolled.body);
        let pending = self
            .call(
                "GET",
                "/api/v1/officer/accounts?status=pending",
                Some(officer),
                None,
            )
            .await;
        let id = pending
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["email"] == email)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let approve = format!("/api/v1/officer/accounts/{id}/approve");
        let approved = self.call("POST", &approve, Some(officer), None).await;
        assert_eq!(approved.status, 200, "{:?}", approved.body);
        id
    }

    /// Signs in a new officer with its one-time password and changes it, as the first
    /// sign-in requires; returns the new session's token.
    pub async fn first_officer_sign_in(&self, email: &str, one_time: &str) -> String {
        let signed_in = self
            .call(
                "POST",
                "/api/v1/sessions",
                None,
                Some(json!({"email": email, "password": one_time})),
            )
            .await;
        assert_eq!(signed_in.status, 201, "{:?}", signed_in.body);
        let token = signed_in.body["token"].as_str().unwrap().to_owned();
        let changed = self
            .call(
                "PUT",
                "/api/v1/account/password",
                Some(&token),
                Some(json!({"current_password": one_time, "new_password": "Quartz#Meadow51", "confirm_password": "Quartz#Meadow51"})),
            )
            .await;
        assert_eq!(changed.status, 200, "{:?}", changed.body);
        changed.body["token"].as_str().unwrap().to_owned()
    }
}

/// The answer of a request sent with the `reqwest` client directly (a multipart form).
pub async fn reply_of(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.json().await.unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: reqwest::header::HeaderMap,
    /// JSON body, or the text as a JSON string.
    pub body: Value,
}

impl Reply {
    /// The codes of the invalid fields, as `field:code`.
    pub fn field_codes(&self) -> Vec<String> {
        self.body["fields"]
            .as_array()
            .map(|fields| {
                fields
                    .iter()
                    .map(|f| {
                        format!(
                            "{}:{}",
                            f["field"].as_str().unwrap_or(""),
                            f["code"].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A mail read from the outbox folder.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The `To` header.
    pub to: String,
    /// The `Subject` header as written (possibly encoded).
    pub subject: String,
    /// The decoded body text.
    pub body: String,
}

impl Mail {
    /// The first run of exactly eight digits in the body.
    pub fn code(&self) -> String {
        let bytes = self.body.as_bytes();
        (0..bytes.len().saturating_sub(7))
            .find(|&i| {
                bytes[i..i + 8].iter().all(u8::is_ascii_digit)
                    && (i == 0 || !bytes[i - 1].is_ascii_digit())
                    && bytes.get(i + 8).is_none_or(|b| !b.is_ascii_digit())
            })
            .map(|i| self.body[i..i + 8].to_owned())
            .expect("the mail holds an 8-digit code")
    }
}

/// Every `.eml` file in the folder, in name (time) order.
pub fn read_mails(dir: &Path) -> Vec<Mail> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| parse_mail(&std::fs::read_to_string(p).unwrap()))
        .collect()
}

fn parse_mail(raw: &str) -> Mail {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")).map(str::to_owned))
            .unwrap_or_default()
    };
    let quoted = head
        .to_ascii_lowercase()
        .contains("content-transfer-encoding: quoted-printable");
    let body = if quoted {
        decode_quoted_printable(body)
    } else {
        body.to_owned()
    };
    Mail {
        to: header("To"),
        subject: header("Subject"),
        body,
    }
}

fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && let Some(b) = joined
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A database the end-to-end tests run the binary on.
#[derive(Debug, Clone)]
pub enum Backend {
    /// A fresh SQLite file in the process's data folder.
    Sqlite,
    /// A fresh database made on the PostgreSQL server of this admin URL.
    Postgres(String),
}

impl Backend {
    /// SQLite always; PostgreSQL too when `PORTAL_TEST_DATABASE_URL` is set.
    pub fn all() -> Vec<Self> {
        let mut all = vec![Self::Sqlite];
        match std::env::var("PORTAL_TEST_DATABASE_URL") {
            Ok(url) => all.push(Self::Postgres(url)),
            Err(_) => println!("PORTAL_TEST_DATABASE_URL is not set: SQLite only"),
        }
        all
    }
}

/// Creates an empty database on the server of `admin_url`; returns its URL and name.
async fn fresh_postgres_database(admin_url: &str) -> (String, String) {
    use sea_orm::ConnectionTrait;
    let name = format!("portal_e2e_{}", uuid::Uuid::new_v4().simple());
    let admin = sea_orm::Database::connect(admin_url).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    admin.close().await.unwrap();
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (admin_url, String::new()),
    };
    let authority = base.find("://").map_or(0, |i| i + 3);
    let server = base[authority..]
        .find('/')
        .map_or(base, |slash| &base[..authority + slash]);
    (format!("{server}/{name}{query}"), name)
}

/// A valid enrolment body for `email`.
/// The password of every account [`enrolment`] makes.
pub const ENROLMENT_PASSWORD: &str = "Maple#Tundra42x";

pub fn enrolment(email: &str) -> Value {
    json!({
        "email": email,
        "password": ENROLMENT_PASSWORD,
        "given_name": "Hélène",
        "surname": "Tremblay",
        "governing_body": "cicc",
        "membership_id": "R512345",
        "telephone_type": "cellular",
        "telephone_country": "canada-us",
        "telephone_number": "5143334545",
        "fax_number": "(514) 333-4546",
        "language": "en",
        "email_updates": "yes"
    })
}
