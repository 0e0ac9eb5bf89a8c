//! Client applications (F10 to F14, F18): starting one, saving a section, deleting,
//! submitting and uploading, and what each refusal says.

use portal_domain::account::{Language, PersonName};
use portal_domain::application::{
    AnswerError, Applicant, ApplicationKind, ApplicationType, CbsaFileNumber, ClaimOrigin,
    DeleteApplicationError, FindApplicationError, SaveAnswersError, SaveSectionError, StartCommand,
    StartError, SubmitError, UploadError, UploadProblem, VisaProcessing, VisitPurpose,
};

use crate::api::missing_code;
use crate::error::{ApiError, Validator, says};
use crate::i18n::{self, Tr};

/// An applicant's names as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApplicantFields<'a> {
    /// Given name(s).
    pub given_name: &'a str,
    /// Family name.
    pub family_name: &'a str,
}

/// "Start an application" as typed (F10).
#[derive(Debug, Clone, Default)]
pub struct StartFields<'a> {
    /// `visitor_visa`, `study_permit` or `refugee_claim`.
    pub application_type: &'a str,
    /// Visitor visa: `visit` (default) or `transit`.
    pub visit_purpose: Option<&'a str>,
    /// Visitor visa: `regular` (default), `emergency` or `special_measures`.
    pub visa_processing: Option<&'a str>,
    /// Refugee claim: `new` (default) or `cbsa`.
    pub claim_origin: Option<&'a str>,
    /// Refugee claim made to the CBSA: its file number.
    pub cbsa_file_number: &'a str,
    /// The instructions were read.
    pub acknowledged: bool,
    /// The principal applicant.
    pub principal: ApplicantFields<'a>,
    /// Family members applying with the principal.
    pub family_members: Vec<ApplicantFields<'a>>,
}

fn applicant(v: &mut Validator, field: &str, input: &ApplicantFields<'_>) -> Option<Applicant> {
    let given = v.check(
        &format!("{field}.given_name"),
        input.given_name,
        PersonName::parse(input.given_name),
    );
    let family = v.check(
        &format!("{field}.family_name"),
        input.family_name,
        PersonName::parse(input.family_name),
    );
    Some(Applicant {
        given_name: given?,
        family_name: family?,
    })
}

fn choose(v: &mut Validator, field: &str, codes: &[&str]) {
    let tr = Tr::new(i18n::current());
    v.push(
        field,
        "invalid",
        tr.with("choose-one-of", &[("codes", codes.join(", ").into())]),
    );
}

/// The start command, or a 422 listing every invalid field.
pub fn start(fields: &StartFields<'_>) -> Result<StartCommand, ApiError> {
    let mut v = Validator::new();
    let app_type = ApplicationType::parse(fields.application_type).ok();
    if app_type.is_none() {
        choose(
            &mut v,
            "application_type",
            &["visitor_visa", "study_permit", "refugee_claim"],
        );
    }
    let kind = match app_type {
        Some(ApplicationType::VisitorVisa) => {
            let purpose = match fields.visit_purpose.map(str::trim) {
                None | Some("" | "visit") => Some(VisitPurpose::Visit),
                Some("transit") => Some(VisitPurpose::Transit),
                Some(_) => {
                    choose(&mut v, "visit_purpose", &["visit", "transit"]);
                    None
                }
            };
            let processing = match fields.visa_processing.map(str::trim) {
                None | Some("") => Some(VisaProcessing::Regular),
                Some(code) => VisaProcessing::parse(code).ok().or_else(|| {
                    choose(
                        &mut v,
                        "visa_processing",
                        &["regular", "emergency", "special_measures"],
                    );
                    None
                }),
            };
            purpose
                .zip(processing)
                .map(|(purpose, processing)| ApplicationKind::VisitorVisa {
                    purpose,
                    processing,
                })
        }
        Some(ApplicationType::StudyPermit) => Some(ApplicationKind::StudyPermit),
        Some(ApplicationType::RefugeeClaim) => match fields.claim_origin.map(str::trim) {
            None | Some("" | "new") => Some(ApplicationKind::RefugeeClaim {
                origin: ClaimOrigin::NewInCanada,
            }),
            Some("cbsa") => v
                .check(
                    "cbsa_file_number",
                    fields.cbsa_file_number,
                    CbsaFileNumber::parse(fields.cbsa_file_number),
                )
                .map(|n| ApplicationKind::RefugeeClaim {
                    origin: ClaimOrigin::Cbsa(n),
                }),
            Some(_) => {
                choose(&mut v, "claim_origin", &["new", "cbsa"]);
                None
            }
        },
        None => None,
    };
    if !fields.acknowledged {
        v.push("acknowledged", "required", says("acknowledge-instructions"));
    }
    let principal = applicant(&mut v, "principal", &fields.principal);
    let members: Vec<Option<Applicant>> = fields
        .family_members
        .iter()
        .enumerate()
        .map(|(i, m)| applicant(&mut v, &format!("family_members[{i}]"), m))
        .collect();
    v.finish()?;
    let (Some(kind), Some(principal)) = (kind, principal) else {
        return Err(ApiError::incomplete());
    };
    let family_members = members
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .ok_or_else(ApiError::incomplete)?;
    Ok(StartCommand {
        kind,
        acknowledged: fields.acknowledged,
        principal,
        family_members,
    })
}

