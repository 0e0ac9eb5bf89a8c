//! A form as the user filled it: the values typed (kept after an error, passwords
//! excepted) and the errors, each tied to its field.

use std::collections::HashMap;

use crate::error::{ApiError, FieldError};

/// The fields of a form as sent, in order.
pub type Fields = Vec<(String, String)>;

/// The value of field `name` (empty if absent).
pub fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// Values and errors of one form.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    values: HashMap<String, String>,
    /// Every error, in the order of the form.
    pub errors: Vec<FieldError>,
}

/// Fields whose value is never shown again.
const SECRET_FIELDS: [&str; 5] = [
    "password",
    "new_password",
    "confirm_password",
    "current_password",
    "csrf_token",
];

impl FormState {
    /// A form with the given values.
    pub fn filled<'a>(values: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self {
            values: values
                .into_iter()
                .filter(|(k, _)| !SECRET_FIELDS.contains(k))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            errors: Vec::new(),
        }
    }

    /// The value typed in `field` (empty if none).
    pub fn value(&self, field: &str) -> &str {
        self.values.get(field).map_or("", String::as_str)
    }

    /// Whether `field` holds `value` (a chosen radio button or option).
    pub fn is(&self, field: &str, value: &str) -> bool {
        self.value(field) == value
    }

    /// The error of `field`, if any.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// Whether `field` has an error.
    pub fn invalid(&self, field: &str) -> bool {
        self.error(field).is_some()
    }

    /// ` aria-describedby="..."` naming the hint and the error of `field`, or nothing.
    pub fn described_by(&self, field: &str, has_hint: bool) -> String {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{field}-hint"));
        }
        if self.invalid(field) {
            ids.push(format!("{field}-error"));
        }
        if ids.is_empty() {
            String::new()
        } else {
            format!(" aria-describedby=\"{}\"", ids.join(" "))
        }
    }

    /// Adds an error.
    pub fn push(&mut self, field: &str, message: String) {
        self.errors.push(FieldError {
            field: field.to_owned(),
            code: "invalid".to_owned(),
            message,
        });
    }

    /// Takes the field errors of a 422; any other error is given back.
    pub fn take(&mut self, error: ApiError) -> Result<(), ApiError> {
        match error {
            ApiError::Unprocessable(body) => {
                let mut fields = body.0.fields;
                // Only one message per field beside it; the summary lists them all.
                self.errors.append(&mut fields);
                Ok(())
            }
            other => Err(other),
        }
    }

    /// Whether the form has errors.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The status of the page showing this form: 422 when it has errors.
    pub fn status(&self) -> poem::http::StatusCode {
        if self.has_errors() {
            poem::http::StatusCode::UNPROCESSABLE_ENTITY
        } else {
            poem::http::StatusCode::OK
        }
    }
}

/// A multipart form as sent: its text fields, and its files (name given, bytes); a file
/// input left empty is no file.
#[derive(Debug, Default)]
pub struct MultipartForm {
    /// Text fields.
    pub fields: Vec<(String, String)>,
    /// Files, with the field that carried them.
    pub files: Vec<(String, String, Vec<u8>)>,
}

impl MultipartForm {
    /// Reads the whole form (the request body's size was capped before).
    pub async fn read(mut multipart: poem::web::Multipart) -> Self {
        let mut form = Self::default();
        while let Ok(Some(part)) = multipart.next_field().await {
            let name = part.name().unwrap_or_default().to_owned();
            match part.file_name().map(str::to_owned) {
                Some(file_name) => {
                    let bytes = part.bytes().await.unwrap_or_default();
                    if !(file_name.is_empty() && bytes.is_empty()) {
                        form.files.push((name, file_name, bytes));
                    }
                }
                None => {
                    let value = part.text().await.unwrap_or_default();
                    form.fields.push((name, value));
                }
            }
        }
        form
    }

    /// The text of field `name` (empty if absent).
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The first file sent in field `name`.
    pub fn file(&self, name: &str) -> Option<(&str, &[u8])> {
        self.files
            .iter()
            .find(|(field, _, _)| field == name)
            .map(|(_, file_name, bytes)| (file_name.as_str(), bytes.as_slice()))
    }
}
