//! The action plan in the template's own columns and order, as at the
//! report's date: an overdue action shows one priority higher, as the plan
//! shows it, and says so.
//!
//! Template columns are matched to action fields by id, with the same names
//! the CSV and workbook exports accept; a column this version cannot fill is
//! an error rather than a blank column.

use prevent_core::catalogue::{PlanField, TemplateColumn};
use prevent_core::plan::{effective_priority, is_overdue};
use prevent_core::record::RecordAction;
use prevent_core::{ActionStatus, AssessmentRecord, GapState};

use crate::flow::{Flow, TITLE};
use crate::page::{CELL, Colour, NOTE};
use crate::table::{Cell, Column, Row, Table};
use crate::words::{count, long_date, short_date};
use crate::{Anchors, ReportError};

/// What a template column shows; a column nothing fills (possible only in a
/// record, as framework files are checked on load) is an error.
fn field_of(column: &TemplateColumn) -> Result<PlanField, ReportError> {
    column
        .field()
        .ok_or_else(|| ReportError::UnknownPlanColumn {
            id: column.id.clone(),
            label: column.label.clone(),
        })
}

/// Its share of the table's width.
fn weight(field: PlanField) -> f32 {
    match field {
        PlanField::Objective => 2.6,
        PlanField::ActionRequired => 3.0,
        PlanField::Priority => 1.1,
        PlanField::CompletionDate => 1.05,
        PlanField::Responsible => 1.5,
        PlanField::Completed => 1.6,
    }
}

pub(crate) fn write(
    flow: &mut Flow,
    record: &AssessmentRecord,
    anchors: &Anchors,
) -> Result<(), ReportError> {
    let template = &record.framework().action_plan_template;
    let fields: Vec<(PlanField, &TemplateColumn)> = template
        .columns
        .iter()
        .map(|c| field_of(c).map(|f| (f, c)))
        .collect::<Result<_, _>>()?;
    let today = record.as_at();

    flow.start_new_page();
    flow.heading(&template.title, TITLE, Some(anchors.plan));
    if record.actions.is_empty() {
        flow.body("There are no actions: no answer requires action.");
        return Ok(());
    }
    let overdue = record
        .actions
        .iter()
        .filter(|a| is_overdue(*a, today))
        .count();
    flow.body(&format!(
        "{} in the plan's order: highest priority first, then by completion date. As at {}, {} \
         overdue; an overdue action shows one priority higher than the one it was given.",
        count(
            u32::try_from(record.actions.len()).unwrap_or(u32::MAX),
            "action",
            "actions"
        ),
        long_date(today),
        match overdue {
            0 => "none is".to_owned(),
            1 => "1 is".to_owned(),
            n => format!("{n} are"),
        }
    ));
    if fields.is_empty() {
        return Ok(());
    }
    let mut table = Table::new(
        fields
            .iter()
            .map(|(f, c)| Column::new(c.label.clone(), weight(*f)))
            .collect(),
    );
    for action in &record.actions {
        table.push(Row::new(
            fields
                .iter()
                .map(|(f, _)| cell(*f, action, record))
                .collect(),
        ));
    }
    flow.table(&table);
    Ok(())
}

fn cell(field: PlanField, action: &RecordAction, record: &AssessmentRecord) -> Cell {
    let today = record.as_at();
    let overdue = is_overdue(action, today);
    match field {
        PlanField::Objective => {
            Cell::styled(action.source.clone(), CELL.bold()).then(action.objective.clone(), CELL)
        }
        PlanField::ActionRequired => Cell::text(action.action.clone()),
        PlanField::Priority => {
            let shown = effective_priority(action, today);
            let cell = Cell::styled(shown.label(), CELL.bold());
            if shown != action.priority {
                cell.then(
                    format!("Was {}: overdue", action.priority.label().to_lowercase()),
                    NOTE,
                )
            } else {
                cell
            }
        }
        PlanField::CompletionDate => {
            let cell = match action.due {
                Some(due) => Cell::whole(short_date(due), CELL),
                None => Cell::styled("Not set", NOTE),
            };
            if overdue {
                cell.then("Overdue", CELL.bold().coloured(Colour::RED))
            } else {
                cell
            }
        }
        PlanField::Responsible => {
            Cell::text(action.owners.clone()).then(action.department.clone(), NOTE)
        }
        PlanField::Completed => {
            if action.status == ActionStatus::Completed {
                let mut parts = vec!["Y".to_owned()];
                parts.extend(action.completed_on.map(short_date));
                parts.extend(action.signed_off_by.clone());
                Cell::styled(parts.join(", "), CELL.bold())
            } else {
                let mut cell = Cell::styled("N", CELL.bold()).then(action.status.label(), NOTE);
                if let (ActionStatus::Deferred, Some(reason)) =
                    (action.status, &action.deferred_reason)
                {
                    cell = cell.then(format!("Why deferred: {reason}"), NOTE);
                }
                if action.gap == GapState::Closed {
                    cell = cell.then("Gap closed: to be confirmed", NOTE);
                }
                cell
            }
        }
    }
}
