//! `SmtpTransport` and the delivery worker against a real SMTP server on loopback: Python's
//! `aiosmtpd`, started per test as a child process that keeps mail in a maildir.
//!
//! Needs `python3` with `aiosmtpd` (`pip install aiosmtpd`). Without it the tests say so
//! and pass, unless `PORTAL_REQUIRE_SMTP_TEST=1` is set (as in CI), where they fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs::{self, File};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use portal_domain::Clock;
use portal_domain::error::RepositoryError;
use portal_domain::mail::{MailTransport, OutboxQueue, QueuedMail, TransportError};
use portal_email::{DEFAULT_SENDER, DeliverySettings, DeliveryWorker, Sender, SmtpTransport};
use tempfile::TempDir;
use time::OffsetDateTime;
use time::macros::datetime;
use uuid::Uuid;

/// An aiosmtpd handler: a maildir that refuses `bounce@` (550), `busy@` (451) and
/// `locked@` (530, as a server that wants authentication would).
const HANDLER: &str = r#"
from aiosmtpd.handlers import Mailbox

class Sink(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0]
        if local == "bounce":
            return "550 5.1.1 No such mailbox"
        if local == "busy":
            return "451 4.3.0 Mailbox busy, try again later"
        if local == "locked":
            return "530 5.7.0 Authentication required"
        envelope.rcpt_tos.append(address)
        return "250 OK"
"#;

/// Whether aiosmtpd can run here; panics instead of skipping when CI requires the test.
fn smtp_server_available() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !found {
        if std::env::var("PORTAL_REQUIRE_SMTP_TEST").as_deref() == Ok("1") {
            panic!(
                "PORTAL_REQUIRE_SMTP_TEST=1 but aiosmtpd is not installed (pip install aiosmtpd)"
            );
        }
        eprintln!("skipping SMTP test: aiosmtpd is not installed (pip install aiosmtpd)");
    }
    found
}

/// A loopback port nobody listens on (the OS just handed it out and it was released).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running aiosmtpd; killed and reaped when dropped.
struct SmtpServer {
    child: Child,
    maildir: PathBuf,
}

impl SmtpServer {
    /// Starts the server on `port` with its files under `dir`, and waits until it accepts
    /// connections (polling for at most about 10 s).
    async fn start(port: u16, dir: &Path) -> Self {
        fs::write(dir.join("portal_smtp_sink.py"), HANDLER).unwrap();
        let maildir = dir.join("maildir");
        let log = dir.join("aiosmtpd.log");
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "portal_smtp_sink.Sink"])
            .arg(&maildir)
            .env("PYTHONPATH", dir)
            .stdout(Stdio::null())
            .stderr(File::create(&log).unwrap())
            .spawn()
            .expect("start python3 -m aiosmtpd");
        let mut server = Self { child, maildir };
        for _ in 0..1000 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return server;
            }
            if let Some(status) = server.child.try_wait().unwrap() {
                let log = fs::read_to_string(&log).unwrap_or_default();
                panic!("aiosmtpd exited with {status} before listening:\n{log}");
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("aiosmtpd did not listen on port {port} within 10 s");
    }

    /// The delivered messages, as text.
    fn delivered(&self) -> Vec<String> {
        let Ok(entries) = fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        entries
            .map(|e| {
                fs::read_to_string(e.unwrap().path())
                    .unwrap()
                    .replace("\r\n", "\n")
            })
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The value of a header in a delivered message.
fn header<'a>(message: &'a str, name: &str) -> Option<&'a str> {
    let (head, _) = message.split_once("\n\n")?;
    head.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(": "))
}

fn body(message: &str) -> &str {
    message.split_once("\n\n").map_or("", |(_, body)| body)
}

fn transport(port: u16) -> SmtpTransport {
    let sender = Sender::parse(DEFAULT_SENDER).unwrap();
    SmtpTransport::new(&format!("smtp://127.0.0.1:{port}"), sender)
        .unwrap()
        .with_timeout(Duration::from_secs(10))
}

fn mail(to: &str) -> QueuedMail {
    QueuedMail {
        id: Uuid::now_v7(),
        to: to.into(),
        subject: "Your verification code".into(),
        body: "Your verification code is 40217733.\nIt expires in 10 minutes.".into(),
        attempts: 0,
        queued_at: datetime!(2025-06-01 11:59:00 UTC),
    }
}

/// The outbox in memory, with the contract's due and lease rules.
#[derive(Default)]
struct MemoryOutbox {
    rows: Mutex<Vec<Row>>,
}

#[derive(Clone)]
struct Row {
    mail: QueuedMail,
    due: Option<OffsetDateTime>,
    leased_until: Option<OffsetDateTime>,
    sent_at: Option<OffsetDateTime>,
}

impl MemoryOutbox {
    fn queue(&self, mail: QueuedMail, now: OffsetDateTime) {
        let row = Row {
            mail,
            due: Some(now),
            leased_until: None,
            sent_at: None,
        };
        self.rows.lock().unwrap().push(row);
    }

    fn row(&self, id: Uuid) -> Row {
        let rows = self.rows.lock().unwrap();
        rows.iter().find(|r| r.mail.id == id).unwrap().clone()
    }
}

