//! The account profile (F6): contact details, and the code that confirms a new email.

use portal_domain::account::{
    Account, ConfirmEmailChangeError, RequestClosureError, StatedIdentity, UpdateContactCommand,
    UpdateContactError,
};
use portal_domain::secrets::ResetCode;

use super::{ContactFields, email};
use crate::error::{ApiError, Validator, says};
use crate::i18n::{self, Tr};

/// The contact update command, or a 422 listing every invalid field. A given name, surname
/// or membership ID that differs from the account's is refused: those change through the
/// web form.
pub fn contact_update(
    account: &Account,
    raw_email: &str,
    contact: &ContactFields<'_>,
    stated: &StatedIdentity<'_>,
) -> Result<UpdateContactCommand, ApiError> {
    let mut v = Validator::new();
    let email = email(&mut v, "email", raw_email);
    let contact = contact.parse(&mut v);
    let tr = Tr::new(i18n::current());
    for field in account.identity_changes(stated) {
        let label = tr.t(&format!("identity-{}", field.code().replace('_', "-")));
        let message = tr.with("change-by-enquiry", &[("field", label.into())]);
        v.push(field.code(), "change_by_enquiry", message);
    }
    v.finish()?;
    let (Some(email), Some((contact, language))) = (email, contact) else {
        return Err(ApiError::incomplete());
    };
    Ok(UpdateContactCommand {
        email,
        contact,
        language,
    })
}

/// What a contact update the use case refused answers.
pub fn contact_update_refusal(error: UpdateContactError) -> ApiError {
    match error {
        UpdateContactError::NotRepresentative => {
            ApiError::forbidden("forbidden", says("only-representatives-contact"))
        }
        UpdateContactError::Conflict => {
            ApiError::conflict("conflict", says("profile-changed-meanwhile"))
        }
        UpdateContactError::NotFound => ApiError::unauthenticated(),
        e @ UpdateContactError::Unexpected(_) => ApiError::internal(&e),
    }
}

/// The code that confirms a new email, or a 422.
pub fn email_code(raw: &str) -> Result<ResetCode, ApiError> {
    let mut v = Validator::new();
    let code = v.check("code", raw, ResetCode::parse(raw));
    v.finish()?;
    code.ok_or_else(ApiError::incomplete)
}

/// What an email confirmation the use case refused answers.
pub fn confirm_email_refusal(error: ConfirmEmailChangeError) -> ApiError {
    match error {
        ConfirmEmailChangeError::InvalidCode => {
            let mut v = Validator::new();
            v.push("code", "invalid_code", says("email-code-invalid"));
            v.into_error()
        }
        ConfirmEmailChangeError::Conflict => {
            ApiError::conflict("conflict", says("account-changed-meanwhile"))
        }
        ConfirmEmailChangeError::NotFound => ApiError::unauthenticated(),
        e @ ConfirmEmailChangeError::Unexpected(_) => ApiError::internal(&e),
    }
}

/// What a closure request the use case refused answers.
pub fn closure_refusal(error: RequestClosureError) -> ApiError {
    match error {
        RequestClosureError::InvalidTransition(_) => ApiError::conflict(
            "closure_already_requested",
            says("closure-already-requested"),
        ),
        RequestClosureError::Conflict => {
            ApiError::conflict("conflict", says("account-changed-meanwhile"))
        }
        RequestClosureError::NotFound => ApiError::unauthenticated(),
        e @ RequestClosureError::Unexpected(_) => ApiError::internal(&e),
    }
}
