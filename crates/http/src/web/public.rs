//! The pages open without a session: sign in and out (F2), enrolment (F1), forgotten
//! password (F3), help (F9) and "your session expired".

use askama::Template;
use poem::http::StatusCode;
use poem::web::{CsrfVerifier, Form};
use poem::{Request, Response, handler};
use portal_domain::account::GoverningBody;
use portal_domain::secrets::SessionToken;
use secrecy::SecretString;

use super::context::{Ctx, MessagePage, clear_session_cookie, set_session_cookie};
use super::{Chrome, FormState, render, see_other};
use crate::input::{self, ContactFields, EnrolmentFields, ResetFields};
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

/// The choices of the contact fields, labelled.
#[derive(Debug)]
pub struct ContactChoices {
    /// Telephone types.
    pub telephone_types: Vec<(&'static str, &'static str)>,
    /// Telephone countries.
    pub telephone_countries: Vec<(&'static str, &'static str)>,
    /// Languages.
    pub languages: Vec<(&'static str, &'static str)>,
    /// Email updates.
    pub email_updates: Vec<(&'static str, &'static str)>,
}

impl ContactChoices {
    /// The guide's choices, as message keys.
    pub fn new() -> Self {
        Self {
            telephone_types: vec![
                ("residential", "telephone-type-residential"),
                ("cellular", "telephone-type-cellular"),
                ("other", "telephone-type-other"),
            ],
            telephone_countries: vec![
                ("canada-us", "telephone-country-canada-us"),
                ("other", "telephone-country-other"),
            ],
            languages: vec![("en", "language-en"), ("fr", "language-fr")],
            email_updates: vec![("yes", "email-updates-yes"), ("no", "email-updates-no")],
        }
    }
}

/// The enrolment page (F1).
#[derive(Debug, Template)]
#[template(path = "enrol.html")]
pub struct EnrolPage {
    c: Chrome,
    form: FormState,
    password_hint: String,
    governing_bodies: Vec<(&'static str, &'static str)>,
    choices: ContactChoices,
}

fn enrol_form(ctx: &Ctx, form: FormState) -> Response {
    let mut c = ctx.chrome("enrol-title");
    c.error_count = form.errors.len();
    let status = form.status();
    let page = EnrolPage {
        c,
        form,
        password_hint: ctx
            .state
            .accounts
            .settings()
            .password_policy
            .hint(ctx.tr.language),
        governing_bodies: GoverningBody::ALL
            .iter()
            .map(|g| (g.code(), g.label(ctx.tr.language)))
            .collect(),
        choices: ContactChoices::new(),
    };
    render(&page, status, false)
}

/// `GET /enrol`.
#[handler]
pub async fn enrol_page(ctx: Ctx) -> Response {
    if ctx.session.is_some() {
        return see_other("/");
    }
    let language = ctx.tr.code();
    enrol_form(
        &ctx,
        FormState::filled([
            ("language", language),
            ("telephone_country", "canada-us"),
            ("email_updates", "yes"),
        ]),
    )
}

/// The enrolment form's fields.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct EnrolForm {
    csrf_token: String,
    email: String,
    password: String,
    given_name: String,
    surname: String,
    governing_body: String,
    membership_id: String,
    telephone_type: String,
    telephone_country: String,
    telephone_number: String,
    fax_number: String,
    language: String,
    email_updates: String,
}

/// `POST /enrol`.
#[handler]
pub async fn enrol(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Form(f): Form<EnrolForm>,
) -> Response {
    early!(ctx.verify(verifier, &f.csrf_token));
    let mut typed = FormState::filled([
        ("email", f.email.as_str()),
        ("given_name", &f.given_name),
        ("surname", &f.surname),
        ("governing_body", &f.governing_body),
        ("membership_id", &f.membership_id),
        ("telephone_type", &f.telephone_type),
        ("telephone_country", &f.telephone_country),
        ("telephone_number", &f.telephone_number),
        ("fax_number", &f.fax_number),
        ("language", &f.language),
        ("email_updates", &f.email_updates),
    ]);
    let fields = EnrolmentFields {
        email: &f.email,
        password: &f.password,
        given_name: &f.given_name,
        surname: &f.surname,
        governing_body: &f.governing_body,
        membership_id: &f.membership_id,
        contact: ContactFields {
            telephone_type: &f.telephone_type,
            telephone_country: &f.telephone_country,
            telephone_number: &f.telephone_number,
            fax_number: &f.fax_number,
            language: &f.language,
            email_updates: &f.email_updates,
        },
    };
    let policy = &ctx.state.accounts.settings().password_policy;
    let refused = match input::enrolment(&fields, policy, ctx.tr.language) {
        Ok(command) => {
            if crate::rate_limit::check_credential_limit(&ctx.state, req).is_err() {
                return ctx.problem(Problem::RATE_LIMITED);
            }
            let _slot = ctx.state.credential_slots.acquire().await.ok();
            let language = command.language;
            match ctx.state.accounts.enrol(command).await {
                Ok(()) => {
                    let mut page =
                        MessagePage::new(ctx.chrome("enrolled-heading"), ctx.tr.t("enrolled-text"));
                    page.link = Some(("/".to_owned(), ctx.tr.t("sign-in-title")));
                    return render(&page, StatusCode::OK, false);
                }
                Err(e) => input::enrol_refusal(e, language),
            }
        }
        Err(e) => e,
    };
    match typed.take(refused) {
        Ok(()) => enrol_form(&ctx, typed),
        Err(e) => ctx.api_error(req, e),
    }
}

