//! [`SeaOrmEmailChangeStore`]: at most one pending email change per account, its code
//! hashed. Changes are written as side effects of an account update (see `effects`).

use async_trait::async_trait;
use portal_domain::RepositoryError;
use portal_domain::account::{AccountId, EmailAddress, EmailChangeStore, PendingEmailChange};
use portal_domain::secrets::PasswordHash;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait};
use time::OffsetDateTime;

use crate::entity::email_changes::{ActiveModel, Column, Entity};
use crate::error::{InvalidRow, count_from_db, count_to_db, db};
use crate::timestamp::{from_micros, to_micros};

const TABLE: &str = "email_changes";

/// Stores pending email changes in the `email_changes` table; see [`EmailChangeStore`] for
/// the contract.
#[derive(Debug, Clone)]
pub struct SeaOrmEmailChangeStore {
    conn: DatabaseConnection,
}

impl SeaOrmEmailChangeStore {
    pub(crate) fn new(conn: DatabaseConnection) -> Self {
        Self { conn }
    }
}

#[async_trait]
impl EmailChangeStore for SeaOrmEmailChangeStore {
    async fn record_attempt(
        &self,
        account_id: AccountId,
        max_attempts: u32,
        now: OffsetDateTime,
    ) -> Result<Option<PendingEmailChange>, RepositoryError> {
        // One conditional statement: concurrent tries each count, and once the limit is
        // reached no try gets the change, however many arrive together.
        let stmt = Query::update()
            .table(Entity)
            .value(Column::Attempts, Expr::col(Column::Attempts).add(1_i32))
            .and_where(Column::AccountId.eq(account_id.as_uuid()))
            .and_where(Column::Attempts.lt(count_to_db(max_attempts)))
            .and_where(Column::ExpiresAt.gt(to_micros(now)))
            .returning(Query::returning().columns([
                Column::NewEmail,
                Column::CodeHash,
                Column::ExpiresAt,
                Column::Attempts,
            ]))
            .to_owned();
        let Some(row) = self.conn.query_one(&stmt).await.map_err(db)? else {
            return Ok(None);
        };
        let new_email: String = row.try_get("", "new_email").map_err(db)?;
        let code_hash: String = row.try_get("", "code_hash").map_err(db)?;
        let expires_at: i64 = row.try_get("", "expires_at").map_err(db)?;
        let attempts: i32 = row.try_get("", "attempts").map_err(db)?;
        Ok(Some(PendingEmailChange {
            account_id,
            new_email: EmailAddress::parse(&new_email)
                .map_err(|_| InvalidRow::new(TABLE, "new_email"))?,
            code_hash: PasswordHash::new(code_hash),
            expires_at: from_micros(expires_at, TABLE, "expires_at")?,
            attempts: count_from_db(attempts, TABLE, "attempts")?,
        }))
    }

    async fn delete(&self, account_id: AccountId) -> Result<(), RepositoryError> {
        Entity::delete_by_id(account_id.as_uuid())
            .exec(&self.conn)
            .await
            .map_err(db)?;
        Ok(())
    }
}

/// Stores `change`, replacing (voiding) the account's earlier one; inside the caller's
/// transaction.
pub(crate) async fn replace_in<C: ConnectionTrait>(
    txn: &C,
    change: &PendingEmailChange,
) -> Result<(), RepositoryError> {
    let row = ActiveModel {
        account_id: Set(change.account_id.as_uuid()),
        new_email: Set(change.new_email.as_str().to_owned()),
        code_hash: Set(change.code_hash.as_str().to_owned()),
        expires_at: Set(to_micros(change.expires_at)),
        attempts: Set(count_to_db(change.attempts)),
    };
    Entity::insert(row)
        .on_conflict(
            OnConflict::column(Column::AccountId)
                .update_columns([
                    Column::NewEmail,
                    Column::CodeHash,
                    Column::ExpiresAt,
                    Column::Attempts,
                ])
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await
        .map_err(db)?;
    Ok(())
}
