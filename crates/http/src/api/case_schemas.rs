//! Bodies of the "Application status and messages" page (F17) and of the department's
//! casework (F23).

use poem_openapi::Object;
use portal_domain::account::Language;
use portal_domain::application::{
    ApplicationMessage, CaseFile, DocumentRequest, IssuedDocument, ReviewedDocument,
};
use portal_domain::casework::CaseSummary;
use portal_domain::paging::Page;
use time::{Date, OffsetDateTime};

use super::application_schemas::DocumentBody;
use super::schemas::Pager;
use crate::i18n::Tr;

/// The client information the department recorded.
#[derive(Debug, Clone, Object)]
pub struct ClientInformation {
    /// The client's UCI (`0000-0000` or `00-0000-0000`); `null` until recorded.
    #[oai(nullable)]
    pub uci: Option<String>,
    /// The application number.
    pub application_number: String,
    /// The day the department received it; `null` until then.
    #[oai(nullable)]
    pub date_received: Option<Date>,
    /// The biometrics, once taken; `null` before.
    #[oai(nullable)]
    pub biometrics: Option<BiometricsBody>,
}

/// The client's biometrics.
#[derive(Debug, Clone, Object)]
pub struct BiometricsBody {
    /// The biometrics number.
    pub number: String,
    /// The day they were taken.
    pub enrolment_date: Date,
    /// The last day they are valid.
    pub expiry_date: Date,
}

/// A processing step.
#[derive(Debug, Clone, Object)]
pub struct StepBody {
    /// `eligibility`, `biometrics`, `medical`, `interview`, `background_check` or
    /// `final_decision`.
    pub step: String,
    /// The step's name in the account's language.
    pub label: String,
    /// `not_started`, `in_progress`, `completed` or `not_required`.
    pub state: String,
    /// The state in the account's language.
    pub state_label: String,
}

/// A submitted document with the department's status of it.
#[derive(Debug, Clone, Object)]
pub struct CaseDocumentBody {
    /// The document.
    #[oai(flatten)]
    pub document: DocumentBody,
    /// `received`, `reviewed` or `further_information_needed`; `null` until set.
    #[oai(nullable)]
    pub status: Option<String>,
    /// The status in the account's language; `null` until set.
    #[oai(nullable)]
    pub status_label: Option<String>,
    /// The document request it answers; `null` for a document of the submission.
    #[oai(nullable)]
    pub request_id: Option<String>,
}

/// A request for documents.
#[derive(Debug, Clone, Object)]
pub struct DocumentRequestBody {
    /// Identifier (to upload in answer to it).
    pub id: String,
    /// What is asked for.
    pub description: String,
    /// The day it is due.
    pub due_date: Date,
    /// When it was made.
    pub requested_at: OffsetDateTime,
    /// When a document answered it; `null` while open.
    #[oai(nullable)]
    pub answered_at: Option<OffsetDateTime>,
    /// Whether it still waits for a document.
    pub open: bool,
}

/// A message about the application, as listed (open it to read the body).
#[derive(Debug, Clone, Object)]
pub struct ApplicationMessageRow {
    /// Identifier.
    pub id: String,
    /// Subject.
    pub subject: String,
    /// Whether it asks the representative to act.
    pub asks_action: bool,
    /// When it was sent.
    pub date_sent: OffsetDateTime,
    /// When it was first opened; `null` while unread.
    #[oai(nullable)]
    pub date_read: Option<OffsetDateTime>,
}

/// A message about the application, opened.
#[derive(Debug, Clone, Object)]
pub struct ApplicationMessageBody {
    /// The listed fields.
    #[oai(flatten)]
    pub row: ApplicationMessageRow,
    /// The text.
    pub body: String,
}

/// The department's decision.
#[derive(Debug, Clone, Object)]
pub struct DecisionBody {
    /// `approved`, `refused` or `withdrawn`.
    pub outcome: String,
    /// The outcome in the account's language.
    pub label: String,
    /// The day it was recorded.
    pub date: Date,
}

/// A document issued after the decision.
#[derive(Debug, Clone, Object)]
pub struct IssuedDocumentBody {
    /// Identifier.
    pub id: String,
    /// Its type.
    pub document_type: String,
    /// Its number.
    pub number: String,
    /// The day it was issued.
    pub date_issued: Date,
    /// The last day it is valid; `null` when it has none.
    #[oai(nullable)]
    pub expiry_date: Option<Date>,
}

/// The "Application status and messages" page of a submitted application.
#[derive(Debug, Clone, Object)]
pub struct CaseFileBody {
    /// The application's `id`.
    pub id: String,
    /// The applicant.
    pub applicant_name: String,
    /// `visitor_visa`, `study_permit` or `refugee_claim`.
    pub application_type: String,
    /// `submitted`, `received`, `decided` or `closed`.
    pub status: String,
    /// The status in the account's language.
    pub status_label: String,
    /// When it was submitted.
    pub submitted_at: OffsetDateTime,
    /// `action_required` while an unread message asks for action or a request is open,
    /// `check_status` otherwise (the table's Action column).
    pub action: String,
    /// UCI, application number, date received and biometrics.
    pub client: ClientInformation,
    /// The processing steps, in order.
    pub steps: Vec<StepBody>,
    /// The submitted documents, oldest first, with their status.
    pub documents: Vec<CaseDocumentBody>,
    /// The requests for documents, oldest first.
    pub document_requests: Vec<DocumentRequestBody>,
    /// The messages about the application, newest first.
    pub messages: Vec<ApplicationMessageRow>,
    /// The decision; `null` until made.
    #[oai(nullable)]
    pub decision: Option<DecisionBody>,
    /// The day the file was closed; `null` while open.
    #[oai(nullable)]
    pub date_closed: Option<Date>,
    /// The documents issued, in the order recorded.
    pub issued_documents: Vec<IssuedDocumentBody>,
}

