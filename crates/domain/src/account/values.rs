//! Value objects of an account (F1, F6): each has private fields and one `parse` that
//! returns its own small error, so nothing else can build an invalid one. They serialise
//! but do not deserialise, so no decoder can build one around `parse`:
//!
//! ```compile_fail
//! fn decodable<T: serde::de::DeserializeOwned>() {}
//! decodable::<portal_domain::account::EmailAddress>();
//! ```

use std::fmt;

use serde::Serialize;

use crate::text::{self, TextError};

/// An email address in the form `name@example.com`, stored lowercased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct EmailAddress(String);

/// Why an email address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailAddressError {
    /// Nothing was entered.
    #[error("enter an email address")]
    Empty,
    /// It is longer than 254 characters.
    #[error("the email address must be 254 characters or fewer")]
    TooLong,
    /// It does not look like `name@example.com`.
    #[error("the email address should have this format: name@example.com")]
    Format,
    /// It holds control or text-direction characters.
    #[error(transparent)]
    Characters(#[from] TextError),
}

impl EmailAddress {
    /// The longest address accepted (RFC 5321 path limit).
    pub const MAX_LEN: usize = 254;

    /// Parses an address; surrounding spaces are ignored and the result is lowercased.
    pub fn parse(raw: &str) -> Result<Self, EmailAddressError> {
        let value = text::one_line(raw)?.trim();
        if value.is_empty() {
            return Err(EmailAddressError::Empty);
        }
        if value.chars().count() > Self::MAX_LEN {
            return Err(EmailAddressError::TooLong);
        }
        let (local, domain) = value.split_once('@').ok_or(EmailAddressError::Format)?;
        let label_ok = |label: &str| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2 && labels.iter().all(|l| label_ok(l));
        if local_ok && domain_ok {
            Ok(Self(value.to_lowercase()))
        } else {
            Err(EmailAddressError::Format)
        }
    }

    /// The address text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A given name or a surname, as registered with the governing body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonName(String);

/// Why a name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PersonNameError {
    /// Nothing was entered.
    #[error("enter a name")]
    Empty,
    /// It is longer than 100 characters.
    #[error("the name must be 100 characters or fewer")]
    TooLong,
    /// It holds digits, control characters or symbols a name does not have.
    #[error("the name may only contain letters, spaces, hyphens, apostrophes and periods")]
    InvalidCharacters,
    /// It holds control or text-direction characters.
    #[error(transparent)]
    Characters(#[from] TextError),
}

impl PersonName {
    /// The longest name accepted.
    pub const MAX_LEN: usize = 100;

    /// Parses a name; surrounding spaces are trimmed and inner runs of spaces collapsed.
    pub fn parse(raw: &str) -> Result<Self, PersonNameError> {
        let value = text::one_line(raw)?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if value.is_empty() {
            return Err(PersonNameError::Empty);
        }
        if value.chars().count() > Self::MAX_LEN {
            return Err(PersonNameError::TooLong);
        }
        if value
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.'))
        {
            Ok(Self(value))
        } else {
            Err(PersonNameError::InvalidCharacters)
        }
    }

