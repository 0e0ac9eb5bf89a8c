//! [`AccountService`]: the account use cases over their ports, and the profile use cases.

use std::sync::Arc;

use time::OffsetDateTime;

use super::inbox::InboxStore;
use super::model::{Account, AccountId, ContactDetails, Role};
use super::notices::Notice;
use super::ports::{
    AccountMessage, AccountRepository, EmailChangeStore, ResetCodeStore, SessionStore, SideEffects,
    ThrottleStore, UpdateAccountError,
};
use super::settings::AccountSettings;
use super::values::{EmailAddress, Language};
use crate::application::DocumentStore;
use crate::audit::{AuditAction, AuditEvent};
use crate::clock::Clock;
use crate::error::{UnexpectedError, unexpected_from};
use crate::ids::IdGenerator;
use crate::mail::OutgoingMail;
use crate::secrets::{PasswordHasher, SecretGenerator};

/// The ports the account use cases reach the world through.
#[derive(Clone)]
pub struct AccountPorts {
    /// Stored accounts.
    pub accounts: Arc<dyn AccountRepository>,
    /// Stored sessions.
    pub sessions: Arc<dyn SessionStore>,
    /// Stored reset codes.
    pub reset_codes: Arc<dyn ResetCodeStore>,
    /// Sign-in failure counts.
    pub throttle: Arc<dyn ThrottleStore>,
    /// Email changes waiting for their code.
    pub email_changes: Arc<dyn EmailChangeStore>,
    /// The account messages (F19).
    pub inbox: Arc<dyn InboxStore>,
    /// Enquiries (F7) and closure requests (F8).
    pub enquiries: Arc<dyn crate::enquiry::EnquiryRepository>,
    /// The bytes of application documents (those of a closed account's drafts go with
    /// them).
    pub files: Arc<dyn DocumentStore>,
    /// Password and code hashing.
    pub hasher: Arc<dyn PasswordHasher>,
    /// Secure randomness.
    pub secrets: Arc<dyn SecretGenerator>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// The words of what people are told, in their language.
    pub wording: Arc<dyn crate::wording::Wording>,
    /// New identifiers.
    pub ids: Arc<dyn IdGenerator>,
}

impl std::fmt::Debug for AccountPorts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountPorts").finish_non_exhaustive()
    }
}

/// The account use cases (F1 to F8, F22). Cheap to clone.
#[derive(Debug, Clone)]
pub struct AccountService {
    pub(super) ports: AccountPorts,
    pub(super) settings: Arc<AccountSettings>,
}

impl AccountService {
    /// A service over the given ports and settings.
    pub fn new(ports: AccountPorts, settings: AccountSettings) -> Self {
        Self {
            ports,
            settings: Arc::new(settings),
        }
    }

    /// The settings in force (the HTTP layer shows the password hint from them).
    pub fn settings(&self) -> &AccountSettings {
        &self.settings
    }

    pub(super) fn now(&self) -> OffsetDateTime {
        self.ports.clock.now()
    }

    /// The mail that carries a notice to `to`, in `language`.
    pub(super) fn mail(
        &self,
        to: &EmailAddress,
        language: Language,
        notice: &Notice<'_>,
    ) -> OutgoingMail {
        let rendered = notice.render(
            self.ports.wording.as_ref(),
            language,
            &self.settings.public_base_url,
        );
        OutgoingMail {
            to: to.clone(),
            subject: rendered.subject,
            body: rendered.body,
        }
    }

    /// Side effects that tell the account about `notice`: an inbox message and its email.
    pub(super) fn tell(
        &self,
        account: &Account,
        notice: &Notice<'_>,
        now: OffsetDateTime,
    ) -> SideEffects {
        let rendered = notice.render(
            self.ports.wording.as_ref(),
            account.language,
            &self.settings.public_base_url,
        );
        SideEffects {
            mails: vec![self.mail(&account.email, account.language, notice)],
            messages: vec![AccountMessage {
                account_id: account.id,
                subject: rendered.subject,
                body: rendered.body,
                sent_at: now,
                asks_action: false,
            }],
            ..SideEffects::default()
        }
    }

