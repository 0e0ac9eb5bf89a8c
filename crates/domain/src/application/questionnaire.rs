//! The questionnaires (F11): each application type's sections and questions are data,
//! versioned, and every answer is validated against its question when it is saved.
//! Requiredness is checked at submission, so a draft can be saved half-filled.

use std::collections::BTreeMap;

use time::Date;
use time::macros::format_description;

use super::kind::{ApplicationKind, ApplicationType, CbsaFileNumber};
use crate::account::{EmailAddress, PersonName};
use crate::text::{self, TextError};

/// How an answer is typed and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    /// Free text of 1 to `max` characters on one line.
    Text {
        /// Maximum length in characters.
        max: usize,
    },
    /// Free text of 1 to `max` characters, several lines allowed.
    LongText {
        /// Maximum length in characters.
        max: usize,
    },
    /// A person's name.
    Name,
    /// A date `yyyy-mm-dd`.
    Date(DateRule),
    /// An email address.
    Email,
    /// Digits only, `min` to `max` of them.
    Digits {
        /// Fewest digits.
        min: usize,
        /// Most digits.
        max: usize,
    },
    /// One of the listed codes.
    Choice(&'static [&'static str]),
    /// A whole amount in Canadian dollars, 0 to 100,000,000.
    Amount,
    /// `yes` or `no`.
    YesNo,
    /// A passport or travel document number: 5 to 20 letters and digits.
    DocumentNumber,
    /// A CBSA file number.
    CbsaFileNumber,
}

/// Where a date must fall, relative to the day it is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRule {
    /// Today or before (birth, issue).
    Past,
    /// Today or after (expiry, travel).
    Future,
    /// Any date.
    Any,
}

/// Which applications a section or question applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    /// Every application of the type.
    Always,
    /// Family members of a group only.
    FamilyMember,
    /// Refugee claims continuing a CBSA claim only.
    CbsaClaim,
}

/// One question; its label is the message `question-{key}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    /// Key, unique within its section.
    pub key: &'static str,
    /// Type and checks of the answer.
    pub kind: AnswerKind,
    /// Whether submission needs an answer.
    pub required: bool,
    /// Which applications ask it.
    pub applies: Applies,
}

/// A section of questions, saved together; its title is the message `section-{key}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    /// Key, unique within the questionnaire.
    pub key: &'static str,
    /// Which applications have it.
    pub applies: Applies,
    /// The questions, in order.
    pub questions: &'static [Question],
}

/// Two dates of one section that must be in order (arrival before departure, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateOrder {
    /// The section.
    pub section: &'static str,
    /// The question whose date comes first.
    pub earlier: &'static str,
    /// The question whose date must be later.
    pub later: &'static str,
}

/// One application type's questionnaire at one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionnaireDefinition {
    /// The type it is for.
    pub application_type: ApplicationType,
    /// Its version; an application keeps the version it was started with.
    pub version: u32,
    /// Its sections, in order.
    pub sections: &'static [Section],
    /// Date pairs checked when their section is saved.
    pub date_orders: &'static [DateOrder],
}

/// Why one answer was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// The section has no such question.
    #[error("this question is not part of the section")]
    UnknownQuestion,
    /// The question does not apply to this application.
    #[error("this question does not apply to this application")]
    NotApplicable,
    /// Too long.
    #[error("the answer must be {max} characters or fewer")]
    TooLong {
        /// Maximum length.
        max: usize,
    },
    /// A text answer on several lines where one is expected.
    #[error("the answer must be on one line")]
    MultiLine,
    /// Not a date `yyyy-mm-dd`.
    #[error("enter a date in the format yyyy-mm-dd")]
    DateFormat,
    /// A date in the future where a past one is expected.
    #[error("the date must be today or earlier")]
    DateNotPast,
    /// A date in the past where a future one is expected.
    #[error("the date must be today or later")]
    DateNotFuture,
    /// A date earlier than the one it must follow.
    #[error("the date must be on or after {other}")]
    DateOrder {
        /// The question it must follow.
        other: &'static str,
    },
    /// Not digits, or the wrong number of them.
    #[error("enter {min} to {max} digits, without spaces or dashes")]
    Digits {
        /// Fewest.
        min: usize,
        /// Most.
        max: usize,
    },
    /// Not one of the choices.
    #[error("choose one of: {choices}")]
    Choice {
        /// The allowed codes, comma-separated.
        choices: String,
    },
    /// Not a whole amount.
    #[error("enter a whole amount in Canadian dollars, without symbols")]
    Amount,
    /// Not yes or no.
    #[error("choose yes or no")]
    YesNo,
    /// Not a valid name, email, document or file number.
    #[error("{0}")]
    Format(String),
    /// Control characters (a line break where one line is expected is [`Self::MultiLine`])
    /// or text-direction characters.
    #[error(transparent)]
    Characters(#[from] TextError),
}

