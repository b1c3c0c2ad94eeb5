//! The plan as the safeguarding lead reads it: effective priority (an overdue
//! action shows one level higher), sorting, the filters, the counts behind the
//! chart and the "due soon" and "overdue" lists. One assessment's plan and the
//! dashboard across all assessments are the same view over different actions.
//! "Today" is a parameter, so every figure can be reproduced.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{Action, ActionStatus, GapState, Priority, PriorityReason, SET_BY_A_PERSON};
use crate::assessment::Assessment;
use crate::frameworks::Frameworks;

/// How far ahead "due soon" looks.
pub const DUE_SOON_DAYS: u32 = 30;

/// An open action (not started or in progress, gap still open) whose
/// completion date has passed.
pub fn is_overdue(action: &Action, today: NaiveDate) -> bool {
    action.status.is_open() && action.gap == GapState::Open && action.due.is_some_and(|d| d < today)
}

/// The priority the plan shows: one level higher while overdue; the stored
/// priority never changes.
pub fn effective_priority(action: &Action, today: NaiveDate) -> Priority {
    if is_overdue(action, today) {
        action.priority.raised()
    } else {
        action.priority
    }
}

fn is_due_within(action: &Action, today: NaiveDate, days: u32) -> bool {
    let horizon = today
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX);
    action.status.is_open()
        && action.gap == GapState::Open
        && action.due.is_some_and(|d| d >= today && d <= horizon)
}

/// Which actions a date filter keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind", content = "days")]
pub enum DueFilter {
    Overdue,
    /// Open and due from today to this many days ahead.
    Within(u32),
}

/// The plan view's filters; each left out keeps every action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanFilter {
    #[ts(optional)]
    #[serde(default)]
    pub status: Option<ActionStatus>,
    /// Matches any action whose owners contain this text, any case.
    #[ts(optional)]
    #[serde(default)]
    pub owner: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub department: Option<String>,
    /// The effective priority.
    #[ts(optional)]
    #[serde(default)]
    pub priority: Option<Priority>,
    #[ts(optional)]
    #[serde(default)]
    pub due: Option<DueFilter>,
}

impl PlanFilter {
    pub fn keeps(&self, action: &Action, today: NaiveDate) -> bool {
        let contains = |haystack: &str, needle: &Option<String>| {
            needle
                .as_deref()
                .map(str::trim)
                .is_none_or(|n| n.is_empty() || haystack.to_lowercase().contains(&n.to_lowercase()))
        };
        self.status.is_none_or(|s| s == action.status)
            && contains(&action.owners, &self.owner)
            && self
                .department
                .as_deref()
                .map(str::trim)
                .is_none_or(|d| d.is_empty() || action.department.trim().eq_ignore_ascii_case(d))
            && self
                .priority
                .is_none_or(|p| p == effective_priority(action, today))
            && self.due.is_none_or(|due| match due {
                DueFilter::Overdue => is_overdue(action, today),
                DueFilter::Within(days) => is_due_within(action, today, days),
            })
    }

    pub fn is_empty(&self) -> bool {
        *self == PlanFilter::default()
    }
}

/// One action as the plan shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ActionView {
    #[serde(flatten)]
    #[ts(flatten)]
    pub action: Action,
    /// "Item 3b", "Checklist entry C4".
    pub source_label: String,
    pub organisation: String,
    pub assessment_date: NaiveDate,
    pub effective_priority: Priority,
    pub overdue: bool,
    /// Open and due within the next 30 days.
    pub due_soon: bool,
    /// The gap closed but the action is not completed: "gap closed — confirm".
    pub gap_closed_to_confirm: bool,
    /// Why the action has its priority.
    pub why: PriorityWhy,
}

/// "Why this priority": the rule and weight behind it, or the person's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PriorityWhy {
    pub set_by_a_person: bool,
    /// One sentence for the screen.
    pub summary: String,
    /// What the rules would give, for comparison when a person changed it.
    pub rule: PriorityReason,
}

/// Counts for one effective priority, by status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PriorityRow {
    pub priority: Priority,
    pub not_started: u32,
    pub in_progress: u32,
    pub completed: u32,
    pub deferred: u32,
}

/// The numbers above the plan and behind its chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PlanCounts {
    pub total: u32,
    pub open: u32,
    pub overdue: u32,
    pub due_soon: u32,
    pub gaps_to_confirm: u32,
    /// High, medium, low: the chart's bars.
    pub by_priority: Vec<PriorityRow>,
}

/// A plan (one assessment's, or every assessment's on the dashboard).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PlanView {
    pub today: NaiveDate,
    pub filter: PlanFilter,
    /// The filtered actions, by effective priority, then completion date.
    pub actions: Vec<ActionView>,
    /// Counts of the filtered actions.
    pub counts: PlanCounts,
    /// Every overdue action, whatever the filter.
    pub overdue: Vec<ActionView>,
    /// Every open action due in the next 30 days, whatever the filter.
    pub due_soon: Vec<ActionView>,
    /// The owners and departments named in the plan, for the filter's choices.
    pub owners: Vec<String>,
    pub departments: Vec<String>,
}

/// The actions of one assessment, with the assessment they belong to.
pub struct PlanSource<'a> {
    pub assessment: &'a Assessment,
    pub actions: Vec<Action>,
}

