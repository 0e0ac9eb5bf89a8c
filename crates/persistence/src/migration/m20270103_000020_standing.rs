//! A representative's standing with their governing body (F22), good unless an officer
//! records otherwise, and account messages that ask their owner to act (a request for
//! documents at enrolment).

use sea_orm_migration::{prelude::*, schema::*};

use super::Accounts;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum AccountColumns {
    Standing,
}

#[derive(DeriveIden)]
enum AccountMessages {
    Table,
    AsksAction,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Accounts::Table)
                    .add_column(string_len(AccountColumns::Standing, 16).default("good"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AccountMessages::Table)
                    .add_column(boolean(AccountMessages::AsksAction).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AccountMessages::Table)
                    .drop_column(AccountMessages::AsksAction)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Accounts::Table)
                    .drop_column(AccountColumns::Standing)
                    .to_owned(),
            )
            .await
    }
}
