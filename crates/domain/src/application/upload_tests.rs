//! Tests of uploading and downloading documents (F18): the checks every upload passes,
//! where the bytes go, and who may read them back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::test_support::*;
use super::*;
use crate::error::RepositoryError;

const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];
const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];
const TIFF: &[u8] = b"MM\0*\0\0\0\x08";
const DOC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0];
const DOCX: &[u8] = b"PK\x03\x04\x14\0\x06\0word/document.xml";
const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0";

/// Expects one `put` of any bytes, recorded, answered by `answer`.
fn expect_put(
    mocks: &mut Mocks,
    answer: fn() -> Result<(), DocumentStoreError>,
) -> Recorder<(String, Vec<u8>)> {
    let put = Recorder::new();
    mocks.store.expect_put().times(1).returning({
        let put = put.clone();
        move |name, bytes| {
            put.push((name.to_owned(), bytes.to_vec()));
            answer()
        }
    });
    put
}

/// Expects one record insert, recorded, answered by `answer`.
fn expect_insert(
    mocks: &mut Mocks,
    answer: fn() -> Result<(), RepositoryError>,
) -> Recorder<Document> {
    let inserted = Recorder::new();
    mocks.documents.expect_insert().times(1).returning({
        let inserted = inserted.clone();
        move |document, effects| {
            assert_eq!(
                effects.audit[0].action,
                crate::audit::AuditAction::DocumentUploaded
            );
            inserted.push(document.clone());
            answer()
        }
    });
    inserted
}

