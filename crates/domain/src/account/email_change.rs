//! Changing the sign-in email (F6) without telling anyone which addresses have accounts: a
//! new address takes effect only once the code mailed to it is confirmed by the signed-in
//! owner, and the current address is told of the request.
//!
//! The request answers the same whether or not the new address is taken, after the same
//! work: a code is made and hashed, a pending change is stored with the contact update, and
//! two mails are queued. When the address is free the code goes to it; when another account
//! has it, that account's owner is told someone tried to use it, and the code goes nowhere,
//! so no confirmation can ever succeed. See decision 0010.

use time::OffsetDateTime;

use super::model::{Account, AccountId};
use super::notices::Notice;
use super::ports::{SideEffects, UpdateAccountError};
use super::service::{AccountService, audit};
use super::values::{EmailAddress, Language};
use crate::audit::AuditAction;
use crate::error::{UnexpectedError, unexpected_from};
use crate::secrets::{PasswordHash, ResetCode};

/// A new email address waiting for its code, at most one per account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingEmailChange {
    /// The account whose email changes.
    pub account_id: AccountId,
    /// The address it changes to.
    pub new_email: EmailAddress,
    /// Hash of the code mailed to the new address (or of a code mailed nowhere, when the
    /// address was taken).
    pub code_hash: PasswordHash,
    /// When the code stops being valid.
    pub expires_at: OffsetDateTime,
    /// Confirmation tries counted so far, right or wrong.
    pub attempts: u32,
}

/// Why a new email address was not confirmed.
#[derive(Debug, thiserror::Error)]
pub enum ConfirmEmailChangeError {
    /// No pending change matches the code: wrong, expired, used up, never requested, or
    /// the address has (or meanwhile got) an account, whose owner is told by mail.
    #[error("the verification code is not valid; request the change again")]
    InvalidCode,
    /// The account is gone.
    #[error("the account does not exist")]
    NotFound,
    /// The account changed meanwhile; try again.
    #[error("the account was changed meanwhile")]
    Conflict,
    /// Storage or hashing failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(ConfirmEmailChangeError);

impl AccountService {
    /// The side effects of asking to change `account`'s email to `new_email`: the pending
    /// change, the code (or, if the address is taken, a notice to its owner), a notice to
    /// the current address, and the audit entries. `language` is the account's language
    /// after the update that carries the request.
    pub(super) async fn email_change_effects(
        &self,
        account: &Account,
        new_email: &EmailAddress,
        language: Language,
        now: OffsetDateTime,
    ) -> Result<SideEffects, UnexpectedError> {
        let code = self.ports.secrets.reset_code();
        let code_hash = self.ports.hasher.hash(code.expose()).await?;
        let owner = self
            .ports
            .accounts
            .find_by_email(new_email)
            .await?
            .filter(|other| other.id != account.id);
        let ttl = self.settings.email_change_ttl;
        let requested = Notice::EmailChangeRequested(new_email);
        let mut effects = SideEffects {
            mails: vec![self.mail(&account.email, language, &requested)],
            audit: vec![audit(
                now,
                Some(account.id),
                Some(account.id),
                AuditAction::EmailChangeRequested,
            )],
            store_email_change: Some(PendingEmailChange {
                account_id: account.id,
                new_email: new_email.clone(),
                code_hash,
                expires_at: now + ttl,
                attempts: 0,
            }),
            ..SideEffects::default()
        };
        match owner {
            None => {
                let notice = Notice::EmailChangeCode {
                    code: secrecy::ExposeSecret::expose_secret(code.expose()),
                    minutes: ttl.whole_minutes(),
                };
                effects.mails.push(self.mail(new_email, language, &notice));
            }
            Some(owner) => {
                effects.mails.push(self.mail(
                    new_email,
                    owner.language,
                    &Notice::EmailChangeAttempted,
                ));
                effects.audit.push(audit(
                    now,
                    Some(account.id),
                    Some(owner.id),
                    AuditAction::EmailChangeToTakenEmail,
                ));
            }
        }
        Ok(effects)
    }

    /// Applies the account's pending email change if `code` is the one mailed to the new
    /// address (F6). Every try counts, right or wrong; after
    /// [`email_change_max_attempts`](super::AccountSettings::email_change_max_attempts) the
    /// change is void. The former address is told of the change.
    pub async fn confirm_email_change(
        &self,
        account_id: AccountId,
        code: &ResetCode,
    ) -> Result<Account, ConfirmEmailChangeError> {
        let mut account = self
            .ports
            .accounts
            .find_by_id(account_id)
            .await?
            .ok_or(ConfirmEmailChangeError::NotFound)?;
        let now = self.now();
        let max = self.settings.email_change_max_attempts;
        let Some(pending) = self
            .ports
            .email_changes
            .record_attempt(account.id, max, now)
            .await?
        else {
            return Err(ConfirmEmailChangeError::InvalidCode);
        };
        if !self
            .ports
            .hasher
            .verify(code.expose(), &pending.code_hash)
            .await?
        {
            if pending.attempts >= max {
                self.ports.email_changes.delete(account.id).await?;
            }
            return Err(ConfirmEmailChangeError::InvalidCode);
        }
        let mut effects = self.tell(&account, &Notice::EmailChanged(&pending.new_email), now);
        effects.audit.push(audit(
            now,
            Some(account.id),
            Some(account.id),
            AuditAction::EmailChanged,
        ));
        effects.delete_email_change = true;
        account.email = pending.new_email.clone();
        account.updated_at = now;
        match self.save(&mut account, &effects).await {
            Ok(()) => Ok(account),
            Err(UpdateAccountError::EmailTaken) => {
                self.address_taken_meanwhile(account.id, &pending.new_email, now)
                    .await?;
                Err(ConfirmEmailChangeError::InvalidCode)
            }
            Err(UpdateAccountError::Conflict) => Err(ConfirmEmailChangeError::Conflict),
            Err(UpdateAccountError::NotFound) => Err(ConfirmEmailChangeError::NotFound),
            Err(e) => Err(ConfirmEmailChangeError::Unexpected(UnexpectedError(
                Box::new(e),
            ))),
        }
    }

    /// The right code for an address another account took since the request: the change is
    /// void, and the address's owner (who alone could read the code) is told by mail; the
    /// answer stays "invalid code".
    async fn address_taken_meanwhile(
        &self,
        account_id: AccountId,
        new_email: &EmailAddress,
        now: OffsetDateTime,
    ) -> Result<(), UnexpectedError> {
        self.ports.email_changes.delete(account_id).await?;
        let owner = self.ports.accounts.find_by_email(new_email).await?;
        let Some(owner) = owner else {
            return Ok(());
        };
        let effects = SideEffects {
            mails: vec![self.mail(new_email, owner.language, &Notice::EmailChangeAttempted)],
            audit: vec![audit(
                now,
                Some(account_id),
                Some(owner.id),
                AuditAction::EmailChangeToTakenEmail,
            )],
            ..SideEffects::default()
        };
        self.ports.accounts.record(&effects).await?;
        Ok(())
    }
}

#[cfg(test)]
#[path = "email_change_tests.rs"]
mod tests;
