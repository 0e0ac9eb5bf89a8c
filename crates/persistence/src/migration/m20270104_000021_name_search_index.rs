//! A name search that seeks instead of scanning the representative's book
//! ([decision 17](../../../../docs/decisions/0017-name-search-index.md)).
//!
//! - SQLite: the FTS5 table `application_names` (trigram tokenizer, contentless), one
//!   document per application whose rowid holds the representative's, the status's, the
//!   type's and the application's keys (`applications::name_index`). The integer keys of
//!   accounts and applications are new columns, `search_key`, given by triggers on insert;
//!   triggers keep the documents in step with every insert, delete and change of name,
//!   status, type or owner, in the same transaction.
//! - PostgreSQL: a GIN index over the owner, status, type (`btree_gin`) and the folded
//!   name's trigrams (`pg_trgm`), which serves `LIKE '%term%'` from three letters on.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

use crate::applications::name_index::{TABLE, rowid_sql, spaced_sql};

/// Adds the name search index of each database.
#[derive(Debug, DeriveMigrationName)]
pub(crate) struct Migration;

/// The PostgreSQL index.
const POSTGRES_INDEX: &str = "applications_name_trgm_idx";

/// The triggers that keep `application_names`, and their SQL.
fn sqlite_triggers() -> Vec<(&'static str, String)> {
    // The document of `row`, read from `from` (a `FROM` clause, or nothing for `NEW`).
    let document = |row: &str, from: &str| {
        format!(
            "INSERT INTO {TABLE} (rowid, name, pairs) SELECT {}, {row}.applicant_name_folded, {} {from}",
            rowid_sql(row),
            spaced_sql(&format!("{row}.applicant_name_folded"))
        )
    };
    vec![
        (
            "accounts_search_key",
            "CREATE TRIGGER accounts_search_key AFTER INSERT ON accounts BEGIN \
               UPDATE accounts SET search_key = \
                 (SELECT COALESCE(MAX(search_key), 0) + 1 FROM accounts) \
               WHERE rowid = NEW.rowid; \
             END"
            .to_owned(),
        ),
        (
            "applications_name_insert",
            format!(
                "CREATE TRIGGER applications_name_insert AFTER INSERT ON applications BEGIN \
                   UPDATE applications SET search_key = \
                     (SELECT COALESCE(MAX(search_key), 0) + 1 FROM applications) \
                   WHERE rowid = NEW.rowid; \
                   {}; \
                 END",
                // The row again, now with its key.
                document("a", "FROM applications AS a WHERE a.rowid = NEW.rowid")
            ),
        ),
        (
            "applications_name_delete",
            format!(
                "CREATE TRIGGER applications_name_delete AFTER DELETE ON applications BEGIN \
                   DELETE FROM {TABLE} WHERE rowid = {}; \
                 END",
                rowid_sql("OLD")
            ),
        ),
        (
            "applications_name_update",
            format!(
                "CREATE TRIGGER applications_name_update \
                 AFTER UPDATE OF applicant_name_folded, status, app_type, representative_id \
                 ON applications \
                 WHEN OLD.applicant_name_folded IS NOT NEW.applicant_name_folded \
                   OR OLD.status IS NOT NEW.status OR OLD.app_type IS NOT NEW.app_type \
                   OR OLD.representative_id IS NOT NEW.representative_id \
                 BEGIN \
                   DELETE FROM {TABLE} WHERE rowid = {}; \
                   {}; \
                 END",
                rowid_sql("OLD"),
                document("NEW", "")
            ),
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        if manager.get_database_backend() == DbBackend::Postgres {
            for sql in [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE EXTENSION IF NOT EXISTS btree_gin",
                &format!(
                    "CREATE INDEX {POSTGRES_INDEX} ON applications USING gin \
                     (representative_id, status, app_type, applicant_name_folded gin_trgm_ops)"
                ),
            ] {
                conn.execute_unprepared(sql).await?;
            }
            return Ok(());
        }
        let table = format!(
            "CREATE VIRTUAL TABLE {TABLE} USING fts5(name, pairs, tokenize = 'trigram', \
             content = '', contentless_delete = 1)"
        );
        let backfill = format!(
            "INSERT INTO {TABLE} (rowid, name, pairs) \
             SELECT {}, applicant_name_folded, {} FROM applications \
             WHERE representative_id IN (SELECT id FROM accounts)",
            rowid_sql("applications"),
            spaced_sql("applications.applicant_name_folded")
        );
        for sql in [
            "ALTER TABLE accounts ADD COLUMN search_key INTEGER",
            "UPDATE accounts SET search_key = rowid",
            "CREATE UNIQUE INDEX accounts_search_key_idx ON accounts (search_key)",
            "ALTER TABLE applications ADD COLUMN search_key INTEGER",
            "UPDATE applications SET search_key = rowid",
            // The page of a name search reads its matches' sort keys through this index.
            "CREATE INDEX applications_search_key_idx ON applications (search_key, created_at, id)",
            // A name search without a status walks the representative's applications newest
            // first through this one, testing each name, when its matches are many.
            "CREATE INDEX applications_rep_created_name_idx ON applications \
             (representative_id, created_at, id, applicant_name_folded)",
            &table,
            &backfill,
        ] {
            conn.execute_unprepared(sql).await?;
        }
        for (_, sql) in sqlite_triggers() {
            conn.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        if manager.get_database_backend() == DbBackend::Postgres {
            return conn
                .execute_unprepared(&format!("DROP INDEX {POSTGRES_INDEX}"))
                .await
                .map(|_| ());
        }
        for (name, _) in sqlite_triggers() {
            conn.execute_unprepared(&format!("DROP TRIGGER {name}"))
                .await?;
        }
        for sql in [
            &format!("DROP TABLE {TABLE}"),
            "DROP INDEX applications_rep_created_name_idx",
            "DROP INDEX applications_search_key_idx",
            "DROP INDEX accounts_search_key_idx",
            "ALTER TABLE applications DROP COLUMN search_key",
            "ALTER TABLE accounts DROP COLUMN search_key",
        ] {
            conn.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
