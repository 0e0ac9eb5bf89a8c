//! Creates `email_changes`: one pending email change per account, with the hash of the
//! code mailed to the new address; removed with the account.

use sea_orm_migration::{prelude::*, schema::*};

use super::Accounts;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum EmailChanges {
    Table,
    AccountId,
    NewEmail,
    CodeHash,
    ExpiresAt,
    Attempts,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EmailChanges::Table)
                    .col(uuid(EmailChanges::AccountId).primary_key())
                    .col(text(EmailChanges::NewEmail))
                    .col(text(EmailChanges::CodeHash))
                    .col(big_integer(EmailChanges::ExpiresAt))
                    .col(integer(EmailChanges::Attempts))
                    .foreign_key(
                        ForeignKey::create()
                            .name("email_changes_account_id_fkey")
                            .from(EmailChanges::Table, EmailChanges::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EmailChanges::Table).to_owned())
            .await
    }
}
