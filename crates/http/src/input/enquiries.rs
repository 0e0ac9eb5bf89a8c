//! Enquiries (F7, F8, F24): what each refusal of their use cases says.

use portal_domain::account::EnquiryError;

use crate::error::{ApiError, Validator, capitalise, says};

fn field_error(field: &str, message: &str) -> ApiError {
    let mut v = Validator::new();
    v.push(field, "invalid", format!("{}.", capitalise(message)));
    v.into_error()
}

/// What an enquiry use case's refusal answers.
pub fn enquiry_refusal(e: EnquiryError) -> ApiError {
    match e {
        EnquiryError::Forbidden => ApiError::forbidden("forbidden", says("account-may-not")),
        EnquiryError::NotFound => ApiError::not_found(),
        EnquiryError::Invalid(problems) => {
            let mut v = Validator::new();
            for p in problems {
                v.push(p.field, "invalid", format!("{}.", capitalise(&p.message)));
            }
            v.into_error()
        }
        e @ EnquiryError::Reply => field_error("reply", &e.to_string()),
        EnquiryError::Query(message) => field_error("query", message),
        e @ EnquiryError::ResolutionNotApplicable => ApiError::conflict(
            "resolution_not_applicable",
            format!("{}.", capitalise(&e.to_string())),
        ),
        e @ EnquiryError::AlreadyResolved => ApiError::conflict(
            "already_resolved",
            format!("{}.", capitalise(&e.to_string())),
        ),
        EnquiryError::InvalidTransition(t) => ApiError::conflict(
            "invalid_transition",
            format!(
                "The account is {}; that change is not allowed.",
                t.from.code()
            ),
        ),
        EnquiryError::Conflict => ApiError::conflict("conflict", says("enquiry-changed-meanwhile")),
        e @ EnquiryError::Unexpected(_) => ApiError::internal(&e),
    }
}
