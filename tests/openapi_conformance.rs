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
const MAX_EXAMPLES: &str = "10";

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
/// selects; panics with its whole report unless it passes.
fn run(portal: &Portal, who: &str, token: &str, filter: &[String]) {
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/schemathesis.toml");
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
        let session = portal
            .call(
                "POST",
                "/api/v1/sessions",
                None,
                Some(json!({"email": email, "password": "Maple#Tundra42x"})),
            )
            .await;
        assert_eq!(session.status, 201, "{:?}", session.body);
        sessions.push(session.body["token"].as_str().unwrap().to_owned());
    }

    let option = |flag: &str| {
        SESSION_ENDING
            .iter()
            .flat_map(|id| [flag.to_owned(), (*id).to_owned()])
            .collect::<Vec<_>>()
    };
    let others = option("--exclude-operation-id");
    run(&portal, "a representative", &sessions[0], &others);
    run(&portal, "an officer", &officer, &others);
    run(
        &portal,
        "a representative, ending the session",
        &sessions[1],
        &option("--include-operation-id"),
    );
}