#[async_trait]
impl OutboxQueue for MemoryOutbox {
    async fn claim_due(
        &self,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<QueuedMail>, RepositoryError> {
        let mut rows = self.rows.lock().unwrap();
        let claimable = rows.iter_mut().filter(|r| {
            r.due.is_some_and(|due| due <= now) && r.leased_until.is_none_or(|l| l <= now)
        });
        Ok(claimable
            .take(limit as usize)
            .map(|r| {
                r.leased_until = Some(lease_until);
                r.mail.clone()
            })
            .collect())
    }

    async fn mark_sent(&self, id: Uuid, at: OffsetDateTime) -> Result<(), RepositoryError> {
        let mut rows = self.rows.lock().unwrap();
        let row = rows.iter_mut().find(|r| r.mail.id == id).unwrap();
        (row.due, row.leased_until, row.sent_at) = (None, None, Some(at));
        row.mail.body.clear();
        Ok(())
    }

    async fn mark_failed(
        &self,
        id: Uuid,
        attempts: u32,
        retry_at: Option<OffsetDateTime>,
        _error: &str,
    ) -> Result<(), RepositoryError> {
        let mut rows = self.rows.lock().unwrap();
        let row = rows.iter_mut().find(|r| r.mail.id == id).unwrap();
        (row.mail.attempts, row.due, row.leased_until) = (attempts, retry_at, None);
        Ok(())
    }
}

/// A clock the test moves by hand.
struct HandClock(Mutex<OffsetDateTime>);

impl Clock for HandClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap()
    }
}

#[tokio::test]
async fn mail_waits_while_the_server_is_down_and_goes_out_once_it_is_back() {
    if !smtp_server_available() {
        return;
    }
    let dir = TempDir::new().unwrap();
    let port = free_port();
    let transport = Arc::new(transport(port));
    let start = datetime!(2025-06-01 12:00:00 UTC);
    let clock = Arc::new(HandClock(Mutex::new(start)));
    let outbox = Arc::new(MemoryOutbox::default());
    let mail = mail("jane.doe@example.com");
    outbox.queue(mail.clone(), start);
    let worker = DeliveryWorker::new(
        outbox.clone(),
        transport.clone(),
        clock.clone(),
        DeliverySettings::default(),
    );

    // Nobody listens: a temporary failure, and the mail stays queued for a retry.
    let refused = transport.send(&mail).await;
    assert!(
        matches!(refused, Err(TransportError::Temporary(_))),
        "{refused:?}"
    );
    let report = worker.run_once().await.unwrap();
    assert_eq!((report.claimed, report.retrying), (1, 1));
    let row = outbox.row(mail.id);
    assert_eq!(row.mail.attempts, 1);
    assert_eq!(row.due, Some(start + time::Duration::seconds(10)));
    assert_eq!(row.sent_at, None);

    // The server comes up; once the retry is due the mail goes out, once.
    let server = SmtpServer::start(port, dir.path()).await;
    assert_eq!(worker.run_once().await.unwrap().claimed, 0, "not due yet");
    *clock.0.lock().unwrap() += time::Duration::seconds(10);
    let report = worker.run_once().await.unwrap();
    assert_eq!((report.claimed, report.sent), (1, 1));
    assert!(outbox.row(mail.id).sent_at.is_some());

    let delivered = server.delivered();
    assert_eq!(delivered.len(), 1);
    let message = &delivered[0];
    assert_eq!(header(message, "X-RcptTo"), Some("jane.doe@example.com"));
    assert_eq!(
        header(message, "X-MailFrom"),
        Some("no-reply@portal.localhost")
    );
    assert_eq!(header(message, "To"), Some("jane.doe@example.com"));
    assert_eq!(header(message, "Subject"), Some("Your verification code"));
    let message_id = format!("<{}@portal.localhost>", mail.id);
    assert_eq!(header(message, "Message-ID"), Some(message_id.as_str()));
    assert_eq!(
        body(message).trim_end(),
        "Your verification code is 40217733.\nIt expires in 10 minutes."
    );
}

#[tokio::test]
async fn the_servers_replies_decide_between_retrying_and_giving_up() {
    if !smtp_server_available() {
        return;
    }
    let dir = TempDir::new().unwrap();
    let port = free_port();
    let server = SmtpServer::start(port, dir.path()).await;
    let transport = transport(port);

    let bounced = transport.send(&mail("bounce@example.com")).await;
    assert!(
        matches!(&bounced, Err(TransportError::Permanent(e)) if e.contains("550")),
        "{bounced:?}"
    );
    let busy = transport.send(&mail("busy@example.com")).await;
    assert!(
        matches!(&busy, Err(TransportError::Temporary(e)) if e.contains("451")),
        "{busy:?}"
    );
    // A refusal that every mail would get is the configuration's fault: keep the mail.
    let locked = transport.send(&mail("locked@example.com")).await;
    assert!(
        matches!(&locked, Err(TransportError::Temporary(e)) if e.contains("530")),
        "{locked:?}"
    );
    // The same transport still delivers after the refusals.
    transport.send(&mail("jane.doe@example.com")).await.unwrap();
    let delivered = server.delivered();
    assert_eq!(delivered.len(), 1);
    assert_eq!(
        header(&delivered[0], "X-RcptTo"),
        Some("jane.doe@example.com")
    );
}
