//! Ending a write transaction: commit on success, roll back on failure.

use portal_domain::RepositoryError;
use sea_orm::DatabaseTransaction;

use crate::error::db;

/// Commits `txn` if `result` is `Ok`, rolls it back otherwise, and returns `result` (or
/// the commit's failure).
pub(crate) async fn finish<T, E>(txn: DatabaseTransaction, result: Result<T, E>) -> Result<T, E>
where
    E: From<RepositoryError>,
{
    match result {
        Ok(value) => {
            txn.commit().await.map_err(|e| E::from(db(e)))?;
            Ok(value)
        }
        Err(e) => {
            if let Err(rollback) = txn.rollback().await {
                // The connection is discarded by the pool; the original error matters more.
                tracing::warn!(error = %rollback, "rolling back a failed transaction failed");
            }
            Err(e)
        }
    }
}