/// The canonical answers of an application: `section.question` to its canonical text.
pub type Answers = BTreeMap<String, String>;

/// The key under which a question's answer is stored.
pub fn answer_key(section: &str, question: &str) -> String {
    format!("{section}.{question}")
}

impl Question {
    /// Validates a typed answer; returns its canonical text.
    pub fn validate(&self, raw: &str, today: Date) -> Result<String, AnswerError> {
        let one_line = !matches!(self.kind, AnswerKind::LongText { .. });
        if one_line && raw.contains(['\n', '\r']) {
            return Err(AnswerError::MultiLine);
        }
        let value = if one_line {
            text::one_line(raw)?
        } else {
            text::multi_line(raw)?
        }
        .trim();
        match self.kind {
            AnswerKind::Text { max } | AnswerKind::LongText { max } => {
                if value.chars().count() > max {
                    return Err(AnswerError::TooLong { max });
                }
                Ok(value.to_owned())
            }
            AnswerKind::Name => PersonName::parse(value)
                .map(|n| n.as_str().to_owned())
                .map_err(|e| AnswerError::Format(e.to_string())),
            AnswerKind::Email => EmailAddress::parse(value)
                .map(|e| e.as_str().to_owned())
                .map_err(|e| AnswerError::Format(e.to_string())),
            AnswerKind::Date(rule) => {
                let date = parse_date(value)?;
                match rule {
                    DateRule::Past if date > today => Err(AnswerError::DateNotPast),
                    DateRule::Future if date < today => Err(AnswerError::DateNotFuture),
                    _ => Ok(value.to_owned()),
                }
            }
            AnswerKind::Digits { min, max } => {
                if value.bytes().all(|b| b.is_ascii_digit()) && (min..=max).contains(&value.len()) {
                    Ok(value.to_owned())
                } else {
                    Err(AnswerError::Digits { min, max })
                }
            }
            AnswerKind::Choice(choices) => choices
                .iter()
                .find(|c| **c == value)
                .map(|c| (*c).to_owned())
                .ok_or_else(|| AnswerError::Choice {
                    choices: choices.join(", "),
                }),
            AnswerKind::Amount => value
                .parse::<u64>()
                .ok()
                .filter(|n| *n <= 100_000_000)
                .map(|n| n.to_string())
                .ok_or(AnswerError::Amount),
            AnswerKind::YesNo => match value.to_ascii_lowercase().as_str() {
                "yes" => Ok("yes".to_owned()),
                "no" => Ok("no".to_owned()),
                _ => Err(AnswerError::YesNo),
            },
            AnswerKind::DocumentNumber => {
                let upper = value.to_ascii_uppercase();
                if (5..=20).contains(&upper.len())
                    && upper.bytes().all(|b| b.is_ascii_alphanumeric())
                {
                    Ok(upper)
                } else {
                    Err(AnswerError::Format(
                        "the document number is 5 to 20 letters and digits".to_owned(),
                    ))
                }
            }
            AnswerKind::CbsaFileNumber => CbsaFileNumber::parse(value)
                .map(|n| n.as_str().to_owned())
                .map_err(|e| AnswerError::Format(e.to_string())),
        }
    }
}

/// Parses `yyyy-mm-dd`.
pub fn parse_date(value: &str) -> Result<Date, AnswerError> {
    Date::parse(value, format_description!("[year]-[month]-[day]"))
        .map_err(|_| AnswerError::DateFormat)
}

impl Applies {
    /// Whether something with this applicability is asked of an application.
    pub fn to(self, kind: &ApplicationKind, family_member: bool) -> bool {
        match self {
            Self::Always => true,
            Self::FamilyMember => family_member,
            Self::CbsaClaim => kind.cbsa_file_number().is_some(),
        }
    }
}

impl Section {
    /// The question with this key.
    pub fn question(&self, key: &str) -> Option<&'static Question> {
        self.questions.iter().find(|q| q.key == key)
    }
}

impl crate::wording::Labelled for Question {
    const KIND: &'static str = "question";

    fn label_code(&self) -> &str {
        self.key
    }
}

impl crate::wording::Labelled for Section {
    const KIND: &'static str = "section";

    fn label_code(&self) -> &str {
        self.key
    }
}

impl QuestionnaireDefinition {
    /// The section with this key.
    pub fn section(&self, key: &str) -> Option<&'static Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    /// The sections an application has, in order.
    pub fn sections_for(
        &self,
        kind: &ApplicationKind,
        family_member: bool,
    ) -> Vec<&'static Section> {
        self.sections
            .iter()
            .filter(|s| s.applies.to(kind, family_member))
            .collect()
    }
}
