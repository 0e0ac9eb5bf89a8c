//! The parts of the OpenAPI document that explain a refused request: the operations'
//! parameters and bodies, the schemas, and what a value of each must be.

use serde_json::{Map, Value};

use super::{required_message, say};
use crate::error::{Validator, says};

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
    pub(super) fn allowed_methods(&self, path: &str) -> Option<String> {
        let item = self.path_item(path)?.as_object()?;
        let methods: Vec<String> = item.keys().map(|m| m.to_ascii_uppercase()).collect();
        Some(methods.join(", "))
    }

    pub(super) fn operation(&self, method: &str, path: &str) -> Option<&Value> {
        self.path_item(path)?.get(method.to_ascii_lowercase())
    }

    pub(super) fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
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
    pub(super) fn expectation(&self, schema: &Value) -> String {
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
    pub(super) fn check(&self, schema: &Value, value: &Value, field: &str, v: &mut Validator) {
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
