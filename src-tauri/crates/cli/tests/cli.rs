//! The built `prevent-sa` binary on temporary databases: what it prints, what it
//! writes, and that every kind of bad input exits with status 2, prints one line
//! on stderr and leaves the database exactly as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

const TOOLKIT: &str = "prevent-toolkit-2011";

fn prevent_sa(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prevent-sa"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PREVENT_SA_DB")
        .output()
        .expect("run prevent-sa")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "expected success, got {:?}; stderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

fn json(output: &Output) -> Value {
    serde_json::from_str(&stdout(output)).expect("valid JSON on stdout")
}

struct Fixture {
    _dir: TempDir,
    db: PathBuf,
    assessment: String,
}

fn fixture() -> Fixture {
    let dir = TempDir::new().expect("temp dir");
    let db = dir.path().join("prevent.sqlite3");
    let created = prevent_sa(
        &db,
        &[
            "new",
            "--framework",
            TOOLKIT,
            "--organisation",
            "Northshire Community NHS Trust",
            "--assessor",
            "Alex Morgan",
            "--date",
            "2026-11-20",
        ],
    );
    let assessment = stdout(&created).trim().to_owned();
    Fixture {
        _dir: dir,
        db,
        assessment,
    }
}

/// Every row of every table, as text: equal dumps mean nothing was written.
fn dump(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open for dump");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("tables");
    let mut out = String::new();
    for table in tables {
        let mut statement = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1"))
            .expect("select");
        let columns = statement.column_count();
        let rows: Vec<String> = statement
            .query_map([], |row| {
                (0..columns)
                    .map(|i| {
                        row.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(|cells| cells.join("|"))
            })
            .and_then(Iterator::collect)
            .expect("rows");
        out.push_str(&format!("{table}: {rows:?}\n"));
    }
    out
}

/// Runs a command that must be refused: status 2, exactly one line on stderr
/// containing `expected`, nothing on stdout, and the database unchanged.
fn assert_refused(fixture: &Fixture, args: &[&str], expected: &str) {
    let before = dump(&fixture.db);
    let output = prevent_sa(&fixture.db, args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: stderr {stderr}");
    assert_eq!(
        stderr.lines().count(),
        1,
        "{args:?}: one line on stderr, got {stderr:?}"
    );
    assert!(stderr.starts_with("prevent-sa: "), "{stderr}");
    assert!(
        stderr.contains(expected),
        "{args:?}: {stderr:?} should mention {expected:?}"
    );
    assert!(output.stdout.is_empty(), "{args:?}: nothing on stdout");
    assert_eq!(dump(&fixture.db), before, "{args:?} wrote to the database");
}

#[test]
fn frameworks_lists_the_toolkit() {
    let dir = TempDir::new().expect("temp dir");
    let db = dir.path().join("never-created.sqlite3");
    let list = json(&prevent_sa(&db, &["frameworks", "--json"]));
    assert_eq!(list[0]["id"], TOOLKIT);
    assert_eq!(list[0]["version"], "2011");
    assert_eq!(list[0]["item_count"], 19);
    assert!(list[0]["title"].as_str().is_some_and(|t| !t.is_empty()));
    let text = stdout(&prevent_sa(&db, &["frameworks"]));
    assert!(
        text.contains("prevent-toolkit-2011") && text.contains("19 items"),
        "{text}"
    );
    assert!(
        !db.exists(),
        "listing frameworks does not create a database"
    );
}

#[test]
fn catalogue_prints_every_item_sub_point_and_checklist_entry() {
    let dir = TempDir::new().expect("temp dir");
    let db = dir.path().join("db.sqlite3");
    let entries = json(&prevent_sa(&db, &["catalogue", TOOLKIT, "--json"]));
    let entries = entries.as_array().expect("array");
    assert_eq!(entries.len(), 47);
    let of_kind = |kind: &str| entries.iter().filter(|e| e["kind"] == kind).count();
    assert_eq!(
        (of_kind("item"), of_kind("sub_point"), of_kind("checklist")),
        (19, 7, 21)
    );
    let item_10 = entries.iter().find(|e| e["id"] == "10").expect("item 10");
    assert_eq!(item_10["section"], 1);
    assert_eq!(item_10["regulations"], serde_json::json!([16, 17]));
    assert!(item_10["text"].as_str().is_some_and(|t| {
        t.starts_with("Protocols, policies and procedures address the management of booking")
    }));
    let item_19 = entries.iter().find(|e| e["id"] == "19").expect("item 19");
    assert_eq!(item_19["section"], 3);
    let c21 = entries.iter().find(|e| e["id"] == "C21").expect("C21");
    assert_eq!(c21["text"], "Record keeping");
    let text = stdout(&prevent_sa(&db, &["catalogue", TOOLKIT]));
    assert!(text.contains("Section 2: Staff and volunteers"), "{text}");
    assert!(text.contains("C21  Record keeping"), "{text}");
}

#[test]
fn new_prints_the_id_alone_and_list_finds_it() {
    let fixture = fixture();
    assert_eq!(
        fixture.assessment.len(),
        36,
        "a UUID alone: {:?}",
        fixture.assessment
    );
    let list = json(&prevent_sa(&fixture.db, &["list", "--json"]));
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["assessment"]["id"], fixture.assessment.as_str());
    assert_eq!(
        list[0]["assessment"]["organisation"],
        "Northshire Community NHS Trust"
    );
    assert_eq!(list[0]["answered"], 0);
    let text = stdout(&prevent_sa(&fixture.db, &["list"]));
    assert!(
        text.contains(&fixture.assessment) && text.contains("0 of 47 answered"),
        "{text}"
    );
}

#[test]
fn answers_show_and_audit_round_trip() {
    let fixture = fixture();
    let id = fixture.assessment.as_str();
    let saved = stdout(&prevent_sa(
        &fixture.db,
        &[
            "answer",
            id,
            "1",
            "--response",
            "no",
            "--comment",
            "No Prevent policy yet",
            "--lead",
            "Head of Safeguarding",
            "--due",
            "2027-03-31",
            "--by",
            "Sam Lee",
        ],
    ));
    assert!(
        saved.starts_with("Saved item 1: No (action required: Y)"),
        "{saved}"
    );
    stdout(&prevent_sa(
        &fixture.db,
        &[
            "answer",
            &id[..8],
            "c4",
            "--response",
            "NA",
            "--reason",
            "Covered by the group policy",
            "--by",
            "Sam Lee",
        ],
    ));
    stdout(&prevent_sa(
        &fixture.db,
        &[
            "answer",
            id,
            "3b",
            "--response",
            "partial",
            "--action-required",
            "n",
            "--by",
            "Sam Lee",
        ],
    ));

    let detail = json(&prevent_sa(&fixture.db, &["show", id, "--json"]));
    assert_eq!(detail["assessment"]["assessor"], "Alex Morgan");
    assert_eq!(detail["assessment"]["assessment_date"], "2026-11-20");
    let answers = detail["answers"].as_array().expect("answers");
    let ids: Vec<&str> = answers
        .iter()
        .filter_map(|a| a["entry_id"].as_str())
        .collect();
    assert_eq!(ids, ["1", "3b", "C4"], "reading order, canonical ids");
    assert_eq!(answers[0]["response"], "no");
    assert_eq!(answers[0]["comment"], "No Prevent policy yet");
    assert_eq!(answers[0]["lead"], "Head of Safeguarding");
    assert_eq!(answers[0]["due_date"], "2027-03-31");
    assert_eq!(answers[0]["action_required"], true);
    assert_eq!(answers[0]["updated_by"], "Sam Lee");
    assert_eq!(
        answers[1]["action_required"], false,
        "explicit --action-required n wins"
    );
    assert_eq!(answers[2]["na_reason"], "Covered by the group policy");
    assert_eq!(detail["progress"]["answered"], 3);

    let text = stdout(&prevent_sa(&fixture.db, &["show", id]));
    assert!(
        text.contains("Organisation:        Northshire Community NHS Trust"),
        "{text}"
    );
    assert!(text.contains("item 1: No  (action required: Y)"), "{text}");
    assert!(text.contains("Comment: No Prevent policy yet"), "{text}");
    assert!(text.contains("item 2: not answered"), "{text}");

    // Changing one field keeps the others and records just that change.
    stdout(&prevent_sa(
        &fixture.db,
        &[
            "answer",
            id,
            "1",
            "--response",
            "no",
            "--due",
            "",
            "--by",
            "Alex Morgan",
        ],
    ));
    let trail = json(&prevent_sa(&fixture.db, &["audit", id, "--json"]));
    let trail = trail.as_array().expect("trail");
    let last = trail.last().expect("rows");
    assert_eq!(
        (
            last["field"].as_str(),
            last["old_value"].as_str(),
            last["new_value"].as_str()
        ),
        (Some("due_date"), Some("2027-03-31"), None)
    );
    assert_eq!(last["actor"], "Alex Morgan");
    assert_eq!(
        trail.iter().filter(|r| r["entity"] == "assessment").count(),
        5
    );
    assert!(
        trail
            .iter()
            .all(|r| r["at"].as_str().is_some_and(|t| t.ends_with('Z'))),
        "times are UTC"
    );
    let audit_text = stdout(&prevent_sa(&fixture.db, &["audit", id]));
    assert!(
        audit_text.contains("entry 1 due_date: 2027-03-31 -> (none)"),
        "{audit_text}"
    );
}

#[test]
fn bad_input_exits_2_with_one_line_and_writes_nothing() {
    let fixture = fixture();
    stdout(&prevent_sa(
        &fixture.db,
        &[
            "answer",
            &fixture.assessment,
            "1",
            "--response",
            "yes",
            "--by",
            "Alex",
        ],
    ));
    let id = fixture.assessment.as_str();
    let unknown = "9f0c2b1e-0000-4000-8000-000000000000";
    let cases: &[(&[&str], &str)] = &[
        (&["show", unknown], "There is no assessment with id"),
        (&["audit", unknown], "There is no assessment with id"),
        (
            &["answer", unknown, "1", "--response", "yes", "--by", "A"],
            "There is no assessment with id",
        ),
        (
            &["answer", id, "20", "--response", "yes", "--by", "A"],
            "There is no entry \"20\"",
        ),
        (
            &["answer", id, "3h", "--response", "yes", "--by", "A"],
            "items 1 to 19, 3a to 3g, C1 to C21",
        ),
        (
            &["answer", id, "2", "--response", "na", "--by", "A"],
            "Give a reason why item 2 does not apply",
        ),
        (
            &[
                "answer",
                id,
                "2",
                "--response",
                "na",
                "--reason",
                "   ",
                "--by",
                "A",
            ],
            "Give a reason",
        ),
        (
            &["answer", id, "2", "--response", "maybe", "--by", "A"],
            "The response must be one of yes, partial, no or na",
        ),
        (
            &[
                "answer",
                id,
                "2",
                "--response",
                "no",
                "--due",
                "31/03/2027",
                "--by",
                "A",
            ],
            "The date for completion must be a real date",
        ),
        (
            &[
                "answer",
                id,
                "2",
                "--response",
                "no",
                "--due",
                "2027-02-29",
                "--by",
                "A",
            ],
            "real date",
        ),
        (
            &[
                "answer",
                id,
                "2",
                "--response",
                "no",
                "--action-required",
                "perhaps",
                "--by",
                "A",
            ],
            "Action required must be y or n",
        ),
        (
            &[
                "answer",
                id,
                "2",
                "--response",
                "yes",
                "--reason",
                "n/a",
                "--by",
                "A",
            ],
            "only recorded for an N/A answer",
        ),
        (
            &["answer", id, "2", "--response", "yes", "--by", " "],
            "Enter your name",
        ),
        (
            &[
                "new",
                "--framework",
                TOOLKIT,
                "--organisation",
                "X",
                "--assessor",
                "Y",
                "--date",
                "2026-13-01",
            ],
            "The date of assessment must be a real date",
        ),
        (
            &[
                "new",
                "--framework",
                TOOLKIT,
                "--organisation",
                "X",
                "--assessor",
                "Y",
                "--date",
                "20/11/2026",
            ],
            "YYYY-MM-DD",
        ),
        (
            &[
                "new",
                "--framework",
                TOOLKIT,
                "--organisation",
                "  ",
                "--assessor",
                "Y",
                "--date",
                "2026-11-20",
            ],
            "Enter the organisation",
        ),
        (
            &[
                "new",
                "--framework",
                "prevent-2099",
                "--organisation",
                "X",
                "--assessor",
                "Y",
                "--date",
                "2026-11-20",
            ],
            "There is no framework \"prevent-2099\"",
        ),
        (&["catalogue", "prevent-2099"], "There is no framework"),
        (&["answer", id, "2"], "required arguments were not provided"),
        (&["launch"], "unrecognized subcommand"),
    ];
    for (args, expected) in cases {
        assert_refused(&fixture, args, expected);
    }
}

#[test]
fn an_unusable_database_path_exits_2_and_creates_nothing() {
    let dir = TempDir::new().expect("temp dir");
    let a_file = dir.path().join("plain-file");
    std::fs::write(&a_file, "not a folder").expect("write");
    let db = a_file.join("prevent.sqlite3");
    for args in [
        vec![
            "new",
            "--framework",
            TOOLKIT,
            "--organisation",
            "X",
            "--assessor",
            "Y",
            "--date",
            "2026-11-20",
        ],
        vec!["list"],
    ] {
        let output = prevent_sa(&db, &args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("Cannot open the database at"), "{stderr}");
        assert!(output.stdout.is_empty());
    }
    assert_eq!(
        std::fs::read_to_string(&a_file).expect("read"),
        "not a folder"
    );
}

#[test]
fn read_commands_do_not_create_a_missing_database() {
    let dir = TempDir::new().expect("temp dir");
    let db = dir.path().join("missing").join("prevent.sqlite3");
    assert_eq!(
        json(&prevent_sa(&db, &["list", "--json"])),
        serde_json::json!([])
    );
    let output = prevent_sa(&db, &["show", "9f0c2b1e"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!db.exists() && !db.parent().is_some_and(Path::exists));
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let fixture = fixture();
    {
        let conn = rusqlite::Connection::open(&fixture.db).expect("open");
        conn.pragma_update(None, "user_version", 999)
            .expect("pretend newer");
    }
    let before = std::fs::read(&fixture.db).expect("read");
    let output = prevent_sa(&fixture.db, &["list"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("newer version") && stderr.contains("has not been changed"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&fixture.db).expect("read"), before);
}

#[test]
fn the_environment_variable_chooses_the_database() {
    let fixture = fixture();
    let output = Command::new(env!("CARGO_BIN_EXE_prevent-sa"))
        .args(["list", "--json"])
        .env("PREVENT_SA_DB", &fixture.db)
        .output()
        .expect("run");
    assert_eq!(
        json(&output)[0]["assessment"]["id"],
        fixture.assessment.as_str()
    );
}

#[test]
fn help_and_version_exit_0() {
    let dir = TempDir::new().expect("temp dir");
    let db = dir.path().join("db.sqlite3");
    let help = stdout(&prevent_sa(&db, &["--help"]));
    for command in [
        "frameworks",
        "catalogue",
        "new",
        "list",
        "answer",
        "show",
        "audit",
    ] {
        assert!(help.contains(command), "{help}");
    }
    assert!(stdout(&prevent_sa(&db, &["--version"])).starts_with("prevent-sa "));
}
