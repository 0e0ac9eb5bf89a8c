//! The account profile (F6): the Representative IRCC ID, the name and membership as the
//! department holds them (changed through the web form), the contact details form, the
//! confirmation of a new email, and the way to "Update password".

use askama::Template;
use poem::http::StatusCode;
use poem::web::{CsrfVerifier, Form};
use poem::{Request, Response, handler};
use portal_domain::account::{Account, StatedIdentity};

use super::context::Ctx;
use super::credentials::{ContactChoices, ContactForm};
use super::{Chrome, FormState, render};
use crate::api::Profile;
use crate::input;

/// The profile page.
#[derive(Debug, Template)]
#[template(path = "profile.html")]
pub struct ProfilePage {
    c: Chrome,
    form: FormState,
    code_form: FormState,
    ircc_id: Option<String>,
    identity: Vec<(&'static str, String)>,
    pending_email: Option<String>,
    choices: ContactChoices,
}

/// The form filled with the account as saved.
fn saved(profile: &Profile) -> FormState {
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let values = [
        ("email", profile.email.clone()),
        ("telephone_type", value(&profile.telephone_type)),
        ("telephone_country", value(&profile.telephone_country)),
        ("telephone_number", value(&profile.telephone_number)),
        ("fax_number", value(&profile.fax_number)),
        ("language", profile.language.clone()),
        ("email_updates", value(&profile.email_updates)),
    ];
    FormState::filled(values.iter().map(|(k, v)| (*k, v.as_str())))
}

/// The page for `account`: `form` as typed (or as saved), and what to say about the email
/// awaiting its code.
fn page(
    ctx: &Ctx,
    account: &Account,
    form: Option<FormState>,
    code_form: FormState,
    pending_email: Option<String>,
    notice: Option<String>,
) -> Response {
    let profile = Profile::from(account);
    let none = ctx.tr.t("profile-none");
    let governing_body = account
        .representative
        .as_ref()
        .map(|d| ctx.tr.label(&d.governing_body));
    let identity = vec![
        ("profile-given-name", profile.given_name.clone()),
        ("profile-surname", profile.surname.clone()),
        (
            "profile-governing-body",
            governing_body.unwrap_or_else(|| none.clone()),
        ),
        (
            "profile-membership-id",
            profile
                .membership_id
                .clone()
                .unwrap_or_else(|| none.clone()),
        ),
        (
            "profile-mailing-address",
            profile.mailing_address.clone().unwrap_or(none),
        ),
    ];
    let form = form.unwrap_or_else(|| saved(&profile));
    let mut c = ctx.chrome("profile-title");
    c.error_count = form.errors.len() + code_form.errors.len();
    c.notice = notice;
    let status = if c.error_count > 0 {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render(
        &ProfilePage {
            c,
            form,
            code_form,
            ircc_id: profile.ircc_id,
            identity,
            pending_email,
            choices: ContactChoices::new(),
        },
        status,
        true,
    )
}

/// The signed-in representative, read afresh, or the response that replaces the page.
async fn representative(ctx: &Ctx, req: &Request) -> Result<Account, Response> {
    let account = ctx.representative()?;
    ctx.state
        .accounts
        .view_profile(account.id)
        .await
        .map_err(|e| ctx.unexpected(req, &e))
}

/// `GET /account/profile`.
#[handler]
pub async fn profile_page(req: &Request, ctx: Ctx) -> Response {
    let account = early!(representative(&ctx, req).await);
    page(&ctx, &account, None, FormState::default(), None, None)
}

/// The contact details form's fields.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    csrf_token: String,
    email: String,
    #[serde(flatten)]
    contact: ContactForm,
}

/// `POST /account/profile`: "Update information".
#[handler]
pub async fn update_profile(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Form(f): Form<ProfileForm>,
) -> Response {
    early!(ctx.verify(verifier, &f.csrf_token));
    let account = early!(representative(&ctx, req).await);
    let email = [("email", f.email.as_str())];
    let mut typed = FormState::filled(email.into_iter().chain(f.contact.typed()));
    let contact = f.contact.fields();
    let stated = StatedIdentity {
        given_name: None,
        surname: None,
        membership_id: None,
    };
    if crate::rate_limit::check_credential_limit(&ctx.state, req).is_err() {
        return ctx.problem(crate::problem::Problem::RATE_LIMITED);
    }
    let refused = match input::contact_update(&account, &f.email, &contact, &stated) {
        Ok(command) => match ctx.state.accounts.update_contact(account.id, command).await {
            Ok(updated) => {
                // The page now speaks the language just chosen.
                let ctx = ctx.in_language(updated.account.language);
                let pending = updated.confirmation_sent_to.map(|e| {
                    ctx.tr
                        .with("email-confirm-text", &[("email", e.as_str().into())])
                });
                let notice = Some(ctx.tr.t("profile-updated"));
                return page(
                    &ctx,
                    &updated.account,
                    None,
                    FormState::default(),
                    pending,
                    notice,
                );
            }
            Err(e) => input::contact_update_refusal(e),
        },
        Err(e) => e,
    };
    match typed.take(refused) {
        Ok(()) => page(
            &ctx,
            &account,
            Some(typed),
            FormState::default(),
            None,
            None,
        ),
        Err(e) => ctx.api_error(req, e),
    }
}

/// The email confirmation's field.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CodeForm {
    csrf_token: String,
    code: String,
}

/// `POST /account/email/confirm`: the new email takes effect.
#[handler]
pub async fn confirm_email(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Form(f): Form<CodeForm>,
) -> Response {
    early!(ctx.verify(verifier, &f.csrf_token));
    let account = early!(representative(&ctx, req).await);
    if crate::rate_limit::check_credential_limit(&ctx.state, req).is_err() {
        return ctx.problem(crate::problem::Problem::RATE_LIMITED);
    }
    let refused = match input::email_code(&f.code) {
        Ok(code) => match ctx
            .state
            .accounts
            .confirm_email_change(account.id, &code)
            .await
        {
            Ok(updated) => {
                let notice = Some(ctx.tr.t("email-confirmed"));
                return page(&ctx, &updated, None, FormState::default(), None, notice);
            }
            Err(e) => input::confirm_email_refusal(e),
        },
        Err(e) => e,
    };
    let mut code_form = FormState::filled([("code", f.code.as_str())]);
    match code_form.take(refused) {
        Ok(()) => {
            let pending = Some(ctx.tr.t("email-confirm-retry"));
            page(&ctx, &account, None, code_form, pending, None)
        }
        Err(e) => ctx.api_error(req, e),
    }
}
