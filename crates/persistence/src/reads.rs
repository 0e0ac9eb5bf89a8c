//! The reads that every request makes (the session lookup, the applications table) on
//! PostgreSQL connections held beside the pool.
//!
//! sqlx's pool tests every connection it takes back with a ping, a round trip to the
//! server, whatever the statement was; nothing turns that off. For a request that runs one
//! indexed read, that ping is a second round trip and a second wake-up of a server process
//! (`docs/decisions/0020-held-read-connections.md`). These connections are opened with the
//! pool's own options and handed out one at a time, and a connection goes back to the
//! others untested when its statements finished. One whose statement was interrupted (the
//! request went away mid-statement) is first brought back to rest in a task of its own,
//! which waits for the rest of the reply and a ping's answer, as the pool would; only then
//! is it lent again, so the next user never finds it mid-reply. One that failed for any
//! reason but the statement itself is closed and replaced. As in the pool, one idle for a
//! while is pinged before use, and one open for long is retired.
//!
//! On SQLite the reads go through the pool as everything else does: its connections hold a
//! page cache each, and its 4 already meet the portal's targets.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use sea_orm::sqlx::postgres::{PgConnectOptions, PgConnection};
use sea_orm::sqlx::{self, ConnectOptions, Connection};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, ExecResult, QueryResult, RuntimeErr,
    Statement, Values,
};
use sea_query_sqlx::SqlxValues;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How many held connections a process opens at most, out of its connections in all. The
/// session lookups of all waiting requests share one statement (`crate::coalesce`), so a
/// few serve many requests.
pub(crate) const HELD_CONNECTIONS: u32 = 4;
/// A held connection idle this long is pinged before use, as the pool does.
const PING_IF_IDLE_FOR: Duration = Duration::from_secs(30);
/// A held connection open this long is closed when it is given back (the pool's default
/// lifetime), so that a server process's caches do not grow without end.
const MAX_LIFETIME: Duration = Duration::from_secs(30 * 60);
/// How long opening a connection may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a read waits for one of the held connections to be free, as for the pool's.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long an interrupted statement may take to end before its connection is closed
/// instead: the portal's reads take milliseconds.
const REST_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the hot reads run: the pool, or (PostgreSQL) the held connections. Cheap to clone.
#[derive(Debug, Clone)]
pub(crate) struct Reads {
    pool: DatabaseConnection,
    held: Option<Arc<Held>>,
}

impl Reads {
    /// Reads on at most `held` connections held beside `pool` (PostgreSQL only), or
    /// through `pool` when `held` is 0.
    pub(crate) fn new(pool: DatabaseConnection, held: u32) -> Self {
        let held = (held > 0 && pool.get_database_backend() == DbBackend::Postgres).then(|| {
            let options = pool.get_postgres_connection_pool().connect_options();
            Arc::new(Held::new(options, held as usize))
        });
        Self { pool, held }
    }

    /// A connection for a few reads in a row; give it back by dropping it.
    pub(crate) async fn acquire(&self) -> Result<ReadConnection<'_>, DbErr> {
        match &self.held {
            Some(held) => Ok(ReadConnection::Held(Held::acquire(held).await?)),
            None => Ok(ReadConnection::Pool(&self.pool)),
        }
    }

    /// Closes the idle held connections, and any given back from now on.
    pub(crate) async fn close(&self) {
        if let Some(held) = &self.held {
            held.close().await;
        }
    }
}

/// PostgreSQL connections outside the pool, at most `permits` of them in use at once.
struct Held {
    options: Arc<PgConnectOptions>,
    idle: Mutex<Vec<Idle>>,
    permits: Arc<Semaphore>,
    closed: AtomicBool,
    /// [`PING_IF_IDLE_FOR`] and [`MAX_LIFETIME`], shorter in tests.
    ping_if_idle_for: Duration,
    max_lifetime: Duration,
}

impl std::fmt::Debug for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Held")
            .field("available", &self.permits.available_permits())
            .finish_non_exhaustive()
    }
}

/// A connection waiting for its next user.
struct Idle {
    conn: PgConnection,
    opened: Instant,
    since: Instant,
}

