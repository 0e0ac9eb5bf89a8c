//! Folding names for search: lowercase, without accents, spaces collapsed. The same
//! function folds the stored `applicant_name_folded` and the search term, so "helene",
//! "Hélène" and "HÉLÈNE" all find "Hélène Tremblay".

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// `name` lowercased, with accents and other combining marks removed (NFD, then the marks
/// dropped), control characters dropped, the few Latin letters that carry no separable accent spelled plainly
/// (`ł` as `l`, `ø` as `o`, `ß` as `ss`, ...), and runs of white space made one space.
pub(crate) fn fold(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for c in name.nfd().filter(|c| !is_combining_mark(*c)) {
        for lower in c.to_lowercase() {
            match lower {
                'ł' => folded.push('l'),
                'ø' => folded.push('o'),
                'đ' | 'ð' => folded.push('d'),
                'ħ' => folded.push('h'),
                'ı' => folded.push('i'),
                'ß' => folded.push_str("ss"),
                'æ' => folded.push_str("ae"),
                'œ' => folded.push_str("oe"),
                'þ' => folded.push_str("th"),
                '’' | 'ʼ' | '‘' => folded.push('\''),
                // Never stored, so that the name search index may use one as a separator.
                c if c.is_control() && !c.is_whitespace() => {}
                c if c.is_whitespace() => {
                    if !folded.is_empty() && !folded.ends_with(' ') {
                        folded.push(' ');
                    }
                }
                c => folded.push(c),
            }
        }
    }
    if folded.ends_with(' ') {
        folded.pop();
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn accents_and_case_are_folded_away() {
        assert_eq!(fold("Hélène Tremblay"), "helene tremblay");
        assert_eq!(fold("HÉLÈNE"), "helene");
        assert_eq!(fold("Hé\u{1f}lène\u{0}"), "helene");
        assert_eq!(fold("Zoë Ångström"), "zoe angstrom");
        assert_eq!(fold("Nguyễn Thị Đào"), "nguyen thi dao");
        assert_eq!(fold("José Núñez"), "jose nunez");
        assert_eq!(fold("Łukasz Søren Strauß"), "lukasz soren strauss");
        assert_eq!(fold("  O’Brien   Chloé "), "o'brien chloe");
    }

    #[test]
    fn a_decomposed_name_folds_like_a_composed_one() {
        assert_eq!(fold("He\u{301}le\u{300}ne"), fold("Hélène"));
    }
}
