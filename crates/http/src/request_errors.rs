//! Requests the framework refuses before an operation runs (a body that is not JSON or does
//! not fit the operation's schema, a query parameter out of range, a method the path does not
//! have) answered in the API's own error body: the field, and what it expects, read from the
//! OpenAPI document itself so that the message and the document cannot disagree.

mod document;

use std::sync::Arc;

use poem::http::{HeaderValue, StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response};
use poem_openapi::error::{
    ContentTypeError, ParseMultipartError, ParseParamError, ParsePathError,
    ParseRequestPayloadError,
};
use serde_json::Value;

use crate::error::{ApiError, ErrorBody, Validator, says};
use crate::i18n::{self, Arg, Tr};

pub use document::ApiDocument;

/// The message `id` with `args`, in the language of the request.
fn say(id: &str, args: &[(&str, Arg)]) -> String {
    Tr::new(i18n::current()).with(id, args)
}

fn required_message(expectation: &str) -> String {
    say("request-required", &[("expectation", expectation.into())])
}

/// The path below `/api/v1`, whether or not the router already removed the prefix.
fn api_path(req: &Request) -> String {
    let path = req.uri().path();
    path.strip_prefix("/api/v1").unwrap_or(path).to_owned()
}

/// Answers the framework's refusals of API requests in the API's error body.
pub async fn explain<E: Endpoint>(
    document: Arc<ApiDocument>,
    next: E,
    mut req: Request,
) -> poem::Result<Response> {
    let method = req.method().as_str().to_owned();
    let path = api_path(&req);
    let json = req
        .content_type()
        .is_some_and(|c| c.to_ascii_lowercase().contains("json"));
    let body = if json {
        let bytes = req.take_body().into_bytes().await?;
        req.set_body(bytes.clone());
        Some(bytes)
    } else {
        None
    };
    let err = match next.call(req).await {
        Ok(output) => return Ok(output.into_response()),
        Err(err) => err,
    };
    let operation = document.operation(&method, &path);
    if err.status() == StatusCode::METHOD_NOT_ALLOWED {
        let mut response = crate::error::json_error(err).await;
        if let Some(allow) = document
            .allowed_methods(&path)
            .and_then(|m| HeaderValue::from_str(&m).ok())
        {
            response.headers_mut().insert(header::ALLOW, allow);
        }
        return Ok(response);
    }
    if let Some(e) = err.downcast_ref::<ParseParamError>() {
        let parameter = operation.and_then(|op| parameter(op, e.name));
        let expected = match parameter {
            // A pattern says nothing to people; the parameter's description does.
            Some(p) if document.resolve(&p["schema"]).get("pattern").is_some() => p["description"]
                .as_str()
                .map_or_else(|| document.expectation(&p["schema"]), str::to_owned),
            Some(p) => document.expectation(&p["schema"]),
            None => says("request-valid-value"),
        };
        let mut v = Validator::new();
        v.push(e.name, "invalid", expected);
        return Ok(v.into_error().into_response());
    }
    if err.is::<ParsePathError>() {
        return Ok(ApiError::not_found().into_response());
    }
    if err.is::<ContentTypeError>() {
        let expected = operation
            .and_then(|op| op["requestBody"]["content"].as_object())
            .and_then(|content| content.keys().next())
            .and_then(|media| media.split(';').next())
            .map(|media| media.trim().to_owned())
            .unwrap_or_else(|| "application/json".to_owned());
        return Ok(ApiError::unsupported_media_type(&expected).into_response());
    }
    if err.is::<ParseRequestPayloadError>() {
        let schema = operation.and_then(|op| body_schema(op, "application/json"));
        let body = body.unwrap_or_default();
        return Ok(payload_error(&document, schema, &body).into_response());
    }
    if let Some(e) = err.downcast_ref::<poem::error::ParseMultipartError>() {
        return Ok(match e {
            poem::error::ParseMultipartError::InvalidContentType(_)
            | poem::error::ParseMultipartError::ContentTypeRequired => {
                ApiError::unsupported_media_type("multipart/form-data")
            }
            _ => malformed_multipart(),
        }
        .into_response());
    }
    if let Some(e) = err.downcast_ref::<ParseMultipartError>() {
        let schema = operation.and_then(|op| body_schema(op, "multipart/form-data"));
        return Ok(multipart_error(&document, schema, &e.reason).into_response());
    }
    Err(err)
}

/// The schema of the operation's body of media type `media` (parameters such as
/// `charset` aside).
fn body_schema<'a>(operation: &'a Value, media: &str) -> Option<&'a Value> {
    operation["requestBody"]["content"]
        .as_object()?
        .iter()
        .find(|(key, _)| key.split(';').next().map(str::trim) == Some(media))
        .map(|(_, content)| &content["schema"])
}

fn parameter<'a>(operation: &'a Value, name: &str) -> Option<&'a Value> {
    operation["parameters"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == name)
}

/// A JSON body the operation could not read: not JSON at all (400), or JSON whose fields
/// do not fit the schema (422, every such field listed).
fn payload_error(document: &ApiDocument, schema: Option<&Value>, body: &[u8]) -> ApiError {
    let value = if body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(value) => value,
            Err(e) => {
                let problem = if e.is_eof() {
                    "request-json-incomplete"
                } else {
                    "request-json-invalid"
                };
                return ApiError::BadRequest(poem_openapi::payload::Json(ErrorBody {
                    code: "malformed_json".to_owned(),
                    message: say(
                        problem,
                        &[("line", e.line().into()), ("column", e.column().into())],
                    ),
                    fields: Vec::new(),
                    reference: None,
                }));
            }
        }
    };
    let mut v = Validator::new();
    match schema {
        Some(schema) if !value.is_object() => {
            v.push(
                "body",
                "invalid",
                say(
                    "request-one-object",
                    &[("fields", fields_hint(document, schema).into())],
                ),
            );
        }
        Some(schema) => document.check(schema, &value, "", &mut v),
        None => {}
    }
    if v.is_empty() {
        v.push("body", "invalid", says("request-unmatched"));
    }
    v.into_error()
}

fn fields_hint(document: &ApiDocument, schema: &Value) -> String {
    let schema = document.resolve(schema);
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if required.is_empty() {
        String::new()
    } else {
        say(
            "request-required-fields",
            &[("fields", required.join(", ").into())],
        )
    }
}

/// A multipart form the operation could not read.
fn multipart_error(document: &ApiDocument, schema: Option<&Value>, reason: &str) -> ApiError {
    let field = reason.split('`').nth(1).filter(|_| reason.contains('`'));
    let property = field.and_then(|f| {
        schema
            .map(|s| document.resolve(s))
            .map(|s| &s["properties"][f])
            .filter(|p| !p.is_null())
    });
    let mut v = Validator::new();
    match (field, property) {
        (Some(field), Some(property)) if reason.ends_with("is required") => {
            v.push(
                field,
                "required",
                required_message(&document.expectation(property)),
            );
        }
        (Some(field), Some(property)) => v.push(field, "invalid", document.expectation(property)),
        _ => return malformed_multipart(),
    }
    v.into_error()
}

fn malformed_multipart() -> ApiError {
    ApiError::bad_request("malformed_multipart", says("request-multipart"))
}

#[cfg(test)]
mod tests;
