//! The plan as the safeguarding lead reads it: effective priority (an overdue
//! action shows one level higher), sorting, the filters, the counts behind the
//! chart and the "due soon" and "overdue" lists. One assessment's plan and the
//! dashboard across all assessments are the same view over different actions.
//! "Today" is a parameter, so every figure can be reproduced.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{
    Action, ActionStatus, GapState, Priority, PriorityReason, PriorityRules, SET_BY_A_PERSON,
};
use crate::assessment::Assessment;
use crate::frameworks::Frameworks;

/// How far ahead "due soon" looks.
pub const DUE_SOON_DAYS: u32 = 30;

/// What sorting, filtering and counting read of an action. The dashboard
/// reads only this for its thousands of actions, and the whole action only
/// for those it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionHead {
    pub id: Uuid,
    pub assessment_id: Uuid,
    pub source: String,
    pub priority: Priority,
    pub status: ActionStatus,
    pub due: Option<NaiveDate>,
    pub gap: GapState,
    pub owners: String,
    pub department: String,
}

impl Action {
    pub fn head(&self) -> ActionHead {
        ActionHead {
            id: self.id,
            assessment_id: self.assessment_id,
            source: self.source.clone(),
            priority: self.priority,
            status: self.status,
            due: self.due,
            gap: self.gap,
            owners: self.owners.clone(),
            department: self.department.clone(),
        }
    }
}

/// The tracking fields the plan's rules read, whole action or head alike.
pub trait Tracked {
    fn tracked_priority(&self) -> Priority;
    fn tracked_status(&self) -> ActionStatus;
    fn tracked_gap(&self) -> GapState;
    fn tracked_due(&self) -> Option<NaiveDate>;
    fn tracked_owners(&self) -> &str;
    fn tracked_department(&self) -> &str;
}

macro_rules! tracked {
    ($type:ty) => {
        impl Tracked for $type {
            fn tracked_priority(&self) -> Priority {
                self.priority
            }
            fn tracked_status(&self) -> ActionStatus {
                self.status
            }
            fn tracked_gap(&self) -> GapState {
                self.gap
            }
            fn tracked_due(&self) -> Option<NaiveDate> {
                self.due
            }
            fn tracked_owners(&self) -> &str {
                &self.owners
            }
            fn tracked_department(&self) -> &str {
                &self.department
            }
        }
    };
}
tracked!(Action);
tracked!(ActionHead);

fn is_live(action: &impl Tracked) -> bool {
    action.tracked_status().is_open() && action.tracked_gap() == GapState::Open
}

/// The gap closed but the action is not completed: "gap closed — confirm".
fn is_gap_closed_to_confirm(action: &impl Tracked) -> bool {
    action.tracked_gap() == GapState::Closed && action.tracked_status() != ActionStatus::Completed
}

/// An open action (not started or in progress, gap still open) whose
/// completion date has passed.
pub fn is_overdue(action: &impl Tracked, today: NaiveDate) -> bool {
    is_live(action) && action.tracked_due().is_some_and(|d| d < today)
}

/// The priority the plan shows: one level higher while overdue; the stored
/// priority never changes.
pub fn effective_priority(action: &impl Tracked, today: NaiveDate) -> Priority {
    if is_overdue(action, today) {
        action.tracked_priority().raised()
    } else {
        action.tracked_priority()
    }
}

fn is_due_within(action: &impl Tracked, today: NaiveDate, days: u32) -> bool {
    let horizon = today
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX);
    is_live(action)
        && action
            .tracked_due()
            .is_some_and(|d| d >= today && d <= horizon)
}

/// Which actions a date filter keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind", content = "days")]
pub enum DueFilter {
    Overdue,
    /// Open and due from today to this many days ahead.
    Within(u32),
}

