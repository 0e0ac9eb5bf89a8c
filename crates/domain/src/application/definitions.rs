//! The questionnaire definitions, one per type and version. New versions are added beside
//! the old ones; an application keeps the version it was started with.

use super::kind::ApplicationType;
use super::questionnaire::{
    AnswerKind as K, Applies, DateOrder, DateRule, Question, QuestionnaireDefinition, Section,
};

const fn q(key: &'static str, kind: K, required: bool) -> Question {
    Question {
        key,
        kind,
        required,
        applies: Applies::Always,
    }
}

const SEX: &[&str] = &["female", "male", "another_gender"];
const MARITAL: &[&str] = &[
    "single",
    "married",
    "common_law",
    "separated",
    "divorced",
    "widowed",
];
const RELATIONSHIP: &[&str] = &["spouse", "common_law_partner", "dependent_child", "other"];
const VISIT_PURPOSE: &[&str] = &["tourism", "family_visit", "business", "transit", "other"];
const STUDY_LEVEL: &[&str] = &[
    "primary",
    "secondary",
    "college",
    "bachelor",
    "master",
    "doctorate",
    "other",
];

const IDENTITY: Section = Section {
    key: "identity",
    applies: Applies::Always,
    questions: &[
        q("family_name", K::Name, true),
        q("given_name", K::Name, true),
        q("date_of_birth", K::Date(DateRule::Past), true),
        q("sex", K::Choice(SEX), true),
        q("country_of_birth", K::Text { max: 60 }, true),
        q("citizenship", K::Text { max: 60 }, true),
        q("marital_status", K::Choice(MARITAL), true),
    ],
};

const FAMILY: Section = Section {
    key: "family",
    applies: Applies::FamilyMember,
    questions: &[q("relationship", K::Choice(RELATIONSHIP), true)],
};

const CONTACT: Section = Section {
    key: "contact",
    applies: Applies::Always,
    questions: &[
        q("address", K::Text { max: 200 }, true),
        q("city", K::Text { max: 80 }, true),
        q("country", K::Text { max: 60 }, true),
        q("telephone", K::Digits { min: 4, max: 15 }, true),
        q("email", K::Email, false),
    ],
};

const PASSPORT: Section = Section {
    key: "passport",
    applies: Applies::Always,
    questions: &[
        q("number", K::DocumentNumber, true),
        q("issuing_country", K::Text { max: 60 }, true),
        q("issue_date", K::Date(DateRule::Past), true),
        q("expiry_date", K::Date(DateRule::Future), true),
    ],
};

const VISIT: Section = Section {
    key: "visit",
    applies: Applies::Always,
    questions: &[
        q("purpose", K::Choice(VISIT_PURPOSE), true),
        q("arrival_date", K::Date(DateRule::Future), true),
        q("departure_date", K::Date(DateRule::Future), true),
        q("funds", K::Amount, true),
        q("host", K::Text { max: 120 }, false),
    ],
};

const SCHOOL: Section = Section {
    key: "school",
    applies: Applies::Always,
    questions: &[
        q("institution", K::Text { max: 150 }, true),
        q("dli_number", K::Text { max: 20 }, true),
        q("program", K::Text { max: 150 }, true),
        q("level", K::Choice(STUDY_LEVEL), true),
        q("start_date", K::Date(DateRule::Future), true),
        q("end_date", K::Date(DateRule::Future), true),
        q("tuition", K::Amount, true),
    ],
};

const CLAIM: Section = Section {
    key: "claim",
    applies: Applies::Always,
    questions: &[
        Question {
            key: "cbsa_file_number",
            kind: K::CbsaFileNumber,
            required: true,
            applies: Applies::CbsaClaim,
        },
        q("arrival_in_canada", K::Date(DateRule::Past), true),
        q("fear_of_return", K::YesNo, true),
        q("summary", K::LongText { max: 5000 }, true),
        q("interpreter_language", K::Text { max: 60 }, false),
    ],
};

/// Visitor visa, version 1.
pub const VISITOR_VISA_V1: QuestionnaireDefinition = QuestionnaireDefinition {
    application_type: ApplicationType::VisitorVisa,
    version: 1,
    sections: &[IDENTITY, FAMILY, CONTACT, PASSPORT, VISIT],
    date_orders: &[
        DateOrder {
            section: "passport",
            earlier: "issue_date",
            later: "expiry_date",
        },
        DateOrder {
            section: "visit",
            earlier: "arrival_date",
            later: "departure_date",
        },
    ],
};

/// Study permit, version 1.
pub const STUDY_PERMIT_V1: QuestionnaireDefinition = QuestionnaireDefinition {
    application_type: ApplicationType::StudyPermit,
    version: 1,
    sections: &[IDENTITY, FAMILY, CONTACT, PASSPORT, SCHOOL],
    date_orders: &[
        DateOrder {
            section: "passport",
            earlier: "issue_date",
            later: "expiry_date",
        },
        DateOrder {
            section: "school",
            earlier: "start_date",
            later: "end_date",
        },
    ],
};

/// Refugee claim, version 1.
pub const REFUGEE_CLAIM_V1: QuestionnaireDefinition = QuestionnaireDefinition {
    application_type: ApplicationType::RefugeeClaim,
    version: 1,
    sections: &[IDENTITY, FAMILY, CONTACT, PASSPORT, CLAIM],
    date_orders: &[DateOrder {
        section: "passport",
        earlier: "issue_date",
        later: "expiry_date",
    }],
};

const ALL: &[&QuestionnaireDefinition] = &[&VISITOR_VISA_V1, &STUDY_PERMIT_V1, &REFUGEE_CLAIM_V1];

/// The definition new applications of a type are started with.
pub fn current(application_type: ApplicationType) -> &'static QuestionnaireDefinition {
    match application_type {
        ApplicationType::VisitorVisa => &VISITOR_VISA_V1,
        ApplicationType::StudyPermit => &STUDY_PERMIT_V1,
        ApplicationType::RefugeeClaim => &REFUGEE_CLAIM_V1,
    }
}

/// The definition of a type at a version, if it exists.
pub fn find(
    application_type: ApplicationType,
    version: u32,
) -> Option<&'static QuestionnaireDefinition> {
    ALL.iter()
        .copied()
        .find(|d| d.application_type == application_type && d.version == version)
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_definition_has_unique_section_and_question_keys() {
        for def in ALL {
            let mut sections = HashSet::new();
            for section in def.sections {
                assert!(
                    sections.insert(section.key),
                    "{:?} repeats {}",
                    def.application_type,
                    section.key
                );
                let mut questions = HashSet::new();
                for q in section.questions {
                    assert!(questions.insert(q.key), "{} repeats {}", section.key, q.key);
                }
            }
            for order in def.date_orders {
                let section = def
                    .section(order.section)
                    .expect("date order section exists");
                assert!(
                    section.question(order.earlier).is_some()
                        && section.question(order.later).is_some()
                );
            }
        }
    }

    #[test]
    fn each_type_finds_its_current_definition() {
        for t in ApplicationType::ALL {
            assert_eq!(find(t, 1), Some(current(t)));
            assert_eq!(current(t).application_type, t);
        }
        assert_eq!(find(ApplicationType::StudyPermit, 99), None);
    }
}
