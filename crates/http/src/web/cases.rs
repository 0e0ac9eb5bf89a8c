//! The officers' console (F23): the submitted applications with their search, and one
//! application's processing page with every action of the department.

use askama::Template;
use poem::http::StatusCode;
use poem::web::{CsrfVerifier, Form, Path, Query};
use poem::{Request, Response, handler};
use portal_domain::account::{Account, AccountId};
use portal_domain::application::{
    ApplicationId, ApplicationNumber, ApplicationStatus, ApplicationType, DocumentReview, Step,
    StepState,
};
use portal_domain::casework::CaseQuery;
use uuid::Uuid;

use super::context::Ctx;
use super::form::{Fields, field};
use super::pager::PagerView;
use super::{Chrome, FormState, render, see_other};
use crate::api::{CaseFileBody, CasePage, Pager};
use crate::error::{ApiError, Validator, says};
use crate::input::{self, CaseActionFields};
use crate::problem::Problem;

/// A row of the officers' list of applications.
#[derive(Debug)]
pub struct CaseRowView {
    id: String,
    number: String,
    kind: String,
    applicant: String,
    submitted: String,
    received: String,
    status: String,
    waiting: String,
}

/// Submitted applications with their search.
#[derive(Debug, Template)]
#[template(path = "officer_applications.html")]
pub struct ApplicationsPage {
    c: Chrome,
    form: FormState,
    statuses: Vec<(&'static str, String)>,
    types: Vec<(&'static str, String)>,
    rows: Vec<CaseRowView>,
    pager: PagerView,
}

/// The search of the officers' list.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct CaseSearch {
    number: String,
    status: String,
    #[serde(rename = "type")]
    application_type: String,
    representative_id: String,
    action_required: String,
    page: String,
}

impl CaseSearch {
    fn link(&self, page: u32) -> String {
        let pairs = [
            ("number", self.number.as_str()),
            ("status", &self.status),
            ("type", &self.application_type),
            ("representative_id", &self.representative_id),
            ("action_required", &self.action_required),
        ];
        let mut query: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", super::context::encode(v)))
            .collect();
        query.push(format!("page={page}"));
        format!("/officer/applications?{}", query.join("&"))
    }

