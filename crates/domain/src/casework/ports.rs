//! The department's port to submitted applications. Unlike the representative's
//! `ApplicationRepository`, it is not scoped by owner: officers work on every submitted
//! application, and only the casework service (which checks the officer) uses it.

use async_trait::async_trait;
use time::{Date, OffsetDateTime};

use crate::account::AccountId;
use crate::application::{
    ApplicationId, ApplicationMessage, ApplicationNumber, ApplicationState, ApplicationStatus,
    ApplicationType, CaseDetails, CaseFile, DocumentId, DocumentRequest, DocumentReview,
    IssuedDocument, SaveApplicationError,
};
use crate::effects::SideEffects;
use crate::error::RepositoryError;

/// The officers' search of submitted applications: every filter is optional; newest
/// submission first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseQuery {
    /// Exactly this application number.
    pub number: Option<ApplicationNumber>,
    /// Only this stage (never in progress: drafts are the representative's own).
    pub status: Option<ApplicationStatus>,
    /// Only this type.
    pub application_type: Option<ApplicationType>,
    /// Only this representative's applications.
    pub representative: Option<AccountId>,
    /// Only applications waiting for the representative ("Action required").
    pub action_required: Option<bool>,
    /// Page, 1-based.
    pub page: u32,
    /// Rows per page (one of [`crate::application::PAGE_SIZES`]).
    pub per_page: u32,
}

/// One row of the officers' list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    /// The application.
    pub id: ApplicationId,
    /// Its number.
    pub number: ApplicationNumber,
    /// Its type.
    pub application_type: ApplicationType,
    /// The applicant.
    pub applicant_name: String,
    /// The representative who submitted it.
    pub representative_id: AccountId,
    /// Its stage.
    pub status: ApplicationStatus,
    /// When it was submitted.
    pub submitted_at: OffsetDateTime,
    /// When it was received, once received.
    pub received_on: Option<Date>,
    /// Whether it waits for the representative.
    pub action_required: bool,
}

/// One officer action, as stored: the application's new stage and details (written only if
/// its version is still `version`), what the action adds, the message to the representative
/// and the side effects (mail, audit). All of it is written in one transaction, and the
/// application's "unread" and "action required" flags are recomputed in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseChange {
    /// The application.
    pub application_id: ApplicationId,
    /// The version the action was decided on; it becomes `version + 1`.
    pub version: i64,
    /// The new stage.
    pub state: ApplicationState,
    /// The new client information and steps.
    pub details: CaseDetails,
    /// A document's new status.
    pub review: Option<(DocumentId, DocumentReview)>,
    /// A new document request.
    pub request: Option<DocumentRequest>,
    /// A new issued document.
    pub issued: Option<IssuedDocument>,
    /// The message the representative reads on the status page.
    pub message: ApplicationMessage,
    /// Mail and audit entries.
    pub effects: SideEffects,
}

/// Submitted applications, for the department.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait CaseworkRepository: Send + Sync {
    /// One page of submitted applications matching the query, with the exact total.
    async fn search(&self, query: &CaseQuery) -> Result<(u64, Vec<CaseSummary>), RepositoryError>;

    /// The case file of a submitted application; `None` for a draft or a missing one.
    async fn find(&self, id: ApplicationId) -> Result<Option<CaseFile>, RepositoryError>;

    /// Writes an officer action. MUST return `NotFound` for a missing application and
    /// `Conflict`, writing nothing, when its version is no longer `change.version`.
    async fn record(&self, change: &CaseChange) -> Result<(), SaveApplicationError>;
}
