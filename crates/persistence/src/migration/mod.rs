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
        ]
    }
}

/// The `accounts` table and the columns later migrations refer to.
#[derive(DeriveIden)]
pub(crate) enum Accounts {
    Table,
    Id,
}