    /// Saves a changed account with its side effects and advances its version.
    pub(super) async fn save(
        &self,
        account: &mut Account,
        effects: &SideEffects,
    ) -> Result<(), UpdateAccountError> {
        self.ports.accounts.update(account, effects).await?;
        account.version += 1;
        Ok(())
    }

    /// The profile of a signed-in account (F6).
    pub async fn view_profile(&self, account_id: AccountId) -> Result<Account, ViewProfileError> {
        self.ports
            .accounts
            .find_by_id(account_id)
            .await?
            .ok_or(ViewProfileError::NotFound)
    }

    /// Updates a representative's contact details and language at once (F6). A new email
    /// does not take effect here: a code is mailed to it and the current address is told
    /// (see [`Self::confirm_email_change`]); the outcome is the same whether or not another
    /// account has the new address.
    pub async fn update_contact(
        &self,
        account_id: AccountId,
        command: UpdateContactCommand,
    ) -> Result<ContactUpdated, UpdateContactError> {
        let mut account = self
            .ports
            .accounts
            .find_by_id(account_id)
            .await?
            .ok_or(UpdateContactError::NotFound)?;
        let now = self.now();
        match (&mut account.representative, account.role) {
            (Some(details), Role::Representative) => details.contact = command.contact,
            _ => return Err(UpdateContactError::NotRepresentative),
        }
        account.language = command.language;
        account.updated_at = now;
        let email_change = command.email != account.email;
        let mut effects = if email_change {
            self.email_change_effects(&account, &command.email, command.language, now)
                .await?
        } else {
            SideEffects::default()
        };
        effects.audit.insert(
            0,
            audit(
                now,
                Some(account.id),
                Some(account.id),
                AuditAction::ContactUpdated,
            ),
        );
        match self.save(&mut account, &effects).await {
            Ok(()) => Ok(ContactUpdated {
                account,
                confirmation_sent_to: email_change.then_some(command.email),
            }),
            Err(UpdateAccountError::Conflict) => Err(UpdateContactError::Conflict),
            Err(UpdateAccountError::NotFound) => Err(UpdateContactError::NotFound),
            Err(e) => Err(UpdateContactError::Unexpected(UnexpectedError(Box::new(e)))),
        }
    }
}

/// An audit entry.
pub(super) fn audit(
    at: OffsetDateTime,
    actor: Option<AccountId>,
    subject: Option<AccountId>,
    action: AuditAction,
) -> AuditEvent {
    AuditEvent {
        at,
        actor,
        subject,
        application: None,
        enquiry: None,
        action,
    }
}

/// Why the profile could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum ViewProfileError {
    /// The account is gone.
    #[error("the account does not exist")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(ViewProfileError);

/// New contact details for a representative (F6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateContactCommand {
    /// Sign-in and contact email.
    pub email: EmailAddress,
    /// Telephone, fax and email-updates preference.
    pub contact: ContactDetails,
    /// Language preference.
    pub language: Language,
}

/// Contact details saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactUpdated {
    /// The account as saved, still with its current email.
    pub account: Account,
    /// The new email the confirmation was sent to, when the command changed it; `None`
    /// when the email stayed the same.
    pub confirmation_sent_to: Option<EmailAddress>,
}

/// Why contact details could not be updated.
#[derive(Debug, thiserror::Error)]
pub enum UpdateContactError {
    /// The account is gone.
    #[error("the account does not exist")]
    NotFound,
    /// Officers have no representative contact details.
    #[error("only representatives have contact details")]
    NotRepresentative,
    /// The account changed meanwhile; reload and try again.
    #[error("the account was changed meanwhile")]
    Conflict,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(UpdateContactError);

#[cfg(test)]
#[path = "profile_tests.rs"]
mod tests;
