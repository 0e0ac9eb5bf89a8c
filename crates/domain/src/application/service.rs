//! [`ApplicationService`]: starting, finding, listing and deleting applications, and the
//! expiry job. Saving, submitting and documents are in `lifecycle`.

use std::sync::Arc;

use time::{OffsetDateTime, UtcOffset};

use super::documents::Document;
use super::kind::ApplicationKind;
use super::model::Application;
use super::ports::{ApplicationRepository, DocumentRepository, DocumentStore};
use super::search::{ApplicationQuery, Page, QueryError, normalise};
use super::values::{ApplicationId, ApplicationNumber, GroupRole};
use crate::account::AccountStatus;
use crate::account::{Account, AccountId, AccountRepository, Notice, PersonName};
use crate::audit::{AuditAction, AuditEvent, AuditTrail};
use crate::clock::Clock;
use crate::effects::{AccountMessage, SideEffects};
use crate::error::{UnexpectedError, unexpected_from};
use crate::ids::IdGenerator;
use crate::mail::OutgoingMail;

/// The ports the application use cases reach the world through.
#[derive(Clone)]
pub struct ApplicationPorts {
    /// Stored applications.
    pub applications: Arc<dyn ApplicationRepository>,
    /// The accounts that own them (for the owner's address and language).
    pub accounts: Arc<dyn AccountRepository>,
    /// Document records.
    pub documents: Arc<dyn DocumentRepository>,
    /// Document bytes.
    pub store: Arc<dyn DocumentStore>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// The words of what people are told, in their language.
    pub wording: Arc<dyn crate::wording::Wording>,
    /// New identifiers.
    pub ids: Arc<dyn IdGenerator>,
    /// The audit trail, for the events that change nothing else (downloads).
    pub audit: Arc<dyn AuditTrail>,
}

impl std::fmt::Debug for ApplicationPorts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApplicationPorts").finish_non_exhaustive()
    }
}

/// Settings of the application use cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationSettings {
    /// Days after creation a draft can still be submitted (default 60).
    pub draft_lifetime_days: u16,
    /// Largest upload accepted, in bytes (default 4 MB).
    pub max_upload_bytes: u64,
    /// Days before a draft's last day that its owner is warned, once (default 7).
    pub expiry_warning_days: u16,
    /// The portal's public address, for the links in notices.
    pub public_base_url: String,
}

impl Default for ApplicationSettings {
    fn default() -> Self {
        Self {
            draft_lifetime_days: 60,
            max_upload_bytes: 4 * 1024 * 1024,
            expiry_warning_days: 7,
            public_base_url: "http://127.0.0.1:8080".to_owned(),
        }
    }
}

/// The application use cases (F10 to F16, F18). Cheap to clone.
#[derive(Debug, Clone)]
pub struct ApplicationService {
    pub(super) ports: ApplicationPorts,
    pub(super) settings: Arc<ApplicationSettings>,
}

/// One applicant's names, as typed when starting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    /// Given name(s).
    pub given_name: PersonName,
    /// Family name.
    pub family_name: PersonName,
}

/// A request to start an application for one applicant or a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartCommand {
    /// Type and start choices.
    pub kind: ApplicationKind,
    /// The representative confirmed reading the instructions.
    pub acknowledged: bool,
    /// The principal applicant.
    pub principal: Applicant,
    /// Family members applying with the principal (empty for an individual application).
    pub family_members: Vec<Applicant>,
}

/// Why an application could not be started.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The instructions were not acknowledged.
    #[error("confirm that you have read and understood the instructions")]
    NotAcknowledged,
    /// Only approved representatives may start applications.
    #[error("only approved representatives can start applications")]
    NotApproved,
    /// The representative is not in good standing with their governing body.
    #[error("a representative who is not in good standing cannot start applications")]
    NotInGoodStanding,
    /// More family members than a group can have.
    #[error("a group can have at most {max} family members")]
    TooManyFamilyMembers {
        /// The limit.
        max: usize,
    },
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(StartError);

