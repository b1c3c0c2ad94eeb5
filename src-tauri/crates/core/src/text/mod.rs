//! Which characters a person may type, and how text that came from elsewhere
//! is shown where it could do harm.
//!
//! Everything typed into the app ends up in a signed report, so what the
//! report shows must be what was typed. Three kinds of character break that:
//! - control characters (a terminal obeys `ESC [ 4 A`; the report has no
//!   glyph for them), refused everywhere except tab and newline in fields
//!   that hold lines of text;
//! - characters that reorder text or hide in it (bidirectional controls such
//!   as U+202E, zero-width spaces), and letters of right-to-left scripts,
//!   which the report would draw in stored order, so backwards;
//! - characters the report's font has no glyph for (emoji, Arabic, Chinese),
//!   which would come out as empty boxes.
//!
//! They are refused when typed, with a message naming each by its code point.
//! A file's name comes from the computer, not from the person, so only
//! control and hidden characters are refused there; the report prints the
//! rest visibly escaped. Text that comes from a file nobody vouches for (the
//! record inside a PDF being checked) is shown through [`visible`], which
//! escapes anything a terminal or a reader could be fooled by.

use std::borrow::Cow;
use std::fmt::Write;

use unicode_bidi::{BidiClass, bidi_class};

mod drawable;

pub use drawable::DRAWABLE;

/// What a free-text field holds, which decides the characters it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// One line: a name, a role, a title.
    Line,
    /// Lines of text: tab and line breaks (newline, and carriage return as
    /// Windows writes them) are allowed too.
    Lines,
    /// The name of a file as the computer gave it: any printable character.
    FileName,
}

/// Why some characters of a text were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Control characters, or characters that reorder or hide text.
    Hidden(Vec<char>),
    /// Letters of a right-to-left script.
    RightToLeft(Vec<char>),
    /// Characters the report's font cannot draw.
    NotPrintable(Vec<char>),
}

impl Refusal {
    /// The characters, each as `"x" (U+0078)`, or for one that cannot be
    /// shown safely as its code point alone; at most eight, then a count.
    pub fn listed(&self) -> String {
        let characters = match self {
            Refusal::Hidden(c) | Refusal::RightToLeft(c) | Refusal::NotPrintable(c) => c,
        };
        let mut out = String::new();
        for (index, &c) in characters.iter().take(8).enumerate() {
            if index > 0 {
                out.push_str(", ");
            }
            if is_hidden(c) {
                let _ = write!(out, "U+{:04X}", u32::from(c));
            } else {
                let _ = write!(out, "\u{201C}{c}\u{201D} (U+{:04X})", u32::from(c));
            }
        }
        if characters.len() > 8 {
            let _ = write!(out, " and {} more", characters.len() - 8);
        }
        out
    }
}

/// Whether the report's font can draw `c` (Liberation Sans, regular and bold).
pub fn is_drawable(c: char) -> bool {
    let code = u32::from(c);
    DRAWABLE
        .binary_search_by(|&(first, last)| {
            if last < code {
                std::cmp::Ordering::Less
            } else if first > code {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Control characters (C0, DEL, C1), bidirectional controls, zero-width and
/// other invisible characters (the soft hyphen, tag characters): nothing a
/// person means to type into a field.
pub fn is_hidden(c: char) -> bool {
    // Most text is ASCII, where only the controls are hidden: the report
    // asks this of every character it draws, and the bidi table is a search.
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    c.is_control()
        || is_bidi_control(c)
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// The bidirectional embedding, override and isolate controls.
fn is_bidi_control(c: char) -> bool {
    matches!(
        bidi_class(c),
        BidiClass::LRE
            | BidiClass::RLE
            | BidiClass::LRO
            | BidiClass::RLO
            | BidiClass::PDF
            | BidiClass::LRI
            | BidiClass::RLI
            | BidiClass::FSI
            | BidiClass::PDI
    )
}

/// Letters that are written right to left.
pub fn is_right_to_left(c: char) -> bool {
    !c.is_ascii() && matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

/// The characters of `text` that a field of `kind` refuses, grouped by the
/// first reason that applies (hidden, then right to left, then not
/// printable); `None` when all are allowed. Each character is listed once.
pub fn refused(text: &str, kind: TextKind) -> Option<Refusal> {
    let mut hidden = Vec::new();
    let mut right_to_left = Vec::new();
    let mut not_printable = Vec::new();
    for c in text.chars() {
        let allowed_space = kind == TextKind::Lines && matches!(c, '\n' | '\t' | '\r');
        let list = if allowed_space {
            continue;
        } else if is_hidden(c) {
            &mut hidden
        } else if kind == TextKind::FileName {
            continue;
        } else if is_right_to_left(c) {
            &mut right_to_left
        } else if !is_drawable(c) {
            &mut not_printable
        } else {
            continue;
        };
        if !list.contains(&c) {
            list.push(c);
        }
    }
    if !hidden.is_empty() {
        Some(Refusal::Hidden(hidden))
    } else if !right_to_left.is_empty() {
        Some(Refusal::RightToLeft(right_to_left))
    } else if !not_printable.is_empty() {
        Some(Refusal::NotPrintable(not_printable))
    } else {
        None
    }
}

/// A list as a sentence says it: "a", "a and b", "a, b and c".
pub fn and_list<S: AsRef<str>>(parts: &[S]) -> String {
    joined_list(parts, "and")
}

/// A choice as a sentence says it: "a", "a or b", "a, b or c".
pub fn or_list<S: AsRef<str>>(parts: &[S]) -> String {
    joined_list(parts, "or")
}

fn joined_list<S: AsRef<str>>(parts: &[S], conjunction: &str) -> String {
    match parts {
        [] => String::new(),
        [only] => only.as_ref().to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} {conjunction} {}", rest.join(", "), last.as_ref())
        }
    }
}

/// `text` with every hidden character written out as an escape (`\e`,
/// `\r`, `\u{202e}`), so a terminal shows it rather than obeying it and a
/// reader sees it rather than being fooled by it. Newlines and tabs are
/// escaped too unless `lines`. Text with nothing to escape is returned as
/// it is.
pub fn visible(text: &str, lines: bool) -> Cow<'_, str> {
    let needs = |c: char| is_hidden(c) && !(lines && matches!(c, '\n' | '\t'));
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !needs(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{1b}' => out.push_str("\\e"),
            other => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(other));
            }
        }
    }
    Cow::Owned(out)
}

