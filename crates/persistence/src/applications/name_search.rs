//! A name search on SQLite through the name search index ([`super::name_index`]): the
//! exact total from the index alone, counted within the representative's (status's,
//! type's) rowid range, and the page's ids found whichever way reads fewer entries:
//!
//! - **joining** every match to its row's sort key (cost: one index probe per match), or
//! - **walking** the representative's applications in the page's order (newest first by
//!   default) and testing each name until the page is full (cost: about
//!   `(offset + page size) × book / matches` entries), which wins when matches are many.
//!
//! All of it is one statement: the matches are counted, and the way is chosen from their
//! number and the book's kept size ([`walk_is_cheaper`]'s rule, written in SQL); the arm
//! not chosen has a `LIMIT` of zero and reads nothing. A join searches the index a second
//! time, which costs little since it is chosen when the matches are few; keeping the
//! matches for it (a materialized CTE) cost more than that when they were many. A page
//! past the end has no row to carry the total, which is then counted on its own.
//!
//! Filters the rowid cannot hold (a type without a status, unread only, a number) are
//! applied to the joined rows, and the total is then counted with them.

use portal_domain::RepositoryError;
use portal_domain::account::AccountId;
use portal_domain::application::{ApplicationQuery, ApplicationSummary, SortColumn};
use sea_orm::sea_query::{Expr, SelectStatement, SqliteQueryBuilder, Value};
use sea_orm::{
    ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect, QueryTrait, Statement,
};
use uuid::Uuid;

use super::name_index::{self, TABLE, application_key_sql};
use super::search::{indexed_by, summary_columns, to_total, with_total};
use crate::entity::applications::{Column, Entity};
use crate::error::db;
use crate::plan_cache::with_literal_limits;

/// A walk reads index entries in order; a join probes an index per match. One probe
/// costs about as much as this many entries read in order: measured with the server's
/// 1 MiB page cache on a book of 20,000, a probe took 2 µs (its pages seldom cached: a
/// join's probes land on as many leaf pages as it has matches) and an entry walked 0.065
/// µs; 1 µs a probe when the probed pages fit in the cache (`docs/performance.md`).
const PROBE_COST: u64 = 20;

/// The statement's plan: the total and the way chosen.
const PLAN: &str = "name_plan";
/// The ways a page may be found: none (past the end), a walk, a join.
const NO_PAGE: u8 = 0;
const WALK: u8 = 1;
const JOIN: u8 = 2;

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

    let walk = match (query.sort, query.status, query.application_type) {
        (SortColumn::DateCreated, None, None) => Some((WALK_ALL, 1)),
        (SortColumn::DateCreated, Some(_), None) => Some((WALK_STATUS, PROBE_COST)),
        (SortColumn::DateCreated, Some(_), Some(_)) => Some((WALK_STATUS_TYPE, PROBE_COST)),
        _ => None,
    };
    let offset = query.offset();
    let way = way_sql(query, walk.map(|(_, cost)| cost));
    let (book_sql, book_values) = book.build(SqliteQueryBuilder);
    let mut plan_values: Vec<Value> = values().into();
    plan_values.extend(book_values.0);
    let plan = format!(
        "WITH {PLAN} AS MATERIALIZED (SELECT total, {way} AS way \
         FROM (SELECT (SELECT COUNT(*) FROM {TABLE} WHERE {}) AS total, ({book_sql}) AS book)) ",
        name_index::matching_sql()
    );
    // Each arm reads its entries only when the plan chose it: its LIMIT is zero otherwise.
    let limit = |chosen: u8| {
        format!(
            " LIMIT (SELECT CASE way WHEN {chosen} THEN {} ELSE 0 END FROM {PLAN}) \
             OFFSET {offset}",
            query.per_page
        )
    };
    let ordered_ids = |select: sea_orm::Select<Entity>| {
        super::search::order(select.select_only().column(Column::Id), query)
            .build(DbBackend::Sqlite)
    };
    // The join finds the matches again, the walk not at all: a join is chosen when they
    // are few, and materializing many for the count alone cost more than a second search.
    let join_arm = joined_statement(ordered_ids(Entity::find().filter(Expr::cust_with_values(
        format!(
            "{} AND applications.search_key = {}",
            name_index::matching_sql(),
            application_key_sql(&format!("{TABLE}.rowid"))
        ),
        values(),
    ))));
    let mut arms = format!("SELECT id FROM ({}{})", join_arm.sql, limit(JOIN));
    let mut arm_values = join_arm.values.map(|v| v.0).unwrap_or_default();
    if let Some((index, _)) = walk {
        let walk_arm = ordered_ids(Entity::find().filter(filter.add(Expr::cust_with_values(
            "instr(applicant_name_folded, ?) > 0",
            [folded.to_owned()],
        ))));
        arms = format!(
            "SELECT id FROM ({}{}) UNION ALL {arms}",
            indexed_by(&walk_arm.sql, index),
            limit(WALK)
        );
        let mut values = walk_arm.values.map(|v| v.0).unwrap_or_default();
        values.extend(arm_values);
        arm_values = values;
    }
    let rows = super::search::order(
        summary_columns(Entity::find())
            .expr_as(Expr::cust(format!("(SELECT total FROM {PLAN})")), "total")
            .filter(Expr::cust_with_values(
                format!(r#""applications"."id" IN ({arms})"#),
                arm_values,
            )),
        query,
    )
    .build(DbBackend::Sqlite);
    plan_values.extend(rows.values.map(|v| v.0).unwrap_or_default());
    let rows = conn
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            format!("{plan}{}", rows.sql),
            plan_values,
        ))
        .await
        .map_err(db)?;
    if let Some((total, items)) = with_total(&rows)? {
        return Ok((total, Page::Rows(items)));
    }
    // No row carried the total: no match, or a page past the end.
    let count = Statement::from_sql_and_values(
        DbBackend::Sqlite,
        format!(
            "SELECT COUNT(*) AS n FROM {TABLE} WHERE {}",
            name_index::matching_sql()
        ),
        values(),
    );
    Ok((count_of(conn, count).await?, Page::Rows(Vec::new())))
}

