//! The representative's side of a submitted application against mocked ports: an upload in
//! answer to an open request, and the refusals around it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use time::Duration;

use super::test_support::*;
use super::*;

/// A case file of the owner's submitted visa with one open request, in `state`.
fn case_with_request(closed: bool) -> CaseFile {
    let mut application = answered(draft(visitor_visa()));
    application.submit(number("V100000001"), NOW).unwrap();
    if closed {
        let submission = application.state.submission().unwrap().clone();
        let decision = Decision {
            outcome: Outcome::Approved,
            decided_on: NOW.date(),
        };
        application.state = ApplicationState::Closed {
            submission,
            received_on: NOW.date(),
            decision,
            closed_on: NOW.date(),
        };
    }
    let request = DocumentRequest {
        id: RequestId::from_uuid(uuid::Uuid::from_u128(9)),
        application_id: application.id,
        description: "Bank statements".into(),
        due_on: NOW.date() + Duration::days(30),
        requested_at: NOW,
        answered_at: None,
    };
    CaseFile {
        application,
        details: CaseDetails::default(),
        documents: Vec::new(),
        requests: vec![request],
        issued: Vec::new(),
        messages: Vec::new(),
    }
}

fn expect_case(mocks: &mut Mocks, case: &CaseFile) {
    let case = case.clone();
    mocks
        .applications
        .expect_case_file()
        .returning(move |_, _| Ok(Some(case.clone())));
}

#[tokio::test]
async fn a_document_answers_an_open_request_and_is_audited() {
    let case = case_with_request(false);
    let mut mocks = Mocks::new();
    expect_case(&mut mocks, &case);
    mocks.store.expect_put().times(1).returning(|_, _| Ok(()));
    let request = case.requests[0].id;
    mocks
        .applications
        .expect_answer_request()
        .withf(move |_, document, asked, effects| {
            *asked == request
                && document.item == REQUESTED_DOCUMENT_ITEM
                && effects.audit[0].action == crate::audit::AuditAction::RequestAnswered
        })
        .times(1)
        .returning(|_, _, _, _| Ok(()));

    let document = mocks
        .service()
        .answer_request(owner(), case.application.id, request, "statement.pdf", PDF)
        .await
        .unwrap();

    assert_eq!(document.file_name, "statement.pdf");
}

#[tokio::test]
async fn no_upload_without_an_open_request_or_once_the_file_is_closed() {
    for (case, request) in [
        (
            case_with_request(false),
            RequestId::from_uuid(uuid::Uuid::from_u128(404)),
        ),
        (
            case_with_request(true),
            RequestId::from_uuid(uuid::Uuid::from_u128(9)),
        ),
    ] {
        let mut mocks = Mocks::new();
        expect_case(&mut mocks, &case);
        mocks.store.expect_put().never();
        mocks.applications.expect_answer_request().never();

        let err = mocks
            .service()
            .answer_request(owner(), case.application.id, request, "statement.pdf", PDF)
            .await
            .unwrap_err();

        assert!(matches!(err, UploadError::NoOpenRequest), "{err:?}");
    }
}
