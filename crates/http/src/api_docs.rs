//! The Swagger UI page, served with a Content-Security-Policy that allows exactly its own
//! inline scripts (by their SHA-256 digests) and forbids framing.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use poem::http::HeaderValue;
use poem::{Endpoint, Request, Response};
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// The page, made when it is asked for: it embeds the whole API document with Swagger UI's
/// scripts (about 2 MB), which a server that rarely shows it should not hold in memory. Its
/// policy is computed from the page it serves.
#[derive(Clone)]
pub(crate) struct SwaggerPage {
    state: AppState,
}

impl std::fmt::Debug for SwaggerPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SwaggerPage")
    }
}

impl SwaggerPage {
    /// The page of the API that `state` serves.
    pub(crate) fn new(state: AppState) -> Self {
        Self { state }
    }
}

impl Endpoint for SwaggerPage {
    type Output = Response;

    async fn call(&self, _req: Request) -> poem::Result<Response> {
        let html = crate::api::service(&self.state).swagger_ui_html();
        let policy = HeaderValue::from_str(&policy_for(&html))
            .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"));
        Ok(Response::builder()
            .content_type("text/html; charset=utf-8")
            .header("content-security-policy", policy)
            .body(html))
    }
}

/// The policy: scripts only by the digest of each inline script on the page; styles inline
/// (Swagger UI sets style attributes as it renders), images from the page itself or data
/// URLs, requests only to this origin, and no framing.
fn policy_for(html: &str) -> String {
    let scripts: Vec<String> = inline_scripts(html)
        .map(|script| format!("'sha256-{}'", STANDARD.encode(Sha256::digest(script))))
        .collect();
    format!(
        "default-src 'none'; script-src {}; style-src 'unsafe-inline'; img-src 'self' data:; \
         connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        scripts.join(" ")
    )
}

/// The text of each `<script>` element of the page.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        let open = rest.find("<script")?;
        let after_tag = open + rest[open..].find('>')? + 1;
        let close = after_tag + rest[after_tag..].find("</script>")?;
        let script = &rest[after_tag..close];
        rest = &rest[close + "</script>".len()..];
        Some(script)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_inline_script_is_allowed_by_its_digest_and_nothing_else() {
        let html = "<html><script charset=\"UTF-8\">let a = 1;</script><p>x</p><script>go()</script></html>";
        let policy = policy_for(html);
        let a = STANDARD.encode(Sha256::digest("let a = 1;"));
        let b = STANDARD.encode(Sha256::digest("go()"));
        assert!(policy.contains(&format!("script-src 'sha256-{a}' 'sha256-{b}';")));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-eval"));
        assert!(!policy.contains("script-src 'unsafe-inline'"));
    }
}
