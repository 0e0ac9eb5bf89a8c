//! Forgotten password (F3) and password change (F4).

use std::net::IpAddr;

use secrecy::SecretString;
use time::Duration;

use super::model::{Session, StoredResetCode};
use super::notices::Notice;
use super::password_policy::{PasswordContext, PasswordFeedback};
use super::ports::{SideEffects, ThrottleKey, UpdateAccountError};
use super::service::{AccountService, audit};
use super::session::{Admission, SignedIn};
use super::values::EmailAddress;
use crate::audit::AuditAction;
use crate::error::{UnexpectedError, unexpected_from};
use crate::secrets::ResetCode;

/// Why a reset code could not be requested.
#[derive(Debug, thiserror::Error)]
pub enum RequestResetCodeError {
    /// Storage or hashing failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(RequestResetCodeError);

/// A validated "reset your password" form.
#[derive(Debug, Clone)]
pub struct ResetPasswordCommand {
    /// The account's email.
    pub email: EmailAddress,
    /// The code from the email.
    pub code: ResetCode,
    /// The new password.
    pub new_password: SecretString,
    /// Its confirmation.
    pub confirmation: SecretString,
}

/// Why a password reset was refused.
#[derive(Debug, thiserror::Error)]
pub enum ResetPasswordError {
    /// No valid code for this email matches (wrong, expired, used, void or unknown email).
    #[error("the verification code is not valid; request a new one")]
    InvalidCode,
    /// The new password breaks the policy; every failed rule is listed. The code stays valid,
    /// with one try fewer.
    #[error("the new password does not meet the policy")]
    WeakPassword(Vec<PasswordFeedback>),
    /// Storage or hashing failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(ResetPasswordError);

/// A validated "update your password" form.
#[derive(Debug, Clone)]
pub struct ChangePasswordCommand {
    /// The current password.
    pub current_password: SecretString,
    /// The new password.
    pub new_password: SecretString,
    /// Its confirmation.
    pub confirmation: SecretString,
}

/// Why a password change was refused.
#[derive(Debug, thiserror::Error)]
pub enum ChangePasswordError {
    /// The current password is wrong and/or the new one breaks the policy; all is listed.
    #[error("the password change was refused")]
    Rejected {
        /// The current password did not match.
        current_password_wrong: bool,
        /// Every rule the new password failed.
        feedback: Vec<PasswordFeedback>,
    },
    /// Too many wrong passwords for this email from this address, or from every address:
    /// try again after the wait. Nothing was checked.
    #[error("too many failed password checks; try again later")]
    Throttled {
        /// How long until another try is accepted.
        retry_after: Duration,
    },
    /// The current password was wrong once too often: the wait began and the session that
    /// guessed has ended.
    #[error("too many wrong current passwords; the session has ended")]
    SessionEnded,
    /// The account changed meanwhile (e.g. a parallel password change); nothing was saved.
    #[error("the account was changed meanwhile")]
    Conflict,
    /// The account is gone.
    #[error("the account does not exist")]
    NotFound,
    /// Storage or hashing failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(ChangePasswordError);

impl AccountService {
    /// Emails a new 8-digit code to the account, voiding any earlier one (F3).
    ///
    /// Known and unknown emails get the same answer after the same work: a code is made and
    /// hashed either way, and one write is made either way (the code and its mail, or an
    /// audit entry). The mail is queued, never sent inside the request.
    pub async fn request_reset_code(
        &self,
        email: &EmailAddress,
    ) -> Result<(), RequestResetCodeError> {
        let code = self.ports.secrets.reset_code();
        let code_hash = self.ports.hasher.hash(code.expose()).await?;
        let now = self.now();
        let account = self
            .ports
            .accounts
            .find_by_email(email)
            .await?
            .filter(|a| a.can_sign_in());
        let Some(account) = account else {
            let effects = SideEffects {
                audit: vec![audit(
                    now,
                    None,
                    None,
                    AuditAction::ResetCodeRequestedUnknownEmail,
                )],
                ..SideEffects::default()
            };
            self.ports.accounts.record(&effects).await?;
            return Ok(());
        };
        let ttl = self.settings.reset_code_ttl;
        let notice = Notice::ResetCode {
            code: secrecy::ExposeSecret::expose_secret(code.expose()),
            minutes: ttl.whole_minutes(),
        };
        let effects = SideEffects {
            mails: vec![self.mail(&account.email, account.language, &notice)],
            audit: vec![audit(
                now,
                None,
                Some(account.id),
                AuditAction::ResetCodeRequested,
            )],
            ..SideEffects::default()
        };
        let stored = StoredResetCode {
            account_id: account.id,
            code_hash,
            expires_at: now + ttl,
            failed_attempts: 0,
        };
        self.ports.reset_codes.replace(&stored, &effects).await?;
        Ok(())
    }

