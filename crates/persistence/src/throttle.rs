//! [`SeaOrmThrottleStore`]: sign-in failure counts per normalised email as typed.

use crate::plan_cache::ByKey;
use async_trait::async_trait;
use portal_domain::RepositoryError;
use portal_domain::account::{ThrottleKey, ThrottleState, ThrottleStore};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseConnection, EntityTrait};

use crate::entity::sign_in_throttle::{ActiveModel, Column, Entity, Model};
use crate::error::{InvalidRow, count_from_db, count_to_db, db};
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
            last_failure_at: from_micros(row.last_failure_at, TABLE, "last_failure_at")?,
            blocked_until: from_micros_opt(row.blocked_until, TABLE, "blocked_until")?,
        })
    }
}

#[async_trait]
impl ThrottleStore for SeaOrmThrottleStore {
    async fn get(&self, key: &ThrottleKey) -> Result<Option<ThrottleState>, RepositoryError> {
        let row = Entity::find_by_id(key.as_str().to_owned())
            .by_key(&self.conn)
            .await
            .map_err(db)?;
        Ok(row.map(ThrottleState::try_from).transpose()?)
    }

    async fn put(&self, key: &ThrottleKey, state: &ThrottleState) -> Result<(), RepositoryError> {
        let row = ActiveModel {
            key: Set(key.as_str().to_owned()),
            failures: Set(count_to_db(state.failures)),
            last_failure_at: Set(to_micros(state.last_failure_at)),
            blocked_until: Set(state.blocked_until.map(to_micros)),
        };
        // One statement, so two concurrent failures cannot both insert the key.
        Entity::insert(row)
            .on_conflict(
                OnConflict::column(Column::Key)
                    .update_columns([
                        Column::Failures,
                        Column::LastFailureAt,
                        Column::BlockedUntil,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&self.conn)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn clear(&self, key: &ThrottleKey) -> Result<(), RepositoryError> {
        Entity::delete_by_id(key.as_str().to_owned())
            .exec(&self.conn)
            .await
            .map_err(db)?;
        Ok(())
    }
}
