//! Properties of the action plan over random histories: answers changing
//! (through `Answer::apply` and `plan::reconcile`, as the store does) mixed
//! with people editing and completing actions. After every step:
//!
//! (a) no manual edit is lost: every field a person set holds the last value
//!     they set, and the fields no person set follow the answer;
//! (b) nothing is duplicated: at most one action per entry, and an existing
//!     action is never given a new id;
//! (c) exactly one live action (gap open) per open gap, and none without one;
//! (d) no action is ever removed once created.
//!
//! And the audit rows of an action's change replay to the new action.

use std::cell::Cell;
use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use prevent_core::audit::FieldChange;
use prevent_core::plan::{self, EditedFields};
use prevent_core::{
    Action, ActionCompletion, ActionEdit, ActionStatus, Answer, AnswerInput, Framework, Frameworks,
    GapState, PREVENT_TOOLKIT_2011, Priority, PriorityRules, Response, RuleError,
};
use proptest::prelude::*;
use uuid::Uuid;

/// A handful of entries: an item, a sub-point, a supporting item, a checklist entry.
const ENTRIES: [&str; 4] = ["1", "3b", "12", "C4"];
const ASSESSMENT: Uuid = Uuid::from_u128(0xA55E55);

fn toolkit() -> &'static Framework {
    Frameworks::embedded()
        .expect("frameworks")
        .get(PREVENT_TOOLKIT_2011)
        .expect("toolkit")
}

fn rules() -> &'static PriorityRules {
    Frameworks::embedded()
        .expect("frameworks")
        .rules(PREVENT_TOOLKIT_2011)
        .expect("rules")
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 15, 9, 0, 0)
        .single()
        .expect("valid time")
}

fn may(d: u32) -> String {
    format!("2027-05-{d:02}")
}

/// A person's change to one action.
#[derive(Debug, Clone)]
enum PersonEdit {
    /// May be blank: refused.
    Action(String),
    Owners(String),
    Department(String),
    /// `None` clears the date.
    Due(Option<u32>),
    /// The reason may be missing: refused when the priority changes.
    Priority(Priority, Option<String>),
    /// Completed is refused; deferred needs a reason.
    Status(ActionStatus, Option<String>),
    Note(String),
    /// Completing with a date assessed and a name (which may be blank: refused).
    Complete(u32, String),
}

#[derive(Debug, Clone)]
enum Op {
    Answer(usize, AnswerInput),
    Person(usize, PersonEdit),
}

fn answer_input() -> impl Strategy<Value = AnswerInput> {
    (
        prop::option::of(prop::sample::select(Response::ALL.to_vec())),
        prop::option::of(any::<bool>()),
        prop::option::of("[a-z ]{0,8}"),
        prop::option::of(prop::sample::select(vec![
            "", "Estates", "HR lead", "A. Khan",
        ])),
        prop::option::of(prop::option::of(1u32..29)),
    )
        .prop_map(
            |(response, action_required, comment, lead, due)| AnswerInput {
                response,
                action_required,
                comment,
                lead: lead.map(str::to_owned),
                due_date: due.map(|d| d.map(may).unwrap_or_default()),
                ..AnswerInput::default()
            },
        )
}

fn priority() -> impl Strategy<Value = Priority> {
    prop::sample::select(vec![Priority::Low, Priority::Medium, Priority::High])
}

