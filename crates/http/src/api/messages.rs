//! The signed-in account's messages (F19): the inbox, newest first, searched by subject;
//! opening a message marks it read.

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use portal_domain::account::{
    InboxMessage, InboxPage, InboxQuery, InboxQueryError, Language, ListMessagesError, MessageId,
    OpenMessageError, SentOrder,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::ApiTags;
use super::codes::{OrderCode, PageSize};
use super::schemas::Pager;
use crate::auth::{self, BearerAuth};
use crate::error::{ApiError, Validator, capitalise};
use crate::state::AppState;

/// The account messages.
#[derive(Debug)]
pub struct MessageApi {
    pub(crate) state: AppState,
}

/// A message as listed: the inbox's columns.
#[derive(Debug, Clone, Object)]
pub struct MessageRow {
    /// Identifier, for `GET /account/messages/{id}`.
    pub id: String,
    /// Subject, in the language of the account when it was sent.
    pub subject: String,
    /// "Date sent" (UTC).
    pub date_sent: OffsetDateTime,
    /// "Date read" (UTC): when it was first opened; absent while unread.
    #[oai(nullable)]
    pub date_read: Option<OffsetDateTime>,
    /// Whether it asks the owner to act (a request for documents at enrolment).
    pub asks_action: bool,
}

/// One message, opened.
#[derive(Debug, Clone, Object)]
pub struct Message {
    /// Identifier.
    pub id: String,
    /// Subject.
    pub subject: String,
    /// The text of the message.
    pub body: String,
    /// "Date sent" (UTC).
    pub date_sent: OffsetDateTime,
    /// "Date read" (UTC): the first opening, this one if it was unread.
    pub date_read: OffsetDateTime,
}

/// A page of the inbox.
#[derive(Debug, Clone, Object)]
pub struct MessagePage {
    /// The messages of this page.
    pub items: Vec<MessageRow>,
    /// Total, page, last page and "1 to 3 of 3".
    #[oai(flatten)]
    pub pager: Pager,
}

impl MessagePage {
    fn new(page: &InboxPage, language: Language) -> Self {
        Self {
            items: page.items.iter().map(MessageRow::from).collect(),
            pager: Pager::of(page, language),
        }
    }
}

impl From<&InboxMessage> for MessageRow {
    fn from(m: &InboxMessage) -> Self {
        Self {
            id: m.id.to_string(),
            subject: m.subject.clone(),
            date_sent: m.sent_at,
            date_read: m.read_at,
            asks_action: m.asks_action,
        }
    }
}

/// Answers of `GET /account/messages`.
#[derive(Debug, ApiResponse)]
pub enum MessagePageResponse {
    /// A page of messages.
    #[oai(status = 200)]
    Ok(Json<MessagePage>),
}

/// Answers of `GET /account/messages/{id}`.
#[derive(Debug, ApiResponse)]
pub enum MessageResponse {
    /// The message, now read.
    #[oai(status = 200)]
    Ok(Json<Message>),
}

#[OpenApi(prefix_path = "/account/messages", tag = "ApiTags::Profile")]
impl MessageApi {
    /// The account messages (F19): messages about the account itself (enrolment, standing,
    /// account changes), not about applications. Newest first, 5 a page.
    #[oai(path = "/", method = "get", operation_id = "list_account_messages")]
    async fn list(
        &self,
        auth: BearerAuth,
        /// Part of the subject; case and accents are ignored.
        #[oai(validator(max_length = 100))]
        subject: Query<Option<String>>,
        /// By date sent: `desc` (newest first, the default) or `asc`.
        order: Query<Option<OrderCode>>,
        /// The page, from 1 (default 1).
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u32>>,
        /// Messages per page (default 5).
        per_page: Query<Option<PageSize>>,
    ) -> Result<MessagePageResponse, ApiError> {
        let account = auth::account(&self.state, &auth).await?;
        let query = InboxQuery {
            subject: subject.0,
            order: match order.0 {
                Some(OrderCode::Ascending) => SentOrder::OldestFirst,
                Some(OrderCode::Descending) | None => SentOrder::NewestFirst,
            },
            page: page.0.unwrap_or(1),
            per_page: per_page.0.map_or(5, |size| size.0),
        };
        match self.state.accounts.messages(account.id, query).await {
            Ok(page) => Ok(MessagePageResponse::Ok(Json(MessagePage::new(
                &page,
                account.language,
            )))),
            Err(ListMessagesError::Invalid(e)) => {
                let field = match e {
                    InboxQueryError::PageSize => "per_page",
                    InboxQueryError::Page => "page",
                    InboxQueryError::Subject => "subject",
                };
                let mut v = Validator::new();
                v.push(field, "invalid", format!("{}.", capitalise(&e.to_string())));
                Err(v.into_error())
            }
            Err(e @ ListMessagesError::Unexpected(_)) => Err(ApiError::internal(&e)),
        }
    }

    /// Opens a message, which marks it read. Another account's message is not found.
    #[oai(path = "/:id", method = "get", operation_id = "open_account_message")]
    async fn open(
        &self,
        auth: BearerAuth,
        /// The message's `id`, as listed.
        id: Path<String>,
    ) -> Result<MessageResponse, ApiError> {
        let account = auth::account(&self.state, &auth).await?;
        let id = Uuid::parse_str(id.0.trim())
            .map(MessageId::from_uuid)
            .map_err(|_| ApiError::not_found())?;
        match self.state.accounts.open_message(account.id, id).await {
            Ok(m) => Ok(MessageResponse::Ok(Json(Message {
                id: m.id.to_string(),
                subject: m.subject,
                body: m.body,
                date_sent: m.sent_at,
                date_read: m.read_at.unwrap_or(m.sent_at),
            }))),
            Err(OpenMessageError::NotFound) => Err(ApiError::not_found()),
            Err(e @ OpenMessageError::Unexpected(_)) => Err(ApiError::internal(&e)),
        }
    }
}