/// A character the report cannot draw, as the report prints it instead of
/// an empty box: `[U+1F600]`.
pub fn stand_in(c: char) -> String {
    format!("[U+{:04X}]", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII shortcut says what the full Unicode reading says.
    #[test]
    fn ascii_is_classed_as_the_bidi_table_classes_it() {
        for c in (0u8..=0x7F).map(char::from) {
            assert_eq!(is_hidden(c), c.is_control() || is_bidi_control(c), "{c:?}");
            assert_eq!(
                is_right_to_left(c),
                matches!(bidi_class(c), BidiClass::R | BidiClass::AL),
                "{c:?}"
            );
        }
        assert!(is_hidden('\u{202E}') && is_hidden('\u{2067}') && is_hidden('\u{00AD}'));
        assert!(is_right_to_left('\u{05D0}') && is_right_to_left('\u{0627}'));
    }

    #[test]
    fn a_list_reads_as_a_sentence() {
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(and_list(&["a", "b"]), "a and b");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn ordinary_text_in_the_scripts_the_font_has_is_allowed() {
        for text in [
            "Northshire Community NHS Trust",
            "Zoë O'Neill – Ward 7 (Ysbyty Gwynedd) £40 €5 ½",
            "Ŵyn Ŷ Łódź Škoda Ærø",
            "Αθήνα Москва",
        ] {
            assert_eq!(refused(text, TextKind::Line), None, "{text}");
        }
        assert_eq!(refused("one\n\ttwo\r\n", TextKind::Lines), None);
    }

    #[test]
    fn controls_and_hidden_characters_are_refused_everywhere() {
        let attack = "\r\u{1b}[4A\u{1b}[JValid";
        assert_eq!(
            refused(attack, TextKind::Line),
            Some(Refusal::Hidden(vec!['\r', '\u{1b}']))
        );
        assert_eq!(
            refused("a\u{202E}b\u{200B}", TextKind::FileName),
            Some(Refusal::Hidden(vec!['\u{202E}', '\u{200B}']))
        );
        assert_eq!(
            refused("line\none", TextKind::Line),
            Some(Refusal::Hidden(vec!['\n']))
        );
        assert_eq!(
            refused("\u{9b}31m", TextKind::Lines),
            Some(Refusal::Hidden(vec!['\u{9b}']))
        );
        assert_eq!(
            Refusal::Hidden(vec!['\u{1b}', '\u{202E}']).listed(),
            "U+001B, U+202E"
        );
    }

    #[test]
    fn right_to_left_letters_and_undrawable_characters_are_refused() {
        assert_eq!(
            refused("שלום", TextKind::Line),
            Some(Refusal::RightToLeft(vec!['ש', 'ל', 'ו', 'ם']))
        );
        assert_eq!(
            refused("مرحبا", TextKind::Lines).map(|r| matches!(r, Refusal::RightToLeft(_))),
            Some(true)
        );
        assert_eq!(
            refused("Team 😀 山", TextKind::Line),
            Some(Refusal::NotPrintable(vec!['😀', '山']))
        );
        assert_eq!(
            Refusal::NotPrintable(vec!['😀']).listed(),
            "\u{201C}😀\u{201D} (U+1F600)"
        );
        // A file's name may hold any printable character: the report escapes it.
        assert_eq!(refused("报告 😀.pdf", TextKind::FileName), None);
    }

    #[test]
    fn visible_escapes_what_a_terminal_would_obey() {
        assert_eq!(
            visible("Trust\r\u{1b}[4A\u{1b}[JValid", false),
            "Trust\\r\\e[4A\\e[JValid"
        );
        assert_eq!(visible("a\u{202E}b\u{9b}", false), "a\\u{202e}b\\u{9b}");
        assert_eq!(visible("one\ntwo", false), "one\\ntwo");
        assert_eq!(visible("one\ntwo", true), "one\ntwo");
        assert!(matches!(visible("Zoë – 😀", false), Cow::Borrowed(_)));
    }

    #[test]
    fn the_coverage_table_is_sorted_and_disjoint() {
        assert!(DRAWABLE.windows(2).all(|w| w[0].1 < w[1].0));
        assert!(DRAWABLE.iter().all(|(first, last)| first <= last));
        assert!(is_drawable('A') && is_drawable('ë') && is_drawable('€'));
        assert!(!is_drawable('😀') && !is_drawable('山') && !is_drawable('\u{1b}'));
        assert_eq!(stand_in('😀'), "[U+1F600]");
    }
}
