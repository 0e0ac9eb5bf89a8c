//! End-to-end: the OpenAPI document at `/api/openapi.json` says exactly what the API does.
//! schemathesis drives every operation of a fresh `portal` (examples, coverage, fuzzing and
//! the stateful phase that follows the links between operations) as an approved
//! representative and as an officer, and fails on any server error, undocumented status,
//! response that breaks its schema, or invalid request that is accepted.
//!
//! Without the `schemathesis` command the test prints why and passes, unless
//! `PORTAL_REQUIRE_SCHEMATHESIS=1` (set by `.ci/run`) makes it required.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use std::time::Instant;

use portal_e2e::Portal;
use serde_json::json;

/// Test cases per operation and phase: enough to reach every status an operation documents,
/// few enough that the three runs finish in a couple of minutes on two cores.
const MAX_EXAMPLES: &str = "25";

/// A fixed seed, so that a failure found once is found again.
const SEED: &str = "20261130";

/// Operations that end the session or the account they are called with; they run last,
/// with a session of their own, so that they cannot sign the other runs out.
const SESSION_ENDING: [&str; 3] = ["sign_out", "change_password", "request_closure"];

fn schemathesis_version() -> Option<String> {
    let output = Command::new("schemathesis")
        .arg("--version")
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Runs schemathesis once against `portal` with `token`, on the operations that `filter`
/// selects, with the path parameters in `resources` pinned to things that exist so that the
/// operations reach their logic rather than "not found"; panics with its whole report
/// unless it passes.
fn run(portal: &Portal, who: &str, token: &str, resources: &[(&str, &str)], filter: &[String]) {
    let settings =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schemathesis.toml")).unwrap();
    let pinned: String = resources
        .iter()
        .map(|(name, value)| format!("\"path.{name}\" = \"{value}\"\n"))
        .collect();
    let config = portal.dir.path().join("schemathesis.toml");
    std::fs::write(&config, format!("{settings}\n[parameters]\n{pinned}")).unwrap();
    let config = config.to_str().unwrap();
    let started = Instant::now();
    let mut command = Command::new("schemathesis");
    command
        .current_dir(portal.dir.path())
        .args(["--config-file", config, "--no-color", "run"])
        .arg(portal.at("/api/openapi.json"))
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--checks", "all"])
        .args(["--max-examples", MAX_EXAMPLES])
        .args(["--seed", SEED])
        .args(["--workers", "1"])
        .args(["--request-timeout", "20"])
        .args(["--generation-database", "none"])
        .args(filter);
    let output = command.output().expect("schemathesis runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!(
        "schemathesis as {who}: {} in {:.0?}\n{report}",
        output.status,
        started.elapsed()
    );
    assert!(
        output.status.success(),
        "schemathesis found the API and its document at odds, signed in as {who}:\n{report}"
    );
}

#[tokio::test]
async fn every_operation_answers_as_the_document_says() {
    let Some(version) = schemathesis_version() else {
        assert!(
            std::env::var("PORTAL_REQUIRE_SCHEMATHESIS").as_deref() != Ok("1"),
            "PORTAL_REQUIRE_SCHEMATHESIS=1 but the schemathesis command is not installed \
             (python3 -m pip install schemathesis)"
        );
        eprintln!(
            "skipped: the schemathesis command is not installed (python3 -m pip install schemathesis)"
        );
        return;
    };
    eprintln!("{version}");
    // The per-address limit of credential operations would answer most generated sign-ins
    // with 429 and keep them from the checks they are here for.
    let portal = Portal::start_with(&[("PORTAL_AUTH_RATE_LIMIT", "1000000")]);
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let email = "rep@cicc.example.com";
    portal.enrol_and_approve(&officer, email).await;
    let mut sessions = Vec::new();
    for _ in 0..2 {
        sessions.push(portal.representative_token(email).await);
    }

    let (application, document) = draft_with_a_document(&portal, &sessions[0]).await;
    let account = portal
        .call("GET", "/api/v1/account", Some(&sessions[0]), None)
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let applications = [
        ("id", application.as_str()),
        ("document_id", document.as_str()),
        ("section", "identity"),
        ("application_type", "visitor_visa"),
    ];

    let option = |flag: &str| {
        SESSION_ENDING
            .iter()
            .flat_map(|id| [flag.to_owned(), (*id).to_owned()])
            .collect::<Vec<_>>()
    };
    let others = option("--exclude-operation-id");
    run(
        &portal,
        "a representative",
        &sessions[0],
        &applications,
        &others,
    );
    run(
        &portal,
        "an officer",
        &officer,
        &[("id", &account)],
        &others,
    );
    run(
        &portal,
        "a representative, ending the session",
        &sessions[1],
        &[],
        &option("--include-operation-id"),
    );
}

/// A visitor visa draft with a photo: its id and the document's.
async fn draft_with_a_document(portal: &Portal, token: &str) -> (String, String) {
    let started = portal
        .call(
            "POST",
            "/api/v1/applications",
            Some(token),
            Some(
                json!({"application_type": "visitor_visa", "acknowledged": true,
                "principal": {"given_name": "Amal", "family_name": "Haddad"}}),
            ),
        )
        .await;
    assert_eq!(started.status, 201, "{:?}", started.body);
    let id = started.body["applications"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    let form = reqwest::multipart::Form::new().text("item", "photo").part(
        "file",
        reqwest::multipart::Part::bytes(PNG.to_vec()).file_name("photo.png"),
    );
    let uploaded: serde_json::Value = portal
        .http
        .post(portal.at(&format!("/api/v1/applications/{id}/documents")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let document = uploaded["id"]
        .as_str()
        .expect("the photo is stored")
        .to_owned();
    (id, document)
}
