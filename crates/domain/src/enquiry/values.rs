//! The closed lists and identifiers of enquiries.

use std::fmt;

use uuid::Uuid;

/// The guide's "Type of application/enquiry" list, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnquiryType {
    /// Electronic Travel Authorization.
    ElectronicTravelAuthorization,
    /// Technical difficulties (the one to choose for a change of name, mailing address or
    /// membership ID).
    TechnicalDifficulties,
    /// Change of contact information.
    ChangeOfContactInformation,
    /// Use a representative or release personal information.
    RepresentativeOrPersonalInformation,
    /// Withdrawal of application.
    WithdrawalOfApplication,
    /// Replacement documents, amendments to documents and verification of status documents.
    ReplacementDocuments,
    /// Citizenship.
    Citizenship,
    /// Certificate of Identity / Refugee Travel Document.
    CertificateOfIdentity,
    /// Permanent Resident Card.
    PermanentResidentCard,
    /// Sponsorship.
    Sponsorship,
    /// Temporary Residence (applied online).
    TemporaryResidenceOnline,
    /// Temporary Residence (applied by mail).
    TemporaryResidenceMail,
    /// International Experience Canada.
    InternationalExperienceCanada,
    /// In-Canada Permanent Residence.
    InCanadaPermanentResidence,
    /// Permanent Residence (applied online).
    PermanentResidenceOnline,
    /// Permanent Residence (applied by mail).
    PermanentResidenceMail,
    /// Request urgent processing of a renewal or replacement card already applied for.
    UrgentCardProcessing,
}

/// A value that is not an enquiry type code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("choose the type of application or enquiry from the list")]
pub struct EnquiryTypeError;

impl EnquiryType {
    /// Every type, in the guide's order.
    pub const ALL: [Self; 17] = [
        Self::ElectronicTravelAuthorization,
        Self::TechnicalDifficulties,
        Self::ChangeOfContactInformation,
        Self::RepresentativeOrPersonalInformation,
        Self::WithdrawalOfApplication,
        Self::ReplacementDocuments,
        Self::Citizenship,
        Self::CertificateOfIdentity,
        Self::PermanentResidentCard,
        Self::Sponsorship,
        Self::TemporaryResidenceOnline,
        Self::TemporaryResidenceMail,
        Self::InternationalExperienceCanada,
        Self::InCanadaPermanentResidence,
        Self::PermanentResidenceOnline,
        Self::PermanentResidenceMail,
        Self::UrgentCardProcessing,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::ElectronicTravelAuthorization => "electronic_travel_authorization",
            Self::TechnicalDifficulties => "technical_difficulties",
            Self::ChangeOfContactInformation => "change_of_contact_information",
            Self::RepresentativeOrPersonalInformation => "representative_or_personal_information",
            Self::WithdrawalOfApplication => "withdrawal_of_application",
            Self::ReplacementDocuments => "replacement_documents",
            Self::Citizenship => "citizenship",
            Self::CertificateOfIdentity => "certificate_of_identity",
            Self::PermanentResidentCard => "permanent_resident_card",
            Self::Sponsorship => "sponsorship",
            Self::TemporaryResidenceOnline => "temporary_residence_online",
            Self::TemporaryResidenceMail => "temporary_residence_mail",
            Self::InternationalExperienceCanada => "international_experience_canada",
            Self::InCanadaPermanentResidence => "in_canada_permanent_residence",
            Self::PermanentResidenceOnline => "permanent_residence_online",
            Self::PermanentResidenceMail => "permanent_residence_mail",
            Self::UrgentCardProcessing => "urgent_card_processing",
        }
    }

    /// Parses a stable code.
    pub fn parse(raw: &str) -> Result<Self, EnquiryTypeError> {
        let raw = crate::text::one_line(raw)
            .map_err(|_| EnquiryTypeError)?
            .trim();
        Self::ALL
            .into_iter()
            .find(|t| t.code() == raw)
            .ok_or(EnquiryTypeError)
    }
}

impl crate::wording::Labelled for EnquiryType {
    const KIND: &'static str = "enquiry-type";

    fn label_code(&self) -> &str {
        self.code()
    }
}

/// Where an enquiry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnquiryStatus {
    /// Waiting for an officer.
    Open,
    /// An officer replied; it stays in the queue.
    Replied,
    /// Resolved: what was asked was done (or answered for good).
    Resolved,
}

impl EnquiryStatus {
    /// Every status.
    pub const ALL: [Self; 3] = [Self::Open, Self::Replied, Self::Resolved];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Replied => "replied",
            Self::Resolved => "resolved",
        }
    }

    /// Parses a stable code.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == raw.trim())
    }
}

/// A web-form enquiry, or a request to close the account (F8) in the same queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnquiryKind {
    /// Sent through the web form (F7).
    WebForm,
    /// The account's owner asked to close it.
    Closure,
}

impl EnquiryKind {
    /// Both kinds.
    pub const ALL: [Self; 2] = [Self::WebForm, Self::Closure];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::WebForm => "web_form",
            Self::Closure => "closure",
        }
    }

    /// Parses a stable code.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == raw.trim())
    }
}

/// An enquiry's identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnquiryId(Uuid);

impl EnquiryId {
    /// Wraps a UUID read from storage or a request.
    pub fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The UUID.
    pub fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl fmt::Display for EnquiryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The reference number the representative quotes: `Q` and 9 digits, e.g. `Q100000042`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnquiryReference(String);

impl EnquiryReference {
    const BASE: u64 = 100_000_000;

    /// The `sequence`-th reference (1-based); `None` past the last one.
    pub fn from_sequence(sequence: u64) -> Option<Self> {
        let n = Self::BASE
            .checked_add(sequence)
            .filter(|n| *n <= 999_999_999)?;
        Some(Self(format!("Q{n:09}")))
    }

    /// Parses a stored reference.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim().to_ascii_uppercase();
        let digits = raw.strip_prefix('Q')?;
        (digits.len() == 9 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(Self(raw))
    }

    /// The reference text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EnquiryReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_the_guides_seventeen_types() {
        assert_eq!(EnquiryType::ALL.len(), 17);
        for t in EnquiryType::ALL {
            assert_eq!(EnquiryType::parse(t.code()), Ok(t));
        }
        assert_eq!(
            crate::wording::Labelled::label_id(&EnquiryType::TechnicalDifficulties),
            "enquiry-type-technical-difficulties"
        );
        assert_eq!(EnquiryType::parse("other"), Err(EnquiryTypeError));
    }

    #[test]
    fn references_are_q_and_nine_digits() {
        let r = EnquiryReference::from_sequence(42).unwrap();
        assert_eq!(r.as_str(), "Q100000042");
        assert_eq!(EnquiryReference::parse("q100000042"), Some(r));
        assert_eq!(EnquiryReference::parse("Q10000004"), None);
    }
}
