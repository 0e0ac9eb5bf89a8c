//! The representative's "Application status and messages" page of a submitted application
//! (F17): the case file, opening a message about it, and uploading a document in answer to the
//! department's request (F18).

use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::types::multipart::Upload;
use poem_openapi::{ApiResponse, Multipart, OpenApi};
use portal_domain::account::Account;
use portal_domain::application::{ApplicationId, FindApplicationError, MessageId, RequestId};
use uuid::Uuid;

use super::application_schemas::DocumentBody;
use super::case_schemas::{ApplicationMessageBody, CaseFileBody};
use super::{ApiTags, read_upload};
use crate::auth::{self, BearerAuth};
use crate::error::ApiError;
use crate::input::applications as input;
use crate::state::AppState;

/// The status page operations.
#[derive(Debug)]
pub struct ApplicationStatusApi {
    pub(crate) state: AppState,
}

/// A document sent in answer to a request.
#[derive(Debug, Multipart)]
pub struct AnswerForm {
    /// The file: PDF, JPG, PNG, TIFF, DOC or DOCX.
    pub file: Upload,
}

/// Answers of the status page.
#[derive(Debug, ApiResponse)]
pub enum StatusResponse {
    /// The status page.
    #[oai(status = 200)]
    Ok(Json<CaseFileBody>),
}

/// Answers of opening a message.
#[derive(Debug, ApiResponse)]
pub enum ApplicationMessageResponse {
    /// The message, now read.
    #[oai(status = 200)]
    Ok(Json<ApplicationMessageBody>),
}

/// Answers of an upload in answer to a request.
#[derive(Debug, ApiResponse)]
pub enum AnswerResponse {
    /// Stored; the request is answered.
    #[oai(status = 201)]
    Created(Json<DocumentBody>),
}

fn uuid_of(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw.trim()).map_err(|_| ApiError::not_found())
}

fn find_error(e: FindApplicationError) -> ApiError {
    input::find_refusal(e)
}

impl ApplicationStatusApi {
    async fn representative(&self, auth: &BearerAuth) -> Result<Account, ApiError> {
        auth::representative(&self.state, auth).await
    }
}

#[OpenApi(prefix_path = "/applications", tag = "ApiTags::Applications")]
impl ApplicationStatusApi {
    /// The "Application status and messages" page of a submitted application: status,
    /// client information, processing steps, documents and their status, document requests,
    /// messages (newest first), the decision and the issued documents. A draft has none.
    #[oai(
        path = "/:id/status",
        method = "get",
        operation_id = "get_application_status"
    )]
    async fn status(&self, auth: BearerAuth, id: Path<String>) -> Result<StatusResponse, ApiError> {
        let owner = self.representative(&auth).await?;
        let id = ApplicationId::from_uuid(uuid_of(&id.0)?);
        let case = self
            .state
            .applications
            .status(owner.id, id)
            .await
            .map_err(find_error)?;
        Ok(StatusResponse::Ok(Json(CaseFileBody::new(
            &case,
            owner.language,
        ))))
    }

    /// Opens a message about the application, which marks it read.
    #[oai(
        path = "/:id/messages/:message_id",
        method = "get",
        operation_id = "open_application_message"
    )]
    async fn open_message(
        &self,
        auth: BearerAuth,
        id: Path<String>,
        /// The message's `id`, as listed on the status page.
        message_id: Path<String>,
    ) -> Result<ApplicationMessageResponse, ApiError> {
        let owner = self.representative(&auth).await?;
        let id = ApplicationId::from_uuid(uuid_of(&id.0)?);
        let message = MessageId::from_uuid(uuid_of(&message_id.0)?);
        let opened = self
            .state
            .applications
            .open_message(owner.id, id, message)
            .await
            .map_err(find_error)?;
        Ok(ApplicationMessageResponse::Ok(Json(
            ApplicationMessageBody::from(&opened),
        )))
    }

    /// Uploads a document in answer to an open request of the department (multipart
    /// `file`); the request is then answered.
    #[oai(
        path = "/:id/document-requests/:request_id/documents",
        method = "post",
        operation_id = "answer_document_request"
    )]
    async fn answer(
        &self,
        auth: BearerAuth,
        id: Path<String>,
        /// The request's `id`, as listed on the status page.
        request_id: Path<String>,
        form: AnswerForm,
    ) -> Result<AnswerResponse, ApiError> {
        let owner = self.representative(&auth).await?;
        let id = ApplicationId::from_uuid(uuid_of(&id.0)?);
        let request = RequestId::from_uuid(uuid_of(&request_id.0)?);
        let (file_name, bytes) = read_upload(form.file).await?;
        self.state
            .applications
            .answer_request(owner.id, id, request, &file_name, &bytes)
            .await
            .map(|document| AnswerResponse::Created(Json(DocumentBody::from(&document))))
            .map_err(input::upload_refusal)
    }
}
