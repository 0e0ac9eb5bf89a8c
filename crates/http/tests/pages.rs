//! In-process tests of the pages and of the language of the API's messages, with poem's
//! test client and no process started. The ports are mocks without expectations, so these
//! requests never reach a use case.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use poem::http::StatusCode;
use poem::test::{TestClient, TestResponse};
use portal_http::HttpSettings;
use serde_json::Value;
use support::{app, app_with};

/// The text of a response's body.
async fn body(response: TestResponse) -> String {
    response.0.into_body().into_string().await.unwrap()
}

/// A response's body read as JSON.
async fn json_body(response: TestResponse) -> Value {
    serde_json::from_str(&body(response).await).unwrap()
}

/// The (first) value of the response's header `name`; the test fails when there is none.
fn header(response: &TestResponse, name: &str) -> String {
    response
        .0
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
        .to_owned()
}

/// Every cookie the response sets, as its `Set-Cookie` headers say them.
fn set_cookies(response: &TestResponse) -> Vec<String> {
    response
        .0
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .collect()
}

/// The value of `name="csrf_token"` in a page.
fn form_token(html: &str) -> String {
    let start = html.find("name=\"csrf_token\" value=\"").unwrap() + 25;
    let end = start + html[start..].find('"').unwrap();
    html[start..end]
        .replace("&#43;", "+")
        .replace("&#47;", "/")
        .replace("&#61;", "=")
}

#[tokio::test]
async fn the_front_door_is_the_sign_in_page_in_the_browsers_language() {
    let cli = TestClient::new(app());
    let english = cli.get("/").send().await;
    english.assert_status_is_ok();
    english.assert_header("content-type", "text/html; charset=utf-8");
    let csp = header(&english, "content-security-policy");
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    let html = body(english).await;
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<h1>Sign in to the Representative Portal</h1>"));

    let french = cli
        .get("/")
        .header("accept-language", "fr-CA,fr;q=0.9,en;q=0.5")
        .send()
        .await;
    let html = body(french).await;
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("Se connecter au Portail des représentants"));
}

#[tokio::test]
async fn the_toggle_outweighs_the_browser_and_returns_to_the_same_page() {
    let cli = TestClient::new(app());
    let toggled = cli
        .get("/language")
        .query("to", &"fr")
        .query("back", &"/help")
        .send()
        .await;
    toggled.assert_status(StatusCode::SEE_OTHER);
    toggled.assert_header("location", "/help");
    let cookies = set_cookies(&toggled);
    assert!(
        cookies.iter().any(|c| c.starts_with("portal-lang=fr")),
        "{cookies:?}"
    );
    let help = cli
        .get("/help")
        .header("cookie", "portal-lang=fr")
        .header("accept-language", "en")
        .send()
        .await;
    let html = body(help).await;
    assert!(html.contains("<html lang=\"fr\">") && html.contains("<h1>Aide</h1>"));

    let elsewhere = cli
        .get("/language")
        .query("to", &"en")
        .query("back", &"//evil.example")
        .send()
        .await;
    elsewhere.assert_header("location", "/");
}

#[tokio::test]
async fn an_unknown_page_is_an_html_404_and_an_unknown_api_path_stays_json() {
    let cli = TestClient::new(app());
    let page = cli
        .get("/nulle-part")
        .header("accept-language", "fr")
        .send()
        .await;
    page.assert_status(StatusCode::NOT_FOUND);
    let html = body(page).await;
    assert!(html.contains("<h1>Page introuvable</h1>"), "{html}");
    let api = cli.get("/api/v1/nowhere").send().await;
    api.assert_status(StatusCode::NOT_FOUND);
    api.assert_header("content-type", "application/json; charset=utf-8");
}

#[tokio::test]
async fn a_form_without_its_token_is_refused_and_nothing_is_done() {
    let cli = TestClient::new(app());
    let refused = cli
        .post("/sign-in")
        .form(&[("email", "a@example.com"), ("password", "Whatever#1234")])
        .send()
        .await;
    refused.assert_status(StatusCode::FORBIDDEN);
    let html = body(refused).await;
    assert!(html.contains("The form expired"));
}

