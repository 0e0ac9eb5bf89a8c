//! Cases for `SeaOrmInboxStore`: the account messages (F19).

use portal_domain::account::{
    AccountMessage, AccountRepository, InboxQuery, InboxStore, MessageId, SentOrder, SideEffects,
};

use crate::support::{Ctx, at, representative};

/// Stores a representative with messages sent at `at(1)`, `at(2)`, ... in that order.
async fn with_messages(
    ctx: &Ctx,
    email: &str,
    subjects: &[&str],
) -> portal_domain::account::AccountId {
    let account = representative(email);
    let messages = subjects
        .iter()
        .zip(1..)
        .map(|(subject, minute)| AccountMessage {
            account_id: account.id,
            subject: (*subject).to_owned(),
            body: format!("{subject}: body"),
            sent_at: at(minute),
            asks_action: false,
        })
        .collect();
    let effects = SideEffects {
        messages,
        ..SideEffects::default()
    };
    ctx.db.accounts().insert(&account, &effects).await.unwrap();
    account.id
}

fn subjects(messages: &[portal_domain::account::InboxMessage]) -> Vec<&str> {
    messages.iter().map(|m| m.subject.as_str()).collect()
}

pub async fn the_inbox_lists_an_accounts_messages_newest_first_page_by_page(ctx: Ctx) {
    let inbox = ctx.db.inbox();
    let owner = with_messages(
        &ctx,
        "inbox@example.com",
        &[
            "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh",
        ],
    )
    .await;
    with_messages(&ctx, "other@example.com", &["Not mine"]).await;

    let (total, first) = inbox.search(owner, &InboxQuery::default()).await.unwrap();
    let second = InboxQuery {
        page: 2,
        ..InboxQuery::default()
    };
    let (_, rest) = inbox.search(owner, &second).await.unwrap();
    let oldest = InboxQuery {
        order: SentOrder::OldestFirst,
        per_page: 10,
        ..InboxQuery::default()
    };
    let (_, ascending) = inbox.search(owner, &oldest).await.unwrap();

    assert_eq!(total, 7);
    assert_eq!(
        subjects(&first),
        ["Seventh", "Sixth", "Fifth", "Fourth", "Third"]
    );
    assert_eq!(subjects(&rest), ["Second", "First"]);
    assert_eq!(
        subjects(&ascending),
        [
            "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh"
        ]
    );
    assert_eq!(first[0].sent_at, at(7));
    assert!(first.iter().all(|m| m.read_at.is_none()));
}

pub async fn a_subject_search_ignores_case_and_accents_and_wildcards(ctx: Ctx) {
    let inbox = ctx.db.inbox();
    let owner = with_messages(
        &ctx,
        "search@example.com",
        &[
            "Demande d'inscription approuvée",
            "Enrolment request approved",
            "Enrolment request submitted",
            "100% complete_check",
        ],
    )
    .await;
    let search = |text: &str| InboxQuery {
        subject: Some(text.to_owned()),
        ..InboxQuery::default()
    };

    let (total, approved) = inbox.search(owner, &search("APPROUVEE")).await.unwrap();
    let (_, enrolment) = inbox.search(owner, &search("enrolment")).await.unwrap();
    let (_, percent) = inbox.search(owner, &search("%")).await.unwrap();
    let (_, underscore) = inbox.search(owner, &search("e_c")).await.unwrap();
    let (none, _) = inbox.search(owner, &search("refused")).await.unwrap();

    assert_eq!(
        (total, subjects(&approved)),
        (1, vec!["Demande d'inscription approuvée"])
    );
    assert_eq!(
        subjects(&enrolment),
        ["Enrolment request submitted", "Enrolment request approved"]
    );
    assert_eq!(subjects(&percent), ["100% complete_check"]);
    assert_eq!(subjects(&underscore), ["100% complete_check"]);
    assert_eq!(none, 0);
}

pub async fn opening_a_message_marks_it_read_once_and_only_for_its_owner(ctx: Ctx) {
    let inbox = ctx.db.inbox();
    let owner = with_messages(&ctx, "reader@example.com", &["Enrolment request approved"]).await;
    let stranger = with_messages(&ctx, "stranger@example.com", &[]).await;
    let (_, listed) = inbox.search(owner, &InboxQuery::default()).await.unwrap();
    let id = listed[0].id;

    assert_eq!(inbox.open(stranger, id, at(20)).await.unwrap(), None);
    let first = inbox.open(owner, id, at(30)).await.unwrap().unwrap();
    let again = inbox.open(owner, id, at(40)).await.unwrap().unwrap();
    let missing = MessageId::from_uuid(uuid::Uuid::now_v7());

    assert_eq!(first.read_at, Some(at(30)));
    assert_eq!(first.body, "Enrolment request approved: body");
    assert_eq!(again.read_at, Some(at(30)), "the first read time is kept");
    assert_eq!(inbox.open(owner, missing, at(50)).await.unwrap(), None);
    let (_, after) = inbox.search(owner, &InboxQuery::default()).await.unwrap();
    assert_eq!(after[0].read_at, Some(at(30)));
}
