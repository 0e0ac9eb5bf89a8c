//! The account's message inbox (F19): the messages about the account itself (enrolment,
//! standing, account changes, enquiry replies), newest first, searched by subject; opening
//! one marks it read.

use std::fmt;

use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;

use super::model::AccountId;
use super::service::AccountService;
use crate::error::{RepositoryError, UnexpectedError, unexpected_from};

/// The sizes a page of messages may have ("Items per page").
pub const MESSAGE_PAGE_SIZES: [u32; 5] = [5, 10, 25, 50, 100];

/// The longest subject search, in characters.
const MAX_SUBJECT_SEARCH: usize = 100;

/// A stored message's identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageId(Uuid);

impl MessageId {
    /// Wraps a UUID read from storage or a request.
    pub fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The UUID.
    pub fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A message in the inbox, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxMessage {
    /// Identifier.
    pub id: MessageId,
    /// Subject, in the account's language when it was sent.
    pub subject: String,
    /// Body text.
    pub body: String,
    /// "Date sent".
    pub sent_at: OffsetDateTime,
    /// "Date read": when the owner first opened it.
    pub read_at: Option<OffsetDateTime>,
    /// Whether it asks the owner to act.
    pub asks_action: bool,
}

/// The order of the inbox by date sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SentOrder {
    /// Newest first (the default).
    #[default]
    NewestFirst,
    /// Oldest first.
    OldestFirst,
}

/// Which messages to list: a subject search, the order and the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxQuery {
    /// Part of the subject; case is ignored. Blank means every message.
    pub subject: Option<String>,
    /// By date sent.
    pub order: SentOrder,
    /// 1-based page.
    pub page: u32,
    /// Messages per page, one of [`MESSAGE_PAGE_SIZES`].
    pub per_page: u32,
}

impl Default for InboxQuery {
    /// Every message, newest first, 5 a page (as the guide's screen shows).
    fn default() -> Self {
        Self {
            subject: None,
            order: SentOrder::NewestFirst,
            page: 1,
            per_page: 5,
        }
    }
}

/// Why an inbox query was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InboxQueryError {
    /// `per_page` is not one of the offered sizes.
    #[error("the number of messages per page must be 5, 10, 25, 50 or 100")]
    PageSize,
    /// `page` is 0.
    #[error("the page must be 1 or more")]
    Page,
    /// The subject search is too long or holds control characters.
    #[error("the subject search must be one line of at most 100 characters")]
    Subject,
}

/// A page of the inbox (the last one when a later page was asked for).
pub type InboxPage = crate::paging::Page<InboxMessage>;

/// Why the inbox could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum ListMessagesError {
    /// The query is invalid; nothing was read.
    #[error(transparent)]
    Invalid(#[from] InboxQueryError),
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(ListMessagesError);

/// Why a message could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenMessageError {
    /// No message of this account has this id.
    #[error("the message does not exist")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(OpenMessageError);

/// Stored inbox messages. New messages are written as [`super::SideEffects`] of a change.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait InboxStore: Send + Sync {
    /// The total of the account's messages matching the query, and the query's page of
    /// them ordered by date sent (ties by id, the same way in both orders). The query is
    /// already checked and its subject trimmed; a subject matches when it contains the
    /// search text whatever its case, `%` and `_` included as plain characters.
    async fn search(
        &self,
        account: AccountId,
        query: &InboxQuery,
    ) -> Result<(u64, Vec<InboxMessage>), RepositoryError>;

    /// The account's message with this id, marked read at `now` unless it was read
    /// before (its first read time is kept). MUST return `None` for another account's
    /// message, so that no one learns that it exists.
    async fn open(
        &self,
        account: AccountId,
        id: MessageId,
        now: OffsetDateTime,
    ) -> Result<Option<InboxMessage>, RepositoryError>;
}

/// Checks a query and trims its subject search.
fn checked(mut query: InboxQuery) -> Result<InboxQuery, InboxQueryError> {
    if !MESSAGE_PAGE_SIZES.contains(&query.per_page) {
        return Err(InboxQueryError::PageSize);
    }
    if query.page == 0 {
        return Err(InboxQueryError::Page);
    }
    query.subject = match query.subject.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => {
            if text.chars().count() > MAX_SUBJECT_SEARCH || crate::text::one_line(text).is_err() {
                return Err(InboxQueryError::Subject);
            }
            Some(text.to_owned())
        }
    };
    Ok(query)
}

impl AccountService {
    /// A page of the account's messages (F19). A page past the end answers the last one.
    pub async fn messages(
        &self,
        account: AccountId,
        query: InboxQuery,
    ) -> Result<InboxPage, ListMessagesError> {
        let mut query = checked(query)?;
        let inbox = &self.ports.inbox;
        let (total, mut items) = inbox.search(account, &query).await?;
        let last_page = crate::paging::last_page(total, query.per_page);
        if query.page > last_page {
            query.page = last_page;
            items = inbox.search(account, &query).await?.1;
        }
        Ok(InboxPage {
            items,
            total,
            page: query.page,
            per_page: query.per_page,
        })
    }

    /// Opens one of the account's messages, which marks it read (F19).
    pub async fn open_message(
        &self,
        account: AccountId,
        id: MessageId,
    ) -> Result<InboxMessage, OpenMessageError> {
        let now = self.now();
        self.ports
            .inbox
            .open(account, id, now)
            .await?
            .ok_or(OpenMessageError::NotFound)
    }
}

#[cfg(test)]
#[path = "inbox_tests.rs"]
mod tests;
