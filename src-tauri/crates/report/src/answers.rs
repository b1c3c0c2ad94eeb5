//! The answers, laid out as the framework's own template: each part's
//! entries in a table with the columns the framework declares for it, an
//! entry's sub-points under it.
//!
//! Every label comes from the framework: its column labels and widths, its
//! scales' labels, entry names and the words introducing a part. Each column
//! shows the answer field its `maps_to` names; the framework file is checked
//! on load, so no column is ever left blank for want of a field.
//!
//! From layout 3 a part whose columns do not show the lead or the date for
//! completion (the 2011 checklist) prints them under the comment where the
//! answer has them, and a review date that has passed by the report's date
//! says so in words.

use chrono::NaiveDate;
use prevent_core::catalogue::{ColumnField, Part, Scale};
use prevent_core::derive::rule_text;
use prevent_core::{Answer, AssessmentRecord, Response};

use crate::Anchors;
use crate::ReportError;
use crate::flow::{Flow, SUBTITLE, TITLE};
use crate::page::{CELL, Colour, NOTE};
use crate::table::{Cell, Column, Row, Table};
use crate::words::{long_date, short_date};

const NOT_ANSWERED: &str = "Not answered";

pub(crate) fn write(
    flow: &mut Flow,
    record: &AssessmentRecord,
    anchors: &Anchors,
) -> Result<(), ReportError> {
    let framework = record.framework();
    flow.start_new_page();
    flow.heading("Answers", TITLE, Some(anchors.answers));
    flow.body(&format!(
        "Each section's items with the answers given, in the columns of the template. {}.",
        framework.source_attribution.trim_end_matches('.')
    ));
    for (index, part) in framework.parts.iter().enumerate() {
        flow.heading(&part.heading, SUBTITLE, anchors.parts.get(index).copied());
        if let Some(intro) = &part.intro {
            flow.body(intro);
        }
        flow.table(&part_table(record, part, framework.scale_of(part)));
    }
    Ok(())
}

/// One part's table: a row per entry, and under an entry answered through
/// sub-points the rule that derives it and a row per sub-point.
fn part_table(record: &AssessmentRecord, part: &Part, scale: &Scale) -> Table {
    let mut table = Table::new(
        part.columns
            .iter()
            .map(|c| Column::new(c.label.clone(), c.width.0))
            .collect(),
    );
    let label_of = |answer: Option<&Answer>| {
        answer
            .and_then(|a| a.response)
            .map(|r| scale.label(r).to_owned())
    };
    let shown = Shown::of(record, part);
    let field_cell = |field, answer, regulations: &[u32]| shown.cell(field, answer, regulations);
    for entry in &part.entries {
        let answer = record.answer(&entry.id);
        let label = format!("{} {}", part.entry_label, entry.id);
        let regulations = entry.regulations.as_deref().unwrap_or_default();
        let mut response = response_cell(answer, label_of(answer));
        if !entry.sub_points.is_empty() {
            let range = match (entry.sub_points.first(), entry.sub_points.last()) {
                (Some(first), Some(last)) => format!("{} to {}", first.id, last.id),
                _ => String::new(),
            };
            response = response.then(format!("Worked out from {range}"), NOTE);
        }
        let entry_cell = Cell::styled(label.clone(), CELL.bold()).then(entry.text.clone(), CELL);
        table.push(Row::new(
            part.columns
                .iter()
                .map(|c| match c.maps_to {
                    ColumnField::Entry => entry_cell.clone(),
                    ColumnField::Response => response.clone(),
                    field => field_cell(field, answer, regulations),
                })
                .collect(),
        ));

        if !entry.sub_points.is_empty() {
            table.push(Row::group(
                Cell::styled(format!("The sub-points of {label}"), CELL.bold())
                    .then(rule_text(scale), CELL.coloured(Colour::SECONDARY)),
            ));
            for sub_point in &entry.sub_points {
                let answer = record.answer(&sub_point.id);
                table.push(Row::new(
                    part.columns
                        .iter()
                        .map(|c| match c.maps_to {
                            ColumnField::Entry => Cell::styled(
                                format!("{} {}", part.entry_label, sub_point.id),
                                CELL.bold(),
                            )
                            .then(sub_point.text.clone(), CELL),
                            ColumnField::Response => response_cell(answer, label_of(answer)),
                            // Sub-points carry no regulations of their own.
                            ColumnField::Regulations => Cell::styled(format!("As {label}"), NOTE),
                            field => field_cell(field, answer, &[]),
                        })
                        .collect(),
                ));
            }
        }
    }
    table
}

