//! Tests of sign-in (F2) and its per-email throttling against mocks of the ports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use time::Duration;

use super::*;
use crate::account::model::AccountStatus;
use crate::account::test_support::*;
use crate::audit::AuditEvent;
use crate::error::RepositoryError;

/// Expects the throttle to hold `state` under the sample representative's email.
fn throttle_holds(mocks: &mut Mocks, state: Option<ThrottleState>) {
    mocks
        .throttle
        .expect_get()
        .withf(|key| key.as_str() == REP_EMAIL)
        .times(1)
        .returning(move |_| Ok(state));
}

/// Expects one failure to be recorded under `key`, and returns what was stored.
fn expect_failure_recorded(mocks: &mut Mocks, key: &'static str) -> Recorder<ThrottleState> {
    let stored = Recorder::new();
    mocks
        .throttle
        .expect_put()
        .withf(move |k, _| k.as_str() == key)
        .times(1)
        .returning({
            let stored = stored.clone();
            move |_, state| {
                stored.push(*state);
                Ok(())
            }
        });
    mocks
        .accounts
        .expect_record()
        .withf(|effects| {
            effects.audit.len() == 1
                && effects.audit[0].action == crate::audit::AuditAction::SignInFailed
                && effects.mails.is_empty()
        })
        .times(1)
        .returning(|_| Ok(()));
    stored
}

fn failures(count: u32, last_failure_ago: Duration) -> ThrottleState {
    ThrottleState {
        failures: count,
        last_failure_at: NOW - last_failure_ago,
        blocked_until: None,
    }
}

#[tokio::test]
async fn signing_in_starts_a_session_under_the_new_tokens_digest_and_clears_the_throttle() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    throttle_holds(&mut mocks, Some(failures(2, Duration::minutes(5))));
    mocks.expect_find_by_email(Some(account.clone()));
    mocks.expect_verify(1);
    mocks.expect_new_token("token-1");
    let expected = Session {
        digest: digest_of("token-1"),
        account_id: account.id,
        created_at: NOW,
        last_seen_at: NOW,
    };
    mocks
        .sessions
        .expect_insert()
        .withf({
            let expected = expected.clone();
            move |s| *s == expected
        })
        .times(1)
        .returning(|_| Ok(()));
    mocks
        .throttle
        .expect_clear()
        .withf(|key| key.as_str() == REP_EMAIL)
        .times(1)
        .returning(|_| Ok(()));
    mocks
        .accounts
        .expect_record()
        .withf(move |effects| {
            effects.audit
                == [AuditEvent {
                    at: NOW,
                    actor: Some(account.id),
                    subject: Some(account.id),
                    action: AuditAction::SignedIn,
                }]
        })
        .times(1)
        .returning(|_| Ok(()));
    let service = mocks.service();

    let signed_in = service
        .sign_in("  John.Doe@CICC.com ", &secret(PASSWORD))
        .await
        .unwrap();

    assert_eq!(signed_in.token.expose(), "token-1");
    assert_eq!(signed_in.session, expected);
    assert_eq!(signed_in.account.display_name(), "John Doe");
}

#[tokio::test]
async fn signing_in_without_earlier_failures_leaves_the_throttle_alone() {
    let mut mocks = Mocks::new();
    throttle_holds(&mut mocks, None);
    mocks.expect_find_by_email(Some(approved_representative()));
    mocks.expect_verify(1);
    mocks.expect_new_token("token-1");
    mocks
        .sessions
        .expect_insert()
        .times(1)
        .returning(|_| Ok(()));
    mocks.throttle.expect_clear().never();
    mocks
        .accounts
        .expect_record()
        .times(1)
        .returning(|_| Ok(()));
    let service = mocks.service();

    service.sign_in(REP_EMAIL, &secret(PASSWORD)).await.unwrap();
}

#[tokio::test]
async fn a_wrong_password_is_invalid_credentials_and_counts_a_failure() {
    let mut mocks = Mocks::new();
    throttle_holds(&mut mocks, None);
    mocks.expect_find_by_email(Some(approved_representative()));
    mocks.expect_verify(1);
    let stored = expect_failure_recorded(&mut mocks, REP_EMAIL);
    mocks.sessions.expect_insert().never();
    let service = mocks.service();

    let err = service
        .sign_in(REP_EMAIL, &secret("Wrong#Password9"))
        .await
        .unwrap_err();

    assert!(matches!(err, SignInError::InvalidCredentials), "{err:?}");
    assert_eq!(stored.only(), failures(1, Duration::ZERO));
}

#[tokio::test]
async fn an_unknown_email_costs_a_hash_and_counts_a_failure_under_the_email_as_typed() {
    let mut mocks = Mocks::new();
    mocks
        .throttle
        .expect_get()
        .withf(|key| key.as_str() == "nobody@cicc.com")
        .returning(|_| Ok(None));
    mocks.expect_find_by_email(None);
    mocks.expect_hash(1);
    mocks.hasher.expect_verify().never();
    let stored = expect_failure_recorded(&mut mocks, "nobody@cicc.com");
    let service = mocks.service();

    let err = service
        .sign_in(" Nobody@CICC.com", &secret(PASSWORD))
        .await
        .unwrap_err();

    assert!(matches!(err, SignInError::InvalidCredentials), "{err:?}");
    assert_eq!(stored.only().failures, 1);
}

