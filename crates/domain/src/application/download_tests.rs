//! Tests of reading an application back (F17, F18): the application with its documents,
//! by number, and a document's bytes, always scoped to their owner.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::test_support::*;
use super::*;
use crate::error::RepositoryError;

/// `documents.find` answers `document` for its application and id, once.
fn expect_document(mocks: &mut Mocks, document: &Document) {
    let document = document.clone();
    let (application, id) = (document.application_id, document.id);
    mocks
        .documents
        .expect_find()
        .withf(move |a, d| *a == application && *d == id)
        .times(1)
        .returning(move |_, _| Ok(Some(document.clone())));
}

#[tokio::test]
async fn the_owner_downloads_the_bytes_of_a_document() {
    let application = draft(visitor_visa());
    let document = document(&application, "passport_copy");
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    expect_document(&mut mocks, &document);
    let name = document.stored_name.clone();
    mocks
        .store
        .expect_get()
        .withf(move |asked| asked == name)
        .times(1)
        .returning(|_| Ok(PDF.to_vec()));
    let id = application.id;
    mocks
        .audit
        .expect_append()
        .withf(move |events| {
            events.len() == 1
                && events[0].action == crate::audit::AuditAction::DocumentDownloaded
                && events[0].application == Some(id)
                && events[0].actor == Some(owner())
        })
        .times(1)
        .returning(|_| Ok(()));

    let (found, bytes) = mocks
        .service()
        .download(owner(), application.id, document.id)
        .await
        .unwrap();

    assert_eq!(found, document);
    assert_eq!(bytes, PDF);
}

#[tokio::test]
async fn another_representative_cannot_download_the_document() {
    let application = draft(visitor_visa());
    let document = document(&application, "passport_copy");
    let mut mocks = Mocks::new();
    mocks.expect_find_nothing(stranger(), application.id);
    // No document or store expectations: reading them would fail the test.

    let err = mocks
        .service()
        .download(stranger(), application.id, document.id)
        .await
        .unwrap_err();

    assert!(matches!(err, FindApplicationError::NotFound), "{err:?}");
}

#[tokio::test]
async fn a_document_of_another_application_is_not_found() {
    let application = draft(visitor_visa());
    let elsewhere = document(&draft(visitor_visa()), "photo");
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    let (app_id, doc_id) = (application.id, elsewhere.id);
    mocks
        .documents
        .expect_find()
        .withf(move |a, d| *a == app_id && *d == doc_id)
        .times(1)
        .returning(|_, _| Ok(None));

    let err = mocks
        .service()
        .download(owner(), application.id, elsewhere.id)
        .await
        .unwrap_err();

    assert!(matches!(err, FindApplicationError::NotFound), "{err:?}");
}

#[tokio::test]
async fn a_record_whose_bytes_are_gone_is_not_found_and_a_store_failure_is_unexpected() {
    let application = draft(visitor_visa());
    let document = document(&application, "photo");
    for (answer, gone) in [
        (DocumentStoreError::NotFound, true),
        (DocumentStoreError::Unexpected("io error".into()), false),
    ] {
        let mut mocks = Mocks::new();
        mocks.expect_find(&application);
        expect_document(&mut mocks, &document);
        let mut answer = Some(answer);
        mocks
            .store
            .expect_get()
            .times(1)
            .returning(move |_| Err(answer.take().unwrap()));

        let err = mocks
            .service()
            .download(owner(), application.id, document.id)
            .await
            .unwrap_err();

        if gone {
            assert!(matches!(err, FindApplicationError::NotFound), "{err:?}");
        } else {
            assert!(
                matches!(err, FindApplicationError::Unexpected(_)),
                "{err:?}"
            );
        }
    }
}

#[tokio::test]
async fn viewing_an_application_shows_its_documents() {
    let application = draft(ApplicationKind::StudyPermit);
    let documents = required_documents(&application);
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    mocks.expect_documents(&application, documents.clone());

    let (found, listed) = mocks.service().view(owner(), application.id).await.unwrap();

    assert_eq!(found, application);
    assert_eq!(listed, documents);
}

#[tokio::test]
async fn someone_elses_application_cannot_be_viewed() {
    let application = draft(visitor_visa());
    let mut mocks = Mocks::new();
    mocks.expect_find_nothing(stranger(), application.id);

    let err = mocks
        .service()
        .view(stranger(), application.id)
        .await
        .unwrap_err();

    assert!(matches!(err, FindApplicationError::NotFound), "{err:?}");
}

#[tokio::test]
async fn an_application_is_found_by_its_number_for_its_owner_only() {
    let mut application = answered(draft(new_refugee_claim()));
    application.submit(number("L100003692"), NOW).unwrap();
    let mut mocks = Mocks::new();
    let found = application.clone();
    mocks
        .applications
        .expect_find_by_number()
        .returning(move |o, n| {
            Ok((o == owner() && n.as_str() == "L100003692").then(|| found.clone()))
        });
    let service = mocks.service();

    let mine = service
        .find_by_number(owner(), &number("l100003692"))
        .await
        .unwrap();
    let err = service
        .find_by_number(stranger(), &number("L100003692"))
        .await
        .unwrap_err();

    assert_eq!(mine, application);
    assert!(matches!(err, FindApplicationError::NotFound), "{err:?}");
}

#[tokio::test]
async fn a_storage_failure_while_viewing_is_unexpected() {
    let application = draft(visitor_visa());
    let mut mocks = Mocks::new();
    mocks
        .applications
        .expect_find()
        .returning(|_, _| Err(RepositoryError::message("connection reset")));

    let err = mocks
        .service()
        .view(owner(), application.id)
        .await
        .unwrap_err();

    assert!(
        matches!(err, FindApplicationError::Unexpected(_)),
        "{err:?}"
    );
}
