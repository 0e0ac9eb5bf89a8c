//! The web form (F7) with the status of the account's enquiries, the request to close the
//! account (F8), and "Report a problem on this page" (a technical-difficulties enquiry).

use askama::Template;
use poem::http::StatusCode;
use poem::web::{CsrfVerifier, Form, Multipart, Query};
use poem::{Request, Response, handler};
use portal_domain::enquiry::{EnquiryForm, EnquiryType, MAX_DOCUMENTS};

use super::context::{Ctx, MessagePage};
use super::public::TokenForm;
use super::{Chrome, FormState, MultipartForm, render, see_other};
use crate::input;

/// The web form.
#[derive(Debug, Template)]
#[template(path = "enquiry_form.html")]
pub struct EnquiryFormPage {
    c: Chrome,
    form: FormState,
    types: Vec<(&'static str, String)>,
    file_hint: String,
}

fn form_page(ctx: &Ctx, form: FormState) -> Response {
    let mut c = ctx.chrome("enquiry-title");
    c.error_count = form.errors.len();
    let status = form.status();
    let max_mb = ctx.state.accounts.settings().max_upload_bytes / (1024 * 1024);
    let page = EnquiryFormPage {
        c,
        form,
        types: EnquiryType::ALL
            .iter()
            .map(|t| (t.code(), ctx.tr.label(t)))
            .collect(),
        file_hint: ctx.tr.with(
            "hint-documents",
            &[("max", max_mb.into()), ("count", MAX_DOCUMENTS.into())],
        ),
    };
    render(&page, status, true)
}

/// The query of the web form: a type and the page a problem was met on.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct FormQuery {
    #[serde(rename = "type")]
    enquiry_type: String,
    page: String,
}

/// `GET /account/enquiries/new`: the web form, filled with what the account knows.
#[handler]
pub async fn new_enquiry(ctx: Ctx, Query(query): Query<FormQuery>) -> Response {
    let account = match ctx.require() {
        Ok(account) => account.clone(),
        Err(response) => return response,
    };
    let request = if query.page.is_empty() {
        String::new()
    } else {
        ctx.tr.with(
            "report-problem-request",
            &[("page", query.page.as_str().into())],
        )
    };
    let ircc_id = account
        .ircc_id
        .as_ref()
        .map(|i| i.as_str().to_owned())
        .unwrap_or_default();
    let form = FormState::filled([
        ("enquiry_type", query.enquiry_type.as_str()),
        ("family_name", account.surname.as_str()),
        ("given_name", account.given_name.as_str()),
        ("email", account.email.as_str()),
        ("ircc_id", ircc_id.as_str()),
        ("request", request.as_str()),
    ]);
    form_page(&ctx, form)
}

