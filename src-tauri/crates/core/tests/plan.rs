//! The action plan by example: what an answer derives for its action, how
//! reconciling follows the answer without losing a person's work, what a
//! person's edit and completion change (and the audit rows they give), and the
//! plan as shown: overdue escalation, sorting, filters and counts, all with a
//! fixed "today".

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use prevent_core::audit::FieldChange;
use prevent_core::plan::view::PlanSource;
use prevent_core::plan::{
    self, ActionView, DueFilter, EditedFields, PlanCounts, ProgressNote, SET_BY_A_PERSON,
    effective_priority, is_overdue,
};
use prevent_core::{
    Action, ActionCompletion, ActionEdit, ActionStatus, Answer, AnswerInput, Assessment,
    AssessmentStatus, ErrorKind, Framework, Frameworks, GapState, PREVENT_TOOLKIT_2011, PlanFilter,
    PlanView, Priority, PriorityRules, Response, RuleError,
};
use uuid::Uuid;

fn frameworks() -> &'static Frameworks {
    Frameworks::embedded().expect("embedded frameworks load")
}

fn toolkit() -> &'static Framework {
    frameworks()
        .get(PREVENT_TOOLKIT_2011)
        .expect("the 2011 toolkit is embedded")
}

fn rules() -> &'static PriorityRules {
    frameworks()
        .rules(PREVENT_TOOLKIT_2011)
        .expect("the toolkit has its rules")
}

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 15, 9, minute, 0)
        .single()
        .expect("valid time")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The fixed "today" of the plan view tests.
fn today() -> NaiveDate {
    day(2027, 1, 15)
}

const ASSESSMENT: Uuid = Uuid::from_u128(0xA55E55);

fn answer(entry: &str, input: AnswerInput) -> Answer {
    Answer::apply(toolkit(), entry, None, input).expect("valid answer")
}

fn respond(response: Response) -> AnswerInput {
    AnswerInput {
        response: Some(response),
        ..AnswerInput::default()
    }
}

/// The action a first answer creates.
fn created(answer: &Answer) -> Action {
    plan::reconcile(
        toolkit(),
        rules(),
        ASSESSMENT,
        Some(answer),
        None,
        || Uuid::from_u128(1),
        at(0),
    )
    .expect("a gap adds an action")
}

fn reconciled(answer: Option<&Answer>, existing: &Action, minute: u32) -> Option<Action> {
    plan::reconcile(
        toolkit(),
        rules(),
        ASSESSMENT,
        answer,
        Some(existing),
        || panic!("an existing action is never given a new id"),
        at(minute),
    )
}

fn change(field: &str, old: Option<&str>, new: Option<&str>) -> FieldChange {
    FieldChange {
        field: field.to_owned(),
        old_value: old.map(str::to_owned),
        new_value: new.map(str::to_owned),
    }
}

fn edit(action: &Action, edit: ActionEdit) -> Result<plan::EditOutcome, RuleError> {
    action.edit(edit, "Sam Lee", at(30))
}

// ---------------------------------------------------------------------------
// Derivation

#[test]
fn the_objective_is_the_entrys_wording_and_a_sub_point_reads_with_its_item() {
    let framework = toolkit();
    assert_eq!(
        plan::objective_of(framework, "3b"),
        "There are organisational and joint agency agreed protocols and procedures for: raising concerns"
    );
    assert_eq!(
        plan::objective_of(framework, "1"),
        "Policies and procedures are in place within the respective departments that address Prevent concerns"
    );
    assert_eq!(
        plan::objective_of(framework, "C4"),
        "Equality and diversity"
    );
    assert_eq!(plan::objective_of(framework, "99"), "");
}

#[test]
fn the_first_wording_comes_from_the_response_and_the_comment() {
    let objective = "Record keeping.";
    let wording = |response: Option<Response>, comment: &str| {
        let answer = Answer {
            entry_id: "C21".to_owned(),
            response,
            na_reason: None,
            action_required: true,
            comment: comment.to_owned(),
            lead: String::new(),
            due_date: None,
            policy_ref: String::new(),
            review_date: None,
            carried_from: None,
        };
        plan::first_wording(objective, &answer)
    };
    assert_eq!(
        wording(Some(Response::No), ""),
        "Put in place: Record keeping."
    );
    assert_eq!(
        wording(Some(Response::Partial), "  Audit due in March "),
        "Complete what is partly in place: Record keeping. Assessment comment: Audit due in March"
    );
    assert_eq!(wording(Some(Response::Yes), ""), "Review: Record keeping.");
    assert_eq!(wording(Some(Response::Na), ""), "Review: Record keeping.");
    assert_eq!(
        wording(None, "Not looked at yet"),
        "Review: Record keeping. Assessment comment: Not looked at yet"
    );
}

#[test]
fn derivation_takes_owners_from_the_lead_the_date_from_the_due_date_and_the_priority_from_the_rules()
 {
    let item_1 = answer(
        "1",
        AnswerInput {
            response: Some(Response::No),
            comment: Some("No Prevent policy yet".to_owned()),
            lead: Some("Head of Safeguarding".to_owned()),
            due_date: Some("2027-03-31".to_owned()),
            ..AnswerInput::default()
        },
    );
    let derived = plan::derive(toolkit(), rules(), &item_1);
    assert_eq!(derived.owners, "Head of Safeguarding");
    assert_eq!(derived.due, Some(day(2027, 3, 31)));
    assert_eq!(
        (derived.priority.priority, derived.priority.rule.as_str()),
        (Priority::High, "core-no")
    );
    assert_eq!(
        derived.action,
        "Put in place: Policies and procedures are in place within the respective departments that address Prevent concerns. Assessment comment: No Prevent policy yet"
    );

    let item_12 = answer("12", respond(Response::Partial));
    let derived = plan::derive(toolkit(), rules(), &item_12);
    assert_eq!(
        (derived.priority.priority, derived.priority.rule.as_str()),
        (Priority::Low, "supporting-partial")
    );
    assert_eq!(derived.owners, "");
    assert_eq!(derived.due, None);
}

