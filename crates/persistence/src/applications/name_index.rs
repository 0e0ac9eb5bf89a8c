//! The name search index on SQLite: an FTS5 table with the trigram tokenizer
//! (`application_names`), one document per application, kept by triggers in the same
//! transaction as the application (migration 21, [decision 17]).
//!
//! Two ideas make it a seek rather than a scan of the representative's book:
//! - **Every search is scoped by the rowid.** A document's rowid is
//!   `representative << 37 | status << 34 | type << 32 | application`, so the
//!   representative's documents (with one status, and one type) are one rowid range, and
//!   FTS5 reads only that range of each trigram's list of documents.
//! - **Two-letter searches work.** The trigram tokenizer needs three characters, so each
//!   document has two columns: `name`, the folded name, for terms of three characters and
//!   more; and `pairs`, the same with [`SEPARATOR`] after each character of [`ALPHABET`]
//!   ("an" is indexed as `a␟n␟`), where a two-letter term is one trigram ([`phrase`]). The
//!   transformation keeps the match exact: the transformed term is in the transformed name
//!   if and only if the term is in the name.
//!
//! [decision 17]: ../../../../docs/decisions/0017-name-search-index.md

use portal_domain::application::{ApplicationStatus, ApplicationType};

/// The characters followed by [`SEPARATOR`] in the indexed text: those of folded names.
/// Another character is indexed as it is, which keeps the match exact but makes a term of
/// such characters need three of them (shorter terms fall back to a scan).
pub(crate) const ALPHABET: &str = "abcdefghijklmnopqrstuvwxyz0123456789 -'.,";

/// Follows each character of [`ALPHABET`] in the indexed text; never part of a folded name
/// (it is a control character, and folding keeps only printable ones).
pub(crate) const SEPARATOR: char = '\u{1f}';

/// The FTS5 table.
pub(crate) const TABLE: &str = "application_names";

/// Bits of the application's own key, the lowest of a document's rowid.
const APPLICATION_BITS: u32 = 32;
/// Bits of the type's code, above the application's key.
const TYPE_SHIFT: u32 = 32;
/// Bits of the status's code, above the type's.
const STATUS_SHIFT: u32 = 34;
/// The representative's key, above the status.
const REPRESENTATIVE_SHIFT: u32 = 37;

/// `folded` as the index holds it: [`SEPARATOR`] after each character of [`ALPHABET`].
pub(crate) fn spaced(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len() * 2);
    for c in folded.chars() {
        out.push(c);
        if ALPHABET.contains(c) {
            out.push(SEPARATOR);
        }
    }
    out
}

/// What a term is looked up by: a phrase in one of the document's two columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Phrase {
    /// `name` (the folded name) or `pairs` (the same with [`SEPARATOR`]s).
    column: &'static str,
    /// The characters to find in that column, in a row.
    text: String,
}

impl Phrase {
    /// The FTS5 query: the phrase in its column, a double quote escaped by doubling it.
    pub(crate) fn query(&self) -> String {
        format!(
            "{{{}}} : \"{}\"",
            self.column,
            self.text.replace('"', "\"\"")
        )
    }
}

/// How the index finds the documents containing `folded`, or `None` when it cannot (a
/// single letter): such a term is searched by a scan.
///
/// A term of three characters or more is a phrase of the `name` column: its trigrams, all
/// of them selective. A two-character term becomes the first three characters of its
/// transformed text in the `pairs` column, one trigram ("an" is `a␟n`): a letter of
/// [`ALPHABET`] is always followed by the separator there, so the rest is implied.
pub(crate) fn phrase(folded: &str) -> Option<Phrase> {
    if folded.chars().count() >= 3 {
        return Some(Phrase {
            column: "name",
            text: folded.to_owned(),
        });
    }
    let spaced = spaced(folded);
    (spaced.chars().count() >= 3).then(|| Phrase {
        column: "pairs",
        text: spaced.chars().take(3).collect(),
    })
}

/// The inclusive range, within a representative's rowids, of the documents of a status
/// and, with a status, of a type: offsets added to the representative's key shifted
/// above them ([`matching_sql`]).
pub(crate) fn range(
    status: Option<ApplicationStatus>,
    application_type: Option<ApplicationType>,
) -> (i64, i64) {
    let mut low = 0;
    let mut width = REPRESENTATIVE_SHIFT;
    if let Some(status) = status {
        low |= status_code(status) << STATUS_SHIFT;
        width = STATUS_SHIFT;
        if let Some(application_type) = application_type {
            low |= type_code(application_type) << TYPE_SHIFT;
            width = TYPE_SHIFT;
        }
    }
    (low, low | ((1_i64 << width) - 1))
}

/// SQL of "the document matches the phrase and lies in the owner's rowid range", with five
/// parameters: the phrase's query, the owner's id, the range's low offset, the owner's id
/// again and the high offset (from [`range`]). The owner's key is
/// read by a subquery, so a search needs no statement of its own for it, and an unknown
/// owner matches nothing.
pub(crate) fn matching_sql() -> String {
    let key = format!("((SELECT search_key FROM accounts WHERE id = ?) << {REPRESENTATIVE_SHIFT})");
    format!("{TABLE} MATCH ? AND {TABLE}.rowid BETWEEN {key} + ? AND {key} + ?")
}

