//! The `enquiry_documents` table: documents sent with an enquiry.

use sea_orm::entity::prelude::*;

/// One document; the bytes live in the document store.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enquiry_documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enquiry_id: Uuid,
    pub file_name: String,
    pub file_type: String,
    pub size: i64,
    pub stored_name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
