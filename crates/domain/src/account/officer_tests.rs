//! Tests of the officer's account administration (F8, F22, F24) against mocks of the
//! ports: closing accounts, listing work queues and creating officer accounts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use secrecy::ExposeSecret;

use super::*;
use crate::account::test_support::*;

/// Expects the account's draft files to be listed once, answering `names`.
fn expect_draft_files(mocks: &mut Mocks, account: AccountId, names: &[&str]) {
    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    mocks
        .accounts
        .expect_draft_files()
        .withf(move |id| *id == account)
        .times(1)
        .returning(move |_| Ok(names.clone()));
}

#[tokio::test]
async fn closing_a_requested_closure_ends_its_sessions_and_tells_the_representative() {
    let officer = officer();
    let account = representative(AccountStatus::ClosureRequested);
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    expect_draft_files(&mut mocks, account.id, &[]);
    let updated = mocks.expect_one_update();
    let service = mocks.service();

    let closed = service.close_account(&officer, account.id).await.unwrap();

    let (saved, effects) = updated.only();
    assert_eq!(saved.status, AccountStatus::Closed);
    assert!(effects.end_sessions, "the account's sessions end");
    assert!(
        effects.delete_drafts,
        "the drafts go in the same transaction"
    );
    assert!(
        effects.mails[0]
            .subject
            .starts_with("en:notice-account-closed-subject"),
        "{}",
        effects.mails[0].subject
    );
    assert!(
        effects.messages[0]
            .subject
            .starts_with("en:notice-account-closed-subject"),
        "{}",
        effects.messages[0].subject
    );
    assert_eq!(effects.audit[0].action, AuditAction::AccountClosed);
    assert_eq!(effects.audit[0].actor, Some(officer.id));
    assert!(!closed.can_sign_in());
    assert_eq!(closed.version, account.version + 1);
}

#[tokio::test]
async fn closing_deletes_the_drafts_files_once_the_closure_is_stored() {
    let account = representative(AccountStatus::ClosureRequested);
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    expect_draft_files(&mut mocks, account.id, &["doc-a", "doc-b"]);
    let mut order = mockall::Sequence::new();
    mocks
        .accounts
        .expect_update()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(()));
    for name in ["doc-a", "doc-b"] {
        mocks
            .files
            .expect_delete()
            .withf(move |n| n == name)
            .times(1)
            .in_sequence(&mut order)
            .returning(|_| Ok(()));
    }
    let service = mocks.service();

    service.close_account(&officer(), account.id).await.unwrap();
}

