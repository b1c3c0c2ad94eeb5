//! The action plan: every answer that requires action becomes one owned,
//! dated, tracked action, prioritised by the framework's declared rules.
//!
//! The plan follows the answers without losing anyone's work. [`reconcile`]
//! is the one place that decides what an answer means for its action: a new
//! gap adds an action, a closed gap marks it "gap closed — confirm" (never
//! deleted), a reopened gap revives it, and whatever a person set (wording,
//! owners, date, priority, status) is never overwritten. Edits by people go
//! through [`Action::edit`] and [`Action::complete`]; both return the audit
//! rows of what they changed.

pub mod rules;
pub mod segments;
pub mod training;
pub mod view;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::answer::Answer;
use crate::audit::FieldChange;
use crate::catalogue::Framework;
use crate::catalogue::Response;
use crate::rules::{RuleError, TextField, parse_date};
pub use rules::{PriorityReason, PriorityRule, PriorityRules, SET_BY_A_PERSON};
pub use view::{
    ActionView, DueFilter, PlanCounts, PlanFilter, PlanView, effective_priority, is_overdue,
};

pub const ACTION_TEXT: TextField = TextField::lines("action", "the action required", 2000);
pub const OWNERS: TextField = TextField::line("owners", "the responsible individual(s)", 300);
pub const DEPARTMENT: TextField = TextField::line("department", "the department", 200);
pub const NOTE: TextField = TextField::lines("note", "the progress note", 2000);
pub const PRIORITY_REASON: TextField = TextField::lines(
    "priority_reason",
    "the reason for changing the priority",
    1000,
);
pub const DEFERRED_REASON: TextField =
    TextField::lines("deferred_reason", "the reason for deferring", 1000);
pub const SIGNED_OFF_BY: TextField = TextField::line(
    "signed_off_by",
    "the name of the person signing the action off",
    200,
);

/// The template's priority column: high, medium, low. Ordered low to high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Medium,
    High,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::High, Priority::Medium, Priority::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Priority::Low => "Low",
            Priority::Medium => "Medium",
            Priority::High => "High",
        }
    }

    pub fn parse(text: &str) -> Result<Priority, RuleError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "low" => Ok(Priority::Low),
            "medium" => Ok(Priority::Medium),
            "high" => Ok(Priority::High),
            _ => Err(RuleError::InvalidChoice {
                field: "priority",
                label: "The priority",
                allowed: "high, medium or low",
                value: text.to_owned(),
            }),
        }
    }

    /// One level higher, as an overdue action is shown; high stays high.
    pub fn raised(self) -> Priority {
        match self {
            Priority::Low => Priority::Medium,
            Priority::Medium | Priority::High => Priority::High,
        }
    }
}

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    NotStarted,
    InProgress,
    Completed,
    /// Put off, with a reason.
    Deferred,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 4] = [
        ActionStatus::NotStarted,
        ActionStatus::InProgress,
        ActionStatus::Completed,
        ActionStatus::Deferred,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "not_started",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Completed => "completed",
            ActionStatus::Deferred => "deferred",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "Not started",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Completed => "Completed",
            ActionStatus::Deferred => "Deferred",
        }
    }

    /// Reads a status as typed: `not_started`, `not-started` or `not started`, any case.
    pub fn parse(text: &str) -> Result<ActionStatus, RuleError> {
        let wanted = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        ActionStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == wanted)
            .ok_or_else(|| RuleError::InvalidChoice {
                field: "status",
                label: "The status",
                allowed: "not_started, in_progress, completed or deferred",
                value: text.to_owned(),
            })
    }

    /// Still to be done: not started or in progress.
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::NotStarted | ActionStatus::InProgress)
    }
}

/// Whether the gap behind an action is still there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GapState {
    /// The answer still requires action.
    Open,
    /// The answer no longer requires action: "gap closed — confirm". The
    /// action is kept; a person confirms by completing it with a sign-off.
    Closed,
}

impl GapState {
    pub fn as_str(self) -> &'static str {
        match self {
            GapState::Open => "open",
            GapState::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<GapState> {
        match text {
            "open" => Some(GapState::Open),
            "closed" => Some(GapState::Closed),
            _ => None,
        }
    }
}

/// Which of an action's derived fields a person has set. Regeneration never
/// touches these again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EditedFields {
    pub action: bool,
    pub owners: bool,
    pub due: bool,
    pub priority: bool,
}

/// A dated progress note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProgressNote {
    pub at: DateTime<Utc>,
    pub by: String,
    pub text: String,
}