/// The plan view's filters; each left out keeps every action. A filter left
/// out is also left out when sent back (not `null`), as its TypeScript type says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanFilter {
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ActionStatus>,
    /// Matches any action that names this owner (one of the names separated
    /// by semicolons or lines), any case.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The effective priority.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<DueFilter>,
    /// Return at most this many actions (the counts still cover them all):
    /// the screens page a dashboard of thousands.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl PlanFilter {
    pub fn keeps(&self, action: &impl Tracked, today: NaiveDate) -> bool {
        let owner_matches = self.owner.as_deref().map(str::trim).is_none_or(|wanted| {
            wanted.is_empty()
                || split_owners(action.tracked_owners())
                    .iter()
                    .any(|owner| owner.to_lowercase() == wanted.to_lowercase())
        });
        let department_matches = self
            .department
            .as_deref()
            .map(str::trim)
            .is_none_or(|wanted| {
                wanted.is_empty()
                    || action
                        .tracked_department()
                        .trim()
                        .eq_ignore_ascii_case(wanted)
            });
        self.status.is_none_or(|s| s == action.tracked_status())
            && owner_matches
            && department_matches
            && self
                .priority
                .is_none_or(|p| p == effective_priority(action, today))
            && self.due.is_none_or(|due| match due {
                DueFilter::Overdue => is_overdue(action, today),
                DueFilter::Within(days) => is_due_within(action, today, days),
            })
    }

    /// Whether the filter keeps every action (a limit is not a filter).
    pub fn is_empty(&self) -> bool {
        PlanFilter {
            limit: None,
            ..self.clone()
        } == PlanFilter::default()
    }
}

/// One action as the plan shows it. (Read back only by the tests that give
/// the UI's unit tests Rust's counts of the plans they show.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionView {
    #[serde(flatten)]
    #[ts(flatten)]
    pub action: Action,
    /// "Item 3b", "Checklist entry C4".
    pub source_label: String,
    pub organisation: String,
    pub assessment_date: NaiveDate,
    /// The framework the action's assessment is made against, as its title
    /// reads: the dashboard lists several frameworks' actions together.
    pub framework_title: String,
    pub effective_priority: Priority,
    pub overdue: bool,
    /// Open and due within the next 30 days.
    pub due_soon: bool,
    /// The gap closed but the action is not completed: "gap closed — confirm".
    pub gap_closed_to_confirm: bool,
    /// The action was completed but its gap is open again (the answer
    /// changed back): "gap reopened — review". Regeneration never changes a
    /// status a person set, so a person decides what to do.
    pub gap_reopened: bool,
    /// Why the action has its priority.
    pub why: PriorityWhy,
}

/// "Why this priority": the rule and weight behind it, or the person's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
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

/// How many actions the "overdue" and "due soon" lists hold; the counts say
/// how many there are in all.
pub const LIST_LIMIT: usize = 10;

/// A plan (one assessment's, or every assessment's on the dashboard).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PlanView {
    pub today: NaiveDate,
    pub filter: PlanFilter,
    /// The filtered actions, by effective priority, then completion date; at
    /// most `filter.limit` of them when a limit is set.
    pub actions: Vec<ActionView>,
    /// Counts of the filtered actions (all of them, whatever the limit).
    pub counts: PlanCounts,
    /// The first overdue actions, whatever the filter, most urgent first.
    pub overdue: Vec<ActionView>,
    /// How many actions are overdue, whatever the filter.
    pub overdue_total: u32,
    /// The first open actions due in the next 30 days, whatever the filter, soonest first.
    pub due_soon: Vec<ActionView>,
    /// How many open actions are due in the next 30 days, whatever the filter.
    pub due_soon_total: u32,
    /// The owners and departments named in the plan, for the filter's choices.
    pub owners: Vec<String>,
    pub departments: Vec<String>,
}

/// The actions of one assessment, with the assessment they belong to.
pub struct PlanSource<'a> {
    pub assessment: &'a Assessment,
    pub actions: Vec<Action>,
}

