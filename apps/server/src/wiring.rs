//! Builds the adapters from configuration, wires them into the use cases, and runs the
//! server with its background jobs until a shutdown signal.

use portal_http::i18n::FluentWording;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use anyhow::Context;
use async_trait::async_trait;
use portal_crypto::{Argon2Hasher, HashParams, OsSecretGenerator, TimeOrderedIds};
use portal_domain::account::{
    AccountPorts, AccountService, AccountSettings, PasswordContext, PasswordPolicy, ThrottlePolicy,
};
use portal_domain::application::{ApplicationPorts, ApplicationService, ApplicationSettings};
use portal_domain::audit::AuditService;
use portal_domain::casework::{CaseworkPorts, CaseworkService};
use portal_domain::clock::Clock;
use portal_email::{DeliverySettings, DeliveryWorker, MailerConfig, Sender};
use portal_http::state::FormKey;
use portal_http::{AppState, ConnectionLimits, HttpSettings, Readiness};
use portal_persistence::{Database, LocalDocumentStore};
use secrecy::SecretString;
use time::{Duration, OffsetDateTime};
use tokio::sync::watch;

use crate::config::{Common, MetricsListen, ServeArgs};

/// The system clock.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// Ready when the database answers.
struct DatabaseReadiness(Database);

#[async_trait]
impl Readiness for DatabaseReadiness {
    async fn check(&self) -> Result<(), String> {
        self.0.ping().await.map_err(|e| e.to_string())
    }
}

/// Opens the database, creating the folder of a SQLite file, and applies migrations.
pub async fn open_database(common: &Common) -> anyhow::Result<Database> {
    if let Some(rest) = common.database_url.strip_prefix("sqlite://") {
        let path = rest.split('?').next().unwrap_or_default();
        if let Some(parent) = Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).with_context(|| {
                format!("cannot create the database folder {}", parent.display())
            })?;
        }
    }
    let db = match common.database_pool_size {
        Some(size) => Database::connect_with_pool_size(&common.database_url, size).await,
        None => Database::connect(&common.database_url).await,
    }
    .context("cannot open the database")?;
    db.migrate()
        .await
        .context("cannot apply database migrations")?;
    Ok(db)
}

pub fn password_policy(common: &Common) -> anyhow::Result<PasswordPolicy> {
    PasswordPolicy::new(
        common.password_min_length,
        common.password_max_length,
        common.password_composition,
        common.password_min_score,
    )
    .context("invalid password policy settings")
}

pub fn account_service(
    common: &Common,
    args: &ServeArgs,
    db: &Database,
    settings: AccountSettings,
) -> anyhow::Result<AccountService> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let hasher = Argon2Hasher::new(
        HashParams::default(),
        common.hash_concurrency.unwrap_or(cores),
    )
    .context("invalid password hashing settings")?;
    let ports = AccountPorts {
        accounts: Arc::new(db.accounts()),
        sessions: Arc::new(db.sessions()),
        reset_codes: Arc::new(db.reset_codes()),
        throttle: Arc::new(db.throttle()),
        email_changes: Arc::new(db.email_changes()),
        inbox: Arc::new(db.inbox()),
        enquiries: Arc::new(db.enquiries()),
        files: Arc::new(LocalDocumentStore::new(&args.documents_dir)),
        hasher: Arc::new(hasher),
        secrets: Arc::new(OsSecretGenerator::new()),
        clock: Arc::new(SystemClock),
        wording: Arc::new(FluentWording),
        ids: Arc::new(TimeOrderedIds),
    };
    Ok(AccountService::new(ports, settings))
}

/// The application use cases over the database and the document folder.
pub fn application_service(
    args: &ServeArgs,
    db: &Database,
    clock: Arc<dyn Clock>,
    public_base_url: &str,
) -> ApplicationService {
    let ports = ApplicationPorts {
        applications: Arc::new(db.applications()),
        accounts: Arc::new(db.accounts()),
        documents: Arc::new(db.documents()),
        store: Arc::new(LocalDocumentStore::new(&args.documents_dir)),
        clock,
        wording: Arc::new(FluentWording),
        ids: Arc::new(TimeOrderedIds),
        audit: Arc::new(db.audit()),
    };
    let settings = ApplicationSettings {
        draft_lifetime_days: args.draft_lifetime_days,
        max_upload_bytes: args.max_upload_mb.saturating_mul(1024 * 1024),
        expiry_warning_days: args.expiry_warning_days,
        public_base_url: public_base_url.to_owned(),
    };
    ApplicationService::new(ports, settings)
}

/// The department's casework over the database.
pub fn casework_service(
    db: &Database,
    clock: Arc<dyn Clock>,
    public_base_url: &str,
) -> CaseworkService {
    let ports = CaseworkPorts {
        cases: Arc::new(db.casework()),
        accounts: Arc::new(db.accounts()),
        clock,
        wording: Arc::new(FluentWording),
        ids: Arc::new(TimeOrderedIds),
    };
    CaseworkService::new(ports, public_base_url)
}

