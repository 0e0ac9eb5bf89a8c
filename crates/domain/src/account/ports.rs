//! The ports the account use cases need. Each method documents what it must return.

use std::net::{IpAddr, Ipv6Addr};

use async_trait::async_trait;
use time::OffsetDateTime;

use super::email_change::PendingEmailChange;
use super::model::{
    Account, AccountId, AccountStatusKind, Session, StoredResetCode, ThrottleState,
};
use super::settings::ThrottlePolicy;
use super::values::EmailAddress;
use crate::error::RepositoryError;
use crate::secrets::TokenDigest;

pub use crate::effects::{AccountMessage, SideEffects};

/// A key sign-in failures are counted under: the email as typed (trimmed and lowercased,
/// whether or not an account has it), either alone, for every client address together, or
/// from one client address. IPv6 addresses count by their /64 network, which one client
/// usually holds whole.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ThrottleKey {
    email: String,
    address: Option<IpAddr>,
}

impl ThrottleKey {
    /// The key of an email as typed, for every address together.
    pub fn for_email(raw: &str) -> Self {
        Self {
            email: raw.trim().to_lowercase(),
            address: None,
        }
    }

    /// The key of the same email from one client address.
    #[must_use]
    pub fn from_address(&self, address: IpAddr) -> Self {
        let address = match address.to_canonical() {
            IpAddr::V6(v6) => {
                let network = u128::from(v6) & !((1_u128 << 64) - 1);
                IpAddr::V6(Ipv6Addr::from(network))
            }
            v4 => v4,
        };
        Self {
            email: self.email.clone(),
            address: Some(address),
        }
    }

    /// The key of the same email for every address together.
    #[must_use]
    pub fn for_every_address(&self) -> Self {
        Self {
            email: self.email.clone(),
            address: None,
        }
    }

    /// The normalised email. It may hold any character a client sent, control characters
    /// included: stores keep it out of their queries' text (e.g. by hashing it).
    pub fn email(&self) -> &str {
        &self.email
    }

    /// The client address (its /64 network for IPv6), or `None` for every address.
    pub fn address(&self) -> Option<IpAddr> {
        self.address
    }
}

/// What counting an attempt under a throttle key found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptCount {
    /// The attempt is counted: it is the `n`-th failure of the key's window until taken back.
    Counted(u32),
    /// A wait imposed earlier lasts until then; the attempt was not counted.
    Blocked {
        /// When attempts are accepted again.
        until: OffsetDateTime,
    },
}

/// Why a new account could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum InsertAccountError {
    /// Another account has this email.
    #[error("the email address is already taken")]
    EmailTaken,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] RepositoryError),
}

/// Why a changed account could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum UpdateAccountError {
    /// The account is gone.
    #[error("the account does not exist")]
    NotFound,
    /// The stored version is not the one the change was made from.
    #[error("the account was changed by someone else")]
    Conflict,
    /// Another account has the new email.
    #[error("the email address is already taken")]
    EmailTaken,
    /// Another account has the IRCC ID.
    #[error("the Representative IRCC ID is already assigned")]
    IrccIdTaken,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] RepositoryError),
}

/// Stored accounts, with their messages, outbox mail and audit trail.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait AccountRepository: Send + Sync {
    /// Stores a new account and its side effects in one transaction.
    /// MUST return `EmailTaken` if another account has the email (nothing is written then).
    async fn insert(
        &self,
        account: &Account,
        effects: &SideEffects,
    ) -> Result<(), InsertAccountError>;

    /// The account with this id, if any.
    async fn find_by_id(&self, id: AccountId) -> Result<Option<Account>, RepositoryError>;

    /// The account with this email, if any.
    async fn find_by_email(&self, email: &EmailAddress)
    -> Result<Option<Account>, RepositoryError>;

    /// Saves a changed account and its side effects in one transaction, if the stored
    /// version is still `account.version`; the stored version becomes `account.version + 1`.
    /// MUST return `Conflict` when the version differs, `NotFound` when the account is
    /// gone, `EmailTaken` / `IrccIdTaken` on those unique keys; nothing is written then.
    async fn update(
        &self,
        account: &Account,
        effects: &SideEffects,
    ) -> Result<(), UpdateAccountError>;

    /// The stored names of the documents attached to the account's draft applications,
    /// whose bytes go when the drafts do (`SideEffects::delete_drafts`).
    async fn draft_files(&self, id: AccountId) -> Result<Vec<String>, RepositoryError>;

    /// Writes side effects that change no account (e.g. an audit entry, a notice mail).
    async fn record(&self, effects: &SideEffects) -> Result<(), RepositoryError>;

    /// Accounts in a status, oldest first, at most `limit`.
    async fn list_by_status(
        &self,
        status: AccountStatusKind,
        limit: u32,
    ) -> Result<Vec<Account>, RepositoryError>;
}

