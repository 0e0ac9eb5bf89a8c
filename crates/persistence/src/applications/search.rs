//! The table's search (F15, F16), always over the owner's rows only: without a name, the
//! page and the kept total in one statement (with the unread or number filter, a count
//! and then the page); with a name, on SQLite the name search index
//! ([`super::name_search`]), on PostgreSQL the name suffixes and the two-letter totals
//! ([`super::name_search_postgres`]), and otherwise (a single letter, or a name with the
//! unread or number filter on PostgreSQL) one scan of the covering name index gives both.
//! `docs/performance.md` shows the plans.

use crate::plan_cache::{ByKey, with_literal_limits};
use portal_domain::RepositoryError;
use portal_domain::account::AccountId;
use portal_domain::application::{
    ApplicationQuery, ApplicationStatus, ApplicationSummary, SortColumn, SortDirection,
};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, LikeExpr, NullOrdering, Query, SelectStatement, SubQueryStatement,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, Order,
    QueryFilter, QueryOrder, QueryResult, QuerySelect, QueryTrait, Select,
};

use super::name_search::Page;
use super::row::{SUMMARY_COLUMNS, SummaryRow};
use super::{name_index, name_search, name_search_postgres};
use crate::entity::applications::{Column, Entity};
use crate::error::db;
use crate::fold::fold;
use crate::migration::m20261202_000010_create_application_table_index::UNREAD;
use crate::migration::m20261203_000011_name_search_index::NAME_SEARCH_INDEX;
use crate::migration::m20261203_000013_status_type_name_index::STATUS_NAME_SEARCH_INDEX;
use uuid::Uuid;

/// The total and one page of the owner's applications matching `query`.
pub(super) async fn search(
    conn: &impl ConnectionTrait,
    owner: AccountId,
    query: &ApplicationQuery,
) -> Result<(u64, Vec<ApplicationSummary>), RepositoryError> {
    let backend = conn.get_database_backend();
    let name = query
        .applicant_name
        .as_deref()
        .map(fold)
        .filter(|folded| !folded.is_empty());
    let filter = condition(owner, query);
    let indexed = match (backend, name.as_deref()) {
        (DbBackend::Sqlite, Some(folded)) => name_index::phrase(folded),
        _ => None,
    };
    let (total, page_filter) = match name.as_deref() {
        Some(folded)
            if indexed.is_some()
                || (backend == DbBackend::Postgres
                    && name_search_postgres::serves(query, folded)) =>
        {
            let book = kept_total_query(owner, query);
            let (total, page) = match &indexed {
                Some(phrase) => {
                    name_search::search(conn, owner, query, filter, folded, phrase, &book).await?
                }
                None => {
                    let (total, ids) =
                        name_search_postgres::search(conn, owner, query, filter, folded, &book)
                            .await?;
                    (total, Page::Ids(ids))
                }
            };
            match page {
                Page::Ids(ids) if ids.is_empty() => return Ok((total, Vec::new())),
                Page::Ids(ids) => (total, Column::Id.is_in(ids)),
                Page::Rows(items) => return Ok((total, items)),
            }
        }
        Some(folded) => match name_page(conn, backend, filter.clone(), query, folded).await? {
            Some((total, ids)) => (total, Column::Id.is_in(ids)),
            // A page past the end: no row carried the total, so count it on its own.
            None => {
                let total = count(conn, filter.add(name_contains(backend, folded))).await?;
                return Ok((total, Vec::new()));
            }
        },
        None => {
            if query.number_prefix.is_none() && !query.unread_only {
                return page_with_kept_total(conn, owner, filter, query).await;
            }
            let total = count(conn, filter.clone()).await?;
            if total <= query.offset() {
                return Ok((total, Vec::new()));
            }
            // The page's ids from an index alone where one covers the filters and the
            // order; then only those rows are read.
            (total, Column::Id.in_subquery(page_ids(filter, query)))
        }
    };
    let statement = order(summary_columns(Entity::find()).filter(page_filter), query)
        .build(conn.get_database_backend());
    let page = SummaryRow::find_by_statement(with_literal_limits(statement))
        .all(conn)
        .await
        .map_err(db)?;
    let items = page
        .into_iter()
        .map(|row| ApplicationSummary::try_from(row).map_err(RepositoryError::from))
        .collect::<Result<_, _>>()?;
    Ok((total, items))
}

/// The exact total of the owner's rows with the query's status and type (either may be
/// absent), read from the per-(status, type) totals the triggers keep in
/// `application_counts`: a handful of rows instead of a count over thousands.
async fn kept_total(
    conn: &impl ConnectionTrait,
    owner: AccountId,
    query: &ApplicationQuery,
) -> Result<u64, RepositoryError> {
    read_total(conn, &kept_total_query(owner, query)).await
}

