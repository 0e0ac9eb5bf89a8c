//! End-to-end: a representative's client applications through the JSON API of the real
//! `portal` binary: start, questionnaire, documents, table and search, delete, submit,
//! owner scoping and expiry.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use portal_e2e::drafts::{PDF, PNG, complete, individual, save, start, upload, year};
use portal_e2e::{Portal, enrolment};
use serde_json::{Value, json};

/// An approved representative's token.
async fn representative(portal: &Portal, officer: &str, email: &str) -> String {
    portal.enrol_and_approve(officer, email).await;
    let session = portal
        .call(
            "POST",
            "/api/v1/sessions",
            None,
            Some(json!({"email": email, "password": "Maple#Tundra42x"})),
        )
        .await;
    session.body["token"].as_str().unwrap().to_owned()
}

/// Sends only the head of an upload announcing `length` bytes; returns the status line.
fn announce_upload(portal: &Portal, token: &str, id: &str, length: usize) -> String {
    use std::io::{BufRead, Write};
    let address = portal.url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST /api/v1/applications/{id}/documents HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: {length}\r\n\r\n"
    )
    .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(stream)
        .read_line(&mut line)
        .unwrap();
    line
}

#[tokio::test]
async fn each_type_starts_is_filled_in_over_visits_and_is_submitted() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let token = representative(&portal, &officer, "rep@cicc.example.com").await;

    // Starting needs the acknowledgement; every invalid field is listed.
    let refused = start(&portal, &token, json!({"application_type": "work_permit", "principal": {"given_name": "", "family_name": "X1"}})).await;
    assert_eq!(refused.status, 422);
    let codes = refused.field_codes();
    for expected in [
        "application_type:invalid",
        "acknowledged:required",
        "principal.given_name:required",
        "principal.family_name:invalid",
    ] {
        assert!(
            codes.contains(&expected.to_owned()),
            "{expected} missing from {codes:?}"
        );
    }
    let bad_cbsa = start(&portal, &token, json!({"application_type": "refugee_claim", "claim_origin": "cbsa", "cbsa_file_number": "12", "acknowledged": true, "principal": {"given_name": "A", "family_name": "B"}})).await;
    assert_eq!(bad_cbsa.field_codes(), ["cbsa_file_number:invalid"]);

    let bad_processing = start(&portal, &token, json!({"application_type": "visitor_visa", "visa_processing": "urgent", "acknowledged": true, "principal": {"given_name": "A", "family_name": "B"}})).await;
    assert_eq!(bad_processing.field_codes(), ["visa_processing:invalid"]);
    assert!(
        bad_processing.body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("special_measures"),
        "{:?}",
        bad_processing.body
    );
    let special = start(&portal, &token, json!({"application_type": "visitor_visa", "visa_processing": "special_measures", "acknowledged": true, "principal": {"given_name": "Omar", "family_name": "Haddad"}})).await;
    assert_eq!(special.status, 201, "{:?}", special.body);
    assert_eq!(
        special.body["applications"][0]["visa_processing"],
        "special_measures"
    );
    let visitor = start(&portal, &token, json!({"application_type": "visitor_visa", "visit_purpose": "transit", "visa_processing": "emergency", "acknowledged": true, "principal": {"given_name": "Hélène", "family_name": "Dubé"}})).await;
    assert_eq!(visitor.status, 201, "{:?}", visitor.body);
    let app = &visitor.body["applications"][0];
    assert_eq!(app["visit_purpose"], "transit");
    assert_eq!(app["visa_processing"], "emergency");
    assert_eq!(app["days_left"], 60);
    assert_eq!(app["status"], "in_progress");
    assert_eq!(app["actions"], json!(["continue", "delete"]));
    assert_eq!(app["sections"][0]["position"], "Section 1 of 4");
    let study = start(
        &portal,
        &token,
        individual("study_permit", "José", "Álvarez"),
    )
    .await;
    assert_eq!(study.status, 201);
    let cbsa = start(&portal, &token, json!({"application_type": "refugee_claim", "claim_origin": "cbsa", "cbsa_file_number": "4012-3456", "acknowledged": true, "principal": {"given_name": "Amal", "family_name": "Haddad"}})).await;
    assert_eq!(cbsa.status, 201);
    assert_eq!(cbsa.body["applications"][0]["claim_origin"], "cbsa");
    let claim_section = cbsa.body["applications"][0]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "claim")
        .unwrap();
    assert_eq!(claim_section["questions"][0]["answer"], "4012-3456");

    // Save a section with every error reported at once; nothing is saved.
    let id = visitor.body["applications"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let bad = save(&portal, &token, &id, "identity", json!({"date_of_birth": "12/04/1985", "sex": "x", "citizenship": "A\nB", "nickname": "Lou"})).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.field_codes().len(), 4, "{:?}", bad.body);
    let dates = save(&portal, &token, &id, "visit", json!({"arrival_date": format!("{}-06-20", year(1)), "departure_date": format!("{}-06-01", year(1))})).await;
    assert_eq!(dates.field_codes(), ["answers.departure_date:invalid"]);

    // Exit and continue: answers persist across requests; missing items are listed.
    complete(&portal, &token, &id, "visitor_visa", false).await;
    let resumed = portal
        .call(
            "GET",
            &format!("/api/v1/applications/{id}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(resumed.body["missing"], json!([]));
    assert_eq!(
        resumed.body["sections"][0]["questions"][2]["answer"],
        "1985-04-12"
    );

    // Submit: a number with the type's letter; a second submit is refused; no deletion.
    let submitted = portal
        .call(
            "POST",
            &format!("/api/v1/applications/{id}/submit"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(submitted.status, 200, "{:?}", submitted.body);
    let number = submitted.body[0]["application_number"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(number.starts_with('V') && number.len() == 10, "{number}");
    assert_eq!(submitted.body[0]["days_left"], Value::Null);
    assert_eq!(submitted.body[0]["actions"], json!(["check_status"]));
    assert_eq!(
        portal
            .call(
                "POST",
                &format!("/api/v1/applications/{id}/submit"),
                Some(&token),
                None
            )
            .await
            .status,
        409
    );
    assert_eq!(
        portal
            .call(
                "DELETE",
                &format!("/api/v1/applications/{id}"),
                Some(&token),
                None
            )
            .await
            .status,
        409
    );
    assert_eq!(
        save(&portal, &token, &id, "contact", json!({"city": "Paris"}))
            .await
            .status,
        409
    );
    let by_number = portal
        .call(
            "GET",
            &format!("/api/v1/applications/by-number/{}", number.to_lowercase()),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(by_number.body["id"], id.as_str());
    // After submission a document goes only in answer to the department's request.
    let late = upload(&portal, &token, &id, "additional", "letter.pdf", PDF).await;
    assert_eq!(
        (late.status, late.body["code"].as_str()),
        (409, Some("no_open_request"))
    );

    // A refugee claim gets an L number.
    let claim_id = cbsa.body["applications"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    complete(&portal, &token, &claim_id, "refugee_claim", false).await;
    let submitted = portal
        .call(
            "POST",
            &format!("/api/v1/applications/{claim_id}/submit"),
            Some(&token),
            None,
        )
        .await;
    assert!(
        submitted.body[0]["application_number"]
            .as_str()
            .unwrap()
            .starts_with('L')
    );

    // Submitting with missing items lists every one of them.
    let study_id = study.body["applications"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let incomplete = portal
        .call(
            "POST",
            &format!("/api/v1/applications/{study_id}/submit"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(incomplete.status, 422);
    let missing = portal
        .call(
            "GET",
            &format!("/api/v1/applications/{study_id}"),
            Some(&token),
            None,
        )
        .await
        .body["missing"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(incomplete.field_codes().len(), missing);
    assert!(
        incomplete
            .field_codes()
            .iter()
            .any(|c| c.ends_with("documents.letter_of_acceptance:missing")),
        "{:?}",
        incomplete.field_codes()
    );
}

#[tokio::test]
async fn a_group_shares_its_id_and_submits_together() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let token = representative(&portal, &officer, "rep@cicc.example.com").await;
    let body = json!({"application_type": "refugee_claim", "acknowledged": true,
        "principal": {"given_name": "John", "family_name": "Incredible"},
        "family_members": [{"given_name": "Helen", "family_name": "Incredible"}, {"given_name": "Alice", "family_name": "Incredible"}]});
    let group = start(&portal, &token, body).await;
    assert_eq!(group.status, 201);
    let apps = group.body["applications"].as_array().unwrap();
    assert_eq!(apps.len(), 3);
    assert!(apps.iter().all(|a| a["group_id"] == group.body["group_id"]));
    assert_eq!(apps[1]["group_role"], "family_member");
    let ids: Vec<String> = apps
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    complete(&portal, &token, &ids[0], "refugee_claim", false).await;
    complete(&portal, &token, &ids[1], "refugee_claim", true).await;
    let refused = portal
        .call(
            "POST",
            &format!("/api/v1/applications/{}/submit", ids[0]),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.field_codes().iter().all(|c| c.starts_with(&ids[2])),
        "only Alice is incomplete: {:?}",
        refused.field_codes()
    );
    complete(&portal, &token, &ids[2], "refugee_claim", true).await;
    let submitted = portal
        .call(
            "POST",
            &format!("/api/v1/applications/{}/submit", ids[1]),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(submitted.status, 200, "{:?}", submitted.body);
    let numbers: Vec<&str> = submitted
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["application_number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers.len(), 3);
    assert!(numbers.iter().all(|n| n.starts_with('L')));
    let mut unique = numbers.clone();
    unique.dedup();
    assert_eq!(unique.len(), 3);
}

#[tokio::test]
async fn uploads_are_checked_by_content_and_size_and_downloaded_by_their_owner() {
    let portal = Portal::start_with(&[("PORTAL_MAX_UPLOAD_MB", "1")]);
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let token = representative(&portal, &officer, "rep@cicc.example.com").await;
    let started = start(
        &portal,
        &token,
        individual("study_permit", "Zoë", "Ångström"),
    )
    .await;
    let id = started.body["applications"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let photo = upload(&portal, &token, &id, "photo", "../../portrait.png", PNG).await;
    assert_eq!(photo.status, 201, "{:?}", photo.body);
    assert_eq!(photo.body["file_name"], "portrait.png");
    assert_eq!(photo.body["file_type"], "png");
    let listed = portal
        .call(
            "GET",
            &format!("/api/v1/applications/{id}/documents"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    let doc_id = photo.body["id"].as_str().unwrap();
    let download = portal
        .http
        .get(portal.at(&format!("/api/v1/applications/{id}/documents/{doc_id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("portrait.png")
    );
    assert_eq!(download.bytes().await.unwrap().as_ref(), PNG);

    let mismatch = upload(&portal, &token, &id, "photo", "photo.pdf", PNG).await;
    assert_eq!(mismatch.status, 422);
    assert!(
        mismatch.body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("does not match")
    );
    let fake = upload(&portal, &token, &id, "photo", "photo.pdf", b"just text").await;
    assert_eq!(fake.field_codes(), ["file:invalid"]);
    let exe = upload(&portal, &token, &id, "nonsense", "tool.exe", b"MZ\x90\0").await;
    assert_eq!(exe.field_codes(), ["item:invalid", "file:invalid"]);
    let big = [PDF, &vec![b' '; 1024 * 1024][..]].concat();
    let too_big = upload(&portal, &token, &id, "photo", "big.pdf", &big).await;
    assert_eq!(too_big.status, 422);
    assert!(
        too_big.body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("1 MB or smaller")
    );
    // A body announced larger than the cap is refused before it is sent.
    let refused = announce_upload(&portal, &token, &id, 3 * 1024 * 1024);
    assert!(refused.starts_with("HTTP/1.1 413"), "{refused}");
    let listed = portal
        .call(
            "GET",
            &format!("/api/v1/applications/{id}/documents"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(
        listed.body.as_array().unwrap().len(),
        1,
        "nothing of the refused uploads was kept"
    );
}

#[tokio::test]
async fn the_table_defaults_to_drafts_and_searches_filters_sorts_and_pages() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let token = representative(&portal, &officer, "rep@cicc.example.com").await;
    let names = [
        ("Hélène", "Tremblay", "visitor_visa"),
        ("Helene", "Roy", "study_permit"),
        ("Bao", "Nguyễn", "refugee_claim"),
        ("Zoë", "Ångström", "refugee_claim"),
        ("Omar", "Haddad", "visitor_visa"),
        ("Ana", "Silva", "study_permit"),
        ("Éva", "Lefèvre", "visitor_visa"),
    ];
    let mut ids = Vec::new();
    for (given, family, kind) in names {
        let started = start(&portal, &token, individual(kind, given, family)).await;
        ids.push(
            started.body["applications"][0]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    complete(&portal, &token, &ids[2], "refugee_claim", false).await;
    let submitted = portal
        .call(
            "POST",
            &format!("/api/v1/applications/{}/submit", ids[2]),
            Some(&token),
            None,
        )
        .await;
    let number = submitted.body[0]["application_number"]
        .as_str()
        .unwrap()
        .to_owned();
    let list = |query: &str| {
        let path = format!("/api/v1/applications{query}");
        let portal = &portal;
        let token = token.clone();
        async move { portal.call("GET", &path, Some(&token), None).await }
    };

    let default = list("").await;
    assert_eq!(
        default.body["total"], 6,
        "the submitted one left the default table"
    );
    assert_eq!(default.body["range"], "1 to 6 of 6");
    assert!(
        default.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "in_progress")
    );

    let accents = list("?applicant_name=helene").await;
    assert_eq!(accents.body["total"], 2, "helene finds Hélène and Helene");
    assert_eq!(list("?applicant_name=NGUYEN").await.body["total"], 1);
    assert_eq!(
        list("?applicant_name=angstr").await.body["items"][0]["applicant_name"],
        "Zoë Ångström"
    );
    let by_number = list(&format!("?application_number={number}")).await;
    assert_eq!(by_number.body["total"], 1);
    assert_eq!(
        by_number.body["items"][0]["actions"],
        json!(["check_status"])
    );
    assert_eq!(
        list("?application_type=refugee_claim").await.body["total"],
        2,
        "a search covers every status"
    );
    assert_eq!(list("?status=submitted").await.body["total"], 1);
    assert_eq!(
        list("?application_type=refugee_claim&status=in_progress&applicant_name=zo")
            .await
            .body["total"],
        1
    );
    assert_eq!(list("?unread_only=true").await.body["total"], 0);

    let sorted = list("?status=in_progress&sort=applicant_name&order=asc").await;
    let names: Vec<&str> = sorted.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["applicant_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Ana Silva",
            "Éva Lefèvre",
            "Helene Roy",
            "Hélène Tremblay",
            "Omar Haddad",
            "Zoë Ångström"
        ]
    );
    let desc = list("?status=in_progress&sort=applicant_name&order=desc").await;
    assert_eq!(desc.body["items"][0]["applicant_name"], "Zoë Ångström");
    for column in [
        "id",
        "type",
        "application_number",
        "date_created",
        "date_last_saved",
        "days_left",
        "date_submitted",
        "status",
    ] {
        for order in ["asc", "desc"] {
            let reply = list(&format!("?sort={column}&order={order}&per_page=5")).await;
            assert_eq!(reply.status, 200, "{column} {order}");
            assert_eq!(reply.body["items"].as_array().unwrap().len(), 5);
        }
    }

    let page2 = list("?per_page=5&page=2").await;
    assert_eq!(
        (page2.body["page"].clone(), page2.body["last_page"].clone()),
        (json!(2), json!(2))
    );
    assert_eq!(page2.body["range"], "6 to 6 of 6");
    assert_eq!(page2.body["items"].as_array().unwrap().len(), 1);
    let beyond = list("?per_page=5&page=9").await;
    assert_eq!(
        beyond.body["page"], 2,
        "a page past the end answers the last page"
    );
    let empty = list("?applicant_name=nobody").await;
    assert_eq!(
        (empty.body["total"].clone(), empty.body["range"].clone()),
        (json!(0), json!("0 to 0 of 0"))
    );
    for (query, field) in [
        ("?per_page=7", "per_page"),
        ("?page=0", "page"),
        ("?sort=colour", "sort"),
        ("?status=done", "status"),
        ("?application_number=12%2A", "application_number"),
    ] {
        let refused = list(query).await;
        assert_eq!(refused.status, 422, "{query}");
        assert_eq!(refused.body["fields"][0]["field"], field, "{query}");
    }

    // Delete a draft.
    assert_eq!(
        portal
            .call(
                "DELETE",
                &format!("/api/v1/applications/{}", ids[5]),
                Some(&token),
                None
            )
            .await
            .status,
        204
    );
    assert_eq!(
        portal
            .call(
                "GET",
                &format!("/api/v1/applications/{}", ids[5]),
                Some(&token),
                None
            )
            .await
            .status,
        404
    );
    assert_eq!(list("").await.body["total"], 5);
}

#[tokio::test]
async fn another_representative_gets_not_found_on_every_route_and_pending_accounts_cannot_start() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let owner = representative(&portal, &officer, "owner@cicc.example.com").await;
    let other = representative(&portal, &officer, "other@cicc.example.com").await;
    let started = start(
        &portal,
        &owner,
        individual("refugee_claim", "Amal", "Haddad"),
    )
    .await;
    let id = started.body["applications"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let doc = upload(&portal, &owner, &id, "photo", "p.png", PNG).await;
    let doc_id = doc.body["id"].as_str().unwrap().to_owned();
    let draft = start(
        &portal,
        &owner,
        individual("refugee_claim", "Rami", "Haddad"),
    )
    .await;
    let draft_id = draft.body["applications"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    complete(&portal, &owner, &id, "refugee_claim", false).await;
    let submitted = portal
        .call(
            "POST",
            &format!("/api/v1/applications/{id}/submit"),
            Some(&owner),
            None,
        )
        .await;
    let number = submitted.body[0]["application_number"]
        .as_str()
        .unwrap()
        .to_owned();

    for (method, path, body) in [
        ("GET", format!("/api/v1/applications/{id}"), None),
        (
            "GET",
            format!("/api/v1/applications/by-number/{number}"),
            None,
        ),
        (
            "PUT",
            format!("/api/v1/applications/{draft_id}/sections/contact"),
            Some(json!({"answers": {"city": "X"}})),
        ),
        ("DELETE", format!("/api/v1/applications/{draft_id}"), None),
        (
            "POST",
            format!("/api/v1/applications/{draft_id}/submit"),
            None,
        ),
        ("GET", format!("/api/v1/applications/{id}/documents"), None),
        (
            "GET",
            format!("/api/v1/applications/{id}/documents/{doc_id}"),
            None,
        ),
    ] {
        let reply = portal.call(method, &path, Some(&other), body).await;
        assert_eq!(reply.status, 404, "{method} {path}");
    }
    assert_eq!(
        upload(&portal, &other, &id, "photo", "p.png", PNG)
            .await
            .status,
        404
    );
    let search = portal
        .call(
            "GET",
            &format!("/api/v1/applications?application_number={number}"),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(search.body["total"], 0);
    assert_eq!(
        portal
            .call(
                "GET",
                &format!("/api/v1/applications/{draft_id}"),
                Some(&owner),
                None
            )
            .await
            .status,
        200,
        "nothing was changed"
    );

    portal
        .call(
            "POST",
            "/api/v1/enrolments",
            None,
            Some(enrolment("pending@cicc.example.com")),
        )
        .await;
    let pending = portal
        .call(
            "POST",
            "/api/v1/sessions",
            None,
            Some(json!({"email": "pending@cicc.example.com", "password": "Maple#Tundra42x"})),
        )
        .await;
    let pending_token = pending.body["token"].as_str().unwrap();
    let refused = start(&portal, pending_token, individual("study_permit", "A", "B")).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.body["code"], "account_not_approved");
}

#[tokio::test]
async fn the_expiry_job_warns_once_a_week_ahead_then_removes_drafts_past_their_last_day() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let token = representative(&portal, &officer, "rep@cicc.example.com").await;
    let started = start(
        &portal,
        &token,
        individual("visitor_visa", "Omar", "Haddad"),
    )
    .await;
    let id = started.body["applications"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    upload(&portal, &token, &id, "photo", "p.png", PNG).await;
    let created = started.body["applications"][0]["date_created"]
        .as_str()
        .unwrap();
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let created = time::Date::parse(created, format).unwrap();
    let day = |offset: i64| {
        (created + time::Duration::days(offset))
            .format(format)
            .unwrap()
    };
    // The owner is warned once, 7 days before the last day, by message and email.
    let out = portal.cli(&["expire-drafts", "--today", &day(52)]);
    assert!(out.contains("Warned the owners of 0 drafts"), "{out}");
    let out = portal.cli(&["expire-drafts", "--today", &day(53)]);
    assert!(out.contains("Warned the owners of 1 drafts"), "{out}");
    let out = portal.cli(&["expire-drafts", "--today", &day(54)]);
    assert!(out.contains("Warned the owners of 0 drafts"), "{out}");
    let inbox = portal
        .call("GET", "/api/v1/account/messages", Some(&token), None)
        .await;
    assert_eq!(
        inbox.body["items"][0]["subject"], "Draft application to be deleted soon",
        "{:?}",
        inbox.body
    );
    assert_eq!(
        inbox.body["total"], 3,
        "the two enrolment messages and one warning"
    );
    let warning = portal
        .mails_to("rep@cicc.example.com", 3)
        .into_iter()
        .filter(|m| m.subject == "Draft application to be deleted soon")
        .collect::<Vec<_>>();
    assert_eq!(warning.len(), 1);
    assert!(
        warning[0].body.contains("Omar Haddad"),
        "{}",
        warning[0].body
    );
    assert!(warning[0].body.contains(&day(60)), "{}", warning[0].body);

    // The last day is 60 days after creation; the draft goes the day after.
    let out = portal.cli(&["expire-drafts", "--today", &day(60)]);
    assert!(out.contains("Deleted 0 expired drafts"), "{out}");
    assert_eq!(
        portal
            .call(
                "GET",
                &format!("/api/v1/applications/{id}"),
                Some(&token),
                None
            )
            .await
            .status,
        200
    );
    let out = portal.cli(&["expire-drafts", "--today", &day(61)]);
    assert!(out.contains("Deleted 1 expired drafts"), "{out}");
    assert_eq!(
        portal
            .call(
                "GET",
                &format!("/api/v1/applications/{id}"),
                Some(&token),
                None
            )
            .await
            .status,
        404
    );
    assert_eq!(
        count_files(&portal.dir.path().join("data/documents")),
        0,
        "the draft's files went with it"
    );
}

/// Regular files under `dir`, at any depth.
fn count_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| {
                    if e.path().is_dir() {
                        count_files(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

#[tokio::test]
async fn closing_an_account_deletes_its_drafts_and_keeps_submitted_applications() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let token = representative(&portal, &officer, "closing@cicc.example.com").await;
    let kept = start(&portal, &token, individual("study_permit", "Ana", "Silva")).await;
    let kept_id = kept.body["applications"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    complete(&portal, &token, &kept_id, "study_permit", false).await;
    assert_eq!(
        portal
            .call(
                "POST",
                &format!("/api/v1/applications/{kept_id}/submit"),
                Some(&token),
                None
            )
            .await
            .status,
        200
    );
    let draft = start(
        &portal,
        &token,
        individual("visitor_visa", "Omar", "Haddad"),
    )
    .await;
    let draft_id = draft.body["applications"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        upload(&portal, &token, &draft_id, "photo", "p.png", PNG)
            .await
            .status,
        201
    );
    let documents = portal.dir.path().join("data/documents");
    let before = count_files(&documents);

    assert_eq!(
        portal
            .call(
                "POST",
                "/api/v1/account/closure-request",
                Some(&token),
                None
            )
            .await
            .status,
        202
    );
    let queue = portal
        .call(
            "GET",
            "/api/v1/officer/accounts?status=closure_requested",
            Some(&officer),
            None,
        )
        .await;
    let id = queue.body[0]["id"].as_str().unwrap().to_owned();
    let closed = portal
        .call(
            "POST",
            &format!("/api/v1/officer/accounts/{id}/close"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(closed.status, 200, "{:?}", closed.body);

    assert_eq!(
        count_files(&documents),
        before - 1,
        "only the draft's file is gone"
    );
}

#[tokio::test]
async fn one_database_connection_serves_concurrent_requests() {
    // An operator may shrink the pool to one connection; no request may then wait for a
    // second connection while holding the first.
    let portal = Portal::start_with(&[("PORTAL_DATABASE_POOL_SIZE", "1")]);
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let token = representative(&portal, &officer, "pool.of.one@example.com").await;
    let (first, second, third, listed) = tokio::join!(
        start(
            &portal,
            &token,
            individual("study_permit", "Zoé", "Lambert")
        ),
        start(&portal, &token, individual("visitor_visa", "Hélène", "Roy")),
        start(
            &portal,
            &token,
            individual("refugee_claim", "Amir", "Haddad")
        ),
        portal.call("GET", "/api/v1/applications", Some(&token), None),
    );
    for reply in [&first, &second, &third] {
        assert_eq!(reply.status, 201, "{:?}", reply.body);
    }
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    let after = portal
        .call("GET", "/api/v1/applications", Some(&token), None)
        .await;
    assert_eq!(after.body["total"], 3, "{:?}", after.body);
}
