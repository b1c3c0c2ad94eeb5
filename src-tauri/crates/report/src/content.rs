//! Page marks to PDF content streams, written directly as bytes.
//!
//! printpdf can translate drawing operations itself, but for a report of
//! thirty pages that costs about ten milliseconds (an allocated operation per
//! operator, hex strings formatted byte by byte) against a budget of twelve
//! for the whole render. This writer produces the same operators in a fraction
//! of that, with glyph codes as literal strings (half the size of hex) and
//! each text line placed relative to the one before (which repeats from row
//! to row and compresses well). printpdf still builds the document around the
//! streams: pages, resources and the fonts these codes index.

use std::collections::BTreeMap;

use crate::fonts::{Face, Fonts, STAND_IN};
use crate::page::{Colour, Mark, PAGE_HEIGHT, Page};

/// The glyph code of each character in one subset font: the glyph's number
/// in the subset, which the font maps to itself. A subset of at most 256
/// glyphs (every report so far) is shown with one byte per glyph through a
/// one-byte identity CMap (see `pdf::use_one_byte_codes`), which halves the
/// text in every content stream; a larger one keeps two bytes (Identity-H).
pub(crate) struct GlyphCodes {
    /// By Basic Multilingual Plane code point; 0 where the subset has no glyph.
    by_char: Vec<u16>,
    one_byte: bool,
}

impl GlyphCodes {
    pub(crate) fn new(codes: impl IntoIterator<Item = (char, u16)>) -> GlyphCodes {
        let mut by_char = vec![0u16; 0x1_0000];
        let mut largest = 0;
        for (c, code) in codes {
            largest = largest.max(code);
            if let Some(slot) = by_char.get_mut(c as usize) {
                *slot = code;
            }
        }
        GlyphCodes {
            by_char,
            one_byte: fits_one_byte(largest),
        }
    }

    pub(crate) fn one_byte(&self) -> bool {
        self.one_byte
    }

    fn code(&self, c: char) -> Option<u16> {
        match self.by_char.get(c as usize) {
            Some(&code) if code != 0 => Some(code),
            _ => None,
        }
    }
}

/// Whether glyph codes up to `largest` fit in one byte.
pub(crate) fn fits_one_byte(largest: u16) -> bool {
    largest <= 0xFF
}

/// A content stream being written.
pub(crate) struct Content {
    out: Vec<u8>,
}

