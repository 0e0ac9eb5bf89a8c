//! The HTTP adapter: the pages (`web`), the JSON API under `/api/v1` with its OpenAPI
//! document and Swagger UI,
//! the operational endpoints (`/healthz`, `/readyz`; `/metrics` on its own listener), the
//! middleware that logs, measures and shapes every response, and the server loop with its
//! connection limits.

pub mod api;
mod api_docs;
pub mod auth;
pub mod error;
pub mod explain;
pub mod i18n;
pub mod input;
mod metrics;
mod ops;
pub mod origin;
pub mod problem;
mod rate_limit;
mod request_errors;
pub mod server;
pub mod session;
pub mod state;
pub mod web;

use std::sync::Arc;
use std::time::Instant;

use poem::http::HeaderValue;
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response, Route};
use poem_openapi::OperationId;

pub use server::{ConnectionLimits, ConnectionStats, serve};
pub use state::{AppState, HttpSettings, Readiness};

/// Room for a multipart envelope around the largest accepted upload.
const ENVELOPE_BYTES: u64 = 64 * 1024;

/// The whole HTTP application over the given state.
pub fn app(state: AppState) -> impl Endpoint<Output = Response> {
    let api = api::service(&state);
    let spec = api.spec_endpoint();
    let docs = api_docs::SwaggerPage::new(state.clone());
    let max_body = state
        .applications
        .settings()
        .max_upload_bytes
        .saturating_add(ENVELOPE_BYTES);
    let document = Arc::new(request_errors::ApiDocument::new(&api.spec()));
    Route::new()
        .nest(
            "/api/v1",
            api.around(move |next, req| request_errors::explain(document.clone(), next, req))
                .around(move |next, req| limit_body(max_body, next, req))
                .around(origin::within)
                .around(i18n::scope),
        )
        .at("/api/openapi.json", spec)
        .at("/api/docs", poem::get(docs))
        .at("/healthz", poem::get(ops::healthz))
        .at("/readyz", poem::get(ops::readyz))
        .nest(
            "/",
            web::routes(&state).around(move |next, req| limit_page_body(max_body, next, req)),
        )
        .data(state.clone())
        .around(move |next, req| observe(state.clone(), next, req))
}

/// The operations listener: `/metrics` beside `/healthz` and `/readyz`, meant for an
/// address only the operators' network reaches (loopback by default).
pub fn ops_app(state: AppState) -> impl Endpoint<Output = Response> {
    Route::new()
        .at("/metrics", poem::get(ops::metrics))
        .at("/healthz", poem::get(ops::healthz))
        .at("/readyz", poem::get(ops::readyz))
        .data(state)
        .map_to_response()
}

/// Refuses bodies larger than `max` bytes (413, stating the limit) before they are read. A
/// body of unknown length (chunked) is refused with 411; a request without a body passes.
async fn limit_body<E: Endpoint>(max: u64, next: E, req: Request) -> poem::Result<Response> {
    use poem::http::header;
    let length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match length {
        Some(n) if n > max => Ok(error::ApiError::payload_too_large(max).into_response()),
        None if req.headers().contains_key(header::TRANSFER_ENCODING) => {
            Ok(error::ApiError::length_required().into_response())
        }
        _ => next.call(req).await.map(IntoResponse::into_response),
    }
}

/// The pages' version of [`limit_body`]: a form larger than `max` bytes (an upload) is
/// refused before it is read, with the error page in the reader's language.
async fn limit_page_body<E: Endpoint>(max: u64, next: E, req: Request) -> poem::Result<Response> {
    use poem::http::{StatusCode, header};
    let length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let refused = match length {
        Some(n) if n > max => Some(StatusCode::PAYLOAD_TOO_LARGE),
        None if req.headers().contains_key(header::TRANSFER_ENCODING) => {
            Some(StatusCode::LENGTH_REQUIRED)
        }
        _ => None,
    };
    match (refused, req.data::<AppState>().cloned()) {
        (Some(status), Some(state)) => Ok(web::stray_error(
            &state,
            web::language_hint(&req),
            req.uri().path(),
            &poem::Error::from_status(status),
        )),
        (Some(status), None) => Err(poem::Error::from_status(status)),
        (None, _) => next.call(req).await.map(IntoResponse::into_response),
    }
}

/// Logs and measures each request, turns stray errors into the JSON error body, and adds
/// the headers every response carries.
async fn observe<E: Endpoint>(state: AppState, next: E, req: Request) -> poem::Result<Response> {
    let started = Instant::now();
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let page_language = web::is_page(&path).then(|| web::language_hint(&req));
    let mut response = match next.call(req).await {
        Ok(output) => output.into_response(),
        Err(e) => match page_language {
            Some(language) if !e.is_from_response() => {
                web::stray_error(&state, language, &path, &e)
            }
            _ => error::json_error(e).await,
        },
    };
    let operation = response
        .data::<OperationId>()
        .map(|id| id.0)
        .or_else(|| ops::operation_of(&path))
        .unwrap_or("other");
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    state.metrics.record(operation, &method, status, elapsed);
    tracing::info!(
        target: "portal::http",
        method = %method,
        path = %path,
        operation,
        status,
        micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
        "request"
    );
    let headers = response.headers_mut();
    if status == 405
        && !headers.contains_key(poem::http::header::ALLOW)
        && let Some(allow) = ops::allowed_methods(&path)
    {
        headers.insert(
            poem::http::header::ALLOW,
            poem::http::HeaderValue::from_static(allow),
        );
    }
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    if !headers.contains_key("content-security-policy") {
        headers.insert(
            "content-security-policy",
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    }
    if state.settings.strict_transport_security {
        headers.insert(
            "strict-transport-security",
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if path.starts_with("/api/v1") {
        headers.insert("cache-control", HeaderValue::from_static("no-store"));
    }
    Ok(response)
}