/// The one `total` a statement such as [`kept_sum`] selects (none read as zero).
pub(super) async fn read_total(
    conn: &impl ConnectionTrait,
    select: &SelectStatement,
) -> Result<u64, RepositoryError> {
    let row = conn.query_one(select).await.map_err(db)?;
    let total: i64 = match row {
        Some(row) => row.try_get("", "total").map_err(db)?,
        None => 0,
    };
    to_total(total)
}

/// The statement of [`kept_total`], also used as a scalar subquery of the page.
fn kept_total_query(owner: AccountId, query: &ApplicationQuery) -> SelectStatement {
    kept_sum("application_counts", owner, query)
}

/// `SUM(n) AS total` over the rows of a table of kept totals (`representative_id`,
/// `status`, `app_type`, `n`, and maybe more keys) for the owner and the query's status and
/// type (either may be absent).
pub(super) fn kept_sum(table: &str, owner: AccountId, query: &ApplicationQuery) -> SelectStatement {
    let column = |name: &str| Expr::col((Alias::new(table), Alias::new(name)));
    let mut select = Query::select();
    select
        .expr_as(
            Expr::cust("CAST(COALESCE(SUM(n), 0) AS BIGINT)"),
            Alias::new("total"),
        )
        .from(Alias::new(table))
        .and_where(column("representative_id").eq(owner.as_uuid()));
    if let Some(status) = query.status {
        select.and_where(column("status").eq(status.code()));
    }
    if let Some(application_type) = query.application_type {
        select.and_where(column("app_type").eq(application_type.code()));
    }
    select
}

pub(super) fn to_total(total: i64) -> Result<u64, RepositoryError> {
    u64::try_from(total).map_err(|_| RepositoryError::message("a total below zero"))
}

/// The page with the kept total beside each row, in one statement, the total as a scalar
/// subquery. A page past the end has no row to carry the total, so it is then read on its
/// own.
///
/// The first page by date created, the table as it opens, is read straight from the walk
/// of an index in that order: 25 entries, each row read once. Any other page takes its 25
/// ids from an index first and then reads only those rows, so that the rows skipped over
/// (or sorted, where no index holds the order) are index entries, not whole rows. On
/// PostgreSQL the first page's owner is hidden from the planner
/// ([`condition_with_owner_hidden`]): with it in view, the statement was planned again on
/// every run, which cost more than the walk saves.
async fn page_with_kept_total(
    conn: &impl ConnectionTrait,
    owner: AccountId,
    filter: Condition,
    query: &ApplicationQuery,
) -> Result<(u64, Vec<ApplicationSummary>), RepositoryError> {
    let kept: SubQueryStatement = kept_total_query(owner, query).into();
    let total = Expr::SubQuery(None, Box::new(kept));
    let rows = summary_columns(Entity::find()).expr_as(total, "total");
    let backend = conn.get_database_backend();
    let statement = if first_page_walks_an_index(query) {
        let filter = match backend {
            DbBackend::Postgres => condition_with_owner_hidden(owner, query),
            _ => filter,
        };
        order(rows.filter(filter), query).limit(u64::from(query.per_page))
    } else {
        order(
            rows.filter(Column::Id.in_subquery(page_ids(filter, query))),
            query,
        )
    }
    .build(backend);
    let rows = conn
        .query_all_raw(with_literal_limits(statement))
        .await
        .map_err(db)?;
    match with_total(&rows)? {
        Some(page) => Ok(page),
        None => Ok((kept_total(conn, owner, query).await?, Vec::new())),
    }
}

/// The total each row carries (column `total`) and the rows as summaries; `None` when there
/// is no row to carry the total.
pub(super) fn with_total(
    rows: &[QueryResult],
) -> Result<Option<(u64, Vec<ApplicationSummary>)>, RepositoryError> {
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let total = to_total(first.try_get("", "total").map_err(db)?)?;
    let items = rows
        .iter()
        .map(|row| {
            let row = SummaryRow::from_query_result(row, "").map_err(db)?;
            ApplicationSummary::try_from(row).map_err(RepositoryError::from)
        })
        .collect::<Result<_, _>>()?;
    Ok(Some((total, items)))
}

/// Whether the query asks for the first page by date created with filters that an index
/// in that order starts with: the representative alone
/// (`applications_rep_created_name_idx`), with a status
/// (`applications_rep_status_created_idx`), or with a type and a status
/// (`applications_rep_type_status_created_idx`). A type without a status has no such
/// index. Only the filters of [`page_with_kept_total`] (no unread, no number) reach here.
fn first_page_walks_an_index(query: &ApplicationQuery) -> bool {
    query.offset() == 0
        && query.sort == SortColumn::DateCreated
        && (query.application_type.is_none() || query.status.is_some())
}