#[tokio::test]
async fn an_account_is_closed_only_after_its_owner_asked() {
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let err = service
        .close_account(&officer(), account.id)
        .await
        .unwrap_err();

    assert!(
        matches!(
            err,
            OfficerActionError::InvalidTransition(TransitionError {
                from: AccountStatusKind::Approved
            })
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_representative_cannot_close_accounts() {
    let service = Mocks::new().service();

    let err = service
        .close_account(&approved_representative(), approved_representative().id)
        .await
        .unwrap_err();

    assert!(matches!(err, OfficerActionError::Forbidden), "{err:?}");
}

#[tokio::test]
async fn a_closure_racing_another_change_is_a_conflict_and_deletes_no_file() {
    let account = representative(AccountStatus::ClosureRequested);
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    expect_draft_files(&mut mocks, account.id, &["doc-a"]);
    mocks
        .accounts
        .expect_update()
        .returning(|_, _| Err(UpdateAccountError::Conflict));
    mocks.files.expect_delete().never();
    let service = mocks.service();

    let err = service
        .close_account(&officer(), account.id)
        .await
        .unwrap_err();

    assert!(matches!(err, OfficerActionError::Conflict), "{err:?}");
}

#[tokio::test]
async fn the_work_queue_lists_representatives_in_the_status_asked_for() {
    let first = pending_representative();
    let second = pending_representative();
    let stored = vec![first.clone(), officer(), second.clone()];
    let mut mocks = Mocks::new();
    mocks
        .accounts
        .expect_list_by_status()
        .withf(|status, limit| *status == AccountStatusKind::Pending && *limit == 50)
        .times(1)
        .returning(move |_, _| Ok(stored.clone()));
    let service = mocks.service();

    let listed = service
        .list_accounts(&officer(), AccountStatusKind::Pending, 50)
        .await
        .unwrap();

    assert_eq!(listed, [first, second], "officers are never listed");
}

#[tokio::test]
async fn officers_sharing_the_status_do_not_cut_the_queue_short() {
    let first = pending_representative();
    let second = pending_representative();
    let oldest_two = vec![first.clone(), officer()];
    let oldest_four = vec![first.clone(), officer(), second.clone()];
    let mut mocks = Mocks::new();
    mocks
        .accounts
        .expect_list_by_status()
        .withf(|_, limit| *limit == 2)
        .times(1)
        .returning(move |_, _| Ok(oldest_two.clone()));
    mocks
        .accounts
        .expect_list_by_status()
        .withf(|_, limit| *limit == 4)
        .times(1)
        .returning(move |_, _| Ok(oldest_four.clone()));
    let service = mocks.service();

    let listed = service
        .list_accounts(&officer(), AccountStatusKind::Approved, 2)
        .await
        .unwrap();

    assert_eq!(listed, [first, second]);
}

#[tokio::test]
async fn a_representative_cannot_list_accounts() {
    let mut mocks = Mocks::new();
    mocks.accounts.expect_list_by_status().never();
    let service = mocks.service();

    let err = service
        .list_accounts(&approved_representative(), AccountStatusKind::Pending, 50)
        .await
        .unwrap_err();

    assert!(matches!(err, OfficerActionError::Forbidden), "{err:?}");
}

fn create(
    service: &AccountService,
) -> impl Future<Output = Result<SecretString, CreateOfficerError>> {
    service.create_officer(
        email("marc.gagnon@ircc.example.ca"),
        name("Marc"),
        name("Gagnon"),
        Language::French,
    )
}

#[tokio::test]
async fn a_new_officer_gets_a_one_time_password_to_change_at_first_sign_in() {
    let mut mocks = Mocks::new();
    mocks
        .secrets
        .expect_one_time_password()
        .times(1)
        .returning(|| secret("Tmp#9rQx!2vLk8"));
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

    let password = create(&service).await.unwrap();

    assert_eq!(password.expose_secret(), "Tmp#9rQx!2vLk8");
    let (account, effects) = inserted.only();
    assert_eq!(account.role, Role::Officer);
    assert_eq!(account.status, AccountStatus::Approved);
    assert!(account.must_change_password);
    assert_eq!(account.password_hash, fake_hash("Tmp#9rQx!2vLk8"));
    assert_eq!(account.representative, None);
    assert_eq!(account.language, Language::French);
    assert_eq!(account.display_name(), "Marc Gagnon");
    assert_eq!(effects.audit[0].action, AuditAction::OfficerCreated);
    assert_eq!(effects.audit[0].subject, Some(account.id));
    assert!(
        effects.mails.is_empty(),
        "the password is shown once, never mailed"
    );
}

#[tokio::test]
async fn an_officer_cannot_be_created_with_a_taken_email() {
    let mut mocks = Mocks::new();
    mocks
        .secrets
        .expect_one_time_password()
        .returning(|| secret("Tmp#9rQx!2vLk8"));
    mocks.expect_hash(1);
    mocks
        .accounts
        .expect_insert()
        .returning(|_, _| Err(InsertAccountError::EmailTaken));
    let service = mocks.service();

    let err = create(&service).await.unwrap_err();

    assert!(matches!(err, CreateOfficerError::EmailTaken), "{err:?}");
}

#[tokio::test]
async fn an_enrolment_documents_request_asks_for_action_and_keeps_the_enrolment_pending() {
    let officer = officer();
    let account = pending_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    let updated = mocks.expect_one_update();
    let service = mocks.service();

    let kept = service
        .request_enrolment_documents(&officer, account.id, "A copy of your membership card.")
        .await
        .unwrap();

    assert_eq!(kept.status, AccountStatus::Pending);
    let (_, effects) = updated.only();
    assert!(effects.messages[0].asks_action);
    assert!(
        effects.messages[0]
            .body
            .contains("A copy of your membership card.")
    );
    assert!(
        effects.mails[0]
            .subject
            .starts_with("en:notice-enrolment-documents-requested-subject"),
        "{}",
        effects.mails[0].subject
    );
    assert_eq!(
        effects.audit[0].action,
        crate::audit::AuditAction::EnrolmentDocumentsRequested
    );
}

#[tokio::test]
async fn documents_are_requested_only_for_a_pending_enrolment_and_with_a_request() {
    let officer = officer();
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    mocks.accounts.expect_update().never();
    let service = mocks.service();

    let approved = service
        .request_enrolment_documents(&officer, account.id, "More.")
        .await;
    assert!(
        matches!(approved, Err(OfficerActionError::InvalidTransition(_))),
        "{approved:?}"
    );
    let empty = service
        .request_enrolment_documents(&officer, account.id, "  ")
        .await;
    assert!(
        matches!(empty, Err(OfficerActionError::InvalidRequest)),
        "{empty:?}"
    );
}

#[tokio::test]
async fn a_standing_update_is_recorded_and_told_and_ends_the_right_to_start() {
    let officer = officer();
    let account = approved_representative();
    let mut mocks = Mocks::new();
    mocks.expect_find_by_id(&account);
    let updated = mocks.expect_one_update();
    let service = mocks.service();

    let suspended = service
        .record_standing(&officer, account.id, Standing::Suspended)
        .await
        .unwrap();

    assert!(!suspended.in_good_standing());
    assert!(!suspended.can_start_applications());
    let (saved, effects) = updated.only();
    assert_eq!(saved.representative.unwrap().standing, Standing::Suspended);
    assert!(
        effects.messages[0]
            .subject
            .starts_with("en:notice-standing-updated-subject"),
        "{}",
        effects.messages[0].subject
    );
    assert!(effects.messages[0].body.contains("suspended"));
    assert_eq!(
        effects.audit[0].action,
        crate::audit::AuditAction::StandingUpdated
    );
}
