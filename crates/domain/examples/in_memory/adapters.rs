//! The example's storage adapters: one in-memory store, a `HashMap` per table behind a
//! std `Mutex`, implementing the six storage ports of `portal-domain`, and a document store
//! that holds nothing. A change and its side effects are applied under one lock, as a
//! database adapter does in one transaction.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use portal_domain::RepositoryError;
use portal_domain::account::{
    Account, AccountId, AccountMessage, AccountRepository, AccountStatusKind, AttemptCount,
    EmailAddress, EmailChangeStore, InboxMessage, InboxQuery, InboxStore, InsertAccountError,
    MessageId, PendingEmailChange, ResetCodeStore, SentOrder, Session, SessionStore, SideEffects,
    StoredResetCode, ThrottleKey, ThrottlePolicy, ThrottleState, ThrottleStore, UpdateAccountError,
};
use portal_domain::application::{DocumentStore, DocumentStoreError};
use portal_domain::audit::AuditEvent;
use portal_domain::enquiry::{
    Enquiry, EnquiryId, EnquiryQuery, EnquiryReference, EnquiryReply, EnquiryRepository,
    EnquiryStatus,
};
use portal_domain::mail::OutgoingMail;
use portal_domain::secrets::TokenDigest;
use time::OffsetDateTime;

/// Every table of the in-memory "database", behind one lock so that a change and its side
/// effects are applied together, as a real repository does in one transaction.
#[derive(Debug, Default)]
pub struct Tables {
    accounts: HashMap<AccountId, Account>,
    sessions: HashMap<TokenDigest, Session>,
    reset_codes: HashMap<AccountId, StoredResetCode>,
    throttle: HashMap<ThrottleKey, ThrottleState>,
    email_changes: HashMap<AccountId, PendingEmailChange>,
    /// Mail waiting for delivery.
    pub outbox: Vec<OutgoingMail>,
    /// Account messages; a message's id is its position here, from 1.
    pub inbox: Vec<AccountMessage>,
    /// When each message (by position) was first opened.
    read: HashMap<usize, OffsetDateTime>,
    /// The audit trail.
    pub audit: Vec<AuditEvent>,
    /// Enquiries and closure requests, oldest first.
    pub enquiries: Vec<Enquiry>,
    /// Enquiry reference numbers handed out.
    enquiry_references: u64,
}

impl Tables {
    /// Writes the side effects of a change to the account `subject` (if any).
    fn apply(&mut self, subject: Option<AccountId>, effects: &SideEffects) {
        self.outbox.extend(effects.mails.iter().cloned());
        self.inbox.extend(effects.messages.iter().cloned());
        self.audit.extend(effects.audit.iter().cloned());
        if let Some(id) = subject {
            if effects.end_sessions {
                self.sessions.retain(|_, s| s.account_id != id);
            }
            if effects.delete_reset_code {
                self.reset_codes.remove(&id);
            }
            if effects.delete_email_change {
                self.email_changes.remove(&id);
            }
        }
        if let Some(change) = &effects.store_email_change {
            self.email_changes.insert(change.account_id, change.clone());
        }
        if let Some(key) = &effects.clear_throttle {
            self.throttle.retain(|k, _| k.email() != key.email());
        }
        if let Some(enquiry) = &effects.store_enquiry {
            self.enquiries.push(enquiry.clone());
        }
        if let Some(resolved) = &effects.resolve_enquiry
            && let Some(enquiry) = self.enquiries.iter_mut().find(|e| e.id == resolved.id)
        {
            enquiry.status = EnquiryStatus::Resolved;
            enquiry.resolved_at = Some(resolved.at);
            enquiry.replies.push(EnquiryReply {
                body: resolved.reply.clone(),
                sent_at: resolved.at,
            });
        }
    }
}

#[async_trait]
impl EnquiryRepository for InMemoryStore {
    async fn next_reference(&self) -> Result<EnquiryReference, RepositoryError> {
        let mut t = self.tables();
        t.enquiry_references += 1;
        EnquiryReference::from_sequence(t.enquiry_references)
            .ok_or_else(|| RepositoryError::message("the enquiry references ran out"))
    }

