//! Errors of this crate and the translation of database errors at the border: `DbErr`
//! never reaches the domain, only the [`RepositoryError`] that wraps it for the log.

use portal_domain::RepositoryError;
use sea_orm::{DbErr, SqlErr};

/// Why the database could not be opened or migrated.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    /// The URL is neither `sqlite:` nor `postgres:`/`postgresql:`.
    #[error("unsupported database URL: expected sqlite:// or postgres://")]
    UnsupportedUrl,
    /// The connection could not be made.
    #[error("could not connect to the database")]
    Connect(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A migration failed; the schema is as it was before `migrate` was called.
    #[error("could not migrate the database schema")]
    Migrate(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A stored row that does not convert into its domain type. It names the table and column
/// but never the value, which may be personal data or a secret. Reaches callers only
/// inside a [`RepositoryError`].
#[derive(Debug, thiserror::Error)]
#[error("a stored `{table}` row has an invalid `{column}`")]
pub struct InvalidRow {
    table: &'static str,
    column: &'static str,
}

impl InvalidRow {
    pub(crate) fn new(table: &'static str, column: &'static str) -> Self {
        Self { table, column }
    }
}

impl From<InvalidRow> for RepositoryError {
    fn from(e: InvalidRow) -> Self {
        RepositoryError::new(e)
    }
}

/// Wraps a database error for the domain; use with `map_err`.
pub(crate) fn db(e: DbErr) -> RepositoryError {
    RepositoryError::new(e)
}

/// Which unique key of `accounts` a failed write hit, if it hit one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AccountKey {
    Email,
    IrccId,
}

/// Reads a unique violation of `accounts` from the message: PostgreSQL names the index
/// (`accounts_email_key`), SQLite the column (`accounts.email`); both contain the column.
pub(crate) fn account_key_taken(e: &DbErr) -> Option<AccountKey> {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => {
            if message.contains("ircc_id") {
                Some(AccountKey::IrccId)
            } else if message.contains("email") {
                Some(AccountKey::Email)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Keeps a value from a `u32` domain count within an `INTEGER` column.
pub(crate) fn count_to_db(count: u32) -> i32 {
    i32::try_from(count).unwrap_or(i32::MAX)
}

/// Reads an `INTEGER` count column; a negative count is an invalid row.
pub(crate) fn count_from_db(
    count: i32,
    table: &'static str,
    column: &'static str,
) -> Result<u32, InvalidRow> {
    u32::try_from(count).map_err(|_| InvalidRow::new(table, column))
}
