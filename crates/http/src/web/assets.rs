//! The stylesheet and the one script of the pages, compiled into the binary and served
//! from this server (no fonts, scripts or images from elsewhere).

use poem::{Response, handler};

const STYLESHEET: &str = include_str!("../../assets/portal.css");
const SCRIPT: &str = include_str!("../../assets/portal.js");

fn asset(content_type: &str, body: &'static str) -> Response {
    Response::builder()
        .content_type(content_type)
        .header("cache-control", "public, max-age=3600")
        .body(body)
}

/// `GET /assets/portal.css`.
#[handler]
pub fn stylesheet() -> Response {
    asset("text/css; charset=utf-8", STYLESHEET)
}

/// `GET /assets/portal.js`.
#[handler]
pub fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}
