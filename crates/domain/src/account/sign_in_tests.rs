//! Tests of sign-in (F2) and its throttling per email, from each address and for every
//! address, against mocks of the ports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mockall::Sequence;
use time::Duration;

use super::*;
use crate::account::model::AccountStatus;
use crate::account::settings::ThrottlePolicy;
use crate::account::test_support::*;
use crate::audit::AuditEvent;
use crate::error::RepositoryError;

/// Expects one `SignInFailed` audit entry.
fn expect_failure_audited(mocks: &mut Mocks) {
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
}

fn counted(n: u32) -> AttemptCount {
    AttemptCount::Counted(n)
}

#[tokio::test]
async fn signing_in_starts_a_session_under_the_new_tokens_digest_and_takes_the_attempt_back() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_attempt(REP_EMAIL, counted(3), counted(7));
    mocks.expect_find_by_email(Some(account.clone()));
    mocks.expect_verify(1);
    mocks.expect_attempt_taken_back(REP_EMAIL);
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
        .accounts
        .expect_record()
        .withf(move |effects| {
            effects.audit
                == [AuditEvent {
                    at: NOW,
                    actor: Some(account.id),
                    subject: Some(account.id),
                    application: None,
                    enquiry: None,
                    action: AuditAction::SignedIn,
                }]
        })
        .times(1)
        .returning(|_| Ok(()));
    let service = mocks.service();

    let signed_in = service
        .sign_in("  John.Doe@CICC.com ", &secret(PASSWORD), CLIENT)
        .await
        .unwrap();

    assert_eq!(signed_in.token.expose(), "token-1");
    assert_eq!(signed_in.session, expected);
    assert_eq!(signed_in.account.display_name(), "John Doe");
}

#[tokio::test]
async fn the_attempt_is_counted_from_the_address_then_for_every_address_before_the_hash() {
    let mut mocks = Mocks::new();
    let mut order = Sequence::new();
    mocks
        .throttle
        .expect_count_attempt()
        .withf(|key, _, _| key.address() == Some(CLIENT))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _, _| Ok(AttemptCount::Counted(1)));
    mocks
        .throttle
        .expect_count_attempt()
        .withf(|key, _, _| key.address().is_none())
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _, _| Ok(AttemptCount::Counted(1)));
    mocks
        .accounts
        .expect_find_by_email()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(Some(approved_representative())));
    mocks
        .hasher
        .expect_verify()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(false));
    expect_failure_audited(&mut mocks);
    mocks.expect_attempt_kept();
    let service = mocks.service();

    let err = service
        .sign_in(REP_EMAIL, &secret("Wrong#Password9"), CLIENT)
        .await
        .unwrap_err();

    assert!(matches!(err, SignInError::InvalidCredentials), "{err:?}");
}

#[tokio::test]
async fn each_count_gets_its_own_policy_the_one_for_every_address_far_higher() {
    let mut mocks = Mocks::new();
    let seen = mocks.expect_attempt(REP_EMAIL, counted(1), counted(1));
    mocks.expect_find_by_email(Some(approved_representative()));
    mocks.expect_verify(1);
    expect_failure_audited(&mut mocks);
    mocks.expect_attempt_kept();
    let settings = mocks.settings.clone();
    let service = mocks.service();

    service
        .sign_in(REP_EMAIL, &secret("Wrong#Password9"), CLIENT)
        .await
        .unwrap_err();

    let seen = seen.all();
    assert_eq!(seen[0].1, settings.throttle);
    assert_eq!(seen[1].1, settings.account_throttle);
    assert_eq!(seen[1].1, ThrottlePolicy::for_every_address());
    assert!(seen[1].1.free_failures >= 10 * seen[0].1.free_failures);
}

#[tokio::test]
async fn a_wrong_password_is_invalid_credentials_and_stays_counted() {
    let mut mocks = Mocks::new();
    mocks.expect_attempt(REP_EMAIL, counted(2), counted(2));
    mocks.expect_find_by_email(Some(approved_representative()));
    mocks.expect_verify(1);
    expect_failure_audited(&mut mocks);
    mocks.expect_attempt_kept();
    mocks.sessions.expect_insert().never();
    let service = mocks.service();

    let err = service
        .sign_in(REP_EMAIL, &secret("Wrong#Password9"), CLIENT)
        .await
        .unwrap_err();

    assert!(matches!(err, SignInError::InvalidCredentials), "{err:?}");
}

#[tokio::test]
async fn an_unknown_email_costs_a_hash_and_counts_under_the_email_as_typed() {
    let mut mocks = Mocks::new();
    mocks.expect_attempt("nobody@cicc.com", counted(1), counted(1));
    mocks.expect_find_by_email(None);
    mocks.expect_hash(1);
    mocks.hasher.expect_verify().never();
    expect_failure_audited(&mut mocks);
    mocks.expect_attempt_kept();
    let service = mocks.service();

    let err = service
        .sign_in(" Nobody@CICC.com", &secret(PASSWORD), CLIENT)
        .await
        .unwrap_err();

    assert!(matches!(err, SignInError::InvalidCredentials), "{err:?}");
}

