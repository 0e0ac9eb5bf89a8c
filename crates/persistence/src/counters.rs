//! The `counters` table: named sequences (group IDs, application numbers per letter) that
//! never hand out a value twice. A value is taken by incrementing inside the caller's
//! transaction, so it is either used with the change that took it or rolled back with it.

use portal_domain::RepositoryError;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};

use crate::error::db;

/// The counter of group IDs.
pub(crate) const GROUP: &str = "group";

/// The counter of application numbers starting with `letter`.
pub(crate) fn number_counter(letter: char) -> String {
    format!("number_{letter}")
}

/// Advances counter `name` by `count` (creating it at 0 if missing) and returns the last
/// value taken: the values taken are `last - count + 1 ..= last`.
pub(crate) async fn take<C: ConnectionTrait>(
    conn: &C,
    name: &str,
    count: u64,
) -> Result<i64, RepositoryError> {
    let count = i64::try_from(count)
        .map_err(|_| RepositoryError::message("a counter cannot advance that far"))?;
    let table = Alias::new("counters");
    let mut insert = Query::insert();
    insert
        .into_table(table.clone())
        .columns([Alias::new("name"), Alias::new("value")])
        .values([name.into(), count.into()])
        .map_err(RepositoryError::new)?
        .on_conflict(
            OnConflict::column(Alias::new("name"))
                .value(
                    Alias::new("value"),
                    Expr::col((table, Alias::new("value"))).add(count),
                )
                .to_owned(),
        )
        .returning_col(Alias::new("value"));
    let row = conn
        .query_one(&insert)
        .await
        .map_err(db)?
        .ok_or_else(|| RepositoryError::message("the counter update returned no row"))?;
    row.try_get::<i64>("", "value").map_err(db)
}
