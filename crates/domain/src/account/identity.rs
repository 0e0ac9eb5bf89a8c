//! The representative's identity (given name, surname, membership ID): it changes only through
//! the web form (an enquiry an officer resolves, F7, F24), never through the contact update
//! (F6), so a contact update that would change it is refused rather than silently ignored.

use super::model::Account;

/// A part of the identity that only an enquiry changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityField {
    /// Given name.
    GivenName,
    /// Surname as registered with the governing body.
    Surname,
    /// Membership ID with the governing body.
    MembershipId,
}

impl IdentityField {
    /// The stable code, as the field is named in requests.
    pub fn code(self) -> &'static str {
        match self {
            Self::GivenName => "given_name",
            Self::Surname => "surname",
            Self::MembershipId => "membership_id",
        }
    }
}

impl crate::wording::Labelled for IdentityField {
    const KIND: &'static str = "identity-field";

    fn label_code(&self) -> &str {
        self.code()
    }
}

/// The identity as a request states it; `None` where the request does not mention a part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatedIdentity<'a> {
    /// Given name.
    pub given_name: Option<&'a str>,
    /// Surname.
    pub surname: Option<&'a str>,
    /// Membership ID.
    pub membership_id: Option<&'a str>,
}

impl Account {
    /// The parts of the identity that `stated` differs from: each would need an enquiry.
    /// Restating the current value (ignoring surrounding spaces) is no change.
    pub fn identity_changes(&self, stated: &StatedIdentity<'_>) -> Vec<IdentityField> {
        let membership = self
            .representative
            .as_ref()
            .map(|d| d.membership_id.as_str());
        [
            (
                IdentityField::GivenName,
                stated.given_name,
                Some(self.given_name.as_str()),
            ),
            (
                IdentityField::Surname,
                stated.surname,
                Some(self.surname.as_str()),
            ),
            (
                IdentityField::MembershipId,
                stated.membership_id,
                membership,
            ),
        ]
        .into_iter()
        .filter(|(_, stated, current)| stated.is_some_and(|s| Some(s.trim()) != *current))
        .map(|(field, _, _)| field)
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::test_support::*;

    #[test]
    fn a_changed_surname_or_membership_id_is_an_identity_change_and_the_same_one_is_not() {
        let account = approved_representative();
        let same = StatedIdentity {
            given_name: Some(account.given_name.as_str()),
            surname: Some(" Doe "),
            membership_id: None,
        };
        assert_eq!(account.identity_changes(&same), []);
        assert_eq!(account.identity_changes(&StatedIdentity::default()), []);

        let changed = StatedIdentity {
            given_name: None,
            surname: Some("Gagnon"),
            membership_id: Some("R999999"),
        };
        assert_eq!(
            account.identity_changes(&changed),
            [IdentityField::Surname, IdentityField::MembershipId]
        );
    }
}
