//! The table's search (F15, F16): one query for the page and one for the exact total,
//! both over the owner's rows only. The filters map onto the indexes of the
//! `applications` migration; `PLANS.md` shows the plans.

use portal_domain::RepositoryError;
use portal_domain::account::AccountId;
use portal_domain::application::{ApplicationQuery, ApplicationSummary, SortColumn, SortDirection};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, NullOrdering};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, Order, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

use super::row::SummaryRow;
use crate::entity::applications::{Column, Entity};
use crate::error::db;
use crate::fold::fold;

/// The total and one page of the owner's applications matching `query`.
pub(super) async fn search(
    conn: &DatabaseConnection,
    owner: AccountId,
    query: &ApplicationQuery,
) -> Result<(u64, Vec<ApplicationSummary>), RepositoryError> {
    let filter = condition(owner, query);
    let total: i64 = Entity::find()
        .select_only()
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(filter.clone())
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
    let page = order(summary_columns(Entity::find()).filter(filter), query)
        .limit(u64::from(query.per_page))
        .offset(query.offset())
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

/// The owner's rows that pass every filter of the query.
fn condition(owner: AccountId, query: &ApplicationQuery) -> Condition {
    let mut all = Condition::all().add(Column::RepresentativeId.eq(owner.as_uuid()));
    if let Some(status) = query.status {
        all = all.add(Column::Status.eq(status.code()));
    }
    if let Some(application_type) = query.application_type {
        all = all.add(Column::AppType.eq(application_type.code()));
    }
    if query.unread_only {
        all = all.add(Column::HasUnread.eq(true));
    }
    if let Some(name) = query.applicant_name.as_deref() {
        let folded = fold(name);
        if !folded.is_empty() {
            let pattern = format!("%{}%", escape_like(&folded));
            all = all.add(
                Expr::col(Column::ApplicantNameFolded).like(LikeExpr::new(pattern).escape('\\')),
            );
        }
    }
    if let Some(prefix) = query.number_prefix.as_deref() {
        all = all.add(number_prefix(prefix));
    }
    all
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
