//! `/`: the sign-in page, or the account home when signed in (F15, F16, F19): the two ways
//! to start an application, "My client applications" with its search, sorting and paging,
//! and the account messages.

use askama::Template;
use poem::http::StatusCode;
use poem::web::Query;
use poem::{Request, Response, handler};
use portal_domain::account::{InboxQuery, Role};
use portal_domain::application::{
    ApplicationQuery, ApplicationStatus, ApplicationType, PAGE_SIZES, SortColumn, SortDirection,
};

use super::context::{Ctx, encode};
use super::pager::PagerView;
use super::public::sign_in_form;
use super::{Chrome, FormState, render};
use crate::api::{ApplicationPage, ApplicationRow, Pager};
use crate::i18n::Tr;

/// The table's query string, as the search form and the links send it.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct HomeQuery {
    applicant_name: String,
    application_number: String,
    application_type: String,
    status: String,
    unread_only: String,
    sort: String,
    order: String,
    page: String,
    per_page: String,
    messages_page: String,
    notice: String,
}

/// The sortable columns: code, domain column, header key.
const COLUMNS: [(&str, Option<SortColumn>, &str); 10] = [
    ("id", Some(SortColumn::Id), "col-id"),
    ("type", Some(SortColumn::ApplicationType), "col-type"),
    (
        "applicant_name",
        Some(SortColumn::ApplicantName),
        "col-applicant",
    ),
    (
        "application_number",
        Some(SortColumn::ApplicationNumber),
        "col-number",
    ),
    ("date_created", Some(SortColumn::DateCreated), "col-created"),
    (
        "date_last_saved",
        Some(SortColumn::DateLastSaved),
        "col-saved",
    ),
    ("days_left", Some(SortColumn::DaysLeft), "col-days-left"),
    (
        "date_submitted",
        Some(SortColumn::DateSubmitted),
        "col-submitted",
    ),
    ("status", Some(SortColumn::Status), "col-status"),
    ("", None, "col-action"),
];

impl HomeQuery {
    fn sort(&self) -> SortColumn {
        COLUMNS
            .iter()
            .find(|(code, col, _)| *code == self.sort && col.is_some())
            .and_then(|(_, col, _)| *col)
            .unwrap_or(SortColumn::DateCreated)
    }

    fn direction(&self) -> SortDirection {
        if self.order == "asc" {
            SortDirection::Ascending
        } else {
            SortDirection::Descending
        }
    }

    fn per_page(&self) -> u32 {
        self.per_page
            .parse()
            .ok()
            .filter(|n| PAGE_SIZES.contains(n))
            .unwrap_or(25)
    }

    fn active(&self) -> bool {
        !(self.applicant_name.trim().is_empty()
            && self.application_number.trim().is_empty()
            && self.application_type.is_empty()
            && self.status.is_empty()
            && self.unread_only.is_empty())
    }

    fn domain(&self) -> ApplicationQuery {
        let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        ApplicationQuery {
            applicant_name: text(&self.applicant_name),
            number_prefix: text(&self.application_number),
            application_type: ApplicationType::parse(&self.application_type).ok(),
            status: ApplicationStatus::parse(&self.status),
            unread_only: self.unread_only == "true",
            sort: self.sort(),
            direction: self.direction(),
            page: self.page.parse().ok().filter(|p| *p >= 1).unwrap_or(1),
            per_page: self.per_page(),
        }
    }

    /// The query string of this search with some parameters replaced.
    fn with(&self, changes: &[(&str, String)]) -> String {
        let mut pairs = vec![
            ("applicant_name", self.applicant_name.clone()),
            ("application_number", self.application_number.clone()),
            ("application_type", self.application_type.clone()),
            ("status", self.status.clone()),
            ("unread_only", self.unread_only.clone()),
            ("sort", self.sort.clone()),
            ("order", self.order.clone()),
            ("page", self.page.clone()),
            ("per_page", self.per_page.clone()),
            ("messages_page", self.messages_page.clone()),
        ];
        for (name, value) in changes {
            if let Some(pair) = pairs.iter_mut().find(|(n, _)| n == name) {
                pair.1.clone_from(value);
            }
        }
        let query: Vec<String> = pairs
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(n, v)| format!("{n}={}", encode(&v)))
            .collect();
        format!("/?{}#applications", query.join("&")).replace("/?#", "/#")
    }
}

/// A column header: a link that sorts by it, with the current direction announced.
#[derive(Debug)]
pub struct Header {
    label: String,
    href: Option<String>,
    aria_sort: Option<&'static str>,
    arrow: Option<&'static str>,
}

