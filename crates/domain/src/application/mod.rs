//! Client applications (F10 to F16, F18): types, questionnaires, documents, the lifecycle
//! of a draft through submission, the table and its search, and the ports they need.

mod case;
pub mod definitions;
mod documents;
mod kind;
mod lifecycle;
mod model;
mod ports;
mod questionnaire;
mod search;
mod service;
mod status;
mod values;

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod answers_tests;
#[cfg(test)]
mod delete_tests;
#[cfg(test)]
mod download_tests;
#[cfg(test)]
mod expiry_tests;
#[cfg(test)]
mod missing_items_tests;
#[cfg(test)]
mod save_section_tests;
#[cfg(test)]
mod search_tests;
#[cfg(test)]
mod start_tests;
#[cfg(test)]
mod status_tests;
#[cfg(test)]
mod submit_tests;
#[cfg(test)]
mod upload_tests;

pub use case::{
    ApplicationMessage, Biometrics, BiometricsError, CaseDetails, CaseFile, DocumentRequest,
    DocumentReview, IssuedDocument, IssuedDocumentId, MessageId, RequestId, ReviewedDocument, Step,
    StepState, Steps, Uci, UciError,
};
pub use documents::{
    ChecklistItem, Document, DocumentId, FileType, UploadProblem, check_upload, checklist,
    display_file_name,
};
pub use kind::{
    ApplicationKind, ApplicationType, ApplicationTypeError, CbsaFileNumber, CbsaFileNumberError,
    ClaimOrigin, VisaProcessing, VisaProcessingError, VisitPurpose,
};
pub use lifecycle::{Incomplete, SaveAnswersError, SubmitError, UploadError};
pub use model::{
    AlreadySubmitted, Application, ApplicationState, Decision, InvalidAnswer, MissingItem,
    SaveSectionError, Submission,
};
pub use ports::*;
pub use questionnaire::{
    AnswerError, AnswerKind, Answers, Applies, DateOrder, DateRule, Question,
    QuestionnaireDefinition, Section, answer_key, parse_date,
};
pub use search::{
    ApplicationQuery, ApplicationSummary, PAGE_SIZES, Page, QueryError, SortColumn, SortDirection,
};
pub use service::{
    Applicant, ApplicationPorts, ApplicationService, ApplicationSettings, DeleteApplicationError,
    FindApplicationError, MAX_FAMILY_MEMBERS, SearchError, StartCommand, StartError,
};
pub use status::REQUESTED_DOCUMENT_ITEM;
pub use values::{
    ApplicationId, ApplicationNumber, ApplicationNumberError, ApplicationStatus, GroupId,
    GroupRole, Outcome,
};
