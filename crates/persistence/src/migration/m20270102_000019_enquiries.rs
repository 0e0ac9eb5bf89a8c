//! Enquiries (F7, F8, F24): the queue of web-form enquiries and closure requests with their
//! documents and replies, the mailing address an enquiry's resolution may set on the
//! account, and the enquiry an audit entry is about.

use sea_orm_migration::{prelude::*, schema::*};

use super::Accounts;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum AccountColumns {
    MailingAddress,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    EnquiryId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Enquiries {
    Table,
    Id,
    Reference,
    AccountId,
    Kind,
    EnquiryType,
    FamilyName,
    GivenName,
    Email,
    DateOfBirth,
    IrccId,
    Request,
    Status,
    SubmittedAt,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum EnquiryDocuments {
    Table,
    Id,
    EnquiryId,
    FileName,
    FileType,
    Size,
    StoredName,
}

#[derive(DeriveIden)]
enum EnquiryReplies {
    Table,
    Id,
    EnquiryId,
    Body,
    SentAt,
}

fn cascade_to_enquiry<T: IntoIden + 'static>(table: T, name: &str) -> ForeignKeyCreateStatement {
    let mut fk = ForeignKey::create();
    fk.name(name)
        .from_tbl(table)
        .from_col(Alias::new("enquiry_id"))
        .to(Enquiries::Table, Enquiries::Id)
        .on_delete(ForeignKeyAction::Cascade);
    fk.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Accounts::Table)
                    .add_column(text_null(AccountColumns::MailingAddress))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEvents::Table)
                    .add_column(uuid_null(AuditEvents::EnquiryId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Enquiries::Table)
                    .col(pk_uuid(Enquiries::Id))
                    .col(string_len(Enquiries::Reference, 10).unique_key())
                    .col(uuid(Enquiries::AccountId))
                    .col(string_len(Enquiries::Kind, 16))
                    .col(string_len(Enquiries::EnquiryType, 64))
                    .col(string_len(Enquiries::FamilyName, 100))
                    .col(string_len(Enquiries::GivenName, 100))
                    .col(string_len_null(Enquiries::Email, 254))
                    .col(integer_null(Enquiries::DateOfBirth))
                    .col(string_len_null(Enquiries::IrccId, 16))
                    .col(text(Enquiries::Request))
                    .col(string_len(Enquiries::Status, 16))
                    .col(big_integer(Enquiries::SubmittedAt))
                    .col(big_integer_null(Enquiries::ResolvedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("enquiries_account_id_fkey")
                            .from(Enquiries::Table, Enquiries::AccountId)
                            .to(Accounts::Table, Accounts::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "enquiries_status_submitted_idx",
                [Enquiries::Status, Enquiries::SubmittedAt],
            ),
            (
                "enquiries_account_submitted_idx",
                [Enquiries::AccountId, Enquiries::SubmittedAt],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Enquiries::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(EnquiryDocuments::Table)
                    .col(pk_uuid(EnquiryDocuments::Id))
                    .col(uuid(EnquiryDocuments::EnquiryId))
                    .col(string_len(EnquiryDocuments::FileName, 500))
                    .col(string_len(EnquiryDocuments::FileType, 16))
                    .col(big_integer(EnquiryDocuments::Size))
                    .col(string_len(EnquiryDocuments::StoredName, 64))
                    .foreign_key(&mut cascade_to_enquiry(
                        EnquiryDocuments::Table,
                        "enquiry_documents_enquiry_id_fkey",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("enquiry_documents_enquiry_idx")
                    .table(EnquiryDocuments::Table)
                    .col(EnquiryDocuments::EnquiryId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EnquiryReplies::Table)
                    .col(pk_uuid(EnquiryReplies::Id))
                    .col(uuid(EnquiryReplies::EnquiryId))
                    .col(text(EnquiryReplies::Body))
                    .col(big_integer(EnquiryReplies::SentAt))
                    .foreign_key(&mut cascade_to_enquiry(
                        EnquiryReplies::Table,
                        "enquiry_replies_enquiry_id_fkey",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("enquiry_replies_enquiry_idx")
                    .table(EnquiryReplies::Table)
                    .col(EnquiryReplies::EnquiryId)
                    .col(EnquiryReplies::SentAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            EnquiryReplies::Table.into_iden(),
            EnquiryDocuments::Table.into_iden(),
            Enquiries::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEvents::Table)
                    .drop_column(AuditEvents::EnquiryId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Accounts::Table)
                    .drop_column(AccountColumns::MailingAddress)
                    .to_owned(),
            )
            .await
    }
}
