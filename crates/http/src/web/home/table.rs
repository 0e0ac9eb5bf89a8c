//! "My client applications" on the account home: the query string its search form and
//! links send, its sortable columns, its rows and its search panel.

use portal_domain::application::{
    ApplicationQuery, ApplicationStatus, ApplicationType, PAGE_SIZES, SortColumn, SortDirection,
};

use crate::api::{ApplicationPage, ApplicationRow};
use crate::i18n::Tr;
use crate::web::context::encode;
use crate::web::pager::PagerView;

/// The table's query string, as the search form and the links send it.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct HomeQuery {
    pub(super) applicant_name: String,
    pub(super) application_number: String,
    application_type: String,
    status: String,
    unread_only: String,
    sort: String,
    order: String,
    page: String,
    per_page: String,
    pub(super) messages_page: String,
    pub(super) notice: String,
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

    /// The search as the domain takes it.
    pub(super) fn domain(&self) -> ApplicationQuery {
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
    pub(super) fn with(&self, changes: &[(&str, String)]) -> String {
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
    pub(super) label: String,
    pub(super) href: Option<String>,
    pub(super) aria_sort: Option<&'static str>,
    pub(super) arrow: Option<&'static str>,
}

/// The column headers of the table as `query` sorts it.
fn headers(query: &HomeQuery, tr: Tr) -> Vec<Header> {
    let sort = query.sort();
    let direction = query.direction();
    COLUMNS
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
        .collect()
}

/// A link of a row's "Action" cell.
#[derive(Debug)]
pub struct ActionLink {
    pub(super) label: String,
    pub(super) href: String,
    pub(super) urgent: bool,
}

/// A row as the page shows it.
#[derive(Debug)]
pub struct Row {
    pub(super) group_id: i64,
    pub(super) application_type_label: String,
    pub(super) applicant_name: String,
    pub(super) number: String,
    pub(super) date_created: String,
    pub(super) date_last_saved: String,
    pub(super) days_left: String,
    pub(super) date_submitted: String,
    pub(super) status_label: String,
    pub(super) actions: Vec<ActionLink>,
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
    pub(super) caption: String,
    pub(super) headers: Vec<Header>,
    pub(super) rows: Vec<Row>,
    pub(super) pager: PagerView,
}

impl TableView {
    /// The table of `page`, found by `query`.
    pub(super) fn new(query: &HomeQuery, page: ApplicationPage, tr: Tr) -> Self {
        Self {
            caption: tr.t(if query.active() {
                "table-caption-search"
            } else {
                "table-caption"
            }),
            headers: headers(query, tr),
            pager: PagerView::new(&page.pager, tr, "pager-applications", |p| {
                query.with(&[("page", p.to_string())])
            }),
            rows: page.items.into_iter().map(|r| Row::new(r, tr)).collect(),
        }
    }
}

/// The search panel's values and choices.
#[derive(Debug)]
pub struct SearchView {
    pub(super) active: bool,
    pub(super) applicant_name: String,
    pub(super) application_number: String,
    pub(super) application_type: String,
    pub(super) status: String,
    pub(super) unread_only: bool,
    pub(super) per_page: u32,
    pub(super) sizes: Vec<u32>,
    pub(super) types: Vec<(&'static str, String)>,
    pub(super) statuses: Vec<(&'static str, String)>,
}

impl SearchView {
    /// The panel of `query`, open when it searches or when `refused` (its search was).
    pub(super) fn new(query: &HomeQuery, tr: Tr, refused: bool) -> Self {
        Self {
            active: query.active() || refused,
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
        }
    }

    /// Whether `code` is the chosen type.
    pub fn is_type(&self, code: &str) -> bool {
        self.application_type == code
    }

    /// Whether `code` is the chosen status.
    pub fn is_status(&self, code: &str) -> bool {
        self.status == code
    }
}
