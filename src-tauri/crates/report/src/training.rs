//! Training compliance as the reports draw it: the table by level, a bar per
//! level against the target, the trend across reporting dates. The board
//! report and the assessment report share these pieces so that the same
//! figures look the same in both; the assessment report's own section
//! ([`write`]) draws the figures its record sealed.
//!
//! Every word and number comes from the record: the target and the
//! readings are sealed with the figures, so a later version's target or
//! wording never changes a sealed report's pages.

use chrono::NaiveDate;
use prevent_core::AssessmentRecord;
use prevent_core::record::training::{RecordTraining, TrainingFigures};
use prevent_core::training::{Compliance, TrainingLevel};

use crate::flow::{Flow, SUBTITLE, TITLE};
use crate::page::{BODY, CELL, CONTENT_LEFT, CONTENT_WIDTH, Colour, Mark, NOTE, TextStyle};
use crate::table::{Cell, Column, Row, Table};
use crate::words::{long_date, short_date};
use crate::wrap::wrap;

/// A training level as the reports print it. The words are the layouts'
/// own, not the core's labels, so a relabelling never changes a sealed
/// report.
pub(crate) fn level_words(level: TrainingLevel) -> &'static str {
    match level {
        TrainingLevel::Basic => "Level 1 and 2 (basic Prevent awareness)",
        TrainingLevel::Level3 => "Level 3 (Awareness of Prevent)",
    }
}

/// A training level in a narrow column.
fn level_short_words(level: TrainingLevel) -> &'static str {
    match level {
        TrainingLevel::Basic => "Level 1 and 2",
        TrainingLevel::Level3 => "Level 3",
    }
}

/// "Met", "Not met: 12 more staff needed", "No staff".
fn target_words(c: &Compliance) -> String {
    match c.meets_target {
        Some(true) => "Met".to_owned(),
        Some(false) => format!("Not met: {} more staff needed", c.shortfall),
        None => "No staff".to_owned(),
    }
}

/// A row of figures against the target: in date, headcount, compliance and
/// whether the target is met, after the cells that name what is counted.
fn figures_row(mut cells: Vec<Cell>, c: &Compliance, style: TextStyle) -> Row {
    cells.extend([
        Cell::styled(c.in_date.to_string(), style),
        Cell::styled(c.headcount.to_string(), style),
        Cell::styled(c.percent_text(), style),
        Cell::styled(target_words(c), style),
    ]);
    Row::new(cells)
}

/// The columns of figures against a target of `target_percent`, after
/// those that name what is counted.
fn figures_columns(mut columns: Vec<Column>, target_percent: u32) -> Vec<Column> {
    columns.extend([
        Column::new("In date", 0.8),
        Column::new("Headcount", 0.9),
        Column::new("Compliance", 1.0),
        Column::new(format!("{target_percent}% target"), 1.3),
    ]);
    columns
}

/// Each level's figures and all levels together.
pub(crate) fn level_table(
    flow: &mut Flow,
    levels: &[(TrainingLevel, Compliance)],
    overall: &Compliance,
    target_percent: u32,
) {
    let mut table = Table::new(figures_columns(
        vec![Column::new("Level", 2.6)],
        target_percent,
    ));
    for (level, c) in levels {
        table.push(figures_row(
            vec![Cell::styled(level_words(*level), CELL)],
            c,
            CELL,
        ));
    }
    table.push(figures_row(
        vec![Cell::styled("All levels", CELL.bold())],
        overall,
        CELL.bold(),
    ));
    flow.table(&table);
}

/// A bar's height, and the distance from one bar's top to the next's.
const BAR_HEIGHT: f32 = 12.0;
const BAR_PITCH: f32 = 22.0;

/// How a bar marks the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TargetLine {
    /// A short black line across the bar (the board report).
    Solid,
    /// A dashed line that runs on through the bars drawn one under another
    /// (the assessment report).
    Dashed,
}

