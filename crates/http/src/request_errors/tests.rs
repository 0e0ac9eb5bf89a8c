//! Tests of the explanations read from the document.
#![allow(clippy::unwrap_used)]

use serde_json::json;

use super::*;
use crate::error::FieldError;

fn document() -> ApiDocument {
    let spec = json!({
        "paths": {
            "/applications": {"get": {"parameters": [
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}
            ]}, "post": {}},
            "/applications/{id}": {"get": {}, "delete": {}},
            "/applications/by-number/{number}": {"get": {}},
        },
        "components": {"schemas": {
            "Start": {"type": "object", "required": ["kind", "principal"], "properties": {
                "kind": {"$ref": "#/components/schemas/Kind"},
                "acknowledged": {"type": "boolean"},
                "principal": {"$ref": "#/components/schemas/Person"},
                "members": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}},
            }},
            "Kind": {"type": "string", "enum": ["visitor_visa", "study_permit"]},
            "Person": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string", "maxLength": 5}
            }},
        }}
    });
    ApiDocument::new(&spec.to_string())
}

fn fields(error: ApiError) -> Vec<(String, String)> {
    let ApiError::Unprocessable(body) = error else {
        panic!("not a 422: {error:?}")
    };
    body.0
        .fields
        .into_iter()
        .map(|f: FieldError| (f.field, f.message))
        .collect()
}

#[test]
fn a_path_matches_its_template_and_a_literal_segment_wins() {
    let d = document();
    assert_eq!(
        d.allowed_methods("/applications/123").unwrap(),
        "DELETE, GET"
    );
    assert_eq!(
        d.allowed_methods("/applications/by-number/V1").unwrap(),
        "GET"
    );
    assert!(d.allowed_methods("/nothing").is_none());
}

#[test]
fn every_field_that_does_not_fit_is_named_with_what_it_expects() {
    let d = document();
    let schema = json!({"$ref": "#/components/schemas/Start"});
    let body =
        json!({"kind": "boat", "acknowledged": "yes", "members": [{"name": "far too long"}]});
    let found = fields(payload_error(
        &d,
        Some(&schema),
        body.to_string().as_bytes(),
    ));
    assert_eq!(
        found,
        [
            ("acknowledged".to_owned(), "Enter true or false.".to_owned()),
            (
                "kind".to_owned(),
                "Choose one of: visitor_visa, study_permit.".to_owned()
            ),
            (
                "members[0].name".to_owned(),
                "Enter text of 5 characters or fewer.".to_owned()
            ),
            (
                "principal".to_owned(),
                "This field is required. Enter an object.".to_owned()
            ),
        ]
    );
}

#[test]
fn a_body_that_is_not_json_says_where_it_breaks_without_parser_jargon() {
    let d = document();
    let schema = json!({"$ref": "#/components/schemas/Start"});
    let ApiError::BadRequest(body) = payload_error(&d, Some(&schema), b"{\"kind\": ") else {
        panic!("not a 400")
    };
    assert_eq!(body.0.code, "malformed_json");
    assert!(
        body.0.message.contains("ends before the JSON is complete"),
        "{}",
        body.0.message
    );
    assert!(!body.0.message.contains("EOF"));
}
