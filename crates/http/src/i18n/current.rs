//! The language of the API request being served. Each API request runs within [`scope`],
//! which starts from the request's `Accept-Language`; once the caller is authenticated,
//! [`set_current`] moves it to the account's preference. The API's error constructors read
//! it with [`current`], so every message follows the caller without each handler passing
//! the language along.

use std::cell::Cell;

use poem::{Endpoint, IntoResponse, Request, Response};
use portal_domain::account::Language;

tokio::task_local! {
    static LANGUAGE: Cell<Language>;
}

/// The language of the request this task serves; English outside a request.
pub fn current() -> Language {
    LANGUAGE.try_with(Cell::get).unwrap_or(Language::English)
}

/// Makes `language` the language of the rest of this request (the account's preference,
/// once known). Outside a request it does nothing.
pub fn set_current(language: Language) {
    let _ = LANGUAGE.try_with(|cell| cell.set(language));
}

/// Serves `req` in the language its `Accept-Language` prefers.
pub(crate) async fn scope<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    let accept = req
        .headers()
        .get("accept-language")
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let language = super::from_accept_language(accept).unwrap_or(Language::English);
    LANGUAGE
        .scope(Cell::new(language), async move {
            next.call(req).await.map(IntoResponse::into_response)
        })
        .await
}
