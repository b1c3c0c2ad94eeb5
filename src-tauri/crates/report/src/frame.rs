//! What every page carries around its body: the running header (organisation,
//! assessment, and DRAFT on a draft), the footer ("Page n of N", the
//! assessment id, the start of the record's digest), and a draft's watermark.
//!
//! These are added after layout, when the number of pages is known.

use crate::content::Content;
use crate::fonts::{Face, Fonts};
use crate::page::{
    CONTENT_LEFT, CONTENT_RIGHT, CONTENT_WIDTH, Colour, Mark, PAGE_HEIGHT, PAGE_WIDTH, TextStyle,
};

const HEADER_BASELINE: f32 = 36.0;
const HEADER_RULE: f32 = 43.0;
const FOOTER_RULE: f32 = PAGE_HEIGHT - 46.0;
const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 34.0;

const HEADER_LEFT: TextStyle = TextStyle::new(Face::Bold, 8.0, Colour::NHS_BLUE);
const HEADER_RIGHT: TextStyle = TextStyle::new(Face::Regular, 8.0, Colour::SECONDARY);
const DRAFT_TAG: TextStyle = TextStyle::new(Face::Bold, 8.0, Colour::WHITE);
const FOOTER: TextStyle = TextStyle::new(Face::Regular, 7.2, Colour::SECONDARY);
const FOOTER_PAGE: TextStyle = TextStyle::new(Face::Bold, 7.6, Colour::TEXT);

/// The words of the running header and footer.
pub(crate) struct RunningText {
    /// The organisation.
    pub header_left: String,
    /// "Prevent self-assessment, 14 November 2026".
    pub header_right: String,
    /// "Assessment … · record digest …".
    pub footer_left: String,
    pub draft: bool,
}

/// The header and footer of page `number` (from 1) of `total`.
pub(crate) fn running_marks(
    fonts: &Fonts,
    text: &RunningText,
    number: usize,
    total: usize,
) -> Vec<Mark> {
    let mut marks = Vec::new();
    let width = |style: TextStyle, s: &str| fonts.width(style.face, style.size, s);

    // Right to left: the DRAFT tag, the assessment, then the organisation in what is left.
    let mut right_edge = CONTENT_RIGHT;
    if text.draft {
        let word = "DRAFT";
        let tag_width = width(DRAFT_TAG, word) + 10.0;
        let x = right_edge - tag_width;
        marks.push(Mark::Fill {
            x,
            y: HEADER_BASELINE - 9.0,
            width: tag_width,
            height: 12.0,
            colour: Colour::RED,
        });
        marks.push(Mark::Text {
            x: x + 5.0,
            baseline: HEADER_BASELINE,
            style: DRAFT_TAG,
            text: word.to_owned(),
        });
        right_edge = x - 8.0;
    }
    let right_width = width(HEADER_RIGHT, &text.header_right);
    marks.push(Mark::Text {
        x: right_edge - right_width,
        baseline: HEADER_BASELINE,
        style: HEADER_RIGHT,
        text: text.header_right.clone(),
    });
    let room = (right_edge - right_width - 12.0 - CONTENT_LEFT).max(0.0);
    marks.push(Mark::Text {
        x: CONTENT_LEFT,
        baseline: HEADER_BASELINE,
        style: HEADER_LEFT,
        text: fit(fonts, HEADER_LEFT, &text.header_left, room),
    });
    marks.push(Mark::Line {
        from: (CONTENT_LEFT, HEADER_RULE),
        to: (CONTENT_RIGHT, HEADER_RULE),
        colour: Colour::NHS_BLUE,
        thickness: 0.8,
    });

    marks.push(Mark::Line {
        from: (CONTENT_LEFT, FOOTER_RULE),
        to: (CONTENT_RIGHT, FOOTER_RULE),
        colour: Colour::BORDER,
        thickness: 0.5,
    });
    let page = format!("Page {number} of {total}");
    let page_width = width(FOOTER_PAGE, &page);
    marks.push(Mark::Text {
        x: CONTENT_LEFT,
        baseline: FOOTER_BASELINE,
        style: FOOTER,
        text: fit(
            fonts,
            FOOTER,
            &text.footer_left,
            CONTENT_WIDTH - page_width - 12.0,
        ),
    });
    marks.push(Mark::Text {
        x: CONTENT_RIGHT - page_width,
        baseline: FOOTER_BASELINE,
        style: FOOTER_PAGE,
        text: page,
    });
    marks
}

