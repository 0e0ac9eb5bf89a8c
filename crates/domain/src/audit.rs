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
    /// The enquiry acted upon, when there is one.
    pub enquiry: Option<crate::enquiry::EnquiryId>,
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
    /// A representative started an application.
    ApplicationCreated,
    /// A representative saved a section of a draft.
    ApplicationSaved,
    /// A representative submitted an application.
    ApplicationSubmitted,
    /// A representative deleted a draft.
    ApplicationDeleted,
    /// A draft past its last day was deleted by the expiry job.
    ApplicationExpired,
    /// A document was uploaded to a draft.
    DocumentUploaded,
    /// A document was downloaded.
    DocumentDownloaded,
    /// A representative sent an enquiry through the web form.
    EnquirySubmitted,
    /// An officer replied to an enquiry.
    EnquiryReplied,
    /// An officer resolved an enquiry (applying a change it asked for).
    EnquiryResolved,
    /// An officer asked an enrolling representative for more documents.
    EnrolmentDocumentsRequested,
    /// An officer recorded a representative's standing with their governing body.
    StandingUpdated,
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
            Self::ApplicationCreated => "application_created",
            Self::ApplicationSaved => "application_saved",
            Self::ApplicationSubmitted => "application_submitted",
            Self::ApplicationDeleted => "application_deleted",
            Self::ApplicationExpired => "application_expired",
            Self::DocumentUploaded => "document_uploaded",
            Self::DocumentDownloaded => "document_downloaded",
            Self::EnquirySubmitted => "enquiry_submitted",
            Self::EnquiryReplied => "enquiry_replied",
            Self::EnquiryResolved => "enquiry_resolved",
            Self::EnrolmentDocumentsRequested => "enrolment_documents_requested",
            Self::StandingUpdated => "standing_updated",
        }
    }

    /// Every kind, for filters and the API's list of codes.
    pub const ALL: [Self; 39] = [
        Self::EnrolmentRequested,
        Self::EnrolmentWithTakenEmail,
        Self::EnrolmentApproved,
        Self::EnrolmentRejected,
        Self::SignedIn,
        Self::SignInFailed,
        Self::SignedOut,
        Self::ResetCodeRequested,
        Self::ResetCodeRequestedUnknownEmail,
        Self::PasswordReset,
        Self::PasswordChanged,
        Self::ContactUpdated,
        Self::EmailChangeRequested,
        Self::EmailChangeToTakenEmail,
        Self::EmailChanged,
        Self::ClosureRequested,
        Self::AccountClosed,
        Self::OfficerCreated,
        Self::ApplicationReceived,
        Self::BiometricsRecorded,
        Self::StepUpdated,
        Self::DocumentReviewed,
        Self::DocumentsRequested,
        Self::ApplicationDecided,
        Self::DocumentIssued,
        Self::ApplicationClosed,
        Self::RequestAnswered,
        Self::ApplicationCreated,
        Self::ApplicationSaved,
        Self::ApplicationSubmitted,
        Self::ApplicationDeleted,
        Self::ApplicationExpired,
        Self::DocumentUploaded,
        Self::DocumentDownloaded,
        Self::EnquirySubmitted,
        Self::EnquiryReplied,
        Self::EnquiryResolved,
        Self::EnrolmentDocumentsRequested,
        Self::StandingUpdated,
    ];

    /// Parses a stable name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == raw.trim())
    }
}

/// An entry of the audit trail as stored: the event, its identifier and the client address
/// of the request that caused it (`None` for background jobs and the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Identifier, in the order entries were written.
    pub id: uuid::Uuid,
    /// The event.
    pub event: AuditEvent,
    /// The client's IP address.
    pub client_address: Option<String>,
}

/// A search of the audit trail; every filter is optional, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditQuery {
    /// Entries that name this account as actor or subject.
    pub account: Option<AccountId>,
    /// Entries about this application.
    pub application: Option<ApplicationId>,
    /// Entries of this kind.
    pub action: Option<AuditAction>,
    /// Entries at or after this instant.
    pub from: Option<OffsetDateTime>,
    /// Entries before this instant.
    pub until: Option<OffsetDateTime>,
    /// Page, 1-based.
    pub page: u32,
    /// Entries per page (one of [`crate::application::PAGE_SIZES`]).
    pub per_page: u32,
}

/// The audit trail's reads, and the writes of events that change nothing else (a download).
/// Every other event is written by the repository of the change, in its transaction.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait::async_trait]
pub trait AuditTrail: Send + Sync {
    /// Appends events that record no change (a download).
    async fn append(&self, events: &[AuditEvent]) -> Result<(), crate::RepositoryError>;

    /// One page of matching entries, newest first, with the exact total.
    async fn search(
        &self,
        query: &AuditQuery,
    ) -> Result<(u64, Vec<AuditEntry>), crate::RepositoryError>;
}

