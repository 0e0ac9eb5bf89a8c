//! [`SeaOrmResetCodeStore`]: at most one hashed password reset code per account.

use crate::plan_cache::ByKey;
use async_trait::async_trait;
use portal_domain::RepositoryError;
use portal_domain::account::{AccountId, ResetCodeStore, SideEffects, StoredResetCode};
use portal_domain::secrets::PasswordHash;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait};
use time::OffsetDateTime;

use crate::database::begin_write;
use crate::effects;
use crate::entity::reset_codes::{ActiveModel, Column, Entity, Model};
use crate::error::{InvalidRow, count_from_db, count_to_db, db};
use crate::timestamp::{from_micros, to_micros};
use crate::transaction::finish;

const TABLE: &str = "reset_codes";

/// Stores reset codes in the `reset_codes` table; see [`ResetCodeStore`] for the contract.
#[derive(Debug, Clone)]
pub struct SeaOrmResetCodeStore {
    conn: DatabaseConnection,
    origin: crate::effects::Origin,
}

impl SeaOrmResetCodeStore {
    pub(crate) fn new(conn: DatabaseConnection, origin: crate::effects::Origin) -> Self {
        Self { conn, origin }
    }
}

impl TryFrom<Model> for StoredResetCode {
    type Error = InvalidRow;

    fn try_from(row: Model) -> Result<Self, InvalidRow> {
        Ok(StoredResetCode {
            account_id: AccountId::from_uuid(row.account_id),
            code_hash: PasswordHash::new(row.code_hash),
            expires_at: from_micros(row.expires_at, TABLE, "expires_at")?,
            failed_attempts: count_from_db(row.failed_attempts, TABLE, "failed_attempts")?,
        })
    }
}

#[async_trait]
impl ResetCodeStore for SeaOrmResetCodeStore {
    /// The side effects are written first, so `end_sessions` applies to the code's account
    /// and `delete_reset_code` only removes the code being replaced anyway.
    async fn replace(
        &self,
        code: &StoredResetCode,
        effects: &SideEffects,
    ) -> Result<(), RepositoryError> {
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let address = self.origin.address();
        let result = replace_in(&txn, address.as_deref(), code, effects).await;
        finish(txn, result).await
    }

    async fn find(
        &self,
        account_id: AccountId,
    ) -> Result<Option<StoredResetCode>, RepositoryError> {
        let row = Entity::find_by_id(account_id.as_uuid())
            .by_key(&self.conn)
            .await
            .map_err(db)?;
        Ok(row.map(StoredResetCode::try_from).transpose()?)
    }

    async fn claim_try(
        &self,
        account_id: AccountId,
        now: OffsetDateTime,
        max_tries: u32,
    ) -> Result<Option<StoredResetCode>, RepositoryError> {
        // One conditional statement: concurrent tries, from any process, each count, and
        // none is granted once the limit is reached or the code has expired.
        let stmt = Query::update()
            .table(Entity)
            .value(
                Column::FailedAttempts,
                Expr::col(Column::FailedAttempts).add(1_i32),
            )
            .and_where(Column::AccountId.eq(account_id.as_uuid()))
            .and_where(Column::FailedAttempts.lt(count_to_db(max_tries)))
            .and_where(Column::ExpiresAt.gt(to_micros(now)))
            .returning(Query::returning().columns([
                Column::AccountId,
                Column::CodeHash,
                Column::ExpiresAt,
                Column::FailedAttempts,
            ]))
            .to_owned();
        let Some(row) = self.conn.query_one(&stmt).await.map_err(db)? else {
            return Ok(None);
        };
        let row = Model {
            account_id: row.try_get("", "account_id").map_err(db)?,
            code_hash: row.try_get("", "code_hash").map_err(db)?,
            expires_at: row.try_get("", "expires_at").map_err(db)?,
            failed_attempts: row.try_get("", "failed_attempts").map_err(db)?,
        };
        Ok(Some(StoredResetCode::try_from(row)?))
    }

    async fn delete(&self, account_id: AccountId) -> Result<(), RepositoryError> {
        Entity::delete_by_id(account_id.as_uuid())
            .exec(&self.conn)
            .await
            .map_err(db)?;
        Ok(())
    }
}

async fn replace_in(
    txn: &DatabaseTransaction,
    address: Option<&str>,
    code: &StoredResetCode,
    effects: &SideEffects,
) -> Result<(), RepositoryError> {
    effects::write(txn, address, Some(code.account_id), effects).await?;
    let row = ActiveModel {
        account_id: Set(code.account_id.as_uuid()),
        code_hash: Set(code.code_hash.as_str().to_owned()),
        expires_at: Set(to_micros(code.expires_at)),
        failed_attempts: Set(count_to_db(code.failed_attempts)),
    };
    Entity::insert(row)
        .on_conflict(
            OnConflict::column(Column::AccountId)
                .update_columns([Column::CodeHash, Column::ExpiresAt, Column::FailedAttempts])
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await
        .map_err(db)?;
    Ok(())
}
