//! A name search on PostgreSQL (migration 22, [decision 17]): the exact total in a
//! statement of its own, then the page's ids in another, each planned for what it does.
//!
//! - **The total** of a term of three characters and more comes from the GIN trigram index
//!   (`applications_name_trgm_idx`), which finds the representative's matches without
//!   reading the rest of the book; a two-character term has no trigram, and its total is
//!   read from `application_pair_counts`, which the triggers keep per (representative,
//!   pair, status, type).
//! - **The page** walks the representative's applications in order
//!   (`applications_rep_created_name_idx`, or the status and type indexes, each holding the
//!   folded name) testing each name, which is cheap while matches are many; when the total
//!   says they are few, the matches are read from the trigram index first and sorted (the
//!   cost model of the SQLite search). Counting apart keeps the page from reading every
//!   match to count it (`COUNT(*) OVER ()` would).
//!
//! Searches the two statements cannot serve (one letter, unread only, a number) are one
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

use super::name_search::{count_of, ids_of, walk_is_cheaper};
use crate::entity::applications::{Column, Entity};
use crate::migration::m20270105_000022_postgres_name_search::PAIR_COUNTS;

/// Whether this search is served here: a term of two characters or more, and no filter
/// but the status and the type.
pub(super) fn serves(query: &ApplicationQuery, folded: &str) -> bool {
    !query.unread_only && query.number_prefix.is_none() && folded.chars().nth(1).is_some()
}

/// The total and the page's ids, in the page's order, of the owner's applications that
/// pass `filter` (every filter but the name) and whose folded name contains `folded`;
/// `book` counts the applications the filter alone passes.
pub(super) async fn search(
    conn: &impl ConnectionTrait,
    owner: AccountId,
    query: &ApplicationQuery,
    filter: Condition,
    folded: &str,
    book: impl AsyncFnOnce() -> Result<u64, RepositoryError>,
) -> Result<(u64, Vec<Uuid>), RepositoryError> {
    let pattern = format!("%{}%", super::search::escape_like(folded));
    let filter = filter.add(Expr::col(Column::ApplicantNameFolded).like(LikeExpr::new(pattern)));
    let pair = folded.chars().count() == 2;
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
    // Few matches of a term with trigrams are read from the trigram index first, then
    // sorted; many are found sooner by walking the book in order.
    let read_matches_first = !pair
        && query.sort == SortColumn::DateCreated
        && !walk_is_cheaper(query, total, book().await?, 1);
    let page = if read_matches_first {
        newest_of_matches(query, filter)
    } else {
        inlined(&super::search::page_ids(filter, query))
    };
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

/// The page by date created of the rows `filter` passes, the rows found first (a
/// materialized common table expression, which the planner cannot merge into a walk).
fn newest_of_matches(query: &ApplicationQuery, filter: Condition) -> Statement {
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
    Statement::from_string(
        DbBackend::Postgres,
        format!(
            "WITH matches AS MATERIALIZED ({matches}) SELECT id FROM matches \
             ORDER BY created_at {direction}, id {direction} LIMIT {} OFFSET {}",
            query.per_page,
            query.offset()
        ),
    )
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
