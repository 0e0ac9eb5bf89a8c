//! The pages open without a session: sign in and out (F2), help (F9) and "your session
//! expired". Enrolment and the forgotten password are in `credentials`.

use askama::Template;
use poem::http::StatusCode;
use poem::web::{CsrfVerifier, Form};
use poem::{Request, Response, handler};
use portal_domain::secrets::SessionToken;
use secrecy::SecretString;

use super::context::{Ctx, MessagePage, clear_session_cookie, set_session_cookie};
use super::{Chrome, FormState, render, see_other};
use crate::input;
use crate::problem::{Problem, sign_in_refusal};
use crate::state::AppState;

/// The sign-in page.
#[derive(Debug, Template)]
#[template(path = "sign_in.html")]
pub struct SignInPage {
    c: Chrome,
    form: FormState,
}

/// Confirmations the sign-in page may show after a redirect.
const NOTICES: [&str; 6] = [
    "signed-out",
    "password-reset",
    "password-changed",
    "saved",
    "deleted",
    "uploaded",
];

/// The sign-in page, with a confirmation when one of [`NOTICES`] is named.
pub fn sign_in_form(ctx: &Ctx, form: FormState, notice: &str) -> Response {
    let mut c = ctx.chrome("sign-in-title");
    c.error_count = form.errors.len();
    c.notice = notice_text(ctx, notice);
    let status = form.status();
    render(&SignInPage { c, form }, status, false)
}

/// The confirmation named by a redirect's `notice`, if it is one of [`NOTICES`].
pub fn notice_text(ctx: &Ctx, notice: &str) -> Option<String> {
    NOTICES
        .contains(&notice)
        .then(|| ctx.tr.t(&format!("notice-{notice}")))
}

/// `GET /sign-in`: the sign-in form lives at `/`.
#[handler]
pub fn sign_in_page() -> Response {
    see_other("/")
}

/// The sign-in form's fields.
#[derive(Debug, serde::Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// `POST /sign-in`: opens a new session (a new token, whatever cookie came in) and goes
/// home, or shows the form again with what went wrong.
#[handler]
pub async fn sign_in(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Form(form): Form<SignInForm>,
) -> Response {
    early!(ctx.verify(verifier, &form.csrf_token));
    let mut typed = FormState::filled([("email", form.email.as_str())]);
    if let Err(e) = input::sign_in(&form.email, &form.password) {
        return match typed.take(e) {
            Ok(()) => sign_in_form(&ctx, typed, ""),
            Err(_) => ctx.problem(Problem::NOT_FOUND),
        };
    }
    if crate::rate_limit::check_credential_limit(&ctx.state, req).is_err() {
        return ctx.problem(Problem::RATE_LIMITED);
    }
    let _slot = ctx.state.credential_slots.acquire().await.ok();
    let password = SecretString::from(form.password);
    let client = crate::rate_limit::client_address(req);
    match ctx
        .state
        .accounts
        .sign_in(&form.email, &password, client)
        .await
    {
        Ok(signed_in) => {
            // Rotation: the session the browser held before, if any, ends now.
            if let Some(previous) = session_cookie(req, &ctx.state) {
                let _ = ctx.state.accounts.sign_out(&previous).await;
            }
            set_session_cookie(
                req,
                ctx.state.settings.secure_cookies,
                signed_in.token.expose(),
            );
            if signed_in.account.must_change_password {
                see_other("/account/password")
            } else {
                see_other("/")
            }
        }
        Err(e) => match sign_in_refusal(&e) {
            Some((problem, _)) => {
                typed.push("email", problem.message(ctx.tr));
                sign_in_form(&ctx, typed, "")
            }
            None => ctx.unexpected(req, &e),
        },
    }
}

/// The session token of the request's cookie, if any.
fn session_cookie(req: &Request, state: &AppState) -> Option<SessionToken> {
    req.cookie()
        .get(&super::context::cookie_name(
            state.settings.secure_cookies,
            "portal-session",
        ))
        .map(|c| SessionToken::new(SecretString::from(c.value_str().to_owned())))
}

/// A form with only its token.
#[derive(Debug, serde::Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    /// The form token.
    pub csrf_token: String,
}

/// `POST /sign-out`: the session ends on the server and the cookie is removed.
#[handler]
pub async fn sign_out(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Form(form): Form<TokenForm>,
) -> Response {
    early!(ctx.verify(verifier, &form.csrf_token));
    if let Some(token) = session_cookie(req, &ctx.state) {
        let _ = ctx.state.accounts.sign_out(&token).await;
    }
    clear_session_cookie(req, ctx.state.settings.secure_cookies);
    see_other("/?notice=signed-out")
}

/// "Your session expired".
#[handler]
pub async fn session_expired(ctx: Ctx) -> Response {
    let mut page = MessagePage::new(
        ctx.chrome("session-expired-heading"),
        ctx.tr.t("session-expired-text"),
    );
    page.link = Some(("/".to_owned(), ctx.tr.t("sign-in-again")));
    render(&page, StatusCode::OK, false)
}

/// The help page.
#[derive(Debug, Template)]
#[template(path = "help.html")]
pub struct HelpPage {
    c: Chrome,
}

/// `GET /help` (F9).
#[handler]
pub async fn help(ctx: Ctx) -> Response {
    let personal = ctx.session.is_some();
    render(
        &HelpPage {
            c: ctx.chrome("help-title"),
        },
        StatusCode::OK,
        personal,
    )
}
