//! The client address of the request being served, for the audit trail. Each API request
//! runs within [`within`], which keeps its peer's IP address for the duration of the request;
//! [`ServingRequest`] is the domain's `RequestOrigin` port answered from it, which the
//! storage adapters ask when they write an audit entry. Outside a request (background jobs,
//! the command line) there is no address.

use poem::{Endpoint, IntoResponse, Request, Response};
use portal_domain::audit::RequestOrigin;

tokio::task_local! {
    static CLIENT_ADDRESS: String;
}

/// The `RequestOrigin` of the HTTP layer: the address of the request this task serves.
#[derive(Debug, Clone, Copy, Default)]
pub struct ServingRequest;

impl RequestOrigin for ServingRequest {
    fn client_address(&self) -> Option<String> {
        CLIENT_ADDRESS.try_with(Clone::clone).ok()
    }
}

/// Serves `req` with its client address known to [`ServingRequest`].
pub(crate) async fn within<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    let address = crate::rate_limit::client_address(&req).to_string();
    CLIENT_ADDRESS
        .scope(address, async move {
            next.call(req).await.map(IntoResponse::into_response)
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_address_is_known_inside_a_request_only() {
        assert_eq!(ServingRequest.client_address(), None);
        let inside = CLIENT_ADDRESS
            .scope("203.0.113.7".to_owned(), async {
                ServingRequest.client_address()
            })
            .await;
        assert_eq!(inside.as_deref(), Some("203.0.113.7"));
    }
}
