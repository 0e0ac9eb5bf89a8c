//! Recreates `sign_in_throttle` for counts per email from each client address and for every
//! address: rows are keyed by a digest (never the text a client typed, which may hold any
//! character) and carry the digest of their email, so that clearing an email's throttle
//! clears it from every address. The old rows are throttle state only and are dropped.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum SignInThrottle {
    Table,
    Key,
    Account,
    Failures,
    WindowStartedAt,
    LastFailureAt,
    BlockedUntil,
}

const ACCOUNT_INDEX: &str = "sign_in_throttle_account_idx";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use SignInThrottle as T;
        manager
            .drop_table(Table::drop().table(T::Table).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(string(T::Key).primary_key())
                    .col(string(T::Account))
                    .col(integer(T::Failures))
                    .col(big_integer(T::WindowStartedAt))
                    .col(big_integer_null(T::BlockedUntil))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(ACCOUNT_INDEX)
                    .table(T::Table)
                    .col(T::Account)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use SignInThrottle as T;
        manager
            .drop_table(Table::drop().table(T::Table).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(string(T::Key).primary_key())
                    .col(integer(T::Failures))
                    .col(big_integer(T::LastFailureAt))
                    .col(big_integer_null(T::BlockedUntil))
                    .to_owned(),
            )
            .await
    }
}
