//! The body of one application: its questionnaire with the answers, its document checklist,
//! its documents and what submission still needs.

use poem_openapi::Object;
use portal_domain::account::Language;
use portal_domain::application::{
    Application, ApplicationKind, ApplicationSummary, ClaimOrigin, Document, GroupRole,
    MissingItem, QuestionnaireDefinition, Section, VisitPurpose, answer_key, checklist,
};
use time::{Date, OffsetDateTime};

use super::ApplicationRow;
use crate::i18n::Tr;

/// A question with its answer.
#[derive(Debug, Clone, Object)]
pub struct QuestionBody {
    /// Key within the section.
    pub key: String,
    /// Label.
    pub label: String,
    /// `text`, `long_text`, `name`, `date`, `email`, `digits`, `choice`, `amount`,
    /// `yes_no`, `document_number` or `cbsa_file_number`.
    pub kind: String,
    /// For choices: the allowed codes.
    pub choices: Vec<String>,
    /// Whether submission needs it.
    pub required: bool,
    /// The saved answer; `null` when not answered yet.
    #[oai(nullable)]
    pub answer: Option<String>,
}

/// A section with its questions.
#[derive(Debug, Clone, Object)]
pub struct SectionBody {
    /// Key.
    pub key: String,
    /// Title.
    pub title: String,
    /// "Section 2 of 6".
    pub position: String,
    /// Whether every required question is answered.
    pub complete: bool,
    /// Questions in order.
    pub questions: Vec<QuestionBody>,
}

/// A document checklist entry.
#[derive(Debug, Clone, Object)]
pub struct ChecklistEntry {
    /// Key, used when uploading.
    pub key: String,
    /// Label.
    pub label: String,
    /// Whether submission needs it.
    pub required: bool,
    /// Whether a document was uploaded for it.
    pub uploaded: bool,
}

/// An uploaded document.
#[derive(Debug, Clone, Object)]
pub struct DocumentBody {
    /// Identifier (for download).
    pub id: String,
    /// Checklist item.
    pub item: String,
    /// File name as given, cleaned.
    pub file_name: String,
    /// `pdf`, `jpeg`, `png`, `tiff`, `doc` or `docx`, from the file's content.
    pub file_type: String,
    /// Size in bytes.
    #[oai(validator(minimum(value = "0")))]
    pub size: u64,
    /// When it was uploaded.
    pub uploaded_at: OffsetDateTime,
}

impl From<&Document> for DocumentBody {
    fn from(d: &Document) -> Self {
        Self {
            id: d.id.to_string(),
            item: d.item.clone(),
            file_name: d.file_name.clone(),
            file_type: d.file_type.code().to_owned(),
            size: d.size,
            uploaded_at: d.uploaded_at,
        }
    }
}

/// An application with its questionnaire, checklist and documents.
#[derive(Debug, Clone, Object)]
pub struct ApplicationDetail {
    /// The table row.
    #[oai(flatten)]
    pub row: ApplicationRow,
    /// `principal` or `family_member`.
    pub group_role: String,
    /// Visitor visa: `visit` or `transit`; `null` for other types.
    #[oai(nullable)]
    pub visit_purpose: Option<String>,
    /// Visitor visa: `regular`, `emergency` or `special_measures`; `null` for other types.
    #[oai(nullable)]
    pub visa_processing: Option<String>,
    /// Refugee claim: `new` or `cbsa`; `null` for other types.
    #[oai(nullable)]
    pub claim_origin: Option<String>,
    /// Questionnaire version.
    #[oai(validator(minimum(value = "1")))]
    pub questionnaire_version: u32,
    /// Sections in order.
    pub sections: Vec<SectionBody>,
    /// Document checklist.
    pub checklist: Vec<ChecklistEntry>,
    /// Uploaded documents.
    pub documents: Vec<DocumentBody>,
    /// What submission still needs, as `section.question` or `documents.item`.
    pub missing: Vec<String>,
}

