//! Why a typed value was refused, in words: each domain parse error names the message key
//! that explains it (`locales/*/errors.ftl`), so the API's 422 body and the pages' error
//! summaries say the same thing, in the language of the request.

use portal_domain::account::{
    EmailAddressError, EmailUpdatesError, FaxNumberError, GoverningBodyError, IrccIdError,
    LanguageError, MailingAddressError, MembershipIdError, PersonNameError, RejectionReasonError,
    StandingError, TelephoneCountryError, TelephoneNumberError, TelephoneTypeError,
};
use portal_domain::application::{
    ApplicationNumberError, ApplicationTypeError, CbsaFileNumberError, QueryError, UciError,
    VisaProcessingError,
};
use portal_domain::enquiry::EnquiryTypeError;
use portal_domain::secrets::ResetCodeError;
use portal_domain::text::TextError;

/// A refusal that a message key explains.
pub trait Explain {
    /// The key of the message, in `errors.ftl`.
    fn key(&self) -> &'static str;
}

impl Explain for TextError {
    fn key(&self) -> &'static str {
        match self {
            Self::ControlCharacter => "text-control-characters",
            Self::DirectionOverride => "text-direction-characters",
        }
    }
}

impl Explain for EmailAddressError {
    fn key(&self) -> &'static str {
        match self {
            Self::Empty => "email-empty",
            Self::TooLong => "email-too-long",
            Self::Format => "email-format",
            Self::Characters(e) => e.key(),
        }
    }
}

impl Explain for PersonNameError {
    fn key(&self) -> &'static str {
        match self {
            Self::Empty => "name-empty",
            Self::TooLong => "name-too-long",
            Self::InvalidCharacters => "name-characters",
            Self::Characters(e) => e.key(),
        }
    }
}

impl Explain for TelephoneNumberError {
    fn key(&self) -> &'static str {
        match self {
            Self::Empty => "telephone-empty",
            Self::NotDigits => "telephone-digits",
            Self::NotTenDigits => "telephone-ten-digits",
            Self::BadLength => "telephone-length",
            Self::Characters(e) => e.key(),
        }
    }
}

impl Explain for MailingAddressError {
    fn key(&self) -> &'static str {
        match self {
            Self::Length => "mailing-address-length",
            Self::Characters(e) => e.key(),
        }
    }
}

impl Explain for MembershipIdError {
    fn key(&self) -> &'static str {
        match self {
            Self::Empty => "membership-id-empty",
            Self::Format => "membership-id-format",
            Self::Characters(e) => e.key(),
        }
    }
}

impl Explain for RejectionReasonError {
    fn key(&self) -> &'static str {
        match self {
            Self::Length => "rejection-reason-length",
            Self::Characters(e) => e.key(),
        }
    }
}

impl Explain for QueryError {
    fn key(&self) -> &'static str {
        match self {
            Self::PageSize => "query-page-size",
            Self::Page => "query-page",
            Self::Number => "query-number",
            Self::Name => "query-name",
            Self::NameCharacters => "query-name-characters",
        }
    }
}

/// Errors with one reason each.
macro_rules! explained {
    ($($error:ty => $key:literal,)+) => {
        $(impl Explain for $error {
            fn key(&self) -> &'static str {
                $key
            }
        })+
    };
}

explained!(
    GoverningBodyError => "governing-body-choose",
    TelephoneTypeError => "telephone-type-choose",
    TelephoneCountryError => "telephone-country-choose",
    LanguageError => "language-choose",
    EmailUpdatesError => "email-updates-choose",
    StandingError => "standing-choose",
    FaxNumberError => "fax-format",
    IrccIdError => "ircc-id-format",
    ResetCodeError => "reset-code-format",
    ApplicationTypeError => "application-type-choose",
    CbsaFileNumberError => "cbsa-file-number-format",
    VisaProcessingError => "visa-processing-choose",
    ApplicationNumberError => "application-number-format",
    UciError => "uci-format",
    EnquiryTypeError => "enquiry-type-choose",
);