/// A level's compliance as a bar against the target's line, its percentage
/// printed beside it.
pub(crate) fn compliance_bar(
    flow: &mut Flow,
    label: &str,
    c: &Compliance,
    target_percent: u32,
    line: TargetLine,
) {
    let label_width = 190.0;
    let bar_left = CONTENT_LEFT + label_width;
    let bar_width = CONTENT_WIDTH - label_width - 50.0;
    let height = BAR_HEIGHT;
    let gap_below = BAR_PITCH - BAR_HEIGHT;
    flow.ensure(height + 12.0);
    let top = flow.y() + 4.0;
    flow.mark(Mark::Text {
        x: CONTENT_LEFT,
        baseline: top + 9.0,
        style: CELL,
        text: label.to_owned(),
    });
    flow.mark(Mark::Fill {
        x: bar_left,
        y: top,
        width: bar_width,
        height,
        colour: Colour::PALE_GREY,
    });
    if let Some(per_mille) = c.per_mille {
        let colour = if c.meets_target == Some(true) {
            Colour::GREEN
        } else {
            Colour::RED
        };
        flow.mark(Mark::Fill {
            x: bar_left,
            y: top,
            width: bar_width * per_mille.min(1000) as f32 / 1000.0,
            height,
            colour,
        });
    }
    let target_x = bar_left + bar_width * target_percent.min(100) as f32 / 100.0;
    match line {
        TargetLine::Solid => flow.mark(Mark::Line {
            from: (target_x, top - 3.0),
            to: (target_x, top + height + 3.0),
            colour: Colour::TEXT,
            thickness: 1.2,
        }),
        TargetLine::Dashed => {
            // From the gap above the bar to the next bar's, so that bars
            // drawn one under another share one line; the dashes repeat
            // exactly four times from one bar to the next.
            let (dash, space) = (3.0, 2.5);
            let (start, end) = (top - 4.0, top + height + gap_below - 4.0);
            let mut y = start;
            while y < end {
                flow.mark(Mark::Line {
                    from: (target_x, y),
                    to: (target_x, (y + dash).min(end)),
                    colour: Colour::TEXT,
                    thickness: 1.2,
                });
                y += dash + space;
            }
        }
    }
    flow.mark(Mark::Text {
        x: bar_left + bar_width + 6.0,
        baseline: top + 9.0,
        style: CELL.bold(),
        text: c.percent_text(),
    });
    flow.advance(height + gap_below);
    flow.settle();
}

/// One reporting date in the trend: each level's compliance, then all
/// levels'.
pub(crate) struct TrendRow {
    as_of: NaiveDate,
    levels: Vec<Compliance>,
    overall: Compliance,
}

impl TrendRow {
    pub(crate) fn new(
        as_of: NaiveDate,
        levels: impl Iterator<Item = Compliance>,
        overall: Compliance,
    ) -> TrendRow {
        TrendRow {
            as_of,
            levels: levels.collect(),
            overall,
        }
    }
}

/// Compliance per level at each reporting date, oldest first.
pub(crate) fn trend_table(flow: &mut Flow, rows: &[TrendRow]) {
    let mut trend = Table::new(vec![
        Column::new("Reporting date", 1.2),
        Column::new("Level 1 and 2", 1.0),
        Column::new("Level 3", 1.0),
        Column::new("All levels", 1.0),
    ]);
    for row in rows {
        let mut cells = vec![Cell::text(short_date(row.as_of))];
        for level in &row.levels {
            cells.push(Cell::text(level.percent_text()));
        }
        cells.push(Cell::styled(row.overall.percent_text(), CELL.bold()));
        trend.push(Row::new(cells));
    }
    flow.table(&trend);
}

