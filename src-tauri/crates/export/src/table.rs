//! The one table behind the CSV and the workbook: the template's columns, in
//! its order and with its labels, then the columns this app adds. Template
//! columns are matched to action fields by id; an id this version does not
//! know gives an empty column rather than a failure.

use chrono::NaiveDate;
use prevent_core::Framework;
use prevent_core::plan::{ActionStatus, ActionView, PlanView, SET_BY_A_PERSON};

/// What one column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The standard to be met (the entry's wording).
    Objective,
    /// "Action required".
    ActionRequired,
    /// The effective priority: one level higher while overdue.
    Priority,
    /// The due date.
    CompletionDate,
    /// The owners.
    Responsible,
    /// "Y, 2027-01-15, Sam Lee" or "N".
    Completed,
    /// A template column this version cannot fill.
    Unknown,
    Source,
    Organisation,
    AssessmentDate,
    StoredPriority,
    Rule,
    Status,
    Department,
    Overdue,
    DeferredReason,
    ProgressNotes,
    ActionId,
}

/// The columns this app adds after the template's, with their headings.
const EXTRA: [(Field, &str); 11] = [
    (Field::Source, "Source"),
    (Field::Organisation, "Organisation"),
    (Field::AssessmentDate, "Assessment date"),
    (Field::StoredPriority, "Stored priority"),
    (Field::Rule, "Rule"),
    (Field::Status, "Status"),
    (Field::Department, "Department"),
    (Field::Overdue, "Overdue (Y/N)"),
    (Field::DeferredReason, "Deferred reason"),
    (Field::ProgressNotes, "Progress notes"),
    (Field::ActionId, "Action id"),
];

impl Field {
    /// The field a template column's id names; `Unknown` for any other id.
    pub fn of_template_column(id: &str) -> Field {
        use prevent_core::catalogue::PlanField;
        match PlanField::from_id(id) {
            Some(PlanField::Objective) => Field::Objective,
            Some(PlanField::ActionRequired) => Field::ActionRequired,
            Some(PlanField::Priority) => Field::Priority,
            Some(PlanField::CompletionDate) => Field::CompletionDate,
            Some(PlanField::Responsible) => Field::Responsible,
            Some(PlanField::Completed) => Field::Completed,
            None => Field::Unknown,
        }
    }

    /// A width in Excel's character units that fits the usual content.
    pub fn width(self) -> f64 {
        match self {
            Field::Objective | Field::ProgressNotes => 50.0,
            Field::ActionRequired => 60.0,
            Field::Responsible | Field::Department | Field::DeferredReason => 24.0,
            Field::Completed | Field::Rule | Field::Organisation => 28.0,
            Field::Unknown => 20.0,
            Field::ActionId => 38.0,
            Field::Status => 16.0,
            Field::Source => 20.0,
            Field::Priority
            | Field::CompletionDate
            | Field::AssessmentDate
            | Field::StoredPriority
            | Field::Overdue => 13.0,
        }
    }

