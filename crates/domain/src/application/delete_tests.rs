//! Tests of deleting in-progress applications (F13).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::test_support::*;
use super::*;
use crate::error::RepositoryError;

/// Expects one `delete_drafts` of exactly `ids` for the owner, answering `deleted`.
fn expect_delete_drafts(mocks: &mut Mocks, ids: Vec<ApplicationId>, deleted: u64) {
    mocks
        .applications
        .expect_delete_drafts()
        .withf(move |o, asked, effects| {
            *o == owner()
                && asked == ids.as_slice()
                && effects
                    .audit
                    .iter()
                    .all(|e| e.action == crate::audit::AuditAction::ApplicationDeleted)
        })
        .times(1)
        .returning(move |_, _, _| Ok(deleted));
}

/// Records the names the store is asked to delete.
fn record_store_deletes(mocks: &mut Mocks) -> Recorder<String> {
    let deleted = Recorder::new();
    mocks.store.expect_delete().returning({
        let deleted = deleted.clone();
        move |name| {
            deleted.push(name.to_owned());
            Ok(())
        }
    });
    deleted
}

fn names(documents: &[Document]) -> Vec<String> {
    documents.iter().map(|d| d.stored_name.clone()).collect()
}

#[tokio::test]
async fn a_draft_is_deleted_with_its_stored_files() {
    let application = draft(visitor_visa());
    let files = vec![
        document(&application, "passport_copy"),
        document(&application, "photo"),
    ];
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    mocks.expect_group(std::slice::from_ref(&application));
    mocks.expect_documents(&application, files.clone());
    expect_delete_drafts(&mut mocks, vec![application.id], 1);
    let deleted_files = record_store_deletes(&mut mocks);

    mocks
        .service()
        .delete(owner(), application.id)
        .await
        .unwrap();

    assert_eq!(deleted_files.all(), names(&files));
}

#[tokio::test]
async fn deleting_the_principal_deletes_every_draft_of_the_group() {
    let principal = draft(new_refugee_claim());
    let alice = family_member(&principal, "Alice");
    let dash = family_member(&principal, "Dash");
    let alice_files = vec![document(&alice, "identity_documents")];
    let dash_files = vec![document(&dash, "photo")];
    let mut mocks = Mocks::new();
    mocks.expect_find(&principal);
    mocks.expect_group(&[principal.clone(), alice.clone(), dash.clone()]);
    mocks.expect_documents(&principal, Vec::new());
    mocks.expect_documents(&alice, alice_files.clone());
    mocks.expect_documents(&dash, dash_files.clone());
    expect_delete_drafts(&mut mocks, vec![principal.id, alice.id, dash.id], 3);
    let deleted_files = record_store_deletes(&mut mocks);

    mocks.service().delete(owner(), principal.id).await.unwrap();

    assert_eq!(
        deleted_files.all(),
        [names(&alice_files), names(&dash_files)].concat()
    );
}

#[tokio::test]
async fn deleting_a_family_member_leaves_the_rest_of_the_group() {
    let principal = draft(visitor_visa());
    let member = family_member(&principal, "Alice");
    let files = vec![document(&member, "photo")];
    let mut mocks = Mocks::new();
    mocks.expect_find(&member);
    // No find_group expectation: the group is not looked at.
    mocks.expect_documents(&member, files.clone());
    expect_delete_drafts(&mut mocks, vec![member.id], 1);
    let deleted_files = record_store_deletes(&mut mocks);

    mocks.service().delete(owner(), member.id).await.unwrap();

    assert_eq!(deleted_files.all(), names(&files));
}

#[tokio::test]
async fn a_submitted_application_is_never_deleted() {
    let mut application = answered(draft(visitor_visa()));
    application.submit(number("V100000001"), NOW).unwrap();
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    // No delete expectations: deleting anything would fail the test.

    let err = mocks
        .service()
        .delete(owner(), application.id)
        .await
        .unwrap_err();

    assert!(
        matches!(err, DeleteApplicationError::AlreadySubmitted),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_draft_submitted_while_it_was_being_deleted_keeps_its_files() {
    let application = draft(visitor_visa());
    let mut submitted = answered(application.clone());
    submitted.submit(number("V100000002"), NOW).unwrap();
    let mut mocks = Mocks::new();
    // The first read still sees a draft; the one after the delete sees it submitted.
    let mut reads = vec![submitted, application.clone()];
    mocks
        .applications
        .expect_find()
        .times(2)
        .returning(move |_, _| Ok(reads.pop()));
    mocks.expect_group(std::slice::from_ref(&application));
    mocks.expect_documents(&application, vec![document(&application, "photo")]);
    expect_delete_drafts(&mut mocks, vec![application.id], 0);
    // No store expectation: deleting the submitted application's file would fail the test.

    mocks
        .service()
        .delete(owner(), application.id)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_unknown_or_someone_elses_application_is_not_found() {
    let application = draft(visitor_visa());
    let mut mocks = Mocks::new();
    mocks.expect_find_nothing(stranger(), application.id);

    let err = mocks
        .service()
        .delete(stranger(), application.id)
        .await
        .unwrap_err();

    assert!(matches!(err, DeleteApplicationError::NotFound), "{err:?}");
}

#[tokio::test]
async fn a_storage_failure_while_deleting_is_unexpected() {
    let application = draft(visitor_visa());
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    mocks.expect_group(std::slice::from_ref(&application));
    mocks.expect_documents(&application, Vec::new());
    mocks
        .applications
        .expect_delete_drafts()
        .times(1)
        .returning(|_, _, _| Err(RepositoryError::message("database locked")));

    let err = mocks
        .service()
        .delete(owner(), application.id)
        .await
        .unwrap_err();

    assert!(
        matches!(err, DeleteApplicationError::Unexpected(_)),
        "{err:?}"
    );
}
