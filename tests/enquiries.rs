//! End-to-end: the web form (F7) and the enquiry queue (F24) with the real `portal` binary.
//! A representative sends enquiries and follows them; an officer replies and resolves them,
//! applying a name change, a mailing address and a closure request to the account.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use portal_e2e::drafts::PDF;
use portal_e2e::{Portal, Reply};
use serde_json::{Value, json};

/// Sends the web form with `fields` (name, value) and documents (name, bytes).
async fn send_form(
    portal: &Portal,
    token: &str,
    fields: &[(&str, &str)],
    documents: &[(&str, &[u8])],
) -> Reply {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text((*name).to_owned(), (*value).to_owned());
    }
    for (name, bytes) in documents {
        form = form.part(
            "documents",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name((*name).to_owned()),
        );
    }
    let response = portal
        .http
        .post(portal.at("/api/v1/account/enquiries"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    portal_e2e::reply_of(response).await
}

fn name_change(ircc_id: &str) -> Vec<(&'static str, String)> {
    vec![
        ("enquiry_type", "technical_difficulties".to_owned()),
        ("family_name", "Tremblay".to_owned()),
        ("given_name", "Hélène".to_owned()),
        ("date_of_birth", "1979-06-14".to_owned()),
        ("ircc_id", ircc_id.to_owned()),
        (
            "request",
            format!("Representative IRCC ID {ircc_id}: please change my surname to Gagnon."),
        ),
    ]
}

async fn inbox_subjects(portal: &Portal, token: &str) -> Vec<String> {
    let inbox = portal
        .call(
            "GET",
            "/api/v1/account/messages?per_page=25",
            Some(token),
            None,
        )
        .await;
    inbox.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap().to_owned())
        .collect()
}

async fn profile(portal: &Portal, token: &str) -> Value {
    portal
        .call("GET", "/api/v1/account", Some(token), None)
        .await
        .body
}

async fn resolve(portal: &Portal, officer: &str, id: &str, body: Value) -> Reply {
    portal
        .call(
            "POST",
            &format!("/api/v1/officer/enquiries/{id}/resolution"),
            Some(officer),
            Some(body),
        )
        .await
}

