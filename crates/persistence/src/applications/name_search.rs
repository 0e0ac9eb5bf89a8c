//! A name search on SQLite through the name search index ([`super::name_index`]): the
//! exact total from the index alone, counted within the representative's (status's,
//! type's) rowid range, and the page's ids found whichever way reads fewer entries:
//!
//! - **joining** every match to its row's sort key (cost: one index probe per match), or
//! - **walking** the representative's applications in the page's order (newest first by
//!   default) and testing each name until the page is full (cost: about
//!   `(offset + page size) × book / matches` entries), which wins when matches are many.
//!
//! Filters the rowid cannot hold (a type without a status, unread only, a number) are
//! applied to the joined rows, and the total is then counted with them.

use portal_domain::RepositoryError;
use portal_domain::account::AccountId;
use portal_domain::application::{ApplicationQuery, SortColumn};
use sea_orm::sea_query::{Expr, SelectStatement, SqliteQueryBuilder, Value};
use sea_orm::{
    ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect, QueryTrait, Statement,
};
use uuid::Uuid;

use super::name_index::{self, TABLE, application_key_sql};
use super::search::to_total;
use crate::entity::applications::{Column, Entity};
use crate::error::db;
use crate::plan_cache::with_literal_limits;

/// A walk reads index entries in order; a join probes an index per match. One probe
/// costs about as much as this many entries read in order.
const PROBE_COST: u64 = 4;

/// The index a walk reads for each combination of the filters it serves.
const WALK_ALL: &str = "applications_rep_created_name_idx";
const WALK_STATUS: &str = "applications_rep_status_created_idx";
const WALK_STATUS_TYPE: &str = "applications_rep_type_status_created_idx";

/// The total and the page's ids (in the page's order) of the owner's applications whose
/// folded name contains `folded`, `phrase` being its index query; `book` selects the
/// number of the owner's applications with the query's status and type (`total`).
pub(super) async fn search(
    conn: &impl ConnectionTrait,
    owner: AccountId,
    query: &ApplicationQuery,
    filter: sea_orm::Condition,
    folded: &str,
    phrase: &name_index::Phrase,
    book: &SelectStatement,
) -> Result<(u64, Page), RepositoryError> {
    // Offsets within the owner's range; the owner's key is read inside the statements.
    let (low, high) = name_index::range(query.status, query.application_type);
    let values = || -> [Value; 5] {
        let owner = owner.as_uuid();
        [
            phrase.query().into(),
            owner.into(),
            low.into(),
            owner.into(),
            high.into(),
        ]
    };
    let matches = Expr::cust_with_values(name_index::matching_sql(), values());
    let joined = Expr::cust(format!(
        "applications.search_key = {}",
        application_key_sql(&format!("{TABLE}.rowid"))
    ));
    let residual = query.unread_only
        || query.number_prefix.is_some()
        || (query.application_type.is_some() && !name_index::range_covers_type(query.status));
    let page = |select: sea_orm::Select<Entity>| {
        super::search::order(select, query)
            .limit(u64::from(query.per_page))
            .offset(query.offset())
    };
    if residual {
        // Every filter on the joined rows; the total beside each row of the page.
        let select = page(
            Entity::find()
                .select_only()
                .column(Column::Id)
                .column_as(Expr::cust("COUNT(*) OVER ()"), "total")
                .filter(filter.clone().add(matches.clone()).add(joined.clone())),
        );
        let rows = conn
            .query_all_raw(with_literal_limits(joined_statement(
                select.build(DbBackend::Sqlite),
            )))
            .await
            .map_err(db)?;
        if let Some(first) = rows.first() {
            let total: i64 = first.try_get("", "total").map_err(db)?;
            let ids = rows
                .iter()
                .map(|row| row.try_get::<Uuid>("", "id").map_err(db))
                .collect::<Result<_, _>>()?;
            return Ok((to_total(total)?, Page::Ids(ids)));
        }
        let count = Entity::find()
            .select_only()
            .column_as(Expr::cust("COUNT(*)"), "n")
            .filter(filter.add(matches).add(joined))
            .build(DbBackend::Sqlite);
        return Ok((
            count_of(conn, joined_statement(count)).await?,
            Page::Ids(Vec::new()),
        ));
    }

    let walk_index = match (query.sort, query.status, query.application_type) {
        (SortColumn::DateCreated, None, None) => Some((WALK_ALL, 1)),
        (SortColumn::DateCreated, Some(_), None) => Some((WALK_STATUS, PROBE_COST)),
        (SortColumn::DateCreated, Some(_), Some(_)) => Some((WALK_STATUS_TYPE, PROBE_COST)),
        _ => None,
    };
    // The total, and where a walk may serve the page, the book's size beside it: one
    // statement, one trip to the connection's thread.
    let (book_sql, mut statement_values) = match walk_index {
        Some(_) => {
            let (sql, values) = book.build(SqliteQueryBuilder);
            (format!("({sql})"), values.0)
        }
        None => ("0".to_owned(), Vec::new()),
    };
    statement_values.extend(values());
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            format!(
                "SELECT COUNT(*) AS n, {book_sql} AS book FROM {TABLE} WHERE {}",
                name_index::matching_sql()
            ),
            statement_values,
        ))
        .await
        .map_err(db)?
        .ok_or_else(|| RepositoryError::message("a count returned no row"))?;
    let total = to_total(row.try_get("", "n").map_err(db)?)?;
    let book = to_total(row.try_get("", "book").map_err(db)?)?;
    if total <= query.offset() {
        return Ok((total, Page::Ids(Vec::new())));
    }
    let statement =
        match walk_index {
            Some((index, cost)) if walk_is_cheaper(query, total, book, cost, PROBE_COST) => {
                let select = page(Entity::find().select_only().column(Column::Id).filter(
                    filter.add(Expr::cust_with_values(
                        "instr(applicant_name_folded, ?) > 0",
                        [folded.to_owned()],
                    )),
                ));
                let mut statement = select.build(DbBackend::Sqlite);
                statement.sql = statement.sql.replacen(
                    r#"FROM "applications""#,
                    &format!(r#"FROM "applications" INDEXED BY "{index}""#),
                    1,
                );
                statement
            }
            _ => {
                let select = page(
                    Entity::find()
                        .select_only()
                        .column(Column::Id)
                        .filter(matches)
                        .filter(joined),
                );
                joined_statement(select.build(DbBackend::Sqlite))
            }
        };
    Ok((total, Page::Select(with_literal_limits(statement))))
}

