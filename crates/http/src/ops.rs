//! Operational endpoints: liveness, readiness (the database answers) and metrics (served on
//! the operations listener only).

use poem::http::StatusCode;
use poem::web::Data;
use poem::{IntoResponse, Response, handler};

use crate::state::AppState;

/// Alive: the process answers.
#[handler]
pub fn healthz() -> Response {
    Response::builder()
        .content_type("text/plain; charset=utf-8")
        .body("ok")
}

/// Ready: the database answers. 503 otherwise.
#[handler]
pub async fn readyz(state: Data<&AppState>) -> Response {
    match state.readiness.check().await {
        Ok(()) => Response::builder()
            .content_type("text/plain; charset=utf-8")
            .body("ready"),
        Err(reason) => {
            tracing::warn!(reason = %reason, "not ready");
            Response::builder()
                .status(StatusCode::SERVICE_UNAVAILABLE)
                .content_type("text/plain; charset=utf-8")
                .body("not ready")
        }
    }
}

/// Request counts and latencies in the Prometheus text format.
#[handler]
pub fn metrics(state: Data<&AppState>) -> impl IntoResponse {
    Response::builder()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body({
            let mut text = state.metrics.render();
            state.connections.render(&mut text);
            text
        })
}

/// Names the operational endpoints for the metrics.
pub fn operation_of(path: &str) -> Option<&'static str> {
    match path {
        "/healthz" => Some("healthz"),
        "/readyz" => Some("readyz"),
        "/metrics" => Some("metrics"),
        "/api/openapi.json" => Some("openapi"),
        p if p.starts_with("/api/docs") => Some("docs"),
        _ => None,
    }
}

/// The methods the operational endpoints answer, for the `Allow` header of a 405.
pub fn allowed_methods(path: &str) -> Option<&'static str> {
    operation_of(path).map(|_| "GET, HEAD")
}