#[tokio::test]
async fn a_malformed_email_gets_the_same_answer_after_the_same_work() {
    let mut mocks = Mocks::new();
    mocks.throttle.expect_get().returning(|_| Ok(None));
    mocks.accounts.expect_find_by_email().never();
    mocks.expect_hash(1);
    let stored = expect_failure_recorded(&mut mocks, "not an email");
    let service = mocks.service();

    let err = service
        .sign_in("Not an email", &secret(PASSWORD))
        .await
        .unwrap_err();

    assert!(matches!(err, SignInError::InvalidCredentials), "{err:?}");
    assert_eq!(stored.only().failures, 1);
}

#[tokio::test]
async fn a_closed_account_is_refused_with_the_same_error_even_with_the_right_password() {
    let mut mocks = Mocks::new();
    throttle_holds(&mut mocks, None);
    mocks.expect_find_by_email(Some(representative(AccountStatus::Closed)));
    mocks.expect_verify(1);
    let stored = expect_failure_recorded(&mut mocks, REP_EMAIL);
    mocks.sessions.expect_insert().never();
    let service = mocks.service();

    let err = service
        .sign_in(REP_EMAIL, &secret(PASSWORD))
        .await
        .unwrap_err();

    assert!(matches!(err, SignInError::InvalidCredentials), "{err:?}");
    assert_eq!(stored.only().failures, 1);
}

#[tokio::test]
async fn the_fourth_failure_in_a_row_blocks_sign_in_for_one_second() {
    let mut mocks = Mocks::new();
    throttle_holds(&mut mocks, Some(failures(3, Duration::minutes(1))));
    mocks.expect_find_by_email(Some(approved_representative()));
    mocks.expect_verify(1);
    let stored = expect_failure_recorded(&mut mocks, REP_EMAIL);
    let service = mocks.service();

    service
        .sign_in(REP_EMAIL, &secret("Wrong#Password9"))
        .await
        .unwrap_err();

    assert_eq!(
        stored.only(),
        ThrottleState {
            failures: 4,
            last_failure_at: NOW,
            blocked_until: Some(NOW + Duration::seconds(1)),
        }
    );
}

#[tokio::test]
async fn while_blocked_sign_in_is_throttled_without_checking_the_password() {
    let mut mocks = Mocks::new();
    throttle_holds(
        &mut mocks,
        Some(ThrottleState {
            failures: 5,
            last_failure_at: NOW,
            blocked_until: Some(NOW + Duration::seconds(3)),
        }),
    );
    mocks.accounts.expect_find_by_email().never();
    mocks.hasher.expect_verify().never();
    mocks.hasher.expect_hash().never();
    mocks.throttle.expect_put().never();
    let service = mocks.service();

    let err = service
        .sign_in(REP_EMAIL, &secret(PASSWORD))
        .await
        .unwrap_err();

    let SignInError::Throttled { retry_after } = err else {
        panic!("expected Throttled, got {err:?}");
    };
    assert_eq!(retry_after, Duration::seconds(3));
}

#[tokio::test]
async fn once_the_wait_is_over_the_next_failure_waits_longer() {
    let mut mocks = Mocks::new();
    throttle_holds(
        &mut mocks,
        Some(ThrottleState {
            failures: 4,
            last_failure_at: NOW - Duration::seconds(2),
            blocked_until: Some(NOW - Duration::seconds(1)),
        }),
    );
    mocks.expect_find_by_email(Some(approved_representative()));
    mocks.expect_verify(1);
    let stored = expect_failure_recorded(&mut mocks, REP_EMAIL);
    let service = mocks.service();

    let err = service
        .sign_in(REP_EMAIL, &secret("Wrong#Password9"))
        .await
        .unwrap_err();

    assert!(matches!(err, SignInError::InvalidCredentials), "{err:?}");
    let state = stored.only();
    assert_eq!(state.failures, 5);
    assert_eq!(state.blocked_until, Some(NOW + Duration::seconds(3)));
}

#[tokio::test]
async fn failures_older_than_the_window_are_forgotten() {
    let mut mocks = Mocks::new();
    throttle_holds(&mut mocks, Some(failures(9, Duration::hours(25))));
    mocks.expect_find_by_email(Some(approved_representative()));
    mocks.expect_verify(1);
    let stored = expect_failure_recorded(&mut mocks, REP_EMAIL);
    let service = mocks.service();

    service
        .sign_in(REP_EMAIL, &secret("Wrong#Password9"))
        .await
        .unwrap_err();

    assert_eq!(stored.only(), failures(1, Duration::ZERO));
}

#[tokio::test]
async fn a_storage_failure_while_signing_in_is_unexpected() {
    let mut mocks = Mocks::new();
    mocks
        .throttle
        .expect_get()
        .returning(|_| Err(RepositoryError::message("connection lost")));
    let service = mocks.service();

    let err = service
        .sign_in(REP_EMAIL, &secret(PASSWORD))
        .await
        .unwrap_err();

    assert!(matches!(err, SignInError::Unexpected(_)), "{err:?}");
}
