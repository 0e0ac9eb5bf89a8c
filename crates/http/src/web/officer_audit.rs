//! The officers' search of the audit trail (F28).

use askama::Template;
use poem::http::StatusCode;
use poem::web::Query;
use poem::{Request, Response, handler};
use portal_domain::account::AccountId;
use portal_domain::application::{ApplicationId, parse_date};
use portal_domain::audit::{AuditAction, AuditQuery};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::context::Ctx;
use super::pager::PagerView;
use super::{Chrome, FormState, render};
use crate::api::Pager;
use crate::error::{Validator, says};

/// The audit trail's search.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct AuditSearch {
    account_id: String,
    application_id: String,
    action: String,
    from: String,
    until: String,
    page: String,
}

/// The audit trail.
#[derive(Debug, Template)]
#[template(path = "officer_audit.html")]
pub struct AuditPage {
    c: Chrome,
    form: FormState,
    actions: Vec<&'static str>,
    rows: Vec<(String, String, String, String, String, String)>,
    pager: PagerView,
}

fn audit_query(s: &AuditSearch) -> Result<AuditQuery, crate::error::ApiError> {
    let mut v = Validator::new();
    let mut id = |field: &str, raw: &str| match raw.trim() {
        "" => None,
        raw => Uuid::parse_str(raw).ok().or_else(|| {
            v.push(field, "invalid", says("officer-id-invalid"));
            None
        }),
    };
    let account = id("account_id", &s.account_id).map(AccountId::from_uuid);
    let application = id("application_id", &s.application_id).map(ApplicationId::from_uuid);
    let mut day = |field: &str, raw: &str| match raw.trim() {
        "" => None,
        raw => parse_date(raw).ok().or_else(|| {
            v.push(field, "invalid", says("answer-date-format"));
            None
        }),
    };
    let from = day("from", &s.from).map(|d| d.midnight().assume_utc());
    let until = day("until", &s.until).map(|d| d.midnight().assume_utc() + Duration::days(1));
    v.finish()?;
    Ok(AuditQuery {
        account,
        application,
        action: AuditAction::parse(&s.action),
        from,
        until,
        page: s.page.parse().ok().filter(|p| *p >= 1).unwrap_or(1),
        per_page: 25,
    })
}

/// `GET /officer/audit`.
#[handler]
pub async fn audit(req: &Request, ctx: Ctx, Query(search): Query<AuditSearch>) -> Response {
    let actor = early!(ctx.officer());
    let mut form = FormState::filled([
        ("account_id", search.account_id.as_str()),
        ("application_id", &search.application_id),
        ("action", &search.action),
        ("from", &search.from),
        ("until", &search.until),
    ]);
    let query = match audit_query(&search) {
        Ok(query) => query,
        Err(e) => {
            if let Err(e) = form.take(e) {
                return ctx.api_error(req, e);
            }
            match audit_query(&AuditSearch::default()) {
                Ok(query) => query,
                Err(e) => return ctx.api_error(req, e),
            }
        }
    };
    let found = match ctx.state.audit.search(&actor, query).await {
        Ok(found) => found,
        Err(e) => return ctx.unexpected(req, &e),
    };
    let tr = ctx.tr;
    let id = |a: Option<String>| a.unwrap_or_default();
    let rows = found
        .items
        .iter()
        .map(|entry| {
            let e = &entry.event;
            (
                format_time(e.at),
                e.action.as_str().to_owned(),
                id(e.actor.map(|a| a.to_string())),
                id(e.subject.map(|a| a.to_string())),
                id(e.application.map(|a| a.to_string())),
                entry.client_address.clone().unwrap_or_default(),
            )
        })
        .collect();
    let link = |p: u32| {
        format!(
            "/officer/audit?account_id={}&application_id={}&action={}&from={}&until={}&page={p}",
            search.account_id.trim(),
            search.application_id.trim(),
            search.action.trim(),
            search.from.trim(),
            search.until.trim()
        )
    };
    let pager = PagerView::new(&Pager::of(&found, tr.language), tr, "pager-audit", link);
    let mut c = ctx.chrome("officer-audit-heading");
    c.error_count = form.errors.len();
    let page = AuditPage {
        c,
        form,
        actions: AuditAction::ALL.iter().map(|a| a.as_str()).collect(),
        rows,
        pager,
    };
    render(&page, StatusCode::OK, true)
}

fn format_time(at: OffsetDateTime) -> String {
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        at.date(),
        at.hour(),
        at.minute(),
        at.second()
    )
}
