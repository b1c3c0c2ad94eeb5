//! The table behind the CSV and the workbook: the template's columns, in
//! its order and with its labels, then the columns this app adds. Template
//! columns are matched to action fields by id; an id this version does not
//! know gives an empty column rather than a failure.
//!
//! The dashboard lists the actions of every assessment, whatever framework
//! each is made against. While those frameworks' templates have the same
//! columns, it is one table, as for one assessment. When they differ, the
//! actions are grouped by framework: one table each for the workbook's
//! sheets, or one table with a leading "Framework" column and every
//! framework's columns for the CSV.

use std::collections::HashMap;

use chrono::NaiveDate;
use prevent_core::Framework;
use prevent_core::plan::{ActionStatus, ActionView, PlanView, SET_BY_A_PERSON};
use uuid::Uuid;

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
    /// The title of the framework the action's assessment is made against.
    Framework,
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
            Field::Framework => 30.0,
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
            Field::Framework => text(&view.framework_title),
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
    /// The title of the framework whose actions alone the table holds, when
    /// the plan is split by framework.
    pub framework: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// The frameworks a plan's actions are assessed against.
#[derive(Debug, Clone)]
pub struct PlanFrameworks<'a> {
    /// Heads the one table of a plan whose frameworks all have its columns,
    /// and of an empty plan.
    main: &'a Framework,
    /// The framework of each listed assessment; an action of any other
    /// assessment is taken to be the main framework's.
    by_assessment: HashMap<Uuid, &'a Framework>,
}

impl<'a> PlanFrameworks<'a> {
    /// `main` heads the table; `by_assessment` says which framework each
    /// listed assessment is made against.
    pub fn new(main: &'a Framework, by_assessment: HashMap<Uuid, &'a Framework>) -> Self {
        PlanFrameworks {
            main,
            by_assessment,
        }
    }

    pub fn main(&self) -> &'a Framework {
        self.main
    }

    /// The framework an action's assessment is made against.
    fn of(&self, view: &ActionView) -> &'a Framework {
        self.by_assessment
            .get(&view.action.assessment_id)
            .copied()
            .unwrap_or(self.main)
    }

    /// The plan's actions by framework, frameworks in the order their first
    /// action comes in the plan; `None` while every action's framework has
    /// the main one's template columns, so one table holds them all.
    fn groups<'p>(&self, plan: &'p PlanView) -> Option<Vec<(&'a Framework, Vec<&'p ActionView>)>> {
        let mut groups: Vec<(&'a Framework, Vec<&'p ActionView>)> = Vec::new();
        for view in &plan.actions {
            let framework = self.of(view);
            match groups.iter_mut().find(|(f, _)| f.id == framework.id) {
                Some((_, views)) => views.push(view),
                None => groups.push((framework, vec![view])),
            }
        }
        let columns = &self.main.action_plan_template.columns;
        let alike = groups
            .iter()
            .all(|(f, _)| &f.action_plan_template.columns == columns);
        (!alike).then_some(groups)
    }
}

/// One assessment's plan: all of it under its framework's template.
impl<'a> From<&'a Framework> for PlanFrameworks<'a> {
    fn from(framework: &'a Framework) -> Self {
        PlanFrameworks::new(framework, HashMap::new())
    }
}

/// The template's columns in its order, and the objective after them should
/// the template have no column for it, so no export ever loses it.
fn template_columns(framework: &Framework) -> Vec<Column> {
    let mut columns: Vec<Column> = framework
        .action_plan_template
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
    columns
}

/// The columns this app adds after the template's.
fn extra_columns() -> impl Iterator<Item = Column> {
    EXTRA.iter().map(|(field, label)| Column {
        label: (*label).to_owned(),
        field: *field,
    })
}

/// The actions under the framework's template columns, then ours.
fn framework_table<'v>(
    framework: &Framework,
    views: impl IntoIterator<Item = &'v ActionView>,
) -> PlanTable {
    let mut columns = template_columns(framework);
    columns.extend(extra_columns());
    let rows = views
        .into_iter()
        .map(|view| columns.iter().map(|c| c.field.value(view)).collect())
        .collect();
    PlanTable {
        title: framework.action_plan_template.title.clone(),
        framework: None,
        columns,
        rows,
    }
}

/// The plan's actions under the framework's template columns, then ours.
pub fn plan_table(plan: &PlanView, framework: &Framework) -> PlanTable {
    framework_table(framework, &plan.actions)
}

/// The plan as the workbook lays it out: one table while every action's
/// framework has the same template columns, else one table per framework,
/// each with its own columns.
pub fn plan_tables(plan: &PlanView, frameworks: &PlanFrameworks) -> Vec<PlanTable> {
    let Some(groups) = frameworks.groups(plan) else {
        return vec![plan_table(plan, frameworks.main)];
    };
    groups
        .into_iter()
        .map(|(framework, views)| PlanTable {
            framework: Some(framework.title.clone()),
            ..framework_table(framework, views)
        })
        .collect()
}

