//! The words people read. The domain decides what is said (which message, with which
//! values, in which language); the [`Wording`] port gives the text, so every sentence of the
//! product lives in one translation source outside the domain, in both languages.
//!
//! Message ids are stable: a labelled code's id is its kind and its code (`application-status-
//! submitted`, see [`Labelled`]); a notice's ids are listed in [`crate::account::Notice`].

use crate::account::Language;

/// A value put into a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A text, shown as it is.
    Text(String),
    /// A number: the message may choose its plural from it.
    Number(i64),
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Self::Number(value)
    }
}

impl From<u64> for Value {
    fn from(value: u64) -> Self {
        Self::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

impl From<usize> for Value {
    fn from(value: usize) -> Self {
        Self::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

/// The port to the translation source.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait Wording: Send + Sync + std::fmt::Debug {
    /// The text of message `id` in `language`, with `args` filled in. A missing message gives
    /// its id back, so a gap shows instead of failing the use case.
    fn say(&self, language: Language, id: &str, args: &[(&'static str, Value)]) -> String;
}

/// A code with a label people read: the label is the message `{KIND}-{code}` (underscores
/// in the code become dashes).
pub trait Labelled {
    /// The kind of code, the first part of its message id.
    const KIND: &'static str;

    /// The stable code.
    fn label_code(&self) -> &str;

    /// The message id of the label.
    fn label_id(&self) -> String {
        label_id(Self::KIND, self.label_code())
    }
}

impl<T: Labelled + ?Sized> Labelled for &T {
    const KIND: &'static str = T::KIND;

    fn label_code(&self) -> &str {
        (**self).label_code()
    }
}

/// The message id of the label of `code`, a code of `kind`.
pub fn label_id(kind: &str, code: &str) -> String {
    format!("{kind}-{}", code.replace('_', "-"))
}

/// Says the language, the message id and its arguments as they are
/// (`fr:id(name=value, ...)`): the wording of tests and of services run without a
/// translation source.
#[derive(Debug, Clone, Copy, Default)]
pub struct MessageIds;

impl Wording for MessageIds {
    fn say(&self, language: Language, id: &str, args: &[(&'static str, Value)]) -> String {
        let id = format!("{}:{id}", language.code());
        if args.is_empty() {
            return id;
        }
        let args: Vec<String> = args
            .iter()
            .map(|(name, value)| match value {
                Value::Text(text) => format!("{name}={text}"),
                Value::Number(n) => format!("{name}={n}"),
            })
            .collect();
        format!("{id}({})", args.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_say_the_id_and_its_arguments() {
        let said = MessageIds.say(
            Language::French,
            "notice-reset-code-body",
            &[("code", "12345678".into()), ("minutes", 30i64.into())],
        );
        assert_eq!(said, "fr:notice-reset-code-body(code=12345678, minutes=30)");
        assert_eq!(MessageIds.say(Language::English, "x", &[]), "en:x");
    }

    #[test]
    fn a_label_id_is_the_kind_and_the_code_with_dashes() {
        struct Step;
        impl Labelled for Step {
            const KIND: &'static str = "step";
            fn label_code(&self) -> &str {
                "eligibility_review"
            }
        }
        assert_eq!(Step.label_id(), "step-eligibility-review");
    }
}
