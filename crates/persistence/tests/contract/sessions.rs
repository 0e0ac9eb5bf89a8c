//! Cases for `SeaOrmSessionStore`.

use portal_domain::account::{
    Account, AccountId, AccountRepository, Session, SessionStore, SideEffects,
};
use portal_domain::secrets::TokenDigest;

use crate::support::{Ctx, at, representative};

async fn stored_account(ctx: &Ctx) -> Account {
    let account = representative("session@example.com");
    ctx.db
        .accounts()
        .insert(&account, &SideEffects::default())
        .await
        .unwrap();
    account
}

fn session(digest: &str, account: &Account, created: i64, seen: i64) -> Session {
    Session {
        digest: TokenDigest::new(digest),
        account_id: account.id,
        created_at: at(created),
        last_seen_at: at(seen),
    }
}

pub async fn a_session_is_stored_found_touched_and_deleted(ctx: Ctx) {
    let account = stored_account(&ctx).await;
    let store = ctx.db.sessions();
    let digest = TokenDigest::new("k7Qz3dUu0f0yGJ2m2VwLrA");
    let started = session(digest.as_str(), &account, 0, 0);

    store.insert(&started).await.unwrap();
    assert_eq!(store.find(&digest).await.unwrap(), Some(started.clone()));

    store.touch(&digest, at(7)).await.unwrap();
    let touched = store.find(&digest).await.unwrap().unwrap();
    assert_eq!(touched.last_seen_at, at(7));
    assert_eq!(touched.created_at, at(0));

    store.delete(&digest).await.unwrap();
    assert_eq!(store.find(&digest).await.unwrap(), None);
}

pub async fn expired_sessions_are_deleted_by_idle_time_or_by_age(ctx: Ctx) {
    let account = stored_account(&ctx).await;
    let store = ctx.db.sessions();
    // At minute 800, with a 30-minute idle limit and a 12-hour absolute limit.
    let now = 800;
    store
        .insert(&session("fresh", &account, 700, 790))
        .await
        .unwrap();
    store
        .insert(&session("idle", &account, 700, 760))
        .await
        .unwrap();
    store
        .insert(&session("old", &account, 70, 795))
        .await
        .unwrap();

    let deleted = store
        .delete_expired(at(now - 30), at(now - 12 * 60))
        .await
        .unwrap();

    assert_eq!(deleted, 2);
    assert!(
        store
            .find(&TokenDigest::new("fresh"))
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.find(&TokenDigest::new("idle")).await.unwrap(), None);
    assert_eq!(store.find(&TokenDigest::new("old")).await.unwrap(), None);
}

pub async fn touching_or_deleting_a_missing_session_is_not_an_error(ctx: Ctx) {
    let store = ctx.db.sessions();
    let digest = TokenDigest::new("missing");

    store.touch(&digest, at(1)).await.unwrap();
    store.delete(&digest).await.unwrap();

    assert_eq!(store.find(&digest).await.unwrap(), None);
}

pub async fn a_session_for_an_unknown_account_is_refused(ctx: Ctx) {
    let store = ctx.db.sessions();
    let orphan = Session {
        digest: TokenDigest::new("orphan"),
        account_id: AccountId::generate(),
        created_at: at(0),
        last_seen_at: at(0),
    };

    assert!(store.insert(&orphan).await.is_err());
    assert_eq!(ctx.rows("sessions").await, 0);
}