fn person_edit() -> impl Strategy<Value = PersonEdit> {
    let reason = || prop::option::of("[a-z ]{0,6}");
    prop_oneof![
        "[A-Za-z ]{0,10}".prop_map(PersonEdit::Action),
        "[A-Za-z;, ]{0,10}".prop_map(PersonEdit::Owners),
        "[A-Za-z ]{0,6}".prop_map(PersonEdit::Department),
        prop::option::of(1u32..29).prop_map(PersonEdit::Due),
        (priority(), reason()).prop_map(|(p, r)| PersonEdit::Priority(p, r)),
        (prop::sample::select(ActionStatus::ALL.to_vec()), reason())
            .prop_map(|(s, r)| PersonEdit::Status(s, r)),
        "[a-z ]{0,8}".prop_map(PersonEdit::Note),
        (1u32..29, prop::sample::select(vec!["", " ", "Alex Morgan"]))
            .prop_map(|(d, by)| PersonEdit::Complete(d, by.to_owned())),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let entry = || 0..ENTRIES.len();
    prop_oneof![
        (entry(), answer_input()).prop_map(|(e, i)| Op::Answer(e, i)),
        (entry(), person_edit()).prop_map(|(e, p)| Op::Person(e, p)),
    ]
}

/// The last value a person set for each derived field of one action.
#[derive(Debug, Clone, Default)]
struct Pinned {
    action: Option<String>,
    owners: Option<String>,
    due: Option<Option<NaiveDate>>,
    /// The priority and the reason given with it.
    priority: Option<(Priority, String)>,
}

/// One entry as the test tracks it.
#[derive(Debug, Clone, Default)]
struct Entry {
    answer: Option<Answer>,
    action: Option<Action>,
    /// The id the entry's action was created with, once created.
    first_id: Option<Uuid>,
    pinned: Pinned,
}

/// The audited fields of an action, as `action_changes` reports them.
fn audited(a: &Action) -> BTreeMap<&'static str, Option<String>> {
    let text = |t: &str| Some(t.to_owned()).filter(|t| !t.is_empty());
    BTreeMap::from([
        ("objective", Some(a.objective.clone())),
        ("action", Some(a.action.clone())),
        ("priority", Some(a.priority.as_str().to_owned())),
        ("rule", Some(a.rule.clone())),
        ("priority_reason", a.priority_reason.clone()),
        ("status", Some(a.status.as_str().to_owned())),
        ("deferred_reason", a.deferred_reason.clone()),
        ("owners", text(&a.owners)),
        ("department", text(&a.department)),
        ("due", a.due.map(|d| d.to_string())),
        ("gap", Some(a.gap.as_str().to_owned())),
        ("completed_on", a.completed_on.map(|d| d.to_string())),
        ("signed_off_by", a.signed_off_by.clone()),
    ])
}

/// Applies audit rows to an action's old field values.
fn replay(
    mut fields: BTreeMap<&'static str, Option<String>>,
    changes: &[FieldChange],
) -> Result<BTreeMap<&'static str, Option<String>>, TestCaseError> {
    let mut seen = Vec::new();
    for change in changes {
        prop_assert!(
            !seen.contains(&change.field),
            "field {} reported twice",
            change.field
        );
        seen.push(change.field.clone());
        prop_assert_ne!(&change.old_value, &change.new_value);
        let slot = fields
            .iter_mut()
            .find(|(name, _)| **name == change.field)
            .map(|(_, value)| value);
        let Some(slot) = slot else {
            return Err(TestCaseError::fail(format!(
                "unknown field {}",
                change.field
            )));
        };
        prop_assert_eq!(&*slot, &change.old_value, "old value of {}", change.field);
        *slot = change.new_value.clone();
    }
    Ok(fields)
}

/// What the model expects of an edit: whether it is refused.
fn expect_refused(action: &Action, edit: &PersonEdit) -> bool {
    let blank = |r: &Option<String>| r.as_deref().is_none_or(|r| r.trim().is_empty());
    match edit {
        PersonEdit::Action(text) => text.trim().is_empty(),
        PersonEdit::Owners(_)
        | PersonEdit::Department(_)
        | PersonEdit::Due(_)
        | PersonEdit::Note(_) => false,
        PersonEdit::Priority(p, reason) => *p != action.priority && blank(reason),
        PersonEdit::Status(status, reason) => match status {
            ActionStatus::Completed => action.status != ActionStatus::Completed,
            ActionStatus::Deferred if action.status == ActionStatus::Deferred => {
                reason.as_deref().is_some_and(|r| r.trim().is_empty())
            }
            ActionStatus::Deferred => blank(reason),
            ActionStatus::NotStarted | ActionStatus::InProgress => false,
        },
        PersonEdit::Complete(_, by) => by.trim().is_empty(),
    }
}

fn to_action_edit(edit: &PersonEdit) -> ActionEdit {
    let mut out = ActionEdit::default();
    match edit {
        PersonEdit::Action(t) => out.action = Some(t.clone()),
        PersonEdit::Owners(t) => out.owners = Some(t.clone()),
        PersonEdit::Department(t) => out.department = Some(t.clone()),
        PersonEdit::Due(d) => out.due = Some(d.map(may).unwrap_or_default()),
        PersonEdit::Priority(p, r) => {
            out.priority = Some(*p);
            out.priority_reason = r.clone();
        }
        PersonEdit::Status(s, r) => {
            out.status = Some(*s);
            out.deferred_reason = r.clone();
        }
        PersonEdit::Note(t) => out.note = Some(t.clone()),
        PersonEdit::Complete(..) => {}
    }
    out
}

