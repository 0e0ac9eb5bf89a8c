//! [`LocalDocumentStore`]: document bytes in files under one folder, fanned out into
//! subfolders by the first two characters of their generated names.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use portal_domain::application::{DocumentStore, DocumentStoreError};
use uuid::Uuid;

/// Stores each document in `root/<first two characters>/<name>`. Names must be letters,
/// digits and hyphens only (the portal generates them), so no name can reach outside the
/// folder. A write goes to a temporary file that is renamed into place, so a reader never
/// sees half a document.
#[derive(Debug, Clone)]
pub struct LocalDocumentStore {
    root: PathBuf,
}

impl LocalDocumentStore {
    /// A store under `root` (created on the first write if missing).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The folder the documents are in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_of(&self, name: &str) -> Result<PathBuf, DocumentStoreError> {
        let valid = !name.is_empty()
            && name.len() <= 128
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !valid {
            return Err(DocumentStoreError::Unexpected(
                "a document name must be letters, digits and hyphens".to_owned(),
            ));
        }
        let fan_out = name.get(..2).unwrap_or(name);
        Ok(self.root.join(fan_out).join(name))
    }
}

fn unexpected(action: &str, e: &std::io::Error) -> DocumentStoreError {
    DocumentStoreError::Unexpected(format!("could not {action} a document: {e}"))
}

#[async_trait]
impl DocumentStore for LocalDocumentStore {
    async fn put(&self, name: &str, bytes: &[u8]) -> Result<(), DocumentStoreError> {
        let path = self.path_of(name)?;
        let folder = path
            .parent()
            .ok_or_else(|| DocumentStoreError::Unexpected("a document has no folder".into()))?;
        tokio::fs::create_dir_all(folder)
            .await
            .map_err(|e| unexpected("create the folder of", &e))?;
        let temporary = folder.join(format!(".{name}.{}.tmp", Uuid::new_v4().simple()));
        let written = async {
            let mut file = tokio::fs::File::create(&temporary).await?;
            tokio::io::AsyncWriteExt::write_all(&mut file, bytes).await?;
            file.sync_all().await?;
            drop(file);
            tokio::fs::rename(&temporary, &path).await
        }
        .await;
        if let Err(e) = written {
            // Best effort: the temporary name is never read, so a leftover is harmless.
            let _ = tokio::fs::remove_file(&temporary).await;
            return Err(unexpected("write", &e));
        }
        Ok(())
    }

    async fn get(&self, name: &str) -> Result<Vec<u8>, DocumentStoreError> {
        let path = self.path_of(name)?;
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(bytes),
            Err(e) if e.kind() == ErrorKind::NotFound => Err(DocumentStoreError::NotFound),
            Err(e) => Err(unexpected("read", &e)),
        }
    }

    async fn delete(&self, name: &str) -> Result<(), DocumentStoreError> {
        let path = self.path_of(name)?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
            Err(e) => Err(unexpected("delete", &e)),
        }
    }
}