/// One action of a plan, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Action {
    pub id: Uuid,
    pub assessment_id: Uuid,
    /// The item, sub-point or checklist entry the action comes from.
    pub source: String,
    /// The entry's wording: the standard to be met.
    pub objective: String,
    /// The template's "Action required": what will be done.
    pub action: String,
    /// The stored priority; an overdue action is shown one level higher.
    pub priority: Priority,
    /// The id of the rule that set the priority, or `set-by-a-person`.
    pub rule: String,
    /// The rule the answer gives now, whatever a person set: "why this
    /// priority" compares the two.
    pub default_rule: String,
    /// Why a person changed the priority.
    pub priority_reason: Option<String>,
    pub status: ActionStatus,
    pub deferred_reason: Option<String>,
    /// The template's "Responsible individual(s)".
    pub owners: String,
    pub department: String,
    /// The template's "Completion date".
    pub due: Option<NaiveDate>,
    pub gap: GapState,
    /// On completion: the date assessed.
    pub completed_on: Option<NaiveDate>,
    /// On completion: who signed the action off.
    pub signed_off_by: Option<String>,
    pub edited: EditedFields,
    pub notes: Vec<ProgressNote>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What an answer, read through the rules, says its action should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    pub objective: String,
    pub action: String,
    pub owners: String,
    pub due: Option<NaiveDate>,
    pub priority: PriorityReason,
}

/// The entry's wording as an objective: a sub-point reads with its item's
/// opening words ("… protocols and procedures for: raising concerns").
pub fn objective_of(framework: &Framework, entry_id: &str) -> String {
    let entries = framework.entry_list();
    let Some(entry) = entries.iter().find(|e| e.id == entry_id) else {
        return String::new();
    };
    match entry
        .parent
        .as_deref()
        .and_then(|p| entries.iter().find(|e| e.id == p))
    {
        Some(parent) => format!("{} {}", parent.text.trim_end(), entry.text),
        None => entry.text.clone(),
    }
}

/// The first wording of an action, from the answer and its comment.
pub fn first_wording(objective: &str, answer: &Answer) -> String {
    let lead_in = match answer.response {
        Some(Response::No) => "Put in place",
        Some(Response::Partial) => "Complete what is partly in place",
        Some(Response::Yes | Response::Na) | None => "Review",
    };
    let objective = objective.trim_end_matches(['.', ' ']);
    let comment = answer.comment.trim();
    if comment.is_empty() {
        format!("{lead_in}: {objective}.")
    } else {
        format!("{lead_in}: {objective}. Assessment comment: {comment}")
    }
}

/// What an answer that requires action derives for its action.
pub fn derive(framework: &Framework, rules: &PriorityRules, answer: &Answer) -> Derived {
    let objective = objective_of(framework, &answer.entry_id);
    Derived {
        action: first_wording(&objective, answer),
        objective,
        owners: answer.lead.clone(),
        due: answer.due_date,
        priority: rules.assign(&answer.entry_id, answer.response),
    }
}

/// Whether an answer is a gap the plan must carry.
pub fn is_gap(framework: &Framework, answer: &Answer) -> bool {
    answer.action_required
        && framework
            .entry(&answer.entry_id)
            .is_some_and(|e| !e.is_derived())
}

/// What the plan does about one entry after its answer changed: `None` when
/// nothing changes. `new_id` and `now` are inputs so that the core stays pure.
pub fn reconcile(
    framework: &Framework,
    rules: &PriorityRules,
    assessment_id: Uuid,
    answer: Option<&Answer>,
    existing: Option<&Action>,
    new_id: impl FnOnce() -> Uuid,
    now: DateTime<Utc>,
) -> Option<Action> {
    let gap = answer.filter(|a| is_gap(framework, a));
    match (gap, existing) {
        (None, None) => None,
        (None, Some(action)) => gap_closed(action, now),
        (Some(answer), None) => Some(opened(
            new_id(),
            assessment_id,
            answer.entry_id.clone(),
            derive(framework, rules, answer),
            now,
        )),
        (Some(answer), Some(action)) => refreshed(action, derive(framework, rules, answer), now),
    }
}

