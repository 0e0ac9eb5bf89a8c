//! [`SeaOrmAuditTrail`]: the search of the append-only `audit_events` table, and the events
//! that record no change of their own (a download).

use async_trait::async_trait;
use portal_domain::RepositoryError;
use portal_domain::account::AccountId;
use portal_domain::application::ApplicationId;
use portal_domain::audit::{AuditAction, AuditEntry, AuditEvent, AuditQuery, AuditTrail};
use portal_domain::enquiry::EnquiryId;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::effects::{Origin, append_audit};
use crate::entity::audit_events::{Column, Entity, Model};
use crate::error::{InvalidRow, db};
use crate::timestamp::{from_micros, to_micros};

const TABLE: &str = "audit_events";

/// Reads and appends audit entries; see [`AuditTrail`].
#[derive(Debug, Clone)]
pub struct SeaOrmAuditTrail {
    conn: DatabaseConnection,
    origin: Origin,
}

impl SeaOrmAuditTrail {
    pub(crate) fn new(conn: DatabaseConnection, origin: Origin) -> Self {
        Self { conn, origin }
    }
}

impl TryFrom<Model> for AuditEntry {
    type Error = InvalidRow;

    fn try_from(row: Model) -> Result<Self, InvalidRow> {
        Ok(AuditEntry {
            id: row.id,
            event: AuditEvent {
                at: from_micros(row.at, TABLE, "at")?,
                actor: row.actor_id.map(AccountId::from_uuid),
                subject: row.subject_id.map(AccountId::from_uuid),
                application: row.application_id.map(ApplicationId::from_uuid),
                enquiry: row.enquiry_id.map(EnquiryId::from_uuid),
                action: AuditAction::parse(&row.action)
                    .ok_or_else(|| InvalidRow::new(TABLE, "action"))?,
            },
            client_address: row.client_address,
        })
    }
}

#[async_trait]
impl AuditTrail for SeaOrmAuditTrail {
    async fn append(&self, events: &[AuditEvent]) -> Result<(), RepositoryError> {
        let address = self.origin.address();
        append_audit(&self.conn, address.as_deref(), events).await
    }

    async fn search(&self, query: &AuditQuery) -> Result<(u64, Vec<AuditEntry>), RepositoryError> {
        let mut condition = Condition::all();
        if let Some(account) = query.account {
            condition = condition.add(
                Condition::any()
                    .add(Column::ActorId.eq(account.as_uuid()))
                    .add(Column::SubjectId.eq(account.as_uuid())),
            );
        }
        if let Some(application) = query.application {
            condition = condition.add(Column::ApplicationId.eq(application.as_uuid()));
        }
        if let Some(action) = query.action {
            condition = condition.add(Column::Action.eq(action.as_str()));
        }
        if let Some(from) = query.from {
            condition = condition.add(Column::At.gte(to_micros(from)));
        }
        if let Some(until) = query.until {
            condition = condition.add(Column::At.lt(to_micros(until)));
        }
        let select = Entity::find().filter(condition);
        let total = select.clone().count(&self.conn).await.map_err(db)?;
        let offset = u64::from(query.page.saturating_sub(1)) * u64::from(query.per_page);
        let rows = select
            .order_by_desc(Column::At)
            .order_by_desc(Column::Id)
            .offset(offset)
            .limit(u64::from(query.per_page))
            .all(&self.conn)
            .await
            .map_err(db)?;
        let entries = rows
            .into_iter()
            .map(|row| AuditEntry::try_from(row).map_err(RepositoryError::from))
            .collect::<Result<_, _>>()?;
        Ok((total, entries))
    }
}