/// The assessment report's training section: the figures its record
/// sealed, or one sentence saying there were none.
pub(crate) fn write(
    flow: &mut Flow,
    record: &AssessmentRecord,
    training: &RecordTraining,
    anchor: usize,
) {
    let organisation = &record.assessment.organisation;
    let Some(figures) = &training.figures else {
        flow.gap(8.0);
        flow.heading("Training compliance", TITLE, Some(anchor));
        flow.body(&format!(
            "No training figures are shown: when this report was prepared, {organisation} had \
             no reporting date with figures for every staff group of its training needs \
             analysis."
        ));
        return;
    };
    let target = figures.target_percent;
    let years = figures.validity_years;
    let intro = format!(
        "\u{201C}The minimum compliance rate for training completion is {target}%.\u{201D} \
         Reporting date {}: the latest on which every staff group of {organisation}\u{2019}s \
         training needs analysis had figures when this report was prepared. Training stays in \
         date for {years} year{}. {}",
        long_date(figures.as_of),
        if years == 1 { "" } else { "s" },
        shown_beside(record)
    );
    // The heading, what the figures are and the figures by level start
    // together, on the next page if they do not fit on this one.
    let intro_height = wrap(flow.fonts, BODY, &intro, CONTENT_WIDTH).len() as f32 * BODY.leading();
    flow.gap(8.0);
    flow.ensure(TITLE.leading() + 8.0 + intro_height + BODY.size + by_level_height(figures));
    flow.heading("Training compliance", TITLE, Some(anchor));
    flow.body(&intro);
    by_level(flow, figures);
    by_group(flow, figures);
    if figures.trend.len() > 1 {
        flow.heading("Trend across reporting dates", SUBTITLE, None);
        let rows: Vec<TrendRow> = figures
            .trend
            .iter()
            .map(|p| {
                let levels = p.levels.iter().map(|l| l.compliance.as_shown());
                TrendRow::new(p.as_of, levels, p.overall.as_shown())
            })
            .collect();
        trend_table(flow, &rows);
    }
    flow.heading("How the figures are read", SUBTITLE, None);
    for reading in &figures.readings {
        flow.paragraph(reading, NOTE);
    }
}

/// "They are shown beside Standard T0 and Standard T3 in the answers."
fn shown_beside(record: &AssessmentRecord) -> String {
    let entries: Vec<String> = record
        .framework()
        .entries_by_part()
        .filter(|(_, e)| e.figures.is_some())
        .map(|(part, e)| format!("{} {}", part.entry_label, e.id))
        .collect();
    format!(
        "They bear on {} in the answers.",
        prevent_core::text::and_list(&entries)
    )
}

/// About how tall the figures by level are: the heading, the table's
/// heading row, a row a level (of up to two lines) and all levels, then
/// the bars.
fn by_level_height(figures: &TrainingFigures) -> f32 {
    let levels = figures.levels.len();
    SUBTITLE.leading() + 3.0 + 20.0 + (levels as f32 + 1.0) * 26.0 + bars_height(levels)
}

/// A bar a level and the key under the bars.
fn bars_height(levels: usize) -> f32 {
    levels as f32 * BAR_PITCH + 4.0 + 2.0 * NOTE.leading()
}

fn by_level(flow: &mut Flow, figures: &TrainingFigures) {
    let target = figures.target_percent;
    let levels: Vec<(TrainingLevel, Compliance)> = figures
        .levels
        .iter()
        .map(|l| (l.level, l.compliance.as_shown()))
        .collect();
    // The table and the chart of the same figures stay on one page.
    flow.ensure(by_level_height(figures));
    flow.heading("By level", SUBTITLE, None);
    level_table(flow, &levels, &figures.overall.as_shown(), target);
    flow.ensure(bars_height(levels.len()));
    flow.advance(4.0);
    for (level, c) in &levels {
        compliance_bar(flow, level_words(*level), c, target, TargetLine::Dashed);
    }
    flow.paragraph(
        &format!(
            "Each bar is a level\u{2019}s staff in date out of its headcount, as in the table \
             above; the dashed line marks the {target}% target."
        ),
        NOTE,
    );
    flow.gap(6.0);
}

fn by_group(flow: &mut Flow, figures: &TrainingFigures) {
    if figures.groups.is_empty() {
        return;
    }
    flow.heading("By staff group", SUBTITLE, None);
    let mut table = Table::new(figures_columns(
        vec![Column::new("Staff group", 2.0), Column::new("Level", 1.0)],
        figures.target_percent,
    ));
    for group in &figures.groups {
        table.push(figures_row(
            vec![
                Cell::text(group.group.clone()),
                Cell::text(level_short_words(group.level)),
            ],
            &group.compliance.as_shown(),
            CELL,
        ));
    }
    flow.table(&table);
    flow.paragraph(
        "Groups below the target come first, furthest below first; the others follow in the \
         order of the training needs analysis.",
        NOTE,
    );
}
