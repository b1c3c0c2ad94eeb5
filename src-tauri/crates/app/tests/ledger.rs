//! The store on a real SQLite file: what is written survives closing and
//! reopening, migrations run from empty, files we must not touch are refused
//! untouched, and every change leaves audit rows the database will not let
//! anyone alter.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::{alex, at, new_assessment, sam, today};
use prevent_app::{AppError, Ledger};
use prevent_core::{
    AnswerInput, AssessmentStatus, AuditEntity, ErrorKind, Frameworks, PREVENT_TOOLKIT_2011,
    Response, RuleError,
};
use prevent_store::{Store, StoreError, latest_schema_version};
use rusqlite::Connection;
use tempfile::TempDir;

fn db_in(dir: &TempDir) -> PathBuf {
    dir.path()
        .join("nested")
        .join("folder")
        .join("prevent.sqlite3")
}

fn answer(response: Response, comment: &str) -> AnswerInput {
    AnswerInput {
        response: Some(response),
        comment: Some(comment.to_owned()),
        ..AnswerInput::default()
    }
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

#[test]
fn what_is_written_survives_closing_and_reopening() {
    let dir = TempDir::new().expect("temp dir");
    let path = db_in(&dir);
    let id = {
        let mut store = Ledger::open(&path, at(0)).expect("open new file");
        let assessment = store
            .create_assessment(
                &new_assessment("Northshire Community NHS Trust"),
                &alex(),
                at(1),
            )
            .expect("create");
        store
            .save_answer(
                assessment.id,
                "1",
                answer(Response::No, "No Prevent policy yet"),
                &alex(),
                at(2),
            )
            .expect("answer item 1");
        store
            .save_answer(
                assessment.id,
                "c3",
                AnswerInput {
                    response: Some(Response::Na),
                    na_reason: Some("No volunteers".to_owned()),
                    ..AnswerInput::default()
                },
                &sam(),
                at(3),
            )
            .expect("answer checklist entry");
        assessment.id
    };

    let store = Ledger::open(&path, at(10)).expect("reopen");
    let detail = store.assessment_detail(id, today()).expect("detail");
    assert_eq!(
        detail.assessment.organisation,
        "Northshire Community NHS Trust"
    );
    assert_eq!(
        detail.assessment.assessment_date,
        NaiveDate::from_ymd_opt(2026, 11, 20).expect("date")
    );
    assert_eq!(detail.assessment.updated_at, at(3));
    assert_eq!(detail.answers.len(), 2);
    let first = &detail.answers[0];
    assert_eq!(first.answer.entry_id, "1");
    assert_eq!(first.answer.response, Some(Response::No));
    assert!(
        first.answer.action_required,
        "a No answer needs action by default"
    );
    assert_eq!(first.answer.comment, "No Prevent policy yet");
    assert_eq!(first.updated_by, "Alex Morgan");
    let second = &detail.answers[1];
    assert_eq!(second.answer.entry_id, "C3", "the canonical id is stored");
    assert_eq!(second.answer.na_reason.as_deref(), Some("No volunteers"));
    assert_eq!(detail.review.answered, 2);
    assert_eq!(
        detail.review.total,
        18 + 7 + 21,
        "item 3 is answered through 3a to 3g"
    );

    let list = store.list_assessments().expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].answered, list[0].total), (2, 46));
    assert_eq!(list[0].assessment.status, AssessmentStatus::InProgress);
}

