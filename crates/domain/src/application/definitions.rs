//! The questionnaire definitions, one per type and version. New versions are added beside
//! the old ones; an application keeps the version it was started with.

use super::kind::ApplicationType;
use super::questionnaire::{
    AnswerKind as K, Applies, DateOrder, DateRule, Question, QuestionnaireDefinition, Section,
};

const fn q(
    key: &'static str,
    label_en: &'static str,
    label_fr: &'static str,
    kind: K,
    required: bool,
) -> Question {
    Question {
        key,
        label_en,
        label_fr,
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
    title_en: "Applicant identity",
    title_fr: "Identité du demandeur",
    applies: Applies::Always,
    questions: &[
        q(
            "family_name",
            "Family name",
            "Nom de famille",
            K::Name,
            true,
        ),
        q("given_name", "Given name(s)", "Prénom(s)", K::Name, true),
        q(
            "date_of_birth",
            "Date of birth",
            "Date de naissance",
            K::Date(DateRule::Past),
            true,
        ),
        q("sex", "Sex", "Sexe", K::Choice(SEX), true),
        q(
            "country_of_birth",
            "Country or territory of birth",
            "Pays ou territoire de naissance",
            K::Text { max: 60 },
            true,
        ),
        q(
            "citizenship",
            "Country or territory of citizenship",
            "Pays ou territoire de citoyenneté",
            K::Text { max: 60 },
            true,
        ),
        q(
            "marital_status",
            "Current marital status",
            "État matrimonial actuel",
            K::Choice(MARITAL),
            true,
        ),
    ],
};

const FAMILY: Section = Section {
    key: "family",
    title_en: "Relationship to the principal applicant",
    title_fr: "Lien avec le demandeur principal",
    applies: Applies::FamilyMember,
    questions: &[q(
        "relationship",
        "Relationship to the principal applicant",
        "Lien avec le demandeur principal",
        K::Choice(RELATIONSHIP),
        true,
    )],
};

const CONTACT: Section = Section {
    key: "contact",
    title_en: "Contact information",
    title_fr: "Coordonnées",
    applies: Applies::Always,
    questions: &[
        q(
            "address",
            "Current mailing address",
            "Adresse postale actuelle",
            K::Text { max: 200 },
            true,
        ),
        q("city", "City or town", "Ville", K::Text { max: 80 }, true),
        q(
            "country",
            "Country or territory",
            "Pays ou territoire",
            K::Text { max: 60 },
            true,
        ),
        q(
            "telephone",
            "Telephone number",
            "Numéro de téléphone",
            K::Digits { min: 4, max: 15 },
            true,
        ),
        q(
            "email",
            "Email address",
            "Adresse courriel",
            K::Email,
            false,
        ),
    ],
};

const PASSPORT: Section = Section {
    key: "passport",
    title_en: "Passport or travel document",
    title_fr: "Passeport ou document de voyage",
    applies: Applies::Always,
    questions: &[
        q(
            "number",
            "Passport or document number",
            "Numéro du passeport ou du document",
            K::DocumentNumber,
            true,
        ),
        q(
            "issuing_country",
            "Country or territory of issue",
            "Pays ou territoire de délivrance",
            K::Text { max: 60 },
            true,
        ),
        q(
            "issue_date",
            "Issue date",
            "Date de délivrance",
            K::Date(DateRule::Past),
            true,
        ),
        q(
            "expiry_date",
            "Expiry date",
            "Date d'expiration",
            K::Date(DateRule::Future),
            true,
        ),
    ],
};

const VISIT: Section = Section {
    key: "visit",
    title_en: "Purpose and dates of visit",
    title_fr: "But et dates du séjour",
    applies: Applies::Always,
    questions: &[
        q(
            "purpose",
            "Purpose of visit",
            "But du séjour",
            K::Choice(VISIT_PURPOSE),
            true,
        ),
        q(
            "arrival_date",
            "Arrival date",
            "Date d'arrivée",
            K::Date(DateRule::Future),
            true,
        ),
        q(
            "departure_date",
            "Departure date",
            "Date de départ",
            K::Date(DateRule::Future),
            true,
        ),
        q(
            "funds",
            "Funds available for the stay (CAD)",
            "Fonds disponibles pour le séjour (CAD)",
            K::Amount,
            true,
        ),
        q(
            "host",
            "Person or organization visited",
            "Personne ou organisation visitée",
            K::Text { max: 120 },
            false,
        ),
    ],
};

const SCHOOL: Section = Section {
    key: "school",
    title_en: "School and program",
    title_fr: "Établissement et programme",
    applies: Applies::Always,
    questions: &[
        q(
            "institution",
            "Designated learning institution",
            "Établissement d'enseignement désigné",
            K::Text { max: 150 },
            true,
        ),
        q(
            "dli_number",
            "DLI number",
            "Numéro d'EED",
            K::Text { max: 20 },
            true,
        ),
        q(
            "program",
            "Program of study",
            "Programme d'études",
            K::Text { max: 150 },
            true,
        ),
        q(
            "level",
            "Level of study",
            "Niveau d'études",
            K::Choice(STUDY_LEVEL),
            true,
        ),
        q(
            "start_date",
            "Program start date",
            "Date de début du programme",
            K::Date(DateRule::Future),
            true,
        ),
        q(
            "end_date",
            "Program end date",
            "Date de fin du programme",
            K::Date(DateRule::Future),
            true,
        ),
        q(
            "tuition",
            "Tuition for the first year (CAD)",
            "Droits de scolarité de la première année (CAD)",
            K::Amount,
            true,
        ),
    ],
};

const CLAIM: Section = Section {
    key: "claim",
    title_en: "Basis of claim",
    title_fr: "Fondement de la demande d'asile",
    applies: Applies::Always,
    questions: &[
        Question {
            key: "cbsa_file_number",
            label_en: "CBSA file number",
            label_fr: "Numéro de dossier de l'ASFC",
            kind: K::CbsaFileNumber,
            required: true,
            applies: Applies::CbsaClaim,
        },
        q(
            "arrival_in_canada",
            "Date of arrival in Canada",
            "Date d'arrivée au Canada",
            K::Date(DateRule::Past),
            true,
        ),
        q(
            "fear_of_return",
            "Do you fear returning to your country?",
            "Craignez-vous de retourner dans votre pays?",
            K::YesNo,
            true,
        ),
        q(
            "summary",
            "Summary of the basis of claim",
            "Résumé du fondement de la demande",
            K::LongText { max: 5000 },
            true,
        ),
        q(
            "interpreter_language",
            "Language needed for an interpreter",
            "Langue de l'interprète requis",
            K::Text { max: 60 },
            false,
        ),
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
