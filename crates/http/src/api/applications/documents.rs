//! A draft's or a submitted application's documents (F18): upload one for a checklist item,
//! list them, download one.

use poem_openapi::param::Path;
use poem_openapi::payload::{Attachment, Json};
use poem_openapi::types::multipart::Upload;
use poem_openapi::{ApiResponse, Multipart, OpenApi};
use portal_domain::application::DocumentId;
use uuid::Uuid;

use super::{application_id, find_error};
use crate::api::application_schemas::DocumentBody;
use crate::api::{ApiTags, read_upload};
use crate::auth::{self, BearerAuth};
use crate::error::ApiError;
use crate::input::applications as input;
use crate::state::AppState;

/// The document operations of an application.
#[derive(Debug)]
pub struct DocumentApi {
    pub(crate) state: AppState,
}

/// A document upload.
#[derive(Debug, Multipart)]
pub struct UploadForm {
    /// The checklist item the document answers, e.g. `passport_copy`.
    pub item: String,
    /// The file: PDF, JPG, PNG, TIFF, DOC or DOCX.
    pub file: Upload,
}

/// Answers of an upload.
#[derive(Debug, ApiResponse)]
pub enum UploadResponse {
    /// Stored.
    #[oai(status = 201)]
    Created(Json<DocumentBody>),
}

/// Answers listing documents.
#[derive(Debug, ApiResponse)]
pub enum DocumentsResponse {
    /// The documents, oldest first.
    #[oai(status = 200)]
    Ok(Json<Vec<DocumentBody>>),
}

/// Answers of a download.
#[derive(Debug, ApiResponse)]
pub enum DownloadResponse {
    /// The file, as an attachment.
    #[oai(status = 200)]
    Ok(Attachment<Vec<u8>>),
}

#[OpenApi(tag = "ApiTags::Applications")]
impl DocumentApi {
    /// Upload a document for a checklist item (F18), to a draft or a submitted application.
    #[oai(
        path = "/applications/:id/documents",
        method = "post",
        operation_id = "upload_document"
    )]
    async fn upload(
        &self,
        auth: BearerAuth,
        /// The application's `id` (a UUID), as returned when it was started or listed.
        id: Path<String>,
        form: UploadForm,
    ) -> Result<UploadResponse, ApiError> {
        let owner = auth::representative(&self.state, &auth).await?;
        let id = application_id(&id)?;
        let (file_name, bytes) = read_upload(form.file).await?;
        match self
            .state
            .applications
            .upload(owner.id, id, form.item.trim(), &file_name, &bytes)
            .await
        {
            Ok(document) => Ok(UploadResponse::Created(Json(DocumentBody::from(&document)))),
            Err(e) => Err(input::upload_refusal(e)),
        }
    }

    /// The application's documents.
    #[oai(
        path = "/applications/:id/documents",
        method = "get",
        operation_id = "list_documents"
    )]
    async fn documents(
        &self,
        auth: BearerAuth,
        /// The application's `id` (a UUID), as returned when it was started or listed.
        id: Path<String>,
    ) -> Result<DocumentsResponse, ApiError> {
        let owner = auth::representative(&self.state, &auth).await?;
        let (_, documents) = self
            .state
            .applications
            .view(owner.id, application_id(&id)?)
            .await
            .map_err(find_error)?;
        Ok(DocumentsResponse::Ok(Json(
            documents.iter().map(DocumentBody::from).collect(),
        )))
    }

    /// Download one document.
    #[oai(
        path = "/applications/:id/documents/:document_id",
        method = "get",
        operation_id = "download_document"
    )]
    async fn download(
        &self,
        auth: BearerAuth,
        /// The application's `id` (a UUID), as returned when it was started or listed.
        id: Path<String>,
        /// The document's `id`, as listed in the application's `documents`.
        document_id: Path<String>,
    ) -> Result<DownloadResponse, ApiError> {
        let owner = auth::representative(&self.state, &auth).await?;
        let document_id = Uuid::parse_str(&document_id)
            .map(DocumentId::from_uuid)
            .map_err(|_| ApiError::not_found())?;
        let (document, bytes) = self
            .state
            .applications
            .download(owner.id, application_id(&id)?, document_id)
            .await
            .map_err(find_error)?;
        let ascii_name: String = document
            .file_name
            .chars()
            .map(|c| {
                if c.is_ascii_graphic() || c == ' ' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        Ok(DownloadResponse::Ok(
            Attachment::new(bytes).filename(ascii_name),
        ))
    }
}
