//! The department's case files: an action is stored whole with its message, request, issued
//! document and side effects, or not at all; the flags follow the messages and requests;
//! the representative reads, opens and answers only their own.

use portal_domain::account::{AccountId, SideEffects};
use portal_domain::application::{
    ApplicationMessage, ApplicationRepository, ApplicationState, ApplicationStatus, Biometrics,
    CaseDetails, Decision, DocumentRepository, DocumentRequest, DocumentReview, IssuedDocument,
    IssuedDocumentId, MessageId, Outcome, RequestId, SaveApplicationError, Step, StepState,
    Submission, Uci,
};
use portal_domain::casework::{CaseChange, CaseQuery, CaseworkRepository};
use time::Duration;
use uuid::Uuid;

use crate::applications::document;
use crate::fixtures::{owner, stored, visitor};
use crate::support::{Ctx, at, mail_effects};

fn message(
    application: portal_domain::application::ApplicationId,
    asks_action: bool,
    minutes: i64,
) -> ApplicationMessage {
    ApplicationMessage {
        id: MessageId::from_uuid(Uuid::now_v7()),
        application_id: application,
        subject: "Request for documents".into(),
        body: "Please upload.".into(),
        asks_action,
        sent_at: at(minutes),
        read_at: None,
    }
}

/// A submitted visitor visa of a new representative, with one document.
async fn submitted(ctx: &Ctx, email: &str) -> (AccountId, portal_domain::application::Application) {
    let rep = owner(ctx, email).await;
    let repo = ctx.db.applications();
    let draft = stored(ctx, rep, visitor(), ("Violet", "Parr"), at(0)).await;
    ctx.db
        .documents()
        .insert(&document(&draft, 1), &SideEffects::default())
        .await
        .unwrap();
    repo.submit(
        std::slice::from_ref(&draft),
        at(10),
        &SideEffects::default(),
    )
    .await
    .unwrap();
    (rep, repo.find(rep, draft.id).await.unwrap().unwrap())
}

fn submission(application: &portal_domain::application::Application) -> Submission {
    application.state.submission().unwrap().clone()
}

