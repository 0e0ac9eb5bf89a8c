//! The name search index holds every filter column and the default order, so a name search
//! is one scan of this index (see `docs/performance.md`): the matches are counted and the page is
//! sorted without reading a table row, on SQLite through `INDEXED BY`.

use sea_orm_migration::prelude::*;

/// Replaces `applications_rep_name_status_idx` with [`NAME_SEARCH_INDEX`].
#[derive(Debug, DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
    RepresentativeId,
    ApplicantNameFolded,
    Status,
    AppType,
    HasUnread,
    CreatedAt,
}

/// The index a name search scans.
pub(crate) const NAME_SEARCH_INDEX: &str = "applications_rep_name_search_idx";
const OLD: &str = "applications_rep_name_status_idx";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Applications as A;
        manager
            .create_index(
                Index::create()
                    .name(NAME_SEARCH_INDEX)
                    .table(A::Table)
                    .col(A::RepresentativeId)
                    .col(A::ApplicantNameFolded)
                    .col(A::Status)
                    .col(A::AppType)
                    .col(A::HasUnread)
                    .col(A::CreatedAt)
                    .col(A::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(Index::drop().name(OLD).table(A::Table).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Applications as A;
        manager
            .create_index(
                Index::create()
                    .name(OLD)
                    .table(A::Table)
                    .col(A::RepresentativeId)
                    .col(A::ApplicantNameFolded)
                    .col(A::Status)
                    .col(A::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(NAME_SEARCH_INDEX)
                    .table(A::Table)
                    .to_owned(),
            )
            .await
    }
}