#[test]
fn a_new_file_is_migrated_from_empty_with_the_pragmas_we_rely_on() {
    let dir = TempDir::new().expect("temp dir");
    let path = db_in(&dir);
    let store = Ledger::open(&path, at(0)).expect("open");
    assert_eq!(
        store.schema_version().expect("version"),
        latest_schema_version()
    );
    let conn = store.connection_for_tests();
    let pragma = |name: &str| -> String {
        conn.query_row(&format!("PRAGMA {name}"), [], |row| {
            row.get::<_, rusqlite::types::Value>(0)
        })
        .map(|v| format!("{v:?}"))
        .expect("pragma")
    };
    assert_eq!(pragma("journal_mode"), "Text(\"wal\")");
    assert_eq!(pragma("synchronous"), "Integer(2)", "FULL");
    assert_eq!(pragma("foreign_keys"), "Integer(1)");
    assert_eq!(pragma("busy_timeout"), "Integer(5000)");
    let recorded: Vec<(u32, String)> = conn
        .prepare("SELECT version, applied_at FROM schema_migrations ORDER BY version")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .expect("migrations table");
    assert_eq!(
        recorded,
        vec![
            (1, "2026-11-21T09:00:00.000Z".to_owned()),
            (2, "2026-11-21T09:00:00.000Z".to_owned()),
            (3, "2026-11-21T09:00:00.000Z".to_owned()),
            (4, "2026-11-21T09:00:00.000Z".to_owned()),
            (5, "2026-11-21T09:00:00.000Z".to_owned()),
            (6, "2026-11-21T09:00:00.000Z".to_owned()),
            (7, "2026-11-21T09:00:00.000Z".to_owned()),
            (8, "2026-11-21T09:00:00.000Z".to_owned()),
            (9, "2026-11-21T09:00:00.000Z".to_owned()),
            (10, "2026-11-21T09:00:00.000Z".to_owned())
        ]
    );
    drop(store);

    // Opening again applies nothing twice.
    let store = Ledger::open(&path, at(5)).expect("reopen");
    let count: u32 = store
        .connection_for_tests()
        .query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, latest_schema_version());
}

#[test]
fn a_file_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = TempDir::new().expect("temp dir");
    let path = db_in(&dir);
    drop(Ledger::open(&path, at(0)).expect("create"));
    {
        let conn = Connection::open(&path).expect("raw open");
        conn.pragma_update(None, "journal_mode", "DELETE")
            .expect("leave WAL so the file stands alone");
        conn.pragma_update(None, "user_version", latest_schema_version() + 1)
            .expect("pretend a newer version wrote it");
    }
    let before = file_bytes(&path);
    let error = Store::open(&path, at(1)).err().expect("refused");
    assert_eq!(error.kind(), ErrorKind::NewerDatabase);
    let message = error.to_string();
    assert!(message.contains("newer version"), "{message}");
    assert!(message.contains("has not been changed"), "{message}");
    assert_eq!(
        file_bytes(&path),
        before,
        "the file is byte-for-byte unchanged"
    );
    assert!(
        !path.with_extension("sqlite3-wal").exists(),
        "no WAL file was started"
    );
}

#[test]
fn a_file_that_is_not_ours_is_refused_and_left_untouched() {
    let dir = TempDir::new().expect("temp dir");
    let stranger = dir.path().join("other-app.sqlite3");
    Connection::open(&stranger)
        .and_then(|c| c.execute_batch("CREATE TABLE notes (body TEXT);"))
        .expect("someone else's database");
    let before = file_bytes(&stranger);
    let error = Store::open(&stranger, at(0)).err().expect("refused");
    assert!(
        matches!(error, StoreError::NotOurDatabase { .. }),
        "{error}"
    );
    assert_eq!(file_bytes(&stranger), before);

    let text_file = dir.path().join("notes.txt");
    std::fs::write(
        &text_file,
        "this is not a database, just some text that is long enough",
    )
    .expect("write");
    let error = Store::open(&text_file, at(0)).err().expect("refused");
    assert!(
        matches!(error, StoreError::NotOurDatabase { .. }),
        "{error}"
    );
}

#[test]
fn an_unusable_path_gives_a_clear_error() {
    let dir = TempDir::new().expect("temp dir");
    let a_file = dir.path().join("plain-file");
    std::fs::write(&a_file, "x").expect("write");
    let error = Store::open(&a_file.join("sub").join("db.sqlite3"), at(0))
        .err()
        .expect("cannot create a folder inside a file");
    assert_eq!(error.kind(), ErrorKind::Database);
    assert!(
        error
            .to_string()
            .starts_with("Cannot open the database at "),
        "{error}"
    );

    let error = Ledger::open(dir.path(), at(0))
        .err()
        .expect("a folder is not a file");
    assert!(error.to_string().contains("it is a folder"), "{error}");
}