/// `portal serve` (the default).
pub async fn serve(common: &Common, args: &ServeArgs) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let policy = password_policy(common)?;
    // The first guessability check loads dictionaries; do it now, not in a request.
    let warm = policy.clone();
    tokio::task::spawn_blocking(move || {
        warm.check(
            &SecretString::from("Warm-up#2024".to_owned()),
            PasswordContext::default(),
        )
    });
    // Audit entries written while serving a request carry its client address.
    let db = open_database(common)
        .await?
        .with_request_origin(Arc::new(portal_http::origin::ServingRequest));

    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let local = listener
        .local_addr()
        .context("the listener has no address")?;
    let ops_listener = match args.metrics_listen {
        MetricsListen::At(address) => Some(
            tokio::net::TcpListener::bind(address)
                .await
                .with_context(|| format!("cannot listen for metrics on {address}"))?,
        ),
        MetricsListen::Off => None,
    };
    let base_url = args
        .public_base_url
        .clone()
        .unwrap_or_else(|| format!("http://{local}"));

    let waits: Vec<Duration> = args
        .sign_in_waits
        .iter()
        .map(|s| Duration::seconds(i64::from(*s)))
        .collect();
    let settings = AccountSettings {
        password_policy: policy,
        session_idle_timeout: Duration::minutes(args.session_idle_minutes),
        session_absolute_timeout: Duration::hours(args.session_absolute_hours),
        reset_code_ttl: Duration::minutes(args.reset_code_minutes),
        throttle: ThrottlePolicy {
            delays: waits.clone(),
            ..ThrottlePolicy::default()
        },
        account_throttle: ThrottlePolicy {
            delays: waits,
            ..ThrottlePolicy::for_every_address()
        },
        public_base_url: base_url.clone(),
        max_upload_bytes: args.max_upload_mb.saturating_mul(1024 * 1024),
        ..AccountSettings::default()
    };
    let service = account_service(common, args, &db, settings)?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let applications = application_service(args, &db, clock.clone(), &base_url);
    let http_settings = HttpSettings {
        auth_requests_per_minute: args.auth_rate_limit,
        strict_transport_security: base_url.starts_with("https://"),
        secure_cookies: base_url.starts_with("https://"),
        form_key: args
            .form_key
            .as_ref()
            .map_or_else(FormKey::random, |key| FormKey(key.0)),
        credential_concurrency: common
            .hash_concurrency
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from)),
        ..HttpSettings::default()
    };
    let readiness = Arc::new(DatabaseReadiness(db.clone()));
    let casework = casework_service(&db, clock.clone(), &base_url);
    let state = AppState::new(
        service,
        applications.clone(),
        casework,
        AuditService::new(Arc::new(db.audit())),
        readiness,
        clock.clone(),
        http_settings,
    );

    let (stop_tx, stop_rx) = watch::channel(false);
    let worker = mail_worker(args, &db, clock.clone())?;
    let worker_stop = wait_for(stop_rx.clone());
    let worker_task = tokio::spawn(async move { worker.run(worker_stop).await });
    let cleanup_task = tokio::spawn(session_cleanup(
        state.accounts.clone(),
        wait_for(stop_rx.clone()),
    ));
    let statistics_task = tokio::spawn(statistics_refresh(db.clone(), wait_for(stop_rx.clone())));
    let expiry_every = StdDuration::from_secs(args.expiry_interval_seconds.max(1));
    let expiry_task = tokio::spawn(draft_expiry(
        applications,
        expiry_every,
        wait_for(stop_rx.clone()),
    ));

    let limits = connection_limits(args);
    let connections = state.connections.clone();
    let ops_task = match ops_listener {
        Some(listener) => {
            let address = listener
                .local_addr()
                .context("the metrics listener has no address")?;
            println!("portal metrics on http://{address}/metrics");
            let ops_limits = ConnectionLimits {
                max_connections: 64,
                ..limits
            };
            Some(tokio::spawn(portal_http::serve(
                listener,
                portal_http::ops_app(state.clone()),
                ops_limits,
                Arc::default(),
                wait_for(stop_rx.clone()),
                StdDuration::from_secs(1),
            )))
        }
        None => None,
    };

    println!("portal listening on http://{local}");
    tracing::info!(address = %local, base_url = %base_url, startup_ms = started.elapsed().as_millis() as u64, "portal started");

    let grace = StdDuration::from_secs(args.shutdown_grace_seconds);
    portal_http::serve(
        listener,
        portal_http::app(state),
        limits,
        connections,
        shutdown_signal(),
        grace,
    )
    .await
    .context("the server failed")?;
    tracing::info!("requests finished; stopping background jobs");
    let _ = stop_tx.send(true);
    worker_task.await.context("the mail worker panicked")?;
    cleanup_task.await.context("the cleanup job panicked")?;
    statistics_task
        .await
        .context("the statistics refresh panicked")?;
    if let Some(task) = ops_task {
        task.await
            .context("the metrics listener panicked")?
            .context("the metrics listener failed")?;
    }
    expiry_task.await.context("the draft expiry job panicked")?;
    tracing::info!("portal stopped");
    Ok(())
}

