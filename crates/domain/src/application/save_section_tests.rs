//! Tests of saving a questionnaire section (F11) through the service: what is stored,
//! what is refused, and how storage answers are passed on.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use time::Duration;

use super::test_support::*;
use super::*;
use crate::error::RepositoryError;

/// Expects one save, recorded, answered by `answer`.
fn expect_save(
    mocks: &mut Mocks,
    answer: fn() -> Result<(), SaveApplicationError>,
) -> Recorder<Application> {
    let saved = Recorder::new();
    mocks.applications.expect_save().times(1).returning({
        let saved = saved.clone();
        move |application, effects| {
            assert_eq!(
                effects.audit[0].action,
                crate::audit::AuditAction::ApplicationSaved
            );
            assert_eq!(effects.audit[0].application, Some(application.id));
            saved.push(application.clone());
            answer()
        }
    });
    saved
}

/// A visitor visa draft started a day before [`NOW`], so a save moves `last_saved_at`.
fn yesterdays_draft() -> Application {
    let mut application = draft(visitor_visa());
    application.created_at = NOW - Duration::days(1);
    application.last_saved_at = NOW - Duration::days(1);
    application.version = 4;
    application
}

async fn save(
    mocks: Mocks,
    application: &Application,
    section: &str,
    raw: &BTreeMap<String, String>,
) -> Result<Application, SaveAnswersError> {
    mocks
        .service()
        .save_section(owner(), application.id, section, raw)
        .await
}

#[tokio::test]
async fn valid_answers_are_stored_in_canonical_form_with_the_time_of_the_save() {
    let application = yesterdays_draft();
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    let saved = expect_save(&mut mocks, || Ok(()));
    let raw = answers(&[
        ("purpose", " tourism "),
        ("arrival_date", "2025-04-01"),
        ("departure_date", "2025-04-20"),
        ("funds", "0042000"),
        ("host", "Maria Incredible, Laval"),
    ]);

    let updated = save(mocks, &application, "visit", &raw).await.unwrap();

    let stored = saved.only();
    assert_eq!(
        stored.version, 4,
        "the save is conditional on the version read"
    );
    assert_eq!(stored.last_saved_at, NOW);
    assert_eq!(stored.created_at, application.created_at);
    assert_eq!(stored.answers[&key("visit", "purpose")], "tourism");
    assert_eq!(stored.answers[&key("visit", "funds")], "42000");
    assert_eq!(
        stored.answers[&key("visit", "departure_date")],
        "2025-04-20"
    );
    assert_eq!(
        stored.answers[&key("identity", "given_name")],
        "Helen",
        "answers of other sections are kept"
    );
    assert_eq!(updated.version, 5, "the caller gets the stored version");
    assert_eq!(updated.answers, stored.answers);
}

#[tokio::test]
async fn the_applicant_name_follows_the_identity_answers() {
    let application = yesterdays_draft();
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    let saved = expect_save(&mut mocks, || Ok(()));
    let raw = answers(&[
        ("given_name", "  Hélène   Marie "),
        ("family_name", "Parr-Incredible"),
    ]);

    let updated = save(mocks, &application, "identity", &raw).await.unwrap();

    assert_eq!(saved.only().applicant_name, "Hélène Marie Parr-Incredible");
    assert_eq!(updated.applicant_name, "Hélène Marie Parr-Incredible");
}

#[tokio::test]
async fn an_empty_answer_clears_the_saved_one() {
    let mut application = yesterdays_draft();
    application
        .save_section("visit", &answers(&[("host", "Maria Incredible")]), NOW)
        .unwrap();
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    let saved = expect_save(&mut mocks, || Ok(()));

    save(mocks, &application, "visit", &answers(&[("host", "   ")]))
        .await
        .unwrap();

    assert!(!saved.only().answers.contains_key(&key("visit", "host")));
}

#[tokio::test]
async fn invalid_answers_are_all_reported_and_nothing_is_stored() {
    let application = yesterdays_draft();
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    // No save expectation: storing anything would fail the test.
    let raw = answers(&[
        ("number", "AB-12"),
        ("issuing_country", "Colombia"),
        ("issue_date", "15/01/2020"),
        ("expiry_date", "2025-03-09"),
    ]);

    let err = save(mocks, &application, "passport", &raw)
        .await
        .unwrap_err();

    let SaveAnswersError::Refused(SaveSectionError::Invalid(invalid)) = err else {
        panic!("expected Invalid, got {err:?}");
    };
    let questions: Vec<_> = invalid.iter().map(|i| i.question.as_str()).collect();
    assert_eq!(questions, ["expiry_date", "issue_date", "number"]);
    assert_eq!(invalid[0].error, AnswerError::DateNotFuture);
    assert_eq!(invalid[1].error, AnswerError::DateFormat);
    assert!(matches!(invalid[2].error, AnswerError::Format(_)));
}

#[tokio::test]
async fn a_question_the_section_does_not_have_is_refused() {
    let application = yesterdays_draft();
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);

    let err = save(
        mocks,
        &application,
        "visit",
        &answers(&[("hotel", "Château Frontenac")]),
    )
    .await
    .unwrap_err();

    let SaveAnswersError::Refused(SaveSectionError::Invalid(invalid)) = err else {
        panic!("expected Invalid, got {err:?}");
    };
    assert_eq!(
        invalid,
        [InvalidAnswer {
            question: "hotel".into(),
            error: AnswerError::UnknownQuestion
        }]
    );
}

