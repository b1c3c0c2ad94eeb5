//! The plan as the safeguarding lead reads it: effective priority (an overdue
//! action shows one level higher), sorting, the filters, the counts behind the
//! chart and the "due soon" and "overdue" lists. One assessment's plan and the
//! dashboard across all assessments are the same view over different actions,
//! put together by the same [`PlanView::assemble`]: one from every action in
//! memory, the other from the few a page needs, which the store narrows with
//! its indexes (see `segments`) and counts from its running counts.
//! "Today" is a parameter, so every figure can be reproduced.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
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

/// The tracking fields the plan's rules read: an action, an action in a
/// sealed record, or a group of actions counted together.
pub trait Tracked {
    fn tracked_priority(&self) -> Priority;
    fn tracked_status(&self) -> ActionStatus;
    fn tracked_gap(&self) -> GapState;
    fn tracked_due(&self) -> Option<NaiveDate>;
    fn tracked_owners(&self) -> &str;
    fn tracked_department(&self) -> &str;
}

/// `Tracked` for a type with the fields of the same names; with
/// `|name| expression`, its owners are what the expression gives.
macro_rules! tracked {
    ($type:ty) => {
        $crate::plan::view::tracked!($type, |action| action.owners.as_str());
    };
    ($type:ty, |$it:ident| $owners:expr) => {
        impl $crate::plan::view::Tracked for $type {
            fn tracked_priority(&self) -> $crate::plan::Priority {
                self.priority
            }
            fn tracked_status(&self) -> $crate::plan::ActionStatus {
                self.status
            }
            fn tracked_gap(&self) -> $crate::plan::GapState {
                self.gap
            }
            fn tracked_due(&self) -> Option<chrono::NaiveDate> {
                self.due
            }
            fn tracked_owners(&self) -> &str {
                let $it = self;
                $owners
            }
            fn tracked_department(&self) -> &str {
                &self.department
            }
        }
    };
}
pub(crate) use tracked;
tracked!(Action);

/// Open (not started or in progress) with its gap still open: the actions
/// that can fall overdue and count as open.
pub fn is_live(action: &impl Tracked) -> bool {
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

/// Open, gap open, and due from today to `days` days ahead.
pub fn is_due_within(action: &impl Tracked, today: NaiveDate, days: u32) -> bool {
    let horizon = super::segments::horizon(today, days);
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
        let owner_matches = self.owner_key().is_none_or(|wanted| {
            split_owners(action.tracked_owners())
                .iter()
                .any(|owner| owner_key(owner) == wanted)
        });
        self.owner_matched_keeps(action, today) && owner_matches
    }

    /// Whether the filter keeps an action whose owner has already been
    /// matched (the store narrows by [`owner_key`]): every filter but the owner.
    pub fn owner_matched_keeps(&self, action: &impl Tracked, today: NaiveDate) -> bool {
        let department_matches = self
            .department_key()
            .is_none_or(|wanted| department_key(action.tracked_department()) == wanted);
        self.status.is_none_or(|s| s == action.tracked_status())
            && department_matches
            && self
                .priority
                .is_none_or(|p| p == effective_priority(action, today))
            && self.due.is_none_or(|due| match due {
                DueFilter::Overdue => is_overdue(action, today),
                DueFilter::Within(days) => is_due_within(action, today, days),
            })
    }

    /// The owner the filter names, as [`owner_key`] matches it; `None` when
    /// it names nobody (left out or blank).
    pub fn owner_key(&self) -> Option<String> {
        self.owner
            .as_deref()
            .map(owner_key)
            .filter(|key| !key.is_empty())
    }

    /// The department the filter names, as [`department_key`] matches it;
    /// `None` when it names none.
    pub fn department_key(&self) -> Option<String> {
        self.department
            .as_deref()
            .map(department_key)
            .filter(|key| !key.is_empty())
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

/// What a plan view is put together from, however the actions were found:
/// all of them in memory ([`PlanView::build`]), or only those a page can
/// show, narrowed by the store's indexes (the dashboard).
pub struct PlanParts<'a> {
    /// Every action the view's lists could show: for each list (the
    /// filtered plan up to `filter.limit`, the first [`LIST_LIMIT`] overdue,
    /// the first [`LIST_LIMIT`] due soon), at least its first actions in the
    /// list's order, and every action tying with the last of them on what
    /// the store can order by. More does no harm: each list is filtered,
    /// sorted and cut here.
    pub candidates: Vec<Action>,
    /// The assessments of the candidates (an action without its assessment is left out).
    pub assessments: Vec<&'a Assessment>,
    /// Counts of every action the filter keeps.
    pub counts: PlanCounts,
    /// How many actions are overdue and due soon, whatever the filter.
    pub totals: DueTotals,
    /// The filter's choices, from [`filter_choices`].
    pub owners: Vec<String>,
    pub departments: Vec<String>,
}

/// How many actions are overdue, and due in the next [`DUE_SOON_DAYS`] days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DueTotals {
    pub overdue: u32,
    pub due_soon: u32,
}

