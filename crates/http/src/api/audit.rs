//! The audit trail (F28): officers search all of it; every account lists the entries that
//! name it.

use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use portal_domain::account::{AccountId, Language};
use portal_domain::application::ApplicationId;
use portal_domain::audit::{AuditAction, AuditEntry, AuditQuery, AuditSearchError};
use portal_domain::paging::Page;
use time::OffsetDateTime;
use uuid::Uuid;

use super::ApiTags;
use super::codes::{AuditActionCode, PageSize};
use super::schemas::Pager;
use crate::auth::{self, BearerAuth};
use crate::error::{ApiError, Validator, capitalise};
use crate::state::AppState;

/// The audit trail operations.
#[derive(Debug)]
pub struct AuditApi {
    pub(crate) state: AppState,
}

/// One audit entry.
#[derive(Debug, Clone, Object)]
pub struct AuditEntryBody {
    /// Identifier.
    pub id: String,
    /// When it happened (UTC).
    pub at: OffsetDateTime,
    /// What happened.
    pub action: AuditActionCode,
    /// The account that acted; `null` for the expiry job and unknown sign-in emails.
    #[oai(nullable)]
    pub actor_id: Option<String>,
    /// The account acted upon.
    #[oai(nullable)]
    pub subject_id: Option<String>,
    /// The application acted upon.
    #[oai(nullable)]
    pub application_id: Option<String>,
    /// The enquiry acted upon.
    #[oai(nullable)]
    pub enquiry_id: Option<String>,
    /// The client's IP address; `null` for background work, the command line, and, in an
    /// account's own list, for what others did.
    #[oai(nullable)]
    pub client_address: Option<String>,
}

/// A page of the audit trail.
#[derive(Debug, Clone, Object)]
pub struct AuditPage {
    /// The entries, newest first.
    pub items: Vec<AuditEntryBody>,
    /// Total, page, last page and "1 to 3 of 3".
    #[oai(flatten)]
    pub pager: Pager,
}

/// Answers of the audit searches.
#[derive(Debug, ApiResponse)]
pub enum AuditPageResponse {
    /// A page of entries.
    #[oai(status = 200)]
    Ok(Json<AuditPage>),
}

fn body(entry: &AuditEntry, viewer: Option<AccountId>) -> AuditEntryBody {
    let event = &entry.event;
    let by_viewer = viewer.is_none() || event.actor == viewer;
    AuditEntryBody {
        id: entry.id.to_string(),
        at: event.at,
        action: event.action.into(),
        actor_id: event.actor.map(|a| a.as_uuid().to_string()),
        subject_id: event.subject.map(|a| a.as_uuid().to_string()),
        application_id: event.application.map(|a| a.to_string()),
        enquiry_id: event.enquiry.map(|e| e.to_string()),
        client_address: entry.client_address.clone().filter(|_| by_viewer),
    }
}

fn page_body(page: &Page<AuditEntry>, viewer: Option<AccountId>, language: Language) -> AuditPage {
    AuditPage {
        items: page.items.iter().map(|e| body(e, viewer)).collect(),
        pager: Pager::of(page, language),
    }
}

fn search_error(e: AuditSearchError) -> ApiError {
    match e {
        AuditSearchError::Forbidden => {
            ApiError::forbidden("forbidden", "Only officers may do this.")
        }
        AuditSearchError::Invalid(message) => {
            let mut v = Validator::new();
            v.push("query", "invalid", format!("{}.", capitalise(message)));
            v.into_error()
        }
        e @ AuditSearchError::Unexpected(_) => ApiError::internal(&e),
    }
}

fn uuid_filter(v: &mut Validator, field: &str, raw: Option<&str>) -> Option<Uuid> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
    match Uuid::parse_str(raw) {
        Ok(id) => Some(id),
        Err(_) => {
            v.push(
                field,
                "invalid",
                "Give an id as listed elsewhere in the API.".to_owned(),
            );
            None
        }
    }
}

#[OpenApi(tag = "ApiTags::Officer")]
impl AuditApi {
    /// The audit trail, newest first: who did what to which account or application, when,
    /// and from which address. Every filter is optional.
    #[oai(
        path = "/officer/audit",
        method = "get",
        operation_id = "officer_search_audit"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn search(
        &self,
        auth: BearerAuth,
        /// Entries naming this account (as actor or subject).
        #[oai(validator(max_length = 40))]
        account_id: Query<Option<String>>,
        /// Entries about this application.
        #[oai(validator(max_length = 40))]
        application_id: Query<Option<String>>,
        /// Entries of this kind.
        action: Query<Option<AuditActionCode>>,
        /// Entries at or after this instant (RFC 3339).
        from: Query<Option<OffsetDateTime>>,
        /// Entries before this instant (RFC 3339).
        until: Query<Option<OffsetDateTime>>,
        /// The page, from 1 (default 1).
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u32>>,
        /// Entries per page (default 25).
        per_page: Query<Option<PageSize>>,
    ) -> Result<AuditPageResponse, ApiError> {
        let officer = auth::officer(&self.state, &auth).await?;
        let mut v = Validator::new();
        let account = uuid_filter(&mut v, "account_id", account_id.0.as_deref());
        let application = uuid_filter(&mut v, "application_id", application_id.0.as_deref());
        v.finish()?;
        let query = AuditQuery {
            account: account.map(AccountId::from_uuid),
            application: application.map(ApplicationId::from_uuid),
            action: action.0.map(AuditAction::from),
            from: from.0,
            until: until.0,
            page: page.0.unwrap_or(1),
            per_page: per_page.0.map_or(25, |s| s.0),
        };
        let found = self
            .state
            .audit
            .search(&officer, query)
            .await
            .map_err(search_error)?;
        Ok(AuditPageResponse::Ok(Json(page_body(
            &found,
            None,
            officer.language,
        ))))
    }

    /// The entries that name the signed-in account, newest first: its sign-ins, changes and
    /// applications, and what officers did to them.
    #[oai(
        path = "/account/audit",
        method = "get",
        operation_id = "list_own_audit",
        tag = "ApiTags::Profile"
    )]
    async fn own(
        &self,
        auth: BearerAuth,
        /// The page, from 1 (default 1).
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u32>>,
        /// Entries per page (default 25).
        per_page: Query<Option<PageSize>>,
    ) -> Result<AuditPageResponse, ApiError> {
        let account = auth::account(&self.state, &auth).await?;
        let found = self
            .state
            .audit
            .own(
                account.id,
                page.0.unwrap_or(1),
                per_page.0.map_or(25, |s| s.0),
            )
            .await
            .map_err(search_error)?;
        Ok(AuditPageResponse::Ok(Json(page_body(
            &found,
            Some(account.id),
            account.language,
        ))))
    }
}