#[test]
fn a_new_gap_adds_one_action_with_what_the_answer_derives() {
    let answer = answer(
        "3b",
        AnswerInput {
            response: Some(Response::No),
            lead: Some("A. Khan".to_owned()),
            due_date: Some("2027-02-28".to_owned()),
            ..AnswerInput::default()
        },
    );
    let action = created(&answer);
    assert_eq!(action.id, Uuid::from_u128(1));
    assert_eq!(action.assessment_id, ASSESSMENT);
    assert_eq!(action.source, "3b");
    assert_eq!(action.objective, plan::objective_of(toolkit(), "3b"));
    assert_eq!(
        action.action,
        "Put in place: There are organisational and joint agency agreed protocols and procedures for: raising concerns."
    );
    assert_eq!(
        (action.priority, action.rule.as_str()),
        (Priority::High, "core-no")
    );
    assert_eq!(action.owners, "A. Khan");
    assert_eq!(action.due, Some(day(2027, 2, 28)));
    assert_eq!(action.status, ActionStatus::NotStarted);
    assert_eq!(action.gap, GapState::Open);
    assert_eq!(action.edited, EditedFields::default());
    assert_eq!((action.created_at, action.updated_at), (at(0), at(0)));
    assert!(action.priority_reason.is_none() && action.deferred_reason.is_none());
    assert!(action.completed_on.is_none() && action.signed_off_by.is_none());
    assert!(action.notes.is_empty());
    assert_eq!(action.source_label(toolkit()), "Item 3b");
}

#[test]
fn an_answer_that_needs_no_action_adds_none() {
    let reconcile_new = |answer: Option<&Answer>| {
        plan::reconcile(
            toolkit(),
            rules(),
            ASSESSMENT,
            answer,
            None,
            || panic!("no action is created"),
            at(0),
        )
    };
    assert_eq!(reconcile_new(None), None);
    assert_eq!(
        reconcile_new(Some(&answer("1", respond(Response::Yes)))),
        None
    );
    let no_but_no_action = answer(
        "1",
        AnswerInput {
            response: Some(Response::No),
            action_required: Some(false),
            ..AnswerInput::default()
        },
    );
    assert_eq!(reconcile_new(Some(&no_but_no_action)), None);
    // An item answered through its sub-points never carries an action itself.
    let derived_item = Answer {
        entry_id: "3".to_owned(),
        response: Some(Response::No),
        na_reason: None,
        action_required: true,
        comment: String::new(),
        lead: String::new(),
        due_date: None,
        policy_ref: String::new(),
        review_date: None,
        carried_from: None,
    };
    assert!(!plan::is_gap(toolkit(), &derived_item));
    assert_eq!(reconcile_new(Some(&derived_item)), None);
    // Yes with action asked for anyway is a gap, at the lowest priority.
    let yes_with_action = answer(
        "C4",
        AnswerInput {
            response: Some(Response::Yes),
            action_required: Some(true),
            ..AnswerInput::default()
        },
    );
    let action = created(&yes_with_action);
    assert_eq!(
        (action.priority, action.rule.as_str()),
        (Priority::Low, "in-place-or-not-applicable")
    );
    assert_eq!(action.source_label(toolkit()), "Checklist entry C4");
}

#[test]
fn a_closed_gap_is_marked_never_deleted_and_a_reopened_gap_revives_the_action_with_its_edits() {
    let no = answer("1", respond(Response::No));
    let action = created(&no);
    let edited = edit(
        &action,
        ActionEdit {
            owners: Some("Director of Nursing".to_owned()),
            note: Some("Drafting the policy".to_owned()),
            ..ActionEdit::default()
        },
    )
    .expect("edit")
    .action;

    let yes = Answer::apply(toolkit(), "1", Some(&no), respond(Response::Yes)).expect("yes");
    let closed = reconciled(Some(&yes), &edited, 40).expect("the gap closed");
    assert_eq!(closed.gap, GapState::Closed);
    assert_eq!(closed.updated_at, at(40));
    assert_eq!(
        Action {
            gap: GapState::Open,
            updated_at: edited.updated_at,
            ..closed.clone()
        },
        edited,
        "only the gap changed"
    );
    assert_eq!(reconciled(Some(&yes), &closed, 41), None, "already closed");
    assert_eq!(
        reconciled(None, &closed, 41),
        None,
        "no answer: still closed"
    );
    let cleared = reconciled(None, &edited, 42).expect("an answer cleared closes the gap");
    assert_eq!(cleared.gap, GapState::Closed);

    let no_again = Answer::apply(toolkit(), "1", Some(&yes), respond(Response::No)).expect("no");
    let revived = reconciled(Some(&no_again), &closed, 50).expect("revived");
    assert_eq!(revived.gap, GapState::Open);
    assert_eq!(revived.id, action.id);
    assert_eq!(revived.owners, "Director of Nursing");
    assert_eq!(revived.notes, edited.notes);
    assert_eq!(revived.created_at, action.created_at);
    assert_eq!(revived.updated_at, at(50));
}

