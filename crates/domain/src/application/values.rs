//! Identifiers and statuses of applications.

use std::fmt;

use uuid::Uuid;

/// An application's identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ApplicationId(Uuid);

impl ApplicationId {
    /// Wraps a UUID read from storage or a request.
    pub fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The UUID.
    pub fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl fmt::Display for ApplicationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The number shared by a principal applicant and their family members: the table's "ID".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupId(i64);

impl GroupId {
    /// Wraps a stored group number.
    pub fn new(id: i64) -> Self {
        Self(id)
    }

    /// The number.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An application number: the type's letter and 9 digits, e.g. `L100003692`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ApplicationNumber(String);

/// A value that is not an application number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an application number is a letter and 9 digits, for example L100003692")]
pub struct ApplicationNumberError;

impl ApplicationNumber {
    /// The first sequence value; numbers start at `X100000001`.
    const BASE: u64 = 100_000_000;

    /// Parses a number; a lowercase letter is accepted.
    pub fn parse(raw: &str) -> Result<Self, ApplicationNumberError> {
        let value = crate::text::one_line(raw)
            .map_err(|_| ApplicationNumberError)?
            .trim()
            .to_ascii_uppercase();
        let mut chars = value.chars();
        let letter_ok = chars.next().is_some_and(|c| matches!(c, 'V' | 'S' | 'L'));
        let digits = chars.as_str();
        if letter_ok && digits.len() == 9 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(value))
        } else {
            Err(ApplicationNumberError)
        }
    }

    /// The `sequence`-th number of a type's letter (1-based); `None` past the last one.
    pub fn from_sequence(prefix: char, sequence: u64) -> Option<Self> {
        let n = Self::BASE
            .checked_add(sequence)
            .filter(|n| *n <= 999_999_999)?;
        Some(Self(format!("{prefix}{n:09}")))
    }

    /// The number text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ApplicationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where an application is in the portal (the search's "Application status").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ApplicationStatus {
    /// A draft being filled in.
    InProgress,
    /// Sent to the department, not yet received.
    Submitted,
    /// Received by the department and being processed.
    Received,
    /// Decided (approved, refused or withdrawn).
    Decided,
    /// Closed by the department; nothing changes any more.
    Closed,
}

impl ApplicationStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [Self; 5] = [
        Self::InProgress,
        Self::Submitted,
        Self::Received,
        Self::Decided,
        Self::Closed,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::InProgress => "in_progress",
            Self::Submitted => "submitted",
            Self::Received => "received",
            Self::Decided => "decided",
            Self::Closed => "closed",
        }
    }

    /// Parses a stable code.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == raw.trim())
    }

    /// Whether the application was submitted (every status but in progress).
    pub fn is_submitted(self) -> bool {
        self != Self::InProgress
    }
}

impl crate::wording::Labelled for ApplicationStatus {
    const KIND: &'static str = "application-status";

    fn label_code(&self) -> &str {
        self.code()
    }
}

/// The department's decision on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Approved.
    Approved,
    /// Refused.
    Refused,
    /// Withdrawn at the applicant's request.
    Withdrawn,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Self; 3] = [Self::Approved, Self::Refused, Self::Withdrawn];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Approved => "approved",
            Self::Refused => "refused",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// Parses a stable code.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == raw.trim())
    }
}

impl crate::wording::Labelled for Outcome {
    const KIND: &'static str = "outcome";

    fn label_code(&self) -> &str {
        self.code()
    }
}

/// The applicant's place in a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupRole {
    /// The principal applicant (also an individual application).
    Principal,
    /// A family member of the principal applicant.
    FamilyMember,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_a_letter_and_nine_digits() {
        assert_eq!(
            ApplicationNumber::from_sequence('L', 3692)
                .unwrap()
                .as_str(),
            "L100003692"
        );
        assert_eq!(
            ApplicationNumber::parse(" l100003692 ").unwrap().as_str(),
            "L100003692"
        );
        for bad in ["L10000369", "X100003692", "L10000369a", "100003692"] {
            assert_eq!(
                ApplicationNumber::parse(bad),
                Err(ApplicationNumberError),
                "{bad}"
            );
        }
        assert!(ApplicationNumber::from_sequence('V', 899_999_999).is_some());
        assert!(ApplicationNumber::from_sequence('V', 900_000_000).is_none());
    }
}
