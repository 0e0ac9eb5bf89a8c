//! [`DeliveryWorker`]: drains the outbox through a transport, retrying temporary failures
//! with exponential backoff and giving up on permanent ones, until told to shut down.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use portal_domain::Clock;
use portal_domain::error::RepositoryError;
use portal_domain::mail::{MailTransport, OutboxQueue, QueuedMail, TransportError};
use time::{OffsetDateTime, PrimitiveDateTime};
use tokio::sync::Notify;

/// How the worker paces itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliverySettings {
    /// Most mails claimed at once.
    pub batch_size: u32,
    /// How long claimed mails stay reserved for this worker. No send starts once half of
    /// it has passed, so a send may take up to half the lease without another worker
    /// taking the same mail.
    pub lease: Duration,
    /// Wait between batches when there is nothing to do and nobody wakes the worker.
    pub poll_interval: Duration,
    /// Attempts after which a mail that keeps failing is given up.
    pub max_attempts: u32,
    /// Delay before the first retry; it doubles with each further failure.
    pub first_retry: Duration,
    /// Longest delay between two attempts.
    pub max_retry: Duration,
}

impl Default for DeliverySettings {
    /// Batches of 20, a 60 s lease, polling every second, retries after 10 s, 20 s,
    /// 40 s ... at most 1 h apart, given up after 20 attempts (about 11 hours).
    fn default() -> Self {
        Self {
            batch_size: 20,
            lease: Duration::from_secs(60),
            poll_interval: Duration::from_secs(1),
            max_attempts: 20,
            first_retry: Duration::from_secs(10),
            max_retry: Duration::from_secs(3600),
        }
    }
}

impl DeliverySettings {
    /// The wait before the next attempt, after `attempts` failed ones (1 or more).
    pub fn retry_delay(&self, attempts: u32) -> Duration {
        let doublings = attempts.saturating_sub(1).min(31);
        self.first_retry
            .saturating_mul(1 << doublings)
            .min(self.max_retry)
    }
}

/// What one batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// Mails claimed from the outbox.
    pub claimed: usize,
    /// Mails delivered and marked sent.
    pub sent: usize,
    /// Mails that failed and will be tried again.
    pub retrying: usize,
    /// Mails that failed for good (permanent error or attempts used up).
    pub given_up: usize,
    /// Mails left for a later batch because the lease was running out.
    pub deferred: usize,
}