/// The ids of the query's page of the rows `filter` passes, in the page's order.
pub(super) fn page_ids(filter: Condition, query: &ApplicationQuery) -> SelectStatement {
    order(
        Entity::find()
            .select_only()
            .column(Column::Id)
            .filter(filter),
        query,
    )
    .limit(u64::from(query.per_page))
    .offset(query.offset())
    .into_query()
}

/// The exact number of the owner's rows matching `filter`.
async fn count(conn: &impl ConnectionTrait, filter: Condition) -> Result<u64, RepositoryError> {
    let total: i64 = Entity::find()
        .select_only()
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(filter)
        .into_tuple()
        .by_key(conn)
        .await
        .map_err(db)?
        .unwrap_or(0);
    u64::try_from(total)
        .map_err(|_| RepositoryError::message("the database counted fewer than no rows"))
}

/// A name search in one scan of the name search index: the page's ids with the total of
/// all matches beside each (`COUNT(*) OVER ()`). The folded-name match cannot be estimated
/// by a planner, so SQLite is told which index to scan; every filter and the default order
/// are columns of that index, so no table row is read. `None` when the page is past the end.
async fn name_page(
    conn: &impl ConnectionTrait,
    backend: DbBackend,
    filter: Condition,
    query: &ApplicationQuery,
    folded: &str,
) -> Result<Option<(u64, Vec<Uuid>)>, RepositoryError> {
    let select = Entity::find()
        .select_only()
        .column(Column::Id)
        .column_as(Expr::cust("COUNT(*) OVER ()"), "total")
        .filter(filter.add(name_contains(backend, folded)));
    let mut statement = order(select, query)
        .limit(u64::from(query.per_page))
        .offset(query.offset())
        .build(backend);
    if backend == DbBackend::Sqlite {
        // With a status the scan starts at the representative's entries of that status
        // (and type); without one it covers all of the representative's names.
        let index = if query.status.is_some() {
            STATUS_NAME_SEARCH_INDEX
        } else {
            NAME_SEARCH_INDEX
        };
        statement.sql = indexed_by(&statement.sql, index);
    }
    let rows = conn
        .query_all_raw(with_literal_limits(statement))
        .await
        .map_err(db)?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let total: i64 = first.try_get("", "total").map_err(db)?;
    let total = u64::try_from(total)
        .map_err(|_| RepositoryError::message("the database counted fewer than no rows"))?;
    let ids = rows
        .iter()
        .map(|row| row.try_get::<Uuid>("", "id").map_err(db))
        .collect::<Result<_, _>>()?;
    Ok(Some((total, ids)))
}