#[tokio::test]
async fn a_malformed_email_gets_the_same_answer_after_the_same_work() {
    let mut mocks = Mocks::new();
    mocks.expect_attempt("not an email", counted(1), counted(1));
    mocks.accounts.expect_find_by_email().never();
    mocks.expect_hash(1);
    expect_failure_audited(&mut mocks);
    let service = mocks.service();

    let err = service
        .sign_in("Not an email", &secret(PASSWORD), CLIENT)
        .await
        .unwrap_err();

    assert!(matches!(err, SignInError::InvalidCredentials), "{err:?}");
}

#[tokio::test]
async fn an_email_with_a_control_character_is_never_looked_up_and_gets_the_same_answer() {
    for typed in ["john.doe\u{0}@cicc.com", "john\u{1b}.doe@cicc.com"] {
        let mut mocks = Mocks::new();
        let key = ThrottleKey::for_email(typed);
        mocks
            .throttle
            .expect_count_attempt()
            .withf(move |k, _, _| k.email() == key.email())
            .times(2)
            .returning(|_, _, _| Ok(AttemptCount::Counted(1)));
        mocks.accounts.expect_find_by_email().never();
        mocks.expect_hash(1);
        expect_failure_audited(&mut mocks);
        let service = mocks.service();

        let err = service
            .sign_in(typed, &secret(PASSWORD), CLIENT)
            .await
            .unwrap_err();

        assert!(matches!(err, SignInError::InvalidCredentials), "{err:?}");
    }
}

#[tokio::test]
async fn a_closed_account_is_refused_with_the_same_error_even_with_the_right_password() {
    let mut mocks = Mocks::new();
    mocks.expect_attempt(REP_EMAIL, counted(1), counted(1));
    mocks.expect_find_by_email(Some(representative(AccountStatus::Closed)));
    mocks.expect_verify(1);
    expect_failure_audited(&mut mocks);
    mocks.expect_attempt_kept();
    mocks.sessions.expect_insert().never();
    let service = mocks.service();

    let err = service
        .sign_in(REP_EMAIL, &secret(PASSWORD), CLIENT)
        .await
        .unwrap_err();

    assert!(matches!(err, SignInError::InvalidCredentials), "{err:?}");
}

#[tokio::test]
async fn while_this_address_waits_sign_in_is_throttled_without_any_other_work() {
    let mut mocks = Mocks::new();
    mocks.expect_attempt(
        REP_EMAIL,
        AttemptCount::Blocked {
            until: NOW + Duration::seconds(3),
        },
        counted(0),
    );
    mocks.accounts.expect_find_by_email().never();
    mocks.hasher.expect_verify().never();
    mocks.hasher.expect_hash().never();
    mocks.expect_attempt_kept();
    let service = mocks.service();

    let err = service
        .sign_in(REP_EMAIL, &secret(PASSWORD), CLIENT)
        .await
        .unwrap_err();

    let SignInError::Throttled { retry_after } = err else {
        panic!("expected Throttled, got {err:?}");
    };
    assert_eq!(retry_after, Duration::seconds(3));
}

#[tokio::test]
async fn while_the_email_waits_for_every_address_sign_in_is_throttled_unchecked() {
    let mut mocks = Mocks::new();
    mocks.expect_attempt(
        REP_EMAIL,
        counted(1),
        AttemptCount::Blocked {
            until: NOW + Duration::seconds(60),
        },
    );
    mocks.accounts.expect_find_by_email().never();
    mocks.hasher.expect_verify().never();
    mocks.hasher.expect_hash().never();
    let service = mocks.service();

    let err = service
        .sign_in(REP_EMAIL, &secret(PASSWORD), CLIENT)
        .await
        .unwrap_err();

    assert!(
        matches!(err, SignInError::Throttled { retry_after } if retry_after == Duration::seconds(60)),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_storage_failure_while_signing_in_is_unexpected() {
    let mut mocks = Mocks::new();
    mocks
        .throttle
        .expect_count_attempt()
        .returning(|_, _, _| Err(RepositoryError::message("connection lost")));
    let service = mocks.service();

    let err = service
        .sign_in(REP_EMAIL, &secret(PASSWORD), CLIENT)
        .await
        .unwrap_err();

    assert!(matches!(err, SignInError::Unexpected(_)), "{err:?}");
}

#[test]
fn a_throttle_key_is_the_trimmed_lowercased_email_and_ipv6_counts_by_its_network() {
    let key = ThrottleKey::for_email("  John.Doe@CICC.com ");
    assert_eq!(key.email(), REP_EMAIL);
    assert_eq!(key.address(), None);

    let v6 = |text: &str| {
        key.from_address(text.parse().unwrap())
            .address()
            .unwrap()
            .to_string()
    };
    assert_eq!(v6("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::");
    assert_eq!(v6("2001:db8:1:2::1"), v6("2001:db8:1:2:ffff::9"));
    assert_ne!(v6("2001:db8:1:2::1"), v6("2001:db8:1:3::1"));
    assert_eq!(v6("::ffff:203.0.113.7"), "203.0.113.7");
    assert_eq!(key.from_address(CLIENT).for_every_address(), key);
}
