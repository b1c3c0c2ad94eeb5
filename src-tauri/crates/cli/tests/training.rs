//! `prevent-sa training`: the training needs analysis, figures per
//! reporting date and compliance against the 85% minimum, and every kind of
//! bad input refused with one line, exit 2 and nothing written.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{command, dump, record_args, stdout};
use serde_json::Value;
use tempfile::TempDir;

const TRUST: &str = "Northshire Community NHS Trust";
/// Every run takes today as this date.
const TODAY: &str = "2026-11-21";

struct Training {
    _dir: TempDir,
    db: PathBuf,
}

impl Training {
    fn new() -> Training {
        let dir = TempDir::new().expect("temp dir");
        let db = dir.path().join("prevent.sqlite3");
        Training { _dir: dir, db }
    }

    /// Estates at levels 1-2 and nurses at level 3.
    fn with_analysis() -> Training {
        let training = Training::new();
        training.ok(&["group", "set", "--group", "Estates", "--level", "1-2"]);
        training.ok(&[
            "group",
            "set",
            "--group",
            "Registered nurses - adult wards",
            "--level",
            "3",
        ]);
        training
    }

    /// `prevent-sa --today TODAY training SUBCOMMAND --organisation TRUST ARGS`.
    fn run(&self, args: &[&str]) -> Output {
        run_on(&self.db, args)
    }

    fn ok(&self, args: &[&str]) -> String {
        stdout(&self.run(args))
    }

    fn record(&self, as_of: &str, group: &str, headcount: &str, in_date: &str) -> Output {
        self.run(&record_args(as_of, group, headcount, in_date))
    }

    fn show_json(&self, extra: &[&str]) -> Value {
        let mut args = vec!["show", "--json"];
        args.extend(extra);
        serde_json::from_str(&self.ok(&args)).expect("JSON")
    }

    /// The run fails with exit 2, one line on stderr that contains
    /// `expected`, and the file exactly as it was.
    fn refused(&self, args: &[&str], expected: &str) {
        let before = self.db.exists().then(|| dump(&self.db));
        let output = self.run(args);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: one line: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert_eq!(self.db.exists().then(|| dump(&self.db)), before, "{args:?}");
    }
}

fn run_on(db: &Path, args: &[&str]) -> Output {
    let (subcommand, rest) = args.split_at(if args[0] == "group" { 2 } else { 1 });
    command(db)
        .args(["--today", TODAY, "training"])
        .args(subcommand)
        .args(["--organisation", TRUST])
        .args(rest)
        .output()
        .expect("run prevent-sa")
}

