//! Bearer-token authentication of API requests, over the shared session rules
//! (`crate::session`).

use poem_openapi::SecurityScheme;
use poem_openapi::auth::Bearer;
use portal_domain::account::{Account, Authenticated};
use portal_domain::secrets::SessionToken;
use secrecy::SecretString;

use crate::error::ApiError;
use crate::session::SessionRefusal;
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
    crate::session::authenticate(state, &auth.token())
        .await
        .map_err(|refusal| match refusal {
            SessionRefusal::Refused(problem) => problem.into(),
            SessionRefusal::Unexpected(e) => ApiError::internal(&e),
        })
}

/// The signed-in account, refused while it must still replace a one-time password.
pub async fn account(state: &AppState, auth: &BearerAuth) -> Result<Account, ApiError> {
    Ok(crate::session::usable(session(state, auth).await?.account)?)
}

/// The signed-in representative: only representatives have client applications.
pub async fn representative(state: &AppState, auth: &BearerAuth) -> Result<Account, ApiError> {
    Ok(crate::session::representative(
        session(state, auth).await?.account,
    )?)
}

/// The signed-in officer.
pub async fn officer(state: &AppState, auth: &BearerAuth) -> Result<Account, ApiError> {
    Ok(crate::session::officer(
        session(state, auth).await?.account,
    )?)
}
