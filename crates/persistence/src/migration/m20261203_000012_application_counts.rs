//! Exact per-representative totals kept beside the applications: one row per
//! (representative, status, type) with its count, maintained by triggers on every insert,
//! delete and status change, so the table's totals without a name or number filter are read
//! from a handful of rows instead of counted (see `docs/performance.md`).

use sea_orm::{DbBackend, Statement};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, string, uuid};

/// Creates `application_counts`, fills it from the existing rows, and adds the triggers.
#[derive(Debug, DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum ApplicationCounts {
    Table,
    RepresentativeId,
    Status,
    AppType,
    N,
}

const SQLITE_TRIGGERS: [&str; 3] = [
    "CREATE TRIGGER applications_count_insert AFTER INSERT ON applications BEGIN \
       INSERT INTO application_counts (representative_id, status, app_type, n) \
       VALUES (NEW.representative_id, NEW.status, NEW.app_type, 1) \
       ON CONFLICT (representative_id, status, app_type) DO UPDATE SET n = n + 1; \
     END",
    "CREATE TRIGGER applications_count_delete AFTER DELETE ON applications BEGIN \
       UPDATE application_counts SET n = n - 1 WHERE representative_id = OLD.representative_id \
       AND status = OLD.status AND app_type = OLD.app_type; \
     END",
    "CREATE TRIGGER applications_count_update AFTER UPDATE OF status, app_type, representative_id \
     ON applications BEGIN \
       UPDATE application_counts SET n = n - 1 WHERE representative_id = OLD.representative_id \
       AND status = OLD.status AND app_type = OLD.app_type; \
       INSERT INTO application_counts (representative_id, status, app_type, n) \
       VALUES (NEW.representative_id, NEW.status, NEW.app_type, 1) \
       ON CONFLICT (representative_id, status, app_type) DO UPDATE SET n = n + 1; \
     END",
];

const POSTGRES_TRIGGER: [&str; 2] = [
    "CREATE FUNCTION application_counts_maintain() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN \
       IF TG_OP IN ('UPDATE', 'DELETE') THEN \
         UPDATE application_counts SET n = n - 1 WHERE representative_id = OLD.representative_id \
         AND status = OLD.status AND app_type = OLD.app_type; \
       END IF; \
       IF TG_OP IN ('INSERT', 'UPDATE') THEN \
         INSERT INTO application_counts (representative_id, status, app_type, n) \
         VALUES (NEW.representative_id, NEW.status, NEW.app_type, 1) \
         ON CONFLICT (representative_id, status, app_type) \
         DO UPDATE SET n = application_counts.n + 1; \
       END IF; \
       RETURN NULL; \
     END $$",
    "CREATE TRIGGER applications_counts AFTER INSERT OR DELETE OR UPDATE OF status, app_type, \
     representative_id ON applications FOR EACH ROW EXECUTE FUNCTION application_counts_maintain()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ApplicationCounts as C;
        let backend = manager.get_database_backend();
        let text = |column: C| {
            let mut column = string(column);
            if backend == DbBackend::Postgres {
                column.extra("COLLATE \"C\"");
            }
            column
        };
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(uuid(C::RepresentativeId))
                    .col(text(C::Status))
                    .col(text(C::AppType))
                    .col(big_integer(C::N))
                    .primary_key(
                        Index::create()
                            .col(C::RepresentativeId)
                            .col(C::Status)
                            .col(C::AppType),
                    )
                    .to_owned(),
            )
            .await?;
        let conn = manager.get_connection();
        conn.execute_unprepared(
            "INSERT INTO application_counts (representative_id, status, app_type, n) \
             SELECT representative_id, status, app_type, COUNT(*) FROM applications \
             GROUP BY representative_id, status, app_type",
        )
        .await?;
        let statements: &[&str] = match backend {
            DbBackend::Postgres => &POSTGRES_TRIGGER,
            _ => &SQLITE_TRIGGERS,
        };
        for sql in statements {
            conn.execute_raw(Statement::from_string(backend, (*sql).to_owned()))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                conn.execute_unprepared("DROP TRIGGER applications_counts ON applications")
                    .await?;
                conn.execute_unprepared("DROP FUNCTION application_counts_maintain()")
                    .await?;
            }
            _ => {
                for name in [
                    "applications_count_insert",
                    "applications_count_delete",
                    "applications_count_update",
                ] {
                    conn.execute_unprepared(&format!("DROP TRIGGER {name}"))
                        .await?;
                }
            }
        }
        manager
            .drop_table(Table::drop().table(ApplicationCounts::Table).to_owned())
            .await
    }
}
