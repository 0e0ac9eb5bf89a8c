//! Opening the database (SQLite or PostgreSQL), migrating it, checking it, and handing out
//! the adapters that share its connection pool.

use std::sync::Arc;

use portal_domain::audit::RequestOrigin;

use crate::effects::Origin;
use std::time::Duration;

use portal_domain::RepositoryError;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

use crate::error::{DatabaseError, db};
use crate::migration::Migrator;
use crate::reads::{HELD_CONNECTIONS, Reads};
use crate::{
    SeaOrmAccountRepository, SeaOrmApplicationRepository, SeaOrmDocumentRepository,
    SeaOrmEmailChangeStore, SeaOrmInboxStore, SeaOrmOutboxQueue, SeaOrmResetCodeStore,
    SeaOrmSessionStore, SeaOrmThrottleStore,
};

/// How long a SQLite writer waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// SQLite in WAL mode serves many readers at once but one writer at a time; a few
/// connections keep reads parallel without queueing many writers on the file lock. Each
/// keeps its own page cache, so more connections cost memory: 8 measured no faster than 4
/// on two cores (`docs/performance.md`).
const SQLITE_POOL_SIZE: u32 = 4;
/// Each SQLite connection's page cache, in KiB (a negative `cache_size`). A name search
/// scans more index pages than a 2 MiB cache holds, so a bigger cache does not serve it
/// and a smaller one saves memory; the other queries read a few dozen pages. Pages missing
/// from it come from the operating system's file cache.
pub(crate) const SQLITE_CACHE_KIB: &str = "-1024";
/// Rows per index that `PRAGMA optimize` samples when it refreshes a table's statistics.
const SQLITE_ANALYSIS_LIMIT: u32 = 1000;
/// Per process, the held read connections included; several processes may share one
/// PostgreSQL server.
const POSTGRES_POOL_SIZE: u32 = 10;
/// What the planner assumes a page read out of order costs, against 1 for one read in
/// order; PostgreSQL's default of 4 is for spinning disks. The portal's indexes and rows
/// are read from memory or SSD, where the two cost nearly the same: at 4, a name search
/// of a book of 20,000 tested every one of its index entries (2.5 ms) rather than read
/// the trigram index's 214 matches (0.9 ms) ([decision 21]).
///
/// [decision 21]: ../../../docs/decisions/0021-postgres-page-cost.md
const POSTGRES_RANDOM_PAGE_COST: &str = "1.1";
/// A pooled connection idle this long is pinged before use (the server or a proxy may
/// have dropped it); busy connections are not pinged on every query.
const PING_IF_IDLE_FOR: Duration = Duration::from_secs(30);
/// Any value; it only has to be the same in every process that migrates.
const MIGRATION_LOCK_KEY: i64 = 0x706f_7274_616c;

/// The portal's database: a connection pool to SQLite or PostgreSQL. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Database {
    conn: DatabaseConnection,
    /// The reads every request makes; on PostgreSQL, connections held beside the pool.
    reads: Reads,
    origin: Origin,
}

impl Database {
    /// Opens a pool of a sensible size for the URL: `sqlite://path?mode=rwc` (a file,
    /// created if missing) or `postgres://user@host:port/db`.
    ///
    /// SQLite connections use `journal_mode=WAL`, `synchronous=FULL`, `foreign_keys=ON`,
    /// a 5 s busy timeout and a 1 MiB page cache; they stay open for the life of the pool
    /// and run `PRAGMA optimize` as they close.
    /// An in-memory SQLite database (`sqlite::memory:`) gets a single connection that is
    /// never recycled, since each connection would otherwise see a database of its own.
    pub async fn connect(url: &str) -> Result<Self, DatabaseError> {
        let size = match backend_of(url)? {
            DbBackend::Sqlite => SQLITE_POOL_SIZE,
            _ => POSTGRES_POOL_SIZE,
        };
        Self::connect_with_pool_size(url, size).await
    }

