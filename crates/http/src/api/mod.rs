//! The JSON API under `/api/v1` (F26), described by an OpenAPI 3 document.

mod account;
mod application_schemas;
mod application_status;
mod applications;
mod audit;
mod case_schemas;
mod casework;
mod codes;
mod direct_json;
mod enquiries;
mod enquiry_schemas;
mod messages;
mod officer;
mod public;
mod schemas;

use poem::Request;
use poem_openapi::types::multipart::Upload;
use poem_openapi::{OpenApiService, Tags};
use portal_domain::account::{Language, SignedIn};

pub use account::AccountApi;
pub use application_schemas::{
    ApplicationDetail, ApplicationPage, ApplicationRow, ChecklistEntry, DocumentBody, QuestionBody,
    SectionBody, missing_code,
};
pub use application_status::ApplicationStatusApi;
pub use applications::{ApplicationApi, DocumentApi, QuestionnaireApi};
pub use audit::AuditApi;
pub use case_schemas::{ApplicationMessageBody, CaseFileBody, CasePage};
pub use casework::CaseworkApi;
pub use enquiries::EnquiryApi;
pub use messages::MessageApi;
pub use officer::OfficerApi;
pub use public::PublicApi;
pub use schemas::{Pager, Profile, SessionCreated};

use crate::error::ApiError;
use crate::state::AppState;

/// Groups of operations in the API document.
#[derive(Debug, Tags)]
pub enum ApiTags {
    /// Enrolment, sign-in and forgotten passwords.
    Accounts,
    /// The signed-in account.
    Profile,
    /// The representative's client applications.
    Applications,
    /// The department's officers.
    Officer,
}

/// Every group of operations the API serves.
pub type Operations = (
    PublicApi,
    AccountApi,
    MessageApi,
    ApplicationApi,
    DocumentApi,
    QuestionnaireApi,
    ApplicationStatusApi,
    OfficerApi,
    CaseworkApi,
    AuditApi,
    EnquiryApi,
);

/// The API service with its document.
pub fn service(state: &AppState) -> OpenApiService<Operations, ()> {
    OpenApiService::new(
        (
            PublicApi { state: state.clone() },
            AccountApi { state: state.clone() },
            MessageApi { state: state.clone() },
            ApplicationApi { state: state.clone() },
            DocumentApi { state: state.clone() },
            QuestionnaireApi { state: state.clone() },
            ApplicationStatusApi { state: state.clone() },
            OfficerApi { state: state.clone() },
            CaseworkApi { state: state.clone() },
            AuditApi { state: state.clone() },
            EnquiryApi { state: state.clone() },
        ),
        state.settings.product_name.clone(),
        env!("CARGO_PKG_VERSION"),
    )
    .server("/api/v1")
    .description("The JSON API of the portal where authorized representatives enrol, sign in and manage their accounts.")
}

/// French when the request's `Accept-Language` prefers it, English otherwise.
pub fn request_language(req: &Request) -> Language {
    let header = req
        .headers()
        .get("accept-language")
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    if header.trim_start().to_ascii_lowercase().starts_with("fr") {
        Language::French
    } else {
        Language::English
    }
}

/// The body that hands a new session to the client.
pub fn session_created(state: &AppState, signed_in: &SignedIn) -> SessionCreated {
    let settings = state.accounts.settings();
    SessionCreated {
        token: signed_in.token.expose().to_owned(),
        token_type: "Bearer".to_owned(),
        expires_at: signed_in.session.created_at + settings.session_absolute_timeout,
        idle_timeout_seconds: settings.session_idle_timeout.whole_seconds(),
        signed_in_as: signed_in.account.display_name(),
        account: schemas::Profile::from(&signed_in.account),
    }
}

/// An uploaded file's name as given (empty when none was) and its bytes.
async fn read_upload(upload: Upload) -> Result<(String, Vec<u8>), ApiError> {
    let name = upload.file_name().unwrap_or_default().to_owned();
    let bytes = upload
        .into_vec()
        .await
        .map_err(|e| ApiError::bad_request("bad_request", e.to_string()))?;
    Ok((name, bytes))
}
