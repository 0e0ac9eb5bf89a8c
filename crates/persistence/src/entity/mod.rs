//! The sea-orm entities: one module per table, private to this crate. Rows become domain
//! types in the adapter modules through `TryFrom`; nothing outside the crate sees them.
//!
//! Every instant is an `i64` of microseconds since the Unix epoch, UTC (see
//! [`crate::timestamp`]).

pub(crate) mod account_messages;
pub(crate) mod accounts;
pub(crate) mod application_messages;
pub(crate) mod applications;
pub(crate) mod audit_events;
pub(crate) mod document_requests;
pub(crate) mod document_reviews;
pub(crate) mod documents;
pub(crate) mod email_changes;
pub(crate) mod enquiries;
pub(crate) mod enquiry_documents;
pub(crate) mod enquiry_replies;
pub(crate) mod issued_documents;
pub(crate) mod outbox;
pub(crate) mod reset_codes;
pub(crate) mod sessions;
pub(crate) mod sign_in_throttle;
