//! The officer's side of accounts (F22, F24): approve or reject enrolments, close accounts,
//! list accounts by status, and create officer accounts.

use secrecy::SecretString;

use super::model::{Account, AccountId, AccountStatus, AccountStatusKind, Role, TransitionError};
use super::notices::Notice;
use super::ports::{InsertAccountError, SideEffects, UpdateAccountError};
use super::service::{AccountService, audit};
use super::values::{EmailAddress, Language, PersonName, RejectionReason, Standing};
use crate::audit::AuditAction;
use crate::error::{UnexpectedError, unexpected_from};

/// Why an officer action was refused.
#[derive(Debug, thiserror::Error)]
pub enum OfficerActionError {
    /// The actor is not an officer.
    #[error("only officers may do this")]
    Forbidden,
    /// No representative account has this id.
    #[error("the account does not exist")]
    NotFound,
    /// The account's status does not allow the action.
    #[error(transparent)]
    InvalidTransition(#[from] TransitionError),
    /// The request text is empty, longer than 2,000 characters, or has control characters.
    #[error("describe the documents requested in 1 to 2000 characters")]
    InvalidRequest,
    /// The account changed meanwhile; reload and try again.
    #[error("the account was changed meanwhile")]
    Conflict,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(OfficerActionError);

/// Why an officer account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateOfficerError {
    /// Another account has this email.
    #[error("an account with this email address already exists")]
    EmailTaken,
    /// Storage or hashing failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(CreateOfficerError);

/// How many random IRCC IDs are tried before giving up on a collision.
const IRCC_ID_ATTEMPTS: usize = 5;

impl AccountService {
    fn ensure_officer(actor: &Account) -> Result<(), OfficerActionError> {
        if actor.is_acting_officer() {
            Ok(())
        } else {
            Err(OfficerActionError::Forbidden)
        }
    }

    async fn representative(&self, id: AccountId) -> Result<Account, OfficerActionError> {
        self.ports
            .accounts
            .find_by_id(id)
            .await?
            .filter(|a| a.role == Role::Representative)
            .ok_or(OfficerActionError::NotFound)
    }

    /// Approves a pending enrolment: assigns a unique Representative IRCC ID and tells the
    /// representative ("Enrolment request approved").
    pub async fn approve_enrolment(
        &self,
        actor: &Account,
        id: AccountId,
    ) -> Result<Account, OfficerActionError> {
        Self::ensure_officer(actor)?;
        let original = self.representative(id).await?;
        let now = self.now();
        for _ in 0..IRCC_ID_ATTEMPTS {
            let mut account = original.clone();
            let ircc_id = self.ports.secrets.ircc_id();
            account.approve(ircc_id.clone(), now)?;
            let mut effects = self.tell(&account, &Notice::EnrolmentApproved(&ircc_id), now);
            effects.audit.push(audit(
                now,
                Some(actor.id),
                Some(id),
                AuditAction::EnrolmentApproved,
            ));
            match self.save(&mut account, &effects).await {
                Ok(()) => return Ok(account),
                Err(UpdateAccountError::IrccIdTaken) => continue,
                Err(e) => return Err(officer_update_failed(e)),
            }
        }
        Err(OfficerActionError::Unexpected(UnexpectedError(
            "no free Representative IRCC ID found".into(),
        )))
    }

    /// Rejects a pending enrolment with a reason, which the representative is told.
    pub async fn reject_enrolment(
        &self,
        actor: &Account,
        id: AccountId,
        reason: RejectionReason,
    ) -> Result<Account, OfficerActionError> {
        Self::ensure_officer(actor)?;
        let mut account = self.representative(id).await?;
        let now = self.now();
        account.reject(reason.clone(), now)?;
        let mut effects = self.tell(&account, &Notice::EnrolmentRejected(&reason), now);
        effects.audit.push(audit(
            now,
            Some(actor.id),
            Some(id),
            AuditAction::EnrolmentRejected,
        ));
        self.save(&mut account, &effects)
            .await
            .map_err(officer_update_failed)?;
        Ok(account)
    }

    /// Asks the applicant of a pending enrolment for more documents (F22): an account message
    /// (and its email) that asks for action; the enrolment stays pending.
    pub async fn request_enrolment_documents(
        &self,
        actor: &Account,
        id: AccountId,
        request: &str,
    ) -> Result<Account, OfficerActionError> {
        Self::ensure_officer(actor)?;
        let request = crate::text::multi_line(request)
            .ok()
            .map(str::trim)
            .filter(|r| !r.is_empty() && r.chars().count() <= 2000)
            .ok_or(OfficerActionError::InvalidRequest)?
            .to_owned();
        let mut account = self.representative(id).await?;
        if account.status != AccountStatus::Pending {
            return Err(TransitionError {
                from: account.status.kind(),
            }
            .into());
        }
        let now = self.now();
        let mut effects = self.tell(
            &account,
            &Notice::EnrolmentDocumentsRequested(&request),
            now,
        );
        for message in &mut effects.messages {
            message.asks_action = true;
        }
        effects.audit.push(audit(
            now,
            Some(actor.id),
            Some(id),
            AuditAction::EnrolmentDocumentsRequested,
        ));
        account.updated_at = now;
        self.save(&mut account, &effects)
            .await
            .map_err(officer_update_failed)?;
        Ok(account)
    }

    /// Records the representative's current standing with their governing body (F22) and
    /// tells them ("current standing is updated"). Not in good standing, they keep read
    /// access but cannot start or submit applications.
    pub async fn record_standing(
        &self,
        actor: &Account,
        id: AccountId,
        standing: Standing,
    ) -> Result<Account, OfficerActionError> {
        Self::ensure_officer(actor)?;
        let mut account = self.representative(id).await?;
        let now = self.now();
        let details = account
            .representative
            .as_mut()
            .ok_or(OfficerActionError::NotFound)?;
        details.standing = standing;
        account.updated_at = now;
        let mut effects = self.tell(&account, &Notice::StandingUpdated(standing), now);
        effects.audit.push(audit(
            now,
            Some(actor.id),
            Some(id),
            AuditAction::StandingUpdated,
        ));
        self.save(&mut account, &effects)
            .await
            .map_err(officer_update_failed)?;
        Ok(account)
    }

    /// Closes an account whose owner asked for it (F8): sign-in refused, sessions ended and
    /// draft applications deleted in one transaction; submitted applications are kept.
    /// The drafts' document bytes are deleted once that is stored; a file that cannot be
    /// deleted then stays behind, unreferenced, and the closure still stands.
    pub async fn close_account(
        &self,
        actor: &Account,
        id: AccountId,
    ) -> Result<Account, OfficerActionError> {
        Self::ensure_officer(actor)?;
        let mut account = self.representative(id).await?;
        let now = self.now();
        account.close(now)?;
        let files = self.ports.accounts.draft_files(id).await?;
        let mut effects = self.tell(&account, &Notice::AccountClosed, now);
        effects.end_sessions = true;
        effects.delete_drafts = true;
        effects.audit.push(audit(
            now,
            Some(actor.id),
            Some(id),
            AuditAction::AccountClosed,
        ));
        self.save(&mut account, &effects)
            .await
            .map_err(officer_update_failed)?;
        for name in files {
            let _ = self.ports.files.delete(&name).await;
        }
        Ok(account)
    }

    /// Representative accounts in a status, oldest first (the officer's work queues).
    pub async fn list_accounts(
        &self,
        actor: &Account,
        status: AccountStatusKind,
        limit: u32,
    ) -> Result<Vec<Account>, OfficerActionError> {
        Self::ensure_officer(actor)?;
        let wanted = usize::try_from(limit).unwrap_or(usize::MAX);
        // The port does not filter by role, and officers share the statuses (they are
        // approved): when officers take up part of a page, ask for a larger one, so the
        // queue is never cut short while more representatives are stored.
        let mut fetch = limit;
        loop {
            let accounts = self.ports.accounts.list_by_status(status, fetch).await?;
            let exhausted = accounts.len() < usize::try_from(fetch).unwrap_or(usize::MAX);
            let mut representatives: Vec<Account> = accounts
                .into_iter()
                .filter(|a| a.role == Role::Representative)
                .collect();
            if representatives.len() >= wanted || exhausted || fetch == u32::MAX {
                representatives.truncate(wanted);
                return Ok(representatives);
            }
            fetch = fetch.saturating_mul(2);
        }
    }

    /// Creates an officer account with a one-time password, which is returned to be shown
    /// once; the officer must change it at first sign-in.
    pub async fn create_officer(
        &self,
        email: EmailAddress,
        given_name: PersonName,
        surname: PersonName,
        language: Language,
    ) -> Result<SecretString, CreateOfficerError> {
        let password = self.ports.secrets.one_time_password();
        let password_hash = self.ports.hasher.hash(&password).await?;
        let now = self.now();
        let account = Account {
            id: AccountId::from_uuid(self.ports.ids.new_id()),
            role: Role::Officer,
            email,
            given_name,
            surname,
            language,
            representative: None,
            ircc_id: None,
            password_hash,
            must_change_password: true,
            status: AccountStatus::Approved,
            created_at: now,
            updated_at: now,
            version: 0,
        };
        let effects = SideEffects {
            audit: vec![audit(
                now,
                None,
                Some(account.id),
                AuditAction::OfficerCreated,
            )],
            ..SideEffects::default()
        };
        match self.ports.accounts.insert(&account, &effects).await {
            Ok(()) => Ok(password),
            Err(InsertAccountError::EmailTaken) => Err(CreateOfficerError::EmailTaken),
            Err(InsertAccountError::Unexpected(e)) => Err(e.into()),
        }
    }
}

fn officer_update_failed(e: UpdateAccountError) -> OfficerActionError {
    match e {
        UpdateAccountError::Conflict => OfficerActionError::Conflict,
        UpdateAccountError::NotFound => OfficerActionError::NotFound,
        other => OfficerActionError::Unexpected(UnexpectedError(Box::new(other))),
    }
}

#[cfg(test)]
#[path = "review_tests.rs"]
mod review_tests;

#[cfg(test)]
#[path = "officer_tests.rs"]
mod officer_tests;
