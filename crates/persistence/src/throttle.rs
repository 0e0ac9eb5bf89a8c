//! [`SeaOrmThrottleStore`]: sign-in failures per normalised email as typed, from each client
//! address and for every address, counted in one statement per attempt.
//!
//! Rows are keyed by SHA-256 digests of their key, never by the text a client typed: that
//! text may hold any character (PostgreSQL refuses a NUL in text), and the table need not
//! keep the emails people mistype.

use std::fmt::Write as _;

use crate::plan_cache::ByKey;
use async_trait::async_trait;
use portal_domain::RepositoryError;
use portal_domain::account::{
    AttemptCount, ThrottleKey, ThrottlePolicy, ThrottleState, ThrottleStore,
};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use sha2::{Digest as _, Sha256};
use time::OffsetDateTime;

use crate::entity::sign_in_throttle::{Column, Entity, Model};
use crate::error::{InvalidRow, count_from_db, db};
use crate::timestamp::{from_micros, from_micros_opt, to_micros};

const TABLE: &str = "sign_in_throttle";

/// Stores throttle state in the `sign_in_throttle` table; see [`ThrottleStore`].
#[derive(Debug, Clone)]
pub struct SeaOrmThrottleStore {
    conn: DatabaseConnection,
}

impl SeaOrmThrottleStore {
    pub(crate) fn new(conn: DatabaseConnection) -> Self {
        Self { conn }
    }
}

impl TryFrom<Model> for ThrottleState {
    type Error = InvalidRow;

    fn try_from(row: Model) -> Result<Self, InvalidRow> {
        Ok(ThrottleState {
            failures: count_from_db(row.failures, TABLE, "failures")?,
            window_started_at: from_micros(row.window_started_at, TABLE, "window_started_at")?,
            blocked_until: from_micros_opt(row.blocked_until, TABLE, "blocked_until")?,
        })
    }
}

/// Lowercase hex of SHA-256 over `text`.
fn digest(text: &str) -> String {
    let sum = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(sum.len() * 2);
    for byte in sum {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// The row key of `key`. The two kinds start differently, so they never collide.
fn row_key(key: &ThrottleKey) -> String {
    match key.address() {
        Some(address) => digest(&format!("address {address} {}", key.email())),
        None => account_key(key),
    }
}

/// The digest every row of `key`'s email carries.
fn account_key(key: &ThrottleKey) -> String {
    digest(&format!("email {}", key.email()))
}

/// `table.column`, as the `ON CONFLICT` update sees the stored row.
fn stored(column: Column) -> Expr {
    Expr::col((Entity, column))
}

/// The `blocked_until` the policy imposes after `failures` (an expression) at `now`.
fn block_after(failures: &Expr, policy: &ThrottlePolicy, now: OffsetDateTime) -> Expr {
    let none = Expr::value(None::<i64>);
    let Some(last) = policy.delays.last() else {
        return none;
    };
    let mut case = Expr::case(failures.clone().lte(i64::from(policy.free_failures)), none);
    for (n, delay) in (i64::from(policy.free_failures) + 1..).zip(&policy.delays) {
        case = case.case(failures.clone().eq(n), to_micros(now + *delay));
    }
    case.finally(to_micros(now + *last)).into()
}

/// Deletes the throttle rows of `key`: its own row, or for every address every row of its
/// email. Shared with the side effects of an account change.
pub(crate) async fn clear_in<C: ConnectionTrait>(
    conn: &C,
    key: &ThrottleKey,
) -> Result<(), RepositoryError> {
    let rows = match key.address() {
        Some(_) => Column::Key.eq(row_key(key)),
        None => Column::Account.eq(account_key(key)),
    };
    Entity::delete_many()
        .filter(rows)
        .exec(conn)
        .await
        .map_err(db)?;
    Ok(())
}

#[async_trait]
impl ThrottleStore for SeaOrmThrottleStore {
    async fn count_attempt(
        &self,
        key: &ThrottleKey,
        now: OffsetDateTime,
        policy: &ThrottlePolicy,
    ) -> Result<AttemptCount, RepositoryError> {
        let now_us = to_micros(now);
        let window_over = stored(Column::WindowStartedAt).lte(to_micros(now - policy.window));
        let failures: Expr = Expr::case(window_over.clone(), 1_i32)
            .finally(stored(Column::Failures).add(1_i32))
            .into();
        let window_started_at: Expr = Expr::case(window_over, now_us)
            .finally(stored(Column::WindowStartedAt))
            .into();
        let first_block = policy.delay_after(1).map(|d| to_micros(now + d));
        let not_blocked = stored(Column::BlockedUntil)
            .is_null()
            .or(stored(Column::BlockedUntil).lte(now_us));
        // One statement: insert the first failure, or count one more unless a wait lasts.
        // Each concurrent attempt, from any process, gets its own count or none.
        let mut insert = Query::insert();
        insert
            .into_table(Entity)
            .columns([
                Column::Key,
                Column::Account,
                Column::Failures,
                Column::WindowStartedAt,
                Column::BlockedUntil,
            ])
            .values([
                row_key(key).into(),
                account_key(key).into(),
                1_i32.into(),
                now_us.into(),
                first_block.into(),
            ])
            .map_err(RepositoryError::new)?;
        let stmt = insert
            .on_conflict(
                OnConflict::column(Column::Key)
                    .value(Column::Failures, failures.clone())
                    .value(Column::WindowStartedAt, window_started_at)
                    .value(Column::BlockedUntil, block_after(&failures, policy, now))
                    .action_and_where(not_blocked)
                    .to_owned(),
            )
            .returning_col(Column::Failures)
            .to_owned();
        if let Some(row) = self.conn.query_one(&stmt).await.map_err(db)? {
            let count: i32 = row.try_get("", "failures").map_err(db)?;
            return Ok(AttemptCount::Counted(count_from_db(
                count, TABLE, "failures",
            )?));
        }
        // Refused: a wait lasts. Read it to tell the caller how long (a wait that ended in
        // between still answers with the moment it ended).
        let until = self
            .get(key)
            .await?
            .and_then(|state| state.blocked_until)
            .unwrap_or(now);
        Ok(AttemptCount::Blocked { until })
    }

    async fn refund(&self, key: &ThrottleKey) -> Result<(), RepositoryError> {
        Entity::update_many()
            .col_expr(Column::Failures, Expr::col(Column::Failures).sub(1_i32))
            .filter(Column::Key.eq(row_key(key)))
            .filter(Column::Failures.gt(0))
            .exec(&self.conn)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn get(&self, key: &ThrottleKey) -> Result<Option<ThrottleState>, RepositoryError> {
        let row = Entity::find_by_id(row_key(key))
            .by_key(&self.conn)
            .await
            .map_err(db)?;
        Ok(row.map(ThrottleState::try_from).transpose()?)
    }

    async fn clear(&self, key: &ThrottleKey) -> Result<(), RepositoryError> {
        clear_in(&self.conn, key).await
    }
}
