//! A visitor visa's processing becomes one of regular, emergency or special measures
//! (`visa_processing`, `NULL` for other types) instead of the `emergency` flag, which
//! counted special measures as emergencies.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Applications {
    Table,
    VisaProcessing,
    Emergency,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Applications::Table)
                    .add_column(text_null(Applications::VisaProcessing))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE applications SET visa_processing = \
                 CASE WHEN emergency THEN 'emergency' ELSE 'regular' END \
                 WHERE app_type = 'visitor_visa'",
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Applications::Table)
                    .drop_column(Applications::Emergency)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Applications::Table)
                    .add_column(boolean(Applications::Emergency).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE applications SET emergency = (visa_processing <> 'regular') \
                 WHERE app_type = 'visitor_visa'",
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Applications::Table)
                    .drop_column(Applications::VisaProcessing)
                    .to_owned(),
            )
            .await
    }
}
