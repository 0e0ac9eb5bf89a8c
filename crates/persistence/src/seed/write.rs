//! Writing seeded rows in bulk: multi-row `INSERT`s with bound parameters, a batch per
//! transaction, with the group IDs and application numbers taken from the same counters
//! the repositories use, so later submissions never collide with seeded numbers.

use crate::migration::m20270106_000023_name_suffixes::repeated_sql;
use portal_domain::RepositoryError;
use portal_domain::application::{ApplicationNumber, ApplicationType};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use super::generate::Row;
use crate::counters;
use crate::error::db;

/// Every column of `applications`, in the order the values are bound.
const COLUMNS: [&str; 23] = [
    "id",
    "representative_id",
    "group_id",
    "role",
    "app_type",
    "visit_purpose",
    "visa_processing",
    "claim_origin",
    "cbsa_file_number",
    "questionnaire_version",
    "applicant_name",
    "applicant_name_folded",
    "answers",
    "status",
    "number",
    "created_at",
    "last_saved_at",
    "expires_on",
    "submitted_at",
    "has_unread",
    "action_required",
    "version",
    "expiry_warned_at",
];

/// Rows per statement: 23 columns times this stays under SQLite's 32,766 parameters and
/// PostgreSQL's 65,535.
pub(super) const ROWS_PER_STATEMENT: usize = 1_000;

/// `INSERT INTO applications (...) VALUES (...), ...` for `rows` rows.
fn insert_sql(backend: DbBackend, rows: usize) -> String {
    let mut sql = format!("INSERT INTO applications ({}) VALUES ", COLUMNS.join(", "));
    let mut n = 0;
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..COLUMNS.len() {
            if column > 0 {
                sql.push_str(", ");
            }
            n += 1;
            match backend {
                DbBackend::Postgres => sql.push_str(&format!("${n}")),
                _ => sql.push('?'),
            }
        }
        sql.push(')');
    }
    sql
}

/// On PostgreSQL, the triggers that keep the two-letter totals and the name suffixes row
/// by row are off while a batch is written (in its transaction, so they are back on at the
/// commit or the rollback), and each statement adds the totals and the suffixes of the
/// rows it inserted, set-based: the same rows as the triggers' (the seeding contract
/// compares them with the names), in a fraction of the time (`docs/performance.md`).
/// Turning the triggers off locks the table until the batch commits: a server on the same
/// database waits for each batch.
const TRIGGERS_OFF: [&str; 2] = [
    "ALTER TABLE applications DISABLE TRIGGER applications_pair_counts",
    "ALTER TABLE applications DISABLE TRIGGER applications_name_suffixes",
];
const TRIGGERS_ON: [&str; 2] = [
    "ALTER TABLE applications ENABLE TRIGGER applications_pair_counts",
    "ALTER TABLE applications ENABLE TRIGGER applications_name_suffixes",
];

/// `insert` (an `INSERT INTO applications`) adding its rows' two-letter totals and name
/// suffixes, with the functions the triggers use (`application_name_pairs`,
/// `application_name_suffix_list`, `application_search_code`).
fn with_search_rows(insert: &str) -> String {
    let repeated = repeated_sql();
    format!(
        "WITH inserted AS ({insert} RETURNING id, representative_id, applicant_name_folded, \
         status, app_type), \
         pairs AS (\
           INSERT INTO application_pair_counts (representative_id, pair, status, app_type, n) \
           SELECT representative_id, pair, status, app_type, COUNT(*) FROM inserted \
           CROSS JOIN LATERAL application_name_pairs(applicant_name_folded) AS pair \
           GROUP BY representative_id, pair, status, app_type \
           ON CONFLICT (representative_id, pair, status, app_type) \
           DO UPDATE SET n = application_pair_counts.n + EXCLUDED.n) \
         INSERT INTO application_name_suffixes (representative_key, code, application_id, suffix) \
         SELECT a.search_key, application_search_code(i.status, i.app_type) + {repeated}, \
           i.id, s.suffix \
         FROM inserted AS i JOIN accounts AS a ON a.id = i.representative_id \
         CROSS JOIN LATERAL application_name_suffix_list(i.applicant_name_folded) AS s"
    )
}

