//! Storage for the Representative Portal on SQLite or PostgreSQL: the schema and its
//! migrations, and the adapters of the domain's storage ports.
//!
//! Open a [`Database`], [`migrate`](Database::migrate) it, then hand its adapters to the
//! domain:
//!
//! ```no_run
//! # async fn run() -> Result<(), portal_persistence::DatabaseError> {
//! let db = portal_persistence::Database::connect("sqlite://portal.db?mode=rwc").await?;
//! db.migrate().await?;
//! let accounts = db.accounts(); // impl portal_domain::account::AccountRepository
//! let outbox = db.outbox(); // impl portal_domain::mail::OutboxQueue
//! let applications = db.applications(); // impl portal_domain::application::ApplicationRepository
//! let documents = db.documents(); // impl portal_domain::application::DocumentRepository
//! let store = portal_persistence::LocalDocumentStore::new("data/documents");
//! # let _ = (accounts, outbox, applications, documents, store);
//! # Ok(())
//! # }
//! ```
//!
//! Instants are stored as integer microseconds since the Unix epoch (see the `timestamp`
//! module for why). The sea-orm entities stay private: rows become domain values through
//! `TryFrom`, and a row that does not convert is a [`RepositoryError`], never skipped.
//!
//! [`RepositoryError`]: portal_domain::RepositoryError

mod accounts;
mod applications;
mod audit;
mod cases;
mod coalesce;
mod counters;
mod database;
mod days;
mod document_store;
mod documents;
mod effects;
mod email_changes;
mod enquiries;
mod entity;
mod error;
mod fold;
mod inbox;
mod migration;
mod outbox;
mod plan_cache;
mod reads;
mod reset_codes;
pub mod seed;
mod sessions;
mod throttle;
mod timestamp;
mod transaction;

pub use accounts::SeaOrmAccountRepository;
pub use applications::SeaOrmApplicationRepository;
pub use audit::SeaOrmAuditTrail;
pub use cases::SeaOrmCaseworkRepository;
pub use database::Database;
pub use document_store::LocalDocumentStore;
pub use documents::SeaOrmDocumentRepository;
pub use email_changes::SeaOrmEmailChangeStore;
pub use enquiries::SeaOrmEnquiryRepository;
pub use error::DatabaseError;
pub use inbox::SeaOrmInboxStore;
pub use outbox::SeaOrmOutboxQueue;
pub use reset_codes::SeaOrmResetCodeStore;
pub use sessions::SeaOrmSessionStore;
pub use throttle::SeaOrmThrottleStore;