    /// Like [`Database::connect`], with at most `max_connections` connections. On
    /// PostgreSQL up to 4 of them, and at most half, are held beside the pool for the reads
    /// every request makes (`crate::reads`).
    pub async fn connect_with_pool_size(
        url: &str,
        max_connections: u32,
    ) -> Result<Self, DatabaseError> {
        let backend = backend_of(url)?;
        let max_connections = max_connections.max(1);
        let held = match backend {
            DbBackend::Postgres => (max_connections / 2).min(HELD_CONNECTIONS),
            _ => 0,
        };
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(max_connections - held)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(10))
            .test_before_acquire_if_idle_for(PING_IF_IDLE_FOR)
            // sqlx would log every statement at INFO; failures reach the log through the
            // callers' errors instead.
            .sqlx_logging(false);
        if backend == DbBackend::Sqlite {
            options.map_sqlx_sqlite_opts(|o| {
                // sqlx leaves the journal mode alone unless told; the others are its
                // defaults today, set here so they cannot change under us.
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
                    .pragma("cache_size", SQLITE_CACHE_KIB)
                    .pragma("analysis_limit", SQLITE_ANALYSIS_LIMIT.to_string())
                    .optimize_on_close(true, SQLITE_ANALYSIS_LIMIT)
            });
            // A SQLite connection is a file handle with a page cache: nothing to gain from
            // closing and reopening it. Recycled ones (every 30 minutes by default) came
            // back on new threads and left their old memory with the allocator, a step
            // of some 4 MB in the soak's resident size. The planner's statistics, which
            // closing connections used to refresh, are refreshed by `Database::optimize`.
            options.idle_timeout(None).max_lifetime(None);
            if url.contains(":memory:") || url.contains("mode=memory") {
                options.max_connections(1).min_connections(1);
            }
        } else {
            options.set_application_name("portal");
            // Sent with the connection's start-up message: no statement, no round trip.
            options.map_sqlx_postgres_opts(|o| {
                o.options([("random_page_cost", POSTGRES_RANDOM_PAGE_COST)])
            });
        }
        let conn = sea_orm::Database::connect(options)
            .await
            .map_err(|e| DatabaseError::Connect(Box::new(e)))?;
        Ok(Self {
            reads: Reads::new(conn.clone(), held),
            conn,
            origin: Origin::default(),
        })
    }

    /// Applies every pending migration. Safe when several processes start at once: on
    /// PostgreSQL they take turns under an advisory lock, on SQLite under the write lock;
    /// all of the pending migrations apply, or none.
    pub async fn migrate(&self) -> Result<(), DatabaseError> {
        let run = async {
            let txn = begin_write(&self.conn).await?;
            if self.conn.get_database_backend() == DbBackend::Postgres {
                txn.execute_unprepared(&format!(
                    "SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})"
                ))
                .await?;
            }
            Migrator::up(&txn, None).await?;
            txn.commit().await
        };
        run.await.map_err(|e| DatabaseError::Migrate(Box::new(e)))
    }

    /// Refreshes the query planner's statistics of the tables whose size changed much since
    /// they were last gathered (SQLite's `PRAGMA optimize` over every table, sampling at
    /// most 1,000 rows per index). On PostgreSQL, autovacuum does this and nothing is done.
    /// The server runs it hourly.
    pub async fn optimize(&self) -> Result<(), RepositoryError> {
        if self.conn.get_database_backend() == DbBackend::Sqlite {
            // 0x10002: consider every table, not only those this connection queried.
            self.conn
                .execute_unprepared("PRAGMA optimize(0x10002)")
                .await
                .map_err(db)?;
        }
        Ok(())
    }

    /// Whether the database answers; for readiness checks.
    pub async fn ping(&self) -> Result<(), RepositoryError> {
        self.conn.ping().await.map_err(db)
    }

    /// Closes every pooled connection; for a clean shutdown. Clones stop working too.
    pub async fn close(&self) -> Result<(), RepositoryError> {
        self.reads.close().await;
        self.conn.close_by_ref().await.map_err(db)
    }

    /// The pool, for this crate's bulk work.
    pub(crate) fn connection(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// The account repository.
    pub fn accounts(&self) -> SeaOrmAccountRepository {
        SeaOrmAccountRepository::new(self.conn.clone(), self.origin.clone())
    }

    /// The session store.
    pub fn sessions(&self) -> SeaOrmSessionStore {
        SeaOrmSessionStore::new(self.conn.clone(), self.reads.clone())
    }

    /// The password reset code store.
    pub fn reset_codes(&self) -> SeaOrmResetCodeStore {
        SeaOrmResetCodeStore::new(self.conn.clone(), self.origin.clone())
    }

    /// The pending email change store.
    pub fn email_changes(&self) -> SeaOrmEmailChangeStore {
        SeaOrmEmailChangeStore::new(self.conn.clone())
    }

    /// The account messages (F19).
    pub fn inbox(&self) -> SeaOrmInboxStore {
        SeaOrmInboxStore::new(self.conn.clone())
    }

    /// The sign-in throttle store.
    pub fn throttle(&self) -> SeaOrmThrottleStore {
        SeaOrmThrottleStore::new(self.conn.clone())
    }

    /// The application repository.
    pub fn applications(&self) -> SeaOrmApplicationRepository {
        SeaOrmApplicationRepository::new(self.conn.clone(), self.reads.clone(), self.origin.clone())
    }

    /// The same database, recording `origin`'s client address beside each audit entry
    /// (the HTTP layer's answer for the request being served).
    pub fn with_request_origin(mut self, origin: Arc<dyn RequestOrigin>) -> Self {
        self.origin = Origin(origin);
        self
    }

    /// The enquiry queue (F7, F8, F24).
    pub fn enquiries(&self) -> crate::enquiries::SeaOrmEnquiryRepository {
        crate::enquiries::SeaOrmEnquiryRepository::new(self.conn.clone(), self.origin.clone())
    }

    /// The audit trail (F28): its search, and the events that change nothing else.
    pub fn audit(&self) -> crate::audit::SeaOrmAuditTrail {
        crate::audit::SeaOrmAuditTrail::new(self.conn.clone(), self.origin.clone())
    }

    /// The department's case files of submitted applications (F23).
    pub fn casework(&self) -> crate::cases::SeaOrmCaseworkRepository {
        crate::cases::SeaOrmCaseworkRepository::new(self.conn.clone(), self.origin.clone())
    }

    /// The document record repository.
    pub fn documents(&self) -> SeaOrmDocumentRepository {
        SeaOrmDocumentRepository::new(self.conn.clone(), self.origin.clone())
    }

    /// The outbox queue, for the mail delivery worker.
    pub fn outbox(&self) -> SeaOrmOutboxQueue {
        SeaOrmOutboxQueue::new(self.conn.clone())
    }
}

