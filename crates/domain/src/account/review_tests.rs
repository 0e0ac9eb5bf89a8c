//! Tests of the officer's review of enrolments (F1, F22) against mocks of the ports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Mutex;

use super::*;
use crate::account::model::AccountStatusKind;
use crate::account::test_support::*;
use crate::audit::AuditEvent;
use crate::error::RepositoryError;

/// Records every update and answers them in turn with `answers` (then `Ok`).
fn expect_updates(
    mocks: &mut Mocks,
    answers: Vec<UpdateAccountError>,
) -> Recorder<(Account, SideEffects)> {
    let updated = Recorder::new();
    let answers = Mutex::new(answers.into_iter());
    mocks.accounts.expect_update().returning({
        let updated = updated.clone();
        move |account, effects| {
            updated.push((account.clone(), effects.clone()));
            answers.lock().unwrap().next().map_or(Ok(()), Err)
        }
    });
    updated
}

/// The generator hands out these IRCC IDs, in order.
fn expect_ircc_ids(mocks: &mut Mocks, ids: &'static [&'static str]) {
    let times = ids.len();
    let ids = Mutex::new(ids.iter().copied());
    mocks
        .secrets
        .expect_ircc_id()
        .times(times)
        .returning(move || ircc_id(ids.lock().unwrap().next().unwrap()));
}

fn assert_transition_from(err: OfficerActionError, from: AccountStatusKind) {
    assert!(
        matches!(err, OfficerActionError::InvalidTransition(e) if e.from == from),
        "{err:?}"
    );
}

#[tokio::test]
async fn approving_assigns_an_ircc_id_and_tells_the_representative() {
    let officer = officer();
    let account = pending_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    expect_ircc_ids(&mut mocks, &["P010001243312"]);
    let updated = expect_updates(&mut mocks, vec![]);
    let service = mocks.service();

    let approved = service
        .approve_enrolment(&officer, account.id)
        .await
        .unwrap();

    let (saved, effects) = updated.only();
    assert_eq!(saved.status, AccountStatus::Approved);
    assert_eq!(saved.ircc_id, Some(ircc_id("P010001243312")));
    assert_eq!(saved.version, account.version, "the version read is sent");
    assert!(
        effects.messages[0]
            .subject
            .starts_with("en:notice-enrolment-approved-subject"),
        "{}",
        effects.messages[0].subject
    );
    assert!(effects.messages[0].body.contains("P010001243312"));
    assert!(
        effects.mails[0]
            .subject
            .starts_with("en:notice-enrolment-approved-subject"),
        "{}",
        effects.mails[0].subject
    );
    assert_eq!(
        effects.audit,
        [AuditEvent {
            at: NOW,
            actor: Some(officer.id),
            subject: Some(account.id),
            application: None,
            enquiry: None,
            action: AuditAction::EnrolmentApproved,
        }]
    );
    assert_eq!(approved.ircc_id, Some(ircc_id("P010001243312")));
    assert_eq!(approved.version, account.version + 1);
    assert!(approved.can_start_applications());
}

#[tokio::test]
async fn a_representative_cannot_approve_enrolments() {
    let mut mocks = Mocks::new();
    mocks.accounts.expect_find_by_id().never();
    let service = mocks.service();

    let actor = approved_representative();
    let err = service
        .approve_enrolment(&actor, pending_representative().id)
        .await
        .unwrap_err();

    assert!(matches!(err, OfficerActionError::Forbidden), "{err:?}");
}

#[tokio::test]
async fn an_officer_who_has_not_replaced_the_one_time_password_cannot_approve_enrolments() {
    let mut fresh = officer();
    fresh.must_change_password = true;
    let service = Mocks::new().service();

    let err = service
        .approve_enrolment(&fresh, pending_representative().id)
        .await
        .unwrap_err();

    assert!(matches!(err, OfficerActionError::Forbidden), "{err:?}");
}

#[tokio::test]
async fn a_closed_officer_account_cannot_approve_enrolments() {
    let mut closed = officer();
    closed.status = AccountStatus::Closed;
    let service = Mocks::new().service();

    let err = service
        .approve_enrolment(&closed, pending_representative().id)
        .await
        .unwrap_err();

    assert!(matches!(err, OfficerActionError::Forbidden), "{err:?}");
}

#[tokio::test]
async fn a_taken_ircc_id_is_replaced_by_a_fresh_one() {
    let account = pending_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    expect_ircc_ids(&mut mocks, &["P000000000001", "P000000000002"]);
    let updated = expect_updates(&mut mocks, vec![UpdateAccountError::IrccIdTaken]);
    let service = mocks.service();

    let approved = service
        .approve_enrolment(&officer(), account.id)
        .await
        .unwrap();

    assert_eq!(approved.ircc_id, Some(ircc_id("P000000000002")));
    assert_eq!(approved.version, account.version + 1);
    let tried: Vec<_> = updated.all().into_iter().map(|(a, _)| a.ircc_id).collect();
    assert_eq!(
        tried,
        [
            Some(ircc_id("P000000000001")),
            Some(ircc_id("P000000000002"))
        ]
    );
}

