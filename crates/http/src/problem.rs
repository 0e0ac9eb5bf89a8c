//! One mapping from a refusal of the domain to what both front doors say about it: an HTTP
//! status, a stable code (the JSON body's `code`) and a message key (`errors.ftl`). The API
//! turns a [`Problem`] into its JSON error body; the pages into an error page or a message
//! beside the form.

use poem::http::StatusCode;
use portal_domain::account::SignInError;

use crate::error::{ApiError, says};
use crate::i18n::Tr;

/// What a refusal means to a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Problem {
    /// The HTTP status.
    pub status: StatusCode,
    /// The stable machine code.
    pub code: &'static str,
    /// The message key.
    pub key: &'static str,
}

impl Problem {
    const fn new(status: StatusCode, code: &'static str, key: &'static str) -> Self {
        Self { status, code, key }
    }

    /// Not signed in, or the session ended or expired.
    pub const UNAUTHENTICATED: Self = Self::new(
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        "unauthenticated",
    );
    /// A one-time password must be replaced first.
    pub const PASSWORD_CHANGE_REQUIRED: Self = Self::new(
        StatusCode::FORBIDDEN,
        "password_change_required",
        "password-change-required",
    );
    /// Only representatives have client applications.
    pub const NOT_REPRESENTATIVE: Self =
        Self::new(StatusCode::FORBIDDEN, "forbidden", "only-representatives");
    /// Only officers may do this.
    pub const NOT_OFFICER: Self = Self::new(StatusCode::FORBIDDEN, "forbidden", "only-officers");
    /// No such resource for this account.
    pub const NOT_FOUND: Self = Self::new(StatusCode::NOT_FOUND, "not_found", "not-found");
    /// Wrong email or password, whatever the cause.
    pub const INVALID_CREDENTIALS: Self = Self::new(
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
        "invalid-credentials",
    );
    /// Too many failed sign-ins for one email.
    pub const TOO_MANY_SIGN_INS: Self = Self::new(
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
        "too-many-sign-ins",
    );
    /// Too many credential requests from one address.
    pub const RATE_LIMITED: Self = Self::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "rate-limited",
    );

    /// The message in the given language.
    pub fn message(&self, tr: Tr) -> String {
        tr.t(self.key)
    }

    /// The JSON error, in the language of the request; `retry_after` for a 429.
    pub fn to_api(self, retry_after: u64) -> ApiError {
        let message = says(self.key);
        match self.status.as_u16() {
            401 => ApiError::unauthorized(self.code, message),
            403 => ApiError::forbidden(self.code, message),
            404 => ApiError::not_found(),
            409 => ApiError::conflict(self.code, message),
            429 => ApiError::too_many_requests(self.code, message, retry_after),
            _ => ApiError::bad_request(self.code, message),
        }
    }
}

impl From<Problem> for ApiError {
    fn from(problem: Problem) -> Self {
        problem.to_api(1)
    }
}

/// A sign-in that did not open a session: the problem and, for a throttled one, the wait in
/// whole seconds. `None` for an unexpected failure, which the caller logs.
pub fn sign_in_refusal(error: &SignInError) -> Option<(Problem, u64)> {
    match error {
        SignInError::InvalidCredentials => Some((Problem::INVALID_CREDENTIALS, 0)),
        SignInError::Throttled { retry_after } => {
            let seconds = u64::try_from(retry_after.whole_seconds()).unwrap_or(0)
                + u64::from(retry_after.subsec_nanoseconds() > 0);
            Some((Problem::TOO_MANY_SIGN_INS, seconds))
        }
        SignInError::Unexpected(_) => None,
    }
}
