//! The `email_changes` table: at most one pending email change per account, its code hashed.

use sea_orm::entity::prelude::*;

/// One account's pending email change.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: Uuid,
    pub new_email: String,
    pub code_hash: String,
    pub expires_at: i64,
    pub attempts: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
