//! The `issued_documents` table: documents issued after a decision.

use sea_orm::entity::prelude::*;

/// One issued document.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "issued_documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub document_type: String,
    pub number: String,
    /// Days since 1970-01-01.
    pub issued_on: i32,
    pub expires_on: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
