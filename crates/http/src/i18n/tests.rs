use std::collections::BTreeSet;
use std::path::Path;

use super::*;

/// The message ids of every `.ftl` file of one language.
fn keys(language: &str) -> BTreeSet<String> {
    messages(language).into_iter().map(|(id, _)| id).collect()
}

/// Every message of one language with the variables it uses.
fn messages(language: &str) -> Vec<(String, BTreeSet<String>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(language);
    let mut keys = BTreeSet::new();
    let mut found: Vec<(String, BTreeSet<String>)> = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines() {
            // A message starts at the first column with `id =`; attributes, variants and
            // continuation lines are indented, comments start with `#`.
            if line.starts_with(|c: char| c.is_ascii_alphabetic())
                && let Some((id, _)) = line.split_once('=')
            {
                assert!(
                    keys.insert(id.trim().to_owned()),
                    "{} defines {} twice",
                    file.display(),
                    id.trim()
                );
                found.push((id.trim().to_owned(), BTreeSet::new()));
            }
            if let Some((_, variables)) = found.last_mut() {
                for part in line.split("{ $").skip(1) {
                    let name: String = part
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    variables.insert(name);
                }
            }
        }
    }
    found
}

#[test]
fn every_key_exists_in_both_languages() {
    let english = keys("en");
    let french = keys("fr");
    let only_english: Vec<_> = english.difference(&french).collect();
    let only_french: Vec<_> = french.difference(&english).collect();
    assert!(
        only_english.is_empty() && only_french.is_empty(),
        "English only: {only_english:?}; French only: {only_french:?}"
    );
    assert!(english.len() > 40);
}

#[test]
fn both_languages_use_the_same_variables() {
    let french: std::collections::BTreeMap<_, _> = messages("fr").into_iter().collect();
    for (key, variables) in messages("en") {
        assert_eq!(Some(&variables), french.get(&key), "{key}");
    }
}

#[test]
fn every_key_resolves_in_both_languages_with_no_isolation_marks() {
    for (key, variables) in messages("en") {
        let args: Vec<(&str, Arg)> = variables
            .iter()
            .map(|name| (name.as_str(), Arg::Number(2)))
            .collect();
        for tr in [Tr::new(Language::English), Tr::new(Language::French)] {
            let text = tr.with(&key, &args);
            assert_ne!(text, key, "{key} did not resolve in {}", tr.code());
            assert!(
                !text.contains('\u{2068}') && !text.contains('\u{2069}'),
                "{key}"
            );
        }
    }
}

#[test]
fn plurals_follow_the_count() {
    let en = Tr::new(Language::English);
    let fr = Tr::new(Language::French);
    let one = [("count", 1_usize.into())];
    let two = [("count", 2_usize.into())];
    assert_eq!(
        en.with("validation-failed", &one),
        "The form could not be submitted because 1 error was found."
    );
    assert_eq!(
        en.with("validation-failed", &two),
        "The form could not be submitted because 2 errors were found."
    );
    assert!(fr.with("validation-failed", &two).contains("2 erreurs"));
}

#[test]
fn the_toggle_wins_then_the_account_then_the_browser() {
    let fr = Some(Language::French);
    assert_eq!(negotiate(Some("en"), fr, "fr"), Language::English);
    assert_eq!(negotiate(None, fr, "en"), Language::French);
    assert_eq!(
        negotiate(Some("xx"), None, "fr-CA,fr;q=0.9"),
        Language::French
    );
    assert_eq!(
        negotiate(None, None, "de, fr;q=0.5, en;q=0.8"),
        Language::English
    );
    assert_eq!(
        negotiate(None, None, "de, en;q=0, fr;q=0.2"),
        Language::French
    );
    assert_eq!(negotiate(None, None, ""), Language::English);
}

#[tokio::test]
async fn the_current_language_is_english_outside_a_request() {
    assert_eq!(current(), Language::English);
    set_current(Language::French);
    assert_eq!(current(), Language::English);
}
