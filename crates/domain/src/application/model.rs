//! The application entity and its lifecycle: a draft saved section by section until it is
//! submitted, or deleted, or expires.

use std::collections::BTreeMap;

use time::{Date, Duration, OffsetDateTime, UtcOffset};

use super::definitions;
use super::documents::{ChecklistItem, Document, checklist};
use super::kind::ApplicationKind;
use super::questionnaire::{
    AnswerError, Answers, Question, QuestionnaireDefinition, answer_key, parse_date,
};
use super::values::{
    ApplicationId, ApplicationNumber, ApplicationStatus, GroupId, GroupRole, Outcome,
};
use crate::account::{AccountId, PersonName};

/// An application for one applicant, alone or within a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// Identifier.
    pub id: ApplicationId,
    /// The representative who owns it.
    pub representative_id: AccountId,
    /// The group number shared with family members (the table's "ID").
    pub group_id: GroupId,
    /// Principal applicant or family member.
    pub role: GroupRole,
    /// Type and start choices.
    pub kind: ApplicationKind,
    /// The questionnaire version it was started with.
    pub questionnaire_version: u32,
    /// "Given Family", kept in step with the identity answers.
    pub applicant_name: String,
    /// Canonical answers by `section.question`.
    pub answers: Answers,
    /// Where it is in its lifecycle, with the data of that stage.
    pub state: ApplicationState,
    /// When it was started.
    pub created_at: OffsetDateTime,
    /// When a section was last saved.
    pub last_saved_at: OffsetDateTime,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// What submission gave an application: its number and when it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The application number.
    pub number: ApplicationNumber,
    /// When it was submitted.
    pub submitted_at: OffsetDateTime,
}

/// The department's decision and the UTC day it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Approved, refused or withdrawn.
    pub outcome: Outcome,
    /// The day it was recorded.
    pub decided_on: Date,
}

/// An application's stage in its lifecycle, with the data each stage has: a draft has a last
/// day to submit; a submitted application has its number and date; the department then
/// receives it, decides it and closes it, in that order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplicationState {
    /// Being filled in by the representative.
    Draft {
        /// The last UTC day it can be submitted; it is deleted after.
        expires_on: Date,
    },
    /// Sent to the department.
    Submitted(Submission),
    /// Received by the department.
    Received {
        /// Number and date of submission.
        submission: Submission,
        /// The day the department received it.
        received_on: Date,
    },
    /// Decided.
    Decided {
        /// Number and date of submission.
        submission: Submission,
        /// The day the department received it.
        received_on: Date,
        /// The decision.
        decision: Decision,
    },
    /// Closed: nothing changes any more.
    Closed {
        /// Number and date of submission.
        submission: Submission,
        /// The day the department received it.
        received_on: Date,
        /// The decision.
        decision: Decision,
        /// The day it was closed.
        closed_on: Date,
    },
}

impl ApplicationState {
    /// The status code of this stage.
    pub fn status(&self) -> ApplicationStatus {
        match self {
            Self::Draft { .. } => ApplicationStatus::InProgress,
            Self::Submitted(_) => ApplicationStatus::Submitted,
            Self::Received { .. } => ApplicationStatus::Received,
            Self::Decided { .. } => ApplicationStatus::Decided,
            Self::Closed { .. } => ApplicationStatus::Closed,
        }
    }

    /// Number and date of submission, once submitted.
    pub fn submission(&self) -> Option<&Submission> {
        match self {
            Self::Draft { .. } => None,
            Self::Submitted(submission)
            | Self::Received { submission, .. }
            | Self::Decided { submission, .. }
            | Self::Closed { submission, .. } => Some(submission),
        }
    }

    /// The day the department received it, once received.
    pub fn received_on(&self) -> Option<Date> {
        match self {
            Self::Draft { .. } | Self::Submitted(_) => None,
            Self::Received { received_on, .. }
            | Self::Decided { received_on, .. }
            | Self::Closed { received_on, .. } => Some(*received_on),
        }
    }

    /// The decision, once decided.
    pub fn decision(&self) -> Option<Decision> {
        match self {
            Self::Decided { decision, .. } | Self::Closed { decision, .. } => Some(*decision),
            _ => None,
        }
    }

    /// The day it was closed, once closed.
    pub fn closed_on(&self) -> Option<Date> {
        match self {
            Self::Closed { closed_on, .. } => Some(*closed_on),
            _ => None,
        }
    }
}

