//! The last steps of a draft: its documents (upload by the checklist), the review that lists
//! every missing item as a link to it, submission (F14), and deletion (F13).

use askama::Template;
use poem::http::StatusCode;
use poem::web::{CsrfVerifier, Form, Multipart, Path};
use poem::{Request, Response, handler};

use super::applications::{AppHeader, detail, header, load, posted};
use super::context::Ctx;
use super::public::TokenForm;
use super::{Chrome, FormState, MultipartForm, render, see_other};
use crate::api::ApplicationDetail;
use crate::error::Validator;
use crate::input::applications as input;

/// The documents step.
#[derive(Debug, Template)]
#[template(path = "documents.html")]
pub struct DocumentsPage {
    c: Chrome,
    form: FormState,
    app: AppHeader,
    checklist: Vec<ChecklistRow>,
    documents: Vec<(String, String)>,
    items: Vec<(String, String)>,
    file_hint: String,
}

/// A row of the checklist.
#[derive(Debug)]
pub struct ChecklistRow {
    key: String,
    label: String,
    required: String,
    uploaded: String,
}

fn documents_page(ctx: &Ctx, detail: &ApplicationDetail, form: FormState) -> Response {
    let tr = ctx.tr;
    let yes_no = |b: bool| tr.t(if b { "choice-yes" } else { "choice-no" });
    let mut c = ctx.chrome("documents-heading");
    c.title = format!(
        "{} - {}",
        tr.t("documents-heading"),
        detail.row.applicant_name
    );
    c.crumbs_to(&detail.row.applicant_name);
    c.error_count = form.errors.len();
    let status = form.status();
    let max_mb = ctx.state.applications.settings().max_upload_bytes / (1024 * 1024);
    let page = DocumentsPage {
        c,
        form,
        app: header(tr, detail, "documents"),
        checklist: detail
            .checklist
            .iter()
            .map(|item| ChecklistRow {
                key: item.key.clone(),
                label: item.label.clone(),
                required: yes_no(item.required),
                uploaded: yes_no(item.uploaded),
            })
            .collect(),
        documents: detail
            .documents
            .iter()
            .map(|d| {
                let label = detail
                    .checklist
                    .iter()
                    .find(|c| c.key == d.item)
                    .map_or_else(|| d.item.clone(), |c| c.label.clone());
                (d.file_name.clone(), label)
            })
            .collect(),
        items: detail
            .checklist
            .iter()
            .map(|c| (c.key.clone(), c.label.clone()))
            .collect(),
        file_hint: tr.with("hint-file", &[("max", max_mb.into())]),
    };
    render(&page, status, true)
}

/// The presenter of the representative's draft `id`; a submitted application goes to its
/// status page instead.
pub(super) async fn draft(
    ctx: &Ctx,
    req: &Request,
    id: &str,
) -> Result<ApplicationDetail, Response> {
    let owner = ctx.representative()?;
    let (application, documents) = load(ctx, req, &owner, id).await?;
    if !application.is_draft() {
        return Err(see_other(&format!("/applications/{id}/status")));
    }
    Ok(detail(ctx, &application, &documents))
}

/// `GET /applications/{id}/documents`.
#[handler]
pub async fn documents_step(req: &Request, ctx: Ctx, Path(id): Path<String>) -> Response {
    let detail = early!(draft(&ctx, req, &id).await);
    documents_page(&ctx, &detail, FormState::default())
}

