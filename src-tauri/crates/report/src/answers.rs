//! The answers, laid out as the framework's own template: each section's
//! items in a table with the template's columns (from `item_columns`), an
//! item's sub-points under it, then the policies and procedures checklist.
//!
//! Every label comes from the framework: its column labels, response labels,
//! entry names and question. Columns are matched to answer fields by their
//! `maps_to`; one this version cannot fill is an error, not a blank column.

use prevent_core::catalogue::{EntryKind, ItemColumn};
use prevent_core::derive::rule_text;
use prevent_core::{Answer, AssessmentRecord, Response};

use crate::ReportError;
use crate::flow::{Flow, SUBTITLE, TITLE};
use crate::page::{CELL, Colour, NOTE};
use crate::table::{Cell, Column, Row, Table};
use crate::words::short_date;
use crate::{Anchors, ReportError as Error};

/// The answer field an item column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemField {
    Regulations,
    Comment,
    ActionRequired,
    Lead,
    DueDate,
}

impl ItemField {
    fn of(column: &ItemColumn) -> Result<ItemField, ReportError> {
        match column.maps_to.trim() {
            "regulations" => Ok(ItemField::Regulations),
            "comment" => Ok(ItemField::Comment),
            "action_required" => Ok(ItemField::ActionRequired),
            "lead" => Ok(ItemField::Lead),
            "due_date" => Ok(ItemField::DueDate),
            _ => Err(Error::UnknownItemColumn {
                id: column.id.clone(),
                maps_to: column.maps_to.clone(),
            }),
        }
    }

    /// Its share of the table's width.
    fn weight(self) -> f32 {
        match self {
            ItemField::Regulations => 1.0,
            ItemField::Comment => 2.7,
            ItemField::ActionRequired => 0.8,
            ItemField::Lead => 1.25,
            ItemField::DueDate => 1.0,
        }
    }
}

const NOT_ANSWERED: &str = "Not answered";

pub(crate) fn write(
    flow: &mut Flow,
    record: &AssessmentRecord,
    anchors: &Anchors,
) -> Result<(), ReportError> {
    let framework = &record.framework;
    let fields: Vec<(ItemField, &ItemColumn)> = framework
        .item_columns
        .iter()
        .map(|c| ItemField::of(c).map(|f| (f, c)))
        .collect::<Result<_, _>>()?;
    let labels = &framework.presentation.item_responses;

    flow.start_new_page();
    flow.heading("Answers", TITLE, Some(anchors.answers));
    flow.body(&format!(
        "Each section's items with the answers given, in the columns of the template. {}.",
        framework
            .presentation
            .source_attribution
            .trim_end_matches('.')
    ));

    let mut columns = vec![
        Column::new(framework.presentation.item_label.clone(), 3.1),
        Column::new("Response", 1.1),
    ];
    columns.extend(
        fields
            .iter()
            .map(|(f, c)| Column::new(c.label.clone(), f.weight())),
    );

    for (index, section) in framework.sections.iter().enumerate() {
        let anchor = anchors.sections.get(index).copied();
        flow.heading(
            &format!("Section {}: {}", section.number, section.title),
            SUBTITLE,
            anchor,
        );
        let mut table = Table::new(columns.clone());
        for item in &section.items {
            let answer = record.answer(&item.id);
            let label = framework.entry_label(EntryKind::Item, &item.id);
            let mut response = response_cell(answer, labels.of_opt(answer));
            if !item.sub_points.is_empty() {
                let range = match (item.sub_points.first(), item.sub_points.last()) {
                    (Some(first), Some(last)) => format!("{} to {}", first.id, last.id),
                    _ => String::new(),
                };
                response = response.then(format!("Worked out from {range}"), NOTE);
            }
            let mut cells = vec![
                Cell::styled(label.clone(), CELL.bold()).then(item.text.clone(), CELL),
                response,
            ];
            cells.extend(
                fields
                    .iter()
                    .map(|(f, _)| field_cell(*f, answer, &item.regulations)),
            );
            table.push(Row::new(cells));

            if !item.sub_points.is_empty() {
                table.push(Row::group(
                    Cell::styled(format!("The sub-points of {label}"), CELL.bold())
                        .then(rule_text(labels), CELL.coloured(Colour::SECONDARY)),
                ));
                for sub_point in &item.sub_points {
                    let answer = record.answer(&sub_point.id);
                    let mut cells = vec![
                        Cell::styled(
                            framework.entry_label(EntryKind::SubPoint, &sub_point.id),
                            CELL.bold(),
                        )
                        .then(sub_point.text.clone(), CELL),
                        response_cell(answer, labels.of_opt(answer)),
                    ];
                    cells.extend(fields.iter().map(|(f, _)| match f {
                        // Sub-points carry no regulations of their own.
                        ItemField::Regulations => Cell::styled(format!("As {label}"), NOTE),
                        _ => field_cell(*f, answer, &[]),
                    }));
                    table.push(Row::new(cells));
                }
            }
        }
        flow.table(&table);
    }

    checklist(flow, record, anchors.checklist, &fields);
    Ok(())
}