/// The forgotten-password page.
#[derive(Debug, Template)]
#[template(path = "forgot_password.html")]
pub struct ForgotPage {
    c: Chrome,
    form: FormState,
}

/// `GET /forgot-password`.
#[handler]
pub async fn forgot_page(ctx: Ctx) -> Response {
    let c = ctx.chrome("forgot-title");
    render(
        &ForgotPage {
            c,
            form: FormState::default(),
        },
        StatusCode::OK,
        false,
    )
}

/// The forgotten-password form's fields.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ForgotForm {
    csrf_token: String,
    email: String,
}

/// `POST /forgot-password`: sends a code if the email has an account (the answer is the
/// same either way) and shows the reset form.
#[handler]
pub async fn forgot(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Form(f): Form<ForgotForm>,
) -> Response {
    early!(ctx.verify(verifier, &f.csrf_token));
    let mut typed = FormState::filled([("email", f.email.as_str())]);
    let mut v = crate::error::Validator::new();
    let email = input::email(&mut v, "email", &f.email);
    let checked = v.finish();
    if let Err(e) = checked {
        let _ = typed.take(e);
        let mut c = ctx.chrome("forgot-title");
        c.error_count = typed.errors.len();
        return render(
            &ForgotPage { c, form: typed },
            StatusCode::UNPROCESSABLE_ENTITY,
            false,
        );
    }
    if crate::rate_limit::check_credential_limit(&ctx.state, req).is_err() {
        return ctx.problem(Problem::RATE_LIMITED);
    }
    let _slot = ctx.state.credential_slots.acquire().await.ok();
    if let Some(email) = email
        && let Err(e) = ctx.state.accounts.request_reset_code(&email).await
    {
        return ctx.unexpected(req, &e);
    }
    reset_form(&ctx, typed, true)
}

/// The reset page.
#[derive(Debug, Template)]
#[template(path = "reset_password.html")]
pub struct ResetPage {
    c: Chrome,
    form: FormState,
    code_sent: bool,
    password_hint: String,
}

fn reset_form(ctx: &Ctx, form: FormState, code_sent: bool) -> Response {
    let mut c = ctx.chrome("reset-title");
    c.crumbs_to(&ctx.tr.t("reset-title"));
    c.error_count = form.errors.len();
    let status = form.status();
    let password_hint = ctx
        .state
        .accounts
        .settings()
        .password_policy
        .hint(ctx.tr.language);
    render(
        &ResetPage {
            c,
            form,
            code_sent,
            password_hint,
        },
        status,
        false,
    )
}

/// `GET /reset-password`.
#[handler]
pub async fn reset_page(ctx: Ctx) -> Response {
    reset_form(&ctx, FormState::default(), false)
}

/// The reset form's fields.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ResetForm {
    csrf_token: String,
    email: String,
    code: String,
    new_password: String,
    confirm_password: String,
}

/// `POST /reset-password`: sets the new password; every session of the account ends.
#[handler]
pub async fn reset(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Form(f): Form<ResetForm>,
) -> Response {
    early!(ctx.verify(verifier, &f.csrf_token));
    let mut typed = FormState::filled([("email", f.email.as_str()), ("code", &f.code)]);
    let fields = ResetFields {
        email: &f.email,
        code: &f.code,
        new_password: &f.new_password,
        confirm_password: &f.confirm_password,
    };
    let policy = &ctx.state.accounts.settings().password_policy;
    let language = ctx.tr.language;
    let refused = match input::reset_password(&fields, policy, language) {
        Ok(command) => {
            if crate::rate_limit::check_credential_limit(&ctx.state, req).is_err() {
                return ctx.problem(Problem::RATE_LIMITED);
            }
            let _slot = ctx.state.credential_slots.acquire().await.ok();
            match ctx.state.accounts.reset_password(command).await {
                Ok(()) => {
                    clear_session_cookie(req, ctx.state.settings.secure_cookies);
                    return see_other("/?notice=password-reset");
                }
                Err(e) => input::reset_refusal(e, language),
            }
        }
        Err(e) => e,
    };
    match typed.take(refused) {
        Ok(()) => reset_form(&ctx, typed, false),
        Err(e) => ctx.api_error(req, e),
    }
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