impl Held {
    fn new(options: Arc<PgConnectOptions>, size: usize) -> Self {
        Self {
            options,
            idle: Mutex::new(Vec::with_capacity(size)),
            permits: Arc::new(Semaphore::new(size)),
            closed: AtomicBool::new(false),
            ping_if_idle_for: PING_IF_IDLE_FOR,
            max_lifetime: MAX_LIFETIME,
        }
    }

    async fn acquire(this: &Arc<Self>) -> Result<HeldConnection, DbErr> {
        let permit = tokio::time::timeout(ACQUIRE_TIMEOUT, this.permits.clone().acquire_owned())
            .await
            .map_err(|_| DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout))?
            .map_err(|_| closed_error())?;
        if this.is_closed() {
            return Err(closed_error());
        }
        // The most recently used connection first: it is the likeliest to be warm, and the
        // others may stay idle long enough to be pinged rather than trusted.
        let idle = this.idle_list().pop();
        let (conn, opened) = match idle {
            Some(Idle {
                conn,
                opened,
                since,
            }) if since.elapsed() < this.ping_if_idle_for => (conn, opened),
            Some(Idle {
                mut conn, opened, ..
            }) => match conn.ping().await {
                Ok(()) => (conn, opened),
                Err(_) => (this.connect().await?, Instant::now()),
            },
            None => (this.connect().await?, Instant::now()),
        };
        Ok(HeldConnection {
            held: Arc::clone(this),
            opened,
            lent: tokio::sync::Mutex::new(Some(Lent {
                conn,
                place: permit,
            })),
        })
    }

    async fn connect(&self) -> Result<PgConnection, DbErr> {
        match tokio::time::timeout(CONNECT_TIMEOUT, self.options.connect()).await {
            Ok(Ok(conn)) => Ok(conn),
            Ok(Err(error)) => Err(DbErr::Conn(RuntimeErr::SqlxError(Arc::new(error)))),
            Err(_) => Err(DbErr::Conn(RuntimeErr::Internal(
                "timed out opening a database connection".to_owned(),
            ))),
        }
    }

    /// The idle connections. Only pushes and pops happen under the lock, so the list is
    /// whole even if a holder panicked.
    fn idle_list(&self) -> std::sync::MutexGuard<'_, Vec<Idle>> {
        self.idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    /// Takes back a connection whose statements all finished.
    fn give_back(&self, conn: PgConnection, opened: Instant) {
        if self.is_closed() || opened.elapsed() >= self.max_lifetime {
            // Closed with a goodbye to the server where a runtime can run it; otherwise
            // dropping it closes the socket.
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(conn.close());
            }
            return;
        }
        self.idle_list().push(Idle {
            conn,
            opened,
            since: Instant::now(),
        });
    }

    async fn close(&self) {
        self.closed.store(true, Ordering::Release);
        let idle = std::mem::take(&mut *self.idle_list());
        for Idle { conn, .. } in idle {
            let _ = conn.close().await;
        }
    }
}

fn closed_error() -> DbErr {
    DbErr::Conn(RuntimeErr::Internal(
        "the database connections are closed".to_owned(),
    ))
}

/// A connection for a few reads in a row, given back when dropped.
pub(crate) enum ReadConnection<'a> {
    /// Each statement takes a pooled connection of its own.
    Pool(&'a DatabaseConnection),
    /// One held connection for every statement.
    Held(HeldConnection),
}

/// One of the held connections, lent out.
pub(crate) struct HeldConnection {
    held: Arc<Held>,
    opened: Instant,
    /// `None` while a statement runs, and after one was interrupted or failed for another
    /// reason than the statement itself.
    lent: tokio::sync::Mutex<Option<Lent>>,
}

/// A connection with its place among the held connections: the two go together, to the
/// idle list, to the task that brings an interrupted one back to rest, or away.
struct Lent {
    conn: PgConnection,
    place: OwnedSemaphorePermit,
}

impl Drop for HeldConnection {
    fn drop(&mut self) {
        if let Some(Lent { conn, place }) = self.lent.get_mut().take() {
            self.held.give_back(conn, self.opened);
            drop(place);
        }
    }
}

