//! Enquiries (F7, F8, F24): a representative sends the web form and follows their enquiries;
//! officers list, answer and resolve them. Resolving one applies the change it asked for (name,
//! mailing address, membership ID, closing the account) in the transaction of the account
//! update, and every step ends with an account message.

use time::UtcOffset;

use super::model::{Account, AccountId, Role, TransitionError};
use super::notices::Notice;
use super::ports::UpdateAccountError;
use super::service::{AccountService, audit};
use crate::application::{DocumentStoreError, display_file_name};
use crate::audit::{AuditAction, AuditEvent};
use crate::enquiry::{
    Enquiry, EnquiryDocument, EnquiryForm, EnquiryId, EnquiryKind, EnquiryQuery, EnquiryReply,
    EnquiryStatus, EnquiryType, FormProblem, Resolution, ResolvedEnquiry,
};
use crate::error::{UnexpectedError, unexpected_from};
use crate::paging::Page;

/// Longest reply, in characters.
pub const MAX_REPLY_CHARS: usize = 2000;

/// Why an enquiry use case was refused.
#[derive(Debug, thiserror::Error)]
pub enum EnquiryError {
    /// Only representatives send enquiries; only officers answer them.
    #[error("this account may not do this")]
    Forbidden,
    /// No such enquiry (or not the account's own).
    #[error("the enquiry does not exist")]
    NotFound,
    /// Some fields of the form are invalid; all are listed and nothing was stored.
    #[error("some fields are invalid")]
    Invalid(Vec<FormProblem>),
    /// The reply is empty, too long, or holds control characters.
    #[error("write the reply in 1 to {MAX_REPLY_CHARS} characters")]
    Reply,
    /// Paging values are invalid.
    #[error("{0}")]
    Query(&'static str),
    /// The enquiry was already resolved.
    #[error("the enquiry was already resolved")]
    AlreadyResolved,
    /// The resolution does not fit the enquiry: only a closure request closes the account,
    /// and a closure request changes nothing else.
    #[error(
        "only a closure request closes the account, and a closure request changes nothing else"
    )]
    ResolutionNotApplicable,
    /// The account's status does not allow the change (closing a closed account).
    #[error(transparent)]
    InvalidTransition(#[from] TransitionError),
    /// Something changed meanwhile; reload and try again.
    #[error("the enquiry or the account changed meanwhile")]
    Conflict,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(EnquiryError);

impl From<UpdateAccountError> for EnquiryError {
    fn from(e: UpdateAccountError) -> Self {
        match e {
            UpdateAccountError::NotFound => Self::NotFound,
            UpdateAccountError::Unexpected(e) => e.into(),
            _ => Self::Conflict,
        }
    }
}

impl From<DocumentStoreError> for EnquiryError {
    fn from(e: DocumentStoreError) -> Self {
        Self::Unexpected(e.into())
    }
}

fn check_page(page: u32, per_page: u32) -> Result<(), EnquiryError> {
    if page == 0 {
        return Err(EnquiryError::Query("page starts at 1"));
    }
    if !crate::application::PAGE_SIZES.contains(&per_page) {
        return Err(EnquiryError::Query(
            "items per page is 5, 10, 25, 50 or 100",
        ));
    }
    Ok(())
}

fn clean_reply(raw: &str) -> Result<String, EnquiryError> {
    let text = crate::text::multi_line(raw)
        .map_err(|_| EnquiryError::Reply)?
        .trim();
    if text.is_empty() || text.chars().count() > MAX_REPLY_CHARS {
        return Err(EnquiryError::Reply);
    }
    Ok(text.to_owned())
}

impl AccountService {
    fn ensure_enquiry_officer(actor: &Account) -> Result<(), EnquiryError> {
        if actor.is_acting_officer() {
            Ok(())
        } else {
            Err(EnquiryError::Forbidden)
        }
    }

    /// A representative sends the web form (F7): every field is checked and every problem
    /// listed; the supporting documents are checked by their content like application
    /// uploads. The enquiry gets a reference number, which the acknowledgement quotes.
    pub async fn submit_enquiry(
        &self,
        account_id: AccountId,
        form: EnquiryForm,
    ) -> Result<Enquiry, EnquiryError> {
        let account = self
            .ports
            .accounts
            .find_by_id(account_id)
            .await?
            .ok_or(EnquiryError::NotFound)?;
        if account.role != Role::Representative {
            return Err(EnquiryError::Forbidden);
        }
        let now = self.now();
        let checked = form
            .check(
                now.to_offset(UtcOffset::UTC).date(),
                self.settings.max_upload_bytes,
            )
            .map_err(EnquiryError::Invalid)?;
        let reference = self.ports.enquiries.next_reference().await?;
        let mut documents = Vec::with_capacity(checked.documents.len());
        for (name, file_type, bytes) in &checked.documents {
            let id = self.ports.ids.new_id();
            let document = EnquiryDocument {
                id,
                file_name: display_file_name(name),
                file_type: *file_type,
                size: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
                stored_name: id.simple().to_string(),
            };
            if let Err(e) = self.ports.files.put(&document.stored_name, bytes).await {
                self.forget(&documents).await;
                return Err(e.into());
            }
            documents.push(document);
        }
        let enquiry = Enquiry {
            id: EnquiryId::from_uuid(self.ports.ids.new_id()),
            reference,
            account_id,
            kind: EnquiryKind::WebForm,
            enquiry_type: checked.enquiry_type,
            family_name: checked.family_name,
            given_name: checked.given_name,
            email: checked.email,
            date_of_birth: Some(checked.date_of_birth),
            ircc_id: Some(checked.ircc_id),
            request: checked.request,
            documents,
            status: EnquiryStatus::Open,
            submitted_at: now,
            replies: Vec::new(),
            resolved_at: None,
        };
        let mut effects = self.tell(&account, &Notice::EnquiryReceived(&enquiry.reference), now);
        effects.audit.push(AuditEvent {
            enquiry: Some(enquiry.id),
            ..audit(
                now,
                Some(account_id),
                Some(account_id),
                AuditAction::EnquirySubmitted,
            )
        });
        if let Err(e) = self.ports.enquiries.insert(&enquiry, &effects).await {
            self.forget(&enquiry.documents).await;
            return Err(e.into());
        }
        Ok(enquiry)
    }

    /// Removes the stored bytes of documents whose enquiry was not stored.
    async fn forget(&self, documents: &[EnquiryDocument]) {
        for document in documents {
            let _ = self.ports.files.delete(&document.stored_name).await;
        }
    }

    /// A closure request as an enquiry of the queue (F8), for the closure request's change.
    pub(super) async fn closure_enquiry(
        &self,
        account: &Account,
    ) -> Result<Enquiry, crate::RepositoryError> {
        let reference = self.ports.enquiries.next_reference().await?;
        Ok(Enquiry {
            id: EnquiryId::from_uuid(self.ports.ids.new_id()),
            reference,
            account_id: account.id,
            kind: EnquiryKind::Closure,
            enquiry_type: EnquiryType::TechnicalDifficulties,
            family_name: account.surname.clone(),
            given_name: account.given_name.clone(),
            email: Some(account.email.clone()),
            date_of_birth: None,
            ircc_id: account.ircc_id.clone(),
            request: "Please close my account.".to_owned(),
            documents: Vec::new(),
            status: EnquiryStatus::Open,
            submitted_at: self.now(),
            replies: Vec::new(),
            resolved_at: None,
        })
    }

    /// The account's own enquiries, newest first.
    pub async fn own_enquiries(
        &self,
        account_id: AccountId,
        page: u32,
        per_page: u32,
    ) -> Result<Page<Enquiry>, EnquiryError> {
        self.enquiry_page(EnquiryQuery {
            account: Some(account_id),
            status: None,
            enquiry_type: None,
            kind: None,
            newest_first: true,
            page,
            per_page,
        })
        .await
    }

    /// One of the account's own enquiries, with the replies.
    pub async fn own_enquiry(
        &self,
        account_id: AccountId,
        id: EnquiryId,
    ) -> Result<Enquiry, EnquiryError> {
        self.ports
            .enquiries
            .find(id)
            .await?
            .filter(|e| e.account_id == account_id)
            .ok_or(EnquiryError::NotFound)
    }

    /// The officers' queue: oldest first, filtered by status, type and kind.
    pub async fn enquiries(
        &self,
        officer: &Account,
        query: EnquiryQuery,
    ) -> Result<Page<Enquiry>, EnquiryError> {
        Self::ensure_enquiry_officer(officer)?;
        self.enquiry_page(query).await
    }

    async fn enquiry_page(&self, query: EnquiryQuery) -> Result<Page<Enquiry>, EnquiryError> {
        check_page(query.page, query.per_page)?;
        let (total, items) = self.ports.enquiries.search(&query).await?;
        Ok(Page {
            items,
            total,
            page: query.page,
            per_page: query.per_page,
        })
    }

    /// One enquiry, for an officer.
    pub async fn enquiry(&self, officer: &Account, id: EnquiryId) -> Result<Enquiry, EnquiryError> {
        Self::ensure_enquiry_officer(officer)?;
        self.ports
            .enquiries
            .find(id)
            .await?
            .ok_or(EnquiryError::NotFound)
    }

    async fn open_enquiry_of(&self, id: EnquiryId) -> Result<(Enquiry, Account), EnquiryError> {
        let enquiry = self
            .ports
            .enquiries
            .find(id)
            .await?
            .ok_or(EnquiryError::NotFound)?;
        if enquiry.status == EnquiryStatus::Resolved {
            return Err(EnquiryError::AlreadyResolved);
        }
        let account = self
            .ports
            .accounts
            .find_by_id(enquiry.account_id)
            .await?
            .ok_or(EnquiryError::NotFound)?;
        Ok((enquiry, account))
    }

    /// An officer replies; the enquiry stays in the queue as replied and the representative
    /// gets the reply as an account message.
    pub async fn reply_to_enquiry(
        &self,
        officer: &Account,
        id: EnquiryId,
        reply: &str,
    ) -> Result<Enquiry, EnquiryError> {
        Self::ensure_enquiry_officer(officer)?;
        let reply = clean_reply(reply)?;
        let (enquiry, account) = self.open_enquiry_of(id).await?;
        let now = self.now();
        let mut effects = self.tell(
            &account,
            &Notice::EnquiryReply {
                reference: &enquiry.reference,
                reply: &reply,
            },
            now,
        );
        effects.audit.push(AuditEvent {
            enquiry: Some(id),
            ..audit(
                now,
                Some(officer.id),
                Some(account.id),
                AuditAction::EnquiryReplied,
            )
        });
        let answered = EnquiryReply {
            body: reply,
            sent_at: now,
        };
        if !self
            .ports
            .enquiries
            .reply(id, &answered, false, &effects)
            .await?
        {
            return Err(EnquiryError::AlreadyResolved);
        }
        self.enquiry(officer, id).await
    }

    /// An officer resolves an enquiry: the change it asked for is applied to the account in
    /// the same transaction, and the representative is told with `reply`.
    pub async fn resolve_enquiry(
        &self,
        officer: &Account,
        id: EnquiryId,
        resolution: Resolution,
        reply: &str,
    ) -> Result<Enquiry, EnquiryError> {
        Self::ensure_enquiry_officer(officer)?;
        let reply = clean_reply(reply)?;
        let (enquiry, mut account) = self.open_enquiry_of(id).await?;
        let closes = resolution == Resolution::CloseAccount;
        let changes = !matches!(resolution, Resolution::Answered | Resolution::CloseAccount);
        if (closes && enquiry.kind != EnquiryKind::Closure)
            || (changes && enquiry.kind == EnquiryKind::Closure)
        {
            return Err(EnquiryError::ResolutionNotApplicable);
        }
        let now = self.now();
        let mut effects = self.tell(
            &account,
            &Notice::EnquiryResolved {
                reference: &enquiry.reference,
                reply: &reply,
            },
            now,
        );
        effects.audit.push(AuditEvent {
            enquiry: Some(id),
            ..audit(
                now,
                Some(officer.id),
                Some(account.id),
                AuditAction::EnquiryResolved,
            )
        });
        let mut files = Vec::new();
        match resolution {
            Resolution::Answered => {
                let answered = EnquiryReply {
                    body: reply,
                    sent_at: now,
                };
                if !self
                    .ports
                    .enquiries
                    .reply(id, &answered, true, &effects)
                    .await?
                {
                    return Err(EnquiryError::AlreadyResolved);
                }
                return self.enquiry(officer, id).await;
            }
            Resolution::ChangeName {
                given_name,
                surname,
            } => {
                account.given_name = given_name;
                account.surname = surname;
                account.updated_at = now;
                effects.audit.push(audit(
                    now,
                    Some(officer.id),
                    Some(account.id),
                    AuditAction::ContactUpdated,
                ));
            }
            Resolution::ChangeMailingAddress(address) => {
                let details = account
                    .representative
                    .as_mut()
                    .ok_or(EnquiryError::Forbidden)?;
                details.mailing_address = Some(address);
                account.updated_at = now;
                effects.audit.push(audit(
                    now,
                    Some(officer.id),
                    Some(account.id),
                    AuditAction::ContactUpdated,
                ));
            }
            Resolution::ChangeMembershipId(membership) => {
                let details = account
                    .representative
                    .as_mut()
                    .ok_or(EnquiryError::Forbidden)?;
                details.membership_id = membership;
                account.updated_at = now;
                effects.audit.push(audit(
                    now,
                    Some(officer.id),
                    Some(account.id),
                    AuditAction::ContactUpdated,
                ));
            }
            Resolution::CloseAccount => {
                account.close(now)?;
                files = self.ports.accounts.draft_files(account.id).await?;
                let closed = self.tell(&account, &Notice::AccountClosed, now);
                effects.mails.extend(closed.mails);
                effects.messages.extend(closed.messages);
                effects.end_sessions = true;
                effects.delete_drafts = true;
                effects.audit.push(audit(
                    now,
                    Some(officer.id),
                    Some(account.id),
                    AuditAction::AccountClosed,
                ));
            }
        }
        effects.resolve_enquiry = Some(ResolvedEnquiry { id, at: now, reply });
        self.save(&mut account, &effects).await?;
        for name in files {
            let _ = self.ports.files.delete(&name).await;
        }
        self.enquiry(officer, id).await
    }
}
