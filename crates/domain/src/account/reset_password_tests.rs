//! Tests of the forgotten-password flow (F3) against mocks of the ports: requesting a code
//! and resetting the password with it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use time::Duration;

use super::*;
use crate::account::model::{Account, AccountStatus, StoredResetCode};
use crate::account::test_support::*;
use crate::account::values::Language;
use crate::audit::AuditEvent;

const CODE: &str = "12345678";

/// Mocks that make the code [`CODE`] and hash it once, as every request does.
fn code_made_and_hashed() -> Mocks {
    let mut mocks = Mocks::new();
    mocks
        .secrets
        .expect_reset_code()
        .times(1)
        .returning(|| reset_code(CODE));
    mocks.expect_hash(1);
    mocks
}

fn expect_unknown_email_audited(mocks: &mut Mocks) {
    mocks
        .accounts
        .expect_record()
        .withf(|effects| {
            effects.mails.is_empty()
                && effects.audit
                    == [AuditEvent {
                        at: NOW,
                        actor: None,
                        subject: None,
                        application: None,
                        enquiry: None,
                        action: AuditAction::ResetCodeRequestedUnknownEmail,
                    }]
        })
        .times(1)
        .returning(|_| Ok(()));
}

#[tokio::test]
async fn a_known_email_gets_a_ten_minute_code_mailed_in_the_accounts_language() {
    let mut account = approved_representative();
    account.language = Language::French;
    let mut mocks = code_made_and_hashed();
    mocks.expect_find_by_email(Some(account.clone()));
    let replaced = Recorder::new();
    mocks.reset_codes.expect_replace().times(1).returning({
        let replaced = replaced.clone();
        move |code, effects| {
            replaced.push((code.clone(), effects.clone()));
            Ok(())
        }
    });
    mocks.accounts.expect_record().never();
    let service = mocks.service();

    service.request_reset_code(&email(REP_EMAIL)).await.unwrap();

    let (stored, effects) = replaced.only();
    assert_eq!(
        stored,
        StoredResetCode {
            account_id: account.id,
            code_hash: fake_hash(CODE),
            expires_at: NOW + Duration::minutes(10),
            failed_attempts: 0,
        }
    );
    let [mail] = effects.mails.as_slice() else {
        panic!("expected one mail, got {:?}", effects.mails);
    };
    assert_eq!(mail.to.as_str(), REP_EMAIL);
    assert!(
        mail.subject.starts_with("fr:notice-reset-code-subject"),
        "{}",
        mail.subject
    );
    assert!(
        mail.body
            .starts_with("fr:notice-reset-code-body(code=12345678, minutes=10)"),
        "{}",
        mail.body
    );
    assert!(
        effects.messages.is_empty(),
        "a code never goes to the inbox"
    );
    assert_eq!(effects.audit[0].action, AuditAction::ResetCodeRequested);
    assert_eq!(effects.audit[0].subject, Some(account.id));
}

#[tokio::test]
async fn an_unknown_email_costs_the_same_hashing_and_writes_only_an_audit_entry() {
    let mut mocks = code_made_and_hashed();
    mocks.expect_find_by_email(None);
    expect_unknown_email_audited(&mut mocks);
    mocks.reset_codes.expect_replace().never();
    let service = mocks.service();

    service
        .request_reset_code(&email("nobody@cicc.com"))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_closed_account_is_treated_as_an_unknown_email() {
    let mut mocks = code_made_and_hashed();
    mocks.expect_find_by_email(Some(representative(AccountStatus::Closed)));
    expect_unknown_email_audited(&mut mocks);
    mocks.reset_codes.expect_replace().never();
    let service = mocks.service();

    service.request_reset_code(&email(REP_EMAIL)).await.unwrap();
}

fn reset_command(code: &str, new_password: &str) -> ResetPasswordCommand {
    ResetPasswordCommand {
        email: email(REP_EMAIL),
        code: reset_code(code),
        new_password: secret(new_password),
        confirmation: secret(new_password),
    }
}

/// Mocks where claiming a try of the sample representative's code answers `claimed`: the
/// code with its new count, or `None` when it is missing, void or expired.
fn account_with_code(account: &Account, claimed: Option<StoredResetCode>) -> Mocks {
    let mut mocks = Mocks::new();
    mocks.expect_find_by_email(Some(account.clone()));
    let id = account.id;
    mocks
        .reset_codes
        .expect_claim_try()
        .withf(move |asked, now, max| *asked == id && *now == NOW && *max == 5)
        .times(1)
        .returning(move |_, _, _| Ok(claimed.clone()));
    mocks.reset_codes.expect_find().never();
    mocks
}

/// A code with its first try claimed.
fn valid_code(account: &Account) -> Option<StoredResetCode> {
    Some(stored_code(account, CODE, NOW + Duration::minutes(5), 1))
}

fn assert_invalid_code(result: Result<(), ResetPasswordError>) {
    let err = result.unwrap_err();
    assert!(matches!(err, ResetPasswordError::InvalidCode), "{err:?}");
}

#[tokio::test]
async fn a_valid_code_sets_the_new_password_ends_sessions_and_mails_a_notice() {
    let account = approved_representative();
    let mut mocks = account_with_code(&account, valid_code(&account));
    mocks.expect_verify(2); // the code, then "is the new password the old one?"
    mocks.expect_hash(1);
    let updated = mocks.expect_one_update();
    mocks.reset_codes.expect_delete().never();
    let service = mocks.service();

    service
        .reset_password(reset_command(CODE, NEW_PASSWORD))
        .await
        .unwrap();

    let (saved, effects) = updated.only();
    assert_eq!(saved.id, account.id);
    assert_eq!(saved.version, account.version, "the version read is sent");
    assert_eq!(saved.password_hash, fake_hash(NEW_PASSWORD));
    assert_eq!(saved.updated_at, NOW);
    assert!(effects.end_sessions, "every session ends");
    assert!(effects.delete_reset_code, "the code is single use");
    assert_eq!(
        effects.clear_throttle,
        Some(ThrottleKey::for_email(REP_EMAIL))
    );
    assert_eq!(effects.mails.len(), 1);
    assert!(
        effects.mails[0]
            .subject
            .starts_with("en:notice-password-changed-subject"),
        "{}",
        effects.mails[0].subject
    );
    assert_eq!(effects.audit[0].action, AuditAction::PasswordReset);
}

#[tokio::test]
async fn a_wrong_code_is_refused_its_try_counted_before_the_check() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_email(Some(account.clone()));
    let mut order = mockall::Sequence::new();
    let claimed = valid_code(&account);
    mocks
        .reset_codes
        .expect_claim_try()
        .times(1)
        .in_sequence(&mut order)
        .returning(move |_, _, _| Ok(claimed.clone()));
    mocks
        .hasher
        .expect_verify()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(false));
    mocks.reset_codes.expect_delete().never();
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    assert_invalid_code(
        service
            .reset_password(reset_command("87654321", NEW_PASSWORD))
            .await,
    );
}

