//! The one check every piece of text a person types passes before any value is made of it:
//! no control characters (C0 and C1; a newline only where a field is multi-line) and no
//! bidirectional overrides or isolates, which can disguise what a text says (a file name
//! that reads `.pdf` but ends in `.exe`) and which some databases refuse (NUL).
//!
//! Value parsers call [`one_line`] or [`multi_line`] on the raw input, before trimming,
//! because trimming would quietly drop some of these characters (U+0085 is white space).

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// A control character (C0 or C1, a line break in a one-line field, a tab, NUL, ...).
    #[error("remove the control characters (such as line breaks, tabs or NUL) from the text")]
    ControlCharacter,
    /// A character that overrides or isolates the direction of the text (U+202A to U+202E,
    /// U+2066 to U+2069).
    #[error("remove the text-direction control characters from the text")]
    DirectionOverride,
}

/// Checks a one-line text: no control character at all and no direction override.
pub fn one_line(raw: &str) -> Result<&str, TextError> {
    check(raw, false)
}

/// Checks a multi-line text: like [`one_line`], except that line feeds (`\n`, or `\r\n`
/// as browsers send them) are allowed.
pub fn multi_line(raw: &str) -> Result<&str, TextError> {
    check(raw, true)
}

fn check(raw: &str, lines: bool) -> Result<&str, TextError> {
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if is_direction_override(c) {
            return Err(TextError::DirectionOverride);
        }
        let line_break = lines && (c == '\n' || (c == '\r' && chars.peek() == Some(&'\n')));
        // `char::is_control` is exactly the Cc category: C0 (U+0000 to U+001F), DEL and
        // C1 (U+0080 to U+009F).
        if c.is_control() && !line_break {
            return Err(TextError::ControlCharacter);
        }
    }
    Ok(raw)
}

/// U+202A to U+202E (embeddings and overrides) and U+2066 to U+2069 (isolates).
fn is_direction_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_in_any_script_passes_unchanged() {
        for ok in [
            "Hélène D'Arcy-Côté",
            "王小明",
            "محمد",
            "  spaces  ",
            "",
            "a\u{00A0}b",
        ] {
            assert_eq!(one_line(ok), Ok(ok));
            assert_eq!(multi_line(ok), Ok(ok));
        }
    }

    #[test]
    fn every_c0_and_c1_control_character_is_refused_on_one_line() {
        let controls = ('\u{0}'..='\u{1F}')
            .chain(['\u{7F}'])
            .chain('\u{80}'..='\u{9F}');
        for c in controls {
            let text = format!("ab{c}cd");
            assert_eq!(one_line(&text), Err(TextError::ControlCharacter), "{c:?}");
        }
    }

    #[test]
    fn a_multi_line_text_allows_line_feeds_and_nothing_else() {
        assert!(multi_line("first\nsecond\r\nthird").is_ok());
        for bad in ["a\rb", "a\tb", "a\u{0}b", "a\u{1B}b", "a\u{85}b"] {
            assert_eq!(multi_line(bad), Err(TextError::ControlCharacter), "{bad:?}");
        }
        assert_eq!(one_line("a\nb"), Err(TextError::ControlCharacter));
    }

    #[test]
    fn direction_overrides_and_isolates_are_refused() {
        let overrides = ('\u{202A}'..='\u{202E}').chain('\u{2066}'..='\u{2069}');
        for c in overrides {
            let text = format!("invoice{c}fdp.exe");
            assert_eq!(one_line(&text), Err(TextError::DirectionOverride), "{c:?}");
            assert_eq!(
                multi_line(&text),
                Err(TextError::DirectionOverride),
                "{c:?}"
            );
        }
        // The marks that only hint a direction are ordinary characters.
        assert!(one_line("a\u{200E}b\u{200F}").is_ok());
    }
}
