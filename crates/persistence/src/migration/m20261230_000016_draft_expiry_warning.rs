//! Records when a draft's owner was warned that its last day is near (F12), so the warning
//! goes once, and indexes the drafts still to warn by their last day.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Applications {
    Table,
    ExpiryWarnedAt,
}

/// The drafts not yet warned, by last day: what the hourly warning reads.
const INDEX: &str = "applications_expiry_warning_idx";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Applications::Table)
                    .add_column(big_integer_null(Applications::ExpiryWarnedAt))
                    .to_owned(),
            )
            .await?;
        // A partial index, which sea-query's builder does not express; both databases
        // accept the same statement.
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX {INDEX} ON applications (expires_on) \
                 WHERE status = 'in_progress' AND expiry_warned_at IS NULL"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(INDEX)
                    .table(Applications::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Applications::Table)
                    .drop_column(Applications::ExpiryWarnedAt)
                    .to_owned(),
            )
            .await
    }
}
