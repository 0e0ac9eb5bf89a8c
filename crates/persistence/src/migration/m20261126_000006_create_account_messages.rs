//! Creates `account_messages`, the inbox of each account, newest-first friendly.

use sea_orm_migration::{prelude::*, schema::*};

use super::Accounts;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum AccountMessages {
    Table,
    Id,
    AccountId,
    Subject,
    Body,
    SentAt,
    ReadAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AccountMessages::Table)
                    .col(pk_uuid(AccountMessages::Id))
                    .col(uuid(AccountMessages::AccountId))
                    .col(text(AccountMessages::Subject))
                    .col(text(AccountMessages::Body))
                    .col(big_integer(AccountMessages::SentAt))
                    .col(big_integer_null(AccountMessages::ReadAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("account_messages_account_id_fkey")
                            .from(AccountMessages::Table, AccountMessages::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("account_messages_account_sent_idx")
                    .table(AccountMessages::Table)
                    .col(AccountMessages::AccountId)
                    .col(AccountMessages::SentAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AccountMessages::Table).to_owned())
            .await
    }
}
