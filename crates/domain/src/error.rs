//! The error every storage port may return for failures the caller cannot act on.

/// Storage failed in a way the domain cannot act on (connection lost, disk full, a row that
/// does not convert). It carries the cause for the log; it is never shown to a user.
#[derive(Debug, thiserror::Error)]
#[error("storage failed: {0}")]
pub struct RepositoryError(#[source] pub Box<dyn std::error::Error + Send + Sync + 'static>);

impl RepositoryError {
    /// Wraps any error as a storage failure.
    pub fn new(source: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self(Box::new(source))
    }

    /// A storage failure described by a message only.
    pub fn message(message: impl Into<String>) -> Self {
        Self(message.into().into())
    }
}

/// A failure the caller cannot act on: storage or hashing broke. Carried by the
/// `Unexpected` variant of every use case error; the cause goes to the log only.
#[derive(Debug, thiserror::Error)]
#[error("unexpected failure: {0}")]
pub struct UnexpectedError(#[source] pub Box<dyn std::error::Error + Send + Sync + 'static>);

impl From<RepositoryError> for UnexpectedError {
    fn from(e: RepositoryError) -> Self {
        Self(Box::new(e))
    }
}

impl From<crate::secrets::HashError> for UnexpectedError {
    fn from(e: crate::secrets::HashError) -> Self {
        Self(Box::new(e))
    }
}

/// Lets `?` turn storage and hashing failures into a use case error's `Unexpected` variant.
macro_rules! unexpected_from {
    ($target:ty) => {
        impl From<$crate::error::RepositoryError> for $target {
            fn from(e: $crate::error::RepositoryError) -> Self {
                Self::Unexpected(e.into())
            }
        }
        impl From<$crate::secrets::HashError> for $target {
            fn from(e: $crate::secrets::HashError) -> Self {
                Self::Unexpected(e.into())
            }
        }
    };
}
pub(crate) use unexpected_from;
