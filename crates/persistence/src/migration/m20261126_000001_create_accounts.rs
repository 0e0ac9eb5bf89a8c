//! Creates `accounts`, with unique email and Representative IRCC ID.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    Role,
    Email,
    GivenName,
    Surname,
    Language,
    GoverningBody,
    MembershipId,
    TelephoneType,
    TelephoneCountry,
    TelephoneNumber,
    Fax,
    EmailUpdates,
    IrccId,
    PasswordHash,
    MustChangePassword,
    Status,
    RejectionReason,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Accounts::Table)
                    .col(pk_uuid(Accounts::Id))
                    .col(string_len(Accounts::Role, 32))
                    .col(string_len(Accounts::Email, 254))
                    .col(string_len(Accounts::GivenName, 100))
                    .col(string_len(Accounts::Surname, 100))
                    .col(string_len(Accounts::Language, 8))
                    .col(string_len_null(Accounts::GoverningBody, 32))
                    .col(string_len_null(Accounts::MembershipId, 30))
                    .col(string_len_null(Accounts::TelephoneType, 32))
                    .col(string_len_null(Accounts::TelephoneCountry, 32))
                    .col(string_len_null(Accounts::TelephoneNumber, 15))
                    .col(string_len_null(Accounts::Fax, 14))
                    .col(string_len_null(Accounts::EmailUpdates, 8))
                    .col(string_len_null(Accounts::IrccId, 13))
                    .col(text(Accounts::PasswordHash))
                    .col(boolean(Accounts::MustChangePassword))
                    .col(string_len(Accounts::Status, 32))
                    .col(text_null(Accounts::RejectionReason))
                    .col(big_integer(Accounts::CreatedAt))
                    .col(big_integer(Accounts::UpdatedAt))
                    .col(big_integer(Accounts::Version))
                    .to_owned(),
            )
            .await?;
        // The adapter tells EmailTaken from IrccIdTaken by these names (PostgreSQL) or
        // columns (SQLite) in the unique-violation message.
        manager
            .create_index(
                Index::create()
                    .name("accounts_email_key")
                    .table(Accounts::Table)
                    .col(Accounts::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("accounts_ircc_id_key")
                    .table(Accounts::Table)
                    .col(Accounts::IrccId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("accounts_status_created_idx")
                    .table(Accounts::Table)
                    .col(Accounts::Status)
                    .col(Accounts::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Accounts::Table).to_owned())
            .await
    }
}
