//! The officers' enquiry and closure queue with replies and resolutions (F24).

use askama::Template;
use poem::http::StatusCode;
use poem::web::{CsrfVerifier, Form, Path, Query};
use poem::{Request, Response, handler};
use portal_domain::enquiry::{EnquiryId, EnquiryKind, EnquiryQuery, EnquiryStatus};
use uuid::Uuid;

use super::context::Ctx;
use super::form::Fields;
use super::pager::PagerView;
use super::{Chrome, FormState, render, see_other};
use crate::api::Pager;
use crate::input::{self, ResolutionFields};
use crate::problem::Problem;

/// A row of the queue.
#[derive(Debug)]
pub struct QueueRow {
    id: String,
    reference: String,
    kind: String,
    from: String,
    sent: String,
    status: String,
}

/// The queue.
#[derive(Debug, Template)]
#[template(path = "officer_enquiries.html")]
pub struct QueuePage {
    c: Chrome,
    form: FormState,
    statuses: Vec<(&'static str, &'static str)>,
    kinds: Vec<(&'static str, &'static str)>,
    rows: Vec<QueueRow>,
    pager: PagerView,
}

/// The queue's filters.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct QueueQuery {
    status: String,
    kind: String,
    page: String,
}

/// `GET /officer/enquiries`: oldest first, filtered by status and kind.
#[handler]
pub async fn queue(req: &Request, ctx: Ctx, Query(q): Query<QueueQuery>) -> Response {
    let actor = early!(ctx.officer());
    let query = EnquiryQuery {
        account: None,
        status: EnquiryStatus::parse(&q.status),
        enquiry_type: None,
        kind: EnquiryKind::parse(&q.kind),
        newest_first: false,
        page: q.page.parse().ok().filter(|p| *p >= 1).unwrap_or(1),
        per_page: 25,
    };
    let found = match ctx.state.accounts.enquiries(&actor, query).await {
        Ok(found) => found,
        Err(e) => return ctx.api_error(req, input::enquiry_refusal(e)),
    };
    let tr = ctx.tr;
    let rows = found
        .items
        .iter()
        .map(|e| QueueRow {
            id: e.id.to_string(),
            reference: e.reference.as_str().to_owned(),
            kind: tr.label(&e.enquiry_type),
            from: format!("{} {}", e.given_name.as_str(), e.family_name.as_str()),
            sent: e.submitted_at.date().to_string(),
            status: tr.t(&format!("enquiry-status-{}", e.status.code())),
        })
        .collect();
    let (status, kind) = (q.status.clone(), q.kind.clone());
    let pager = PagerView::new(
        &Pager::of(&found, tr.language),
        tr,
        "pager-enquiries",
        |p| format!("/officer/enquiries?status={status}&kind={kind}&page={p}"),
    );
    let page = QueuePage {
        c: ctx.chrome("officer-enquiries-heading"),
        form: FormState::filled([("status", q.status.as_str()), ("kind", &q.kind)]),
        statuses: vec![
            ("open", "enquiry-status-open"),
            ("replied", "enquiry-status-replied"),
            ("resolved", "enquiry-status-resolved"),
        ],
        kinds: vec![
            ("web_form", "enquiry-kind-web-form"),
            ("closure", "enquiry-kind-closure"),
        ],
        rows,
        pager,
    };
    render(&page, StatusCode::OK, true)
}

