//! The delivery worker against mocks of the outbox, the transport and the clock.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use mockall::Sequence;
use mockall::predicate::eq;
use portal_domain::clock::MockClock;
use portal_domain::error::RepositoryError;
use portal_domain::mail::{MockMailTransport, MockOutboxQueue, QueuedMail, TransportError};
use portal_email::{DeliverySettings, DeliveryWorker};
use time::OffsetDateTime;
use time::macros::datetime;
use tokio::sync::Notify;
use uuid::Uuid;

const NOW: OffsetDateTime = datetime!(2025-06-01 12:00:00 UTC);

fn mail(attempts: u32) -> QueuedMail {
    QueuedMail {
        id: Uuid::now_v7(),
        to: "jane.doe@example.com".into(),
        subject: "Enrolment request approved".into(),
        body: "Your enrolment request was approved.".into(),
        attempts,
        queued_at: NOW - time::Duration::hours(1),
    }
}

/// A clock the test moves; it stands still unless told otherwise.
fn clock() -> (Arc<Mutex<OffsetDateTime>>, MockClock) {
    let time = Arc::new(Mutex::new(NOW));
    let mut clock = MockClock::new();
    let read = time.clone();
    clock.expect_now().returning(move || *read.lock().unwrap());
    (time, clock)
}

fn worker(queue: MockOutboxQueue, transport: MockMailTransport) -> DeliveryWorker {
    worker_with(queue, transport, DeliverySettings::default())
}

fn worker_with(
    queue: MockOutboxQueue,
    transport: MockMailTransport,
    settings: DeliverySettings,
) -> DeliveryWorker {
    let (_, clock) = clock();
    DeliveryWorker::new(
        Arc::new(queue),
        Arc::new(transport),
        Arc::new(clock),
        settings,
    )
}

/// A queue whose only claim returns `batch`.
fn queue_with(batch: Vec<QueuedMail>) -> MockOutboxQueue {
    let mut queue = MockOutboxQueue::new();
    queue
        .expect_claim_due()
        .with(eq(NOW), eq(NOW + time::Duration::seconds(60)), eq(20))
        .times(1)
        .return_once(move |_, _, _| Ok(batch));
    queue
}

fn transport_failing(error: fn() -> TransportError) -> MockMailTransport {
    let mut transport = MockMailTransport::new();
    transport.expect_send().returning(move |_| Err(error()));
    transport
}

#[tokio::test]
async fn a_delivered_mail_is_marked_sent() {
    let m = mail(0);
    let mut queue = queue_with(vec![m.clone()]);
    queue
        .expect_mark_sent()
        .with(eq(m.id), eq(NOW))
        .times(1)
        .returning(|_, _| Ok(()));
    let mut transport = MockMailTransport::new();
    transport
        .expect_send()
        .withf(move |sent| sent.id == m.id)
        .times(1)
        .returning(|_| Ok(()));

    let report = worker(queue, transport).run_once().await.unwrap();
    assert_eq!((report.claimed, report.sent), (1, 1));
}

#[tokio::test]
async fn a_temporary_failure_is_retried_after_a_doubling_delay() {
    let m = mail(2);
    let mut queue = queue_with(vec![m.clone()]);
    queue
        .expect_mark_failed()
        .withf(move |id, attempts, retry_at, error| {
            *id == m.id
                && *attempts == 3
                && *retry_at == Some(NOW + time::Duration::seconds(40))
                && error.contains("connection refused")
        })
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    let transport = transport_failing(|| TransportError::Temporary("connection refused".into()));

    let report = worker(queue, transport).run_once().await.unwrap();
    assert_eq!((report.retrying, report.given_up), (1, 0));
}

#[tokio::test]
async fn a_permanent_failure_is_given_up_at_once() {
    let m = mail(0);
    let mut queue = queue_with(vec![m.clone()]);
    queue
        .expect_mark_failed()
        .withf(move |id, attempts, retry_at, error| {
            *id == m.id && *attempts == 1 && retry_at.is_none() && error.contains("550")
        })
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    let transport = transport_failing(|| TransportError::Permanent("550 no such user".into()));

    let report = worker(queue, transport).run_once().await.unwrap();
    assert_eq!((report.retrying, report.given_up), (0, 1));
}

#[tokio::test]
async fn the_last_allowed_attempt_gives_up_even_on_a_temporary_failure() {
    let m = mail(19);
    let mut queue = queue_with(vec![m.clone()]);
    queue
        .expect_mark_failed()
        .withf(move |id, attempts, retry_at, _| {
            *id == m.id && *attempts == 20 && retry_at.is_none()
        })
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    let transport = transport_failing(|| TransportError::Temporary("timed out".into()));

    let report = worker(queue, transport).run_once().await.unwrap();
    assert_eq!(report.given_up, 1);
}

#[tokio::test]
async fn an_outbox_failure_stops_the_batch_before_the_next_send() {
    let (first, second) = (mail(0), mail(0));
    let mut queue = queue_with(vec![first.clone(), second.clone()]);
    queue
        .expect_mark_sent()
        .times(1)
        .returning(|_, _| Err(RepositoryError::message("database is locked")));
    let mut transport = MockMailTransport::new();
    transport
        .expect_send()
        .withf(move |m| m.id == first.id)
        .times(1)
        .returning(|_| Ok(()));

    let result = worker(queue, transport).run_once().await;
    assert!(
        result
            .unwrap_err()
            .to_string()
            .contains("database is locked")
    );
}

