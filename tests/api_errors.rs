//! End-to-end: errors a person can act on, and a document that says what the API does. Every
//! refusal names the field and what it expects, in the API's own words, never the framework's.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use portal_e2e::{Portal, Reply};
use serde_json::{Value, json};

/// An approved representative's token.
async fn representative(portal: &Portal) -> String {
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    portal
        .enrol_and_approve(&officer, "rep@cicc.example.com")
        .await;
    let session = portal
        .call(
            "POST",
            "/api/v1/sessions",
            None,
            Some(json!({"email": "rep@cicc.example.com", "password": "Maple#Tundra42x"})),
        )
        .await;
    session.body["token"].as_str().unwrap().to_owned()
}

async fn raw(portal: &Portal, method: &str, path: &str, content_type: &str, body: &str) -> Reply {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let response = portal
        .http
        .request(method, portal.at(path))
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Reply {
        status,
        headers,
        body,
    }
}

/// The whole body as text, to look for framework wording anywhere in it.
fn text(reply: &Reply) -> String {
    reply.body.to_string()
}

fn assert_no_framework_words(reply: &Reply) {
    let text = text(reply);
    for jargon in [
        "EOF",
        "occurred while parsing",
        "uint32",
        "integer(",
        "Request\"",
        "failed to parse",
        "Parse:",
    ] {
        assert!(!text.contains(jargon), "{jargon} in {text}");
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused_in_plain_words() {
    let portal = Portal::start();

    let cut = raw(
        &portal,
        "POST",
        "/api/v1/sessions",
        "application/json",
        r#"{"email": "a@example.com""#,
    )
    .await;

    assert_eq!(cut.status, 400);
    assert_eq!(cut.body["code"], "malformed_json");
    assert!(
        cut.body["message"]
            .as_str()
            .unwrap()
            .contains("ends before the JSON is complete"),
        "{}",
        text(&cut)
    );
    assert_no_framework_words(&cut);
}

#[tokio::test]
async fn a_field_of_the_wrong_type_or_missing_is_named_with_what_it_expects() {
    let portal = Portal::start();

    let wrong = portal
        .call(
            "POST",
            "/api/v1/sessions",
            None,
            Some(json!({"email": ["a@example.com"], "password": "x"})),
        )
        .await;
    assert_eq!(wrong.status, 422, "{}", text(&wrong));
    assert_eq!(wrong.field_codes(), ["email:invalid"]);
    assert_eq!(wrong.body["fields"][0]["message"], "Enter text.");
    assert_no_framework_words(&wrong);

    let missing = portal
        .call("POST", "/api/v1/sessions", None, Some(json!({})))
        .await;
    assert_eq!(missing.status, 422);
    assert_eq!(
        missing.field_codes(),
        ["email:required", "password:required"]
    );
    assert_no_framework_words(&missing);

    let not_an_object = portal
        .call("POST", "/api/v1/sessions", None, Some(json!([1, 2])))
        .await;
    assert_eq!(not_an_object.status, 422);
    assert_eq!(not_an_object.field_codes(), ["body:invalid"]);
    assert_no_framework_words(&not_an_object);
}

#[tokio::test]
async fn a_negative_page_gets_the_same_clean_answer_as_page_zero() {
    let portal = Portal::start();
    let token = representative(&portal).await;

    let zero = portal
        .call("GET", "/api/v1/applications?page=0", Some(&token), None)
        .await;
    let negative = portal
        .call("GET", "/api/v1/applications?page=-1", Some(&token), None)
        .await;

    assert_eq!((zero.status, negative.status), (422, 422));
    assert_eq!(zero.body, negative.body);
    assert_eq!(zero.field_codes(), ["page:invalid"]);
    assert_eq!(
        zero.body["fields"][0]["message"],
        "Enter a whole number of 1 or more."
    );
    assert_no_framework_words(&negative);
}

#[tokio::test]
async fn a_bad_sort_status_or_type_lists_the_allowed_codes() {
    let portal = Portal::start();
    let token = representative(&portal).await;

    for (query, field, codes) in [
        (
            "?sort=colour",
            "sort",
            "id, type, applicant_name, application_number, date_created, date_last_saved, days_left, date_submitted, status",
        ),
        (
            "?status=done",
            "status",
            "in_progress, submitted, received, decided, closed",
        ),
        (
            "?application_type=work_permit",
            "application_type",
            "visitor_visa, study_permit, refugee_claim",
        ),
        ("?per_page=7", "per_page", "5, 10, 25, 50, 100"),
        ("?order=up", "order", "asc, desc"),
    ] {
        let refused = portal
            .call(
                "GET",
                &format!("/api/v1/applications{query}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(refused.status, 422, "{query}");
        assert_eq!(
            refused.field_codes(),
            [format!("{field}:invalid")],
            "{query}"
        );
        assert_eq!(
            refused.body["fields"][0]["message"],
            format!("Choose one of: {codes}."),
            "{query}"
        );
    }

    let number = portal
        .call(
            "GET",
            "/api/v1/applications?application_number=12%2A",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(number.field_codes(), ["application_number:invalid"]);
    assert_eq!(
        number.body["fields"][0]["message"],
        "An application number or its beginning: a letter and up to 9 digits, e.g. `L1000`."
    );

    let start = portal
        .call(
            "POST",
            "/api/v1/applications",
            Some(&token),
            Some(
                json!({"application_type": "work_permit", "acknowledged": true,
                "principal": {"given_name": "Amal", "family_name": "Haddad"}}),
            ),
        )
        .await;
    assert_eq!(start.field_codes(), ["application_type:invalid"]);
    assert_eq!(
        start.body["fields"][0]["message"],
        "Choose one of: visitor_visa, study_permit, refugee_claim."
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_the_limit_stated() {
    use std::io::{Read, Write};
    let portal = Portal::start();
    let address = portal.url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST /api/v1/sessions HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();

    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let body: Value = serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(body["code"], "payload_too_large");
    // The default upload cap is 4 MB, plus 64 KiB for the multipart envelope.
    assert_eq!(
        body["message"],
        "The request body is too large: send at most 4160 KiB (4259840 bytes)."
    );
}

#[tokio::test]
async fn another_media_type_and_an_undeclared_method_are_answered_with_what_works() {
    let portal = Portal::start();

    let text_body = raw(
        &portal,
        "POST",
        "/api/v1/sessions",
        "text/plain",
        "email=a@example.com",
    )
    .await;
    assert_eq!(text_body.status, 415);
    assert_eq!(
        text_body.body["message"],
        "Send the request body as application/json, with a Content-Type header saying so."
    );

    let patch = portal
        .call("PATCH", "/api/v1/applications", None, None)
        .await;
    assert_eq!(patch.status, 405);
    let allow = patch.headers["allow"].to_str().unwrap();
    let mut methods: Vec<&str> = allow.split(", ").collect();
    methods.sort_unstable();
    assert_eq!(methods, ["GET", "POST"]);

    let health = portal.call("POST", "/healthz", None, None).await;
    assert_eq!(health.status, 405);
    assert_eq!(health.headers["allow"], "GET, HEAD");
}

#[tokio::test]
async fn a_missing_answer_at_submission_is_named_by_its_label() {
    let portal = Portal::start();
    let token = representative(&portal).await;
    let started = portal
        .call(
            "POST",
            "/api/v1/applications",
            Some(&token),
            Some(
                json!({"application_type": "visitor_visa", "acknowledged": true,
                "principal": {"given_name": "Amal", "family_name": "Haddad"}}),
            ),
        )
        .await;
    let id = started.body["applications"][0]["id"].as_str().unwrap();

    let refused = portal
        .call(
            "POST",
            &format!("/api/v1/applications/{id}/submit"),
            Some(&token),
            None,
        )
        .await;

    assert_eq!(refused.status, 422);
    let address = refused.body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == format!("{id}.contact.address"))
        .expect("the address is listed");
    assert_eq!(
        address["message"],
        "Amal Haddad: “Current mailing address” is required."
    );
}

#[tokio::test]
async fn a_changed_surname_sent_to_the_contact_update_is_refused_pointing_to_the_web_form() {
    let portal = Portal::start();
    let token = representative(&portal).await;
    let contact = |surname: &str| {
        json!({"email": "rep@cicc.example.com", "telephone_type": "cellular",
            "telephone_country": "canada-us", "telephone_number": "5143334545",
            "language": "en", "email_updates": "no", "surname": surname})
    };

    let refused = portal
        .call(
            "PUT",
            "/api/v1/account/contact",
            Some(&token),
            Some(contact("Gagnon")),
        )
        .await;

    assert_eq!(refused.status, 422, "{}", text(&refused));
    assert_eq!(refused.field_codes(), ["surname:change_by_enquiry"]);
    assert!(
        refused.body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("web form (enquiry)")
    );
    let profile = portal
        .call("GET", "/api/v1/account", Some(&token), None)
        .await;
    assert_eq!(
        (
            profile.body["surname"].clone(),
            profile.body["email_updates"].clone()
        ),
        (json!("Tremblay"), json!("yes")),
        "nothing was saved"
    );

    let same = portal
        .call(
            "PUT",
            "/api/v1/account/contact",
            Some(&token),
            Some(contact("Tremblay")),
        )
        .await;
    assert_eq!(same.status, 200, "{}", text(&same));
    assert_eq!(same.body["email_updates"], "no");
}

#[tokio::test]
async fn the_document_says_which_fields_are_nullable_required_and_enumerated() {
    let portal = Portal::start();
    let spec = portal
        .call("GET", "/api/openapi.json", None, None)
        .await
        .body;
    let schemas = &spec["components"]["schemas"];

    for (schema, field) in [
        ("ApplicationRow", "application_number"),
        ("ApplicationRow", "date_submitted"),
        ("ApplicationRow", "days_left"),
        ("ApplicationDetail", "claim_origin"),
        ("QuestionBody", "answer"),
        ("Profile", "rejection_reason"),
    ] {
        let property = &schemas[schema]["properties"][field];
        assert_eq!(property["nullable"], true, "{schema}.{field}: {property}");
    }
    assert_eq!(
        schemas["SignInRequest"]["required"],
        json!(["email", "password"])
    );
    assert_eq!(
        schemas["ApplicationPage"]["properties"]["total"]["minimum"],
        0.0
    );

    let list = &spec["paths"]["/applications"]["get"];
    let parameters = list["parameters"].as_array().unwrap();
    for parameter in parameters {
        assert!(
            parameter["description"]
                .as_str()
                .is_some_and(|d| !d.is_empty()),
            "{parameter}"
        );
    }
    let parameter = |name: &str| {
        parameters
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        parameter("per_page")["schema"]["enum"],
        json!([5, 10, 25, 50, 100])
    );
    assert_eq!(parameter("page")["schema"]["minimum"], 1.0);
    let sort = &parameter("sort")["schema"];
    let sort = sort["$ref"].as_str().map_or(sort.clone(), |r| {
        schemas[r.rsplit('/').next().unwrap()].clone()
    });
    assert_eq!(sort["enum"].as_array().unwrap().len(), 9);
    for status in ["413", "415", "422"] {
        assert!(
            spec["paths"]["/sessions"]["post"]["responses"][status].is_object(),
            "{status} undocumented"
        );
    }
}

#[tokio::test]
async fn signing_out_without_a_valid_session_is_unauthenticated() {
    let portal = Portal::start();

    let unknown = portal
        .call(
            "DELETE",
            "/api/v1/sessions/current",
            Some("not-a-session-token"),
            None,
        )
        .await;

    assert_eq!(unknown.status, 401);
    assert_eq!(unknown.body["code"], "unauthenticated");
}
