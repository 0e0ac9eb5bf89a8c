//! The department's side at a million applications: the officers' list of submitted
//! applications, a case file, and an officer action (a write that adds a message, recomputes
//! the application's flags and audits it).

use std::path::Path;
use std::process::Command;

use portal_domain::application::ApplicationStatus;
use portal_domain::casework::{CaseQuery, CaseworkRepository};
use portal_persistence::Database;
use serde_json::json;

use crate::measure::{Report, Stats, direct, over_http};

/// Creates an officer with the command line and returns a session token.
async fn officer_token(
    binary: &Path,
    database_url: &str,
    http: &reqwest::Client,
    url: &str,
) -> String {
    let email = format!("bench-officer-{}@ircc.example", std::process::id());
    let out = Command::new(binary)
        .env("PORTAL_DATABASE_URL", database_url)
        .args(["officer", "create", "--email", &email])
        .output()
        .unwrap();
    assert!(out.status.success(), "officer create failed");
    let one_time = String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| {
            l.strip_prefix("One-time password: ")
                .map(str::trim)
                .map(str::to_owned)
        })
        .expect("the one-time password is printed");
    portal_e2e::Client {
        http: http.clone(),
        url: url.to_owned(),
    }
    .first_officer_sign_in(&email, &one_time)
    .await
}

fn query() -> CaseQuery {
    CaseQuery {
        number: None,
        status: None,
        application_type: None,
        representative: None,
        action_required: None,
        page: 1,
        per_page: 25,
    }
}

/// Prints the officers' table of figures.
pub async fn measure(
    binary: &Path,
    database_url: &str,
    db: &Database,
    http: &reqwest::Client,
    url: &str,
    requests: usize,
    report: &Report,
) {
    let officer = officer_token(binary, database_url, http, url).await;
    let cases = db.casework();
    // The newest application not yet received: a fresh one on every run, even with
    // `--reuse`, since this run receives it.
    let not_received = CaseQuery {
        status: Some(ApplicationStatus::Submitted),
        ..query()
    };
    let (_, newest) = cases.search(&not_received).await.unwrap();
    let Some(first) = newest.first() else {
        println!("\nno submitted application was seeded: the officers' figures are skipped");
        return;
    };
    let id = first.id;
    let number = first.number.clone();
    report.header("officers' side");
    let all = direct(requests, || async { cases.search(&query()).await.unwrap() }).await;
    let (web, body) = over_http(
        http,
        url,
        "/api/v1/officer/applications",
        &officer,
        requests,
    )
    .await;
    report.row(
        "submitted applications, newest 25 + total",
        &body["total"].to_string(),
        Some(&all),
        &web,
    );
    let submitted = CaseQuery {
        status: Some(ApplicationStatus::Submitted),
        ..query()
    };
    let by_status = direct(requests, || async {
        cases.search(&submitted).await.unwrap()
    })
    .await;
    let (web, body) = over_http(
        http,
        url,
        "/api/v1/officer/applications?status=submitted",
        &officer,
        requests,
    )
    .await;
    report.row(
        "status submitted, newest 25 + total",
        &body["total"].to_string(),
        Some(&by_status),
        &web,
    );
    let by_number_query = CaseQuery {
        number: Some(number.clone()),
        ..query()
    };
    let by_number = direct(requests, || async {
        cases.search(&by_number_query).await.unwrap()
    })
    .await;
    let (web, body) = over_http(
        http,
        url,
        &format!("/api/v1/officer/applications?number={number}"),
        &officer,
        requests,
    )
    .await;
    report.row(
        "by number",
        &body["total"].to_string(),
        Some(&by_number),
        &web,
    );
    let case_file = direct(requests, || async { cases.find(id).await.unwrap() }).await;
    let (web, _) = over_http(
        http,
        url,
        &format!("/api/v1/officer/applications/{id}"),
        &officer,
        requests,
    )
    .await;
    report.row("case file", "-", Some(&case_file), &web);

    // A write: receive once, then move a step back and forth. Each action stores its
    // message, recomputes the flags, queues no mail unless the owner wants it, and audits.
    let received = http
        .post(format!("{url}/api/v1/officer/applications/{id}/receive"))
        .bearer_auth(&officer)
        .json(&json!({
            "date_received": time::OffsetDateTime::now_utc().date().to_string(),
            "uci": "1234-5678"
        }))
        .send()
        .await
        .unwrap();
    assert!(
        received.status().is_success(),
        "receive: {}",
        received.status()
    );
    let writes = requests.min(200);
    let mut timings = Vec::with_capacity(writes);
    for n in 0..writes {
        let state = if n % 2 == 0 {
            "in_progress"
        } else {
            "completed"
        };
        let started = std::time::Instant::now();
        let reply = http
            .put(format!(
                "{url}/api/v1/officer/applications/{id}/steps/eligibility"
            ))
            .bearer_auth(&officer)
            .json(&json!({ "state": state }))
            .send()
            .await
            .unwrap();
        assert!(reply.status().is_success(), "step: {}", reply.status());
        let _ = reply.bytes().await;
        timings.push(started.elapsed());
    }
    let stats = Stats { samples: timings };
    report.row(
        &format!("officer action (step update: message, flags, audit), {writes} in a row"),
        "-",
        None,
        &stats,
    );
}
