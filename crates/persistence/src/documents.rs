//! [`SeaOrmDocumentRepository`]: the records of uploaded documents. Their application is
//! checked against its owner by the caller before any of these is used.

use crate::plan_cache::ByKey;
use async_trait::async_trait;
use portal_domain::RepositoryError;
use portal_domain::effects::SideEffects;

use portal_domain::application::{
    ApplicationId, Document, DocumentId, DocumentRepository, FileType, RequestId,
};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::database::begin_write;
use crate::entity::documents::{ActiveModel, Column, Entity, Model};
use crate::error::{InvalidRow, db};
use crate::timestamp::{from_micros, to_micros};
use crate::transaction::finish;

const TABLE: &str = "documents";

/// Stores document records in the `documents` table; see [`DocumentRepository`].
#[derive(Debug, Clone)]
pub struct SeaOrmDocumentRepository {
    conn: DatabaseConnection,
    origin: crate::effects::Origin,
}

impl SeaOrmDocumentRepository {
    pub(crate) fn new(conn: DatabaseConnection, origin: crate::effects::Origin) -> Self {
        Self { conn, origin }
    }
}

impl TryFrom<Model> for Document {
    type Error = InvalidRow;

    fn try_from(row: Model) -> Result<Self, InvalidRow> {
        Ok(Document {
            id: DocumentId::from_uuid(row.id),
            application_id: ApplicationId::from_uuid(row.application_id),
            item: row.item,
            file_name: row.file_name,
            file_type: FileType::parse(&row.file_type)
                .ok_or_else(|| InvalidRow::new(TABLE, "file_type"))?,
            size: u64::try_from(row.size).map_err(|_| InvalidRow::new(TABLE, "size"))?,
            stored_name: row.stored_name,
            uploaded_at: from_micros(row.uploaded_at, TABLE, "uploaded_at")?,
        })
    }
}

/// The row of a document; `request` is the document request it answers, if any.
pub(crate) fn active_model(
    document: &Document,
    request: Option<RequestId>,
) -> Result<ActiveModel, RepositoryError> {
    Ok(ActiveModel {
        id: Set(document.id.as_uuid()),
        application_id: Set(document.application_id.as_uuid()),
        item: Set(document.item.clone()),
        file_name: Set(document.file_name.clone()),
        file_type: Set(document.file_type.code().to_owned()),
        size: Set(i64::try_from(document.size)
            .map_err(|_| RepositoryError::message("a document cannot be that large"))?),
        stored_name: Set(document.stored_name.clone()),
        uploaded_at: Set(to_micros(document.uploaded_at)),
        request_id: Set(request.map(|r| r.as_uuid())),
    })
}

#[async_trait]
impl DocumentRepository for SeaOrmDocumentRepository {
    async fn insert(
        &self,
        document: &Document,
        effects: &SideEffects,
    ) -> Result<(), RepositoryError> {
        let row = active_model(document, None)?;
        let address = self.origin.address();
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let result = async {
            Entity::insert(row)
                .exec_without_returning(&txn)
                .await
                .map_err(db)?;
            crate::effects::write(&txn, address.as_deref(), None, effects).await
        }
        .await;
        finish(txn, result).await
    }

    async fn list(&self, application: ApplicationId) -> Result<Vec<Document>, RepositoryError> {
        let rows = Entity::find()
            .filter(Column::ApplicationId.eq(application.as_uuid()))
            .order_by_asc(Column::UploadedAt)
            .order_by_asc(Column::Id)
            .all(&self.conn)
            .await
            .map_err(db)?;
        rows.into_iter()
            .map(|row| Document::try_from(row).map_err(RepositoryError::from))
            .collect()
    }

    async fn find(
        &self,
        application: ApplicationId,
        id: DocumentId,
    ) -> Result<Option<Document>, RepositoryError> {
        let row = Entity::find_by_id(id.as_uuid())
            .filter(Column::ApplicationId.eq(application.as_uuid()))
            .by_key(&self.conn)
            .await
            .map_err(db)?;
        Ok(row.map(Document::try_from).transpose()?)
    }
}
