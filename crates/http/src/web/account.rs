//! Pages of the signed-in account: staying signed in, and "Update your password" (F4).

use askama::Template;
use poem::http::StatusCode;
use poem::web::{CsrfVerifier, Form};
use poem::{Request, Response, handler};

use super::context::{Ctx, set_session_cookie};
use super::{Chrome, FormState, render, see_other};
use crate::input::{self, PasswordChangeFields};

/// The keep-alive form: where to go back to.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct KeepAliveForm {
    csrf_token: String,
    back: String,
}

/// `POST /session/keep-alive`: "Stay signed in". Checking the session moves its idle
/// deadline; the page the user was on comes back (the script answers 204 instead).
#[handler]
pub async fn keep_alive(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Form(f): Form<KeepAliveForm>,
) -> Response {
    early!(ctx.verify(verifier, &f.csrf_token));
    early!(ctx.require());
    if req.header("x-requested-with") == Some("fetch") {
        return Response::builder().status(StatusCode::NO_CONTENT).finish();
    }
    let back = if f.back.starts_with('/') && !f.back.starts_with("//") {
        f.back.as_str()
    } else {
        "/"
    };
    see_other(back)
}

/// "Update your password".
#[derive(Debug, Template)]
#[template(path = "password.html")]
pub struct PasswordPage {
    c: Chrome,
    form: FormState,
    password_hint: String,
    must_change: bool,
}

fn password_form(ctx: &Ctx, form: FormState, must_change: bool) -> Response {
    let mut c = ctx.chrome("password-title");
    c.error_count = form.errors.len();
    let status = form.status();
    let password_hint = ctx
        .tr
        .password_hint(&ctx.state.accounts.settings().password_policy);
    render(
        &PasswordPage {
            c,
            form,
            password_hint,
            must_change,
        },
        status,
        true,
    )
}

/// `GET /account/password`.
#[handler]
pub async fn password_page(ctx: Ctx) -> Response {
    match ctx.require() {
        Ok(account) => {
            let must_change = account.must_change_password;
            password_form(&ctx, FormState::default(), must_change)
        }
        Err(response) => response,
    }
}

/// The password form's fields.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    csrf_token: String,
    current_password: String,
    new_password: String,
    confirm_password: String,
}

/// `POST /account/password`: every other session ends; this browser gets a new one.
#[handler]
pub async fn change_password(
    req: &Request,
    ctx: Ctx,
    verifier: &CsrfVerifier,
    Form(f): Form<PasswordForm>,
) -> Response {
    early!(ctx.verify(verifier, &f.csrf_token));
    let (account, session) = match (ctx.require(), ctx.session.as_ref()) {
        (Ok(account), Some(s)) => (account.clone(), s.session.clone()),
        (Err(response), _) => return response,
        (Ok(_), None) => return see_other("/"),
    };
    let fields = PasswordChangeFields {
        current_password: &f.current_password,
        new_password: &f.new_password,
        confirm_password: &f.confirm_password,
    };
    let policy = &ctx.state.accounts.settings().password_policy;
    let refused = match input::change_password(&fields, &account, policy) {
        Ok(command) => {
            let client = crate::rate_limit::client_address(req);
            match ctx
                .state
                .accounts
                .change_password(&session, client, command)
                .await
            {
                Ok(signed_in) => {
                    set_session_cookie(
                        req,
                        ctx.state.settings.secure_cookies,
                        signed_in.token.expose(),
                    );
                    let mut c = ctx.chrome("password-changed-heading");
                    c.notice = None;
                    let page =
                        super::context::MessagePage::new(c, ctx.tr.t("password-changed-text"));
                    return render(&page, StatusCode::OK, true);
                }
                Err(e) => input::change_password_refusal(e, account.language),
            }
        }
        Err(e) => e,
    };
    let mut typed = FormState::default();
    match typed.take(refused) {
        Ok(()) => password_form(&ctx, typed, account.must_change_password),
        Err(crate::error::ApiError::TooManyRequests(body, _)) => {
            typed.push("current_password", body.0.message);
            password_form(&ctx, typed, account.must_change_password)
        }
        Err(e) => ctx.api_error(req, e),
    }
}
