//! [`SeaOrmInboxStore`]: each account's messages (F19), newest first, searched by subject.
//! Messages are written as side effects of a change (see `effects`); this store reads them
//! and marks them read.

use async_trait::async_trait;
use portal_domain::RepositoryError;
use portal_domain::account::{
    AccountId, InboxMessage, InboxQuery, InboxStore, MessageId, SentOrder,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use time::OffsetDateTime;

use crate::entity::account_messages::{Column, Entity, Model};
use crate::error::db;
use crate::fold::fold;
use crate::plan_cache::ByKey;
use crate::timestamp::{from_micros, from_micros_opt, to_micros};

const TABLE: &str = "account_messages";

/// Reads and marks the `account_messages` table; see [`InboxStore`] for the contract.
#[derive(Debug, Clone)]
pub struct SeaOrmInboxStore {
    conn: DatabaseConnection,
}

impl SeaOrmInboxStore {
    pub(crate) fn new(conn: DatabaseConnection) -> Self {
        Self { conn }
    }
}

fn message(row: Model) -> Result<InboxMessage, RepositoryError> {
    Ok(InboxMessage {
        id: MessageId::from_uuid(row.id),
        subject: row.subject,
        body: row.body,
        sent_at: from_micros(row.sent_at, TABLE, "sent_at")?,
        read_at: from_micros_opt(row.read_at, TABLE, "read_at")?,
        asks_action: row.asks_action,
    })
}

/// The account's messages in the query's order (ties by id, the same way).
fn ordered(account: AccountId, order: SentOrder) -> Select<Entity> {
    let select = Entity::find().filter(Column::AccountId.eq(account.as_uuid()));
    match order {
        SentOrder::NewestFirst => select
            .order_by_desc(Column::SentAt)
            .order_by_desc(Column::Id),
        SentOrder::OldestFirst => select.order_by_asc(Column::SentAt).order_by_asc(Column::Id),
    }
}

#[async_trait]
impl InboxStore for SeaOrmInboxStore {
    async fn search(
        &self,
        account: AccountId,
        query: &InboxQuery,
    ) -> Result<(u64, Vec<InboxMessage>), RepositoryError> {
        let per_page = u64::from(query.per_page);
        let skip = u64::from(query.page.saturating_sub(1)) * per_page;
        let Some(subject) = &query.subject else {
            let total = Entity::find()
                .filter(Column::AccountId.eq(account.as_uuid()))
                .count(&self.conn)
                .await
                .map_err(db)?;
            let rows = ordered(account, query.order)
                .offset(skip)
                .limit(per_page)
                .all(&self.conn)
                .await
                .map_err(db)?;
            let items = rows.into_iter().map(message).collect::<Result<_, _>>()?;
            return Ok((total, items));
        };
        // An inbox holds tens of messages, not thousands: matching the subject here, with
        // case and accents folded as the applicant search does, answers alike on both
        // databases.
        let wanted = fold(subject);
        let rows = ordered(account, query.order)
            .all(&self.conn)
            .await
            .map_err(db)?;
        let matching: Vec<Model> = rows
            .into_iter()
            .filter(|row| fold(&row.subject).contains(&wanted))
            .collect();
        let total = matching.len() as u64;
        let items = matching
            .into_iter()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(usize::try_from(per_page).unwrap_or(usize::MAX))
            .map(message)
            .collect::<Result<_, _>>()?;
        Ok((total, items))
    }

    async fn open(
        &self,
        account: AccountId,
        id: MessageId,
        now: OffsetDateTime,
    ) -> Result<Option<InboxMessage>, RepositoryError> {
        let mine = Column::Id
            .eq(id.as_uuid())
            .and(Column::AccountId.eq(account.as_uuid()));
        // Only a first opening sets the read time.
        Entity::update_many()
            .col_expr(Column::ReadAt, Expr::value(to_micros(now)))
            .filter(mine.clone())
            .filter(Column::ReadAt.is_null())
            .exec(&self.conn)
            .await
            .map_err(db)?;
        Entity::find()
            .filter(mine)
            .by_key(&self.conn)
            .await
            .map_err(db)?
            .map(message)
            .transpose()
    }
}
