//! Enrolment (F1), sign-in (F2), the forgotten-password reset (F3) and the password
//! change (F4).

use portal_domain::account::{
    Account, ChangePasswordCommand, ChangePasswordError, EmailAddress, EnrolCommand, EnrolError,
    GoverningBody, Language, MembershipId, PasswordContext, PasswordPolicy, PersonName,
    RepresentativeDetails, ResetPasswordCommand, ResetPasswordError, Standing,
};
use portal_domain::secrets::ResetCode;
use secrecy::SecretString;

use super::{ContactFields, email, password_feedback};
use crate::error::{ApiError, Validator, says};

/// An enrolment (F1) as typed.
#[derive(Debug, Clone, Copy)]
pub struct EnrolmentFields<'a> {
    /// Sign-in and contact email.
    pub email: &'a str,
    /// The password.
    pub password: &'a str,
    /// Given name.
    pub given_name: &'a str,
    /// Surname as registered with the governing body.
    pub surname: &'a str,
    /// Governing body code.
    pub governing_body: &'a str,
    /// Membership ID.
    pub membership_id: &'a str,
    /// Contact details.
    pub contact: ContactFields<'a>,
}

/// The enrolment command, or a 422 listing every invalid field. `language` words the
/// password feedback when the form's own language choice is invalid.
pub fn enrolment(
    fields: &EnrolmentFields<'_>,
    policy: &PasswordPolicy,
    language: Language,
) -> Result<EnrolCommand, ApiError> {
    let mut v = Validator::new();
    let email = email(&mut v, "email", fields.email);
    let given_name = v.check(
        "given_name",
        fields.given_name,
        PersonName::parse(fields.given_name),
    );
    let surname = v.check("surname", fields.surname, PersonName::parse(fields.surname));
    let governing_body = v.check(
        "governing_body",
        fields.governing_body,
        GoverningBody::parse(fields.governing_body),
    );
    let membership_id = v.check(
        "membership_id",
        fields.membership_id,
        MembershipId::parse(fields.membership_id),
    );
    let contact = fields.contact.parse(&mut v);
    let language = contact.as_ref().map_or(language, |(_, l)| *l);
    let password = SecretString::from(fields.password.to_owned());
    let context = PasswordContext {
        email: fields.email,
        given_name: fields.given_name,
        surname: fields.surname,
    };
    let feedback = policy.check(&password, context);
    password_feedback(&mut v, "password", &feedback, language);
    v.finish()?;
    let (
        Some(email),
        Some(given_name),
        Some(surname),
        Some(governing_body),
        Some(membership_id),
        Some((contact, language)),
    ) = (
        email,
        given_name,
        surname,
        governing_body,
        membership_id,
        contact,
    )
    else {
        return Err(ApiError::incomplete());
    };
    Ok(EnrolCommand {
        email,
        password,
        given_name,
        surname,
        language,
        details: RepresentativeDetails {
            governing_body,
            membership_id,
            contact,
            mailing_address: None,
            standing: Standing::Good,
        },
    })
}

/// What an enrolment the use case refused answers.
pub fn enrol_refusal(error: EnrolError, language: Language) -> ApiError {
    match error {
        EnrolError::WeakPassword(feedback) => {
            let mut v = Validator::new();
            password_feedback(&mut v, "password", &feedback, language);
            v.into_error()
        }
        e @ EnrolError::Unexpected(_) => ApiError::internal(&e),
    }
}

/// The "Reset your password" form (F3) as typed.
#[derive(Debug, Clone, Copy)]
pub struct ResetFields<'a> {
    /// Email address of the account.
    pub email: &'a str,
    /// The 8-digit code.
    pub code: &'a str,
    /// The new password.
    pub new_password: &'a str,
    /// The new password again.
    pub confirm_password: &'a str,
}