#[test]
fn every_change_appends_field_by_field_audit_rows() {
    let dir = TempDir::new().expect("temp dir");
    let mut store = Ledger::open(&db_in(&dir), at(0)).expect("open");
    let id = store
        .create_assessment(
            &new_assessment("Northshire Community NHS Trust"),
            &alex(),
            at(1),
        )
        .expect("create")
        .id;
    let created = store.audit_trail(id).expect("trail");
    let fields: Vec<&str> = created.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "framework_id",
            "framework_version",
            "organisation",
            "assessor",
            "assessment_date"
        ]
    );
    assert!(created.iter().all(|e| e.actor == "Alex Morgan"
        && e.actor_role == "Accountable Prevent lead"
        && e.at == at(1)
        && e.old_value.is_none()));

    store
        .save_answer(
            id,
            "7",
            answer(Response::Partial, "Intranet page only"),
            &alex(),
            at(2),
        )
        .expect("first answer");
    let saved = store
        .save_answer(
            id,
            "7",
            AnswerInput {
                response: Some(Response::Yes),
                ..AnswerInput::default()
            },
            &sam(),
            at(3),
        )
        .expect("change the response");
    assert_eq!(
        saved.record.answer.comment, "Intranet page only",
        "fields left out are kept"
    );
    assert!(
        !saved.record.answer.action_required,
        "a changed response re-derives the default"
    );

    let trail = store.audit_trail(id).expect("trail");
    let answer_rows: Vec<(String, Option<String>, Option<String>, String)> = trail
        .iter()
        .filter(|e| e.entry_id.as_deref() == Some("7") && e.entity == AuditEntity::Answer)
        .map(|e| {
            (
                e.field.clone(),
                e.old_value.clone(),
                e.new_value.clone(),
                e.actor.clone(),
            )
        })
        .collect();
    let row = |f: &str, o: Option<&str>, n: Option<&str>, a: &str| {
        (
            f.to_owned(),
            o.map(str::to_owned),
            n.map(str::to_owned),
            a.to_owned(),
        )
    };
    assert_eq!(
        answer_rows,
        vec![
            row("response", None, Some("partial"), "Alex Morgan"),
            row("action_required", None, Some("Y"), "Alex Morgan"),
            row("comment", None, Some("Intranet page only"), "Alex Morgan"),
            row("response", Some("partial"), Some("yes"), "Sam Lee"),
            row("action_required", Some("Y"), Some("N"), "Sam Lee"),
        ]
    );
    assert!(trail.windows(2).all(|w| w[0].seq < w[1].seq));

    // Saving the same answer again changes nothing and records nothing.
    let again = store
        .save_answer(
            id,
            "7",
            AnswerInput {
                response: Some(Response::Yes),
                ..AnswerInput::default()
            },
            &sam(),
            at(4),
        )
        .expect("same again");
    assert!(again.changes.is_empty());
    assert_eq!(store.audit_trail(id).expect("trail").len(), trail.len());
}

#[test]
fn the_audit_trail_cannot_be_updated_or_deleted() {
    let dir = TempDir::new().expect("temp dir");
    let mut store = Ledger::open(&db_in(&dir), at(0)).expect("open");
    let id = store
        .create_assessment(
            &new_assessment("Northshire Community NHS Trust"),
            &alex(),
            at(1),
        )
        .expect("create")
        .id;
    let conn = store.connection_for_tests();
    let update = conn.execute("UPDATE audit_log SET actor = 'Someone else'", []);
    assert!(
        update
            .as_ref()
            .err()
            .is_some_and(|e| e.to_string().contains("append-only")),
        "{update:?}"
    );
    let delete = conn.execute("DELETE FROM audit_log", []);
    assert!(
        delete
            .as_ref()
            .err()
            .is_some_and(|e| e.to_string().contains("append-only")),
        "{delete:?}"
    );
    assert_eq!(
        store.audit_trail(id).expect("trail").len(),
        5,
        "rows are all still there"
    );
    assert!(
        store
            .audit_trail(id)
            .expect("trail")
            .iter()
            .all(|e| e.actor == "Alex Morgan")
    );
}

