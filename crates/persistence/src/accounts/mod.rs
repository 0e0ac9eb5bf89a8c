//! [`SeaOrmAccountRepository`]: accounts, with the side effects of each change written in
//! the same transaction, and optimistic concurrency on the account's version.

pub(crate) mod row;

use crate::plan_cache::ByKey;
use async_trait::async_trait;
use portal_domain::RepositoryError;
use portal_domain::account::{
    Account, AccountId, AccountRepository, AccountStatusKind, EmailAddress, InsertAccountError,
    SideEffects, UpdateAccountError,
};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::database::begin_write;
use crate::effects;
use crate::entity::accounts::{Column, Entity};
use crate::error::{AccountKey, account_key_taken, db};
use crate::transaction::finish;

/// Stores accounts in the `accounts` table; see [`AccountRepository`] for the contract.
#[derive(Debug, Clone)]
pub struct SeaOrmAccountRepository {
    conn: DatabaseConnection,
    origin: crate::effects::Origin,
}

impl SeaOrmAccountRepository {
    pub(crate) fn new(conn: DatabaseConnection, origin: crate::effects::Origin) -> Self {
        Self { conn, origin }
    }
}

#[async_trait]
impl AccountRepository for SeaOrmAccountRepository {
    async fn insert(
        &self,
        account: &Account,
        effects: &SideEffects,
    ) -> Result<(), InsertAccountError> {
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let address = self.origin.address();
        let result = insert_in(&txn, address.as_deref(), account, effects).await;
        finish(txn, result).await
    }

    async fn find_by_id(&self, id: AccountId) -> Result<Option<Account>, RepositoryError> {
        let row = Entity::find_by_id(id.as_uuid())
            .by_key(&self.conn)
            .await
            .map_err(db)?;
        Ok(row.map(Account::try_from).transpose()?)
    }

    async fn find_by_email(
        &self,
        email: &EmailAddress,
    ) -> Result<Option<Account>, RepositoryError> {
        let row = Entity::find()
            .filter(Column::Email.eq(email.as_str().to_lowercase()))
            .by_key(&self.conn)
            .await
            .map_err(db)?;
        Ok(row.map(Account::try_from).transpose()?)
    }

    async fn update(
        &self,
        account: &Account,
        effects: &SideEffects,
    ) -> Result<(), UpdateAccountError> {
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let address = self.origin.address();
        let result = update_in(&txn, address.as_deref(), account, effects).await;
        finish(txn, result).await
    }

    async fn draft_files(&self, id: AccountId) -> Result<Vec<String>, RepositoryError> {
        crate::applications::draft_files(&self.conn, id).await
    }

    async fn record(&self, effects: &SideEffects) -> Result<(), RepositoryError> {
        let txn = begin_write(&self.conn).await.map_err(db)?;
        let address = self.origin.address();
        let result = effects::write(&txn, address.as_deref(), None, effects).await;
        finish(txn, result).await
    }

    async fn list_by_status(
        &self,
        status: AccountStatusKind,
        limit: u32,
    ) -> Result<Vec<Account>, RepositoryError> {
        let rows = Entity::find()
            .filter(Column::Status.eq(status.code()))
            .order_by_asc(Column::CreatedAt)
            .order_by_asc(Column::Id)
            .limit(u64::from(limit))
            .all(&self.conn)
            .await
            .map_err(db)?;
        rows.into_iter()
            .map(|row| Account::try_from(row).map_err(RepositoryError::from))
            .collect()
    }
}

async fn insert_in(
    txn: &DatabaseTransaction,
    address: Option<&str>,
    account: &Account,
    effects: &SideEffects,
) -> Result<(), InsertAccountError> {
    let inserted = Entity::insert(row::active_model(account))
        .exec_without_returning(txn)
        .await;
    if let Err(e) = inserted {
        return Err(match account_key_taken(&e) {
            Some(AccountKey::Email) => InsertAccountError::EmailTaken,
            // A new account has no IRCC ID yet; if one ever clashes it is unexpected.
            Some(AccountKey::IrccId) | None => InsertAccountError::Unexpected(db(e)),
        });
    }
    effects::write(txn, address, Some(account.id), effects).await?;
    Ok(())
}

async fn update_in(
    txn: &DatabaseTransaction,
    address: Option<&str>,
    account: &Account,
    effects: &SideEffects,
) -> Result<(), UpdateAccountError> {
    let id = account.id.as_uuid();
    let next = account
        .version
        .checked_add(1)
        .ok_or_else(|| RepositoryError::message("the account version cannot grow further"))?;
    let mut changes = row::active_model(account);
    changes.id = NotSet;
    changes.created_at = NotSet;
    changes.version = Set(next);
    let updated = Entity::update_many()
        .set(changes)
        .filter(Column::Id.eq(id))
        .filter(Column::Version.eq(account.version))
        .exec(txn)
        .await;
    match updated {
        Ok(result) if result.rows_affected == 1 => {}
        Ok(_) => {
            let exists = Entity::find_by_id(id)
                .by_key(txn)
                .await
                .map_err(db)?
                .is_some();
            return Err(if exists {
                UpdateAccountError::Conflict
            } else {
                UpdateAccountError::NotFound
            });
        }
        Err(e) => {
            return Err(match account_key_taken(&e) {
                Some(AccountKey::Email) => UpdateAccountError::EmailTaken,
                Some(AccountKey::IrccId) => UpdateAccountError::IrccIdTaken,
                None => UpdateAccountError::Unexpected(db(e)),
            });
        }
    }
    effects::write(txn, address, Some(account.id), effects).await?;
    Ok(())
}
