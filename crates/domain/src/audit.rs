//! Audit trail entries (F28): who did what to which account or application, and when.

use time::OffsetDateTime;

use crate::account::AccountId;
use crate::application::ApplicationId;

/// A security-relevant or data-changing event, written in the same transaction as the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// When it happened.
    pub at: OffsetDateTime,
    /// The account that acted, when known.
    pub actor: Option<AccountId>,
    /// The account acted upon, when there is one.
    pub subject: Option<AccountId>,
    /// The application acted upon, when there is one.
    pub application: Option<ApplicationId>,
    /// What happened.
    pub action: AuditAction,
}

/// The kinds of audited events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    /// A representative asked to enrol.
    EnrolmentRequested,
    /// An enrolment was attempted with an email that already has an account.
    EnrolmentWithTakenEmail,
    /// An officer approved an enrolment.
    EnrolmentApproved,
    /// An officer rejected an enrolment.
    EnrolmentRejected,
    /// Someone signed in.
    SignedIn,
    /// A sign-in failed (wrong email or password, or a closed account).
    SignInFailed,
    /// Someone signed out.
    SignedOut,
    /// A password reset code was requested for an account.
    ResetCodeRequested,
    /// A password reset code was requested for an email with no account.
    ResetCodeRequestedUnknownEmail,
    /// A password was reset with a code.
    PasswordReset,
    /// A password was changed by its owner.
    PasswordChanged,
    /// Contact details were updated.
    ContactUpdated,
    /// The owner asked to change the account's email; a code went to the new address.
    EmailChangeRequested,
    /// The owner asked to change the account's email to one another account has; that
    /// account's owner was told instead of receiving a code.
    EmailChangeToTakenEmail,
    /// The new email was confirmed with its code and took effect.
    EmailChanged,
    /// The owner asked to close the account.
    ClosureRequested,
    /// An officer closed the account.
    AccountClosed,
    /// An officer account was created from the command line.
    OfficerCreated,
    /// An officer recorded that an application was received, with the client's UCI.
    ApplicationReceived,
    /// An officer recorded the client's biometrics.
    BiometricsRecorded,
    /// An officer moved a processing step.
    StepUpdated,
    /// An officer set the status of a submitted document.
    DocumentReviewed,
    /// An officer asked for more documents.
    DocumentsRequested,
    /// An officer recorded the decision.
    ApplicationDecided,
    /// An officer recorded an issued document.
    DocumentIssued,
    /// An officer closed an application.
    ApplicationClosed,
    /// The representative uploaded a document in answer to a request.
    RequestAnswered,
}

impl AuditAction {
    /// A stable name for storage and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EnrolmentRequested => "enrolment_requested",
            Self::EnrolmentWithTakenEmail => "enrolment_with_taken_email",
            Self::EnrolmentApproved => "enrolment_approved",
            Self::EnrolmentRejected => "enrolment_rejected",
            Self::SignedIn => "signed_in",
            Self::SignInFailed => "sign_in_failed",
            Self::SignedOut => "signed_out",
            Self::ResetCodeRequested => "reset_code_requested",
            Self::ResetCodeRequestedUnknownEmail => "reset_code_requested_unknown_email",
            Self::PasswordReset => "password_reset",
            Self::PasswordChanged => "password_changed",
            Self::ContactUpdated => "contact_updated",
            Self::EmailChangeRequested => "email_change_requested",
            Self::EmailChangeToTakenEmail => "email_change_to_taken_email",
            Self::EmailChanged => "email_changed",
            Self::ClosureRequested => "closure_requested",
            Self::AccountClosed => "account_closed",
            Self::OfficerCreated => "officer_created",
            Self::ApplicationReceived => "application_received",
            Self::BiometricsRecorded => "biometrics_recorded",
            Self::StepUpdated => "step_updated",
            Self::DocumentReviewed => "document_reviewed",
            Self::DocumentsRequested => "documents_requested",
            Self::ApplicationDecided => "application_decided",
            Self::DocumentIssued => "document_issued",
            Self::ApplicationClosed => "application_closed",
            Self::RequestAnswered => "request_answered",
        }
    }
}
