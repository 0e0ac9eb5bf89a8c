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
        // The request joins the officers' enquiry queue (F8).
        effects.store_enquiry = Some(self.closure_enquiry(&account).await?);
        effects.audit.push(audit(
            now,
            Some(account.id),
            Some(account.id),
            AuditAction::ClosureRequested,
        ));
        match self.save(&mut account, &effects).await {
            Ok(()) => Ok(account),
            Err(UpdateAccountError::Conflict) => Err(RequestClosureError::Conflict),
            Err(UpdateAccountError::NotFound) => Err(RequestClosureError::NotFound),
            Err(e) => Err(RequestClosureError::Unexpected(UnexpectedError(Box::new(
                e,
            )))),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::account::model::{AccountStatus, AccountStatusKind};
    use crate::account::test_support::*;

    fn expect_reference(mocks: &mut Mocks) {
        mocks
            .enquiries
            .expect_next_reference()
            .returning(|| Ok(crate::enquiry::EnquiryReference::from_sequence(1).unwrap()));
    }

    #[tokio::test]
    async fn a_closure_request_is_recorded_and_acknowledged() {
        let account = approved_representative();
        let mut mocks = Mocks::new();
        mocks.expect_find_by_id(&account);
        expect_reference(&mut mocks);
        let updated = mocks.expect_one_update();
        let service = mocks.service();

        let result = service.request_closure(account.id).await.unwrap();

        let (saved, effects) = updated.only();
        assert_eq!(saved.status, AccountStatus::ClosureRequested);
        assert_eq!(saved.updated_at, NOW);
        assert!(
            effects.mails[0]
                .subject
                .starts_with("en:notice-closure-requested-subject"),
            "{}",
            effects.mails[0].subject
        );
        assert!(
            effects.messages[0]
                .subject
                .starts_with("en:notice-closure-requested-subject"),
            "{}",
            effects.messages[0].subject
        );
        assert_eq!(effects.audit[0].action, AuditAction::ClosureRequested);
        assert!(
            !effects.end_sessions,
            "the account stays usable until closed"
        );
        let enquiry = effects
            .store_enquiry
            .expect("the request joins the enquiry queue");
        assert_eq!(enquiry.kind, crate::enquiry::EnquiryKind::Closure);
        assert_eq!(enquiry.reference.as_str(), "Q100000001");
        assert_eq!(enquiry.account_id, account.id);
        assert_eq!(result.status, AccountStatus::ClosureRequested);
        assert_eq!(result.version, account.version + 1);
    }

    #[tokio::test]
    async fn asking_twice_is_an_invalid_transition() {
        let account = representative(AccountStatus::ClosureRequested);
        let mut mocks = Mocks::new();
        mocks.expect_find_by_id(&account);
        mocks.accounts.expect_update().never();
        let service = mocks.service();

        let err = service.request_closure(account.id).await.unwrap_err();

        assert!(
            matches!(
                err,
                RequestClosureError::InvalidTransition(TransitionError {
                    from: AccountStatusKind::ClosureRequested
                })
            ),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn a_closure_request_for_an_account_that_is_gone_is_not_found() {
        let mut mocks = Mocks::new();
        mocks.accounts.expect_find_by_id().returning(|_| Ok(None));
        let service = mocks.service();

        let err = service
            .request_closure(approved_representative().id)
            .await
            .unwrap_err();

        assert!(matches!(err, RequestClosureError::NotFound), "{err:?}");
    }

    #[tokio::test]
    async fn a_closure_request_racing_another_change_is_a_conflict() {
        let account = pending_representative();
        let mut mocks = Mocks::new();
        mocks.expect_find_by_id(&account);
        expect_reference(&mut mocks);
        mocks
            .accounts
            .expect_update()
            .returning(|_, _| Err(UpdateAccountError::Conflict));
        let service = mocks.service();

        let err = service.request_closure(account.id).await.unwrap_err();

        assert!(matches!(err, RequestClosureError::Conflict), "{err:?}");
    }
}
