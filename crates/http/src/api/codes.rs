//! The closed lists of codes the API accepts (types, statuses, sort columns, page sizes),
//! declared as enumerations so that the OpenAPI document lists every allowed value, and
//! their translation to the domain's values.

mod lists;

use poem_openapi::Enum;
use portal_domain::account::{AccountStatusKind, Language, Standing};
use portal_domain::application::{
    ApplicationStatus, ApplicationType, DocumentReview, Outcome, SortColumn, SortDirection, Step,
    StepState,
};
use portal_domain::audit::AuditAction;

pub use lists::{
    ApplicationTypes, ClaimOrigins, Code, EmailUpdateChoices, GoverningBodies, Languages, PageSize,
    TelephoneCountries, TelephoneTypes, VisaProcessings, VisitPurposes,
};

/// An application type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "ApplicationType")]
pub enum ApplicationTypeCode {
    /// Visitor visa (visit or transit).
    VisitorVisa,
    /// Study permit.
    StudyPermit,
    /// In-Canada refugee claim.
    RefugeeClaim,
}

/// An application status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "ApplicationStatus")]
pub enum ApplicationStatusCode {
    /// Started, not yet submitted.
    InProgress,
    /// Submitted, not yet received.
    Submitted,
    /// Received by the department and being processed.
    Received,
    /// Decided.
    Decided,
    /// Closed.
    Closed,
}

/// A representative's standing with their governing body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "Standing")]
pub enum StandingCode {
    /// In good standing.
    Good,
    /// Suspended.
    Suspended,
    /// Revoked.
    Revoked,
}

/// A processing step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "Step")]
pub enum StepCode {
    /// Review of eligibility.
    Eligibility,
    /// Biometrics.
    Biometrics,
    /// Medical exam.
    Medical,
    /// Interview.
    Interview,
    /// Background check.
    BackgroundCheck,
    /// Final decision.
    FinalDecision,
}

/// The state of a processing step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "StepState")]
pub enum StepStateCode {
    /// Not started.
    NotStarted,
    /// In progress.
    InProgress,
    /// Completed.
    Completed,
    /// Not required.
    NotRequired,
}

/// The department's status of a submitted document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "DocumentReview")]
pub enum DocumentReviewCode {
    /// Received.
    Received,
    /// Reviewed.
    Reviewed,
    /// Further information needed.
    FurtherInformationNeeded,
}

/// The decision on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "Outcome")]
pub enum OutcomeCode {
    /// Approved.
    Approved,
    /// Refused.
    Refused,
    /// Withdrawn.
    Withdrawn,
}

/// A kind of audit entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "AuditAction")]
pub enum AuditActionCode {
    /// Enrolment requested.
    EnrolmentRequested,
    /// Enrolment with taken email.
    EnrolmentWithTakenEmail,
    /// Enrolment approved.
    EnrolmentApproved,
    /// Enrolment rejected.
    EnrolmentRejected,
    /// Signed in.
    SignedIn,
    /// Sign in failed.
    SignInFailed,
    /// Signed out.
    SignedOut,
    /// Reset code requested.
    ResetCodeRequested,
    /// Reset code requested unknown email.
    ResetCodeRequestedUnknownEmail,
    /// Password reset.
    PasswordReset,
    /// Password changed.
    PasswordChanged,
    /// Contact updated.
    ContactUpdated,
    /// Email change requested.
    EmailChangeRequested,
    /// Email change to taken email.
    EmailChangeToTakenEmail,
    /// Email changed.
    EmailChanged,
    /// Closure requested.
    ClosureRequested,
    /// Account closed.
    AccountClosed,
    /// Officer created.
    OfficerCreated,
    /// Application received.
    ApplicationReceived,
    /// Biometrics recorded.
    BiometricsRecorded,
    /// Step updated.
    StepUpdated,
    /// Document reviewed.
    DocumentReviewed,
    /// Documents requested.
    DocumentsRequested,
    /// Application decided.
    ApplicationDecided,
    /// Document issued.
    DocumentIssued,
    /// Application closed.
    ApplicationClosed,
    /// Request answered.
    RequestAnswered,
    /// Application created.
    ApplicationCreated,
    /// Application saved.
    ApplicationSaved,
    /// Application submitted.
    ApplicationSubmitted,
    /// Application deleted.
    ApplicationDeleted,
    /// Application expired.
    ApplicationExpired,
    /// Document uploaded.
    DocumentUploaded,
    /// Document downloaded.
    DocumentDownloaded,
    /// Enquiry submitted.
    EnquirySubmitted,
    /// Enquiry replied.
    EnquiryReplied,
    /// Enquiry resolved.
    EnquiryResolved,
    /// Enrolment documents requested.
    EnrolmentDocumentsRequested,
    /// Standing updated.
    StandingUpdated,
}

/// A column of "My client applications" to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "SortColumn")]
pub enum SortCode {
    /// The group number (the "ID" column).
    Id,
    /// Application type.
    #[oai(rename = "type")]
    ApplicationType,
    /// Applicant name.
    ApplicantName,
    /// Application number.
    ApplicationNumber,
    /// Date created.
    DateCreated,
    /// Date last saved.
    DateLastSaved,
    /// Days left to submit.
    DaysLeft,
    /// Date submitted.
    DateSubmitted,
    /// Status.
    Status,
}

/// A sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(remote = "SortDirection")]
pub enum OrderCode {
    /// Smallest first.
    #[oai(rename = "asc")]
    Ascending,
    /// Largest first.
    #[oai(rename = "desc")]
    Descending,
}

/// The status of a representative's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", remote = "AccountStatusKind")]
pub enum AccountStatusCode {
    /// Enrolled, waiting for an officer.
    Pending,
    /// Approved: may sign in and start applications.
    Approved,
    /// Enrolment rejected.
    Rejected,
    /// The representative asked for the account to be closed.
    ClosureRequested,
    /// Closed.
    Closed,
}

/// A language code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(remote = "Language")]
pub enum LanguageCode {
    /// English.
    #[oai(rename = "en")]
    English,
    /// French.
    #[oai(rename = "fr")]
    French,
}

#[cfg(test)]
mod tests;
