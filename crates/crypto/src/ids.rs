//! New identifiers: time-ordered UUIDs (version 7).

use portal_domain::IdGenerator;
use uuid::Uuid;

/// The [`IdGenerator`] of the portal: UUID version 7, a millisecond timestamp followed by
/// random bits, so identifiers made later sort later and new rows stay together in an index.
#[derive(Debug, Clone, Copy, Default)]
pub struct TimeOrderedIds;

impl IdGenerator for TimeOrderedIds {
    fn new_id(&self) -> Uuid {
        Uuid::now_v7()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_version_7_distinct_and_in_order() {
        let ids: Vec<Uuid> = (0..1000).map(|_| TimeOrderedIds.new_id()).collect();

        assert!(ids.iter().all(|id| id.get_version_num() == 7));
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, ids, "distinct, each after the one before");
    }
}