#[test]
fn a_changed_answer_updates_only_the_fields_no_person_set() {
    let first = answer(
        "1",
        AnswerInput {
            response: Some(Response::Partial),
            lead: Some("Estates".to_owned()),
            due_date: Some("2027-03-01".to_owned()),
            ..AnswerInput::default()
        },
    );
    let action = created(&first);
    assert_eq!(action.priority, Priority::Medium);
    // A person sets the wording and the priority; owners and date stay derived.
    let edited = edit(
        &action,
        ActionEdit {
            action: Some("Write the Prevent policy with HR".to_owned()),
            priority: Some(Priority::Low),
            priority_reason: Some("Policy draft already with HR".to_owned()),
            ..ActionEdit::default()
        },
    )
    .expect("edit")
    .action;

    let second = Answer::apply(
        toolkit(),
        "1",
        Some(&first),
        AnswerInput {
            response: Some(Response::No),
            lead: Some("Head of HR".to_owned()),
            due_date: Some("2027-04-30".to_owned()),
            comment: Some("Nothing in place".to_owned()),
            ..AnswerInput::default()
        },
    )
    .expect("second answer");
    let next = reconciled(Some(&second), &edited, 45).expect("changed");
    assert_eq!(next.action, "Write the Prevent policy with HR");
    assert_eq!(
        (next.priority, next.rule.as_str()),
        (Priority::Low, SET_BY_A_PERSON)
    );
    assert_eq!(
        next.priority_reason.as_deref(),
        Some("Policy draft already with HR")
    );
    assert_eq!(next.owners, "Head of HR");
    assert_eq!(next.due, Some(day(2027, 4, 30)));

    // Without edits, everything follows the answer.
    let unedited = reconciled(Some(&second), &action, 45).expect("changed");
    assert_eq!(
        (unedited.priority, unedited.rule.as_str()),
        (Priority::High, "core-no")
    );
    assert!(
        unedited.action.starts_with("Put in place: "),
        "{}",
        unedited.action
    );
    assert!(
        unedited
            .action
            .ends_with("Assessment comment: Nothing in place")
    );

    // An answer change that derives nothing new changes nothing.
    assert_eq!(reconciled(Some(&second), &next, 46), None);
    let same_plan = Answer::apply(
        toolkit(),
        "1",
        Some(&second),
        AnswerInput {
            na_reason: Some(String::new()),
            ..AnswerInput::default()
        },
    )
    .expect("unchanged");
    assert_eq!(reconciled(Some(&same_plan), &next, 47), None);
}

// ---------------------------------------------------------------------------
// A person's edits and completion

fn item_1_action() -> Action {
    created(&answer(
        "1",
        AnswerInput {
            response: Some(Response::No),
            lead: Some("Head of Safeguarding".to_owned()),
            due_date: Some("2027-03-31".to_owned()),
            ..AnswerInput::default()
        },
    ))
}

#[test]
fn a_priority_change_needs_a_reason_and_without_one_nothing_changes() {
    let action = item_1_action();
    let before = action.clone();
    for reason in [None, Some(""), Some("   ")] {
        let error = edit(
            &action,
            ActionEdit {
                owners: Some("Someone else".to_owned()),
                priority: Some(Priority::Low),
                priority_reason: reason.map(str::to_owned),
                note: Some("Would be lost".to_owned()),
                ..ActionEdit::default()
            },
        )
        .expect_err("a reason is required");
        assert_eq!(
            error,
            RuleError::PriorityReasonMissing {
                from: "High",
                to: "Low"
            }
        );
        assert_eq!(error.field(), Some("priority_reason"));
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
        assert!(error.to_string().contains("from High to Low"), "{error}");
    }
    assert_eq!(action, before);

    let outcome = edit(
        &action,
        ActionEdit {
            priority: Some(Priority::Low),
            priority_reason: Some("  Covered by the trust-wide policy review  ".to_owned()),
            ..ActionEdit::default()
        },
    )
    .expect("with a reason");
    let next = &outcome.action;
    assert_eq!(next.priority, Priority::Low);
    assert_eq!(next.rule, SET_BY_A_PERSON);
    assert_eq!(
        next.priority_reason.as_deref(),
        Some("Covered by the trust-wide policy review")
    );
    assert!(next.edited.priority);
    assert_eq!(next.updated_at, at(30));
    assert_eq!(
        outcome.changes,
        vec![
            change("priority", Some("high"), Some("low")),
            change("rule", Some("core-no"), Some(SET_BY_A_PERSON)),
            change(
                "priority_reason",
                None,
                Some("Covered by the trust-wide policy review")
            ),
        ]
    );
    assert_eq!(outcome.note, None);

    // Giving the priority it already has changes nothing, reason or not.
    let same = edit(
        next,
        ActionEdit {
            priority: Some(Priority::Low),
            priority_reason: Some("Another reason".to_owned()),
            ..ActionEdit::default()
        },
    )
    .expect("no change");
    assert!(same.changes.is_empty());
    assert_eq!(same.action, *next);
}

