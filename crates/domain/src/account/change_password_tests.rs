//! Tests of the password change by a signed-in account (F4) against mocks of the ports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::account::model::Session;
use crate::account::ports::{AttemptCount, UpdateAccountError};
use crate::account::test_support::*;

/// The session the change is asked from.
fn asking(account: &crate::account::model::Account) -> Session {
    session(
        account,
        "token-1",
        time::Duration::minutes(5),
        time::Duration::ZERO,
    )
}

fn counted(n: u32) -> AttemptCount {
    AttemptCount::Counted(n)
}

fn change(current: &str, new: &str) -> ChangePasswordCommand {
    ChangePasswordCommand {
        current_password: secret(current),
        new_password: secret(new),
        confirmation: secret(new),
    }
}

#[tokio::test]
async fn a_wrong_current_password_and_a_weak_new_one_are_reported_together() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks.expect_attempt(REP_EMAIL, counted(1), counted(1));
    mocks.expect_attempt_kept();
    mocks.expect_verify(1);
    mocks.hasher.expect_hash().never();
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let command = ChangePasswordCommand {
        confirmation: secret("short!"),
        ..change("Wrong#Password9", "short")
    };
    let err = service
        .change_password(&asking(&account), CLIENT, command)
        .await
        .unwrap_err();

    let ChangePasswordError::Rejected {
        current_password_wrong,
        feedback,
    } = err
    else {
        panic!("expected Rejected, got {err:?}");
    };
    assert!(current_password_wrong);
    assert_eq!(
        codes(&feedback),
        [
            "password_too_short",
            "password_no_uppercase",
            "password_no_digit",
            "password_no_special",
            "password_guessable",
            "password_confirmation_mismatch",
        ]
    );
}