impl HeldConnection {
    /// Runs `run` on the connection, taken out of its slot meanwhile. If the caller stops
    /// waiting, the connection goes to a task that lets it finish ([`Interrupted`]). A
    /// failure of the statement itself (an SQL error) leaves the connection usable; any
    /// other failure closes it.
    async fn with<T>(
        &self,
        run: impl AsyncFnOnce(&mut PgConnection) -> Result<T, sqlx::Error>,
    ) -> Result<T, DbErr> {
        let mut slot = self.lent.lock().await;
        let mut running = Interrupted {
            held: &self.held,
            opened: self.opened,
            lent: slot.take(),
        };
        let Some(lent) = running.lent.as_mut() else {
            return Err(DbErr::Conn(RuntimeErr::Internal(
                "the read connection was lost by an earlier statement".to_owned(),
            )));
        };
        let result = run(&mut lent.conn).await;
        let lent = running.lent.take();
        match result {
            Ok(value) => {
                *slot = lent;
                Ok(value)
            }
            Err(error) => {
                if matches!(error, sqlx::Error::Database(_)) {
                    *slot = lent;
                }
                Err(DbErr::Query(RuntimeErr::SqlxError(Arc::new(error))))
            }
        }
    }
}

/// A connection under a statement. Dropped before the statement ended (its caller went
/// away), it is handed, with its place, to a task that waits for the rest of the reply and
/// a ping's answer and then gives it back; one that does not answer within
/// [`REST_TIMEOUT`] is closed. Keeping the place meanwhile keeps the number of connections
/// within the limit.
struct Interrupted<'a> {
    held: &'a Arc<Held>,
    opened: Instant,
    lent: Option<Lent>,
}

impl Drop for Interrupted<'_> {
    fn drop(&mut self) {
        let Some(Lent { mut conn, place }) = self.lent.take() else {
            return;
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let held = Arc::clone(self.held);
        let opened = self.opened;
        runtime.spawn(async move {
            if let Ok(Ok(())) = tokio::time::timeout(REST_TIMEOUT, conn.ping()).await {
                held.give_back(conn, opened);
            }
            drop(place);
        });
    }
}

/// The statement with its values bound, as sea-orm's own PostgreSQL driver binds them.
fn bound(stmt: &Statement) -> sqlx::query::Query<'_, sqlx::Postgres, SqlxValues> {
    let values = stmt.values.clone().unwrap_or(Values(Vec::new()));
    sqlx::query_with(sqlx::AssertSqlSafe(stmt.sql.as_str()), SqlxValues(values))
}