    async fn insert(
        &self,
        enquiry: &Enquiry,
        effects: &SideEffects,
    ) -> Result<(), RepositoryError> {
        let mut t = self.tables();
        t.enquiries.push(enquiry.clone());
        t.apply(Some(enquiry.account_id), effects);
        Ok(())
    }

    async fn find(&self, id: EnquiryId) -> Result<Option<Enquiry>, RepositoryError> {
        Ok(self.tables().enquiries.iter().find(|e| e.id == id).cloned())
    }

    async fn search(&self, query: &EnquiryQuery) -> Result<(u64, Vec<Enquiry>), RepositoryError> {
        let t = self.tables();
        let mut found: Vec<Enquiry> = t
            .enquiries
            .iter()
            .filter(|e| query.account.is_none_or(|a| e.account_id == a))
            .filter(|e| query.status.is_none_or(|s| e.status == s))
            .filter(|e| query.enquiry_type.is_none_or(|k| e.enquiry_type == k))
            .filter(|e| query.kind.is_none_or(|k| e.kind == k))
            .cloned()
            .collect();
        if query.newest_first {
            found.reverse();
        }
        let total = found.len() as u64;
        let skip = (query.page.saturating_sub(1) * query.per_page) as usize;
        Ok((
            total,
            found
                .into_iter()
                .skip(skip)
                .take(query.per_page as usize)
                .collect(),
        ))
    }

    async fn reply(
        &self,
        id: EnquiryId,
        reply: &EnquiryReply,
        resolve: bool,
        effects: &SideEffects,
    ) -> Result<bool, RepositoryError> {
        let mut t = self.tables();
        let Some(enquiry) = t
            .enquiries
            .iter_mut()
            .find(|e| e.id == id && e.status != EnquiryStatus::Resolved)
        else {
            return Ok(false);
        };
        enquiry.replies.push(reply.clone());
        enquiry.status = if resolve {
            enquiry.resolved_at = Some(reply.sent_at);
            EnquiryStatus::Resolved
        } else {
            EnquiryStatus::Replied
        };
        t.apply(None, effects);
        Ok(true)
    }
}

/// One in-memory store implementing the five storage ports.
#[derive(Debug, Default)]
pub struct InMemoryStore(Mutex<Tables>);

impl InMemoryStore {
    /// Every table, locked.
    pub fn tables(&self) -> MutexGuard<'_, Tables> {
        // A panic while holding the lock leaves plain data behind; keep using it.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl AccountRepository for InMemoryStore {
    async fn insert(
        &self,
        account: &Account,
        effects: &SideEffects,
    ) -> Result<(), InsertAccountError> {
        let mut t = self.tables();
        if t.accounts.values().any(|a| a.email == account.email) {
            return Err(InsertAccountError::EmailTaken);
        }
        t.accounts.insert(account.id, account.clone());
        t.apply(Some(account.id), effects);
        Ok(())
    }

    async fn find_by_id(&self, id: AccountId) -> Result<Option<Account>, RepositoryError> {
        Ok(self.tables().accounts.get(&id).cloned())
    }

    async fn find_by_email(
        &self,
        email: &EmailAddress,
    ) -> Result<Option<Account>, RepositoryError> {
        let t = self.tables();
        Ok(t.accounts.values().find(|a| a.email == *email).cloned())
    }

    async fn update(
        &self,
        account: &Account,
        effects: &SideEffects,
    ) -> Result<(), UpdateAccountError> {
        let mut t = self.tables();
        let stored = t
            .accounts
            .get(&account.id)
            .ok_or(UpdateAccountError::NotFound)?;
        if stored.version != account.version {
            return Err(UpdateAccountError::Conflict);
        }
        let others = || t.accounts.values().filter(|a| a.id != account.id);
        if others().any(|a| a.email == account.email) {
            return Err(UpdateAccountError::EmailTaken);
        }
        if account.ircc_id.is_some() && others().any(|a| a.ircc_id == account.ircc_id) {
            return Err(UpdateAccountError::IrccIdTaken);
        }
        let mut saved = account.clone();
        saved.version += 1;
        t.accounts.insert(saved.id, saved);
        t.apply(Some(account.id), effects);
        Ok(())
    }

    async fn draft_files(&self, _id: AccountId) -> Result<Vec<String>, RepositoryError> {
        // This example stores accounts only: no account has draft applications.
        Ok(Vec::new())
    }