/// `POST /applications/{id}/documents` (multipart): stores one document for a checklist
/// item.
#[handler]
pub async fn upload(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Response {
    let sent = MultipartForm::read(multipart).await;
    let item = sent.field("item").to_owned();
    let (file_name, bytes) = sent.file("file").unwrap_or_default();
    let token = sent.field("csrf_token");
    let (owner, application) = early!(posted(&ctx, req, verifier, token, &id).await);
    let mut form = FormState::filled([("item", item.as_str())]);
    let refused = if bytes.is_empty() && file_name.is_empty() {
        no_file()
    } else {
        match ctx
            .state
            .applications
            .upload(owner.id, application.id, item.trim(), file_name, bytes)
            .await
        {
            Ok(_) => return see_other(&format!("/applications/{id}/documents")),
            Err(e) => input::upload_refusal(e),
        }
    };
    match form.take(refused) {
        Ok(()) => match load(&ctx, req, &owner, &id).await {
            Ok((application, documents)) => {
                documents_page(&ctx, &detail(&ctx, &application, &documents), form)
            }
            Err(response) => response,
        },
        Err(e) => ctx.api_error(req, e),
    }
}

/// The review before submission.
#[derive(Debug, Template)]
#[template(path = "review.html")]
pub struct ReviewPage {
    c: Chrome,
    form: FormState,
    app: AppHeader,
    missing: Vec<(String, String)>,
    answers: Vec<(String, Vec<(String, String)>)>,
}

/// Each missing item of the draft as a link to where it is given.
fn missing_links(detail: &ApplicationDetail) -> Vec<(String, String)> {
    let id = &detail.row.id;
    let mut links = Vec::new();
    for section in &detail.sections {
        for q in &section.questions {
            if q.required && q.answer.is_none() {
                links.push((
                    format!(
                        "/applications/{id}?section={}#answers.{}",
                        section.key, q.key
                    ),
                    format!("{}: {}", section.title, q.label),
                ));
            }
        }
    }
    for item in &detail.checklist {
        if item.required && !item.uploaded {
            links.push((
                format!("/applications/{id}/documents#item-{}", item.key),
                item.label.clone(),
            ));
        }
    }
    links
}

fn review_page(ctx: &Ctx, detail: &ApplicationDetail, form: FormState) -> Response {
    let tr = ctx.tr;
    let mut c = ctx.chrome("review-heading");
    c.title = format!("{} - {}", tr.t("review-heading"), detail.row.applicant_name);
    c.crumbs_to(&detail.row.applicant_name);
    c.error_count = form.errors.len();
    let status = form.status();
    let none = tr.t("not-answered");
    let answers = detail
        .sections
        .iter()
        .map(|s| {
            let rows = s
                .questions
                .iter()
                .map(|q| {
                    (
                        q.label.clone(),
                        q.answer.clone().unwrap_or_else(|| none.clone()),
                    )
                })
                .collect();
            (s.title.clone(), rows)
        })
        .collect();
    let page = ReviewPage {
        c,
        form,
        app: header(tr, detail, "review"),
        missing: missing_links(detail),
        answers,
    };
    render(&page, status, true)
}

/// `GET /applications/{id}/review`.
#[handler]
pub async fn review(req: &Request, ctx: Ctx, Path(id): Path<String>) -> Response {
    let detail = early!(draft(&ctx, req, &id).await);
    review_page(&ctx, &detail, FormState::default())
}

/// The confirmation of a submission.
#[derive(Debug, Template)]
#[template(path = "submitted.html")]
pub struct SubmittedPage {
    c: Chrome,
    rows: Vec<(String, String, String)>,
}

/// `POST /applications/{id}/submit`: submits the group, or lists everything missing.
#[handler]
pub async fn submit(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Response {
    let (owner, application) = early!(posted(&ctx, req, verifier, &form.csrf_token, &id).await);
    match ctx.state.applications.submit(&owner, application.id).await {
        Ok(submitted) => {
            let rows = submitted
                .iter()
                .map(|a| {
                    (
                        a.applicant_name.clone(),
                        a.number()
                            .map(|n| n.as_str().to_owned())
                            .unwrap_or_default(),
                        a.submitted_at()
                            .map(|t| t.date().to_string())
                            .unwrap_or_default(),
                    )
                })
                .collect();
            render(
                &SubmittedPage {
                    c: ctx.chrome("submitted-heading"),
                    rows,
                },
                StatusCode::OK,
                true,
            )
        }
        Err(e) => {
            let mut typed = FormState::default();
            match typed.take(input::submit_refusal(e, ctx.tr.language)) {
                Ok(()) => match load(&ctx, req, &owner, &id).await {
                    Ok((application, documents)) => {
                        // The summary lists what every applicant of the group still needs.
                        for error in &mut typed.errors {
                            error.field = "missing-heading".to_owned();
                        }
                        review_page(&ctx, &detail(&ctx, &application, &documents), typed)
                    }
                    Err(response) => response,
                },
                Err(e) => ctx.api_error(req, e),
            }
        }
    }
}

/// "Delete this application?"
#[derive(Debug, Template)]
#[template(path = "delete.html")]
pub struct DeletePage {
    c: Chrome,
    id: String,
    question: String,
}

/// `GET /applications/{id}/delete`: asks before deleting.
#[handler]
pub async fn confirm_delete(req: &Request, ctx: Ctx, Path(id): Path<String>) -> Response {
    let owner = early!(ctx.representative());
    match load(&ctx, req, &owner, &id).await {
        Ok((application, _)) => {
            let question = ctx.tr.with(
                "delete-question",
                &[("applicant", application.applicant_name.as_str().into())],
            );
            render(
                &DeletePage {
                    c: ctx.chrome("delete-heading"),
                    id,
                    question,
                },
                StatusCode::OK,
                true,
            )
        }
        Err(response) => response,
    }
}

/// `POST /applications/{id}/delete`.
#[handler]
pub async fn delete(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Response {
    let (owner, application) = early!(posted(&ctx, req, verifier, &form.csrf_token, &id).await);
    match ctx
        .state
        .applications
        .delete(owner.id, application.id)
        .await
    {
        Ok(()) => see_other("/?notice=deleted"),
        Err(e) => ctx.api_error(req, input::delete_refusal(e)),
    }
}

/// The refusal of a form sent without its file.
pub fn no_file() -> crate::error::ApiError {
    let mut v = Validator::new();
    v.push("file", "required", crate::error::says("upload-choose-file"));
    v.into_error()
}