#[test]
fn a_broken_answer_writes_nothing() {
    let dir = TempDir::new().expect("temp dir");
    let mut store = Ledger::open(&db_in(&dir), at(0)).expect("open");
    let id = store
        .create_assessment(
            &new_assessment("Northshire Community NHS Trust"),
            &alex(),
            at(1),
        )
        .expect("create")
        .id;
    let trail_before = store.audit_trail(id).expect("trail").len();
    let cases: Vec<(&str, AnswerInput, &str)> = vec![
        ("20", answer(Response::Yes, ""), "There is no entry \"20\""),
        (
            "2",
            AnswerInput {
                response: Some(Response::No),
                due_date: Some("31/12/2026".to_owned()),
                ..AnswerInput::default()
            },
            "real date",
        ),
        (
            "2",
            AnswerInput {
                response: Some(Response::No),
                na_reason: Some("because".to_owned()),
                ..AnswerInput::default()
            },
            "only recorded with a \"not applicable\" answer",
        ),
        (
            "3",
            answer(Response::Yes, ""),
            "Item 3 is answered through 3a to 3g",
        ),
        (
            "4",
            AnswerInput {
                policy_ref: Some("POL-1".to_owned()),
                ..AnswerInput::default()
            },
            "Item 4 does not ask for a policy name or reference",
        ),
        (
            "C4",
            AnswerInput {
                comment: Some("x".repeat(5001)),
                ..AnswerInput::default()
            },
            "5000 characters or fewer",
        ),
    ];
    for (entry, input, expected) in cases {
        let error = store
            .save_answer(id, entry, input, &alex(), at(2))
            .expect_err("refused");
        assert!(
            error.to_string().contains(expected),
            "{error} should contain {expected}"
        );
    }
    // An empty save of an untouched entry leaves no row either.
    let nothing = store
        .save_answer(id, "2", AnswerInput::default(), &alex(), at(2))
        .expect("nothing to save");
    assert!(nothing.changes.is_empty());
    assert!(store.answers(id).expect("answers").is_empty());
    assert_eq!(store.audit_trail(id).expect("trail").len(), trail_before);
}

#[test]
fn assessments_are_found_by_a_unique_id_prefix() {
    let dir = TempDir::new().expect("temp dir");
    let mut store = Ledger::open(&db_in(&dir), at(0)).expect("open");
    let id = store
        .create_assessment(
            &new_assessment("Northshire Community NHS Trust"),
            &alex(),
            at(1),
        )
        .expect("create")
        .id;
    let full = id.to_string();
    assert_eq!(store.resolve_assessment_id(&full).expect("full id"), id);
    assert_eq!(
        store
            .resolve_assessment_id(&full.to_uppercase())
            .expect("any case"),
        id
    );
    assert_eq!(store.resolve_assessment_id(&full[..8]).expect("prefix"), id);
    assert!(
        store.resolve_assessment_id(&full[..4]).is_err(),
        "too short to be safe"
    );
    assert!(matches!(
        store.resolve_assessment_id("00000000-0000-0000-0000-000000000000"),
        Err(StoreError::AssessmentNotFound { .. })
    ));
}

#[test]
fn half_done_answers_are_saved_and_only_completion_refuses_them() {
    let dir = TempDir::new().expect("temp dir");
    let mut store = Ledger::open(&db_in(&dir), at(0)).expect("open");
    let id = store
        .create_assessment(
            &new_assessment("Northshire Community NHS Trust"),
            &alex(),
            at(1),
        )
        .expect("create")
        .id;
    // N/A with no reason yet, and a comment with no response yet: both saved.
    store
        .save_answer(
            id,
            "2",
            AnswerInput {
                response: Some(Response::Na),
                ..AnswerInput::default()
            },
            &alex(),
            at(2),
        )
        .expect("N/A without a reason is saved");
    store
        .save_answer(
            id,
            "5",
            AnswerInput {
                comment: Some("Started".to_owned()),
                ..AnswerInput::default()
            },
            &alex(),
            at(2),
        )
        .expect("a comment alone is saved");
    let detail = store.assessment_detail(id, today()).expect("detail");
    assert_eq!(detail.answers.len(), 2);
    assert_eq!(detail.review.answered, 1);
    let error = store
        .mark_complete(id, &alex(), at(3), today())
        .expect_err("gaps");
    assert_eq!(error.kind, ErrorKind::Conflict);
    let problems = detail.review.blocking.clone();
    assert_eq!(
        error,
        AppError::from(RuleError::IncompleteAssessment {
            problems: problems.clone()
        })
    );
    assert!(
        problems
            .iter()
            .any(|p| p.message == "Enter why item 2 does not apply")
    );
    assert!(
        problems
            .iter()
            .any(|p| p.message == "Select a response for item 5")
    );
    assert_eq!(
        store.assessment(id).expect("assessment").status,
        AssessmentStatus::InProgress
    );
}

