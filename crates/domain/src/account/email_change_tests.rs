//! Tests of the email change (F6) against mocks of the ports: the request answers the same
//! whether or not the address is taken, and only the code mailed to it applies it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use time::Duration;

use super::*;
use crate::account::model::AccountStatus;
use crate::account::service::{ContactUpdated, UpdateContactCommand};
use crate::account::test_support::*;
use crate::audit::AuditEvent;

const NEW_EMAIL: &str = "j.doe@newfirm.ca";
const CODE: &str = "47110815";

fn change_email() -> UpdateContactCommand {
    UpdateContactCommand {
        email: email(NEW_EMAIL),
        contact: contact(),
        language: Language::English,
    }
}

fn actions(audit: &[AuditEvent]) -> Vec<AuditAction> {
    audit.iter().map(|e| e.action).collect()
}

/// Asks to change the sample representative's email while `holder` (if any) has the new
/// address; returns the account, the outcome and the side effects saved with it.
async fn request(holder: Option<Account>) -> (Account, ContactUpdated, SideEffects) {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks
        .secrets
        .expect_reset_code()
        .times(1)
        .returning(|| reset_code(CODE));
    mocks.expect_hash(1);
    mocks.expect_find_by_email(holder);
    let updated = mocks.expect_one_update();
    let service = mocks.service();

    let outcome = service
        .update_contact(account.id, change_email())
        .await
        .unwrap();

    let (saved, effects) = updated.only();
    assert_eq!(
        saved.email, account.email,
        "the new email is not applied yet"
    );
    (account, outcome, effects)
}

#[tokio::test]
async fn a_new_email_is_only_pending_its_code_goes_to_it_and_the_current_address_is_told() {
    let (account, outcome, effects) = request(None).await;

    assert_eq!(outcome.account.email, account.email);
    assert_eq!(outcome.confirmation_sent_to, Some(email(NEW_EMAIL)));
    assert_eq!(
        effects.store_email_change,
        Some(PendingEmailChange {
            account_id: account.id,
            new_email: email(NEW_EMAIL),
            code_hash: fake_hash(CODE),
            expires_at: NOW + Duration::minutes(30),
            attempts: 0,
        })
    );
    let [to_current, to_new] = &effects.mails[..] else {
        panic!("two mails expected: {:?}", effects.mails)
    };
    assert_eq!(to_current.to, account.email);
    assert!(
        to_current
            .subject
            .starts_with("en:notice-email-change-requested-subject"),
        "{}",
        to_current.subject
    );
    assert!(to_current.body.contains(NEW_EMAIL) && !to_current.body.contains(CODE));
    assert_eq!(to_new.to, email(NEW_EMAIL));
    assert!(
        to_new
            .subject
            .starts_with("en:notice-email-change-code-subject"),
        "{}",
        to_new.subject
    );
    assert!(to_new.body.contains(CODE));
    assert_eq!(
        actions(&effects.audit),
        [
            AuditAction::ContactUpdated,
            AuditAction::EmailChangeRequested
        ]
    );
}

#[tokio::test]
async fn a_taken_email_gets_the_same_outcome_and_its_owner_is_told_instead_of_given_a_code() {
    let mut holder = representative(AccountStatus::Approved);
    holder.id = AccountId::from_uuid(uuid::Uuid::now_v7());
    holder.email = email(NEW_EMAIL);
    holder.language = Language::French;
    let (_, free, free_effects) = request(None).await;
    let (account, taken, effects) = request(Some(holder.clone())).await;

    assert_eq!(
        taken.confirmation_sent_to, free.confirmation_sent_to,
        "the requester sees the same outcome"
    );
    assert_eq!(taken.account.email, free.account.email);
    assert_eq!(effects.mails[0], free_effects.mails[0], "the same notice");
    assert!(
        effects.store_email_change.is_some(),
        "a change is pending, so a confirmation fails like a wrong code"
    );
    let to_new = &effects.mails[1];
    assert_eq!(to_new.to, email(NEW_EMAIL));
    assert!(
        to_new
            .subject
            .starts_with("fr:notice-email-change-attempted-subject"),
        "{}",
        to_new.subject
    );
    assert!(
        effects.mails.iter().all(|m| !m.body.contains(CODE)),
        "the code is mailed nowhere"
    );
    assert_eq!(
        effects.audit[2],
        AuditEvent {
            at: NOW,
            actor: Some(account.id),
            subject: Some(holder.id),
            application: None,
            enquiry: None,
            action: AuditAction::EmailChangeToTakenEmail,
        }
    );
}