impl Content {
    pub(crate) fn new() -> Content {
        Content {
            out: Vec::with_capacity(32 * 1024),
        }
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    /// A number with at most three decimals, then a space.
    pub(crate) fn number(&mut self, value: f32) {
        let thousandths = (f64::from(value) * 1000.0).round() as i64;
        if thousandths < 0 {
            self.out.push(b'-');
        }
        let magnitude = thousandths.unsigned_abs();
        self.integer(magnitude / 1000);
        let mut fraction = magnitude % 1000;
        if fraction != 0 {
            self.out.push(b'.');
            let mut digits = 3;
            while fraction.is_multiple_of(10) {
                fraction /= 10;
                digits -= 1;
            }
            let text = fraction.to_string();
            for _ in text.len()..digits {
                self.out.push(b'0');
            }
            self.out.extend_from_slice(text.as_bytes());
        }
        self.out.push(b' ');
    }

    fn integer(&mut self, value: u64) {
        let mut digits = [0u8; 20];
        let mut n = value;
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.out.extend_from_slice(&digits[at..]);
    }

    /// An operator and the end of its line.
    pub(crate) fn op(&mut self, operator: &str) {
        self.out.extend_from_slice(operator.as_bytes());
        self.out.push(b'\n');
    }

    /// `x y` in page space from a position measured from the top.
    pub(crate) fn point(&mut self, x: f32, y_from_top: f32) {
        self.number(x);
        self.number(PAGE_HEIGHT - y_from_top);
    }

    pub(crate) fn colour(&mut self, colour: Colour, operator: &str) {
        for channel in [colour.0, colour.1, colour.2] {
            self.number(f32::from(channel) / 255.0);
        }
        self.op(operator);
    }

    /// A rectangle given by its top-left corner, then `operator` (`f`, `S`, `W n`).
    pub(crate) fn rectangle(&mut self, x: f32, y: f32, width: f32, height: f32, operator: &str) {
        self.point(x, y + height);
        self.number(width);
        self.number(height);
        self.out.extend_from_slice(b"re ");
        self.op(operator);
    }

    pub(crate) fn line(&mut self, from: (f32, f32), to: (f32, f32)) {
        self.point(from.0, from.1);
        self.out.extend_from_slice(b"m ");
        self.point(to.0, to.1);
        self.op("l S");
    }

    /// Glyph codes as a literal string, one or two bytes each, escaped where
    /// PDF asks.
    fn codes(&mut self, codes: impl Iterator<Item = u16>, one_byte: bool) {
        self.out.push(b'(');
        for code in codes {
            let bytes = code.to_be_bytes();
            let bytes = if one_byte { &bytes[1..] } else { &bytes[..] };
            for &byte in bytes {
                match byte {
                    b'(' | b')' | b'\\' => {
                        self.out.push(b'\\');
                        self.out.push(byte);
                    }
                    b'\r' => self.out.extend_from_slice(b"\\r"),
                    b'\n' => self.out.extend_from_slice(b"\\n"),
                    _ => self.out.push(byte),
                }
            }
        }
        self.out.extend_from_slice(b") Tj\n");
    }

    /// Shows `text`. A character the font lacks is drawn as a stand-in that
    /// carries the real character as its `/ActualText`, so copying and
    /// searching still find it.
    fn show(&mut self, fonts: &Fonts, face: Face, codes: &GlyphCodes, text: &str) {
        let font = fonts.face(face);
        let stand_in = codes.code(STAND_IN).unwrap_or(0);
        let mut rest = text;
        while !rest.is_empty() {
            let run_end = rest
                .char_indices()
                .find(|(_, c)| !font.has_glyph(*c))
                .map_or(rest.len(), |(i, _)| i);
            let (run, after) = rest.split_at(run_end);
            if !run.is_empty() {
                self.codes(
                    run.chars().map(|c| codes.code(c).unwrap_or(stand_in)),
                    codes.one_byte,
                );
            }
            let mut chars = after.chars();
            if let Some(missing) = chars.next() {
                self.out.extend_from_slice(b"/Span <</ActualText <FEFF");
                let mut units = [0u16; 2];
                for unit in missing.encode_utf16(&mut units) {
                    for byte in unit.to_be_bytes() {
                        self.out.extend_from_slice(format!("{byte:02X}").as_bytes());
                    }
                }
                self.out.extend_from_slice(b">>> BDC ");
                self.codes(std::iter::once(stand_in), codes.one_byte);
                self.op("EMC");
            }
            rest = chars.as_str();
        }
    }
}

/// The graphics state already set, so each operator is written only when it changes.
#[derive(Default)]
struct State {
    fill: Option<Colour>,
    stroke: Option<Colour>,
    thickness: Option<f32>,
    font: Option<(Face, f32)>,
}

/// One page's content stream.
pub(crate) fn page_content(
    fonts: &Fonts,
    codes: &BTreeMap<Face, GlyphCodes>,
    page: &Page,
    under: impl FnOnce(&mut Content),
) -> Vec<u8> {
    let mut out = Content::new();
    under(&mut out);
    let mut state = State::default();
    let mut in_text = false;
    // Where the current text line starts, for placing the next one relative to it.
    let mut line_start = (0.0f32, 0.0f32);
    for mark in &page.marks {
        let is_text = matches!(mark, Mark::Text { .. });
        if in_text && !is_text {
            out.op("ET");
            in_text = false;
        }
        match mark {
            Mark::Text {
                x,
                baseline,
                style,
                text,
            } => {
                if text.is_empty() {
                    continue;
                }
                if !in_text {
                    out.op("BT");
                    in_text = true;
                    line_start = (0.0, 0.0);
                    // Text state survives BT/ET, but a reader starting here
                    // must find the font set in this text object.
                    state.font = None;
                }
                if state.font != Some((style.face, style.size)) {
                    out.out.push(b'/');
                    out.out
                        .extend_from_slice(style.face.resource_name().as_bytes());
                    out.out.push(b' ');
                    out.number(style.size);
                    out.op("Tf");
                    state.font = Some((style.face, style.size));
                }
                if state.fill != Some(style.colour) {
                    out.colour(style.colour, "rg");
                    state.fill = Some(style.colour);
                }
                let at = (round(*x), round(PAGE_HEIGHT - baseline));
                out.number(at.0 - line_start.0);
                out.number(at.1 - line_start.1);
                out.op("Td");
                line_start = at;
                if let Some(codes) = codes.get(&style.face) {
                    out.show(fonts, style.face, codes, text);
                }
            }
            Mark::PageNumberOf { .. } => {}
            Mark::Fill {
                x,
                y,
                width,
                height,
                colour,
            } => {
                if state.fill != Some(*colour) {
                    out.colour(*colour, "rg");
                    state.fill = Some(*colour);
                }
                out.rectangle(*x, *y, *width, *height, "f");
            }
            Mark::Frame {
                x,
                y,
                width,
                height,
                colour,
                thickness,
            } => {
                stroke(&mut out, &mut state, *colour, *thickness);
                out.rectangle(*x, *y, *width, *height, "S");
            }
            Mark::Line {
                from,
                to,
                colour,
                thickness,
            } => {
                stroke(&mut out, &mut state, *colour, *thickness);
                out.line(*from, *to);
            }
            Mark::Hatch {
                x,
                y,
                width,
                height,
                colour,
            } => {
                out.op("q");
                out.rectangle(*x, *y, *width, *height, "W n");
                out.colour(*colour, "RG");
                out.number(0.9);
                out.op("w");
                let step = 3.2;
                let mut start = x - height;
                while start < x + width {
                    out.line((start, y + height), (start + height, *y));
                    start += step;
                }
                out.op("Q");
                // Restoring the state forgets what was set inside it.
                state.stroke = None;
                state.thickness = None;
            }
        }
    }
    if in_text {
        out.op("ET");
    }
    out.into_bytes()
}

fn stroke(out: &mut Content, state: &mut State, colour: Colour, thickness: f32) {
    if state.stroke != Some(colour) {
        out.colour(colour, "RG");
        state.stroke = Some(colour);
    }
    if state.thickness != Some(thickness) {
        out.number(thickness);
        out.op("w");
        state.thickness = Some(thickness);
    }
}

/// Two decimals are plenty for positions on a page, and differences of
/// rounded positions stay exact.
fn round(value: f32) -> f32 {
    ((f64::from(value) * 100.0).round() / 100.0) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(value: f32) -> String {
        let mut content = Content::new();
        content.number(value);
        String::from_utf8(content.into_bytes()).expect("ascii")
    }

    #[test]
    fn numbers_are_short_and_exact() {
        assert_eq!(written(0.0), "0 ");
        assert_eq!(written(12.5), "12.5 ");
        assert_eq!(written(-9.22), "-9.22 ");
        assert_eq!(written(0.005), "0.005 ");
        assert_eq!(written(841.89), "841.89 ");
        assert_eq!(written(1.0 / 3.0), "0.333 ");
    }

    #[test]
    fn glyph_codes_are_escaped_in_literal_strings() {
        let mut content = Content::new();
        content.codes([0x0028u16, 0x005C, 0x000D, 0x0041].into_iter(), false);
        assert_eq!(content.into_bytes(), b"(\0\\(\0\\\\\0\\r\0A) Tj\n".to_vec());
    }
}
