//! Creates `applications`, with the indexes the table, its search and the expiry job use,
//! and `counters`, the never-reused sequences of group IDs and application numbers.
//!
//! Every search is scoped by representative, so every index a search uses starts with
//! `representative_id`; the query shapes and their plans are in `docs/performance.md`.

use sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

use super::Accounts;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Applications {
    Table,
    Id,
    RepresentativeId,
    GroupId,
    Role,
    AppType,
    VisitPurpose,
    Emergency,
    ClaimOrigin,
    CbsaFileNumber,
    QuestionnaireVersion,
    ApplicantName,
    ApplicantNameFolded,
    Answers,
    Status,
    Number,
    CreatedAt,
    LastSavedAt,
    ExpiresOn,
    SubmittedAt,
    HasUnread,
    ActionRequired,
    Version,
}

#[derive(DeriveIden)]
enum Counters {
    Table,
    Name,
    Value,
}

/// `(name, columns, unique)` of every index of `applications`.
const INDEXES: &[(&str, &[Applications], bool)] = &[
    ("applications_number_key", &[Applications::Number], true),
    (
        "applications_rep_status_created_idx",
        &[
            Applications::RepresentativeId,
            Applications::Status,
            Applications::CreatedAt,
            Applications::Id,
        ],
        false,
    ),
    (
        "applications_rep_type_status_created_idx",
        &[
            Applications::RepresentativeId,
            Applications::AppType,
            Applications::Status,
            Applications::CreatedAt,
            Applications::Id,
        ],
        false,
    ),
    (
        "applications_rep_name_idx",
        &[
            Applications::RepresentativeId,
            Applications::ApplicantNameFolded,
        ],
        false,
    ),
    (
        "applications_rep_number_idx",
        &[Applications::RepresentativeId, Applications::Number],
        false,
    ),
    (
        "applications_rep_group_idx",
        &[Applications::RepresentativeId, Applications::GroupId],
        false,
    ),
    (
        "applications_status_expires_idx",
        &[
            Applications::Status,
            Applications::ExpiresOn,
            Applications::Id,
        ],
        false,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Byte order for the columns that are searched by prefix or sorted as text, so the
        // order is the same on PostgreSQL whatever the database's locale, and on SQLite.
        let c_collation = |mut column: ColumnDef| {
            if manager.get_database_backend() == DbBackend::Postgres {
                column.extra("COLLATE \"C\"");
            }
            column
        };
        manager
            .create_table(
                Table::create()
                    .table(Applications::Table)
                    .col(pk_uuid(Applications::Id))
                    .col(uuid(Applications::RepresentativeId))
                    .col(big_integer(Applications::GroupId))
                    .col(string_len(Applications::Role, 16))
                    .col(string_len(Applications::AppType, 16))
                    .col(string_len_null(Applications::VisitPurpose, 16))
                    .col(boolean(Applications::Emergency).default(false))
                    .col(string_len_null(Applications::ClaimOrigin, 16))
                    .col(string_len_null(Applications::CbsaFileNumber, 20))
                    .col(integer(Applications::QuestionnaireVersion))
                    .col(string_len(Applications::ApplicantName, 250))
                    .col(c_collation(string_len(
                        Applications::ApplicantNameFolded,
                        500,
                    )))
                    .col(text(Applications::Answers))
                    .col(c_collation(string_len(Applications::Status, 16)))
                    .col(c_collation(string_len_null(Applications::Number, 10)))
                    .col(big_integer(Applications::CreatedAt))
                    .col(big_integer(Applications::LastSavedAt))
                    .col(integer(Applications::ExpiresOn))
                    .col(big_integer_null(Applications::SubmittedAt))
                    .col(boolean(Applications::HasUnread).default(false))
                    .col(boolean(Applications::ActionRequired).default(false))
                    .col(big_integer(Applications::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .name("applications_representative_id_fkey")
                            .from(Applications::Table, Applications::RepresentativeId)
                            .to(Accounts::Table, Accounts::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns, unique) in INDEXES {
            let mut index = Index::create();
            index.name(*name).table(Applications::Table);
            for column in *columns {
                index.col(*column);
            }
            if *unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Counters::Table)
                    .col(string_len(Counters::Name, 32).primary_key())
                    .col(big_integer(Counters::Value))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Counters::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Applications::Table).to_owned())
            .await
    }
}
