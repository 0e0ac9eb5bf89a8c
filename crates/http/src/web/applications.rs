//! Starting an application (F10) and its questionnaire, one section per page (F11): the
//! acknowledgement of the instructions, the group's names, then each section with where
//! the user is, save, "Exit transaction", and the documents and review steps after.

use std::collections::BTreeMap;

use askama::Template;
use poem::web::{CsrfVerifier, Form, Path, Query};
use poem::{Request, Response, handler};
use portal_domain::account::Account;
use portal_domain::application::{Application, ApplicationId, Document};
use uuid::Uuid;

use super::context::Ctx;
use super::form::{Fields, field};
use super::{Chrome, FormState, render, see_other};
use crate::api::ApplicationDetail;
use crate::i18n::Tr;
use crate::input::applications as input;
use crate::problem::Problem;

/// A step of the questionnaire's navigation.
#[derive(Debug)]
pub struct Step {
    pub(crate) href: String,
    pub(crate) title: String,
    pub(crate) state: String,
    pub(crate) current: bool,
}

/// The application being filled, as every step shows it.
#[derive(Debug)]
pub struct AppHeader {
    /// Its id.
    pub id: String,
    pub(crate) applicant: String,
    pub(crate) type_label: String,
    pub(crate) steps: Vec<Step>,
}

/// The representative's application `raw_id` with its documents, or the page that says
/// it was not found.
pub async fn load(
    ctx: &Ctx,
    req: &Request,
    owner: &Account,
    raw_id: &str,
) -> Result<(Application, Vec<Document>), Response> {
    let id = Uuid::parse_str(raw_id.trim())
        .map(ApplicationId::from_uuid)
        .map_err(|_| ctx.problem(Problem::NOT_FOUND))?;
    ctx.state
        .applications
        .view(owner.id, id)
        .await
        .map_err(|e| ctx.api_error(req, input::find_refusal(e)))
}

/// The prologue of every form that acts on one of the representative's applications: the
/// form's token is checked, the signed-in representative and their application `raw_id`
/// are found, or the page that says why not is the answer.
pub async fn posted(
    ctx: &Ctx,
    req: &Request,
    verifier: &CsrfVerifier,
    token: &str,
    raw_id: &str,
) -> Result<(Account, Application), Response> {
    ctx.verify(verifier, token)?;
    let owner = ctx.representative()?;
    let (application, _) = load(ctx, req, &owner, raw_id).await?;
    Ok((owner, application))
}

/// The presenter of an application, shared with the API.
pub fn detail(ctx: &Ctx, application: &Application, documents: &[Document]) -> ApplicationDetail {
    let today = ctx.state.clock.now().date();
    ApplicationDetail::new(application, documents, today, ctx.tr.language)
}

/// The header and steps of a draft; `current` is a section key, `documents` or `review`.
pub fn header(tr: Tr, detail: &ApplicationDetail, current: &str) -> AppHeader {
    let id = detail.row.id.clone();
    let mut steps: Vec<Step> = detail
        .sections
        .iter()
        .map(|s| Step {
            href: format!("/applications/{id}?section={}", s.key),
            title: s.title.clone(),
            state: tr.t(if s.complete {
                "step-complete"
            } else {
                "step-incomplete"
            }),
            current: s.key == current,
        })
        .collect();
    let documents_done = detail.checklist.iter().all(|c| !c.required || c.uploaded);
    steps.push(Step {
        href: format!("/applications/{id}/documents"),
        title: tr.t("documents-heading"),
        state: tr.t(if documents_done {
            "step-complete"
        } else {
            "step-incomplete"
        }),
        current: current == "documents",
    });
    steps.push(Step {
        href: format!("/applications/{id}/review"),
        title: tr.t("review-heading"),
        state: String::new(),
        current: current == "review",
    });
    AppHeader {
        applicant: detail.row.applicant_name.clone(),
        type_label: detail.row.application_type_label.clone(),
        steps,
        id,
    }
}

/// A question as the page shows it.
#[derive(Debug)]
pub struct QuestionView {
    field: String,
    label: String,
    kind: String,
    required: bool,
    hint: String,
    choices: Vec<(String, String)>,
}

/// The section being shown.
#[derive(Debug)]
pub struct SectionView {
    key: String,
    title: String,
    position: String,
}

/// One section of the questionnaire.
#[derive(Debug, Template)]
#[template(path = "section.html")]
pub struct SectionPage {
    c: Chrome,
    form: FormState,
    app: AppHeader,
    section: SectionView,
    questions: Vec<QuestionView>,
}

/// The query of a section page.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct SectionQuery {
    section: String,
    notice: String,
}

