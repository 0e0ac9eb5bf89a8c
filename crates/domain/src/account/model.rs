//! The account entity, its lifecycle, and the session, reset-code and throttle records.

use std::fmt;

use time::OffsetDateTime;
use uuid::Uuid;

use super::values::{
    EmailAddress, EmailUpdates, FaxNumber, GoverningBody, IrccId, Language, MailingAddress,
    MembershipId, PersonName, RejectionReason, Standing, TelephoneCountry, TelephoneNumber,
    TelephoneType,
};
use crate::secrets::{PasswordHash, TokenDigest};

/// An account's identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountId(Uuid);

impl AccountId {
    /// Wraps a UUID read from storage or a request.
    pub fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The UUID.
    pub fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// An authorized representative.
    Representative,
    /// A department officer.
    Officer,
}

impl Role {
    /// The stable code for storage and the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::Representative => "representative",
            Self::Officer => "officer",
        }
    }

    /// Parses a stable code.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "representative" => Some(Self::Representative),
            "officer" => Some(Self::Officer),
            _ => None,
        }
    }
}

/// Where an account is in its lifecycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountStatus {
    /// Enrolled, waiting for an officer.
    Pending,
    /// Approved by an officer; may start applications.
    Approved,
    /// Rejected by an officer, with the reason.
    Rejected(RejectionReason),
    /// The owner asked for the account to be closed.
    ClosureRequested,
    /// Closed: cannot sign in.
    Closed,
}

/// The status names without their data, for filters and storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountStatusKind {
    /// See [`AccountStatus::Pending`].
    Pending,
    /// See [`AccountStatus::Approved`].
    Approved,
    /// See [`AccountStatus::Rejected`].
    Rejected,
    /// See [`AccountStatus::ClosureRequested`].
    ClosureRequested,
    /// See [`AccountStatus::Closed`].
    Closed,
}

impl AccountStatusKind {
    /// The stable code for storage and the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::ClosureRequested => "closure_requested",
            Self::Closed => "closed",
        }
    }

    /// Parses a stable code.
    pub fn parse(raw: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::Approved,
            Self::Rejected,
            Self::ClosureRequested,
            Self::Closed,
        ]
        .into_iter()
        .find(|k| k.code() == raw)
    }
}

impl AccountStatus {
    /// The status name without its data.
    pub fn kind(&self) -> AccountStatusKind {
        match self {
            Self::Pending => AccountStatusKind::Pending,
            Self::Approved => AccountStatusKind::Approved,
            Self::Rejected(_) => AccountStatusKind::Rejected,
            Self::ClosureRequested => AccountStatusKind::ClosureRequested,
            Self::Closed => AccountStatusKind::Closed,
        }
    }
}

/// How the department reaches the representative (F6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDetails {
    /// Telephone type.
    pub telephone_type: TelephoneType,
    /// Telephone number country or territory.
    pub telephone_country: TelephoneCountry,
    /// Telephone number, checked against the country.
    pub telephone_number: TelephoneNumber,
    /// Optional fax number.
    pub fax: Option<FaxNumber>,
    /// Whether application messages are also emailed.
    pub email_updates: EmailUpdates,
}

/// What only a representative's account has (F1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepresentativeDetails {
    /// The regulating body.
    pub governing_body: GoverningBody,
    /// Membership ID with that body.
    pub membership_id: MembershipId,
    /// Contact details.
    pub contact: ContactDetails,
    /// Mailing address; changed only by an officer resolving an enquiry (F7, F24).
    pub mailing_address: Option<MailingAddress>,
    /// Standing with the governing body, as an officer last recorded it.
    pub standing: Standing,
}

/// A representative's or officer's account.
///
/// Fields are public so adapters can store and restore it; the status changes only through
/// the transition methods, which enforce the lifecycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Identifier.
    pub id: AccountId,
    /// Representative or officer.
    pub role: Role,
    /// Sign-in and contact email, unique.
    pub email: EmailAddress,
    /// Given name.
    pub given_name: PersonName,
    /// Surname as registered with the governing body.
    pub surname: PersonName,
    /// Language of pages, messages and emails.
    pub language: Language,
    /// Representative-only details; `None` for officers.
    pub representative: Option<RepresentativeDetails>,
    /// Representative IRCC ID, assigned at approval.
    pub ircc_id: Option<IrccId>,
    /// Current password's hash.
    pub password_hash: PasswordHash,
    /// Set for one-time passwords: the account must change its password before anything else.
    pub must_change_password: bool,
    /// Lifecycle state.
    pub status: AccountStatus,
    /// When the account was created.
    pub created_at: OffsetDateTime,
    /// When the account last changed.
    pub updated_at: OffsetDateTime,
    /// Optimistic-concurrency version, incremented by each saved change.
    pub version: i64,
}

