//! Schema migrations, one file per migration, applied in order. Migrations are additive:
//! a later capability adds its tables in a new file and never edits an applied one.
//!
//! Column conventions, the same on SQLite and PostgreSQL: instants are `BIGINT`
//! microseconds since the Unix epoch (see [`crate::timestamp`]), identifiers are UUIDs,
//! closed lists are their stable text codes.

use sea_orm_migration::prelude::*;

mod m20261126_000001_create_accounts;
mod m20261126_000002_create_sessions;
mod m20261126_000003_create_reset_codes;
mod m20261126_000004_create_sign_in_throttle;
mod m20261126_000005_create_outbox;
mod m20261126_000006_create_account_messages;
mod m20261126_000007_create_audit_events;
mod m20261201_000008_create_applications;
mod m20261201_000009_create_documents;
pub(crate) mod m20261202_000010_create_application_table_index;
pub(crate) mod m20261203_000011_name_search_index;
mod m20261203_000012_application_counts;
pub(crate) mod m20261203_000013_status_type_name_index;
mod m20261210_000014_sign_in_throttle_per_address;
mod m20261220_000015_create_email_changes;
mod m20261230_000016_draft_expiry_warning;
mod m20261231_000017_visa_processing;
mod m20270101_000018_casework;
mod m20270102_000019_enquiries;
mod m20270103_000020_standing;
mod m20270104_000021_name_search_index;
pub(crate) mod m20270105_000022_postgres_name_search;
pub(crate) mod m20270106_000023_name_suffixes;

/// Every migration of the portal's schema, oldest first.
#[derive(Debug)]
pub(crate) struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_create_accounts::Migration),
            Box::new(m20261126_000002_create_sessions::Migration),
            Box::new(m20261126_000003_create_reset_codes::Migration),
            Box::new(m20261126_000004_create_sign_in_throttle::Migration),
            Box::new(m20261126_000005_create_outbox::Migration),
            Box::new(m20261126_000006_create_account_messages::Migration),
            Box::new(m20261126_000007_create_audit_events::Migration),
            Box::new(m20261201_000008_create_applications::Migration),
            Box::new(m20261201_000009_create_documents::Migration),
            Box::new(m20261202_000010_create_application_table_index::Migration),
            Box::new(m20261203_000011_name_search_index::Migration),
            Box::new(m20261203_000012_application_counts::Migration),
            Box::new(m20261203_000013_status_type_name_index::Migration),
            Box::new(m20261210_000014_sign_in_throttle_per_address::Migration),
            Box::new(m20261220_000015_create_email_changes::Migration),
            Box::new(m20261230_000016_draft_expiry_warning::Migration),
            Box::new(m20261231_000017_visa_processing::Migration),
            Box::new(m20270101_000018_casework::Migration),
            Box::new(m20270102_000019_enquiries::Migration),
            Box::new(m20270103_000020_standing::Migration),
            Box::new(m20270104_000021_name_search_index::Migration),
            Box::new(m20270105_000022_postgres_name_search::Migration),
            Box::new(m20270106_000023_name_suffixes::Migration),
        ]
    }
}

/// The `accounts` table and the columns later migrations refer to.
#[derive(DeriveIden)]
pub(crate) enum Accounts {
    Table,
    Id,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    use sea_orm_migration::MigratorTrait;

    use super::Migrator;
    use crate::Database;

    #[tokio::test]
    async fn migration_17_carries_the_emergency_flag_over_to_the_visa_processing() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        let conn = db.connection();
        Migrator::up(conn, Some(16)).await.unwrap();
        // Rows as migration 16 left them; the owner is not needed for this check.
        conn.execute_unprepared("PRAGMA foreign_keys = OFF")
            .await
            .unwrap();
        let owner = uuid::Uuid::from_u128(7);
        let rows = [
            (1_u128, "visitor_visa", Some("visit"), true, None::<&str>),
            (2, "visitor_visa", Some("transit"), false, None),
            (3, "study_permit", None, false, None),
            (4, "refugee_claim", None, false, Some("new_in_canada")),
        ];
        for (id, app_type, purpose, emergency, origin) in rows {
            conn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "INSERT INTO applications (id, representative_id, group_id, role, app_type, \
                 visit_purpose, emergency, claim_origin, cbsa_file_number, \
                 questionnaire_version, applicant_name, applicant_name_folded, answers, \
                 status, number, created_at, last_saved_at, expires_on, submitted_at, \
                 has_unread, action_required, version) VALUES (?, ?, ?, 'principal', ?, ?, ?, \
                 ?, NULL, 1, 'A B', 'a b', '{}', 'in_progress', NULL, 0, 0, 60, NULL, 0, 0, 0)",
                [
                    uuid::Uuid::from_u128(id).into(),
                    owner.into(),
                    i64::try_from(id).unwrap().into(),
                    app_type.into(),
                    purpose.map(str::to_owned).into(),
                    emergency.into(),
                    origin.map(str::to_owned).into(),
                ],
            ))
            .await
            .unwrap();
        }

        Migrator::up(conn, None).await.unwrap();

        let processing = conn
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT visa_processing FROM applications ORDER BY group_id",
            ))
            .await
            .unwrap()
            .iter()
            .map(|row| {
                row.try_get::<Option<String>>("", "visa_processing")
                    .unwrap()
            })
            .collect::<Vec<_>>();
        assert_eq!(
            processing,
            [
                Some("emergency".to_owned()),
                Some("regular".to_owned()),
                None,
                None
            ]
        );
        let columns = conn
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT name FROM pragma_table_info('applications') WHERE name = 'emergency'",
            ))
            .await
            .unwrap();
        assert!(columns.is_empty(), "the emergency column is gone");
    }
}
