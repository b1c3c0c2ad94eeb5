//! The page model between layout and PDF: what is drawn where on each page,
//! measured from the top-left corner in points, before page numbers exist.
//!
//! Layout fills pages with marks first; only once every page is known are the
//! running header and footer ("Page n of N") added and the marks turned into
//! printpdf operations.

use crate::fonts::Face;

/// A4 portrait, in points.
pub(crate) const PAGE_WIDTH: f32 = 595.28;
pub(crate) const PAGE_HEIGHT: f32 = 841.89;
/// 18 mm.
pub(crate) const MARGIN: f32 = 51.02;
pub(crate) const CONTENT_LEFT: f32 = MARGIN;
pub(crate) const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
pub(crate) const CONTENT_RIGHT: f32 = PAGE_WIDTH - MARGIN;
/// Where the body starts, below the running header.
pub(crate) const BODY_TOP: f32 = 62.0;
/// Where the body must end, above the running footer.
pub(crate) const BODY_BOTTOM: f32 = PAGE_HEIGHT - 58.0;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Colour(pub u8, pub u8, pub u8);

impl Colour {
    /// NHS Blue.
    pub(crate) const NHS_BLUE: Colour = Colour(0x00, 0x5E, 0xB8);
    /// NHS Dark Blue.
    pub(crate) const DARK_BLUE: Colour = Colour(0x00, 0x30, 0x87);
    /// The NHS text colour.
    pub(crate) const TEXT: Colour = Colour(0x21, 0x2B, 0x32);
    /// NHS secondary text.
    pub(crate) const SECONDARY: Colour = Colour(0x4C, 0x62, 0x72);
    pub(crate) const WHITE: Colour = Colour(0xFF, 0xFF, 0xFF);
    /// Table borders.
    pub(crate) const BORDER: Colour = Colour(0xAE, 0xB7, 0xBD);
    /// Table header cells: a light grey-blue.
    pub(crate) const HEADER_FILL: Colour = Colour(0xE2, 0xEB, 0xF4);
    /// Rows that group the rows below them.
    pub(crate) const GROUP_FILL: Colour = Colour(0xF0, 0xF4, 0xF5);
    /// NHS Pale Grey.
    pub(crate) const PALE_GREY: Colour = Colour(0xE8, 0xED, 0xEE);
    pub(crate) const GREEN: Colour = Colour(0x00, 0x7F, 0x3B);
    pub(crate) const WARM_YELLOW: Colour = Colour(0xFF, 0xB8, 0x1C);
    pub(crate) const RED: Colour = Colour(0xD5, 0x28, 0x1B);
    pub(crate) const MID_GREY: Colour = Colour(0x76, 0x86, 0x92);
    /// The watermark on a draft.
    pub(crate) const WATERMARK: Colour = Colour(0xEE, 0xF0, 0xF2);
}

/// How a piece of text is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextStyle {
    pub face: Face,
    pub size: f32,
    pub colour: Colour,
}

impl TextStyle {
    pub(crate) const fn new(face: Face, size: f32, colour: Colour) -> TextStyle {
        TextStyle { face, size, colour }
    }

    /// The distance from one baseline to the next.
    pub(crate) fn leading(&self) -> f32 {
        self.size * 1.28
    }

    pub(crate) const fn bold(self) -> TextStyle {
        TextStyle {
            face: Face::Bold,
            ..self
        }
    }

    pub(crate) const fn coloured(self, colour: Colour) -> TextStyle {
        TextStyle { colour, ..self }
    }

    pub(crate) const fn sized(self, size: f32) -> TextStyle {
        TextStyle { size, ..self }
    }
}

/// Body text.
pub(crate) const BODY: TextStyle = TextStyle::new(Face::Regular, 9.5, Colour::TEXT);
/// Table text.
pub(crate) const CELL: TextStyle = TextStyle::new(Face::Regular, 8.0, Colour::TEXT);
/// Table headings.
pub(crate) const CELL_HEADING: TextStyle = TextStyle::new(Face::Bold, 7.6, Colour::TEXT);
/// Notes beside or under the main text.
pub(crate) const NOTE: TextStyle = TextStyle::new(Face::Regular, 7.6, Colour::SECONDARY);

/// One thing drawn on a page. `y` grows downwards from the top of the page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    /// One line of text; `baseline` is its baseline.
    Text {
        x: f32,
        baseline: f32,
        style: TextStyle,
        text: String,
    },
    /// The page number a bookmark lands on, right-aligned at `right`.
    PageNumberOf {
        anchor: usize,
        right: f32,
        baseline: f32,
        style: TextStyle,
    },
    Fill {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        colour: Colour,
    },
    /// A rectangle's outline.
    Frame {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        colour: Colour,
        thickness: f32,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        colour: Colour,
        thickness: f32,
    },
    /// Diagonal lines across a rectangle: a pattern that tells a bar's parts
    /// apart without colour.
    Hatch {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        colour: Colour,
    },
}

/// One page's marks.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    pub marks: Vec<Mark>,
}

/// A place in the report a reader may jump to: a bookmark and a line in the
/// contents.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Anchor {
    pub title: String,
    /// 0 for a part of the report, 1 for a part within it.
    pub level: u8,
    /// Index of the page, once placed.
    pub page: Option<usize>,
    /// Where on the page it starts.
    pub y: f32,
}
