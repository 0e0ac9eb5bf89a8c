//! The casework rules and use cases against mocked ports: every transition in order, every
//! senseless one refused, and what each action tells the representative.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use time::{Date, Duration};

use super::actions::{CaseAction, CaseRefusal, apply};
use super::ports::{CaseChange, MockCaseworkRepository};
use super::service::{CaseworkError, CaseworkPorts, CaseworkService};
use crate::account::{AccountStatus, EmailUpdates, Language, MockAccountRepository};
use crate::application::test_support::{
    NOW, answered, approved_representative, document, draft, number, officer, visitor_visa,
};
use crate::application::{
    ApplicationState, Biometrics, CaseDetails, CaseFile, DocumentReview, Outcome, ReviewedDocument,
    Step, StepState, Uci,
};
use crate::audit::AuditAction;
use crate::clock::MockClock;
use crate::ids::CountingIds;

fn today() -> Date {
    NOW.date()
}

/// A case file submitted the day before [`NOW`], with one document.
fn submitted_case() -> CaseFile {
    let mut application = answered(draft(visitor_visa()));
    application
        .submit(number("V100000001"), NOW - Duration::days(1))
        .unwrap();
    let doc = document(&application, "passport_copy");
    CaseFile {
        application,
        details: CaseDetails::default(),
        documents: vec![ReviewedDocument {
            document: doc,
            review: None,
            request: None,
        }],
        requests: Vec::new(),
        issued: Vec::new(),
        messages: Vec::new(),
    }
}

fn receive() -> CaseAction {
    CaseAction::Receive {
        received_on: today(),
        uci: Uci::parse("1234-5678").unwrap(),
    }
}

fn issue() -> CaseAction {
    CaseAction::Issue {
        document_type: "Temporary resident visa".into(),
        number: "TRV123".into(),
        issued_on: today(),
        expires_on: Some(today() + Duration::days(180)),
    }
}

/// Applies `action` and keeps the result in the case, as storing it would.
fn step(case: &mut CaseFile, action: CaseAction) -> Result<(), CaseRefusal> {
    let applied = apply(case, action, NOW, uuid::Uuid::now_v7)?;
    case.application.state = applied.state;
    case.details = applied.details;
    if let Some(request) = applied.request {
        case.requests.push(request);
    }
    if let Some(issued) = applied.issued {
        case.issued.push(issued);
    }
    Ok(())
}

#[test]
fn a_case_goes_from_receipt_through_decision_to_closure() {
    let mut case = submitted_case();
    step(&mut case, receive()).unwrap();
    assert_eq!(case.application.state.received_on(), Some(today()));
    assert_eq!(case.details.uci.as_ref().unwrap().as_str(), "1234-5678");

    step(
        &mut case,
        CaseAction::SetStep {
            step: Step::Medical,
            state: StepState::NotRequired,
        },
    )
    .unwrap();
    let biometrics = Biometrics::new("BIO123456", today(), today() + Duration::days(3650)).unwrap();
    step(&mut case, CaseAction::RecordBiometrics(biometrics.clone())).unwrap();
    step(
        &mut case,
        CaseAction::RequestDocuments {
            description: "Bank statements".into(),
            due_on: today() + Duration::days(30),
        },
    )
    .unwrap();
    assert!(case.action_required(), "an open request asks for action");
    step(&mut case, CaseAction::Decide(Outcome::Approved)).unwrap();
    step(&mut case, issue()).unwrap();
    step(&mut case, CaseAction::Close).unwrap();

    let ApplicationState::Closed {
        decision,
        closed_on,
        ..
    } = &case.application.state
    else {
        panic!("closed: {:?}", case.application.state);
    };
    assert_eq!(decision.outcome, Outcome::Approved);
    assert_eq!(*closed_on, today());
    assert_eq!(case.details.biometrics, Some(biometrics));
    assert_eq!(
        case.details.steps.get(Step::Medical),
        StepState::NotRequired
    );
    assert_eq!(
        case.details.steps.get(Step::FinalDecision),
        StepState::Completed,
        "the decision completes the last step"
    );
    assert_eq!(case.issued.len(), 1);
}