#[test]
fn deferring_needs_a_reason_and_resuming_clears_it() {
    let action = item_1_action();
    for reason in [None, Some(" ")] {
        let error = edit(
            &action,
            ActionEdit {
                status: Some(ActionStatus::Deferred),
                deferred_reason: reason.map(str::to_owned),
                ..ActionEdit::default()
            },
        )
        .expect_err("a reason is required");
        assert_eq!(error, RuleError::DeferralReasonMissing);
        assert_eq!(error.field(), Some("deferred_reason"));
    }
    let deferred = edit(
        &action,
        ActionEdit {
            status: Some(ActionStatus::Deferred),
            deferred_reason: Some("Waiting for the national guidance".to_owned()),
            ..ActionEdit::default()
        },
    )
    .expect("deferred");
    assert_eq!(deferred.action.status, ActionStatus::Deferred);
    assert_eq!(
        deferred.changes,
        vec![
            change("status", Some("not_started"), Some("deferred")),
            change(
                "deferred_reason",
                None,
                Some("Waiting for the national guidance")
            ),
        ]
    );
    // The reason alone can be changed while deferred, never blanked.
    let reworded = edit(
        &deferred.action,
        ActionEdit {
            deferred_reason: Some("Waiting for ICB guidance".to_owned()),
            ..ActionEdit::default()
        },
    )
    .expect("reworded");
    assert_eq!(
        reworded.changes,
        vec![change(
            "deferred_reason",
            Some("Waiting for the national guidance"),
            Some("Waiting for ICB guidance")
        )]
    );
    assert!(matches!(
        edit(
            &deferred.action,
            ActionEdit {
                deferred_reason: Some(String::new()),
                ..ActionEdit::default()
            },
        ),
        Err(RuleError::Blank {
            field: "deferred_reason",
            ..
        })
    ));
    let resumed = edit(
        &reworded.action,
        ActionEdit {
            status: Some(ActionStatus::InProgress),
            ..ActionEdit::default()
        },
    )
    .expect("resumed");
    assert_eq!(resumed.action.deferred_reason, None);
    assert_eq!(
        resumed.changes,
        vec![
            change("status", Some("deferred"), Some("in_progress")),
            change("deferred_reason", Some("Waiting for ICB guidance"), None),
        ]
    );
}

#[test]
fn completed_is_not_a_status_a_person_sets_by_editing() {
    let action = item_1_action();
    let error = edit(
        &action,
        ActionEdit {
            status: Some(ActionStatus::Completed),
            ..ActionEdit::default()
        },
    )
    .expect_err("refused");
    assert_eq!(error, RuleError::CompletionNeedsSignOff);
    assert_eq!(error.field(), Some("status"));
}

#[test]
fn completing_needs_a_name_and_a_real_date() {
    let action = item_1_action();
    let complete = |assessed: &str, by: &str| {
        action.complete(
            ActionCompletion {
                assessed: assessed.to_owned(),
                signed_off_by: by.to_owned(),
            },
            at(31),
        )
    };
    assert_eq!(
        complete("2027-03-01", "  "),
        Err(RuleError::SignOffNameMissing)
    );
    for bad in ["2027-02-30", "01/03/2027", "", "soon"] {
        let error = complete(bad, "Alex Morgan").expect_err("not a real date");
        assert!(
            matches!(
                error,
                RuleError::InvalidDate {
                    field: "assessed",
                    ..
                }
            ),
            "{bad}: {error:?}"
        );
    }
    let done = complete("2027-03-01", " Alex Morgan ").expect("completed");
    assert_eq!(done.action.status, ActionStatus::Completed);
    assert_eq!(done.action.completed_on, Some(day(2027, 3, 1)));
    assert_eq!(done.action.signed_off_by.as_deref(), Some("Alex Morgan"));
    assert_eq!(done.action.updated_at, at(31));
    assert_eq!(
        done.changes,
        vec![
            change("status", Some("not_started"), Some("completed")),
            change("completed_on", None, Some("2027-03-01")),
            change("signed_off_by", None, Some("Alex Morgan")),
        ]
    );
    // Reopening the action clears the sign-off.
    let reopened = edit(
        &done.action,
        ActionEdit {
            status: Some(ActionStatus::InProgress),
            ..ActionEdit::default()
        },
    )
    .expect("reopened");
    assert_eq!(
        reopened.changes,
        vec![
            change("status", Some("completed"), Some("in_progress")),
            change("completed_on", Some("2027-03-01"), None),
            change("signed_off_by", Some("Alex Morgan"), None),
        ]
    );
    // Completing a deferred action drops its deferral reason.
    let deferred = edit(
        &action,
        ActionEdit {
            status: Some(ActionStatus::Deferred),
            deferred_reason: Some("Later".to_owned()),
            ..ActionEdit::default()
        },
    )
    .expect("deferred")
    .action;
    let done = deferred
        .complete(
            ActionCompletion {
                assessed: "2027-03-02".to_owned(),
                signed_off_by: "Alex Morgan".to_owned(),
            },
            at(32),
        )
        .expect("completed");
    assert_eq!(done.action.deferred_reason, None);
    assert!(
        done.changes
            .contains(&change("deferred_reason", Some("Later"), None))
    );
}