/// Signed-in sessions. Ending all of an account's sessions is a [`SideEffects`] flag.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Stores a new session.
    async fn insert(&self, session: &Session) -> Result<(), RepositoryError>;

    /// The session stored under this digest together with its account, read in one round
    /// trip because every authenticated request asks for both.
    /// MUST return `None` when no session is stored under the digest. The account returned
    /// is always the one whose id is `session.account_id`, whatever its status. A stored
    /// session or account that does not convert is an error, never `None`.
    async fn find_with_account(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<(Session, Account)>, RepositoryError>;

    /// Records that the session was used at `at`. MUST NOT move the last use back in time
    /// (concurrent requests may touch in any order). A missing session is not an error.
    async fn touch(&self, digest: &TokenDigest, at: OffsetDateTime) -> Result<(), RepositoryError>;

    /// Deletes the session. A missing session is not an error.
    async fn delete(&self, digest: &TokenDigest) -> Result<(), RepositoryError>;

    /// Deletes every session that is idle since before `idle_before` or began before
    /// `started_before`; returns how many.
    async fn delete_expired(
        &self,
        idle_before: OffsetDateTime,
        started_before: OffsetDateTime,
    ) -> Result<u64, RepositoryError>;
}

/// Password reset codes, at most one per account.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ResetCodeStore: Send + Sync {
    /// Stores the code, replacing (voiding) any earlier one of the account, and writes the
    /// side effects (the mail carrying the code) in the same transaction.
    async fn replace(
        &self,
        code: &StoredResetCode,
        effects: &SideEffects,
    ) -> Result<(), RepositoryError>;

    /// The account's current code, if any.
    async fn find(&self, account_id: AccountId)
    -> Result<Option<StoredResetCode>, RepositoryError>;

    /// Counts one try of the account's code before the caller checks it, in one atomic
    /// step, so that concurrent tries from any process each count and none slips past the
    /// limit. MUST add one to `failed_attempts` and return the code with the new count when
    /// the code exists, expires after `now` and has had fewer than `max_tries` tries;
    /// otherwise MUST change nothing and return `None`.
    async fn claim_try(
        &self,
        account_id: AccountId,
        now: OffsetDateTime,
        max_tries: u32,
    ) -> Result<Option<StoredResetCode>, RepositoryError>;

    /// Deletes the account's code. A missing code is not an error.
    async fn delete(&self, account_id: AccountId) -> Result<(), RepositoryError>;
}

/// Sign-in failure counts per email as typed, for every address and from each address.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ThrottleStore: Send + Sync {
    /// Counts an attempt under the key as a failure before the caller checks the password,
    /// in one atomic step, so that concurrent attempts from any process each count and each
    /// see their own count.
    /// MUST return `Blocked` and count nothing while a wait imposed earlier lasts
    /// (`blocked_until > now`). Otherwise MUST add one to the failures of the key's window
    /// (a window older than `policy.window` is over: the count starts again at 1 from
    /// `now`), set `blocked_until` to `now + policy.delay_after(count)` (none without a
    /// delay), and return `Counted(count)`.
    async fn count_attempt(
        &self,
        key: &ThrottleKey,
        now: OffsetDateTime,
        policy: &ThrottlePolicy,
    ) -> Result<AttemptCount, RepositoryError>;

    /// Takes back one attempt counted under the key (its password was right): one failure
    /// fewer, never below zero. A missing key is not an error.
    async fn refund(&self, key: &ThrottleKey) -> Result<(), RepositoryError>;

    /// The state kept under the key, if any.
    async fn get(&self, key: &ThrottleKey) -> Result<Option<ThrottleState>, RepositoryError>;

    /// Forgets the key; a key for every address forgets the email's count from each address
    /// too. A missing key is not an error.
    async fn clear(&self, key: &ThrottleKey) -> Result<(), RepositoryError>;
}

/// Pending email changes, at most one per account. They are written as the
/// [`SideEffects`] of the account update that requests them (`store_email_change`) and
/// removed by the one that applies them (`delete_email_change`).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait EmailChangeStore: Send + Sync {
    /// Counts one confirmation try of the account's pending change and returns the change
    /// with the new count, if there is one, it has not expired at `now`, and fewer than
    /// `max_attempts` tries were counted before. Otherwise returns `None` and changes
    /// nothing. MUST be atomic: of any number of concurrent calls, at most `max_attempts`
    /// in all ever get the change.
    async fn record_attempt(
        &self,
        account_id: AccountId,
        max_attempts: u32,
        now: OffsetDateTime,
    ) -> Result<Option<PendingEmailChange>, RepositoryError>;

    /// Deletes the account's pending change. A missing change is not an error.
    async fn delete(&self, account_id: AccountId) -> Result<(), RepositoryError>;
}
