//! The request as a page sees it: the language (toggle, then account, then browser), the
//! session from its cookie, the form token, and the error pages.

mod cookies;
mod error_pages;

use std::future::Future;

use poem::http::StatusCode;
use poem::web::{CsrfToken, CsrfVerifier};
use poem::{FromRequest, Request, RequestBody, Response};
use portal_domain::account::{Account, Authenticated, Language};
use portal_domain::secrets::SessionToken;
use secrecy::SecretString;

use super::chrome::{Chrome, Crumb, DATE_MODIFIED};
use super::see_other;
use crate::i18n::{self, Tr};
use crate::session::{self, SessionRefusal};
use crate::state::AppState;

pub use cookies::{
    clear_session_cookie, cookie_name, language_hint, set_session_cookie, toggle_language,
};
pub use error_pages::{MessagePage, stray_error};

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
        let (session, expired) = match cookies::session_token(req, secure) {
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
                        let tr = Tr::new(cookies::language_of(req, None));
                        return Err(error_pages::unexpected(state, tr, req, &e));
                    }
                }
            }
        };
        let account_language = session.as_ref().map(|s| s.account.language);
        let language = cookies::language_of(req, account_language);
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

    /// The context of a page answered without a session nor a form (an error page).
    fn signed_out(state: &AppState, tr: Tr, path: &str) -> Self {
        Self {
            state: state.clone(),
            tr,
            session: None,
            expired: false,
            csrf: String::new(),
            path: path.to_owned(),
        }
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
