//! Tests of the answer rules a section save applies (F11): each answer kind, the date
//! rules relative to the day of the save, and dates that must be in order.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use time::Duration;

use super::test_support::*;
use super::*;

/// Saves one section of a fresh visitor visa draft (or `kind`) at [`NOW`].
fn save(
    kind: ApplicationKind,
    section: &str,
    pairs: &[(&str, &str)],
) -> Result<Answers, Vec<InvalidAnswer>> {
    let mut application = draft(kind);
    match application.save_section(section, &answers(pairs), NOW) {
        Ok(()) => Ok(application.answers),
        Err(SaveSectionError::Invalid(invalid)) => Err(invalid),
        Err(other) => panic!("expected a validation outcome, got {other:?}"),
    }
}

/// The one error of a single invalid answer.
fn refused(kind: ApplicationKind, section: &str, question: &str, raw: &str) -> AnswerError {
    let invalid = save(kind, section, &[(question, raw)]).unwrap_err();
    assert_eq!(invalid.len(), 1, "{invalid:?}");
    assert_eq!(invalid[0].question, question);
    invalid[0].error.clone()
}

/// The canonical text a single valid answer is stored as.
fn stored(kind: ApplicationKind, section: &str, question: &str, raw: &str) -> String {
    let answers = save(kind, section, &[(question, raw)]).unwrap();
    answers[&key(section, question)].clone()
}

fn day(offset: i64) -> String {
    (NOW.date() + Duration::days(offset)).to_string()
}

#[test]
fn every_invalid_answer_of_a_section_is_reported_at_once_and_nothing_changes() {
    let mut application = draft(visitor_visa());
    let before = application.clone();
    let raw = answers(&[
        ("family_name", "Incredible3"),
        ("given_name", "Hélène"),
        ("date_of_birth", day(1).as_str()),
        ("sex", "F"),
        ("country_of_birth", "C".repeat(61).as_str()),
        ("citizenship", "Colombia\nPeru"),
        ("marital_status", "engaged"),
    ]);

    let err = application
        .save_section("identity", &raw, NOW + Duration::hours(1))
        .unwrap_err();

    let SaveSectionError::Invalid(invalid) = err else {
        panic!("expected Invalid, got {err:?}");
    };
    let questions: Vec<_> = invalid.iter().map(|i| i.question.as_str()).collect();
    assert_eq!(
        questions,
        [
            "citizenship",
            "country_of_birth",
            "date_of_birth",
            "family_name",
            "marital_status",
            "sex"
        ]
    );
    assert_eq!(invalid[0].error, AnswerError::MultiLine);
    assert_eq!(invalid[1].error, AnswerError::TooLong { max: 60 });
    assert_eq!(invalid[2].error, AnswerError::DateNotPast);
    assert!(matches!(invalid[3].error, AnswerError::Format(_)));
    assert_eq!(
        invalid[4].error,
        AnswerError::Choice {
            choices: "single, married, common_law, separated, divorced, widowed".into()
        }
    );
    assert_eq!(
        invalid[5].error,
        AnswerError::Choice {
            choices: "female, male, another_gender".into()
        }
    );
    assert_eq!(application, before, "not even the valid given name is kept");
}

#[test]
fn text_is_counted_in_characters_and_kept_on_one_line() {
    let sixty_accents = "é".repeat(60);
    assert_eq!(
        stored(
            visitor_visa(),
            "identity",
            "country_of_birth",
            &sixty_accents
        ),
        sixty_accents
    );
    assert_eq!(
        refused(
            visitor_visa(),
            "identity",
            "country_of_birth",
            &"e".repeat(61)
        ),
        AnswerError::TooLong { max: 60 }
    );
    for multi_line in ["Bogotá\nColombia", "Bogotá\rColombia"] {
        assert_eq!(
            refused(visitor_visa(), "contact", "address", multi_line),
            AnswerError::MultiLine
        );
    }
    assert_eq!(
        stored(visitor_visa(), "contact", "city", "  Laval  "),
        "Laval"
    );
}