#[tokio::test]
async fn a_wrong_current_password_alone_is_refused_and_stays_counted() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks.expect_attempt(REP_EMAIL, counted(3), counted(3));
    mocks.expect_attempt_kept();
    mocks.sessions.expect_delete().never();
    mocks.expect_verify(1);
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let err = service
        .change_password(
            &asking(&account),
            CLIENT,
            change("Wrong#Password9", NEW_PASSWORD),
        )
        .await
        .unwrap_err();

    assert!(
        matches!(
            &err,
            ChangePasswordError::Rejected { current_password_wrong: true, feedback }
                if feedback.is_empty()
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_new_password_must_differ_from_the_current_one() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks.expect_attempt(REP_EMAIL, counted(1), counted(1));
    mocks.expect_attempt_taken_back(REP_EMAIL);
    mocks.expect_verify(1);
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let err = service
        .change_password(&asking(&account), CLIENT, change(PASSWORD, PASSWORD))
        .await
        .unwrap_err();

    assert!(
        matches!(
            &err,
            ChangePasswordError::Rejected { current_password_wrong: false, feedback }
                if codes(feedback) == ["password_same_as_old"]
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn changing_the_password_ends_every_session_and_starts_a_fresh_one() {
    let mut account = officer();
    account.must_change_password = true;
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks.expect_attempt("olivia.tremblay@ircc.example.ca", counted(1), counted(1));
    mocks.expect_attempt_taken_back("olivia.tremblay@ircc.example.ca");
    mocks.expect_verify(1);
    mocks.expect_hash(1);
    let updated = mocks.expect_one_update();
    mocks.expect_new_token("token-2");
    let fresh = Session {
        digest: digest_of("token-2"),
        account_id: account.id,
        created_at: NOW,
        last_seen_at: NOW,
    };
    mocks
        .sessions
        .expect_insert()
        .withf({
            let fresh = fresh.clone();
            move |session| *session == fresh
        })
        .times(1)
        .returning(|_| Ok(()));
    let service = mocks.service();

    let signed_in = service
        .change_password(&asking(&account), CLIENT, change(PASSWORD, NEW_PASSWORD))
        .await
        .unwrap();

    let (saved, effects) = updated.only();
    assert_eq!(saved.password_hash, fake_hash(NEW_PASSWORD));
    assert!(!saved.must_change_password, "a one-time password is gone");
    assert!(effects.end_sessions, "every other session ends");
    assert_eq!(
        effects.clear_throttle,
        Some(ThrottleKey::for_email(account.email.as_str()))
    );
    assert!(
        effects.mails[0]
            .subject
            .starts_with("en:notice-password-changed-subject"),
        "{}",
        effects.mails[0].subject
    );
    assert_eq!(effects.audit[0].action, AuditAction::PasswordChanged);
    assert_eq!(signed_in.token.expose(), "token-2");
    assert_eq!(signed_in.session, fresh);
    assert_eq!(signed_in.account.version, account.version + 1);
    assert!(!signed_in.account.must_change_password);
}

#[tokio::test]
async fn an_account_that_is_gone_cannot_change_its_password() {
    let mut mocks = Mocks::new();
    mocks.accounts.expect_find_by_id().returning(|_| Ok(None));
    let service = mocks.service();

    let err = service
        .change_password(
            &asking(&approved_representative()),
            CLIENT,
            change(PASSWORD, NEW_PASSWORD),
        )
        .await
        .unwrap_err();

    assert!(matches!(err, ChangePasswordError::NotFound), "{err:?}");
}

#[tokio::test]
async fn a_concurrent_change_while_changing_the_password_is_a_conflict_and_starts_no_session() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks.expect_attempt(REP_EMAIL, counted(1), counted(1));
    mocks.expect_attempt_taken_back(REP_EMAIL);
    mocks.expect_verify(1);
    mocks.expect_hash(1);
    mocks
        .accounts
        .expect_update()
        .times(1)
        .returning(|_, _| Err(UpdateAccountError::Conflict));
    mocks.sessions.expect_insert().never();
    let service = mocks.service();

    let err = service
        .change_password(&asking(&account), CLIENT, change(PASSWORD, NEW_PASSWORD))
        .await
        .unwrap_err();

    assert!(matches!(err, ChangePasswordError::Conflict), "{err:?}");
}

#[tokio::test]
async fn the_current_password_is_counted_against_the_sign_in_throttle_before_it_is_checked() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    let seen = mocks.expect_attempt(REP_EMAIL, counted(1), counted(1));
    mocks
        .hasher
        .expect_verify()
        .times(1)
        .returning(|_, _| Ok(false));
    mocks.expect_attempt_kept();
    let settings = mocks.settings.clone();
    let service = mocks.service();

    service
        .change_password(
            &asking(&account),
            CLIENT,
            change("Wrong#Password9", NEW_PASSWORD),
        )
        .await
        .unwrap_err();

    let seen = seen.all();
    assert_eq!(
        seen[0].0,
        ThrottleKey::for_email(REP_EMAIL).from_address(CLIENT)
    );
    assert_eq!(seen[0].1, settings.throttle);
    assert_eq!(seen[1].0, ThrottleKey::for_email(REP_EMAIL));
    assert_eq!(seen[1].1, settings.account_throttle);
}

#[tokio::test]
async fn while_the_throttle_waits_the_current_password_is_not_checked() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks.expect_attempt(
        REP_EMAIL,
        AttemptCount::Blocked {
            until: NOW + time::Duration::seconds(5),
        },
        counted(0),
    );
    mocks.hasher.expect_verify().never();
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let err = service
        .change_password(&asking(&account), CLIENT, change(PASSWORD, NEW_PASSWORD))
        .await
        .unwrap_err();

    assert!(
        matches!(err, ChangePasswordError::Throttled { retry_after } if retry_after == time::Duration::seconds(5)),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_wrong_current_password_that_brings_a_wait_ends_the_session() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    // The fourth failure from this address is the first with a wait (the default policy).
    mocks.expect_attempt(REP_EMAIL, counted(4), counted(4));
    mocks.expect_verify(1);
    mocks.expect_attempt_kept();
    mocks
        .sessions
        .expect_delete()
        .withf(|digest| *digest == digest_of("token-1"))
        .times(1)
        .returning(|_| Ok(()));
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let err = service
        .change_password(
            &asking(&account),
            CLIENT,
            change("Wrong#Password9", NEW_PASSWORD),
        )
        .await
        .unwrap_err();

    assert!(matches!(err, ChangePasswordError::SessionEnded), "{err:?}");
}

#[tokio::test]
async fn the_right_current_password_after_failures_is_taken_back_and_the_session_stays() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks.expect_attempt(REP_EMAIL, counted(4), counted(4));
    mocks.expect_verify(1);
    mocks.expect_attempt_taken_back(REP_EMAIL);
    mocks.sessions.expect_delete().never();
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let err = service
        .change_password(&asking(&account), CLIENT, change(PASSWORD, "short"))
        .await
        .unwrap_err();

    assert!(
        matches!(
            err,
            ChangePasswordError::Rejected {
                current_password_wrong: false,
                ..
            }
        ),
        "{err:?}"
    );
}