/// Applies a person's edit to an entry's action, checking what it changed.
fn person(entry: &mut Entry, edit: &PersonEdit, now: DateTime<Utc>) -> Result<(), TestCaseError> {
    let Some(current) = entry.action.clone() else {
        return Ok(()); // nothing to edit yet
    };
    let refused = expect_refused(&current, edit);
    let outcome = match edit {
        PersonEdit::Complete(d, by) => current.complete(
            ActionCompletion {
                assessed: may(*d),
                signed_off_by: by.clone(),
            },
            now,
        ),
        other => current.edit(to_action_edit(other), "Sam Lee", now),
    };
    let outcome = match outcome {
        Err(error) => {
            prop_assert!(refused, "unexpectedly refused: {error:?}");
            let expected = matches!(
                error,
                RuleError::Blank { .. }
                    | RuleError::PriorityReasonMissing { .. }
                    | RuleError::CompletionNeedsSignOff
                    | RuleError::DeferralReasonMissing
                    | RuleError::SignOffNameMissing
            );
            prop_assert!(expected, "refused for another reason: {error:?}");
            return Ok(()); // the action is left as it was
        }
        Ok(outcome) => {
            prop_assert!(!refused, "should have been refused");
            outcome
        }
    };
    let next = &outcome.action;
    // The audit rows replay to the new action (the note row aside).
    let rows: Vec<FieldChange> = outcome
        .changes
        .iter()
        .filter(|c| c.field != "note")
        .cloned()
        .collect();
    prop_assert_eq!(replay(audited(&current), &rows)?, audited(next));
    prop_assert_eq!(outcome.changes.is_empty(), *next == current);
    // Identity never changes.
    prop_assert_eq!(next.id, current.id);
    prop_assert_eq!(&next.source, &current.source);
    prop_assert_eq!(next.gap, current.gap, "a person's edit never moves the gap");
    // What the person set is what the action now holds; a real change pins it.
    match edit {
        PersonEdit::Action(text) => {
            let text = text.trim().to_owned();
            prop_assert_eq!(&next.action, &text);
            if text != current.action {
                entry.pinned.action = Some(text);
            }
        }
        PersonEdit::Owners(text) => {
            let text = text.trim().to_owned();
            prop_assert_eq!(&next.owners, &text);
            if text != current.owners {
                entry.pinned.owners = Some(text);
            }
        }
        PersonEdit::Due(d) => {
            let due = d.map(|d| NaiveDate::from_ymd_opt(2027, 5, d).expect("date"));
            prop_assert_eq!(next.due, due);
            if due != current.due {
                entry.pinned.due = Some(due);
            }
        }
        PersonEdit::Priority(p, reason) => {
            prop_assert_eq!(next.priority, *p);
            if *p != current.priority {
                let reason = reason.as_deref().unwrap_or("").trim().to_owned();
                prop_assert_eq!(next.rule.as_str(), plan::SET_BY_A_PERSON);
                prop_assert_eq!(next.priority_reason.as_deref(), Some(reason.as_str()));
                entry.pinned.priority = Some((*p, reason));
            }
        }
        PersonEdit::Department(text) => {
            prop_assert_eq!(next.department.as_str(), text.trim());
        }
        PersonEdit::Status(status, _) => {
            prop_assert_eq!(next.status, *status);
        }
        PersonEdit::Note(text) => {
            let added = !text.trim().is_empty();
            prop_assert_eq!(next.notes.len(), current.notes.len() + usize::from(added));
        }
        PersonEdit::Complete(d, by) => {
            prop_assert_eq!(next.status, ActionStatus::Completed);
            prop_assert_eq!(next.completed_on.map(|c| c.to_string()), Some(may(*d)));
            prop_assert_eq!(next.signed_off_by.as_deref(), Some(by.trim()));
        }
    }
    entry.action = Some(outcome.action);
    Ok(())
}