impl From<&ApplicationMessage> for ApplicationMessageRow {
    fn from(m: &ApplicationMessage) -> Self {
        Self {
            id: m.id.to_string(),
            subject: m.subject.clone(),
            asks_action: m.asks_action,
            date_sent: m.sent_at,
            date_read: m.read_at,
        }
    }
}

impl From<&ApplicationMessage> for ApplicationMessageBody {
    fn from(m: &ApplicationMessage) -> Self {
        Self {
            row: ApplicationMessageRow::from(m),
            body: m.body.clone(),
        }
    }
}

impl From<&DocumentRequest> for DocumentRequestBody {
    fn from(r: &DocumentRequest) -> Self {
        Self {
            id: r.id.to_string(),
            description: r.description.clone(),
            due_date: r.due_on,
            requested_at: r.requested_at,
            answered_at: r.answered_at,
            open: r.is_open(),
        }
    }
}

impl From<&IssuedDocument> for IssuedDocumentBody {
    fn from(i: &IssuedDocument) -> Self {
        Self {
            id: i.id.to_string(),
            document_type: i.document_type.clone(),
            number: i.number.clone(),
            date_issued: i.issued_on,
            expiry_date: i.expires_on,
        }
    }
}

fn document(d: &ReviewedDocument, tr: Tr) -> CaseDocumentBody {
    CaseDocumentBody {
        document: DocumentBody::from(&d.document),
        status: d.review.map(|r| r.code().to_owned()),
        status_label: d.review.map(|r| tr.label(&r)),
        request_id: d.request.map(|r| r.to_string()),
    }
}

impl CaseFileBody {
    /// The page in `language`.
    pub fn new(case: &CaseFile, language: Language) -> Self {
        let tr = Tr::new(language);
        let application = &case.application;
        let state = &application.state;
        let status = state.status();
        Self {
            id: application.id.to_string(),
            applicant_name: application.applicant_name.clone(),
            application_type: application.kind.application_type().code().to_owned(),
            status: status.code().to_owned(),
            status_label: tr.label(&status),
            submitted_at: application
                .submitted_at()
                .unwrap_or(application.last_saved_at),
            action: if case.action_required() {
                "action_required"
            } else {
                "check_status"
            }
            .to_owned(),
            client: ClientInformation {
                uci: case.details.uci.as_ref().map(|u| u.as_str().to_owned()),
                application_number: application
                    .number()
                    .map(|n| n.as_str().to_owned())
                    .unwrap_or_default(),
                date_received: state.received_on(),
                biometrics: case.details.biometrics.as_ref().map(|b| BiometricsBody {
                    number: b.number().to_owned(),
                    enrolment_date: b.enrolled_on(),
                    expiry_date: b.expires_on(),
                }),
            },
            steps: case
                .details
                .steps
                .iter()
                .map(|(step, s)| StepBody {
                    step: step.code().to_owned(),
                    label: tr.label(&step),
                    state: s.code().to_owned(),
                    state_label: tr.label(&s),
                })
                .collect(),
            documents: case.documents.iter().map(|d| document(d, tr)).collect(),
            document_requests: case
                .requests
                .iter()
                .map(DocumentRequestBody::from)
                .collect(),
            messages: case
                .messages
                .iter()
                .map(ApplicationMessageRow::from)
                .collect(),
            decision: state.decision().map(|d| DecisionBody {
                outcome: d.outcome.code().to_owned(),
                label: tr.label(&d.outcome),
                date: d.decided_on,
            }),
            date_closed: state.closed_on(),
            issued_documents: case.issued.iter().map(IssuedDocumentBody::from).collect(),
        }
    }
}

/// A row of the department's list of submitted applications.
#[derive(Debug, Clone, Object)]
pub struct CaseRow {
    /// The application's `id`.
    pub id: String,
    /// Its number.
    pub application_number: String,
    /// `visitor_visa`, `study_permit` or `refugee_claim`.
    pub application_type: String,
    /// The applicant.
    pub applicant_name: String,
    /// The representative's account `id`.
    pub representative_id: String,
    /// `submitted`, `received`, `decided` or `closed`.
    pub status: String,
    /// When it was submitted.
    pub submitted_at: OffsetDateTime,
    /// The day it was received; `null` until then.
    #[oai(nullable)]
    pub date_received: Option<Date>,
    /// Whether it waits for the representative.
    pub action_required: bool,
}

/// A page of the department's list.
#[derive(Debug, Clone, Object)]
pub struct CasePage {
    /// The applications of this page, newest submission first.
    pub items: Vec<CaseRow>,
    /// Total, page, last page and "1 to 3 of 3".
    #[oai(flatten)]
    pub pager: Pager,
}

impl CasePage {
    /// The page in `language`.
    pub fn new(page: &Page<CaseSummary>, language: Language) -> Self {
        Self {
            items: page
                .items
                .iter()
                .map(|s| CaseRow {
                    id: s.id.to_string(),
                    application_number: s.number.as_str().to_owned(),
                    application_type: s.application_type.code().to_owned(),
                    applicant_name: s.applicant_name.clone(),
                    representative_id: s.representative_id.as_uuid().to_string(),
                    status: s.status.code().to_owned(),
                    submitted_at: s.submitted_at,
                    date_received: s.received_on,
                    action_required: s.action_required,
                })
                .collect(),
            pager: Pager::of(page, language),
        }
    }
}
