//! A JSON body written by serde straight from the value, documented with the value's
//! poem-openapi schema. poem-openapi's own `Json` builds a `serde_json::Value` tree first
//! (one map, one string per key and per value), which is most of the cost of a 25-row page
//! (docs/performance.md); the types sent this way derive both `Object` and `Serialize`, and
//! a test per type holds the two serialisations equal.

use poem::http::StatusCode;
use poem::http::header::CONTENT_TYPE;
use poem::{IntoResponse, Response};
use poem_openapi::payload::Payload;
use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::Type;
use serde::Serialize;

/// A JSON response body serialised directly from `T`, with `T`'s OpenAPI schema.
#[derive(Debug)]
pub struct DirectJson<T>(pub T);

/// What the body is sent as, the same as poem-openapi's `Json`.
const JSON: &str = "application/json; charset=utf-8";

impl<T: Type> Payload for DirectJson<T> {
    const CONTENT_TYPE: &'static str = JSON;

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: Serialize + Send> IntoResponse for DirectJson<T> {
    fn into_response(self) -> Response {
        // A table page is 10 to 20 kB: one buffer of that size rather than a doubling
        // from empty.
        let mut body = Vec::with_capacity(16 * 1024);
        match serde_json::to_writer(&mut body, &self.0) {
            Ok(()) => Response::builder().header(CONTENT_TYPE, JSON).body(body),
            Err(e) => {
                tracing::error!(error = %e, "a response body could not be written as JSON");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}

/// Serde's form of the dates poem-openapi writes as `YYYY-MM-DD`.
pub mod date {
    use serde::Serializer;
    use time::Date;
    use time::macros::format_description;

    const FORMAT: &[time::format_description::BorrowedFormatItem<'_>] =
        format_description!("[year]-[month]-[day]");

    /// `2026-12-01`.
    pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        let text = date.format(FORMAT).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }

    /// `2026-12-01` or `null`.
    pub mod option {
        use serde::Serializer;
        use time::Date;

        /// The date, or `null`.
        pub fn serialize<S: Serializer>(
            date: &Option<Date>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match date {
                Some(date) => super::serialize(date, serializer),
                None => serializer.serialize_none(),
            }
        }
    }
}
