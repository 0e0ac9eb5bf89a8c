//! The `documents` table: records of uploaded documents; the bytes live in the store.

use sea_orm::entity::prelude::*;

/// One uploaded document.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub item: String,
    pub file_name: String,
    pub file_type: String,
    pub size: i64,
    pub stored_name: String,
    pub uploaded_at: i64,
    /// The document request it answers, when it answers one.
    pub request_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