#[test]
fn figures_are_recorded_and_shown_against_the_85_percent_minimum() {
    let training = Training::with_analysis();
    let list = training.ok(&["group", "list"]);
    assert!(list.contains("1. Estates: level 1-2"), "{list}");
    assert!(
        list.contains("2. Registered nurses - adult wards: level 3"),
        "{list}"
    );
    let needs: Value =
        serde_json::from_str(&training.ok(&["group", "list", "--json"])).expect("JSON");
    assert_eq!(needs["validity_years"], 3);
    assert_eq!(needs["groups"][1]["level"], "3");

    // Matched in any case; exactly 85% meets the target.
    let recorded = stdout(&training.record("2026-09-30", "estates", "20", "17"));
    assert!(
        recorded.contains("17 / 20 in date, 85.0%, meets target: yes"),
        "{recorded}"
    );
    let september = training.show_json(&[]);
    assert_eq!(september["overall"]["compliance_percent"], 85.0);
    assert_eq!(september["overall"]["meets_target"], true);

    stdout(&training.record("2026-10-31", "Estates", "40", "38"));
    stdout(&training.record(
        "2026-10-31",
        "Registered nurses - adult wards",
        "140",
        "100",
    ));
    training.ok(&["validity", "--years", "1"]);

    let text = training.ok(&["show"]);
    for expected in [
        "Reporting date: 2026-10-31",
        "Level 1 and 2 (basic Prevent awareness): 38 / 40 in date, 95.0%, meets target: yes, shortfall: 0",
        "Level 3 (Awareness of Prevent): 100 / 140 in date, 71.4%, meets target: no, shortfall: 19 more staff",
        "Overall: 138 / 180 in date, 76.6%, meets target: no",
        "training stays in date for 1 year",
        "2026-09-30  overall 85.0%",
        "Percentages are shown to one decimal place, rounded down",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    let nurses = text.find("  Registered nurses").expect("nurses listed");
    let estates = text.find("  Estates (level 1-2)").expect("estates listed");
    assert!(nurses < estates, "below target first:\n{text}");

    let view = training.show_json(&[]);
    assert_eq!(view["as_of"], "2026-10-31");
    assert_eq!(view["levels"][0]["level"], "1-2");
    assert_eq!(view["levels"][0]["compliance_percent"], 95.0);
    assert_eq!(view["levels"][0]["meets_target"], true);
    assert_eq!(view["levels"][1]["compliance_percent"], 71.4);
    assert_eq!(view["levels"][1]["meets_target"], false);
    assert_eq!(view["overall"]["compliance_percent"], 76.6);
    assert_eq!(
        view["groups"][0]["group"],
        "Registered nurses - adult wards"
    );
    assert_eq!(view["groups"][0]["headcount"], 140);
    assert_eq!(view["groups"][0]["in_date"], 100);
    assert_eq!(view["groups"][0]["recorded_by"], common::LOGIN);
    assert_eq!(view["groups"][0]["source"]["kind"], "entered");
    let trend: Vec<&str> = view["trend"]
        .as_array()
        .expect("trend")
        .iter()
        .map(|t| t["as_of"].as_str().expect("date"))
        .collect();
    assert_eq!(trend, ["2026-09-30", "2026-10-31"]);

    // An earlier reporting date on request.
    assert_eq!(
        training.show_json(&["--as-of", "2026-09-30"])["groups_without_figures"][0],
        "Registered nurses - adult wards"
    );

    // Removing a group keeps what was recorded for it.
    let removed = training.ok(&["group", "remove", "--group", "ESTATES"]);
    assert!(removed.contains("Removed Estates"), "{removed}");
    assert_eq!(
        training.show_json(&[])["groups"].as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn bad_input_gets_one_line_exit_2_and_nothing_written() {
    let training = Training::with_analysis();
    stdout(&training.record("2026-10-31", "Estates", "40", "38"));
    let record = |headcount, in_date| record_args("2026-10-31", "Estates", headcount, in_date);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            record("40", "41"),
            "Estates: 41 in date is more than the headcount of 40",
        ),
        (
            record("-40", "1"),
            "The headcount must be a whole number of staff, 0 or more (got \"-40\")",
        ),
        (
            record("40", "-1"),
            "The number in date must be a whole number",
        ),
        (
            record("40", "3.5"),
            "The number in date must be a whole number",
        ),
        (
            vec!["group", "set", "--group", "Estates", "--level", "4"],
            "\"4\" is not a training level: enter 1-2",
        ),
        (
            record_args("2026-11-22", "Estates", "1", "1"),
            "The reporting date 2026-11-22 is after today (2026-11-21)",
        ),
        (
            record_args("2026-10-31", "Porters", "1", "1"),
            "no staff group \"Porters\"",
        ),
        (
            vec!["group", "remove", "--group", "Porters"],
            "no staff group",
        ),
        (vec!["validity", "--years", "0"], "between 1 and 10 years"),
        (vec!["validity", "--years", "-1"], "--years"),
        (
            vec!["show", "--as-of", "2026-09-30"],
            "no training figures for 2026-09-30",
        ),
        (vec!["show", "--as-of", "30/09/2026"], "YYYY-MM-DD"),
    ];
    for (args, expected) in cases {
        training.refused(&args, expected);
    }

    // An unknown organisation, in a database that has others.
    let output = command(&training.db)
        .args(["training", "show", "--organisation", "Southshire Trust"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no training needs analysis or figures for \"Southshire Trust\""));
}

#[test]
fn refused_input_on_a_new_machine_creates_no_database() {
    let training = Training::new();
    training.refused(
        &["group", "set", "--group", "Estates", "--level", "level 4"],
        "not a training level",
    );
    training.refused(&["show"], "no training needs analysis or figures");
    training.refused(&["group", "list"], "no training needs analysis or figures");
    training.refused(
        &record_args("2026-10-31", "Estates", "1", "1"),
        "no training needs analysis or figures",
    );
    assert!(!training.db.exists());
    // With nobody to record the change under, not even a valid one creates it.
    let output = command(&training.db)
        .env_remove("USER")
        .args([
            "training",
            "group",
            "set",
            "--organisation",
            TRUST,
            "--group",
            "Estates",
            "--level",
            "3",
        ])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--by NAME"));
    assert!(!training.db.exists());
}

/// An ESR-style export: a person number, the role and two completion dates.
const EXPORT: &str = "Assignment Number,Staff Group,Prevent L1-2 completed,Prevent L3 completed
EMP-1001,Estates,12/03/2025,
EMP-1002,Estates,,
EMP-1003,Registered nurses - adult wards,,2024-06-01
EMP-1004,Registered nurses - adult wards,,2020-01-01
EMP-1005,Porters,2025-01-01,
EMP-1006,Registered nurses - adult wards,,2027-01-01
";

const MAP: &str =
    "group=Staff Group,l12=Prevent L1-2 completed,l3=Prevent L3 completed,person=Assignment Number";

#[test]
fn an_export_is_counted_shown_saved_and_its_mapping_remembered() {
    let training = Training::with_analysis();
    let file = training._dir.path().join("ESR November.csv");
    std::fs::write(&file, EXPORT).expect("write export");
    let file = file.to_str().expect("path");

    // A dry run shows the counts and the rows to check, and writes nothing.
    let before = dump(&training.db);
    let dry = training.ok(&[
        "import",
        file,
        "--as-of",
        "2026-11-20",
        "--map",
        MAP,
        "--dry-run",
    ]);
    assert_eq!(dump(&training.db), before, "a dry run writes nothing");
    assert!(dry.contains("Counted ESR November.csv"), "{dry}");
    assert!(
        dry.contains("6 rows read, 5 rows counted: 5 people."),
        "{dry}"
    );
    assert!(
        dry.contains("Estates (level 1-2): 1 / 2 in date, 50.0%"),
        "{dry}"
    );
    assert!(
        dry.contains("Registered nurses - adult wards (level 3): 1 / 3 in date, 33.3%"),
        "{dry}"
    );
    assert!(
        dry.contains("line 3: no date in \"Prevent L1-2 completed\": counted as not in date"),
        "{dry}"
    );
    assert!(
        dry.contains(
            "line 6: the staff group in \"Staff Group\" is not in the training needs analysis"
        ),
        "{dry}"
    );
    // After the reporting date: in the headcount, not in date.
    assert!(
        dry.contains(
            "line 7: date after the reporting date in \"Prevent L3 completed\": counted as not in date"
        ),
        "{dry}"
    );
    assert!(dry.contains("Nothing saved (--dry-run)."), "{dry}");

    // Saved: the figures are the reporting date's, from the file.
    let saved = training.ok(&["import", file, "--as-of", "2026-11-20", "--map", MAP]);
    assert!(saved.contains("Imported ESR November.csv"), "{saved}");
    let shown = training.show_json(&[]);
    assert_eq!(shown["as_of"], "2026-11-20", "{shown}");
    assert_eq!(shown["overall"]["headcount"], 5, "{shown}");
    assert_eq!(shown["overall"]["in_date"], 2, "{shown}");

    // Next month's file needs no --map: the mapping is remembered.
    let next = training.ok(&["import", file, "--as-of", "2026-11-21", "--json"]);
    let next: Value = serde_json::from_str(&next).expect("JSON");
    assert_eq!(next["preview"]["mapping_remembered"], true, "{next}");
    assert_eq!(next["recorded"].as_array().map(Vec::len), Some(2), "{next}");

    // The organisation's own trail shows the import, its source and the
    // mapping remembered, and its chain is intact.
    let trail = training.ok(&["audit"]);
    assert!(
        trail.contains("training import mapping mapping: (none) -> group=Staff Group"),
        "{trail}"
    );
    assert!(
        trail.contains("source: (none) -> imported from ESR November.csv"),
        "{trail}"
    );
    let verified = training.run(&["audit", "--verify"]);
    assert_eq!(verified.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&verified.stdout).starts_with("Intact: "));
    let rows: Value = serde_json::from_str(&training.ok(&["audit", "--json"])).expect("JSON");
    // The mapping is recorded once: next month's import used it unchanged.
    let mapping_rows = rows.as_array().map(|r| {
        r.iter()
            .filter(|r| r["entity"] == "training_import_mapping")
            .count()
    });
    assert_eq!(mapping_rows, Some(1), "{rows}");

    // Nothing person-level is in the database: no person number, no date.
    let stored = dump(&training.db);
    // Person numbers have letters no hash or id has, so a match is real.
    for value in [
        "EMP-1001",
        "EMP-1006",
        "12/03/2025",
        "2024-06-01",
        "Porters",
    ] {
        assert!(!stored.contains(value), "{value} is stored");
    }
}

