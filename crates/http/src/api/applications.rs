//! The representative's client applications (F10 to F16, F18): start, read, save a
//! section, delete, submit, the table and its search; their documents and the
//! questionnaires are operations of their own (the submodules). Every operation is scoped to
//! the signed-in representative: another's application is "not found".

mod documents;
mod questionnaires;

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use portal_domain::account::Account;
use portal_domain::application::{
    Application, ApplicationId, ApplicationNumber, ApplicationQuery, ApplicationStatus,
    ApplicationType, Document, FindApplicationError, QueryError, SearchError, SortColumn,
    SortDirection,
};
use uuid::Uuid;

use super::ApiTags;
use super::application_schemas::{
    ApplicantInput, ApplicationDetail, ApplicationPage, SaveSectionRequest, StartRequest,
};
use super::codes::{ApplicationStatusCode, ApplicationTypeCode, OrderCode, PageSize, SortCode};
use super::direct_json::DirectJson;
use crate::auth::{self, BearerAuth};
use crate::error::{ApiError, Validator, capitalise};
use crate::input::applications::{self as input, ApplicantFields, StartFields};
use crate::state::AppState;

pub use documents::DocumentApi;
pub use questionnaires::QuestionnaireApi;

/// The application operations.
#[derive(Debug)]
pub struct ApplicationApi {
    pub(crate) state: AppState,
}

/// Applications started together.
#[derive(Debug, Object)]
pub struct StartedGroup {
    /// The group number shared by the applications (the table's "ID").
    pub group_id: i64,
    /// The applications, principal applicant first.
    pub applications: Vec<ApplicationDetail>,
}

/// Answers carrying one application.
#[derive(Debug, ApiResponse)]
pub enum DetailResponse {
    /// The application.
    #[oai(status = 200)]
    Ok(Json<ApplicationDetail>),
}

/// Answers of `POST /applications`.
#[derive(Debug, ApiResponse)]
pub enum StartResponse {
    /// Started.
    #[oai(status = 201)]
    Created(Json<StartedGroup>),
}

/// Answers of `POST /applications/{id}/submit`.
#[derive(Debug, ApiResponse)]
pub enum SubmitResponse {
    /// Submitted: the group's applications with their numbers.
    #[oai(status = 200)]
    Ok(Json<Vec<ApplicationDetail>>),
}

/// Answers of the table.
#[derive(Debug, ApiResponse)]
pub enum PageResponse {
    /// One page.
    #[oai(status = 200)]
    Ok(DirectJson<ApplicationPage>),
}

/// Answers of `DELETE /applications/{id}`.
#[derive(Debug, ApiResponse)]
pub enum DeleteResponse {
    /// Deleted.
    #[oai(status = 204)]
    Deleted,
}

fn application_id(raw: &str) -> Result<ApplicationId, ApiError> {
    Uuid::parse_str(raw)
        .map(ApplicationId::from_uuid)
        .map_err(|_| ApiError::not_found())
}

fn find_error(e: portal_domain::application::FindApplicationError) -> ApiError {
    input::find_refusal(e)
}

/// The shared parser's view of a JSON start request.
fn start_fields(body: &StartRequest) -> StartFields<'_> {
    fn applicant(a: &ApplicantInput) -> ApplicantFields<'_> {
        ApplicantFields {
            given_name: &a.given_name,
            family_name: &a.family_name,
        }
    }
    StartFields {
        application_type: body.application_type.as_str(),
        visit_purpose: body.visit_purpose.as_ref().map(|p| p.as_str()),
        visa_processing: body.visa_processing.as_ref().map(|p| p.as_str()),
        claim_origin: body.claim_origin.as_ref().map(|o| o.as_str()),
        cbsa_file_number: &body.cbsa_file_number,
        acknowledged: body.acknowledged,
        principal: applicant(&body.principal),
        family_members: body.family_members.iter().map(applicant).collect(),
    }
}

impl ApplicationApi {
    async fn representative(&self, auth: &BearerAuth) -> Result<Account, ApiError> {
        auth::representative(&self.state, auth).await
    }