#[test]
fn editing_text_owners_and_date_marks_them_as_set_by_a_person_with_their_audit_rows() {
    let action = item_1_action();
    let outcome = edit(
        &action,
        ActionEdit {
            action: Some("  Adopt the regional Prevent policy  ".to_owned()),
            owners: Some("A. Khan; B. Jones".to_owned()),
            department: Some("Safeguarding".to_owned()),
            due: Some("2027-06-30".to_owned()),
            note: Some("Agreed at the board".to_owned()),
            ..ActionEdit::default()
        },
    )
    .expect("edit");
    let next = &outcome.action;
    assert_eq!(next.action, "Adopt the regional Prevent policy");
    assert_eq!(next.owners, "A. Khan; B. Jones");
    assert_eq!(next.department, "Safeguarding");
    assert_eq!(next.due, Some(day(2027, 6, 30)));
    assert_eq!(
        next.edited,
        EditedFields {
            action: true,
            owners: true,
            due: true,
            priority: false
        }
    );
    let note = ProgressNote {
        at: at(30),
        by: "Sam Lee".to_owned(),
        text: "Agreed at the board".to_owned(),
    };
    assert_eq!(outcome.note.as_ref(), Some(&note));
    assert_eq!(next.notes, vec![note]);
    assert_eq!(
        outcome.changes,
        vec![
            change(
                "action",
                Some(&action.action),
                Some("Adopt the regional Prevent policy")
            ),
            change(
                "owners",
                Some("Head of Safeguarding"),
                Some("A. Khan; B. Jones")
            ),
            change("department", None, Some("Safeguarding")),
            change("due", Some("2027-03-31"), Some("2027-06-30")),
            change("note", None, Some("Agreed at the board")),
        ]
    );

    // Clearing owners and the date is a person's setting too.
    let cleared = edit(
        next,
        ActionEdit {
            owners: Some(String::new()),
            due: Some(" ".to_owned()),
            ..ActionEdit::default()
        },
    )
    .expect("cleared");
    assert_eq!(cleared.action.owners, "");
    assert_eq!(cleared.action.due, None);
    assert_eq!(
        cleared.changes,
        vec![
            change("owners", Some("A. Khan; B. Jones"), None),
            change("due", Some("2027-06-30"), None),
        ]
    );

    // Nothing given, or only what is already there: no change, no rows, no new time.
    for nothing in [
        ActionEdit::default(),
        ActionEdit {
            action: Some(action.action.clone()),
            owners: Some(action.owners.clone()),
            due: Some("2027-03-31".to_owned()),
            note: Some("   ".to_owned()),
            ..ActionEdit::default()
        },
    ] {
        let outcome = edit(&action, nothing).expect("nothing");
        assert!(outcome.changes.is_empty());
        assert_eq!(outcome.action, action);
        assert_eq!(outcome.note, None);
    }
}

#[test]
fn a_wrong_field_refuses_the_whole_edit() {
    let action = item_1_action();
    let blank = edit(
        &action,
        ActionEdit {
            action: Some("  ".to_owned()),
            ..ActionEdit::default()
        },
    )
    .expect_err("blank");
    assert!(matches!(
        blank,
        RuleError::Blank {
            field: "action",
            ..
        }
    ));
    let long = edit(
        &action,
        ActionEdit {
            action: Some("x".repeat(2001)),
            ..ActionEdit::default()
        },
    )
    .expect_err("too long");
    assert!(matches!(
        long,
        RuleError::TooLong {
            field: "action",
            max: 2000,
            ..
        }
    ));
    let date = edit(
        &action,
        ActionEdit {
            owners: Some("New owner".to_owned()),
            due: Some("2027-13-01".to_owned()),
            ..ActionEdit::default()
        },
    )
    .expect_err("bad date");
    assert_eq!(date.field(), Some("due"));
}

#[test]
fn a_new_action_is_audited_with_every_field_it_has() {
    let action = item_1_action();
    assert_eq!(
        plan::action_changes(None, &action),
        vec![
            change("objective", None, Some(&action.objective)),
            change("action", None, Some(&action.action)),
            change("priority", None, Some("high")),
            change("rule", None, Some("core-no")),
            change("status", None, Some("not_started")),
            change("owners", None, Some("Head of Safeguarding")),
            change("due", None, Some("2027-03-31")),
            change("gap", None, Some("open")),
        ]
    );
    assert!(plan::action_changes(Some(&action), &action).is_empty());
    let closed = reconciled(None, &action, 5).expect("closed");
    assert_eq!(
        plan::action_changes(Some(&action), &closed),
        vec![change("gap", Some("open"), Some("closed"))]
    );
}

// ---------------------------------------------------------------------------
// The plan as shown

/// A plain action for the view tests.
fn plain(n: u128, source: &str, priority: Priority, due: Option<NaiveDate>) -> Action {
    Action {
        id: Uuid::from_u128(n),
        assessment_id: ASSESSMENT,
        source: source.to_owned(),
        objective: plan::objective_of(toolkit(), source),
        action: format!("Action {n}"),
        priority,
        rule: "core-no".to_owned(),
        default_rule: "core-no".to_owned(),
        priority_reason: None,
        status: ActionStatus::NotStarted,
        deferred_reason: None,
        owners: String::new(),
        department: String::new(),
        due,
        gap: GapState::Open,
        completed_on: None,
        signed_off_by: None,
        edited: EditedFields::default(),
        notes: Vec::new(),
        created_at: at(0),
        updated_at: at(0),
    }
}

fn with_status(mut action: Action, status: ActionStatus) -> Action {
    action.status = status;
    match status {
        ActionStatus::Deferred => action.deferred_reason = Some("Later".to_owned()),
        ActionStatus::Completed => {
            action.completed_on = Some(day(2027, 1, 10));
            action.signed_off_by = Some("Alex Morgan".to_owned());
        }
        ActionStatus::NotStarted | ActionStatus::InProgress => {}
    }
    action
}

fn assessment(id: Uuid, organisation: &str, date: NaiveDate) -> Assessment {
    Assessment {
        id,
        framework_id: PREVENT_TOOLKIT_2011.to_owned(),
        framework_version: "2011".to_owned(),
        organisation: organisation.to_owned(),
        assessor: "Alex Morgan".to_owned(),
        assessment_date: date,
        status: AssessmentStatus::InProgress,
        created_at: at(0),
        updated_at: at(0),
        version: 1,
        previous_version: None,
        next_version: None,
        sealed_at: None,
    }
}