/// The heads of one assessment's actions, with the assessment.
pub struct HeadSource<'a> {
    pub assessment: &'a Assessment,
    pub heads: Vec<ActionHead>,
}

/// One action's place in the plan, worked out from its head.
struct Row<'a> {
    head: ActionHead,
    assessment: &'a Assessment,
    framework: Option<&'a crate::Framework>,
    rules: Option<&'a PriorityRules>,
    position: usize,
    effective_priority: Priority,
    overdue: bool,
    due_soon: bool,
}

impl Row<'_> {
    fn view(&self, action: &Action) -> ActionView {
        let rule = match self.rules {
            Some(rules) => {
                // The weight from the rules; the rule as recorded. A rule this
                // build no longer declares is named without an explanation,
                // never replaced by another rule's.
                let mut reason = rules.assign(super::training::source_entry(&action.source), None);
                reason.rule.clone_from(&action.default_rule);
                match rules.rule(&action.default_rule) {
                    Some(declared) => {
                        reason.priority = declared.priority;
                        reason.explanation.clone_from(&declared.explanation);
                    }
                    None => {
                        reason.priority = action.priority;
                        reason.explanation.clear();
                    }
                }
                reason
            }
            None => PriorityReason {
                rule: action.rule.clone(),
                priority: action.priority,
                explanation: String::new(),
                weight: String::new(),
                weight_label: String::new(),
                weight_rationale: String::new(),
            },
        };
        ActionView {
            source_label: self
                .framework
                .map_or_else(|| action.source.clone(), |f| action.source_label(f)),
            organisation: self.assessment.organisation.clone(),
            assessment_date: self.assessment.assessment_date,
            framework_title: self
                .framework
                .map_or_else(|| self.assessment.framework_id.clone(), |f| f.title.clone()),
            effective_priority: self.effective_priority,
            overdue: self.overdue,
            due_soon: self.due_soon,
            gap_closed_to_confirm: is_gap_closed_to_confirm(action),
            gap_reopened: action.gap == GapState::Open && action.status == ActionStatus::Completed,
            why: why(action, rule),
            action: action.clone(),
        }
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A plan worked out from the actions' heads: order, filter, counts and the
/// lists, but not yet the actions' full text. [`PlanIndex::needed`] names the
/// actions to read in full; [`PlanIndex::finish`] builds the view from them.
pub struct PlanIndex<'a> {
    rows: Vec<Row<'a>>,
    filter: PlanFilter,
    today: NaiveDate,
    kept: Vec<usize>,
    overdue: Vec<usize>,
    due_soon: Vec<usize>,
    counts: PlanCounts,
    owners: Vec<String>,
    departments: Vec<String>,
}