#[tokio::test]
async fn an_empty_sign_in_lists_both_fields_in_the_pages_language() {
    let cli = TestClient::new(app());
    let page = cli.get("/").header("accept-language", "fr").send().await;
    let cookie = header(&page, "set-cookie");
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let html = body(page).await;
    let token = form_token(&html);
    let answer = cli
        .post("/sign-in")
        .header("cookie", &cookie)
        .header("accept-language", "fr")
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", ""),
            ("password", ""),
        ])
        .send()
        .await;
    answer.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let html = body(answer).await;
    assert!(html.contains("<title>Erreur : "), "{html}");
    assert!(html.contains("parce que 2 erreurs ont été trouvées"));
    assert!(html.contains("<a href=\"#email\">Entrez votre adresse courriel.</a>"));
    assert!(html.contains("aria-invalid=\"true\""));
}

#[tokio::test]
async fn the_apis_messages_follow_accept_language_when_signed_out() {
    let cli = TestClient::new(app());
    let answer = cli
        .post("/api/v1/sessions")
        .header("accept-language", "fr")
        .body_json(&serde_json::json!({"email": "", "password": ""}))
        .send()
        .await;
    answer.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = json_body(answer).await;
    assert_eq!(body["code"], "validation_failed");
    assert!(
        body["message"].as_str().unwrap().contains("2 erreurs"),
        "{body}"
    );
    assert_eq!(
        body["fields"][0]["message"],
        "Entrez votre adresse courriel."
    );

    let english = cli
        .post("/api/v1/sessions")
        .body_json(&serde_json::json!({"email": "", "password": ""}))
        .send()
        .await;
    let body: Value = json_body(english).await;
    assert_eq!(body["fields"][0]["message"], "Enter your email address.");

    // What the framework refuses before any handler runs is worded the same way.
    let malformed = cli
        .post("/api/v1/sessions")
        .header("accept-language", "fr-CA,fr;q=0.9")
        .content_type("application/json")
        .body("{\"email\": ")
        .send()
        .await;
    malformed.assert_status(StatusCode::BAD_REQUEST);
    let body: Value = json_body(malformed).await;
    assert_eq!(body["code"], "malformed_json");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Le corps de la requête se termine avant la fin du JSON"),
        "{body}"
    );
}

#[tokio::test]
async fn every_page_open_without_a_session_answers_in_both_languages() {
    let cli = TestClient::new(app());
    for path in [
        "/",
        "/enrol",
        "/forgot-password",
        "/reset-password",
        "/help",
        "/session-expired",
    ] {
        for (language, lang) in [("en", "<html lang=\"en\">"), ("fr", "<html lang=\"fr\">")] {
            let page = cli
                .get(path)
                .header("accept-language", language)
                .send()
                .await;
            page.assert_status_is_ok();
            let html = body(page).await;
            assert!(html.contains(lang), "{path} in {language}");
            assert_eq!(html.matches("<h1>").count(), 1, "{path}: one h1");
            assert!(!html.contains("Unknown localization key"), "{path}");
        }
    }
}

#[tokio::test]
async fn over_https_the_cookies_are_secure_and_host_only() {
    let cli = TestClient::new(app_with(HttpSettings {
        secure_cookies: true,
        ..HttpSettings::default()
    }));
    let page = cli.get("/").send().await;
    let cookie = header(&page, "set-cookie");
    assert!(cookie.starts_with("__Host-portal-csrf="), "{cookie}");
    for flag in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    let plain = TestClient::new(app()).get("/").send().await;
    let cookie = header(&plain, "set-cookie");
    assert!(
        cookie.starts_with("portal-csrf=") && !cookie.contains("Secure"),
        "{cookie}"
    );
}

#[tokio::test]
async fn pages_forbid_inline_script_framing_and_sniffing() {
    let cli = TestClient::new(app());
    let page = cli.get("/help").send().await;
    let csp = header(&page, "content-security-policy");
    assert!(
        !csp.contains("unsafe-inline") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    // The idle warning's "Stay signed in" renews the session with a request of its own.
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert_eq!(header(&page, "x-content-type-options"), "nosniff");
    assert_eq!(header(&page, "referrer-policy"), "no-referrer");
    assert_eq!(header(&page, "cache-control"), "no-cache");
    let html = body(page).await;
    assert!(
        !html.contains("<script>") && !html.contains("style=\""),
        "no inline script or style"
    );
}

#[tokio::test]
async fn a_form_larger_than_the_upload_cap_is_refused_before_it_is_read() {
    let cli = TestClient::new(app());
    let answer = cli
        .post("/applications/00000000-0000-0000-0000-000000000000/documents")
        .header("content-length", "999999999")
        .header("accept-language", "fr")
        .content_type("multipart/form-data; boundary=x")
        .body("")
        .send()
        .await;
    answer.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    let html = body(answer).await;
    assert!(
        html.contains("<html lang=\"fr\">") && html.contains("trop volumineux"),
        "{html}"
    );
}
