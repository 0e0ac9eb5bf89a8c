//! The identifier port: the only way the domain gets a new identifier.

use uuid::Uuid;

/// New, unique identifiers for accounts, applications and documents. The portal's adapter
/// makes time-ordered UUIDs (version 7), which keep new rows together in an index; tests
/// use predictable ones.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait IdGenerator: Send + Sync {
    /// An identifier never given before.
    fn new_id(&self) -> Uuid;
}

/// Identifiers 1, 2, 3, ... as UUIDs, for tests that need predictable, distinct ones.
#[cfg(test)]
#[derive(Debug, Default)]
pub(crate) struct CountingIds(std::sync::atomic::AtomicU64);

#[cfg(test)]
impl IdGenerator for CountingIds {
    fn new_id(&self) -> Uuid {
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        Uuid::from_u128(u128::from(n))
    }
}
