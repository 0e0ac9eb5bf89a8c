//! Sign in, sign out and session checks (F2), with throttling per email and per client
//! address.

use std::net::IpAddr;

use secrecy::SecretString;
use time::{Duration, OffsetDateTime};

use super::model::{Account, Session};
use super::ports::{AttemptCount, SideEffects, ThrottleKey};
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
    /// The token is no session (unknown, ended, or never one).
    #[error("not signed in")]
    Unauthenticated,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(SignOutError);

/// A session's last use is recorded to this precision: a request within it of the recorded
/// use writes nothing, so the idle timeout holds to the second for one cheap write a second
/// per busy session.
const TOUCH_PRECISION: Duration = Duration::seconds(1);

/// Whether an attempt may go on to its password check.
pub(super) enum Admission {
    /// Counted: its count from this address.
    Counted(u32),
    /// Refused unchecked until the wait is over.
    Throttled(Duration),
}

impl AccountService {
    /// Counts an attempt on the password of the email `key` from `client` before the
    /// password is checked: first from that address, then for every address together, so
    /// that an address already made to wait never adds to the owner's count. Either count
    /// may refuse it.
    pub(super) async fn admit_attempt(
        &self,
        key: &ThrottleKey,
        client: IpAddr,
        now: OffsetDateTime,
    ) -> Result<Admission, UnexpectedError> {
        let throttle = &self.ports.throttle;
        let from_address = key.from_address(client);
        let count = match throttle
            .count_attempt(&from_address, now, &self.settings.throttle)
            .await?
        {
            AttemptCount::Counted(count) => count,
            AttemptCount::Blocked { until } => return Ok(Admission::Throttled(until - now)),
        };
        let every_address = key.for_every_address();
        match throttle
            .count_attempt(&every_address, now, &self.settings.account_throttle)
            .await?
        {
            AttemptCount::Counted(_) => Ok(Admission::Counted(count)),
            AttemptCount::Blocked { until } => Ok(Admission::Throttled(until - now)),
        }
    }

    /// Takes back an attempt whose password was right: the address's count is forgotten,
    /// and the attempt leaves the count for every address.
    pub(super) async fn refund_attempt(
        &self,
        key: &ThrottleKey,
        client: IpAddr,
    ) -> Result<(), UnexpectedError> {
        self.ports.throttle.clear(&key.from_address(client)).await?;
        self.ports.throttle.refund(&key.for_every_address()).await?;
        Ok(())
    }

    /// Signs in from the client address `client` with an email as typed and a password;
    /// starts a new session.
    ///
    /// The attempt counts as a failure before the password is checked (see
    /// `admit_attempt`), so parallel attempts cannot outrun the throttle; a right password
    /// takes it back.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &SecretString,
        client: IpAddr,
    ) -> Result<SignedIn, SignInError> {
        let key = ThrottleKey::for_email(email);
        let now = self.now();
        if let Admission::Throttled(retry_after) = self.admit_attempt(&key, client, now).await? {
            return Err(SignInError::Throttled { retry_after });
        }
        // A control character is never in a stored email; it does not reach the database.
        let account = match EmailAddress::parse(email) {
            Ok(address) if !email.contains(char::is_control) => {
                self.ports.accounts.find_by_email(&address).await?
            }
            _ => None,
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
                let subject = account.map(|a| a.id);
                let effects = SideEffects {
                    audit: vec![audit(now, None, subject, AuditAction::SignInFailed)],
                    ..SideEffects::default()
                };
                self.ports.accounts.record(&effects).await?;
                return Err(SignInError::InvalidCredentials);
            }
        };
        self.refund_attempt(&key, client).await?;
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
        // Touched to the second, so the idle timeout counts from the last use, not from an
        // earlier one (a coarser touch ended active sessions early).
        if now - session.last_seen_at >= TOUCH_PRECISION {
            self.ports.sessions.touch(&digest, now).await?;
            session.last_seen_at = now;
        }
        Ok(Authenticated { session, account })
    }

    /// Deletes every session past the idle or the absolute timeout of the settings; returns
    /// how many. `authenticate` refuses such a session already; this clears them from
    /// storage (the server runs it periodically).
    pub async fn end_expired_sessions(&self) -> Result<u64, UnexpectedError> {
        let now = self.now();
        let ended = self
            .ports
            .sessions
            .delete_expired(
                now - self.settings.session_idle_timeout,
                now - self.settings.session_absolute_timeout,
            )
            .await?;
        Ok(ended)
    }

    /// Ends the session behind the token (F2). A token that is no session is refused.
    pub async fn sign_out(&self, token: &SessionToken) -> Result<(), SignOutError> {
        let digest = self.ports.secrets.digest(token);
        let Some((session, _)) = self.ports.sessions.find_with_account(&digest).await? else {
            return Err(SignOutError::Unauthenticated);
        };
        self.ports.sessions.delete(&digest).await?;
        let now = self.now();
        let id = Some(session.account_id);
        let effects = SideEffects {
            audit: vec![audit(now, id, id, AuditAction::SignedOut)],
            ..SideEffects::default()
        };
        self.ports.accounts.record(&effects).await?;
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
