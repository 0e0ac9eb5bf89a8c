//! The cookies a page reads and sets: the session's, and the language toggle's with the
//! negotiation of a page's language.

use poem::web::cookie::{Cookie, SameSite};
use poem::web::{Data, Query};
use poem::{Request, Response, handler};
use portal_domain::account::Language;

use crate::i18n;
use crate::state::AppState;
use crate::web::see_other;

/// The cookie of the language toggle.
const LANGUAGE_COOKIE: &str = "portal-lang";

/// `name`, with the `__Host-` prefix when the portal is served over HTTPS (the browser
/// then refuses the cookie from anywhere but this host, over anything but HTTPS).
pub fn cookie_name(secure: bool, name: &str) -> String {
    if secure {
        format!("__Host-{name}")
    } else {
        name.to_owned()
    }
}

/// The session cookie holding `token`: sent only to this site's pages, never readable by
/// script.
fn session_cookie(secure: bool, token: &str) -> Cookie {
    let mut cookie = Cookie::new_with_str(cookie_name(secure, "portal-session"), token);
    cookie.set_http_only(true);
    cookie.set_secure(secure);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_path("/");
    cookie
}

/// The token of the session cookie the request carries, if any.
pub(super) fn session_token(req: &Request, secure: bool) -> Option<String> {
    req.cookie()
        .get(&cookie_name(secure, "portal-session"))
        .map(|c| c.value_str().to_owned())
}

/// Sets the session cookie: sent only to this site's pages, never readable by script.
pub fn set_session_cookie(req: &Request, secure: bool, token: &str) {
    req.cookie().add(session_cookie(secure, token));
}

/// Removes the session cookie.
pub fn clear_session_cookie(req: &Request, secure: bool) {
    let mut cookie = session_cookie(secure, "");
    cookie.make_removal();
    req.cookie().add(cookie);
}

/// The `Accept-Language` header of the request (empty when there is none).
fn accept_language(req: &Request) -> &str {
    req.headers()
        .get("accept-language")
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
}

/// The language of a page: the toggle's cookie, the account's preference, the browser's.
pub(super) fn language_of(req: &Request, account: Option<Language>) -> Language {
    let chosen = req
        .cookie()
        .get(LANGUAGE_COOKIE)
        .map(|c| c.value_str().to_owned());
    i18n::negotiate(chosen.as_deref(), account, accept_language(req))
}

/// The language a page would take before the session is known: the toggle, then the
/// browser. For errors raised before any page handler runs (an unknown address).
pub fn language_hint(req: &Request) -> Language {
    let chosen = req.headers().get_all("cookie").iter().find_map(|h| {
        h.to_str().ok().and_then(|cookies| {
            cookies.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                (name == LANGUAGE_COOKIE).then(|| value.to_owned())
            })
        })
    });
    i18n::negotiate(chosen.as_deref(), None, accept_language(req))
}

/// The toggle's request: which language, and the page to go back to.
#[derive(Debug, serde::Deserialize)]
pub struct Toggle {
    to: String,
    #[serde(default)]
    back: String,
}

/// The language toggle: remembers the choice and returns to the same page.
#[handler]
pub fn toggle_language(
    req: &Request,
    state: Data<&AppState>,
    Query(toggle): Query<Toggle>,
) -> Response {
    if let Ok(language) = Language::parse(&toggle.to) {
        let mut cookie = Cookie::new_with_str(LANGUAGE_COOKIE, language.code());
        cookie.set_secure(state.settings.secure_cookies);
        cookie.set_same_site(SameSite::Lax);
        cookie.set_path("/");
        cookie.set_max_age(std::time::Duration::from_secs(365 * 24 * 3600));
        req.cookie().add(cookie);
    }
    // Only a path of this site: never an open redirect.
    let back = if toggle.back.starts_with('/')
        && !toggle.back.starts_with("//")
        && !toggle.back.contains('\\')
    {
        toggle.back.as_str()
    } else {
        "/"
    };
    see_other(back)
}