/// Why an application could not be found or read.
#[derive(Debug, thiserror::Error)]
pub enum FindApplicationError {
    /// No such application of this representative.
    #[error("the application does not exist")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(FindApplicationError);

/// Why a search was refused.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// A filter or paging value is invalid.
    #[error(transparent)]
    Invalid(#[from] QueryError),
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(SearchError);

/// Why an application could not be deleted.
#[derive(Debug, thiserror::Error)]
pub enum DeleteApplicationError {
    /// No such application of this representative.
    #[error("the application does not exist")]
    NotFound,
    /// Submitted applications are never deleted.
    #[error("a submitted application cannot be deleted")]
    AlreadySubmitted,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(DeleteApplicationError);

/// The most family members one group may have.
pub const MAX_FAMILY_MEMBERS: usize = 20;

impl ApplicationService {
    /// A service over the given ports and settings.
    pub fn new(ports: ApplicationPorts, settings: ApplicationSettings) -> Self {
        Self {
            ports,
            settings: Arc::new(settings),
        }
    }

    /// The settings in force.
    pub fn settings(&self) -> &ApplicationSettings {
        &self.settings
    }

    pub(super) fn now(&self) -> OffsetDateTime {
        self.ports.clock.now()
    }

    /// Side effects that audit `action` on each of `applications` by the owner (`actor`
    /// `None` for the expiry job).
    pub(super) fn audited(
        &self,
        owner: AccountId,
        actor: Option<AccountId>,
        applications: impl IntoIterator<Item = ApplicationId>,
        action: AuditAction,
    ) -> SideEffects {
        let at = self.now();
        SideEffects {
            audit: applications
                .into_iter()
                .map(|id| AuditEvent {
                    at,
                    actor,
                    subject: Some(owner),
                    application: Some(id),
                    enquiry: None,
                    action,
                })
                .collect(),
            ..SideEffects::default()
        }
    }

    /// Starts an application for the principal and, for a group, each family member; they
    /// share one group number (F10). Returns them principal first.
    pub async fn start(
        &self,
        owner: &Account,
        command: StartCommand,
    ) -> Result<Vec<Application>, StartError> {
        if !command.acknowledged {
            return Err(StartError::NotAcknowledged);
        }
        if owner.has_applications()
            && owner.status == AccountStatus::Approved
            && !owner.in_good_standing()
        {
            return Err(StartError::NotInGoodStanding);
        }
        if !owner.can_start_applications() {
            return Err(StartError::NotApproved);
        }
        if command.family_members.len() > MAX_FAMILY_MEMBERS {
            return Err(StartError::TooManyFamilyMembers {
                max: MAX_FAMILY_MEMBERS,
            });
        }
        let group_id = self.ports.applications.next_group_id().await?;
        let now = self.now();
        let days = self.settings.draft_lifetime_days;
        let applicants = std::iter::once((GroupRole::Principal, &command.principal)).chain(
            command
                .family_members
                .iter()
                .map(|a| (GroupRole::FamilyMember, a)),
        );
        let applications: Vec<Application> = applicants
            .map(|(role, a)| {
                let id = ApplicationId::from_uuid(self.ports.ids.new_id());
                let kind = command.kind.clone();
                Application::start(
                    id,
                    owner.id,
                    group_id,
                    role,
                    kind,
                    &a.given_name,
                    &a.family_name,
                    now,
                    days,
                )
            })
            .collect();
        let effects = self.audited(
            owner.id,
            Some(owner.id),
            applications.iter().map(|a| a.id),
            AuditAction::ApplicationCreated,
        );
        self.ports
            .applications
            .insert(&applications, &effects)
            .await?;
        Ok(applications)
    }

    /// The representative's application with its documents.
    pub async fn view(
        &self,
        owner: AccountId,
        id: ApplicationId,
    ) -> Result<(Application, Vec<Document>), FindApplicationError> {
        let application = self
            .ports
            .applications
            .find(owner, id)
            .await?
            .ok_or(FindApplicationError::NotFound)?;
        let documents = self.ports.documents.list(application.id).await?;
        Ok((application, documents))
    }

    /// The representative's application with this number, with its documents.
    pub async fn view_by_number(
        &self,
        owner: AccountId,
        number: &ApplicationNumber,
    ) -> Result<(Application, Vec<Document>), FindApplicationError> {
        let application = self.find_by_number(owner, number).await?;
        let documents = self.ports.documents.list(application.id).await?;
        Ok((application, documents))
    }

    /// The representative's application with this number.
    pub async fn find_by_number(
        &self,
        owner: AccountId,
        number: &ApplicationNumber,
    ) -> Result<Application, FindApplicationError> {
        self.ports
            .applications
            .find_by_number(owner, number)
            .await?
            .ok_or(FindApplicationError::NotFound)
    }

    /// One page of the representative's applications (F15, F16). A page past the end
    /// answers the last page.
    pub async fn search(
        &self,
        owner: AccountId,
        query: ApplicationQuery,
    ) -> Result<Page, SearchError> {
        let mut query = normalise(query)?;
        let (total, mut items) = self.ports.applications.search(owner, &query).await?;
        let last_page = crate::paging::last_page(total, query.per_page);
        if query.page > last_page {
            query.page = last_page;
            items = self.ports.applications.search(owner, &query).await?.1;
        }
        Ok(Page {
            items,
            total,
            page: query.page,
            per_page: query.per_page,
        })
    }

    /// Deletes a draft (F13). Deleting a principal applicant deletes the group's drafts.
    pub async fn delete(
        &self,
        owner: AccountId,
        id: ApplicationId,
    ) -> Result<(), DeleteApplicationError> {
        let application = self
            .ports
            .applications
            .find(owner, id)
            .await?
            .ok_or(DeleteApplicationError::NotFound)?;
        if !application.is_draft() {
            return Err(DeleteApplicationError::AlreadySubmitted);
        }
        let doomed: Vec<ApplicationId> = match application.role {
            GroupRole::Principal => self
                .ports
                .applications
                .find_group(owner, application.group_id)
                .await?
                .into_iter()
                .filter(Application::is_draft)
                .map(|a| a.id)
                .collect(),
            GroupRole::FamilyMember => vec![application.id],
        };
        self.remove(owner, Some(owner), &doomed, AuditAction::ApplicationDeleted)
            .await?;
        Ok(())
    }

    /// Deletes drafts and then their stored files. A file left behind by a crash between
    /// the two is unreachable (its record is gone) and harmless. A draft the repository did
    /// not delete (submitted meanwhile) keeps its files: its records still point at them.
    /// Each deletion is audited as `action` by `actor`.
    async fn remove(
        &self,
        owner: AccountId,
        actor: Option<AccountId>,
        ids: &[ApplicationId],
        action: AuditAction,
    ) -> Result<u64, UnexpectedError> {
        let mut files = Vec::new();
        for id in ids {
            let names: Vec<String> = self
                .ports
                .documents
                .list(*id)
                .await?
                .into_iter()
                .map(|d| d.stored_name)
                .collect();
            files.push((*id, names));
        }
        let effects = self.audited(owner, actor, ids.iter().copied(), action);
        let deleted = self
            .ports
            .applications
            .delete_drafts(owner, ids, &effects)
            .await?;
        let all_deleted = usize::try_from(deleted).is_ok_and(|n| n >= ids.len());
        for (id, names) in files {
            if !all_deleted && self.ports.applications.find(owner, id).await?.is_some() {
                continue;
            }
            for name in names {
                if let Err(e) = self.ports.store.delete(&name).await {
                    return Err(UnexpectedError(Box::new(e)));
                }
            }
        }
        Ok(deleted)
    }

    /// Warns the owners of drafts whose last day is `expiry_warning_days` away or nearer,
    /// once per draft, with an account message and an email in the owner's language (F12);
    /// at most `limit` drafts per call. Returns how many were warned.
    pub async fn warn_expiring_drafts(&self, limit: u32) -> Result<u64, UnexpectedError> {
        let now = self.now();
        let today = now.to_offset(UtcOffset::UTC).date();
        let by = today
            .checked_add(time::Duration::days(i64::from(
                self.settings.expiry_warning_days,
            )))
            .unwrap_or(today);
        let drafts = self.ports.applications.drafts_to_warn(by, limit).await?;
        // A representative often has several drafts in a batch: each owner is read once.
        let mut owners: std::collections::HashMap<AccountId, Option<Account>> =
            std::collections::HashMap::new();
        let mut warned = 0;
        for draft in drafts {
            let owner = match owners.entry(draft.representative_id) {
                std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
                std::collections::hash_map::Entry::Vacant(new) => new.insert(
                    self.ports
                        .accounts
                        .find_by_id(draft.representative_id)
                        .await?,
                ),
            };
            let Some(owner) = owner.as_ref() else {
                continue;
            };
            let Some(last_day) = draft.expires_on() else {
                continue;
            };
            let notice = Notice::DraftExpiring {
                applicant: &draft.applicant_name,
                last_day,
            };
            let rendered = notice.render(
                self.ports.wording.as_ref(),
                owner.language,
                &self.settings.public_base_url,
            );
            let effects = SideEffects {
                mails: vec![OutgoingMail {
                    to: owner.email.clone(),
                    subject: rendered.subject.clone(),
                    body: rendered.body.clone(),
                }],
                messages: vec![AccountMessage {
                    account_id: owner.id,
                    subject: rendered.subject,
                    body: rendered.body,
                    sent_at: now,
                    asks_action: false,
                }],
                ..SideEffects::default()
            };
            if self
                .ports
                .applications
                .mark_expiry_warned(draft.id, now, &effects)
                .await?
            {
                warned += 1;
            }
        }
        Ok(warned)
    }

    /// Deletes drafts past their last day (F12), at most `limit` per call; returns how many.
    pub async fn purge_expired(&self, limit: u32) -> Result<u64, UnexpectedError> {
        let today = self.now().to_offset(UtcOffset::UTC).date();
        let expired = self.ports.applications.expired_drafts(today, limit).await?;
        let mut deleted = 0;
        for draft in expired {
            deleted += self
                .remove(
                    draft.representative_id,
                    None,
                    &[draft.id],
                    AuditAction::ApplicationExpired,
                )
                .await?;
        }
        Ok(deleted)
    }
}
