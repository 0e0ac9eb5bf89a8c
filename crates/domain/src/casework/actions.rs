//! The officer actions on a submitted application and the rules of its lifecycle: received,
//! then decided, then closed, in that order; nothing changes once it is closed.

use time::Date;
use uuid::Uuid;

use crate::application::{
    ApplicationState, Biometrics, CaseDetails, CaseFile, Decision, DocumentId, DocumentRequest,
    DocumentReview, IssuedDocument, IssuedDocumentId, Outcome, RequestId, Step, StepState, Uci,
};
use crate::audit::AuditAction;

/// Longest document request text, in characters.
pub const MAX_REQUEST_CHARS: usize = 2000;

/// One thing an officer does to a submitted application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseAction {
    /// Record the day it was received and the client's UCI.
    Receive {
        /// The day received (not in the future, not before submission).
        received_on: Date,
        /// The client's UCI.
        uci: Uci,
    },
    /// Record the client's biometrics.
    RecordBiometrics(Biometrics),
    /// Move a processing step.
    SetStep {
        /// The step.
        step: Step,
        /// Its new state.
        state: StepState,
    },
    /// Set a submitted document's status.
    ReviewDocument {
        /// The document.
        document: DocumentId,
        /// Its status.
        review: DocumentReview,
    },
    /// Ask for more documents by a due date: a message that asks for action and opens an
    /// upload slot.
    RequestDocuments {
        /// What is asked for.
        description: String,
        /// The day it is due (after today).
        due_on: Date,
    },
    /// Record the decision.
    Decide(Outcome),
    /// Record a document issued after an approval.
    Issue {
        /// Its type, e.g. "Temporary resident visa".
        document_type: String,
        /// Its number.
        number: String,
        /// The day it was issued (not in the future).
        issued_on: Date,
        /// The last day it is valid, when it has one (after `issued_on`).
        expires_on: Option<Date>,
    },
    /// Close the file.
    Close,
}

/// Why an action makes no sense for the application as it stands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseRefusal {
    /// The application is closed; nothing changes any more.
    #[error("the application is closed and can no longer change")]
    Closed,
    /// It must be received first.
    #[error("the application has not been received yet")]
    NotReceived,
    /// It was already received.
    #[error("the application was already received")]
    AlreadyReceived,
    /// It was already decided.
    #[error("the application was already decided")]
    AlreadyDecided,
    /// It must be decided first.
    #[error("the application has not been decided yet")]
    NotDecided,
    /// Documents are issued only after an approval.
    #[error("documents are issued only for an approved application")]
    NotApproved,
    /// The date received is in the future or before the submission.
    #[error("the date received must be between the date submitted and today")]
    ReceivedOn,
    /// The due date is today or earlier.
    #[error("the due date must be after today")]
    DueDate,
    /// The request text is empty, too long or has control characters.
    #[error("describe the documents requested in 1 to {MAX_REQUEST_CHARS} characters")]
    Description,
    /// The issued document's type or number is empty, too long or has control characters.
    #[error("an issued document needs a type (up to 100 characters) and a number (up to 40)")]
    IssuedDocument,
    /// The issue date is in the future, or the expiry is not after it.
    #[error("the issue date must not be in the future and the expiry must come after it")]
    IssuedDates,
    /// The application has no such document.
    #[error("the application has no such document")]
    NoSuchDocument,
    /// The representative's account is closed: no message can be sent to it.
    #[error("the representative's account is closed; it can receive no message")]
    AccountClosed,
}

/// What an action changes, before it is turned into a message and stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Applied {
    pub(crate) state: ApplicationState,
    pub(crate) details: CaseDetails,
    pub(crate) review: Option<(DocumentId, DocumentReview)>,
    pub(crate) request: Option<DocumentRequest>,
    pub(crate) issued: Option<IssuedDocument>,
    pub(crate) audit: AuditAction,
}

fn clean_text(raw: &str, max: usize, multi_line: bool) -> Option<String> {
    let checked = if multi_line {
        crate::text::multi_line(raw)
    } else {
        crate::text::one_line(raw)
    };
    let value = checked.ok()?.trim();
    (!value.is_empty() && value.chars().count() <= max).then(|| value.to_owned())
}