fn pending(account: &Account, attempts: u32) -> PendingEmailChange {
    PendingEmailChange {
        account_id: account.id,
        new_email: email(NEW_EMAIL),
        code_hash: fake_hash(CODE),
        expires_at: NOW + Duration::minutes(10),
        attempts,
    }
}

/// Mocks for a confirmation by `account` whose try is counted as `attempts` (`None`: no
/// change, expired, or no tries left).
fn confirming(account: &Account, attempts: Option<u32>) -> Mocks {
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(account);
    let change = attempts.map(|n| pending(account, n));
    mocks
        .email_changes
        .expect_record_attempt()
        .withf({
            let id = account.id;
            move |asked, max, now| *asked == id && *max == 5 && *now == NOW
        })
        .times(1)
        .returning(move |_, _, _| Ok(change.clone()));
    mocks
}

#[tokio::test]
async fn the_right_code_applies_the_new_email_and_tells_the_former_address() {
    let account = approved_representative();
    let mut mocks = confirming(&account, Some(1));
    mocks.expect_verify(1);
    let updated = mocks.expect_one_update();
    let service = mocks.service();

    let confirmed = service
        .confirm_email_change(account.id, &reset_code(CODE))
        .await
        .unwrap();

    let (saved, effects) = updated.only();
    assert_eq!(saved.email, email(NEW_EMAIL));
    assert_eq!(confirmed.email, email(NEW_EMAIL));
    assert!(effects.delete_email_change, "the code is single use");
    let [to_former] = &effects.mails[..] else {
        panic!("one mail expected: {:?}", effects.mails)
    };
    assert_eq!(to_former.to, account.email);
    assert!(
        to_former
            .subject
            .starts_with("en:notice-email-changed-subject"),
        "{}",
        to_former.subject
    );
    assert_eq!(effects.messages.len(), 1, "and an account message");
    assert_eq!(actions(&effects.audit), [AuditAction::EmailChanged]);
}

#[tokio::test]
async fn a_wrong_code_is_refused_and_the_last_allowed_try_voids_the_change() {
    let account = approved_representative();
    for (attempts, voided) in [(1, false), (4, false), (5, true)] {
        let mut mocks = confirming(&account, Some(attempts));
        mocks.expect_verify(1);
        mocks
            .email_changes
            .expect_delete()
            .times(usize::from(voided))
            .returning(|_| Ok(()));
        mocks.accounts.expect_update().never();
        let service = mocks.service();

        let err = service
            .confirm_email_change(account.id, &reset_code("00000000"))
            .await
            .unwrap_err();

        assert!(
            matches!(err, ConfirmEmailChangeError::InvalidCode),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn without_a_change_or_tries_left_the_code_is_not_even_checked() {
    let account = approved_representative();
    let mut mocks = confirming(&account, None);
    mocks.hasher.expect_verify().never();
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let err = service
        .confirm_email_change(account.id, &reset_code(CODE))
        .await
        .unwrap_err();

    assert!(
        matches!(err, ConfirmEmailChangeError::InvalidCode),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_address_taken_meanwhile_refuses_the_right_code_and_tells_its_owner() {
    let account = approved_representative();
    let mut holder = representative(AccountStatus::Pending);
    holder.id = AccountId::from_uuid(uuid::Uuid::now_v7());
    holder.email = email(NEW_EMAIL);
    let mut mocks = confirming(&account, Some(1));
    mocks.expect_verify(1);
    mocks
        .accounts
        .expect_update()
        .times(1)
        .returning(|_, _| Err(UpdateAccountError::EmailTaken));
    mocks
        .email_changes
        .expect_delete()
        .times(1)
        .returning(|_| Ok(()));
    mocks.expect_find_by_email(Some(holder.clone()));
    let recorded = Recorder::new();
    mocks.accounts.expect_record().times(1).returning({
        let recorded = recorded.clone();
        move |effects| {
            recorded.push(effects.clone());
            Ok(())
        }
    });
    let service = mocks.service();

    let err = service
        .confirm_email_change(account.id, &reset_code(CODE))
        .await
        .unwrap_err();

    assert!(
        matches!(err, ConfirmEmailChangeError::InvalidCode),
        "{err:?}"
    );
    let effects = recorded.only();
    assert_eq!(effects.mails.len(), 1);
    assert_eq!(effects.mails[0].to, email(NEW_EMAIL));
    assert!(
        effects.mails[0]
            .subject
            .starts_with("en:notice-email-change-attempted-subject"),
        "{}",
        effects.mails[0].subject
    );
    assert_eq!(
        actions(&effects.audit),
        [AuditAction::EmailChangeToTakenEmail]
    );
}
