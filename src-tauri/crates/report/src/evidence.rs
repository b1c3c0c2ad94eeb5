//! The evidence list: what shows each entry is met, where it lives and, for a
//! file attached in the app, its SHA-256, so a reader can tell that a copy is
//! the file that was recorded.

use prevent_core::AssessmentRecord;
use prevent_core::size::human_size;

use crate::flow::{Flow, TITLE};
use crate::page::{CELL, NOTE};
use crate::table::{Cell, Column, Row, Table};
use crate::words::short_date;

pub(crate) fn write(flow: &mut Flow, record: &AssessmentRecord, anchor: usize) {
    let framework = record.framework();
    flow.gap(8.0);
    flow.heading("Evidence", TITLE, Some(anchor));
    if record.evidence.is_empty() {
        flow.body("No evidence has been recorded.");
        return;
    }
    flow.body(
        "The documents recorded as evidence, by entry. A file attached in the app is identified \
         by its SHA-256: a copy with the same SHA-256 is the same file.",
    );
    let mut table = Table::new(vec![
        Column::new("Entry", 0.9),
        Column::new("Title", 2.0),
        Column::new("Where it lives", 1.8),
        Column::new("Attached file", 1.5),
        Column::new("SHA-256 of the file", 3.0),
    ]);
    for evidence in &record.evidence {
        let entry = framework.entry_label(&evidence.entry_id);
        let file = match (&evidence.file_name, evidence.file_size) {
            (Some(name), Some(size)) => Cell::text(name.clone()).then(human_size(size), NOTE),
            (Some(name), None) => Cell::text(name.clone()),
            _ => Cell::styled("None attached", NOTE),
        };
        // 64 hex digits in two halves: each half fits the column on one line.
        let digest = evidence
            .file_sha256
            .as_deref()
            .map(|hex| {
                let cut = hex.char_indices().nth(32).map_or(hex.len(), |(i, _)| i);
                let (first, second) = hex.split_at(cut);
                format!("{first}\n{second}")
            })
            .unwrap_or_default();
        table.push(Row::new(vec![
            Cell::styled(entry, CELL.bold()),
            Cell::text(evidence.title.clone()).then(
                format!(
                    "Added {} by {}",
                    short_date(evidence.added_at.date_naive()),
                    evidence.added_by
                ),
                NOTE,
            ),
            Cell::text(evidence.location.clone()),
            file,
            Cell::text(digest),
        ]));
    }
    flow.table(&table);
}
