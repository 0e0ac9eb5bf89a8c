//! [`FileTransport`]: delivers mail as `.eml` files in a folder, for local use and tests.
//! Each file appears whole (written beside, then renamed) and the names sort by queue time.

use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use portal_domain::mail::{MailTransport, QueuedMail, TransportError};
use time::UtcOffset;
use time::macros::format_description;
use uuid::Uuid;

use crate::message::{self, BodyStyle, Sender};

/// Writes each mail to `<folder>/<queued_at as yyyymmddThhmmss, UTC>-<id>.eml`.
///
/// The folder is created when missing. A retried mail overwrites its own file, so a mail
/// is never there twice. Readers should only look at names ending in `.eml`: the file
/// being written is a hidden `.tmp` file until it is complete.
#[derive(Debug, Clone)]
pub struct FileTransport {
    dir: PathBuf,
    sender: Sender,
}

impl FileTransport {
    /// A transport writing into `dir` with the given `From`.
    pub fn new(dir: impl Into<PathBuf>, sender: Sender) -> Self {
        Self {
            dir: dir.into(),
            sender,
        }
    }

    /// The folder mail is written to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file name of a mail: queue time (UTC) then id, so names sort by time.
    pub fn file_name(mail: &QueuedMail) -> Result<String, TransportError> {
        let stamp = mail
            .queued_at
            .to_offset(UtcOffset::UTC)
            .format(format_description!(
                "[year][month][day]T[hour][minute][second]"
            ))
            .map_err(|e| TransportError::Permanent(format!("unusable queue time: {e}")))?;
        Ok(format!("{stamp}-{}.eml", mail.id))
    }
}

/// Writes `bytes` to `dir/name` so that the name only ever shows a complete file.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let temp = dir.join(format!(".{name}.{}.tmp", Uuid::new_v4().simple()));
    let written = File::create_new(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    let renamed = written.and_then(|()| fs::rename(&temp, dir.join(name)));
    if renamed.is_err() {
        let _ = fs::remove_file(&temp);
    }
    renamed?;
    // Make the rename itself durable where the platform allows opening a directory.
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    Ok(())
}

#[async_trait]
impl MailTransport for FileTransport {
    async fn send(&self, mail: &QueuedMail) -> Result<(), TransportError> {
        let bytes = message::build(mail, &self.sender, BodyStyle::Readable)?.formatted();
        let name = Self::file_name(mail)?;
        let dir = self.dir.clone();
        tokio::task::spawn_blocking(move || write_atomically(&dir, &name, &bytes))
            .await
            .map_err(|e| TransportError::Temporary(format!("the writing task failed: {e}")))?
            // A full disk or a permission an operator can fix: worth retrying.
            .map_err(|e| TransportError::Temporary(format!("cannot write the mail file: {e}")))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::message::DEFAULT_SENDER;

    fn mail(minute: u8) -> QueuedMail {
        QueuedMail {
            id: Uuid::now_v7(),
            to: "jane.doe@example.com".into(),
            subject: "Your verification code".into(),
            body: "Your code is 01234567.\nIt expires in 10 minutes.".into(),
            attempts: 0,
            queued_at: datetime!(2025-03-04 23:00:07 -05:00)
                + time::Duration::minutes(minute.into()),
        }
    }

    fn transport(dir: &Path) -> FileTransport {
        FileTransport::new(dir, Sender::parse(DEFAULT_SENDER).unwrap())
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[tokio::test]
    async fn a_mail_becomes_one_eml_file_named_by_utc_time_and_id() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data").join("outbox");
        let mail = mail(0);
        transport(&dir).send(&mail).await.unwrap();

        let expected = format!("20250305T040007-{}.eml", mail.id);
        assert_eq!(names(&dir), vec![expected.clone()]);
        let text = fs::read_to_string(dir.join(expected)).unwrap();
        assert!(text.contains("To: jane.doe@example.com\r\n"));
        assert!(text.contains("Subject: Your verification code\r\n"));
        assert!(text.contains(&format!("Message-ID: <{}@portal.localhost>", mail.id)));
        assert!(text.ends_with("Your code is 01234567.\r\nIt expires in 10 minutes."));
    }

    #[tokio::test]
    async fn files_sort_by_queue_time_and_a_retry_replaces_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let transport = transport(dir.path());
        let (late, early) = (mail(30), mail(1));
        transport.send(&late).await.unwrap();
        transport.send(&early).await.unwrap();
        transport.send(&late).await.unwrap();
        let names = names(dir.path());
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names[0].ends_with(&format!("{}.eml", early.id)));
        assert!(names[1].ends_with(&format!("{}.eml", late.id)));
    }

    #[tokio::test]
    async fn an_unwritable_folder_is_a_temporary_failure() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("outbox");
        fs::write(&blocker, b"a file where the folder should be").unwrap();
        let result = transport(&blocker).send(&mail(0)).await;
        assert!(
            matches!(result, Err(TransportError::Temporary(_))),
            "{result:?}"
        );
    }

    #[tokio::test]
    async fn a_bad_recipient_writes_nothing_and_is_permanent() {
        let dir = tempfile::tempdir().unwrap();
        let mut bad = mail(0);
        bad.to = "nobody".into();
        let result = transport(dir.path()).send(&bad).await;
        assert!(matches!(result, Err(TransportError::Permanent(_))));
        assert!(names(dir.path()).is_empty());
    }
}
