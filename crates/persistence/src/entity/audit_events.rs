//! The `audit_events` table: the append-only audit trail (F28). No foreign keys, so the
//! trail outlives whatever it mentions.

use sea_orm::entity::prelude::*;

/// One event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub at: i64,
    pub actor_id: Option<Uuid>,
    pub subject_id: Option<Uuid>,
    pub action: String,
    /// The application the event is about.
    pub application_id: Option<Uuid>,
    /// The enquiry the event is about.
    pub enquiry_id: Option<Uuid>,
    /// The client's IP address; `NULL` for background work and the command line.
    pub client_address: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
