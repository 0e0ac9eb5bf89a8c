//! [`SeaOrmSessionStore`]: signed-in sessions, stored under the digest of their token and
//! read together with their account, the reads that arrive together in one statement
//! ([`crate::coalesce`]).

use crate::coalesce::Coalescer;
use crate::reads::Reads;
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

/// A session row and its account's row.
type SessionRows = (Model, accounts::Model);

/// Stores sessions in the `sessions` table; see [`SessionStore`] for the contract.
#[derive(Debug, Clone)]
pub struct SeaOrmSessionStore {
    conn: DatabaseConnection,
    lookups: Coalescer<String, SessionRows>,
}

impl SeaOrmSessionStore {
    pub(crate) fn new(conn: DatabaseConnection, reads: Reads) -> Self {
        let lookups = Coalescer::new(move |digests| read_sessions(reads.clone(), digests));
        Self { conn, lookups }
    }
}

/// The sessions under `digests` (distinct, at most [`crate::coalesce::MAX_BATCH`]), each
/// beside its account, in one statement. The inner join loses nothing: the foreign key
/// removes sessions with their account.
async fn read_sessions(
    reads: Reads,
    mut digests: Vec<String>,
) -> Result<Vec<(String, SessionRows)>, RepositoryError> {
    // The list is padded to a power of two by repeating a digest, so that there are seven
    // statements to prepare and keep (1 to 64 digests), not one per size.
    if let Some(first) = digests.first().cloned() {
        digests.resize(digests.len().next_power_of_two(), first);
    }
    let to_account: RelationDef = Entity::belongs_to(accounts::Entity)
        .from(Column::AccountId)
        .to(accounts::Column::Id)
        .into();
    let conn = reads.acquire().await.map_err(db)?;
    let rows = Entity::find()
        .filter(Column::Digest.is_in(digests))
        .join(JoinType::InnerJoin, to_account)
        .select_two_required(accounts::Entity)
        .all(&conn)
        .await
        .map_err(db)?;
    Ok(rows
        .into_iter()
        .map(|(session, account)| (session.digest.clone(), (session, account)))
        .collect())
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
        // Every authenticated request starts here; reads that arrive while another batch
        // runs share the next statement.
        let Some((session, account)) = self.lookups.get(digest.as_str().to_owned()).await? else {
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
