//! [`SmtpTransport`]: delivers mail to an SMTP server given by URL, and sorts lettre's
//! errors into the domain's temporary and permanent failures at this border.

use std::error::Error as _;
use std::fmt;
use std::sync::OnceLock;
use std::time::Duration;

use async_trait::async_trait;
use lettre::transport::smtp::response::Category;
use lettre::transport::smtp::{AsyncSmtpTransportBuilder, Error as SmtpError};
use lettre::{AsyncSmtpTransport, AsyncTransport as _, Tokio1Executor};
use portal_domain::mail::{MailTransport, QueuedMail, TransportError};

use crate::config::{MailerConfigError, redact_url};
use crate::message::{self, BodyStyle, Sender};

/// How long one SMTP conversation may take by default. Keep it below half the delivery
/// worker's lease (see `DeliverySettings`), so a slow send never outlives its lease.
pub const DEFAULT_SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// Sends mail over SMTP with connection pooling.
///
/// The URL follows lettre's scheme: `smtp://host:25` (plain), `smtp://host:587?tls=required`
/// (STARTTLS, refused if the server does not offer it), `smtp://host?tls=opportunistic`,
/// `smtps://user:pass@host:465` (TLS from the start); an optional path sets the EHLO name.
/// TLS is rustls with the Mozilla roots; no OpenSSL.
pub struct SmtpTransport {
    builder: AsyncSmtpTransportBuilder,
    // Built on first use: lettre's pool starts a task and so needs a running runtime.
    client: OnceLock<AsyncSmtpTransport<Tokio1Executor>>,
    sender: Sender,
    redacted_url: String,
}

impl SmtpTransport {
    /// A transport for `url` with the given `From` and [`DEFAULT_SMTP_TIMEOUT`].
    /// Nothing is connected yet; an unreachable server shows up as a temporary failure on
    /// the first send.
    pub fn new(url: &str, sender: Sender) -> Result<Self, MailerConfigError> {
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailerConfigError::SmtpUrl(e.to_string()))?
            .timeout(Some(DEFAULT_SMTP_TIMEOUT));
        Ok(Self {
            builder,
            client: OnceLock::new(),
            sender,
            redacted_url: redact_url(url),
        })
    }

    /// The same transport with another time limit for one SMTP conversation.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.builder = self.builder.timeout(Some(timeout));
        self.client = OnceLock::new();
        self
    }

    fn client(&self) -> &AsyncSmtpTransport<Tokio1Executor> {
        self.client.get_or_init(|| self.builder.clone().build())
    }
}

impl fmt::Debug for SmtpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpTransport")
            .field("url", &self.redacted_url)
            .field("sender", &self.sender)
            .finish_non_exhaustive()
    }
}

/// Sorts an SMTP error. Only a 5xx reply about this mail (`55x`: no such mailbox, refused
/// content, ...) is permanent. Other 5xx replies (`530`/`535` authentication, `50x`
/// syntax) come from the configuration, affect every mail and can be fixed by an operator,
/// so like 4xx replies, refused connections, timeouts and TLS trouble they are temporary:
/// the mail waits instead of being dropped.
fn classify(error: &SmtpError) -> TransportError {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    let about_this_mail = error
        .status()
        .is_some_and(|code| matches!(code.category, Category::MailSystem));
    if error.is_permanent() && about_this_mail {
        TransportError::Permanent(text)
    } else {
        TransportError::Temporary(text)
    }
}

#[async_trait]
impl MailTransport for SmtpTransport {
    async fn send(&self, mail: &QueuedMail) -> Result<(), TransportError> {
        let message = message::build(mail, &self.sender, BodyStyle::Portable)?;
        self.client()
            .send(message)
            .await
            .map(|_response| ())
            .map_err(|e| classify(&e))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::message::DEFAULT_SENDER;

    fn sender() -> Sender {
        Sender::parse(DEFAULT_SENDER).unwrap()
    }

    #[test]
    fn urls_are_checked_without_connecting_and_without_a_runtime() {
        for url in [
            "smtp://127.0.0.1:2525",
            "smtp://mail.example.com:587?tls=required",
            "smtp://mail.example.com?tls=opportunistic",
            "smtps://user:secret@mail.example.com:465/portal.example.com",
        ] {
            assert!(SmtpTransport::new(url, sender()).is_ok(), "{url}");
        }
        for url in [
            "http://example.com",
            "smtp://",
            "not a url",
            "smtp://h?tls=maybe",
        ] {
            assert!(SmtpTransport::new(url, sender()).is_err(), "{url}");
        }
    }

    #[test]
    fn debug_output_hides_the_password() {
        let transport =
            SmtpTransport::new("smtps://user:secret@mail.example.com:465", sender()).unwrap();
        let shown = format!("{transport:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("mail.example.com:465"), "{shown}");
    }
}
