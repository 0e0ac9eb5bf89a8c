//! `/`: the sign-in page, or the account home when signed in (F15, F16, F19): the two ways
//! to start an application, "My client applications" with its search, sorting and paging
//! (the `table` submodule), and the account messages.

mod table;

use askama::Template;
use poem::http::StatusCode;
use poem::web::Query;
use poem::{Request, Response, handler};
use portal_domain::account::{InboxQuery, Role};

use super::context::Ctx;
use super::pager::PagerView;
use super::public::sign_in_form;
use super::{Chrome, FormState, render};
use crate::api::{ApplicationPage, Pager};

pub use table::{HomeQuery, SearchView, TableView};

/// A row of the account messages.
#[derive(Debug)]
pub struct MessageRow {
    id: String,
    subject: String,
    date_sent: String,
    date_read: String,
    unread: bool,
}

/// The account messages section.
#[derive(Debug)]
pub struct MessagesView {
    rows: Vec<MessageRow>,
    pager: PagerView,
}

/// The account home.
#[derive(Debug, Template)]
#[template(path = "home.html")]
pub struct HomePage {
    c: Chrome,
    table: TableView,
    search: SearchView,
    messages: MessagesView,
    form: FormState,
}

/// `GET /`.
#[handler]
pub async fn home(req: &Request, ctx: Ctx, Query(query): Query<HomeQuery>) -> Response {
    let Some(account) = ctx.account().cloned() else {
        return sign_in_form(&ctx, FormState::default(), &query.notice);
    };
    if account.role == Role::Officer {
        return super::see_other("/officer");
    }
    let tr = ctx.tr;
    let today = ctx.state.clock.now().date();
    let mut form = FormState::default();
    let table_page = match ctx
        .state
        .applications
        .search(account.id, query.domain())
        .await
    {
        Ok(page) => ApplicationPage::new(&page, today, tr.language),
        Err(portal_domain::application::SearchError::Invalid(e)) => {
            form.push("applicant_name", tr.t(crate::explain::Explain::key(&e)));
            let mut fallback = query.clone();
            fallback.applicant_name.clear();
            fallback.application_number.clear();
            match ctx
                .state
                .applications
                .search(account.id, fallback.domain())
                .await
            {
                Ok(page) => ApplicationPage::new(&page, today, tr.language),
                Err(e) => return ctx.unexpected(req, &e),
            }
        }
        Err(e) => return ctx.unexpected(req, &e),
    };
    let messages_query = InboxQuery {
        page: query
            .messages_page
            .parse()
            .ok()
            .filter(|p| *p >= 1)
            .unwrap_or(1),
        ..InboxQuery::default()
    };
    let inbox = match ctx
        .state
        .accounts
        .messages(account.id, messages_query)
        .await
    {
        Ok(page) => page,
        Err(e) => return ctx.unexpected(req, &e),
    };
    let table = TableView::new(&query, table_page, tr);
    let search = SearchView::new(&query, tr, form.has_errors());
    let inbox_pager = Pager::of(&inbox, tr.language);
    let messages = MessagesView {
        pager: PagerView::new(&inbox_pager, tr, "pager-messages", |p| {
            query
                .with(&[("messages_page", p.to_string())])
                .replace("#applications", "#messages")
        }),
        rows: inbox
            .items
            .iter()
            .map(|m| MessageRow {
                id: m.id.to_string(),
                subject: m.subject.clone(),
                date_sent: m.sent_at.date().to_string(),
                date_read: m.read_at.map(|d| d.date().to_string()).unwrap_or_default(),
                unread: m.read_at.is_none(),
            })
            .collect(),
    };
    let mut c = ctx.chrome("home-title");
    c.error_count = form.errors.len();
    c.notice = super::public::notice_text(&ctx, &query.notice);
    render(
        &HomePage {
            c,
            table,
            search,
            messages,
            form,
        },
        StatusCode::OK,
        true,
    )
}