/// A representative whose standing the department recorded as other than good.
pub fn not_in_good_standing() -> ApiError {
    ApiError::forbidden("not_in_good_standing", says("not-in-good-standing"))
}

/// What a start the use case refused answers.
pub fn start_refusal(error: StartError) -> ApiError {
    match error {
        StartError::NotInGoodStanding => not_in_good_standing(),
        StartError::NotApproved => {
            ApiError::forbidden("account_not_approved", says("account-not-approved"))
        }
        StartError::NotAcknowledged => {
            let mut v = Validator::new();
            v.push("acknowledged", "invalid", says("acknowledge-instructions"));
            v.into_error()
        }
        StartError::TooManyFamilyMembers { max } => {
            let mut v = Validator::new();
            let tr = Tr::new(i18n::current());
            v.push(
                "family_members",
                "invalid",
                tr.with("too-many-family-members", &[("max", max.into())]),
            );
            v.into_error()
        }
        e @ StartError::Unexpected(_) => ApiError::internal(&e),
    }
}

/// An application lookup that found nothing, or failed.
pub fn find_refusal(error: FindApplicationError) -> ApiError {
    match error {
        FindApplicationError::NotFound => ApiError::not_found(),
        e @ FindApplicationError::Unexpected(_) => ApiError::internal(&e),
    }
}

/// Why one answer was refused, in the request's language.
pub fn explain_answer(error: &AnswerError) -> String {
    let tr = Tr::new(i18n::current());
    match error {
        AnswerError::UnknownQuestion => tr.t("answer-unknown-question"),
        AnswerError::NotApplicable => tr.t("answer-not-applicable"),
        AnswerError::TooLong { max } => tr.with("answer-too-long", &[("max", (*max).into())]),
        AnswerError::MultiLine => tr.t("answer-one-line"),
        AnswerError::DateFormat => tr.t("answer-date-format"),
        AnswerError::DateNotPast => tr.t("answer-date-past"),
        AnswerError::DateNotFuture => tr.t("answer-date-future"),
        AnswerError::DateOrder { other } => {
            tr.with("answer-date-order", &[("other", (*other).into())])
        }
        AnswerError::Digits { min, max } => tr.with(
            "answer-digits",
            &[("min", (*min).into()), ("max", (*max).into())],
        ),
        AnswerError::Choice { choices } => {
            tr.with("choose-one-of", &[("codes", choices.as_str().into())])
        }
        AnswerError::Amount => tr.t("answer-amount"),
        AnswerError::YesNo => tr.t("answer-yes-no"),
        AnswerError::Format(message) => crate::error::capitalise(message) + ".",
        AnswerError::Characters(e) => tr.t(crate::explain::Explain::key(e)),
    }
}