/// Answers every entry a person answers: Yes, except item 1 (No, with a lead and a date).
fn answer_everything(store: &mut Ledger, id: uuid::Uuid) {
    let framework = Frameworks::embedded()
        .expect("frameworks")
        .get(PREVENT_TOOLKIT_2011)
        .expect("toolkit");
    for entry in framework.answerable_ids() {
        let input = if entry == "1" {
            AnswerInput {
                response: Some(Response::No),
                lead: Some("Head of Safeguarding".to_owned()),
                due_date: Some("2027-03-31".to_owned()),
                ..AnswerInput::default()
            }
        } else {
            answer(Response::Yes, "")
        };
        store
            .save_answer(id, entry, input, &alex(), at(2))
            .expect("answer");
    }
}

#[test]
fn a_complete_assessment_refuses_changes_until_reopened_and_both_are_audited() {
    let dir = TempDir::new().expect("temp dir");
    let mut store = Ledger::open(&db_in(&dir), at(0)).expect("open");
    let id = store
        .create_assessment(
            &new_assessment("Northshire Community NHS Trust"),
            &alex(),
            at(1),
        )
        .expect("create")
        .id;
    answer_everything(&mut store, id);
    let complete = store
        .mark_complete(id, &sam(), at(3), today())
        .expect("complete");
    assert_eq!(complete.status, AssessmentStatus::Complete);

    let refused = store
        .save_answer(id, "4", answer(Response::No, ""), &alex(), at(4))
        .expect_err("locked");
    assert_eq!(refused.kind, ErrorKind::Conflict);
    assert!(refused.to_string().contains("Reopen it first"), "{refused}");
    assert!(
        store
            .add_evidence(
                id,
                prevent_core::EvidenceInput {
                    entry_id: "4".into(),
                    title: "Risk register".into(),
                    location: String::new(),
                    file: None,
                },
                &alex(),
                at(4),
            )
            .is_err()
    );

    store.reopen(id, &sam(), at(5)).expect("reopen");
    store
        .save_answer(id, "4", answer(Response::No, "Found a gap"), &alex(), at(6))
        .expect("editable again");
    let status_rows: Vec<(Option<String>, Option<String>, String)> = store
        .audit_trail(id)
        .expect("trail")
        .into_iter()
        .filter(|e| e.entity == AuditEntity::Assessment && e.field == "status")
        .map(|e| (e.old_value, e.new_value, e.actor))
        .collect();
    assert_eq!(
        status_rows,
        vec![
            (
                Some("in_progress".into()),
                Some("complete".into()),
                "Sam Lee".into()
            ),
            (
                Some("complete".into()),
                Some("in_progress".into()),
                "Sam Lee".into()
            ),
        ]
    );
}

#[test]
fn evidence_keeps_the_file_with_its_digest_and_is_audited() {
    let dir = TempDir::new().expect("temp dir");
    let mut store = Ledger::open(&db_in(&dir), at(0)).expect("open");
    let id = store
        .create_assessment(
            &new_assessment("Northshire Community NHS Trust"),
            &alex(),
            at(1),
        )
        .expect("create")
        .id;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let evidence = store
        .add_evidence(
            id,
            prevent_core::EvidenceInput {
                entry_id: "c4".into(),
                title: "Equality and diversity policy".into(),
                location: "Intranet > Policies".into(),
                file: Some(prevent_core::evidence::AttachedFile {
                    name: "equality.pdf".into(),
                    bytes: bytes.clone(),
                }),
            },
            &alex(),
            at(2),
        )
        .expect("add");
    assert_eq!(evidence.entry_id, "C4");
    let listed = store.evidence_list(id).expect("list");
    assert_eq!(listed, vec![evidence.clone()]);
    let (info, back) = store
        .evidence_file(evidence.id)
        .expect("file")
        .expect("has a file");
    assert_eq!(back, bytes);
    assert_eq!(info.size, 70_000);
    assert_eq!(info.sha256, prevent_core::evidence::sha256_hex(&bytes));
    let prefix = &evidence.id.to_string()[..8];
    assert_eq!(
        store.resolve_evidence_id(prefix).expect("prefix"),
        evidence.id
    );

    store
        .remove_evidence(evidence.id, &sam(), at(3))
        .expect("remove");
    assert!(store.evidence_list(id).expect("list").is_empty());
    let rows: Vec<(Option<String>, Option<String>)> = store
        .audit_trail(id)
        .expect("trail")
        .into_iter()
        .filter(|e| e.entity == AuditEntity::Evidence)
        .map(|e| (e.old_value, e.new_value))
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(
        rows[0]
            .1
            .as_deref()
            .is_some_and(|v| v.contains(&info.sha256))
    );
    assert!(rows[1].1.is_none() && rows[1].0.is_some());
}