/// One invalid answer of a section save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidAnswer {
    /// The question key.
    pub question: String,
    /// What is wrong.
    pub error: AnswerError,
}

/// Why a section could not be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaveSectionError {
    /// Submitted applications cannot change.
    #[error("the application was submitted and can no longer change")]
    AlreadySubmitted,
    /// The draft is past its last day to submit.
    #[error("the draft expired and can no longer change")]
    Expired,
    /// The questionnaire has no such section for this application.
    #[error("the application has no such section")]
    UnknownSection,
    /// Some answers are invalid; all are listed and nothing was saved.
    #[error("some answers are invalid")]
    Invalid(Vec<InvalidAnswer>),
}

/// Something submission still needs, with the label the representative saw it under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MissingItem {
    /// A required answer.
    Answer {
        /// Section key.
        section: &'static str,
        /// Question key.
        question: &'static str,
    },
    /// A required document.
    Document {
        /// Checklist item key.
        item: &'static str,
    },
}

impl MissingItem {
    /// The message id of the label it was seen under: the question's or the checklist
    /// entry's.
    pub fn label_id(&self) -> String {
        use crate::wording::{Labelled, label_id};
        match self {
            Self::Answer { question, .. } => label_id(Question::KIND, question),
            Self::Document { item, .. } => label_id(ChecklistItem::KIND, item),
        }
    }
}

/// A transition refused because the application was already submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the application was already submitted")]
pub struct AlreadySubmitted;

