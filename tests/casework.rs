//! End-to-end: life after submission with the real `portal` binary. An officer receives,
//! processes, decides and closes submitted applications; the representative follows it on
//! the status page, answers a document request, and reads the messages; the table's Action
//! column and unread filter follow the messages; email notices follow the preference.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use portal_e2e::drafts::{PDF, complete, individual, start, upload};
use portal_e2e::{Portal, Reply, enrolment, read_mails};
use serde_json::{Value, json};

/// Today and the days around it, as the server's (UTC) calendar has them.
fn day(offset: i64) -> String {
    let today = time::OffsetDateTime::now_utc().date();
    (today + time::Duration::days(offset)).to_string()
}

/// Enrols and approves a representative with the given preference and language; returns
/// their session token.
async fn representative(
    portal: &Portal,
    officer: &str,
    email: &str,
    email_updates: &str,
    language: &str,
) -> String {
    let mut body = enrolment(email);
    body["email_updates"] = json!(email_updates);
    body["language"] = json!(language);
    let enrolled = portal
        .call("POST", "/api/v1/enrolments", None, Some(body))
        .await;
    assert_eq!(enrolled.status, 202, "{:?}", enrolled.body);
    let pending = portal
        .call("GET", "/api/v1/officer/accounts", Some(officer), None)
        .await;
    let id = pending
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == email)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let approved = portal
        .call(
            "POST",
            &format!("/api/v1/officer/accounts/{id}/approve"),
            Some(officer),
            None,
        )
        .await;
    assert_eq!(approved.status, 200, "{:?}", approved.body);
    portal.representative_token(email).await
}