/// Changes an entry's answer and lets the plan follow, as the store does.
fn answer(
    entry: &mut Entry,
    entry_id: &str,
    input: AnswerInput,
    now: DateTime<Utc>,
    next_id: &Cell<u128>,
) -> Result<(), TestCaseError> {
    let answer = Answer::apply(toolkit(), entry_id, entry.answer.as_ref(), input)
        .map_err(|e| TestCaseError::fail(format!("a valid answer was refused: {e}")))?;
    let existing = entry.action.clone();
    let minted = Cell::new(false);
    let next = plan::reconcile(
        toolkit(),
        rules(),
        ASSESSMENT,
        Some(&answer),
        existing.as_ref(),
        || {
            minted.set(true);
            let id = next_id.get() + 1;
            next_id.set(id);
            Uuid::from_u128(id)
        },
        now,
    );
    entry.answer = Some(answer);
    match (existing, next) {
        (_, None) => {}
        (None, Some(created)) => {
            prop_assert!(minted.get());
            prop_assert_eq!(created.created_at, now);
            prop_assert_eq!(created.edited, EditedFields::default());
            entry.first_id = Some(created.id);
            entry.action = Some(created);
        }
        (Some(old), Some(next)) => {
            prop_assert!(!minted.get(), "an existing action was given a new id");
            // Regeneration never touches what is not derived.
            prop_assert_eq!(next.id, old.id);
            prop_assert_eq!(&next.source, &old.source);
            prop_assert_eq!(next.created_at, old.created_at);
            prop_assert_eq!(&next.deferred_reason, &old.deferred_reason);
            prop_assert_eq!(&next.department, &old.department);
            prop_assert_eq!(next.status, old.status);
            prop_assert_eq!(next.completed_on, old.completed_on);
            prop_assert_eq!(&next.signed_off_by, &old.signed_off_by);
            prop_assert_eq!(&next.notes, &old.notes);
            prop_assert_eq!(next.edited, old.edited);
            prop_assert_ne!(&next, &old, "reconcile reports only real changes");
            prop_assert_eq!(next.updated_at, now);
            prop_assert_eq!(
                replay(audited(&old), &plan::action_changes(Some(&old), &next))?,
                audited(&next)
            );
            entry.action = Some(next);
        }
    }
    Ok(())
}

/// The invariants that hold after every step.
fn check(entries: &BTreeMap<&str, Entry>) -> Result<(), TestCaseError> {
    let mut ids = Vec::new();
    for (entry_id, entry) in entries {
        // (d) once created, the action is there for good, with the same id.
        prop_assert_eq!(entry.action.as_ref().map(|a| a.id), entry.first_id);
        let open_gap = entry
            .answer
            .as_ref()
            .is_some_and(|a| plan::is_gap(toolkit(), a));
        let Some(action) = &entry.action else {
            prop_assert!(
                !open_gap,
                "entry {} has an open gap and no action",
                entry_id
            );
            continue;
        };
        // (b) one action per entry, its own.
        prop_assert_eq!(action.source.as_str(), *entry_id);
        prop_assert_eq!(action.assessment_id, ASSESSMENT);
        prop_assert!(!ids.contains(&action.id), "duplicate id {}", action.id);
        ids.push(action.id);
        // (c) live exactly while the gap is open.
        prop_assert_eq!(
            action.gap == GapState::Open,
            open_gap,
            "entry {}: gap {:?}",
            entry_id,
            action.gap
        );
        // (a) what a person set holds, and is recorded as set.
        let pinned = &entry.pinned;
        prop_assert_eq!(
            action.edited,
            EditedFields {
                action: pinned.action.is_some(),
                owners: pinned.owners.is_some(),
                due: pinned.due.is_some(),
                priority: pinned.priority.is_some(),
            }
        );
        if let Some(text) = &pinned.action {
            prop_assert_eq!(&action.action, text);
        }
        if let Some(owners) = &pinned.owners {
            prop_assert_eq!(&action.owners, owners);
        }
        if let Some(due) = pinned.due {
            prop_assert_eq!(action.due, due);
        }
        if let Some((priority, reason)) = &pinned.priority {
            prop_assert_eq!(action.priority, *priority);
            prop_assert_eq!(action.rule.as_str(), plan::SET_BY_A_PERSON);
            prop_assert_eq!(action.priority_reason.as_deref(), Some(reason.as_str()));
        }
        // While the gap is open, what no person set follows the answer.
        if let (true, Some(answer)) = (open_gap, &entry.answer) {
            let derived = plan::derive(toolkit(), rules(), answer);
            prop_assert_eq!(&action.objective, &derived.objective);
            if pinned.action.is_none() {
                prop_assert_eq!(&action.action, &derived.action);
            }
            if pinned.owners.is_none() {
                prop_assert_eq!(&action.owners, &derived.owners);
            }
            if pinned.due.is_none() {
                prop_assert_eq!(action.due, derived.due);
            }
            if pinned.priority.is_none() {
                prop_assert_eq!(action.priority, derived.priority.priority);
                prop_assert_eq!(&action.rule, &derived.priority.rule);
                prop_assert_eq!(&action.priority_reason, &None);
            }
        }
    }
    Ok(())
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut entries: BTreeMap<&str, Entry> =
        ENTRIES.iter().map(|e| (*e, Entry::default())).collect();
    let next_id = Cell::new(0u128);
    for (step, op) in ops.iter().enumerate() {
        let now = start() + Duration::minutes(i64::try_from(step).unwrap_or(0) + 1);
        match op {
            Op::Answer(index, input) => {
                let entry_id = ENTRIES[*index];
                let entry = entries.get_mut(entry_id).expect("tracked");
                answer(entry, entry_id, input.clone(), now, &next_id)?;
            }
            Op::Person(index, edit) => {
                let entry = entries.get_mut(ENTRIES[*index]).expect("tracked");
                person(entry, edit, now)?;
            }
        }
        check(&entries)?;
    }
    Ok(())
}

