//! Tests of enrolment (F1) against mocks of the ports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::account::ports::{AccountMessage, InsertAccountError};
use crate::account::test_support::*;
use crate::audit::AuditEvent;
use crate::error::RepositoryError;
use crate::mail::OutgoingMail;

fn command(password: &str) -> EnrolCommand {
    EnrolCommand {
        email: email(REP_EMAIL),
        password: secret(password),
        given_name: name("John"),
        surname: name("Doe"),
        language: Language::English,
        details: representative_details(),
    }
}

#[tokio::test]
async fn a_weak_password_is_refused_with_every_failed_rule_and_nothing_is_stored() {
    // No expectations: hashing or storing anything would fail the test.
    let service = Mocks::new().service();

    let err = service.enrol(command("john")).await.unwrap_err();

    let EnrolError::WeakPassword(feedback) = err else {
        panic!("expected WeakPassword, got {err:?}");
    };
    assert_eq!(
        codes(&feedback),
        [
            "password_too_short",
            "password_no_uppercase",
            "password_no_digit",
            "password_no_special",
            "password_contains_account_details",
            "password_guessable",
        ]
    );
}

#[tokio::test]
async fn enrolment_writes_a_pending_account_with_its_message_mail_and_audit_in_one_insert() {
    let mut mocks = Mocks::new();
    mocks.expect_hash(1);
    let inserted = Recorder::new();
    mocks.accounts.expect_insert().times(1).returning({
        let inserted = inserted.clone();
        move |account, effects| {
            inserted.push((account.clone(), effects.clone()));
            Ok(())
        }
    });
    let service = mocks.service();

    service.enrol(command(PASSWORD)).await.unwrap();

    let (account, effects) = inserted.only();
    assert_eq!(
        account.id,
        AccountId::from_uuid(uuid::Uuid::from_u128(1)),
        "the id comes from the identifier port"
    );
    assert_eq!(account.role, Role::Representative);
    assert_eq!(account.status, AccountStatus::Pending);
    assert_eq!(account.email.as_str(), REP_EMAIL);
    assert_eq!(account.display_name(), "John Doe");
    assert_eq!(account.representative, Some(representative_details()));
    assert_eq!(account.password_hash, fake_hash(PASSWORD));
    assert_eq!(account.ircc_id, None);
    assert!(!account.must_change_password);
    assert_eq!((account.created_at, account.updated_at), (NOW, NOW));
    assert_eq!(account.version, 0);

    assert_eq!(effects.mails.len(), 1);
    let mail: &OutgoingMail = &effects.mails[0];
    assert_eq!(mail.to.as_str(), REP_EMAIL);
    assert!(
        mail.subject
            .starts_with("en:notice-enrolment-submitted-subject"),
        "{}",
        mail.subject
    );
    let message: &AccountMessage = &effects.messages[0];
    assert_eq!(effects.messages.len(), 1);
    assert_eq!(message.account_id, account.id);
    assert!(
        message
            .subject
            .starts_with("en:notice-enrolment-submitted-subject"),
        "{}",
        message.subject
    );
    assert_eq!(message.sent_at, NOW);
    assert_eq!(
        effects.audit,
        [AuditEvent {
            at: NOW,
            actor: Some(account.id),
            subject: Some(account.id),
            application: None,
            enquiry: None,
            action: AuditAction::EnrolmentRequested,
        }]
    );
    assert!(!effects.end_sessions && !effects.delete_reset_code);
    assert_eq!(effects.clear_throttle, None);
}

#[tokio::test]
async fn a_taken_email_answers_ok_and_mails_the_existing_owner_in_their_language() {
    let mut existing = approved_representative();
    existing.language = Language::French;
    let mut mocks = Mocks::new();
    mocks.expect_hash(1);
    mocks
        .accounts
        .expect_insert()
        .times(1)
        .returning(|_, _| Err(InsertAccountError::EmailTaken));
    mocks.expect_find_by_email(Some(existing.clone()));
    let recorded = Recorder::new();
    mocks.accounts.expect_record().times(1).returning({
        let recorded = recorded.clone();
        move |effects| {
            recorded.push(effects.clone());
            Ok(())
        }
    });
    let service = mocks.service();

    let mut attempt = command(PASSWORD);
    attempt.language = Language::English;
    service.enrol(attempt).await.unwrap();

    let effects = recorded.only();
    assert_eq!(effects.mails.len(), 1);
    assert_eq!(effects.mails[0].to.as_str(), REP_EMAIL);
    assert!(
        effects.mails[0]
            .subject
            .starts_with("fr:notice-enrolment-attempted-subject"),
        "{}",
        effects.mails[0].subject
    );
    assert!(effects.messages.is_empty(), "no inbox message is made");
    assert_eq!(
        effects.audit,
        [AuditEvent {
            at: NOW,
            actor: None,
            subject: Some(existing.id),
            application: None,
            enquiry: None,
            action: AuditAction::EnrolmentWithTakenEmail,
        }]
    );
}

#[tokio::test]
async fn a_storage_failure_while_enrolling_is_unexpected() {
    let mut mocks = Mocks::new();
    mocks.expect_hash(1);
    mocks.accounts.expect_insert().times(1).returning(|_, _| {
        Err(InsertAccountError::Unexpected(RepositoryError::message(
            "disk full",
        )))
    });
    let service = mocks.service();

    let err = service.enrol(command(PASSWORD)).await.unwrap_err();

    assert!(matches!(err, EnrolError::Unexpected(_)), "{err:?}");
}

#[tokio::test]
async fn a_hashing_failure_while_enrolling_is_unexpected() {
    let mut mocks = Mocks::new();
    mocks
        .hasher
        .expect_hash()
        .times(1)
        .returning(|_| Err(crate::secrets::HashError("pool gone".into())));
    let service = mocks.service();

    let err = service.enrol(command(PASSWORD)).await.unwrap_err();

    assert!(matches!(err, EnrolError::Unexpected(_)), "{err:?}");
}
