//! Cases for `SeaOrmEmailChangeStore` and the email change side effects of an account
//! update.

use portal_domain::account::{
    Account, AccountRepository, EmailAddress, EmailChangeStore, PendingEmailChange, SideEffects,
    UpdateAccountError,
};
use portal_domain::secrets::PasswordHash;

use crate::support::{Ctx, at, mail_effects, representative};

async fn stored(ctx: &Ctx, email: &str) -> Account {
    let account = representative(email);
    ctx.db
        .accounts()
        .insert(&account, &SideEffects::default())
        .await
        .unwrap();
    account
}

fn change(account: &Account, new_email: &str, expires: i64) -> PendingEmailChange {
    PendingEmailChange {
        account_id: account.id,
        new_email: EmailAddress::parse(new_email).unwrap(),
        code_hash: PasswordHash::new(format!("$argon2id${new_email}")),
        expires_at: at(expires),
        attempts: 0,
    }
}

/// Saves `account` unchanged with a change to `new_email` pending and a mail, as a request
/// does; returns the change.
async fn request(
    ctx: &Ctx,
    account: &mut Account,
    new_email: &str,
    expires: i64,
) -> PendingEmailChange {
    let pending = change(account, new_email, expires);
    let effects = SideEffects {
        store_email_change: Some(pending.clone()),
        ..mail_effects(&account.email.to_string(), "Email change requested")
    };
    ctx.db.accounts().update(account, &effects).await.unwrap();
    account.version += 1;
    pending
}

pub async fn a_pending_change_is_stored_with_its_request_and_replaces_the_earlier_one(ctx: Ctx) {
    let mut account = stored(&ctx, "first@example.com").await;
    let store = ctx.db.email_changes();
    request(&ctx, &mut account, "one@example.com", 10).await;
    let second = request(&ctx, &mut account, "two@example.com", 20).await;

    let counted = store.record_attempt(account.id, 5, at(1)).await.unwrap();

    assert_eq!(
        counted,
        Some(PendingEmailChange {
            attempts: 1,
            ..second
        })
    );
    assert_eq!(ctx.rows("email_changes").await, 1);
    assert_eq!(ctx.count("outbox", "status = 'queued'").await, 2);
}

pub async fn tries_are_counted_up_to_the_limit_and_never_after_expiry(ctx: Ctx) {
    let mut account = stored(&ctx, "first@example.com").await;
    let store = ctx.db.email_changes();
    assert_eq!(
        store.record_attempt(account.id, 3, at(1)).await.unwrap(),
        None
    );
    request(&ctx, &mut account, "new@example.com", 10).await;

    let mut counts = Vec::new();
    for _ in 0..4 {
        let counted = store.record_attempt(account.id, 3, at(1)).await.unwrap();
        counts.push(counted.map(|c| c.attempts));
    }
    assert_eq!(counts, [Some(1), Some(2), Some(3), None]);

    let mut other = stored(&ctx, "other@example.com").await;
    request(&ctx, &mut other, "later@example.com", 10).await;
    assert_eq!(
        store.record_attempt(other.id, 3, at(10)).await.unwrap(),
        None
    );
    let before = store.record_attempt(other.id, 3, at(9)).await.unwrap();
    assert_eq!(
        before.map(|c| c.attempts),
        Some(1),
        "expiry changed nothing"
    );
}

pub async fn concurrent_tries_never_get_the_change_more_than_the_limit(ctx: Ctx) {
    let mut account = stored(&ctx, "first@example.com").await;
    request(&ctx, &mut account, "new@example.com", 10).await;
    let store = ctx.db.email_changes();

    let tries: Vec<_> = (0..12)
        .map(|_| {
            let store = store.clone();
            let id = account.id;
            tokio::spawn(async move { store.record_attempt(id, 5, at(1)).await.unwrap() })
        })
        .collect();
    let mut counts = Vec::new();
    for attempt in tries {
        if let Some(change) = attempt.await.unwrap() {
            counts.push(change.attempts);
        }
    }
    counts.sort_unstable();

    assert_eq!(counts, [1, 2, 3, 4, 5]);
}

pub async fn a_confirmation_deletes_the_change_and_a_taken_email_writes_nothing(ctx: Ctx) {
    let repo = ctx.db.accounts();
    let store = ctx.db.email_changes();
    let holder = stored(&ctx, "holder@example.com").await;
    let mut account = stored(&ctx, "first@example.com").await;
    request(&ctx, &mut account, "holder@example.com", 10).await;

    let mut taken = account.clone();
    taken.email = holder.email.clone();
    let confirm = SideEffects {
        delete_email_change: true,
        ..mail_effects("first@example.com", "Email changed")
    };
    let result = repo.update(&taken, &confirm).await;
    assert!(
        matches!(result, Err(UpdateAccountError::EmailTaken)),
        "{result:?}"
    );
    assert_eq!(ctx.rows("email_changes").await, 1, "nothing was written");

    request(&ctx, &mut account, "free@example.com", 10).await;
    let mut confirmed = account.clone();
    confirmed.email = EmailAddress::parse("free@example.com").unwrap();
    repo.update(&confirmed, &confirm).await.unwrap();

    assert_eq!(ctx.rows("email_changes").await, 0);
    assert_eq!(
        store.record_attempt(account.id, 5, at(1)).await.unwrap(),
        None
    );
    let found = repo.find_by_email(&confirmed.email).await.unwrap().unwrap();
    assert_eq!(found.id, account.id);
    store.delete(account.id).await.unwrap();
}