    async fn record(&self, effects: &SideEffects) -> Result<(), RepositoryError> {
        self.tables().apply(None, effects);
        Ok(())
    }

    async fn list_by_status(
        &self,
        status: AccountStatusKind,
        limit: u32,
    ) -> Result<Vec<Account>, RepositoryError> {
        let t = self.tables();
        let mut found: Vec<Account> = t
            .accounts
            .values()
            .filter(|a| a.status.kind() == status)
            .cloned()
            .collect();
        found.sort_by_key(|a| (a.created_at, a.id));
        found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(found)
    }
}

#[async_trait]
impl SessionStore for InMemoryStore {
    async fn insert(&self, session: &Session) -> Result<(), RepositoryError> {
        let mut t = self.tables();
        t.sessions.insert(session.digest.clone(), session.clone());
        Ok(())
    }

    async fn find_with_account(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<(Session, Account)>, RepositoryError> {
        let t = self.tables();
        let Some(session) = t.sessions.get(digest) else {
            return Ok(None);
        };
        // Accounts are never removed here, so a session without one is a broken table.
        let account = t
            .accounts
            .get(&session.account_id)
            .ok_or_else(|| RepositoryError::message("a session refers to no account"))?;
        Ok(Some((session.clone(), account.clone())))
    }

    async fn touch(&self, digest: &TokenDigest, at: OffsetDateTime) -> Result<(), RepositoryError> {
        if let Some(session) = self.tables().sessions.get_mut(digest) {
            session.last_seen_at = session.last_seen_at.max(at);
        }
        Ok(())
    }

    async fn delete(&self, digest: &TokenDigest) -> Result<(), RepositoryError> {
        self.tables().sessions.remove(digest);
        Ok(())
    }

    async fn delete_expired(
        &self,
        idle_before: OffsetDateTime,
        started_before: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        let mut t = self.tables();
        let before = t.sessions.len();
        t.sessions
            .retain(|_, s| s.last_seen_at >= idle_before && s.created_at >= started_before);
        Ok(u64::try_from(before - t.sessions.len()).unwrap_or(u64::MAX))
    }
}

#[async_trait]
impl ResetCodeStore for InMemoryStore {
    async fn replace(
        &self,
        code: &StoredResetCode,
        effects: &SideEffects,
    ) -> Result<(), RepositoryError> {
        let mut t = self.tables();
        t.reset_codes.insert(code.account_id, code.clone());
        t.apply(None, effects);
        Ok(())
    }

    async fn find(&self, id: AccountId) -> Result<Option<StoredResetCode>, RepositoryError> {
        Ok(self.tables().reset_codes.get(&id).cloned())
    }

    async fn claim_try(
        &self,
        id: AccountId,
        now: OffsetDateTime,
        max_tries: u32,
    ) -> Result<Option<StoredResetCode>, RepositoryError> {
        let mut t = self.tables();
        let code = t
            .reset_codes
            .get_mut(&id)
            .filter(|code| code.expires_at > now && code.failed_attempts < max_tries);
        Ok(code.map(|code| {
            code.failed_attempts += 1;
            code.clone()
        }))
    }

    async fn delete(&self, id: AccountId) -> Result<(), RepositoryError> {
        self.tables().reset_codes.remove(&id);
        Ok(())
    }
}

#[async_trait]
impl EmailChangeStore for InMemoryStore {
    async fn record_attempt(
        &self,
        id: AccountId,
        max_attempts: u32,
        now: OffsetDateTime,
    ) -> Result<Option<PendingEmailChange>, RepositoryError> {
        let mut t = self.tables();
        let Some(change) = t.email_changes.get_mut(&id) else {
            return Ok(None);
        };
        if change.attempts >= max_attempts || change.expires_at <= now {
            return Ok(None);
        }
        change.attempts += 1;
        Ok(Some(change.clone()))
    }

