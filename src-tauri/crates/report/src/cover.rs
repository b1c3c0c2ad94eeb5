//! The cover: whose assessment this is, of which framework, when, whether it
//! is signed off, which version it is, and what the report contains.

use prevent_core::AssessmentRecord;
use prevent_core::catalogue::HeaderMapping;

use crate::flow::{Flow, SUBTITLE};
use crate::fonts::Face;
use crate::page::{
    BODY, BODY_BOTTOM, CELL, CONTENT_LEFT, CONTENT_RIGHT, CONTENT_WIDTH, Colour, Mark, NOTE,
    TextStyle,
};
use crate::table::{Cell, Column, Row, Table};
use crate::words::{date_time_utc, long_date};
use crate::wrap::wrap;
use crate::{Anchors, Stamp};

const BAND_TITLE: TextStyle = TextStyle::new(Face::Bold, 26.0, Colour::WHITE);
const BAND_ORGANISATION: TextStyle = TextStyle::new(Face::Bold, 14.0, Colour::WHITE);
const BAND_FRAMEWORK: TextStyle = TextStyle::new(Face::Regular, 10.0, Colour::WHITE);
const BAND_PADDING: f32 = 20.0;

pub(crate) fn write(flow: &mut Flow, record: &AssessmentRecord, stamp: &Stamp, anchors: &Anchors) {
    let framework = record.framework();
    let header = &record.assessment;

    // The blue band: the product, the organisation, the framework.
    let inner = CONTENT_WIDTH - 2.0 * BAND_PADDING;
    let blocks: Vec<(Vec<String>, TextStyle, f32)> = vec![
        (
            wrap(flow.fonts, BAND_TITLE, "Prevent self-assessment", inner),
            BAND_TITLE,
            8.0,
        ),
        (
            wrap(flow.fonts, BAND_ORGANISATION, &header.organisation, inner),
            BAND_ORGANISATION,
            4.0,
        ),
        (
            wrap(flow.fonts, BAND_FRAMEWORK, &framework.title, inner),
            BAND_FRAMEWORK,
            0.0,
        ),
    ];
    title_band(flow, &blocks);

    // Draft or signed off, as a coloured panel that says it in words too.
    let (status, status_colour, status_note) = if record.is_signed() {
        let last = record
            .signatories
            .last()
            .map(|s| date_time_utc(s.signed_at));
        (
            "Signed off".to_owned(),
            Colour::GREEN,
            format!(
                "Signed off by {}{}.",
                names(record),
                last.map(|l| format!("; last on {l}")).unwrap_or_default()
            ),
        )
    } else {
        (
            "Draft".to_owned(),
            Colour::RED,
            "Not signed off. This report is a draft and is not sealed.".to_owned(),
        )
    };
    let panel_style = TextStyle::new(Face::Bold, 12.0, Colour::WHITE);
    let note_lines = wrap(flow.fonts, BODY, &status_note, CONTENT_WIDTH - 130.0);
    let panel_height = (note_lines.len() as f32 * BODY.leading()).max(panel_style.leading()) + 14.0;
    let y = flow.y();
    flow.mark(Mark::Fill {
        x: CONTENT_LEFT,
        y,
        width: 110.0,
        height: panel_height,
        colour: status_colour,
    });
    flow.mark(Mark::Frame {
        x: CONTENT_LEFT,
        y,
        width: CONTENT_WIDTH,
        height: panel_height,
        colour: status_colour,
        thickness: 1.2,
    });
    flow.advance(7.0);
    let saved = flow.y();
    flow.text_line(CONTENT_LEFT + 10.0, &status, panel_style);
    flow.advance(saved - flow.y());
    for line in &note_lines {
        flow.text_line(CONTENT_LEFT + 122.0, line, BODY);
    }
    flow.advance(y + panel_height - flow.y());
    flow.gap(16.0);

    // The template's form header, then what identifies this report.
    let mut details = Table::new(vec![Column::new("", 1.25), Column::new("", 3.0)]);
    let mut add = |label: &str, value: String| {
        details.push(Row::new(vec![
            Cell::styled(label, CELL.bold().sized(8.5)),
            Cell::styled(value, CELL.sized(8.5)),
        ]));
    };
    let mut shown = Vec::new();
    for field in &framework.header_fields {
        let value = match field.maps_to {
            Some(HeaderMapping::Organisation) => header.organisation.clone(),
            Some(HeaderMapping::Assessor) => header.assessor.clone(),
            Some(HeaderMapping::AssessmentDate) => long_date(header.assessment_date),
            None => continue,
        };
        shown.extend(field.maps_to);
        add(&field.label, value);
    }
    for (field, label, value) in [
        (
            HeaderMapping::Organisation,
            "Organisation",
            header.organisation.clone(),
        ),
        (HeaderMapping::Assessor, "Assessor", header.assessor.clone()),
        (
            HeaderMapping::AssessmentDate,
            "Date of assessment",
            long_date(header.assessment_date),
        ),
    ] {
        if !shown.contains(&field) {
            add(label, value);
        }
    }
    add("Framework", framework.title.clone());
    add(
        "Framework version",
        format!(
            "{} (content revision {})",
            framework.version, framework.content_revision
        ),
    );
    add("Report status", status);
    add("Assessment status", header.status.label().to_owned());
    add("Assessment id", header.id.to_string());
    add(
        "Version of this assessment",
        match header.previous_version {
            Some(previous) => format!("{}: a new version of assessment {previous}", header.version),
            None => format!("{}", header.version),
        },
    );
    add("As at", date_time_utc(record.prepared_at));
    add("Record digest (SHA-256)", stamp.digest.clone());
    flow.table(&details);

    // Contents, with page numbers filled in once the pages are known.
    flow.heading("Contents", SUBTITLE, None);
    for &anchor in &anchors.contents {
        let Some(entry) = flow.anchors().get(anchor).cloned() else {
            continue;
        };
        let (style, indent) = if entry.level == 0 {
            (BODY.bold(), 0.0)
        } else {
            (BODY, 14.0)
        };
        let baseline = flow.baseline(style);
        flow.mark(Mark::PageNumberOf {
            anchor,
            right: CONTENT_RIGHT,
            baseline,
            style,
        });
        let lines = wrap(
            flow.fonts,
            style,
            &entry.title,
            CONTENT_WIDTH - indent - 40.0,
        );
        for line in &lines {
            flow.text_line(CONTENT_LEFT + indent, line, style);
        }
        flow.advance(1.5);
    }

    // Where the wording comes from, at the foot of the cover.
    let source = &framework.source;
    let attribution = format!(
        "{}. Source: {}, {}, {} ({}).",
        framework.source_attribution.trim_end_matches('.'),
        source.publisher,
        source.document,
        source.part,
        source.published
    );
    let lines = wrap(flow.fonts, NOTE, &attribution, CONTENT_WIDTH);
    let height = lines.len() as f32 * NOTE.leading();
    let foot = BODY_BOTTOM - height;
    if foot > flow.y() + 10.0 {
        flow.advance(foot - flow.y());
    }
    flow.lines(&lines, NOTE, CONTENT_LEFT);
}

/// "Dr Priya Shah and Alex Morgan".
/// The blue band at the top of a report's first page: each block's lines
/// in its style, then the space after it, on NHS blue across the content.
pub(crate) fn title_band(flow: &mut Flow, blocks: &[(Vec<String>, TextStyle, f32)]) {
    let height = 2.0 * BAND_PADDING
        + blocks
            .iter()
            .map(|(lines, style, after)| lines.len() as f32 * style.leading() + after)
            .sum::<f32>();
    let top = flow.y();
    flow.mark(Mark::Fill {
        x: CONTENT_LEFT,
        y: top,
        width: CONTENT_WIDTH,
        height,
        colour: Colour::NHS_BLUE,
    });
    flow.advance(BAND_PADDING);
    for (lines, style, after) in blocks {
        for line in lines {
            flow.text_line(CONTENT_LEFT + BAND_PADDING, line, *style);
        }
        flow.advance(*after);
    }
    flow.advance(BAND_PADDING);
    flow.gap(14.0);
}

fn names(record: &AssessmentRecord) -> String {
    let names: Vec<&str> = record.signatories.iter().map(|s| s.name.as_str()).collect();
    prevent_core::text::and_list(&names)
}
