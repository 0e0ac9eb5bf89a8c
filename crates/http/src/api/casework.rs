//! The department's casework on submitted applications (F23): list and search them, open a
//! case file, and move it along. Every action answers the case file as it now stands.

mod requests;

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, OpenApi};
use portal_domain::account::{Account, AccountId};
use portal_domain::application::{
    ApplicationId, ApplicationNumber, Biometrics, BiometricsError, DocumentId, Uci,
};
use portal_domain::casework::{CaseAction, CaseQuery, CaseworkError};
use uuid::Uuid;

use super::ApiTags;
use super::case_schemas::{CaseFileBody, CasePage};
use super::codes::{ApplicationStatusCode, ApplicationTypeCode, PageSize, StepCode};
use crate::auth::{self, BearerAuth};
use crate::error::{ApiError, Validator, capitalise};
use crate::state::AppState;

pub use requests::{
    BiometricsRequest, DecisionRequest, DocumentStatusRequest, DocumentsRequest, IssueRequest,
    ReceiveRequest, StepRequest,
};

/// The department's casework operations.
#[derive(Debug)]
pub struct CaseworkApi {
    pub(crate) state: AppState,
}

/// Answers that carry a case file.
#[derive(Debug, ApiResponse)]
pub enum CaseFileResponse {
    /// The case file as it now stands.
    #[oai(status = 200)]
    Ok(Json<CaseFileBody>),
}

/// Answers of the list.
#[derive(Debug, ApiResponse)]
pub enum CasePageResponse {
    /// A page of submitted applications.
    #[oai(status = 200)]
    Ok(Json<CasePage>),
}

fn id_of(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw.trim()).map_err(|_| ApiError::not_found())
}

fn field_error(field: &str, message: &str) -> ApiError {
    let mut v = Validator::new();
    v.push(field, "invalid", format!("{message}."));
    v.into_error()
}

fn casework_error(e: CaseworkError) -> ApiError {
    crate::input::casework_refusal(e)
}

impl CaseworkApi {
    async fn act(
        &self,
        auth: &BearerAuth,
        id: &str,
        action: impl FnOnce() -> Result<CaseAction, ApiError>,
    ) -> Result<CaseFileResponse, ApiError> {
        let officer = auth::officer(&self.state, auth).await?;
        let id = ApplicationId::from_uuid(id_of(id)?);
        let action = action()?;
        let case = self
            .state
            .casework
            .act(&officer, id, action)
            .await
            .map_err(casework_error)?;
        Ok(respond(&officer, &case))
    }
}

fn respond(officer: &Account, case: &portal_domain::application::CaseFile) -> CaseFileResponse {
    CaseFileResponse::Ok(Json(CaseFileBody::new(case, officer.language)))
}