async fn upload(
    mocks: Mocks,
    application: &Application,
    item: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<Document, UploadError> {
    mocks
        .service()
        .upload(owner(), application.id, item, file_name, bytes)
        .await
}

fn problems(err: UploadError) -> Vec<UploadProblem> {
    match err {
        UploadError::Invalid(problems) => problems,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[tokio::test]
async fn every_accepted_type_is_recognised_from_its_bytes() {
    let application = draft(visitor_visa());
    let cases: [(&str, &[u8], FileType); 7] = [
        ("passport.pdf", PDF, FileType::Pdf),
        ("photo.JPG", JPEG, FileType::Jpeg),
        ("photo.jpeg", JPEG, FileType::Jpeg),
        ("photo.png", PNG, FileType::Png),
        ("scan.tiff", TIFF, FileType::Tiff),
        ("form.doc", DOC, FileType::Doc),
        ("form.docx", DOCX, FileType::Docx),
    ];
    for (file_name, bytes, expected) in cases {
        let mut mocks = Mocks::new();
        mocks.expect_find(&application);
        expect_put(&mut mocks, || Ok(()));
        expect_insert(&mut mocks, || Ok(()));

        let document = upload(mocks, &application, "passport_copy", file_name, bytes)
            .await
            .unwrap();

        assert_eq!(document.file_type, expected, "{file_name}");
    }
}

#[tokio::test]
async fn the_bytes_are_stored_under_a_generated_name_and_the_record_keeps_a_clean_display_name() {
    let application = draft(new_refugee_claim());
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    let put = expect_put(&mut mocks, || Ok(()));
    let inserted = expect_insert(&mut mocks, || Ok(()));

    let document = upload(
        mocks,
        &application,
        "identity_documents",
        "C:\\Users\\helen\\..\\national id.pdf",
        PDF,
    )
    .await
    .unwrap();

    let (stored_name, bytes) = put.only();
    assert_eq!(bytes, PDF);
    assert_eq!(stored_name, document.stored_name);
    assert_eq!(stored_name, document.id.as_uuid().simple().to_string());
    assert!(stored_name.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(!stored_name.contains("national"));
    assert_eq!(
        inserted.only(),
        document,
        "the record returned is the one stored"
    );
    assert_eq!(document.file_name, "national id.pdf");
    assert_eq!(document.application_id, application.id);
    assert_eq!(document.item, "identity_documents");
    assert_eq!(document.size, PDF.len() as u64);
    assert_eq!(document.uploaded_at, NOW);
}

#[tokio::test]
async fn two_uploads_of_the_same_file_name_never_share_a_stored_name() {
    let application = draft(visitor_visa());
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    mocks.store.expect_put().times(2).returning(|_, _| Ok(()));
    mocks
        .documents
        .expect_insert()
        .times(2)
        .returning(|_, _| Ok(()));
    let service = mocks.service();

    let first = service
        .upload(owner(), application.id, "photo", "photo.png", PNG)
        .await
        .unwrap();
    let second = service
        .upload(owner(), application.id, "photo", "photo.png", PNG)
        .await
        .unwrap();

    assert_ne!(first.stored_name, second.stored_name);
    assert_ne!(first.id, second.id);
}

#[tokio::test]
async fn every_problem_of_an_upload_is_reported_at_once_and_nothing_is_stored() {
    let application = draft(visitor_visa());
    let mut mocks = Mocks::new();
    mocks.settings.max_upload_bytes = 16;
    mocks.expect_find(&application);
    // No store or record expectations: storing anything would fail the test.
    let too_big_pdf = [PDF, &[b' '; 32][..]].concat();

    let err = upload(mocks, &application, "selfie", "photo.jpg", &too_big_pdf)
        .await
        .unwrap_err();

    assert_eq!(
        problems(err),
        [
            UploadProblem::UnknownItem,
            UploadProblem::TooLarge { max_mb: 1 },
            UploadProblem::ExtensionMismatch {
                extension: "jpg".into(),
                detected: FileType::Pdf
            },
        ]
    );
}

#[tokio::test]
async fn an_empty_file_with_an_unaccepted_extension_has_both_problems() {
    let application = draft(visitor_visa());
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);

    let err = upload(mocks, &application, "photo", "notes.txt", b"")
        .await
        .unwrap_err();

    assert_eq!(
        problems(err),
        [UploadProblem::Empty, UploadProblem::ExtensionNotAllowed]
    );
}

#[tokio::test]
async fn bytes_of_another_kind_are_refused_whatever_the_name_says() {
    let application = draft(visitor_visa());
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);

    let err = upload(mocks, &application, "passport_copy", "passport.pdf", EXE)
        .await
        .unwrap_err();

    assert_eq!(problems(err), [UploadProblem::ContentNotAllowed]);
}

#[tokio::test]
async fn a_checklist_item_of_another_type_is_unknown() {
    let application = draft(visitor_visa());
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);

    let err = upload(mocks, &application, "letter_of_acceptance", "loa.pdf", PDF)
        .await
        .unwrap_err();

    assert_eq!(problems(err), [UploadProblem::UnknownItem]);
}

#[tokio::test]
async fn a_file_of_exactly_the_size_cap_is_accepted_and_one_byte_more_is_not() {
    let application = draft(visitor_visa());
    let at_cap = [PDF, &[b' '; 100][..]].concat();
    let cap = at_cap.len() as u64;
    let mut mocks = Mocks::new();
    mocks.settings.max_upload_bytes = cap;
    mocks.expect_find(&application);
    expect_put(&mut mocks, || Ok(()));
    expect_insert(&mut mocks, || Ok(()));
    let service = mocks.service();

    service
        .upload(owner(), application.id, "photo", "photo.pdf", &at_cap)
        .await
        .unwrap();
    let over = [&at_cap[..], b" "].concat();
    let err = service
        .upload(owner(), application.id, "photo", "photo.pdf", &over)
        .await
        .unwrap_err();

    assert_eq!(problems(err), [UploadProblem::TooLarge { max_mb: 1 }]);
}

#[tokio::test]
async fn a_store_failure_is_unexpected_and_no_record_is_made() {
    let application = draft(visitor_visa());
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    expect_put(&mut mocks, || {
        Err(DocumentStoreError::Unexpected("volume full".into()))
    });

    let err = upload(mocks, &application, "photo", "photo.png", PNG)
        .await
        .unwrap_err();

    assert!(matches!(err, UploadError::Unexpected(_)), "{err:?}");
}

#[tokio::test]
async fn a_failed_record_insert_removes_the_stored_bytes() {
    let application = draft(visitor_visa());
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);
    let put = expect_put(&mut mocks, || Ok(()));
    expect_insert(&mut mocks, || Err(RepositoryError::message("disk full")));
    let removed = Recorder::new();
    mocks.store.expect_delete().times(1).returning({
        let removed = removed.clone();
        move |name| {
            removed.push(name.to_owned());
            Ok(())
        }
    });

    let err = upload(mocks, &application, "photo", "photo.png", PNG)
        .await
        .unwrap_err();

    assert!(matches!(err, UploadError::Unexpected(_)), "{err:?}");
    assert_eq!(removed.only(), put.only().0);
}

#[tokio::test]
async fn after_submission_a_document_is_refused_outside_a_request() {
    let mut application = answered(draft(new_refugee_claim()));
    application.submit(number("L100003692"), NOW).unwrap();
    let mut mocks = Mocks::new();
    mocks.expect_find(&application);

    let err = upload(
        mocks,
        &application,
        "supporting_evidence",
        "report.pdf",
        PDF,
    )
    .await
    .unwrap_err();

    assert!(matches!(err, UploadError::NoOpenRequest), "{err:?}");
}

#[tokio::test]
async fn no_document_can_be_added_to_someone_elses_application() {
    let application = draft(visitor_visa());
    let mut mocks = Mocks::new();
    mocks.expect_find_nothing(stranger(), application.id);

    let err = mocks
        .service()
        .upload(stranger(), application.id, "photo", "photo.png", PNG)
        .await
        .unwrap_err();

    assert!(matches!(err, UploadError::NotFound), "{err:?}");
}