/// Starts, completes and submits an application; returns its id and number.
async fn submitted(portal: &Portal, token: &str, kind: &str, given: &str) -> (String, String) {
    let started = start(portal, token, individual(kind, given, "Incredible")).await;
    assert_eq!(started.status, 201, "{:?}", started.body);
    let id = started.body["applications"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    complete(portal, token, &id, kind, false).await;
    let sent = portal
        .call(
            "POST",
            &format!("/api/v1/applications/{id}/submit"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(sent.status, 200, "{:?}", sent.body);
    let number = sent.body[0]["application_number"]
        .as_str()
        .unwrap()
        .to_owned();
    (id, number)
}

async fn act(portal: &Portal, officer: &str, method: &str, path: &str, body: Value) -> Reply {
    portal
        .call(
            method,
            &format!("/api/v1/officer/applications/{path}"),
            Some(officer),
            Some(body),
        )
        .await
}

async fn status(portal: &Portal, token: &str, id: &str) -> Value {
    let page = portal
        .call(
            "GET",
            &format!("/api/v1/applications/{id}/status"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(page.status, 200, "{:?}", page.body);
    page.body
}

/// The table row of the application, found by its number.
async fn row(portal: &Portal, token: &str, number: &str, unread_only: bool) -> Option<Value> {
    let page = portal
        .call(
            "GET",
            &format!("/api/v1/applications?application_number={number}&unread_only={unread_only}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(page.status, 200, "{:?}", page.body);
    page.body["items"].as_array().unwrap().first().cloned()
}

async fn answer(portal: &Portal, token: &str, id: &str, request: &str) -> Reply {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("bank-statement.pdf"),
    );
    let response = portal
        .http
        .post(portal.at(&format!(
            "/api/v1/applications/{id}/document-requests/{request}/documents"
        )))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    portal_e2e::reply_of(response).await
}

fn mail_count(portal: &Portal, to: &str) -> usize {
    read_mails(&portal.outbox())
        .iter()
        .filter(|m| m.to.contains(to))
        .count()
}

#[tokio::test]
async fn an_officer_takes_a_submitted_application_from_receipt_to_closure_and_the_representative_follows_it()
 {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example").await;
    let alice = representative(&portal, &officer, "alice@firm.example", "yes", "en").await;
    let bruno = representative(&portal, &officer, "bruno@cabinet.example", "no", "fr").await;
    // Each representative's two enrolment messages, readable in the inbox and mailed, in
    // the account's language.
    portal.mails_to("alice@firm.example", 2);
    let french_mails = portal.mails_to("bruno@cabinet.example", 2);
    assert!(
        french_mails.iter().any(|m| m
            .body
            .contains("Votre demande d'inscription a été approuvée")),
        "{french_mails:?}"
    );
    for (token, subjects) in [
        (
            &alice,
            ["Enrolment request approved", "Enrolment request submitted"],
        ),
        (
            &bruno,
            [
                "Demande d'inscription approuvée",
                "Demande d'inscription soumise",
            ],
        ),
    ] {
        let inbox = portal
            .call("GET", "/api/v1/account/messages", Some(token), None)
            .await;
        let listed: Vec<&str> = inbox.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["subject"].as_str().unwrap())
            .collect();
        assert_eq!(listed, subjects);
    }

    let (visa, visa_number) = submitted(&portal, &alice, "visitor_visa", "Violet").await;
    let (permit, _) = submitted(&portal, &bruno, "study_permit", "Dash").await;

    // The department's list: both, newest first; filters by type and status.
    let list = portal
        .call("GET", "/api/v1/officer/applications", Some(&officer), None)
        .await;
    assert_eq!(list.status, 200, "{:?}", list.body);
    assert_eq!(list.body["total"], 2);
    assert_eq!(list.body["items"][0]["id"], permit.as_str());
    assert_eq!(list.body["range"], "1 to 2 of 2");
    let visas = portal
        .call(
            "GET",
            &format!("/api/v1/officer/applications?type=visitor_visa&status=submitted&number={visa_number}"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(visas.body["total"], 1, "{:?}", visas.body);
    assert_eq!(
        visas.body["items"][0]["application_number"],
        visa_number.as_str()
    );

    // Transitions that make no sense are refused, with the field or the reason.
    let early = act(
        &portal,
        &officer,
        "POST",
        &format!("{visa}/decision"),
        json!({"outcome": "approved"}),
    )
    .await;
    assert_eq!(
        (early.status, early.body["code"].as_str()),
        (409, Some("not_received"))
    );
    let bad = act(
        &portal,
        &officer,
        "POST",
        &format!("{visa}/receive"),
        json!({"date_received": day(1), "uci": "1234-56789"}),
    )
    .await;
    assert_eq!(bad.status, 422, "{:?}", bad.body);
    assert_eq!(bad.field_codes(), ["uci:invalid"]);
    let future = act(
        &portal,
        &officer,
        "POST",
        &format!("{visa}/receive"),
        json!({"date_received": day(1), "uci": "1234-5678"}),
    )
    .await;
    assert_eq!(future.field_codes(), ["date_received:invalid"]);

    // Receipt: status, UCI and date on the status page, and a message.
    let received = act(
        &portal,
        &officer,
        "POST",
        &format!("{visa}/receive"),
        json!({"date_received": day(0), "uci": "1234-5678"}),
    )
    .await;
    assert_eq!(received.status, 200, "{:?}", received.body);
    let page = status(&portal, &alice, &visa).await;
    assert_eq!(page["status"], "received");
    assert_eq!(page["status_label"], "Received");
    assert_eq!(page["client"]["uci"], "1234-5678");
    assert_eq!(page["client"]["application_number"], visa_number.as_str());
    assert_eq!(page["client"]["date_received"], day(0));
    assert_eq!(page["messages"][0]["subject"], "Application received");
    assert_eq!(page["messages"][0]["date_read"], Value::Null);
    assert_eq!(page["action"], "check_status");
    let again = act(
        &portal,
        &officer,
        "POST",
        &format!("{visa}/receive"),
        json!({"date_received": day(0), "uci": "1234-5678"}),
    )
    .await;
    assert_eq!(again.body["code"], "already_received");

    // A request for documents: "Action required", found by the unread filter, and mailed
    // because Alice's email updates are Yes.
    let requested = act(
        &portal,
        &officer,
        "POST",
        &format!("{visa}/document-requests"),
        json!({"description": "Bank statements for the last 6 months.", "due_date": day(30)}),
    )
    .await;
    assert_eq!(requested.status, 200, "{:?}", requested.body);
    let request = requested.body["document_requests"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let table = row(&portal, &alice, &visa_number, true)
        .await
        .expect("the unread filter finds it");
    assert_eq!(table["actions"], json!(["action_required"]));
    assert_eq!(table["status"], "received");
    let mails = portal.mails_to("alice@firm.example", 4);
    assert!(
        mails
            .iter()
            .any(|m| m.body.contains("Bank statements for the last 6 months."))
    );

    // Bruno's preference is No: his application's messages send no mail. His request is
    // recorded before another mail to Alice; once that one is out, Bruno still has only
    // his two enrolment mails.
    let bruno_received = act(
        &portal,
        &officer,
        "POST",
        &format!("{permit}/receive"),
        json!({"date_received": day(0), "uci": "12-3456-7890"}),
    )
    .await;
    assert_eq!(bruno_received.status, 200, "{:?}", bruno_received.body);
    let french = status(&portal, &bruno, &permit).await;
    assert_eq!(french["messages"][0]["subject"], "Demande reçue");
    assert_eq!(french["status_label"], "Reçue");
    let step = act(
        &portal,
        &officer,
        "PUT",
        &format!("{visa}/steps/eligibility"),
        json!({"state": "completed"}),
    )
    .await;
    assert_eq!(step.status, 200, "{:?}", step.body);
    portal.mails_to("alice@firm.example", 5);
    assert_eq!(mail_count(&portal, "bruno@cabinet.example"), 2);

    // After submission a document goes only in answer to an open request.
    let outside = upload(&portal, &alice, &visa, "passport_copy", "late.pdf", PDF).await;
    assert_eq!(
        (outside.status, outside.body["code"].as_str()),
        (409, Some("no_open_request"))
    );
    let answered = answer(&portal, &alice, &visa, &request).await;
    assert_eq!(answered.status, 201, "{:?}", answered.body);
    let twice = answer(&portal, &alice, &visa, &request).await;
    assert_eq!(twice.body["code"], "no_open_request");
    let page = status(&portal, &alice, &visa).await;
    assert_eq!(page["document_requests"][0]["open"], false);
    let answer_doc = page["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["request_id"] == request.as_str())
        .expect("the answer is listed with its request")
        .clone();
    // The request message is still unread: still "Action required" until it is opened.
    assert_eq!(page["action"], "action_required");
    for message in page["messages"].as_array().unwrap() {
        let opened = portal
            .call(
                "GET",
                &format!(
                    "/api/v1/applications/{visa}/messages/{}",
                    message["id"].as_str().unwrap()
                ),
                Some(&alice),
                None,
            )
            .await;
        assert_eq!(opened.status, 200, "{:?}", opened.body);
        assert!(opened.body["date_read"].is_string());
        assert!(opened.body["body"].as_str().unwrap().contains(&visa_number));
    }
    let table = row(&portal, &alice, &visa_number, false).await.unwrap();
    assert_eq!(table["actions"], json!(["check_status"]));
    assert!(
        row(&portal, &alice, &visa_number, true).await.is_none(),
        "nothing unread"
    );

    // Document status, biometrics, decision, issued document, closure.
    let reviewed = act(
        &portal,
        &officer,
        "PUT",
        &format!(
            "{visa}/documents/{}/status",
            answer_doc["id"].as_str().unwrap()
        ),
        json!({"status": "reviewed"}),
    )
    .await;
    assert_eq!(reviewed.status, 200, "{:?}", reviewed.body);
    let biometrics = act(
        &portal,
        &officer,
        "POST",
        &format!("{visa}/biometrics"),
        json!({"number": "BIO2024001", "enrolment_date": day(-1), "expiry_date": day(3650)}),
    )
    .await;
    assert_eq!(biometrics.status, 200, "{:?}", biometrics.body);
    let too_early = act(
        &portal,
        &officer,
        "POST",
        &format!("{visa}/issued-documents"),
        json!({"document_type": "Temporary resident visa", "number": "TRV123456", "date_issued": day(0)}),
    )
    .await;
    assert_eq!(too_early.body["code"], "not_decided");
    let decided = act(
        &portal,
        &officer,
        "POST",
        &format!("{visa}/decision"),
        json!({"outcome": "approved"}),
    )
    .await;
    assert_eq!(decided.status, 200, "{:?}", decided.body);
    let issued = act(
        &portal,
        &officer,
        "POST",
        &format!("{visa}/issued-documents"),
        json!({"document_type": "Temporary resident visa", "number": "TRV123456", "date_issued": day(0), "expiry_date": day(365)}),
    )
    .await;
    assert_eq!(issued.status, 200, "{:?}", issued.body);
    let closed = act(
        &portal,
        &officer,
        "POST",
        &format!("{visa}/close"),
        Value::Null,
    )
    .await;
    assert_eq!(closed.status, 200, "{:?}", closed.body);
    let after = act(
        &portal,
        &officer,
        "PUT",
        &format!("{visa}/steps/interview"),
        json!({"state": "in_progress"}),
    )
    .await;
    assert_eq!(after.body["code"], "application_closed");

    let page = status(&portal, &alice, &visa).await;
    assert_eq!(page["status"], "closed");
    assert_eq!(page["decision"]["outcome"], "approved");
    assert_eq!(page["date_closed"], day(0));
    assert_eq!(page["client"]["biometrics"]["number"], "BIO2024001");
    assert_eq!(page["issued_documents"][0]["number"], "TRV123456");
    assert_eq!(page["issued_documents"][0]["date_issued"], day(0));
    let steps: Vec<(&str, &str)> = page["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["step"].as_str().unwrap(), s["state"].as_str().unwrap()))
        .collect();
    assert_eq!(steps[0], ("eligibility", "completed"));
    assert_eq!(steps[5], ("final_decision", "completed"));
    assert_eq!(
        page["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == answer_doc["id"])
            .unwrap()["status"],
        "reviewed"
    );
    let subjects: Vec<&str> = page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        [
            "Application closed",
            "Document issued",
            "Decision made",
            "Biometrics recorded",
            "Document status updated",
            "Processing step updated",
            "Request for documents",
            "Application received",
        ]
    );
    let table = row(&portal, &alice, &visa_number, false).await.unwrap();
    assert_eq!(table["status"], "closed");

    // The audit trail shows each step of the application, oldest last, with the address
    // each request came from.
    let trail = portal
        .call(
            "GET",
            &format!("/api/v1/officer/audit?application_id={visa}&per_page=50"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(trail.status, 200, "{:?}", trail.body);
    let mut actions: Vec<&str> = trail.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    actions.reverse();
    let expected_order = [
        "application_created",
        "application_submitted",
        "application_received",
        "documents_requested",
        "step_updated",
        "request_answered",
        "document_reviewed",
        "biometrics_recorded",
        "application_decided",
        "document_issued",
        "application_closed",
    ];
    let mut at = 0;
    for expected in expected_order {
        at += actions[at..]
            .iter()
            .position(|a| *a == expected)
            .unwrap_or_else(|| panic!("{expected} in order: {actions:?}"));
    }
    assert!(actions.contains(&"application_saved"));
    assert!(actions.contains(&"document_uploaded"));
    assert!(
        trail.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["client_address"] == "127.0.0.1"),
        "{:?}",
        trail.body
    );
    let closures = portal
        .call(
            "GET",
            "/api/v1/officer/audit?action=application_closed",
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(closures.body["total"], 1, "{:?}", closures.body);

    // Alice's own list: her sign-in, and what the officer did without the officer's address.
    let own = portal
        .call(
            "GET",
            "/api/v1/account/audit?per_page=100",
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(own.status, 200, "{:?}", own.body);
    let entries = own.body["items"].as_array().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e["action"] == "signed_in" && e["client_address"] == "127.0.0.1")
    );
    let closed = entries
        .iter()
        .find(|e| e["action"] == "application_closed")
        .unwrap();
    assert_eq!(closed["client_address"], Value::Null);
    let refused = portal
        .call("GET", "/api/v1/officer/audit", Some(&alice), None)
        .await;
    assert_eq!(refused.status, 403);
}

#[tokio::test]
async fn casework_routes_refuse_the_other_role_and_status_pages_refuse_the_other_representative() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example").await;
    let alice = representative(&portal, &officer, "alice@firm.example", "yes", "en").await;
    let bruno = representative(&portal, &officer, "bruno@cabinet.example", "yes", "en").await;
    let (visa, _) = submitted(&portal, &alice, "visitor_visa", "Violet").await;

    for (method, path) in [
        ("GET", "/api/v1/officer/applications".to_owned()),
        ("GET", format!("/api/v1/officer/applications/{visa}")),
        ("POST", format!("/api/v1/officer/applications/{visa}/close")),
    ] {
        let refused = portal.call(method, &path, Some(&alice), None).await;
        assert_eq!(refused.status, 403, "{method} {path}: {:?}", refused.body);
    }
    let officer_reads = portal
        .call(
            "GET",
            &format!("/api/v1/applications/{visa}/status"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(officer_reads.status, 403, "{:?}", officer_reads.body);
    for path in [
        format!("/api/v1/applications/{visa}/status"),
        format!("/api/v1/applications/{visa}/messages/{visa}"),
    ] {
        let hidden = portal.call("GET", &path, Some(&bruno), None).await;
        assert_eq!(hidden.status, 404, "{path}: {:?}", hidden.body);
        assert!(
            hidden.body.get("status").is_none_or(|s| s.is_number()),
            "no data: {:?}",
            hidden.body
        );
    }
    let answered = answer(&portal, &bruno, &visa, &visa).await;
    assert_eq!(answered.status, 404, "{:?}", answered.body);

    // A draft has no status page and is not the department's.
    let draft = start(&portal, &alice, individual("study_permit", "Dash", "Parr")).await;
    let draft = draft.body["applications"][0]["id"].as_str().unwrap();
    let none = portal
        .call(
            "GET",
            &format!("/api/v1/applications/{draft}/status"),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(none.status, 404);
    let not_theirs = portal
        .call(
            "GET",
            &format!("/api/v1/officer/applications/{draft}"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(not_theirs.status, 404);
    let drafts = portal
        .call(
            "GET",
            "/api/v1/officer/applications?status=in_progress",
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(drafts.field_codes(), ["status:invalid"]);
}
