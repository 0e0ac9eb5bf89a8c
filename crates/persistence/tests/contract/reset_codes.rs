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
    store.claim_try(account.id, at(0), 5).await.unwrap();

    let second = code(account.id, "$argon2id$second", 20);
    store
        .replace(&second, &mail_effects("forgot@example.com", "Code 2"))
        .await
        .unwrap();

    assert_eq!(store.find(account.id).await.unwrap(), Some(second));
    assert_eq!(ctx.rows("reset_codes").await, 1);
    assert_eq!(ctx.count("outbox", "status = 'queued'").await, 2);
}

pub async fn tries_are_granted_one_by_one_up_to_the_limit_while_the_code_is_valid(ctx: Ctx) {
    let account = stored_account(&ctx).await;
    let store = ctx.db.reset_codes();
    assert_eq!(store.claim_try(account.id, at(0), 5).await.unwrap(), None);
    store
        .replace(
            &code(account.id, "$argon2id$c", 10),
            &SideEffects::default(),
        )
        .await
        .unwrap();

    let mut counts = Vec::new();
    for _ in 0..6 {
        let claimed = store.claim_try(account.id, at(0), 5).await.unwrap();
        counts.push(claimed.map(|c| c.failed_attempts));
    }

    assert_eq!(counts, [Some(1), Some(2), Some(3), Some(4), Some(5), None]);
    let stored = store.find(account.id).await.unwrap().unwrap();
    assert_eq!(stored.failed_attempts, 5, "a refused try changes nothing");
    let granted = {
        store
            .replace(
                &code(account.id, "$argon2id$d", 10),
                &SideEffects::default(),
            )
            .await
            .unwrap();
        store
            .claim_try(account.id, at(9), 5)
            .await
            .unwrap()
            .unwrap()
    };
    assert_eq!(granted.code_hash, PasswordHash::new("$argon2id$d"));
    assert_eq!(granted.expires_at, at(10));
    assert_eq!(granted.account_id, account.id);
    // At its expiry the code grants no more tries.
    assert_eq!(store.claim_try(account.id, at(10), 5).await.unwrap(), None);
    assert_eq!(
        store
            .find(account.id)
            .await
            .unwrap()
            .unwrap()
            .failed_attempts,
        1
    );
}

pub async fn thirty_concurrent_tries_from_two_processes_are_granted_exactly_five(ctx: Ctx) {
    let account = stored_account(&ctx).await;
    let store = ctx.db.reset_codes();
    store
        .replace(
            &code(account.id, "$argon2id$c", 10),
            &SideEffects::default(),
        )
        .await
        .unwrap();
    let other = portal_persistence::Database::connect(ctx.url())
        .await
        .unwrap();

    let tries: Vec<_> = (0..30)
        .map(|i| {
            let store = if i % 2 == 0 {
                ctx.db.reset_codes()
            } else {
                other.reset_codes()
            };
            let id = account.id;
            tokio::spawn(async move { store.claim_try(id, at(0), 5).await.unwrap() })
        })
        .collect();
    let mut granted = Vec::new();
    for attempt in tries {
        if let Some(code) = attempt.await.unwrap() {
            granted.push(code.failed_attempts);
        }
    }
    granted.sort_unstable();

    assert_eq!(granted, [1, 2, 3, 4, 5]);
    let stored = store.find(account.id).await.unwrap().unwrap();
    assert_eq!(stored.failed_attempts, 5);
    other.close().await.unwrap();
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
    assert_eq!(store.claim_try(account.id, at(0), 5).await.unwrap(), None);
}
