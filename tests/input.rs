//! End-to-end: text with control characters or direction overrides is refused with a field
//! error on every route that takes free text, on SQLite and on PostgreSQL alike (where a
//! NUL used to reach the database and answer 500).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use portal_e2e::{Portal, Reply, enrolment};
use serde_json::json;

/// NUL, ESC, a C1 control (NEL) and the right-to-left override.
const POISON: [char; 4] = ['\u{0}', '\u{1B}', '\u{85}', '\u{202E}'];

fn refused(reply: &Reply, field: &str, what: &str) {
    assert_eq!(reply.status, 422, "{what}: {:?}", reply.body);
    assert!(
        reply
            .field_codes()
            .iter()
            .any(|f| f.starts_with(&format!("{field}:"))),
        "{what}: {:?}",
        reply.body
    );
}

#[tokio::test]
async fn control_and_direction_characters_are_refused_with_the_field_named_on_every_database() {
    for portal in Portal::on_every_database().await {
        let db = &portal.database_url[..portal.database_url.find(':').unwrap()];
        let officer = portal.officer_token("officer@ircc.example.ca").await;
        portal
            .enrol_and_approve(&officer, "rep@cicc.example.com")
            .await;
        let token = portal.representative_token("rep@cicc.example.com").await;
        let started = portal
            .call(
                "POST",
                "/api/v1/applications",
                Some(&token),
                Some(
                    json!({"application_type": "visitor_visa", "acknowledged": true,
                    "principal": {"given_name": "Hélène", "family_name": "Tremblay"}}),
                ),
            )
            .await;
        assert_eq!(started.status, 201, "{:?}", started.body);
        let application = started.body["applications"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut pending = enrolment("pending@cicc.example.com");
        let enrolled = portal
            .call("POST", "/api/v1/enrolments", None, Some(pending.clone()))
            .await;
        assert_eq!(enrolled.status, 202, "{:?}", enrolled.body);
        let listed = portal
            .call(
                "GET",
                "/api/v1/officer/accounts?status=pending",
                Some(&officer),
                None,
            )
            .await;
        let pending_id = listed.body[0]["id"].as_str().unwrap().to_owned();

        for c in POISON {
            let what = format!("{db}, U+{:04X}", u32::from(c));

            let search = portal
                .http
                .get(portal.at("/api/v1/applications"))
                .query(&[("applicant_name", format!("Hél{c}ène"))])
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            let status = search.status().as_u16();
            let body = search.json().await.unwrap();
            let search = Reply {
                status,
                headers: Default::default(),
                body,
            };
            refused(&search, "applicant_name", &format!("search, {what}"));

            let reject = portal
                .call(
                    "POST",
                    &format!("/api/v1/officer/accounts/{pending_id}/reject"),
                    Some(&officer),
                    Some(json!({"reason": format!("Membership ID{c} not found")})),
                )
                .await;
            refused(&reject, "reason", &format!("rejection reason, {what}"));

            let answer = portal
                .call(
                    "PUT",
                    &format!("/api/v1/applications/{application}/sections/contact"),
                    Some(&token),
                    Some(json!({"answers": {"city": format!("Laval{c}")}})),
                )
                .await;
            refused(&answer, "answers.city", &format!("one-line answer, {what}"));

            pending["email"] = json!(format!("new{}@cicc.example.com", u32::from(c)));
            pending["given_name"] = json!(format!("Hél{c}ène"));
            let enrol = portal
                .call("POST", "/api/v1/enrolments", None, Some(pending.clone()))
                .await;
            refused(&enrol, "given_name", &format!("enrolment name, {what}"));
        }

        // Nothing poisoned was stored: the pending enrolment is still pending, and the
        // refused enrolments created no account.
        let listed = portal
            .call(
                "GET",
                "/api/v1/officer/accounts?status=pending",
                Some(&officer),
                None,
            )
            .await;
        assert_eq!(listed.body.as_array().unwrap().len(), 1, "{db}");
    }
}
