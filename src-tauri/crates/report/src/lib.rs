//! The assessment's report as an A4 PDF, rendered from an
//! [`AssessmentRecord`] and nothing else.
//!
//! The same record and stamp always give the same bytes: that is what lets a
//! sealed report be checked later by rendering its attached record again.
//! Everything the layout names (sections, columns, labels, response words)
//! comes from the framework inside the record, so another framework renders
//! without code changes.
//!
//! Layout happens first, into pages of marks (`flow`, `table`); the running
//! header and footer ("Page n of N") are added once the number of pages is
//! known, and `pdf` writes the result with printpdf.

mod answers;
mod audit;
mod board;
mod content;
mod cover;
mod evidence;
mod flow;
mod fonts;
mod frame;
mod page;
mod pdf;
mod plan;
mod printable;
mod sfnt;
mod sign_off;
mod summary;
mod table;
mod training;
mod verification;
mod words;
mod wrap;

#[doc(hidden)]
pub mod sample;

use prevent_core::AssessmentRecord;

pub use crate::board::{BOARD_LAYOUT_VERSION, can_draw_board, render_board_report};

use crate::flow::Flow;
use crate::fonts::Fonts;
use crate::frame::RunningText;
use crate::pdf::{DocumentInfo, write_pdf};
use crate::words::{long_date, short_hex};

/// The version of the report's drawing that new records are drawn with.
///
/// A sealed PDF is checked by drawing its record again and comparing the
/// whole file byte for byte, which only holds for the same drawing. So the
/// record names its layout (`AssessmentRecord::layout`), and every layout
/// ever issued stays drawable here, exactly: bump this whenever any byte of
/// a new report would come out differently, and keep the old drawing behind
/// `record.layout()` where it changed. A test pins the bytes of a sample
/// report in each layout, and PDFs sealed by earlier versions are kept as
/// fixtures that must still verify.
///
/// - Layout 1: the first.
/// - Layout 2: characters the font cannot draw, right-to-left letters and
///   hidden characters printed as code points (`printable`); the sign-off
///   page says when each sign-off was recorded and by whom; the check page
///   names the app's own check; the producer names the layout, not the
///   app's version.
/// - Layout 3: the audit appendix names kinds, fields and values as the app's
///   audit page does (labels, statuses, dates in words) and counts changes
///   as it does; a part without lead or date-for-completion columns (the
///   2011 checklist) prints them under the comment, and a passed review
///   date says so; the check page names the app's "Check a PDF" screen
///   first.
///
/// A section drawn only from a part of the record that older records do
/// not have is not a new layout: every record that could be drawn before
/// draws the same bytes. The training section (after the answers) is such
/// a part of layout 2: drawn when the record carries training figures,
/// which only records of frameworks that show them, made since, do.
pub const LAYOUT_VERSION: u32 = 3;

/// The oldest layout this version draws.
pub const OLDEST_LAYOUT: u32 = 1;

/// Whether this version can draw records of `layout`.
pub fn can_draw(layout: u32) -> bool {
    (OLDEST_LAYOUT..=LAYOUT_VERSION).contains(&layout)
}

/// The catalog key that records the layout in every report, for people
/// reading the file (checking never trusts it: the record says).
pub const LAYOUT_KEY: &str = "PSALayout";

/// What identifies the report besides the record: printed on every page and
/// on the verification page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// Lower-case hex SHA-256 of the record's canonical serialisation (record.digest()).
    pub digest: String,
    /// The signing certificate's SHA-256 fingerprint as shown to people (e.g. "AB:CD:…"), when sealed.
    pub certificate_fingerprint: Option<String>,
    /// The certificate's subject as shown (e.g. "Northshire NHS Trust (Prevent Self-Assessment)"), when sealed.
    pub certificate_subject: Option<String>,
}

