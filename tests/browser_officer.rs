//! The officers' console in a real headless Chromium: the enrolment queue, a submitted
//! application's processing, the enquiry queue with a resolution, and the audit trail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "browser_support.rs"]
mod browser_support;

use browser_support::{Journey, OFFICER, OFFICER_PASSWORD, REPRESENTATIVE};
use portal_e2e::drafts::{complete, individual, start};
use portal_e2e::enrolment;

#[tokio::test]
async fn an_officer_approves_an_enrolment_processes_an_application_and_resolves_an_enquiry() {
    let Some(Journey { b, portal, .. }) = Journey::start().await else {
        return;
    };
    let enrolled = portal
        .call(
            "POST",
            "/api/v1/enrolments",
            None,
            Some(enrolment(REPRESENTATIVE)),
        )
        .await;
    assert_eq!(enrolled.status, 202);

    // The officer signs in and lands on the enrolment queue.
    b.sign_in(&portal, OFFICER, OFFICER_PASSWORD).await;
    assert_eq!(b.path().await, "/officer");
    assert_eq!(b.text("h1").await, "Enrolment requests and accounts");
    assert!(b.text("#main").await.contains("Hélène Tremblay"));
    b.assert_accessible().await;
    b.screenshot("officer-enrolments-en").await;
    // A rejection needs a reason; then the approval goes through.
    b.go("form:has(input[value=reject]) button[type=submit]")
        .await;
    assert!(
        b.text("#error-summary").await.contains("reason"),
        "{}",
        b.text("#error-summary").await
    );
    b.go("form:has(input[value=approve]) button[type=submit]")
        .await;
    assert!(
        b.text(".notice")
            .await
            .contains("The representative was told")
    );
    assert!(
        b.text("#main")
            .await
            .contains("No account has this status.")
    );

    // The representative submits a study permit application through the API.
    let rep = portal.representative_token(REPRESENTATIVE).await;
    let started = start(
        &portal,
        &rep,
        individual("study_permit", "Alice", "Incredible"),
    )
    .await;
    let id = started.body["applications"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    complete(&portal, &rep, &id, "study_permit", false).await;
    let submitted = portal
        .call(
            "POST",
            &format!("/api/v1/applications/{id}/submit"),
            Some(&rep),
            None,
        )
        .await;
    let number = submitted.body[0]["application_number"]
        .as_str()
        .unwrap()
        .to_owned();

    // Found by its number, then processed step by step.
    b.go("nav.account-nav a[href='/officer/applications']")
        .await;
    b.assert_accessible().await;
    b.fill("number", &number).await;
    b.go("form[action='/officer/applications'] button[type=submit]")
        .await;
    b.go(&format!("a[href='/officer/applications/{id}']")).await;
    assert!(b.text("h1").await.contains(&number));
    b.assert_accessible().await;
    b.screenshot("officer-case-en").await;
    let today = time::OffsetDateTime::now_utc().date();
    b.fill("date_received", &today.to_string()).await;
    b.fill("uci", "12345").await;
    b.go("form:has(input[value=receive]) button[type=submit]")
        .await;
    assert!(
        b.text("#error-summary").await.contains("UCI"),
        "{}",
        b.text("#error-summary").await
    );
    b.assert_accessible().await;
    b.fill("date_received", &today.to_string()).await;
    b.fill("uci", "1234-5678").await;
    b.go("form:has(input[value=receive]) button[type=submit]")
        .await;
    assert!(
        b.text(".status-line").await.contains("Received"),
        "{}",
        b.text("#main").await
    );
    b.fill("description", "Proof of funds for the first year.")
        .await;
    b.fill("due_date", &(today + time::Duration::days(20)).to_string())
        .await;
    b.go("form:has(input[value=request]) button[type=submit]")
        .await;
    assert!(b.text("#request-h + ul").await.contains("Proof of funds"));
    // The representative's table now says "Action required".
    let row = portal
        .call(
            "GET",
            &format!("/api/v1/applications?application_number={number}"),
            Some(&rep),
            None,
        )
        .await;
    assert_eq!(row.body["items"][0]["actions"][0], "action_required");
    // A decision before a document would be issued; issuing first is refused.
    b.fill("document_type", "Study permit").await;
    b.fill("document_number", "F123456789").await;
    b.fill("date_issued", &today.to_string()).await;
    b.go("form:has(input[value=issue]) button[type=submit]")
        .await;
    assert!(b.title().await.starts_with("Error: "));
    b.click("#outcome-approved").await;
    b.go("form:has(input[value=decide]) button[type=submit]")
        .await;
    b.fill("document_type", "Study permit").await;
    b.fill("document_number", "F123456789").await;
    b.fill("date_issued", &today.to_string()).await;
    b.go("form:has(input[value=issue]) button[type=submit]")
        .await;
    assert!(b.text("#issue-h + ul").await.contains("F123456789"));
    b.go("form:has(input[value=close]) button[type=submit]")
        .await;
    assert!(
        b.text(".status-line").await.contains("Closed"),
        "{}",
        b.text(".status-line").await
    );
    b.assert_accessible().await;

    // An enquiry asking for a name change, resolved by applying it.
    let form = reqwest::multipart::Form::new()
        .text("enquiry_type", "technical_difficulties")
        .text("family_name", "Tremblay")
        .text("given_name", "Hélène")
        .text("date_of_birth", "1980-01-02")
        .text(
            "ircc_id",
            portal
                .call("GET", "/api/v1/account", Some(&rep), None)
                .await
                .body["ircc_id"]
                .as_str()
                .unwrap()
                .to_owned(),
        )
        .text("request", "My surname is now Tremblay-Roy.");
    let sent = portal
        .http
        .post(portal.at("/api/v1/account/enquiries"))
        .bearer_auth(&rep)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 201);
    b.go("nav.account-nav a[href='/officer/enquiries']").await;
    b.assert_accessible().await;
    b.go("#queue-caption ~ tbody a").await;
    assert!(b.text(".message-body").await.contains("Tremblay-Roy"));
    b.assert_accessible().await;
    b.click("#resolution-change_name").await;
    b.fill("given_name", "Hélène").await;
    b.fill("surname", "Tremblay-Roy").await;
    b.fill("resolve_reply", "Your surname was changed.").await;
    b.go("form:has(input[value=resolve]) button[type=submit]")
        .await;
    assert!(b.text("#main").await.contains("Resolved"));
    let profile = portal
        .call("GET", "/api/v1/account", Some(&rep), None)
        .await;
    assert_eq!(profile.body["surname"], "Tremblay-Roy");

    // The audit trail of the application lists its steps, from this browser's address.
    b.open(&portal.at(&format!("/officer/audit?application_id={id}")))
        .await;
    let events = b.texts("#audit-caption ~ tbody td:nth-child(2)").await;
    for expected in [
        "application_submitted",
        "application_received",
        "application_closed",
    ] {
        assert!(
            events.iter().any(|e| e == expected),
            "{expected}: {events:?}"
        );
    }
    assert!(b.text("#audit-caption ~ tbody").await.contains("127.0.0.1"));
    b.assert_accessible().await;
    b.close().await;
}
