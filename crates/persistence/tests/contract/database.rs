//! Cases for `Database` itself, and the checks that only make sense on one backend.

use portal_domain::account::{AccountRepository, SideEffects};
use portal_persistence::{Database, DatabaseError};

use crate::support::{Ctx, representative};

/// How many migrations the schema has.
const MIGRATIONS: i64 = 23;

pub async fn migrating_again_changes_nothing(ctx: Ctx) {
    ctx.db.migrate().await.unwrap();

    assert_eq!(ctx.rows("accounts").await, 0);
    assert_eq!(ctx.rows("seaql_migrations").await, MIGRATIONS);
}

pub async fn the_database_answers_a_ping(ctx: Ctx) {
    ctx.db.ping().await.unwrap();
}

pub async fn processes_starting_together_all_migrate_the_schema_once(ctx: Ctx) {
    let starts: Vec<_> = (0..3)
        .map(|_| {
            let url = ctx.url().to_owned();
            tokio::spawn(async move {
                let db = Database::connect(&url).await.unwrap();
                let migrated = db.migrate().await;
                db.close().await.unwrap();
                migrated
            })
        })
        .collect();
    for start in starts {
        start.await.unwrap().unwrap();
    }

    assert_eq!(ctx.rows("seaql_migrations").await, MIGRATIONS);
    assert_eq!(ctx.rows("accounts").await, 0);
}

#[tokio::test]
async fn a_sqlite_database_is_opened_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wal.db");
    let db = Database::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    db.close().await.unwrap();

    // The journal mode is stored in the file; WAL leaves its header mark (bytes 18-19 = 2).
    let header = std::fs::read(&path).unwrap();
    assert_eq!(&header[18..20], &[2, 2], "the file is not in WAL mode");
}

/// A SQLite database in `dir` whose accounts table grew from empty (as the migrations
/// analysed it) to 200 rows, opened with one pooled connection.
async fn grown_sqlite(dir: &tempfile::TempDir) -> (Database, String) {
    use portal_domain::account::EmailAddress;

    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("stats.db").display()
    );
    let db = Database::connect_with_pool_size(&url, 1).await.unwrap();
    db.migrate().await.unwrap();
    for i in 0..200 {
        let account = representative(&format!("grown{i}@example.com"));
        db.accounts()
            .insert(&account, &SideEffects::default())
            .await
            .unwrap();
    }
    let email = EmailAddress::parse("grown7@example.com").unwrap();
    assert!(db.accounts().find_by_email(&email).await.unwrap().is_some());
    (db, url)
}

/// The row count of the accounts indexes in SQLite's statistics, read afresh.
async fn analysed_accounts(url: &str) -> u64 {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};

    let raw = sea_orm::Database::connect(url).await.unwrap();
    let row = raw
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'accounts' AND idx IS NOT NULL",
        ))
        .await
        .unwrap()
        .expect("statistics for the accounts indexes");
    let stat: String = row.try_get("", "stat").unwrap();
    raw.close().await.unwrap();
    stat.split(' ').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn sqlite_statistics_are_refreshed_when_a_connection_closes() {
    let dir = tempfile::tempdir().unwrap();
    let (db, url) = grown_sqlite(&dir).await;
    db.close().await.unwrap();

    // The migrations analysed empty tables; closing ran `PRAGMA optimize`, which saw the
    // accounts table grow and measured it again.
    assert_eq!(analysed_accounts(&url).await, 200);
}

#[tokio::test]
async fn sqlite_statistics_are_refreshed_by_optimize_while_connections_stay_open() {
    let dir = tempfile::tempdir().unwrap();
    let (db, url) = grown_sqlite(&dir).await;

    db.optimize().await.unwrap();

    assert_eq!(analysed_accounts(&url).await, 200);
    db.close().await.unwrap();
}

pub async fn optimizing_the_statistics_works_on_every_backend(ctx: Ctx) {
    ctx.db.optimize().await.unwrap();
    ctx.db.optimize().await.unwrap();
}

#[tokio::test]
async fn an_in_memory_sqlite_database_keeps_its_data_across_uses() {
    let db = Database::connect("sqlite::memory:").await.unwrap();
    db.migrate().await.unwrap();
    let account = representative("memory@example.com");
    db.accounts()
        .insert(&account, &SideEffects::default())
        .await
        .unwrap();

    for _ in 0..3 {
        let found = db.accounts().find_by_id(account.id).await.unwrap();
        assert_eq!(found.as_ref(), Some(&account));
    }
}

#[tokio::test]
async fn a_url_of_another_database_is_refused() {
    let result = Database::connect("mysql://root@localhost/portal").await;

    assert!(matches!(result, Err(DatabaseError::UnsupportedUrl)));
}
