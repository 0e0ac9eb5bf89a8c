//! The `sign_in_throttle` table: sign-in failures per normalised email as typed, from each
//! client address and for every address, under digests of those keys.

use sea_orm::entity::prelude::*;

/// The failures counted under one key.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_throttle")]
pub struct Model {
    /// Digest of the email and the address (or of the email alone, for every address).
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Digest of the email alone, shared by its rows for each address.
    pub account: String,
    pub failures: i32,
    pub window_started_at: i64,
    pub blocked_until: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
