//! The store on a real SQLite file: what is written survives closing and
//! reopening, migrations run from empty, files we must not touch are refused
//! untouched, and every change leaves audit rows the database will not let
//! anyone alter.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use prevent_core::{
    AnswerInput, ErrorKind, Frameworks, NewAssessment, NewAssessmentInput, PREVENT_TOOLKIT_2011,
    Response,
};
use prevent_store::{Store, StoreError, latest_schema_version};
use rusqlite::Connection;
use tempfile::TempDir;

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 9, minute, 0)
        .single()
        .expect("valid time")
}

fn new_assessment() -> NewAssessment {
    let frameworks = Frameworks::embedded().expect("embedded frameworks load");
    NewAssessment::validate(
        frameworks,
        &NewAssessmentInput {
            framework_id: PREVENT_TOOLKIT_2011.to_owned(),
            organisation: "Northshire Community NHS Trust".to_owned(),
            assessor: "Alex Morgan".to_owned(),
            assessment_date: "2026-11-20".to_owned(),
        },
    )
    .expect("valid assessment")
}

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
        let mut store = Store::open(&path, at(0)).expect("open new file");
        let assessment = store
            .create_assessment(&new_assessment(), "Alex Morgan", at(1))
            .expect("create");
        store
            .save_answer(
                assessment.id,
                "1",
                answer(Response::No, "No Prevent policy yet"),
                "Alex Morgan",
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
                "Sam Lee",
                at(3),
            )
            .expect("answer checklist entry");
        assessment.id
    };

    let store = Store::open(&path, at(10)).expect("reopen");
    let detail = store.assessment_detail(id).expect("detail");
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
    assert_eq!(first.answer.response, Response::No);
    assert!(
        first.answer.action_required,
        "a No answer needs action by default"
    );
    assert_eq!(first.answer.comment, "No Prevent policy yet");
    assert_eq!(first.updated_by, "Alex Morgan");
    let second = &detail.answers[1];
    assert_eq!(second.answer.entry_id, "C3", "the canonical id is stored");
    assert_eq!(second.answer.na_reason.as_deref(), Some("No volunteers"));
    assert_eq!(detail.progress.answered, 2);
    assert_eq!(detail.progress.total, 19 + 7 + 21);

    let list = store.list_assessments().expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].answered, list[0].total), (2, 47));
}

#[test]
fn a_new_file_is_migrated_from_empty_with_the_pragmas_we_rely_on() {
    let dir = TempDir::new().expect("temp dir");
    let path = db_in(&dir);
    let store = Store::open(&path, at(0)).expect("open");
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
    assert_eq!(recorded, vec![(1, "2026-11-21T09:00:00.000Z".to_owned())]);
    drop(store);

    // Opening again applies nothing twice.
    let store = Store::open(&path, at(5)).expect("reopen");
    let count: u32 = store
        .connection_for_tests()
        .query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, 1);
}

#[test]
fn a_file_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = TempDir::new().expect("temp dir");
    let path = db_in(&dir);
    drop(Store::open(&path, at(0)).expect("create"));
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

    let error = Store::open(dir.path(), at(0))
        .err()
        .expect("a folder is not a file");
    assert!(error.to_string().contains("it is a folder"), "{error}");
}

#[test]
fn every_change_appends_field_by_field_audit_rows() {
    let dir = TempDir::new().expect("temp dir");
    let mut store = Store::open(&db_in(&dir), at(0)).expect("open");
    let id = store
        .create_assessment(&new_assessment(), "Alex Morgan", at(1))
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
    assert!(
        created
            .iter()
            .all(|e| e.actor == "Alex Morgan" && e.at == at(1) && e.old_value.is_none())
    );

    store
        .save_answer(
            id,
            "7",
            answer(Response::Partial, "Intranet page only"),
            "Alex Morgan",
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
            "Sam Lee",
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
        .filter(|e| e.entry_id.as_deref() == Some("7"))
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
            "Sam Lee",
            at(4),
        )
        .expect("same again");
    assert!(again.changes.is_empty());
    assert_eq!(store.audit_trail(id).expect("trail").len(), trail.len());
}

#[test]
fn the_audit_trail_cannot_be_updated_or_deleted() {
    let dir = TempDir::new().expect("temp dir");
    let mut store = Store::open(&db_in(&dir), at(0)).expect("open");
    let id = store
        .create_assessment(&new_assessment(), "Alex Morgan", at(1))
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
    let mut store = Store::open(&db_in(&dir), at(0)).expect("open");
    let id = store
        .create_assessment(&new_assessment(), "Alex Morgan", at(1))
        .expect("create")
        .id;
    let trail_before = store.audit_trail(id).expect("trail").len();
    let cases: Vec<(&str, AnswerInput, &str)> = vec![
        (
            "2",
            AnswerInput {
                response: Some(Response::Na),
                ..AnswerInput::default()
            },
            "Give a reason why item 2 does not apply",
        ),
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
            "only recorded for an N/A answer",
        ),
        ("2", AnswerInput::default(), "Enter a response"),
    ];
    for (entry, input, expected) in cases {
        let error = store
            .save_answer(id, entry, input, "Alex Morgan", at(2))
            .expect_err("refused");
        assert!(
            error.to_string().contains(expected),
            "{error} should contain {expected}"
        );
    }
    let error = store
        .save_answer(id, "2", answer(Response::Yes, ""), "  ", at(2))
        .expect_err("no actor");
    assert_eq!(error.to_string(), "Enter your name");
    assert!(store.answers(id).expect("answers").is_empty());
    assert_eq!(store.audit_trail(id).expect("trail").len(), trail_before);
}

#[test]
fn assessments_are_found_by_a_unique_id_prefix() {
    let dir = TempDir::new().expect("temp dir");
    let mut store = Store::open(&db_in(&dir), at(0)).expect("open");
    let id = store
        .create_assessment(&new_assessment(), "Alex Morgan", at(1))
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
