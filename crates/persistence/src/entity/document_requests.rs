//! The `document_requests` table: the department's requests for documents.

use sea_orm::entity::prelude::*;

/// One request; open while `answered_at` is `NULL`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub description: String,
    /// Days since 1970-01-01.
    pub due_on: i32,
    pub requested_at: i64,
    pub answered_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