impl PlanView {
    pub fn build(
        frameworks: &Frameworks,
        sources: Vec<PlanSource<'_>>,
        filter: PlanFilter,
        today: NaiveDate,
    ) -> PlanView {
        let mut all: Vec<(ActionView, usize)> = Vec::new();
        for source in sources {
            let framework = frameworks.get(&source.assessment.framework_id);
            let rules = frameworks.rules(&source.assessment.framework_id);
            let order: Vec<&str> = framework.map(|f| f.answerable_ids()).unwrap_or_default();
            for action in source.actions {
                let position = order
                    .iter()
                    .position(|id| *id == action.source)
                    .unwrap_or(usize::MAX);
                let rule = rules.map_or_else(
                    || PriorityReason {
                        rule: action.rule.clone(),
                        priority: action.priority,
                        explanation: String::new(),
                        weight: String::new(),
                        weight_label: String::new(),
                        weight_rationale: String::new(),
                    },
                    |r| {
                        let response = None;
                        let mut reason = r.assign(&action.source, response);
                        if let Some(declared) = r.rule(&action.rule) {
                            reason.rule = declared.id.clone();
                            reason.priority = declared.priority;
                            reason.explanation = declared.explanation.clone();
                        }
                        reason
                    },
                );
                let why = why(&action, rule);
                let view = ActionView {
                    source_label: framework
                        .map_or_else(|| action.source.clone(), |f| action.source_label(f)),
                    organisation: source.assessment.organisation.clone(),
                    assessment_date: source.assessment.assessment_date,
                    effective_priority: effective_priority(&action, today),
                    overdue: is_overdue(&action, today),
                    due_soon: is_due_within(&action, today, DUE_SOON_DAYS),
                    gap_closed_to_confirm: action.gap == GapState::Closed
                        && action.status != ActionStatus::Completed,
                    why,
                    action,
                };
                all.push((view, position));
            }
        }
        all.sort_by(|(a, pa), (b, pb)| {
            b.effective_priority
                .cmp(&a.effective_priority)
                .then_with(|| match (a.action.due, b.action.due) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                })
                .then_with(|| b.assessment_date.cmp(&a.assessment_date))
                .then_with(|| a.organisation.cmp(&b.organisation))
                .then_with(|| pa.cmp(pb))
                .then_with(|| a.action.id.cmp(&b.action.id))
        });
        let mut owners: Vec<String> = Vec::new();
        let mut departments: Vec<String> = Vec::new();
        for (view, _) in &all {
            for owner in split_owners(&view.action.owners) {
                if !owners.iter().any(|o| o.eq_ignore_ascii_case(&owner)) {
                    owners.push(owner);
                }
            }
            let department = view.action.department.trim();
            if !department.is_empty()
                && !departments
                    .iter()
                    .any(|d| d.eq_ignore_ascii_case(department))
            {
                departments.push(department.to_owned());
            }
        }
        owners.sort_by_key(|o| o.to_lowercase());
        departments.sort_by_key(|d| d.to_lowercase());
        let overdue: Vec<ActionView> = all
            .iter()
            .filter(|(v, _)| v.overdue)
            .map(|(v, _)| v.clone())
            .collect();
        let mut due_soon: Vec<ActionView> = all
            .iter()
            .filter(|(v, _)| v.due_soon)
            .map(|(v, _)| v.clone())
            .collect();
        due_soon.sort_by_key(|a| a.action.due);
        let actions: Vec<ActionView> = all
            .into_iter()
            .map(|(v, _)| v)
            .filter(|v| filter.keeps(&v.action, today))
            .collect();
        PlanView {
            today,
            counts: PlanCounts::of(&actions),
            filter,
            actions,
            overdue,
            due_soon,
            owners,
            departments,
        }
    }

    /// The action with this id, if the view holds it.
    pub fn find(&self, id: Uuid) -> Option<&ActionView> {
        self.actions.iter().find(|a| a.action.id == id)
    }
}

/// Owners as people type them: "A. Khan; B. Jones, HR" gives three names.
pub fn split_owners(owners: &str) -> Vec<String> {
    owners
        .split([';', ',', '\n'])
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(str::to_owned)
        .collect()
}

fn why(action: &Action, rule: PriorityReason) -> PriorityWhy {
    if action.rule == SET_BY_A_PERSON {
        let reason = action.priority_reason.clone().unwrap_or_default();
        PriorityWhy {
            set_by_a_person: true,
            summary: format!(
                "Set to {} by a person: {reason}",
                action.priority.label().to_lowercase()
            ),
            rule,
        }
    } else {
        PriorityWhy {
            set_by_a_person: false,
            summary: format!(
                "{} Rule \"{}\". Weight: {} — {}",
                rule.explanation, rule.rule, rule.weight_label, rule.weight_rationale
            ),
            rule,
        }
    }
}

impl PlanCounts {
    pub fn of(actions: &[ActionView]) -> PlanCounts {
        let count = |keep: &dyn Fn(&ActionView) -> bool| {
            u32::try_from(actions.iter().filter(|a| keep(a)).count()).unwrap_or(u32::MAX)
        };
        PlanCounts {
            total: count(&|_| true),
            open: count(&|a| a.action.status.is_open() && a.action.gap == GapState::Open),
            overdue: count(&|a| a.overdue),
            due_soon: count(&|a| a.due_soon),
            gaps_to_confirm: count(&|a| a.gap_closed_to_confirm),
            by_priority: Priority::ALL
                .into_iter()
                .map(|priority| {
                    let of = |status: ActionStatus| {
                        count(&|a| a.effective_priority == priority && a.action.status == status)
                    };
                    PriorityRow {
                        priority,
                        not_started: of(ActionStatus::NotStarted),
                        in_progress: of(ActionStatus::InProgress),
                        completed: of(ActionStatus::Completed),
                        deferred: of(ActionStatus::Deferred),
                    }
                })
                .collect(),
        }
    }
}