#[tokio::test]
async fn a_name_change_and_a_new_mailing_address_are_asked_answered_and_applied() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example").await;
    portal.enrol_and_approve(&officer, "rep@firm.example").await;
    let rep = portal.representative_token("rep@firm.example").await;
    let ircc_id = profile(&portal, &rep).await["ircc_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Every invalid field at once, nothing kept.
    let refused = send_form(
        &portal,
        &rep,
        &[
            ("enquiry_type", "other"),
            ("family_name", ""),
            ("given_name", "Hélène"),
            ("email", "not an email"),
            ("date_of_birth", "14/06/1979"),
            ("ircc_id", "123"),
            ("request", " "),
        ],
        &[("notes.txt", b"plain text")],
    )
    .await;
    assert_eq!(refused.status, 422, "{:?}", refused.body);
    let mut fields: Vec<String> = refused
        .field_codes()
        .into_iter()
        .map(|c| c.split(':').next().unwrap().to_owned())
        .collect();
    fields.dedup();
    assert_eq!(
        fields,
        [
            "enquiry_type",
            "family_name",
            "email",
            "date_of_birth",
            "ircc_id",
            "request",
            "documents"
        ]
    );
    let none = portal
        .call("GET", "/api/v1/account/enquiries", Some(&rep), None)
        .await;
    assert_eq!(none.body["total"], 0);

    // The name change with its supporting document: a reference number and an account
    // message with its email.
    let fields = name_change(&ircc_id);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let sent = send_form(&portal, &rep, &fields, &[("marriage certificate.pdf", PDF)]).await;
    assert_eq!(sent.status, 201, "{:?}", sent.body);
    let reference = sent.body["reference"].as_str().unwrap().to_owned();
    assert!(
        reference.starts_with('Q') && reference.len() == 10,
        "{reference}"
    );
    assert_eq!(sent.body["status"], "open");
    assert_eq!(sent.body["enquiry_type_label"], "Technical difficulties");
    assert_eq!(sent.body["documents"][0]["file_type"], "pdf");
    let id = sent.body["id"].as_str().unwrap().to_owned();
    assert!(
        inbox_subjects(&portal, &rep)
            .await
            .contains(&"Enquiry received".to_owned())
    );
    let mails = portal.mails_to("rep@firm.example", 3);
    assert!(mails.iter().any(|m| m.body.contains(&reference)));

    // The officer's queue, a reply, then the resolution that changes the name.
    let queue = portal
        .call(
            "GET",
            "/api/v1/officer/enquiries?status=open&type=technical_difficulties",
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(queue.status, 200, "{:?}", queue.body);
    assert_eq!(queue.body["total"], 1);
    assert_eq!(queue.body["items"][0]["reference"], reference.as_str());
    let replied = portal
        .call(
            "POST",
            &format!("/api/v1/officer/enquiries/{id}/replies"),
            Some(&officer),
            Some(json!({"reply": "We are checking the certificate."})),
        )
        .await;
    assert_eq!(replied.status, 200, "{:?}", replied.body);
    assert_eq!(replied.body["status"], "replied");
    assert!(
        inbox_subjects(&portal, &rep)
            .await
            .contains(&format!("Reply to your enquiry {reference}"))
    );
    let incomplete = resolve(
        &portal,
        &officer,
        &id,
        json!({"resolution": "change_name", "reply": "Done.", "given_name": "Hélène"}),
    )
    .await;
    assert_eq!(incomplete.field_codes(), ["surname:required"]);
    let resolved = resolve(
        &portal,
        &officer,
        &id,
        json!({"resolution": "change_name", "reply": "Your surname is now Gagnon.", "given_name": "Hélène", "surname": "Gagnon"}),
    )
    .await;
    assert_eq!(resolved.status, 200, "{:?}", resolved.body);
    assert_eq!(resolved.body["status"], "resolved");
    assert_eq!(profile(&portal, &rep).await["surname"], "Gagnon");
    assert!(
        inbox_subjects(&portal, &rep)
            .await
            .contains(&format!("Enquiry {reference} resolved"))
    );
    let again = resolve(
        &portal,
        &officer,
        &id,
        json!({"resolution": "answered", "reply": "Again."}),
    )
    .await;
    assert_eq!(
        (again.status, again.body["code"].as_str()),
        (409, Some("already_resolved"))
    );

    // The representative sees the enquiry with both replies.
    let own = portal
        .call(
            "GET",
            &format!("/api/v1/account/enquiries/{id}"),
            Some(&rep),
            None,
        )
        .await;
    assert_eq!(own.status, 200, "{:?}", own.body);
    assert_eq!(own.body["replies"].as_array().unwrap().len(), 2);

    // A mailing address: read-only on the profile until an officer sets it.
    assert_eq!(profile(&portal, &rep).await["mailing_address"], Value::Null);
    let mut fields = name_change(&ircc_id);
    fields[5].1 = "Please change my mailing address to 12 Main St, Ottawa ON K1A 0B1.".to_owned();
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let sent = send_form(&portal, &rep, &fields, &[]).await;
    assert_eq!(sent.status, 201, "{:?}", sent.body);
    let address = resolve(
        &portal,
        &officer,
        sent.body["id"].as_str().unwrap(),
        json!({"resolution": "change_mailing_address", "reply": "Updated.", "mailing_address": "12 Main St\nOttawa ON K1A 0B1"}),
    )
    .await;
    assert_eq!(address.status, 200, "{:?}", address.body);
    assert_eq!(
        profile(&portal, &rep).await["mailing_address"],
        "12 Main St\nOttawa ON K1A 0B1"
    );

    // Officers only; another representative does not see it.
    let forbidden = portal
        .call("GET", "/api/v1/officer/enquiries", Some(&rep), None)
        .await;
    assert_eq!(forbidden.status, 403);
    portal
        .enrol_and_approve(&officer, "other@firm.example")
        .await;
    let other = portal.representative_token("other@firm.example").await;
    let hidden = portal
        .call(
            "GET",
            &format!("/api/v1/account/enquiries/{id}"),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(hidden.status, 404);
    let audit = portal
        .call(
            "GET",
            "/api/v1/officer/audit?action=enquiry_resolved",
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(audit.body["total"], 2, "{:?}", audit.body);
    assert!(
        audit.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["enquiry_id"] == id.as_str()),
        "the entry names its enquiry: {:?}",
        audit.body
    );
}

#[tokio::test]
async fn a_closure_request_joins_the_queue_and_its_resolution_closes_the_account() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example").await;
    portal.enrol_and_approve(&officer, "rep@firm.example").await;
    let rep = portal.representative_token("rep@firm.example").await;
    let asked = portal
        .call("POST", "/api/v1/account/closure-request", Some(&rep), None)
        .await;
    assert!(asked.status < 300, "{:?}", asked.body);

    let queue = portal
        .call(
            "GET",
            "/api/v1/officer/enquiries?kind=closure",
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(queue.body["total"], 1, "{:?}", queue.body);
    let id = queue.body["items"][0]["id"].as_str().unwrap().to_owned();
    let own = portal
        .call("GET", "/api/v1/account/enquiries", Some(&rep), None)
        .await;
    assert_eq!(own.body["items"][0]["kind"], "closure");

    let closed = resolve(
        &portal,
        &officer,
        &id,
        json!({"resolution": "close_account", "reply": "Your account is closed."}),
    )
    .await;
    assert_eq!(closed.status, 200, "{:?}", closed.body);
    let session_ended = portal
        .call("GET", "/api/v1/account", Some(&rep), None)
        .await;
    assert_eq!(session_ended.status, 401);
    let sign_in = portal
        .call(
            "POST",
            "/api/v1/sessions",
            None,
            Some(json!({"email": "rep@firm.example", "password": portal_e2e::ENROLMENT_PASSWORD})),
        )
        .await;
    assert_eq!(sign_in.status, 401, "{:?}", sign_in.body);
}