impl DueTotals {
    /// The totals of tracked items, each standing for `weight` actions.
    pub fn of_tracked<'t, T: Tracked + 't>(
        items: impl Iterator<Item = (&'t T, u32)>,
        today: NaiveDate,
    ) -> DueTotals {
        let mut totals = DueTotals::default();
        for (item, weight) in items {
            if is_overdue(item, today) {
                totals.overdue = totals.overdue.saturating_add(weight);
            }
            if is_due_within(item, today, DUE_SOON_DAYS) {
                totals.due_soon = totals.due_soon.saturating_add(weight);
            }
        }
        totals
    }
}

/// The orders the plan's lists are read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOrder {
    /// The plan and the overdue list: highest effective priority first, then
    /// soonest completion date (none last), newest assessment date,
    /// organisation, the framework's reading order, and the action's id.
    Plan,
    /// The due-soon list: soonest completion date first, then as the plan.
    SoonestDue,
}

/// One action's place in the plan.
struct Row<'a> {
    action: &'a Action,
    assessment: &'a Assessment,
    framework: Option<&'a crate::Framework>,
    rules: Option<&'a PriorityRules>,
    position: usize,
    effective_priority: Priority,
    overdue: bool,
    due_soon: bool,
}

fn plan_order(a: &Row<'_>, b: &Row<'_>) -> Ordering {
    b.effective_priority
        .cmp(&a.effective_priority)
        .then_with(|| match (a.action.due, b.action.due) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| {
            b.assessment
                .assessment_date
                .cmp(&a.assessment.assessment_date)
        })
        .then_with(|| a.assessment.organisation.cmp(&b.assessment.organisation))
        .then_with(|| a.position.cmp(&b.position))
        .then_with(|| a.action.id.cmp(&b.action.id))
}

impl ListOrder {
    fn compare(self, a: &Row<'_>, b: &Row<'_>) -> Ordering {
        match self {
            ListOrder::Plan => plan_order(a, b),
            ListOrder::SoonestDue => a
                .action
                .due
                .cmp(&b.action.due)
                .then_with(|| plan_order(a, b)),
        }
    }
}

