//! The summary: how each part of the framework was answered (a bar chart with
//! its numbers printed, so nothing depends on colour), the actions by
//! priority and status, and how many are overdue on the report's date.

use prevent_core::record::{PartCounts, RecordSummary};
use prevent_core::{ActionStatus, AssessmentRecord, Priority, Response};

use crate::flow::{Flow, SUBTITLE, TITLE};
use crate::fonts::Face;
use crate::page::{
    BODY, CELL, CELL_HEADING, CONTENT_LEFT, CONTENT_WIDTH, Colour, Mark, NOTE, TextStyle,
};
use crate::table::{Cell, Column, Row, Table};
use crate::words::{count, long_date};
use crate::wrap::wrap;

/// One response's place in the chart.
struct Segment {
    label: String,
    colour: Colour,
    /// The number's colour on the segment.
    ink: Colour,
    hatched: bool,
    count: fn(&PartCounts) -> u32,
}

const LABEL_WIDTH: f32 = 150.0;
const BAR_HEIGHT: f32 = 15.0;
const FIGURE: TextStyle = TextStyle::new(Face::Bold, 20.0, Colour::NHS_BLUE);

pub(crate) fn write(flow: &mut Flow, record: &AssessmentRecord, anchor: usize) {
    let summary = record.summary();
    let as_at = long_date(record.as_at());
    flow.start_new_page();
    flow.heading("Summary", TITLE, Some(anchor));

    let answered: u32 = summary
        .parts
        .iter()
        .map(|p| p.yes + p.partial + p.no + p.na)
        .sum();
    let entries: u32 = answered + summary.parts.iter().map(|p| p.unanswered).sum::<u32>();
    key_figures(
        flow,
        &[
            (
                format!("{answered} of {entries}"),
                "entries answered".to_owned(),
            ),
            (
                summary.total_actions.to_string(),
                if summary.total_actions == 1 {
                    "action in the plan"
                } else {
                    "actions in the plan"
                }
                .to_owned(),
            ),
            (
                summary.overdue.to_string(),
                format!("overdue as at {as_at}"),
            ),
        ],
    );

    flow.heading("Responses by part", SUBTITLE, None);
    flow.body(
        "Each bar is one part of the framework: its entries, by how they were answered. \
         An item answered through its sub-points is counted through them.",
    );
    let segments = segments(record);
    chart(flow, record, &summary, &segments);
    legend(flow, &segments);
    flow.gap(6.0);
    response_table(flow, record, &summary, &segments);

    flow.heading("Actions by priority and status", SUBTITLE, None);
    actions_table(flow, &summary);
    flow.body(&format!(
        "Overdue as at {as_at}: {}. An action is overdue when its completion date has passed \
         and it is not started or in progress while its gap is still open.",
        count(summary.overdue, "action", "actions")
    ));
}