/// An action brought in line with what its gap derives now: `None` when
/// nothing changes. A reopened gap revives the action with everything a
/// person set, status and sign-off included (the plan shows a signed-off
/// action with an open gap as "gap reopened — review"); what a person
/// edited is never overwritten.
pub(crate) fn refreshed(action: &Action, derived: Derived, now: DateTime<Utc>) -> Option<Action> {
    let mut next = action.clone();
    next.gap = GapState::Open;
    next.objective = derived.objective;
    if !action.edited.action {
        next.action = derived.action;
    }
    if !action.edited.owners {
        next.owners = derived.owners;
    }
    if !action.edited.due {
        next.due = derived.due;
    }
    next.default_rule.clone_from(&derived.priority.rule);
    if !action.edited.priority {
        next.priority = derived.priority.priority;
        next.rule = derived.priority.rule;
    }
    if next == *action {
        return None;
    }
    next.updated_at = now;
    Some(next)
}

/// An open action whose gap has closed: kept, "gap closed — confirm".
/// `None` when it is closed already.
pub(crate) fn gap_closed(action: &Action, now: DateTime<Utc>) -> Option<Action> {
    (action.gap == GapState::Open).then(|| Action {
        gap: GapState::Closed,
        updated_at: now,
        ..action.clone()
    })
}

/// A new action for a gap, as derived, with nothing yet set by a person.
pub(crate) fn opened(
    id: Uuid,
    assessment_id: Uuid,
    source: String,
    derived: Derived,
    now: DateTime<Utc>,
) -> Action {
    Action {
        id,
        assessment_id,
        source,
        objective: derived.objective,
        action: derived.action,
        priority: derived.priority.priority,
        default_rule: derived.priority.rule.clone(),
        rule: derived.priority.rule,
        priority_reason: None,
        status: ActionStatus::NotStarted,
        deferred_reason: None,
        owners: derived.owners,
        department: String::new(),
        due: derived.due,
        gap: GapState::Open,
        completed_on: None,
        signed_off_by: None,
        edited: EditedFields::default(),
        notes: Vec::new(),
        created_at: now,
        updated_at: now,
    }
}

/// A person's change to an action. A field left out keeps its value; an
/// empty `due` clears the date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionEdit {
    #[ts(optional)]
    #[serde(default)]
    pub action: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub owners: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub department: Option<String>,
    /// `YYYY-MM-DD`, or empty to clear.
    #[ts(optional)]
    #[serde(default)]
    pub due: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub status: Option<ActionStatus>,
    #[ts(optional)]
    #[serde(default)]
    pub deferred_reason: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub priority: Option<Priority>,
    /// Required with a change of priority.
    #[ts(optional)]
    #[serde(default)]
    pub priority_reason: Option<String>,
    /// A progress note to add.
    #[ts(optional)]
    #[serde(default)]
    pub note: Option<String>,
}

/// Completing an action: the template's "Completed (Y/N), date assessed and signature".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionCompletion {
    /// `YYYY-MM-DD`.
    pub assessed: String,
    pub signed_off_by: String,
}

/// An edited action, the audit rows for it and the note to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditOutcome {
    pub action: Action,
    pub changes: Vec<FieldChange>,
    pub note: Option<ProgressNote>,
}

