//! The table's search (F15, F16): one query for the page and one for the exact total,
//! both over the owner's rows only. The filters map onto the indexes of the
//! `applications` migration; `PLANS.md` shows the plans.

use portal_domain::RepositoryError;
use portal_domain::account::AccountId;
use portal_domain::application::{ApplicationQuery, ApplicationSummary, SortColumn, SortDirection};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, NullOrdering};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbBackend, EntityTrait, Order, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select,
};

use super::row::SummaryRow;
use crate::entity::applications::{Column, Entity};
use crate::error::db;
use crate::fold::fold;
use crate::migration::m20261202_000010_create_application_table_index::UNREAD;

/// The total and one page of the owner's applications matching `query`.
pub(super) async fn search(
    conn: &DatabaseConnection,
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
    // The total straight from the narrow name index where there is a name; the page's ids
    // through the subquery of name matches (see `name_matches`).
    let mut counted = filter.clone();
    let mut paged = filter;
    if let Some(folded) = name.as_deref() {
        counted = counted.add(name_contains(backend, folded));
        paged = paged.add(Column::Id.in_subquery(name_matches(backend, owner, folded)));
    }
    let total: i64 = Entity::find()
        .select_only()
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(counted)
        .into_tuple()
        .one(conn)
        .await
        .map_err(db)?
        .unwrap_or(0);
    let total = u64::try_from(total)
        .map_err(|_| RepositoryError::message("the database counted fewer than no rows"))?;
    if total <= query.offset() {
        return Ok((total, Vec::new()));
    }
    // The page's ids first, from an index alone where one covers the filters and the
    // order; then only those rows are read, never every matching row.
    let ids = order(
        Entity::find()
            .select_only()
            .column(Column::Id)
            .filter(paged),
        query,
    )
    .limit(u64::from(query.per_page))
    .offset(query.offset())
    .into_query();
    let page = order(
        summary_columns(Entity::find()).filter(Column::Id.in_subquery(ids)),
        query,
    )
    .into_model::<SummaryRow>()
    .all(conn)
    .await
    .map_err(db)?;
    let items = page
        .into_iter()
        .map(|row| ApplicationSummary::try_from(row).map_err(RepositoryError::from))
        .collect::<Result<_, _>>()?;
    Ok((total, items))
}

fn summary_columns(select: Select<Entity>) -> Select<Entity> {
    select.select_only().columns([
        Column::Id,
        Column::GroupId,
        Column::AppType,
        Column::ApplicantName,
        Column::Number,
        Column::CreatedAt,
        Column::LastSavedAt,
        Column::ExpiresOn,
        Column::SubmittedAt,
        Column::Status,
        Column::HasUnread,
        Column::ActionRequired,
    ])
}

/// The owner's rows that pass every filter of the query but the name.
fn condition(owner: AccountId, query: &ApplicationQuery) -> Condition {
    let mut all = Condition::all().add(Column::RepresentativeId.eq(owner.as_uuid()));
    if let Some(status) = query.status {
        all = all.add(Column::Status.eq(status.code()));
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

/// The ids of the owner's applications whose folded name contains `folded`. Written as a
/// subquery of its own so that it is answered from `applications_rep_name_status_idx`
/// alone (the planner cannot tell how selective a `LIKE '%...%'` is, and would otherwise
/// read every row of the representative through another index); the other filters and
/// the order then apply to the few matching rows.
fn name_matches(
    backend: DbBackend,
    owner: AccountId,
    folded: &str,
) -> sea_orm::sea_query::SelectStatement {
    Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::RepresentativeId.eq(owner.as_uuid()))
        .filter(name_contains(backend, folded))
        .into_query()
}

/// The folded name contains `folded`: `instr` on SQLite (cheaper than its
/// case-insensitive `LIKE`), `LIKE '%...%'` on PostgreSQL (which a trigram index serves).
fn name_contains(backend: DbBackend, folded: &str) -> Expr {
    match backend {
        DbBackend::Sqlite => {
            Expr::cust_with_values("instr(applicant_name_folded, ?) > 0", [folded.to_owned()])
        }
        _ => {
            let pattern = format!("%{}%", escape_like(folded));
            Expr::col(Column::ApplicantNameFolded).like(LikeExpr::new(pattern).escape('\\'))
        }
    }
}

/// Numbers starting with `prefix`: a range the `(representative_id, number)` index serves,
/// plus the exact `LIKE` (which alone could not use the index on SQLite, whose `LIKE`
/// ignores case).
fn number_prefix(prefix: &str) -> Condition {
    let upper = prefix.to_ascii_uppercase();
    let mut range = Condition::all().add(Column::Number.gte(upper.clone()));
    if let Some(end) = prefix_end(&upper) {
        range = range.add(Column::Number.lt(end));
    }
    range.add(
        Expr::col(Column::Number)
            .like(LikeExpr::new(format!("{}%", escape_like(&upper))).escape('\\')),
    )
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
fn escape_like(text: &str) -> String {
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
fn order(select: Select<Entity>, query: &ApplicationQuery) -> Select<Entity> {
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