/// A value from a person-level row in `outputs`, if any: what a test looks
/// for in everything the import prints, as [`dump`] is searched for the
/// database.
fn person_level_value_in<'a>(outputs: &[String], values: &[&'a str]) -> Option<(&'a str, usize)> {
    values.iter().find_map(|value| {
        outputs
            .iter()
            .position(|output| output.contains(value))
            .map(|index| (*value, index))
    })
}

#[test]
fn rows_to_check_are_listed_by_line_and_column_never_by_the_cells_value() {
    let training = Training::with_analysis();
    training.ok(&["group", "set", "--group", "Volunteers", "--level", "1-2"]);
    let file = training._dir.path().join("lms.csv");
    // A distinctive value in every path a row can be listed by.
    let long = "QXLONG".repeat(200);
    let export = format!(
        "Assignment Number,Staff Group,Prevent L1-2 completed,Prevent L3 completed
QX-PN-0001,QX Ward Unknown,2024-01-01,
QX-PN-0002,Estates,Jane QXSmith,
QX-PN-0003,Estates,2024-08-13,
QX-PN-0004,Estates,{long},
QX-PN-0005,,2024-01-01,
QX-PN-0006,Estates,,
QX-PN-0007,Estates,2024-01-02,
QX-PN-0007,Registered nurses - adult wards,,2024-01-03
QX-PN-0008,{long},2024-01-01,
QX-PN-0009,Registered nurses - adult wards,,14/07/2023
"
    );
    std::fs::write(&file, export).expect("write export");
    let file = file.to_str().expect("path");
    let args = ["import", file, "--as-of", "2024-06-30", "--map", MAP];
    let with = |extra: &[&'static str]| {
        let mut all = args.to_vec();
        all.extend(extra);
        training.ok(&all)
    };
    let dry = with(&["--dry-run"]);
    let dry_json = with(&["--dry-run", "--json"]);
    let saved = with(&[]);
    let saved_json = with(&["--json"]);
    for (line, reason) in [
        (
            2,
            "the staff group in \"Staff Group\" is not in the training needs analysis: left out",
        ),
        (3, "not a date in \"Prevent L1-2 completed\""),
        (
            4,
            "date after the reporting date in \"Prevent L1-2 completed\": counted as not in date",
        ),
        (
            5,
            "a cell in \"Prevent L1-2 completed\" longer than 1000 characters: left out",
        ),
        (6, "no staff group in \"Staff Group\": left out"),
        (
            7,
            "no date in \"Prevent L1-2 completed\": counted as not in date",
        ),
        (
            9,
            "the same person number in \"Assignment Number\" as line 8, in another staff group",
        ),
        (
            10,
            "a cell in \"Staff Group\" longer than 1000 characters: left out",
        ),
    ] {
        assert!(
            dry.contains(&format!("line {line}: {reason}")),
            "{line}: {dry}"
        );
    }
    assert!(
        dry.contains("Volunteers (level 1-2): no rows in the file: figures unchanged"),
        "{dry}"
    );
    let dry_json: Value = serde_json::from_str(&dry_json).expect("JSON");
    assert_eq!(dry_json["malformed"].as_array().map(Vec::len), Some(8));
    assert_eq!(dry_json["unchanged"][0]["group"], "Volunteers");
    let outputs = [
        dry,
        dry_json.to_string(),
        saved,
        saved_json,
        dump(&training.db),
    ];
    assert_eq!(
        person_level_value_in(
            &outputs,
            &[
                "QX",
                "Jane",
                "Smith",
                "2024-08-13",
                "13/08/2024",
                "14/07/2023",
                "2023-07-14"
            ]
        ),
        None
    );
}

