//! Enquiries (F7, F8, F24): the representative's web form and their list, and the officers'
//! queue, replies and resolutions.

use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use portal_domain::account::EnquiryError;
use portal_domain::enquiry::{
    EnquiryForm, EnquiryId, EnquiryKind, EnquiryQuery, EnquiryStatus, EnquiryType, Resolution,
};
use uuid::Uuid;

use super::codes::PageSize;
use super::enquiry_schemas::{
    EnquiryCreated, EnquiryFormBody, EnquiryPageResponse, EnquiryResponse, ReplyRequest,
    ResolutionCode, ResolveRequest, body, page_body,
};
use super::{ApiTags, read_upload};
use crate::auth::{self, BearerAuth};
use crate::error::{ApiError, Validator, capitalise};
use crate::input::ResolutionFields;
use crate::state::AppState;

/// The enquiry operations.
#[derive(Debug)]
pub struct EnquiryApi {
    pub(crate) state: AppState,
}

fn enquiry_error(e: EnquiryError) -> ApiError {
    crate::input::enquiry_refusal(e)
}

fn enquiry_id(raw: &str) -> Result<EnquiryId, ApiError> {
    Uuid::parse_str(raw.trim())
        .map(EnquiryId::from_uuid)
        .map_err(|_| ApiError::not_found())
}

/// The resolution the request asks for, with every missing or invalid field listed.
fn resolution(request: &ResolveRequest) -> Result<Resolution, ApiError> {
    let code = match request.resolution {
        ResolutionCode::Answered => "answered",
        ResolutionCode::ChangeName => "change_name",
        ResolutionCode::ChangeMailingAddress => "change_mailing_address",
        ResolutionCode::ChangeMembershipId => "change_membership_id",
        ResolutionCode::CloseAccount => "close_account",
    };
    crate::input::resolution(&ResolutionFields {
        resolution: code,
        given_name: request.given_name.as_deref().unwrap_or_default(),
        surname: request.surname.as_deref().unwrap_or_default(),
        mailing_address: request.mailing_address.as_deref().unwrap_or_default(),
        membership_id: request.membership_id.as_deref().unwrap_or_default(),
    })
}

