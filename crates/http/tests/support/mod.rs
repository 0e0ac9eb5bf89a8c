//! An application over mock ports without expectations: any request that reached a use
//! case would fail the test that sent it.
#![allow(dead_code)]

use std::sync::Arc;

use async_trait::async_trait;
use poem::{Endpoint, Response};
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

struct Ready;

#[async_trait]
impl Readiness for Ready {
    async fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

pub fn app() -> impl Endpoint<Output = Response> {
    app_with(HttpSettings::default())
}

/// The application with the given HTTP settings.
pub fn app_with(settings: HttpSettings) -> impl Endpoint<Output = Response> {
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
            wording: Arc::new(portal_http::i18n::FluentWording),
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
            wording: Arc::new(portal_http::i18n::FluentWording),
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
            wording: Arc::new(portal_http::i18n::FluentWording),
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
        settings,
    ))
}