/// What a section save the use case refused answers; each invalid answer is a field
/// `answers.{question}`.
pub fn save_refusal(error: SaveAnswersError) -> ApiError {
    match error {
        SaveAnswersError::NotFound
        | SaveAnswersError::Refused(SaveSectionError::UnknownSection) => ApiError::not_found(),
        SaveAnswersError::Refused(SaveSectionError::Expired) => {
            ApiError::conflict("draft_expired", says("draft-expired"))
        }
        SaveAnswersError::Refused(SaveSectionError::AlreadySubmitted) => {
            ApiError::conflict("already_submitted", says("already-submitted-no-change"))
        }
        SaveAnswersError::Refused(SaveSectionError::Invalid(invalid)) => {
            let mut v = Validator::new();
            for i in invalid {
                v.push(
                    &format!("answers.{}", i.question),
                    "invalid",
                    explain_answer(&i.error),
                );
            }
            v.into_error()
        }
        SaveAnswersError::Conflict => {
            ApiError::conflict("conflict", says("application-changed-meanwhile"))
        }
        e @ SaveAnswersError::Unexpected(_) => ApiError::internal(&e),
    }
}

/// What a deletion the use case refused answers.
pub fn delete_refusal(error: DeleteApplicationError) -> ApiError {
    match error {
        DeleteApplicationError::NotFound => ApiError::not_found(),
        DeleteApplicationError::AlreadySubmitted => {
            ApiError::conflict("already_submitted", says("submitted-cannot-be-deleted"))
        }
        e @ DeleteApplicationError::Unexpected(_) => ApiError::internal(&e),
    }
}

/// What a submission the use case refused answers: every missing answer and document of
/// every applicant, each as a field `{application id}.{section}.{question}` or
/// `{application id}.documents.{item}`.
pub fn submit_refusal(error: SubmitError, language: Language) -> ApiError {
    match error {
        SubmitError::NotInGoodStanding => not_in_good_standing(),
        SubmitError::NotFound => ApiError::not_found(),
        SubmitError::AlreadySubmitted => {
            ApiError::conflict("already_submitted", says("already-submitted"))
        }
        SubmitError::Expired => ApiError::conflict("draft_expired", says("draft-expired-submit")),
        SubmitError::Incomplete(incomplete) => {
            let mut v = Validator::new();
            let tr = Tr::new(language);
            for member in incomplete {
                for item in member.missing {
                    let message = tr.with(
                        "missing-item",
                        &[
                            ("applicant", member.applicant_name.as_str().into()),
                            ("item", tr.t(&item.label_id()).into()),
                        ],
                    );
                    v.push(
                        &format!("{}.{}", member.application_id, missing_code(&item)),
                        "missing",
                        message,
                    );
                }
            }
            v.into_error()
        }
        SubmitError::Conflict => {
            ApiError::conflict("conflict", says("application-changed-meanwhile"))
        }
        e @ SubmitError::Unexpected(_) => ApiError::internal(&e),
    }
}

/// Why an upload was refused, in the request's language.
pub fn explain_upload(problem: &UploadProblem) -> String {
    let tr = Tr::new(i18n::current());
    match problem {
        UploadProblem::UnknownItem => tr.t("upload-unknown-item"),
        UploadProblem::FileNameCharacters => tr.t("upload-file-name"),
        UploadProblem::Empty => tr.t("upload-empty"),
        UploadProblem::TooLarge { max_mb } => {
            tr.with("upload-too-large", &[("max", (*max_mb).into())])
        }
        UploadProblem::ExtensionNotAllowed => tr.t("upload-extension"),
        UploadProblem::ContentNotAllowed => tr.t("upload-content"),
        UploadProblem::ExtensionMismatch {
            detected,
            extension,
        } => tr.with(
            "upload-mismatch",
            &[
                ("detected", detected.to_string().into()),
                ("extension", extension.as_str().into()),
            ],
        ),
    }
}

/// What an upload the use case refused answers.
pub fn upload_refusal(error: UploadError) -> ApiError {
    match error {
        UploadError::NotFound => ApiError::not_found(),
        UploadError::Invalid(problems) => {
            let mut v = Validator::new();
            for p in problems {
                let field = if matches!(p, UploadProblem::UnknownItem) {
                    "item"
                } else {
                    "file"
                };
                v.push(field, "invalid", explain_upload(&p));
            }
            v.into_error()
        }
        UploadError::NoOpenRequest => {
            ApiError::conflict("no_open_request", says("upload-no-open-request"))
        }
        e @ UploadError::Unexpected(_) => ApiError::internal(&e),
    }
}