/// The reset command, or a 422 listing every invalid field.
pub fn reset_password(
    fields: &ResetFields<'_>,
    policy: &PasswordPolicy,
    language: Language,
) -> Result<ResetPasswordCommand, ApiError> {
    let mut v = Validator::new();
    let email = email(&mut v, "email", fields.email);
    let code = v.check("code", fields.code, ResetCode::parse(fields.code));
    let new_password = SecretString::from(fields.new_password.to_owned());
    let confirmation = SecretString::from(fields.confirm_password.to_owned());
    let context = PasswordContext {
        email: fields.email,
        ..PasswordContext::default()
    };
    let feedback = policy.check_change(&new_password, &confirmation, None, context);
    password_feedback(&mut v, "new_password", &feedback, language);
    v.finish()?;
    let (Some(email), Some(code)) = (email, code) else {
        return Err(ApiError::incomplete());
    };
    Ok(ResetPasswordCommand {
        email,
        code,
        new_password,
        confirmation,
    })
}

/// What a reset the use case refused answers.
pub fn reset_refusal(error: ResetPasswordError, language: Language) -> ApiError {
    match error {
        ResetPasswordError::InvalidCode => {
            let mut v = Validator::new();
            v.push("code", "invalid_code", says("reset-code-invalid"));
            v.into_error()
        }
        ResetPasswordError::WeakPassword(feedback) => {
            let mut v = Validator::new();
            password_feedback(&mut v, "new_password", &feedback, language);
            v.into_error()
        }
        e @ ResetPasswordError::Unexpected(_) => ApiError::internal(&e),
    }
}

/// Sign-in fields: both required, the email no longer than an address can be.
pub fn sign_in(email: &str, password: &str) -> Result<(), ApiError> {
    let mut v = Validator::new();
    if v.require("email", email.trim(), "enter-email")
        && email.trim().chars().count() > EmailAddress::MAX_LEN
    {
        v.push("email", "invalid", says("email-too-long"));
    }
    v.require("password", password, "enter-password");
    v.finish()
}

/// The "Update your password" form (F4) as typed.
#[derive(Debug, Clone, Copy)]
pub struct PasswordChangeFields<'a> {
    /// The current password.
    pub current_password: &'a str,
    /// The new password.
    pub new_password: &'a str,
    /// The new password again.
    pub confirm_password: &'a str,
}

/// The password change command for `account`, or a 422 listing every invalid field.
pub fn change_password(
    fields: &PasswordChangeFields<'_>,
    account: &Account,
    policy: &PasswordPolicy,
) -> Result<ChangePasswordCommand, ApiError> {
    let mut v = Validator::new();
    if !v.require(
        "current_password",
        fields.current_password,
        "enter-current-password",
    ) {
        // The new password is checked here too, so that every problem shows at once; the
        // use case checks it again with the current password known.
        let context = PasswordContext {
            email: account.email.as_str(),
            given_name: account.given_name.as_str(),
            surname: account.surname.as_str(),
        };
        let feedback = policy.check_change(
            &SecretString::from(fields.new_password.to_owned()),
            &SecretString::from(fields.confirm_password.to_owned()),
            None,
            context,
        );
        password_feedback(&mut v, "new_password", &feedback, account.language);
        return Err(v.into_error());
    }
    Ok(ChangePasswordCommand {
        current_password: SecretString::from(fields.current_password.to_owned()),
        new_password: SecretString::from(fields.new_password.to_owned()),
        confirmation: SecretString::from(fields.confirm_password.to_owned()),
    })
}

/// What a password change the use case refused answers.
pub fn change_password_refusal(error: ChangePasswordError, language: Language) -> ApiError {
    match error {
        ChangePasswordError::Rejected {
            current_password_wrong,
            feedback,
        } => {
            let mut v = Validator::new();
            if current_password_wrong {
                v.push(
                    "current_password",
                    "wrong_password",
                    says("wrong-current-password"),
                );
            }
            password_feedback(&mut v, "new_password", &feedback, language);
            v.into_error()
        }
        ChangePasswordError::Throttled { retry_after } => {
            let seconds = u64::try_from(retry_after.whole_seconds()).unwrap_or(0)
                + u64::from(retry_after.subsec_nanoseconds() > 0);
            ApiError::too_many_requests("too_many_attempts", says("too-many-passwords"), seconds)
        }
        ChangePasswordError::SessionEnded => {
            ApiError::unauthorized("signed_out", says("signed-out-wrong-passwords"))
        }
        ChangePasswordError::Conflict => {
            ApiError::conflict("conflict", says("password-changed-meanwhile"))
        }
        ChangePasswordError::NotFound => ApiError::unauthenticated(),
        e @ ChangePasswordError::Unexpected(_) => ApiError::internal(&e),
    }
}