/// `POST /account/enquiries/new` (multipart): sends the web form; every invalid field is
/// listed and nothing is kept.
#[handler]
pub async fn submit(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    multipart: Multipart,
) -> Response {
    let sent = MultipartForm::read(multipart).await;
    let fields = &sent.fields;
    let documents: Vec<(String, Vec<u8>)> = sent
        .files
        .iter()
        .filter(|(name, _, _)| name == "documents")
        .map(|(_, file_name, bytes)| (file_name.clone(), bytes.clone()))
        .collect();
    let field = |name: &str| sent.field(name).to_owned();
    early!(ctx.verify(verifier, &field("csrf_token")));
    let account = match ctx.require() {
        Ok(account) => account.clone(),
        Err(response) => return response,
    };
    let mut typed = FormState::filled(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let form = EnquiryForm {
        enquiry_type: field("enquiry_type"),
        family_name: field("family_name"),
        given_name: field("given_name"),
        email: field("email"),
        date_of_birth: field("date_of_birth"),
        ircc_id: field("ircc_id"),
        request: field("request"),
        documents,
    };
    match ctx.state.accounts.submit_enquiry(account.id, form).await {
        Ok(enquiry) => {
            let text = ctx.tr.with(
                "enquiry-sent-text",
                &[("reference", enquiry.reference.as_str().into())],
            );
            let mut page = MessagePage::new(ctx.chrome("enquiry-sent-heading"), text);
            page.link = Some((
                "/account/enquiries".to_owned(),
                ctx.tr.t("enquiries-heading"),
            ));
            render(&page, StatusCode::OK, true)
        }
        Err(e) => match typed.take(input::enquiry_refusal(e)) {
            Ok(()) => form_page(&ctx, typed),
            Err(e) => ctx.api_error(req, e),
        },
    }
}

/// An enquiry as the list shows it.
#[derive(Debug)]
pub struct EnquiryRow {
    reference: String,
    kind: String,
    sent: String,
    status: String,
    replies: Vec<String>,
}

/// The account's enquiries.
#[derive(Debug, Template)]
#[template(path = "enquiries.html")]
pub struct EnquiriesPage {
    c: Chrome,
    rows: Vec<EnquiryRow>,
}

/// `GET /account/enquiries`: the account's enquiries, newest first, with their status and
/// the department's replies.
#[handler]
pub async fn list(req: &Request, ctx: Ctx) -> Response {
    let account = match ctx.require() {
        Ok(account) => account.clone(),
        Err(response) => return response,
    };
    let page = match ctx.state.accounts.own_enquiries(account.id, 1, 100).await {
        Ok(page) => page,
        Err(e) => return ctx.api_error(req, input::enquiry_refusal(e)),
    };
    let rows = page
        .items
        .iter()
        .map(|e| EnquiryRow {
            reference: e.reference.as_str().to_owned(),
            kind: ctx.tr.label(&e.enquiry_type),
            sent: e.submitted_at.date().to_string(),
            status: ctx.tr.t(&format!("enquiry-status-{}", e.status.code())),
            replies: e.replies.iter().map(|r| r.body.clone()).collect(),
        })
        .collect();
    render(
        &EnquiriesPage {
            c: ctx.chrome("enquiries-heading"),
            rows,
        },
        StatusCode::OK,
        true,
    )
}

/// "Close my account".
#[derive(Debug, Template)]
#[template(path = "closure.html")]
pub struct ClosurePage {
    c: Chrome,
}

/// `GET /account/close`: what closing means, and the button.
#[handler]
pub async fn closure_page(ctx: Ctx) -> Response {
    early!(ctx.require());
    render(
        &ClosurePage {
            c: ctx.chrome("closure-heading"),
        },
        StatusCode::OK,
        true,
    )
}

/// `POST /account/close`: the request joins the officers' queue.
#[handler]
pub async fn request_closure(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Form(form): Form<TokenForm>,
) -> Response {
    early!(ctx.verify(verifier, &form.csrf_token));
    let account = match ctx.require() {
        Ok(account) => account.clone(),
        Err(response) => return response,
    };
    match ctx.state.accounts.request_closure(account.id).await {
        Ok(_) => {
            let mut page =
                MessagePage::new(ctx.chrome("closure-heading"), ctx.tr.t("closure-requested"));
            page.link = Some((
                "/account/enquiries".to_owned(),
                ctx.tr.t("enquiries-heading"),
            ));
            render(&page, StatusCode::OK, true)
        }
        Err(e) => ctx.api_error(req, input::closure_refusal(e)),
    }
}

/// The page a problem was reported on.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    page: String,
}

/// `GET /report-a-problem?page=...`: the web form as a technical-difficulties enquiry
/// naming the page (after signing in, for the enquiry belongs to an account).
#[handler]
pub fn report_problem(Query(query): Query<ReportQuery>) -> Response {
    let page: String = query
        .page
        .chars()
        .filter(|c| c.is_ascii_graphic())
        .take(200)
        .collect();
    see_other(&format!(
        "/account/enquiries/new?type=technical_difficulties&page={}",
        super::context::encode(&page)
    ))
}