/// The policies and procedures checklist, with each policy's reference and review date.
fn checklist(
    flow: &mut Flow,
    record: &AssessmentRecord,
    anchor: usize,
    fields: &[(ItemField, &ItemColumn)],
) {
    let framework = &record.framework;
    let checklist = &framework.checklist;
    let labels = &framework.presentation.checklist_responses;
    flow.heading(&checklist.title, SUBTITLE, Some(anchor));
    flow.body(&checklist.question);
    let comment_label = fields
        .iter()
        .find(|(f, _)| *f == ItemField::Comment)
        .map_or("Comment", |(_, c)| c.label.as_str());
    let mut table = Table::new(vec![
        Column::new(framework.presentation.checklist_entry_label.clone(), 3.2),
        Column::new("Response", 1.25),
        Column::new("Policy name or reference", 2.1),
        Column::new("Review date", 1.0),
        Column::new(comment_label, 2.8),
    ]);
    for entry in &checklist.entries {
        let answer = record.answer(&entry.id);
        table.push(Row::new(vec![
            Cell::styled(
                framework.entry_label(EntryKind::Checklist, &entry.id),
                CELL.bold(),
            )
            .then(entry.text.clone(), CELL),
            response_cell(answer, labels.of_opt(answer)),
            Cell::text(answer.map(|a| a.policy_ref.clone()).unwrap_or_default()),
            Cell::whole(
                answer
                    .and_then(|a| a.review_date)
                    .map(short_date)
                    .unwrap_or_default(),
                CELL,
            ),
            comment_cell(answer),
        ]));
    }
    flow.table(&table);
}

/// The label of an answer's response, if it has one.
trait LabelOf {
    fn of_opt(&self, answer: Option<&Answer>) -> Option<String>;
}

impl LabelOf for prevent_core::catalogue::ResponseLabels {
    fn of_opt(&self, answer: Option<&Answer>) -> Option<String> {
        answer
            .and_then(|a| a.response)
            .map(|r| self.of(r).to_owned())
    }
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

fn field_cell(field: ItemField, answer: Option<&Answer>, regulations: &[u32]) -> Cell {
    match field {
        ItemField::Regulations => {
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
        ItemField::Comment => comment_cell(answer),
        ItemField::ActionRequired => match answer {
            Some(a) if a.response.is_some() => {
                Cell::styled(if a.action_required { "Y" } else { "N" }, CELL.bold())
            }
            _ => Cell::empty(),
        },
        ItemField::Lead => Cell::text(answer.map(|a| a.lead.clone()).unwrap_or_default()),
        ItemField::DueDate => Cell::whole(
            answer
                .and_then(|a| a.due_date)
                .map(short_date)
                .unwrap_or_default(),
            CELL,
        ),
    }
}