/// The plan as one table, as the CSV lays it out: while every action's
/// framework has the same template columns, exactly `plan_table`; else a
/// leading "Framework" column, every framework's template columns (each
/// left empty for the actions of frameworks that do not have it), then
/// ours, with the actions grouped by framework.
pub fn plan_table_across(plan: &PlanView, frameworks: &PlanFrameworks) -> PlanTable {
    let Some(groups) = frameworks.groups(plan) else {
        return plan_table(plan, frameworks.main);
    };
    let mut columns = vec![Column {
        label: "Framework".to_owned(),
        field: Field::Framework,
    }];
    let mut rows = Vec::new();
    for (framework, _) in &groups {
        for column in template_columns(framework) {
            if !columns.contains(&column) {
                columns.push(column);
            }
        }
    }
    let template_end = columns.len();
    columns.extend(extra_columns());
    for (framework, views) in &groups {
        let own = template_columns(framework);
        for view in views {
            let row = columns
                .iter()
                .enumerate()
                .map(|(at, column)| {
                    if (1..template_end).contains(&at) && !own.contains(column) {
                        Cell::Empty
                    } else {
                        column.field.value(view)
                    }
                })
                .collect();
            rows.push(row);
        }
    }
    PlanTable {
        title: frameworks.main.action_plan_template.title.clone(),
        framework: None,
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

    #[test]
    fn frameworks_with_the_same_columns_keep_one_table() {
        let (plan, _) = fixtures::mixed_plan();
        let shipped = fixtures::frameworks()
            .get(fixtures::PROVIDERS)
            .expect("providers");
        let frameworks = PlanFrameworks::new(
            fixtures::framework(),
            [
                (fixtures::assessment().id, fixtures::framework()),
                (fixtures::providers_assessment().id, shipped),
            ]
            .into_iter()
            .collect(),
        );
        let one = plan_table(&plan, fixtures::framework());
        assert_eq!(plan_tables(&plan, &frameworks), vec![one.clone()]);
        assert_eq!(plan_table_across(&plan, &frameworks), one);
    }

    #[test]
    fn frameworks_with_other_columns_get_a_table_each_with_their_own() {
        let (plan, frameworks) = fixtures::mixed_plan();
        let tables = plan_tables(&plan, &frameworks);
        let named: Vec<Option<&str>> = tables.iter().map(|t| t.framework.as_deref()).collect();
        assert_eq!(
            named,
            [
                Some(fixtures::framework().title.as_str()),
                Some(fixtures::providers_with_own_columns().title.as_str())
            ]
        );
        let labels =
            |t: &PlanTable| -> Vec<String> { t.columns.iter().map(|c| c.label.clone()).collect() };
        assert_eq!(
            labels(&tables[1])[..5],
            [
                "Standard",
                "Action required",
                "Lead",
                "Target date",
                "RAG rating"
            ]
        );
        assert_eq!(tables[1].title, "Provider action plan");
        assert_eq!(tables[0].rows.len(), fixtures::actions().len());
        assert_eq!(tables[1].rows.len(), 2);
        assert_eq!(
            labels(&tables[0]),
            labels(&plan_table(&plan, fixtures::framework()))
        );
    }

    #[test]
    fn one_table_across_frameworks_leaves_other_frameworks_columns_empty() {
        let (plan, frameworks) = fixtures::mixed_plan();
        let table = plan_table_across(&plan, &frameworks);
        let col = |label: &str| {
            table
                .columns
                .iter()
                .position(|c| c.label == label)
                .expect(label)
        };
        assert_eq!(table.columns[0].field, Field::Framework);
        assert_eq!(table.rows.len(), fixtures::actions().len() + 2);
        let providers_title = &fixtures::providers_with_own_columns().title;
        for row in &table.rows {
            let providers = row[0] == Cell::Text(providers_title.clone());
            assert_eq!(row[col("Objectives")] == Cell::Empty, providers);
            assert_eq!(row[col("Standard")] == Cell::Empty, !providers);
            assert_eq!(
                row[col("Priority (high, medium, low)")] == Cell::Empty,
                providers
            );
            assert_ne!(row[col("Action required")], Cell::Empty, "shared by both");
            assert_ne!(row[col("Status")], Cell::Empty, "ours, for every action");
        }
        let frameworks_in_order: Vec<&Cell> = table.rows.iter().map(|r| &r[0]).collect();
        let switches = frameworks_in_order
            .windows(2)
            .filter(|pair| pair[0] != pair[1])
            .count();
        assert_eq!(switches, 1, "grouped by framework");
    }
}
