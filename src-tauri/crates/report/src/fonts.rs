//! The report's one typeface, Liberation Sans (SIL Open Font Licence), shipped
//! with the app so that a report looks and measures the same on every machine.
//!
//! Each face is parsed once per process. Lines are wrapped with the face's own
//! advance widths, and only the glyphs a report uses are embedded: without
//! printpdf's `text_layout` feature printpdf would embed both whole fonts
//! (800 KB), so the subset is cut here with allsorts and handed to printpdf as
//! an ordinary font.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use allsorts::tag;
use printpdf::{FontType, ParsedFont};

use crate::ReportError;

const REGULAR_BYTES: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD_BYTES: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSans-Bold.ttf");

/// Drawn, in place of a character the font has no glyph for, with the real
/// character carried as the text a reader copies (see `pdf`).
pub(crate) const STAND_IN: char = '\u{25A1}';

/// The two weights the report sets text in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Face {
    Regular,
    Bold,
}

impl Face {
    pub(crate) const ALL: [Face; 2] = [Face::Regular, Face::Bold];

    /// The font's resource name inside the PDF: fixed, so output is the same every time.
    pub(crate) fn resource_name(self) -> &'static str {
        match self {
            Face::Regular => "FSans",
            Face::Bold => "FSansBold",
        }
    }

    fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "LiberationSans",
            Face::Bold => "LiberationSans-Bold",
        }
    }
}

/// One face, parsed, with lookups fast enough to measure every word.
pub(crate) struct FontFace {
    bytes: &'static [u8],
    parsed: ParsedFont,
    /// Glyph id by Basic Multilingual Plane code point; 0 where the font has none.
    glyph_by_char: Vec<u16>,
    /// Advance width by glyph id, in font units.
    advance_by_glyph: Vec<u16>,
    units_per_em: f32,
    stand_in_glyph: u16,
}

/// Both faces.
pub(crate) struct Fonts {
    regular: FontFace,
    bold: FontFace,
}

impl Fonts {
    /// The faces, parsed on first use.
    pub(crate) fn get() -> Result<&'static Fonts, ReportError> {
        static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();
        FONTS
            .get_or_init(|| {
                Ok(Fonts {
                    regular: FontFace::parse(Face::Regular, REGULAR_BYTES)?,
                    bold: FontFace::parse(Face::Bold, BOLD_BYTES)?,
                })
            })
            .as_ref()
            .map_err(|problem| ReportError::Font(problem.clone()))
    }

    pub(crate) fn face(&self, face: Face) -> &FontFace {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    /// The width of `text` set in `face` at `size` points.
    pub(crate) fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        self.face(face).width(text, size)
    }
}

impl FontFace {
    fn parse(face: Face, bytes: &'static [u8]) -> Result<FontFace, String> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)
            .ok_or_else(|| format!("{} could not be parsed", face.postscript_name()))?;
        let mut glyph_by_char = vec![0u16; 0x1_0000];
        for (&code_point, &glyph) in &parsed.codepoint_to_glyph {
            if let Some(slot) = glyph_by_char.get_mut(code_point as usize) {
                *slot = glyph;
            }
        }
        let glyph_count = parsed
            .glyph_widths
            .keys()
            .next_back()
            .map_or(0, |last| usize::from(*last) + 1);
        let mut advance_by_glyph = vec![0u16; glyph_count];
        for (&glyph, &advance) in &parsed.glyph_widths {
            advance_by_glyph[usize::from(glyph)] = advance;
        }
        let stand_in_glyph = glyph_by_char[STAND_IN as usize];
        if stand_in_glyph == 0 || parsed.units_per_em == 0 {
            return Err(format!(
                "{} lacks the glyphs the report needs",
                face.postscript_name()
            ));
        }
        Ok(FontFace {
            bytes,
            units_per_em: f32::from(parsed.units_per_em),
            parsed,
            glyph_by_char,
            advance_by_glyph,
            stand_in_glyph,
        })
    }

    /// The glyph for `c`, if the font has one.
    pub(crate) fn glyph(&self, c: char) -> Option<u16> {
        match self.glyph_by_char.get(c as usize) {
            Some(&glyph) if glyph != 0 => Some(glyph),
            _ => None,
        }
    }

    pub(crate) fn has_glyph(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    fn advance(&self, c: char) -> u16 {
        let glyph = self.glyph(c).unwrap_or(self.stand_in_glyph);
        self.advance_by_glyph
            .get(usize::from(glyph))
            .copied()
            .unwrap_or(0)
    }

    /// The width of `text` at `size` points, as the PDF viewer will advance it.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| u32::from(self.advance(c))).sum();
        units as f32 * size / self.units_per_em
    }

    /// How far the face rises above and falls below the baseline, as fractions of the size.
    pub(crate) fn ascent_descent(&self) -> (f32, f32) {
        (
            f32::from(self.parsed.font_metrics.ascent) / self.units_per_em,
            -f32::from(self.parsed.font_metrics.descent) / self.units_per_em,
        )
    }