    /// The name text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Generates a closed list type with a stable code per variant and a `parse` from that code.
macro_rules! code_list {
    (
        $(#[$meta:meta])* $name:ident, $err:ident, $err_msg:literal,
        { $($(#[$vmeta:meta])* $variant:ident => $code:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        #[doc = concat!("A value that is not one of the ", stringify!($name), " codes.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
        #[error($err_msg)]
        pub struct $err;

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stable code used in forms, the API and storage.
            pub fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }

            /// Parses a stable code.
            pub fn parse(raw: &str) -> Result<Self, $err> {
                let raw = crate::text::one_line(raw).map_err(|_| $err)?;
                match raw.trim() { $($code => Ok(Self::$variant),)+ _ => Err($err) }
            }
        }
    };
}

code_list!(
    /// The body that regulates the representative (F1).
    GoverningBody, GoverningBodyError, "choose a governing body from the list",
    {
        /// College of Immigration and Citizenship Consultants.
        Cicc => "cicc",
        /// Law Society of Alberta.
        LawSocietyAlberta => "law-society-ab",
        /// Law Society of British Columbia.
        LawSocietyBritishColumbia => "law-society-bc",
        /// Law Society of Manitoba.
        LawSocietyManitoba => "law-society-mb",
        /// Law Society of New Brunswick.
        LawSocietyNewBrunswick => "law-society-nb",
        /// Law Society of Newfoundland and Labrador.
        LawSocietyNewfoundlandLabrador => "law-society-nl",
        /// Law Society of the Northwest Territories.
        LawSocietyNorthwestTerritories => "law-society-nt",
        /// Nova Scotia Barristers' Society.
        LawSocietyNovaScotia => "law-society-ns",
        /// Law Society of Nunavut.
        LawSocietyNunavut => "law-society-nu",
        /// Law Society of Ontario.
        LawSocietyOntario => "law-society-on",
        /// Law Society of Prince Edward Island.
        LawSocietyPrinceEdwardIsland => "law-society-pe",
        /// Barreau du Québec.
        BarreauDuQuebec => "barreau-qc",
        /// Law Society of Saskatchewan.
        LawSocietySaskatchewan => "law-society-sk",
        /// Law Society of Yukon.
        LawSocietyYukon => "law-society-yt",
        /// Chambre des notaires du Québec.
        ChambreDesNotaires => "chambre-notaires-qc",
    }
);

code_list!(
    /// The kind of daytime telephone (F6).
    TelephoneType, TelephoneTypeError, "choose Residential, Cellular or Other",
    {
        /// Residential.
        Residential => "residential",
        /// Cellular.
        Cellular => "cellular",
        /// Other.
        Other => "other",
    }
);

code_list!(
    /// Where the telephone number is (F6).
    TelephoneCountry, TelephoneCountryError, "choose Canada or the U.S., or Other",
    {
        /// A North American Numbering Plan number (country code 1).
        CanadaOrUs => "canada-us",
        /// Any other country or territory.
        Other => "other",
    }
);

code_list!(
    /// The language of the account's pages, messages and emails (F6, F21).
    Language, LanguageError, "choose English or French",
    {
        /// English.
        English => "en",
        /// French.
        French => "fr",
    }
);

code_list!(
    /// Whether to receive email updates about submitted applications (F6, F20).
    EmailUpdates, EmailUpdatesError, "choose Yes or No",
    {
        /// Yes: application messages are also emailed.
        Yes => "yes",
        /// No: the representative watches the Account messages section.
        No => "no",
    }
);

code_list!(
    /// The representative's standing with their governing body, as the department last
    /// recorded it (F22). Only a representative in good standing starts and submits
    /// applications; the others keep read access.
    Standing, StandingError, "choose good, suspended or revoked",
    {
        /// In good standing.
        Good => "good",
        /// Suspended by the governing body.
        Suspended => "suspended",
        /// Membership revoked.
        Revoked => "revoked",
    }
);

impl crate::wording::Labelled for GoverningBody {
    const KIND: &'static str = "governing-body";

    fn label_code(&self) -> &str {
        self.code()
    }
}

impl crate::wording::Labelled for Standing {
    const KIND: &'static str = "standing";

    fn label_code(&self) -> &str {
        self.code()
    }
}

/// A telephone number: digits only, 10 for Canada or the U.S., 4 to 15 otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TelephoneNumber(String);

/// Why a telephone number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TelephoneNumberError {
    /// Nothing was entered.
    #[error("enter a telephone number")]
    Empty,
    /// Something other than digits was entered.
    #[error("enter digits only, without spaces or dashes, for example 5433434456")]
    NotDigits,
    /// A Canada or U.S. number that is not 10 digits.
    #[error("a Canada or U.S. telephone number must be 10 digits")]
    NotTenDigits,
    /// Another country's number outside 4 to 15 digits.
    #[error("a telephone number must be between 4 and 15 digits")]
    BadLength,
    /// It holds control or text-direction characters.
    #[error(transparent)]
    Characters(#[from] TextError),
}

impl TelephoneNumber {
    /// Parses a number for the given country choice.
    pub fn parse(raw: &str, country: TelephoneCountry) -> Result<Self, TelephoneNumberError> {
        let value = text::one_line(raw)?.trim();
        if value.is_empty() {
            return Err(TelephoneNumberError::Empty);
        }
        if !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TelephoneNumberError::NotDigits);
        }
        match country {
            TelephoneCountry::CanadaOrUs if value.len() != 10 => {
                Err(TelephoneNumberError::NotTenDigits)
            }
            TelephoneCountry::Other if !(4..=15).contains(&value.len()) => {
                Err(TelephoneNumberError::BadLength)
            }
            _ => Ok(Self(value.to_owned())),
        }
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A fax number in the format `(###) ###-####`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FaxNumber(String);

/// A fax number not in the format `(###) ###-####`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the fax number should be in the format (###) ###-####")]
pub struct FaxNumberError;

impl FaxNumber {
    /// Parses `(###) ###-####`; surrounding spaces are ignored.
    pub fn parse(raw: &str) -> Result<Self, FaxNumberError> {
        let value = text::one_line(raw).map_err(|_| FaxNumberError)?.trim();
        let shape = value
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect::<String>();
        if shape == "(###) ###-####" {
            Ok(Self(value.to_owned()))
        } else {
            Err(FaxNumberError)
        }
    }

    /// The formatted number.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A mailing address as the representative writes it: 5 to 300 characters over up to 6
/// lines. It changes only when an officer resolves an enquiry (F7, F24).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailingAddress(String);

/// Why a mailing address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MailingAddressError {
    /// Shorter than 5 or longer than 300 characters, or more than 6 lines.
    #[error("the mailing address must be 5 to 300 characters on up to 6 lines")]
    Length,
    /// It holds control or text-direction characters.
    #[error(transparent)]
    Characters(#[from] TextError),
}

impl MailingAddress {
    /// Parses an address; each line is trimmed and empty lines dropped.
    pub fn parse(raw: &str) -> Result<Self, MailingAddressError> {
        let lines: Vec<&str> = text::multi_line(raw)?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let value = lines.join("\n");
        let length = value.chars().count();
        if !(5..=300).contains(&length) || lines.len() > 6 {
            return Err(MailingAddressError::Length);
        }
        Ok(Self(value))
    }

    /// The address, lines separated by line feeds.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A membership ID with the governing body: 1 to 30 letters, digits, hyphens or slashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MembershipId(String);

/// Why a membership ID was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MembershipIdError {
    /// Nothing was entered.
    #[error("enter your membership ID")]
    Empty,
    /// Longer than 30 characters, or characters other than letters, digits, `-` and `/`.
    #[error("the membership ID must be up to 30 letters, digits, hyphens or slashes")]
    Format,
    /// It holds control or text-direction characters.
    #[error(transparent)]
    Characters(#[from] TextError),
}

impl MembershipId {
    /// Parses an ID; surrounding spaces are ignored and letters uppercased.
    pub fn parse(raw: &str) -> Result<Self, MembershipIdError> {
        let value = text::one_line(raw)?.trim();
        if value.is_empty() {
            return Err(MembershipIdError::Empty);
        }
        if value.len() > 30
            || !value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/')
        {
            return Err(MembershipIdError::Format);
        }
        Ok(Self(value.to_ascii_uppercase()))
    }

    /// The ID text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Representative IRCC ID: `P` followed by 12 digits, e.g. `P010001243312`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct IrccId(String);

/// A value that is not `P` followed by 12 digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the Representative IRCC ID is P followed by 12 digits, for example P010001243312")]
pub struct IrccIdError;

impl IrccId {
    /// Parses an ID; a lowercase `p` is accepted.
    pub fn parse(raw: &str) -> Result<Self, IrccIdError> {
        let value = text::one_line(raw).map_err(|_| IrccIdError)?.trim();
        let digits = value
            .strip_prefix('P')
            .or_else(|| value.strip_prefix('p'))
            .ok_or(IrccIdError)?;
        if digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(format!("P{digits}")))
        } else {
            Err(IrccIdError)
        }
    }

    /// The ID text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IrccId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An officer's reason for rejecting an enrolment: 1 to 1,000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectionReason(String);

/// Why a rejection reason was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RejectionReasonError {
    /// Empty or longer than 1,000 characters.
    #[error("enter a reason of 1 to 1000 characters")]
    Length,
    /// It holds control characters other than line breaks, or text-direction characters.
    #[error(transparent)]
    Characters(#[from] TextError),
}

impl RejectionReason {
    /// Parses a reason, which may span several lines; surrounding spaces are ignored.
    pub fn parse(raw: &str) -> Result<Self, RejectionReasonError> {
        let value = text::multi_line(raw)?.trim();
        if value.is_empty() || value.chars().count() > 1000 {
            Err(RejectionReasonError::Length)
        } else {
            Ok(Self(value.to_owned()))
        }
    }

    /// The reason text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn email_is_lowercased_and_trimmed() {
        let email = EmailAddress::parse("  John.Doe@CICC.com ").unwrap();
        assert_eq!(email.as_str(), "john.doe@cicc.com");
    }

    #[test]
    fn malformed_emails_are_refused_with_their_reason() {
        assert_eq!(EmailAddress::parse(" "), Err(EmailAddressError::Empty));
        for bad in [
            "john",
            "john@",
            "@cicc.com",
            "john@cicc",
            "jo hn@cicc.com",
            "a@b..com",
            ".a@b.com",
        ] {
            assert_eq!(
                EmailAddress::parse(bad),
                Err(EmailAddressError::Format),
                "{bad}"
            );
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(EmailAddress::parse(&long), Err(EmailAddressError::TooLong));
    }

    #[test]
    fn names_accept_accents_and_refuse_digits() {
        assert_eq!(
            PersonName::parse("  Hélène   D'Arcy-Côté ")
                .unwrap()
                .as_str(),
            "Hélène D'Arcy-Côté"
        );
        assert_eq!(PersonName::parse(""), Err(PersonNameError::Empty));
        assert_eq!(
            PersonName::parse("R2D2"),
            Err(PersonNameError::InvalidCharacters)
        );
        assert_eq!(
            PersonName::parse(&"a".repeat(101)),
            Err(PersonNameError::TooLong)
        );
    }

    #[test]
    fn telephone_depends_on_the_country() {
        assert!(TelephoneNumber::parse("5143334545", TelephoneCountry::CanadaOrUs).is_ok());
        assert_eq!(
            TelephoneNumber::parse("514-333-4545", TelephoneCountry::CanadaOrUs),
            Err(TelephoneNumberError::NotDigits)
        );
        assert_eq!(
            TelephoneNumber::parse("514333454", TelephoneCountry::CanadaOrUs),
            Err(TelephoneNumberError::NotTenDigits)
        );
        assert!(TelephoneNumber::parse("441632960961", TelephoneCountry::Other).is_ok());
        assert_eq!(
            TelephoneNumber::parse("1234567890123456", TelephoneCountry::Other),
            Err(TelephoneNumberError::BadLength)
        );
        assert_eq!(
            TelephoneNumber::parse("", TelephoneCountry::Other),
            Err(TelephoneNumberError::Empty)
        );
    }

    #[test]
    fn fax_must_match_the_mask() {
        assert!(FaxNumber::parse("(514) 333-4545").is_ok());
        for bad in [
            "5143334545",
            "(514)333-4545",
            "(514) 333-454",
            "(51a) 333-4545",
        ] {
            assert_eq!(FaxNumber::parse(bad), Err(FaxNumberError), "{bad}");
        }
    }

    #[test]
    fn ircc_id_is_p_and_twelve_digits() {
        assert_eq!(
            IrccId::parse("p010001243312").unwrap().as_str(),
            "P010001243312"
        );
        for bad in [
            "P01000124331",
            "Q010001243312",
            "P01000124331a",
            "010001243312",
        ] {
            assert_eq!(IrccId::parse(bad), Err(IrccIdError), "{bad}");
        }
    }

    #[test]
    fn membership_id_and_code_lists_parse() {
        assert_eq!(
            MembershipId::parse(" r512345 ").unwrap().as_str(),
            "R512345"
        );
        assert_eq!(MembershipId::parse(""), Err(MembershipIdError::Empty));
        assert_eq!(MembershipId::parse("a b"), Err(MembershipIdError::Format));
        assert_eq!(GoverningBody::parse("cicc"), Ok(GoverningBody::Cicc));
        assert_eq!(GoverningBody::parse("bar"), Err(GoverningBodyError));
        assert_eq!(Language::parse("fr"), Ok(Language::French));
        assert_eq!(EmailUpdates::parse("maybe"), Err(EmailUpdatesError));
        assert_eq!(
            TelephoneType::parse("cellular"),
            Ok(TelephoneType::Cellular)
        );
        assert_eq!(
            TelephoneCountry::parse("canada-us"),
            Ok(TelephoneCountry::CanadaOrUs)
        );
        assert!(RejectionReason::parse("  ").is_err());
    }

    /// NUL, ESC, a C1 control (U+0085, which `trim` would quietly drop) and a direction
    /// override, each inside and at the end of the text.
    fn poisoned(text: &str) -> Vec<String> {
        ["\u{0}", "\u{1B}", "\u{85}", "\u{202E}"]
            .iter()
            .flat_map(|c| [format!("{text}{c}"), format!("{c}{text}")])
            .collect()
    }

    #[test]
    fn every_value_refuses_control_and_direction_characters() {
        for raw in poisoned("john@cicc.com") {
            assert!(
                matches!(
                    EmailAddress::parse(&raw),
                    Err(EmailAddressError::Characters(_))
                ),
                "{raw:?}"
            );
        }
        for raw in poisoned("Hélène") {
            assert!(
                matches!(PersonName::parse(&raw), Err(PersonNameError::Characters(_))),
                "{raw:?}"
            );
        }
        for raw in poisoned("5143334545") {
            assert!(
                matches!(
                    TelephoneNumber::parse(&raw, TelephoneCountry::CanadaOrUs),
                    Err(TelephoneNumberError::Characters(_))
                ),
                "{raw:?}"
            );
        }
        for raw in poisoned("R512345") {
            assert!(
                matches!(
                    MembershipId::parse(&raw),
                    Err(MembershipIdError::Characters(_))
                ),
                "{raw:?}"
            );
        }
        for raw in poisoned("Membership ID not found") {
            assert!(
                matches!(
                    RejectionReason::parse(&raw),
                    Err(RejectionReasonError::Characters(_))
                ),
                "{raw:?}"
            );
        }
        for raw in poisoned("(514) 333-4545") {
            assert_eq!(FaxNumber::parse(&raw), Err(FaxNumberError), "{raw:?}");
        }
        for raw in poisoned("P010001243312") {
            assert_eq!(IrccId::parse(&raw), Err(IrccIdError), "{raw:?}");
        }
        for raw in poisoned("en") {
            assert_eq!(Language::parse(&raw), Err(LanguageError), "{raw:?}");
        }
    }

    #[test]
    fn a_rejection_reason_may_span_lines_but_a_name_may_not() {
        assert_eq!(
            RejectionReason::parse("Membership ID not found.\nPlease enrol again.")
                .unwrap()
                .as_str(),
            "Membership ID not found.\nPlease enrol again."
        );
        assert!(matches!(
            PersonName::parse("Jean\nPaul"),
            Err(PersonNameError::Characters(_))
        ));
    }
}
