//! In-process tests of the requests refused before an operation runs: the answer names the
//! field and what it expects, in the API's words. The ports are mocks without expectations,
//! so any request that reached a use case would fail these tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use async_trait::async_trait;
use poem::http::{Method, StatusCode};
use poem::{Endpoint, Request, Response};
use portal_domain::account::{
    AccountPorts, AccountService, AccountSettings, MockAccountRepository, MockEmailChangeStore,
    MockInboxStore, MockResetCodeStore, MockSessionStore, MockThrottleStore,
};
use portal_domain::application::{
    ApplicationPorts, ApplicationService, ApplicationSettings, MockApplicationRepository,
    MockDocumentRepository, MockDocumentStore,
};
use portal_domain::audit::{AuditService, MockAuditTrail};
use portal_domain::casework::{CaseworkPorts, CaseworkService, MockCaseworkRepository};
use portal_domain::clock::MockClock;
use portal_domain::enquiry::MockEnquiryRepository;
use portal_domain::ids::MockIdGenerator;
use portal_domain::secrets::{MockPasswordHasher, MockSecretGenerator};
use portal_http::{AppState, HttpSettings, Readiness};
use serde_json::Value;

struct Ready;

#[async_trait]
impl Readiness for Ready {
    async fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

fn app() -> impl Endpoint<Output = Response> {
    let accounts = AccountService::new(
        AccountPorts {
            accounts: Arc::new(MockAccountRepository::new()),
            sessions: Arc::new(MockSessionStore::new()),
            reset_codes: Arc::new(MockResetCodeStore::new()),
            email_changes: Arc::new(MockEmailChangeStore::new()),
            inbox: Arc::new(MockInboxStore::new()),
            enquiries: Arc::new(MockEnquiryRepository::new()),
            throttle: Arc::new(MockThrottleStore::new()),
            files: Arc::new(MockDocumentStore::new()),
            hasher: Arc::new(MockPasswordHasher::new()),
            secrets: Arc::new(MockSecretGenerator::new()),
            clock: Arc::new(MockClock::new()),
            ids: Arc::new(MockIdGenerator::new()),
        },
        AccountSettings::default(),
    );
    let applications = ApplicationService::new(
        ApplicationPorts {
            applications: Arc::new(MockApplicationRepository::new()),
            accounts: Arc::new(MockAccountRepository::new()),
            documents: Arc::new(MockDocumentRepository::new()),
            store: Arc::new(MockDocumentStore::new()),
            clock: Arc::new(MockClock::new()),
            ids: Arc::new(MockIdGenerator::new()),
            audit: Arc::new(MockAuditTrail::new()),
        },
        ApplicationSettings::default(),
    );
    let casework = CaseworkService::new(
        CaseworkPorts {
            cases: Arc::new(MockCaseworkRepository::new()),
            accounts: Arc::new(MockAccountRepository::new()),
            clock: Arc::new(MockClock::new()),
            ids: Arc::new(MockIdGenerator::new()),
        },
        "http://127.0.0.1",
    );
    portal_http::app(AppState::new(
        accounts,
        applications,
        casework,
        AuditService::new(Arc::new(MockAuditTrail::new())),
        Arc::new(Ready),
        Arc::new(MockClock::new()),
        HttpSettings::default(),
    ))
}

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