fn response_cell(answer: Option<&Answer>, label: Option<String>) -> Cell {
    match label {
        Some(label) => {
            let colour = match answer.and_then(|a| a.response) {
                Some(Response::No) => Colour::RED,
                Some(Response::Yes) => Colour::GREEN,
                _ => Colour::TEXT,
            };
            Cell::styled(label, CELL.bold().coloured(colour))
        }
        None => Cell::styled(NOT_ANSWERED, NOTE),
    }
}

/// The comment, led by the reason an entry does not apply where it does not.
fn comment_cell(answer: Option<&Answer>) -> Cell {
    let Some(answer) = answer else {
        return Cell::empty();
    };
    let mut cell = Cell::empty();
    if answer.response == Some(Response::Na)
        && let Some(reason) = &answer.na_reason
    {
        cell = cell
            .then("Why it does not apply:", CELL.bold())
            .then(reason.clone(), CELL);
    }
    cell.then(answer.comment.clone(), CELL)
}

fn field_cell(field: ColumnField, answer: Option<&Answer>, regulations: &[u32]) -> Cell {
    match field {
        ColumnField::Regulations => {
            if regulations.is_empty() {
                Cell::styled("None legible", NOTE)
            } else {
                Cell::text(
                    regulations
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                )
            }
        }
        ColumnField::Comment => comment_cell(answer),
        ColumnField::ActionRequired => match answer {
            Some(a) if a.response.is_some() => {
                Cell::styled(if a.action_required { "Y" } else { "N" }, CELL.bold())
            }
            _ => Cell::empty(),
        },
        ColumnField::Lead => Cell::text(answer.map(|a| a.lead.clone()).unwrap_or_default()),
        ColumnField::DueDate => date_cell(answer.and_then(|a| a.due_date)),
        ColumnField::PolicyRef => {
            Cell::text(answer.map(|a| a.policy_ref.clone()).unwrap_or_default())
        }
        ColumnField::ReviewDate => date_cell(answer.and_then(|a| a.review_date)),
        // Drawn by the table itself.
        ColumnField::Entry | ColumnField::Response => Cell::empty(),
    }
}

/// What a part's cells show beyond the answer's own field, by layout.
struct Shown {
    /// Layout 3 on: the fields the answer has that the part has no column
    /// for, printed under the comment.
    under_comment: Vec<ColumnField>,
    /// Layout 3 on: the day a review date has passed by, when it says
    /// "Passed" under the date (the column reads "Review date").
    as_at: Option<NaiveDate>,
}

impl Shown {
    fn of(record: &AssessmentRecord, part: &Part) -> Shown {
        if record.layout() < 3 {
            return Shown {
                under_comment: Vec::new(),
                as_at: None,
            };
        }
        let has_column = |field| part.columns.iter().any(|c| c.maps_to == field);
        Shown {
            under_comment: [ColumnField::Lead, ColumnField::DueDate]
                .into_iter()
                .filter(|&field| !has_column(field))
                .collect(),
            as_at: Some(record.as_at()),
        }
    }

    fn cell(&self, field: ColumnField, answer: Option<&Answer>, regulations: &[u32]) -> Cell {
        match (field, answer) {
            (ColumnField::Comment, Some(answer)) => {
                self.under_comment
                    .iter()
                    .fold(comment_cell(Some(answer)), |cell, field| match extra_field(
                        *field, answer,
                    ) {
                        Some(line) => cell.then(line, CELL),
                        None => cell,
                    })
            }
            (ColumnField::ReviewDate, Some(answer)) => match (answer.review_date, self.as_at) {
                (Some(review), Some(as_at)) if review < as_at => {
                    date_cell(Some(review)).then("Passed", CELL.bold().coloured(Colour::RED))
                }
                _ => date_cell(answer.review_date),
            },
            _ => field_cell(field, answer, regulations),
        }
    }
}

/// "Lead: Head of HR", "Date for completion: 1 March 2027", labelled as the
/// app labels the field; `None` where the answer has none.
fn extra_field(field: ColumnField, answer: &Answer) -> Option<String> {
    let (name, value) = match field {
        ColumnField::Lead => ("lead", Some(answer.lead.clone()).filter(|l| !l.is_empty())),
        ColumnField::DueDate => ("due_date", answer.due_date.map(long_date)),
        _ => return None,
    };
    let label = prevent_core::audit::field_label(name).unwrap_or(name);
    value.map(|value| format!("{label}: {value}"))
}

fn date_cell(date: Option<chrono::NaiveDate>) -> Cell {
    Cell::whole(date.map(short_date).unwrap_or_default(), CELL)
}
