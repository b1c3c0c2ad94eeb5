//! The appendix: the audit trail, every change oldest first, with who made it
//! in which role and what changed from what to what. The fields one change
//! recorded at once share a row, so the trail reads as the changes people
//! made, and the printed appendix stays a few pages.
//!
//! From layout 3 the appendix counts changes as the app's audit page does
//! (one field changed, one change) and shows each change as that page does,
//! through the same function (`prevent_core::audit::shown_change`): labels
//! of kinds, fields, statuses, priorities and gaps, dates in words; a value
//! with no label prints as recorded.

use prevent_core::audit;
use prevent_core::record::RecordAuditRow;
use prevent_core::{AssessmentRecord, Response};

use crate::flow::{Flow, TITLE};
use crate::page::{CELL, NOTE};
use crate::table::{Cell, Column, Row, Table};
use crate::words::short_date_time;

pub(crate) fn write(flow: &mut Flow, record: &AssessmentRecord, anchor: usize) {
    let text = CELL;
    let note = NOTE.sized(7.2);
    flow.start_new_page();
    flow.heading("Appendix: audit trail", TITLE, Some(anchor));
    if record.audit.is_empty() {
        flow.body("No changes have been recorded.");
        return;
    }
    let changes = group_changes(&record.audit);
    let labelled = record.layout() >= 3;
    flow.body(&if labelled {
        format!(
            "Every change made to this assessment: {}, oldest first; changes recorded together \
             share a numbered row. Times are in UTC. Each change carries a hash of itself and \
             of the one before it, so no change can be altered or removed without breaking the \
             chain; the app checks it (prevent-sa audit --verify). Values longer than \
             {MAX_VALUE_CHARS} characters are shortened here; the record attached to this file \
             holds them in full, and the answers and the action plan above print them whole. \
             The head of the chain, sealed with this report, is {}.",
            changes_counted(record.audit.len()),
            record.audit_head
        )
    } else {
        format!(
            "Every change made to this assessment, oldest first: {} recorded fields in {} changes. \
             Times are in UTC. Each recorded field carries a hash of itself and of the one before it, \
             so no row can be altered or removed without breaking the chain; the app checks it \
             (prevent-sa audit --verify). Values longer than {MAX_VALUE_CHARS} characters are \
             shortened here; the record attached to this file holds them in full, and the answers \
             and the action plan above print them whole. The head of the chain, sealed with this \
             report, is {}.",
            record.audit.len(),
            changes.len(),
            record.audit_head
        )
    });
    // Layout 3 on: "When" wide enough for "30 Nov 2026 18:59" on one line.
    let (when, field) = if labelled { (1.5, 3.6) } else { (1.0, 4.1) };
    let mut table = Table::new(vec![
        Column::new("No.", 0.55),
        Column::new("When (UTC)", when),
        Column::new("Who", 1.5),
        Column::new("What changed", 1.5),
        Column::new("Field: from \u{2192} to", field),
    ]);
    for change in changes {
        let first = &change[0];
        let last = &change[change.len() - 1];
        let framework = record.framework();
        let what = if labelled {
            audit::shown_what(framework, &first.entity, first.entry_id.as_deref())
        } else {
            let entry = first.entry_id.as_deref().map(|id| entry_label(record, id));
            [Some(capitalised(&first.entity.replace('_', " "))), entry]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" \u{00B7} ")
        };
        let numbers = if change.len() == 1 {
            first.seq.to_string()
        } else {
            format!("{}\u{2013}{}", first.seq, last.seq)
        };
        let mut fields = Cell::empty();
        for row in change {
            let line = if labelled {
                let shown = audit::shown_change(
                    framework,
                    &row.entity,
                    row.entry_id.as_deref(),
                    &row.field,
                    row.old_value.as_deref(),
                    row.new_value.as_deref(),
                );
                format!(
                    "{}: {} \u{2192} {}",
                    shown.field,
                    shortened(&shown.old_value),
                    shortened(&shown.new_value)
                )
            } else {
                let value = |v: &Option<String>| match v {
                    Some(v) if !v.is_empty() => shortened(&readable_value(
                        record,
                        &row.field,
                        row.entry_id.as_deref(),
                        v,
                    )),
                    _ => "(none)".to_owned(),
                };
                format!(
                    "{}: {} \u{2192} {}",
                    row.field.replace('_', " "),
                    value(&row.old_value),
                    value(&row.new_value)
                )
            };
            fields = fields.then(line, text);
        }
        table.push(Row::new(vec![
            Cell::styled(numbers, text),
            Cell::whole(short_date_time(first.at), text),
            Cell::styled(first.actor.clone(), text).then(first.actor_role.clone(), note),
            Cell::styled(what, text),
            fields,
        ]));
    }
    flow.table(&table);
}

/// The longest value the appendix prints whole.
const MAX_VALUE_CHARS: usize = 160;

/// `value`, cut at a word to at most [`MAX_VALUE_CHARS`] characters with an
/// ellipsis when longer.
fn shortened(value: &str) -> String {
    if value.chars().count() <= MAX_VALUE_CHARS {
        return value.to_owned();
    }
    let cut: String = value.chars().take(MAX_VALUE_CHARS - 1).collect();
    let at_word = cut
        .rfind(char::is_whitespace)
        .filter(|i| *i > MAX_VALUE_CHARS / 2)
        .map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}\u{2026}", at_word.trim_end())
}

/// Rows of one change: consecutive, at the same moment, by the same person,
/// to the same thing.
fn group_changes(rows: &[RecordAuditRow]) -> Vec<&[RecordAuditRow]> {
    let same = |a: &RecordAuditRow, b: &RecordAuditRow| {
        a.at == b.at
            && a.actor == b.actor
            && a.actor_role == b.actor_role
            && a.entity == b.entity
            && a.entry_id == b.entry_id
    };
    let mut groups = Vec::new();
    let mut start = 0;
    for i in 1..=rows.len() {
        if i == rows.len() || !same(&rows[start], &rows[i]) {
            groups.push(&rows[start..i]);
            start = i;
        }
    }
    groups
}

/// "Item 3a" for `3a`; the id itself when the framework does not know it.
fn entry_label(record: &AssessmentRecord, id: &str) -> String {
    record.framework().entry_label(id)
}

/// A response as the framework labels it ("partial" reads "Partially");
/// any other value as recorded.
fn readable_value(
    record: &AssessmentRecord,
    field: &str,
    entry_id: Option<&str>,
    value: &str,
) -> String {
    if field == "response"
        && let Some(response) = Response::from_stored(value)
    {
        let framework = record.framework();
        // An entry the framework does not know reads as the first part's.
        let scale = entry_id
            .and_then(|id| framework.entry(id))
            .map(|e| framework.scale_for(&e))
            .or_else(|| framework.parts.first().map(|p| framework.scale_of(p)));
        if let Some(scale) = scale {
            return scale.label(response).to_owned();
        }
    }
    value.to_owned()
}

/// "1 change", "1,234 changes": the rows, counted as the app's audit page
/// counts them.
fn changes_counted(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{grouped} {}", if n == 1 { "change" } else { "changes" })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::changes_counted;

    #[test]
    fn changes_are_counted_as_the_app_counts_them() {
        assert_eq!(changes_counted(1), "1 change");
        assert_eq!(changes_counted(150), "150 changes");
        assert_eq!(changes_counted(1234), "1,234 changes");
        assert_eq!(changes_counted(1_234_567), "1,234,567 changes");
    }
}
