//! Breaking text into lines that fit a width, measured with the font itself.
//!
//! Lines break at spaces and at the line breaks people typed. A word wider
//! than the whole line (a long link, a 64-digit hash) is cut between
//! characters. Nothing is hyphenated: every character typed is printed once,
//! in order, so the text a reader copies out is the text that was entered.

use std::borrow::Cow;

use crate::fonts::Fonts;
use crate::page::TextStyle;

/// The lines of `text` set in `style` within `max_width` points. An empty
/// text gives no lines; an empty typed line gives an empty line.
pub(crate) fn wrap(fonts: &Fonts, style: TextStyle, text: &str, max_width: f32) -> Vec<String> {
    let face = fonts.face(style.face);
    let width = |s: &str| face.width(s, style.size);
    let space = width(" ");
    let mut lines = Vec::new();
    let text = clean(text);
    if text.trim().is_empty() {
        return lines;
    }
    for paragraph in text.trim_end().split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let word_width = width(word);
            if !line.is_empty() && line_width + space + word_width <= max_width {
                line.push(' ');
                line.push_str(word);
                line_width += space + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if word_width <= max_width {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            // Wider than a line: cut between characters, after punctuation
            // that separates the parts of a code or link where there is some.
            line_width = 0.0;
            let mut last_break: Option<usize> = None;
            for c in word.chars() {
                let mut buffer = [0u8; 4];
                let char_width = width(c.encode_utf8(&mut buffer));
                if !line.is_empty() && line_width + char_width > max_width {
                    match last_break.filter(|&at| at > 0 && at < line.len()) {
                        Some(at) => {
                            let carried = line.split_off(at);
                            lines.push(std::mem::replace(&mut line, carried));
                            line_width = width(&line);
                        }
                        None => {
                            lines.push(std::mem::take(&mut line));
                            line_width = 0.0;
                        }
                    }
                    last_break = None;
                }
                line.push(c);
                line_width += char_width;
                if matches!(
                    c,
                    ':' | '/' | '-' | '_' | '.' | ',' | ';' | '?' | '&' | '=' | '>'
                ) {
                    last_break = Some(line.len());
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// The text with tabs as spaces, one kind of line break, and no other
/// control characters; most text has none of them and is borrowed as it is.
fn clean(text: &str) -> Cow<'_, str> {
    let odd = |c: char| {
        c.is_control()
            || matches!(
                c,
                '\u{00A0}' | '\u{2000}'..='\u{200B}' | '\u{202F}' | '\u{3000}' | '\u{FEFF}'
            )
    };
    if !text.chars().any(odd) {
        return Cow::Borrowed(text);
    }
    let text = text.replace("\r\n", "\n");
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                '\r' | '\n' => Some('\n'),
                c if c.is_control() => None,
                // No-break and other odd spaces: a plain space, which the font has.
                '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{3000}' => Some(' '),
                '\u{200B}' | '\u{FEFF}' => None,
                c => Some(c),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::BODY;

    fn fonts() -> &'static Fonts {
        Fonts::get().expect("fonts")
    }

    #[test]
    fn lines_fit_and_keep_every_word_in_order() {
        let text = "Statutory and mandatory induction and updating programmes contain Prevent awareness training and policy updates";
        let lines = wrap(fonts(), BODY, text, 120.0);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(fonts().width(BODY.face, BODY.size, line) <= 120.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_long_word_is_cut_without_a_hyphen() {
        let word = "x".repeat(120);
        let lines = wrap(fonts(), BODY, &format!("a {word} b"), 100.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| !l.contains('-')));
        assert_eq!(lines.concat().replace(' ', ""), format!("a{word}b"));
    }

    #[test]
    fn a_long_code_is_cut_after_its_separators() {
        let fingerprint = "3F:9A:12:C4:7B:E0:55:81:2D:6C:A9:0E:B3:47:F2:18:64:D5:0A:9E";
        let lines = wrap(fonts(), BODY, fingerprint, 100.0);
        assert!(lines.len() > 1);
        for line in &lines[..lines.len() - 1] {
            assert!(line.ends_with(':'), "{line}");
        }
        assert_eq!(lines.concat(), fingerprint);
    }

    #[test]
    fn typed_line_breaks_are_kept() {
        let lines = wrap(fonts(), BODY, "one\r\n\r\ntwo\tthree", 400.0);
        assert_eq!(lines, ["one", "", "two three"]);
        assert!(wrap(fonts(), BODY, "  ", 400.0).is_empty());
    }
}
