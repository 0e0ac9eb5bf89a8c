//! A name search that also filters by status (and type) seeks to those of the
//! representative's entries first and matches names only there (see `docs/performance.md`).

use sea_orm_migration::prelude::*;

/// Adds [`STATUS_NAME_SEARCH_INDEX`].
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

/// The index a name search with a status filter scans.
pub(crate) const STATUS_NAME_SEARCH_INDEX: &str = "applications_rep_status_type_name_idx";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Applications as A;
        let mut index = Index::create();
        index.name(STATUS_NAME_SEARCH_INDEX).table(A::Table);
        for column in [
            A::RepresentativeId,
            A::Status,
            A::AppType,
            A::ApplicantNameFolded,
            A::HasUnread,
            A::CreatedAt,
            A::Id,
        ] {
            index.col(column);
        }
        manager.create_index(index.to_owned()).await?;
        if manager.get_database_backend() == sea_orm::DbBackend::Sqlite {
            // Without statistics for the new index SQLite's planner may prefer it for the
            // default table too (and sort every draft); a sampled ANALYZE is cheap.
            let conn = manager.get_connection();
            conn.execute_unprepared("PRAGMA analysis_limit = 1000")
                .await?;
            conn.execute_unprepared("ANALYZE").await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let drop = Index::drop()
            .name(STATUS_NAME_SEARCH_INDEX)
            .table(Applications::Table)
            .to_owned();
        manager.drop_index(drop).await
    }
}