#[OpenApi]
impl EnquiryApi {
    /// Sends the web form (F7): to change the name, mailing address or membership ID on the
    /// account, or about any of the listed types. Every invalid field is listed at once and
    /// nothing is kept then. The answer carries the reference number.
    #[oai(
        path = "/account/enquiries",
        method = "post",
        operation_id = "submit_enquiry",
        tag = "ApiTags::Profile"
    )]
    async fn submit(
        &self,
        auth: BearerAuth,
        form: EnquiryFormBody,
    ) -> Result<EnquiryCreated, ApiError> {
        let account = auth::account(&self.state, &auth).await?;
        let mut documents = Vec::with_capacity(form.documents.len());
        for upload in form.documents {
            documents.push(read_upload(upload).await?);
        }
        let enquiry = self
            .state
            .accounts
            .submit_enquiry(
                account.id,
                EnquiryForm {
                    enquiry_type: form.enquiry_type,
                    family_name: form.family_name,
                    given_name: form.given_name,
                    email: form.email.unwrap_or_default(),
                    date_of_birth: form.date_of_birth,
                    ircc_id: form.ircc_id,
                    request: form.request,
                    documents,
                },
            )
            .await
            .map_err(enquiry_error)?;
        Ok(EnquiryCreated::Created(Json(body(
            &enquiry,
            account.language,
        ))))
    }

    /// The signed-in account's enquiries (closure requests among them), newest first, with
    /// their status and the department's replies.
    #[oai(
        path = "/account/enquiries",
        method = "get",
        operation_id = "list_own_enquiries",
        tag = "ApiTags::Profile"
    )]
    async fn own(
        &self,
        auth: BearerAuth,
        /// The page, from 1 (default 1).
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u32>>,
        /// Enquiries per page (default 10).
        per_page: Query<Option<PageSize>>,
    ) -> Result<EnquiryPageResponse, ApiError> {
        let account = auth::account(&self.state, &auth).await?;
        let found = self
            .state
            .accounts
            .own_enquiries(
                account.id,
                page.0.unwrap_or(1),
                per_page.0.map_or(10, |s| s.0),
            )
            .await
            .map_err(enquiry_error)?;
        Ok(EnquiryPageResponse::Ok(Json(page_body(
            &found,
            account.language,
        ))))
    }

    /// One of the account's enquiries. Another account's is not found.
    #[oai(
        path = "/account/enquiries/:id",
        method = "get",
        operation_id = "get_own_enquiry",
        tag = "ApiTags::Profile"
    )]
    async fn own_one(
        &self,
        auth: BearerAuth,
        id: Path<String>,
    ) -> Result<EnquiryResponse, ApiError> {
        let account = auth::account(&self.state, &auth).await?;
        let enquiry = self
            .state
            .accounts
            .own_enquiry(account.id, enquiry_id(&id.0)?)
            .await
            .map_err(enquiry_error)?;
        Ok(EnquiryResponse::Ok(Json(body(&enquiry, account.language))))
    }

    /// The enquiry queue, oldest first; filtered by status, type and kind.
    #[oai(
        path = "/officer/enquiries",
        method = "get",
        operation_id = "officer_list_enquiries",
        tag = "ApiTags::Officer"
    )]
    async fn queue(
        &self,
        auth: BearerAuth,
        /// `open`, `replied` or `resolved`.
        status: Query<Option<String>>,
        /// A type's code.
        #[oai(name = "type")]
        enquiry_type: Query<Option<String>>,
        /// `web_form` or `closure`.
        kind: Query<Option<String>>,
        /// The page, from 1 (default 1).
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u32>>,
        /// Enquiries per page (default 25).
        per_page: Query<Option<PageSize>>,
    ) -> Result<EnquiryPageResponse, ApiError> {
        let officer = auth::officer(&self.state, &auth).await?;
        let mut v = Validator::new();
        let given = |raw: &Option<String>| {
            raw.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let status = given(&status.0).and_then(|s| {
            EnquiryStatus::parse(&s).or_else(|| {
                v.push(
                    "status",
                    "invalid",
                    "Choose one of: open, replied, resolved.".to_owned(),
                );
                None
            })
        });
        let enquiry_type = given(&enquiry_type.0).and_then(|t| {
            EnquiryType::parse(&t)
                .map_err(|e| {
                    v.push(
                        "type",
                        "invalid",
                        format!("{}.", capitalise(&e.to_string())),
                    )
                })
                .ok()
        });
        let kind = given(&kind.0).and_then(|k| {
            EnquiryKind::parse(&k).or_else(|| {
                v.push(
                    "kind",
                    "invalid",
                    "Choose one of: web_form, closure.".to_owned(),
                );
                None
            })
        });
        v.finish()?;
        let found = self
            .state
            .accounts
            .enquiries(
                &officer,
                EnquiryQuery {
                    account: None,
                    status,
                    enquiry_type,
                    kind,
                    newest_first: false,
                    page: page.0.unwrap_or(1),
                    per_page: per_page.0.map_or(25, |s| s.0),
                },
            )
            .await
            .map_err(enquiry_error)?;
        Ok(EnquiryPageResponse::Ok(Json(page_body(
            &found,
            officer.language,
        ))))
    }

    /// One enquiry, for an officer.
    #[oai(
        path = "/officer/enquiries/:id",
        method = "get",
        operation_id = "officer_get_enquiry",
        tag = "ApiTags::Officer"
    )]
    async fn get(&self, auth: BearerAuth, id: Path<String>) -> Result<EnquiryResponse, ApiError> {
        let officer = auth::officer(&self.state, &auth).await?;
        let enquiry = self
            .state
            .accounts
            .enquiry(&officer, enquiry_id(&id.0)?)
            .await
            .map_err(enquiry_error)?;
        Ok(EnquiryResponse::Ok(Json(body(&enquiry, officer.language))))
    }

    /// Replies to an enquiry; it stays in the queue as replied, and the representative gets
    /// the reply as an account message.
    #[oai(
        path = "/officer/enquiries/:id/replies",
        method = "post",
        operation_id = "officer_reply_to_enquiry",
        tag = "ApiTags::Officer"
    )]
    async fn reply(
        &self,
        auth: BearerAuth,
        id: Path<String>,
        request: Json<ReplyRequest>,
    ) -> Result<EnquiryResponse, ApiError> {
        let officer = auth::officer(&self.state, &auth).await?;
        let enquiry = self
            .state
            .accounts
            .reply_to_enquiry(&officer, enquiry_id(&id.0)?, &request.0.reply)
            .await
            .map_err(enquiry_error)?;
        Ok(EnquiryResponse::Ok(Json(body(&enquiry, officer.language))))
    }

    /// Resolves an enquiry: applies the change it asked for to the account (name, mailing
    /// address, membership ID, or closing it) in the same change, and tells the
    /// representative with the reply.
    #[oai(
        path = "/officer/enquiries/:id/resolution",
        method = "post",
        operation_id = "officer_resolve_enquiry",
        tag = "ApiTags::Officer"
    )]
    async fn resolve(
        &self,
        auth: BearerAuth,
        id: Path<String>,
        request: Json<ResolveRequest>,
    ) -> Result<EnquiryResponse, ApiError> {
        let officer = auth::officer(&self.state, &auth).await?;
        let id = enquiry_id(&id.0)?;
        let resolution = resolution(&request.0)?;
        let enquiry = self
            .state
            .accounts
            .resolve_enquiry(&officer, id, resolution, &request.0.reply)
            .await
            .map_err(enquiry_error)?;
        Ok(EnquiryResponse::Ok(Json(body(&enquiry, officer.language))))
    }
}
