//! Cases for `SeaOrmThrottleStore`.

use std::net::IpAddr;

use portal_domain::account::{
    AttemptCount, ThrottleKey, ThrottlePolicy, ThrottleState, ThrottleStore,
};
use portal_persistence::Database;
use time::{Duration, OffsetDateTime};

use crate::support::{Ctx, at};

const HOME: [u8; 4] = [192, 0, 2, 10];
const ATTACKER: [u8; 4] = [198, 51, 100, 66];

fn key() -> ThrottleKey {
    ThrottleKey::for_email("  Someone@Example.com")
}

fn from(address: [u8; 4]) -> ThrottleKey {
    key().from_address(IpAddr::from(address))
}

async fn count(store: &impl ThrottleStore, key: &ThrottleKey, now: OffsetDateTime) -> AttemptCount {
    store
        .count_attempt(key, now, &ThrottlePolicy::default())
        .await
        .unwrap()
}

pub async fn attempts_count_up_and_the_wait_begins_after_the_free_ones(ctx: Ctx) {
    let store = ctx.db.throttle();
    let key = from(HOME);
    let t = at(0);

    let counts = [
        count(&store, &key, t).await,
        count(&store, &key, t).await,
        count(&store, &key, t).await,
        count(&store, &key, t).await,
        count(&store, &key, t).await,
    ];

    let wait_over = t + Duration::seconds(1);
    assert_eq!(
        counts,
        [
            AttemptCount::Counted(1),
            AttemptCount::Counted(2),
            AttemptCount::Counted(3),
            AttemptCount::Counted(4),
            AttemptCount::Blocked { until: wait_over },
        ]
    );
    assert_eq!(
        store.get(&key).await.unwrap(),
        Some(ThrottleState {
            failures: 4,
            window_started_at: t,
            blocked_until: Some(wait_over),
        })
    );
    // Once the wait is over the next attempt counts, and waits longer.
    assert_eq!(
        count(&store, &key, wait_over).await,
        AttemptCount::Counted(5)
    );
    assert_eq!(
        store.get(&key).await.unwrap().unwrap().blocked_until,
        Some(wait_over + Duration::seconds(3))
    );
    // The same email typed differently is the same key; another address is another.
    assert_eq!(
        store
            .get(&ThrottleKey::for_email("someone@example.com").from_address(HOME.into()))
            .await
            .unwrap()
            .unwrap()
            .failures,
        5
    );
    assert_eq!(store.get(&from(ATTACKER)).await.unwrap(), None);
    assert_eq!(store.get(&key.for_every_address()).await.unwrap(), None);
}

pub async fn a_window_that_is_over_starts_the_count_again(ctx: Ctx) {
    let store = ctx.db.throttle();
    let key = from(HOME);
    for _ in 0..4 {
        let _ = count(&store, &key, at(0)).await;
    }
    let later = at(0) + Duration::hours(24);

    assert_eq!(count(&store, &key, later).await, AttemptCount::Counted(1));
    assert_eq!(
        store.get(&key).await.unwrap().unwrap().window_started_at,
        later
    );
}

/// Counts `n` attempts under `key` at once, half through each of two pools (two processes
/// sharing the database); returns every answer, sorted.
async fn counted_at_once(
    pools: [&Database; 2],
    key: &ThrottleKey,
    n: usize,
    policy: &ThrottlePolicy,
) -> Vec<AttemptCount> {
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let store = pools[i % 2].throttle();
            let key = key.clone();
            let policy = policy.clone();
            tokio::spawn(async move { store.count_attempt(&key, at(0), &policy).await.unwrap() })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers.sort_by_key(|a| match a {
        AttemptCount::Counted(n) => i64::from(*n),
        AttemptCount::Blocked { .. } => i64::MAX,
    });
    answers
}

