//! PostgreSQL's side of the seeking name search
//! ([decision 17](../../../../docs/decisions/0017-name-search-index.md)); SQLite has its own
//! in migration 21 and is left as it is.
//!
//! - `applications_rep_created_name_idx` (representative, created, id, folded name), as on
//!   SQLite, and the folded name in the (representative, status, created) and
//!   (representative, type, status, created) indexes: a name search with many matches walks
//!   one of them newest first, testing each name, without reading a row.
//! - The GIN trigram index without the status and the type, whose long lists it had to
//!   merge for nothing: a search with a status or type tests them on the rows it reads.
//! - `application_pair_counts`: per (representative, two characters, status, type), how
//!   many applications have a folded name containing those two characters, kept by a
//!   trigger in the same transaction as the application. A two-letter term has no trigram,
//!   so this is where its exact total comes from without counting the book.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

/// The table of two-letter totals.
pub(crate) const PAIR_COUNTS: &str = "application_pair_counts";

const UP: [&str; 12] = [
    "CREATE INDEX applications_rep_created_name_idx ON applications \
     (representative_id, created_at, id, applicant_name_folded)",
    "DROP INDEX applications_rep_status_created_idx",
    "CREATE INDEX applications_rep_status_created_idx ON applications \
     (representative_id, status, created_at, id) INCLUDE (applicant_name_folded)",
    "DROP INDEX applications_rep_type_status_created_idx",
    "CREATE INDEX applications_rep_type_status_created_idx ON applications \
     (representative_id, app_type, status, created_at, id) INCLUDE (applicant_name_folded)",
    "DROP INDEX applications_name_trgm_idx",
    "CREATE INDEX applications_name_trgm_idx ON applications USING gin \
     (representative_id, applicant_name_folded gin_trgm_ops)",
    "CREATE TABLE application_pair_counts (\
       representative_id uuid NOT NULL, \
       pair text COLLATE \"C\" NOT NULL, \
       status text COLLATE \"C\" NOT NULL, \
       app_type text COLLATE \"C\" NOT NULL, \
       n bigint NOT NULL, \
       PRIMARY KEY (representative_id, pair, status, app_type))",
    // Each distinct pair of characters of a name once, in one order, so that concurrent
    // writers take the rows' locks in the same order.
    "CREATE FUNCTION application_name_pairs(name text) RETURNS SETOF text \
     LANGUAGE sql IMMUTABLE STRICT AS $$ \
       SELECT DISTINCT substr(name, i, 2) FROM generate_series(1, length(name) - 1) AS i \
       ORDER BY 1 \
     $$",
    "INSERT INTO application_pair_counts (representative_id, pair, status, app_type, n) \
     SELECT representative_id, pair, status, app_type, COUNT(*) FROM applications \
     CROSS JOIN LATERAL application_name_pairs(applicant_name_folded) AS pair \
     GROUP BY representative_id, pair, status, app_type",
    "CREATE FUNCTION application_pair_counts_maintain() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN \
       IF TG_OP = 'UPDATE' \
          AND NEW.applicant_name_folded = OLD.applicant_name_folded \
          AND NEW.status = OLD.status AND NEW.app_type = OLD.app_type \
          AND NEW.representative_id = OLD.representative_id THEN \
         RETURN NULL; \
       END IF; \
       IF TG_OP IN ('UPDATE', 'DELETE') THEN \
         UPDATE application_pair_counts AS c SET n = c.n - 1 \
         FROM application_name_pairs(OLD.applicant_name_folded) AS p(pair) \
         WHERE c.representative_id = OLD.representative_id AND c.pair = p.pair \
           AND c.status = OLD.status AND c.app_type = OLD.app_type; \
       END IF; \
       IF TG_OP IN ('INSERT', 'UPDATE') THEN \
         INSERT INTO application_pair_counts (representative_id, pair, status, app_type, n) \
         SELECT NEW.representative_id, pair, NEW.status, NEW.app_type, 1 \
         FROM application_name_pairs(NEW.applicant_name_folded) AS pair \
         ON CONFLICT (representative_id, pair, status, app_type) \
         DO UPDATE SET n = application_pair_counts.n + 1; \
       END IF; \
       RETURN NULL; \
     END $$",
    "CREATE TRIGGER applications_pair_counts AFTER INSERT OR DELETE OR UPDATE OF \
     applicant_name_folded, status, app_type, representative_id ON applications \
     FOR EACH ROW EXECUTE FUNCTION application_pair_counts_maintain()",
];

const DOWN: [&str; 11] = [
    "DROP TRIGGER applications_pair_counts ON applications",
    "DROP FUNCTION application_pair_counts_maintain()",
    "DROP FUNCTION application_name_pairs(text)",
    "DROP TABLE application_pair_counts",
    "DROP INDEX applications_name_trgm_idx",
    "CREATE INDEX applications_name_trgm_idx ON applications USING gin \
     (representative_id, status, app_type, applicant_name_folded gin_trgm_ops)",
    "DROP INDEX applications_rep_created_name_idx",
    "DROP INDEX applications_rep_status_created_idx",
    "CREATE INDEX applications_rep_status_created_idx ON applications \
     (representative_id, status, created_at, id)",
    "DROP INDEX applications_rep_type_status_created_idx",
    "CREATE INDEX applications_rep_type_status_created_idx ON applications \
     (representative_id, app_type, status, created_at, id)",
];

/// Adds PostgreSQL's walk index, slimmer trigram index and two-letter totals.
#[derive(Debug, DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, &UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, &DOWN).await
    }
}

/// Runs `statements` in order on PostgreSQL; nothing on SQLite.
pub(crate) async fn run(
    manager: &SchemaManager<'_>,
    statements: &[impl AsRef<str>],
) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let conn = manager.get_connection();
    for sql in statements {
        conn.execute_unprepared(sql.as_ref()).await?;
    }
    Ok(())
}