impl Row<'_> {
    fn view(&self) -> ActionView {
        let action = self.action;
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

impl PlanView {
    /// A plan from actions already in memory (one assessment's, or tests').
    pub fn build(
        frameworks: &Frameworks,
        sources: Vec<PlanSource<'_>>,
        filter: PlanFilter,
        today: NaiveDate,
    ) -> PlanView {
        let mut assessments = Vec::new();
        let mut candidates = Vec::new();
        for source in sources {
            assessments.push(source.assessment);
            candidates.extend(source.actions);
        }
        let counts = PlanCounts::of_tracked(
            candidates
                .iter()
                .filter(|action| filter.keeps(*action, today))
                .map(|action| (action, 1)),
            today,
        );
        let totals = DueTotals::of_tracked(candidates.iter().map(|action| (action, 1)), today);
        let (owners, departments) = owners_and_departments(
            candidates
                .iter()
                .map(|a| (a.owners.as_str(), a.department.as_str())),
        );
        PlanView::assemble(
            frameworks,
            PlanParts {
                candidates,
                assessments,
                counts,
                totals,
                owners,
                departments,
            },
            filter,
            today,
        )
    }

    /// A plan from its parts: each list is the candidates it keeps, in its
    /// order, cut to its length.
    pub fn assemble(
        frameworks: &Frameworks,
        parts: PlanParts<'_>,
        filter: PlanFilter,
        today: NaiveDate,
    ) -> PlanView {
        let assessments: HashMap<Uuid, &Assessment> =
            parts.assessments.iter().map(|a| (a.id, *a)).collect();
        // Reading order of each framework's entries, looked up once.
        let mut orders: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
        let mut seen = HashSet::new();
        let rows: Vec<Row<'_>> = parts
            .candidates
            .iter()
            .filter(|action| seen.insert(action.id))
            .filter_map(|action| {
                let assessment = *assessments.get(&action.assessment_id)?;
                let framework_id = assessment.framework_id.as_str();
                let framework = frameworks.get(framework_id);
                let order = orders.entry(framework_id).or_insert_with(|| {
                    framework.map_or_else(HashMap::new, |framework| {
                        framework
                            .answerable_ids()
                            .into_iter()
                            .enumerate()
                            .map(|(i, id)| (id, i))
                            .collect()
                    })
                });
                Some(Row {
                    position: order
                        .get(super::training::source_entry(&action.source))
                        .copied()
                        .unwrap_or(usize::MAX),
                    effective_priority: effective_priority(action, today),
                    overdue: is_overdue(action, today),
                    due_soon: is_due_within(action, today, DUE_SOON_DAYS),
                    action,
                    assessment,
                    framework,
                    rules: frameworks.rules(framework_id),
                })
            })
            .collect();
        let list = |keep: &dyn Fn(&Row<'_>) -> bool, order: ListOrder, limit: usize| {
            let mut kept: Vec<&Row<'_>> = rows.iter().filter(|row| keep(row)).collect();
            kept.sort_by(|a, b| order.compare(a, b));
            kept.into_iter()
                .take(limit)
                .map(Row::view)
                .collect::<Vec<_>>()
        };
        let limit = filter.limit.map_or(usize::MAX, |l| l as usize);
        PlanView {
            today,
            actions: list(
                &|row| filter.keeps(row.action, today),
                ListOrder::Plan,
                limit,
            ),
            overdue: list(&|row| row.overdue, ListOrder::Plan, LIST_LIMIT),
            overdue_total: parts.totals.overdue,
            due_soon: list(&|row| row.due_soon, ListOrder::SoonestDue, LIST_LIMIT),
            due_soon_total: parts.totals.due_soon,
            counts: parts.counts,
            filter,
            owners: parts.owners,
            departments: parts.departments,
        }
    }

    /// The action with this id, if the view holds it.
    pub fn find(&self, id: Uuid) -> Option<&ActionView> {
        self.actions.iter().find(|a| a.action.id == id)
    }
}

/// The filter's lists from actions' owners (split by [`split_owners`]) and
/// departments, as typed: see [`filter_choices`].
pub fn owners_and_departments<'t>(
    actions: impl Iterator<Item = (&'t str, &'t str)>,
) -> (Vec<String>, Vec<String>) {
    let mut owners = Vec::new();
    let mut departments = Vec::new();
    for (typed_owners, department) in actions {
        owners.extend(split_owners(typed_owners));
        departments.push(department);
    }
    filter_choices(owners.iter().map(String::as_str), departments.into_iter())
}

