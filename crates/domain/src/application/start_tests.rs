//! Tests of starting applications (F10) and of the expiry day they get (F12).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use time::macros::{date, datetime};

use super::test_support::*;
use super::*;
use crate::account::{Account, AccountStatus};
use crate::error::RepositoryError;

fn applicant(given: &str) -> Applicant {
    Applicant {
        given_name: name(given),
        family_name: name("Incredible"),
    }
}

fn command(kind: ApplicationKind, family: &[&str]) -> StartCommand {
    StartCommand {
        kind,
        acknowledged: true,
        principal: applicant("Helen"),
        family_members: family.iter().map(|g| applicant(g)).collect(),
    }
}

/// Expects one group number and one insert, recorded.
fn expect_start(mocks: &mut Mocks) -> Recorder<Vec<Application>> {
    mocks
        .applications
        .expect_next_group_id()
        .times(1)
        .returning(|| Ok(group()));
    let inserted = Recorder::new();
    mocks.applications.expect_insert().times(1).returning({
        let inserted = inserted.clone();
        move |applications, effects| {
            let audited: Vec<_> = effects.audit.iter().map(|e| e.application).collect();
            let started: Vec<_> = applications.iter().map(|a| Some(a.id)).collect();
            assert_eq!(audited, started, "each new application is audited");
            assert!(
                effects
                    .audit
                    .iter()
                    .all(|e| e.action == crate::audit::AuditAction::ApplicationCreated)
            );
            inserted.push(applications.to_vec());
            Ok(())
        }
    });
    inserted
}

async fn start_one(mocks: Mocks, kind: ApplicationKind) -> Application {
    let mut started = mocks
        .service()
        .start(&approved_representative(), command(kind, &[]))
        .await
        .unwrap();
    assert_eq!(started.len(), 1);
    started.remove(0)
}

#[tokio::test]
async fn a_start_without_acknowledging_the_instructions_is_refused_and_nothing_is_stored() {
    // No expectations: reserving a group number or storing anything would fail the test.
    let service = Mocks::new().service();
    let mut unacknowledged = command(visitor_visa(), &[]);
    unacknowledged.acknowledged = false;

    let err = service
        .start(&approved_representative(), unacknowledged)
        .await
        .unwrap_err();

    assert!(matches!(err, StartError::NotAcknowledged), "{err:?}");
}

#[tokio::test]
async fn only_an_approved_representative_may_start_an_application() {
    let refused: [(&str, Account); 5] = [
        ("pending", representative(AccountStatus::Pending)),
        ("rejected", rejected_representative()),
        (
            "closure requested",
            representative(AccountStatus::ClosureRequested),
        ),
        ("closed", representative(AccountStatus::Closed)),
        ("officer", officer()),
    ];
    for (who, account) in refused {
        let service = Mocks::new().service();

        let err = service
            .start(&account, command(visitor_visa(), &[]))
            .await
            .unwrap_err();

        assert!(matches!(err, StartError::NotApproved), "{who}: {err:?}");
    }
}

#[tokio::test]
async fn a_representative_not_in_good_standing_cannot_start_an_application() {
    for standing in [
        crate::account::Standing::Suspended,
        crate::account::Standing::Revoked,
    ] {
        let mut account = approved_representative();
        if let Some(details) = account.representative.as_mut() {
            details.standing = standing;
        }
        let err = Mocks::new()
            .service()
            .start(&account, command(visitor_visa(), &[]))
            .await
            .unwrap_err();

        assert!(matches!(err, StartError::NotInGoodStanding), "{err:?}");
    }
}