/// Takes `count` values of counter `name`; returns the first.
async fn reserve<C: ConnectionTrait>(
    txn: &C,
    name: &str,
    count: u64,
) -> Result<i64, RepositoryError> {
    let last = counters::take(txn, name, count).await?;
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    Ok(last - count + 1)
}

/// Writes one batch of rows (whose `group` fields count from 0 to `groups - 1`) inside
/// the caller's transaction.
pub(super) async fn write_batch<C: ConnectionTrait>(
    txn: &C,
    rows: &[Row],
    groups: u64,
) -> Result<(), RepositoryError> {
    if rows.is_empty() {
        return Ok(());
    }
    let first_group = reserve(txn, counters::GROUP, groups).await?;
    let mut next_number = Vec::new();
    for t in ApplicationType::ALL {
        let submitted = rows
            .iter()
            .filter(|r| r.submitted && r.app_type == t)
            .count() as u64;
        let first = if submitted > 0 {
            reserve(txn, &counters::number_counter(t.number_prefix()), submitted).await?
        } else {
            0
        };
        next_number.push((t, first));
    }
    let backend = txn.get_database_backend();
    let postgres = backend == DbBackend::Postgres;
    let statement = |rows: usize| {
        let insert = insert_sql(backend, rows);
        if postgres {
            with_search_rows(&insert)
        } else {
            insert
        }
    };
    if postgres {
        for statement in TRIGGERS_OFF {
            txn.execute_unprepared(statement).await.map_err(db)?;
        }
    }
    let full_sql = statement(ROWS_PER_STATEMENT);
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * COLUMNS.len());
        for row in chunk {
            let number = if row.submitted {
                let slot = next_number
                    .iter_mut()
                    .find(|(t, _)| *t == row.app_type)
                    .ok_or_else(|| RepositoryError::message("an unknown type"))?;
                let sequence = u64::try_from(slot.1).unwrap_or(0);
                slot.1 += 1;
                let number =
                    ApplicationNumber::from_sequence(row.app_type.number_prefix(), sequence)
                        .ok_or_else(|| {
                            RepositoryError::message("the application numbers ran out")
                        })?;
                Some(number.as_str().to_owned())
            } else {
                None
            };
            let group = first_group + i64::try_from(row.group).unwrap_or(i64::MAX);
            values.extend([
                row.id.into(),
                row.representative_id.into(),
                group.into(),
                row.role.into(),
                row.app_type.code().into(),
                row.visit_purpose.map(str::to_owned).into(),
                row.visa_processing.map(str::to_owned).into(),
                row.claim_origin.map(str::to_owned).into(),
                row.cbsa_file_number.clone().into(),
                row.questionnaire_version.into(),
                row.applicant_name.clone().into(),
                row.applicant_name_folded.clone().into(),
                row.answers.clone().into(),
                if row.submitted {
                    "submitted"
                } else {
                    "in_progress"
                }
                .into(),
                number.into(),
                row.created_at.into(),
                row.last_saved_at.into(),
                row.expires_on.into(),
                row.submitted_at.into(),
                row.has_unread.into(),
                row.action_required.into(),
                i64::from(row.submitted).into(),
                row.expiry_warned_at.into(),
            ]);
        }
        let sql = if chunk.len() == ROWS_PER_STATEMENT {
            full_sql.clone()
        } else {
            statement(chunk.len())
        };
        txn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await
            .map_err(db)?;
    }
    if postgres {
        for statement in TRIGGERS_ON {
            txn.execute_unprepared(statement).await.map_err(db)?;
        }
    }
    Ok(())
}
