//! End-to-end: officer routes refuse representatives and representative routes refuse
//! officers, route by route, before looking anything up.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use portal_e2e::Portal;
use serde_json::json;

/// An id that names nothing: a role check must refuse before any lookup.
const SOME_ID: &str = "0190f3a4-5b6c-7d8e-9f00-112233445566";

#[tokio::test]
async fn each_role_is_refused_the_other_roles_routes() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let email = "helene.tremblay@cicc.example.com";
    portal.enrol_and_approve(&officer, email).await;
    let representative = portal.representative_token(email).await;

    let officer_routes = [
        ("GET", "/api/v1/officer/accounts".to_owned()),
        ("GET", "/api/v1/officer/accounts?status=pending".to_owned()),
        (
            "POST",
            format!("/api/v1/officer/accounts/{SOME_ID}/approve"),
        ),
        ("POST", format!("/api/v1/officer/accounts/{SOME_ID}/reject")),
        ("POST", format!("/api/v1/officer/accounts/{SOME_ID}/close")),
    ];
    for (method, path) in &officer_routes {
        let body = (*method == "POST").then(|| json!({"reason": "Not a member in good standing."}));
        let reply = portal.call(method, path, Some(&representative), body).await;
        assert_eq!(reply.status, 403, "{method} {path}: {:?}", reply.body);
        assert_eq!(reply.body["code"], "forbidden", "{method} {path}");
    }

    // The department's casework, enquiries, audit trail and account administration, each
    // with a body its schema accepts, so that only the role refuses it.
    let case = format!("/api/v1/officer/applications/{SOME_ID}");
    let enquiry = format!("/api/v1/officer/enquiries/{SOME_ID}");
    let account = format!("/api/v1/officer/accounts/{SOME_ID}");
    let casework_routes = [
        ("GET", "/api/v1/officer/applications".to_owned(), None),
        ("GET", case.clone(), None),
        (
            "POST",
            format!("{case}/receive"),
            Some(json!({"date_received": "2026-01-05", "uci": "1234-5678"})),
        ),
        (
            "POST",
            format!("{case}/biometrics"),
            Some(
                json!({"number": "BIO123456", "enrolment_date": "2026-01-05", "expiry_date": "2036-01-05"}),
            ),
        ),
        (
            "PUT",
            format!("{case}/steps/medical"),
            Some(json!({"state": "completed"})),
        ),
        (
            "PUT",
            format!("{case}/documents/{SOME_ID}/status"),
            Some(json!({"status": "reviewed"})),
        ),
        (
            "POST",
            format!("{case}/document-requests"),
            Some(json!({"description": "Bank statements.", "due_date": "2099-01-01"})),
        ),
        (
            "POST",
            format!("{case}/decision"),
            Some(json!({"outcome": "approved"})),
        ),
        (
            "POST",
            format!("{case}/issued-documents"),
            Some(json!({"document_type": "Visa", "number": "A1", "date_issued": "2026-01-05"})),
        ),
        ("POST", format!("{case}/close"), None),
        ("GET", "/api/v1/officer/audit".to_owned(), None),
        ("GET", "/api/v1/officer/enquiries".to_owned(), None),
        ("GET", enquiry.clone(), None),
        (
            "POST",
            format!("{enquiry}/replies"),
            Some(json!({"reply": "Done."})),
        ),
        (
            "POST",
            format!("{enquiry}/resolution"),
            Some(json!({"resolution": "answered", "reply": "Done."})),
        ),
        (
            "POST",
            format!("{account}/document-request"),
            Some(json!({"request": "A copy of your membership card."})),
        ),
        (
            "PUT",
            format!("{account}/standing"),
            Some(json!({"standing": "suspended"})),
        ),
    ];
    for (method, path, body) in casework_routes {
        let reply = portal
            .call(method, &path, Some(&representative), body)
            .await;
        assert_eq!(reply.status, 403, "{method} {path}: {:?}", reply.body);
        assert_eq!(reply.body["code"], "forbidden", "{method} {path}");
    }

    let representative_routes = [
        ("GET", "/api/v1/applications".to_owned(), None),
        (
            "POST",
            "/api/v1/applications".to_owned(),
            Some(json!({
                "application_type": "study_permit",
                "principal": {"given_name": "Ana", "family_name": "Silva"}
            })),
        ),
        ("GET", format!("/api/v1/applications/{SOME_ID}"), None),
        (
            "GET",
            "/api/v1/applications/by-number/S100000001".to_owned(),
            None,
        ),
        (
            "PUT",
            format!("/api/v1/applications/{SOME_ID}/sections/identity"),
            Some(json!({"answers": {}})),
        ),
        ("DELETE", format!("/api/v1/applications/{SOME_ID}"), None),
        (
            "POST",
            format!("/api/v1/applications/{SOME_ID}/submit"),
            None,
        ),
        (
            "GET",
            format!("/api/v1/applications/{SOME_ID}/documents"),
            None,
        ),
        (
            "GET",
            format!("/api/v1/applications/{SOME_ID}/documents/{SOME_ID}"),
            None,
        ),
        (
            "GET",
            format!("/api/v1/applications/{SOME_ID}/status"),
            None,
        ),
        (
            "GET",
            format!("/api/v1/applications/{SOME_ID}/messages/{SOME_ID}"),
            None,
        ),
    ];
    for (method, path, body) in representative_routes {
        let reply = portal.call(method, &path, Some(&officer), body).await;
        assert_eq!(reply.status, 403, "{method} {path}: {:?}", reply.body);
        assert_eq!(reply.body["code"], "forbidden", "{method} {path}");
    }

    // Both roles keep what is theirs: the profile, the account messages, their enquiries and
    // their own audit entries.
    for token in [&officer, &representative] {
        for path in [
            "/api/v1/account",
            "/api/v1/account/messages",
            "/api/v1/account/enquiries",
            "/api/v1/account/audit",
        ] {
            let reply = portal.call("GET", path, Some(token), None).await;
            assert_eq!(reply.status, 200, "{path}: {:?}", reply.body);
        }
    }
}
