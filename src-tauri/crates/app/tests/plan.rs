//! The action plan on a real SQLite file: actions follow answers in the
//! answer's own transaction, are kept for good, keep people's edits, carry
//! their notes and audit rows, and are derived once for files from before
//! the plan existed.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::{
    alex, answer_everything, at, db, new_assessment, no_with_lead, respond, sam,
    store_with_assessment, today,
};
use prevent_app::Ledger;
use prevent_core::{
    Action, ActionCompletion, ActionEdit, ActionStatus, AnswerInput, AssessmentStatus, AuditEntity,
    AuditEntry, ErrorKind, GapState, Priority, Response, RuleError,
};
use rusqlite::Connection;
use tempfile::TempDir;
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn action_rows(store: &Ledger, id: Uuid) -> Vec<AuditEntry> {
    store
        .audit_trail(id)
        .expect("trail")
        .into_iter()
        .filter(|e| e.entity == AuditEntity::Action)
        .collect()
}

/// (field, old, new) of audit rows.
fn fields(rows: &[AuditEntry]) -> Vec<(String, Option<String>, Option<String>)> {
    rows.iter()
        .map(|e| (e.field.clone(), e.old_value.clone(), e.new_value.clone()))
        .collect()
}

fn row(
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> (String, Option<String>, Option<String>) {
    (
        field.to_owned(),
        old.map(str::to_owned),
        new.map(str::to_owned),
    )
}

fn only_action(store: &Ledger, id: Uuid) -> Action {
    let actions = store.actions_of(id).expect("actions");
    assert_eq!(actions.len(), 1, "{actions:#?}");
    actions.into_iter().next().expect("one action")
}

fn count_actions(store: &Ledger) -> u32 {
    store
        .connection_for_tests()
        .query_row("SELECT count(*) FROM actions", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn an_answer_that_needs_action_creates_exactly_one_action_in_its_own_transaction() {
    let dir = TempDir::new().expect("temp dir");
    let (mut store, id) = store_with_assessment(&dir);
    assert!(store.actions_of(id).expect("actions").is_empty());

    store
        .save_answer(
            id,
            "1",
            no_with_lead("Head of Safeguarding", "2027-03-31"),
            &alex(),
            at(2),
        )
        .expect("answer");
    let action = only_action(&store, id);
    assert_eq!(action.source, "1");
    assert_eq!(action.assessment_id, id);
    assert_eq!(
        (action.priority, action.rule.as_str()),
        (Priority::High, "core-no")
    );
    assert_eq!(action.owners, "Head of Safeguarding");
    assert_eq!(action.due, Some(day(2027, 3, 31)));
    assert_eq!(action.status, ActionStatus::NotStarted);
    assert_eq!(action.gap, GapState::Open);
    assert_eq!((action.created_at, action.updated_at), (at(2), at(2)));
    assert_eq!(store.action(action.id).expect("by id"), action);

    // The action's audit rows are written with the answer's, by the same person at the same time.
    let rows = action_rows(&store, id);
    assert!(rows.iter().all(|e| e.entry_id.as_deref() == Some("1")
        && e.actor == "Alex Morgan"
        && e.actor_role == "Accountable Prevent lead"
        && e.at == at(2)
        && e.old_value.is_none()));
    assert_eq!(
        fields(&rows),
        vec![
            row("objective", None, Some(&action.objective)),
            row("action", None, Some(&action.action)),
            row("priority", None, Some("high")),
            row("rule", None, Some("core-no")),
            row("status", None, Some("not_started")),
            row("owners", None, Some("Head of Safeguarding")),
            row("due", None, Some("2027-03-31")),
            row("gap", None, Some("open")),
        ]
    );
    let trail = store.audit_trail(id).expect("trail");
    let last_answer_row = trail
        .iter()
        .rposition(|e| e.entity == AuditEntity::Answer)
        .expect("answer rows");
    let first_action_row = trail
        .iter()
        .position(|e| e.entity == AuditEntity::Action)
        .expect("action rows");
    assert!(
        last_answer_row < first_action_row,
        "the answer, then its action"
    );

    // Saving the same answer again writes nothing; a new comment rewords the one action.
    store
        .save_answer(id, "1", respond(Response::No), &alex(), at(3))
        .expect("same again");
    assert_eq!(action_rows(&store, id).len(), rows.len());
    store
        .save_answer(
            id,
            "1",
            AnswerInput {
                comment: Some("No policy yet".to_owned()),
                ..AnswerInput::default()
            },
            &sam(),
            at(4),
        )
        .expect("comment");
    let reworded = only_action(&store, id);
    assert_eq!(reworded.id, action.id);
    assert!(
        reworded
            .action
            .ends_with("Assessment comment: No policy yet")
    );
    assert_eq!(count_actions(&store), 1);

    // An answer that needs no action adds none.
    store
        .save_answer(id, "12", respond(Response::Yes), &alex(), at(5))
        .expect("yes");
    assert_eq!(count_actions(&store), 1);
}

#[test]
fn when_the_action_cannot_be_written_the_answer_is_not_saved_either() {
    let dir = TempDir::new().expect("temp dir");
    let (mut store, id) = store_with_assessment(&dir);
    let trail_before = store.audit_trail(id).expect("trail").len();
    store
        .connection_for_tests()
        .execute_batch(
            "CREATE TEMP TRIGGER refuse_actions BEFORE INSERT ON main.actions
             BEGIN SELECT RAISE(ABORT, 'the plan cannot be written'); END;",
        )
        .expect("trigger");
    let error = store
        .save_answer(id, "1", respond(Response::No), &alex(), at(2))
        .expect_err("the action write fails");
    assert_eq!(error.kind, ErrorKind::Database);
    assert!(
        store.answers(id).expect("answers").is_empty(),
        "rolled back"
    );
    assert_eq!(store.audit_trail(id).expect("trail").len(), trail_before);
    assert_eq!(count_actions(&store), 0);

    store
        .connection_for_tests()
        .execute_batch("DROP TRIGGER temp.refuse_actions")
        .expect("drop");
    store
        .save_answer(id, "1", respond(Response::No), &alex(), at(3))
        .expect("now it saves");
    assert_eq!(count_actions(&store), 1);
}

#[test]
fn a_closed_gap_keeps_its_action_and_a_reopened_gap_revives_it() {
    let dir = TempDir::new().expect("temp dir");
    let (mut store, id) = store_with_assessment(&dir);
    store
        .save_answer(id, "3b", respond(Response::No), &alex(), at(2))
        .expect("no");
    let created = only_action(&store, id);

    store
        .save_answer(id, "3b", respond(Response::Yes), &sam(), at(3))
        .expect("yes");
    let closed = only_action(&store, id);
    assert_eq!(closed.id, created.id, "the row is kept");
    assert_eq!(closed.gap, GapState::Closed);
    assert_eq!(closed.updated_at, at(3));
    let rows = action_rows(&store, id);
    let last = rows.last().expect("rows");
    assert_eq!(
        (
            last.field.as_str(),
            last.old_value.as_deref(),
            last.new_value.as_deref()
        ),
        ("gap", Some("open"), Some("closed"))
    );
    assert_eq!(last.actor, "Sam Lee");

    store
        .save_answer(id, "3b", respond(Response::No), &alex(), at(4))
        .expect("no again");
    let revived = only_action(&store, id);
    assert_eq!(revived.id, created.id);
    assert_eq!(revived.gap, GapState::Open);
    assert_eq!(revived.created_at, created.created_at);
    assert_eq!(count_actions(&store), 1);
}

#[test]
fn a_persons_edit_survives_a_later_answer_change() {
    let dir = TempDir::new().expect("temp dir");
    let (mut store, id) = store_with_assessment(&dir);
    store
        .save_answer(
            id,
            "1",
            no_with_lead("Estates", "2027-03-31"),
            &alex(),
            at(2),
        )
        .expect("no");
    let action = only_action(&store, id);
    let edited = store
        .update_action(
            action.id,
            ActionEdit {
                action: Some("Adopt the regional Prevent policy".to_owned()),
                owners: Some("A. Khan".to_owned()),
                priority: Some(Priority::Medium),
                priority_reason: Some("Regional policy already drafted".to_owned()),
                department: Some("Safeguarding".to_owned()),
                ..ActionEdit::default()
            },
            &sam(),
            at(3),
        )
        .expect("edit");
    assert!(edited.edited.action && edited.edited.owners && edited.edited.priority);
    assert!(!edited.edited.due);
    assert_eq!(store.action(action.id).expect("stored"), edited);

    store
        .save_answer(
            id,
            "1",
            AnswerInput {
                response: Some(Response::Partial),
                action_required: Some(true),
                lead: Some("Head of HR".to_owned()),
                due_date: Some("2027-06-30".to_owned()),
                comment: Some("Some departments only".to_owned()),
                ..AnswerInput::default()
            },
            &alex(),
            at(4),
        )
        .expect("changed answer");
    let after = only_action(&store, id);
    assert_eq!(after.action, "Adopt the regional Prevent policy");
    assert_eq!(after.owners, "A. Khan");
    assert_eq!(after.priority, Priority::Medium);
    assert_eq!(after.rule, "set-by-a-person");
    assert_eq!(
        after.priority_reason.as_deref(),
        Some("Regional policy already drafted")
    );
    assert_eq!(after.department, "Safeguarding");
    assert_eq!(after.due, Some(day(2027, 6, 30)), "no person set the date");
    assert_eq!(
        after.edited, edited.edited,
        "the edits are remembered on disk"
    );

    // Closed and reopened, the edits are still there.
    store
        .save_answer(id, "1", respond(Response::Yes), &alex(), at(5))
        .expect("yes");
    store
        .save_answer(id, "1", respond(Response::No), &alex(), at(6))
        .expect("no");
    let revived = only_action(&store, id);
    assert_eq!(revived.gap, GapState::Open);
    assert_eq!(
        (
            revived.action.as_str(),
            revived.owners.as_str(),
            revived.priority
        ),
        (
            "Adopt the regional Prevent policy",
            "A. Khan",
            Priority::Medium
        )
    );
}

#[test]
fn update_action_is_audited_with_the_priority_reason_and_a_refused_edit_writes_nothing() {
    let dir = TempDir::new().expect("temp dir");
    let (mut store, id) = store_with_assessment(&dir);
    store
        .save_answer(id, "12", respond(Response::No), &alex(), at(2))
        .expect("no");
    let action = only_action(&store, id);
    assert_eq!(action.priority, Priority::Medium);
    let rows_before = action_rows(&store, id).len();

    let refused = store
        .update_action(
            action.id,
            ActionEdit {
                priority: Some(Priority::High),
                owners: Some("Someone".to_owned()),
                ..ActionEdit::default()
            },
            &sam(),
            at(3),
        )
        .expect_err("a reason is required");
    assert_eq!(refused.kind, ErrorKind::InvalidInput);
    assert_eq!(refused.field.as_deref(), Some("priority_reason"));

    assert_eq!(store.action(action.id).expect("unchanged"), action);
    assert_eq!(action_rows(&store, id).len(), rows_before);

    store
        .update_action(
            action.id,
            ActionEdit {
                priority: Some(Priority::High),
                priority_reason: Some("Raised at the safeguarding committee".to_owned()),
                note: Some("Escalated".to_owned()),
                ..ActionEdit::default()
            },
            &sam(),
            at(4),
        )
        .expect("with a reason");
    let rows = action_rows(&store, id);
    let new_rows = &rows[rows_before..];
    assert_eq!(
        fields(new_rows),
        vec![
            row("priority", Some("medium"), Some("high")),
            row("rule", Some("supporting-no"), Some("set-by-a-person")),
            row(
                "priority_reason",
                None,
                Some("Raised at the safeguarding committee")
            ),
            row("note", None, Some("Escalated")),
        ]
    );
    assert!(new_rows.iter().all(|e| e.actor == "Sam Lee"
        && e.actor_role == "Safeguarding lead"
        && e.at == at(4)
        && e.entry_id.as_deref() == Some("12")));

    // An edit that changes nothing writes nothing.
    store
        .update_action(
            action.id,
            ActionEdit {
                priority: Some(Priority::High),
                ..ActionEdit::default()
            },
            &sam(),
            at(5),
        )
        .expect("no change");
    assert_eq!(action_rows(&store, id).len(), rows.len());
}

#[test]
fn notes_are_stored_and_read_back_in_order() {
    let dir = TempDir::new().expect("temp dir");
    let (mut store, id) = store_with_assessment(&dir);
    store
        .save_answer(id, "C4", respond(Response::Partial), &alex(), at(2))
        .expect("partial");
    let action = only_action(&store, id);
    let notes = [
        ("Asked HR for the policy", alex(), at(3)),
        ("Draft received", sam(), at(4)),
        ("Board approved it", alex(), at(5)),
    ];
    for (text, actor, when) in &notes {
        store
            .update_action(
                action.id,
                ActionEdit {
                    note: Some((*text).to_owned()),
                    ..ActionEdit::default()
                },
                actor,
                *when,
            )
            .expect("note");
    }
    // A blank note adds nothing.
    store
        .update_action(
            action.id,
            ActionEdit {
                note: Some("  ".to_owned()),
                ..ActionEdit::default()
            },
            &alex(),
            at(6),
        )
        .expect("blank note");
    let expected: Vec<(String, String, DateTime<Utc>)> = notes
        .iter()
        .map(|(text, actor, when)| ((*text).to_owned(), actor.name.clone(), *when))
        .collect();
    let read = |a: &Action| -> Vec<(String, String, DateTime<Utc>)> {
        a.notes
            .iter()
            .map(|n| (n.text.clone(), n.by.clone(), n.at))
            .collect()
    };
    assert_eq!(read(&store.action(action.id).expect("action")), expected);
    assert_eq!(read(&only_action(&store, id)), expected);
    let note_rows: Vec<Option<String>> = action_rows(&store, id)
        .into_iter()
        .filter(|e| e.field == "note")
        .map(|e| e.new_value)
        .collect();
    assert_eq!(
        note_rows,
        notes
            .iter()
            .map(|(t, _, _)| Some((*t).to_owned()))
            .collect::<Vec<_>>()
    );
    // Reopened after closing, the notes are still there.
    store
        .save_answer(id, "C4", respond(Response::Yes), &alex(), at(7))
        .expect("yes");
    assert_eq!(read(&only_action(&store, id)), expected);
}

#[test]
fn an_unknown_action_is_not_found() {
    let dir = TempDir::new().expect("temp dir");
    let (mut store, id) = store_with_assessment(&dir);
    let unknown = Uuid::from_u128(0xDEAD_BEEF);
    let error = store.action(unknown).expect_err("no such action");
    assert!(matches!(
        error,
        prevent_store::StoreError::Rule(RuleError::ActionNotFound { .. })
    ));
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert!(error.to_string().contains(&unknown.to_string()), "{error}");
    let error = store
        .update_action(unknown, ActionEdit::default(), &alex(), at(2))
        .expect_err("no such action");
    assert_eq!(error.kind, ErrorKind::NotFound);
    let error = store
        .complete_action(
            unknown,
            ActionCompletion {
                assessed: "2026-11-21".to_owned(),
                signed_off_by: "Alex Morgan".to_owned(),
            },
            &alex(),
            at(2),
        )
        .expect_err("no such action");
    assert_eq!(error.kind, ErrorKind::NotFound);
    for prefix in ["deadbeef", "12", "not-an-id"] {
        let error = store.resolve_action_id(prefix).expect_err("unknown");
        assert_eq!(error.kind(), ErrorKind::NotFound, "{prefix}");
    }

    store
        .save_answer(id, "1", respond(Response::No), &alex(), at(3))
        .expect("no");
    let action = only_action(&store, id);
    let full = action.id.to_string();
    assert_eq!(
        store.resolve_action_id(&full[..8]).expect("prefix"),
        action.id
    );
    assert_eq!(
        store
            .resolve_action_id(&full.to_uppercase())
            .expect("any case"),
        action.id
    );
}

#[test]
fn all_actions_returns_the_actions_of_every_assessment_that_has_some() {
    let dir = TempDir::new().expect("temp dir");
    let (mut store, first) = store_with_assessment(&dir);
    let second = store
        .create_assessment(
            &new_assessment("Southshire Mental Health Trust"),
            &alex(),
            at(2),
        )
        .expect("second")
        .id;
    let third = store
        .create_assessment(&new_assessment("Eastshire Hospitals"), &alex(), at(3))
        .expect("third, with no actions")
        .id;
    store
        .save_answer(first, "1", respond(Response::No), &alex(), at(4))
        .expect("answer");
    store
        .save_answer(first, "C4", respond(Response::Partial), &alex(), at(5))
        .expect("answer");
    store
        .save_answer(second, "3b", respond(Response::No), &alex(), at(6))
        .expect("answer");
    store
        .save_answer(third, "12", respond(Response::Yes), &alex(), at(7))
        .expect("no action needed");

    let mut summary: Vec<(String, Vec<String>)> = Vec::new();
    for action in common::live_plan(&store) {
        let organisation = store
            .assessment(action.assessment_id)
            .expect("its assessment")
            .organisation;
        match summary.iter_mut().find(|(o, _)| *o == organisation) {
            Some((_, sources)) => sources.push(action.source),
            None => summary.push((organisation, vec![action.source])),
        }
    }
    for (_, sources) in &mut summary {
        sources.sort();
    }
    summary.sort();
    assert_eq!(
        summary,
        vec![
            (
                "Northshire Community NHS Trust".to_owned(),
                vec!["1".to_owned(), "C4".to_owned()]
            ),
            (
                "Southshire Mental Health Trust".to_owned(),
                vec!["3b".to_owned()]
            ),
        ]
    );
    // One assessment's plan is in reading order.
    let sources: Vec<String> = store
        .actions_of(first)
        .expect("first")
        .into_iter()
        .map(|a| a.source)
        .collect();
    assert_eq!(sources, ["1", "C4"]);
}

#[test]
fn a_version_2_file_with_answers_gets_its_plan_derived_once_on_open() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("v2.sqlite3");
    let assessment = "0b7d5a52-8a9c-4c1e-9d0e-1f2a3b4c5d6e";
    {
        let conn = Connection::open(&path).expect("raw");
        conn.execute_batch(include_str!("../../store/src/migrations/0001_initial.sql"))
            .expect("version 1 schema");
        conn.execute_batch(include_str!(
            "../../store/src/migrations/0002_guided_assessment.sql"
        ))
        .expect("version 2 schema");
        conn.execute_batch(&format!(
            "PRAGMA user_version = 2;
             INSERT INTO assessments (id, framework_id, framework_version, organisation, assessor, assessment_date, created_at, updated_at, status)
                 VALUES ('{assessment}', 'prevent-toolkit-2011', '2011', 'Old Trust', 'Alex', '2025-01-10', '2025-01-10T09:00:00.000Z', '2025-01-10T09:05:00.000Z', 'in_progress');
             INSERT INTO answers (assessment_id, entry_id, response, na_reason, action_required, comment, lead, due_date, policy_ref, review_date, updated_at, updated_by) VALUES
                 ('{assessment}', '1', 'no', NULL, 1, 'No policy', 'Head of Safeguarding', '2025-06-30', '', NULL, '2025-01-10T09:01:00.000Z', 'Alex'),
                 ('{assessment}', 'C4', 'partial', NULL, 1, '', '', NULL, 'EDI policy', NULL, '2025-01-10T09:02:00.000Z', 'Alex'),
                 ('{assessment}', '12', 'yes', NULL, 0, '', '', NULL, '', NULL, '2025-01-10T09:03:00.000Z', 'Alex'),
                 ('{assessment}', '5', NULL, NULL, 0, 'Half done', '', NULL, '', NULL, '2025-01-10T09:04:00.000Z', 'Alex');
             INSERT INTO audit_log (at, actor, actor_role, assessment_id, entity, entry_id, field, old_value, new_value)
                 VALUES ('2025-01-10T09:01:00.000Z', 'Alex', 'Prevent lead', '{assessment}', 'answer', '1', 'response', NULL, 'no');"
        ))
        .expect("version 2 data");
        conn.pragma_update(None, "application_id", prevent_store::APPLICATION_ID)
            .expect("ours");
    }

    let store = Ledger::open(&path, at(0)).expect("migrates");
    assert_eq!(
        store.schema_version().expect("version"),
        prevent_store::latest_schema_version()
    );
    let id = store
        .resolve_assessment_id("0b7d5a52")
        .expect("still there");
    let chain = store.verify_audit_chain(id).expect("chain");
    assert_eq!(
        chain.broken, None,
        "the rows from before the chain are chained on upgrade"
    );
    let actions = store.actions_of(id).expect("actions");
    let sources: Vec<&str> = actions.iter().map(|a| a.source.as_str()).collect();
    assert_eq!(sources, ["1", "C4"], "one action per answer that needs one");
    let item_1 = &actions[0];
    assert_eq!(item_1.owners, "Head of Safeguarding");
    assert_eq!(item_1.due, Some(day(2025, 6, 30)));
    assert_eq!(item_1.priority, Priority::High);
    assert!(item_1.action.ends_with("Assessment comment: No policy"));
    assert_eq!(actions[1].priority, Priority::Low, "supporting-partial");
    assert!(actions.iter().all(|a| a.created_at == at(0)));

    let trail = store.audit_trail(id).expect("trail");
    assert_eq!(trail[0].actor, "Alex", "the old trail is kept first");
    let rows: Vec<&AuditEntry> = trail
        .iter()
        .filter(|e| e.entity == AuditEntity::Action)
        .collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|e| e.actor == "Prevent Self-Assessment"
        && e.actor_role == "upgrade that added the action plan"
        && e.at == at(0)));
    let audited_entries: Vec<&str> = rows
        .iter()
        .filter(|e| e.field == "gap")
        .filter_map(|e| e.entry_id.as_deref())
        .collect();
    assert_eq!(audited_entries, ["1", "C4"]);
    let rows_after_upgrade = trail.len();
    drop(store);

    // Opening again derives nothing twice.
    let store = Ledger::open(&path, at(10)).expect("reopen");
    assert_eq!(store.actions_of(id).expect("actions"), actions);
    assert_eq!(
        store.audit_trail(id).expect("trail").len(),
        rows_after_upgrade
    );
}

