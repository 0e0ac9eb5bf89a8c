//! Cases for `SeaOrmThrottleStore`.

use portal_domain::account::{ThrottleKey, ThrottleState, ThrottleStore};

use crate::support::{Ctx, at};

pub async fn throttle_state_is_stored_replaced_and_cleared(ctx: Ctx) {
    let store = ctx.db.throttle();
    let key = ThrottleKey::for_email("  Someone@Example.com");
    let other = ThrottleKey::for_email("other@example.com");
    let first = ThrottleState {
        failures: 1,
        last_failure_at: at(1),
        blocked_until: None,
    };
    let later = ThrottleState {
        failures: 5,
        last_failure_at: at(4),
        blocked_until: Some(at(9)),
    };
    assert_eq!(store.get(&key).await.unwrap(), None);

    store.put(&key, &first).await.unwrap();
    store.put(&other, &first).await.unwrap();
    assert_eq!(store.get(&key).await.unwrap(), Some(first));
    assert_eq!(
        store
            .get(&ThrottleKey::for_email("someone@example.com"))
            .await
            .unwrap(),
        Some(first)
    );

    store.put(&key, &later).await.unwrap();
    assert_eq!(store.get(&key).await.unwrap(), Some(later));

    store.clear(&key).await.unwrap();
    store.clear(&key).await.unwrap();
    assert_eq!(store.get(&key).await.unwrap(), None);
    assert_eq!(store.get(&other).await.unwrap(), Some(first));
}
