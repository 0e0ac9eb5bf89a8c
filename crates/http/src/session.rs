//! The signed-in account behind a request, for both front doors: the API sends its session
//! token as a bearer token, the pages as the session cookie; either way the same use case
//! checks it and the same rules decide what the account may reach.

use portal_domain::account::{Account, AuthenticateError, Authenticated, Role};
use portal_domain::secrets::SessionToken;

use crate::i18n;
use crate::problem::Problem;
use crate::state::AppState;

/// Why a request is not served with its session.
#[derive(Debug)]
pub enum SessionRefusal {
    /// What the client is told.
    Refused(Problem),
    /// The check itself failed (the database); the caller logs it.
    Unexpected(AuthenticateError),
}

impl From<Problem> for SessionRefusal {
    fn from(problem: Problem) -> Self {
        Self::Refused(problem)
    }
}

/// The valid session of `token`, whatever the account must still do. The rest of the
/// request speaks the account's language.
pub async fn authenticate(
    state: &AppState,
    token: &SessionToken,
) -> Result<Authenticated, SessionRefusal> {
    match state.accounts.authenticate(token).await {
        Ok(authenticated) => {
            i18n::set_current(authenticated.account.language);
            Ok(authenticated)
        }
        Err(AuthenticateError::Unauthenticated) => Err(Problem::UNAUTHENTICATED.into()),
        Err(e) => Err(SessionRefusal::Unexpected(e)),
    }
}

/// The account, refused while it must still replace a one-time password.
pub fn usable(account: Account) -> Result<Account, Problem> {
    if account.must_change_password {
        return Err(Problem::PASSWORD_CHANGE_REQUIRED);
    }
    Ok(account)
}

/// The account if it is a representative (only they have client applications).
pub fn representative(account: Account) -> Result<Account, Problem> {
    let account = usable(account)?;
    if !account.has_applications() {
        return Err(Problem::NOT_REPRESENTATIVE);
    }
    Ok(account)
}

/// The account if it is an officer.
pub fn officer(account: Account) -> Result<Account, Problem> {
    let account = usable(account)?;
    if account.role != Role::Officer {
        return Err(Problem::NOT_OFFICER);
    }
    Ok(account)
}