#[test]
fn control_and_direction_characters_are_refused_in_every_kind_of_answer() {
    let poisoned = |text: &str| -> Vec<String> {
        ["\u{0}", "\u{1B}", "\u{85}", "\u{202E}"]
            .iter()
            .map(|c| format!("{text}{c}"))
            .collect()
    };
    for raw in poisoned("Bogotá") {
        assert!(
            matches!(
                refused(visitor_visa(), "contact", "city", &raw),
                AnswerError::Characters(_)
            ),
            "one line: {raw:?}"
        );
    }
    for raw in poisoned("We were threatened.\nWe left at night.") {
        assert!(
            matches!(
                refused(new_refugee_claim(), "claim", "summary", &raw),
                AnswerError::Characters(_)
            ),
            "several lines: {raw:?}"
        );
    }
    for raw in poisoned("Hélène") {
        assert!(
            matches!(
                refused(visitor_visa(), "identity", "given_name", &raw),
                AnswerError::Format(_) | AnswerError::Characters(_)
            ),
            "name: {raw:?}"
        );
    }
}

#[test]
fn long_text_may_span_lines_up_to_its_limit() {
    let summary = "We were threatened.\nWe left at night.";
    assert_eq!(
        stored(new_refugee_claim(), "claim", "summary", summary),
        summary
    );
    assert_eq!(
        refused(new_refugee_claim(), "claim", "summary", &"a".repeat(5001)),
        AnswerError::TooLong { max: 5000 }
    );
}

#[test]
fn dates_are_written_year_month_day() {
    for bad in ["10/03/1988", "1988-3-10", "1988-02-30", "yesterday"] {
        assert_eq!(
            refused(visitor_visa(), "identity", "date_of_birth", bad),
            AnswerError::DateFormat,
            "{bad}"
        );
    }
}

#[test]
fn a_past_date_may_be_today_but_not_tomorrow() {
    assert_eq!(
        stored(visitor_visa(), "identity", "date_of_birth", &day(0)),
        "2025-03-10"
    );
    assert_eq!(
        refused(visitor_visa(), "identity", "date_of_birth", &day(1)),
        AnswerError::DateNotPast
    );
}

#[test]
fn a_future_date_may_be_today_but_not_yesterday() {
    assert_eq!(
        stored(visitor_visa(), "passport", "expiry_date", &day(0)),
        day(0)
    );
    assert_eq!(
        refused(visitor_visa(), "passport", "expiry_date", &day(-1)),
        AnswerError::DateNotFuture
    );
}

#[test]
fn digits_are_digits_only_within_their_count() {
    assert_eq!(
        stored(visitor_visa(), "contact", "telephone", "5143334545"),
        "5143334545"
    );
    for bad in ["514-333-4545", "514 333 4545", "123", "1234567890123456"] {
        assert_eq!(
            refused(visitor_visa(), "contact", "telephone", bad),
            AnswerError::Digits { min: 4, max: 15 },
            "{bad}"
        );
    }
}

#[test]
fn a_choice_is_one_of_its_codes() {
    assert_eq!(
        stored(visitor_visa(), "visit", "purpose", "transit"),
        "transit"
    );
    assert_eq!(
        refused(visitor_visa(), "visit", "purpose", "shopping"),
        AnswerError::Choice {
            choices: "tourism, family_visit, business, transit, other".into()
        }
    );
}

#[test]
fn an_amount_is_whole_dollars_up_to_one_hundred_million() {
    assert_eq!(stored(visitor_visa(), "visit", "funds", "0042"), "42");
    assert_eq!(
        stored(visitor_visa(), "visit", "funds", "100000000"),
        "100000000"
    );
    for bad in ["100000001", "1,000", "12.50", "-5", "$300", "lots"] {
        assert_eq!(
            refused(visitor_visa(), "visit", "funds", bad),
            AnswerError::Amount,
            "{bad}"
        );
    }
}

#[test]
fn yes_or_no_is_stored_in_lowercase() {
    assert_eq!(
        stored(new_refugee_claim(), "claim", "fear_of_return", " YES "),
        "yes"
    );
    assert_eq!(
        refused(new_refugee_claim(), "claim", "fear_of_return", "maybe"),
        AnswerError::YesNo
    );
}

#[test]
fn a_document_number_is_five_to_twenty_letters_and_digits_in_capitals() {
    assert_eq!(
        stored(visitor_visa(), "passport", "number", "ab1234567"),
        "AB1234567"
    );
    for bad in ["AB12", "AB 123456", "AB-123456", "A".repeat(21).as_str()] {
        assert!(
            matches!(
                refused(visitor_visa(), "passport", "number", bad),
                AnswerError::Format(_)
            ),
            "{bad}"
        );
    }
}