/// A batch stopped because the outbox could not be read or updated. Mails already
/// claimed become due again when their lease ends.
#[derive(Debug, thiserror::Error)]
#[error("the outbox is unavailable: {0}")]
pub struct DeliveryError(#[from] pub RepositoryError);

/// Delivers queued mail. Build it, keep [`DeliveryWorker::notifier`], then spawn
/// [`DeliveryWorker::run`].
pub struct DeliveryWorker {
    queue: Arc<dyn OutboxQueue>,
    transport: Arc<dyn MailTransport>,
    clock: Arc<dyn Clock>,
    settings: DeliverySettings,
    wake: Arc<Notify>,
}

impl fmt::Debug for DeliveryWorker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeliveryWorker")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// `at + by`, saturating at the largest representable time.
fn later(at: OffsetDateTime, by: Duration) -> OffsetDateTime {
    time::Duration::try_from(by)
        .ok()
        .and_then(|by| at.checked_add(by))
        .unwrap_or_else(|| PrimitiveDateTime::MAX.assume_utc())
}

impl DeliveryWorker {
    /// A worker draining `queue` through `transport`, reading time from `clock`.
    pub fn new(
        queue: Arc<dyn OutboxQueue>,
        transport: Arc<dyn MailTransport>,
        clock: Arc<dyn Clock>,
        settings: DeliverySettings,
    ) -> Self {
        Self {
            queue,
            transport,
            clock,
            settings,
            wake: Arc::new(Notify::new()),
        }
    }

    /// The handle that wakes the worker at once: call `notify_one()` on it after mail is
    /// queued. A wake-up during a batch is remembered and starts the next batch.
    pub fn notifier(&self) -> Arc<Notify> {
        Arc::clone(&self.wake)
    }

    /// The settings in force.
    pub fn settings(&self) -> &DeliverySettings {
        &self.settings
    }

    /// Claims one batch of due mail and tries each once.
    pub async fn run_once(&self) -> Result<BatchReport, DeliveryError> {
        let now = self.clock.now();
        let lease_until = later(now, self.settings.lease);
        let last_start = later(now, self.settings.lease / 2);
        let batch = self
            .queue
            .claim_due(now, lease_until, self.settings.batch_size)
            .await?;
        let mut report = BatchReport {
            claimed: batch.len(),
            ..BatchReport::default()
        };
        for mail in &batch {
            if self.clock.now() >= last_start {
                report.deferred += 1;
                continue;
            }
            match self.transport.send(mail).await {
                Ok(()) => {
                    self.queue.mark_sent(mail.id, self.clock.now()).await?;
                    report.sent += 1;
                }
                Err(error) => {
                    if self.record_failure(mail, &error).await? {
                        report.retrying += 1;
                    } else {
                        report.given_up += 1;
                    }
                }
            }
        }
        if report.claimed > 0 {
            tracing::debug!(?report, "mail batch done");
        }
        Ok(report)
    }

    /// Records a failed attempt; returns whether the mail will be tried again.
    async fn record_failure(
        &self,
        mail: &QueuedMail,
        error: &TransportError,
    ) -> Result<bool, RepositoryError> {
        let attempts = mail.attempts.saturating_add(1);
        let permanent = matches!(error, TransportError::Permanent(_));
        let retry_at = (!permanent && attempts < self.settings.max_attempts)
            .then(|| later(self.clock.now(), self.settings.retry_delay(attempts)));
        self.queue
            .mark_failed(mail.id, attempts, retry_at, &error.to_string())
            .await?;
        match retry_at {
            Some(at) => tracing::warn!(mail_id = %mail.id, attempts, retry_at = %at, %error,
                "mail delivery failed; will retry"),
            None => tracing::error!(mail_id = %mail.id, attempts, %error,
                "mail delivery failed; giving up"),
        }
        Ok(retry_at.is_some())
    }

    /// Delivers until `shutdown` completes: a batch, then a wait for the poll interval or
    /// a wake-up (none after a full batch). Shutdown is only noticed between batches, so
    /// the batch in progress always finishes and its mails are marked. `shutdown` must
    /// stay complete once it has fired (a cancellation token, a `watch` change, ...).
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            let full = match self.run_once().await {
                Ok(report) => {
                    report.claimed > 0 && report.claimed >= self.settings.batch_size as usize
                }
                Err(error) => {
                    tracing::warn!(%error, "mail delivery paused: the outbox is unavailable");
                    false
                }
            };
            tokio::select! {
                biased;
                () = &mut shutdown => break,
                () = self.wake.notified() => {}
                () = std::future::ready(()), if full => {}
                () = tokio::time::sleep(self.settings.poll_interval) => {}
            }
        }
        tracing::info!("mail delivery stopped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_double_from_ten_seconds_up_to_an_hour() {
        let settings = DeliverySettings::default();
        let secs = |n| settings.retry_delay(n).as_secs();
        assert_eq!(
            [secs(1), secs(2), secs(3), secs(9), secs(10)],
            [10, 20, 40, 2560, 3600]
        );
        assert_eq!(secs(19), 3600);
        assert_eq!(secs(u32::MAX), 3600);
        assert_eq!(secs(0), 10);
    }

    #[test]
    fn far_times_saturate_instead_of_overflowing() {
        let now = OffsetDateTime::UNIX_EPOCH;
        assert_eq!(later(now, Duration::from_secs(60)).unix_timestamp(), 60);
        assert_eq!(
            later(now, Duration::MAX),
            PrimitiveDateTime::MAX.assume_utc()
        );
    }
}