/// A report that cannot be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(
        "the record is drawn with report layout {layout}, and this version draws layouts {OLDEST_LAYOUT} to {LAYOUT_VERSION}"
    )]
    UnknownLayout { layout: u32 },
    #[error(
        "the action plan template's column `{id}` (\"{label}\") is not one this version can fill"
    )]
    UnknownPlanColumn { id: String, label: String },
    #[error(
        "one of its table rows would run to more than {} lines, which no report the app makes does",
        crate::flow::MAX_LINES_IN_A_ROW
    )]
    RowTooLong,
    #[error("the report's font could not be used: {0}")]
    Font(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// The places the contents list and the bookmarks point to, declared before
/// the cover so that the cover can list them.
pub(crate) struct Anchors {
    pub summary: usize,
    pub answers: usize,
    /// One per part of the framework, in order.
    pub parts: Vec<usize>,
    /// Only for a record that carries training figures.
    pub training: Option<usize>,
    pub evidence: usize,
    pub plan: usize,
    pub sign_off: usize,
    pub audit: usize,
    pub verification: usize,
    /// All of them, in reading order.
    pub contents: Vec<usize>,
}

impl Anchors {
    fn declare(flow: &mut Flow, record: &AssessmentRecord) -> Anchors {
        let framework = record.framework();
        let summary = flow.declare_anchor("Summary", 0);
        let answers = flow.declare_anchor("Answers", 0);
        let parts = framework
            .parts
            .iter()
            .map(|p| flow.declare_anchor(p.heading.clone(), 1))
            .collect::<Vec<_>>();
        let training = record
            .training
            .is_some()
            .then(|| flow.declare_anchor("Training compliance", 0));
        let evidence = flow.declare_anchor("Evidence", 0);
        let plan = flow.declare_anchor(framework.action_plan_template.title.clone(), 0);
        let sign_off = flow.declare_anchor("Sign-off", 0);
        let audit = flow.declare_anchor("Appendix: audit trail", 0);
        let verification = flow.declare_anchor("How to check this report", 0);
        let mut contents = vec![summary, answers];
        contents.extend(&parts);
        contents.extend(training);
        contents.extend([evidence, plan, sign_off, audit, verification]);
        Anchors {
            summary,
            answers,
            parts,
            training,
            evidence,
            plan,
            sign_off,
            audit,
            verification,
            contents,
        }
    }
}

/// Renders the report of `record` as PDF bytes. A record nobody has signed
/// off is a draft, and every page says so.
pub fn render(record: &AssessmentRecord, stamp: &Stamp) -> Result<Vec<u8>, ReportError> {
    let layout = record.layout();
    if !can_draw(layout) {
        return Err(ReportError::UnknownLayout { layout });
    }
    if layout >= 2 {
        let (record, stamp) = printable::printable_record(record, stamp);
        draw(&record, &stamp, layout)
    } else {
        draw(record, stamp, layout)
    }
}

fn draw(record: &AssessmentRecord, stamp: &Stamp, layout: u32) -> Result<Vec<u8>, ReportError> {
    let fonts = Fonts::get()?;
    let mut flow = Flow::new(fonts);
    let anchors = Anchors::declare(&mut flow, record);

    cover::write(&mut flow, record, stamp, &anchors);
    summary::write(&mut flow, record, anchors.summary);
    answers::write(&mut flow, record, &anchors)?;
    // The figures after the answers of the standards they bear on (the
    // frameworks' last part), before the evidence.
    if let (Some(figures), Some(anchor)) = (&record.training, anchors.training) {
        training::write(&mut flow, record, figures, anchor);
    }
    evidence::write(&mut flow, record, anchors.evidence);
    plan::write(&mut flow, record, &anchors)?;
    sign_off::write(&mut flow, record, anchors.sign_off);
    audit::write(&mut flow, record, anchors.audit);
    verification::write(&mut flow, record, stamp, anchors.verification);
    if flow.row_too_long {
        return Err(ReportError::RowTooLong);
    }
    let (pages, anchor_list) = flow.finish();

    let header = &record.assessment;
    let assessment = format!(
        "Prevent self-assessment, {}",
        long_date(header.assessment_date)
    );
    let running = RunningText {
        header_left: header.organisation.clone(),
        header_right: assessment.clone(),
        footer_left: format!(
            "Assessment {} \u{00B7} version {} \u{00B7} record digest {}",
            header.id,
            header.version,
            short_hex(&stamp.digest, 16)
        ),
        draft: !record.is_signed(),
    };
    let info = DocumentInfo {
        title: format!("{assessment}: {}", header.organisation),
        author: header.organisation.clone(),
        subject: format!(
            "{} (version {}, content revision {}){}",
            record.framework().title,
            record.framework().version,
            record.framework().content_revision,
            if record.is_signed() {
                ""
            } else {
                ". DRAFT: not signed off"
            }
        ),
        keywords: format!("Prevent; self-assessment; {}", stamp.digest),
        created: record.prepared_at,
        layout,
    };
    write_pdf(
        fonts,
        pages,
        &anchor_list,
        &running,
        &info,
        &file_id(&stamp.digest),
    )
}

/// The trailer's `/ID`: the first 16 bytes of the record's digest, so that
/// the same record gives the same file and another record another file.
fn file_id(digest: &str) -> Vec<u8> {
    let bytes: Vec<u8> = (0..digest.len() / 2)
        .filter_map(|i| digest.get(2 * i..2 * i + 2))
        .filter_map(|pair| u8::from_str_radix(pair, 16).ok())
        .take(16)
        .collect();
    if bytes.len() == 16 {
        bytes
    } else {
        // Not hex: still derived from the digest text, never random.
        let mut id = [0u8; 16];
        for (i, b) in digest.bytes().enumerate() {
            id[i % 16] = id[i % 16].wrapping_mul(31).wrapping_add(b);
        }
        id.to_vec()
    }
}

/// The code points both faces of the report's font can draw, as inclusive
/// ranges in order: the source of `prevent_core::text::DRAWABLE`, which the
/// core checks typed text against (a test keeps the two equal). Control and
/// hidden characters are left out even where the font maps them.
#[doc(hidden)]
pub fn drawable_ranges() -> Result<Vec<(u32, u32)>, ReportError> {
    let fonts = Fonts::get()?;
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for code in 0u32..0x1_0000 {
        let Some(c) = char::from_u32(code) else {
            continue;
        };
        let drawable = fonts::Face::ALL
            .iter()
            .all(|&face| fonts.face(face).has_glyph(c))
            && !prevent_core::text::is_hidden(c);
        if !drawable {
            continue;
        }
        match ranges.last_mut() {
            Some((_, last)) if *last + 1 == code => *last = code,
            _ => ranges.push((code, code)),
        }
    }
    Ok(ranges)
}
