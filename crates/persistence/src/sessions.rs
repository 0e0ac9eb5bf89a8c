//! [`SeaOrmSessionStore`]: signed-in sessions, stored under the digest of their token and
//! read together with their account.

use crate::plan_cache::ByKey;
use async_trait::async_trait;
use portal_domain::RepositoryError;
use portal_domain::account::{Account, AccountId, Session, SessionStore};
use portal_domain::secrets::TokenDigest;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, JoinType, QueryFilter, QuerySelect,
    RelationDef,
};
use time::OffsetDateTime;

use crate::entity::accounts;
use crate::entity::sessions::{ActiveModel, Column, Entity, Model};
use crate::error::{InvalidRow, db};
use crate::timestamp::{from_micros, to_micros};

const TABLE: &str = "sessions";

/// Stores sessions in the `sessions` table; see [`SessionStore`] for the contract.
#[derive(Debug, Clone)]
pub struct SeaOrmSessionStore {
    conn: DatabaseConnection,
}

impl SeaOrmSessionStore {
    pub(crate) fn new(conn: DatabaseConnection) -> Self {
        Self { conn }
    }
}

impl TryFrom<Model> for Session {
    type Error = InvalidRow;

    fn try_from(row: Model) -> Result<Self, InvalidRow> {
        Ok(Session {
            digest: TokenDigest::new(row.digest),
            account_id: AccountId::from_uuid(row.account_id),
            created_at: from_micros(row.created_at, TABLE, "created_at")?,
            last_seen_at: from_micros(row.last_seen_at, TABLE, "last_seen_at")?,
        })
    }
}

#[async_trait]
impl SessionStore for SeaOrmSessionStore {
    async fn insert(&self, session: &Session) -> Result<(), RepositoryError> {
        let row = ActiveModel {
            digest: Set(session.digest.as_str().to_owned()),
            account_id: Set(session.account_id.as_uuid()),
            created_at: Set(to_micros(session.created_at)),
            last_seen_at: Set(to_micros(session.last_seen_at)),
        };
        Entity::insert(row)
            .exec_without_returning(&self.conn)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn find_with_account(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<(Session, Account)>, RepositoryError> {
        // One round trip for every authenticated request: the session row and its account
        // row side by side. The inner join loses nothing: the foreign key removes sessions
        // with their account.
        let to_account: RelationDef = Entity::belongs_to(accounts::Entity)
            .from(Column::AccountId)
            .to(accounts::Column::Id)
            .into();
        let row = Entity::find_by_id(digest.as_str().to_owned())
            .join(JoinType::InnerJoin, to_account)
            .select_two_required(accounts::Entity)
            .by_key(&self.conn)
            .await
            .map_err(db)?;
        let Some((session, account)) = row else {
            return Ok(None);
        };
        Ok(Some((
            Session::try_from(session)?,
            Account::try_from(account)?,
        )))
    }

    async fn touch(&self, digest: &TokenDigest, at: OffsetDateTime) -> Result<(), RepositoryError> {
        Entity::update_many()
            .col_expr(Column::LastSeenAt, Expr::value(to_micros(at)))
            .filter(Column::Digest.eq(digest.as_str()))
            .filter(Column::LastSeenAt.lt(to_micros(at)))
            .exec(&self.conn)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn delete(&self, digest: &TokenDigest) -> Result<(), RepositoryError> {
        Entity::delete_by_id(digest.as_str().to_owned())
            .exec(&self.conn)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn delete_expired(
        &self,
        idle_before: OffsetDateTime,
        started_before: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        let expired = Condition::any()
            .add(Column::LastSeenAt.lt(to_micros(idle_before)))
            .add(Column::CreatedAt.lt(to_micros(started_before)));
        let result = Entity::delete_many()
            .filter(expired)
            .exec(&self.conn)
            .await
            .map_err(db)?;
        Ok(result.rows_affected)
    }
}