/// A segment per response the framework's scales offer, in the order of
/// the engine's meanings, labelled with every scale's label for it ("Yes /
/// Included" where two scales label it differently), then "Not answered".
fn segments(record: &AssessmentRecord) -> Vec<Segment> {
    let scales = &record.framework().scales;
    let label = |response: Response| {
        let mut labels: Vec<&str> = Vec::new();
        for scale in scales.iter().filter(|s| s.offers(response)) {
            let label = scale.label(response);
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        labels.join(" / ")
    };
    let mut segments: Vec<Segment> = [
        (
            Response::Yes,
            Colour::GREEN,
            Colour::WHITE,
            false,
            (|p| p.yes) as fn(&PartCounts) -> u32,
        ),
        (
            Response::Partial,
            Colour::WARM_YELLOW,
            Colour::TEXT,
            true,
            |p| p.partial,
        ),
        (Response::No, Colour::RED, Colour::WHITE, false, |p| p.no),
        (Response::Na, Colour::MID_GREY, Colour::WHITE, true, |p| {
            p.na
        }),
    ]
    .into_iter()
    .filter(|(response, ..)| scales.iter().any(|s| s.offers(*response)))
    .map(|(response, colour, ink, hatched, count)| Segment {
        label: label(response),
        colour,
        ink,
        hatched,
        count,
    })
    .collect();
    segments.push(Segment {
        label: "Not answered".to_owned(),
        colour: Colour::WHITE,
        ink: Colour::TEXT,
        hatched: false,
        count: |p| p.unanswered,
    });
    segments
}

/// Three boxed numbers across the page.
fn key_figures(flow: &mut Flow, figures: &[(String, String)]) {
    let gap = 10.0;
    let width = (CONTENT_WIDTH - gap * (figures.len() as f32 - 1.0)) / figures.len() as f32;
    let label_style = BODY.sized(8.5).coloured(Colour::SECONDARY);
    let label_lines: Vec<Vec<String>> = figures
        .iter()
        .map(|(_, label)| wrap(flow.fonts, label_style, label, width - 20.0))
        .collect();
    let most = label_lines.iter().map(Vec::len).max().unwrap_or(1) as f32;
    let height = 20.0 + FIGURE.leading() + most * label_style.leading();
    flow.ensure(height + 10.0);
    let top = flow.y();
    for (index, ((figure, _), lines)) in figures.iter().zip(&label_lines).enumerate() {
        let x = CONTENT_LEFT + index as f32 * (width + gap);
        flow.mark(Mark::Fill {
            x,
            y: top,
            width,
            height,
            colour: Colour::PALE_GREY,
        });
        flow.mark(Mark::Fill {
            x,
            y: top,
            width: 4.0,
            height,
            colour: Colour::NHS_BLUE,
        });
        flow.advance(top + 10.0 - flow.y());
        flow.text_line(x + 14.0, figure, FIGURE);
        for line in lines {
            flow.text_line(x + 14.0, line, label_style);
        }
    }
    flow.advance(top + height - flow.y());
    flow.settle();
    flow.gap(14.0);
}

/// One stacked bar per part, each as wide as the page allows: the parts have
/// different numbers of entries, so each bar shows shares of its own part,
/// with the counts printed on it and its total beside it.
fn chart(
    flow: &mut Flow,
    record: &AssessmentRecord,
    summary: &RecordSummary,
    segments: &[Segment],
) {
    let total_width = 46.0;
    let bar_left = CONTENT_LEFT + LABEL_WIDTH + 8.0;
    let bar_width = CONTENT_WIDTH - LABEL_WIDTH - 8.0 - total_width;
    let label_style = CELL.sized(8.5);
    let number = CELL.bold().sized(8.0);
    for part in &summary.parts {
        let lines = wrap(
            flow.fonts,
            label_style,
            &part_name(record, part),
            LABEL_WIDTH,
        );
        let height = (lines.len() as f32 * label_style.leading()).max(BAR_HEIGHT);
        flow.ensure(height + 8.0);
        let top = flow.y();
        let bar_top = top + (height - BAR_HEIGHT) / 2.0;
        let label_top = top + (height - lines.len() as f32 * label_style.leading()) / 2.0;
        flow.advance(label_top - flow.y());
        for line in &lines {
            flow.text_line(CONTENT_LEFT, line, label_style);
        }
        let total: u32 = segments.iter().map(|s| (s.count)(part)).sum();
        let mut x = bar_left;
        for segment in segments {
            let n = (segment.count)(part);
            if n == 0 || total == 0 {
                continue;
            }
            let width = bar_width * n as f32 / total as f32;
            flow.mark(Mark::Fill {
                x,
                y: bar_top,
                width,
                height: BAR_HEIGHT,
                colour: segment.colour,
            });
            if segment.hatched {
                flow.mark(Mark::Hatch {
                    x,
                    y: bar_top,
                    width,
                    height: BAR_HEIGHT,
                    colour: shade(segment.colour),
                });
            }
            let text = n.to_string();
            let text_width = flow.fonts.width(number.face, number.size, &text);
            if text_width + 6.0 <= width {
                // A white chip under the number keeps it legible on the hatching.
                let chip = segment.hatched;
                let text_x = x + (width - text_width) / 2.0;
                if chip {
                    flow.mark(Mark::Fill {
                        x: text_x - 2.0,
                        y: bar_top + 3.0,
                        width: text_width + 4.0,
                        height: BAR_HEIGHT - 6.0,
                        colour: segment.colour,
                    });
                }
                let baseline = bar_top + BAR_HEIGHT / 2.0 + number.size * 0.35;
                flow.mark(Mark::Text {
                    x: text_x,
                    baseline,
                    style: number.coloured(segment.ink),
                    text,
                });
            }
            x += width;
        }
        flow.mark(Mark::Frame {
            x: bar_left,
            y: bar_top,
            width: bar_width,
            height: BAR_HEIGHT,
            colour: Colour::SECONDARY,
            thickness: 0.5,
        });
        let total_text = total.to_string();
        flow.mark(Mark::Text {
            x: bar_left + bar_width + 8.0,
            baseline: bar_top + BAR_HEIGHT / 2.0 + 8.0 * 0.35,
            style: CELL.sized(8.0).coloured(Colour::SECONDARY),
            text: format!("{total_text} in all"),
        });
        flow.advance(top + height + 8.0 - flow.y());
        flow.settle();
    }
}

/// "Section 1: Organisational": the part's heading, as the answers name it.
fn part_name(record: &AssessmentRecord, part: &PartCounts) -> String {
    record
        .framework()
        .part(&part.key)
        .map_or_else(|| part.heading.clone(), |p| p.heading.clone())
}

/// A darker line colour for a segment's hatching.
fn shade(colour: Colour) -> Colour {
    let darken = |c: u8| (f32::from(c) * 0.72) as u8;
    Colour(darken(colour.0), darken(colour.1), darken(colour.2))
}

/// The key: a swatch and the label of each response.
fn legend(flow: &mut Flow, segments: &[Segment]) {
    let style = NOTE.coloured(Colour::TEXT).sized(8.0);
    let swatch = 9.0;
    let mut x = CONTENT_LEFT + LABEL_WIDTH + 8.0;
    flow.ensure(style.leading() * 2.0 + 4.0);
    let mut top = flow.y();
    for segment in segments {
        let width = swatch + 4.0 + flow.fonts.width(style.face, style.size, &segment.label) + 12.0;
        if x + width > CONTENT_LEFT + CONTENT_WIDTH {
            x = CONTENT_LEFT + LABEL_WIDTH + 8.0;
            top += style.leading() + 3.0;
        }
        let swatch_top = top + (style.leading() - swatch) / 2.0;
        flow.mark(Mark::Fill {
            x,
            y: swatch_top,
            width: swatch,
            height: swatch,
            colour: segment.colour,
        });
        if segment.hatched {
            flow.mark(Mark::Hatch {
                x,
                y: swatch_top,
                width: swatch,
                height: swatch,
                colour: shade(segment.colour),
            });
        }
        flow.mark(Mark::Frame {
            x,
            y: swatch_top,
            width: swatch,
            height: swatch,
            colour: Colour::SECONDARY,
            thickness: 0.5,
        });
        flow.advance(top - flow.y());
        flow.text_line(x + swatch + 4.0, &segment.label, style);
        x += width;
    }
    flow.settle();
    flow.gap(4.0);
}

/// The chart's numbers as a table.
fn response_table(
    flow: &mut Flow,
    record: &AssessmentRecord,
    summary: &RecordSummary,
    segments: &[Segment],
) {
    let mut columns = vec![Column::new("Part", 2.6)];
    columns.extend(segments.iter().map(|s| Column::new(s.label.clone(), 1.0)));
    columns.push(Column::new("Total", 0.7));
    let mut table = Table::new(columns);
    for part in &summary.parts {
        let mut cells = vec![Cell::text(part_name(record, part))];
        cells.extend(
            segments
                .iter()
                .map(|s| Cell::text((s.count)(part).to_string())),
        );
        let total: u32 = segments.iter().map(|s| (s.count)(part)).sum();
        cells.push(Cell::styled(total.to_string(), CELL.bold()));
        table.push(Row::new(cells));
    }
    flow.table(&table);
}

fn actions_table(flow: &mut Flow, summary: &RecordSummary) {
    let mut columns = vec![Column::new("Priority", 1.4)];
    columns.extend(
        ActionStatus::ALL
            .iter()
            .map(|s| Column::new(s.label(), 1.0)),
    );
    columns.push(Column::new("Total", 0.8));
    let mut table = Table::new(columns);
    let cell = |n: u32| Cell::text(n.to_string());
    for priority in Priority::ALL {
        let counts: Vec<u32> = ActionStatus::ALL
            .iter()
            .map(|&status| {
                summary
                    .actions
                    .iter()
                    .filter(|a| a.priority == priority && a.status == status)
                    .map(|a| a.count)
                    .sum()
            })
            .collect();
        let mut cells = vec![Cell::styled(priority.label(), CELL_HEADING.sized(8.0))];
        cells.extend(counts.iter().map(|&n| cell(n)));
        cells.push(Cell::styled(
            counts.iter().sum::<u32>().to_string(),
            CELL.bold(),
        ));
        table.push(Row::new(cells));
    }
    let mut totals = vec![Cell::styled("Total", CELL_HEADING.sized(8.0))];
    let mut all = 0;
    for status in ActionStatus::ALL {
        let n: u32 = summary
            .actions
            .iter()
            .filter(|a| a.status == status)
            .map(|a| a.count)
            .sum();
        all += n;
        totals.push(Cell::styled(n.to_string(), CELL.bold()));
    }
    totals.push(Cell::styled(all.to_string(), CELL.bold()));
    table.push(Row {
        cells: totals,
        fill: Some(Colour::GROUP_FILL),
    });
    flow.table(&table);
}