#[test]
fn an_email_answer_is_checked_and_lowercased() {
    assert_eq!(
        stored(visitor_visa(), "contact", "email", "Helen@Example.COM"),
        "helen@example.com"
    );
    assert_eq!(
        refused(visitor_visa(), "contact", "email", "helen@example"),
        AnswerError::Format("the email address should have this format: name@example.com".into())
    );
}

#[test]
fn a_name_answer_has_letters_only_and_its_spaces_collapsed() {
    assert_eq!(
        stored(visitor_visa(), "identity", "family_name", " O’Neil   Parr "),
        "O’Neil Parr"
    );
    for bad in ["Helen2", "H@len", "a".repeat(101).as_str()] {
        assert!(
            matches!(
                refused(visitor_visa(), "identity", "given_name", bad),
                AnswerError::Format(_)
            ),
            "{bad}"
        );
    }
}

#[test]
fn a_cbsa_file_number_answer_has_eight_to_twelve_digits() {
    assert!(matches!(
        refused(cbsa_claim(), "claim", "cbsa_file_number", "4012"),
        AnswerError::Format(_)
    ));
}

#[test]
fn the_order_of_two_dates_is_checked_against_the_one_already_saved() {
    let mut application = draft(visitor_visa());
    application
        .save_section("visit", &answers(&[("arrival_date", "2025-04-10")]), NOW)
        .unwrap();

    let err = application
        .save_section("visit", &answers(&[("departure_date", "2025-04-01")]), NOW)
        .unwrap_err();

    assert_eq!(
        err,
        SaveSectionError::Invalid(vec![InvalidAnswer {
            question: "departure_date".into(),
            error: AnswerError::DateOrder {
                other: "arrival_date"
            },
        }])
    );
}

#[test]
fn a_transit_may_arrive_and_leave_on_the_same_day() {
    let today = day(0);
    let saved = save(
        visitor_visa(),
        "visit",
        &[
            ("arrival_date", today.as_str()),
            ("departure_date", today.as_str()),
        ],
    );

    assert!(saved.is_ok(), "{saved:?}");
}

#[test]
fn a_date_already_invalid_is_not_also_reported_out_of_order() {
    let invalid = save(
        ApplicationKind::StudyPermit,
        "school",
        &[("start_date", "2025-09-02"), ("end_date", day(-1).as_str())],
    )
    .unwrap_err();
    assert_eq!(
        invalid,
        [InvalidAnswer {
            question: "end_date".into(),
            error: AnswerError::DateNotFuture,
        }]
    );
}

#[test]
fn a_mistyped_earlier_date_is_not_compared_with_the_one_it_replaces() {
    let mut application = draft(visitor_visa());
    application
        .save_section("visit", &answers(&[("arrival_date", "2025-04-10")]), NOW)
        .unwrap();

    let err = application
        .save_section(
            "visit",
            &answers(&[
                ("arrival_date", "2025-04-0"),
                ("departure_date", "2025-04-05"),
            ]),
            NOW,
        )
        .unwrap_err();

    assert_eq!(
        err,
        SaveSectionError::Invalid(vec![InvalidAnswer {
            question: "arrival_date".into(),
            error: AnswerError::DateFormat,
        }]),
        "only the mistyped date is reported"
    );
}

#[test]
fn a_family_member_never_sees_the_cbsa_question_of_a_new_claim() {
    let member = family_member(&draft(new_refugee_claim()), "Alice");
    let mut application = member.clone();

    let err = application
        .save_section("claim", &answers(&[("cbsa_file_number", CBSA_NUMBER)]), NOW)
        .unwrap_err();

    assert!(matches!(
        err,
        SaveSectionError::Invalid(ref v) if v[0].error == AnswerError::NotApplicable
    ));
    assert_eq!(application, member);
}

#[test]
fn an_unknown_section_is_refused() {
    let mut application = draft(visitor_visa());

    let err = application
        .save_section("employment", &answers(&[("employer", "Acme")]), NOW)
        .unwrap_err();

    assert_eq!(err, SaveSectionError::UnknownSection);
}

#[test]
fn an_expired_draft_can_no_longer_be_saved() {
    let mut application = draft(visitor_visa());
    let after_last_day = NOW + Duration::days(61);
    let refused =
        application.save_section("contact", &answers(&[("city", "Lyon")]), after_last_day);
    assert_eq!(refused, Err(SaveSectionError::Expired));
    let on_last_day = NOW + Duration::days(60);
    assert!(
        application
            .save_section("contact", &answers(&[("city", "Lyon")]), on_last_day)
            .is_ok()
    );
}
