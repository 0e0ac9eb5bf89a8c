//! Cases for `SeaOrmSessionStore`.

use portal_domain::account::{
    Account, AccountId, AccountRepository, Session, SessionStore, SideEffects,
};
use portal_domain::secrets::TokenDigest;
use portal_persistence::SeaOrmSessionStore;

use crate::support::{Ctx, at, representative};

async fn stored_account(ctx: &Ctx) -> Account {
    stored(ctx, "session@example.com").await
}

async fn stored(ctx: &Ctx, email: &str) -> Account {
    let account = representative(email);
    ctx.db
        .accounts()
        .insert(&account, &SideEffects::default())
        .await
        .unwrap();
    account
}

/// The session found under `digest`, without its account.
async fn find(store: &SeaOrmSessionStore, digest: &str) -> Option<Session> {
    store
        .find_with_account(&TokenDigest::new(digest))
        .await
        .unwrap()
        .map(|(session, _)| session)
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
    assert_eq!(
        store.find_with_account(&digest).await.unwrap(),
        Some((started.clone(), account.clone()))
    );

    store.touch(&digest, at(7)).await.unwrap();
    let touched = find(&store, digest.as_str()).await.unwrap();
    assert_eq!(touched.last_seen_at, at(7));
    assert_eq!(touched.created_at, at(0));
    // A request that began earlier but touches later never moves the last use back.
    store.touch(&digest, at(6)).await.unwrap();
    let touched = find(&store, digest.as_str()).await.unwrap();
    assert_eq!(touched.last_seen_at, at(7));

    store.delete(&digest).await.unwrap();
    assert_eq!(store.find_with_account(&digest).await.unwrap(), None);
}

pub async fn each_session_is_found_with_its_own_account(ctx: Ctx) {
    let first = stored(&ctx, "first@example.com").await;
    let second = stored(&ctx, "second@example.com").await;
    let store = ctx.db.sessions();
    store.insert(&session("s1", &first, 0, 1)).await.unwrap();
    store.insert(&session("s2", &second, 2, 3)).await.unwrap();

    let (s1, a1) = store
        .find_with_account(&TokenDigest::new("s1"))
        .await
        .unwrap()
        .unwrap();
    let (s2, a2) = store
        .find_with_account(&TokenDigest::new("s2"))
        .await
        .unwrap()
        .unwrap();

    assert_eq!((s1, a1), (session("s1", &first, 0, 1), first));
    assert_eq!((s2, a2), (session("s2", &second, 2, 3), second));
}

pub async fn a_session_whose_account_is_deleted_is_not_found(ctx: Ctx) {
    let account = stored(&ctx, "gone@example.com").await;
    let store = ctx.db.sessions();
    store.insert(&session("s1", &account, 0, 0)).await.unwrap();

    ctx.execute("DELETE FROM accounts WHERE email = 'gone@example.com'")
        .await;

    assert_eq!(find(&store, "s1").await, None);
    assert_eq!(ctx.rows("sessions").await, 0);
}

pub async fn a_session_whose_account_row_does_not_convert_is_an_error(ctx: Ctx) {
    let account = stored(&ctx, "broken@example.com").await;
    let store = ctx.db.sessions();
    store.insert(&session("s1", &account, 0, 0)).await.unwrap();

    ctx.execute(
        "UPDATE accounts SET telephone_number = 'not digits' WHERE email = 'broken@example.com'",
    )
    .await;

    assert!(
        store
            .find_with_account(&TokenDigest::new("s1"))
            .await
            .is_err()
    );
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
    assert!(find(&store, "fresh").await.is_some());
    assert_eq!(find(&store, "idle").await, None);
    assert_eq!(find(&store, "old").await, None);
}

pub async fn touching_or_deleting_a_missing_session_is_not_an_error(ctx: Ctx) {
    let store = ctx.db.sessions();
    let digest = TokenDigest::new("missing");

    store.touch(&digest, at(1)).await.unwrap();
    store.delete(&digest).await.unwrap();

    assert_eq!(store.find_with_account(&digest).await.unwrap(), None);
}

pub async fn a_session_for_an_unknown_account_is_refused(ctx: Ctx) {
    let store = ctx.db.sessions();
    let orphan = Session {
        digest: TokenDigest::new("orphan"),
        account_id: AccountId::from_uuid(uuid::Uuid::now_v7()),
        created_at: at(0),
        last_seen_at: at(0),
    };

    assert!(store.insert(&orphan).await.is_err());
    assert_eq!(ctx.rows("sessions").await, 0);
}

/// Many requests at once: their reads share statements, and each still finds its own
/// session and account; a session ended by another store (another process) is not found
/// by any read asked for after the end.
pub async fn lookups_made_together_each_find_their_own_session_until_it_ends(ctx: Ctx) {
    let accounts = [
        stored(&ctx, "one@example.com").await,
        stored(&ctx, "two@example.com").await,
        stored(&ctx, "three@example.com").await,
    ];
    let store = ctx.db.sessions();
    for (i, account) in accounts.iter().enumerate() {
        let created = i64::try_from(i).unwrap();
        store
            .insert(&session(&format!("s{i}"), account, created, created + 1))
            .await
            .unwrap();
    }
    let ask = |digests: Vec<String>| {
        let mut reads = tokio::task::JoinSet::new();
        for digest in digests {
            let store = store.clone();
            reads.spawn(async move {
                let found = store
                    .find_with_account(&TokenDigest::new(digest.clone()))
                    .await
                    .unwrap();
                (digest, found)
            });
        }
        reads.join_all()
    };
    // 70 reads: more than one batch holds, with repeats and a token that is no session.
    let digests: Vec<String> = (0..70)
        .map(|n| match n % 4 {
            3 => "no-such-session".to_owned(),
            i => format!("s{i}"),
        })
        .collect();
    for (digest, found) in ask(digests.clone()).await {
        match digest
            .strip_prefix('s')
            .and_then(|i| i.parse::<usize>().ok())
        {
            Some(i) => {
                let (session, account) = found.unwrap();
                assert_eq!(session.digest.as_str(), digest);
                assert_eq!(account, accounts[i]);
                assert_eq!(session.account_id, accounts[i].id);
            }
            None => assert_eq!(found, None, "{digest}"),
        }
    }

    ctx.db
        .sessions()
        .delete(&TokenDigest::new("s1"))
        .await
        .unwrap();
    for (digest, found) in ask(digests).await {
        assert_eq!(
            found.is_some(),
            digest == "s0" || digest == "s2",
            "{digest}"
        );
    }
}
