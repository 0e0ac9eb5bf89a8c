//! What the department records about a submitted application, and what the representative
//! reads on its "Application status and messages" page (F17): client information, processing
//! steps, the status of each submitted document, document requests, messages and, once
//! decided, the issued documents.

use std::fmt;

use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::documents::Document;
use super::model::Application;
use super::values::ApplicationId;

/// A Unique Client Identifier: `0000-0000` or `00-0000-0000`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Uci(String);

/// A value that is not a UCI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a UCI is 8 digits written 0000-0000 or 10 digits written 00-0000-0000")]
pub struct UciError;

impl Uci {
    /// Parses a UCI written with its dashes, or as bare digits (which get their dashes).
    pub fn parse(raw: &str) -> Result<Self, UciError> {
        let value = crate::text::one_line(raw).map_err(|_| UciError)?.trim();
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        let formatted = match digits.len() {
            8 => format!("{}-{}", &digits[..4], &digits[4..]),
            10 => format!("{}-{}-{}", &digits[..2], &digits[2..6], &digits[6..]),
            _ => return Err(UciError),
        };
        // Either bare digits or exactly the dashed form.
        if value == digits || value == formatted {
            Ok(Self(formatted))
        } else {
            Err(UciError)
        }
    }

    /// The dashed form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Uci {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The client's biometrics: the number of the enrolment, when it was taken and until when it
/// is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Biometrics {
    number: String,
    enrolled_on: Date,
    expires_on: Date,
}

/// Why biometrics were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BiometricsError {
    /// The number is not 6 to 20 letters and digits.
    #[error("a biometrics number is 6 to 20 letters and digits")]
    Number,
    /// The expiry date is not after the enrolment date.
    #[error("the expiry date must be after the enrolment date")]
    Dates,
}

impl Biometrics {
    /// Checks the number and that the expiry comes after the enrolment.
    pub fn new(number: &str, enrolled_on: Date, expires_on: Date) -> Result<Self, BiometricsError> {
        let number = number.trim().to_ascii_uppercase();
        if !(6..=20).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(BiometricsError::Number);
        }
        if expires_on <= enrolled_on {
            return Err(BiometricsError::Dates);
        }
        Ok(Self {
            number,
            enrolled_on,
            expires_on,
        })
    }

    /// The biometrics number.
    pub fn number(&self) -> &str {
        &self.number
    }

    /// The day they were taken.
    pub fn enrolled_on(&self) -> Date {
        self.enrolled_on
    }

    /// The last day they are valid.
    pub fn expires_on(&self) -> Date {
        self.expires_on
    }
}

/// A step of processing, in the order the status page lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// Eligibility review.
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

impl Step {
    /// Every step, in order.
    pub const ALL: [Self; 6] = [
        Self::Eligibility,
        Self::Biometrics,
        Self::Medical,
        Self::Interview,
        Self::BackgroundCheck,
        Self::FinalDecision,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Eligibility => "eligibility",
            Self::Biometrics => "biometrics",
            Self::Medical => "medical",
            Self::Interview => "interview",
            Self::BackgroundCheck => "background_check",
            Self::FinalDecision => "final_decision",
        }
    }

    /// Parses a stable code.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == raw.trim())
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl crate::wording::Labelled for Step {
    const KIND: &'static str = "step";

    fn label_code(&self) -> &str {
        self.code()
    }
}

/// Where a processing step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StepState {
    /// Not started (every step starts here).
    #[default]
    NotStarted,
    /// In progress.
    InProgress,
    /// Completed.
    Completed,
    /// Not required for this application.
    NotRequired,
}

impl StepState {
    /// Every state.
    pub const ALL: [Self; 4] = [
        Self::NotStarted,
        Self::InProgress,
        Self::Completed,
        Self::NotRequired,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::NotRequired => "not_required",
        }
    }

    /// Parses a stable code.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == raw.trim())
    }
}

impl crate::wording::Labelled for StepState {
    const KIND: &'static str = "step-state";

    fn label_code(&self) -> &str {
        self.code()
    }
}

/// The state of every processing step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Steps([StepState; 6]);

impl Steps {
    /// One step's state.
    pub fn get(&self, step: Step) -> StepState {
        self.0[step.index()]
    }

    /// Sets one step's state.
    pub fn set(&mut self, step: Step, state: StepState) {
        self.0[step.index()] = state;
    }

    /// Every step with its state, in order.
    pub fn iter(&self) -> impl Iterator<Item = (Step, StepState)> + '_ {
        Step::ALL.into_iter().map(|step| (step, self.get(step)))
    }
}

/// What the department made of a submitted document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentReview {
    /// Received.
    Received,
    /// Reviewed.
    Reviewed,
    /// Further information is needed.
    FurtherInformationNeeded,
}

impl DocumentReview {
    /// Every status.
    pub const ALL: [Self; 3] = [
        Self::Received,
        Self::Reviewed,
        Self::FurtherInformationNeeded,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Reviewed => "reviewed",
            Self::FurtherInformationNeeded => "further_information_needed",
        }
    }

    /// Parses a stable code.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == raw.trim())
    }
}

impl crate::wording::Labelled for DocumentReview {
    const KIND: &'static str = "document-review";

    fn label_code(&self) -> &str {
        self.code()
    }
}

/// A submitted document with the department's status of it (`None` until it is set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewedDocument {
    /// The document.
    pub document: Document,
    /// Its status.
    pub review: Option<DocumentReview>,
    /// The request it answers, when uploaded in answer to one.
    pub request: Option<RequestId>,
}

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps a UUID read from storage or a request.
            pub fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }

            /// The UUID.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

