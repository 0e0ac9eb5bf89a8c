//! In-process tests of the requests refused before an operation runs: the answer names the
//! field and what it expects, in the API's words. The ports are mocks without expectations,
//! so any request that reached a use case would fail these tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use poem::http::{Method, StatusCode};
use poem::{Endpoint, Request};
use serde_json::Value;
use support::app;

async fn send(method: Method, uri: &str, body: Option<&str>) -> (StatusCode, Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(uri.parse().unwrap())
        .header("authorization", "Bearer some-token");
    if body.is_some() {
        request = request.content_type("application/json");
    }
    let request = request.body(body.unwrap_or_default().to_owned());
    let response = app().call(request).await.unwrap();
    let status = response.status();
    let text = response.into_body().into_string().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[tokio::test]
async fn page_minus_one_and_page_zero_get_the_same_answer_naming_the_parameter() {
    let (zero_status, zero) = send(Method::GET, "/api/v1/applications?page=0", None).await;
    let (negative_status, negative) = send(Method::GET, "/api/v1/applications?page=-1", None).await;

    assert_eq!(
        (zero_status, negative_status),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::UNPROCESSABLE_ENTITY
        )
    );
    assert_eq!(zero, negative);
    assert_eq!(zero["fields"][0]["field"], "page");
    assert_eq!(
        zero["fields"][0]["message"],
        "Enter a whole number of 1 or more."
    );
}

#[tokio::test]
async fn a_sign_in_body_of_the_wrong_shape_names_each_field() {
    let (status, body) = send(
        Method::POST,
        "/api/v1/sessions",
        Some(r#"{"email": {"at": "example.com"}}"#),
    )
    .await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<(&str, &str)> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(fields, [("email", "invalid"), ("password", "required")]);
    assert!(!body.to_string().contains("SignInRequest"), "{body}");
}

#[tokio::test]
async fn an_undeclared_method_lists_the_declared_ones_in_allow() {
    let request = Request::builder()
        .method(Method::PUT)
        .uri("/api/v1/sessions/current".parse().unwrap())
        .finish();

    let response = app().call(request).await.unwrap();

    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()["allow"], "DELETE");
}
