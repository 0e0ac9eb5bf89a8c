//! Bearer-token authentication of API requests.

use poem_openapi::SecurityScheme;
use poem_openapi::auth::Bearer;
use portal_domain::account::{Account, AuthenticateError, Authenticated, Role};
use portal_domain::secrets::SessionToken;
use secrecy::SecretString;

use crate::error::ApiError;
use crate::state::AppState;

/// The session token from `POST /api/v1/sessions`, sent as `Authorization: Bearer <token>`.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "opaque session token")]
pub struct BearerAuth(Bearer);

impl std::fmt::Debug for BearerAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BearerAuth([redacted])")
    }
}

impl BearerAuth {
    /// The token as a secret.
    pub fn token(&self) -> SessionToken {
        SessionToken::new(SecretString::from(self.0.token.clone()))
    }
}

/// The valid session behind the request, whatever the account must still do.
pub async fn session(state: &AppState, auth: &BearerAuth) -> Result<Authenticated, ApiError> {
    match state.accounts.authenticate(&auth.token()).await {
        Ok(authenticated) => Ok(authenticated),
        Err(AuthenticateError::Unauthenticated) => Err(ApiError::unauthenticated()),
        Err(e) => Err(ApiError::internal(&e)),
    }
}

/// The signed-in account, refused while it must still replace a one-time password.
pub async fn account(state: &AppState, auth: &BearerAuth) -> Result<Account, ApiError> {
    let account = session(state, auth).await?.account;
    if account.must_change_password {
        return Err(ApiError::forbidden(
            "password_change_required",
            "Change your one-time password before doing anything else.",
        ));
    }
    Ok(account)
}

/// The signed-in representative: only representatives have client applications.
pub async fn representative(state: &AppState, auth: &BearerAuth) -> Result<Account, ApiError> {
    let account = account(state, auth).await?;
    if !account.has_applications() {
        return Err(ApiError::forbidden(
            "forbidden",
            "Only representatives have client applications.",
        ));
    }
    Ok(account)
}

/// The signed-in officer.
pub async fn officer(state: &AppState, auth: &BearerAuth) -> Result<Account, ApiError> {
    let account = account(state, auth).await?;
    if account.role != Role::Officer {
        return Err(ApiError::forbidden(
            "forbidden",
            "Only officers may do this.",
        ));
    }
    Ok(account)
}
