//! Cases for `SeaOrmOutboxQueue`.

use std::collections::HashSet;

use portal_domain::account::AccountRepository;
use portal_domain::mail::OutboxQueue;
use uuid::Uuid;

use crate::support::{Ctx, at, mail_effects};

async fn queue(ctx: &Ctx, subject: &str) {
    ctx.db
        .accounts()
        .record(&mail_effects("someone@example.com", subject))
        .await
        .unwrap();
}

pub async fn due_mail_is_claimed_once_until_its_lease_expires(ctx: Ctx) {
    queue(&ctx, "Your verification code").await;
    let outbox = ctx.db.outbox();

    let first = outbox.claim_due(at(0), at(5), 10).await.unwrap();
    let during_lease = outbox.claim_due(at(4), at(9), 10).await.unwrap();
    let after_lease = outbox.claim_due(at(5), at(10), 10).await.unwrap();

    assert_eq!(first.len(), 1);
    assert_eq!(first[0].subject, "Your verification code");
    assert_eq!(first[0].body, "Your verification code: body");
    assert!(during_lease.is_empty(), "{during_lease:?}");
    assert_eq!(
        after_lease.len(),
        1,
        "a crashed worker's mail is taken again"
    );
    assert_eq!(after_lease[0].id, first[0].id);
}

pub async fn a_claim_takes_at_most_the_limit_oldest_first(ctx: Ctx) {
    for subject in ["one", "two", "three"] {
        queue(&ctx, subject).await;
    }
    let outbox = ctx.db.outbox();

    let first = outbox.claim_due(at(0), at(5), 2).await.unwrap();
    let rest = outbox.claim_due(at(0), at(5), 2).await.unwrap();
    let none = outbox.claim_due(at(0), at(5), 0).await.unwrap();

    let subjects: Vec<_> = first.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(subjects, ["one", "two"]);
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].subject, "three");
    assert!(none.is_empty());
}

pub async fn concurrent_claims_never_take_the_same_mail(ctx: Ctx) {
    for i in 0..20 {
        queue(&ctx, &format!("mail {i}")).await;
    }
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let outbox = ctx.db.outbox();
            tokio::spawn(async move { outbox.claim_due(at(0), at(5), 8).await.unwrap() })
        })
        .collect();
    let mut claimed: Vec<Uuid> = Vec::new();
    for worker in workers {
        claimed.extend(worker.await.unwrap().into_iter().map(|m| m.id));
    }
    let leftover = ctx.db.outbox().claim_due(at(0), at(5), 100).await.unwrap();
    claimed.extend(leftover.into_iter().map(|m| m.id));

    let distinct: HashSet<_> = claimed.iter().collect();
    assert_eq!(distinct.len(), claimed.len(), "a mail was claimed twice");
    assert_eq!(claimed.len(), 20);
}

pub async fn a_sent_mail_loses_its_body_and_is_not_claimed_again(ctx: Ctx) {
    queue(&ctx, "Your verification code").await;
    let outbox = ctx.db.outbox();
    let mail = outbox.claim_due(at(0), at(5), 1).await.unwrap().remove(0);

    outbox.mark_sent(mail.id, at(1)).await.unwrap();

    assert!(
        outbox
            .claim_due(at(100), at(105), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        ctx.count("outbox", "status = 'sent' AND body = ''").await,
        1
    );
    assert_eq!(ctx.count("outbox", "sent_at IS NOT NULL").await, 1);
}

pub async fn a_failed_mail_is_retried_at_the_given_time(ctx: Ctx) {
    queue(&ctx, "Enrolment approved").await;
    let outbox = ctx.db.outbox();
    let mail = outbox.claim_due(at(0), at(5), 1).await.unwrap().remove(0);

    outbox
        .mark_failed(mail.id, 1, Some(at(10)), "421 try again later")
        .await
        .unwrap();

    assert!(
        outbox
            .claim_due(at(9), at(14), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let retried = outbox.claim_due(at(10), at(15), 10).await.unwrap();
    assert_eq!(retried.len(), 1);
    assert_eq!(retried[0].attempts, 1);
    assert_eq!(retried[0].body, "Enrolment approved: body");
    assert_eq!(
        ctx.text("SELECT last_error FROM outbox", "last_error")
            .await,
        "421 try again later"
    );
}

pub async fn a_mail_given_up_on_is_never_claimed_again(ctx: Ctx) {
    queue(&ctx, "Your verification code").await;
    let outbox = ctx.db.outbox();
    let mail = outbox.claim_due(at(0), at(5), 1).await.unwrap().remove(0);

    outbox
        .mark_failed(mail.id, 5, None, "550 no such user")
        .await
        .unwrap();

    assert!(
        outbox
            .claim_due(at(10_000), at(10_005), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        ctx.count("outbox", "status = 'failed' AND attempts = 5 AND body = ''")
            .await,
        1
    );
}