#[tokio::test]
async fn approval_gives_up_after_five_taken_ircc_ids() {
    let account = pending_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks
        .secrets
        .expect_ircc_id()
        .times(5)
        .returning(|| ircc_id("P000000000001"));
    mocks
        .accounts
        .expect_update()
        .times(5)
        .returning(|_, _| Err(UpdateAccountError::IrccIdTaken));
    let service = mocks.service();

    let err = service
        .approve_enrolment(&officer(), account.id)
        .await
        .unwrap_err();

    assert!(matches!(err, OfficerActionError::Unexpected(_)), "{err:?}");
}

#[tokio::test]
async fn only_a_pending_enrolment_can_be_approved() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks
        .secrets
        .expect_ircc_id()
        .returning(|| ircc_id("P000000000001"));
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let err = service
        .approve_enrolment(&officer(), account.id)
        .await
        .unwrap_err();

    assert_transition_from(err, AccountStatusKind::Approved);
}

#[tokio::test]
async fn approving_an_unknown_account_is_not_found() {
    let mut mocks = Mocks::new();
    mocks.accounts.expect_find_by_id().returning(|_| Ok(None));
    let service = mocks.service();

    let err = service
        .approve_enrolment(&officer(), pending_representative().id)
        .await
        .unwrap_err();

    assert!(matches!(err, OfficerActionError::NotFound), "{err:?}");
}

#[tokio::test]
async fn an_officer_account_is_not_an_enrolment_to_approve() {
    let other_officer = officer();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&other_officer);
    let service = mocks.service();

    let err = service
        .approve_enrolment(&officer(), other_officer.id)
        .await
        .unwrap_err();

    assert!(matches!(err, OfficerActionError::NotFound), "{err:?}");
}

#[tokio::test]
async fn an_approval_racing_another_change_is_a_conflict() {
    let account = pending_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    expect_ircc_ids(&mut mocks, &["P000000000001"]);
    let _updated = expect_updates(&mut mocks, vec![UpdateAccountError::Conflict]);
    let service = mocks.service();

    let err = service
        .approve_enrolment(&officer(), account.id)
        .await
        .unwrap_err();

    assert!(matches!(err, OfficerActionError::Conflict), "{err:?}");
}

#[tokio::test]
async fn rejecting_records_the_reason_and_tells_the_representative() {
    let officer = officer();
    let mut account = pending_representative();
    account.language = Language::French;
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    let updated = expect_updates(&mut mocks, vec![]);
    let service = mocks.service();

    let reason = RejectionReason::parse("Membership ID not found with the CICC").unwrap();
    let rejected = service
        .reject_enrolment(&officer, account.id, reason.clone())
        .await
        .unwrap();

    let (saved, effects) = updated.only();
    assert_eq!(saved.status, AccountStatus::Rejected(reason.clone()));
    assert!(
        effects.messages[0]
            .subject
            .starts_with("fr:notice-enrolment-rejected-subject"),
        "{}",
        effects.messages[0].subject
    );
    assert!(effects.mails[0].body.contains(reason.as_str()));
    assert_eq!(effects.audit[0].action, AuditAction::EnrolmentRejected);
    assert_eq!(effects.audit[0].actor, Some(officer.id));
    assert_eq!(rejected.status, AccountStatus::Rejected(reason));
    assert_eq!(rejected.ircc_id, None);
}

#[tokio::test]
async fn a_representative_cannot_reject_enrolments() {
    let service = Mocks::new().service();

    let reason = RejectionReason::parse("No").unwrap();
    let err = service
        .reject_enrolment(
            &approved_representative(),
            pending_representative().id,
            reason,
        )
        .await
        .unwrap_err();

    assert!(matches!(err, OfficerActionError::Forbidden), "{err:?}");
}

#[tokio::test]
async fn only_a_pending_enrolment_can_be_rejected() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let reason = RejectionReason::parse("Too late").unwrap();
    let err = service
        .reject_enrolment(&officer(), account.id, reason)
        .await
        .unwrap_err();

    assert_transition_from(err, AccountStatusKind::Approved);
}

#[tokio::test]
async fn a_storage_failure_while_rejecting_is_unexpected() {
    let account = pending_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks.accounts.expect_update().returning(|_, _| {
        Err(UpdateAccountError::Unexpected(RepositoryError::message(
            "connection lost",
        )))
    });
    let service = mocks.service();

    let reason = RejectionReason::parse("Incomplete").unwrap();
    let err = service
        .reject_enrolment(&officer(), account.id, reason)
        .await
        .unwrap_err();

    assert!(matches!(err, OfficerActionError::Unexpected(_)), "{err:?}");
}