    /// This field of one action.
    pub fn value(self, view: &ActionView) -> Cell {
        let action = &view.action;
        let text = |s: &str| Cell::Text(s.to_owned());
        match self {
            Field::Objective => text(&action.objective),
            Field::ActionRequired => text(&action.action),
            Field::Priority => text(view.effective_priority.label()),
            Field::CompletionDate => action.due.map_or(Cell::Empty, Cell::Date),
            Field::Responsible => text(&action.owners),
            Field::Completed => Cell::Text(completed(view)),
            Field::Unknown => Cell::Empty,
            Field::Source => text(&view.source_label),
            Field::Organisation => text(&view.organisation),
            Field::AssessmentDate => Cell::Date(view.assessment_date),
            Field::StoredPriority => text(action.priority.label()),
            Field::Rule => match (&action.priority_reason, action.rule == SET_BY_A_PERSON) {
                (Some(reason), true) => Cell::Text(format!("{SET_BY_A_PERSON}: {reason}")),
                _ => text(&action.rule),
            },
            Field::Status => Cell::Text(if view.gap_closed_to_confirm {
                format!("{} (gap closed: confirm)", action.status.label())
            } else {
                action.status.label().to_owned()
            }),
            Field::Department => text(&action.department),
            Field::Overdue => text(if view.overdue { "Y" } else { "N" }),
            Field::DeferredReason => text(action.deferred_reason.as_deref().unwrap_or_default()),
            Field::ProgressNotes => Cell::Text(
                action
                    .notes
                    .iter()
                    .map(|n| format!("{} {}: {}", n.at.date_naive(), n.by, n.text))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Field::ActionId => Cell::Text(action.id.to_string()),
        }
    }
}

/// The template's "Completed (Y/N), date assessed and signature".
fn completed(view: &ActionView) -> String {
    let action = &view.action;
    if action.status != ActionStatus::Completed {
        return "N".to_owned();
    }
    let mut parts = vec!["Y".to_owned()];
    parts.extend(action.completed_on.map(|d| d.to_string()));
    parts.extend(action.signed_off_by.clone());
    parts.join(", ")
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    /// Written as YYYY-MM-DD in text, as a real date in a workbook.
    Date(NaiveDate),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Date(date) => date.format("%Y-%m-%d").to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub label: String,
    pub field: Field,
}

/// The plan as rows and columns, in the plan's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanTable {
    /// The template's title, e.g. "Action plan following Prevent self-assessment".
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// The plan's actions under the framework's template columns, then ours.
/// Should the template have no column for the objective, it comes first
/// among ours, so no export ever loses it.
pub fn plan_table(plan: &PlanView, framework: &Framework) -> PlanTable {
    let template = &framework.action_plan_template;
    let mut columns: Vec<Column> = template
        .columns
        .iter()
        .map(|c| Column {
            label: c.label.clone(),
            field: Field::of_template_column(&c.id),
        })
        .collect();
    if !columns.iter().any(|c| c.field == Field::Objective) {
        columns.push(Column {
            label: "Objective".to_owned(),
            field: Field::Objective,
        });
    }
    columns.extend(EXTRA.iter().map(|(field, label)| Column {
        label: (*label).to_owned(),
        field: *field,
    }));
    let rows = plan
        .actions
        .iter()
        .map(|view| columns.iter().map(|c| c.field.value(view)).collect())
        .collect();
    PlanTable {
        title: template.title.clone(),
        columns,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn template_columns_come_first_in_order_with_their_labels() {
        let framework = fixtures::framework();
        let table = plan_table(&fixtures::plan(), framework);
        let template = &framework.action_plan_template.columns;
        for (column, declared) in table.columns.iter().zip(template) {
            assert_eq!(column.label, declared.label);
            assert_ne!(column.field, Field::Unknown, "{} is known", declared.id);
        }
        let labels: Vec<&str> = table.columns.iter().map(|c| c.label.as_str()).collect();
        assert!(labels.ends_with(&[
            "Source",
            "Organisation",
            "Assessment date",
            "Stored priority",
            "Rule",
            "Status",
            "Department",
            "Overdue (Y/N)",
            "Deferred reason",
            "Progress notes",
            "Action id"
        ]));
        assert_eq!(
            table
                .columns
                .iter()
                .filter(|c| c.field == Field::Objective)
                .count(),
            1,
            "the objective appears once, whether or not the template has it"
        );
        assert_eq!(table.rows.len(), fixtures::plan().actions.len());
    }

    #[test]
    fn an_unknown_template_column_is_left_empty() {
        let mut framework = fixtures::framework().clone();
        framework
            .action_plan_template
            .columns
            .push(prevent_core::catalogue::TemplateColumn {
                id: "budget_code".to_owned(),
                label: "Budget code".to_owned(),
            });
        let table = plan_table(&fixtures::plan(), &framework);
        let at = table
            .columns
            .iter()
            .position(|c| c.label == "Budget code")
            .expect("kept");
        assert!(table.rows.iter().all(|row| row[at] == Cell::Empty));
    }

    #[test]
    fn completed_reads_y_date_and_signature() {
        let plan = fixtures::plan();
        let done = plan
            .actions
            .iter()
            .find(|a| a.action.status == ActionStatus::Completed)
            .expect("a completed action");
        assert_eq!(completed(done), "Y, 2027-01-15, Sam Lee");
        let open = plan
            .actions
            .iter()
            .find(|a| a.action.status.is_open())
            .expect("an open action");
        assert_eq!(completed(open), "N");
    }
}