    /// A font holding only the glyphs for `chars` (renumbered from 1), named
    /// with the subset tag PDF asks for, and each character's glyph code in
    /// it. Characters the face lacks are left out: they are drawn as
    /// [`STAND_IN`].
    pub(crate) fn subset(&self, face: Face, chars: &BTreeSet<char>) -> Result<Subset, ReportError> {
        let mut glyphs: BTreeSet<u16> = chars.iter().filter_map(|&c| self.glyph(c)).collect();
        glyphs.insert(self.stand_in_glyph);
        // .notdef first, as allsorts requires; the subset numbers glyphs by
        // their position in this list.
        let order: Vec<u16> = std::iter::once(0).chain(glyphs.iter().copied()).collect();
        let new_id = |glyph: u16| {
            order
                .iter()
                .position(|&g| g == glyph)
                .and_then(|i| u16::try_from(i).ok())
        };

        let scope = ReadScope::new(self.bytes);
        let font_data = scope
            .read::<FontData<'_>>()
            .map_err(|e| ReportError::Font(e.to_string()))?;
        let provider = font_data
            .table_provider(0)
            .map_err(|e| ReportError::Font(e.to_string()))?;
        let profile =
            SubsetProfile::Custom(vec![tag::HEAD, tag::HHEA, tag::HMTX, tag::MAXP, tag::POST]);
        let bytes = subset(&provider, &order, &profile, CmapTarget::Unicode)
            .map_err(|e| ReportError::Font(e.to_string()))?;
        let bytes = crate::sfnt::without_hinting(&bytes)?;

        let mut codepoint_to_glyph = BTreeMap::new();
        for &c in chars.iter().chain(std::iter::once(&STAND_IN)) {
            if let Some(id) = self.glyph(c).and_then(new_id) {
                codepoint_to_glyph.insert(c as u32, id);
            }
        }
        let glyph_widths: BTreeMap<u16, u16> = order
            .iter()
            .enumerate()
            .filter_map(|(i, &glyph)| {
                let advance = self.advance_by_glyph.get(usize::from(glyph)).copied()?;
                Some((u16::try_from(i).ok()?, advance))
            })
            .collect();

        let codes = codepoint_to_glyph
            .iter()
            .filter_map(|(&c, &code)| Some((char::from_u32(c)?, code)))
            .collect();
        let font = ParsedFont {
            original_bytes: bytes,
            font_index: 0,
            font_name: Some(format!(
                "{}+{}",
                subset_tag(face, &order),
                face.postscript_name()
            )),
            codepoint_to_glyph,
            glyph_widths,
            units_per_em: self.parsed.units_per_em,
            font_metrics: self.parsed.font_metrics.clone(),
            font_type: FontType::TrueType,
            pdf_font_metrics: self.parsed.pdf_font_metrics.clone(),
        };
        Ok(Subset { font, codes })
    }
}

/// A subset font, ready for printpdf, and the code of each character in it.
pub(crate) struct Subset {
    pub font: ParsedFont,
    pub codes: Vec<(char, u16)>,
}

/// Six capital letters that name this subset (ISO 32000-1, 9.6.4): derived
/// from the glyphs it holds, so the same report always gets the same tag.
fn subset_tag(face: Face, glyphs: &[u16]) -> String {
    // FNV-1a over the glyph ids.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ face as u64;
    for glyph in glyphs {
        for byte in glyph.to_be_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        let fonts = Fonts::get().expect("fonts");
        let narrow = fonts.width(Face::Regular, 10.0, "iiii");
        let wide = fonts.width(Face::Regular, 10.0, "MMMM");
        assert!(narrow < wide);
        assert!(
            fonts.width(Face::Bold, 10.0, "Prevent") > fonts.width(Face::Regular, 10.0, "Prevent")
        );
        // Liberation Sans is metric-compatible with Arial: "M" is 0.833 em.
        assert!((fonts.width(Face::Regular, 12.0, "M") - 10.0).abs() < 0.01);
    }

    #[test]
    fn a_missing_character_measures_as_its_stand_in() {
        let fonts = Fonts::get().expect("fonts");
        let face = fonts.face(Face::Regular);
        assert!(!face.has_glyph('\u{2713}'));
        assert_eq!(face.width("\u{2713}", 10.0), face.width("\u{25A1}", 10.0));
    }

    #[test]
    fn a_subset_keeps_only_what_is_used() {
        let fonts = Fonts::get().expect("fonts");
        let chars: BTreeSet<char> = "Prevent café".chars().collect();
        let font = fonts
            .face(Face::Regular)
            .subset(Face::Regular, &chars)
            .expect("subset")
            .font;
        assert!(
            font.original_bytes.len() < 8_000,
            "{}",
            font.original_bytes.len()
        );
        assert_eq!(font.codepoint_to_glyph.len(), chars.len() + 1);
        assert!(
            font.font_name
                .as_deref()
                .is_some_and(|n| n.ends_with("+LiberationSans"))
        );
    }
}