/// Which database a URL names, without reading (or echoing) anything else of it.
fn backend_of(url: &str) -> Result<DbBackend, DatabaseError> {
    if url.starts_with("sqlite:") {
        Ok(DbBackend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(DbBackend::Postgres)
    } else {
        Err(DatabaseError::UnsupportedUrl)
    }
}

/// Begins a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so it waits its turn under the busy timeout instead of failing
/// when it later upgrades from reading to writing.
pub(crate) async fn begin_write(conn: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    conn.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use sea_orm::Statement;

    /// What `SHOW random_page_cost` answers on `conn`.
    async fn page_cost(conn: &impl ConnectionTrait) -> String {
        let show = Statement::from_string(DbBackend::Postgres, "SHOW random_page_cost");
        let row = conn.query_one_raw(show).await.unwrap().expect("a row");
        row.try_get("", "random_page_cost").unwrap()
    }

    #[tokio::test]
    async fn postgres_connections_plan_for_pages_in_memory() {
        let Ok(url) = std::env::var("PORTAL_TEST_DATABASE_URL") else {
            println!("skipping PostgreSQL test: PORTAL_TEST_DATABASE_URL is not set");
            return;
        };
        let db = Database::connect(&url).await.unwrap();
        assert_eq!(page_cost(&db.conn).await, POSTGRES_RANDOM_PAGE_COST);
        let held = db.reads.acquire().await.unwrap();
        assert!(matches!(held, crate::reads::ReadConnection::Held(_)));
        assert_eq!(page_cost(&held).await, POSTGRES_RANDOM_PAGE_COST);
        drop(held);
        db.close().await.unwrap();
    }
}
