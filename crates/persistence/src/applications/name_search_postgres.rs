//! A name search on PostgreSQL (migrations 22 and 23, decisions [17] and [22]).
//!
//! - **The total.** A term of three characters and more is counted in
//!   `application_name_suffixes`: the representative's name suffixes that begin with the
//!   term (with the status and type in the entry), one range of one btree, read without a
//!   row, each application once. A term longer than the suffixes kept is looked up by its
//!   first characters, and each application found is then tested on its row. A term of two
//!   characters has its total in `application_pair_counts`, which the triggers keep per
//!   (representative, pair, status, type).
//! - **The page**, whichever reads fewer entries: **walking** the representative's
//!   applications in the page's order, testing each name (the date and name indexes hold
//!   the folded name, so no row is read), about `(offset + page size) × book / matches`
//!   entries; or **joining** each match to its row and sorting them, one probe per match.
//!   Many matches walk; few join.
//!
//! Searches these cannot serve (one letter, unread only, a number) are one
//! scan instead ([`super::search`]).
//!
//! [17]: ../../../../docs/decisions/0017-name-search-index.md
//! [22]: ../../../../docs/decisions/0022-postgres-name-suffixes.md

use portal_domain::RepositoryError;
use portal_domain::account::AccountId;
use portal_domain::application::{ApplicationQuery, SortColumn};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, LikeExpr, PostgresQueryBuilder, Query, SelectStatement,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect,
    QueryTrait, Statement,
};
use uuid::Uuid;

use super::name_search::{count_of, ids_of, walk_is_cheaper};
use super::search::escape_like;
use crate::entity::applications::{Column, Entity};
use crate::migration::m20270105_000022_postgres_name_search::PAIR_COUNTS;
use crate::migration::m20270106_000023_name_suffixes::{REPEATED_BIT, SUFFIX_LENGTH, SUFFIXES};

/// What reading one match's row by its id costs, in index entries read in order: a walk
/// of the representative's covering index read 2,900 entries in 0.34 ms, and 214 probes
/// by id 1.4 ms (`EXPLAIN ANALYZE`, `docs/performance.md`), about 50 entries a probe.
const PROBE_COST: u64 = 40;

/// Whether this search is served here: a term of two characters or more, and no filter
/// but the status and the type.
pub(super) fn serves(query: &ApplicationQuery, folded: &str) -> bool {
    !query.unread_only && query.number_prefix.is_none() && folded.chars().nth(1).is_some()
}

/// The total and the page's ids, in the page's order, of the owner's applications that
/// pass `filter` (every filter but the name) and whose folded name contains `folded`;
/// `book` selects the number of the owner's applications with the query's status and
/// type (`total`).
pub(super) async fn search(
    conn: &impl ConnectionTrait,
    owner: AccountId,
    query: &ApplicationQuery,
    filter: Condition,
    folded: &str,
    book: &SelectStatement,
) -> Result<(u64, Vec<Uuid>), RepositoryError> {
    let pattern = format!("%{}%", escape_like(folded));
    let filter = filter.add(Expr::col(Column::ApplicantNameFolded).like(LikeExpr::new(pattern)));
    let length = folded.chars().count();
    let suffixes = (length > 2).then(|| suffix_matches(owner, query, folded));
    let total = match &suffixes {
        None => pair_total(conn, owner, query, folded).await?,
        Some(matches) if length <= SUFFIX_LENGTH => {
            // An entry without the repeated bit is its application's only entry in the
            // range; only the others need their ids told apart.
            let mut count = matches.clone();
            count.expr_as(
                Expr::cust(format!(
                    "COUNT(*) FILTER (WHERE code < {REPEATED_BIT}) \
                     + COUNT(DISTINCT application_id) FILTER (WHERE code >= {REPEATED_BIT})"
                )),
                Alias::new("n"),
            );
            count_of(conn, inlined(&count)).await?
        }
        Some(matches) => {
            // Longer than the suffixes kept: the applications found by the term's first
            // characters, each tested on its row.
            let count = Entity::find()
                .select_only()
                .column_as(Expr::cust("COUNT(*)"), "n")
                .filter(filter.clone().add(Column::Id.in_subquery(ids(matches))))
                .into_query();
            count_of(conn, inlined(&count)).await?
        }
    };
    if total <= query.offset() {
        return Ok((total, Vec::new()));
    }
    let walked_entry_cost = match query.sort {
        SortColumn::DateCreated | SortColumn::ApplicantName => Some(1),
        _ => None,
    };
    let walk = match (&suffixes, walked_entry_cost) {
        (None, _) => true,
        (Some(_), Some(cost)) => {
            let book = super::search::read_total(conn, book).await?;
            walk_is_cheaper(query, total, book, cost, PROBE_COST)
        }
        (Some(_), None) => false,
    };
    let filter = match suffixes {
        Some(matches) if !walk => filter.add(Column::Id.in_subquery(ids(&matches))),
        _ => filter,
    };
    let page = inlined(&super::search::page_ids(filter, query));
    Ok((total, ids_of(conn, page).await?))
}

/// The owner's entries of `application_name_suffixes` that begin with `folded` (its
/// first [`SUFFIX_LENGTH`] characters if longer), with the query's status and type; no
/// column selected yet.
fn suffix_matches(owner: AccountId, query: &ApplicationQuery, folded: &str) -> SelectStatement {
    let start: String = folded.chars().take(SUFFIX_LENGTH).collect();
    let mut select = Query::select();
    select
        .from(Alias::new(SUFFIXES))
        .and_where(Expr::cust_with_values(
            "representative_key = (SELECT search_key FROM accounts WHERE id = $1)",
            [owner.as_uuid()],
        ))
        .and_where(
            Expr::col(Alias::new("suffix"))
                .like(LikeExpr::new(format!("{}%", escape_like(&start)))),
        );
    let status_and_type = REPEATED_BIT - 1;
    let code = match (query.status, query.application_type) {
        (Some(status), Some(kind)) => Some(Expr::cust_with_values(
            format!("code & {status_and_type} = application_search_code($1, $2)"),
            [status.code(), kind.code()],
        )),
        (Some(status), None) => Some(Expr::cust_with_values(
            format!("(code & {status_and_type}) / 4 = application_search_status($1)"),
            [status.code()],
        )),
        (None, Some(kind)) => Some(Expr::cust_with_values(
            "code % 4 = application_search_type($1)",
            [kind.code()],
        )),
        (None, None) => None,
    };
    if let Some(code) = code {
        select.and_where(code);
    }
    select
}

/// The application ids of `matches`.
fn ids(matches: &SelectStatement) -> SelectStatement {
    let mut ids = matches.clone();
    ids.column(Alias::new("application_id"));
    ids
}

/// `select` with its values written into the text (quoted by the query builder), so that
/// PostgreSQL plans it for this representative and this term. A statement with bound
/// values gets one generic plan after a few runs, made for an average representative
/// (a thousand applications) and an average term.
fn inlined(select: &SelectStatement) -> Statement {
    Statement::from_string(DbBackend::Postgres, select.to_string(PostgresQueryBuilder))
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