/// SQL of the way a page is found ([`NO_PAGE`], [`WALK`] or [`JOIN`]) from the columns
/// `total` (the matches) and `book` (the applications with the query's status and type):
/// [`walk_is_cheaper`]'s rule, where a walk may serve the page (`walk_cost` being what one
/// entry walked costs).
fn way_sql(query: &ApplicationQuery, walk_cost: Option<u64>) -> String {
    let offset = query.offset();
    let wanted = offset + u64::from(query.per_page);
    match walk_cost {
        Some(cost) => format!(
            "CASE WHEN total <= {offset} THEN {NO_PAGE} \
             WHEN ({wanted} * book / max(total, 1)) * {cost} < total * {PROBE_COST} THEN {WALK} \
             ELSE {JOIN} END"
        ),
        None => format!("CASE WHEN total <= {offset} THEN {NO_PAGE} ELSE {JOIN} END"),
    }
}

/// The page a name search found: its ids in order (their rows still to be read), or its
/// rows.
#[derive(Debug)]
pub(super) enum Page {
    Ids(Vec<Uuid>),
    Rows(Vec<ApplicationSummary>),
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// The rule written in SQL chooses as [`walk_is_cheaper`] does, for totals and books
    /// around every boundary, pages near and past the end, with and without a walk.
    #[tokio::test]
    async fn the_statement_chooses_the_way_walk_is_cheaper_does() {
        let conn = sea_orm::Database::connect("sqlite::memory:").await.unwrap();
        let mut seen = std::collections::BTreeMap::new();
        for (page, per_page) in [(1, 25), (3, 25), (2, 100), (40, 25)] {
            let query = ApplicationQuery {
                page,
                per_page,
                ..ApplicationQuery::default()
            };
            for walk_cost in [None, Some(1), Some(PROBE_COST)] {
                let way = way_sql(&query, walk_cost);
                for book in [0_u64, 1, 30, 214, 1_000, 20_000, 200_000] {
                    for total in [0_u64, 1, 2, 24, 25, 26, 50, 75, 100, 129, 130, 214, 5_248] {
                        let total = total.min(book);
                        let row = conn
                            .query_one_raw(Statement::from_string(
                                DbBackend::Sqlite,
                                format!("SELECT {way} AS way FROM (SELECT {total} AS total, {book} AS book)"),
                            ))
                            .await
                            .unwrap()
                            .unwrap();
                        let chosen: i64 = row.try_get("", "way").unwrap();
                        let expected = if total <= query.offset() {
                            NO_PAGE
                        } else if walk_cost.is_some_and(|cost| {
                            walk_is_cheaper(&query, total, book, cost, PROBE_COST)
                        }) {
                            WALK
                        } else {
                            JOIN
                        };
                        assert_eq!(
                            chosen,
                            i64::from(expected),
                            "{query:?} {walk_cost:?} total {total} book {book}"
                        );
                        *seen.entry(expected).or_insert(0) += 1;
                    }
                }
            }
        }
        // Every way chosen many times over.
        assert!(seen.values().all(|n| *n > 50), "{seen:?}");
        assert_eq!(seen.len(), 3);
    }
}