pub async fn an_action_is_stored_whole_and_the_case_file_reads_it_back(ctx: Ctx) {
    let cases = ctx.db.casework();
    let (rep, application) = submitted(&ctx, "rep@example.com").await;
    let id = application.id;
    let case = cases
        .find(id)
        .await
        .unwrap()
        .expect("a submitted application has a case file");
    assert_eq!(case.documents.len(), 1);
    assert_eq!(case.details, CaseDetails::default());

    let today = at(20).date();
    let mut details = CaseDetails {
        uci: Some(Uci::parse("12-3456-7890").unwrap()),
        biometrics: Some(
            Biometrics::new("BIO123456", today, today + Duration::days(3650)).unwrap(),
        ),
        ..CaseDetails::default()
    };
    details.steps.set(Step::Eligibility, StepState::Completed);
    details.steps.set(Step::Medical, StepState::NotRequired);
    let request = DocumentRequest {
        id: RequestId::from_uuid(Uuid::now_v7()),
        application_id: id,
        description: "Bank statements".into(),
        due_on: today + Duration::days(30),
        requested_at: at(20),
        answered_at: None,
    };
    let change = CaseChange {
        application_id: id,
        version: application.version,
        state: ApplicationState::Received {
            submission: submission(&application),
            received_on: today,
        },
        details: details.clone(),
        review: Some((
            case.documents[0].document.id,
            DocumentReview::FurtherInformationNeeded,
        )),
        request: Some(request.clone()),
        issued: None,
        message: message(id, true, 20),
        effects: mail_effects("rep@example.com", "Request for documents"),
    };
    cases.record(&change).await.unwrap();

    let case = cases.find(id).await.unwrap().unwrap();
    assert_eq!(case.application.status(), ApplicationStatus::Received);
    assert_eq!(case.application.state.received_on(), Some(today));
    assert_eq!(case.application.version, application.version + 1);
    assert_eq!(case.details, details);
    assert_eq!(
        case.documents[0].review,
        Some(DocumentReview::FurtherInformationNeeded)
    );
    assert_eq!(case.requests, vec![request]);
    assert_eq!(case.messages, vec![change.message.clone()]);
    assert_eq!(
        ctx.count("outbox", "subject = 'Request for documents'")
            .await,
        1
    );
    // The representative's own read is the same case file, and the table's flags are set.
    let own = ctx
        .db
        .applications()
        .case_file(rep, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(own, case);
    assert_eq!(
        ctx.count("applications", "has_unread AND action_required")
            .await,
        1
    );

    // A stale version writes nothing at all.
    let stale = cases.record(&change).await;
    assert!(
        matches!(stale, Err(SaveApplicationError::Conflict)),
        "{stale:?}"
    );
    assert_eq!(ctx.rows("application_messages").await, 1);
    assert_eq!(ctx.rows("document_requests").await, 1);
    assert_eq!(
        ctx.count("outbox", "subject = 'Request for documents'")
            .await,
        1
    );

    // Decided, issued, closed.
    let decision = Decision {
        outcome: Outcome::Approved,
        decided_on: today,
    };
    let mut closing = change.clone();
    closing.version = application.version + 1;
    closing.state = ApplicationState::Closed {
        submission: submission(&application),
        received_on: today,
        decision,
        closed_on: today,
    };
    closing.review = None;
    closing.request = None;
    closing.issued = Some(IssuedDocument {
        id: IssuedDocumentId::from_uuid(Uuid::now_v7()),
        application_id: id,
        document_type: "Temporary resident visa".into(),
        number: "TRV123".into(),
        issued_on: today,
        expires_on: None,
    });
    closing.message = message(id, false, 30);
    closing.effects = SideEffects::default();
    cases.record(&closing).await.unwrap();
    let case = cases.find(id).await.unwrap().unwrap();
    assert_eq!(case.application.state, closing.state);
    assert_eq!(case.issued, vec![closing.issued.clone().unwrap()]);
    assert_eq!(case.messages[0].id, closing.message.id, "newest first");
}

pub async fn opening_and_answering_follow_the_owner_and_clear_the_flags(ctx: Ctx) {
    let cases = ctx.db.casework();
    let repo = ctx.db.applications();
    let (rep, application) = submitted(&ctx, "rep@example.com").await;
    let stranger = owner(&ctx, "stranger@example.com").await;
    let id = application.id;
    let request = DocumentRequest {
        id: RequestId::from_uuid(Uuid::now_v7()),
        application_id: id,
        description: "Bank statements".into(),
        due_on: at(0).date() + Duration::days(30),
        requested_at: at(20),
        answered_at: None,
    };
    let asked = message(id, true, 20);
    cases
        .record(&CaseChange {
            application_id: id,
            version: application.version,
            state: application.state.clone(),
            details: CaseDetails::default(),
            review: None,
            request: Some(request.clone()),
            issued: None,
            message: asked.clone(),
            effects: SideEffects::default(),
        })
        .await
        .unwrap();
    assert_eq!(repo.case_file(stranger, id).await.unwrap(), None);
    assert_eq!(
        repo.open_message(stranger, id, asked.id, at(21))
            .await
            .unwrap(),
        None
    );

    // The answer closes the request; the unread message still asks for action.
    let mut answer = document(&application, 25);
    answer.item = "requested_document".into();
    let refused = repo
        .answer_request(stranger, &answer, request.id, &SideEffects::default())
        .await;
    assert!(
        matches!(refused, Err(SaveApplicationError::NotFound)),
        "{refused:?}"
    );
    repo.answer_request(rep, &answer, request.id, &SideEffects::default())
        .await
        .unwrap();
    let again = repo
        .answer_request(rep, &answer, request.id, &SideEffects::default())
        .await;
    assert!(
        matches!(again, Err(SaveApplicationError::Conflict)),
        "{again:?}"
    );
    let case = repo.case_file(rep, id).await.unwrap().unwrap();
    assert_eq!(case.requests[0].answered_at, Some(answer.uploaded_at));
    assert_eq!(case.documents.last().unwrap().request, Some(request.id));
    assert_eq!(ctx.count("applications", "action_required").await, 1);

    // Opening marks it read once and clears both flags.
    let opened = repo
        .open_message(rep, id, asked.id, at(30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(opened.read_at, Some(at(30)));
    let reopened = repo
        .open_message(rep, id, asked.id, at(40))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reopened.read_at, Some(at(30)), "the first reading is kept");
    assert_eq!(
        ctx.count("applications", "has_unread OR action_required")
            .await,
        0
    );
}

pub async fn the_department_searches_submitted_applications_only(ctx: Ctx) {
    let cases = ctx.db.casework();
    let (rep, first) = submitted(&ctx, "rep@example.com").await;
    let (_, second) = submitted(&ctx, "other@example.com").await;
    stored(&ctx, rep, visitor(), ("Dash", "Parr"), at(0)).await;
    let query = |f: &dyn Fn(&mut CaseQuery)| {
        let mut q = CaseQuery {
            number: None,
            status: None,
            application_type: None,
            representative: None,
            action_required: None,
            page: 1,
            per_page: 5,
        };
        f(&mut q);
        q
    };
    let (total, all) = cases.search(&query(&|_| {})).await.unwrap();
    assert_eq!(total, 2, "drafts are not the department's");
    assert_eq!(all.len(), 2);
    let (total, mine) = cases
        .search(&query(&|q| q.representative = Some(rep)))
        .await
        .unwrap();
    assert_eq!((total, mine[0].id), (1, first.id));
    let (total, by_number) = cases
        .search(&query(&|q| q.number = second.number().cloned()))
        .await
        .unwrap();
    assert_eq!((total, by_number[0].id), (1, second.id));
    let (total, _) = cases
        .search(&query(&|q| q.status = Some(ApplicationStatus::Received)))
        .await
        .unwrap();
    assert_eq!(total, 0);
    let (total, page) = cases
        .search(&query(&|q| {
            q.per_page = 1;
            q.page = 2;
        }))
        .await
        .unwrap();
    assert_eq!((total, page.len()), (2, 1));
}
