//! The application entity and its lifecycle: a draft saved section by section until it is
//! submitted, or deleted, or expires.

use std::collections::BTreeMap;

use time::{Date, Duration, OffsetDateTime, UtcOffset};

use super::definitions;
use super::documents::{Document, checklist};
use super::kind::ApplicationKind;
use super::questionnaire::{AnswerError, Answers, QuestionnaireDefinition, answer_key, parse_date};
use super::values::{ApplicationId, ApplicationNumber, ApplicationStatus, GroupId, GroupRole};
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
    /// In progress or submitted.
    pub status: ApplicationStatus,
    /// Assigned at submission.
    pub number: Option<ApplicationNumber>,
    /// When it was started.
    pub created_at: OffsetDateTime,
    /// When a section was last saved.
    pub last_saved_at: OffsetDateTime,
    /// The last UTC day a draft can be submitted; it is deleted after.
    pub expires_on: Date,
    /// When it was submitted.
    pub submitted_at: Option<OffsetDateTime>,
    /// Optimistic-concurrency version.
    pub version: i64,
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
        /// The question's label, e.g. "Current mailing address".
        label: Label,
    },
    /// A required document.
    Document {
        /// Checklist item key.
        item: &'static str,
        /// The checklist entry's label.
        label: Label,
    },
}

/// A label in English and French.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    /// English.
    pub en: &'static str,
    /// French.
    pub fr: &'static str,
}

impl Label {
    /// The label in the requested language.
    pub fn get(self, french: bool) -> &'static str {
        if french { self.fr } else { self.en }
    }
}

impl MissingItem {
    /// The label shown for it, in English or French.
    pub fn label(&self, french: bool) -> &'static str {
        match self {
            Self::Answer { label, .. } | Self::Document { label, .. } => label.get(french),
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
            status: ApplicationStatus::InProgress,
            number: None,
            created_at: now,
            last_saved_at: now,
            // The calendar is UTC's whatever offset `now` was read in.
            expires_on: now.to_offset(UtcOffset::UTC).date()
                + Duration::days(i64::from(lifetime_days)),
            submitted_at: None,
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

    /// Days left to submit on UTC day `today`: 0 on the last day, `None` once submitted.
    pub fn days_left(&self, today: Date) -> Option<i64> {
        match self.status {
            ApplicationStatus::InProgress => Some((self.expires_on - today).whole_days().max(0)),
            ApplicationStatus::Submitted => None,
        }
    }

    /// Whether a draft is past its last day on UTC day `today`.
    pub fn is_expired(&self, today: Date) -> bool {
        self.status == ApplicationStatus::InProgress && today > self.expires_on
    }

    /// Validates and saves the answers of one section; an empty answer clears it. Every
    /// invalid answer is reported and nothing is saved then.
    pub fn save_section(
        &mut self,
        section_key: &str,
        raw: &BTreeMap<String, String>,
        now: OffsetDateTime,
    ) -> Result<(), SaveSectionError> {
        if self.status != ApplicationStatus::InProgress {
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
                        label: Label {
                            en: question.label_en,
                            fr: question.label_fr,
                        },
                    });
                }
            }
        }
        for item in checklist(self.kind.application_type()) {
            if item.required
                && item.applies.to(&self.kind, family)
                && !documents.iter().any(|d| d.item == item.key)
            {
                missing.push(MissingItem::Document {
                    item: item.key,
                    label: Label {
                        en: item.label_en,
                        fr: item.label_fr,
                    },
                });
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
        if self.status != ApplicationStatus::InProgress {
            return Err(AlreadySubmitted);
        }
        self.status = ApplicationStatus::Submitted;
        self.number = Some(number);
        self.submitted_at = Some(now);
        Ok(())
    }
}
