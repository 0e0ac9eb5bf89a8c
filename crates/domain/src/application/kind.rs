//! What an application is for (F10): visitor visa, study permit or refugee claim, with the
//! choices made when it is started.

use std::fmt;

/// The three application types the portal handles (the search's "Application type").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ApplicationType {
    /// Visitor visa (visit or transit).
    VisitorVisa,
    /// Study permit.
    StudyPermit,
    /// In-Canada refugee claim.
    RefugeeClaim,
}

/// A value that is not one of the application type codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("choose visitor visa, study permit or refugee claim")]
pub struct ApplicationTypeError;

impl ApplicationType {
    /// Every type, in the order the guide lists them.
    pub const ALL: [Self; 3] = [Self::VisitorVisa, Self::StudyPermit, Self::RefugeeClaim];

    /// The stable code used in the API and storage.
    pub fn code(self) -> &'static str {
        match self {
            Self::VisitorVisa => "visitor_visa",
            Self::StudyPermit => "study_permit",
            Self::RefugeeClaim => "refugee_claim",
        }
    }

    /// Parses a stable code.
    pub fn parse(raw: &str) -> Result<Self, ApplicationTypeError> {
        let raw = crate::text::one_line(raw).map_err(|_| ApplicationTypeError)?;
        Self::ALL
            .into_iter()
            .find(|t| t.code() == raw.trim())
            .ok_or(ApplicationTypeError)
    }

    /// The letter that starts this type's application numbers (`L` for refugee claims).
    pub fn number_prefix(self) -> char {
        match self {
            Self::VisitorVisa => 'V',
            Self::StudyPermit => 'S',
            Self::RefugeeClaim => 'L',
        }
    }
}

impl crate::wording::Labelled for ApplicationType {
    const KIND: &'static str = "application-type";

    fn label_code(&self) -> &str {
        self.code()
    }
}

impl fmt::Display for ApplicationType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Visit or transit, for a visitor visa.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VisitPurpose {
    /// A visit to Canada.
    Visit,
    /// Transit through Canada.
    Transit,
}

/// A CBSA file number, for a claim first made to the Canada Border Services Agency:
/// 8 to 12 digits, hyphens allowed between them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CbsaFileNumber(String);

/// A value that is not a CBSA file number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the CBSA file number is 8 to 12 digits, for example 4012-3456")]
pub struct CbsaFileNumberError;

impl CbsaFileNumber {
    /// Parses a file number; spaces around it are ignored, hyphens kept.
    pub fn parse(raw: &str) -> Result<Self, CbsaFileNumberError> {
        let value = crate::text::one_line(raw)
            .map_err(|_| CbsaFileNumberError)?
            .trim();
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let shape_ok = value.chars().all(|c| c.is_ascii_digit() || c == '-')
            && !value.starts_with('-')
            && !value.ends_with('-')
            && !value.contains("--");
        if shape_ok && (8..=12).contains(&digits) {
            Ok(Self(value.to_owned()))
        } else {
            Err(CbsaFileNumberError)
        }
    }

    /// The file number text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where a refugee claim comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ClaimOrigin {
    /// A new claim made in Canada through the portal.
    NewInCanada,
    /// Continuing a claim made to the CBSA, with its file number.
    Cbsa(CbsaFileNumber),
}

/// How a visitor visa is processed. The guide names emergency and special-measures
/// temporary resident visas as applications this portal submits, besides regular ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VisaProcessing {
    /// Regular processing.
    Regular,
    /// An emergency temporary resident visa.
    Emergency,
    /// A special-measures temporary resident visa.
    SpecialMeasures,
}

/// A processing code that is none of [`VisaProcessing::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the visa processing must be regular, emergency or special_measures")]
pub struct VisaProcessingError;

impl VisaProcessing {
    /// Every choice, in the order offered.
    pub const ALL: [Self; 3] = [Self::Regular, Self::Emergency, Self::SpecialMeasures];

    /// The stable code, for storage and the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::Regular => "regular",
            Self::Emergency => "emergency",
            Self::SpecialMeasures => "special_measures",
        }
    }

    /// The choice with this code.
    pub fn parse(code: &str) -> Result<Self, VisaProcessingError> {
        Self::ALL
            .into_iter()
            .find(|p| p.code() == code)
            .ok_or(VisaProcessingError)
    }
}

/// The type of an application with the choices made when it was started.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ApplicationKind {
    /// Visitor visa.
    VisitorVisa {
        /// Visit or transit.
        purpose: VisitPurpose,
        /// Regular, emergency or special measures.
        processing: VisaProcessing,
    },
    /// Study permit.
    StudyPermit,
    /// Refugee claim.
    RefugeeClaim {
        /// New, or continuing a CBSA claim.
        origin: ClaimOrigin,
    },
}

impl ApplicationKind {
    /// The type without its choices.
    pub fn application_type(&self) -> ApplicationType {
        match self {
            Self::VisitorVisa { .. } => ApplicationType::VisitorVisa,
            Self::StudyPermit => ApplicationType::StudyPermit,
            Self::RefugeeClaim { .. } => ApplicationType::RefugeeClaim,
        }
    }

    /// The CBSA file number, for a continued CBSA claim.
    pub fn cbsa_file_number(&self) -> Option<&CbsaFileNumber> {
        match self {
            Self::RefugeeClaim {
                origin: ClaimOrigin::Cbsa(number),
            } => Some(number),
            _ => None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn types_round_trip_and_carry_their_number_letter() {
        for t in ApplicationType::ALL {
            assert_eq!(ApplicationType::parse(t.code()), Ok(t));
        }
        assert_eq!(ApplicationType::RefugeeClaim.number_prefix(), 'L');
        assert_eq!(
            ApplicationType::parse("work_permit"),
            Err(ApplicationTypeError)
        );
    }

    #[test]
    fn visa_processing_codes_round_trip() {
        for p in VisaProcessing::ALL {
            assert_eq!(VisaProcessing::parse(p.code()), Ok(p));
        }
        assert_eq!(VisaProcessing::parse("urgent"), Err(VisaProcessingError));
    }

    #[test]
    fn cbsa_file_numbers_are_eight_to_twelve_digits() {
        assert_eq!(
            CbsaFileNumber::parse(" 4012-3456 ").unwrap().as_str(),
            "4012-3456"
        );
        assert!(CbsaFileNumber::parse("123456789012").is_ok());
        for bad in [
            "1234567",
            "1234567890123",
            "4012--3456",
            "-40123456",
            "4012345a",
        ] {
            assert_eq!(
                CbsaFileNumber::parse(bad),
                Err(CbsaFileNumberError),
                "{bad}"
            );
        }
    }
}
