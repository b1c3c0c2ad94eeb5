//! `prevent-sa board-report`: the annual Prevent report to the board, as a
//! draft and signed and sealed, read back with pdftotext, pdfsig and
//! `verify`; and every kind of bad input refused with one line, exit 2 and
//! nothing written.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{Datelike, Utc};
use common::{Fixture, dump, record_args, signed, stdout};

const TRUST: &str = "Northshire Community NHS Trust";

fn tool(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} must be installed (cargo xtask setup): {e}"))
}

/// pdftotext's words, with runs of white space as one space.
fn text_of(pdf: &Path) -> String {
    let output = tool(
        "pdftotext",
        &["-enc", "UTF-8", pdf.to_str().expect("path"), "-"],
    );
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sign-offs are recorded at the real time, so the year reported on is
/// this one.
fn this_year() -> String {
    Utc::now().year().to_string()
}

/// `training record` for `group` on `as_of`.
fn record(fixture: &Fixture, as_of: &str, group: &str, headcount: &str, in_date: &str) {
    let mut args = vec!["training"];
    args.extend(record_args(as_of, group, headcount, in_date));
    args.extend(["--organisation", TRUST]);
    fixture.ok(&args);
}

/// A signed-off assessment, training figures for today, and the narrative
/// files.
struct Board {
    fixture: Fixture,
    incidents: PathBuf,
    activity: PathBuf,
}

fn board() -> Board {
    let fixture = signed();
    let today = Utc::now().date_naive().to_string();
    for (group, level, headcount, in_date) in [
        ("Estates", "1-2", "40", "35"),
        ("Registered nurses", "3", "120", "102"),
    ] {
        fixture.ok(&[
            "training",
            "group",
            "set",
            "--organisation",
            TRUST,
            "--group",
            group,
            "--level",
            level,
        ]);
        record(&fixture, &today, group, headcount, in_date);
    }
    let incidents = fixture.path("incidents.txt");
    std::fs::write(
        &incidents,
        "One significant incident on a mental health ward, reviewed with the regional Prevent coordinator.\n",
    )
    .expect("written");
    let activity = fixture.path("activity.txt");
    std::fs::write(&activity, "Prevent awareness week in October.\n").expect("written");
    Board {
        fixture,
        incidents,
        activity,
    }
}

impl Board {
    fn args(&self, out: &Path) -> Vec<String> {
        [
            "board-report",
            "--organisation",
            "northshire community nhs trust",
            "--year",
            &this_year(),
            "--referrals",
            "4",
            "--referrals-breakdown",
            "3 to Channel, 1 advice only",
            "--incidents-file",
            self.incidents.to_str().expect("path"),
            "--resources",
            "partly",
            "--resources-note",
            "The level 3 trainer post is vacant.",
            "--activity-file",
            self.activity.to_str().expect("path"),
            "--lead",
            "Dr Priya Shah",
            "--out",
            out.to_str().expect("path"),
        ]
        .into_iter()
        .map(str::to_owned)
        .collect()
    }

    fn run(&self, args: &[String]) -> Output {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.fixture.run(&args)
    }

    /// The run fails with exit 2, one line on stderr that contains
    /// `expected`, no PDF and the database exactly as it was.
    fn refused(&self, change: impl FnOnce(&mut Vec<String>), expected: &str) {
        let out = self.fixture.path("refused.pdf");
        let mut args = self.args(&out);
        change(&mut args);
        let before = dump(&self.fixture.db);
        let output = self.run(&args);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: one line: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(!out.exists(), "{args:?}: nothing written");
        assert_eq!(dump(&self.fixture.db), before, "{args:?}");
    }
}

/// Replaces the value after `flag`.
fn set(args: &mut [String], flag: &str, value: &str) {
    let at = args.iter().position(|a| a == flag).expect("flag") + 1;
    args[at] = value.to_owned();
}

#[test]
fn a_draft_has_every_section_and_figure_and_is_not_sealed() {
    let board = board();
    let out = board.fixture.path("draft.pdf");
    let said = stdout(&board.run(&board.args(&out)));
    assert!(said.contains("a draft, not signed off"), "{said}");
    let text = text_of(&out);
    for expected in [
        "DRAFT",
        "Annual Prevent report to the board",
        TRUST,
        "Accountable Prevent lead Dr Priya Shah",
        "Assessments completed and signed this year",
        "One self-assessment was signed off",
        "Action plan progress",
        // Items 1, 5 and 12 answered "No": three actions, all opened this year.
        "All 3 3 0 3 0",
        "Training compliance by level",
        // 35 of 40 at levels 1-2, 102 of 120 at level 3.
        "87.5%",
        "85.0%",
        "Prevent referrals made",
        "4 Prevent referrals made in",
        "3 to Channel, 1 advice only",
        "Significant incidents",
        "One significant incident on a mental health ward",
        "Adequate resources are available to meet the core standards",
        "Partly",
        "The level 3 trainer post is vacant.",
        "Other Prevent-related activity",
        "Prevent awareness week in October.",
        "Sign-off",
        "This report is a draft.",
        "How to check this report",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    let verified = board.fixture.run(&["verify", out.to_str().expect("path")]);
    assert_eq!(verified.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&verified.stdout).starts_with("Not sealed"));
}

#[test]
fn json_gives_what_the_report_gathered_and_a_date_still_being_entered_is_not_the_years() {
    let board = board();
    let out = board.fixture.path("draft.pdf");
    let mut args = board.args(&out);
    args.push("--json".to_owned());
    let said: serde_json::Value = serde_json::from_str(&stdout(&board.run(&args))).expect("JSON");
    assert!(out.exists(), "the PDF is written too");
    assert_eq!(said["year"], Utc::now().year());
    assert_eq!(said["signed"], false);
    assert_eq!(said["assessments"].as_array().map(Vec::len), Some(1));
    assert_eq!(said["assessments"][0]["responses"]["not_in_place"], 3);
    let totals: Vec<u64> = said["plan"]["priorities"]
        .as_array()
        .expect("priorities")
        .iter()
        .filter_map(|p| p["total"].as_u64())
        .collect();
    assert_eq!(totals.iter().sum::<u64>(), 3, "{said}");
    let today = Utc::now().date_naive().to_string();
    assert_eq!(said["training_as_of"], today.as_str());
    assert_eq!(said["training"]["points"].as_array().map(Vec::len), Some(1));

    // Last year: the end of March complete, the end of June only partly
    // entered (Registered nurses not yet).
    let last_year = Utc::now().year() - 1;
    let march = format!("{last_year}-03-31");
    let june = format!("{last_year}-06-30");
    record(&board.fixture, &march, "Estates", "40", "30");
    record(&board.fixture, &march, "Registered nurses", "120", "60");
    record(&board.fixture, &june, "Estates", "40", "40");
    let out = board.fixture.path("last-year.pdf");
    let mut args = board.args(&out);
    set(&mut args, "--year", &last_year.to_string());
    args.push("--json".to_owned());
    let said: serde_json::Value = serde_json::from_str(&stdout(&board.run(&args))).expect("JSON");
    assert_eq!(said["training_as_of"], march.as_str(), "{said}");
    assert_eq!(said["training_dates_left_out"][0], june.as_str(), "{said}");
    assert_eq!(said["training"]["points"].as_array().map(Vec::len), Some(1));
    assert!(said["assessments"].as_array().is_some_and(Vec::is_empty));
    let text = text_of(&out);
    // 90 of 160 on 31 March, not 40 of 40 on 30 June.
    assert!(text.contains("Figures on 31 March"), "{text}");
    assert!(text.contains("56.2%"), "{text}");
    assert!(!text.contains("100.0%"), "{text}");
    assert!(text.contains("complete reporting date"), "{text}");

    // Without --json, the date used and the dates left out are said.
    set(
        &mut args,
        "--out",
        board.fixture.path("again.pdf").to_str().expect("path"),
    );
    args.pop();
    let said = stdout(&board.run(&args));
    assert!(
        said.contains(&format!(
            "Training figures of {march}, the last complete reporting date of {last_year}; left out as still incomplete: {june}."
        )),
        "{said}"
    );
}

#[test]
fn a_signed_report_is_valid_to_pdfsig_and_verify_and_a_changed_byte_is_caught() {
    let board = board();
    let out = board.fixture.path("signed.pdf");
    let mut args = board.args(&out);
    args.extend(
        [
            "--sign",
            "Dr Priya Shah",
            "--role",
            "Accountable Prevent lead",
            "--on-behalf",
        ]
        .map(str::to_owned),
    );
    let said = stdout(&board.run(&args));
    assert!(
        said.contains("signed off by Dr Priya Shah and sealed"),
        "{said}"
    );
    let text = text_of(&out);
    assert!(!text.contains("DRAFT"), "{text}");
    assert!(text.contains("Signed off by Dr Priya Shah."), "{text}");

    let pdfsig = tool("pdfsig", &[out.to_str().expect("path")]);
    let signature = String::from_utf8_lossy(&pdfsig.stdout);
    assert!(signature.contains("Signature is Valid."), "{signature}");
    assert!(signature.contains("Total document signed"), "{signature}");

    let verified = board.fixture.run(&["verify", out.to_str().expect("path")]);
    let report = String::from_utf8_lossy(&verified.stdout);
    assert_eq!(verified.status.code(), Some(0), "{report}");
    assert!(report.starts_with("Valid"), "{report}");
    assert!(
        report.contains("Annual Prevent report to the board: Northshire"),
        "{report}"
    );

    // One byte inside the first page's drawing changed.
    let mut bytes = std::fs::read(&out).expect("read");
    let stream = bytes
        .windows(6)
        .position(|w| w == b"stream")
        .expect("a stream");
    bytes[stream + 40] ^= 0x01;
    let changed = board.fixture.path("changed.pdf");
    std::fs::write(&changed, &bytes).expect("written");
    let verified = board
        .fixture
        .run(&["verify", changed.to_str().expect("path")]);
    assert_eq!(
        verified.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&verified.stdout)
    );
    assert!(String::from_utf8_lossy(&verified.stdout).starts_with("Altered"));
}