#[OpenApi(prefix_path = "/officer/applications", tag = "ApiTags::Officer")]
impl CaseworkApi {
    /// Submitted applications, newest submission first; every filter is optional.
    #[oai(path = "/", method = "get", operation_id = "officer_list_applications")]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        auth: BearerAuth,
        /// Exactly this application number.
        #[oai(validator(max_length = 20))]
        number: Query<Option<String>>,
        /// Only this status (`in_progress` is refused: drafts are not the department's).
        status: Query<Option<ApplicationStatusCode>>,
        /// Only this type.
        #[oai(name = "type")]
        application_type: Query<Option<ApplicationTypeCode>>,
        /// Only this representative's (their account `id`).
        #[oai(validator(max_length = 40))]
        representative_id: Query<Option<String>>,
        /// Only those waiting (`true`) or not waiting (`false`) for the representative.
        action_required: Query<Option<bool>>,
        /// The page, from 1 (default 1).
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u32>>,
        /// Applications per page (default 25).
        per_page: Query<Option<PageSize>>,
    ) -> Result<CasePageResponse, ApiError> {
        let officer = auth::officer(&self.state, &auth).await?;
        let mut v = Validator::new();
        let number = match number.0.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            None => None,
            Some(raw) => match ApplicationNumber::parse(raw) {
                Ok(n) => Some(n),
                Err(e) => {
                    v.push(
                        "number",
                        "invalid",
                        format!("{}.", capitalise(&e.to_string())),
                    );
                    None
                }
            },
        };
        let representative = match representative_id.0.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => match Uuid::parse_str(raw) {
                Ok(id) => Some(AccountId::from_uuid(id)),
                Err(_) => {
                    v.push(
                        "representative_id",
                        "invalid",
                        "Give the representative's account id.".to_owned(),
                    );
                    None
                }
            },
        };
        if status.0 == Some(ApplicationStatusCode::InProgress) {
            v.push(
                "status",
                "invalid",
                "Drafts are their representative's own; choose submitted, received, decided or closed."
                    .to_owned(),
            );
        }
        v.finish()?;
        let query = CaseQuery {
            number,
            status: status.0.map(Into::into),
            application_type: application_type.0.map(Into::into),
            representative,
            action_required: action_required.0,
            page: page.0.unwrap_or(1),
            per_page: per_page.0.map_or(25, |size| size.0),
        };
        let page = self
            .state
            .casework
            .search(&officer, query)
            .await
            .map_err(casework_error)?;
        Ok(CasePageResponse::Ok(Json(CasePage::new(
            &page,
            officer.language,
        ))))
    }

    /// The case file of a submitted application.
    #[oai(
        path = "/:id",
        method = "get",
        operation_id = "officer_get_application"
    )]
    async fn get(&self, auth: BearerAuth, id: Path<String>) -> Result<CaseFileResponse, ApiError> {
        let officer = auth::officer(&self.state, &auth).await?;
        let id = ApplicationId::from_uuid(id_of(&id.0)?);
        let case = self
            .state
            .casework
            .case_file(&officer, id)
            .await
            .map_err(casework_error)?;
        Ok(respond(&officer, &case))
    }

    /// Record that the application was received, with the client's UCI.
    #[oai(
        path = "/:id/receive",
        method = "post",
        operation_id = "officer_receive_application"
    )]
    async fn receive(
        &self,
        auth: BearerAuth,
        id: Path<String>,
        body: Json<ReceiveRequest>,
    ) -> Result<CaseFileResponse, ApiError> {
        self.act(&auth, &id.0, || {
            let uci = Uci::parse(&body.0.uci)
                .map_err(|e| field_error("uci", &capitalise(&e.to_string())))?;
            Ok(CaseAction::Receive {
                received_on: body.0.date_received,
                uci,
            })
        })
        .await
    }

    /// Record the client's biometrics.
    #[oai(
        path = "/:id/biometrics",
        method = "post",
        operation_id = "officer_record_biometrics"
    )]
    async fn biometrics(
        &self,
        auth: BearerAuth,
        id: Path<String>,
        body: Json<BiometricsRequest>,
    ) -> Result<CaseFileResponse, ApiError> {
        self.act(&auth, &id.0, || {
            let b = &body.0;
            Biometrics::new(&b.number, b.enrolment_date, b.expiry_date)
                .map(CaseAction::RecordBiometrics)
                .map_err(|e| {
                    let field = match e {
                        BiometricsError::Number => "number",
                        BiometricsError::Dates => "expiry_date",
                    };
                    field_error(field, &capitalise(&e.to_string()))
                })
        })
        .await
    }

    /// Move a processing step.
    #[oai(
        path = "/:id/steps/:step",
        method = "put",
        operation_id = "officer_set_step"
    )]
    async fn step(
        &self,
        auth: BearerAuth,
        id: Path<String>,
        /// The step.
        step: Path<StepCode>,
        body: Json<StepRequest>,
    ) -> Result<CaseFileResponse, ApiError> {
        self.act(&auth, &id.0, || {
            Ok(CaseAction::SetStep {
                step: step.0.into(),
                state: body.0.state.into(),
            })
        })
        .await
    }

    /// Set the status of a submitted document.
    #[oai(
        path = "/:id/documents/:document_id/status",
        method = "put",
        operation_id = "officer_set_document_status"
    )]
    async fn document_status(
        &self,
        auth: BearerAuth,
        id: Path<String>,
        /// The document's `id`, as listed in the case file.
        document_id: Path<String>,
        body: Json<DocumentStatusRequest>,
    ) -> Result<CaseFileResponse, ApiError> {
        self.act(&auth, &id.0, || {
            Ok(CaseAction::ReviewDocument {
                document: DocumentId::from_uuid(id_of(&document_id.0)?),
                review: body.0.status.into(),
            })
        })
        .await
    }

    /// Ask the representative for documents by a due date: a message that asks for action
    /// and opens an upload slot.
    #[oai(
        path = "/:id/document-requests",
        method = "post",
        operation_id = "officer_request_documents"
    )]
    async fn request_documents(
        &self,
        auth: BearerAuth,
        id: Path<String>,
        body: Json<DocumentsRequest>,
    ) -> Result<CaseFileResponse, ApiError> {
        self.act(&auth, &id.0, || {
            Ok(CaseAction::RequestDocuments {
                description: body.0.description,
                due_on: body.0.due_date,
            })
        })
        .await
    }

    /// Record the decision.
    #[oai(
        path = "/:id/decision",
        method = "post",
        operation_id = "officer_decide_application"
    )]
    async fn decide(
        &self,
        auth: BearerAuth,
        id: Path<String>,
        body: Json<DecisionRequest>,
    ) -> Result<CaseFileResponse, ApiError> {
        self.act(&auth, &id.0, || {
            Ok(CaseAction::Decide(body.0.outcome.into()))
        })
        .await
    }

    /// Record a document issued after an approval.
    #[oai(
        path = "/:id/issued-documents",
        method = "post",
        operation_id = "officer_issue_document"
    )]
    async fn issue(
        &self,
        auth: BearerAuth,
        id: Path<String>,
        body: Json<IssueRequest>,
    ) -> Result<CaseFileResponse, ApiError> {
        self.act(&auth, &id.0, || {
            let b = body.0;
            Ok(CaseAction::Issue {
                document_type: b.document_type,
                number: b.number,
                issued_on: b.date_issued,
                expires_on: b.expiry_date,
            })
        })
        .await
    }

    /// Close the file of a decided application.
    #[oai(
        path = "/:id/close",
        method = "post",
        operation_id = "officer_close_application"
    )]
    async fn close(
        &self,
        auth: BearerAuth,
        id: Path<String>,
    ) -> Result<CaseFileResponse, ApiError> {
        self.act(&auth, &id.0, || Ok(CaseAction::Close)).await
    }
}