#[tokio::test]
async fn an_individual_application_is_a_principal_draft_in_a_new_group() {
    let mut mocks = Mocks::new();
    let inserted = expect_start(&mut mocks);

    let started = start_one(mocks, visitor_visa()).await;

    assert_eq!(
        inserted.only(),
        std::slice::from_ref(&started),
        "what is returned is stored"
    );
    assert_eq!(started.representative_id, owner());
    assert_eq!(started.group_id, group());
    assert_eq!(started.role, GroupRole::Principal);
    assert_eq!(started.applicant_name, "Helen Incredible");
    assert_eq!(started.answers[&key("identity", "given_name")], "Helen");
    assert_eq!(
        started.answers[&key("identity", "family_name")],
        "Incredible"
    );
    assert_eq!(started.answers.len(), 2, "only the names are prefilled");
    assert_eq!(started.status(), ApplicationStatus::InProgress);
    assert_eq!(started.number(), None);
    assert_eq!(started.submitted_at(), None);
    assert_eq!((started.created_at, started.last_saved_at), (NOW, NOW));
    assert_eq!(started.questionnaire_version, 1);
    assert_eq!(started.version, 0);
}

#[tokio::test]
async fn a_group_shares_one_group_id_with_the_principal_first_then_the_family_members() {
    let mut mocks = Mocks::new();
    let inserted = expect_start(&mut mocks);
    let service = mocks.service();

    let started = service
        .start(
            &approved_representative(),
            command(new_refugee_claim(), &["Alice", "Dash"]),
        )
        .await
        .unwrap();

    assert_eq!(
        inserted.only(),
        started,
        "the group is stored in one insert"
    );
    let names: Vec<_> = started.iter().map(|a| a.applicant_name.as_str()).collect();
    assert_eq!(
        names,
        ["Helen Incredible", "Alice Incredible", "Dash Incredible"]
    );
    let roles: Vec<_> = started.iter().map(|a| a.role).collect();
    assert_eq!(
        roles,
        [
            GroupRole::Principal,
            GroupRole::FamilyMember,
            GroupRole::FamilyMember
        ]
    );
    assert!(started.iter().all(|a| a.group_id == group()));
    assert!(started.iter().all(|a| a.kind == new_refugee_claim()));
    let ids: Vec<_> = started.iter().map(|a| a.id.as_uuid().as_u128()).collect();
    assert_eq!(
        ids,
        [1, 2, 3],
        "each applicant has an application of their own, identified by the port"
    );
}

#[tokio::test]
async fn a_visitor_visa_keeps_its_purpose_and_processing() {
    for (purpose, processing) in [
        (VisitPurpose::Visit, VisaProcessing::Emergency),
        (VisitPurpose::Visit, VisaProcessing::SpecialMeasures),
        (VisitPurpose::Transit, VisaProcessing::Regular),
    ] {
        let kind = ApplicationKind::VisitorVisa {
            purpose,
            processing,
        };
        let mut mocks = Mocks::new();
        expect_start(&mut mocks);

        let started = start_one(mocks, kind.clone()).await;

        assert_eq!(started.kind, kind);
        assert_eq!(
            started.definition().application_type,
            ApplicationType::VisitorVisa
        );
    }
}

#[tokio::test]
async fn a_study_permit_answers_the_study_permit_questionnaire() {
    let mut mocks = Mocks::new();
    expect_start(&mut mocks);

    let started = start_one(mocks, ApplicationKind::StudyPermit).await;

    assert_eq!(started.kind, ApplicationKind::StudyPermit);
    assert_eq!(
        started.definition(),
        definitions::current(ApplicationType::StudyPermit)
    );
    assert!(started.definition().section("school").is_some());
}

#[tokio::test]
async fn a_new_refugee_claim_has_no_cbsa_file_number() {
    let mut mocks = Mocks::new();
    expect_start(&mut mocks);

    let started = start_one(mocks, new_refugee_claim()).await;

    assert_eq!(started.kind.cbsa_file_number(), None);
    assert!(
        !started
            .answers
            .contains_key(&key("claim", "cbsa_file_number"))
    );
}

#[tokio::test]
async fn a_continued_cbsa_claim_has_its_file_number_prefilled_in_the_claim_section() {
    let mut mocks = Mocks::new();
    expect_start(&mut mocks);

    let started = start_one(mocks, cbsa_claim()).await;

    assert_eq!(
        started.kind.application_type(),
        ApplicationType::RefugeeClaim
    );
    assert_eq!(
        started.answers[&key("claim", "cbsa_file_number")],
        CBSA_NUMBER
    );
}

