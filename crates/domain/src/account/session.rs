//! Sign in, sign out and session checks (F2), with per-email throttling.

use secrecy::SecretString;
use time::Duration;

use super::model::{Account, Session, ThrottleState};
use super::ports::{SideEffects, ThrottleKey};
use super::service::{AccountService, audit};
use super::values::EmailAddress;
use crate::audit::AuditAction;
use crate::error::{UnexpectedError, unexpected_from};
use crate::secrets::SessionToken;

/// A successful sign-in: the token to hand to the client, once.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The new session's token.
    pub token: SessionToken,
    /// The session as stored.
    pub session: Session,
    /// The signed-in account.
    pub account: Account,
}

/// Why a sign-in was refused. Wrong email and wrong password are the same answer.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// The email and password do not match an account that may sign in.
    #[error("the email address or password is incorrect")]
    InvalidCredentials,
    /// Too many failures for this email: try again after the wait.
    #[error("too many failed sign-ins; try again later")]
    Throttled {
        /// How long until another try is accepted.
        retry_after: Duration,
    },
    /// Storage or hashing failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(SignInError);

/// A session that is still valid, and its account.
#[derive(Debug, Clone)]
pub struct Authenticated {
    /// The session.
    pub session: Session,
    /// Its account.
    pub account: Account,
}

/// Why a token does not authenticate.
#[derive(Debug, thiserror::Error)]
pub enum AuthenticateError {
    /// Unknown, expired or ended session, or a closed account.
    #[error("not signed in")]
    Unauthenticated,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(AuthenticateError);

/// Why sign-out failed.
#[derive(Debug, thiserror::Error)]
pub enum SignOutError {
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(SignOutError);

/// A session is touched at most this often, to spare a write on every request.
const TOUCH_INTERVAL: Duration = Duration::minutes(1);

impl AccountService {
    /// Signs in with an email as typed and a password; starts a new session.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &SecretString,
    ) -> Result<SignedIn, SignInError> {
        let key = ThrottleKey::for_email(email);
        let now = self.now();
        let state = self.ports.throttle.get(&key).await?;
        if let Some(until) = state
            .and_then(|s| s.blocked_until)
            .filter(|until| *until > now)
        {
            return Err(SignInError::Throttled {
                retry_after: until - now,
            });
        }
        let account = match EmailAddress::parse(email) {
            Ok(address) => self.ports.accounts.find_by_email(&address).await?,
            Err(_) => None,
        };
        let verified = match &account {
            Some(account) => {
                self.ports
                    .hasher
                    .verify(password, &account.password_hash)
                    .await?
            }
            None => {
                // Same work as a real check, so timing does not tell whether the email exists.
                self.ports.hasher.hash(password).await?;
                false
            }
        };
        let account = match account {
            Some(account) if verified && account.can_sign_in() => account,
            _ => {
                let recent =
                    state.filter(|s| now - s.last_failure_at < self.settings.throttle.window);
                let failures = recent.map_or(0, |s| s.failures).saturating_add(1);
                let blocked_until = self
                    .settings
                    .throttle
                    .delay_after(failures)
                    .map(|d| now + d);
                let next = ThrottleState {
                    failures,
                    last_failure_at: now,
                    blocked_until,
                };
                self.ports.throttle.put(&key, &next).await?;
                let subject = account.map(|a| a.id);
                let effects = SideEffects {
                    audit: vec![audit(now, None, subject, AuditAction::SignInFailed)],
                    ..SideEffects::default()
                };
                self.ports.accounts.record(&effects).await?;
                return Err(SignInError::InvalidCredentials);
            }
        };
        if state.is_some() {
            self.ports.throttle.clear(&key).await?;
        }
        let token = self.ports.secrets.session_token();
        let session = Session {
            digest: self.ports.secrets.digest(&token),
            account_id: account.id,
            created_at: now,
            last_seen_at: now,
        };
        self.ports.sessions.insert(&session).await?;
        let effects = SideEffects {
            audit: vec![audit(
                now,
                Some(account.id),
                Some(account.id),
                AuditAction::SignedIn,
            )],
            ..SideEffects::default()
        };
        self.ports.accounts.record(&effects).await?;
        Ok(SignedIn {
            token,
            session,
            account,
        })
    }

    /// The valid session and account behind a token, read together in one store call; ends
    /// sessions that timed out or whose account may no longer sign in.
    pub async fn authenticate(
        &self,
        token: &SessionToken,
    ) -> Result<Authenticated, AuthenticateError> {
        let digest = self.ports.secrets.digest(token);
        let (mut session, account) = self
            .ports
            .sessions
            .find_with_account(&digest)
            .await?
            .ok_or(AuthenticateError::Unauthenticated)?;
        let now = self.now();
        let idle = now - session.last_seen_at >= self.settings.session_idle_timeout;
        let too_old = now - session.created_at >= self.settings.session_absolute_timeout;
        if idle || too_old || !account.can_sign_in() {
            self.ports.sessions.delete(&digest).await?;
            return Err(AuthenticateError::Unauthenticated);
        }
        if now - session.last_seen_at >= TOUCH_INTERVAL {
            self.ports.sessions.touch(&digest, now).await?;
            session.last_seen_at = now;
        }
        Ok(Authenticated { session, account })
    }

    /// Ends the session behind the token (F2). Unknown tokens are ignored.
    pub async fn sign_out(&self, token: &SessionToken) -> Result<(), SignOutError> {
        let digest = self.ports.secrets.digest(token);
        let found = self.ports.sessions.find_with_account(&digest).await?;
        self.ports.sessions.delete(&digest).await?;
        if let Some((session, _)) = found {
            let now = self.now();
            let id = Some(session.account_id);
            let effects = SideEffects {
                audit: vec![audit(now, id, id, AuditAction::SignedOut)],
                ..SideEffects::default()
            };
            self.ports.accounts.record(&effects).await?;
        }
        Ok(())
    }

    /// Starts a session for an account whose password was just changed (the change ended
    /// all the others).
    pub(super) async fn start_session(
        &self,
        account: &Account,
    ) -> Result<SignedIn, UnexpectedError> {
        let now = self.now();
        let token = self.ports.secrets.session_token();
        let session = Session {
            digest: self.ports.secrets.digest(&token),
            account_id: account.id,
            created_at: now,
            last_seen_at: now,
        };
        self.ports.sessions.insert(&session).await?;
        Ok(SignedIn {
            token,
            session,
            account: account.clone(),
        })
    }
}

#[cfg(test)]
#[path = "sign_in_tests.rs"]
mod sign_in_tests;

#[cfg(test)]
#[path = "authenticate_tests.rs"]
mod authenticate_tests;