#[test]
fn bad_input_is_refused_with_one_line_and_nothing_written() {
    let board = board();
    board.refused(
        |a| set(a, "--organisation", "Southshire Trust"),
        "Nothing is known about \"Southshire Trust\"",
    );
    board.refused(|a| set(a, "--year", "26"), "The year must be four digits");
    board.refused(
        |a| set(a, "--year", "20266"),
        "The year must be four digits",
    );
    let next = (Utc::now().year() + 1).to_string();
    board.refused(|a| set(a, "--year", &next), "has not started yet");
    board.refused(
        |a| set(a, "--referrals", "-1"),
        "must be a whole number, 0 or more (got \"-1\")",
    );
    board.refused(
        |a| set(a, "--resources", "maybe"),
        "\"maybe\" is not a statement on resources",
    );
    let missing = board.fixture.path("no-such-file.txt");
    board.refused(
        |a| set(a, "--incidents-file", missing.to_str().expect("path")),
        "no-such-file.txt",
    );
    let empty = board.fixture.path("empty.txt");
    std::fs::write(&empty, "  \n").expect("written");
    board.refused(
        |a| set(a, "--activity-file", empty.to_str().expect("path")),
        "is empty",
    );
    board.refused(
        |a| set(a, "--lead", " "),
        "Enter the accountable Prevent lead's name",
    );
    board.refused(
        |a| {
            a.extend(["--sign", "Jordan Ellis", "--role", "Chief Nurse"].map(str::to_owned));
        },
        "Add --on-behalf to confirm it.",
    );
}
