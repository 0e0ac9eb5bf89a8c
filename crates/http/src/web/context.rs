//! The request as a page sees it: the language (toggle, then account, then browser), the
//! session from its cookie, the form token, and the error pages.

use std::future::Future;

use askama::Template;
use poem::http::StatusCode;
use poem::web::cookie::{Cookie, SameSite};
use poem::web::{CsrfToken, CsrfVerifier, Data, Query};
use poem::{FromRequest, Request, RequestBody, Response, handler};
use portal_domain::account::{Account, Authenticated, Language};
use portal_domain::secrets::SessionToken;
use secrecy::SecretString;

use super::chrome::{Chrome, Crumb, DATE_MODIFIED};
use super::{render, see_other};
use crate::i18n::{self, Tr};
use crate::problem::Problem;
use crate::session::{self, SessionRefusal};
use crate::state::AppState;

/// The cookie of the language toggle.
const LANGUAGE_COOKIE: &str = "portal-lang";

/// `name`, with the `__Host-` prefix when the portal is served over HTTPS (the browser
/// then refuses the cookie from anywhere but this host, over anything but HTTPS).
pub fn cookie_name(secure: bool, name: &str) -> String {
    if secure {
        format!("__Host-{name}")
    } else {
        name.to_owned()
    }
}

/// Everything a page handler knows about its request.
#[derive(Debug)]
pub struct Ctx {
    /// The shared state.
    pub state: AppState,
    /// The page's language.
    pub tr: Tr,
    /// The session, when signed in.
    pub session: Option<Authenticated>,
    /// A session cookie was sent but its session has ended.
    pub expired: bool,
    csrf: String,
    path: String,
}

impl Ctx {
    /// Reads the request: its session cookie (checked), language and form token.
    pub async fn of(state: &AppState, req: &Request, csrf: &CsrfToken) -> Result<Self, Response> {
        let secure = state.settings.secure_cookies;
        let token = req
            .cookie()
            .get(&cookie_name(secure, "portal-session"))
            .map(|c| c.value_str().to_owned());
        let (session, expired) = match token {
            None => (None, false),
            Some(token) => {
                let token = SessionToken::new(SecretString::from(token));
                match session::authenticate(state, &token).await {
                    Ok(authenticated) => (Some(authenticated), false),
                    Err(SessionRefusal::Refused(_)) => {
                        clear_session_cookie(req, secure);
                        (None, true)
                    }
                    Err(SessionRefusal::Unexpected(e)) => {
                        let tr = Tr::new(language_of(req, None));
                        return Err(unexpected(state, tr, req, &e));
                    }
                }
            }
        };
        let account_language = session.as_ref().map(|s| s.account.language);
        let language = language_of(req, account_language);
        i18n::set_current(language);
        Ok(Self {
            state: state.clone(),
            tr: Tr::new(language),
            session,
            expired,
            csrf: csrf.0.clone(),
            path: req.uri().path().to_owned(),
        })
    }

    /// The signed-in representative, or the page that says why not.
    pub fn representative(&self) -> Result<Account, Response> {
        let account = self.require()?.clone();
        session::representative(account).map_err(|problem| self.problem(problem))
    }

    /// The signed-in officer, or the page that says why not.
    pub fn officer(&self) -> Result<Account, Response> {
        let account = self.require()?.clone();
        session::officer(account).map_err(|problem| self.problem(problem))
    }

    /// The signed-in account.
    pub fn account(&self) -> Option<&Account> {
        self.session.as_ref().map(|s| &s.account)
    }

    /// The layout's data for a page titled by `title_key`, with breadcrumbs to it.
    pub fn chrome(&self, title_key: &str) -> Chrome {
        let title = self.tr.t(title_key);
        let mut chrome = Chrome {
            tr: self.tr,
            title: title.clone(),
            product: self.state.settings.product_name.clone(),
            signed_in_as: None,
            is_representative: false,
            is_officer: false,
            crumbs: Vec::new(),
            csrf: self.csrf.clone(),
            toggle_href: format!(
                "/language?to={}&back={}",
                self.tr.other().code(),
                encode(&self.path)
            ),
            path: encode(&self.path),
            path_raw: self.path.clone(),
            date_modified: DATE_MODIFIED,
            error_count: 0,
            notice: None,
            idle_seconds: None,
        };
        if let Some(account) = self.account() {
            let idle = self
                .state
                .accounts
                .settings()
                .session_idle_timeout
                .whole_seconds();
            chrome.signed_in(account, idle);
        }
        if self.path == "/" {
            chrome.crumbs = vec![Crumb {
                label: self.tr.t("crumb-home"),
                href: None,
            }];
        } else {
            chrome.crumbs_to(&title);
        }
        chrome
    }

