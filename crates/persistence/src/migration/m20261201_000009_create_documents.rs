//! Creates `documents`, removed with their application.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Documents {
    Table,
    Id,
    ApplicationId,
    Item,
    FileName,
    FileType,
    Size,
    StoredName,
    UploadedAt,
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Documents::Table)
                    .col(pk_uuid(Documents::Id))
                    .col(uuid(Documents::ApplicationId))
                    .col(string_len(Documents::Item, 64))
                    .col(string_len(Documents::FileName, 500))
                    .col(string_len(Documents::FileType, 16))
                    .col(big_integer(Documents::Size))
                    .col(string_len(Documents::StoredName, 64))
                    .col(big_integer(Documents::UploadedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("documents_application_id_fkey")
                            .from(Documents::Table, Documents::ApplicationId)
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("documents_application_uploaded_idx")
                    .table(Documents::Table)
                    .col(Documents::ApplicationId)
                    .col(Documents::UploadedAt)
                    .col(Documents::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Documents::Table).to_owned())
            .await
    }
}