    /// Sets a new password with a valid code; ends every session of the account and clears
    /// its sign-in throttle; emails a notice of the change (F3).
    pub async fn reset_password(
        &self,
        command: ResetPasswordCommand,
    ) -> Result<(), ResetPasswordError> {
        let now = self.now();
        let account = self
            .ports
            .accounts
            .find_by_email(&command.email)
            .await?
            .filter(|a| a.can_sign_in());
        // The try is counted before the code is checked, in one step that also refuses a
        // void or expired code, so parallel tries cannot outnumber the limit.
        let max = self.settings.reset_code_max_failures;
        let stored = match &account {
            Some(account) => {
                self.ports
                    .reset_codes
                    .claim_try(account.id, now, max)
                    .await?
            }
            None => None,
        };
        let (Some(mut account), Some(stored)) = (account, stored) else {
            // Same work as a real check, so timing does not tell whether the email exists
            // or has a valid code.
            self.ports.hasher.hash(command.code.expose()).await?;
            return Err(ResetPasswordError::InvalidCode);
        };
        if !self
            .ports
            .hasher
            .verify(command.code.expose(), &stored.code_hash)
            .await?
        {
            if stored.failed_attempts >= max {
                self.ports.reset_codes.delete(account.id).await?;
            }
            return Err(ResetPasswordError::InvalidCode);
        }
        let context = PasswordContext {
            email: account.email.as_str(),
            given_name: account.given_name.as_str(),
            surname: account.surname.as_str(),
        };
        let policy = &self.settings.password_policy;
        let mut feedback =
            policy.check_change(&command.new_password, &command.confirmation, None, context);
        if self
            .ports
            .hasher
            .verify(&command.new_password, &account.password_hash)
            .await?
        {
            feedback.push(PasswordFeedback::SameAsOld);
        }
        if !feedback.is_empty() {
            return Err(ResetPasswordError::WeakPassword(feedback));
        }
        let hash = self.ports.hasher.hash(&command.new_password).await?;
        account.set_password(hash, now);
        let effects = SideEffects {
            mails: vec![self.mail(&account.email, account.language, &Notice::PasswordChanged)],
            audit: vec![audit(
                now,
                Some(account.id),
                Some(account.id),
                AuditAction::PasswordReset,
            )],
            end_sessions: true,
            delete_reset_code: true,
            clear_throttle: Some(ThrottleKey::for_email(command.email.as_str())),
            ..SideEffects::default()
        };
        match self.save(&mut account, &effects).await {
            Ok(()) => Ok(()),
            // A parallel confirm used the code first (its change deleted the code).
            Err(UpdateAccountError::Conflict | UpdateAccountError::NotFound) => {
                Err(ResetPasswordError::InvalidCode)
            }
            Err(e) => Err(update_failed(e).into()),
        }
    }

    /// Changes the password of a signed-in account (F4). Every session of the account ends;
    /// the caller gets a fresh one so it stays signed in.
    ///
    /// The current password is a credential like a sign-in's: the check counts against the
    /// same throttle, per email from the client's address and for every address, before
    /// the hash is checked. The wrong password that brings a wait also ends `session`, so a
    /// stolen token cannot keep guessing.
    pub async fn change_password(
        &self,
        session: &Session,
        client: IpAddr,
        command: ChangePasswordCommand,
    ) -> Result<SignedIn, ChangePasswordError> {
        let mut account = self
            .ports
            .accounts
            .find_by_id(session.account_id)
            .await?
            .ok_or(ChangePasswordError::NotFound)?;
        let now = self.now();
        let key = ThrottleKey::for_email(account.email.as_str());
        let count = match self.admit_attempt(&key, client, now).await? {
            Admission::Counted(count) => count,
            Admission::Throttled(retry_after) => {
                return Err(ChangePasswordError::Throttled { retry_after });
            }
        };
        let context = PasswordContext {
            email: account.email.as_str(),
            given_name: account.given_name.as_str(),
            surname: account.surname.as_str(),
        };
        let feedback = self.settings.password_policy.check_change(
            &command.new_password,
            &command.confirmation,
            Some(&command.current_password),
            context,
        );
        let current_ok = self
            .ports
            .hasher
            .verify(&command.current_password, &account.password_hash)
            .await?;
        if !current_ok && self.settings.throttle.delay_after(count).is_some() {
            self.ports.sessions.delete(&session.digest).await?;
            return Err(ChangePasswordError::SessionEnded);
        }
        if current_ok {
            self.refund_attempt(&key, client).await?;
        }
        if !current_ok || !feedback.is_empty() {
            return Err(ChangePasswordError::Rejected {
                current_password_wrong: !current_ok,
                feedback,
            });
        }
        let hash = self.ports.hasher.hash(&command.new_password).await?;
        account.set_password(hash, now);
        let effects = SideEffects {
            mails: vec![self.mail(&account.email, account.language, &Notice::PasswordChanged)],
            audit: vec![audit(
                now,
                Some(account.id),
                Some(account.id),
                AuditAction::PasswordChanged,
            )],
            end_sessions: true,
            clear_throttle: Some(key),
            ..SideEffects::default()
        };
        match self.save(&mut account, &effects).await {
            Ok(()) => Ok(self.start_session(&account).await?),
            Err(UpdateAccountError::Conflict) => Err(ChangePasswordError::Conflict),
            Err(UpdateAccountError::NotFound) => Err(ChangePasswordError::NotFound),
            Err(e) => Err(update_failed(e).into()),
        }
    }
}

/// Any failure to save a change the caller cannot act on.
fn update_failed(e: UpdateAccountError) -> UnexpectedError {
    UnexpectedError(Box::new(e))
}

#[cfg(test)]
#[path = "reset_password_tests.rs"]
mod reset_password_tests;

#[cfg(test)]
#[path = "change_password_tests.rs"]
mod change_password_tests;