#[tokio::test]
async fn a_cbsa_file_number_cannot_be_given_on_a_new_claim() {
    let application = draft(new_refugee_claim());
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);

    let err = save(
        mocks,
        &application,
        "claim",
        &answers(&[("cbsa_file_number", CBSA_NUMBER), ("fear_of_return", "yes")]),
    )
    .await
    .unwrap_err();

    let SaveAnswersError::Refused(SaveSectionError::Invalid(invalid)) = err else {
        panic!("expected Invalid, got {err:?}");
    };
    assert_eq!(
        invalid,
        [InvalidAnswer {
            question: "cbsa_file_number".into(),
            error: AnswerError::NotApplicable
        }]
    );
}

#[tokio::test]
async fn a_cbsa_claim_can_correct_its_file_number() {
    let application = draft(cbsa_claim());
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    let saved = expect_save(&mut mocks, || Ok(()));

    save(
        mocks,
        &application,
        "claim",
        &answers(&[("cbsa_file_number", " 4012-3457 ")]),
    )
    .await
    .unwrap();

    assert_eq!(
        saved.only().answers[&key("claim", "cbsa_file_number")],
        "4012-3457"
    );
}

#[tokio::test]
async fn the_family_section_is_saved_only_for_a_family_member() {
    let principal = draft(visitor_visa());
    let member = family_member(&principal, "Alice");
    let relationship = answers(&[("relationship", "dependent_child")]);
    let mut mocks = Mocks::new();
    mocks.expect_find(&principal);
    mocks.expect_find(&member);
    let saved = expect_save(&mut mocks, || Ok(()));
    let service = mocks.service();

    let err = service
        .save_section(owner(), principal.id, "family", &relationship)
        .await
        .unwrap_err();
    service
        .save_section(owner(), member.id, "family", &relationship)
        .await
        .unwrap();

    assert!(
        matches!(
            err,
            SaveAnswersError::Refused(SaveSectionError::UnknownSection)
        ),
        "{err:?}"
    );
    let stored = saved.only();
    assert_eq!(stored.id, member.id);
    assert_eq!(
        stored.answers[&key("family", "relationship")],
        "dependent_child"
    );
}

#[tokio::test]
async fn a_section_of_another_application_type_is_unknown() {
    let application = draft(ApplicationKind::StudyPermit);
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);

    let err = save(
        mocks,
        &application,
        "visit",
        &answers(&[("purpose", "tourism")]),
    )
    .await
    .unwrap_err();

    assert!(
        matches!(
            err,
            SaveAnswersError::Refused(SaveSectionError::UnknownSection)
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_departure_before_the_arrival_is_refused() {
    let application = yesterdays_draft();
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);

    let err = save(
        mocks,
        &application,
        "visit",
        &answers(&[
            ("arrival_date", "2025-04-20"),
            ("departure_date", "2025-04-01"),
        ]),
    )
    .await
    .unwrap_err();

    let SaveAnswersError::Refused(SaveSectionError::Invalid(invalid)) = err else {
        panic!("expected Invalid, got {err:?}");
    };
    assert_eq!(
        invalid,
        [InvalidAnswer {
            question: "departure_date".into(),
            error: AnswerError::DateOrder {
                other: "arrival_date"
            }
        }]
    );
}

#[tokio::test]
async fn a_submitted_application_can_no_longer_change() {
    let mut application = answered(yesterdays_draft());
    application.submit(number("V100000001"), NOW).unwrap();
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);

    let err = save(mocks, &application, "visit", &answers(&[("funds", "9000")]))
        .await
        .unwrap_err();

    assert!(
        matches!(
            err,
            SaveAnswersError::Refused(SaveSectionError::AlreadySubmitted)
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_save_that_lost_a_race_is_a_conflict() {
    let application = yesterdays_draft();
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    expect_save(&mut mocks, || Err(SaveApplicationError::Conflict));

    let err = save(mocks, &application, "visit", &answers(&[("funds", "9000")]))
        .await
        .unwrap_err();

    assert!(matches!(err, SaveAnswersError::Conflict), "{err:?}");
}

#[tokio::test]
async fn an_application_deleted_meanwhile_is_not_found() {
    let application = yesterdays_draft();
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    expect_save(&mut mocks, || Err(SaveApplicationError::NotFound));

    let err = save(mocks, &application, "visit", &answers(&[("funds", "9000")]))
        .await
        .unwrap_err();

    assert!(matches!(err, SaveAnswersError::NotFound), "{err:?}");
}

#[tokio::test]
async fn a_storage_failure_while_saving_is_unexpected() {
    let application = yesterdays_draft();
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    expect_save(&mut mocks, || {
        Err(SaveApplicationError::Unexpected(RepositoryError::message(
            "connection lost",
        )))
    });

    let err = save(mocks, &application, "visit", &answers(&[("funds", "9000")]))
        .await
        .unwrap_err();

    assert!(matches!(err, SaveAnswersError::Unexpected(_)), "{err:?}");
}

#[tokio::test]
async fn another_representatives_application_is_not_found() {
    let application = yesterdays_draft();
    let mut mocks = Mocks::new();
    mocks.expect_find_nothing(stranger(), application.id);
    let service = mocks.service();

    let err = service
        .save_section(
            stranger(),
            application.id,
            "visit",
            &answers(&[("funds", "9000")]),
        )
        .await
        .unwrap_err();

    assert!(matches!(err, SaveAnswersError::NotFound), "{err:?}");
}