fn kind_code(kind: &portal_domain::application::AnswerKind) -> (&'static str, Vec<String>) {
    use portal_domain::application::AnswerKind as K;
    match kind {
        K::Text { .. } => ("text", Vec::new()),
        K::LongText { .. } => ("long_text", Vec::new()),
        K::Name => ("name", Vec::new()),
        K::Date(_) => ("date", Vec::new()),
        K::Email => ("email", Vec::new()),
        K::Digits { .. } => ("digits", Vec::new()),
        K::Choice(choices) => ("choice", choices.iter().map(|c| (*c).to_owned()).collect()),
        K::Amount => ("amount", Vec::new()),
        K::YesNo => ("yes_no", Vec::new()),
        K::DocumentNumber => ("document_number", Vec::new()),
        K::CbsaFileNumber => ("cbsa_file_number", Vec::new()),
    }
}

/// The sections of a definition for one application, with its answers.
pub fn sections(
    definition: &QuestionnaireDefinition,
    application: Option<&Application>,
    language: Language,
) -> Vec<SectionBody> {
    let tr = Tr::new(language);
    let applies = |s: &Section| match application {
        Some(a) => s.applies.to(&a.kind, a.role == GroupRole::FamilyMember),
        None => true,
    };
    let shown: Vec<&Section> = definition.sections.iter().filter(|s| applies(s)).collect();
    let count = shown.len();
    shown
        .into_iter()
        .enumerate()
        .map(|(i, section)| {
            let questions: Vec<QuestionBody> = section
                .questions
                .iter()
                .filter(|q| match application {
                    Some(a) => q.applies.to(&a.kind, a.role == GroupRole::FamilyMember),
                    None => true,
                })
                .map(|q| {
                    let (kind, choices) = kind_code(&q.kind);
                    QuestionBody {
                        key: q.key.to_owned(),
                        label: tr.label(&q),
                        kind: kind.to_owned(),
                        choices,
                        required: q.required,
                        answer: application
                            .and_then(|a| a.answers.get(&answer_key(section.key, q.key)).cloned()),
                    }
                })
                .collect();
            let complete = questions.iter().all(|q| !q.required || q.answer.is_some());
            let position = tr.with(
                "section-position",
                &[("number", (i + 1).into()), ("count", count.into())],
            );
            SectionBody {
                key: section.key.to_owned(),
                title: tr.label(section),
                position,
                complete,
                questions,
            }
        })
        .collect()
}

/// The code of a missing item, as listed in `missing` and in submission errors.
pub fn missing_code(item: &MissingItem) -> String {
    match item {
        MissingItem::Answer {
            section, question, ..
        } => format!("{section}.{question}"),
        MissingItem::Document { item, .. } => format!("documents.{item}"),
    }
}

impl ApplicationDetail {
    /// The detail of an application on UTC day `today`.
    pub fn new(
        application: &Application,
        documents: &[Document],
        today: Date,
        language: Language,
    ) -> Self {
        let tr = Tr::new(language);
        let summary = ApplicationSummary::from(application);
        let (visit_purpose, visa_processing, claim_origin) = match &application.kind {
            ApplicationKind::VisitorVisa {
                purpose,
                processing,
            } => (
                Some(match purpose {
                    VisitPurpose::Visit => "visit",
                    VisitPurpose::Transit => "transit",
                }),
                Some(processing.code()),
                None,
            ),
            ApplicationKind::StudyPermit => (None, None, None),
            ApplicationKind::RefugeeClaim { origin } => (
                None,
                None,
                Some(match origin {
                    ClaimOrigin::NewInCanada => "new",
                    ClaimOrigin::Cbsa(_) => "cbsa",
                }),
            ),
        };
        let checklist = checklist(application.kind.application_type())
            .iter()
            .map(|item| ChecklistEntry {
                key: item.key.to_owned(),
                label: tr.label(item),
                required: item.required,
                uploaded: documents.iter().any(|d| d.item == item.key),
            })
            .collect();
        Self {
            row: ApplicationRow::new(&summary, today, language),
            group_role: match application.role {
                GroupRole::Principal => "principal",
                GroupRole::FamilyMember => "family_member",
            }
            .to_owned(),
            visit_purpose: visit_purpose.map(str::to_owned),
            visa_processing: visa_processing.map(str::to_owned),
            claim_origin: claim_origin.map(str::to_owned),
            questionnaire_version: application.questionnaire_version,
            sections: sections(application.definition(), Some(application), language),
            checklist,
            documents: documents.iter().map(DocumentBody::from).collect(),
            missing: if application.is_draft() {
                application
                    .missing_items(documents)
                    .iter()
                    .map(missing_code)
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}
