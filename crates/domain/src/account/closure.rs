//! Closure request (F8): the representative asks; an officer closes (see `review`).

use super::model::{Account, AccountId, TransitionError};
use super::notices::Notice;
use super::ports::UpdateAccountError;
use super::service::{AccountService, audit};
use crate::audit::AuditAction;
use crate::error::{UnexpectedError, unexpected_from};

/// Why a closure request was refused.
#[derive(Debug, thiserror::Error)]
pub enum RequestClosureError {
    /// The account is gone.
    #[error("the account does not exist")]
    NotFound,
    /// Already requested, or closed.
    #[error(transparent)]
    InvalidTransition(#[from] TransitionError),
    /// The account changed meanwhile; try again.
    #[error("the account was changed meanwhile")]
    Conflict,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(RequestClosureError);

impl AccountService {
    /// Records the owner's request to close the account and acknowledges it.
    pub async fn request_closure(
        &self,
        account_id: AccountId,
    ) -> Result<Account, RequestClosureError> {
        let mut account = self
            .ports
            .accounts
            .find_by_id(account_id)
            .await?
            .ok_or(RequestClosureError::NotFound)?;
        let now = self.now();
        account.request_closure(now)?;
        let mut effects = self.tell(&account, &Notice::ClosureRequested, now);
        effects.audit.push(audit(
            now,
            Some(account.id),
            Some(account.id),
            AuditAction::ClosureRequested,
        ));
        match self.ports.accounts.update(&account, &effects).await {
            Ok(()) => {
                account.version += 1;
                Ok(account)
            }
            Err(UpdateAccountError::Conflict) => Err(RequestClosureError::Conflict),
            Err(UpdateAccountError::NotFound) => Err(RequestClosureError::NotFound),
            Err(e) => Err(RequestClosureError::Unexpected(UnexpectedError(Box::new(
                e,
            )))),
        }
    }
}
