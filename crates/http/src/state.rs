//! What every handler can reach: the use cases, the readiness probe, and the settings of
//! the HTTP layer.

use std::sync::Arc;

use async_trait::async_trait;
use portal_domain::Clock;
use portal_domain::account::AccountService;
use portal_domain::application::ApplicationService;
use portal_domain::audit::AuditService;
use portal_domain::casework::CaseworkService;

use crate::metrics::Metrics;
use crate::rate_limit::RateLimiter;
use crate::server::ConnectionStats;

/// Answers whether the service can serve requests (the database is reachable).
#[async_trait]
pub trait Readiness: Send + Sync {
    /// `Ok(())` when ready, or a reason for the log.
    async fn check(&self) -> Result<(), String>;
}

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Requests per minute one client address may make to the sign-in, enrolment and
    /// password-reset operations.
    pub auth_requests_per_minute: u32,
    /// The product name shown in titles.
    pub product_name: String,
    /// Send `Strict-Transport-Security` (the portal is reached over HTTPS).
    pub strict_transport_security: bool,
    /// Credential operations (enrolment, sign-in, reset code request and confirmation) in
    /// progress at once; the others wait their turn.
    pub credential_concurrency: usize,
    /// The pages are served over HTTPS: cookies are `Secure` and take the `__Host-` prefix.
    pub secure_cookies: bool,
    /// The key that seals the pages' form tokens (CSRF); every process of one deployment
    /// must share it.
    pub form_key: FormKey,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            auth_requests_per_minute: 30,
            product_name: "Representative Portal".to_owned(),
            strict_transport_security: false,
            credential_concurrency: 2,
            secure_cookies: false,
            form_key: FormKey::random(),
        }
    }
}

/// Shared state of the HTTP layer. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The account use cases.
    pub accounts: AccountService,
    /// The application use cases.
    pub applications: ApplicationService,
    /// The department's casework.
    pub casework: CaseworkService,
    /// The audit trail's searches.
    pub audit: AuditService,
    /// Readiness probe.
    pub readiness: Arc<dyn Readiness>,
    /// The time, for rate limiting.
    pub clock: Arc<dyn Clock>,
    /// Settings.
    pub settings: HttpSettings,
    pub(crate) metrics: Metrics,
    pub(crate) limiter: RateLimiter,
    pub(crate) credential_slots: Arc<tokio::sync::Semaphore>,
    /// Counters of the connection layer, for `/metrics`.
    pub connections: Arc<ConnectionStats>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// State over the given use cases and probe.
    pub fn new(
        accounts: AccountService,
        applications: ApplicationService,
        casework: CaseworkService,
        audit: AuditService,
        readiness: Arc<dyn Readiness>,
        clock: Arc<dyn Clock>,
        settings: HttpSettings,
    ) -> Self {
        let limiter = RateLimiter::new(settings.auth_requests_per_minute);
        let credential_slots = Arc::new(tokio::sync::Semaphore::new(
            settings.credential_concurrency.max(1),
        ));
        Self {
            accounts,
            applications,
            casework,
            audit,
            readiness,
            clock,
            settings,
            metrics: Metrics::default(),
            limiter,
            connections: Arc::default(),
            credential_slots,
        }
    }
}

/// The 256-bit key that seals the pages' form tokens. Never printed.
#[derive(Clone, Copy)]
pub struct FormKey(pub [u8; 32]);

impl FormKey {
    /// A fresh random key, for a deployment of one process (tokens do not survive a
    /// restart).
    pub fn random() -> Self {
        let mut key = [0_u8; 32];
        key[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        key[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        Self(key)
    }
}

impl std::fmt::Debug for FormKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormKey([redacted])")
    }
}