    async fn delete(&self, id: AccountId) -> Result<(), RepositoryError> {
        self.tables().email_changes.remove(&id);
        Ok(())
    }
}

#[async_trait]
impl ThrottleStore for InMemoryStore {
    async fn count_attempt(
        &self,
        key: &ThrottleKey,
        now: OffsetDateTime,
        policy: &ThrottlePolicy,
    ) -> Result<AttemptCount, RepositoryError> {
        let mut t = self.tables();
        let state = t.throttle.entry(key.clone()).or_insert(ThrottleState {
            failures: 0,
            window_started_at: now,
            blocked_until: None,
        });
        if let Some(until) = state.blocked_until.filter(|until| *until > now) {
            return Ok(AttemptCount::Blocked { until });
        }
        if now - state.window_started_at >= policy.window {
            state.failures = 0;
            state.window_started_at = now;
        }
        state.failures += 1;
        state.blocked_until = policy.delay_after(state.failures).map(|d| now + d);
        Ok(AttemptCount::Counted(state.failures))
    }

    async fn refund(&self, key: &ThrottleKey) -> Result<(), RepositoryError> {
        if let Some(state) = self.tables().throttle.get_mut(key) {
            state.failures = state.failures.saturating_sub(1);
        }
        Ok(())
    }

    async fn get(&self, key: &ThrottleKey) -> Result<Option<ThrottleState>, RepositoryError> {
        Ok(self.tables().throttle.get(key).copied())
    }

    async fn clear(&self, key: &ThrottleKey) -> Result<(), RepositoryError> {
        let mut t = self.tables();
        match key.address() {
            Some(_) => {
                t.throttle.remove(key);
            }
            None => t.throttle.retain(|k, _| k.email() != key.email()),
        }
        Ok(())
    }
}

/// Document bytes; this example stores none, so there is never anything to read or delete.
#[derive(Debug, Default)]
pub struct NoDocuments;

#[async_trait]
impl DocumentStore for NoDocuments {
    async fn put(&self, _name: &str, _bytes: &[u8]) -> Result<(), DocumentStoreError> {
        Err(DocumentStoreError::Unexpected(
            "this example stores no documents".to_owned(),
        ))
    }

    async fn get(&self, _name: &str) -> Result<Vec<u8>, DocumentStoreError> {
        Err(DocumentStoreError::NotFound)
    }

    async fn delete(&self, _name: &str) -> Result<(), DocumentStoreError> {
        Ok(())
    }
}

impl Tables {
    /// The account's messages as the inbox shows them, with their positions.
    fn inbox_of(&self, account: AccountId) -> Vec<(usize, InboxMessage)> {
        self.inbox
            .iter()
            .enumerate()
            .filter(|(_, m)| m.account_id == account)
            .map(|(i, m)| {
                let message = InboxMessage {
                    id: MessageId::from_uuid(uuid::Uuid::from_u128(i as u128 + 1)),
                    subject: m.subject.clone(),
                    body: m.body.clone(),
                    sent_at: m.sent_at,
                    read_at: self.read.get(&i).copied(),
                    asks_action: false,
                };
                (i, message)
            })
            .collect()
    }
}

#[async_trait]
impl InboxStore for InMemoryStore {
    async fn search(
        &self,
        account: AccountId,
        query: &InboxQuery,
    ) -> Result<(u64, Vec<InboxMessage>), RepositoryError> {
        let wanted = query.subject.as_deref().map(str::to_lowercase);
        let mut found: Vec<InboxMessage> = self
            .tables()
            .inbox_of(account)
            .into_iter()
            .map(|(_, m)| m)
            .filter(|m| {
                wanted
                    .as_deref()
                    .is_none_or(|w| m.subject.to_lowercase().contains(w))
            })
            .collect();
        found.sort_by_key(|m| (m.sent_at, m.id));
        if query.order == SentOrder::NewestFirst {
            found.reverse();
        }
        let total = found.len() as u64;
        let per_page = query.per_page as usize;
        let skip = (query.page.saturating_sub(1) as usize).saturating_mul(per_page);
        Ok((total, found.into_iter().skip(skip).take(per_page).collect()))
    }

    async fn open(
        &self,
        account: AccountId,
        id: MessageId,
        now: OffsetDateTime,
    ) -> Result<Option<InboxMessage>, RepositoryError> {
        let mut t = self.tables();
        let Some((position, _)) = t.inbox_of(account).into_iter().find(|(_, m)| m.id == id) else {
            return Ok(None);
        };
        t.read.entry(position).or_insert(now);
        Ok(t.inbox_of(account)
            .into_iter()
            .find(|(_, m)| m.id == id)
            .map(|(_, m)| m))
    }
}
