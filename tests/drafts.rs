//! Drafts through the API, as a representative makes them: start, save sections, upload
//! documents, and fill in everything submission needs. Shared by the end-to-end tests.

use serde_json::{Value, json};

use crate::{Portal, Reply};

/// The first bytes of a PNG file.
pub const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
/// A small PDF file.
pub const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n";

/// This year plus `n`, for dates that must be in the future.
pub fn year(n: u64) -> u64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    1970 + secs / 31_556_952 + n
}

/// Starts applications.
pub async fn start(portal: &Portal, token: &str, body: Value) -> Reply {
    portal
        .call("POST", "/api/v1/applications", Some(token), Some(body))
        .await
}

/// The start body of one applicant.
pub fn individual(kind: &str, given: &str, family: &str) -> Value {
    json!({"application_type": kind, "acknowledged": true, "principal": {"given_name": given, "family_name": family}})
}

/// Saves one section's answers.
pub async fn save(portal: &Portal, token: &str, id: &str, section: &str, answers: Value) -> Reply {
    portal
        .call(
            "PUT",
            &format!("/api/v1/applications/{id}/sections/{section}"),
            Some(token),
            Some(json!({"answers": answers})),
        )
        .await
}

/// Uploads a document to a draft.
pub async fn upload(
    portal: &Portal,
    token: &str,
    id: &str,
    item: &str,
    name: &str,
    bytes: &[u8],
) -> Reply {
    let form = reqwest::multipart::Form::new()
        .text("item", item.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
        );
    let response = portal
        .http
        .post(portal.at(&format!("/api/v1/applications/{id}/documents")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    crate::reply_of(response).await
}

/// Answers every required question and uploads every required document.
pub async fn complete(portal: &Portal, token: &str, id: &str, kind: &str, family_member: bool) {
    let y = year(1);
    let sections = [
        (
            "identity",
            json!({"date_of_birth": "1985-04-12", "sex": "female", "country_of_birth": "France", "citizenship": "France", "marital_status": "married"}),
        ),
        (
            "contact",
            json!({"address": "12 rue des Lilas", "city": "Lyon", "country": "France", "telephone": "33472000000"}),
        ),
        (
            "passport",
            json!({"number": "18AB12345", "issuing_country": "France", "issue_date": "2020-02-01", "expiry_date": format!("{}-02-01", y + 4)}),
        ),
    ];
    for (section, answers) in sections {
        let saved = save(portal, token, id, section, answers).await;
        assert_eq!(saved.status, 200, "{section}: {:?}", saved.body);
    }
    if family_member {
        assert_eq!(
            save(
                portal,
                token,
                id,
                "family",
                json!({"relationship": "spouse"})
            )
            .await
            .status,
            200
        );
    }
    let (section, answers) = match kind {
        "visitor_visa" => (
            "visit",
            json!({"purpose": "tourism", "arrival_date": format!("{y}-06-01"), "departure_date": format!("{y}-06-20"), "funds": "8000"}),
        ),
        "study_permit" => (
            "school",
            json!({"institution": "Université de Montréal", "dli_number": "O19359011033", "program": "Biology", "level": "bachelor", "start_date": format!("{y}-09-01"), "end_date": format!("{}-05-01", y + 3), "tuition": "25000"}),
        ),
        _ => (
            "claim",
            json!({"arrival_in_canada": "2024-03-02", "fear_of_return": "yes", "summary": "Persecution for political opinion.\nDetails follow."}),
        ),
    };
    let saved = save(portal, token, id, section, answers).await;
    assert_eq!(saved.status, 200, "{section}: {:?}", saved.body);
    let detail = portal
        .call(
            "GET",
            &format!("/api/v1/applications/{id}"),
            Some(token),
            None,
        )
        .await;
    for entry in detail.body["checklist"].as_array().unwrap() {
        if entry["required"] == true && entry["uploaded"] == false {
            let item = entry["key"].as_str().unwrap();
            assert_eq!(
                upload(portal, token, id, item, &format!("{item}.pdf"), PDF)
                    .await
                    .status,
                201
            );
        }
    }
}
