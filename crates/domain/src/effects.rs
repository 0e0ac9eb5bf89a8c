//! What a change causes besides the record it changes: mail, inbox messages, audit entries
//! and the account state that goes with it. A repository writes them in the same
//! transaction as the change, so each exists if and only if the change happened. Account
//! and application changes alike produce them.

use time::OffsetDateTime;

use crate::account::{AccountId, PendingEmailChange, ThrottleKey};
use crate::audit::AuditEvent;
use crate::enquiry::{Enquiry, ResolvedEnquiry};
use crate::mail::OutgoingMail;

/// A message for the account's inbox (F19), in the language of the account when made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountMessage {
    /// Whose inbox.
    pub account_id: AccountId,
    /// Subject, e.g. "Enrolment request submitted".
    pub subject: String,
    /// Body text.
    pub body: String,
    /// When it was sent.
    pub sent_at: OffsetDateTime,
    /// Whether it asks the owner to act (a request for documents at enrolment).
    pub asks_action: bool,
}

/// Everything a change causes besides the account row. The repository writes it in the
/// same transaction as the change, so a mail is queued if and only if the change happened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SideEffects {
    /// Mail to queue in the outbox.
    pub mails: Vec<OutgoingMail>,
    /// Messages to add to account inboxes.
    pub messages: Vec<AccountMessage>,
    /// Audit trail entries.
    pub audit: Vec<AuditEvent>,
    /// End every session of the changed account.
    pub end_sessions: bool,
    /// Delete the changed account's password reset code.
    pub delete_reset_code: bool,
    /// Clear the sign-in throttle kept under this key (for every address: every address's
    /// count of the email too).
    pub clear_throttle: Option<ThrottleKey>,
    /// Store this pending email change, replacing (voiding) the account's earlier one.
    pub store_email_change: Option<PendingEmailChange>,
    /// Delete the changed account's pending email change.
    pub delete_email_change: bool,
    /// Delete the changed account's draft applications with their document records
    /// (submitted applications are kept). The documents' bytes are the caller's to delete
    /// once the change is stored (see [`AccountRepository::draft_files`]).
    pub delete_drafts: bool,
    /// Store this new enquiry (a closure request) with its next reference number.
    pub store_enquiry: Option<Enquiry>,
    /// Resolve this enquiry with its reply (it must not be resolved yet).
    pub resolve_enquiry: Option<ResolvedEnquiry>,
}
