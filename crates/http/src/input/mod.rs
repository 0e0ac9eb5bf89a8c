//! Parsers from the fields a person typed (a JSON body or a form) to the domain's
//! commands, shared by the API and the pages. Each reports every invalid field at once
//! (a 422 listing them) and builds nothing until all are valid; each use case's refusals
//! map here to the field errors both doors show.

pub mod applications;
mod casework;
mod credentials;
mod enquiries;
mod profile;

pub use casework::{CaseActionFields, case_action, casework_refusal, officer_refusal};
pub use credentials::{
    EnrolmentFields, PasswordChangeFields, ResetFields, change_password, change_password_refusal,
    enrol_refusal, enrolment, reset_password, reset_refusal, sign_in,
};
pub use enquiries::{ResolutionFields, enquiry_refusal, resolution};
pub use profile::{
    closure_refusal, confirm_email_refusal, contact_update, contact_update_refusal, email_code,
};

use portal_domain::account::{
    ContactDetails, EmailAddress, EmailUpdates, FaxNumber, Language, PasswordFeedback,
    TelephoneCountry, TelephoneNumber, TelephoneType,
};

use crate::error::Validator;
use crate::i18n::Tr;

/// Contact details as typed (F6).
#[derive(Debug, Clone, Copy, Default)]
pub struct ContactFields<'a> {
    /// `residential`, `cellular` or `other`.
    pub telephone_type: &'a str,
    /// `canada-us` or `other`.
    pub telephone_country: &'a str,
    /// Digits only.
    pub telephone_number: &'a str,
    /// Optional, `(###) ###-####`.
    pub fax_number: &'a str,
    /// `en` or `fr`.
    pub language: &'a str,
    /// `yes` or `no`.
    pub email_updates: &'a str,
}

impl ContactFields<'_> {
    /// Parses every field, recording each invalid one; returns the details and language.
    pub fn parse(&self, v: &mut Validator) -> Option<(ContactDetails, Language)> {
        let telephone_type = v.check(
            "telephone_type",
            self.telephone_type,
            TelephoneType::parse(self.telephone_type),
        );
        let country = v.check(
            "telephone_country",
            self.telephone_country,
            TelephoneCountry::parse(self.telephone_country),
        );
        let number = v.check(
            "telephone_number",
            self.telephone_number,
            TelephoneNumber::parse(
                self.telephone_number,
                country.unwrap_or(TelephoneCountry::Other),
            ),
        );
        let fax = if self.fax_number.trim().is_empty() {
            Some(None)
        } else {
            v.check(
                "fax_number",
                self.fax_number,
                FaxNumber::parse(self.fax_number),
            )
            .map(Some)
        };
        let language = v.check("language", self.language, Language::parse(self.language));
        let email_updates = v.check(
            "email_updates",
            self.email_updates,
            EmailUpdates::parse(self.email_updates),
        );
        Some((
            ContactDetails {
                telephone_type: telephone_type?,
                telephone_country: country?,
                telephone_number: number?,
                fax: fax?,
                email_updates: email_updates?,
            },
            language?,
        ))
    }
}

/// Parses an email field.
pub fn email(v: &mut Validator, field: &str, raw: &str) -> Option<EmailAddress> {
    v.check(field, raw, EmailAddress::parse(raw))
}

/// Records each password rule that failed, on the field it concerns.
pub fn password_feedback(
    v: &mut Validator,
    field: &str,
    feedback: &[PasswordFeedback],
    language: Language,
) {
    for f in feedback {
        let field = if f.is_about_confirmation() {
            "confirm_password"
        } else {
            field
        };
        v.push(field, f.code(), Tr::new(language).password_feedback(f));
    }
}
