//! "Application status and messages" (F17): the client information, processing steps,
//! document statuses, requests with their upload (F18), the messages (opening one marks it
//! read) and, once decided, the documents issued.

use askama::Template;
use poem::http::StatusCode;
use poem::web::{CsrfVerifier, Multipart, Path, Query};
use poem::{Request, Response, handler};
use portal_domain::account::Account;
use portal_domain::application::{ApplicationId, MessageId, RequestId};
use uuid::Uuid;

use super::context::Ctx;
use super::{Chrome, FormState, MultipartForm, render, see_other};
use crate::api::CaseFileBody;
use crate::input::applications as input;
use crate::problem::Problem;

/// A confirmation after a redirect.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct NoticeQuery {
    notice: String,
}

/// A request for documents as the page shows it.
#[derive(Debug)]
pub struct RequestView {
    id: String,
    description: String,
    due: String,
    open: bool,
}

/// A message row.
#[derive(Debug)]
pub struct MessageRow {
    id: String,
    subject: String,
    sent: String,
    read: String,
    unread: bool,
    asks_action: bool,
}

/// The status page.
#[derive(Debug, Template)]
#[template(path = "status.html")]
pub struct StatusPage {
    c: Chrome,
    form: FormState,
    case: CaseFileBody,
    action_required: bool,
    client: Vec<(&'static str, String)>,
    requests: Vec<RequestView>,
    documents: Vec<(String, String)>,
    messages: Vec<MessageRow>,
    issued: Vec<(String, String, String, String)>,
    file_hint: String,
}

fn uuid(raw: &str) -> Option<Uuid> {
    Uuid::parse_str(raw.trim()).ok()
}

async fn status_page(
    ctx: &Ctx,
    req: &Request,
    owner: &Account,
    raw_id: &str,
    form: FormState,
    notice: Option<String>,
) -> Response {
    let Some(id) = uuid(raw_id).map(ApplicationId::from_uuid) else {
        return ctx.problem(Problem::NOT_FOUND);
    };
    let case = match ctx.state.applications.status(owner.id, id).await {
        Ok(case) => case,
        Err(e) => return ctx.api_error(req, input::find_refusal(e)),
    };
    let tr = ctx.tr;
    let body = CaseFileBody::new(&case, tr.language);
    let pending = tr.t("status-pending");
    let client = vec![
        (
            "status-uci",
            body.client.uci.clone().unwrap_or_else(|| pending.clone()),
        ),
        ("col-number", body.client.application_number.clone()),
        ("col-submitted", body.submitted_at.date().to_string()),
        (
            "status-date-received",
            body.client
                .date_received
                .map_or_else(|| pending.clone(), |d| d.to_string()),
        ),
        (
            "status-biometrics",
            body.client.biometrics.as_ref().map_or_else(
                || tr.t("status-no-biometrics"),
                |b| {
                    tr.with(
                        "status-biometrics-value",
                        &[
                            ("number", b.number.as_str().into()),
                            ("enrolled", b.enrolment_date.to_string().into()),
                            ("expires", b.expiry_date.to_string().into()),
                        ],
                    )
                },
            ),
        ),
    ];
    let mut client = client;
    if let Some(decision) = &body.decision {
        client.push((
            "status-decision",
            format!("{} ({})", decision.label, decision.date),
        ));
    }
    let requests = body
        .document_requests
        .iter()
        .map(|r| RequestView {
            id: r.id.clone(),
            description: r.description.clone(),
            due: tr.with("status-due", &[("date", r.due_date.to_string().into())]),
            open: r.open,
        })
        .collect();
    let documents = body
        .documents
        .iter()
        .map(|d| {
            (
                d.document.file_name.clone(),
                d.status_label.clone().unwrap_or_else(|| pending.clone()),
            )
        })
        .collect();
    let messages = body
        .messages
        .iter()
        .map(|m| MessageRow {
            id: m.id.clone(),
            subject: m.subject.clone(),
            sent: m.date_sent.date().to_string(),
            read: m
                .date_read
                .map(|d| d.date().to_string())
                .unwrap_or_default(),
            unread: m.date_read.is_none(),
            asks_action: m.asks_action,
        })
        .collect();
    let issued = body
        .issued_documents
        .iter()
        .map(|d| {
            (
                d.document_type.clone(),
                d.number.clone(),
                d.date_issued.to_string(),
                d.expiry_date.map(|e| e.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    let mut c = ctx.chrome("status-heading");
    c.title = format!("{} - {}", tr.t("status-heading"), body.applicant_name);
    c.crumbs_to(&body.applicant_name);
    c.error_count = form.errors.len();
    c.notice = notice;
    let status = form.status();
    let max_mb = ctx.state.applications.settings().max_upload_bytes / (1024 * 1024);
    let page = StatusPage {
        c,
        form,
        action_required: body.action == "action_required",
        client,
        requests,
        documents,
        messages,
        issued,
        file_hint: tr.with("hint-file", &[("max", max_mb.into())]),
        case: body,
    };
    render(&page, status, true)
}

/// `GET /applications/{id}/status`.
#[handler]
pub async fn status_view(
    req: &Request,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    let notice = super::public::notice_text(&ctx, &query.notice);
    let owner = early!(ctx.representative());
    status_page(&ctx, req, &owner, &id, FormState::default(), notice).await
}

/// A message about an application.
#[derive(Debug, Template)]
#[template(path = "application_message.html")]
pub struct MessagePage {
    c: Chrome,
    id: String,
    subject: String,
    body: String,
    sent: String,
    read: String,
}

/// `GET /applications/{id}/messages/{message}`: opening it marks it read.
#[handler]
pub async fn open_message(
    req: &Request,
    ctx: Ctx,
    Path((id, message)): Path<(String, String)>,
) -> Response {
    let owner = early!(ctx.representative());
    let (Some(application), Some(message)) = (uuid(&id), uuid(&message)) else {
        return ctx.problem(Problem::NOT_FOUND);
    };
    match ctx
        .state
        .applications
        .open_message(
            owner.id,
            ApplicationId::from_uuid(application),
            MessageId::from_uuid(message),
        )
        .await
    {
        Ok(m) => {
            let mut c = ctx.chrome("status-messages-heading");
            c.title.clone_from(&m.subject);
            c.crumbs_to(&m.subject);
            let page = MessagePage {
                c,
                id,
                subject: m.subject.clone(),
                body: m.body.clone(),
                sent: m.sent_at.date().to_string(),
                read: m.read_at.unwrap_or(m.sent_at).date().to_string(),
            };
            render(&page, StatusCode::OK, true)
        }
        Err(e) => ctx.api_error(req, input::find_refusal(e)),
    }
}

/// `POST /applications/{id}/requests/{request}/documents` (multipart): a document in
/// answer to the department's request.
#[handler]
pub async fn answer(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Path((id, request)): Path<(String, String)>,
    multipart: Multipart,
) -> Response {
    let sent = MultipartForm::read(multipart).await;
    let (file_name, bytes) = sent.file("file").unwrap_or_default();
    let token = sent.field("csrf_token");
    early!(ctx.verify(verifier, token));
    let owner = early!(ctx.representative());
    let (Some(application), Some(request_id)) = (uuid(&id), uuid(&request)) else {
        return ctx.problem(Problem::NOT_FOUND);
    };
    let refused = if bytes.is_empty() && file_name.is_empty() {
        super::documents::no_file()
    } else {
        match ctx
            .state
            .applications
            .answer_request(
                owner.id,
                ApplicationId::from_uuid(application),
                RequestId::from_uuid(request_id),
                file_name,
                bytes,
            )
            .await
        {
            Ok(_) => return see_other(&format!("/applications/{id}/status?notice=uploaded")),
            Err(e) => input::upload_refusal(e),
        }
    };
    let mut form = FormState::default();
    match form.take(refused) {
        Ok(()) => status_page(&ctx, req, &owner, &id, form, None).await,
        Err(e) => ctx.api_error(req, e),
    }
}