impl Action {
    /// Applies a person's change. Nothing is changed when any part is wrong.
    pub fn edit(
        &self,
        edit: ActionEdit,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<EditOutcome, RuleError> {
        let mut next = self.clone();
        if let Some(text) = &edit.action {
            let text = ACTION_TEXT.required(text)?;
            if text != next.action {
                next.action = text;
                next.edited.action = true;
            }
        }
        if let Some(text) = &edit.owners {
            let text = OWNERS.optional(text)?;
            if text != next.owners {
                next.owners = text;
                next.edited.owners = true;
            }
        }
        if let Some(text) = &edit.department {
            next.department = DEPARTMENT.optional(text)?;
        }
        if let Some(text) = &edit.due {
            let due = if text.trim().is_empty() {
                None
            } else {
                Some(parse_date("due", "the completion date", text)?)
            };
            if due != next.due {
                next.due = due;
                next.edited.due = true;
            }
        }
        if let Some(priority) = edit.priority
            && priority != next.priority
        {
            let reason = PRIORITY_REASON.optional(edit.priority_reason.as_deref().unwrap_or(""))?;
            if reason.is_empty() {
                return Err(RuleError::PriorityReasonMissing {
                    from: next.priority.label(),
                    to: priority.label(),
                });
            }
            next.priority = priority;
            next.rule = SET_BY_A_PERSON.to_owned();
            next.priority_reason = Some(reason);
            next.edited.priority = true;
        }
        if let Some(status) = edit.status
            && status != next.status
        {
            match status {
                ActionStatus::Completed => return Err(RuleError::CompletionNeedsSignOff),
                ActionStatus::Deferred => {
                    let reason =
                        DEFERRED_REASON.optional(edit.deferred_reason.as_deref().unwrap_or(""))?;
                    if reason.is_empty() {
                        return Err(RuleError::DeferralReasonMissing);
                    }
                    next.deferred_reason = Some(reason);
                }
                ActionStatus::NotStarted | ActionStatus::InProgress => {
                    next.deferred_reason = None;
                }
            }
            if status != ActionStatus::Completed {
                next.completed_on = None;
                next.signed_off_by = None;
            }
            next.status = status;
        } else if let Some(reason) = &edit.deferred_reason
            && next.status == ActionStatus::Deferred
        {
            let reason = DEFERRED_REASON.required(reason)?;
            next.deferred_reason = Some(reason);
        }
        let note = match edit.note.as_deref().map(|t| NOTE.optional(t)).transpose()? {
            Some(text) if !text.is_empty() => Some(ProgressNote {
                at: now,
                by: by.to_owned(),
                text,
            }),
            _ => None,
        };
        let mut changes = action_changes(Some(self), &next);
        if let Some(note) = &note {
            changes.push(FieldChange {
                field: "note".to_owned(),
                old_value: None,
                new_value: Some(note.text.clone()),
            });
            next.notes.push(note.clone());
        }
        if !changes.is_empty() {
            next.updated_at = now;
        }
        Ok(EditOutcome {
            action: next,
            changes,
            note,
        })
    }

    /// Completes the action with the date assessed and who signs it off.
    pub fn complete(
        &self,
        completion: ActionCompletion,
        now: DateTime<Utc>,
    ) -> Result<EditOutcome, RuleError> {
        let signed_off_by = SIGNED_OFF_BY.optional(&completion.signed_off_by)?;
        if signed_off_by.is_empty() {
            return Err(RuleError::SignOffNameMissing);
        }
        let assessed = parse_date("assessed", "the date assessed", &completion.assessed)?;
        let mut next = self.clone();
        next.status = ActionStatus::Completed;
        next.deferred_reason = None;
        next.completed_on = Some(assessed);
        next.signed_off_by = Some(signed_off_by);
        let changes = action_changes(Some(self), &next);
        if !changes.is_empty() {
            next.updated_at = now;
        }
        Ok(EditOutcome {
            action: next,
            changes,
            note: None,
        })
    }

    /// How a person names the action's source: "Item 3b", "Checklist entry C4".
    pub fn source_label(&self, framework: &Framework) -> String {
        source_label(&self.source, framework)
    }
}

/// How a person names an action's stored source (`3b`, a training source):
/// "Item 3b", as a sealed record's plan holds it.
pub fn source_label(source: &str, framework: &Framework) -> String {
    match training::split_source(source) {
        Some((entry_id, level)) => {
            format!("{}, {}", framework.entry_label(entry_id), level.label())
        }
        None => framework.entry_label(source),
    }
}

/// The audit rows between two states of an action (`None`: it is new).
pub fn action_changes(old: Option<&Action>, new: &Action) -> Vec<FieldChange> {
    fn fields(a: &Action) -> [(&'static str, Option<String>); 13] {
        [
            ("objective", Some(a.objective.clone())),
            ("action", Some(a.action.clone())),
            ("priority", Some(a.priority.as_str().to_owned())),
            ("rule", Some(a.rule.clone())),
            ("priority_reason", a.priority_reason.clone()),
            ("status", Some(a.status.as_str().to_owned())),
            ("deferred_reason", a.deferred_reason.clone()),
            ("owners", Some(a.owners.clone()).filter(|t| !t.is_empty())),
            (
                "department",
                Some(a.department.clone()).filter(|t| !t.is_empty()),
            ),
            ("due", a.due.map(|d| d.to_string())),
            ("gap", Some(a.gap.as_str().to_owned())),
            ("completed_on", a.completed_on.map(|d| d.to_string())),
            ("signed_off_by", a.signed_off_by.clone()),
        ]
    }
    let after = fields(new);
    match old {
        None => after
            .into_iter()
            .filter(|(_, v)| v.is_some())
            .map(|(field, value)| FieldChange {
                field: field.to_owned(),
                old_value: None,
                new_value: value,
            })
            .collect(),
        Some(old) => fields(old)
            .into_iter()
            .zip(after)
            .filter(|((_, before), (_, after))| before != after)
            .map(|((field, before), (_, after))| FieldChange {
                field: field.to_owned(),
                old_value: before,
                new_value: after,
            })
            .collect(),
    }
}
