//! Tests of the password change by a signed-in account (F4) against mocks of the ports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::account::model::Session;
use crate::account::ports::UpdateAccountError;
use crate::account::test_support::*;

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
    mocks.expect_verify(1);
    mocks.hasher.expect_hash().never();
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let command = ChangePasswordCommand {
        confirmation: secret("short!"),
        ..change("Wrong#Password9", "short")
    };
    let err = service
        .change_password(account.id, command)
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
async fn a_wrong_current_password_alone_is_refused() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks.expect_verify(1);
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let err = service
        .change_password(account.id, change("Wrong#Password9", NEW_PASSWORD))
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
    mocks.expect_verify(1);
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let err = service
        .change_password(account.id, change(PASSWORD, PASSWORD))
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
        .change_password(account.id, change(PASSWORD, NEW_PASSWORD))
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
    assert_eq!(effects.mails[0].subject, "Your password was changed");
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
        .change_password(approved_representative().id, change(PASSWORD, NEW_PASSWORD))
        .await
        .unwrap_err();

    assert!(matches!(err, ChangePasswordError::NotFound), "{err:?}");
}

#[tokio::test]
async fn a_concurrent_change_while_changing_the_password_is_unexpected_and_starts_no_session() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
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
        .change_password(account.id, change(PASSWORD, NEW_PASSWORD))
        .await
        .unwrap_err();

    assert!(matches!(err, ChangePasswordError::Unexpected(_)), "{err:?}");
}