/// The filter's lists: every owner and every department named, each once
/// whatever its case, in alphabetical order. A name typed in several ways
/// is shown as the first of them in Unicode order ("B. Jones" before
/// "b. jones"), so the choice does not depend on which action was read first.
pub fn filter_choices<'t>(
    owners: impl Iterator<Item = &'t str>,
    departments: impl Iterator<Item = &'t str>,
) -> (Vec<String>, Vec<String>) {
    fn once_each<'t>(names: impl Iterator<Item = &'t str>) -> Vec<String> {
        let mut by_key: BTreeMap<String, &str> = BTreeMap::new();
        for name in names.map(str::trim).filter(|name| !name.is_empty()) {
            by_key
                .entry(name.to_lowercase())
                .and_modify(|shown| *shown = (*shown).min(name))
                .or_insert(name);
        }
        by_key.into_values().map(str::to_owned).collect()
    }
    (once_each(owners), once_each(departments))
}

/// An owner's name as the owner filter matches it: trimmed, in any case.
pub fn owner_key(owner: &str) -> String {
    owner.trim().to_lowercase()
}

/// A department as the department filter matches it: trimmed, its ASCII
/// letters in any case.
pub fn department_key(department: &str) -> String {
    department.trim().to_ascii_lowercase()
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

/// What counting reads of one action or group of actions.
struct Counted {
    weight: u32,
    status: ActionStatus,
    live: bool,
    gap_closed_to_confirm: bool,
    effective_priority: Priority,
    overdue: bool,
    due_soon: bool,
}

/// Actions that counting cannot tell apart, and how many of them there
/// are: what the store keeps a running count of, so the dashboard's counts
/// cost what the number of groups costs, not the number of actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyGroup {
    pub priority: Priority,
    pub status: ActionStatus,
    pub gap: GapState,
    /// The completion date; or, for actions the store added up between two
    /// of [`due_bounds`], any one of theirs.
    pub due: Option<NaiveDate>,
    /// Trimmed, as typed.
    pub department: String,
    pub actions: u32,
}

// A group stands for actions of any owners: see `PlanCounts::of_groups`.
tracked!(TallyGroup, |_group| "");

/// The days where the plan's rules about a completion date can change their
/// answer, for `filter` on `today`: overdue before today, due soon from today
/// to [`DUE_SOON_DAYS`] ahead, and the filter's own "due within". Actions
/// dated on the same side of each of these days count alike whatever their
/// dates (an action without one counts apart), so the store may add their
/// counts up into one [`TallyGroup`].
pub fn due_bounds(filter: &PlanFilter, today: NaiveDate) -> Vec<NaiveDate> {
    let mut horizons = vec![DUE_SOON_DAYS];
    if let Some(DueFilter::Within(days)) = filter.due {
        horizons.push(days);
    }
    let mut bounds: Vec<NaiveDate> = std::iter::once(today)
        .chain(
            horizons
                .into_iter()
                .filter_map(|days| super::segments::horizon(today, days).succ_opt()),
        )
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    bounds
}

impl PlanCounts {
    /// The counts of groups of actions whose owner the filter names (the
    /// store narrowed them by [`owner_key`]): those the rest of the filter keeps.
    pub fn of_groups(groups: &[TallyGroup], filter: &PlanFilter, today: NaiveDate) -> PlanCounts {
        PlanCounts::of_tracked(
            groups
                .iter()
                .filter(|group| filter.owner_matched_keeps(*group, today))
                .map(|group| (group, group.actions)),
            today,
        )
    }

    /// The counts of tracked items, each standing for `weight` actions.
    pub fn of_tracked<'t, T: Tracked + 't>(
        items: impl Iterator<Item = (&'t T, u32)>,
        today: NaiveDate,
    ) -> PlanCounts {
        PlanCounts::tally(items.map(|(item, weight)| Counted {
            weight,
            status: item.tracked_status(),
            live: is_live(item),
            gap_closed_to_confirm: is_gap_closed_to_confirm(item),
            effective_priority: effective_priority(item, today),
            overdue: is_overdue(item, today),
            due_soon: is_due_within(item, today, DUE_SOON_DAYS),
        }))
    }

    /// The counts of actions already viewed.
    pub fn of(actions: &[ActionView]) -> PlanCounts {
        PlanCounts::tally(actions.iter().map(|a| Counted {
            weight: 1,
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
        for action in actions {
            let add = |n: &mut u32, yes: bool| {
                if yes {
                    *n = n.saturating_add(action.weight);
                }
            };
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
