//! Tests of submission (F14): the whole group at once, complete or not at all.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use time::OffsetDateTime;

use super::test_support::*;
use super::*;
use crate::error::RepositoryError;

/// A complete principal and family member of one refugee claim group.
fn complete_group() -> Vec<Application> {
    let principal = answered(draft(new_refugee_claim()));
    let member = answered(family_member(&principal, "Alice"));
    vec![principal, member]
}

/// `find` and `find_group` answer the group, and each member has its required documents.
fn arrange(mocks: &mut Mocks, group: &[Application]) {
    for member in group {
        mocks.expect_find(member);
        mocks.expect_documents(member, required_documents(member));
    }
    mocks.expect_group(group);
}

/// Expects the repository to submit, recorded, answered by `answer`.
fn expect_submit(
    mocks: &mut Mocks,
    answer: fn() -> Result<Vec<ApplicationNumber>, SaveApplicationError>,
) -> Recorder<(Vec<Application>, OffsetDateTime)> {
    let submitted = Recorder::new();
    mocks.applications.expect_submit().times(1).returning({
        let submitted = submitted.clone();
        move |applications, at, effects| {
            assert_eq!(
                effects.audit.len(),
                applications.len(),
                "each one is audited"
            );
            assert!(
                effects
                    .audit
                    .iter()
                    .all(|e| e.action == crate::audit::AuditAction::ApplicationSubmitted)
            );
            submitted.push((applications.to_vec(), at));
            answer()
        }
    });
    submitted
}

#[tokio::test]
async fn the_whole_group_is_submitted_together_and_each_applicant_gets_a_number() {
    let group = complete_group();
    let mut mocks = Mocks::new();
    arrange(&mut mocks, &group);
    let submitted = expect_submit(&mut mocks, || {
        Ok(vec![number("L100003694"), number("L100003696")])
    });

    let result = mocks
        .service()
        .submit(&approved_representative(), group[0].id)
        .await
        .unwrap();

    assert_eq!(submitted.only(), (group.clone(), NOW), "one atomic call");
    let numbers: Vec<_> = result
        .iter()
        .map(|a| a.number().map(ApplicationNumber::as_str))
        .collect();
    assert_eq!(numbers, [Some("L100003694"), Some("L100003696")]);
    for (after, before) in result.iter().zip(&group) {
        assert_eq!(after.id, before.id);
        assert_eq!(after.status(), ApplicationStatus::Submitted);
        assert_eq!(after.submitted_at(), Some(NOW));
        assert_eq!(after.version, before.version + 1);
        assert_eq!(after.days_left(NOW.date()), None);
    }
}

#[tokio::test]
async fn submitting_from_a_family_member_submits_the_whole_group() {
    let group = complete_group();
    let mut mocks = Mocks::new();
    arrange(&mut mocks, &group);
    let submitted = expect_submit(&mut mocks, || {
        Ok(vec![number("L100003694"), number("L100003696")])
    });

    let result = mocks
        .service()
        .submit(&approved_representative(), group[1].id)
        .await
        .unwrap();

    let (sent, _) = submitted.only();
    assert_eq!(sent, group, "principal first");
    assert_eq!(result.len(), 2);
}

#[tokio::test]
async fn an_individual_application_is_submitted_alone() {
    let application = answered(draft(ApplicationKind::StudyPermit));
    let mut mocks = Mocks::new();
    arrange(&mut mocks, std::slice::from_ref(&application));
    expect_submit(&mut mocks, || Ok(vec![number("S100000042")]));

    let result = mocks
        .service()
        .submit(&approved_representative(), application.id)
        .await
        .unwrap();

    assert_eq!(result.len(), 1);
    assert_eq!(result[0].number(), Some(&number("S100000042")));
}

#[tokio::test]
async fn a_second_submission_is_refused_as_already_submitted() {
    let mut application = answered(draft(visitor_visa()));
    application.submit(number("V100000001"), NOW).unwrap();
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);

    let err = mocks
        .service()
        .submit(&approved_representative(), application.id)
        .await
        .unwrap_err();

    assert!(matches!(err, SubmitError::AlreadySubmitted), "{err:?}");
}

