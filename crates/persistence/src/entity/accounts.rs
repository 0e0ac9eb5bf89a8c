//! The `accounts` table: representatives and officers.

use sea_orm::entity::prelude::*;

/// One account. Representative-only columns are `NULL` for officers.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub role: String,
    /// Always lowercase; unique (`accounts_email_key`).
    pub email: String,
    pub given_name: String,
    pub surname: String,
    pub language: String,
    pub governing_body: Option<String>,
    pub membership_id: Option<String>,
    pub telephone_type: Option<String>,
    pub telephone_country: Option<String>,
    pub telephone_number: Option<String>,
    pub fax: Option<String>,
    pub email_updates: Option<String>,
    /// Lines separated by line feeds.
    pub mailing_address: Option<String>,
    /// `good`, `suspended` or `revoked` (officers' rows keep the default).
    pub standing: String,
    /// Unique when present (`accounts_ircc_id_key`).
    pub ircc_id: Option<String>,
    pub password_hash: String,
    pub must_change_password: bool,
    pub status: String,
    pub rejection_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