fn view(actions: Vec<Action>, filter: PlanFilter) -> PlanView {
    let header = assessment(
        ASSESSMENT,
        "Northshire Community NHS Trust",
        day(2027, 1, 5),
    );
    PlanView::build(
        frameworks(),
        vec![PlanSource {
            assessment: &header,
            actions,
        }],
        filter,
        today(),
    )
}

fn ids(actions: &[ActionView]) -> Vec<u128> {
    actions.iter().map(|a| a.action.id.as_u128()).collect()
}

#[test]
fn an_overdue_open_action_shows_one_level_higher_and_its_stored_priority_never_changes() {
    let yesterday = Some(day(2027, 1, 14));
    for (stored, shown) in [
        (Priority::Low, Priority::Medium),
        (Priority::Medium, Priority::High),
        (Priority::High, Priority::High),
    ] {
        for status in [ActionStatus::NotStarted, ActionStatus::InProgress] {
            let action = with_status(plain(1, "1", stored, yesterday), status);
            assert!(is_overdue(&action, today()));
            assert_eq!(effective_priority(&action, today()), shown);
            assert_eq!(action.priority, stored, "the stored priority is unchanged");
            let shown_view = view(vec![action.clone()], PlanFilter::default());
            let row = &shown_view.actions[0];
            assert_eq!((row.effective_priority, row.overdue), (shown, true));
            assert_eq!(row.action.priority, stored);
            assert_eq!(row.action, action);
        }
    }
    assert_eq!(Priority::Low.raised(), Priority::Medium);
    assert_eq!(Priority::Medium.raised(), Priority::High);
    assert_eq!(Priority::High.raised(), Priority::High);
}

#[test]
fn an_action_is_not_overdue_on_its_due_date_without_a_date_or_when_it_is_not_open() {
    let on_the_day = plain(1, "1", Priority::Low, Some(today()));
    assert!(!is_overdue(&on_the_day, today()));
    assert_eq!(effective_priority(&on_the_day, today()), Priority::Low);
    assert!(is_overdue(&on_the_day, day(2027, 1, 16)), "the day after");
    let undated = plain(2, "2", Priority::Low, None);
    assert!(!is_overdue(&undated, today()));

    let long_ago = Some(day(2026, 6, 1));
    for status in [ActionStatus::Completed, ActionStatus::Deferred] {
        let action = with_status(plain(3, "4", Priority::Low, long_ago), status);
        assert!(!is_overdue(&action, today()), "{status:?}");
        assert_eq!(effective_priority(&action, today()), Priority::Low);
    }
    let mut gap_closed = plain(4, "5", Priority::Medium, long_ago);
    gap_closed.gap = GapState::Closed;
    assert!(!is_overdue(&gap_closed, today()));
    assert_eq!(effective_priority(&gap_closed, today()), Priority::Medium);
}

#[test]
fn the_plan_sorts_by_effective_priority_then_date_with_undated_last() {
    let date = |m: u32, d: u32| Some(day(2027, m, d));
    let actions = vec![
        plain(1, "1", Priority::High, date(3, 1)),
        plain(2, "2", Priority::High, None),
        plain(3, "4", Priority::High, date(2, 1)),
        plain(4, "5", Priority::Medium, date(2, 10)),
        plain(5, "6", Priority::Low, date(1, 10)), // overdue: shown medium
        plain(6, "7", Priority::Low, date(1, 20)),
        plain(7, "8", Priority::Medium, None),
        plain(8, "9", Priority::Low, None),
        plain(9, "10", Priority::Medium, date(1, 14)), // overdue: shown high
    ];
    let shown = view(actions, PlanFilter::default());
    assert_eq!(ids(&shown.actions), [9, 3, 1, 2, 5, 4, 7, 6, 8]);
    let effective: Vec<Priority> = shown.actions.iter().map(|a| a.effective_priority).collect();
    assert!(effective.windows(2).all(|w| w[0] >= w[1]), "{effective:?}");

    // Across assessments (the dashboard), the same order holds.
    let other_id = Uuid::from_u128(0xB0B);
    let first = assessment(ASSESSMENT, "Northshire", day(2027, 1, 5));
    let second = assessment(other_id, "Southshire", day(2026, 12, 1));
    let mut theirs = plain(20, "1", Priority::High, date(1, 31));
    theirs.assessment_id = other_id;
    let dashboard = PlanView::build(
        frameworks(),
        vec![
            PlanSource {
                assessment: &first,
                actions: vec![
                    plain(1, "1", Priority::High, date(3, 1)),
                    plain(2, "2", Priority::Low, None),
                ],
            },
            PlanSource {
                assessment: &second,
                actions: vec![theirs],
            },
        ],
        PlanFilter::default(),
        today(),
    );
    assert_eq!(ids(&dashboard.actions), [20, 1, 2]);
    assert_eq!(dashboard.actions[0].organisation, "Southshire");
    assert_eq!(dashboard.actions[0].source_label, "Item 1");
}

