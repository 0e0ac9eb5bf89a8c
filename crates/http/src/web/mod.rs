//! The portal in the browser (F2 to F25): server-rendered pages in English and French over
//! the same use cases, session rules, parsers, presenters and translations as the JSON
//! API. Forms work without JavaScript; every form carries a token checked against a cookie
//! (CSRF); pages are sent with a strict Content-Security-Policy and personal pages are
//! never cached.

// A page's early exit is the whole response it answers with (a redirect, an error page).
#![allow(clippy::result_large_err)]

/// The value of a `Result<T, Response>`, or an early return of the response (a redirect or
/// an error page) from the page handler.
macro_rules! early {
    ($step:expr) => {
        match $step {
            Ok(value) => value,
            Err(response) => return response,
        }
    };
}

mod account;
mod applications;
mod assets;
mod cases;
mod chrome;
mod context;
mod credentials;
mod documents;
mod enquiries;
mod form;
mod home;
mod messages;
mod officer;
mod officer_audit;
mod officer_queues;
mod pager;
mod profile;
mod public;
mod start;
mod status;

use poem::http::{HeaderValue, StatusCode};
use poem::middleware::Csrf;
use poem::web::cookie::SameSite;
use poem::{EndpointExt, IntoResponse, Response, Route, get, post};

pub use chrome::{Chrome, Crumb};
pub use context::{Ctx, language_hint, page, stray_error};
pub use form::{FormState, MultipartForm};

use crate::state::AppState;

/// The pages' routes, under the form-token middleware.
pub fn routes(state: &AppState) -> impl poem::Endpoint<Output = Response> + use<> {
    let secure = state.settings.secure_cookies;
    let csrf = Csrf::new()
        .key(state.settings.form_key.0)
        .cookie_name(context::cookie_name(secure, "portal-csrf"))
        .secure(secure)
        .http_only(true)
        .same_site(SameSite::Strict)
        .ttl(std::time::Duration::from_secs(12 * 3600));
    Route::new()
        .at("/", get(home::home))
        .at("/sign-in", post(public::sign_in).get(public::sign_in_page))
        .at("/sign-out", post(public::sign_out))
        .at(
            "/enrol",
            get(credentials::enrol_page).post(credentials::enrol),
        )
        .at(
            "/forgot-password",
            get(credentials::forgot_page).post(credentials::forgot),
        )
        .at(
            "/reset-password",
            get(credentials::reset_page).post(credentials::reset),
        )
        .at("/session-expired", get(public::session_expired))
        .at("/session/keep-alive", post(account::keep_alive))
        .at("/help", get(public::help))
        .at("/language", get(context::toggle_language))
        .at(
            "/account/password",
            get(account::password_page).post(account::change_password),
        )
        .at(
            "/account/profile",
            get(profile::profile_page).post(profile::update_profile),
        )
        .at("/account/email/confirm", post(profile::confirm_email))
        .at("/account/messages/:id", get(messages::message))
        .at("/account/enquiries", get(enquiries::list))
        .at(
            "/account/enquiries/new",
            get(enquiries::new_enquiry).post(enquiries::submit),
        )
        .at(
            "/account/close",
            get(enquiries::closure_page).post(enquiries::request_closure),
        )
        .at("/report-a-problem", get(enquiries::report_problem))
        .at("/applications/new", post(start::start))
        .at("/applications/new/:kind", get(start::new_application))
        .at("/applications/:id", get(applications::questionnaire))
        .at(
            "/applications/:id/sections/:section",
            post(applications::save_section),
        )
        .at(
            "/applications/:id/documents",
            get(documents::documents_step).post(documents::upload),
        )
        .at("/applications/:id/review", get(documents::review))
        .at("/applications/:id/status", get(status::status_view))
        .at(
            "/applications/:id/messages/:message",
            get(status::open_message),
        )
        .at(
            "/applications/:id/requests/:request/documents",
            post(status::answer),
        )
        .at("/applications/:id/submit", post(documents::submit))
        .at(
            "/applications/:id/delete",
            get(documents::confirm_delete).post(documents::delete),
        )
        .at("/officer", get(officer::enrolments))
        .at("/officer/accounts/:id", post(officer::account_action))
        .at("/officer/applications", get(cases::case_list))
        .at(
            "/officer/applications/:id",
            get(cases::case_file).post(cases::case_action),
        )
        .at("/officer/enquiries", get(officer_queues::queue))
        .at(
            "/officer/enquiries/:id",
            get(officer_queues::enquiry).post(officer_queues::act),
        )
        .at("/officer/audit", get(officer_audit::audit))
        .at("/assets/portal.css", get(assets::stylesheet))
        .at("/assets/portal.js", get(assets::script))
        .with(csrf)
        .around(crate::i18n::scope)
        .map_to_response()
}

/// Whether a path is one of the pages (not the API nor the operational endpoints).
pub fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/") || path == "/healthz" || path == "/readyz" || path == "/metrics")
}

/// The headers of every page: its content type, what it may load (nothing but this
/// server's stylesheet and script), and whether it may be cached.
pub(crate) fn page_response(html: String, status: StatusCode, personal: bool) -> Response {
    let mut response = Response::builder()
        .status(status)
        .content_type("text/html; charset=utf-8")
        .body(html);
    let headers = response.headers_mut();
    headers.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(
        "cache-control",
        HeaderValue::from_static(if personal { "no-store" } else { "no-cache" }),
    );
    headers.insert("vary", HeaderValue::from_static("Cookie, Accept-Language"));
    response
}

/// A redirect after a form (303, so the browser follows with GET).
pub(crate) fn see_other(location: &str) -> Response {
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header("location", location)
        .header("cache-control", "no-store")
        .finish()
}

/// Renders a template, or the error page if it cannot be rendered.
pub(crate) fn render<T: askama::Template>(
    template: &T,
    status: StatusCode,
    personal: bool,
) -> Response {
    match template.render() {
        Ok(html) => page_response(html, status, personal),
        Err(e) => {
            let reference = uuid::Uuid::new_v4();
            tracing::error!(reference = %reference, error = %e, "a page could not be rendered");
            Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .content_type("text/plain; charset=utf-8")
                .body(format!(
                    "Something went wrong on our side. Reference: {reference}"
                ))
                .into_response()
        }
    }
}
