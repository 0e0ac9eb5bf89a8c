//! Mail adapters of the portal: the transports behind `portal_domain::mail::MailTransport`
//! (a folder of `.eml` files for local use, SMTP for deployments) and the
//! [`DeliveryWorker`] that drains the outbox through one of them.
//!
//! Wiring, in a Tokio runtime:
//!
//! ```text
//! let sender = Sender::parse(DEFAULT_SENDER)?;
//! let transport = transport(&MailerConfig::parse("data/outbox"), sender)?;
//! let worker = DeliveryWorker::new(outbox, transport, clock, DeliverySettings::default());
//! let wake = worker.notifier();          // wake.notify_one() after queuing mail
//! tokio::spawn(worker.run(shutdown));    // finishes its batch, then returns
//! ```

mod config;
mod file;
mod message;
mod smtp;
mod worker;

pub use config::{MailerConfig, MailerConfigError, transport};
pub use file::FileTransport;
pub use message::{DEFAULT_SENDER, Sender};
pub use smtp::{DEFAULT_SMTP_TIMEOUT, SmtpTransport};
pub use worker::{BatchReport, DeliveryError, DeliverySettings, DeliveryWorker};
