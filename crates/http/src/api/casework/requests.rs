//! The bodies of the casework actions.

use poem_openapi::Object;
use time::Date;

use crate::api::codes::{DocumentReviewCode, OutcomeCode, StepStateCode};

/// Receipt of an application.
#[derive(Debug, Object)]
pub struct ReceiveRequest {
    /// The day received (`yyyy-mm-dd`): not before the submission, not in the future.
    pub date_received: Date,
    /// The client's UCI: `0000-0000` or `00-0000-0000`.
    pub uci: String,
}

/// The client's biometrics.
#[derive(Debug, Object)]
pub struct BiometricsRequest {
    /// 6 to 20 letters and digits.
    pub number: String,
    /// The day they were taken.
    pub enrolment_date: Date,
    /// The last day they are valid (after the enrolment date).
    pub expiry_date: Date,
}

/// A processing step's new state.
#[derive(Debug, Object)]
pub struct StepRequest {
    /// The new state.
    pub state: StepStateCode,
}

/// A document's status.
#[derive(Debug, Object)]
pub struct DocumentStatusRequest {
    /// The new status.
    pub status: DocumentReviewCode,
}

/// A request for documents.
#[derive(Debug, Object)]
pub struct DocumentsRequest {
    /// What is asked for (up to 2,000 characters).
    pub description: String,
    /// The day it is due (after today).
    pub due_date: Date,
}

/// The decision.
#[derive(Debug, Object)]
pub struct DecisionRequest {
    /// Approved, refused or withdrawn.
    pub outcome: OutcomeCode,
}

/// A document issued after an approval.
#[derive(Debug, Object)]
pub struct IssueRequest {
    /// Its type, e.g. "Temporary resident visa" (up to 100 characters).
    pub document_type: String,
    /// Its number (up to 40 characters).
    pub number: String,
    /// The day it was issued (not in the future).
    pub date_issued: Date,
    /// The last day it is valid, if it has one (after the issue date).
    pub expiry_date: Option<Date>,
}