#[async_trait]
impl ConnectionTrait for ReadConnection<'_> {
    fn get_database_backend(&self) -> DbBackend {
        match self {
            Self::Pool(pool) => pool.get_database_backend(),
            Self::Held(_) => DbBackend::Postgres,
        }
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        match self {
            Self::Pool(pool) => pool.execute_raw(stmt).await,
            Self::Held(held) => held
                .with(async |conn| bound(&stmt).execute(conn).await)
                .await
                .map(ExecResult::from),
        }
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        match self {
            Self::Pool(pool) => pool.execute_unprepared(sql).await,
            Self::Held(held) => held
                .with(async |conn| sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(conn).await)
                .await
                .map(ExecResult::from),
        }
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match self {
            Self::Pool(pool) => pool.query_one_raw(stmt).await,
            Self::Held(held) => held
                .with(async |conn| bound(&stmt).fetch_optional(conn).await)
                .await
                .map(|row| row.map(QueryResult::from)),
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match self {
            Self::Pool(pool) => pool.query_all_raw(stmt).await,
            Self::Held(held) => held
                .with(async |conn| bound(&stmt).fetch_all(conn).await)
                .await
                .map(|rows| rows.into_iter().map(QueryResult::from).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    /// Held connections to the server `PORTAL_TEST_DATABASE_URL` names, at most `size` in
    /// use; `None` (and a note) without it.
    async fn held(size: usize) -> Option<Held> {
        let Ok(url) = std::env::var("PORTAL_TEST_DATABASE_URL") else {
            println!("skipping PostgreSQL test: PORTAL_TEST_DATABASE_URL is not set");
            return None;
        };
        let pool = sea_orm::Database::connect(url).await.unwrap();
        let options = pool.get_postgres_connection_pool().connect_options();
        pool.close().await.unwrap();
        Some(Held::new(options, size))
    }

    async fn lend(held: &Arc<Held>) -> ReadConnection<'static> {
        ReadConnection::Held(Held::acquire(held).await.unwrap())
    }

    async fn one_number(conn: &ReadConnection<'_>, sql: &str) -> Result<i32, DbErr> {
        let row = conn
            .query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
            .await?
            .expect("a row");
        row.try_get("", "n")
    }

    /// The server process behind the connection.
    async fn backend(conn: &ReadConnection<'_>) -> i32 {
        one_number(conn, "SELECT pg_backend_pid() AS n")
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_connection_given_back_serves_the_next_reads() {
        let Some(held) = held(1).await else { return };
        let held = Arc::new(held);
        let first = backend(&lend(&held).await).await;
        let conn = lend(&held).await;
        assert_eq!(backend(&conn).await, first);
        assert_eq!(backend(&conn).await, first, "a second read, same lending");
    }

    #[tokio::test]
    async fn a_statement_left_unfinished_ends_before_its_connection_serves_again() {
        let Some(held) = held(1).await else { return };
        let held = Arc::new(held);
        let conn = lend(&held).await;
        let first = backend(&conn).await;
        {
            let slow = conn.query_all_raw(Statement::from_string(
                DbBackend::Postgres,
                "SELECT 7 AS n FROM pg_sleep(0.2)",
            ));
            let mut slow = std::pin::pin!(slow);
            let pending = std::future::poll_fn(|cx| {
                std::task::Poll::Ready(slow.as_mut().poll(cx).is_pending())
            })
            .await;
            assert!(pending, "the statement is under way");
            // The caller stops waiting: the future goes, and the connection to its rest.
        }
        let failed = one_number(&conn, "SELECT 1 AS n").await;
        assert!(failed.is_err(), "the lending has no connection left");
        drop(conn);

        // The only place is the resting connection's until its reply has been read.
        let conn = lend(&held).await;
        assert_eq!(backend(&conn).await, first, "the same connection, at rest");
        assert_eq!(one_number(&conn, "SELECT 1 AS n").await.unwrap(), 1);
    }

    #[tokio::test]
    async fn a_failed_statement_leaves_its_connection_in_use() {
        let Some(held) = held(1).await else { return };
        let held = Arc::new(held);
        let conn = lend(&held).await;
        let first = backend(&conn).await;
        let error = one_number(&conn, "SELECT 1 / 0 AS n").await.unwrap_err();
        assert!(error.to_string().contains("division by zero"), "{error}");
        assert_eq!(backend(&conn).await, first);
        drop(conn);
        assert_eq!(backend(&lend(&held).await).await, first);
    }

    #[tokio::test]
    async fn a_connection_that_died_while_idle_is_pinged_and_replaced() {
        let Some(mut held) = held(1).await else {
            return;
        };
        held.ping_if_idle_for = Duration::ZERO;
        let held = Arc::new(held);
        let first = backend(&lend(&held).await).await;
        // The server ends the idle connection, as an administrator or a proxy might.
        let mut admin = held.connect().await.unwrap();
        let ended: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1, 5000)")
            .bind(first)
            .fetch_one(&mut admin)
            .await
            .unwrap();
        assert!(ended);

        let conn = lend(&held).await;
        assert_ne!(backend(&conn).await, first);
    }

    #[tokio::test]
    async fn a_connection_past_its_lifetime_is_closed_when_given_back() {
        let Some(mut held) = held(1).await else {
            return;
        };
        held.max_lifetime = Duration::ZERO;
        let held = Arc::new(held);
        let first = backend(&lend(&held).await).await;
        assert_ne!(backend(&lend(&held).await).await, first);
    }

    #[tokio::test]
    async fn nothing_is_lent_once_closed() {
        let Some(held) = held(2).await else { return };
        let held = Arc::new(held);
        let lent = lend(&held).await;
        backend(&lend(&held).await).await;
        held.close().await;
        assert!(held.idle_list().is_empty());
        assert!(Held::acquire(&held).await.is_err());
        // A connection lent before the close still answers, and is closed when given back.
        assert_eq!(one_number(&lent, "SELECT 1 AS n").await.unwrap(), 1);
        drop(lent);
        assert!(held.idle_list().is_empty());
    }
}