/// The page a name search found: its ids, or the statement that selects them in order,
/// which the rows' statement reads as a subquery (one trip to the connection's thread
/// rather than two).
#[derive(Debug)]
pub(super) enum Page {
    Ids(Vec<Uuid>),
    Select(Statement),
}

/// The `id` column of every row `statement` reads, in order.
pub(super) async fn ids_of(
    conn: &impl ConnectionTrait,
    statement: Statement,
) -> Result<Vec<Uuid>, RepositoryError> {
    conn.query_all_raw(statement)
        .await
        .map_err(db)?
        .iter()
        .map(|row| row.try_get::<Uuid>("", "id").map_err(db))
        .collect()
}

/// Whether walking `book` applications in order for the page costs less than probing each
/// of the `total` matches; `cost` is what reading one walked entry costs (one for a
/// covering index, a probe when each name is read from its row), `probe` what a probe
/// costs, in the same unit.
pub(super) fn walk_is_cheaper(
    query: &ApplicationQuery,
    total: u64,
    book: u64,
    cost: u64,
    probe: u64,
) -> bool {
    let wanted = query.offset() + u64::from(query.per_page);
    let walked = wanted.saturating_mul(book) / total.max(1);
    walked.saturating_mul(cost) < total.saturating_mul(probe)
}

/// `statement` (built on `applications`) reading the index first: each match of the index
/// probes its row through `applications_search_key_idx`, never the other way round.
fn joined_statement(mut statement: Statement) -> Statement {
    statement.sql = statement.sql.replacen(
        r#"FROM "applications""#,
        &format!(r#"FROM "{TABLE}" CROSS JOIN "applications""#),
        1,
    );
    statement
}

/// The `n` of the one row `statement` reads (none read as zero).
pub(super) async fn count_of(
    conn: &impl ConnectionTrait,
    statement: Statement,
) -> Result<u64, RepositoryError> {
    let row = conn.query_one_raw(statement).await.map_err(db)?;
    let n: i64 = match row {
        Some(row) => row.try_get("", "n").map_err(db)?,
        None => 0,
    };
    to_total(n)
}
