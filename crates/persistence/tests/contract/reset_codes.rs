//! Cases for `SeaOrmResetCodeStore`.

use portal_domain::account::{
    Account, AccountId, AccountRepository, ResetCodeStore, SideEffects, StoredResetCode,
};
use portal_domain::secrets::PasswordHash;

use crate::support::{Ctx, at, mail_effects, representative};

async fn stored_account(ctx: &Ctx) -> Account {
    let account = representative("forgot@example.com");
    ctx.db
        .accounts()
        .insert(&account, &SideEffects::default())
        .await
        .unwrap();
    account
}

fn code(account_id: AccountId, hash: &str, expires: i64) -> StoredResetCode {
    StoredResetCode {
        account_id,
        code_hash: PasswordHash::new(hash),
        expires_at: at(expires),
        failed_attempts: 0,
    }
}

pub async fn replacing_a_reset_code_voids_the_old_one_and_queues_its_mail(ctx: Ctx) {
    let account = stored_account(&ctx).await;
    let store = ctx.db.reset_codes();
    store
        .replace(
            &code(account.id, "$argon2id$first", 10),
            &mail_effects("forgot@example.com", "Code 1"),
        )
        .await
        .unwrap();
    store.record_failure(account.id).await.unwrap();

    let second = code(account.id, "$argon2id$second", 20);
    store
        .replace(&second, &mail_effects("forgot@example.com", "Code 2"))
        .await
        .unwrap();

    assert_eq!(store.find(account.id).await.unwrap(), Some(second));
    assert_eq!(ctx.rows("reset_codes").await, 1);
    assert_eq!(ctx.count("outbox", "status = 'queued'").await, 2);
}

pub async fn wrong_tries_are_counted_one_by_one(ctx: Ctx) {
    let account = stored_account(&ctx).await;
    let store = ctx.db.reset_codes();
    assert_eq!(store.record_failure(account.id).await.unwrap(), 0);
    store
        .replace(
            &code(account.id, "$argon2id$c", 10),
            &SideEffects::default(),
        )
        .await
        .unwrap();

    let counts = [
        store.record_failure(account.id).await.unwrap(),
        store.record_failure(account.id).await.unwrap(),
        store.record_failure(account.id).await.unwrap(),
    ];

    assert_eq!(counts, [1, 2, 3]);
    let stored = store.find(account.id).await.unwrap().unwrap();
    assert_eq!(stored.failed_attempts, 3);
}

pub async fn concurrent_wrong_tries_are_all_counted(ctx: Ctx) {
    let account = stored_account(&ctx).await;
    let store = ctx.db.reset_codes();
    store
        .replace(
            &code(account.id, "$argon2id$c", 10),
            &SideEffects::default(),
        )
        .await
        .unwrap();

    let tries: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            let id = account.id;
            tokio::spawn(async move { store.record_failure(id).await.unwrap() })
        })
        .collect();
    let mut counts = Vec::new();
    for attempt in tries {
        counts.push(attempt.await.unwrap());
    }
    counts.sort_unstable();

    assert_eq!(counts, (1..=8).collect::<Vec<u32>>());
    let stored = store.find(account.id).await.unwrap().unwrap();
    assert_eq!(stored.failed_attempts, 8);
}

pub async fn a_deleted_reset_code_is_gone_and_deleting_again_is_fine(ctx: Ctx) {
    let account = stored_account(&ctx).await;
    let store = ctx.db.reset_codes();
    store
        .replace(
            &code(account.id, "$argon2id$c", 10),
            &SideEffects::default(),
        )
        .await
        .unwrap();

    store.delete(account.id).await.unwrap();
    store.delete(account.id).await.unwrap();

    assert_eq!(store.find(account.id).await.unwrap(), None);
    assert_eq!(store.record_failure(account.id).await.unwrap(), 0);
}
