//! End-to-end: the account messages (F19) through the JSON API of the real `portal` binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use portal_e2e::Portal;
use serde_json::Value;

fn subjects(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn the_enrolment_messages_are_listed_searched_and_marked_read_when_opened() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let email = "helene.tremblay@cicc.example.com";
    portal.enrol_and_approve(&officer, email).await;
    let token = portal.representative_token(email).await;

    // The inbox, newest first, with the guide's pager text.
    let inbox = portal
        .call("GET", "/api/v1/account/messages", Some(&token), None)
        .await;
    assert_eq!(inbox.status, 200, "{:?}", inbox.body);
    assert_eq!(
        subjects(&inbox.body),
        ["Enrolment request approved", "Enrolment request submitted"]
    );
    assert_eq!(inbox.body["range"], "1 to 2 of 2");
    assert_eq!(inbox.body["per_page"], 5);
    assert!(inbox.body["items"][0]["date_read"].is_null());

    // Searched by subject, whatever the case; oldest first on request.
    let searched = portal
        .call(
            "GET",
            "/api/v1/account/messages?subject=APPROVED",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(subjects(&searched.body), ["Enrolment request approved"]);
    let oldest = portal
        .call(
            "GET",
            "/api/v1/account/messages?order=asc",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(
        subjects(&oldest.body),
        ["Enrolment request submitted", "Enrolment request approved"]
    );

    // Opening a message shows its text and marks it read.
    let id = inbox.body["items"][0]["id"].as_str().unwrap();
    let opened = portal
        .call(
            "GET",
            &format!("/api/v1/account/messages/{id}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(opened.status, 200, "{:?}", opened.body);
    assert_eq!(opened.body["subject"], "Enrolment request approved");
    assert!(!opened.body["body"].as_str().unwrap().is_empty());
    let after = portal
        .call("GET", "/api/v1/account/messages", Some(&token), None)
        .await;
    assert_eq!(
        after.body["items"][0]["date_read"],
        opened.body["date_read"]
    );
    assert!(after.body["items"][1]["date_read"].is_null());

    // Another account's message does not exist for this one; nor does a made-up id.
    let officer_inbox = portal
        .call("GET", "/api/v1/account/messages", Some(&officer), None)
        .await;
    assert_eq!(officer_inbox.status, 200);
    assert_eq!(officer_inbox.body["total"], 0);
    let theirs = portal
        .call(
            "GET",
            &format!("/api/v1/account/messages/{id}"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(theirs.status, 404, "{:?}", theirs.body);
    let made_up = portal
        .call(
            "GET",
            "/api/v1/account/messages/not-an-id",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(made_up.status, 404);

    // Bad paging is refused with the field named; no token, no inbox.
    let bad = portal
        .call(
            "GET",
            "/api/v1/account/messages?per_page=7&page=0",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(bad.status, 422, "{:?}", bad.body);
    let anonymous = portal
        .call("GET", "/api/v1/account/messages", None, None)
        .await;
    assert_eq!(anonymous.status, 401);
}
