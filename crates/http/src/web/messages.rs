//! One account message (F19): opening it marks it read.

use askama::Template;
use poem::http::StatusCode;
use poem::web::Path;
use poem::{Request, Response, handler};
use portal_domain::account::{MessageId, OpenMessageError};
use uuid::Uuid;

use super::context::Ctx;
use super::{Chrome, render};
use crate::problem::Problem;

/// An account message.
#[derive(Debug, Template)]
#[template(path = "account_message.html")]
pub struct MessageView {
    c: Chrome,
    subject: String,
    body: String,
    sent: String,
    read: String,
}

/// `GET /account/messages/{id}`.
#[handler]
pub async fn message(req: &Request, ctx: Ctx, Path(id): Path<String>) -> Response {
    let account = match ctx.require() {
        Ok(account) => account.clone(),
        Err(response) => return response,
    };
    let Ok(id) = Uuid::parse_str(id.trim()).map(MessageId::from_uuid) else {
        return ctx.problem(Problem::NOT_FOUND);
    };
    match ctx.state.accounts.open_message(account.id, id).await {
        Ok(m) => {
            let mut c = ctx.chrome("messages-heading");
            c.title.clone_from(&m.subject);
            c.crumbs_to(&m.subject);
            let view = MessageView {
                c,
                subject: m.subject,
                body: m.body,
                sent: m.sent_at.date().to_string(),
                read: m.read_at.unwrap_or(m.sent_at).date().to_string(),
            };
            render(&view, StatusCode::OK, true)
        }
        Err(OpenMessageError::NotFound) => ctx.problem(Problem::NOT_FOUND),
        Err(e) => ctx.unexpected(req, &e),
    }
}
