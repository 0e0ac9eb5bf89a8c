//! Bulk seeding of synthetic data for benchmarks and demonstrations: approved
//! representatives and their applications (all types, both statuses, groups, accented
//! names), one representative far busier than the rest, written in big batches.
//!
//! The data is reproducible: every choice comes from a PRNG seeded with
//! [`SeedOptions::seed`], and every time is relative to [`SeedOptions::now`]. Group IDs and
//! application numbers are taken from the same counters the repositories use, so the
//! portal carries on from the seeded data without collisions.

mod generate;
mod names;
mod write;

use portal_domain::RepositoryError;
use portal_domain::account::AccountId;
use rand::SeedableRng;
use rand::rngs::StdRng;
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait};
use time::OffsetDateTime;

use crate::Database;
use crate::accounts::row::active_model;
use crate::database::{SQLITE_CACHE_KIB, begin_write};
use crate::entity::{account_messages, accounts};
use crate::error::db;
use crate::transaction::finish;
use generate::{Generator, Row};

/// Applications written per transaction.
const ROWS_PER_TRANSACTION: usize = 50_000;
/// The page cache of the connection writing a batch on SQLite, in KiB (a negative
/// `cache_size`), for that batch only: a batch inserts into a dozen indexes at places spread
/// over the whole file, and with the connections' usual 1 MiB most of those pages were read
/// again from the operating system, and written to the WAL, several times per batch.
const SQLITE_SEED_CACHE_KIB: i64 = 256 * 1024;
/// Accounts written per statement (21 columns each).
const ACCOUNTS_PER_STATEMENT: usize = 500;

/// What to seed.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    /// Approved representatives to create (at least 1).
    pub representatives: u32,
    /// Applications in all, across every representative.
    pub applications: u64,
    /// Of those, how many the first ("heavy") representative owns; the rest are shared
    /// evenly by the others.
    pub heavy_representative_applications: u64,
    /// The PRNG seed: the same seed and options give the same data.
    pub seed: u64,
    /// The password hash every seeded representative gets (a PHC string, e.g. an argon2id
    /// hash computed once by the caller).
    pub password_hash: String,
    /// "Now" for the seeded data: drafts were started within their lifetime before it,
    /// submitted applications over the three years before it.
    pub now: OffsetDateTime,
    /// Days after creation a draft can still be submitted (the portal's default is 60).
    pub draft_lifetime_days: u16,
    /// The words of the account messages seeded (enrolment, standing updates).
    pub wording: std::sync::Arc<dyn portal_domain::wording::Wording>,
}

/// What was seeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedReport {
    /// Representatives created.
    pub representatives: u32,
    /// Applications created.
    pub applications: u64,
    /// Of those, submitted ones.
    pub submitted: u64,
    /// The representative with `heavy_representative_applications` applications.
    pub heavy_representative: AccountId,
    /// Their sign-in email.
    pub heavy_representative_email: String,
}

