//! The password policy (F5): the guide's length and composition rule, a guessability check
//! with zxcvbn, and the rules of a change (new differs from old, confirmation matches).
//! Every failed rule is returned at once, and the words users read (hint, rules, messages)
//! are produced from the same values by the translation source, so the words and the check
//! cannot disagree.

use secrecy::{ExposeSecret, SecretString};

/// One configurable password policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordPolicy {
    min_len: usize,
    max_len: usize,
    composition: bool,
    min_score: u8,
}

/// A policy whose settings contradict each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordPolicyError {
    /// The minimum length is 0 or above the maximum.
    #[error("the password length range must satisfy 1 <= minimum <= maximum")]
    LengthRange,
    /// The minimum zxcvbn score is above 4.
    #[error("the minimum guessability score must be between 0 and 4")]
    Score,
}

/// The names and email of the account, which a password must not be built from.
#[derive(Debug, Clone, Copy, Default)]
pub struct PasswordContext<'a> {
    /// The account's email address, as typed or stored.
    pub email: &'a str,
    /// The given name.
    pub given_name: &'a str,
    /// The surname.
    pub surname: &'a str,
}

/// One rule a candidate password failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordFeedback {
    /// Nothing was entered.
    Missing,
    /// Shorter than the minimum length.
    TooShort {
        /// The minimum, in characters.
        min: usize,
    },
    /// Longer than the maximum length.
    TooLong {
        /// The maximum, in characters.
        max: usize,
    },
    /// No uppercase letter.
    NoUppercase,
    /// No lowercase letter.
    NoLowercase,
    /// No digit.
    NoDigit,
    /// No special character.
    NoSpecial,
    /// Contains the account's name or the first part of its email address.
    ContainsAccountDetails,
    /// Too easy to guess (zxcvbn score below the minimum).
    Guessable {
        /// The score zxcvbn gave, 0 to 4.
        score: u8,
        /// zxcvbn's explanation, in English, when it has one.
        warning: Option<String>,
    },
    /// The new password is the same as the current one.
    SameAsOld,
    /// The confirmation does not match the new password.
    ConfirmationMismatch,
}

impl PasswordFeedback {
    /// A stable code for the API and forms.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing => "password_missing",
            Self::TooShort { .. } => "password_too_short",
            Self::TooLong { .. } => "password_too_long",
            Self::NoUppercase => "password_no_uppercase",
            Self::NoLowercase => "password_no_lowercase",
            Self::NoDigit => "password_no_digit",
            Self::NoSpecial => "password_no_special",
            Self::ContainsAccountDetails => "password_contains_account_details",
            Self::Guessable { .. } => "password_guessable",
            Self::SameAsOld => "password_same_as_old",
            Self::ConfirmationMismatch => "password_confirmation_mismatch",
        }
    }

    /// The values its message speaks of: the length limit it broke.
    pub fn limit(&self) -> Option<(&'static str, usize)> {
        match self {
            Self::TooShort { min } => Some(("min", *min)),
            Self::TooLong { max } => Some(("max", *max)),
            _ => None,
        }
    }

    /// Whether this feedback is about the confirmation field rather than the password.
    pub fn is_about_confirmation(&self) -> bool {
        matches!(self, Self::ConfirmationMismatch)
    }
}

impl Default for PasswordPolicy {
    /// The guide's rule (8 to 16 characters with composition) plus a zxcvbn score of 3.
    fn default() -> Self {
        Self {
            min_len: 8,
            max_len: 16,
            composition: true,
            min_score: 3,
        }
    }
}

impl PasswordPolicy {
    /// A policy with the given length range, composition rule and minimum zxcvbn score.
    pub fn new(
        min_len: usize,
        max_len: usize,
        composition: bool,
        min_score: u8,
    ) -> Result<Self, PasswordPolicyError> {
        if min_len == 0 || min_len > max_len {
            return Err(PasswordPolicyError::LengthRange);
        }
        if min_score > 4 {
            return Err(PasswordPolicyError::Score);
        }
        Ok(Self {
            min_len,
            max_len,
            composition,
            min_score,
        })
    }

    /// The minimum length in characters.
    pub fn min_len(&self) -> usize {
        self.min_len
    }

    /// The maximum length in characters.
    pub fn max_len(&self) -> usize {
        self.max_len
    }

    /// Whether upper, lower, digit and special characters are all required.
    pub fn requires_composition(&self) -> bool {
        self.composition
    }

    /// The minimum zxcvbn score, 0 to 4.
    pub fn min_score(&self) -> u8 {
        self.min_score
    }