/// `sql` (built on `applications`) reading the table through `index` (SQLite's
/// `INDEXED BY`): a name test's selectivity is unknown to the planner.
pub(super) fn indexed_by(sql: &str, index: &str) -> String {
    sql.replacen(
        r#"FROM "applications""#,
        &format!(r#"FROM "applications" INDEXED BY "{index}""#),
        1,
    )
}

pub(super) fn summary_columns(select: Select<Entity>) -> Select<Entity> {
    select.select_only().columns(SUMMARY_COLUMNS)
}

/// The owner's rows that pass every filter of the query but the name.
fn condition(owner: AccountId, query: &ApplicationQuery) -> Condition {
    owned_and(Column::RepresentativeId.eq(owner.as_uuid()), query)
}

/// [`condition`] with the owner given as a bound value the planner does not look at:
/// `representative_id = (SELECT $n::uuid)`. PostgreSQL then estimates the statement for an
/// average representative every time, so the plan it makes for the values bound is no
/// cheaper than the generic one, and from the sixth run it keeps the generic plan instead
/// of planning each run again (for a large book the plans made for its values look cheaper,
/// and were kept being made). Only for a statement whose plan is the same for every book.
fn condition_with_owner_hidden(owner: AccountId, query: &ApplicationQuery) -> Condition {
    let owner_is = Expr::col(Column::RepresentativeId).eq(Expr::cust_with_values(
        "(SELECT CAST($1 AS uuid))",
        [owner.as_uuid()],
    ));
    owned_and(owner_is, query)
}

/// `owner_is` and every filter of the query but the name.
fn owned_and(owner_is: Expr, query: &ApplicationQuery) -> Condition {
    let mut all = Condition::all().add(owner_is);
    if let Some(status) = query.status {
        all = all.add(status_is(status));
    }
    if let Some(application_type) = query.application_type {
        all = all.add(Column::AppType.eq(application_type.code()));
    }
    if query.unread_only {
        all = all.add(Expr::cust(UNREAD));
    }
    if let Some(prefix) = query.number_prefix.as_deref() {
        all = all.add(number_prefix(prefix));
    }
    all
}

/// `status = '<code>'` with the code written into the statement, not bound: SQLite compares
/// a bound status with the condition of the partial index of drafts near expiry
/// (`status = 'in_progress'`) and so plans the statement again on every run, a tenth of the
/// server's time under load ([decision 7]). There are five codes, all the domain's
/// constants, so five statements at most and nothing from the request in the SQL text.
///
/// [decision 7]: ../../../../docs/decisions/0007-sqlite-statement-reuse.md
pub(crate) fn status_is(status: ApplicationStatus) -> Expr {
    Expr::cust(format!("\"status\" = '{}'", status.code()))
}

/// The folded name contains `folded`: `instr` on SQLite (cheaper than its
/// case-insensitive `LIKE`), `LIKE '%...%'` on PostgreSQL (which a trigram index serves).
fn name_contains(backend: DbBackend, folded: &str) -> Expr {
    match backend {
        DbBackend::Sqlite => {
            Expr::cust_with_values("instr(applicant_name_folded, ?) > 0", [folded.to_owned()])
        }
        // PostgreSQL's default escape character is `\`; an explicit `ESCAPE` would make the
        // generic plan call `like_escape` on every row it tests.
        _ => {
            let pattern = format!("%{}%", escape_like(folded));
            Expr::col(Column::ApplicantNameFolded).like(LikeExpr::new(pattern))
        }
    }
}

/// Numbers starting with `prefix`: a range the `(representative_id, number)` index serves
/// (SQLite's `LIKE` ignores case, so it could not use the index), with a `LIKE` only when
/// the prefix has no range end.
fn number_prefix(prefix: &str) -> Condition {
    let upper = prefix.to_ascii_uppercase();
    let from = Condition::all().add(Column::Number.gte(upper.clone()));
    match prefix_end(&upper) {
        // Exactly the numbers starting with the prefix, in byte order. A bound `LIKE`
        // pattern would also make SQLite plan the statement again on every run.
        Some(end) => from.add(Column::Number.lt(end)),
        None => from.add(
            Expr::col(Column::Number)
                .like(LikeExpr::new(format!("{}%", escape_like(&upper))).escape('\\')),
        ),
    }
}

/// The smallest string greater than every string that starts with `prefix` (ASCII): the
/// prefix with its last byte grown by one. Byte order holds on both databases (SQLite's
/// binary collation, the column's "C" collation on PostgreSQL).
fn prefix_end(prefix: &str) -> Option<String> {
    let mut bytes = prefix.as_bytes().to_vec();
    let last = bytes.pop()?;
    if last >= 0x7E {
        return None;
    }
    bytes.push(last + 1);
    String::from_utf8(bytes).ok()
}

/// `text` with the `LIKE` wildcards and the escape character escaped by `\`.
pub(super) fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Sorts by the chosen column, then by id in the same direction, so every order is total
/// and a descending order is exactly the ascending one reversed. A missing number or
/// submission date sorts as the smallest value on both databases. Days left sorts drafts
/// by their last day and puts submitted applications ("N/A") after every draft.
pub(super) fn order(select: Select<Entity>, query: &ApplicationQuery) -> Select<Entity> {
    let direction = match query.direction {
        SortDirection::Ascending => Order::Asc,
        SortDirection::Descending => Order::Desc,
    };
    let nulls = match query.direction {
        SortDirection::Ascending => NullOrdering::First,
        SortDirection::Descending => NullOrdering::Last,
    };
    let select = match query.sort {
        SortColumn::Id => select.order_by(Column::GroupId, direction.clone()),
        SortColumn::ApplicationType => select.order_by(Column::AppType, direction.clone()),
        SortColumn::ApplicantName => {
            select.order_by(Column::ApplicantNameFolded, direction.clone())
        }
        SortColumn::ApplicationNumber => {
            select.order_by_with_nulls(Column::Number, direction.clone(), nulls)
        }
        SortColumn::DateCreated => select.order_by(Column::CreatedAt, direction.clone()),
        SortColumn::DateLastSaved => select.order_by(Column::LastSavedAt, direction.clone()),
        SortColumn::DaysLeft => select
            .order_by(Column::Status, direction.clone())
            .order_by(Column::ExpiresOn, direction.clone()),
        SortColumn::DateSubmitted => {
            select.order_by_with_nulls(Column::SubmittedAt, direction.clone(), nulls)
        }
        SortColumn::Status => select.order_by(Column::Status, direction.clone()),
    };
    select.order_by(Column::Id, direction)
}

#[cfg(test)]
mod tests {
    use super::{escape_like, prefix_end};

    #[test]
    fn a_prefix_range_ends_after_every_number_that_starts_with_it() {
        assert_eq!(prefix_end("L1000").as_deref(), Some("L1001"));
        assert_eq!(prefix_end("L1009").as_deref(), Some("L100:"));
        assert_eq!(prefix_end("L").as_deref(), Some("M"));
        assert_eq!(prefix_end("~"), None);
    }

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(escape_like(r"50%_a\b"), r"50\%\_a\\b");
    }
}