fn filter_fixture() -> Vec<Action> {
    let date = |m: u32, d: u32| Some(day(2027, m, d));
    let mut a = plain(1, "1", Priority::Low, date(1, 10)); // overdue: shown medium
    a.owners = "A. Khan; B. Jones".to_owned();
    a.department = "Safeguarding".to_owned();
    let mut b = with_status(
        plain(2, "2", Priority::High, date(2, 14)),
        ActionStatus::InProgress,
    );
    b.owners = "Head of HR".to_owned();
    b.department = "HR ".to_owned();
    let mut c = plain(3, "4", Priority::Medium, Some(today())); // due today: due soon
    c.owners = "b. jones".to_owned();
    let d = plain(4, "5", Priority::Medium, date(2, 15)); // 31 days ahead
    let e = with_status(
        plain(5, "6", Priority::High, date(1, 1)),
        ActionStatus::Completed,
    );
    let f = with_status(
        plain(6, "7", Priority::Low, date(1, 2)),
        ActionStatus::Deferred,
    );
    let mut g = plain(7, "8", Priority::Medium, date(1, 20)); // gap closed: to confirm
    g.gap = GapState::Closed;
    vec![a, b, c, d, e, f, g]
}

#[test]
fn the_filters_keep_what_they_say() {
    let filtered = |filter: PlanFilter| {
        let mut kept = ids(&view(filter_fixture(), filter).actions);
        kept.sort_unstable();
        kept
    };
    assert_eq!(filtered(PlanFilter::default()), [1, 2, 3, 4, 5, 6, 7]);
    assert!(PlanFilter::default().is_empty());

    let status = |s| PlanFilter {
        status: Some(s),
        ..PlanFilter::default()
    };
    assert_eq!(filtered(status(ActionStatus::NotStarted)), [1, 3, 4, 7]);
    assert_eq!(filtered(status(ActionStatus::InProgress)), [2]);
    assert_eq!(filtered(status(ActionStatus::Completed)), [5]);
    assert_eq!(filtered(status(ActionStatus::Deferred)), [6]);

    let owner = |o: &str| PlanFilter {
        owner: Some(o.to_owned()),
        ..PlanFilter::default()
    };
    assert_eq!(
        filtered(owner("B. JONES")),
        [1, 3],
        "any case, one of the names"
    );
    assert_eq!(filtered(owner(" a. khan ")), [1]);
    assert_eq!(filtered(owner("Head of HR")), [2]);
    // A whole name, not part of one: "HR" is not "Head of HR", "Khan" not "A. Khan".
    assert_eq!(filtered(owner("hr")), Vec::<u128>::new());
    assert_eq!(filtered(owner("Khan")), Vec::<u128>::new());
    assert_eq!(
        filtered(owner("")),
        [1, 2, 3, 4, 5, 6, 7],
        "empty keeps all"
    );
    assert_eq!(filtered(owner("Nobody")), Vec::<u128>::new());

    let department = |d: &str| PlanFilter {
        department: Some(d.to_owned()),
        ..PlanFilter::default()
    };
    assert_eq!(filtered(department("safeguarding")), [1]);
    assert_eq!(filtered(department(" hr")), [2]);
    assert_eq!(
        filtered(department("Safe")),
        Vec::<u128>::new(),
        "the whole name"
    );

    let priority = |p| PlanFilter {
        priority: Some(p),
        ..PlanFilter::default()
    };
    assert_eq!(filtered(priority(Priority::High)), [2, 5]);
    assert_eq!(
        filtered(priority(Priority::Medium)),
        [1, 3, 4, 7],
        "the overdue low action counts as medium"
    );
    assert_eq!(filtered(priority(Priority::Low)), [6]);

    let due = |d| PlanFilter {
        due: Some(d),
        ..PlanFilter::default()
    };
    assert_eq!(filtered(due(DueFilter::Overdue)), [1]);
    assert_eq!(
        filtered(due(DueFilter::Within(30))),
        [2, 3],
        "open, due from today to 30 days ahead"
    );
    assert_eq!(filtered(due(DueFilter::Within(31))), [2, 3, 4]);
    assert_eq!(filtered(due(DueFilter::Within(0))), [3]);

    // Filters combine.
    assert_eq!(
        filtered(PlanFilter {
            owner: Some("b. jones".to_owned()),
            priority: Some(Priority::Medium),
            due: Some(DueFilter::Within(30)),
            ..PlanFilter::default()
        }),
        [3]
    );
}