#[tokio::test]
async fn an_incomplete_group_lists_every_missing_item_of_every_applicant() {
    let principal = answered(draft(visitor_visa()));
    let member = family_member(&principal, "Dash");
    let mut mocks = Mocks::new();
    mocks.expect_find(&principal);
    mocks.expect_group(&[principal.clone(), member.clone()]);
    let mut partial = required_documents(&principal);
    partial.retain(|d| d.item != "use_of_representative");
    mocks.expect_documents(&principal, partial);
    mocks.expect_documents(&member, Vec::new());
    // No submit expectation: submitting anything would fail the test.

    let err = mocks
        .service()
        .submit(&approved_representative(), principal.id)
        .await
        .unwrap_err();

    let SubmitError::Incomplete(incomplete) = err else {
        panic!("expected Incomplete, got {err:?}");
    };
    assert_eq!(incomplete.len(), 2);
    assert_eq!(
        incomplete[0],
        Incomplete {
            application_id: principal.id,
            applicant_name: "Helen Incredible".into(),
            missing: vec![missing_document("use_of_representative")],
        }
    );
    assert_eq!(incomplete[1].application_id, member.id);
    assert_eq!(incomplete[1].applicant_name, "Dash Incredible");
    assert_eq!(incomplete[1].missing, member.missing_items(&[]));
    assert!(
        incomplete[1]
            .missing
            .contains(&missing_answer("family", "relationship"))
    );
    assert!(incomplete[1].missing.contains(&missing_document("photo")));
}

#[tokio::test]
async fn a_group_changed_meanwhile_is_a_conflict() {
    let group = complete_group();
    let mut mocks = Mocks::new();
    arrange(&mut mocks, &group);
    expect_submit(&mut mocks, || Err(SaveApplicationError::Conflict));

    let err = mocks
        .service()
        .submit(&approved_representative(), group[0].id)
        .await
        .unwrap_err();

    assert!(matches!(err, SubmitError::Conflict), "{err:?}");
}

#[tokio::test]
async fn a_group_deleted_meanwhile_is_not_found() {
    let group = complete_group();
    let mut mocks = Mocks::new();
    arrange(&mut mocks, &group);
    expect_submit(&mut mocks, || Err(SaveApplicationError::NotFound));

    let err = mocks
        .service()
        .submit(&approved_representative(), group[0].id)
        .await
        .unwrap_err();

    assert!(matches!(err, SubmitError::NotFound), "{err:?}");
}

#[tokio::test]
async fn a_storage_failure_while_submitting_is_unexpected() {
    let group = complete_group();
    let mut mocks = Mocks::new();
    arrange(&mut mocks, &group);
    expect_submit(&mut mocks, || {
        Err(SaveApplicationError::Unexpected(RepositoryError::message(
            "sequence exhausted",
        )))
    });

    let err = mocks
        .service()
        .submit(&approved_representative(), group[0].id)
        .await
        .unwrap_err();

    assert!(matches!(err, SubmitError::Unexpected(_)), "{err:?}");
}

#[tokio::test]
async fn another_representatives_application_cannot_be_submitted() {
    let application = answered(draft(visitor_visa()));
    let mut mocks = Mocks::new();
    mocks.expect_find_nothing(stranger(), application.id);

    let err = mocks
        .service()
        .submit(&stranger_account(), application.id)
        .await
        .unwrap_err();

    assert!(matches!(err, SubmitError::NotFound), "{err:?}");
}

#[tokio::test]
async fn a_draft_past_its_last_day_cannot_be_submitted() {
    let mut application = answered(draft(visitor_visa()));
    application.state = ApplicationState::Draft {
        expires_on: NOW.date() - time::Duration::days(1),
    };
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);

    let err = mocks
        .service()
        .submit(&approved_representative(), application.id)
        .await
        .unwrap_err();

    assert!(matches!(err, SubmitError::Expired), "{err:?}");
}

#[tokio::test]
async fn a_representative_not_in_good_standing_cannot_submit() {
    let application = answered(draft(visitor_visa()));
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    mocks.applications.expect_submit().never();
    let mut suspended = approved_representative();
    if let Some(details) = suspended.representative.as_mut() {
        details.standing = crate::account::Standing::Suspended;
    }

    let err = mocks
        .service()
        .submit(&suspended, application.id)
        .await
        .unwrap_err();

    assert!(matches!(err, SubmitError::NotInGoodStanding), "{err:?}");
}
