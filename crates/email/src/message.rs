//! The RFC 5322 form of a queued mail, shared by every transport: sender, recipient,
//! subject, a plain-text UTF-8 body, the queue time as `Date` and the outbox id as
//! `Message-ID`, so that a retried mail carries the same identity as the first attempt.

use std::fmt;
use std::time::SystemTime;

use lettre::Message;
use lettre::message::header::{ContentTransferEncoding, ContentType, MIME_VERSION_1_0};
use lettre::message::{Body, Mailbox};
use portal_domain::mail::{QueuedMail, TransportError};

use crate::config::MailerConfigError;

/// The default sender of the portal's mail.
pub const DEFAULT_SENDER: &str = "Representative Portal <no-reply@portal.localhost>";

/// The `From` of every mail: a display name and an address, e.g.
/// `Representative Portal <no-reply@portal.localhost>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Sender(Mailbox);

impl Sender {
    /// Parses `Name <address>` or a bare address.
    pub fn parse(raw: &str) -> Result<Self, MailerConfigError> {
        raw.trim()
            .parse::<Mailbox>()
            .map(Self)
            .map_err(|e| MailerConfigError::Sender(e.to_string()))
    }

    /// The domain of the sender's address; it also names the `Message-ID`s.
    pub fn domain(&self) -> &str {
        self.0.email.domain()
    }
}

impl fmt::Debug for Sender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sender({})", self.0)
    }
}

impl fmt::Display for Sender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// How the body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyStyle {
    /// 8-bit UTF-8 where the lines allow it, so a person can read the file as it is.
    Readable,
    /// Whatever lettre finds safest for any SMTP server (7-bit, quoted-printable, base64).
    Portable,
}

/// The `Message-ID` of a queued mail: the same on every attempt.
pub(crate) fn message_id(mail: &QueuedMail, sender: &Sender) -> String {
    format!("<{}@{}>", mail.id, sender.domain())
}

/// Builds the message. A recipient that is not an address is a permanent failure:
/// retrying cannot fix it.
pub(crate) fn build(
    mail: &QueuedMail,
    sender: &Sender,
    style: BodyStyle,
) -> Result<Message, TransportError> {
    let to: Mailbox = mail
        .to
        .parse()
        .map_err(|e| TransportError::Permanent(format!("invalid recipient address: {e}")))?;
    let body = match style {
        BodyStyle::Readable => {
            Body::new_with_encoding(mail.body.clone(), ContentTransferEncoding::EightBit)
                .unwrap_or_else(|_| Body::new(mail.body.clone()))
        }
        BodyStyle::Portable => Body::new(mail.body.clone()),
    };
    Message::builder()
        .from(sender.0.clone())
        .to(to)
        .subject(mail.subject.clone())
        .date(SystemTime::from(mail.queued_at))
        .message_id(Some(message_id(mail, sender)))
        .header(MIME_VERSION_1_0)
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| TransportError::Permanent(format!("the mail cannot be built: {e}")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use time::macros::datetime;
    use uuid::Uuid;

    use super::*;

    fn mail(to: &str, body: &str) -> QueuedMail {
        QueuedMail {
            id: Uuid::nil(),
            to: to.into(),
            subject: "Code de vérification".into(),
            body: body.into(),
            attempts: 0,
            queued_at: datetime!(2025-03-04 05:06:07 UTC),
        }
    }

    #[test]
    fn a_mail_carries_its_id_date_and_readable_body() {
        let sender = Sender::parse(DEFAULT_SENDER).unwrap();
        let message = build(
            &mail("jane@example.com", "Votre code : 01234567"),
            &sender,
            BodyStyle::Readable,
        )
        .unwrap();
        let text = String::from_utf8(message.formatted()).unwrap();
        assert!(text.contains("From: \"Representative Portal\" <no-reply@portal.localhost>"));
        assert!(text.contains("To: jane@example.com"));
        assert!(
            text.contains("Message-ID: <00000000-0000-0000-0000-000000000000@portal.localhost>")
        );
        assert!(text.contains("Date: Tue, 04 Mar 2025 05:06:07 +0000"));
        assert!(text.contains("MIME-Version: 1.0"));
        assert!(text.contains("Content-Type: text/plain; charset=utf-8"));
        assert!(text.contains("Content-Transfer-Encoding: 8bit"));
        assert!(text.contains("Votre code : 01234567"));
        // Non-ASCII words of the subject are encoded words, as RFC 2047 requires.
        assert!(text.contains("Subject: Code de =?utf-8?b?"), "{text}");
    }

    #[test]
    fn a_portable_body_is_seven_bit_safe() {
        let sender = Sender::parse("no-reply@example.com").unwrap();
        let message = build(
            &mail("jane@example.com", "Déjà vu"),
            &sender,
            BodyStyle::Portable,
        )
        .unwrap();
        assert!(message.formatted().is_ascii());
    }

    #[test]
    fn a_bad_recipient_is_a_permanent_failure() {
        let sender = Sender::parse(DEFAULT_SENDER).unwrap();
        let result = build(&mail("not an address", "x"), &sender, BodyStyle::Portable);
        assert!(matches!(result, Err(TransportError::Permanent(_))));
    }

    #[test]
    fn a_bad_sender_is_refused() {
        assert!(Sender::parse("Portal <nobody>").is_err());
        assert!(Sender::parse("").is_err());
        assert_eq!(
            Sender::parse(DEFAULT_SENDER).unwrap().domain(),
            "portal.localhost"
        );
    }
}