#[test]
fn transitions_that_make_no_sense_are_refused() {
    let submitted = submitted_case();
    let mut received = submitted.clone();
    step(&mut received, receive()).unwrap();
    let mut decided = received.clone();
    step(&mut decided, CaseAction::Decide(Outcome::Refused)).unwrap();
    let mut approved = received.clone();
    step(&mut approved, CaseAction::Decide(Outcome::Approved)).unwrap();
    let mut closed = approved.clone();
    step(&mut closed, CaseAction::Close).unwrap();
    let request = |description: &str, days: i64| CaseAction::RequestDocuments {
        description: description.into(),
        due_on: today() + Duration::days(days),
    };
    let unknown_document = CaseAction::ReviewDocument {
        document: crate::application::DocumentId::from_uuid(uuid::Uuid::nil()),
        review: DocumentReview::Reviewed,
    };
    let cases: Vec<(&CaseFile, CaseAction, CaseRefusal)> = vec![
        (
            &submitted,
            CaseAction::Decide(Outcome::Approved),
            CaseRefusal::NotReceived,
        ),
        (
            &submitted,
            CaseAction::SetStep {
                step: Step::Interview,
                state: StepState::InProgress,
            },
            CaseRefusal::NotReceived,
        ),
        (&submitted, CaseAction::Close, CaseRefusal::NotDecided),
        (&submitted, issue(), CaseRefusal::NotDecided),
        (
            &submitted,
            CaseAction::Receive {
                received_on: today() + Duration::days(1),
                uci: Uci::parse("12345678").unwrap(),
            },
            CaseRefusal::ReceivedOn,
        ),
        (
            &submitted,
            CaseAction::Receive {
                received_on: today() - Duration::days(2),
                uci: Uci::parse("12345678").unwrap(),
            },
            CaseRefusal::ReceivedOn,
        ),
        (
            &submitted,
            request("Bank statements", 0),
            CaseRefusal::DueDate,
        ),
        (&submitted, request("  ", 10), CaseRefusal::Description),
        (
            &submitted,
            request(&"x".repeat(2001), 10),
            CaseRefusal::Description,
        ),
        (&submitted, unknown_document, CaseRefusal::NoSuchDocument),
        (&received, receive(), CaseRefusal::AlreadyReceived),
        (
            &decided,
            CaseAction::Decide(Outcome::Approved),
            CaseRefusal::AlreadyDecided,
        ),
        (&decided, request("More", 10), CaseRefusal::AlreadyDecided),
        (&decided, issue(), CaseRefusal::NotApproved),
        (
            &approved,
            CaseAction::Issue {
                document_type: "Visa".into(),
                number: "A1".into(),
                issued_on: today() + Duration::days(1),
                expires_on: None,
            },
            CaseRefusal::IssuedDates,
        ),
        (
            &approved,
            CaseAction::Issue {
                document_type: "".into(),
                number: "A1".into(),
                issued_on: today(),
                expires_on: None,
            },
            CaseRefusal::IssuedDocument,
        ),
        (&closed, receive(), CaseRefusal::Closed),
        (&closed, CaseAction::Close, CaseRefusal::Closed),
        (&closed, request("More", 10), CaseRefusal::Closed),
    ];
    for (case, action, expected) in cases {
        let refused = apply(case, action.clone(), NOW, uuid::Uuid::now_v7);
        assert_eq!(refused.err(), Some(expected), "{action:?}");
    }
}

#[test]
fn an_unread_message_that_asks_for_action_or_an_open_request_means_action_required() {
    let mut case = submitted_case();
    assert!(!case.action_required() && !case.has_unread());
    let message = crate::application::ApplicationMessage {
        id: crate::application::MessageId::from_uuid(uuid::Uuid::nil()),
        application_id: case.application.id,
        subject: "Document status updated".into(),
        body: String::new(),
        asks_action: false,
        sent_at: NOW,
        read_at: None,
    };
    case.messages.push(message.clone());
    assert!(case.has_unread() && !case.action_required());
    case.messages[0].asks_action = true;
    assert!(case.action_required());
    case.messages[0].read_at = Some(NOW);
    assert!(!case.action_required() && !case.has_unread());
}

/// A service whose repository holds `case` and records what is stored.
struct Fixture {
    service: CaseworkService,
    recorded: Arc<Mutex<Vec<CaseChange>>>,
}

fn fixture(case: CaseFile, representative: crate::account::Account) -> Fixture {
    let recorded = Arc::new(Mutex::new(Vec::<CaseChange>::new()));
    let mut cases = MockCaseworkRepository::new();
    let stored = case.clone();
    cases
        .expect_find()
        .returning(move |_| Ok(Some(stored.clone())));
    let sink = recorded.clone();
    cases.expect_record().returning(move |change| {
        sink.lock().unwrap().push(change.clone());
        Ok(())
    });
    let mut accounts = MockAccountRepository::new();
    accounts
        .expect_find_by_id()
        .returning(move |_| Ok(Some(representative.clone())));
    let mut clock = MockClock::new();
    clock.expect_now().return_const(NOW);
    let service = CaseworkService::new(
        CaseworkPorts {
            cases: Arc::new(cases),
            accounts: Arc::new(accounts),
            clock: Arc::new(clock),
            wording: Arc::new(crate::wording::MessageIds),
            ids: Arc::new(CountingIds::default()),
        },
        "https://portal.example.ca",
    );
    Fixture { service, recorded }
}

