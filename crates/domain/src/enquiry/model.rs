//! An enquiry: what the representative sent through the web form (F7), or their request to
//! close the account (F8), with the department's replies and its resolution (F24).

use time::{Date, OffsetDateTime};

use super::values::{EnquiryId, EnquiryKind, EnquiryReference, EnquiryStatus, EnquiryType};
use crate::account::{
    AccountId, EmailAddress, EmailAddressError, IrccId, IrccIdError, MailingAddress, MembershipId,
    PersonName, PersonNameError,
};
use crate::application::FileType;

/// Longest request text, in characters.
pub const MAX_REQUEST_CHARS: usize = 2000;

/// Most supporting documents one enquiry carries.
pub const MAX_DOCUMENTS: usize = 5;

/// A document sent with an enquiry (for a name change, say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnquiryDocument {
    /// Identifier.
    pub id: uuid::Uuid,
    /// The name the user gave it, cleaned for display.
    pub file_name: String,
    /// The type recognised from its bytes.
    pub file_type: FileType,
    /// Size in bytes.
    pub size: u64,
    /// The generated name it is stored under.
    pub stored_name: String,
}

/// An officer's reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnquiryReply {
    /// The text.
    pub body: String,
    /// When it was sent.
    pub sent_at: OffsetDateTime,
}

/// An enquiry with its documents and replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enquiry {
    /// Identifier.
    pub id: EnquiryId,
    /// The reference number the representative quotes.
    pub reference: EnquiryReference,
    /// The account that sent it.
    pub account_id: AccountId,
    /// Web form or closure request.
    pub kind: EnquiryKind,
    /// The type chosen from the list.
    pub enquiry_type: EnquiryType,
    /// Family name as stated.
    pub family_name: PersonName,
    /// Given name as stated.
    pub given_name: PersonName,
    /// Email as stated, if any.
    pub email: Option<EmailAddress>,
    /// Date of birth as stated (a closure request has none).
    pub date_of_birth: Option<Date>,
    /// The Representative IRCC ID as stated.
    pub ircc_id: Option<IrccId>,
    /// The request text.
    pub request: String,
    /// Supporting documents.
    pub documents: Vec<EnquiryDocument>,
    /// Open, replied or resolved.
    pub status: EnquiryStatus,
    /// When it was sent.
    pub submitted_at: OffsetDateTime,
    /// The replies, oldest first.
    pub replies: Vec<EnquiryReply>,
    /// When it was resolved.
    pub resolved_at: Option<OffsetDateTime>,
}

/// One invalid field of the web form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProblem {
    /// The field: `enquiry_type`, `family_name`, `given_name`, `email`, `date_of_birth`,
    /// `ircc_id`, `request` or `documents`.
    pub field: &'static str,
    /// What is wrong.
    pub reason: FormProblemReason,
}