#[test]
fn a_bad_export_or_mapping_is_refused_with_one_line_and_nothing_written() {
    let training = Training::with_analysis();
    let dir = training._dir.path();
    let export = dir.join("export.csv");
    std::fs::write(&export, EXPORT).expect("write export");
    let export = export.to_str().expect("path");
    let empty = dir.join("empty.csv");
    std::fs::write(&empty, "").expect("write empty");
    let empty = empty.to_str().expect("path");
    let fake = dir.join("fake.xlsx");
    std::fs::write(&fake, "Staff Group\nEstates\n").expect("write fake");
    let fake = fake.to_str().expect("path");
    let folder = dir.to_str().expect("path");

    let as_of = ["--as-of", "2026-11-20"];
    let cases: [(Vec<&str>, &str); 7] = [
        (vec![export], "No mapping was given and none is remembered"),
        (
            vec![export, "--map", "group=Nope,l12=Prevent L1-2 completed"],
            "Nope",
        ),
        (
            vec![export, "--map", "group=Staff Group"],
            "no completion date column",
        ),
        (vec![empty, "--map", MAP], "the file is empty"),
        (vec![fake, "--map", MAP], "not an Excel workbook"),
        (vec![folder, "--map", MAP], "Give the path of one file"),
        (
            vec![export, "--map", MAP, "--as-of", "2026-12-01"],
            "after today",
        ),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["import"];
        args.extend(extra.iter().copied());
        if !extra.contains(&"2026-12-01") {
            args.extend(as_of);
        }
        training.refused(&args, expected);
    }
}