/// A lifecycle transition that is not allowed from the current status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the account is {from:?}; that change is not allowed")]
pub struct TransitionError {
    /// The status the account was in.
    pub from: AccountStatusKind,
}

impl Account {
    /// "Given Surname", as shown in "Signed in as ...".
    pub fn display_name(&self) -> String {
        format!("{} {}", self.given_name, self.surname)
    }

    /// Closed accounts cannot sign in; every other status can.
    pub fn can_sign_in(&self) -> bool {
        self.status != AccountStatus::Closed
    }

    /// Only approved representatives in good standing may start and submit applications.
    pub fn can_start_applications(&self) -> bool {
        self.has_applications() && self.status == AccountStatus::Approved && self.in_good_standing()
    }

    /// Whether this account may act as an officer now: an approved officer whose one-time
    /// password has been replaced.
    pub fn is_acting_officer(&self) -> bool {
        self.role == Role::Officer
            && self.status == AccountStatus::Approved
            && !self.must_change_password
    }

    /// Whether the department last recorded the representative in good standing.
    pub fn in_good_standing(&self) -> bool {
        self.representative
            .as_ref()
            .is_some_and(|d| d.standing == Standing::Good)
    }

    /// Only representatives have client applications (whatever their status: a pending or
    /// closed representative still sees the table); officers have none.
    pub fn has_applications(&self) -> bool {
        self.role == Role::Representative
    }

    fn transition(
        &mut self,
        allowed: bool,
        to: AccountStatus,
        now: OffsetDateTime,
    ) -> Result<(), TransitionError> {
        if !allowed {
            return Err(TransitionError {
                from: self.status.kind(),
            });
        }
        self.status = to;
        self.updated_at = now;
        Ok(())
    }

    /// Pending to approved, assigning the Representative IRCC ID.
    pub fn approve(&mut self, ircc_id: IrccId, now: OffsetDateTime) -> Result<(), TransitionError> {
        let pending = self.status == AccountStatus::Pending;
        self.transition(pending, AccountStatus::Approved, now)?;
        self.ircc_id = Some(ircc_id);
        Ok(())
    }

    /// Pending to rejected, with the reason.
    pub fn reject(
        &mut self,
        reason: RejectionReason,
        now: OffsetDateTime,
    ) -> Result<(), TransitionError> {
        let pending = self.status == AccountStatus::Pending;
        self.transition(pending, AccountStatus::Rejected(reason), now)
    }

    /// Pending, approved or rejected to closure requested.
    pub fn request_closure(&mut self, now: OffsetDateTime) -> Result<(), TransitionError> {
        let open = matches!(
            self.status,
            AccountStatus::Pending | AccountStatus::Approved | AccountStatus::Rejected(_)
        );
        self.transition(open, AccountStatus::ClosureRequested, now)
    }

    /// Closure requested to closed.
    pub fn close(&mut self, now: OffsetDateTime) -> Result<(), TransitionError> {
        let requested = self.status == AccountStatus::ClosureRequested;
        self.transition(requested, AccountStatus::Closed, now)
    }

    /// Replaces the password hash (change or reset).
    pub fn set_password(&mut self, hash: PasswordHash, now: OffsetDateTime) {
        self.password_hash = hash;
        self.must_change_password = false;
        self.updated_at = now;
    }
}

/// A signed-in session, stored under the digest of its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Digest of the token the client holds.
    pub digest: TokenDigest,
    /// Whose session it is.
    pub account_id: AccountId,
    /// When it began (the absolute timeout counts from here).
    pub created_at: OffsetDateTime,
    /// When it was last used (the idle timeout counts from here).
    pub last_seen_at: OffsetDateTime,
}

/// A stored password reset code: only its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResetCode {
    /// The account it resets.
    pub account_id: AccountId,
    /// Hash of the code.
    pub code_hash: PasswordHash,
    /// When it stops being valid.
    pub expires_at: OffsetDateTime,
    /// Tries of the code so far, each counted before the code is checked.
    pub failed_attempts: u32,
}

/// The attempts counted under one throttle key (an email as typed, alone or from one client
/// address). An attempt counts as a failure from before its password is checked; a right
/// password takes it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleState {
    /// Failures in the current window.
    pub failures: u32,
    /// When the current window began (its first failure).
    pub window_started_at: OffsetDateTime,
    /// Until when attempts are refused, if they are.
    pub blocked_until: Option<OffsetDateTime>,
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
