//! Training compliance as the reports draw it: the table by level, a bar per
//! level against the target, the trend across reporting dates. Shared so
//! that the same figures look the same in every report that shows them.
//!
//! The target is a parameter, not the core's constant, so that a report
//! drawn from a sealed record can print the target sealed with it.

use chrono::NaiveDate;
use prevent_core::training::{Compliance, TrainingLevel};

use crate::flow::Flow;
use crate::page::{CELL, CONTENT_LEFT, CONTENT_WIDTH, Colour, Mark, TextStyle};
use crate::table::{Cell, Column, Row, Table};
use crate::words::short_date;

/// A training level as the reports print it. The words are the layouts'
/// own, not the core's labels, so a relabelling never changes a sealed
/// report.
pub(crate) fn level_words(level: TrainingLevel) -> &'static str {
    match level {
        TrainingLevel::Basic => "Level 1 and 2 (basic Prevent awareness)",
        TrainingLevel::Level3 => "Level 3 (Awareness of Prevent)",
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

/// A level's compliance as a bar with a line at the target, its
/// percentage printed beside it.
pub(crate) fn compliance_bar(flow: &mut Flow, label: &str, c: &Compliance, target_percent: u32) {
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
    flow.mark(Mark::Line {
        from: (target_x, top - 3.0),
        to: (target_x, top + height + 3.0),
        colour: Colour::TEXT,
        thickness: 1.2,
    });
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
