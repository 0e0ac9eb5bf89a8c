//! Choosing a transport from configuration: a folder of `.eml` files (the default for local
//! use) or an SMTP server by URL.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use portal_domain::mail::MailTransport;

use crate::file::FileTransport;
use crate::message::Sender;
use crate::smtp::SmtpTransport;

/// Where mail goes.
#[derive(Clone, PartialEq, Eq)]
pub enum MailerConfig {
    /// Write `.eml` files into this folder (created when missing).
    Folder(PathBuf),
    /// Send through the SMTP server at this URL (`smtp://`, `smtps://`, `?tls=required`, ...).
    /// The URL may hold credentials: it is never shown by `Debug`.
    Smtp(String),
}

impl MailerConfig {
    /// Reads a setting: an `smtp://` or `smtps://` URL means SMTP; `file:///path` or any
    /// other text is a folder path.
    pub fn parse(raw: &str) -> Self {
        let raw = raw.trim();
        let lower = raw.to_ascii_lowercase();
        if lower.starts_with("smtp://") || lower.starts_with("smtps://") {
            Self::Smtp(raw.to_owned())
        } else {
            Self::Folder(PathBuf::from(raw.strip_prefix("file://").unwrap_or(raw)))
        }
    }
}

impl fmt::Debug for MailerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Folder(dir) => f.debug_tuple("Folder").field(dir).finish(),
            Self::Smtp(url) => f.debug_tuple("Smtp").field(&redact_url(url)).finish(),
        }
    }
}

/// Mail settings that cannot work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailerConfigError {
    /// The sender is not `Name <address>` or an address.
    #[error("invalid sender address: {0}")]
    Sender(String),
    /// The SMTP URL cannot be used (the URL itself is left out: it may hold a password).
    #[error("invalid SMTP URL: {0}")]
    SmtpUrl(String),
}

/// Builds the transport the configuration asks for.
pub fn transport(
    config: &MailerConfig,
    sender: Sender,
) -> Result<Arc<dyn MailTransport>, MailerConfigError> {
    Ok(match config {
        MailerConfig::Folder(dir) => Arc::new(FileTransport::new(dir.clone(), sender)),
        MailerConfig::Smtp(url) => Arc::new(SmtpTransport::new(url, sender)?),
    })
}

/// The URL with any user name and password replaced by `***`, for logs and `Debug`.
pub(crate) fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "[unparsed URL]".to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((_, host)) => format!("{scheme}://***@{host}{tail}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::message::DEFAULT_SENDER;

    #[test]
    fn settings_are_read_as_smtp_urls_or_folders() {
        assert_eq!(
            MailerConfig::parse(" smtp://mail:25 "),
            MailerConfig::Smtp("smtp://mail:25".into())
        );
        assert_eq!(
            MailerConfig::parse("SMTPS://mail"),
            MailerConfig::Smtp("SMTPS://mail".into())
        );
        assert_eq!(
            MailerConfig::parse("data/outbox"),
            MailerConfig::Folder("data/outbox".into())
        );
        assert_eq!(
            MailerConfig::parse("file:///var/mail/outbox"),
            MailerConfig::Folder("/var/mail/outbox".into())
        );
    }

    #[test]
    fn credentials_never_show() {
        let config = MailerConfig::Smtp("smtps://me:p%40ss@mail.example.com:465/ehlo".into());
        let shown = format!("{config:?}");
        assert_eq!(shown, r#"Smtp("smtps://***@mail.example.com:465/ehlo")"#);
        assert_eq!(redact_url("smtp://mail:25"), "smtp://mail:25");
        assert_eq!(redact_url("mail:25"), "[unparsed URL]");
    }

    #[test]
    fn a_transport_is_built_for_either_setting() {
        let sender = Sender::parse(DEFAULT_SENDER).unwrap();
        assert!(transport(&MailerConfig::Folder("x".into()), sender.clone()).is_ok());
        assert!(
            transport(
                &MailerConfig::Smtp("smtp://localhost:25".into()),
                sender.clone()
            )
            .is_ok()
        );
        assert!(matches!(
            transport(&MailerConfig::Smtp("smtp://".into()), sender),
            Err(MailerConfigError::SmtpUrl(_))
        ));
    }
}