fn text() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["", "A", "b c", "Estates"]).prop_map(str::to_owned)
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(vec!["", "x", "Why"]).prop_map(str::to_owned))
}

fn opt_date() -> impl Strategy<Value = Option<NaiveDate>> {
    prop::option::of((1u32..4).prop_map(|d| NaiveDate::from_ymd_opt(2027, 2, d).expect("date")))
}

/// Any action, with fields drawn from small sets so that two often share values.
fn any_action() -> impl Strategy<Value = Action> {
    (
        (
            text(),
            prop::sample::select(vec!["Do it", "Do more"]),
            priority(),
            prop::sample::select(vec!["core-no", plan::SET_BY_A_PERSON]),
            opt_text(),
            prop::sample::select(ActionStatus::ALL.to_vec()),
            opt_text(),
        ),
        (
            text(),
            text(),
            opt_date(),
            prop::sample::select(vec![GapState::Open, GapState::Closed]),
            opt_date(),
            opt_text(),
        ),
    )
        .prop_map(
            |(
                (objective, action, priority, rule, priority_reason, status, deferred_reason),
                (owners, department, due, gap, completed_on, signed_off_by),
            )| Action {
                id: Uuid::from_u128(7),
                assessment_id: ASSESSMENT,
                source: "1".to_owned(),
                objective,
                action: action.to_owned(),
                priority,
                rule: rule.to_owned(),
                default_rule: "core-no".to_owned(),
                priority_reason,
                status,
                deferred_reason,
                owners,
                department,
                due,
                gap,
                completed_on,
                signed_off_by,
                edited: EditedFields::default(),
                notes: Vec::new(),
                created_at: start(),
                updated_at: start(),
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Random histories of answers and people's edits keep (a) to (d).
    #[test]
    fn the_plan_follows_the_answers_without_losing_anyones_work(
        ops in prop::collection::vec(op(), 1..40)
    ) {
        run(&ops)?;
    }

    /// The audit rows between two actions replay the old field values to the
    /// new ones; identical actions give none; a new action's rows give it whole.
    #[test]
    fn action_changes_replay_to_the_new_action(old in any_action(), new in any_action()) {
        let changes = plan::action_changes(Some(&old), &new);
        prop_assert_eq!(replay(audited(&old), &changes)?, audited(&new));
        prop_assert_eq!(changes.is_empty(), audited(&old) == audited(&new));
        prop_assert!(plan::action_changes(Some(&old), &old).is_empty());
        prop_assert!(plan::action_changes(Some(&new), &new).is_empty());

        let created = plan::action_changes(None, &new);
        prop_assert!(created.iter().all(|c| c.old_value.is_none() && c.new_value.is_some()));
        let nothing: BTreeMap<&'static str, Option<String>> =
            audited(&new).into_keys().map(|k| (k, None)).collect();
        prop_assert_eq!(replay(nothing, &created)?, audited(&new));
    }
}