impl<'a> PlanIndex<'a> {
    pub fn build(
        frameworks: &'a Frameworks,
        sources: Vec<HeadSource<'a>>,
        filter: PlanFilter,
        today: NaiveDate,
    ) -> PlanIndex<'a> {
        // Reading order of each framework's entries, looked up once.
        let orders: Vec<(&str, HashMap<&str, usize>)> = frameworks
            .all()
            .iter()
            .map(|framework| {
                let order = framework
                    .answerable_ids()
                    .into_iter()
                    .enumerate()
                    .map(|(i, id)| (id, i))
                    .collect();
                (framework.id.as_str(), order)
            })
            .collect();
        let mut rows: Vec<Row<'a>> = Vec::new();
        for source in sources {
            let framework_id = source.assessment.framework_id.as_str();
            let order = orders.iter().find(|(id, _)| *id == framework_id);
            for head in source.heads {
                rows.push(Row {
                    position: order
                        .and_then(|(_, o)| {
                            o.get(super::training::source_entry(&head.source)).copied()
                        })
                        .unwrap_or(usize::MAX),
                    effective_priority: effective_priority(&head, today),
                    overdue: is_overdue(&head, today),
                    due_soon: is_due_within(&head, today, DUE_SOON_DAYS),
                    head,
                    assessment: source.assessment,
                    framework: frameworks.get(framework_id),
                    rules: frameworks.rules(framework_id),
                });
            }
        }
        rows.sort_by(|a, b| {
            b.effective_priority
                .cmp(&a.effective_priority)
                .then_with(|| match (a.head.due, b.head.due) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                })
                .then_with(|| {
                    b.assessment
                        .assessment_date
                        .cmp(&a.assessment.assessment_date)
                })
                .then_with(|| a.assessment.organisation.cmp(&b.assessment.organisation))
                .then_with(|| a.position.cmp(&b.position))
                .then_with(|| a.head.id.cmp(&b.head.id))
        });

        let (owners, departments) = owners_and_departments(
            rows.iter()
                .map(|row| (row.head.owners.as_str(), row.head.department.as_str())),
        );

        let overdue: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].overdue).collect();
        let mut due_soon: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].due_soon).collect();
        due_soon.sort_by_key(|&i| rows[i].head.due);
        let kept: Vec<usize> = (0..rows.len())
            .filter(|&i| filter.keeps(&rows[i].head, today))
            .collect();
        let counts = PlanCounts::of_rows(kept.iter().map(|&i| &rows[i]));
        PlanIndex {
            rows,
            filter,
            today,
            kept,
            overdue,
            due_soon,
            counts,
            owners,
            departments,
        }
    }

    fn shown(&self) -> impl Iterator<Item = usize> + '_ {
        let limit = self.filter.limit.map_or(usize::MAX, |l| l as usize);
        self.kept
            .iter()
            .take(limit)
            .chain(self.overdue.iter().take(LIST_LIMIT))
            .chain(self.due_soon.iter().take(LIST_LIMIT))
            .copied()
    }

    /// The ids of the actions the view shows, to be read in full.
    pub fn needed(&self) -> Vec<Uuid> {
        let mut ids: Vec<Uuid> = self.shown().map(|i| self.rows[i].head.id).collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// The view, given the actions [`PlanIndex::needed`] named. An action
    /// missing from `actions` is left out.
    pub fn finish(self, actions: Vec<Action>) -> PlanView {
        let by_id: HashMap<Uuid, Action> = actions.into_iter().map(|a| (a.id, a)).collect();
        let view = |indices: &[usize], limit: usize| -> Vec<ActionView> {
            indices
                .iter()
                .take(limit)
                .filter_map(|&i| {
                    by_id
                        .get(&self.rows[i].head.id)
                        .map(|a| self.rows[i].view(a))
                })
                .collect()
        };
        let limit = self.filter.limit.map_or(usize::MAX, |l| l as usize);
        PlanView {
            today: self.today,
            actions: view(&self.kept, limit),
            overdue: view(&self.overdue, LIST_LIMIT),
            overdue_total: count(self.overdue.len()),
            due_soon: view(&self.due_soon, LIST_LIMIT),
            due_soon_total: count(self.due_soon.len()),
            counts: self.counts,
            filter: self.filter,
            owners: self.owners,
            departments: self.departments,
        }
    }
}

impl PlanView {
    /// A plan from actions already in memory (one assessment's, or tests').
    pub fn build(
        frameworks: &Frameworks,
        sources: Vec<PlanSource<'_>>,
        filter: PlanFilter,
        today: NaiveDate,
    ) -> PlanView {
        let mut actions = Vec::new();
        let heads = sources
            .into_iter()
            .map(|source| {
                let heads = source.actions.iter().map(Action::head).collect();
                actions.extend(source.actions);
                HeadSource {
                    assessment: source.assessment,
                    heads,
                }
            })
            .collect();
        PlanIndex::build(frameworks, heads, filter, today).finish(actions)
    }

    /// The action with this id, if the view holds it.
    pub fn find(&self, id: Uuid) -> Option<&ActionView> {
        self.actions.iter().find(|a| a.action.id == id)
    }
}

