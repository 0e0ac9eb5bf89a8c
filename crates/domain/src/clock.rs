//! The clock port: the only way the domain learns what time it is.

use time::OffsetDateTime;

/// The current time. Tests move it forward instead of sleeping.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait Clock: Send + Sync {
    /// The current instant, in UTC.
    fn now(&self) -> OffsetDateTime;
}