#[tokio::test]
async fn the_fifth_wrong_code_voids_the_code() {
    let account = approved_representative();
    let stored = stored_code(&account, CODE, NOW + Duration::minutes(5), 5);
    let mut mocks = account_with_code(&account, Some(stored));
    mocks.expect_verify(1);
    mocks
        .reset_codes
        .expect_delete()
        .withf(move |id| *id == account.id)
        .times(1)
        .returning(|_| Ok(()));
    let service = mocks.service();

    assert_invalid_code(
        service
            .reset_password(reset_command("87654321", NEW_PASSWORD))
            .await,
    );
}

#[tokio::test]
async fn a_code_whose_try_is_refused_is_never_checked_even_if_right() {
    // Void after five tries, expired, or missing: the store grants no try.
    let account = approved_representative();
    let mut mocks = account_with_code(&account, None);
    mocks.expect_hash(1);
    mocks.hasher.expect_verify().never();
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    assert_invalid_code(
        service
            .reset_password(reset_command(CODE, NEW_PASSWORD))
            .await,
    );
}

#[tokio::test]
async fn a_parallel_confirm_that_used_the_code_first_makes_this_one_an_invalid_code() {
    let account = approved_representative();
    let mut mocks = account_with_code(&account, valid_code(&account));
    mocks.expect_verify(2);
    mocks.expect_hash(1);
    mocks
        .accounts
        .expect_update()
        .times(1)
        .returning(|_, _| Err(crate::account::ports::UpdateAccountError::Conflict));
    let service = mocks.service();

    assert_invalid_code(
        service
            .reset_password(reset_command(CODE, NEW_PASSWORD))
            .await,
    );
}

#[tokio::test]
async fn an_unknown_email_is_an_invalid_code_after_the_same_hashing() {
    let mut mocks = Mocks::new();
    mocks.expect_find_by_email(None);
    mocks.reset_codes.expect_claim_try().never();
    mocks.expect_hash(1);
    let service = mocks.service();

    assert_invalid_code(
        service
            .reset_password(reset_command(CODE, NEW_PASSWORD))
            .await,
    );
}

#[tokio::test]
async fn a_weak_new_password_is_refused_and_the_code_stays_usable() {
    let account = approved_representative();
    let mut mocks = account_with_code(&account, valid_code(&account));
    mocks.expect_verify(2);
    mocks.hasher.expect_hash().never();
    mocks.reset_codes.expect_delete().never();
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let err = service
        .reset_password(reset_command(CODE, "password"))
        .await
        .unwrap_err();

    let ResetPasswordError::WeakPassword(feedback) = err else {
        panic!("expected WeakPassword, got {err:?}");
    };
    assert_eq!(
        codes(&feedback),
        [
            "password_no_uppercase",
            "password_no_digit",
            "password_no_special",
            "password_guessable"
        ]
    );
}

#[tokio::test]
async fn a_new_password_equal_to_the_current_one_is_refused_as_same_as_old() {
    let account = approved_representative();
    let mut mocks = account_with_code(&account, valid_code(&account));
    mocks.expect_verify(2);
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let err = service
        .reset_password(reset_command(CODE, PASSWORD))
        .await
        .unwrap_err();

    let ResetPasswordError::WeakPassword(feedback) = err else {
        panic!("expected WeakPassword, got {err:?}");
    };
    assert_eq!(codes(&feedback), ["password_same_as_old"]);
}
