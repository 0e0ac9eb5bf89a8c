//! Enquiries (F7, F8, F24): what each refusal of their use cases says.

use portal_domain::account::{EnquiryError, MailingAddress, MembershipId, PersonName};
use portal_domain::enquiry::{FormProblemReason, Resolution};

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
                v.push(p.field, "invalid", explain_form_problem(&p.reason));
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
        EnquiryError::InvalidTransition(t) => super::casework::transition_refused(t.from),
        EnquiryError::Conflict => ApiError::conflict("conflict", says("enquiry-changed-meanwhile")),
        e @ EnquiryError::Unexpected(_) => ApiError::internal(&e),
    }
}

/// A resolution of an enquiry as typed: what to do, and the new values it needs.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResolutionFields<'a> {
    /// `answered`, `change_name`, `change_mailing_address`, `change_membership_id` or
    /// `close_account`.
    pub resolution: &'a str,
    /// For a name change.
    pub given_name: &'a str,
    /// For a name change.
    pub surname: &'a str,
    /// For an address change.
    pub mailing_address: &'a str,
    /// For a membership change.
    pub membership_id: &'a str,
}

/// The resolution, or a 422 listing every missing or invalid field.
pub fn resolution(f: &ResolutionFields<'_>) -> Result<Resolution, ApiError> {
    let mut v = Validator::new();
    let resolution = match f.resolution {
        "answered" => Some(Resolution::Answered),
        "close_account" => Some(Resolution::CloseAccount),
        "change_name" => {
            let given = v.check("given_name", f.given_name, PersonName::parse(f.given_name));
            let surname = v.check("surname", f.surname, PersonName::parse(f.surname));
            given
                .zip(surname)
                .map(|(given_name, surname)| Resolution::ChangeName {
                    given_name,
                    surname,
                })
        }
        "change_mailing_address" => v
            .check(
                "mailing_address",
                f.mailing_address,
                MailingAddress::parse(f.mailing_address),
            )
            .map(Resolution::ChangeMailingAddress),
        "change_membership_id" => v
            .check(
                "membership_id",
                f.membership_id,
                MembershipId::parse(f.membership_id),
            )
            .map(Resolution::ChangeMembershipId),
        _ => {
            let tr = crate::i18n::Tr::new(crate::i18n::current());
            let codes = "answered, change_name, change_mailing_address, change_membership_id, close_account";
            v.push(
                "resolution",
                "invalid",
                tr.with("choose-one-of", &[("codes", codes.into())]),
            );
            None
        }
    };
    v.finish()?;
    resolution.ok_or_else(ApiError::incomplete)
}

/// Why a field of the web form was refused, in the request's language.
pub fn explain_form_problem(reason: &FormProblemReason) -> String {
    use crate::explain::Explain;
    let tr = crate::i18n::Tr::new(crate::i18n::current());
    match reason {
        FormProblemReason::EnquiryType(e) => tr.t(e.key()),
        FormProblemReason::Name(e) => tr.t(e.key()),
        FormProblemReason::Email(e) => tr.t(e.key()),
        FormProblemReason::DateOfBirthRange => tr.t("date-of-birth-range"),
        FormProblemReason::DateOfBirthFormat => tr.t("date-of-birth-format"),
        FormProblemReason::IrccId(e) => tr.t(e.key()),
        FormProblemReason::RequestLength { max } => {
            tr.with("request-length", &[("max", (*max).into())])
        }
        FormProblemReason::RequestCharacters(e) => tr.t(e.key()),
        FormProblemReason::TooManyDocuments { max } => {
            tr.with("too-many-documents", &[("count", (*max).into())])
        }
        FormProblemReason::Document { file_name, problem } => format!(
            "{file_name}: {}",
            super::applications::explain_upload(problem)
        ),
    }
}