impl Application {
    /// A new draft; it expires `lifetime_days` UTC calendar days after `now`.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        id: ApplicationId,
        representative_id: AccountId,
        group_id: GroupId,
        role: GroupRole,
        kind: ApplicationKind,
        given_name: &PersonName,
        family_name: &PersonName,
        now: OffsetDateTime,
        lifetime_days: u16,
    ) -> Self {
        let definition = definitions::current(kind.application_type());
        let mut answers = BTreeMap::new();
        answers.insert(
            answer_key("identity", "given_name"),
            given_name.as_str().to_owned(),
        );
        answers.insert(
            answer_key("identity", "family_name"),
            family_name.as_str().to_owned(),
        );
        if let Some(number) = kind.cbsa_file_number() {
            answers.insert(
                answer_key("claim", "cbsa_file_number"),
                number.as_str().to_owned(),
            );
        }
        Self {
            id,
            representative_id,
            group_id,
            role,
            kind,
            questionnaire_version: definition.version,
            applicant_name: format!("{given_name} {family_name}"),
            answers,
            state: ApplicationState::Draft {
                // The calendar is UTC's whatever offset `now` was read in.
                expires_on: now.to_offset(UtcOffset::UTC).date()
                    + Duration::days(i64::from(lifetime_days)),
            },
            created_at: now,
            last_saved_at: now,
            version: 0,
        }
    }

    /// The questionnaire this application answers.
    pub fn definition(&self) -> &'static QuestionnaireDefinition {
        let t = self.kind.application_type();
        definitions::find(t, self.questionnaire_version).unwrap_or_else(|| definitions::current(t))
    }

    fn is_family_member(&self) -> bool {
        self.role == GroupRole::FamilyMember
    }

    /// The status code of its stage.
    pub fn status(&self) -> ApplicationStatus {
        self.state.status()
    }

    /// Whether it is still a draft.
    pub fn is_draft(&self) -> bool {
        matches!(self.state, ApplicationState::Draft { .. })
    }

    /// The application number, once submitted.
    pub fn number(&self) -> Option<&ApplicationNumber> {
        self.state.submission().map(|s| &s.number)
    }

    /// When it was submitted, once submitted.
    pub fn submitted_at(&self) -> Option<OffsetDateTime> {
        self.state.submission().map(|s| s.submitted_at)
    }

    /// A draft's last day to submit.
    pub fn expires_on(&self) -> Option<Date> {
        match self.state {
            ApplicationState::Draft { expires_on } => Some(expires_on),
            _ => None,
        }
    }

    /// Days left to submit on UTC day `today`: 0 on the last day, `None` once submitted.
    pub fn days_left(&self, today: Date) -> Option<i64> {
        self.expires_on()
            .map(|last| (last - today).whole_days().max(0))
    }

    /// Whether a draft is past its last day on UTC day `today`.
    pub fn is_expired(&self, today: Date) -> bool {
        self.expires_on().is_some_and(|last| today > last)
    }

    /// Validates and saves the answers of one section; an empty answer clears it. Every
    /// invalid answer is reported and nothing is saved then.
    pub fn save_section(
        &mut self,
        section_key: &str,
        raw: &BTreeMap<String, String>,
        now: OffsetDateTime,
    ) -> Result<(), SaveSectionError> {
        if !self.is_draft() {
            return Err(SaveSectionError::AlreadySubmitted);
        }
        if self.is_expired(now.to_offset(UtcOffset::UTC).date()) {
            return Err(SaveSectionError::Expired);
        }
        let definition = self.definition();
        let section = definition
            .section(section_key)
            .filter(|s| s.applies.to(&self.kind, self.is_family_member()))
            .ok_or(SaveSectionError::UnknownSection)?;
        let today = now.to_offset(UtcOffset::UTC).date();
        let mut invalid = Vec::new();
        let mut updated = self.answers.clone();
        for (key, value) in raw {
            let Some(question) = section.question(key) else {
                invalid.push(InvalidAnswer {
                    question: key.clone(),
                    error: AnswerError::UnknownQuestion,
                });
                continue;
            };
            if !question.applies.to(&self.kind, self.is_family_member()) {
                invalid.push(InvalidAnswer {
                    question: key.clone(),
                    error: AnswerError::NotApplicable,
                });
                continue;
            }
            let stored_key = answer_key(section.key, question.key);
            if value.trim().is_empty() {
                updated.remove(&stored_key);
                continue;
            }
            match question.validate(value, today) {
                Ok(canonical) => {
                    updated.insert(stored_key, canonical);
                }
                Err(error) => invalid.push(InvalidAnswer {
                    question: key.clone(),
                    error,
                }),
            }
        }
        for order in definition
            .date_orders
            .iter()
            .filter(|o| o.section == section.key)
        {
            let date = |q: &str| {
                updated
                    .get(&answer_key(section.key, q))
                    .and_then(|v| parse_date(v).ok())
            };
            // A date refused in this save is reported once, and is not compared either:
            // the stored value it was meant to replace would give a misleading order error.
            let already_invalid = invalid
                .iter()
                .any(|i| i.question == order.later || i.question == order.earlier);
            if let (Some(earlier), Some(later)) = (date(order.earlier), date(order.later))
                && later < earlier
                && !already_invalid
            {
                invalid.push(InvalidAnswer {
                    question: order.later.to_owned(),
                    error: AnswerError::DateOrder {
                        other: order.earlier,
                    },
                });
            }
        }
        if !invalid.is_empty() {
            return Err(SaveSectionError::Invalid(invalid));
        }
        if let (Some(given), Some(family)) = (
            updated.get(&answer_key("identity", "given_name")),
            updated.get(&answer_key("identity", "family_name")),
        ) {
            self.applicant_name = format!("{given} {family}");
        }
        self.answers = updated;
        self.last_saved_at = now;
        Ok(())
    }

    /// Everything still needed to submit, given the uploaded documents.
    pub fn missing_items(&self, documents: &[Document]) -> Vec<MissingItem> {
        let family = self.is_family_member();
        let mut missing = Vec::new();
        for section in self.definition().sections_for(&self.kind, family) {
            for question in section.questions {
                if question.required
                    && question.applies.to(&self.kind, family)
                    && !self
                        .answers
                        .contains_key(&answer_key(section.key, question.key))
                {
                    missing.push(MissingItem::Answer {
                        section: section.key,
                        question: question.key,
                    });
                }
            }
        }
        for item in checklist(self.kind.application_type()) {
            if item.required
                && item.applies.to(&self.kind, family)
                && !documents.iter().any(|d| d.item == item.key)
            {
                missing.push(MissingItem::Document { item: item.key });
            }
        }
        missing
    }

    /// Marks the application submitted with its number.
    pub fn submit(
        &mut self,
        number: ApplicationNumber,
        now: OffsetDateTime,
    ) -> Result<(), AlreadySubmitted> {
        if !self.is_draft() {
            return Err(AlreadySubmitted);
        }
        self.state = ApplicationState::Submitted(Submission {
            number,
            submitted_at: now,
        });
        Ok(())
    }
}