#[tokio::test]
async fn each_action_sends_a_message_audits_it_and_mails_when_the_preference_is_yes() {
    let case = submitted_case();
    let id = case.application.id;
    let f = fixture(case, approved_representative());
    f.service.act(&officer(), id, receive()).await.unwrap();

    let recorded = f.recorded.lock().unwrap();
    let change = &recorded[0];
    assert!(
        change
            .message
            .subject
            .starts_with("en:case-message-received-subject"),
        "{}",
        change.message.subject
    );
    assert!(change.message.body.contains("V100000001"));
    assert!(change.message.body.contains("1234-5678"));
    assert!(!change.message.asks_action);
    assert_eq!(change.effects.mails.len(), 1, "email updates: Yes");
    assert!(
        change.effects.mails[0]
            .subject
            .starts_with("en:case-message-received-subject"),
        "{}",
        change.effects.mails[0].subject
    );
    let audit = &change.effects.audit[0];
    assert_eq!(audit.action, AuditAction::ApplicationReceived);
    assert_eq!(audit.application, Some(id));
    assert_eq!(audit.actor, Some(officer().id));
    assert_eq!(change.version, 0);
}

#[tokio::test]
async fn no_mail_when_the_preference_is_no_and_the_message_is_in_the_accounts_language() {
    let case = submitted_case();
    let id = case.application.id;
    let mut representative = approved_representative();
    representative.language = Language::French;
    if let Some(details) = representative.representative.as_mut() {
        details.contact.email_updates = EmailUpdates::No;
    }
    let f = fixture(case, representative);
    f.service
        .act(
            &officer(),
            id,
            CaseAction::RequestDocuments {
                description: "Relevés bancaires".into(),
                due_on: today() + Duration::days(30),
            },
        )
        .await
        .unwrap();

    let recorded = f.recorded.lock().unwrap();
    let change = &recorded[0];
    assert!(change.effects.mails.is_empty(), "email updates: No");
    assert!(
        change
            .message
            .subject
            .starts_with("fr:case-message-request-subject"),
        "{}",
        change.message.subject
    );
    assert!(change.message.asks_action, "a request asks for action");
    assert!(change.request.is_some());
}

#[tokio::test]
async fn only_officers_act_and_a_closed_account_gets_no_message() {
    let case = submitted_case();
    let id = case.application.id;
    let f = fixture(case.clone(), approved_representative());
    let refused = f
        .service
        .act(&approved_representative(), id, receive())
        .await;
    assert!(
        matches!(refused, Err(CaseworkError::Forbidden)),
        "{refused:?}"
    );

    let mut closed = approved_representative();
    closed.status = AccountStatus::Closed;
    let f = fixture(case, closed);
    let refused = f.service.act(&officer(), id, receive()).await;
    assert!(
        matches!(
            refused,
            Err(CaseworkError::Refused(CaseRefusal::AccountClosed))
        ),
        "{refused:?}"
    );
    assert!(f.recorded.lock().unwrap().is_empty(), "nothing stored");
}

#[test]
fn every_message_has_an_english_and_a_french_text() {
    let submitted = submitted_case();
    let mut received = submitted.clone();
    step(&mut received, receive()).unwrap();
    let mut approved = received.clone();
    step(&mut approved, CaseAction::Decide(Outcome::Approved)).unwrap();
    let doc = received.documents[0].document.id;
    let actions: Vec<(&CaseFile, CaseAction)> = vec![
        (&submitted, receive()),
        (
            &received,
            CaseAction::RecordBiometrics(
                Biometrics::new("BIO123456", today(), today() + Duration::days(10)).unwrap(),
            ),
        ),
        (
            &received,
            CaseAction::SetStep {
                step: Step::Interview,
                state: StepState::Completed,
            },
        ),
        (
            &received,
            CaseAction::ReviewDocument {
                document: doc,
                review: DocumentReview::FurtherInformationNeeded,
            },
        ),
        (
            &received,
            CaseAction::RequestDocuments {
                description: "Proof of funds".into(),
                due_on: today() + Duration::days(5),
            },
        ),
        (&received, CaseAction::Decide(Outcome::Withdrawn)),
        (&approved, issue()),
        (&approved, CaseAction::Close),
    ];
    for (case, action) in actions {
        let applied = apply(case, action.clone(), NOW, uuid::Uuid::now_v7).unwrap();
        let (notice, asks_en) = super::notices::render(
            &crate::wording::MessageIds,
            case,
            &action,
            &applied,
            Language::English,
            "https://p",
        );
        assert!(notice.subject.starts_with("en:case-message-"), "{notice:?}");
        let body = notice.subject.split("-subject").next().unwrap().to_owned() + "-body";
        assert!(
            notice.body.starts_with("en:case-message-about(number=")
                && notice.body.contains(&format!("\n\n{body}")),
            "{notice:?}"
        );
        assert!(
            notice
                .body
                .ends_with("\n\nen:notice-signature\nhttps://p\n")
        );
        let asks = matches!(
            action,
            CaseAction::RequestDocuments { .. }
                | CaseAction::ReviewDocument {
                    review: DocumentReview::FurtherInformationNeeded,
                    ..
                }
        );
        assert_eq!(asks_en, asks, "{action:?}");
    }
}