#[test]
fn tracking_goes_on_after_the_assessment_is_marked_complete() {
    let dir = TempDir::new().expect("temp dir");
    let (mut store, id) = store_with_assessment(&dir);
    answer_everything(&mut store, id);
    let complete = store
        .mark_complete(id, &sam(), at(3), today())
        .expect("complete");
    assert_eq!(complete.status, AssessmentStatus::Complete);
    let action = only_action(&store, id);

    let progressed = store
        .update_action(
            action.id,
            ActionEdit {
                status: Some(ActionStatus::InProgress),
                note: Some("Policy drafted".to_owned()),
                ..ActionEdit::default()
            },
            &sam(),
            at(4),
        )
        .expect("tracking is allowed on a complete assessment");
    assert_eq!(progressed.status, ActionStatus::InProgress);
    assert_eq!(progressed.notes.len(), 1);

    let error = store
        .complete_action(
            action.id,
            ActionCompletion {
                assessed: "2027-02-30".to_owned(),
                signed_off_by: "Alex Morgan".to_owned(),
            },
            &alex(),
            at(5),
        )
        .expect_err("not a real date");
    assert_eq!(error.field.as_deref(), Some("assessed"));
    let done = store
        .complete_action(
            action.id,
            ActionCompletion {
                assessed: "2027-02-28".to_owned(),
                signed_off_by: "Alex Morgan".to_owned(),
            },
            &alex(),
            at(6),
        )
        .expect("completed");
    assert_eq!(done.status, ActionStatus::Completed);
    assert_eq!(done.completed_on, Some(day(2027, 2, 28)));
    assert_eq!(done.signed_off_by.as_deref(), Some("Alex Morgan"));
    assert_eq!(store.action(action.id).expect("stored"), done);
    let rows = action_rows(&store, id);
    assert_eq!(
        fields(&rows[rows.len() - 3..]),
        vec![
            row("status", Some("in_progress"), Some("completed")),
            row("completed_on", None, Some("2027-02-28")),
            row("signed_off_by", None, Some("Alex Morgan")),
        ]
    );
    assert_eq!(
        store.assessment(id).expect("assessment").status,
        AssessmentStatus::Complete,
        "tracking does not reopen the assessment"
    );
    // The answers stay locked.
    let refused = store
        .save_answer(id, "1", respond(Response::Yes), &alex(), at(7))
        .expect_err("locked");
    assert_eq!(refused.kind, ErrorKind::Conflict);
    assert_eq!(only_action(&store, id).gap, GapState::Open);
}

