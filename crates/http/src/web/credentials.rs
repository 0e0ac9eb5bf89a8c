//! Enrolment (F1) and the forgotten password (F3): the forms that create or recover a
//! password before any session exists.

use askama::Template;
use poem::http::StatusCode;
use poem::web::{CsrfVerifier, Form};
use poem::{Request, Response, handler};
use portal_domain::account::GoverningBody;

use super::context::{Ctx, MessagePage, clear_session_cookie};
use super::{Chrome, FormState, render, see_other};
use crate::input::{self, ContactFields, EnrolmentFields, ResetFields};
use crate::problem::Problem;

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
    governing_bodies: Vec<(&'static str, String)>,
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
            .tr
            .password_hint(&ctx.state.accounts.settings().password_policy),
        governing_bodies: GoverningBody::ALL
            .iter()
            .map(|g| (g.code(), ctx.tr.label(&g)))
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
    #[serde(flatten)]
    contact: ContactForm,
}

/// The contact fields of a form (F6), shared by enrolment and the profile.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ContactForm {
    telephone_type: String,
    telephone_country: String,
    telephone_number: String,
    fax_number: String,
    language: String,
    email_updates: String,
}

impl ContactForm {
    /// The fields as the shared parser reads them.
    pub fn fields(&self) -> ContactFields<'_> {
        ContactFields {
            telephone_type: &self.telephone_type,
            telephone_country: &self.telephone_country,
            telephone_number: &self.telephone_number,
            fax_number: &self.fax_number,
            language: &self.language,
            email_updates: &self.email_updates,
        }
    }

    /// The values typed, to show again with the form.
    pub fn typed(&self) -> [(&'static str, &str); 6] {
        [
            ("telephone_type", &self.telephone_type),
            ("telephone_country", &self.telephone_country),
            ("telephone_number", &self.telephone_number),
            ("fax_number", &self.fax_number),
            ("language", &self.language),
            ("email_updates", &self.email_updates),
        ]
    }
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
    let own = [
        ("email", f.email.as_str()),
        ("given_name", &f.given_name),
        ("surname", &f.surname),
        ("governing_body", &f.governing_body),
        ("membership_id", &f.membership_id),
    ];
    let mut typed = FormState::filled(own.into_iter().chain(f.contact.typed()));
    let fields = EnrolmentFields {
        email: &f.email,
        password: &f.password,
        given_name: &f.given_name,
        surname: &f.surname,
        governing_body: &f.governing_body,
        membership_id: &f.membership_id,
        contact: f.contact.fields(),
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
        .tr
        .password_hint(&ctx.state.accounts.settings().password_policy);
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
