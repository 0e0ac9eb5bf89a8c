//! Enrolment (F1): a representative asks for an account, which starts pending.

use secrecy::SecretString;

use super::model::{Account, AccountId, AccountStatus, RepresentativeDetails, Role};
use super::notices::Notice;
use super::password_policy::{PasswordContext, PasswordFeedback};
use super::ports::{InsertAccountError, SideEffects};
use super::service::{AccountService, audit};
use super::values::{EmailAddress, Language, PersonName};
use crate::audit::AuditAction;
use crate::error::{UnexpectedError, unexpected_from};

/// A validated enrolment request.
#[derive(Debug, Clone)]
pub struct EnrolCommand {
    /// Sign-in and contact email.
    pub email: EmailAddress,
    /// Chosen password (checked against the policy by the use case).
    pub password: SecretString,
    /// Given name.
    pub given_name: PersonName,
    /// Surname as registered with the governing body.
    pub surname: PersonName,
    /// Language preference.
    pub language: Language,
    /// Governing body, membership ID and contact details.
    pub details: RepresentativeDetails,
}

/// Why an enrolment was refused.
#[derive(Debug, thiserror::Error)]
pub enum EnrolError {
    /// The password breaks the policy; every failed rule is listed.
    #[error("the password does not meet the policy")]
    WeakPassword(Vec<PasswordFeedback>),
    /// Storage or hashing failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(EnrolError);

impl AccountService {
    /// Creates a pending account, with the "Enrolment request submitted" message and email.
    ///
    /// The answer is the same whether or not the email already has an account: if it has,
    /// nothing is created and that account's owner is told by email instead, so enrolment
    /// cannot be used to learn which emails have accounts.
    pub async fn enrol(&self, command: EnrolCommand) -> Result<(), EnrolError> {
        let context = PasswordContext {
            email: command.email.as_str(),
            given_name: command.given_name.as_str(),
            surname: command.surname.as_str(),
        };
        let feedback = self
            .settings
            .password_policy
            .check(&command.password, context);
        if !feedback.is_empty() {
            return Err(EnrolError::WeakPassword(feedback));
        }
        let password_hash = self.ports.hasher.hash(&command.password).await?;
        let now = self.now();
        let account = Account {
            id: AccountId::from_uuid(self.ports.ids.new_id()),
            role: Role::Representative,
            email: command.email,
            given_name: command.given_name,
            surname: command.surname,
            language: command.language,
            representative: Some(command.details),
            ircc_id: None,
            password_hash,
            must_change_password: false,
            status: AccountStatus::Pending,
            created_at: now,
            updated_at: now,
            version: 0,
        };
        let mut effects = self.tell(&account, &Notice::EnrolmentSubmitted, now);
        effects.audit.push(audit(
            now,
            Some(account.id),
            Some(account.id),
            AuditAction::EnrolmentRequested,
        ));
        match self.ports.accounts.insert(&account, &effects).await {
            Ok(()) => Ok(()),
            Err(InsertAccountError::EmailTaken) => {
                let existing = self.ports.accounts.find_by_email(&account.email).await?;
                let language = existing.as_ref().map_or(account.language, |a| a.language);
                let effects = SideEffects {
                    mails: vec![self.mail(&account.email, language, &Notice::EnrolmentAttempted)],
                    audit: vec![audit(
                        now,
                        None,
                        existing.map(|a| a.id),
                        AuditAction::EnrolmentWithTakenEmail,
                    )],
                    ..SideEffects::default()
                };
                self.ports.accounts.record(&effects).await?;
                Ok(())
            }
            Err(InsertAccountError::Unexpected(e)) => Err(e.into()),
        }
    }
}

#[cfg(test)]
#[path = "enrol_tests.rs"]
mod tests;