    /// Checks a candidate password; returns every failed rule.
    pub fn check(
        &self,
        candidate: &SecretString,
        context: PasswordContext<'_>,
    ) -> Vec<PasswordFeedback> {
        let password = candidate.expose_secret();
        if password.is_empty() {
            return vec![PasswordFeedback::Missing];
        }
        let mut failed = Vec::new();
        let length = password.chars().count();
        if length < self.min_len {
            failed.push(PasswordFeedback::TooShort { min: self.min_len });
        }
        if length > self.max_len {
            failed.push(PasswordFeedback::TooLong { max: self.max_len });
        }
        if self.composition {
            if !password.chars().any(char::is_uppercase) {
                failed.push(PasswordFeedback::NoUppercase);
            }
            if !password.chars().any(char::is_lowercase) {
                failed.push(PasswordFeedback::NoLowercase);
            }
            if !password.chars().any(|c| c.is_ascii_digit()) {
                failed.push(PasswordFeedback::NoDigit);
            }
            if !password
                .chars()
                .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
            {
                failed.push(PasswordFeedback::NoSpecial);
            }
        }
        let lowered = password.to_lowercase();
        let local_part = context.email.split('@').next().unwrap_or_default();
        let personal = [local_part, context.given_name, context.surname];
        if personal
            .iter()
            .map(|p| p.trim().to_lowercase())
            .any(|p| p.chars().count() >= 3 && lowered.contains(&p))
        {
            failed.push(PasswordFeedback::ContainsAccountDetails);
        }
        if self.min_score > 0 {
            let inputs: Vec<&str> = [
                context.email,
                local_part,
                context.given_name,
                context.surname,
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
            let entropy = zxcvbn::zxcvbn(password, &inputs);
            let score = u8::from(entropy.score());
            if score < self.min_score {
                let warning = entropy
                    .feedback()
                    .and_then(|f| f.warning())
                    .map(|w| w.to_string());
                failed.push(PasswordFeedback::Guessable { score, warning });
            }
        }
        failed
    }

    /// Checks a new password with its confirmation and, for a change, the current password.
    pub fn check_change(
        &self,
        new: &SecretString,
        confirmation: &SecretString,
        current: Option<&SecretString>,
        context: PasswordContext<'_>,
    ) -> Vec<PasswordFeedback> {
        let mut failed = self.check(new, context);
        if current.is_some_and(|old| old.expose_secret() == new.expose_secret()) {
            failed.push(PasswordFeedback::SameAsOld);
        }
        if new.expose_secret() != confirmation.expose_secret() {
            failed.push(PasswordFeedback::ConfirmationMismatch);
        }
        failed
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_owned())
    }

    const CONTEXT: PasswordContext<'static> = PasswordContext {
        email: "john.doe@cicc.com",
        given_name: "John",
        surname: "Doe",
    };

    #[test]
    fn a_strong_password_within_the_guides_rule_passes() {
        assert!(
            PasswordPolicy::default()
                .check(&secret("Maple#Tundra42x"), CONTEXT)
                .is_empty()
        );
    }

    #[test]
    fn every_failed_rule_is_reported_at_once() {
        let failed = PasswordPolicy::default().check(&secret("aaa"), CONTEXT);
        let codes: Vec<_> = failed.iter().map(PasswordFeedback::code).collect();
        assert_eq!(
            codes,
            [
                "password_too_short",
                "password_no_uppercase",
                "password_no_digit",
                "password_no_special",
                "password_guessable"
            ]
        );
    }

    #[test]
    fn length_limits_count_characters_not_bytes() {
        let policy = PasswordPolicy::default();
        assert!(policy.check(&secret("Éléphant#Rôti9ü"), CONTEXT).is_empty());
        let too_long = policy.check(&secret("Maple#Tundra42xQz"), CONTEXT);
        assert_eq!(too_long, vec![PasswordFeedback::TooLong { max: 16 }]);
    }

    #[test]
    fn composition_passwords_that_are_guessable_are_refused() {
        let failed = PasswordPolicy::default().check(&secret("Password1!"), CONTEXT);
        assert!(
            matches!(failed.as_slice(), [PasswordFeedback::Guessable { .. }]),
            "{failed:?}"
        );
    }

    #[test]
    fn passwords_built_from_the_account_details_are_refused() {
        let failed = PasswordPolicy::default().check(&secret("Doe#2024xyzQ!"), CONTEXT);
        assert!(
            failed.contains(&PasswordFeedback::ContainsAccountDetails),
            "{failed:?}"
        );
    }

    #[test]
    fn change_rules_compare_with_old_and_confirmation() {
        let policy = PasswordPolicy::default();
        let new = secret("Maple#Tundra42x");
        let failed = policy.check_change(&new, &secret("other"), Some(&new), CONTEXT);
        assert_eq!(
            failed,
            vec![
                PasswordFeedback::SameAsOld,
                PasswordFeedback::ConfirmationMismatch
            ]
        );
    }

    #[test]
    fn the_policy_is_configurable() {
        let policy = PasswordPolicy::new(12, 64, false, 0).unwrap();
        assert!(
            policy
                .check(&secret("correcthorsebattery"), PasswordContext::default())
                .is_empty()
        );
        assert_eq!(
            policy.check(&secret("short"), PasswordContext::default()),
            vec![PasswordFeedback::TooShort { min: 12 }]
        );
        assert_eq!(
            PasswordPolicy::new(9, 8, true, 3),
            Err(PasswordPolicyError::LengthRange)
        );
        assert_eq!(
            PasswordPolicy::new(8, 16, true, 5),
            Err(PasswordPolicyError::Score)
        );
    }
}
