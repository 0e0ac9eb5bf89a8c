//! The JSON error contract of the API: a stable machine code, a message, every invalid field,
//! and for 500s only a fixed sentence and a reference that is also in the log.

use poem_openapi::{ApiResponse, Object, payload::Json};
use uuid::Uuid;

use crate::explain::Explain;
use crate::i18n::{self, Tr};

/// The text of `key` in the language of the request being served.
pub fn says(key: &str) -> String {
    Tr::new(i18n::current()).t(key)
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Object, serde::Serialize)]
pub struct FieldError {
    /// The request field, as named in the request body.
    pub field: String,
    /// A stable machine code: `required`, `invalid`, or a password rule such as
    /// `password_too_short`.
    pub code: String,
    /// What is wrong, for people.
    pub message: String,
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Object, serde::Serialize)]
pub struct ErrorBody {
    /// A stable machine code, e.g. `validation_failed`, `invalid_credentials`.
    pub code: String,
    /// What went wrong, for people.
    pub message: String,
    /// Every invalid field, for `validation_failed`; empty otherwise.
    pub fields: Vec<FieldError>,
    /// For unexpected failures: the reference under which the cause was logged.
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

impl ErrorBody {
    fn new(code: &str, message: impl Into<String>) -> Json<Self> {
        Json(Self {
            code: code.to_owned(),
            message: message.into(),
            fields: Vec::new(),
            reference: None,
        })
    }
}

/// Every error an operation can answer with.
#[derive(Debug, ApiResponse)]
pub enum ApiError {
    /// The request is not well-formed JSON or lacks a parameter.
    #[oai(status = 400)]
    BadRequest(Json<ErrorBody>),
    /// Not signed in, or the credentials are wrong.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>),
    /// Signed in but not allowed.
    #[oai(status = 403)]
    Forbidden(Json<ErrorBody>),
    /// No such resource for this account.
    #[oai(status = 404)]
    NotFound(Json<ErrorBody>),
    /// The resource's state does not allow the change.
    #[oai(status = 409)]
    Conflict(Json<ErrorBody>),
    /// A request body was sent without a `Content-Length` (chunked).
    #[oai(status = 411)]
    LengthRequired(Json<ErrorBody>),
    /// The request body is larger than the limit stated in the message.
    #[oai(status = 413)]
    PayloadTooLarge(Json<ErrorBody>),
    /// The request body is not of the media type the operation reads (JSON, or
    /// `multipart/form-data` for uploads).
    #[oai(status = 415)]
    UnsupportedMediaType(Json<ErrorBody>),
    /// One or more fields are invalid; all are listed.
    #[oai(status = 422)]
    Unprocessable(Json<ErrorBody>),
    /// Too many attempts; retry after the given number of seconds.
    #[oai(status = 429)]
    TooManyRequests(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
    /// Something failed on our side; the body holds a reference to quote.
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
}

impl ApiError {
    /// 400 with a code and message.
    pub fn bad_request(code: &str, message: impl Into<String>) -> Self {
        Self::BadRequest(ErrorBody::new(code, message))
    }

    /// 401 with a code and message.
    pub fn unauthorized(code: &str, message: impl Into<String>) -> Self {
        Self::Unauthorized(ErrorBody::new(code, message))
    }

    /// 401 for a missing, unknown or expired session.
    pub fn unauthenticated() -> Self {
        Self::unauthorized("unauthenticated", says("unauthenticated"))
    }

    /// 403 with a code and message.
    pub fn forbidden(code: &str, message: impl Into<String>) -> Self {
        Self::Forbidden(ErrorBody::new(code, message))
    }

    /// 404.
    pub fn not_found() -> Self {
        Self::NotFound(ErrorBody::new("not_found", says("not-found")))
    }

    /// 409 with a code and message.
    pub fn conflict(code: &str, message: impl Into<String>) -> Self {
        Self::Conflict(ErrorBody::new(code, message))
    }

    /// 411 for a body of unknown length.
    pub fn length_required() -> Self {
        Self::LengthRequired(ErrorBody::new(
            "length_required",
            "Send the request body with a Content-Length header.",
        ))
    }

    /// 413 stating the limit, `max_bytes`, of a request body.
    pub fn payload_too_large(max_bytes: u64) -> Self {
        let kib = max_bytes / 1024;
        Self::PayloadTooLarge(ErrorBody::new(
            "payload_too_large",
            format!("The request body is too large: send at most {kib} KiB ({max_bytes} bytes)."),
        ))
    }

    /// 415 naming the media type the operation reads.
    pub fn unsupported_media_type(expected: &str) -> Self {
        Self::UnsupportedMediaType(ErrorBody::new(
            "unsupported_media_type",
            format!("Send the request body as {expected}, with a Content-Type header saying so."),
        ))
    }

    /// 429 with the wait in seconds (at least 1).
    pub fn too_many_requests(code: &str, message: impl Into<String>, retry_after: u64) -> Self {
        Self::TooManyRequests(ErrorBody::new(code, message), retry_after.max(1))
    }

    /// 422 listing every invalid field.
    pub fn validation(fields: Vec<FieldError>) -> Self {
        let message =
            Tr::new(i18n::current()).with("validation-failed", &[("count", fields.len().into())]);
        Self::Unprocessable(Json(ErrorBody {
            code: "validation_failed".to_owned(),
            message,
            fields,
            reference: None,
        }))
    }

    /// 500 for a request whose fields all parsed yet produced no value (a bug).
    pub fn incomplete() -> Self {
        Self::internal(&std::io::Error::other("a validated request lacked a value"))
    }

