//! Tests of the account messages (F19) against a mocked inbox store.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::account::test_support::*;

fn message(n: u128, subject: &str) -> InboxMessage {
    InboxMessage {
        id: MessageId::from_uuid(Uuid::from_u128(n)),
        subject: subject.to_owned(),
        body: "Body".to_owned(),
        sent_at: NOW,
        read_at: None,
        asks_action: false,
    }
}

fn account() -> AccountId {
    AccountId::from_uuid(Uuid::from_u128(77))
}

/// Expects searches of [`account`], recorded; each answers the next of `answers`.
fn expect_searches(
    mocks: &mut Mocks,
    answers: Vec<(u64, Vec<InboxMessage>)>,
) -> Recorder<InboxQuery> {
    let asked = Recorder::new();
    let owner = account();
    let times = answers.len();
    let mut answers = answers.into_iter();
    mocks
        .inbox
        .expect_search()
        .withf(move |a, _| *a == owner)
        .times(times)
        .returning({
            let asked = asked.clone();
            move |_, query| {
                asked.push(query.clone());
                Ok(answers.next().unwrap())
            }
        });
    asked
}

#[tokio::test]
async fn a_page_of_messages_comes_with_the_total_and_a_trimmed_subject_search() {
    let mut mocks = Mocks::new();
    let rows = vec![message(1, "Enrolment request approved")];
    let asked = expect_searches(&mut mocks, vec![(1, rows.clone())]);
    let service = mocks.service();

    let page = service
        .messages(
            account(),
            InboxQuery {
                subject: Some("  enrolment ".into()),
                ..InboxQuery::default()
            },
        )
        .await
        .unwrap();

    assert_eq!(page.items, rows);
    assert_eq!((page.total, page.page, page.per_page), (1, 1, 5));
    assert_eq!(asked.only().subject.as_deref(), Some("enrolment"));
}

#[tokio::test]
async fn a_blank_subject_search_lists_every_message() {
    let mut mocks = Mocks::new();
    let asked = expect_searches(&mut mocks, vec![(0, Vec::new())]);
    let service = mocks.service();

    service
        .messages(
            account(),
            InboxQuery {
                subject: Some("   ".into()),
                ..InboxQuery::default()
            },
        )
        .await
        .unwrap();

    assert_eq!(asked.only().subject, None);
}

#[tokio::test]
async fn a_page_past_the_end_answers_the_last_page() {
    let mut mocks = Mocks::new();
    let last = vec![message(6, "Sixth")];
    let asked = expect_searches(&mut mocks, vec![(6, Vec::new()), (6, last.clone())]);
    let service = mocks.service();

    let page = service
        .messages(
            account(),
            InboxQuery {
                page: 9,
                ..InboxQuery::default()
            },
        )
        .await
        .unwrap();

    assert_eq!((page.page, page.items), (2, last));
    let pages: Vec<u32> = asked.all().iter().map(|q| q.page).collect();
    assert_eq!(pages, [9, 2]);
}

#[tokio::test]
async fn invalid_queries_are_refused_before_any_read() {
    let cases = [
        (
            InboxQuery {
                per_page: 7,
                ..InboxQuery::default()
            },
            InboxQueryError::PageSize,
        ),
        (
            InboxQuery {
                page: 0,
                ..InboxQuery::default()
            },
            InboxQueryError::Page,
        ),
        (
            InboxQuery {
                subject: Some("x".repeat(101)),
                ..InboxQuery::default()
            },
            InboxQueryError::Subject,
        ),
        (
            InboxQuery {
                subject: Some("Enrolment\u{0}".into()),
                ..InboxQuery::default()
            },
            InboxQueryError::Subject,
        ),
    ];
    for (query, expected) in cases {
        let service = Mocks::new().service();

        let err = service.messages(account(), query).await.unwrap_err();

        assert!(
            matches!(err, ListMessagesError::Invalid(e) if e == expected),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn opening_a_message_marks_it_read_now() {
    let mut mocks = Mocks::new();
    let owner = account();
    let id = MessageId::from_uuid(Uuid::from_u128(3));
    mocks
        .inbox
        .expect_open()
        .withf(move |a, i, now| *a == owner && *i == id && *now == NOW)
        .times(1)
        .returning(|_, _, now| {
            Ok(Some(InboxMessage {
                read_at: Some(now),
                asks_action: false,
                ..message(3, "Enrolment request submitted")
            }))
        });
    let service = mocks.service();

    let opened = service.open_message(owner, id).await.unwrap();

    assert_eq!(opened.read_at, Some(NOW));
}

#[tokio::test]
async fn a_message_the_account_does_not_have_is_not_found() {
    let mut mocks = Mocks::new();
    mocks.inbox.expect_open().returning(|_, _, _| Ok(None));
    let service = mocks.service();

    let err = service
        .open_message(account(), MessageId::from_uuid(Uuid::from_u128(4)))
        .await
        .unwrap_err();

    assert!(matches!(err, OpenMessageError::NotFound), "{err:?}");
}
