//! Mail the domain wants sent, and the ports through which the delivery worker drains the
//! outbox: the queue (stored beside the data, written in the same transaction as the change
//! that causes the mail) and the transport (SMTP, a folder of files, ...).

use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::account::EmailAddress;
use crate::error::RepositoryError;

/// A plain-text email to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// Recipient.
    pub to: EmailAddress,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// A mail taken from the outbox for delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    /// Outbox row identifier; also the message's unique id, so a retry is recognisable.
    pub id: Uuid,
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// Delivery attempts made before this one.
    pub attempts: u32,
    /// When the mail was queued.
    pub queued_at: OffsetDateTime,
}

/// The stored queue of mail waiting to be delivered.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait OutboxQueue: Send + Sync {
    /// Takes up to `limit` mails that are due at `now` and not leased by another worker,
    /// leasing them until `lease_until` so that concurrent workers never take the same mail.
    async fn claim_due(
        &self,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<QueuedMail>, RepositoryError>;

    /// Marks a mail delivered; its body is erased (it may hold a one-time code).
    async fn mark_sent(&self, id: Uuid, at: OffsetDateTime) -> Result<(), RepositoryError>;

    /// Records a failed attempt; the mail is due again at `retry_at`, or never again when
    /// `retry_at` is `None` (given up).
    async fn mark_failed(
        &self,
        id: Uuid,
        attempts: u32,
        retry_at: Option<OffsetDateTime>,
        error: &str,
    ) -> Result<(), RepositoryError>;
}

/// Why a transport could not deliver a mail.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// Worth retrying later (server down, timeout, 4xx reply).
    #[error("temporary delivery failure: {0}")]
    Temporary(String),
    /// Retrying will not help (address refused, 5xx reply).
    #[error("permanent delivery failure: {0}")]
    Permanent(String),
}

/// Hands one mail to the outside world.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait MailTransport: Send + Sync {
    /// Delivers the mail, or says whether a retry could help.
    async fn send(&self, mail: &QueuedMail) -> Result<(), TransportError>;
}