    /// 500: logs the cause chain under a fresh reference and answers a fixed sentence.
    pub fn internal(cause: &(dyn std::error::Error + 'static)) -> Self {
        let reference = Uuid::new_v4().to_string();
        let chain = cause_chain(cause);
        tracing::error!(reference = %reference, error = %chain, "request failed unexpectedly");
        Self::Internal(Json(ErrorBody {
            code: "internal_error".to_owned(),
            message: says("internal-error"),
            fields: Vec::new(),
            reference: Some(reference),
        }))
    }

    /// The body of this error.
    pub fn body(&self) -> &ErrorBody {
        match self {
            Self::BadRequest(b)
            | Self::Unauthorized(b)
            | Self::Forbidden(b)
            | Self::NotFound(b)
            | Self::Conflict(b)
            | Self::LengthRequired(b)
            | Self::PayloadTooLarge(b)
            | Self::UnsupportedMediaType(b)
            | Self::Unprocessable(b)
            | Self::TooManyRequests(b, _)
            | Self::Internal(b) => &b.0,
        }
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> u16 {
        match self {
            Self::BadRequest(_) => 400,
            Self::Unauthorized(_) => 401,
            Self::Forbidden(_) => 403,
            Self::NotFound(_) => 404,
            Self::Conflict(_) => 409,
            Self::LengthRequired(_) => 411,
            Self::PayloadTooLarge(_) => 413,
            Self::UnsupportedMediaType(_) => 415,
            Self::Unprocessable(_) => 422,
            Self::TooManyRequests(..) => 429,
            Self::Internal(_) => 500,
        }
    }
}

/// Collects every invalid field of a request before anything is done with it.
#[derive(Debug, Default)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a parse result for `field`: the value if it parsed, else the error, explained
    /// in the request's language. An empty input is reported as `required`.
    pub fn check<T, E: Explain>(
        &mut self,
        field: &str,
        raw: &str,
        parsed: Result<T, E>,
    ) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(e) => {
                let code = if raw.trim().is_empty() {
                    "required"
                } else {
                    "invalid"
                };
                self.push(field, code, says(e.key()));
                None
            }
        }
    }

    /// Records a required field that was left empty, explained by the message `key`;
    /// returns whether it was present.
    pub fn require(&mut self, field: &str, raw: &str, key: &str) -> bool {
        if raw.is_empty() {
            self.push(field, "required", says(key));
            false
        } else {
            true
        }
    }

    /// Records an error.
    pub fn push(&mut self, field: &str, code: &str, message: String) {
        self.errors.push(FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message,
        });
    }

    /// Whether any error was recorded.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The 422 error listing every recorded error.
    pub fn into_error(self) -> ApiError {
        ApiError::validation(self.errors)
    }

    /// `Err(422)` listing every error, if any.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.errors))
        }
    }
}

/// Turns errors raised outside the operations (malformed JSON, missing bearer token, unknown
/// route) into the same JSON body.
pub async fn json_error(err: poem::Error) -> poem::Response {
    if err.is_from_response() {
        // An operation's own error answer, already in the JSON contract.
        return err.into_response();
    }
    let status = err.status();
    let (code, message) = match status.as_u16() {
        401 => ("unauthenticated", "Sign in to continue.".to_owned()),
        404 => ("not_found", "Not found.".to_owned()),
        405 => ("method_not_allowed", "Method not allowed.".to_owned()),
        411 => (
            "length_required",
            "Send the request body with a Content-Length.".to_owned(),
        ),
        413 => ("payload_too_large", "The request is too large.".to_owned()),
        415 => (
            "unsupported_media_type",
            "Send the request body as application/json.".to_owned(),
        ),
        s if s >= 500 => {
            return poem::IntoResponse::into_response(ApiError::internal(&err));
        }
        // The framework's own wording is not for people; the API's refusals are explained
        // where the document is known (`request_errors`).
        _ => ("bad_request", "The request could not be read.".to_owned()),
    };
    let body = ErrorBody {
        code: code.to_owned(),
        message,
        fields: Vec::new(),
        reference: None,
    };
    poem::Response::builder()
        .status(status)
        .content_type("application/json; charset=utf-8")
        .body(serde_json::to_vec(&body).unwrap_or_default())
}

/// A failure and each of its causes, for the log: `outer: inner: innermost`.
pub(crate) fn cause_chain(cause: &(dyn std::error::Error + 'static)) -> String {
    let mut chain = cause.to_string();
    let mut source = cause.source();
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    chain
}

/// `text` with its first letter upper case, to turn a domain error into a sentence.
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_unexpected_failure_answers_a_fixed_sentence_and_a_reference_never_the_cause() {
        let cause = std::io::Error::other("password=hunter2 at db.internal:5432");
        let ApiError::Internal(Json(body)) = ApiError::internal(&cause) else {
            panic!("not a 500")
        };
        assert_eq!(body.code, "internal_error");
        assert!(!body.message.contains("hunter2") && !body.message.contains("db.internal"));
        assert!(uuid::Uuid::parse_str(body.reference.as_deref().unwrap()).is_ok());
    }

    #[test]
    fn the_validation_message_counts_the_errors() {
        let mut v = Validator::new();
        v.check("email", "", portal_domain::account::EmailAddress::parse(""));
        v.check(
            "telephone_number",
            "12a",
            Err::<(), _>(portal_domain::account::TelephoneNumberError::NotDigits),
        );
        let ApiError::Unprocessable(Json(body)) = v.into_error() else {
            panic!("not a 422")
        };
        assert_eq!(
            body.message,
            "The form could not be submitted because 2 errors were found."
        );
        assert_eq!(body.fields[0].code, "required");
        assert_eq!(body.fields[1].code, "invalid");
        assert_eq!(
            body.fields[1].message,
            "Enter digits only, without spaces or dashes, for example 5433434456."
        );
    }
}
