//! The officer's operations on accounts (F22, F24): work queues, approve or reject an
//! enrolment, close an account.

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use portal_domain::account::{AccountId, AccountStatusKind, OfficerActionError, RejectionReason};
use uuid::Uuid;

use super::ApiTags;
use super::codes::{AccountStatusCode, StandingCode};
use super::schemas::Profile;
use crate::auth::{self, BearerAuth};
use crate::error::{ApiError, Validator};
use crate::state::AppState;

/// The officer's operations.
#[derive(Debug)]
pub struct OfficerApi {
    pub(crate) state: AppState,
}

/// The reason for rejecting an enrolment.
#[derive(Debug, Object)]
pub struct RejectRequest {
    /// Shown to the representative.
    pub reason: String,
}

/// What to ask an enrolling representative for.
#[derive(Debug, Object)]
pub struct EnrolmentDocumentsRequest {
    /// The documents needed (up to 2,000 characters).
    pub request: String,
}

/// A representative's standing.
#[derive(Debug, Object)]
pub struct StandingRequest {
    /// `good`, `suspended` or `revoked`.
    pub standing: StandingCode,
}

/// Answers that carry one account.
#[derive(Debug, ApiResponse)]
pub enum AccountResponse {
    /// The account after the change.
    #[oai(status = 200)]
    Ok(Json<Profile>),
}

/// Answers that carry a list of accounts.
#[derive(Debug, ApiResponse)]
pub enum AccountListResponse {
    /// The accounts, oldest first.
    #[oai(status = 200)]
    Ok(Json<Vec<Profile>>),
}

fn officer_error(e: OfficerActionError) -> ApiError {
    crate::input::officer_refusal(e)
}

fn account_id(raw: &str) -> Result<AccountId, ApiError> {
    Uuid::parse_str(raw)
        .map(AccountId::from_uuid)
        .map_err(|_| ApiError::not_found())
}

#[OpenApi(prefix_path = "/officer", tag = "ApiTags::Officer")]
impl OfficerApi {
    /// Representative accounts in a status (default `pending`), oldest first.
    #[oai(
        path = "/accounts",
        method = "get",
        operation_id = "officer_list_accounts"
    )]
    async fn list(
        &self,
        auth: BearerAuth,
        /// Only accounts in this status (default `pending`).
        status: Query<Option<AccountStatusCode>>,
        /// At most this many accounts (default 100).
        #[oai(validator(minimum(value = "1"), maximum(value = "500")))]
        limit: Query<Option<u32>>,
    ) -> Result<AccountListResponse, ApiError> {
        let officer = auth::officer(&self.state, &auth).await?;
        let kind = status
            .0
            .map_or(AccountStatusKind::Pending, AccountStatusKind::from);
        let limit = limit.0.unwrap_or(100);
        let accounts = self
            .state
            .accounts
            .list_accounts(&officer, kind, limit)
            .await
            .map_err(officer_error)?;
        Ok(AccountListResponse::Ok(Json(
            accounts.iter().map(Profile::from).collect(),
        )))
    }

    /// Approve a pending enrolment: a Representative IRCC ID is assigned.
    #[oai(
        path = "/accounts/:id/approve",
        method = "post",
        operation_id = "officer_approve_enrolment"
    )]
    async fn approve(
        &self,
        auth: BearerAuth,
        /// The account's `id`, as listed by `GET /officer/accounts`.
        id: Path<String>,
    ) -> Result<AccountResponse, ApiError> {
        let officer = auth::officer(&self.state, &auth).await?;
        let account = self
            .state
            .accounts
            .approve_enrolment(&officer, account_id(&id)?)
            .await
            .map_err(officer_error)?;
        Ok(AccountResponse::Ok(Json(Profile::from(&account))))
    }

    /// Reject a pending enrolment with a reason.
    #[oai(
        path = "/accounts/:id/reject",
        method = "post",
        operation_id = "officer_reject_enrolment"
    )]
    async fn reject(
        &self,
        auth: BearerAuth,
        /// The account's `id`, as listed by `GET /officer/accounts`.
        id: Path<String>,
        body: Json<RejectRequest>,
    ) -> Result<AccountResponse, ApiError> {
        let officer = auth::officer(&self.state, &auth).await?;
        let id = account_id(&id)?;
        let mut v = Validator::new();
        let reason = v.check("reason", &body.reason, RejectionReason::parse(&body.reason));
        v.finish()?;
        let reason = reason.ok_or_else(ApiError::incomplete)?;
        let account = self
            .state
            .accounts
            .reject_enrolment(&officer, id, reason)
            .await
            .map_err(officer_error)?;
        Ok(AccountResponse::Ok(Json(Profile::from(&account))))
    }

    /// Ask the applicant of a pending enrolment for more documents: an account message that
    /// asks for action, and its email. The enrolment stays pending.
    #[oai(
        path = "/accounts/:id/document-request",
        method = "post",
        operation_id = "officer_request_enrolment_documents"
    )]
    async fn request_documents(
        &self,
        auth: BearerAuth,
        /// The account's `id`, as listed by `GET /officer/accounts`.
        id: Path<String>,
        body: Json<EnrolmentDocumentsRequest>,
    ) -> Result<AccountResponse, ApiError> {
        let officer = auth::officer(&self.state, &auth).await?;
        let account = self
            .state
            .accounts
            .request_enrolment_documents(&officer, account_id(&id)?, &body.0.request)
            .await
            .map_err(officer_error)?;
        Ok(AccountResponse::Ok(Json(Profile::from(&account))))
    }

    /// Record a representative's current standing with their governing body; they are told
    /// by an account message. Not in good standing, they keep read access but cannot start or
    /// submit applications.
    #[oai(
        path = "/accounts/:id/standing",
        method = "put",
        operation_id = "officer_record_standing"
    )]
    async fn standing(
        &self,
        auth: BearerAuth,
        /// The account's `id`, as listed by `GET /officer/accounts`.
        id: Path<String>,
        body: Json<StandingRequest>,
    ) -> Result<AccountResponse, ApiError> {
        let officer = auth::officer(&self.state, &auth).await?;
        let account = self
            .state
            .accounts
            .record_standing(&officer, account_id(&id)?, body.0.standing.into())
            .await
            .map_err(officer_error)?;
        Ok(AccountResponse::Ok(Json(Profile::from(&account))))
    }

    /// Close an account whose owner asked for it: sign-in refused, sessions ended, drafts
    /// deleted; submitted applications are kept.
    #[oai(
        path = "/accounts/:id/close",
        method = "post",
        operation_id = "officer_close_account"
    )]
    async fn close(
        &self,
        auth: BearerAuth,
        /// The account's `id`, as listed by `GET /officer/accounts`.
        id: Path<String>,
    ) -> Result<AccountResponse, ApiError> {
        let officer = auth::officer(&self.state, &auth).await?;
        let account = self
            .state
            .accounts
            .close_account(&officer, account_id(&id)?)
            .await
            .map_err(officer_error)?;
        Ok(AccountResponse::Ok(Json(Profile::from(&account))))
    }
}