/// One enquiry with its reply and resolution forms.
#[derive(Debug, Template)]
#[template(path = "officer_enquiry.html")]
pub struct EnquiryPage {
    c: Chrome,
    form: FormState,
    id: String,
    reference: String,
    details: Vec<(&'static str, String)>,
    request: String,
    replies: Vec<String>,
    open: bool,
    resolutions: Vec<(&'static str, &'static str)>,
}

async fn enquiry_page(ctx: &Ctx, req: &Request, raw_id: &str, form: FormState) -> Response {
    let actor = early!(ctx.officer());
    let Some(id) = Uuid::parse_str(raw_id.trim())
        .ok()
        .map(EnquiryId::from_uuid)
    else {
        return ctx.problem(Problem::NOT_FOUND);
    };
    let e = match ctx.state.accounts.enquiry(&actor, id).await {
        Ok(e) => e,
        Err(e) => return ctx.api_error(req, input::enquiry_refusal(e)),
    };
    let tr = ctx.tr;
    let mut resolutions = vec![("answered", "resolution-answered")];
    if e.kind == EnquiryKind::Closure {
        resolutions.push(("close_account", "resolution-close-account"));
    } else {
        resolutions.extend([
            ("change_name", "resolution-change-name"),
            (
                "change_mailing_address",
                "resolution-change-mailing-address",
            ),
            ("change_membership_id", "resolution-change-membership-id"),
        ]);
    }
    let mut c = ctx.chrome("officer-enquiry-title");
    c.title = format!("{} {}", tr.t("col-reference"), e.reference.as_str());
    c.crumbs_to(e.reference.as_str());
    c.error_count = form.errors.len();
    let status = form.status();
    let page = EnquiryPage {
        c,
        form,
        id: e.id.to_string(),
        reference: e.reference.as_str().to_owned(),
        details: vec![
            ("col-type", tr.label(&e.enquiry_type)),
            (
                "col-status",
                tr.t(&format!("enquiry-status-{}", e.status.code())),
            ),
            (
                "field-applicant-family-name",
                e.family_name.as_str().to_owned(),
            ),
            (
                "field-applicant-given-name",
                e.given_name.as_str().to_owned(),
            ),
            (
                "field-email",
                e.email
                    .as_ref()
                    .map(|m| m.as_str().to_owned())
                    .unwrap_or_default(),
            ),
            (
                "field-date-of-birth",
                e.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
            ),
            (
                "field-ircc-id",
                e.ircc_id
                    .as_ref()
                    .map(|i| i.as_str().to_owned())
                    .unwrap_or_default(),
            ),
            ("col-date-sent", e.submitted_at.date().to_string()),
            (
                "field-supporting-documents",
                e.documents
                    .iter()
                    .map(|d| d.file_name.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ],
        request: e.request.clone(),
        replies: e.replies.iter().map(|r| r.body.clone()).collect(),
        open: e.status != EnquiryStatus::Resolved,
        resolutions,
    };
    render(&page, status, true)
}

/// `GET /officer/enquiries/{id}`.
#[handler]
pub async fn enquiry(req: &Request, ctx: Ctx, Path(id): Path<String>) -> Response {
    enquiry_page(&ctx, req, &id, FormState::default()).await
}

/// `POST /officer/enquiries/{id}`: a reply, or a resolution that applies the change asked
/// for; either tells the representative by an account message.
#[handler]
pub async fn act(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    let f = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    early!(ctx.verify(verifier, f("csrf_token")));
    let actor = early!(ctx.officer());
    let Some(enquiry_id) = Uuid::parse_str(id.trim()).ok().map(EnquiryId::from_uuid) else {
        return ctx.problem(Problem::NOT_FOUND);
    };
    let done = match f("action") {
        "reply" => ctx
            .state
            .accounts
            .reply_to_enquiry(&actor, enquiry_id, f("reply"))
            .await
            .map_err(input::enquiry_refusal),
        "resolve" => {
            let typed = ResolutionFields {
                resolution: f("resolution"),
                given_name: f("given_name"),
                surname: f("surname"),
                mailing_address: f("mailing_address"),
                membership_id: f("membership_id"),
            };
            match input::resolution(&typed) {
                Ok(resolution) => ctx
                    .state
                    .accounts
                    .resolve_enquiry(&actor, enquiry_id, resolution, f("reply"))
                    .await
                    .map_err(input::enquiry_refusal),
                Err(e) => Err(e),
            }
        }
        _ => return ctx.problem(Problem::NOT_FOUND),
    };
    match done {
        Ok(_) => see_other(&format!("/officer/enquiries/{id}")),
        Err(crate::error::ApiError::Conflict(body)) => {
            let mut form = FormState::filled(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            form.push("resolution", body.0.message);
            enquiry_page(&ctx, req, &id, form).await
        }
        Err(e) => {
            let mut form = FormState::filled(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            match form.take(e) {
                Ok(()) => enquiry_page(&ctx, req, &id, form).await,
                Err(e) => ctx.api_error(req, e),
            }
        }
    }
}