#[tokio::test]
async fn a_draft_can_be_submitted_until_sixty_utc_days_after_the_day_it_was_created() {
    let mut mocks = Mocks::new();
    expect_start(&mut mocks);

    let started = start_one(mocks, visitor_visa()).await;

    assert_eq!(NOW.date(), date!(2025 - 03 - 10));
    assert_eq!(started.expires_on(), Some(date!(2025 - 05 - 09)));
}

#[tokio::test]
async fn a_draft_started_at_23_59_utc_counts_its_days_from_that_utc_day() {
    let mut mocks = Mocks::new();
    mocks.now = datetime!(2025-12-31 23:59:59 UTC);
    expect_start(&mut mocks);

    let started = start_one(mocks, visitor_visa()).await;

    assert_eq!(started.expires_on(), Some(date!(2026 - 03 - 01)));
}

#[tokio::test]
async fn a_clock_reading_in_another_offset_still_counts_utc_calendar_days() {
    let mut mocks = Mocks::new();
    // 20:00 in Montréal on March 10 is already March 11 in UTC.
    mocks.now = datetime!(2025-03-10 20:00 -4);
    expect_start(&mut mocks);

    let started = start_one(mocks, visitor_visa()).await;

    assert_eq!(started.expires_on(), Some(date!(2025 - 05 - 10)));
}

#[tokio::test]
async fn the_draft_lifetime_comes_from_the_settings() {
    let mut mocks = Mocks::new();
    mocks.settings.draft_lifetime_days = 30;
    expect_start(&mut mocks);

    let started = start_one(mocks, ApplicationKind::StudyPermit).await;

    assert_eq!(started.expires_on(), Some(date!(2025 - 04 - 09)));
}

#[tokio::test]
async fn a_group_of_twenty_family_members_is_accepted_but_not_twenty_one() {
    let twenty: Vec<String> = (0..MAX_FAMILY_MEMBERS)
        .map(|i| format!("Child {}", char::from(b'A' + u8::try_from(i).unwrap())))
        .collect();
    let mut mocks = Mocks::new();
    let inserted = expect_start(&mut mocks);
    let names: Vec<&str> = twenty.iter().map(String::as_str).collect();

    mocks
        .service()
        .start(&approved_representative(), command(visitor_visa(), &names))
        .await
        .unwrap();
    assert_eq!(inserted.only().len(), 21);

    let service = Mocks::new().service();
    let mut too_many = command(visitor_visa(), &names);
    too_many.family_members.push(applicant("Jack"));
    let err = service
        .start(&approved_representative(), too_many)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StartError::TooManyFamilyMembers { max: 20 }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_failure_to_reserve_a_group_number_is_unexpected_and_nothing_is_stored() {
    let mut mocks = Mocks::new();
    mocks
        .applications
        .expect_next_group_id()
        .times(1)
        .returning(|| Err(RepositoryError::message("sequence unavailable")));
    let service = mocks.service();

    let err = service
        .start(&approved_representative(), command(visitor_visa(), &[]))
        .await
        .unwrap_err();

    assert!(matches!(err, StartError::Unexpected(_)), "{err:?}");
}

#[tokio::test]
async fn a_storage_failure_while_starting_is_unexpected() {
    let mut mocks = Mocks::new();
    mocks
        .applications
        .expect_next_group_id()
        .returning(|| Ok(group()));
    mocks
        .applications
        .expect_insert()
        .times(1)
        .returning(|_, _| Err(RepositoryError::message("disk full")));
    let service = mocks.service();

    let err = service
        .start(&approved_representative(), command(visitor_visa(), &[]))
        .await
        .unwrap_err();

    assert!(matches!(err, StartError::Unexpected(_)), "{err:?}");
}