/// Why a field of the web form was refused; its text is a sentence fragment in English, and
/// adapters that speak other languages match on the variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormProblemReason {
    /// Not one of the listed types.
    #[error(transparent)]
    EnquiryType(#[from] super::values::EnquiryTypeError),
    /// A name that is not one.
    #[error(transparent)]
    Name(#[from] PersonNameError),
    /// An email that is not one.
    #[error(transparent)]
    Email(#[from] EmailAddressError),
    /// A date of birth in the future or before 1900.
    #[error("the date of birth must be a past date after 1900")]
    DateOfBirthRange,
    /// A date of birth that is not `yyyy-mm-dd`.
    #[error("enter the date of birth as yyyy-mm-dd")]
    DateOfBirthFormat,
    /// Not a Representative IRCC ID.
    #[error(transparent)]
    IrccId(#[from] IrccIdError),
    /// An empty or too long request.
    #[error("write the request in 1 to {max} characters")]
    RequestLength {
        /// The most characters.
        max: usize,
    },
    /// Control or text-direction characters in the request.
    #[error(transparent)]
    RequestCharacters(#[from] crate::text::TextError),
    /// More documents than a form takes.
    #[error("send at most {max} documents")]
    TooManyDocuments {
        /// The most documents.
        max: usize,
    },
    /// A document that cannot be accepted.
    #[error("{file_name}: {problem}")]
    Document {
        /// The document's name as sent.
        file_name: String,
        /// What is wrong with it.
        problem: crate::application::UploadProblem,
    },
}

/// The web form as typed, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct EnquiryForm {
    /// Type code.
    pub enquiry_type: String,
    /// Family name.
    pub family_name: String,
    /// Given name.
    pub given_name: String,
    /// Email (optional; empty means none).
    pub email: String,
    /// Date of birth, `yyyy-mm-dd`.
    pub date_of_birth: String,
    /// The Representative IRCC ID.
    pub ircc_id: String,
    /// The request.
    pub request: String,
    /// Supporting documents: the name given and the bytes.
    pub documents: Vec<(String, Vec<u8>)>,
}

/// A checked web form: every field valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CheckedForm {
    pub(crate) enquiry_type: EnquiryType,
    pub(crate) family_name: PersonName,
    pub(crate) given_name: PersonName,
    pub(crate) email: Option<EmailAddress>,
    pub(crate) date_of_birth: Date,
    pub(crate) ircc_id: IrccId,
    pub(crate) request: String,
    pub(crate) documents: Vec<(String, FileType, Vec<u8>)>,
}

impl EnquiryForm {
    /// Checks every field on UTC day `today`; every problem is listed.
    pub(crate) fn check(
        self,
        today: Date,
        max_bytes: u64,
    ) -> Result<CheckedForm, Vec<FormProblem>> {
        let mut problems = Vec::new();
        let mut problem = |field: &'static str, reason: FormProblemReason| {
            problems.push(FormProblem { field, reason });
        };
        let enquiry_type = EnquiryType::parse(&self.enquiry_type)
            .map_err(|e| problem("enquiry_type", e.into()))
            .ok();
        let family_name = PersonName::parse(&self.family_name)
            .map_err(|e| problem("family_name", e.into()))
            .ok();
        let given_name = PersonName::parse(&self.given_name)
            .map_err(|e| problem("given_name", e.into()))
            .ok();
        let email = if self.email.trim().is_empty() {
            Some(None)
        } else {
            EmailAddress::parse(&self.email)
                .map(Some)
                .map_err(|e| problem("email", e.into()))
                .ok()
        };
        let date_of_birth = match crate::application::parse_date(self.date_of_birth.trim()) {
            Ok(date) if date <= today && date.year() >= 1900 => Some(date),
            Ok(_) => {
                problem("date_of_birth", FormProblemReason::DateOfBirthRange);
                None
            }
            Err(_) => {
                problem("date_of_birth", FormProblemReason::DateOfBirthFormat);
                None
            }
        };
        let ircc_id = IrccId::parse(&self.ircc_id)
            .map_err(|e| problem("ircc_id", e.into()))
            .ok();
        let request = match crate::text::multi_line(&self.request) {
            Ok(text)
                if !text.trim().is_empty() && text.trim().chars().count() <= MAX_REQUEST_CHARS =>
            {
                Some(text.trim().to_owned())
            }
            Ok(_) => {
                problem(
                    "request",
                    FormProblemReason::RequestLength {
                        max: MAX_REQUEST_CHARS,
                    },
                );
                None
            }
            Err(e) => {
                problem("request", e.into());
                None
            }
        };
        if self.documents.len() > MAX_DOCUMENTS {
            problem(
                "documents",
                FormProblemReason::TooManyDocuments { max: MAX_DOCUMENTS },
            );
        }
        let mut documents = Vec::new();
        for (name, bytes) in self.documents {
            match crate::application::check_upload(&name, &bytes, max_bytes) {
                Ok(file_type) => documents.push((name, file_type, bytes)),
                Err(found) => {
                    for p in found {
                        problem(
                            "documents",
                            FormProblemReason::Document {
                                file_name: name.clone(),
                                problem: p,
                            },
                        );
                    }
                }
            }
        }
        match (
            enquiry_type,
            family_name,
            given_name,
            email,
            date_of_birth,
            ircc_id,
            request,
        ) {
            (
                Some(enquiry_type),
                Some(family_name),
                Some(given_name),
                Some(email),
                Some(date_of_birth),
                Some(ircc_id),
                Some(request),
            ) if problems.is_empty() => Ok(CheckedForm {
                enquiry_type,
                family_name,
                given_name,
                email,
                date_of_birth,
                ircc_id,
                request,
                documents,
            }),
            _ => Err(problems),
        }
    }
}

/// What an officer does to resolve an enquiry. The changes apply to the account that sent
/// it, in the same transaction as the resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Answered; nothing to change.
    Answered,
    /// Change the name on the account.
    ChangeName {
        /// New given name.
        given_name: PersonName,
        /// New surname.
        surname: PersonName,
    },
    /// Change the mailing address.
    ChangeMailingAddress(MailingAddress),
    /// Change the membership ID.
    ChangeMembershipId(MembershipId),
    /// Close the account (a closure request): sign-in refused, sessions ended, drafts
    /// deleted, submitted applications kept.
    CloseAccount,
}

/// An enquiry's resolution as stored with the change it makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedEnquiry {
    /// The enquiry.
    pub id: EnquiryId,
    /// When.
    pub at: OffsetDateTime,
    /// The reply that goes with it.
    pub reply: String,
}