    /// The page of a refusal (403, 404, 429 ...).
    pub fn problem(&self, problem: Problem) -> Response {
        let heading = match problem.status.as_u16() {
            403 => "forbidden-heading",
            404 => "not-found-heading",
            429 => "too-many-heading",
            _ => "problem-heading",
        };
        let mut page = MessagePage::new(self.chrome(heading), problem.message(self.tr));
        page.link = Some(("/".to_owned(), self.tr.t("back-home")));
        render(&page, problem.status, self.session.is_some())
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

    /// Checks the form token of a POST.
    pub fn verify(&self, verifier: &CsrfVerifier, token: &str) -> Result<(), Response> {
        if verifier.is_valid(token) {
            Ok(())
        } else {
            Err(self.bad_token())
        }
    }

    /// The signed-in account, or the way to sign in: the "session expired" page when the
    /// cookie's session ended, the sign-in page otherwise.
    pub fn require(&self) -> Result<&Account, Response> {
        match self.account() {
            Some(account) => Ok(account),
            None if self.expired => Err(see_other("/session-expired")),
            None => Err(see_other("/")),
        }
    }

    /// The same request in another language (after the account chose it).
    pub fn in_language(&self, language: Language) -> Self {
        i18n::set_current(language);
        Self {
            state: self.state.clone(),
            tr: Tr::new(language),
            session: self.session.clone(),
            expired: self.expired,
            csrf: self.csrf.clone(),
            path: self.path.clone(),
        }
    }

    /// The page of a refusal that is not about a field: a session that ended goes to "your
    /// session expired"; the others show their message (a 500 its reference, already
    /// logged).
    pub fn api_error(&self, req: &Request, error: crate::error::ApiError) -> Response {
        use crate::error::ApiError;
        let status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match error {
            ApiError::Unauthorized(_) => {
                clear_session_cookie(req, self.state.settings.secure_cookies);
                see_other("/session-expired")
            }
            ApiError::Internal(body) => {
                let mut page =
                    MessagePage::new(self.chrome("error-heading"), self.tr.t("error-text"));
                page.reference = body.0.reference;
                render(&page, status, true)
            }
            other => {
                let heading = match status.as_u16() {
                    403 => "forbidden-heading",
                    404 => "not-found-heading",
                    429 => "too-many-heading",
                    _ => "problem-heading",
                };
                let mut page = MessagePage::new(self.chrome(heading), other.body().message.clone());
                page.link = Some(("/".to_owned(), self.tr.t("back-home")));
                render(&page, status, self.session.is_some())
            }
        }
    }

    /// The page of an unexpected failure: a fixed sentence and a reference in the log.
    pub fn unexpected(&self, req: &Request, cause: &(dyn std::error::Error + 'static)) -> Response {
        unexpected(&self.state, self.tr, req, cause)
    }
}

/// A page handler's context is read from the request: the state and the form token come
/// from the middleware, the session from the cookie. A failure to read it (the database
/// did not answer) is the error page.
impl<'a> FromRequest<'a> for Ctx {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let state = req
            .data::<AppState>()
            .ok_or_else(|| poem::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR))?;
        let csrf = req
            .extensions()
            .get::<CsrfToken>()
            .ok_or_else(|| poem::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR))?;
        Self::of(state, req, csrf)
            .await
            .map_err(poem::Error::from_response)
    }
}

/// Runs a page's work, in which any step may end it early with the response to send (a
/// redirect, an error page): `?` on a `Result<_, Response>` inside `work` does that.
pub async fn page(work: impl Future<Output = Result<Response, Response>>) -> Response {
    work.await.unwrap_or_else(|early| early)
}

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