/// The filter's lists: every owner (split by [`split_owners`]) and every
/// department of `actions` (their owners and department as typed), each
/// once whatever its case, in alphabetical order.
pub fn owners_and_departments<'t>(
    actions: impl Iterator<Item = (&'t str, &'t str)>,
) -> (Vec<String>, Vec<String>) {
    let mut owners: Vec<String> = Vec::new();
    let mut seen_owners = HashSet::new();
    let mut departments: Vec<String> = Vec::new();
    let mut seen_departments = HashSet::new();
    for (typed_owners, department) in actions {
        for owner in split_owners(typed_owners) {
            if seen_owners.insert(owner.to_lowercase()) {
                owners.push(owner);
            }
        }
        let department = department.trim();
        if !department.is_empty() && seen_departments.insert(department.to_lowercase()) {
            departments.push(department.to_owned());
        }
    }
    owners.sort_by_key(|o| o.to_lowercase());
    departments.sort_by_key(|d| d.to_lowercase());
    (owners, departments)
}

/// Owners as people type them, separated by semicolons or lines (a comma
/// stays: "Khan, A." is one name): "A. Khan; HR lead" gives two.
pub fn split_owners(owners: &str) -> Vec<String> {
    owners
        .split([';', '\n'])
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

/// What counting reads of one action, however it was read.
struct Counted {
    status: ActionStatus,
    live: bool,
    gap_closed_to_confirm: bool,
    effective_priority: Priority,
    overdue: bool,
    due_soon: bool,
}

impl PlanCounts {
    fn of_rows<'r, 'a: 'r>(rows: impl Iterator<Item = &'r Row<'a>>) -> PlanCounts {
        PlanCounts::tally(rows.map(|r| Counted {
            status: r.head.status,
            live: is_live(&r.head),
            gap_closed_to_confirm: is_gap_closed_to_confirm(&r.head),
            effective_priority: r.effective_priority,
            overdue: r.overdue,
            due_soon: r.due_soon,
        }))
    }

    /// The counts of actions already viewed.
    pub fn of(actions: &[ActionView]) -> PlanCounts {
        PlanCounts::tally(actions.iter().map(|a| Counted {
            status: a.action.status,
            live: is_live(&a.action),
            gap_closed_to_confirm: a.gap_closed_to_confirm,
            effective_priority: a.effective_priority,
            overdue: a.overdue,
            due_soon: a.due_soon,
        }))
    }

    /// One pass over the actions.
    fn tally(actions: impl Iterator<Item = Counted>) -> PlanCounts {
        let mut counts = PlanCounts {
            total: 0,
            open: 0,
            overdue: 0,
            due_soon: 0,
            gaps_to_confirm: 0,
            by_priority: Priority::ALL
                .into_iter()
                .map(|priority| PriorityRow {
                    priority,
                    not_started: 0,
                    in_progress: 0,
                    completed: 0,
                    deferred: 0,
                })
                .collect(),
        };
        let add = |n: &mut u32, yes: bool| *n = n.saturating_add(u32::from(yes));
        for action in actions {
            add(&mut counts.total, true);
            add(&mut counts.open, action.live);
            add(&mut counts.overdue, action.overdue);
            add(&mut counts.due_soon, action.due_soon);
            add(&mut counts.gaps_to_confirm, action.gap_closed_to_confirm);
            if let Some(row) = counts
                .by_priority
                .iter_mut()
                .find(|row| row.priority == action.effective_priority)
            {
                let cell = match action.status {
                    ActionStatus::NotStarted => &mut row.not_started,
                    ActionStatus::InProgress => &mut row.in_progress,
                    ActionStatus::Completed => &mut row.completed,
                    ActionStatus::Deferred => &mut row.deferred,
                };
                add(cell, true);
            }
        }
        counts
    }
}
