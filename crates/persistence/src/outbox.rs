//! [`SeaOrmOutboxQueue`]: the mail delivery worker's side of the outbox. Mail enters the
//! outbox with the change that caused it (see the `effects` module).

use async_trait::async_trait;
use portal_domain::RepositoryError;
use portal_domain::mail::{OutboxQueue, QueuedMail};
use sea_orm::sea_query::{Expr, LockBehavior, LockType, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::database::begin_write;
use crate::entity::outbox::{Column, Entity, Model, STATUS_FAILED, STATUS_QUEUED, STATUS_SENT};
use crate::error::{InvalidRow, count_from_db, count_to_db, db};
use crate::timestamp::{from_micros, to_micros};
use crate::transaction::finish;

const TABLE: &str = "outbox";
/// The stored delivery error is for operators; a long transcript is cut to this many chars.
const MAX_ERROR_CHARS: usize = 2_000;

/// The outbox in the `outbox` table; see [`OutboxQueue`] for the contract.
#[derive(Debug, Clone)]
pub struct SeaOrmOutboxQueue {
    conn: DatabaseConnection,
}

impl SeaOrmOutboxQueue {
    pub(crate) fn new(conn: DatabaseConnection) -> Self {
        Self { conn }
    }
}

impl TryFrom<Model> for QueuedMail {
    type Error = InvalidRow;

    fn try_from(row: Model) -> Result<Self, InvalidRow> {
        Ok(QueuedMail {
            id: row.id,
            to: row.recipient,
            subject: row.subject,
            body: row.body,
            attempts: count_from_db(row.attempts, TABLE, "attempts")?,
            queued_at: from_micros(row.created_at, TABLE, "created_at")?,
        })
    }
}

/// Queued, due at `now`, and not held by a worker whose lease is still running.
fn claimable(now: i64) -> Condition {
    Condition::all()
        .add(Column::Status.eq(STATUS_QUEUED))
        .add(
            Condition::any()
                .add(Column::NextAttemptAt.is_null())
                .add(Column::NextAttemptAt.lte(now)),
        )
        .add(
            Condition::any()
                .add(Column::LeasedUntil.is_null())
                .add(Column::LeasedUntil.lte(now)),
        )
}

async fn claim_in(
    txn: &DatabaseTransaction,
    now: i64,
    lease_until: i64,
    limit: u32,
) -> Result<Vec<QueuedMail>, RepositoryError> {
    let ids: Vec<Uuid> = Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(claimable(now))
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id)
        .limit(u64::from(limit))
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .into_tuple()
        .all(txn)
        .await
        .map_err(db)?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let claim = Query::update()
        .table(Entity)
        .value(Column::LeasedUntil, lease_until)
        .and_where(Column::Id.is_in(ids))
        .cond_where(claimable(now))
        .returning_all()
        .to_owned();
    let rows = txn.query_all(&claim).await.map_err(db)?;
    let mut mails = rows
        .iter()
        .map(|row| {
            let model = Model::from_query_result(row, "").map_err(db)?;
            Ok(QueuedMail::try_from(model)?)
        })
        .collect::<Result<Vec<_>, RepositoryError>>()?;
    // RETURNING gives no order; deliver oldest first.
    mails.sort_by_key(|mail| (mail.queued_at, mail.id));
    Ok(mails)
}

#[async_trait]
impl OutboxQueue for SeaOrmOutboxQueue {
    /// Selects the due ids, then leases exactly those, in one write transaction. On
    /// PostgreSQL the select takes `FOR UPDATE SKIP LOCKED`, so a concurrent worker skips
    /// the rows being leased instead of waiting for them or taking them too; on SQLite the
    /// transaction holds the write lock from its start, so claims run one after another.
    ///
    /// (A single `UPDATE ... WHERE id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)` is
    /// not safe on PostgreSQL: the planner may re-run the subquery, which then skips the
    /// rows this very statement just updated and leases more than `n`.)
    async fn claim_due(
        &self,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<QueuedMail>, RepositoryError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let result = claim_in(&txn, to_micros(now), to_micros(lease_until), limit).await;
        finish(txn, result).await
    }

    /// A mail that is no longer in the outbox is not an error.
    async fn mark_sent(&self, id: Uuid, at: OffsetDateTime) -> Result<(), RepositoryError> {
        Entity::update_many()
            .col_expr(Column::Status, Expr::value(STATUS_SENT))
            .col_expr(Column::SentAt, Expr::value(Some(to_micros(at))))
            .col_expr(Column::Body, Expr::value(""))
            .col_expr(Column::LeasedUntil, Expr::value(Option::<i64>::None))
            .filter(Column::Id.eq(id))
            .exec(&self.conn)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// A mail given up on has its body erased too: it will never be sent, and the body
    /// may hold a one-time code. A mail no longer in the outbox is not an error.
    async fn mark_failed(
        &self,
        id: Uuid,
        attempts: u32,
        retry_at: Option<OffsetDateTime>,
        error: &str,
    ) -> Result<(), RepositoryError> {
        let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
        let mut update = Entity::update_many()
            .col_expr(Column::Attempts, Expr::value(count_to_db(attempts)))
            .col_expr(Column::LastError, Expr::value(Some(error)))
            .col_expr(Column::LeasedUntil, Expr::value(Option::<i64>::None))
            .col_expr(Column::NextAttemptAt, Expr::value(retry_at.map(to_micros)));
        update = match retry_at {
            Some(_) => update.col_expr(Column::Status, Expr::value(STATUS_QUEUED)),
            None => update
                .col_expr(Column::Status, Expr::value(STATUS_FAILED))
                .col_expr(Column::Body, Expr::value("")),
        };
        update
            .filter(Column::Id.eq(id))
            .exec(&self.conn)
            .await
            .map_err(db)?;
        Ok(())
    }
}