#[test]
fn the_counts_and_lists_describe_the_plan() {
    let all = view(filter_fixture(), PlanFilter::default());
    let counts = &all.counts;
    assert_eq!(counts.total, 7);
    assert_eq!(counts.open, 4, "1, 2, 3 and 4; 7's gap is closed");
    assert_eq!(counts.overdue, 1);
    assert_eq!(counts.due_soon, 2);
    assert_eq!(counts.gaps_to_confirm, 1);
    let rows: Vec<(Priority, [u32; 4])> = counts
        .by_priority
        .iter()
        .map(|r| {
            (
                r.priority,
                [r.not_started, r.in_progress, r.completed, r.deferred],
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (Priority::High, [0, 1, 1, 0]),
            (Priority::Medium, [4, 0, 0, 0]),
            (Priority::Low, [0, 0, 0, 1]),
        ]
    );
    assert_eq!(ids(&all.overdue), [1]);
    assert_eq!(ids(&all.due_soon), [3, 2], "soonest first");
    assert_eq!(all.owners, ["A. Khan", "B. Jones", "Head of HR"]);
    assert_eq!(all.departments, ["HR", "Safeguarding"]);
    let to_confirm: Vec<u128> = all
        .actions
        .iter()
        .filter(|a| a.gap_closed_to_confirm)
        .map(|a| a.action.id.as_u128())
        .collect();
    assert_eq!(to_confirm, [7]);

    // Counts follow the filter; the overdue and due-soon lists do not.
    let filtered = view(
        filter_fixture(),
        PlanFilter {
            status: Some(ActionStatus::Completed),
            ..PlanFilter::default()
        },
    );
    assert_eq!(filtered.counts.total, 1);
    assert_eq!((filtered.counts.open, filtered.counts.overdue), (0, 0));
    assert_eq!(ids(&filtered.overdue), [1]);
    assert_eq!(ids(&filtered.due_soon), [3, 2]);
    assert_eq!(
        PlanCounts::of(&[]),
        PlanCounts {
            total: 0,
            open: 0,
            overdue: 0,
            due_soon: 0,
            gaps_to_confirm: 0,
            by_priority: Priority::ALL
                .into_iter()
                .map(|priority| plan::view::PriorityRow {
                    priority,
                    not_started: 0,
                    in_progress: 0,
                    completed: 0,
                    deferred: 0,
                })
                .collect(),
        }
    );
}

#[test]
fn why_a_priority_names_the_rule_or_the_persons_reason() {
    let action = item_1_action();
    let shown = view(vec![action.clone()], PlanFilter::default());
    let why = &shown.actions[0].why;
    assert!(!why.set_by_a_person);
    assert_eq!(why.rule.rule, "core-no");
    assert!(why.summary.contains("Rule \"core-no\""), "{}", why.summary);
    assert!(why.summary.contains("Core standard"), "{}", why.summary);

    let changed = edit(
        &action,
        ActionEdit {
            priority: Some(Priority::Medium),
            priority_reason: Some("Interim policy in place".to_owned()),
            ..ActionEdit::default()
        },
    )
    .expect("changed")
    .action;
    let shown = view(vec![changed], PlanFilter::default());
    let why = &shown.actions[0].why;
    assert!(why.set_by_a_person);
    assert_eq!(
        why.summary,
        "Set to medium by a person: Interim policy in place"
    );
}

#[test]
fn why_this_priority_compares_a_persons_choice_with_the_rule_the_answer_gives() {
    // Item 1 answered No: the rules give high ("core-no").
    let action = item_1_action();
    let lowered = edit(
        &action,
        ActionEdit {
            priority: Some(Priority::Low),
            priority_reason: Some("Covered by the trust-wide policy review".to_owned()),
            ..ActionEdit::default()
        },
    )
    .expect("lowered with a reason")
    .action;
    let shown = view(vec![lowered.clone()], PlanFilter::default());
    let why = &shown.actions[0].why;
    assert!(why.set_by_a_person);
    assert_eq!(why.rule.rule, "core-no");
    assert_eq!(why.rule.priority, Priority::High);
    assert!(
        why.summary
            .contains("Covered by the trust-wide policy review"),
        "{}",
        why.summary
    );
    // The answer moves to Partially: the comparison follows the answer, the
    // person's priority stays.
    let partial = answer(
        "1",
        AnswerInput {
            response: Some(Response::Partial),
            ..AnswerInput::default()
        },
    );
    let next = reconciled(Some(&partial), &lowered, 40).expect("default rule changes");
    assert_eq!(next.priority, Priority::Low);
    assert_eq!(next.rule, SET_BY_A_PERSON);
    assert_eq!(next.default_rule, "core-partial");
    let shown = view(vec![next], PlanFilter::default());
    assert_eq!(shown.actions[0].why.rule.priority, Priority::Medium);
}

#[test]
fn a_signed_off_action_whose_gap_reopens_keeps_its_sign_off_and_is_flagged_for_review() {
    let action = edit(
        &item_1_action(),
        ActionEdit {
            owners: Some("A. Khan".to_owned()),
            ..ActionEdit::default()
        },
    )
    .expect("owner set")
    .action;
    let done = action
        .complete(
            ActionCompletion {
                assessed: "2027-01-15".to_owned(),
                signed_off_by: "Sam Lee".to_owned(),
            },
            at(31),
        )
        .expect("completed")
        .action;
    let yes = answer("1", respond(Response::Yes));
    let closed = reconciled(Some(&yes), &done, 32).expect("gap closes");
    assert_eq!(closed.gap, GapState::Closed);
    assert_eq!(
        closed.status,
        ActionStatus::Completed,
        "closing keeps the sign-off"
    );
    let no = answer("1", respond(Response::No));
    let revived = reconciled(Some(&no), &closed, 33).expect("gap reopens");
    assert_eq!(revived.gap, GapState::Open);
    assert_eq!(
        revived.status,
        ActionStatus::Completed,
        "a person's status stays"
    );
    assert_eq!(revived.signed_off_by.as_deref(), Some("Sam Lee"));
    assert_eq!(revived.owners, "A. Khan", "the person's edit is kept");
    let shown = view(vec![revived], PlanFilter::default());
    assert!(shown.actions[0].gap_reopened);
    assert!(!shown.actions[0].gap_closed_to_confirm);
}

#[test]
fn a_filter_left_out_is_left_out_on_the_wire_not_null() {
    // The UI's type says `owner?: string`: a null there broke the dashboard.
    let json = serde_json::to_value(PlanFilter::default()).expect("serialises");
    assert_eq!(json, serde_json::json!({}));
    let json = serde_json::to_value(PlanFilter {
        owner: Some("HR lead".to_owned()),
        due: Some(DueFilter::Within(30)),
        ..PlanFilter::default()
    })
    .expect("serialises");
    assert_eq!(
        json,
        serde_json::json!({"owner": "HR lead", "due": {"kind": "within", "days": 30}})
    );
}