/// The connection limits from the settings, with the connection cap lowered to what the
/// process's open-file limit leaves room for (after raising the soft limit to the hard one).
fn connection_limits(args: &ServeArgs) -> ConnectionLimits {
    /// Descriptors kept for the database, mail, documents and logs.
    const RESERVED: u64 = 256;
    let wanted = args.max_connections.max(1);
    let max_connections = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => {
            let room =
                usize::try_from(limit.saturating_sub(RESERVED).max(16)).unwrap_or(usize::MAX);
            if room < wanted {
                tracing::warn!(
                    wanted,
                    allowed = room,
                    open_files = limit,
                    "the open-file limit leaves room for fewer connections than --max-connections"
                );
            }
            wanted.min(room)
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the open-file limit");
            wanted
        }
    };
    ConnectionLimits {
        header_read_timeout: StdDuration::from_secs(args.header_timeout_seconds.max(1)),
        body_read_timeout: StdDuration::from_secs(args.body_timeout_seconds.max(1)),
        keep_alive_timeout: StdDuration::from_secs(args.keep_alive_seconds.max(1)),
        max_connections,
    }
}

fn mail_worker(
    args: &ServeArgs,
    db: &Database,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<DeliveryWorker> {
    let config = match &args.smtp_url {
        Some(url) => MailerConfig::Smtp(url.clone()),
        None => MailerConfig::Folder(args.outbox_dir.clone()),
    };
    let sender = Sender::parse(&args.mail_from).context("invalid --mail-from")?;
    let transport = portal_email::transport(&config, sender).context("invalid mail settings")?;
    let settings = DeliverySettings {
        poll_interval: StdDuration::from_millis(args.outbox_poll_ms),
        ..DeliverySettings::default()
    };
    Ok(DeliveryWorker::new(
        Arc::new(db.outbox()),
        transport,
        clock,
        settings,
    ))
}

/// Deletes timed-out sessions every five minutes until stopped.
async fn session_cleanup(accounts: AccountService, stop: impl std::future::Future<Output = ()>) {
    tokio::pin!(stop);
    loop {
        match accounts.end_expired_sessions().await {
            Ok(n) if n > 0 => tracing::info!(sessions = n, "expired sessions deleted"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "expired session cleanup failed"),
        }
        tokio::select! {
            () = &mut stop => return,
            () = tokio::time::sleep(StdDuration::from_secs(300)) => {}
        }
    }
}

/// Refreshes the query planner's statistics hourly until stopped (SQLite keeps its
/// connections open, so closing them no longer does it; see `Database::optimize`).
async fn statistics_refresh(db: Database, stop: impl std::future::Future<Output = ()>) {
    const EVERY: StdDuration = StdDuration::from_secs(3600);
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => return,
            () = tokio::time::sleep(EVERY) => {}
        }
        if let Err(e) = db.optimize().await {
            tracing::warn!(error = %e, "refreshing the planner statistics failed");
        }
    }
}

/// Warns of drafts near their last day and deletes expired ones, at start-up and then every
/// `every` until stopped (F12).
async fn draft_expiry(
    applications: ApplicationService,
    every: StdDuration,
    stop: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(stop);
    loop {
        match warn_all(&applications).await {
            Ok(n) if n > 0 => tracing::info!(drafts = n, "owners warned of drafts expiring"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "draft expiry warnings failed"),
        }
        match purge_all(&applications).await {
            Ok(n) if n > 0 => tracing::info!(drafts = n, "expired drafts deleted"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "expired draft cleanup failed"),
        }
        tokio::select! {
            () = &mut stop => return,
            () = tokio::time::sleep(every) => {}
        }
    }
}

/// Deletes every expired draft, in batches.
pub async fn purge_all(applications: &ApplicationService) -> anyhow::Result<u64> {
    in_batches(|batch| applications.purge_expired(batch)).await
}

/// Warns the owners of every draft due a warning (F12), a batch at a time; returns how many.
pub async fn warn_all(applications: &ApplicationService) -> anyhow::Result<u64> {
    in_batches(|batch| applications.warn_expiring_drafts(batch)).await
}

/// Runs `step` on batches of 500 until one does fewer; returns how many it did in all.
async fn in_batches<F, Fut>(mut step: F) -> anyhow::Result<u64>
where
    F: FnMut(u32) -> Fut,
    Fut: std::future::Future<Output = Result<u64, portal_domain::error::UnexpectedError>>,
{
    const BATCH: u32 = 500;
    let mut total = 0;
    loop {
        let done = step(BATCH).await?;
        total += done;
        if done < u64::from(BATCH) {
            return Ok(total);
        }
    }
}

/// Resolves when the flag turns true.
async fn wait_for(mut rx: watch::Receiver<bool>) {
    let _ = rx.wait_for(|stop| *stop).await;
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutdown requested; finishing open requests");
}
