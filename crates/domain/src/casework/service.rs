//! The casework use cases (F23): officers list and search submitted applications, open a case
//! file, and act on it. Each action sends the representative an application message, emails
//! them when their "email updates" preference is Yes (F20), and is audited, all in the
//! transaction that records it.

use std::sync::Arc;

use crate::account::{Account, AccountRepository, AccountStatus, EmailUpdates};
use crate::application::{
    ApplicationId, ApplicationMessage, ApplicationStatus, CaseFile, MessageId, PAGE_SIZES,
    SaveApplicationError,
};
use crate::audit::AuditEvent;
use crate::clock::Clock;
use crate::effects::SideEffects;
use crate::error::{UnexpectedError, unexpected_from};
use crate::ids::IdGenerator;
use crate::mail::OutgoingMail;
use crate::paging::Page;

use super::actions::{CaseAction, CaseRefusal, apply};
use super::notices::render;
use super::ports::{CaseChange, CaseQuery, CaseSummary, CaseworkRepository};

/// The ports casework needs.
#[derive(Clone)]
pub struct CaseworkPorts {
    /// Submitted applications.
    pub cases: Arc<dyn CaseworkRepository>,
    /// The representatives (language, email and preference of the one told).
    pub accounts: Arc<dyn AccountRepository>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// The words of what people are told, in their language.
    pub wording: Arc<dyn crate::wording::Wording>,
    /// New identifiers.
    pub ids: Arc<dyn IdGenerator>,
}

impl std::fmt::Debug for CaseworkPorts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaseworkPorts").finish_non_exhaustive()
    }
}

/// Why a casework request was refused.
#[derive(Debug, thiserror::Error)]
pub enum CaseworkError {
    /// The actor is not an officer.
    #[error("only officers may do this")]
    Forbidden,
    /// No submitted application has this id.
    #[error("the application does not exist")]
    NotFound,
    /// The query is not valid.
    #[error("{0}")]
    Query(&'static str),
    /// The action makes no sense for the application as it stands.
    #[error(transparent)]
    Refused(#[from] CaseRefusal),
    /// Someone changed the application meanwhile; reload and try again.
    #[error("the application was changed meanwhile")]
    Conflict,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(CaseworkError);

impl From<SaveApplicationError> for CaseworkError {
    fn from(e: SaveApplicationError) -> Self {
        match e {
            SaveApplicationError::NotFound => Self::NotFound,
            SaveApplicationError::Conflict => Self::Conflict,
            SaveApplicationError::Unexpected(e) => e.into(),
        }
    }
}

/// The department's use cases on submitted applications.
#[derive(Debug, Clone)]
pub struct CaseworkService {
    ports: CaseworkPorts,
    public_base_url: String,
}

impl CaseworkService {
    /// The service; `public_base_url` is written into the emails.
    pub fn new(ports: CaseworkPorts, public_base_url: impl Into<String>) -> Self {
        Self {
            ports,
            public_base_url: public_base_url.into(),
        }
    }

    fn ensure_officer(actor: &Account) -> Result<(), CaseworkError> {
        if actor.is_acting_officer() {
            Ok(())
        } else {
            Err(CaseworkError::Forbidden)
        }
    }

    /// One page of submitted applications.
    pub async fn search(
        &self,
        officer: &Account,
        query: CaseQuery,
    ) -> Result<Page<CaseSummary>, CaseworkError> {
        Self::ensure_officer(officer)?;
        if query.page == 0 {
            return Err(CaseworkError::Query("page starts at 1"));
        }
        if !PAGE_SIZES.contains(&query.per_page) {
            return Err(CaseworkError::Query(
                "items per page is 5, 10, 25, 50 or 100",
            ));
        }
        if query.status == Some(ApplicationStatus::InProgress) {
            return Err(CaseworkError::Query(
                "drafts are their representative's own; choose a status after submission",
            ));
        }
        let (total, items) = self.ports.cases.search(&query).await?;
        Ok(Page {
            items,
            total,
            page: query.page,
            per_page: query.per_page,
        })
    }

    /// The case file of a submitted application.
    pub async fn case_file(
        &self,
        officer: &Account,
        id: ApplicationId,
    ) -> Result<CaseFile, CaseworkError> {
        Self::ensure_officer(officer)?;
        self.ports
            .cases
            .find(id)
            .await?
            .ok_or(CaseworkError::NotFound)
    }

    /// Does `action` to the application, tells its representative and audits it; returns the
    /// case file as it now stands.
    pub async fn act(
        &self,
        officer: &Account,
        id: ApplicationId,
        action: CaseAction,
    ) -> Result<CaseFile, CaseworkError> {
        Self::ensure_officer(officer)?;
        let case = self
            .ports
            .cases
            .find(id)
            .await?
            .ok_or(CaseworkError::NotFound)?;
        let representative = self
            .ports
            .accounts
            .find_by_id(case.application.representative_id)
            .await?
            .ok_or(CaseworkError::NotFound)?;
        if representative.status == AccountStatus::Closed {
            return Err(CaseRefusal::AccountClosed.into());
        }
        let now = self.ports.clock.now();
        let ids = &self.ports.ids;
        let applied = apply(&case, action.clone(), now, || ids.new_id())?;
        let (notice, asks_action) = render(
            self.ports.wording.as_ref(),
            &case,
            &action,
            &applied,
            representative.language,
            &self.public_base_url,
        );
        let mut effects = SideEffects {
            audit: vec![AuditEvent {
                at: now,
                actor: Some(officer.id),
                subject: Some(representative.id),
                application: Some(id),
                enquiry: None,
                action: applied.audit,
            }],
            ..SideEffects::default()
        };
        let wants_mail = representative
            .representative
            .as_ref()
            .is_some_and(|r| r.contact.email_updates == EmailUpdates::Yes);
        if wants_mail {
            effects.mails.push(OutgoingMail {
                to: representative.email.clone(),
                subject: notice.subject.clone(),
                body: notice.body.clone(),
            });
        }
        let change = CaseChange {
            application_id: id,
            version: case.application.version,
            state: applied.state,
            details: applied.details,
            review: applied.review,
            request: applied.request,
            issued: applied.issued,
            message: ApplicationMessage {
                id: MessageId::from_uuid(self.ports.ids.new_id()),
                application_id: id,
                subject: notice.subject,
                body: notice.body,
                asks_action,
                sent_at: now,
                read_at: None,
            },
            effects,
        };
        self.ports.cases.record(&change).await?;
        self.ports
            .cases
            .find(id)
            .await?
            .ok_or(CaseworkError::NotFound)
    }
}
