//! A name search on PostgreSQL (migration 22, [decision 17]).
//!
//! - **Three characters and more, by date created** (the table's order): one statement
//!   finds the matches, counts them and sorts the page out of them. The GIN trigram index
//!   (`applications_name_trgm_idx`) finds the representative's matches without reading the
//!   rest of the book; the exact total must read each match's row anyway (the index is
//!   lossy), so sorting those rows costs little beside finding them a second time for the
//!   page. Where matches are many the planner may walk the book instead.
//! - **Two characters**: no trigram; the total is read from `application_pair_counts`,
//!   which the triggers keep per (representative, pair, status, type), and the page walks
//!   the representative's applications in order (`applications_rep_created_name_idx`, or
//!   the status and type indexes, each holding the folded name) testing each name.
//! - **Other orders**: the total in a statement of its own, then the page's ids in
//!   another, each planned for what it does. Counting apart keeps the page from reading
//!   every match to count it (`COUNT(*) OVER ()` would).
//!
//! Searches these cannot serve (one letter, unread only, a number) are one
//! scan instead ([`super::search`]).
//!
//! [decision 17]: ../../../../docs/decisions/0017-name-search-index.md

use portal_domain::RepositoryError;
use portal_domain::account::AccountId;
use portal_domain::application::{ApplicationQuery, SortColumn, SortDirection};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, LikeExpr, PostgresQueryBuilder, SelectStatement};
use sea_orm::{
    Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect, QueryTrait,
    Statement,
};
use uuid::Uuid;

use super::name_search::{count_of, ids_of};
use super::search::to_total;
use crate::entity::applications::{Column, Entity};
use crate::error::db;
use crate::migration::m20270105_000022_postgres_name_search::PAIR_COUNTS;

/// Whether this search is served here: a term of two characters or more, and no filter
/// but the status and the type.
pub(super) fn serves(query: &ApplicationQuery, folded: &str) -> bool {
    !query.unread_only && query.number_prefix.is_none() && folded.chars().nth(1).is_some()
}

/// The total and the page's ids, in the page's order, of the owner's applications that
/// pass `filter` (every filter but the name) and whose folded name contains `folded`.
pub(super) async fn search(
    conn: &impl ConnectionTrait,
    owner: AccountId,
    query: &ApplicationQuery,
    filter: Condition,
    folded: &str,
) -> Result<(u64, Vec<Uuid>), RepositoryError> {
    let pattern = format!("%{}%", super::search::escape_like(folded));
    let filter = filter.add(Expr::col(Column::ApplicantNameFolded).like(LikeExpr::new(pattern)));
    let pair = folded.chars().count() == 2;
    if !pair && query.sort == SortColumn::DateCreated {
        // The matches are found once, counted, and the page sorted from them.
        return counted_matches(conn, query, filter).await;
    }
    let total = if pair {
        pair_total(conn, owner, query, folded).await?
    } else {
        let count = Entity::find()
            .select_only()
            .column_as(Expr::cust("COUNT(*)"), "n")
            .filter(filter.clone())
            .into_query();
        count_of(conn, inlined(&count)).await?
    };
    if total <= query.offset() {
        return Ok((total, Vec::new()));
    }
    let page = inlined(&super::search::page_ids(filter, query));
    Ok((total, ids_of(conn, page).await?))
}

/// `select` with its values written into the text (quoted by the query builder), so that
/// PostgreSQL plans it for this representative and this term. A statement with bound
/// values gets one generic plan after a few runs, made for an average representative
/// (a thousand applications, where scanning the name index is cheap) and an average term:
/// for a book of 200,000 that plan scans every entry.
fn inlined(select: &SelectStatement) -> Statement {
    Statement::from_string(DbBackend::Postgres, select.to_string(PostgresQueryBuilder))
}

/// The number of the rows `filter` passes and the ids of the page by date created, in one
/// statement: the matches are found once (a materialized common table expression, which
/// the planner cannot merge into a walk), counted, and the page's 25 sorted out of them.
/// A page past the end is a single row with the total and no id.
async fn counted_matches(
    conn: &impl ConnectionTrait,
    query: &ApplicationQuery,
    filter: Condition,
) -> Result<(u64, Vec<Uuid>), RepositoryError> {
    let matches = Entity::find()
        .select_only()
        .columns([Column::Id, Column::CreatedAt])
        .filter(filter)
        .into_query()
        .to_string(PostgresQueryBuilder);
    let direction = match query.direction {
        SortDirection::Ascending => "ASC",
        SortDirection::Descending => "DESC",
    };
    let statement = Statement::from_string(
        DbBackend::Postgres,
        format!(
            "WITH matches AS MATERIALIZED ({matches}) \
             SELECT (SELECT COUNT(*) FROM matches) AS total, page.id FROM (SELECT 1) AS one \
             LEFT JOIN (SELECT id, created_at FROM matches ORDER BY created_at {direction}, \
             id {direction} LIMIT {} OFFSET {}) AS page ON true \
             ORDER BY page.created_at {direction}, page.id {direction}",
            query.per_page,
            query.offset()
        ),
    );
    let rows = conn.query_all_raw(statement).await.map_err(db)?;
    let total = match rows.first() {
        Some(row) => to_total(row.try_get("", "total").map_err(db)?)?,
        None => 0,
    };
    let ids = rows
        .iter()
        .filter_map(|row| row.try_get::<Option<Uuid>>("", "id").transpose())
        .collect::<Result<_, _>>()
        .map_err(db)?;
    Ok((total, ids))
}

/// The number of the owner's applications (with the query's status and type, either may
/// be absent) whose folded name contains the two characters `pair`.
async fn pair_total(
    conn: &impl ConnectionTrait,
    owner: AccountId,
    query: &ApplicationQuery,
    pair: &str,
) -> Result<u64, RepositoryError> {
    let mut select = super::search::kept_sum(PAIR_COUNTS, owner, query);
    select.and_where(Expr::col((Alias::new(PAIR_COUNTS), Alias::new("pair"))).eq(pair));
    super::search::read_total(conn, &select).await
}