uuid_id!(
    /// A document request's identifier.
    RequestId
);
uuid_id!(
    /// An application message's identifier.
    MessageId
);
uuid_id!(
    /// An issued document's identifier.
    IssuedDocumentId
);

/// The department's request for more documents: open until the representative uploads one in
/// answer to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRequest {
    /// Identifier.
    pub id: RequestId,
    /// The application.
    pub application_id: ApplicationId,
    /// What is asked for.
    pub description: String,
    /// The day it is due.
    pub due_on: Date,
    /// When it was made.
    pub requested_at: OffsetDateTime,
    /// When a document answered it; `None` while open.
    pub answered_at: Option<OffsetDateTime>,
}

impl DocumentRequest {
    /// Whether it still waits for a document.
    pub fn is_open(&self) -> bool {
        self.answered_at.is_none()
    }
}

/// A document the department issued once the application was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedDocument {
    /// Identifier.
    pub id: IssuedDocumentId,
    /// The application.
    pub application_id: ApplicationId,
    /// Its type, e.g. "Temporary resident visa".
    pub document_type: String,
    /// Its number.
    pub number: String,
    /// The day it was issued.
    pub issued_on: Date,
    /// The last day it is valid, when it has one.
    pub expires_on: Option<Date>,
}

/// A message about an application, shown on its status page (not in the account inbox).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationMessage {
    /// Identifier.
    pub id: MessageId,
    /// The application.
    pub application_id: ApplicationId,
    /// Subject.
    pub subject: String,
    /// Body.
    pub body: String,
    /// Whether it asks the representative to act ("Action required" until read).
    pub asks_action: bool,
    /// When it was sent.
    pub sent_at: OffsetDateTime,
    /// When the representative first opened it.
    pub read_at: Option<OffsetDateTime>,
}

/// Client information and processing steps the department records on a submitted
/// application.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseDetails {
    /// The client's UCI, once known.
    pub uci: Option<Uci>,
    /// The client's biometrics, once taken.
    pub biometrics: Option<Biometrics>,
    /// Each processing step's state.
    pub steps: Steps,
}

/// Everything about a submitted application: what its status page shows and what the
/// department works on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFile {
    /// The application, with its stage.
    pub application: Application,
    /// Client information and processing steps.
    pub details: CaseDetails,
    /// Its documents, oldest first, with their status.
    pub documents: Vec<ReviewedDocument>,
    /// The document requests, oldest first.
    pub requests: Vec<DocumentRequest>,
    /// The issued documents, in the order they were recorded.
    pub issued: Vec<IssuedDocument>,
    /// The messages, newest first.
    pub messages: Vec<ApplicationMessage>,
}

impl CaseFile {
    /// "Action required": an unread message asks for action, or a document request is open
    /// while the file is not closed (a closed file takes no more documents).
    pub fn action_required(&self) -> bool {
        let closed = self.application.state.closed_on().is_some();
        self.messages
            .iter()
            .any(|m| m.asks_action && m.read_at.is_none())
            || (!closed && self.requests.iter().any(DocumentRequest::is_open))
    }

    /// Whether a message is unread.
    pub fn has_unread(&self) -> bool {
        self.messages.iter().any(|m| m.read_at.is_none())
    }

    /// The open request with this id.
    pub fn open_request(&self, id: RequestId) -> Option<&DocumentRequest> {
        self.requests.iter().find(|r| r.id == id && r.is_open())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_uci_has_eight_or_ten_digits_with_their_dashes() {
        assert_eq!(Uci::parse("1234-5678").unwrap().as_str(), "1234-5678");
        assert_eq!(Uci::parse("12345678").unwrap().as_str(), "1234-5678");
        assert_eq!(Uci::parse("12-3456-7890").unwrap().as_str(), "12-3456-7890");
        assert_eq!(Uci::parse(" 1234567890 ").unwrap().as_str(), "12-3456-7890");
        for bad in [
            "123-45678",
            "1234567",
            "12-34567-890",
            "1234-567a",
            "",
            "1234\u{202e}5678",
        ] {
            assert_eq!(Uci::parse(bad), Err(UciError), "{bad:?}");
        }
    }

    #[test]
    fn biometrics_need_a_number_and_an_expiry_after_the_enrolment() {
        let b = Biometrics::new("bio123456", date!(2025 - 04 - 01), date!(2035 - 04 - 01)).unwrap();
        assert_eq!(b.number(), "BIO123456");
        assert_eq!(
            Biometrics::new("12345", date!(2025 - 04 - 01), date!(2035 - 04 - 01)),
            Err(BiometricsError::Number)
        );
        assert_eq!(
            Biometrics::new("BIO-123456", date!(2025 - 04 - 01), date!(2035 - 04 - 01)),
            Err(BiometricsError::Number)
        );
        assert_eq!(
            Biometrics::new("BIO123456", date!(2025 - 04 - 01), date!(2025 - 04 - 01)),
            Err(BiometricsError::Dates)
        );
    }

    #[test]
    fn steps_start_not_started_and_codes_round_trip() {
        let mut steps = Steps::default();
        assert!(steps.iter().all(|(_, s)| s == StepState::NotStarted));
        steps.set(Step::Medical, StepState::NotRequired);
        assert_eq!(steps.get(Step::Medical), StepState::NotRequired);
        assert_eq!(steps.iter().count(), 6);
        for step in Step::ALL {
            assert_eq!(Step::parse(step.code()), Some(step));
        }
        for state in StepState::ALL {
            assert_eq!(StepState::parse(state.code()), Some(state));
        }
        for review in DocumentReview::ALL {
            assert_eq!(DocumentReview::parse(review.code()), Some(review));
        }
    }
}