/// Why seeding failed.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// The options do not make sense (no representative, more heavy applications than
    /// applications, ...).
    #[error("invalid seeding options: {0}")]
    Invalid(&'static str),
    /// The database refused; batches written before stay written.
    #[error(transparent)]
    Storage(#[from] RepositoryError),
}

/// How many applications each representative gets: the heavy one first, the rest evenly.
fn plan(options: &SeedOptions) -> Result<Vec<u64>, SeedError> {
    if options.representatives == 0 {
        return Err(SeedError::Invalid("at least one representative is needed"));
    }
    if options.heavy_representative_applications > options.applications {
        return Err(SeedError::Invalid(
            "the heavy representative cannot have more than all applications",
        ));
    }
    if !generate::plausible(options.now) {
        return Err(SeedError::Invalid(
            "now must be between the years 2000 and 9000",
        ));
    }
    let others = u64::from(options.representatives - 1);
    let rest = options.applications - options.heavy_representative_applications;
    let mut counts = vec![options.heavy_representative_applications];
    if others == 0 {
        counts[0] = options.applications;
    } else {
        for i in 0..others {
            counts.push(rest / others + u64::from(i < rest % others));
        }
    }
    Ok(counts)
}

/// Seeds `db` (migrated) with `options`; `progress(done, total)` is called after each
/// batch of applications. Emails and Representative IRCC IDs embed the seed, so seeding
/// twice with the same seed fails on the unique email.
pub async fn seed(
    database: &Database,
    options: &SeedOptions,
    mut progress: impl FnMut(u64, u64),
) -> Result<SeedReport, SeedError> {
    let counts = plan(options)?;
    let conn = database.connection();
    let mut generator = Generator {
        options,
        rng: StdRng::seed_from_u64(options.seed),
    };
    let mut representatives = Vec::with_capacity(counts.len());
    for index in 0..options.representatives {
        representatives.push(generator.representative(index)?);
    }
    for chunk in representatives.chunks(ACCOUNTS_PER_STATEMENT) {
        let txn = begin_write(conn).await.map_err(db)?;
        let result = accounts::Entity::insert_many(chunk.iter().map(active_model))
            .exec_without_returning(&txn)
            .await
            .map(|_| ())
            .map_err(db);
        finish(txn, result).await?;
    }
    if conn.get_database_backend() == DbBackend::Sqlite {
        // The name index's segments are merged once, at the end (`refresh_statistics`),
        // rather than a level at a time while the batches are written.
        conn.execute_unprepared(&fts5_setting_sql("automerge", 0))
            .await
            .map_err(db)?;
    }
    let mut batch: Vec<Row> = Vec::with_capacity(ROWS_PER_TRANSACTION + 8);
    let mut groups = 0;
    let mut done = 0;
    let mut submitted = 0;
    for (representative, count) in representatives.iter().zip(&counts) {
        let mut left = *count;
        while left > 0 {
            let size = generator.group_size().min(left);
            batch.extend(generator.group(representative.id.as_uuid(), groups, size)?);
            groups += 1;
            left -= size;
            if batch.len() >= ROWS_PER_TRANSACTION {
                done += batch.len() as u64;
                submitted += flush(database, &mut batch, groups).await?;
                groups = 0;
                progress(done, options.applications);
            }
        }
    }
    done += batch.len() as u64;
    submitted += flush(database, &mut batch, groups).await?;
    progress(done, options.applications);
    // Last, so that the applications come out the same as before inboxes were seeded.
    let mut messages = Vec::new();
    for (index, representative) in representatives.iter().enumerate() {
        let updates = if index == 0 {
            generate::HEAVY_INBOX_UPDATES
        } else {
            0
        };
        messages.extend(generator.inbox(representative, updates));
    }
    for chunk in messages.chunks(ACCOUNTS_PER_STATEMENT) {
        let txn = begin_write(conn).await.map_err(db)?;
        let result = account_messages::Entity::insert_many(chunk.iter().cloned())
            .exec_without_returning(&txn)
            .await
            .map(|_| ())
            .map_err(db);
        finish(txn, result).await?;
    }
    refresh_statistics(database).await?;
    let heavy = representatives
        .first()
        .ok_or(SeedError::Invalid("at least one representative is needed"))?;
    Ok(SeedReport {
        representatives: options.representatives,
        applications: options.applications,
        submitted,
        heavy_representative: heavy.id,
        heavy_representative_email: heavy.email.as_str().to_owned(),
    })
}

/// Refreshes the planner's statistics after a bulk load, so that it picks the indexes the
/// searches were designed for (`docs/performance.md`). On SQLite a bounded sample per index keeps this
/// to a second or so, and the name search index is merged into one segment; on PostgreSQL `VACUUM` also sets the visibility map that index-only
/// scans need, and clears the dead versions of the kept totals, which the count trigger
/// rewrote once per inserted row (and the two-letter totals, once per statement).
async fn refresh_statistics(database: &Database) -> Result<(), SeedError> {
    let conn = database.connection();
    if conn.get_database_backend() == DbBackend::Postgres {
        for statement in [
            "VACUUM (ANALYZE) applications",
            "VACUUM (ANALYZE) application_counts",
            "VACUUM (ANALYZE) application_pair_counts",
            "VACUUM (ANALYZE) application_name_suffixes",
            "ANALYZE accounts",
        ] {
            conn.execute_unprepared(statement).await.map_err(db)?;
        }
        return Ok(());
    }
    // One transaction, so the limit applies to the connection that analyses.
    let txn = begin_write(conn).await.map_err(db)?;
    let mut result = Ok(());
    let optimize = format!(
        "INSERT INTO {table} ({table}) VALUES ('optimize')",
        table = crate::applications::name_index::TABLE
    );
    let automerge = fts5_setting_sql("automerge", FTS5_AUTOMERGE);
    for statement in [
        "PRAGMA analysis_limit = 2000",
        "ANALYZE",
        "PRAGMA analysis_limit = 0",
        // One b-tree per trigram instead of the many segments a bulk load leaves.
        &optimize,
        // FTS5's default again, for the portal's own writes.
        &automerge,
    ] {
        result = txn
            .execute_unprepared(statement)
            .await
            .map(|_| ())
            .map_err(db);
        if result.is_err() {
            break;
        }
    }
    finish(txn, result).await?;
    Ok(())
}

/// FTS5's default `automerge`: merge a level once it holds this many segments.
const FTS5_AUTOMERGE: i64 = 4;

/// The statement that sets one of the name index's FTS5 options (kept in the database).
fn fts5_setting_sql(name: &str, value: i64) -> String {
    let table = crate::applications::name_index::TABLE;
    format!("INSERT INTO {table} ({table}, rank) VALUES ('{name}', {value})")
}

/// Writes and empties the batch in one transaction; returns how many were submitted. On
/// SQLite the connection's page cache is [`SQLITE_SEED_CACHE_KIB`] while it writes, and its
/// usual size again after (a server may go on using the connection).
async fn flush(database: &Database, batch: &mut Vec<Row>, groups: u64) -> Result<u64, SeedError> {
    let sqlite = database.connection().get_database_backend() == DbBackend::Sqlite;
    let txn = begin_write(database.connection()).await.map_err(db)?;
    let result = async {
        if sqlite {
            txn.execute_unprepared(&format!("PRAGMA cache_size = -{SQLITE_SEED_CACHE_KIB}"))
                .await
                .map_err(db)?;
        }
        write::write_batch(&txn, batch, groups).await
    }
    .await;
    let result = if sqlite {
        // Restored whether the batch was written or not; the batch's error comes first.
        let restored = txn
            .execute_unprepared(&format!("PRAGMA cache_size = {SQLITE_CACHE_KIB}"))
            .await
            .map(|_| ())
            .map_err(db);
        result.and(restored)
    } else {
        result
    };
    finish(txn, result).await?;
    let submitted = batch.iter().filter(|r| r.submitted).count() as u64;
    batch.clear();
    Ok(submitted)
}

/// Options for a small seeding in the crate's own tests: `representatives`, `applications`
/// in all, `heavy` of them the first representative's, the PRNG `seed`.
#[cfg(test)]
pub(crate) fn small(representatives: u32, applications: u64, heavy: u64, seed: u64) -> SeedOptions {
    SeedOptions {
        representatives,
        applications,
        heavy_representative_applications: heavy,
        seed,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into(),
        now: time::macros::datetime!(2030-01-15 12:00 UTC),
        draft_lifetime_days: 60,
        wording: std::sync::Arc::new(portal_domain::wording::MessageIds),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use sea_orm::{ConnectionTrait, DbBackend, Statement};

    use super::{FTS5_AUTOMERGE, seed, small};
    use crate::Database;
    use crate::database::SQLITE_CACHE_KIB;

    /// The integer `column` of the one row `sql` reads.
    async fn one(db: &Database, sql: &str, column: &str) -> i64 {
        let row = db
            .connection()
            .query_one_raw(Statement::from_string(DbBackend::Sqlite, sql))
            .await
            .unwrap()
            .unwrap();
        row.try_get("", column).unwrap()
    }

    /// The seeding's bigger page cache is the batch's only: on the one connection that
    /// wrote every batch, the usual size is back afterwards; so is the name index's
    /// merging, turned off while the batches are written.
    #[tokio::test]
    async fn the_connection_and_the_name_index_keep_their_settings_after_seeding() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("seed.sqlite").display()
        );
        let db = Database::connect_with_pool_size(&url, 1).await.unwrap();
        db.migrate().await.unwrap();
        seed(&db, &small(2, 40, 20, 5), |_, _| {}).await.unwrap();
        let cache_size: i64 = one(&db, "PRAGMA cache_size", "cache_size").await;
        assert_eq!(cache_size.to_string(), SQLITE_CACHE_KIB);
        // The name index merges its segments as it did before the seeding.
        let automerge = "SELECT v FROM application_names_config WHERE k = 'automerge'";
        assert_eq!(one(&db, automerge, "v").await, FTS5_AUTOMERGE);
        db.close().await.unwrap();
    }
}
