//! Enquiries (F7, F8, F24): the representative's web form and their list, and the officers'
//! queue, replies and resolutions.

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::multipart::Upload;
use poem_openapi::{ApiResponse, Enum, Multipart, Object, OpenApi};
use portal_domain::account::{EnquiryError, Language};
use portal_domain::enquiry::{
    Enquiry, EnquiryForm, EnquiryId, EnquiryKind, EnquiryQuery, EnquiryStatus, EnquiryType,
    Resolution,
};
use portal_domain::paging::Page;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::ApiTags;
use super::codes::PageSize;
use super::schemas::Pager;
use crate::auth::{self, BearerAuth};
use crate::error::{ApiError, Validator, capitalise};
use crate::input::ResolutionFields;
use crate::state::AppState;

/// The enquiry operations.
#[derive(Debug)]
pub struct EnquiryApi {
    pub(crate) state: AppState,
}

/// The web form (multipart): every field but the email and the documents is required.
#[derive(Debug, Multipart)]
pub struct EnquiryFormBody {
    /// The type of application or enquiry, from the guide's list; choose
    /// `technical_difficulties` to change the name, mailing address or membership ID.
    pub enquiry_type: String,
    /// Family name.
    pub family_name: String,
    /// Given name.
    pub given_name: String,
    /// Email address (optional).
    pub email: Option<String>,
    /// Date of birth, `yyyy-mm-dd`.
    pub date_of_birth: String,
    /// The Representative IRCC ID (`P` and 12 digits).
    pub ircc_id: String,
    /// The request (up to 2,000 characters).
    pub request: String,
    /// Supporting documents (for a name change, say): PDF, JPG, PNG, TIFF, DOC or DOCX, up
    /// to 5.
    pub documents: Vec<Upload>,
}

/// A document sent with an enquiry.
#[derive(Debug, Clone, Object)]
pub struct EnquiryDocumentBody {
    /// File name as given, cleaned.
    pub file_name: String,
    /// Type recognised from the content.
    pub file_type: String,
    /// Size in bytes.
    #[oai(validator(minimum(value = "0")))]
    pub size: u64,
}

/// A reply of the department.
#[derive(Debug, Clone, Object)]
pub struct EnquiryReplyBody {
    /// The text.
    pub body: String,
    /// When it was sent.
    pub sent_at: OffsetDateTime,
}

/// An enquiry with its documents and the department's replies.
#[derive(Debug, Clone, Object)]
pub struct EnquiryBody {
    /// Identifier.
    pub id: String,
    /// The reference number to quote (`Q` and 9 digits).
    pub reference: String,
    /// The account that sent it.
    pub account_id: String,
    /// `web_form`, or `closure` for a request to close the account.
    pub kind: String,
    /// The type's code.
    pub enquiry_type: String,
    /// The type as the list words it, in the reader's language.
    pub enquiry_type_label: String,
    /// Family name as stated.
    pub family_name: String,
    /// Given name as stated.
    pub given_name: String,
    /// Email as stated.
    #[oai(nullable)]
    pub email: Option<String>,
    /// Date of birth as stated (a closure request has none).
    #[oai(nullable)]
    pub date_of_birth: Option<Date>,
    /// Representative IRCC ID as stated.
    #[oai(nullable)]
    pub ircc_id: Option<String>,
    /// The request.
    pub request: String,
    /// Supporting documents.
    pub documents: Vec<EnquiryDocumentBody>,
    /// `open`, `replied` or `resolved`.
    pub status: String,
    /// When it was sent.
    pub submitted_at: OffsetDateTime,
    /// When it was resolved.
    #[oai(nullable)]
    pub resolved_at: Option<OffsetDateTime>,
    /// The replies, oldest first.
    pub replies: Vec<EnquiryReplyBody>,
}

