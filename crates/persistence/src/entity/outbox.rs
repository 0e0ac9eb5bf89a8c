//! The `outbox` table: mail queued in the same transaction as the change that caused it.

use sea_orm::entity::prelude::*;

/// Waiting for delivery (or for a retry).
pub const STATUS_QUEUED: &str = "queued";
/// Delivered; the body has been erased.
pub const STATUS_SENT: &str = "sent";
/// Given up; the body has been erased.
pub const STATUS_FAILED: &str = "failed";

/// One mail.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub attempts: i32,
    /// `NULL` means due at once.
    pub next_attempt_at: Option<i64>,
    /// Set while a worker holds the mail.
    pub leased_until: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
