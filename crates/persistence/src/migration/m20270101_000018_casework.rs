//! The department's casework (F17, F23): the stages after submission and the case details on
//! `applications`, the messages about an application, the document requests and the status of
//! each submitted document, the issued documents, and, on each audit entry, the application it
//! is about and the client address of the request that caused it, with the indexes the
//! officers' audit search uses (by account, application and time).
//!
//! The kept totals need no change: `application_counts` is keyed by the status code and its
//! triggers fire on every `UPDATE OF status`, so the new stages (`received`, `decided`,
//! `closed`) are counted from their first row, and existing rows keep their codes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Applications {
    Table,
    Id,
    Status,
    SubmittedAt,
    ReceivedOn,
    Decision,
    DecidedOn,
    ClosedOn,
    Uci,
    BiometricsNumber,
    BiometricsEnrolledOn,
    BiometricsExpiresOn,
    Steps,
}

#[derive(DeriveIden)]
enum ApplicationMessages {
    Table,
    Id,
    ApplicationId,
    Subject,
    Body,
    AsksAction,
    SentAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum DocumentRequests {
    Table,
    Id,
    ApplicationId,
    Description,
    DueOn,
    RequestedAt,
    AnsweredAt,
}

#[derive(DeriveIden)]
enum DocumentReviews {
    Table,
    DocumentId,
    Status,
    ReviewedAt,
}

#[derive(DeriveIden)]
enum Documents {
    Table,
    Id,
    RequestId,
}

#[derive(DeriveIden)]
enum IssuedDocuments {
    Table,
    Id,
    ApplicationId,
    DocumentType,
    Number,
    IssuedOn,
    ExpiresOn,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditEvents {
    Table,
    ApplicationId,
    ClientAddress,
    ActorId,
    At,
}

/// `(name, column)` of the audit search's new indexes.
const AUDIT_INDEXES: [(&str, AuditEvents); 3] = [
    ("audit_events_application_idx", AuditEvents::ApplicationId),
    ("audit_events_actor_idx", AuditEvents::ActorId),
    ("audit_events_at_idx", AuditEvents::At),
];

fn cascade_to_application<T: IntoIden + 'static>(
    table: T,
    name: &str,
) -> ForeignKeyCreateStatement {
    let mut fk = ForeignKey::create();
    fk.name(name)
        .from_tbl(table)
        .from_col(Alias::new("application_id"))
        .to(Applications::Table, Applications::Id)
        .on_delete(ForeignKeyAction::Cascade);
    fk.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        let columns = [
            integer_null(Applications::ReceivedOn),
            string_len_null(Applications::Decision, 16),
            integer_null(Applications::DecidedOn),
            integer_null(Applications::ClosedOn),
            string_len_null(Applications::Uci, 12),
            string_len_null(Applications::BiometricsNumber, 20),
            integer_null(Applications::BiometricsEnrolledOn),
            integer_null(Applications::BiometricsExpiresOn),
            text_null(Applications::Steps),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Applications::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        // The department's list of every submitted application, newest first: a partial
        // index, which sea-query's builder does not express; both databases accept it.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX applications_submitted_idx ON applications (submitted_at, id) \
                 WHERE submitted_at IS NOT NULL",
            )
            .await?;
        // The same within one status.
        manager
            .create_index(
                Index::create()
                    .name("applications_status_submitted_idx")
                    .table(Applications::Table)
                    .col(Applications::Status)
                    .col(Applications::SubmittedAt)
                    .col(Applications::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApplicationMessages::Table)
                    .col(pk_uuid(ApplicationMessages::Id))
                    .col(uuid(ApplicationMessages::ApplicationId))
                    .col(string_len(ApplicationMessages::Subject, 200))
                    .col(text(ApplicationMessages::Body))
                    .col(boolean(ApplicationMessages::AsksAction))
                    .col(big_integer(ApplicationMessages::SentAt))
                    .col(big_integer_null(ApplicationMessages::ReadAt))
                    .foreign_key(&mut cascade_to_application(
                        ApplicationMessages::Table,
                        "application_messages_application_id_fkey",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("application_messages_application_sent_idx")
                    .table(ApplicationMessages::Table)
                    .col(ApplicationMessages::ApplicationId)
                    .col(ApplicationMessages::SentAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DocumentRequests::Table)
                    .col(pk_uuid(DocumentRequests::Id))
                    .col(uuid(DocumentRequests::ApplicationId))
                    .col(text(DocumentRequests::Description))
                    .col(integer(DocumentRequests::DueOn))
                    .col(big_integer(DocumentRequests::RequestedAt))
                    .col(big_integer_null(DocumentRequests::AnsweredAt))
                    .foreign_key(&mut cascade_to_application(
                        DocumentRequests::Table,
                        "document_requests_application_id_fkey",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("document_requests_application_idx")
                    .table(DocumentRequests::Table)
                    .col(DocumentRequests::ApplicationId)
                    .col(DocumentRequests::RequestedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Documents::Table)
                    .add_column(uuid_null(Documents::RequestId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DocumentReviews::Table)
                    .col(pk_uuid(DocumentReviews::DocumentId))
                    .col(string_len(DocumentReviews::Status, 32))
                    .col(big_integer(DocumentReviews::ReviewedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("document_reviews_document_id_fkey")
                            .from(DocumentReviews::Table, DocumentReviews::DocumentId)
                            .to(Documents::Table, Documents::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IssuedDocuments::Table)
                    .col(pk_uuid(IssuedDocuments::Id))
                    .col(uuid(IssuedDocuments::ApplicationId))
                    .col(string_len(IssuedDocuments::DocumentType, 100))
                    .col(string_len(IssuedDocuments::Number, 40))
                    .col(integer(IssuedDocuments::IssuedOn))
                    .col(integer_null(IssuedDocuments::ExpiresOn))
                    .foreign_key(&mut cascade_to_application(
                        IssuedDocuments::Table,
                        "issued_documents_application_id_fkey",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("issued_documents_application_idx")
                    .table(IssuedDocuments::Table)
                    .col(IssuedDocuments::ApplicationId)
                    .to_owned(),
            )
            .await?;
        for mut column in [
            uuid_null(AuditEvents::ApplicationId),
            string_len_null(AuditEvents::ClientAddress, 45),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AuditEvents::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        for (name, column) in AUDIT_INDEXES {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(AuditEvents::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in AUDIT_INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(AuditEvents::Table)
                        .to_owned(),
                )
                .await?;
        }
        for column in [AuditEvents::ClientAddress, AuditEvents::ApplicationId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AuditEvents::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for table in [
            IssuedDocuments::Table.into_iden(),
            DocumentReviews::Table.into_iden(),
            DocumentRequests::Table.into_iden(),
            ApplicationMessages::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Documents::Table)
                    .drop_column(Documents::RequestId)
                    .to_owned(),
            )
            .await?;
        for name in [
            "applications_status_submitted_idx",
            "applications_submitted_idx",
        ] {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(Applications::Table)
                        .to_owned(),
                )
                .await?;
        }
        for column in [
            Applications::Steps,
            Applications::BiometricsExpiresOn,
            Applications::BiometricsEnrolledOn,
            Applications::BiometricsNumber,
            Applications::Uci,
            Applications::ClosedOn,
            Applications::DecidedOn,
            Applications::Decision,
            Applications::ReceivedOn,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Applications::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
