//! Requests the framework refuses before an operation runs (a body that is not JSON or does
//! not fit the operation's schema, a query parameter out of range, a method the path does not
//! have) answered in the API's own error body: the field, and what it expects, read from the
//! OpenAPI document itself so that the message and the document cannot disagree.

use std::sync::Arc;

use poem::http::{HeaderValue, StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response};
use poem_openapi::error::{
    ContentTypeError, ParseMultipartError, ParseParamError, ParsePathError,
    ParseRequestPayloadError,
};
use serde_json::{Map, Value};

use crate::error::{ApiError, ErrorBody, Validator, says};
use crate::i18n::{self, Arg, Tr};

/// The message `id` with `args`, in the language of the request.
fn say(id: &str, args: &[(&str, Arg)]) -> String {
    Tr::new(i18n::current()).with(id, args)
}

/// The parts of the OpenAPI document needed to explain a refusal.
#[derive(Debug)]
pub struct ApiDocument {
    paths: Vec<(Vec<String>, Value)>,
    schemas: Map<String, Value>,
}

/// Removes every `description` and `title` of a schema, at every depth; the names of its
/// properties stay, whatever they are (a property may be called `description`).
fn strip_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("description");
            map.remove("title");
            for (key, inner) in map.iter_mut() {
                match (key.as_str(), inner) {
                    ("properties", Value::Object(properties)) => {
                        properties.values_mut().for_each(strip_descriptions);
                    }
                    (_, inner) => strip_descriptions(inner),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_descriptions),
        _ => {}
    }
}

impl ApiDocument {
    /// Reads the document served at `/api/openapi.json`, keeping only what explains a
    /// refused request: the operations' parameters and bodies and the schemas, without the
    /// responses and the prose (a parameter's description stays: it states a pattern).
    pub fn new(spec: &str) -> Self {
        let mut spec: Value = serde_json::from_str(spec).unwrap_or_default();
        let paths = spec["paths"]
            .as_object_mut()
            .map(|paths| {
                paths
                    .iter_mut()
                    .map(|(template, item)| {
                        if let Some(operations) = item.as_object_mut() {
                            for operation in operations.values_mut() {
                                if let Some(operation) = operation.as_object_mut() {
                                    for prose in ["responses", "summary", "description", "tags"] {
                                        operation.remove(prose);
                                    }
                                    if let Some(body) = operation.get_mut("requestBody") {
                                        strip_descriptions(body);
                                    }
                                }
                            }
                        }
                        (segments(template), item.take())
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut schemas = spec["components"]["schemas"]
            .as_object_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        for schema in schemas.values_mut() {
            strip_descriptions(schema);
        }
        Self { paths, schemas }
    }

    /// The path item whose template matches `path` (relative to `/api/v1`).
    fn path_item(&self, path: &str) -> Option<&Value> {
        let actual = segments(path);
        self.paths
            .iter()
            .filter(|(template, _)| {
                template.len() == actual.len()
                    && template
                        .iter()
                        .zip(&actual)
                        .all(|(t, a)| t.starts_with('{') || t == a)
            })
            // A literal segment wins over a parameter (`/applications/by-number/..`).
            .max_by_key(|(template, _)| template.iter().filter(|t| !t.starts_with('{')).count())
            .map(|(_, item)| item)
    }

    /// The methods documented for `path`, e.g. `GET, DELETE`.
    fn allowed_methods(&self, path: &str) -> Option<String> {
        let item = self.path_item(path)?.as_object()?;
        let methods: Vec<String> = item.keys().map(|m| m.to_ascii_uppercase()).collect();
        Some(methods.join(", "))
    }

    fn operation(&self, method: &str, path: &str) -> Option<&Value> {
        self.path_item(path)?.get(method.to_ascii_lowercase())
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        let mut schema = schema;
        for _ in 0..8 {
            if let Some(name) = schema["$ref"].as_str() {
                let name = name.rsplit('/').next().unwrap_or_default();
                match self.schemas.get(name) {
                    Some(s) => schema = s,
                    None => break,
                }
            } else if let Some([only]) = schema["allOf"].as_array().map(Vec::as_slice) {
                schema = only;
            } else {
                break;
            }
        }
        schema
    }

    /// What a value of `schema` must be, for people.
    fn expectation(&self, schema: &Value) -> String {
        let schema = self.resolve(schema);
        let choices = schema["enum"].as_array().map(|items| {
            items
                .iter()
                .map(|i| match i {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        });
        if let Some(choices) = choices {
            return say("request-choose-one", &[("choices", choices.into())]);
        }
        match schema["type"].as_str() {
            Some("boolean") => says("request-boolean"),
            Some("integer") => match (schema["minimum"].as_f64(), schema["maximum"].as_f64()) {
                (Some(min), Some(max)) => say(
                    "request-integer-range",
                    &[
                        ("min", min.to_string().into()),
                        ("max", max.to_string().into()),
                    ],
                ),
                (Some(min), None) => say("request-integer-min", &[("min", min.to_string().into())]),
                _ => says("request-integer"),
            },
            Some("array") => says("request-list"),
            Some("object") => says("request-object"),
            Some("string") if schema["format"] == "binary" => says("request-file"),
            Some("string") => match schema["maxLength"].as_u64() {
                Some(max) => say("request-text-max", &[("max", max.into())]),
                None => says("request-text"),
            },
            _ => says("request-value"),
        }
    }

    /// Records every field of `value` that does not fit `schema`, under the name `field`.
    fn check(&self, schema: &Value, value: &Value, field: &str, v: &mut Validator) {
        let schema = self.resolve(schema);
        let fits = match schema["type"].as_str() {
            Some("object") => value.is_object(),
            // The framework reads a number or a boolean as its text.
            Some("string") => value.is_string() || value.is_number() || value.is_boolean(),
            Some("boolean") => value.is_boolean(),
            Some("integer") => value.is_i64() || value.is_u64(),
            Some("array") => value.is_array(),
            _ => true,
        };
        let in_enum = schema["enum"]
            .as_array()
            .is_none_or(|choices| choices.contains(value));
        let in_range = value.as_f64().is_none_or(|n| {
            schema["minimum"].as_f64().is_none_or(|min| n >= min)
                && schema["maximum"].as_f64().is_none_or(|max| n <= max)
        });
        let short_enough = value.as_str().is_none_or(|s| {
            schema["maxLength"]
                .as_u64()
                .is_none_or(|max| s.chars().count() as u64 <= max)
        });
        if !(fits && in_enum && in_range && short_enough) {
            v.push(field, "invalid", self.expectation(schema));
            return;
        }
        if let (Some(object), Some(properties)) =
            (value.as_object(), schema["properties"].as_object())
        {
            let required: Vec<&str> = schema["required"]
                .as_array()
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for (name, property) in properties {
                let path = join(field, name);
                match object.get(name) {
                    None | Some(Value::Null) if required.contains(&name.as_str()) => {
                        v.push(
                            &path,
                            "required",
                            required_message(&self.expectation(property)),
                        );
                    }
                    None | Some(Value::Null) => {}
                    Some(value) => self.check(property, value, &path, v),
                }
            }
        }
        if let (Some(object), Some(extra)) = (value.as_object(), schema.get("additionalProperties"))
            && extra.is_object()
        {
            for (name, value) in object {
                self.check(extra, value, &join(field, name), v);
            }
        }
        if let (Some(items), Some(item)) = (value.as_array(), schema.get("items")) {
            for (i, value) in items.iter().enumerate() {
                self.check(item, value, &format!("{field}[{i}]"), v);
            }
        }
    }
}

fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
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
