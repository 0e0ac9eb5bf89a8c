//! The domain's words through the same Fluent files as the pages: the [`Wording`] port
//! that notices are rendered with, the labels of the domain's codes, and the password
//! policy's hint, rules and messages.

use portal_domain::account::{Language, PasswordFeedback, PasswordPolicy};
use portal_domain::wording::{Labelled, Value, Wording};

use super::{Arg, Tr};

/// The [`Wording`] port over the Fluent files.
#[derive(Debug, Clone, Copy, Default)]
pub struct FluentWording;

impl Wording for FluentWording {
    fn say(&self, language: Language, id: &str, args: &[(&'static str, Value)]) -> String {
        Tr::new(language).with(id, args)
    }
}

impl Tr {
    /// The label of a domain code, question, section or checklist entry.
    pub fn label(&self, item: &impl Labelled) -> String {
        self.t(&item.label_id())
    }

    /// The one-sentence hint under a new-password field, from the policy in force.
    pub fn password_hint(&self, policy: &PasswordPolicy) -> String {
        let yes_no = |b: bool| Arg::from(if b { "yes" } else { "no" });
        self.with(
            "password-hint",
            &[
                ("min", policy.min_len().into()),
                ("max", policy.max_len().into()),
                ("composition", yes_no(policy.requires_composition())),
                ("guessable", yes_no(policy.min_score() > 0)),
            ],
        )
    }

    /// The policy's rules, one per line.
    pub fn password_rules(&self, policy: &PasswordPolicy) -> Vec<String> {
        let mut rules = vec![self.with(
            "password-rule-length",
            &[
                ("min", policy.min_len().into()),
                ("max", policy.max_len().into()),
            ],
        )];
        if policy.requires_composition() {
            for id in [
                "password-rule-uppercase",
                "password-rule-lowercase",
                "password-rule-special",
                "password-rule-digit",
            ] {
                rules.push(self.t(id));
            }
        }
        rules.push(self.t("password-rule-account-details"));
        if policy.min_score() > 0 {
            rules.push(self.t("password-rule-guessable"));
        }
        rules
    }

    /// What a failed password rule says. zxcvbn's own explanation of a guessable password
    /// exists in English only, so only English messages carry it.
    pub fn password_feedback(&self, feedback: &PasswordFeedback) -> String {
        let id = feedback.code().replace('_', "-");
        let args: Vec<(&str, Arg)> = feedback
            .limit()
            .map(|(name, n)| (name, Arg::from(n)))
            .into_iter()
            .collect();
        let message = self.with(&id, &args);
        match feedback {
            PasswordFeedback::Guessable {
                warning: Some(warning),
                ..
            } if self.language == Language::English => format!("{message} ({warning})"),
            _ => message,
        }
    }
}
