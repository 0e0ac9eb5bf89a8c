//! The representative's side of a submitted application (F17, F18): its status page, opening
//! a message about it, and uploading a document in answer to the department's request.

use super::case::{ApplicationMessage, CaseFile, MessageId, RequestId};
use super::documents::{Document, DocumentId, check_upload, display_file_name};
use super::lifecycle::UploadError;
use super::ports::SaveApplicationError;
use super::service::{ApplicationService, FindApplicationError};
use super::values::ApplicationId;
use crate::account::AccountId;
use crate::audit::{AuditAction, AuditEvent};
use crate::effects::SideEffects;
use crate::error::UnexpectedError;

/// The checklist key under which documents sent in answer to a request are kept.
pub const REQUESTED_DOCUMENT_ITEM: &str = "requested_document";

impl ApplicationService {
    /// The status page of the owner's submitted application; a draft has none (not found).
    pub async fn status(
        &self,
        owner: AccountId,
        id: ApplicationId,
    ) -> Result<CaseFile, FindApplicationError> {
        self.ports
            .applications
            .case_file(owner, id)
            .await?
            .ok_or(FindApplicationError::NotFound)
    }

    /// Opens a message about the owner's application, marking it read the first time.
    pub async fn open_message(
        &self,
        owner: AccountId,
        application: ApplicationId,
        message: MessageId,
    ) -> Result<ApplicationMessage, FindApplicationError> {
        self.ports
            .applications
            .open_message(owner, application, message, self.now())
            .await?
            .ok_or(FindApplicationError::NotFound)
    }

    /// Uploads a document in answer to an open request of the owner's submitted application;
    /// the request is then answered. The file is checked like any upload.
    pub async fn answer_request(
        &self,
        owner: AccountId,
        id: ApplicationId,
        request: RequestId,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<Document, UploadError> {
        let case = self
            .ports
            .applications
            .case_file(owner, id)
            .await?
            .ok_or(UploadError::NotFound)?;
        // A closed file takes nothing more, whatever request was left open.
        if case.open_request(request).is_none()
            || case.application.status() == super::values::ApplicationStatus::Closed
        {
            return Err(UploadError::NoOpenRequest);
        }
        let file_type = check_upload(file_name, bytes, self.settings.max_upload_bytes)
            .map_err(UploadError::Invalid)?;
        let now = self.now();
        let new_id = self.ports.ids.new_id();
        let document = Document {
            id: DocumentId::from_uuid(new_id),
            application_id: id,
            item: REQUESTED_DOCUMENT_ITEM.to_owned(),
            file_name: display_file_name(file_name),
            file_type,
            size: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            stored_name: new_id.simple().to_string(),
            uploaded_at: now,
        };
        let effects = SideEffects {
            audit: vec![AuditEvent {
                at: now,
                actor: Some(owner),
                subject: Some(owner),
                application: Some(id),
                enquiry: None,
                action: AuditAction::RequestAnswered,
            }],
            ..SideEffects::default()
        };
        self.ports
            .store
            .put(&document.stored_name, bytes)
            .await
            .map_err(UnexpectedError::from)?;
        let stored = self
            .ports
            .applications
            .answer_request(owner, &document, request, &effects)
            .await;
        if let Err(e) = stored {
            let _ = self.ports.store.delete(&document.stored_name).await;
            return Err(match e {
                SaveApplicationError::NotFound => UploadError::NotFound,
                SaveApplicationError::Conflict => UploadError::NoOpenRequest,
                SaveApplicationError::Unexpected(e) => e.into(),
            });
        }
        Ok(document)
    }
}