/// Applies `action` to `case` on UTC day `today`; `now` stamps a new request and `new_id`
/// names it or the issued document.
pub(crate) fn apply(
    case: &CaseFile,
    action: CaseAction,
    now: time::OffsetDateTime,
    new_id: impl FnOnce() -> Uuid,
) -> Result<Applied, CaseRefusal> {
    let today = now.to_offset(time::UtcOffset::UTC).date();
    let state = &case.application.state;
    let mut applied = Applied {
        state: state.clone(),
        details: case.details.clone(),
        review: None,
        request: None,
        issued: None,
        audit: AuditAction::StepUpdated,
    };
    let submission = match state {
        ApplicationState::Draft { .. } => return Err(CaseRefusal::NotReceived),
        ApplicationState::Closed { .. } => return Err(CaseRefusal::Closed),
        ApplicationState::Submitted(s)
        | ApplicationState::Received { submission: s, .. }
        | ApplicationState::Decided { submission: s, .. } => s.clone(),
    };
    let received = state.received_on();
    let decision = state.decision();
    match action {
        CaseAction::Receive { received_on, uci } => {
            if received.is_some() {
                return Err(CaseRefusal::AlreadyReceived);
            }
            let submitted_on = submission
                .submitted_at
                .to_offset(time::UtcOffset::UTC)
                .date();
            if received_on > today || received_on < submitted_on {
                return Err(CaseRefusal::ReceivedOn);
            }
            applied.state = ApplicationState::Received {
                submission,
                received_on,
            };
            applied.details.uci = Some(uci);
            applied.audit = AuditAction::ApplicationReceived;
        }
        CaseAction::RecordBiometrics(biometrics) => {
            require_received_undecided(received, decision)?;
            applied.details.biometrics = Some(biometrics);
            applied.audit = AuditAction::BiometricsRecorded;
        }
        CaseAction::SetStep { step, state } => {
            require_received_undecided(received, decision)?;
            applied.details.steps.set(step, state);
            applied.audit = AuditAction::StepUpdated;
        }
        CaseAction::ReviewDocument { document, review } => {
            if !case.documents.iter().any(|d| d.document.id == document) {
                return Err(CaseRefusal::NoSuchDocument);
            }
            applied.review = Some((document, review));
            applied.audit = AuditAction::DocumentReviewed;
        }
        CaseAction::RequestDocuments {
            description,
            due_on,
        } => {
            if decision.is_some() {
                return Err(CaseRefusal::AlreadyDecided);
            }
            let description = clean_text(&description, MAX_REQUEST_CHARS, true)
                .ok_or(CaseRefusal::Description)?;
            if due_on <= today {
                return Err(CaseRefusal::DueDate);
            }
            applied.request = Some(DocumentRequest {
                id: RequestId::from_uuid(new_id()),
                application_id: case.application.id,
                description,
                due_on,
                requested_at: now,
                answered_at: None,
            });
            applied.audit = AuditAction::DocumentsRequested;
        }
        CaseAction::Decide(outcome) => {
            let received_on = require_received_undecided(received, decision)?;
            applied
                .details
                .steps
                .set(Step::FinalDecision, StepState::Completed);
            applied.state = ApplicationState::Decided {
                submission,
                received_on,
                decision: Decision {
                    outcome,
                    decided_on: today,
                },
            };
            applied.audit = AuditAction::ApplicationDecided;
        }
        CaseAction::Issue {
            document_type,
            number,
            issued_on,
            expires_on,
        } => {
            let decision = decision.ok_or(CaseRefusal::NotDecided)?;
            if decision.outcome != Outcome::Approved {
                return Err(CaseRefusal::NotApproved);
            }
            let (Some(document_type), Some(number)) = (
                clean_text(&document_type, 100, false),
                clean_text(&number, 40, false),
            ) else {
                return Err(CaseRefusal::IssuedDocument);
            };
            if issued_on > today || expires_on.is_some_and(|e| e <= issued_on) {
                return Err(CaseRefusal::IssuedDates);
            }
            applied.issued = Some(IssuedDocument {
                id: IssuedDocumentId::from_uuid(new_id()),
                application_id: case.application.id,
                document_type,
                number,
                issued_on,
                expires_on,
            });
            applied.audit = AuditAction::DocumentIssued;
        }
        CaseAction::Close => {
            let (Some(received_on), Some(decision)) = (received, decision) else {
                return Err(CaseRefusal::NotDecided);
            };
            applied.state = ApplicationState::Closed {
                submission,
                received_on,
                decision,
                closed_on: today,
            };
            applied.audit = AuditAction::ApplicationClosed;
        }
    }
    Ok(applied)
}

/// Steps, biometrics and the decision happen between receipt and decision.
fn require_received_undecided(
    received: Option<Date>,
    decision: Option<Decision>,
) -> Result<Date, CaseRefusal> {
    let received_on = received.ok_or(CaseRefusal::NotReceived)?;
    if decision.is_some() {
        return Err(CaseRefusal::AlreadyDecided);
    }
    Ok(received_on)
}