/// Whether [`range`] narrows to the type as well: only under a status.
pub(crate) fn range_covers_type(status: Option<ApplicationStatus>) -> bool {
    status.is_some()
}

fn status_code(status: ApplicationStatus) -> i64 {
    position(ApplicationStatus::ALL.iter().map(|s| *s == status))
}

fn type_code(application_type: ApplicationType) -> i64 {
    position(ApplicationType::ALL.iter().map(|t| *t == application_type))
}

fn position(mut matches: impl Iterator<Item = bool>) -> i64 {
    matches.position(|m| m).map_or(0, |i| i as i64)
}

/// SQL of a document's rowid for the row `row` (`NEW` or `OLD` in a trigger).
pub(crate) fn rowid_sql(row: &str) -> String {
    let case = |column: &str, codes: Vec<(&str, i64)>| {
        let arms: String = codes
            .iter()
            .map(|(code, n)| format!(" WHEN '{code}' THEN {n}"))
            .collect();
        format!("(CASE {row}.{column}{arms} ELSE 0 END)")
    };
    let statuses = ApplicationStatus::ALL
        .iter()
        .map(|s| (s.code(), status_code(*s)))
        .collect();
    let types = ApplicationType::ALL
        .iter()
        .map(|t| (t.code(), type_code(*t)))
        .collect();
    format!(
        "(((SELECT search_key FROM accounts WHERE id = {row}.representative_id) << {REPRESENTATIVE_SHIFT}) \
         | ({} << {STATUS_SHIFT}) | ({} << {TYPE_SHIFT}) | {row}.search_key)",
        case("status", statuses),
        case("app_type", types),
    )
}

/// SQL of [`spaced`] applied to the expression `text`, with the builtin `replace`.
pub(crate) fn spaced_sql(text: &str) -> String {
    ALPHABET.chars().fold(text.to_owned(), |inner, c| {
        let literal = if c == '\'' {
            "''".to_owned()
        } else {
            c.to_string()
        };
        let separator = u32::from(SEPARATOR);
        format!("replace({inner}, '{literal}', '{literal}' || char({separator}))")
    })
}

/// SQL of the application's own key inside a document's rowid.
pub(crate) fn application_key_sql(rowid: &str) -> String {
    format!("({rowid} & {})", (1_i64 << APPLICATION_BITS) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the index finds `term` in `name`: the phrase within its column's text.
    fn found(name: &str, term: &str) -> Option<bool> {
        let phrase = phrase(term)?;
        let column = if phrase.column == "name" {
            name.to_owned()
        } else {
            spaced(name)
        };
        Some(column.contains(&phrase.text))
    }

    #[test]
    fn the_index_finds_a_term_exactly_when_the_name_contains_it() {
        let names = [
            "helene tremblay",
            "jean-luc o'neil",
            "nguyen thi dao",
            "анна петрова",
            "李小龙",
            "ab",
        ];
        let mut looked_up = 0;
        for name in names {
            let chars: Vec<char> = name.chars().collect();
            let mut terms: Vec<String> = Vec::new();
            for start in 0..chars.len() {
                for end in start + 1..=chars.len() {
                    terms.push(chars[start..end].iter().collect());
                }
            }
            terms.extend(
                ["hx", "ea", "n-", "-l", "ан", "龙李", "a b", "ba", "an"].map(String::from),
            );
            for term in terms {
                if let Some(found) = found(name, &term) {
                    looked_up += 1;
                    assert_eq!(found, name.contains(&term), "{term:?} in {name:?}");
                }
            }
        }
        assert!(looked_up > 200);
    }

    #[test]
    fn a_single_letter_is_too_short_for_the_index_and_two_letters_are_not() {
        assert_eq!(phrase("a"), None);
        assert_eq!(
            phrase("an").map(|p| p.query()).as_deref(),
            Some("{pairs} : \"a\u{1f}n\"")
        );
        assert_eq!(phrase("да"), None);
        assert_eq!(
            phrase("дам").map(|p| p.query()).as_deref(),
            Some("{name} : \"дам\"")
        );
        assert_eq!(
            phrase("a\"b").map(|p| p.query()).as_deref(),
            Some("{name} : \"a\"\"b\"")
        );
        assert_eq!(
            phrase("-ž").map(|p| p.query()).as_deref(),
            Some("{pairs} : \"-\u{1f}ž\"")
        );
    }

    #[test]
    fn ranges_nest_and_stay_below_the_representatives_key() {
        let all = range(None, None);
        let submitted = range(Some(ApplicationStatus::Submitted), None);
        let claims = range(
            Some(ApplicationStatus::Submitted),
            Some(ApplicationType::RefugeeClaim),
        );
        assert!(all.0 <= submitted.0 && submitted.1 <= all.1);
        assert!(submitted.0 <= claims.0 && claims.1 <= submitted.1);
        assert_eq!(claims.1 - claims.0, (1 << 32) - 1);
        assert_eq!((all.0, all.1 + 1), (0, 1 << REPRESENTATIVE_SHIFT));
    }
}
