//! End-to-end: the attacks the account operations must withstand, fired at the real `portal`
//! binary with requests in parallel, on SQLite and (when `PORTAL_TEST_DATABASE_URL` is set)
//! on PostgreSQL, some across two processes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::IpAddr;

use portal_e2e::{Backend, Portal};
use serde_json::{Value, json};

const PASSWORD: &str = "Maple#Tundra42x";
/// The per-address request limit is turned off so that only the account rules answer, and
/// every wait of the sign-in throttle lasts ten minutes, so that no wait ends while a test
/// runs, however slow the machine.
const SETTINGS: &[(&str, &str)] = &[
    ("PORTAL_AUTH_RATE_LIMIT", "0"),
    ("PORTAL_SIGN_IN_WAITS", "600"),
];

/// Status and body of one request.
type Answer = (u16, Value);

/// Sends `method path` with `body` from a client bound to `from`.
async fn send(
    client: &reqwest::Client,
    url: String,
    method: reqwest::Method,
    token: Option<String>,
    body: Value,
) -> Answer {
    let mut request = client.request(method, url).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A client whose connections come from `address` (any 127.x.y.z reaches the server).
fn client_from(address: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::from(address))
        .build()
        .unwrap()
}

/// Sends every request at once and returns the answers in the order given.
async fn all_at_once(
    client: &reqwest::Client,
    requests: Vec<(String, reqwest::Method, Option<String>, Value)>,
) -> Vec<Answer> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|(url, method, token, body)| {
            let client = client.clone();
            tokio::spawn(async move { send(&client, url, method, token, body).await })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

async fn sign_in_from(
    client: &reqwest::Client,
    portal: &Portal,
    email: &str,
    password: &str,
) -> Answer {
    send(
        client,
        portal.at("/api/v1/sessions"),
        reqwest::Method::POST,
        None,
        json!({"email": email, "password": password}),
    )
    .await
}

/// A portal with an approved representative `email` whose password is [`PASSWORD`].
async fn portal_with_representative(backend: &Backend, email: &str) -> Portal {
    let portal = Portal::start_on(backend, SETTINGS).await;
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    portal.enrol_and_approve(&officer, email).await;
    portal
}

fn statuses(answers: &[Answer]) -> Vec<u16> {
    answers.iter().map(|(s, _)| *s).collect()
}

fn count(answers: &[Answer], status: u16) -> usize {
    answers.iter().filter(|(s, _)| *s == status).count()
}

#[tokio::test]
async fn four_concurrent_wrong_passwords_all_count_and_the_next_try_is_throttled() {
    for backend in Backend::all() {
        let email = "parallel@cicc.example.com";
        let portal = portal_with_representative(&backend, email).await;
        let client = client_from([127, 0, 0, 1]);
        let wrong = |_| {
            (
                portal.at("/api/v1/sessions"),
                reqwest::Method::POST,
                None,
                json!({"email": email, "password": "Wrong#Pass123"}),
            )
        };

        let answers = all_at_once(&client, (0..4).map(wrong).collect()).await;

        assert_eq!(statuses(&answers), [401; 4], "{backend:?} {answers:?}");
        // Four failures were counted, so the fourth imposed a wait: the right password waits.
        let next = sign_in_from(&client, &portal, email, PASSWORD).await;
        assert_eq!(next.0, 429, "{backend:?} {next:?}");
        assert_eq!(next.1["code"], "too_many_attempts");
    }
}

#[tokio::test]
async fn twenty_four_concurrent_wrong_passwords_get_no_more_checks_than_the_throttle_allows() {
    for backend in Backend::all() {
        let email = "flood@cicc.example.com";
        let portal = portal_with_representative(&backend, email).await;
        let client = client_from([127, 0, 0, 1]);
        let wrong = |_| {
            (
                portal.at("/api/v1/sessions"),
                reqwest::Method::POST,
                None,
                json!({"email": email, "password": "Wrong#Pass123"}),
            )
        };

        let answers = all_at_once(&client, (0..24).map(wrong).collect()).await;

        // Three free failures, then the fourth imposes a wait: the rest are refused unchecked.
        assert_eq!(count(&answers, 401), 4, "{backend:?} {answers:?}");
        assert_eq!(count(&answers, 429), 20, "{backend:?} {answers:?}");
        let next = sign_in_from(&client, &portal, email, PASSWORD).await;
        assert_eq!(next.0, 429, "{backend:?} {next:?}");
    }
}

#[tokio::test]
async fn a_flood_from_one_address_leaves_the_owner_at_another_address_signing_in() {
    for backend in Backend::all() {
        let email = "owner@cicc.example.com";
        let portal = portal_with_representative(&backend, email).await;
        let attacker = client_from([127, 0, 0, 66]);
        let owner = client_from([127, 0, 0, 7]);
        let wrong = |_| {
            (
                portal.at("/api/v1/sessions"),
                reqwest::Method::POST,
                None,
                json!({"email": email, "password": "Wrong#Pass123"}),
            )
        };

        let flood = all_at_once(&attacker, (0..24).map(wrong).collect()).await;
        assert!(count(&flood, 429) > 0, "{flood:?}");
        // And one at a time, as a flood that waits for each answer does: it is made to wait.
        let mut one_at_a_time = Vec::new();
        for _ in 0..6 {
            one_at_a_time.push(sign_in_from(&attacker, &portal, email, "Wrong#Pass123").await);
        }
        assert!(count(&one_at_a_time, 429) > 0, "{one_at_a_time:?}");

        let signed_in = sign_in_from(&owner, &portal, email, PASSWORD).await;
        assert_eq!(signed_in.0, 201, "{backend:?} {signed_in:?}");
    }
}

#[tokio::test]
async fn a_control_character_in_the_sign_in_email_is_refused_not_a_server_error() {
    for backend in Backend::all() {
        let portal = Portal::start_on(&backend, SETTINGS).await;
        let client = client_from([127, 0, 0, 1]);
        for email in [
            "nul\u{0}@cicc.example.com",
            "tab\t@cicc.example.com",
            "\u{1b}x@y.ca",
        ] {
            let answer = sign_in_from(&client, &portal, email, PASSWORD).await;
            assert!(
                answer.0 == 401 || answer.0 == 422,
                "{backend:?} {email:?} {answer:?}"
            );
        }
    }
}

/// Requests a reset code for `email` and returns it from its mail (the latest code mail).
async fn reset_code(portal: &Portal, email: &str) -> String {
    let codes_before = code_mails(portal, email).len();
    let asked = portal
        .call(
            "POST",
            "/api/v1/password-resets",
            None,
            Some(json!({"email": email})),
        )
        .await;
    assert_eq!(asked.status, 202);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let mails = code_mails(portal, email);
        if mails.len() > codes_before {
            return mails[mails.len() - 1].code();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no code mail to {email}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn code_mails(portal: &Portal, email: &str) -> Vec<portal_e2e::Mail> {
    portal_e2e::read_mails(&portal.outbox())
        .into_iter()
        .filter(|m| m.to.contains(email) && m.subject.contains("verification code"))
        .collect()
}

fn confirm(
    portal: &Portal,
    email: &str,
    code: &str,
    password: &str,
) -> (String, reqwest::Method, Option<String>, Value) {
    (
        portal.at("/api/v1/password-resets/confirm"),
        reqwest::Method::POST,
        None,
        json!({"email": email, "code": code, "new_password": password, "confirm_password": password}),
    )
}

#[tokio::test]
async fn thirty_concurrent_confirms_check_the_code_no_more_than_five_times() {
    for backend in Backend::all() {
        let email = "guess@cicc.example.com";
        let portal = portal_with_representative(&backend, email).await;
        let code = reset_code(&portal, email).await;
        // The right code with the current password as the new one: each confirm whose code
        // is checked is refused for the password, so the answers tell how many were checked.
        let requests = (0..30)
            .map(|_| confirm(&portal, email, &code, PASSWORD))
            .collect();

        let answers = all_at_once(&portal.http, requests).await;

        let checked = answers
            .iter()
            .filter(|(_, b)| b["fields"][0]["field"] == "new_password")
            .count();
        let refused = answers
            .iter()
            .filter(|(_, b)| b["fields"][0]["code"] == "invalid_code")
            .count();
        assert_eq!((checked, refused), (5, 25), "{backend:?} {answers:?}");
        // The code is void now, even with a good new password.
        let after = all_at_once(
            &portal.http,
            vec![confirm(&portal, email, &code, "Birch!Harbor58w")],
        )
        .await;
        assert_eq!(after[0].0, 422, "{after:?}");
    }
}

#[tokio::test]
async fn the_same_reset_code_confirmed_twice_at_once_resets_once_and_never_fails() {
    for backend in Backend::all() {
        let email = "twice@cicc.example.com";
        let portal = portal_with_representative(&backend, email).await;
        // On PostgreSQL the two confirms go to two processes sharing the database.
        let second = match backend {
            Backend::Postgres(_) => Some(portal.start_beside(SETTINGS)),
            Backend::Sqlite => None,
        };
        let other = second.as_ref().unwrap_or(&portal);
        for round in 0..3 {
            let code = reset_code(&portal, email).await;
            let password = format!("Birch!Harbor5{round}w");
            let requests = vec![
                confirm(&portal, email, &code, &password),
                confirm(other, email, &code, &password),
            ];

            let answers = all_at_once(&portal.http, requests).await;

            let mut got = statuses(&answers);
            got.sort_unstable();
            assert_eq!(got, [204, 422], "{backend:?} round {round}: {answers:?}");
            let refused = answers.iter().find(|(s, _)| *s == 422).unwrap();
            assert_eq!(
                refused.1["fields"][0]["code"], "invalid_code",
                "{refused:?}"
            );
        }
    }
}

async fn signed_in_token(portal: &Portal, email: &str, password: &str) -> String {
    let client = client_from([127, 0, 0, 1]);
    let answer = sign_in_from(&client, portal, email, password).await;
    assert_eq!(answer.0, 201, "{answer:?}");
    answer.1["token"].as_str().unwrap().to_owned()
}

fn change(
    portal: &Portal,
    token: &str,
    current: &str,
    new: &str,
) -> (String, reqwest::Method, Option<String>, Value) {
    (
        portal.at("/api/v1/account/password"),
        reqwest::Method::PUT,
        Some(token.to_owned()),
        json!({"current_password": current, "new_password": new, "confirm_password": new}),
    )
}

#[tokio::test]
async fn two_concurrent_password_changes_change_it_once_and_never_fail() {
    for backend in Backend::all() {
        let email = "changes@cicc.example.com";
        let portal = portal_with_representative(&backend, email).await;
        let second = match backend {
            Backend::Postgres(_) => Some(portal.start_beside(SETTINGS)),
            Backend::Sqlite => None,
        };
        let other = second.as_ref().unwrap_or(&portal);
        let mut current = PASSWORD.to_owned();
        for round in 0..3 {
            let token = signed_in_token(&portal, email, &current).await;
            let first_new = format!("Birch!Harbor5{round}w");
            let second_new = format!("Aspen%Coast7{round}r");
            let requests = vec![
                change(&portal, &token, &current, &first_new),
                change(other, &token, &current, &second_new),
            ];

            let answers = all_at_once(&portal.http, requests).await;

            assert_eq!(
                count(&answers, 200),
                1,
                "{backend:?} round {round}: {answers:?}"
            );
            let loser = answers.iter().find(|(s, _)| *s != 200).unwrap();
            assert!(
                [401, 409, 422].contains(&loser.0),
                "{backend:?} round {round}: {answers:?}"
            );
            current = if answers[0].0 == 200 {
                first_new
            } else {
                second_new
            };
        }
    }
}

#[tokio::test]
async fn wrong_current_passwords_count_against_the_sign_in_throttle_and_end_the_session() {
    for backend in Backend::all() {
        let email = "stolen@cicc.example.com";
        let portal = portal_with_representative(&backend, email).await;
        let token = signed_in_token(&portal, email, PASSWORD).await;
        let client = client_from([127, 0, 0, 1]);

        let mut answers = Vec::new();
        let mut sign_in_after_the_fourth = None;
        for n in 0..25 {
            let (url, method, token, body) = change(
                &portal,
                &token,
                &format!("Guess#{n:04}xyz"),
                "Birch!Harbor58w",
            );
            answers.push(send(&client, url, method, token, body).await);
            if n == 3 {
                // The guesses count against sign-in from this address too: it waits now.
                sign_in_after_the_fourth =
                    Some(sign_in_from(&client, &portal, email, PASSWORD).await);
            }
        }

        let wrong_password = answers
            .iter()
            .filter(|(_, b)| b["fields"][0]["code"] == "wrong_password")
            .count();
        assert_eq!(wrong_password, 3, "{backend:?} {answers:?}");
        assert_eq!(answers[3].1["code"], "signed_out", "{answers:?}");
        assert!(answers[3..].iter().all(|(s, _)| *s == 401), "{answers:?}");
        let sign_in = sign_in_after_the_fourth.unwrap();
        assert_eq!(sign_in.0, 429, "{sign_in:?}");
    }
}

#[tokio::test]
async fn signing_out_with_a_token_that_is_no_session_is_unauthorized() {
    let portal = Portal::start();
    for token in ["garbage", "dGhpcyBpcyBub3QgYSB0b2tlbg", &"A".repeat(43)] {
        let answer = portal
            .call("DELETE", "/api/v1/sessions/current", Some(token), None)
            .await;
        assert_eq!(answer.status, 401, "{token}: {:?}", answer.body);
    }
}