pub async fn concurrent_attempts_from_two_processes_each_get_their_own_count(ctx: Ctx) {
    let other = Database::connect(ctx.url()).await.unwrap();
    let roomy = ThrottlePolicy {
        free_failures: 100,
        ..ThrottlePolicy::default()
    };

    let answers = counted_at_once([&ctx.db, &other], &key(), 24, &roomy).await;

    let expected: Vec<_> = (1..=24).map(AttemptCount::Counted).collect();
    assert_eq!(answers, expected);
    assert_eq!(
        ctx.db
            .throttle()
            .get(&key())
            .await
            .unwrap()
            .unwrap()
            .failures,
        24
    );
    other.close().await.unwrap();
}

pub async fn concurrent_attempts_never_outrun_the_wait(ctx: Ctx) {
    let other = Database::connect(ctx.url()).await.unwrap();

    let answers = counted_at_once(
        [&ctx.db, &other],
        &from(HOME),
        24,
        &ThrottlePolicy::default(),
    )
    .await;

    // Three free failures and the fourth that starts the wait; the other 20 are refused.
    let counted: Vec<_> = answers
        .iter()
        .filter(|a| matches!(a, AttemptCount::Counted(_)))
        .copied()
        .collect();
    assert_eq!(
        counted,
        (1..=4).map(AttemptCount::Counted).collect::<Vec<_>>()
    );
    let until = at(0) + Duration::seconds(1);
    assert_eq!(
        answers
            .iter()
            .filter(|a| **a == AttemptCount::Blocked { until })
            .count(),
        20
    );
    assert_eq!(
        ctx.db
            .throttle()
            .get(&from(HOME))
            .await
            .unwrap()
            .unwrap()
            .failures,
        4
    );
    other.close().await.unwrap();
}

pub async fn a_refund_takes_one_failure_back_and_never_goes_below_zero(ctx: Ctx) {
    let store = ctx.db.throttle();
    let every = key();
    let _ = count(&store, &every, at(0)).await;
    let _ = count(&store, &every, at(0)).await;

    store.refund(&every).await.unwrap();
    assert_eq!(store.get(&every).await.unwrap().unwrap().failures, 1);
    store.refund(&every).await.unwrap();
    store.refund(&every).await.unwrap();
    store.refund(&from(ATTACKER)).await.unwrap();

    assert_eq!(store.get(&every).await.unwrap().unwrap().failures, 0);
    assert_eq!(store.get(&from(ATTACKER)).await.unwrap(), None);
}

pub async fn clearing_an_address_spares_the_others_and_clearing_the_email_clears_all(ctx: Ctx) {
    let store = ctx.db.throttle();
    let other = ThrottleKey::for_email("other@example.com");
    for key in [from(HOME), from(ATTACKER), key(), other.clone()] {
        let _ = count(&store, &key, at(0)).await;
    }

    store.clear(&from(HOME)).await.unwrap();
    store.clear(&from(HOME)).await.unwrap();
    assert_eq!(store.get(&from(HOME)).await.unwrap(), None);
    assert!(store.get(&from(ATTACKER)).await.unwrap().is_some());
    assert!(store.get(&key()).await.unwrap().is_some());

    store.clear(&key()).await.unwrap();
    assert_eq!(store.get(&from(ATTACKER)).await.unwrap(), None);
    assert_eq!(store.get(&key()).await.unwrap(), None);
    assert!(store.get(&other).await.unwrap().is_some());
}

pub async fn a_typed_email_with_control_characters_is_counted_like_any_other(ctx: Ctx) {
    let store = ctx.db.throttle();
    let nul = ThrottleKey::for_email("nul\u{0}@example.com\u{1b}");
    let plain = ThrottleKey::for_email("nul@example.com");

    assert_eq!(count(&store, &nul, at(0)).await, AttemptCount::Counted(1));
    assert_eq!(count(&store, &nul, at(0)).await, AttemptCount::Counted(2));

    assert_eq!(store.get(&plain).await.unwrap(), None);
    // Nothing a client typed is kept in the table.
    assert_eq!(ctx.count("sign_in_throttle", "key LIKE '%@%'").await, 0);
}