#[tokio::test]
async fn no_send_starts_once_half_the_lease_has_passed() {
    let (time, clock) = clock();
    let (slow, waiting) = (mail(0), mail(0));
    let mut queue = queue_with(vec![slow.clone(), waiting]);
    queue.expect_mark_sent().times(1).returning(|_, _| Ok(()));
    let mut transport = MockMailTransport::new();
    transport
        .expect_send()
        .withf(move |m| m.id == slow.id)
        .times(1)
        .returning(move |_| {
            *time.lock().unwrap() += time::Duration::seconds(31);
            Ok(())
        });
    let worker = DeliveryWorker::new(
        Arc::new(queue),
        Arc::new(transport),
        Arc::new(clock),
        DeliverySettings::default(),
    );

    let report = worker.run_once().await.unwrap();
    assert_eq!((report.sent, report.deferred), (1, 1));
}

/// A queue whose claims return the given batches in turn; the last claim fires `shutdown`.
fn queue_in_turns(batches: Vec<Vec<QueuedMail>>, shutdown: Arc<Notify>) -> MockOutboxQueue {
    let mut queue = MockOutboxQueue::new();
    let mut seq = Sequence::new();
    let last = batches.len() - 1;
    for (i, batch) in batches.into_iter().enumerate() {
        let shutdown = shutdown.clone();
        queue
            .expect_claim_due()
            .times(1)
            .in_sequence(&mut seq)
            .return_once(move |_, _, _| {
                if i == last {
                    shutdown.notify_one();
                }
                Ok(batch)
            });
    }
    queue.expect_mark_sent().returning(|_, _| Ok(()));
    queue
}

fn settings(batch_size: u32, poll_interval: Duration) -> DeliverySettings {
    DeliverySettings {
        batch_size,
        poll_interval,
        ..DeliverySettings::default()
    }
}

#[tokio::test]
async fn shutdown_during_a_batch_lets_the_batch_finish_and_then_stops() {
    let shutdown = Arc::new(Notify::new());
    let batch = vec![mail(0), mail(0)];
    let mut queue = MockOutboxQueue::new();
    queue
        .expect_claim_due()
        .times(1)
        .return_once(move |_, _, _| Ok(batch));
    queue.expect_mark_sent().times(2).returning(|_, _| Ok(()));
    let mut transport = MockMailTransport::new();
    let signal = shutdown.clone();
    transport.expect_send().times(2).returning(move |_| {
        signal.notify_one(); // shutdown is asked for while the first mail is being sent
        Ok(())
    });
    let worker = worker_with(queue, transport, settings(20, Duration::from_secs(1)));

    worker.run(async move { shutdown.notified().await }).await;
    // The mocks verify on drop: both mails sent and marked, and no second claim.
}

#[tokio::test(start_paused = true)]
async fn a_wake_up_starts_the_next_batch_without_waiting_for_the_poll() {
    let poll = Duration::from_secs(3600);
    let shutdown = Arc::new(Notify::new());
    let queue = queue_in_turns(vec![vec![], vec![]], shutdown.clone());
    let worker = worker_with(queue, MockMailTransport::new(), settings(20, poll));
    worker.notifier().notify_one();

    let started = tokio::time::Instant::now();
    worker.run(async move { shutdown.notified().await }).await;
    assert!(started.elapsed() < poll);
}

#[tokio::test(start_paused = true)]
async fn without_a_wake_up_the_next_batch_waits_for_the_poll_interval() {
    let poll = Duration::from_secs(5);
    let shutdown = Arc::new(Notify::new());
    let queue = queue_in_turns(vec![vec![], vec![]], shutdown.clone());
    let worker = worker_with(queue, MockMailTransport::new(), settings(20, poll));

    let started = tokio::time::Instant::now();
    worker.run(async move { shutdown.notified().await }).await;
    assert!((poll..poll * 2).contains(&started.elapsed()));
}

#[tokio::test(start_paused = true)]
async fn after_a_full_batch_the_next_one_starts_at_once() {
    let poll = Duration::from_secs(3600);
    let shutdown = Arc::new(Notify::new());
    let queue = queue_in_turns(vec![vec![mail(0), mail(0)], vec![]], shutdown.clone());
    let mut transport = MockMailTransport::new();
    transport.expect_send().times(2).returning(|_| Ok(()));
    let worker = worker_with(queue, transport, settings(2, poll));

    let started = tokio::time::Instant::now();
    worker.run(async move { shutdown.notified().await }).await;
    assert!(started.elapsed() < poll);
}

#[tokio::test(start_paused = true)]
async fn an_unavailable_outbox_is_tried_again_after_the_poll_interval() {
    let poll = Duration::from_secs(5);
    let shutdown = Arc::new(Notify::new());
    let mut queue = MockOutboxQueue::new();
    let mut seq = Sequence::new();
    queue
        .expect_claim_due()
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_, _, _| Err(RepositoryError::message("connection lost")));
    let signal = shutdown.clone();
    queue
        .expect_claim_due()
        .times(1)
        .in_sequence(&mut seq)
        .returning(move |_, _, _| {
            signal.notify_one();
            Ok(vec![])
        });
    let worker = worker_with(queue, MockMailTransport::new(), settings(20, poll));

    let started = tokio::time::Instant::now();
    worker.run(async move { shutdown.notified().await }).await;
    assert!((poll..poll * 2).contains(&started.elapsed()));
}
