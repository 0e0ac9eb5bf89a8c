//! Translation: every visible string of the pages, the API's messages and the labels of the
//! domain's codes comes from the Fluent files in `crates/http/locales/{en,fr}`, one
//! source for both front doors. [`Tr`] is a language bound to that source, cheap to copy
//! into every template; [`negotiate`] picks the language of a request.

mod current;
mod words;

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use portal_domain::account::Language;

pub(crate) use current::scope;
pub use current::{current, set_current};
pub use words::FluentWording;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks around arguments would reach the JSON API and the
        // e-mails as invisible characters.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static ENGLISH: LanguageIdentifier = langid!("en");
static FRENCH: LanguageIdentifier = langid!("fr");

fn identifier(language: Language) -> &'static LanguageIdentifier {
    match language {
        Language::English => &ENGLISH,
        Language::French => &FRENCH,
    }
}

/// A language and the translations of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    /// The language of every text this gives.
    pub language: Language,
}

impl Tr {
    /// Texts in `language`.
    pub const fn new(language: Language) -> Self {
        Self { language }
    }

    /// The text of `key`. A missing key shows as the key itself (and fails the key tests).
    pub fn t(&self, key: &str) -> String {
        LOCALES
            .try_lookup(identifier(self.language), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The text of `key` with its arguments.
    pub fn with(&self, key: &str, args: &[(&str, Arg)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| (Cow::Owned((*name).to_owned()), to_fluent(value)))
            .collect();
        LOCALES
            .try_lookup_with_args(identifier(self.language), key, &args)
            .unwrap_or_else(|| key.to_owned())
    }

    /// `en` or `fr`, for `<html lang>`.
    pub fn code(&self) -> &'static str {
        self.language.code()
    }

    /// The other language, for the toggle.
    pub fn other(&self) -> Self {
        Self::new(match self.language {
            Language::English => Language::French,
            Language::French => Language::English,
        })
    }
}

/// An argument of a message: the domain's [`Value`], so the pages and the domain's
/// notices fill messages alike.
pub use portal_domain::wording::Value as Arg;

fn to_fluent(value: &Arg) -> FluentValue<'_> {
    match value {
        Arg::Text(s) => FluentValue::from(s.as_str()),
        Arg::Number(n) => FluentValue::from(*n),
    }
}

/// The language of a request: the toggle's choice (`chosen`), then the signed-in account's
/// preference, then the browser's `Accept-Language` (the first of English or French it
/// names, by weight), then English.
pub fn negotiate(chosen: Option<&str>, account: Option<Language>, accept: &str) -> Language {
    if let Some(language) = chosen.and_then(|c| Language::parse(c).ok()) {
        return language;
    }
    if let Some(language) = account {
        return language;
    }
    from_accept_language(accept).unwrap_or(Language::English)
}

/// The preferred of English and French in an `Accept-Language` header, if it names either.
pub fn from_accept_language(header: &str) -> Option<Language> {
    let mut best: Option<(Language, f32)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let weight = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or_default();
        let language = match primary {
            "en" => Language::English,
            "fr" => Language::French,
            _ => continue,
        };
        if weight > 0.0 && best.is_none_or(|(_, w)| weight > w) {
            best = Some((language, weight));
        }
    }
    best.map(|(language, _)| language)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