/// A page of enquiries.
#[derive(Debug, Clone, Object)]
pub struct EnquiryPage {
    /// The enquiries of this page.
    pub items: Vec<EnquiryBody>,
    /// Total, page, last page and "1 to 3 of 3".
    #[oai(flatten)]
    pub pager: Pager,
}

/// An officer's reply.
#[derive(Debug, Object)]
pub struct ReplyRequest {
    /// The reply (up to 2,000 characters).
    pub reply: String,
}

/// What resolving an enquiry does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum ResolutionCode {
    /// Answered; nothing to change.
    Answered,
    /// Change the name on the account (`given_name`, `surname`).
    ChangeName,
    /// Change the mailing address (`mailing_address`).
    ChangeMailingAddress,
    /// Change the membership ID (`membership_id`).
    ChangeMembershipId,
    /// Close the account of a closure request.
    CloseAccount,
}

/// A resolution and the reply that tells the representative.
#[derive(Debug, Object)]
pub struct ResolveRequest {
    /// What to do.
    pub resolution: ResolutionCode,
    /// The reply (up to 2,000 characters).
    pub reply: String,
    /// For `change_name`: the new given name.
    pub given_name: Option<String>,
    /// For `change_name`: the new surname.
    pub surname: Option<String>,
    /// For `change_mailing_address`: the new address (up to 6 lines).
    pub mailing_address: Option<String>,
    /// For `change_membership_id`: the new membership ID.
    pub membership_id: Option<String>,
}

/// Answers that carry one enquiry.
#[derive(Debug, ApiResponse)]
pub enum EnquiryResponse {
    /// The enquiry.
    #[oai(status = 200)]
    Ok(Json<EnquiryBody>),
}

/// Answers of the web form.
#[derive(Debug, ApiResponse)]
pub enum EnquiryCreated {
    /// Received; the reference number is in the body.
    #[oai(status = 201)]
    Created(Json<EnquiryBody>),
}

/// Answers that carry a page of enquiries.
#[derive(Debug, ApiResponse)]
pub enum EnquiryPageResponse {
    /// A page.
    #[oai(status = 200)]
    Ok(Json<EnquiryPage>),
}

fn body(e: &Enquiry, language: Language) -> EnquiryBody {
    EnquiryBody {
        id: e.id.to_string(),
        reference: e.reference.as_str().to_owned(),
        account_id: e.account_id.as_uuid().to_string(),
        kind: e.kind.code().to_owned(),
        enquiry_type: e.enquiry_type.code().to_owned(),
        enquiry_type_label: e
            .enquiry_type
            .label(language == Language::French)
            .to_owned(),
        family_name: e.family_name.as_str().to_owned(),
        given_name: e.given_name.as_str().to_owned(),
        email: e.email.as_ref().map(|m| m.as_str().to_owned()),
        date_of_birth: e.date_of_birth,
        ircc_id: e.ircc_id.as_ref().map(|i| i.as_str().to_owned()),
        request: e.request.clone(),
        documents: e
            .documents
            .iter()
            .map(|d| EnquiryDocumentBody {
                file_name: d.file_name.clone(),
                file_type: d.file_type.code().to_owned(),
                size: d.size,
            })
            .collect(),
        status: e.status.code().to_owned(),
        submitted_at: e.submitted_at,
        resolved_at: e.resolved_at,
        replies: e
            .replies
            .iter()
            .map(|r| EnquiryReplyBody {
                body: r.body.clone(),
                sent_at: r.sent_at,
            })
            .collect(),
    }
}

fn page_body(page: &Page<Enquiry>, language: Language) -> EnquiryPage {
    EnquiryPage {
        items: page.items.iter().map(|e| body(e, language)).collect(),
        pager: Pager::of(page, language),
    }
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
            let name = upload.file_name().unwrap_or_default().to_owned();
            let bytes = upload
                .into_vec()
                .await
                .map_err(|e| ApiError::bad_request("bad_request", e.to_string()))?;
            documents.push((name, bytes));
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