#[test]
fn a_version_1_file_is_migrated_with_its_answers_and_trail_intact() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("v1.sqlite3");
    {
        let conn = Connection::open(&path).expect("raw");
        conn.execute_batch(include_str!("../../store/src/migrations/0001_initial.sql"))
            .expect("version 1 schema");
        conn.execute_batch(
            "PRAGMA user_version = 1;
             INSERT INTO assessments VALUES ('0b7d5a52-8a9c-4c1e-9d0e-1f2a3b4c5d6e', 'prevent-toolkit-2011', '2011', 'Old Trust', 'Alex', '2025-01-10', '2025-01-10T09:00:00.000Z', '2025-01-10T09:00:00.000Z');
             INSERT INTO answers VALUES ('0b7d5a52-8a9c-4c1e-9d0e-1f2a3b4c5d6e', 'C3', 'na', 'No volunteers', 0, '', '', NULL, '2025-01-10T09:01:00.000Z', 'Alex');
             INSERT INTO audit_log (at, actor, assessment_id, entity, entry_id, field, old_value, new_value)
                 VALUES ('2025-01-10T09:01:00.000Z', 'Alex', '0b7d5a52-8a9c-4c1e-9d0e-1f2a3b4c5d6e', 'answer', 'C3', 'response', NULL, 'na');",
        )
        .expect("version 1 data");
        conn.pragma_update(None, "application_id", prevent_store::APPLICATION_ID)
            .expect("ours");
    }
    let store = Ledger::open(&path, at(0)).expect("migrates");
    let id = store
        .resolve_assessment_id("0b7d5a52")
        .expect("still there");
    let detail = store.assessment_detail(id, today()).expect("detail");
    assert_eq!(detail.assessment.status, AssessmentStatus::InProgress);
    assert_eq!(detail.answers[0].answer.response, Some(Response::Na));
    assert_eq!(
        detail.answers[0].answer.na_reason.as_deref(),
        Some("No volunteers")
    );
    let trail = store.audit_trail(id).expect("trail");
    assert_eq!(trail.len(), 1);
    assert_eq!(
        (trail[0].actor.as_str(), trail[0].actor_role.as_str()),
        ("Alex", "")
    );
    // The rebuilt trail is still append-only.
    assert!(
        store
            .connection_for_tests()
            .execute("DELETE FROM audit_log", [])
            .is_err()
    );
}

#[test]
fn an_audit_row_of_an_unknown_kind_is_an_error_not_another_kind() {
    let dir = TempDir::new().expect("temp dir");
    let mut store = Ledger::open(&db_in(&dir), at(0)).expect("open");
    let id = store
        .create_assessment(
            &new_assessment("Northshire Community NHS Trust"),
            &alex(),
            at(1),
        )
        .expect("create")
        .id;
    let conn = store.connection_for_tests();
    conn.pragma_update(None, "ignore_check_constraints", true)
        .expect("pragma");
    conn.execute(
        "INSERT INTO audit_log (at, actor, assessment_id, entity, field) VALUES ('2026-11-21T09:05:00.000Z', 'X', ?1, 'signature', 'f')",
        [id.to_string()],
    )
    .expect("a row from some future version");
    let error = store.audit_trail(id).expect_err("unknown kind");
    assert_eq!(error.kind(), ErrorKind::Database);
    assert!(error.to_string().contains("\"signature\""), "{error}");
}

