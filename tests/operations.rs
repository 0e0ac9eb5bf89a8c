//! End-to-end: what an operator relies on: health, readiness, metrics, the API document,
//! and safe error answers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use portal_e2e::Portal;

#[tokio::test]
async fn health_readiness_metrics_and_the_api_document_are_served() {
    let portal = Portal::start();
    let health = portal.http.get(portal.at("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let ready = portal.http.get(portal.at("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);

    let spec: serde_json::Value = portal
        .http
        .get(portal.at("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/enrolments",
        "/sessions",
        "/password-resets",
        "/account",
        "/officer/accounts/{id}/approve",
    ] {
        assert!(
            spec["paths"].get(path).is_some(),
            "{path} missing from the API document"
        );
    }
    let docs = portal
        .http
        .get(portal.at("/api/docs"))
        .send()
        .await
        .unwrap();
    assert_eq!(docs.status(), 200);
    assert!(
        docs.text()
            .await
            .unwrap()
            .to_lowercase()
            .contains("swagger")
    );

    let policy = portal
        .call("GET", "/api/v1/password-policy?lang=fr", None, None)
        .await;
    assert_eq!(policy.body["max_length"], 16);
    assert!(
        policy.body["hint"]
            .as_str()
            .unwrap()
            .contains("entre 8 et 16 caractères")
    );

    let unknown = portal.call("GET", "/api/v1/nothing-here", None, None).await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.body["code"], "not_found");

    let public_metrics = portal.http.get(portal.at("/metrics")).send().await.unwrap();
    assert_eq!(
        public_metrics.status(),
        404,
        "metrics are not served on the public listener"
    );
    let metrics = portal
        .http
        .get(&portal.metrics_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("portal_http_requests_total{operation=\"password_policy\",method=\"GET\",status=\"200\"} 1"), "{metrics}");
    assert!(metrics.contains("portal_http_request_duration_seconds_bucket{operation=\"healthz\""));
}

#[tokio::test]
async fn the_server_creates_its_database_in_the_data_folder_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(portal_e2e::portal_binary())
        .current_dir(dir.path())
        .env_clear()
        .args(["migrate"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.path().join("data/portal.sqlite").exists());
}

#[tokio::test]
async fn the_per_address_limit_answers_429_with_retry_after() {
    let portal = Portal::start_with(&[("PORTAL_AUTH_RATE_LIMIT", "3")]);
    let body = serde_json::json!({"email": "a@b.example.com"});
    for _ in 0..3 {
        assert_eq!(
            portal
                .call("POST", "/api/v1/password-resets", None, Some(body.clone()))
                .await
                .status,
            202
        );
    }
    let limited = portal
        .call("POST", "/api/v1/password-resets", None, Some(body))
        .await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.body["code"], "rate_limited");
    assert!(limited.headers.contains_key("retry-after"));
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly_once_open_work_is_done() {
    let mut portal = Portal::start_with(&[("PORTAL_OUTBOX_POLL_MS", "60000")]);
    let enrolled = portal
        .call(
            "POST",
            "/api/v1/enrolments",
            None,
            Some(portal_e2e::enrolment("a@cicc.example.com")),
        )
        .await;
    assert_eq!(enrolled.status, 202);
    let status = portal.terminate();
    assert!(status.success(), "{status:?}");
    let healthz = portal.http.get(portal.at("/healthz")).send().await;
    assert!(healthz.is_err(), "the server no longer answers");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_the_api_page_allows_only_its_own_scripts() {
    let portal = Portal::start();
    let health = portal.http.get(portal.at("/healthz")).send().await.unwrap();
    let headers = health.headers();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(
        headers["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
    assert!(
        !headers.contains_key("strict-transport-security"),
        "no HSTS over plain HTTP"
    );

    let docs = portal
        .http
        .get(portal.at("/api/docs"))
        .send()
        .await
        .unwrap();
    assert_eq!(docs.status(), 200);
    let policy = docs.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("default-src 'none'"), "{policy}");
    let scripts = policy
        .split(';')
        .find_map(|d| d.trim().strip_prefix("script-src "))
        .unwrap();
    assert!(
        scripts.split(' ').all(|s| s.starts_with("'sha256-")),
        "scripts only by digest: {scripts}"
    );
    assert_eq!(
        scripts.split(' ').count(),
        2,
        "the bundle and the start-up script"
    );
}

#[tokio::test]
async fn hsts_is_sent_when_the_portal_is_public_over_https() {
    let portal = Portal::start_with(&[("PORTAL_PUBLIC_BASE_URL", "https://portal.example.ca")]);
    let health = portal.http.get(portal.at("/healthz")).send().await.unwrap();
    assert_eq!(
        health.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
}

#[tokio::test]
async fn metrics_can_be_turned_off() {
    let portal = Portal::start_with(&[("PORTAL_METRICS_LISTEN", "off")]);
    assert!(
        portal.metrics_url.is_empty(),
        "no metrics address is printed"
    );
    let health = portal.http.get(portal.at("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
}