    fn today(&self) -> time::Date {
        self.state.clock.now().date()
    }

    /// The detail body of a found application, or the error of the lookup.
    fn detail(
        &self,
        owner: &Account,
        found: Result<(Application, Vec<Document>), FindApplicationError>,
    ) -> Result<ApplicationDetail, ApiError> {
        let (application, documents) = found.map_err(find_error)?;
        Ok(ApplicationDetail::new(
            &application,
            &documents,
            self.today(),
            owner.language,
        ))
    }
}

#[OpenApi(tag = "ApiTags::Applications")]
impl ApplicationApi {
    /// Start an application for one applicant or a group (F10). Needs an approved account
    /// and the acknowledgement that the instructions were read.
    #[oai(
        path = "/applications",
        method = "post",
        operation_id = "start_application"
    )]
    async fn start(
        &self,
        auth: BearerAuth,
        body: Json<StartRequest>,
    ) -> Result<StartResponse, ApiError> {
        let owner = self.representative(&auth).await?;
        let command = input::start(&start_fields(&body))?;
        let started = self
            .state
            .applications
            .start(&owner, command)
            .await
            .map_err(input::start_refusal)?;
        let today = self.today();
        let group_id = started.first().map_or(0, |a| a.group_id.get());
        let applications = started
            .iter()
            .map(|a| ApplicationDetail::new(a, &[], today, owner.language))
            .collect();
        Ok(StartResponse::Created(Json(StartedGroup {
            group_id,
            applications,
        })))
    }

    /// "My client applications" (F15, F16). With no filter: the in-progress applications,
    /// newest first, 25 a page. Filters combine (AND).
    #[oai(
        path = "/applications",
        method = "get",
        operation_id = "list_applications"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        auth: BearerAuth,
        /// Part of the applicant's name; case and accents are ignored.
        #[oai(validator(max_length = 100))]
        applicant_name: Query<Option<String>>,
        /// An application number or its beginning: a letter and up to 9 digits, e.g. `L1000`.
        #[oai(validator(pattern = r"^\s*([A-Za-z][0-9]{0,9})?\s*$"))]
        application_number: Query<Option<String>>,
        /// Only applications of this type.
        application_type: Query<Option<ApplicationTypeCode>>,
        /// Only applications in this status. Any filter shows both statuses unless this
        /// one is given.
        status: Query<Option<ApplicationStatusCode>>,
        /// Only applications with unread messages.
        unread_only: Query<Option<bool>>,
        /// The column to sort by (default `date_created`).
        sort: Query<Option<SortCode>>,
        /// `asc` or `desc` (default).
        order: Query<Option<OrderCode>>,
        /// The page, from 1 (default 1).
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u32>>,
        /// Rows per page (default 25).
        per_page: Query<Option<PageSize>>,
    ) -> Result<PageResponse, ApiError> {
        let owner = self.representative(&auth).await?;
        let app_type = application_type.0.map(ApplicationType::from);
        let status_filter = status.0.map(ApplicationStatus::from);
        let sort_column = sort.0.map_or(SortColumn::DateCreated, SortColumn::from);
        let direction = order
            .0
            .map_or(SortDirection::Descending, SortDirection::from);
        let query = ApplicationQuery {
            applicant_name: applicant_name.0,
            number_prefix: application_number.0,
            application_type: app_type,
            status: status_filter,
            unread_only: unread_only.0.unwrap_or(false),
            sort: sort_column,
            direction,
            page: page.0.unwrap_or(1),
            per_page: per_page.0.map_or(25, |size| size.0),
        };
        match self.state.applications.search(owner.id, query).await {
            Ok(page) => Ok(PageResponse::Ok(DirectJson(ApplicationPage::new(
                &page,
                self.today(),
                owner.language,
            )))),
            Err(SearchError::Invalid(e)) => {
                let field = match e {
                    QueryError::PageSize => "per_page",
                    QueryError::Page => "page",
                    QueryError::Number => "application_number",
                    QueryError::Name | QueryError::NameCharacters => "applicant_name",
                };
                let mut v = Validator::new();
                v.push(field, "invalid", format!("{}.", capitalise(&e.to_string())));
                Err(v.into_error())
            }
            Err(e @ SearchError::Unexpected(_)) => Err(ApiError::internal(&e)),
        }
    }

    /// One application with its questionnaire, checklist, documents and what is missing.
    #[oai(
        path = "/applications/:id",
        method = "get",
        operation_id = "view_application"
    )]
    async fn view(
        &self,
        auth: BearerAuth,
        /// The application's `id` (a UUID), as returned when it was started or listed.
        id: Path<String>,
    ) -> Result<DetailResponse, ApiError> {
        let owner = self.representative(&auth).await?;
        let found = self
            .state
            .applications
            .view(owner.id, application_id(&id)?)
            .await;
        self.detail(&owner, found)
            .map(|d| DetailResponse::Ok(Json(d)))
    }

    /// The application with this number.
    #[oai(
        path = "/applications/by-number/:number",
        method = "get",
        operation_id = "find_application_by_number"
    )]
    async fn by_number(
        &self,
        auth: BearerAuth,
        /// The application number, a letter and 9 digits (e.g. `L100003692`).
        number: Path<String>,
    ) -> Result<DetailResponse, ApiError> {
        let owner = self.representative(&auth).await?;
        let number = ApplicationNumber::parse(&number).map_err(|_| ApiError::not_found())?;
        let found = self
            .state
            .applications
            .view_by_number(owner.id, &number)
            .await;
        self.detail(&owner, found)
            .map(|d| DetailResponse::Ok(Json(d)))
    }

    /// Save one section's answers (F11); "Exit transaction" is simply a save.
    #[oai(
        path = "/applications/:id/sections/:section",
        method = "put",
        operation_id = "save_section"
    )]
    async fn save_section(
        &self,
        auth: BearerAuth,
        /// The application's `id` (a UUID), as returned when it was started or listed.
        id: Path<String>,
        /// A section `key` of the application's questionnaire (see its `sections`).
        section: Path<String>,
        body: Json<SaveSectionRequest>,
    ) -> Result<DetailResponse, ApiError> {
        let owner = self.representative(&auth).await?;
        let id = application_id(&id)?;
        self.state
            .applications
            .save_section(owner.id, id, &section, &body.answers)
            .await
            .map_err(input::save_refusal)?;
        let found = self.state.applications.view(owner.id, id).await;
        self.detail(&owner, found)
            .map(|d| DetailResponse::Ok(Json(d)))
    }

    /// Delete a draft (F13); a principal applicant's deletion removes the group's drafts.
    #[oai(
        path = "/applications/:id",
        method = "delete",
        operation_id = "delete_application"
    )]
    async fn delete(
        &self,
        auth: BearerAuth,
        /// The application's `id` (a UUID), as returned when it was started or listed.
        id: Path<String>,
    ) -> Result<DeleteResponse, ApiError> {
        let owner = self.representative(&auth).await?;
        match self
            .state
            .applications
            .delete(owner.id, application_id(&id)?)
            .await
        {
            Ok(()) => Ok(DeleteResponse::Deleted),
            Err(e) => Err(input::delete_refusal(e)),
        }
    }

    /// Submit the application's group (F14). Every missing answer and document of every
    /// applicant is listed when something is missing.
    #[oai(
        path = "/applications/:id/submit",
        method = "post",
        operation_id = "submit_application"
    )]
    async fn submit(
        &self,
        auth: BearerAuth,
        /// The application's `id` (a UUID), as returned when it was started or listed.
        id: Path<String>,
    ) -> Result<SubmitResponse, ApiError> {
        let owner = self.representative(&auth).await?;
        let id = application_id(&id)?;
        let submitted = self
            .state
            .applications
            .submit(&owner, id)
            .await
            .map_err(|e| input::submit_refusal(e, owner.language))?;
        let mut details = Vec::with_capacity(submitted.len());
        for application in &submitted {
            let found = self.state.applications.view(owner.id, application.id).await;
            details.push(self.detail(&owner, found)?);
        }
        Ok(SubmitResponse::Ok(Json(details)))
    }
}