/// `text` cut with an ellipsis to fit `width`: a running head is one line.
fn fit(fonts: &Fonts, style: TextStyle, text: &str, width: f32) -> String {
    let measure = |s: &str| fonts.width(style.face, style.size, s);
    if measure(text) <= width {
        return text.to_owned();
    }
    let mut cut: String = String::new();
    for c in text.chars() {
        cut.push(c);
        if measure(&cut) + measure("…") > width {
            cut.pop();
            break;
        }
    }
    format!("{}…", cut.trim_end())
}

/// A draft's watermark: "DRAFT" across the page in pale grey, drawn as
/// strokes rather than text so that it never mixes into the text a reader
/// copies or a screen reader reads.
pub(crate) fn draft_watermark(out: &mut Content) {
    // Monoline letters on a grid one unit high; each is a list of strokes,
    // each stroke a list of (x, y, is_bezier_control_point).
    type Stroke = &'static [(f32, f32, bool)];
    const D: &[Stroke] = &[&[
        (0.0, 0.0, false),
        (0.0, 1.0, false),
        (0.26, 1.0, false),
        (0.52, 1.0, true),
        (0.62, 0.78, true),
        (0.62, 0.5, false),
        (0.62, 0.22, true),
        (0.52, 0.0, true),
        (0.26, 0.0, false),
        (0.0, 0.0, false),
    ]];
    const R: &[Stroke] = &[
        &[
            (0.0, 0.0, false),
            (0.0, 1.0, false),
            (0.3, 1.0, false),
            (0.48, 1.0, true),
            (0.57, 0.88, true),
            (0.57, 0.74, false),
            (0.57, 0.6, true),
            (0.48, 0.48, true),
            (0.3, 0.48, false),
            (0.0, 0.48, false),
        ],
        &[(0.3, 0.48, false), (0.6, 0.0, false)],
    ];
    const A: &[Stroke] = &[
        &[(0.0, 0.0, false), (0.31, 1.0, false), (0.62, 0.0, false)],
        &[(0.11, 0.34, false), (0.51, 0.34, false)],
    ];
    const F: &[Stroke] = &[
        &[(0.56, 1.0, false), (0.0, 1.0, false), (0.0, 0.0, false)],
        &[(0.0, 0.52, false), (0.46, 0.52, false)],
    ];
    const T: &[Stroke] = &[
        &[(0.0, 1.0, false), (0.62, 1.0, false)],
        &[(0.31, 1.0, false), (0.31, 0.0, false)],
    ];
    const LETTERS: [(&[Stroke], f32); 5] = [(D, 0.62), (R, 0.6), (A, 0.62), (F, 0.56), (T, 0.62)];
    const GAP: f32 = 0.3;
    const HEIGHT: f32 = 118.0;

    let total: f32 = LETTERS.iter().map(|(_, w)| w).sum::<f32>() + GAP * (LETTERS.len() - 1) as f32;
    let angle = (PAGE_HEIGHT / PAGE_WIDTH).atan() * 0.9;
    let (sin, cos) = angle.sin_cos();
    out.op("q");
    // Rotate about the page's centre and scale the grid to the letters' height.
    for value in [
        cos * HEIGHT,
        sin * HEIGHT,
        -sin * HEIGHT,
        cos * HEIGHT,
        PAGE_WIDTH / 2.0,
        PAGE_HEIGHT / 2.0,
    ] {
        out.number(value);
    }
    out.op("cm");
    out.colour(Colour::WATERMARK, "RG");
    // In grid units: the matrix scales strokes too. Round caps and joins.
    out.number(0.13);
    out.op("w 1 J 1 j");
    let mut left = -total / 2.0;
    for (strokes, advance) in LETTERS {
        for stroke in strokes {
            let mut points = stroke.iter();
            if let Some(&(x, y, _)) = points.next() {
                out.number(left + x);
                out.number(y - 0.5);
                out.op("m");
            }
            // A curve's two control points come before its end point.
            let mut after_control = false;
            for &(x, y, is_control) in points {
                out.number(left + x);
                out.number(y - 0.5);
                if is_control {
                    after_control = true;
                    continue;
                }
                out.op(if after_control { "c" } else { "l" });
                after_control = false;
            }
            out.op("S");
        }
        left += advance + GAP;
    }
    out.op("Q");
}