/// A link of a row's "Action" cell.
#[derive(Debug)]
pub struct ActionLink {
    label: String,
    href: String,
    urgent: bool,
}

/// A row as the page shows it.
#[derive(Debug)]
pub struct Row {
    group_id: i64,
    application_type_label: String,
    applicant_name: String,
    number: String,
    date_created: String,
    date_last_saved: String,
    days_left: String,
    date_submitted: String,
    status_label: String,
    actions: Vec<ActionLink>,
}

impl Row {
    fn new(row: ApplicationRow, tr: Tr) -> Self {
        let not_applicable = tr.t("not-applicable");
        let actions = row
            .actions
            .iter()
            .map(|action| {
                let href = match action.as_str() {
                    "continue" => format!("/applications/{}", row.id),
                    "delete" => format!("/applications/{}/delete", row.id),
                    _ => format!("/applications/{}/status", row.id),
                };
                ActionLink {
                    label: tr.t(&format!("action-{}", action.replace('_', "-"))),
                    href,
                    urgent: action == "action_required",
                }
            })
            .collect();
        Self {
            group_id: row.group_id,
            application_type_label: row.application_type_label,
            applicant_name: row.applicant_name,
            number: row.application_number.unwrap_or_default(),
            date_created: row.date_created.to_string(),
            date_last_saved: row.date_last_saved.to_string(),
            days_left: row
                .days_left
                .map_or_else(|| not_applicable.clone(), |d| d.to_string()),
            date_submitted: row
                .date_submitted
                .map(|d| d.to_string())
                .unwrap_or_default(),
            status_label: row.status_label,
            actions,
        }
    }
}

/// The table with its caption, headers and pager.
#[derive(Debug)]
pub struct TableView {
    caption: String,
    headers: Vec<Header>,
    rows: Vec<Row>,
    pager: PagerView,
}

/// The search panel's values and choices.
#[derive(Debug)]
pub struct SearchView {
    active: bool,
    applicant_name: String,
    application_number: String,
    application_type: String,
    status: String,
    unread_only: bool,
    per_page: u32,
    sizes: Vec<u32>,
    types: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
}

impl SearchView {
    /// Whether `code` is the chosen type.
    pub fn is_type(&self, code: &str) -> bool {
        self.application_type == code
    }

    /// Whether `code` is the chosen status.
    pub fn is_status(&self, code: &str) -> bool {
        self.status == code
    }
}

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
    let sort = query.sort();
    let direction = query.direction();
    let headers = COLUMNS
        .iter()
        .map(|(code, column, key)| {
            let label = tr.t(key);
            let Some(column) = column else {
                return Header {
                    label,
                    href: None,
                    aria_sort: None,
                    arrow: None,
                };
            };
            let current = *column == sort;
            let next = if current && direction == SortDirection::Ascending {
                "desc"
            } else {
                "asc"
            };
            Header {
                label,
                href: Some(query.with(&[
                    ("sort", (*code).to_owned()),
                    ("order", next.to_owned()),
                    ("page", String::new()),
                ])),
                aria_sort: current.then_some(if direction == SortDirection::Ascending {
                    "ascending"
                } else {
                    "descending"
                }),
                arrow: current.then_some(if direction == SortDirection::Ascending {
                    "▲"
                } else {
                    "▼"
                }),
            }
        })
        .collect();
    let table = TableView {
        caption: tr.t(if query.active() {
            "table-caption-search"
        } else {
            "table-caption"
        }),
        headers,
        pager: PagerView::new(&table_page.pager, tr, "pager-applications", |p| {
            query.with(&[("page", p.to_string())])
        }),
        rows: table_page
            .items
            .into_iter()
            .map(|r| Row::new(r, tr))
            .collect(),
    };
    let search = SearchView {
        active: query.active() || form.has_errors(),
        applicant_name: query.applicant_name.clone(),
        application_number: query.application_number.clone(),
        application_type: query.application_type.clone(),
        status: query.status.clone(),
        unread_only: query.unread_only == "true",
        per_page: query.per_page(),
        sizes: PAGE_SIZES.to_vec(),
        types: ApplicationType::ALL
            .iter()
            .map(|t| (t.code(), tr.label(t)))
            .collect(),
        statuses: [
            ApplicationStatus::InProgress,
            ApplicationStatus::Submitted,
            ApplicationStatus::Received,
            ApplicationStatus::Decided,
            ApplicationStatus::Closed,
        ]
        .iter()
        .map(|s| (s.code(), tr.label(s)))
        .collect(),
    };
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
