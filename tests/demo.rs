//! `portal demo` fills an empty database with the guide's examples, usable at once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use portal_e2e::Portal;
use serde_json::json;

#[tokio::test]
async fn the_demo_fills_an_empty_database_with_the_guides_examples_once() {
    let portal = Portal::start();
    let out = portal.cli(&["demo"]);
    assert!(
        out.contains("john.doe@demo.example / Birch#Meadow2026"),
        "{out}"
    );
    assert!(
        out.contains("officer@demo.example / Cedar#Harbour26"),
        "{out}"
    );

    // The representative signs in with what was printed.
    let session = portal
        .call(
            "POST",
            "/api/v1/sessions",
            None,
            Some(json!({"email": "john.doe@demo.example", "password": "Birch#Meadow2026"})),
        )
        .await;
    assert_eq!(session.status, 201, "{:?}", session.body);
    let token = session.body["token"].as_str().unwrap().to_owned();
    let table = portal
        .call(
            "GET",
            "/api/v1/applications?applicant_name=incredible",
            Some(&token),
            None,
        )
        .await;
    let rows = table.body["items"].as_array().unwrap();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["applicant_name"].as_str().unwrap())
        .collect();
    assert_eq!(rows.len(), 3, "{names:?}");
    for name in ["John Incredible", "Helen Incredible", "Alice Incredible"] {
        assert!(names.contains(&name), "{names:?}");
    }
    let helen = rows
        .iter()
        .find(|r| r["applicant_name"] == "Helen Incredible")
        .unwrap();
    let alice = rows
        .iter()
        .find(|r| r["applicant_name"] == "Alice Incredible")
        .unwrap();
    assert_eq!(helen["group_id"], alice["group_id"]);
    let waiting = rows
        .iter()
        .filter(|r| r["actions"][0] == "action_required")
        .count();
    assert_eq!(waiting, 2);
    let messages = portal
        .call("GET", "/api/v1/account/messages", Some(&token), None)
        .await;
    let subjects: Vec<&str> = messages.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert!(
        subjects.contains(&"Enrolment request submitted"),
        "{subjects:?}"
    );
    assert!(
        subjects.contains(&"Enrolment request approved"),
        "{subjects:?}"
    );

    // The officer signs in too; a second run leaves the database alone.
    let officer = portal
        .call(
            "POST",
            "/api/v1/sessions",
            None,
            Some(json!({"email": "officer@demo.example", "password": "Cedar#Harbour26"})),
        )
        .await;
    assert_eq!(officer.status, 201, "{:?}", officer.body);
    let again = portal.cli_result(&["demo"]);
    assert!(!again.0, "a second run must fail");
    assert!(again.1.contains("already holds the demo"), "{}", again.1);
}