fn unexpected(
    state: &AppState,
    tr: Tr,
    req: &Request,
    cause: &(dyn std::error::Error + 'static),
) -> Response {
    let reference = uuid::Uuid::new_v4().to_string();
    let mut chain = cause.to_string();
    let mut source = cause.source();
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    tracing::error!(reference = %reference, error = %chain, path = %req.uri().path(), "page failed unexpectedly");
    let ctx = Ctx {
        state: state.clone(),
        tr,
        session: None,
        expired: false,
        csrf: String::new(),
        path: req.uri().path().to_owned(),
    };
    let mut page = MessagePage::new(ctx.chrome("error-heading"), tr.t("error-text"));
    page.reference = Some(reference);
    render(&page, StatusCode::INTERNAL_SERVER_ERROR, true)
}

/// The language of a page: the toggle's cookie, the account's preference, the browser's.
fn language_of(req: &Request, account: Option<Language>) -> Language {
    let chosen = req
        .cookie()
        .get(LANGUAGE_COOKIE)
        .map(|c| c.value_str().to_owned());
    let accept = req
        .headers()
        .get("accept-language")
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    i18n::negotiate(chosen.as_deref(), account, accept)
}

/// Sets the session cookie: sent only to this site's pages, never readable by script.
pub fn set_session_cookie(req: &Request, secure: bool, token: &str) {
    let mut cookie = Cookie::new_with_str(cookie_name(secure, "portal-session"), token);
    cookie.set_http_only(true);
    cookie.set_secure(secure);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_path("/");
    req.cookie().add(cookie);
}

/// Removes the session cookie.
pub fn clear_session_cookie(req: &Request, secure: bool) {
    let mut cookie = Cookie::new_with_str(cookie_name(secure, "portal-session"), "");
    cookie.set_http_only(true);
    cookie.set_secure(secure);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_path("/");
    cookie.make_removal();
    req.cookie().add(cookie);
}

/// The toggle's request: which language, and the page to go back to.
#[derive(Debug, serde::Deserialize)]
pub struct Toggle {
    to: String,
    #[serde(default)]
    back: String,
}

/// The language toggle: remembers the choice and returns to the same page.
#[handler]
pub fn toggle_language(
    req: &Request,
    state: Data<&AppState>,
    Query(toggle): Query<Toggle>,
) -> Response {
    if let Ok(language) = Language::parse(&toggle.to) {
        let mut cookie = Cookie::new_with_str(LANGUAGE_COOKIE, language.code());
        cookie.set_secure(state.settings.secure_cookies);
        cookie.set_same_site(SameSite::Lax);
        cookie.set_path("/");
        cookie.set_max_age(std::time::Duration::from_secs(365 * 24 * 3600));
        req.cookie().add(cookie);
    }
    // Only a path of this site: never an open redirect.
    let back = if toggle.back.starts_with('/')
        && !toggle.back.starts_with("//")
        && !toggle.back.contains('\\')
    {
        toggle.back.as_str()
    } else {
        "/"
    };
    see_other(back)
}

/// Percent-encodes a path for a query parameter.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The language a page would take before the session is known: the toggle, then the
/// browser. For errors raised before any page handler runs (an unknown address).
pub fn language_hint(req: &Request) -> Language {
    let chosen = req.headers().get_all("cookie").iter().find_map(|h| {
        h.to_str().ok().and_then(|cookies| {
            cookies.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                (name == LANGUAGE_COOKIE).then(|| value.to_owned())
            })
        })
    });
    let accept = req
        .headers()
        .get("accept-language")
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    i18n::negotiate(chosen.as_deref(), None, accept)
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
    let ctx = Ctx {
        state: state.clone(),
        tr,
        session: None,
        expired: false,
        csrf: String::new(),
        path: path.to_owned(),
    };
    let status = error.status();
    if status.is_server_error() {
        let reference = uuid::Uuid::new_v4().to_string();
        tracing::error!(reference = %reference, error = %error, path = %path, "page failed unexpectedly");
        let mut page = MessagePage::new(ctx.chrome("error-heading"), tr.t("error-text"));
        page.reference = Some(reference);
        return render(&page, StatusCode::INTERNAL_SERVER_ERROR, false);
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
