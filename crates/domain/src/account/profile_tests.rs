//! Tests of the profile use cases (F6) against mocks of the ports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::account::model::AccountStatus;
use crate::account::test_support::*;
use crate::account::values::{EmailUpdates, FaxNumber, TelephoneCountry, TelephoneNumber};

#[tokio::test]
async fn the_profile_shows_the_stored_account() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    let service = mocks.service();

    let profile = service.view_profile(account.id).await.unwrap();

    assert_eq!(profile, account);
}

#[tokio::test]
async fn the_profile_of_an_account_that_is_gone_is_not_found() {
    let mut mocks = Mocks::new();
    mocks.accounts.expect_find_by_id().returning(|_| Ok(None));
    let service = mocks.service();

    let err = service
        .view_profile(approved_representative().id)
        .await
        .unwrap_err();

    assert!(matches!(err, ViewProfileError::NotFound), "{err:?}");
}

/// New telephone, fax, preference and language; the same email (changing it is
/// `email_change_tests`).
fn new_contact() -> UpdateContactCommand {
    UpdateContactCommand {
        email: email(REP_EMAIL),
        contact: ContactDetails {
            telephone_country: TelephoneCountry::Other,
            telephone_number: TelephoneNumber::parse("441632960961", TelephoneCountry::Other)
                .unwrap(),
            fax: Some(FaxNumber::parse("(514) 333-4545").unwrap()),
            email_updates: EmailUpdates::No,
            ..contact()
        },
        language: Language::French,
    }
}

#[tokio::test]
async fn updating_contact_details_saves_them_with_an_audit_entry() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    let updated = mocks.expect_one_update();
    let service = mocks.service();

    let result = service
        .update_contact(account.id, new_contact())
        .await
        .unwrap();

    let (saved, effects) = updated.only();
    let command = new_contact();
    assert_eq!(saved.email, account.email);
    assert_eq!(saved.language, Language::French);
    assert_eq!(
        saved.representative.as_ref().map(|r| &r.contact),
        Some(&command.contact)
    );
    assert_eq!(saved.updated_at, NOW);
    assert_eq!(saved.version, account.version, "the version read is sent");
    assert_eq!(
        effects.audit,
        [audit(
            NOW,
            Some(account.id),
            Some(account.id),
            AuditAction::ContactUpdated
        )]
    );
    assert_eq!(effects.mails, [], "nothing to confirm, nobody to tell");
    assert_eq!(effects.store_email_change, None);
    assert_eq!(result.account.version, account.version + 1);
    assert_eq!(result.confirmation_sent_to, None);
}

#[tokio::test]
async fn officers_have_no_contact_details_to_update() {
    let officer = officer();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&officer);
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let err = service
        .update_contact(officer.id, new_contact())
        .await
        .unwrap_err();

    assert!(
        matches!(err, UpdateContactError::NotRepresentative),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_change_made_meanwhile_is_a_conflict() {
    let account = representative(AccountStatus::Pending);
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks
        .accounts
        .expect_update()
        .returning(|_, _| Err(UpdateAccountError::Conflict));
    let service = mocks.service();

    let err = service
        .update_contact(account.id, new_contact())
        .await
        .unwrap_err();

    assert!(matches!(err, UpdateContactError::Conflict), "{err:?}");
}

#[tokio::test]
async fn contact_details_of_an_account_that_is_gone_are_not_found() {
    let mut mocks = Mocks::new();
    mocks.accounts.expect_find_by_id().returning(|_| Ok(None));
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let err = service
        .update_contact(approved_representative().id, new_contact())
        .await
        .unwrap_err();

    assert!(matches!(err, UpdateContactError::NotFound), "{err:?}");
}
