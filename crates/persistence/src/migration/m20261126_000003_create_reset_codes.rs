//! Creates `reset_codes`: one hashed code per account, removed with the account.

use sea_orm_migration::{prelude::*, schema::*};

use super::Accounts;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum ResetCodes {
    Table,
    AccountId,
    CodeHash,
    ExpiresAt,
    FailedAttempts,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ResetCodes::Table)
                    .col(uuid(ResetCodes::AccountId).primary_key())
                    .col(text(ResetCodes::CodeHash))
                    .col(big_integer(ResetCodes::ExpiresAt))
                    .col(integer(ResetCodes::FailedAttempts))
                    .foreign_key(
                        ForeignKey::create()
                            .name("reset_codes_account_id_fkey")
                            .from(ResetCodes::Table, ResetCodes::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ResetCodes::Table).to_owned())
            .await
    }
}