fn section_page(
    ctx: &Ctx,
    detail: &ApplicationDetail,
    key: &str,
    typed: Option<FormState>,
    notice: bool,
) -> Response {
    let Some(section) = detail
        .sections
        .iter()
        .find(|s| s.key == key)
        .or(detail.sections.first())
    else {
        return ctx.problem(Problem::NOT_FOUND);
    };
    let tr = ctx.tr;
    let questions = section
        .questions
        .iter()
        .map(|q| {
            let hint = match q.kind.as_str() {
                "date" => tr.t("hint-date"),
                "digits" => tr.t("hint-digits"),
                "amount" => tr.t("hint-amount"),
                "cbsa_file_number" => tr.t("field-cbsa-file-number-hint"),
                "email" => tr.t("hint-email"),
                _ => String::new(),
            };
            let choices = match q.kind.as_str() {
                "yes_no" => vec![
                    ("yes".to_owned(), tr.t("choice-yes")),
                    ("no".to_owned(), tr.t("choice-no")),
                ],
                _ => q
                    .choices
                    .iter()
                    .map(|code| {
                        (
                            code.clone(),
                            tr.t(&format!("choice-{}", code.replace('_', "-"))),
                        )
                    })
                    .collect(),
            };
            QuestionView {
                field: format!("answers.{}", q.key),
                label: q.label.clone(),
                kind: q.kind.clone(),
                required: q.required,
                hint,
                choices,
            }
        })
        .collect();
    let form = typed.unwrap_or_else(|| {
        let saved: Vec<(String, String)> = section
            .questions
            .iter()
            .filter_map(|q| {
                q.answer
                    .as_ref()
                    .map(|a| (format!("answers.{}", q.key), a.clone()))
            })
            .collect();
        FormState::filled(saved.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    });
    let mut c = ctx.chrome("questionnaire-title");
    c.title = format!("{} - {}", section.title, detail.row.applicant_name);
    c.crumbs_to(&detail.row.applicant_name);
    c.error_count = form.errors.len();
    if notice {
        c.notice = Some(tr.t("section-saved"));
    }
    let status = form.status();
    let page = SectionPage {
        c,
        app: header(tr, detail, &section.key),
        section: SectionView {
            key: section.key.clone(),
            title: section.title.clone(),
            position: section.position.clone(),
        },
        questions,
        form,
    };
    render(&page, status, true)
}

/// `GET /applications/{id}`: a section of a draft (`?section=key`, the first by default);
/// a submitted application shows its status instead.
#[handler]
pub async fn questionnaire(
    req: &Request,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(query): Query<SectionQuery>,
) -> Response {
    let detail = early!(super::documents::draft(&ctx, req, &id).await);
    section_page(&ctx, &detail, &query.section, None, query.notice == "saved")
}

/// `POST /applications/{id}/sections/{key}`: saves the section, then goes on ("Save and
/// continue"), stays ("Save") or returns home ("Exit transaction").
#[handler]
pub async fn save_section(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Path((id, key)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Response {
    let (owner, application) =
        early!(posted(&ctx, req, verifier, field(&fields, "csrf_token"), &id).await);
    let answers: BTreeMap<String, String> = fields
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("answers.")
                .map(|q| (q.to_owned(), v.clone()))
        })
        .collect();
    match ctx
        .state
        .applications
        .save_section(owner.id, application.id, &key, &answers)
        .await
    {
        Ok(saved) => {
            let action = field(&fields, "action");
            if action == "exit" {
                return see_other("/?notice=saved");
            }
            if action == "save" {
                return see_other(&format!("/applications/{id}?section={key}&notice=saved"));
            }
            let documents = match load(&ctx, req, &owner, &id).await {
                Ok((_, documents)) => documents,
                Err(response) => return response,
            };
            let detail = detail(&ctx, &saved, &documents);
            let next = detail
                .sections
                .iter()
                .skip_while(|s| s.key != key)
                .nth(1)
                .map(|s| s.key.clone());
            match next {
                Some(next) => see_other(&format!("/applications/{id}?section={next}")),
                None => see_other(&format!("/applications/{id}/documents")),
            }
        }
        Err(e) => {
            let refused = input::save_refusal(e);
            let mut typed = FormState::filled(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            match typed.take(refused) {
                Ok(()) => {
                    let (application, documents) = early!(load(&ctx, req, &owner, &id).await);
                    let detail = detail(&ctx, &application, &documents);
                    section_page(&ctx, &detail, &key, Some(typed), false)
                }
                Err(e) => ctx.api_error(req, e),
            }
        }
    }
}