/// Where the request being served comes from. The storage adapters ask it for the client
/// address they write beside each audit entry; the HTTP layer answers for the request it is
/// serving, and background work has none.
pub trait RequestOrigin: Send + Sync {
    /// The client's IP address, when a client request is being served.
    fn client_address(&self) -> Option<String>;
}

/// No request: background jobs, the command line and tests.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoRequest;

impl RequestOrigin for NoRequest {
    fn client_address(&self) -> Option<String> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_name_that_parses_back() {
        let mut names: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), AuditAction::ALL.len());
    }
}

/// Why the audit trail could not be read.
#[derive(Debug, thiserror::Error)]
pub enum AuditSearchError {
    /// Only officers search the whole trail.
    #[error("only officers may search the audit trail")]
    Forbidden,
    /// A paging value or the date range is invalid.
    #[error("{0}")]
    Invalid(&'static str),
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] crate::error::UnexpectedError),
}

impl From<crate::RepositoryError> for AuditSearchError {
    fn from(e: crate::RepositoryError) -> Self {
        Self::Unexpected(e.into())
    }
}

/// The audit trail's use cases (F28): officers search it; every account lists its own.
#[derive(Clone)]
pub struct AuditService {
    trail: std::sync::Arc<dyn AuditTrail>,
}

impl std::fmt::Debug for AuditService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditService").finish_non_exhaustive()
    }
}

impl AuditService {
    /// The service over the trail.
    pub fn new(trail: std::sync::Arc<dyn AuditTrail>) -> Self {
        Self { trail }
    }

    fn check(query: &AuditQuery) -> Result<(), AuditSearchError> {
        if query.page == 0 {
            return Err(AuditSearchError::Invalid("page starts at 1"));
        }
        if !crate::application::PAGE_SIZES.contains(&query.per_page) {
            return Err(AuditSearchError::Invalid(
                "items per page is 5, 10, 25, 50 or 100",
            ));
        }
        if let (Some(from), Some(until)) = (query.from, query.until)
            && until <= from
        {
            return Err(AuditSearchError::Invalid(
                "the end of the date range must come after its start",
            ));
        }
        Ok(())
    }

    /// One page of the whole trail, for an officer.
    pub async fn search(
        &self,
        officer: &crate::account::Account,
        query: AuditQuery,
    ) -> Result<crate::paging::Page<AuditEntry>, AuditSearchError> {
        if !officer.is_acting_officer() {
            return Err(AuditSearchError::Forbidden);
        }
        self.page(query).await
    }

    /// One page of the entries that name `account` as actor or subject, for its owner.
    pub async fn own(
        &self,
        account: AccountId,
        page: u32,
        per_page: u32,
    ) -> Result<crate::paging::Page<AuditEntry>, AuditSearchError> {
        self.page(AuditQuery {
            account: Some(account),
            application: None,
            action: None,
            from: None,
            until: None,
            page,
            per_page,
        })
        .await
    }

    async fn page(
        &self,
        query: AuditQuery,
    ) -> Result<crate::paging::Page<AuditEntry>, AuditSearchError> {
        Self::check(&query)?;
        let (total, items) = self.trail.search(&query).await?;
        Ok(crate::paging::Page {
            items,
            total,
            page: query.page,
            per_page: query.per_page,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod service_tests {
    use std::sync::Arc;

    use super::*;

    fn query() -> AuditQuery {
        AuditQuery {
            account: None,
            application: None,
            action: None,
            from: None,
            until: None,
            page: 1,
            per_page: 25,
        }
    }

    #[tokio::test]
    async fn only_officers_search_and_bad_ranges_are_refused_before_reading() {
        let service = AuditService::new(Arc::new(MockAuditTrail::new()));
        let representative = crate::application::test_support::approved_representative();
        assert!(matches!(
            service.search(&representative, query()).await,
            Err(AuditSearchError::Forbidden)
        ));
        let officer = crate::application::test_support::officer();
        let now = crate::application::test_support::NOW;
        let backwards = AuditQuery {
            from: Some(now),
            until: Some(now),
            ..query()
        };
        assert!(matches!(
            service.search(&officer, backwards).await,
            Err(AuditSearchError::Invalid(_))
        ));
        let odd_size = AuditQuery {
            per_page: 7,
            ..query()
        };
        assert!(matches!(
            service.search(&officer, odd_size).await,
            Err(AuditSearchError::Invalid(_))
        ));
    }

    #[tokio::test]
    async fn an_account_lists_the_entries_that_name_it() {
        let mut trail = MockAuditTrail::new();
        let me = crate::application::test_support::owner();
        trail
            .expect_search()
            .withf(move |q| q.account == Some(me) && q.action.is_none() && q.page == 2)
            .times(1)
            .returning(|_| Ok((7, Vec::new())));
        let page = AuditService::new(Arc::new(trail))
            .own(me, 2, 5)
            .await
            .unwrap();
        assert_eq!((page.total, page.page, page.per_page), (7, 2, 5));
    }
}