#[test]
fn the_quarterly_summary_is_written_as_csv_and_excel_with_each_reporting_date() {
    let training = Training::with_analysis();
    let nurses = "Registered nurses - adult wards";
    for (as_of, group, headcount, in_date) in [
        ("2026-09-30", "Estates", "40", "30"),
        ("2026-10-31", "Estates", "40", "34"),
        ("2026-10-31", nurses, "20", "15"),
        ("2026-11-20", nurses, "20", "17"),
    ] {
        assert_eq!(
            training
                .record(as_of, group, headcount, in_date)
                .status
                .code(),
            Some(0)
        );
    }
    let dir = training._dir.path();
    let csv_path = dir.join("q4.csv");
    let xlsx_path = dir.join("q4.xlsx");
    let said = training.ok(&[
        "quarterly",
        "--quarter",
        "2026-Q4",
        "--referrals",
        "3",
        "--accountable-lead",
        "Ann Lee",
        "--csv",
        csv_path.to_str().expect("path"),
        "--xlsx",
        xlsx_path.to_str().expect("path"),
    ]);
    assert!(
        said.starts_with("Wrote the summary of 2026 Q4 (1 October to 31 December 2026)"),
        "{said}"
    );

    let csv = std::fs::read_to_string(&csv_path).expect("csv");
    assert!(csv.starts_with("\u{FEFF}Organisation,Quarter,Reporting date,Measure,Value\r\n"));
    assert!(
        !csv.replace("\r\n", "").contains('\n'),
        "every line ends CRLF"
    );
    assert!(!csv.contains("2026-09-30"), "September is in Q3");
    assert!(csv.contains(&format!("{TRUST},2026 Q4 (1 October to 31 December 2026),2026-10-31,Level 3 (Awareness of Prevent): compliance,75.0%\r\n")));
    assert!(
        csv.contains("2026-11-20,All levels: meets the 85% minimum,Yes\r\n"),
        "{csv}"
    );
    assert!(csv.contains(",,Prevent referrals made in the quarter,3\r\n"));
    assert!(csv.contains(",,Operational Prevent lead,Not stated\r\n"));

    use calamine::{Reader, Xlsx};
    let mut workbook: Xlsx<_> = calamine::open_workbook(&xlsx_path).expect("workbook");
    let sheet = workbook.worksheet_range("Q4 2026").expect("sheet");
    let cells: Vec<String> = sheet
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(cells.contains(&"Accountable Prevent lead".to_owned()));
    assert!(cells.contains(&"Ann Lee".to_owned()));
    assert!(cells.contains(&"75.0%".to_owned()));

    // The same, printed as JSON.
    let json: Value =
        serde_json::from_str(&training.ok(&["quarterly", "--quarter", "2026-Q4", "--json"]))
            .expect("JSON");
    assert_eq!(json["latest"], "2026-11-20");

    // Bad input: one line, exit 2, nothing written.
    let not_written = dir.join("none.csv");
    let not_written = not_written.to_str().expect("path");
    for (args, expected) in [
        (
            vec!["quarterly", "--quarter", "2026-Q5", "--csv", not_written],
            "is not a quarter",
        ),
        (
            vec![
                "quarterly",
                "--quarter",
                "2026-Q4",
                "--referrals",
                "-2",
                "--csv",
                not_written,
            ],
            "whole number",
        ),
        (
            vec![
                "quarterly",
                "--quarter",
                "2026-Q4",
                "--csv",
                csv_path.to_str().expect("path"),
            ],
            "already exists",
        ),
    ] {
        training.refused(&args, expected);
    }
    assert!(!std::path::Path::new(not_written).exists());
}