    fn query(&self) -> Result<CaseQuery, ApiError> {
        let mut v = Validator::new();
        let number = match self.number.trim() {
            "" => None,
            raw => v.check("number", raw, ApplicationNumber::parse(raw)),
        };
        let representative = match self.representative_id.trim() {
            "" => None,
            raw => match Uuid::parse_str(raw) {
                Ok(id) => Some(AccountId::from_uuid(id)),
                Err(_) => {
                    v.push(
                        "representative_id",
                        "invalid",
                        says("officer-representative-id-invalid"),
                    );
                    None
                }
            },
        };
        v.finish()?;
        Ok(CaseQuery {
            number,
            status: ApplicationStatus::parse(&self.status)
                .filter(|s| *s != ApplicationStatus::InProgress),
            application_type: ApplicationType::parse(&self.application_type).ok(),
            representative,
            action_required: (self.action_required == "true").then_some(true),
            page: self.page.parse().ok().filter(|p| *p >= 1).unwrap_or(1),
            per_page: 25,
        })
    }
}

/// `GET /officer/applications`.
#[handler]
pub async fn case_list(req: &Request, ctx: Ctx, Query(search): Query<CaseSearch>) -> Response {
    let actor = early!(ctx.officer());
    let tr = ctx.tr;
    let mut form = FormState::filled([
        ("number", search.number.as_str()),
        ("status", &search.status),
        ("type", &search.application_type),
        ("representative_id", &search.representative_id),
        ("action_required", &search.action_required),
    ]);
    let query = match search.query() {
        Ok(query) => query,
        Err(e) => {
            if let Err(e) = form.take(e) {
                return ctx.api_error(req, e);
            }
            CaseSearch::default().query().unwrap_or(CaseQuery {
                number: None,
                status: None,
                application_type: None,
                representative: None,
                action_required: None,
                page: 1,
                per_page: 25,
            })
        }
    };
    let found = match ctx.state.casework.search(&actor, query).await {
        Ok(found) => found,
        Err(e) => return ctx.api_error(req, input::casework_refusal(e)),
    };
    let body = CasePage::new(&found, tr.language);
    let pager = PagerView::new(
        &Pager::of(&found, tr.language),
        tr,
        "pager-applications",
        |p| search.link(p),
    );
    let rows = body
        .items
        .into_iter()
        .map(|r| CaseRowView {
            kind: ApplicationType::parse(&r.application_type)
                .map_or_else(|_| r.application_type.clone(), |t| tr.label(&t)),
            status: ApplicationStatus::parse(&r.status)
                .map_or_else(|| r.status.clone(), |s| tr.label(&s)),
            submitted: r.submitted_at.date().to_string(),
            received: r.date_received.map(|d| d.to_string()).unwrap_or_default(),
            waiting: if r.action_required {
                tr.t("officer-waiting-short")
            } else {
                String::new()
            },
            id: r.id,
            number: r.application_number,
            applicant: r.applicant_name,
        })
        .collect();
    let mut c = ctx.chrome("officer-applications-heading");
    c.error_count = form.errors.len();
    let page = ApplicationsPage {
        c,
        form,
        statuses: [
            ApplicationStatus::Submitted,
            ApplicationStatus::Received,
            ApplicationStatus::Decided,
            ApplicationStatus::Closed,
        ]
        .iter()
        .map(|s| (s.code(), tr.label(&s)))
        .collect(),
        types: ApplicationType::ALL
            .iter()
            .map(|t| (t.code(), tr.label(&t)))
            .collect(),
        rows,
        pager,
    };
    render(&page, StatusCode::OK, true)
}

/// One application's processing page.
#[derive(Debug, Template)]
#[template(path = "officer_case.html")]
pub struct CasePageView {
    c: Chrome,
    form: FormState,
    case: CaseFileBody,
    client: Vec<(&'static str, String)>,
    documents: Vec<(String, String, String)>,
    document_choices: Vec<(String, String)>,
    steps: Vec<(&'static str, String)>,
    states: Vec<(&'static str, String)>,
    reviews: Vec<(&'static str, String)>,
    outcomes: Vec<(&'static str, &'static str)>,
}

async fn case_page(
    ctx: &Ctx,
    req: &Request,
    actor: &Account,
    raw_id: &str,
    form: FormState,
) -> Response {
    let Some(id) = Uuid::parse_str(raw_id.trim())
        .ok()
        .map(ApplicationId::from_uuid)
    else {
        return ctx.problem(Problem::NOT_FOUND);
    };
    let case = match ctx.state.casework.case_file(actor, id).await {
        Ok(case) => case,
        Err(e) => return ctx.api_error(req, input::casework_refusal(e)),
    };
    let tr = ctx.tr;
    let body = CaseFileBody::new(&case, tr.language);
    let pending = tr.t("status-pending");
    let client = vec![
        (
            "col-type",
            ApplicationType::parse(&body.application_type)
                .map_or_else(|_| body.application_type.clone(), |t| tr.label(&t)),
        ),
        (
            "status-uci",
            body.client.uci.clone().unwrap_or_else(|| pending.clone()),
        ),
        ("col-submitted", body.submitted_at.date().to_string()),
        (
            "status-date-received",
            body.client
                .date_received
                .map_or_else(|| pending.clone(), |d| d.to_string()),
        ),
        (
            "status-decision",
            body.decision
                .as_ref()
                .map_or_else(|| pending.clone(), |d| format!("{} ({})", d.label, d.date)),
        ),
    ];
    let documents: Vec<(String, String, String)> = body
        .documents
        .iter()
        .map(|d| {
            (
                d.document.id.clone(),
                d.document.file_name.clone(),
                d.status_label.clone().unwrap_or_else(|| pending.clone()),
            )
        })
        .collect();
    let mut c = ctx.chrome("officer-case-title");
    c.title = format!(
        "{} - {}",
        body.client.application_number, body.applicant_name
    );
    c.crumbs_to(&body.client.application_number);
    c.error_count = form.errors.len();
    let status = form.status();
    let page = CasePageView {
        c,
        form,
        client,
        document_choices: documents
            .iter()
            .map(|(id, name, _)| (id.clone(), name.clone()))
            .collect(),
        documents,
        steps: Step::ALL.iter().map(|s| (s.code(), tr.label(&s))).collect(),
        states: StepState::ALL
            .iter()
            .map(|s| (s.code(), tr.label(&s)))
            .collect(),
        reviews: DocumentReview::ALL
            .iter()
            .map(|r| (r.code(), tr.label(&r)))
            .collect(),
        outcomes: vec![
            ("approved", "outcome-approved"),
            ("refused", "outcome-refused"),
            ("withdrawn", "outcome-withdrawn"),
        ],
        case: body,
    };
    render(&page, status, true)
}

/// `GET /officer/applications/{id}`.
#[handler]
pub async fn case_file(req: &Request, ctx: Ctx, Path(id): Path<String>) -> Response {
    let actor = early!(ctx.officer());
    case_page(&ctx, req, &actor, &id, FormState::default()).await
}

/// `POST /officer/applications/{id}`: one action of the processing page; each sends its
/// application message.
#[handler]
pub async fn case_action(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    early!(ctx.verify(verifier, field(&fields, "csrf_token")));
    let actor = early!(ctx.officer());
    let Some(application) = Uuid::parse_str(id.trim())
        .ok()
        .map(ApplicationId::from_uuid)
    else {
        return ctx.problem(Problem::NOT_FOUND);
    };
    let f = |name| field(&fields, name);
    let typed = CaseActionFields {
        action: f("action"),
        date_received: f("date_received"),
        uci: f("uci"),
        number: f("number"),
        enrolment_date: f("enrolment_date"),
        expiry_date: f("expiry_date"),
        issued_expiry_date: f("issued_expiry_date"),
        step: f("step"),
        state: f("state"),
        document: f("document"),
        status: f("status"),
        description: f("description"),
        due_date: f("due_date"),
        outcome: f("outcome"),
        document_type: f("document_type"),
        document_number: f("document_number"),
        date_issued: f("date_issued"),
    };
    let refused = match input::case_action(&typed) {
        Ok(action) => match ctx.state.casework.act(&actor, application, action).await {
            Ok(_) => return see_other(&format!("/officer/applications/{id}")),
            Err(e) => input::casework_refusal(e),
        },
        Err(e) => e,
    };
    let mut form = FormState::filled(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    match refused {
        ApiError::Conflict(body) => {
            // A stage that does not allow the action: said at the top, beside no field.
            form.push("action", body.0.message);
            case_page(&ctx, req, &actor, &id, form).await
        }
        other => match form.take(other) {
            Ok(()) => case_page(&ctx, req, &actor, &id, form).await,
            Err(e) => ctx.api_error(req, e),
        },
    }
}