#[test]
fn new_priority_rules_reset_the_priorities_nobody_set_and_keep_a_persons() {
    let dir = TempDir::new().expect("temp dir");
    let (mut store, id) = store_with_assessment(&dir);
    store
        .save_answer(
            id,
            "1",
            no_with_lead("Head of Safeguarding", "2027-03-31"),
            &alex(),
            at(1),
        )
        .expect("item 1");
    store
        .save_answer(
            id,
            "4",
            no_with_lead("Risk lead", "2027-03-31"),
            &alex(),
            at(2),
        )
        .expect("item 4");
    let item_4 = store
        .actions_of(id)
        .expect("actions")
        .into_iter()
        .find(|a| a.source == "4")
        .expect("item 4's action");
    store
        .update_action(
            item_4.id,
            ActionEdit {
                priority: Some(Priority::Low),
                priority_reason: Some("Covered by the annual risk review".to_owned()),
                ..ActionEdit::default()
            },
            &sam(),
            at(3),
        )
        .expect("a person lowers item 4");
    // As if the plans had been derived by an older set of rules.
    let conn = store.connection_for_tests();
    conn.execute(
        "UPDATE actions SET priority = 'medium', rule = 'old-rule', default_rule = 'old-rule' WHERE source = '1'",
        [],
    )
    .expect("older priority");
    conn.execute(
        "UPDATE settings SET value = '0' WHERE key = 'priority_rules.prevent-toolkit-2011'",
        [],
    )
    .expect("older rules version");
    drop(store);

    let store = Ledger::open(&db(&dir), at(10)).expect("reopen with this build's rules");
    let actions = store.actions_of(id).expect("actions");
    let item_1 = actions.iter().find(|a| a.source == "1").expect("item 1");
    assert_eq!(
        (item_1.priority, item_1.rule.as_str()),
        (Priority::High, "core-no")
    );
    let item_4 = actions.iter().find(|a| a.source == "4").expect("item 4");
    assert_eq!(item_4.priority, Priority::Low, "a person's priority stays");
    assert_eq!(item_4.rule, prevent_core::plan::SET_BY_A_PERSON);
    let trail = store.audit_trail(id).expect("trail");
    assert!(trail.iter().any(|e| e.actor == "Prevent Self-Assessment"
        && e.field == "priority"
        && e.new_value.as_deref() == Some("high")));
    drop(store);
    // Opening again changes nothing more.
    let before = store_trail_len(&dir, id);
    assert_eq!(store_trail_len(&dir, id), before);
}

fn store_trail_len(dir: &TempDir, id: Uuid) -> usize {
    Ledger::open(&db(dir), at(20))
        .expect("open")
        .audit_trail(id)
        .expect("trail")
        .len()
}
