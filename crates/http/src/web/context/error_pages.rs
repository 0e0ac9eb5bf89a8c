//! The pages that answer a refusal or a failure instead of the page asked for: a problem
//! (403, 404, 429 ...), an expired form, an API error, an unexpected failure, and an error
//! raised before any page handler runs.

use askama::Template;
use poem::http::StatusCode;
use poem::{Request, Response};
use portal_domain::account::Language;

use super::Ctx;
use super::cookies::clear_session_cookie;
use crate::error::{ApiError, cause_chain};
use crate::i18n::Tr;
use crate::problem::Problem;
use crate::state::AppState;
use crate::web::{Chrome, render, see_other};

/// A page with a heading and some text: errors, confirmations.
#[derive(Debug, Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    /// Layout.
    pub c: Chrome,
    /// The `h1`.
    pub heading: String,
    /// The text.
    pub paragraphs: Vec<String>,
    /// A link onwards.
    pub link: Option<(String, String)>,
    /// For a 500, the reference to quote.
    pub reference: Option<String>,
}

impl MessagePage {
    /// A page whose heading is the chrome's title.
    pub fn new(c: Chrome, text: String) -> Self {
        Self {
            heading: c.title.clone(),
            c,
            paragraphs: vec![text],
            link: None,
            reference: None,
        }
    }
}

/// The heading of a refusal with this status.
fn refusal_heading(status: StatusCode) -> &'static str {
    match status.as_u16() {
        403 => "forbidden-heading",
        404 => "not-found-heading",
        429 => "too-many-heading",
        _ => "problem-heading",
    }
}

impl Ctx {
    /// The page of a refusal (403, 404, 429 ...).
    pub fn problem(&self, problem: Problem) -> Response {
        self.refusal(problem.status, problem.message(self.tr))
    }

    /// The page of a form whose token did not match (expired or forged).
    pub fn bad_token(&self) -> Response {
        let mut page = MessagePage::new(
            self.chrome("form-expired-heading"),
            self.tr.t("form-expired"),
        );
        page.link = Some((self.path.clone(), self.tr.t("try-again")));
        render(&page, StatusCode::FORBIDDEN, self.session.is_some())
    }

    /// The page of a refusal that is not about a field: a session that ended goes to "your
    /// session expired"; the others show their message (a 500 its reference, already
    /// logged).
    pub fn api_error(&self, req: &Request, error: ApiError) -> Response {
        let status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match error {
            ApiError::Unauthorized(_) => {
                clear_session_cookie(req, self.state.settings.secure_cookies);
                see_other("/session-expired")
            }
            ApiError::Internal(body) => self.failure(body.0.reference, status, true),
            other => self.refusal(status, other.body().message.clone()),
        }
    }

    /// The page of an unexpected failure: a fixed sentence and a reference in the log.
    pub fn unexpected(&self, req: &Request, cause: &(dyn std::error::Error + 'static)) -> Response {
        unexpected(&self.state, self.tr, req, cause)
    }

    /// A refusal's page: its heading, `text`, and the way back home.
    fn refusal(&self, status: StatusCode, text: String) -> Response {
        let mut page = MessagePage::new(self.chrome(refusal_heading(status)), text);
        page.link = Some(("/".to_owned(), self.tr.t("back-home")));
        render(&page, status, self.session.is_some())
    }

    /// A failure's page: a fixed sentence and the `reference` it was logged under.
    fn failure(&self, reference: Option<String>, status: StatusCode, personal: bool) -> Response {
        let mut page = MessagePage::new(self.chrome("error-heading"), self.tr.t("error-text"));
        page.reference = reference;
        render(&page, status, personal)
    }
}

/// The page of an unexpected failure, logged with its causes under a fresh reference.
pub(super) fn unexpected(
    state: &AppState,
    tr: Tr,
    req: &Request,
    cause: &(dyn std::error::Error + 'static),
) -> Response {
    let reference = uuid::Uuid::new_v4().to_string();
    let chain = cause_chain(cause);
    tracing::error!(reference = %reference, error = %chain, path = %req.uri().path(), "page failed unexpectedly");
    Ctx::signed_out(state, tr, req.uri().path()).failure(
        Some(reference),
        StatusCode::INTERNAL_SERVER_ERROR,
        true,
    )
}

/// The page of an error raised outside the page handlers: an unknown address (404), a
/// method the page does not take (405), or a failure (500, logged under a reference).
pub fn stray_error(
    state: &AppState,
    language: Language,
    path: &str,
    error: &poem::Error,
) -> Response {
    let tr = Tr::new(language);
    let ctx = Ctx::signed_out(state, tr, path);
    let status = error.status();
    if status.is_server_error() {
        let reference = uuid::Uuid::new_v4().to_string();
        tracing::error!(reference = %reference, error = %error, path = %path, "page failed unexpectedly");
        return ctx.failure(Some(reference), StatusCode::INTERNAL_SERVER_ERROR, false);
    }
    if status == StatusCode::NOT_FOUND {
        return ctx.problem(Problem::NOT_FOUND);
    }
    let text = if status == StatusCode::PAYLOAD_TOO_LARGE {
        let max_mb = state.applications.settings().max_upload_bytes / (1024 * 1024);
        tr.with("page-too-large", &[("max", max_mb.into())])
    } else {
        tr.t("bad-request-text")
    };
    let mut page = MessagePage::new(ctx.chrome("problem-heading"), text);
    page.link = Some(("/".to_owned(), tr.t("back-home")));
    render(&page, status, false)
}
