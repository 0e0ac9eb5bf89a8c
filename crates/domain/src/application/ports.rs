//! The ports the application use cases need. Every read and write names the owning
//! representative: an application of someone else is "not found", never their data.

use async_trait::async_trait;
use time::{Date, OffsetDateTime};

use super::case::{ApplicationMessage, CaseFile, MessageId, RequestId};
use super::documents::{Document, DocumentId};
use super::model::Application;
use super::search::{ApplicationQuery, ApplicationSummary};
use super::values::{ApplicationId, ApplicationNumber, GroupId};
use crate::account::AccountId;
use crate::effects::SideEffects;
use crate::error::RepositoryError;

/// Why a change to stored applications was refused.
#[derive(Debug, thiserror::Error)]
pub enum SaveApplicationError {
    /// No such application of this owner.
    #[error("the application does not exist")]
    NotFound,
    /// Changed meanwhile (version differs), or no longer a draft.
    #[error("the application was changed meanwhile")]
    Conflict,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] RepositoryError),
}

/// Stored applications.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ApplicationRepository: Send + Sync {
    /// Reserves a new group number; numbers are never handed out twice.
    async fn next_group_id(&self) -> Result<GroupId, RepositoryError>;

    /// Stores new applications (one group) with `effects`, in one transaction.
    async fn insert(
        &self,
        applications: &[Application],
        effects: &SideEffects,
    ) -> Result<(), RepositoryError>;

    /// The owner's application with this id.
    async fn find(
        &self,
        owner: AccountId,
        id: ApplicationId,
    ) -> Result<Option<Application>, RepositoryError>;

    /// The owner's application with this number.
    async fn find_by_number(
        &self,
        owner: AccountId,
        number: &ApplicationNumber,
    ) -> Result<Option<Application>, RepositoryError>;

    /// The owner's applications of a group, principal first.
    async fn find_group(
        &self,
        owner: AccountId,
        group: GroupId,
    ) -> Result<Vec<Application>, RepositoryError>;

    /// Saves a draft's answers, applicant name and last-saved time if its stored version is
    /// still `application.version` (which then becomes `version + 1`).
    /// MUST return `NotFound` for another owner's or a missing application, and
    /// `Conflict` when the version differs or it is no longer a draft.
    /// `effects` are written in the same transaction, only if the save happens.
    async fn save(
        &self,
        application: &Application,
        effects: &SideEffects,
    ) -> Result<(), SaveApplicationError>;

    /// Submits drafts together in one transaction: each gets the next number of its type's
    /// letter (from a sequence that never reuses a number), status submitted and
    /// `submitted_at`; returns the numbers in the order given. MUST return `Conflict` and
    /// write nothing if any of them changed (version) or is no longer a draft.
    /// `effects` are written in the same transaction, only if the submission happens.
    async fn submit(
        &self,
        applications: &[Application],
        submitted_at: OffsetDateTime,
        effects: &SideEffects,
    ) -> Result<Vec<ApplicationNumber>, SaveApplicationError>;

    /// Deletes the owner's drafts among `ids` (submitted ones are never deleted), with their
    /// document records; returns how many applications were deleted.
    /// Audit entries of `effects` about an application that was not deleted are not written.
    async fn delete_drafts(
        &self,
        owner: AccountId,
        ids: &[ApplicationId],
        effects: &SideEffects,
    ) -> Result<u64, RepositoryError>;

    /// One page of the owner's applications matching the query, with the exact total.
    /// The name filter ignores case and accents.
    async fn search(
        &self,
        owner: AccountId,
        query: &ApplicationQuery,
    ) -> Result<(u64, Vec<ApplicationSummary>), RepositoryError>;

    /// Drafts whose last day is before `today`, oldest first, at most `limit`.
    async fn expired_drafts(
        &self,
        today: Date,
        limit: u32,
    ) -> Result<Vec<Application>, RepositoryError>;

    /// Drafts whose owner was not yet warned and whose last day is `last_day_by` or
    /// earlier, soonest first, at most `limit` (F12).
    async fn drafts_to_warn(
        &self,
        last_day_by: Date,
        limit: u32,
    ) -> Result<Vec<Application>, RepositoryError>;

    /// Records that the owner of the draft `id` was warned at `at`, with the warning's
    /// side effects, in one transaction, if it is still a draft not yet warned; returns
    /// whether it was (so each draft is warned once, however many workers run).
    async fn mark_expiry_warned(
        &self,
        id: ApplicationId,
        at: OffsetDateTime,
        effects: &SideEffects,
    ) -> Result<bool, RepositoryError>;

    /// The case file of the owner's submitted application (F17); `None` for a draft, a
    /// missing application or another owner's.
    async fn case_file(
        &self,
        owner: AccountId,
        id: ApplicationId,
    ) -> Result<Option<CaseFile>, RepositoryError>;

    /// Marks a message about the owner's application read at `at` if it is unread, and
    /// recomputes the application's "unread" and "action required" flags in the same
    /// transaction; returns the message as it now stands, or `None` when the owner has no
    /// such message.
    async fn open_message(
        &self,
        owner: AccountId,
        application: ApplicationId,
        message: MessageId,
        at: OffsetDateTime,
    ) -> Result<Option<ApplicationMessage>, RepositoryError>;

    /// Stores a document uploaded in answer to an open request of the owner's application,
    /// marks the request answered at the upload time, recomputes the flags and writes
    /// `effects`, in one transaction. MUST return `NotFound` for another owner's application
    /// and `Conflict`, writing nothing, when the request is no longer open.
    async fn answer_request(
        &self,
        owner: AccountId,
        document: &Document,
        request: RequestId,
        effects: &SideEffects,
    ) -> Result<(), SaveApplicationError>;
}

/// Records of uploaded documents.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait DocumentRepository: Send + Sync {
    /// Stores a document record with `effects`, in one transaction.
    async fn insert(
        &self,
        document: &Document,
        effects: &SideEffects,
    ) -> Result<(), RepositoryError>;

    /// The documents of an application, oldest first.
    async fn list(&self, application: ApplicationId) -> Result<Vec<Document>, RepositoryError>;

    /// One document of an application.
    async fn find(
        &self,
        application: ApplicationId,
        id: DocumentId,
    ) -> Result<Option<Document>, RepositoryError>;
}

/// Why the document store failed.
#[derive(Debug, thiserror::Error)]
pub enum DocumentStoreError {
    /// No file under that name.
    #[error("no stored document has this name")]
    NotFound,
    /// The store failed.
    #[error("document storage failed: {0}")]
    Unexpected(String),
}

/// Where document bytes live, under names the portal generates.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait DocumentStore: Send + Sync {
    /// Stores bytes under a generated name (letters, digits and hyphens only).
    async fn put(&self, name: &str, bytes: &[u8]) -> Result<(), DocumentStoreError>;

    /// The bytes stored under the name.
    async fn get(&self, name: &str) -> Result<Vec<u8>, DocumentStoreError>;

    /// Removes the bytes; a missing name is not an error.
    async fn delete(&self, name: &str) -> Result<(), DocumentStoreError>;
}