#[test]
fn rapid_autosaves_of_one_field_keep_the_last_value_and_one_row_per_change() {
    let dir = TempDir::new().expect("temp dir");
    let mut store = Ledger::open(&db_in(&dir), at(0)).expect("open");
    let id = store
        .create_assessment(
            &new_assessment("Northshire Community NHS Trust"),
            &alex(),
            at(1),
        )
        .expect("create")
        .id;
    let before = store.audit_trail(id).expect("trail").len();
    let text = "The Prevent lead reports to the board every quarter";
    // As typed, a prefix at a time, with repeats (a debounced save that fires twice).
    let mut saves = 0;
    for end in (1..=text.len()).step_by(3).chain([text.len(), text.len()]) {
        store
            .save_answer(
                id,
                "5",
                AnswerInput {
                    comment: Some(text[..end].to_owned()),
                    ..AnswerInput::default()
                },
                &alex(),
                at(2),
            )
            .expect("autosave");
        saves += 1;
    }
    let answer = &store.answers(id).expect("answers")[0].answer;
    assert_eq!(answer.comment, text);
    let rows = store.audit_trail(id).expect("trail").len() - before;
    // The first save also records action required (N); the repeated final save records nothing.
    assert_eq!(rows, 1 + (saves - 1));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// One field edit as the window sends it.
    #[derive(Debug, Clone)]
    enum Edit {
        Response(Response),
        Comment(String),
        Lead(String),
        Due(Option<u32>),
        Action(bool),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            prop::sample::select(Response::ALL.to_vec()).prop_map(Edit::Response),
            "[a-z <>&]{0,12}".prop_map(Edit::Comment),
            "[A-Za-z ]{0,8}".prop_map(Edit::Lead),
            prop::option::of(1u32..28).prop_map(Edit::Due),
            any::<bool>().prop_map(Edit::Action),
        ]
    }

    fn input(edit: &Edit) -> AnswerInput {
        let mut input = AnswerInput::default();
        match edit {
            Edit::Response(r) => input.response = Some(*r),
            Edit::Comment(c) => input.comment = Some(c.clone()),
            Edit::Lead(l) => input.lead = Some(l.clone()),
            Edit::Due(d) => {
                input.due_date = Some(d.map(|d| format!("2027-02-{d:02}")).unwrap_or_default())
            }
            Edit::Action(a) => input.action_required = Some(*a),
        }
        input
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Any sequence of single-field autosaves on a real file leaves the
        /// answer the last edits describe, and the audit trail replays to it.
        #[test]
        fn autosaves_land_and_the_trail_replays_to_the_answer(edits in prop::collection::vec(edit(), 1..16)) {
            let dir = TempDir::new().expect("temp dir");
            let mut store = Ledger::open(&db_in(&dir), at(0)).expect("open");
            let id = store.create_assessment(&new_assessment("Northshire Community NHS Trust"), &alex(), at(1)).expect("create").id;
            for edit in &edits {
                store.save_answer(id, "6", input(edit), &alex(), at(2)).expect("saved");
            }
            let answers = store.answers(id).expect("answers");
            let last_comment = edits.iter().rev().find_map(|e| match e { Edit::Comment(c) => Some(c.trim().to_owned()), _ => None }).unwrap_or_default();
            let last_response = edits.iter().rev().find_map(|e| match e { Edit::Response(r) => Some(*r), _ => None });
            match answers.first() {
                None => prop_assert!(last_response.is_none() && last_comment.is_empty()),
                Some(record) => {
                    prop_assert_eq!(&record.answer.comment, &last_comment);
                    prop_assert_eq!(record.answer.response, last_response);
                    // Replaying the trail's newest value per field gives the stored answer.
                    let trail = store.audit_trail(id).expect("trail");
                    let mut latest = std::collections::HashMap::new();
                    for row in trail.iter().filter(|r| r.entry_id.as_deref() == Some("6")) {
                        latest.insert(row.field.clone(), row.new_value.clone());
                    }
                    let value = |f: &str| latest.get(f).cloned().flatten();
                    prop_assert_eq!(value("comment").unwrap_or_default(), record.answer.comment.clone());
                    prop_assert_eq!(value("response"), record.answer.response.map(|r| r.as_str().to_owned()));
                    prop_assert_eq!(value("lead").unwrap_or_default(), record.answer.lead.clone());
                    prop_assert_eq!(value("due_date"), record.answer.due_date.map(|d| d.to_string()));
                    prop_assert_eq!(value("action_required").as_deref() == Some("Y"), record.answer.action_required);
                }
            }
        }
    }
}
