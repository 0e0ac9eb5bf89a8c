//! Indexes measured on a million applications (see `docs/performance.md`):
//! - `applications_rep_table_idx` covers the table's other sorts and filters: for one
//!   representative (and status), every column the table filters or sorts by except the
//!   name is in it, so a page's ids are found and sorted without reading the rows;
//! - `applications_rep_name_idx` is replaced by one that also holds the status, so a name
//!   search (with or without a status) and a sort by name stay within a narrow index;
//! - `applications_rep_unread_idx` is a partial index of the few unread applications.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Applications {
    Table,
    Id,
    RepresentativeId,
    Status,
    AppType,
    HasUnread,
    GroupId,
    ApplicantNameFolded,
    Number,
    CreatedAt,
    LastSavedAt,
    ExpiresOn,
    SubmittedAt,
}

const NAME: &str = "applications_rep_table_idx";
const NAME_INDEX: &str = "applications_rep_name_status_idx";
const UNREAD_INDEX: &str = "applications_rep_unread_idx";

/// The condition of the partial index of unread applications, also used by the search.
pub(crate) const UNREAD: &str = "has_unread = TRUE";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Applications as A;
        let mut index = Index::create();
        index.name(NAME).table(A::Table);
        for column in [
            A::RepresentativeId,
            A::Status,
            A::AppType,
            A::HasUnread,
            A::GroupId,
            A::Number,
            A::CreatedAt,
            A::LastSavedAt,
            A::ExpiresOn,
            A::SubmittedAt,
            A::Id,
        ] {
            index.col(column);
        }
        manager.create_index(index.to_owned()).await?;
        manager
            .drop_index(
                Index::drop()
                    .name("applications_rep_name_idx")
                    .table(A::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(NAME_INDEX)
                    .table(A::Table)
                    .col(A::RepresentativeId)
                    .col(A::ApplicantNameFolded)
                    .col(A::Status)
                    .col(A::Id)
                    .to_owned(),
            )
            .await?;
        // The search writes the same literal condition, which SQLite needs in order to
        // use a partial index (a bound parameter would not do).
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX {UNREAD_INDEX} ON applications \
                 (representative_id, created_at, id) WHERE {UNREAD}"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [NAME, NAME_INDEX, UNREAD_INDEX] {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(Applications::Table)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("applications_rep_name_idx")
                    .table(Applications::Table)
                    .col(Applications::RepresentativeId)
                    .col(Applications::ApplicantNameFolded)
                    .to_owned(),
            )
            .await
    }
}
