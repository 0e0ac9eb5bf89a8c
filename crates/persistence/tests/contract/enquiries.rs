//! The enquiry queue: an enquiry round-trips with its documents, the queue filters and
//! pages, a reply is written once the enquiry is not resolved, and an account change
//! stores or resolves an enquiry in its own transaction.

use portal_domain::account::{AccountRepository, EmailAddress, IrccId, PersonName};
use portal_domain::application::FileType;
use portal_domain::effects::SideEffects;
use portal_domain::enquiry::{
    Enquiry, EnquiryDocument, EnquiryId, EnquiryKind, EnquiryQuery, EnquiryReply,
    EnquiryRepository, EnquiryStatus, EnquiryType, ResolvedEnquiry,
};
use uuid::Uuid;

use crate::fixtures::owner;
use crate::support::{Ctx, at, representative};

async fn enquiry(
    ctx: &Ctx,
    account: portal_domain::account::AccountId,
    minutes: i64,
    kind: EnquiryKind,
) -> Enquiry {
    Enquiry {
        id: EnquiryId::from_uuid(Uuid::now_v7()),
        reference: ctx.db.enquiries().next_reference().await.unwrap(),
        account_id: account,
        kind,
        enquiry_type: EnquiryType::TechnicalDifficulties,
        family_name: PersonName::parse("Tremblay").unwrap(),
        given_name: PersonName::parse("Hélène").unwrap(),
        email: Some(EmailAddress::parse("h@example.com").unwrap()),
        date_of_birth: Some(at(0).date()),
        ircc_id: Some(IrccId::parse("P010001243312").unwrap()),
        request: "Please change my surname.".into(),
        documents: vec![EnquiryDocument {
            id: Uuid::now_v7(),
            file_name: "certificate.pdf".into(),
            file_type: FileType::Pdf,
            size: 1234,
            stored_name: "abc123".into(),
        }],
        status: EnquiryStatus::Open,
        submitted_at: at(minutes),
        replies: Vec::new(),
        resolved_at: None,
    }
}

fn query() -> EnquiryQuery {
    EnquiryQuery {
        account: None,
        status: None,
        enquiry_type: None,
        kind: None,
        newest_first: false,
        page: 1,
        per_page: 25,
    }
}

pub async fn an_enquiry_round_trips_and_the_queue_filters_and_pages(ctx: Ctx) {
    let repo = ctx.db.enquiries();
    let a = owner(&ctx, "a@example.com").await;
    let b = owner(&ctx, "b@example.com").await;
    let first = enquiry(&ctx, a, 1, EnquiryKind::WebForm).await;
    let second = enquiry(&ctx, b, 2, EnquiryKind::Closure).await;
    assert_ne!(
        first.reference, second.reference,
        "references are never reused"
    );
    for e in [&first, &second] {
        repo.insert(e, &SideEffects::default()).await.unwrap();
    }
    assert_eq!(repo.find(first.id).await.unwrap(), Some(first.clone()));

    let (total, oldest_first) = repo.search(&query()).await.unwrap();
    assert_eq!((total, oldest_first[0].id), (2, first.id));
    let (total, closures) = repo
        .search(&EnquiryQuery {
            kind: Some(EnquiryKind::Closure),
            ..query()
        })
        .await
        .unwrap();
    assert_eq!((total, closures[0].id), (1, second.id));
    let (total, own) = repo
        .search(&EnquiryQuery {
            account: Some(a),
            newest_first: true,
            ..query()
        })
        .await
        .unwrap();
    assert_eq!((total, own[0].id), (1, first.id));
    let (total, page) = repo
        .search(&EnquiryQuery {
            per_page: 1,
            page: 2,
            ..query()
        })
        .await
        .unwrap();
    assert_eq!((total, page[0].id), (2, second.id));
}

pub async fn a_reply_is_written_until_the_enquiry_is_resolved(ctx: Ctx) {
    let repo = ctx.db.enquiries();
    let a = owner(&ctx, "a@example.com").await;
    let e = enquiry(&ctx, a, 1, EnquiryKind::WebForm).await;
    repo.insert(&e, &SideEffects::default()).await.unwrap();
    let reply = |minutes, body: &str| EnquiryReply {
        body: body.into(),
        sent_at: at(minutes),
    };
    assert!(
        repo.reply(e.id, &reply(2, "Checking."), false, &SideEffects::default())
            .await
            .unwrap()
    );
    assert!(
        repo.reply(e.id, &reply(3, "Done."), true, &SideEffects::default())
            .await
            .unwrap()
    );
    assert!(
        !repo
            .reply(e.id, &reply(4, "Late."), false, &SideEffects::default())
            .await
            .unwrap()
    );
    let stored = repo.find(e.id).await.unwrap().unwrap();
    assert_eq!(stored.status, EnquiryStatus::Resolved);
    assert_eq!(stored.resolved_at, Some(at(3)));
    assert_eq!(
        stored.replies,
        vec![reply(2, "Checking."), reply(3, "Done.")]
    );
}

pub async fn an_account_change_stores_or_resolves_an_enquiry_in_its_transaction(ctx: Ctx) {
    let accounts = ctx.db.accounts();
    let mut account = representative("rep@example.com");
    accounts
        .insert(&account, &SideEffects::default())
        .await
        .unwrap();
    let closure = enquiry(&ctx, account.id, 1, EnquiryKind::Closure).await;
    accounts
        .update(
            &account,
            &SideEffects {
                store_enquiry: Some(closure.clone()),
                ..SideEffects::default()
            },
        )
        .await
        .unwrap();
    account.version += 1;
    assert_eq!(
        ctx.db.enquiries().find(closure.id).await.unwrap(),
        Some(closure.clone())
    );

    let resolved = ResolvedEnquiry {
        id: closure.id,
        at: at(5),
        reply: "Closed.".into(),
    };
    let effects = SideEffects {
        resolve_enquiry: Some(resolved.clone()),
        ..SideEffects::default()
    };
    accounts.update(&account, &effects).await.unwrap();
    account.version += 1;
    let stored = ctx.db.enquiries().find(closure.id).await.unwrap().unwrap();
    assert_eq!(stored.status, EnquiryStatus::Resolved);
    // Resolving it again fails the whole change: the account keeps its version.
    assert!(accounts.update(&account, &effects).await.is_err());
    let found = accounts.find_by_id(account.id).await.unwrap().unwrap();
    assert_eq!(found.version, account.version);
}
