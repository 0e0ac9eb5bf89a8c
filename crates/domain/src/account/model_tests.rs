//! Tests of the account lifecycle: which transitions each status allows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use time::Duration;

use super::*;
use crate::account::test_support::*;

fn rejected() -> AccountStatus {
    AccountStatus::Rejected(RejectionReason::parse("Membership not confirmed").unwrap())
}

fn all_statuses() -> [AccountStatus; 5] {
    [
        AccountStatus::Pending,
        AccountStatus::Approved,
        rejected(),
        AccountStatus::ClosureRequested,
        AccountStatus::Closed,
    ]
}

/// The statuses from which `change` succeeds, and what it leaves behind otherwise.
fn allowed_from(
    change: impl Fn(&mut Account) -> Result<(), TransitionError>,
) -> Vec<AccountStatusKind> {
    all_statuses()
        .into_iter()
        .filter_map(|status| {
            let mut account = representative(status.clone());
            let before = account.clone();
            match change(&mut account) {
                Ok(()) => Some(status.kind()),
                Err(err) => {
                    assert_eq!(err.from, status.kind());
                    assert_eq!(account, before, "a refused transition changes nothing");
                    None
                }
            }
        })
        .collect()
}

#[test]
fn approving_a_pending_account_assigns_the_ircc_id() {
    let mut account = pending_representative();

    account.approve(ircc_id("P010001243312"), NOW).unwrap();

    assert_eq!(account.status, AccountStatus::Approved);
    assert_eq!(account.ircc_id, Some(ircc_id("P010001243312")));
    assert_eq!(account.updated_at, NOW);
    assert_eq!(
        account.version, 3,
        "the repository bumps the version, not the entity"
    );
}

#[test]
fn only_pending_accounts_can_be_approved() {
    let allowed = allowed_from(|a| a.approve(ircc_id("P000000000009"), NOW));
    assert_eq!(allowed, [AccountStatusKind::Pending]);
}

#[test]
fn rejecting_a_pending_account_keeps_the_reason() {
    let mut account = pending_representative();
    let reason = RejectionReason::parse("Membership not confirmed").unwrap();

    account.reject(reason.clone(), NOW).unwrap();

    assert_eq!(account.status, AccountStatus::Rejected(reason));
    assert_eq!(account.status.kind(), AccountStatusKind::Rejected);
    assert_eq!(account.updated_at, NOW);
}

#[test]
fn only_pending_accounts_can_be_rejected() {
    let reason = RejectionReason::parse("No").unwrap();
    let allowed = allowed_from(|a| a.reject(reason.clone(), NOW));
    assert_eq!(allowed, [AccountStatusKind::Pending]);
}

#[test]
fn closure_can_be_requested_from_any_open_status_once() {
    let allowed = allowed_from(|a| a.request_closure(NOW));
    assert_eq!(
        allowed,
        [
            AccountStatusKind::Pending,
            AccountStatusKind::Approved,
            AccountStatusKind::Rejected
        ]
    );
}

#[test]
fn an_account_is_closed_only_after_closure_was_requested() {
    let allowed = allowed_from(|a| a.close(NOW));
    assert_eq!(allowed, [AccountStatusKind::ClosureRequested]);
    let mut account = representative(AccountStatus::ClosureRequested);
    account.close(NOW).unwrap();
    assert_eq!(account.status, AccountStatus::Closed);
}

#[test]
fn only_closed_accounts_are_refused_sign_in() {
    let refused: Vec<_> = all_statuses()
        .into_iter()
        .filter(|s| !representative(s.clone()).can_sign_in())
        .map(|s| s.kind())
        .collect();
    assert_eq!(refused, [AccountStatusKind::Closed]);
}

#[test]
fn only_approved_representatives_may_start_applications() {
    let may: Vec<_> = all_statuses()
        .into_iter()
        .filter(|s| representative(s.clone()).can_start_applications())
        .map(|s| s.kind())
        .collect();
    assert_eq!(may, [AccountStatusKind::Approved]);
    assert!(!officer().can_start_applications());
}

#[test]
fn representatives_of_every_status_have_applications_and_officers_none() {
    assert!(
        all_statuses()
            .into_iter()
            .all(|s| representative(s).has_applications())
    );
    assert!(!officer().has_applications());
}

#[test]
fn setting_a_password_clears_the_one_time_password_flag() {
    let mut account = officer();
    account.must_change_password = true;

    account.set_password(fake_hash(NEW_PASSWORD), NOW + Duration::minutes(1));

    assert_eq!(account.password_hash, fake_hash(NEW_PASSWORD));
    assert!(!account.must_change_password);
    assert_eq!(account.updated_at, NOW + Duration::minutes(1));
}

#[test]
fn the_display_name_is_given_name_then_surname() {
    assert_eq!(approved_representative().display_name(), "John Doe");
}

#[test]
fn status_and_role_codes_round_trip() {
    for status in all_statuses() {
        let kind = status.kind();
        assert_eq!(AccountStatusKind::parse(kind.code()), Some(kind));
    }
    assert_eq!(AccountStatusKind::parse("archived"), None);
    for role in [Role::Representative, Role::Officer] {
        assert_eq!(Role::parse(role.code()), Some(role));
    }
    assert_eq!(Role::parse("admin"), None);
}
