//! The action plan through the built `prevent-sa` binary on temporary
//! databases: `plan`, `actions` and `action show|update|complete`, the CSV,
//! Excel and calendar exports read back, and every kind of bad input refused
//! with status 2, one line on stderr and the database exactly as it was.

mod common;

use std::path::Path;

use common::{Fixture, TOOLKIT, dump, stdout_bytes};

use serde_json::Value;

/// Text written to break CSV, HTML and iCalendar.
const HOSTILE: &str = "Draft \"v2\", see <script>alert('x')</script>; then\nsecond line, with a comma\\backslash — café";

impl Fixture {
    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("valid JSON on stdout")
    }

    /// `plan ASSESSMENT --json`, read on `today`.
    fn plan(&self, today: &str) -> Vec<Value> {
        match self.json(&["--today", today, "plan", &self.assessment, "--json"]) {
            Value::Array(list) => list,
            other => panic!("an array of actions, got {other}"),
        }
    }

    /// The id of the action that comes from `source`.
    fn action_id(&self, source: &str) -> String {
        self.plan("2026-12-01")
            .iter()
            .find(|a| a["source"] == source)
            .and_then(|a| a["id"].as_str())
            .unwrap_or_else(|| panic!("an action for {source}"))
            .to_owned()
    }
}

/// An assessment with three gaps: item 1 "no" (lead, due 2027-03-31), item
/// 3b "no" (no lead, no date) and C4 "partial" (lead, due 2026-12-15, a
/// hostile comment).
fn fixture() -> Fixture {
    let fixture = Fixture::with_assessment();
    let id = fixture.assessment.clone();
    for args in [
        &[
            "answer",
            &id,
            "1",
            "--response",
            "no",
            "--lead",
            "Head of Safeguarding",
            "--due",
            "2027-03-31",
        ][..],
        &["answer", &id, "3b", "--response", "no"][..],
        &[
            "answer",
            &id,
            "C4",
            "--response",
            "partial",
            "--lead",
            "A. Khan",
            "--due",
            "2026-12-15",
            "--comment",
            HOSTILE,
        ][..],
    ] {
        fixture.ok(args);
    }
    fixture
}

/// A refusal: status 2, one line on stderr starting `prevent-sa: ` and
/// containing `expected`, nothing on stdout, the plan and the whole database
/// unchanged.
fn assert_refused(fixture: &Fixture, args: &[&str], expected: &str) {
    let plan_before = fixture.plan("2027-01-10");
    let before = dump(&fixture.db);
    let output = fixture.run(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{args:?}: stderr {stderr}");
    assert_eq!(
        stderr.lines().count(),
        1,
        "{args:?}: one line, got {stderr:?}"
    );
    assert!(stderr.starts_with("prevent-sa: "), "{stderr}");
    assert!(
        stderr.contains(expected),
        "{args:?}: {stderr:?} should mention {expected:?}"
    );
    assert!(output.stdout.is_empty(), "{args:?}: nothing on stdout");
    assert_eq!(dump(&fixture.db), before, "{args:?} wrote to the database");
    assert_eq!(
        fixture.plan("2027-01-10"),
        plan_before,
        "{args:?} changed the plan"
    );
}

/// The 2011 template's column labels, from the framework data as shipped.
fn template_labels() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../assets/frameworks")
        .join(format!("{TOOLKIT}.json"));
    let framework: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("framework file"))
            .expect("framework JSON");
    framework["action_plan_template"]["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| c["label"].as_str().expect("label").to_owned())
        .collect()
}

fn is_open_and_dated(action: &Value) -> bool {
    matches!(
        action["status"].as_str(),
        Some("not_started" | "in_progress")
    ) && action["gap"] == "open"
        && !action["due"].is_null()
}

#[test]
fn plan_lists_actions_by_effective_priority_with_their_fields() {
    let fixture = fixture();
    let plan = fixture.plan("2026-12-01");
    let sources: Vec<&str> = plan
        .iter()
        .map(|a| a["source"].as_str().expect("source"))
        .collect();
    assert_eq!(sources, ["1", "3b", "C4"], "high (dated first), then low");
    for action in &plan {
        for field in [
            "id",
            "source",
            "source_label",
            "objective",
            "action",
            "priority",
            "effective_priority",
            "rule",
            "status",
            "owners",
            "due",
            "overdue",
            "organisation",
        ] {
            assert!(action.get(field).is_some(), "{field} in {action}");
        }
    }
    let item_1 = &plan[0];
    assert_eq!(item_1["priority"], "high");
    assert_eq!(item_1["effective_priority"], "high");
    assert_eq!(item_1["status"], "not_started");
    assert_eq!(item_1["owners"], "Head of Safeguarding");
    assert_eq!(item_1["due"], "2027-03-31");
    assert_eq!(item_1["overdue"], false);
    assert_eq!(item_1["source_label"], "Item 1");
    assert!(
        item_1["objective"]
            .as_str()
            .is_some_and(|o| o.starts_with("Policies and procedures"))
    );
    let c4 = &plan[2];
    assert_eq!(c4["priority"], "low");
    assert!(
        c4["action"].as_str().is_some_and(|a| a.contains(HOSTILE)),
        "{c4}"
    );

    let text = fixture.ok(&["--today", "2026-12-01", "plan", &fixture.assessment]);
    assert!(
        text.starts_with("Action plan: Northshire Community NHS Trust, assessment of 2026-11-20"),
        "{text}"
    );
    assert!(text.contains("3 actions: 3 open, 0 overdue"), "{text}");
    assert!(
        text.contains("Item 1  High  Not started  due 2027-03-31  Head of Safeguarding"),
        "{text}"
    );
    assert!(
        text.contains("Item 3b  High  Not started  no date  no one named yet"),
        "{text}"
    );
    assert!(
        text.contains(&format!("id {}", c4["id"].as_str().expect("id"))),
        "{text}"
    );
    let order: Vec<usize> = ["Item 1", "Item 3b", "Checklist entry C4"]
        .iter()
        .map(|label| text.find(label).expect(label))
        .collect();
    assert!(order.is_sorted(), "{text}");

    // Filters map to the plan view's.
    let high = fixture.json(&[
        "--today",
        "2026-12-01",
        "plan",
        &fixture.assessment,
        "--priority",
        "HIGH",
        "--json",
    ]);
    assert_eq!(high.as_array().map(Vec::len), Some(2));
    let khan = fixture.json(&[
        "--today",
        "2026-12-01",
        "plan",
        &fixture.assessment,
        "--owner",
        "a. khan",
        "--json",
    ]);
    assert_eq!(khan[0]["source"], "C4");
    assert_eq!(khan.as_array().map(Vec::len), Some(1));
    let soon = fixture.json(&[
        "--today",
        "2026-12-01",
        "plan",
        &fixture.assessment,
        "--due-within",
        "30",
        "--json",
    ]);
    assert_eq!(soon.as_array().map(Vec::len), Some(1), "C4, due 2026-12-15");
    let started = fixture.json(&[
        "plan",
        &fixture.assessment,
        "--status",
        "in progress",
        "--json",
    ]);
    assert_eq!(started, Value::Array(Vec::new()));
    let none = fixture.ok(&["plan", &fixture.assessment, "--status", "deferred"]);
    assert_eq!(none.trim(), "No action matches the filter.");
}

#[test]
fn today_makes_an_action_overdue_and_raises_its_priority() {
    let fixture = fixture();
    let before = fixture.plan("2026-12-15");
    let c4 = before.iter().find(|a| a["source"] == "C4").expect("C4");
    assert_eq!(
        (c4["overdue"].clone(), c4["effective_priority"].clone()),
        (Value::Bool(false), "low".into())
    );

    let after = fixture.plan("2026-12-16");
    let c4 = after.iter().find(|a| a["source"] == "C4").expect("C4");
    assert_eq!(c4["overdue"], true);
    assert_eq!(c4["effective_priority"], "medium");
    assert_eq!(c4["priority"], "low", "the stored priority never changes");

    let text = fixture.ok(&["--today", "2026-12-16", "plan", &fixture.assessment]);
    assert!(text.contains("Checklist entry C4  Medium (overdue, raised from low)  Not started  due 2026-12-15  A. Khan"), "{text}");
    assert!(text.contains("1 overdue"), "{text}");

    let overdue = fixture.json(&["--today", "2026-12-16", "actions", "--overdue", "--json"]);
    let list = overdue.as_array().expect("array");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["source"], "C4");
    assert_eq!(list[0]["organisation"], "Northshire Community NHS Trust");
    let text = fixture.ok(&["--today", "2026-12-16", "actions", "--overdue"]);
    assert!(
        text.contains("Northshire Community NHS Trust (2026-11-20)  Checklist entry C4  Medium (overdue, raised from low)"),
        "{text}"
    );
    let all = fixture.json(&["--today", "2026-12-16", "actions", "--json"]);
    assert_eq!(all.as_array().map(Vec::len), Some(3));
    let within = fixture.json(&[
        "--today",
        "2027-03-01",
        "actions",
        "--due-within",
        "30",
        "--json",
    ]);
    assert_eq!(within[0]["source"], "1");
}

#[test]
fn action_update_changes_priority_with_a_reason_and_the_audit_trail_keeps_it() {
    let fixture = fixture();
    let id = fixture.action_id("C4");
    let updated = fixture.json(&[
        "action",
        "update",
        &id[..8],
        "--priority",
        "high",
        "--reason",
        "The board asked for it this quarter",
        "--owner",
        "A. Khan; B. Jones",
        "--department",
        "Safeguarding",
        "--due",
        "2027-02-01",
        "--status",
        "in_progress",
        "--note",
        "Draft shared with HR",
        "--by",
        "Sam Lee",
        "--role",
        "Prevent lead",
        "--json",
    ]);
    assert_eq!(updated["id"], id.as_str());
    assert_eq!(updated["priority"], "high");
    assert_eq!(updated["rule"], "set-by-a-person");
    assert_eq!(
        updated["priority_reason"],
        "The board asked for it this quarter"
    );
    assert_eq!(updated["owners"], "A. Khan; B. Jones");
    assert_eq!(updated["department"], "Safeguarding");
    assert_eq!(updated["due"], "2027-02-01");
    assert_eq!(updated["status"], "in_progress");
    assert_eq!(updated["notes"][0]["text"], "Draft shared with HR");
    assert_eq!(updated["notes"][0]["by"], "Sam Lee");
    assert_eq!(updated["why"]["set_by_a_person"], true);

    let shown = fixture.json(&["action", "show", &id, "--json"]);
    assert_eq!(shown, updated);
    let text = fixture.ok(&["action", "show", &id[..8]]);
    assert!(
        text.lines().any(|l| l.starts_with("Why:")
            && l.ends_with(" Set to high by a person: The board asked for it this quarter")),
        "{text}"
    );
    assert!(text.contains("Draft shared with HR"), "{text}");

    let trail = fixture.json(&["audit", &fixture.assessment, "--json"]);
    let rows = trail.as_array().expect("trail");
    let reason = rows
        .iter()
        .find(|r| r["field"] == "priority_reason")
        .expect("the reason is audited");
    assert_eq!(reason["new_value"], "The board asked for it this quarter");
    assert_eq!(reason["actor"], "Sam Lee");
    assert_eq!(reason["entry_id"], "C4");
    assert!(
        rows.iter().any(|r| r["field"] == "priority"
            && r["old_value"] == "low"
            && r["new_value"] == "high")
    );
    assert!(
        rows.iter()
            .any(|r| r["field"] == "note" && r["new_value"] == "Draft shared with HR")
    );

    // The same change again changes nothing and says so.
    let again = fixture.ok(&[
        "action",
        "update",
        &id,
        "--priority",
        "high",
        "--by",
        "Sam Lee",
    ]);
    assert!(
        again.starts_with("No change: checklist entry C4"),
        "{again}"
    );
    assert_eq!(
        fixture.json(&["audit", &fixture.assessment, "--json"]),
        trail
    );
    // Deferring takes a reason, and the plan sorts the high action first now.
    fixture.ok(&[
        "action",
        "update",
        &id,
        "--status",
        "deferred",
        "--deferred-reason",
        "Waiting for the new intranet",
    ]);
    let plan = fixture.plan("2026-12-01");
    assert_eq!(
        plan[0]["source"], "C4",
        "high and dated 2027-02-01 comes before item 1"
    );
    assert_eq!(plan[0]["deferred_reason"], "Waiting for the new intranet");
}

#[test]
fn action_complete_signs_the_action_off() {
    let fixture = fixture();
    let id = fixture.action_id("1");
    let text = fixture.ok(&[
        "action",
        "complete",
        &id,
        "--assessed",
        "2027-01-15",
        "--signed-by",
        "Sam Lee",
        "--by",
        "Sam Lee",
    ]);
    assert!(
        text.starts_with("Completed the action for item 1."),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("Completed:") && l.ends_with(" Y, 2027-01-15, Sam Lee")),
        "{text}"
    );
    let shown = fixture.json(&["action", "show", &id, "--json"]);
    assert_eq!(shown["status"], "completed");
    assert_eq!(shown["completed_on"], "2027-01-15");
    assert_eq!(shown["signed_off_by"], "Sam Lee");
    let done = fixture.json(&[
        "plan",
        &fixture.assessment,
        "--status",
        "completed",
        "--json",
    ]);
    assert_eq!(done[0]["id"], id.as_str());
    // A completed action is never overdue.
    let overdue = fixture.json(&["--today", "2028-01-01", "actions", "--overdue", "--json"]);
    assert!(
        overdue
            .as_array()
            .expect("array")
            .iter()
            .all(|a| a["id"] != id.as_str())
    );
}

#[test]
fn bad_input_exits_2_with_one_line_and_writes_nothing() {
    let fixture = fixture();
    let c4 = fixture.action_id("C4");
    let c4 = c4.as_str();
    let a = fixture.assessment.clone();
    let existing = fixture.path("existing.xlsx");
    std::fs::write(&existing, b"keep me").expect("a file to keep");
    let existing_arg = existing.display().to_string();
    let nowhere = fixture.path("no-such-folder").join("plan.ics");
    let nowhere_arg = nowhere.display().to_string();
    let cases: &[(&[&str], &str)] = &[
        (
            &["action", "update", "0000000000", "--note", "x"],
            "There is no action with id \"0000000000\"",
        ),
        (&["action", "show", "not-an-action"], "There is no action"),
        (
            &["action", "update", c4, "--priority", "high"],
            "Give a reason for changing the priority from Low to High",
        ),
        (
            &[
                "action",
                "update",
                c4,
                "--priority",
                "high",
                "--reason",
                "  ",
            ],
            "Give a reason for changing the priority",
        ),
        (
            &["action", "update", c4, "--reason", "no priority given"],
            "--priority",
        ),
        (
            &["action", "update", c4, "--status", "completed"],
            "prevent-sa action complete ACTION --assessed DATE --signed-by NAME",
        ),
        (
            &["action", "update", c4, "--status", "deferred"],
            "Give a reason for deferring",
        ),
        (
            &["action", "update", c4, "--status", "finished"],
            "The status must be",
        ),
        (
            &[
                "action",
                "update",
                c4,
                "--priority",
                "urgent",
                "--reason",
                "x",
            ],
            "The priority must be high, medium or low",
        ),
        (
            &["action", "update", c4, "--due", "2027-02-30"],
            "The completion date must be a real date",
        ),
        (
            &["action", "update", c4, "--due", "next week"],
            "The completion date must be a real date",
        ),
        (
            &["action", "update", c4],
            "the following required arguments were not provided",
        ),
        (
            &["action", "complete", c4, "--assessed", "2027-01-15"],
            "add --signed-by NAME",
        ),
        (
            &["action", "complete", c4, "--signed-by", "Sam Lee"],
            "add --assessed YYYY-MM-DD",
        ),
        (
            &[
                "action",
                "complete",
                c4,
                "--assessed",
                "2027-01-15",
                "--signed-by",
                " ",
            ],
            "Enter the name of the person signing the action off",
        ),
        (
            &[
                "action",
                "complete",
                c4,
                "--assessed",
                "15/01/2027",
                "--signed-by",
                "Sam Lee",
            ],
            "The date assessed must be a real date",
        ),
        (&["plan", &a, "--status", "nope"], "The status must be"),
        (
            &["plan", &a, "--priority", "urgent"],
            "The priority must be",
        ),
        (
            &["plan", &a, "--due-within", "soon"],
            "invalid value 'soon'",
        ),
        (
            &["plan", &a, "--overdue", "--due-within", "3"],
            "cannot be used with",
        ),
        (&["plan", &a, "--json", "--csv"], "cannot be used with"),
        (&["plan", &a, "--force"], "--xlsx"),
        (&["plan", "00000000", "--json"], "There is no assessment"),
        (
            &["plan", &a, "--xlsx", &existing_arg],
            "already exists and has been left as it is",
        ),
        (&["plan", &a, "--ics", &nowhere_arg], "Cannot write"),
        (
            &["--today", "2027-02-30", "plan", &a],
            "The date given with --today must be a real date",
        ),
    ];
    for (args, expected) in cases {
        assert_refused(&fixture, args, expected);
    }
    assert_eq!(std::fs::read(&existing).expect("kept"), b"keep me");
    assert!(!nowhere.parent().expect("folder").exists());
}

#[test]
fn csv_reads_back_in_the_template_columns_with_hostile_text_intact() {
    let fixture = fixture();
    let bytes = stdout_bytes(&fixture.run(&[
        "--today",
        "2027-01-10",
        "plan",
        &fixture.assessment,
        "--csv",
    ]));
    let body = bytes
        .strip_prefix("\u{FEFF}".as_bytes())
        .expect("a UTF-8 byte-order mark");
    let mut reader = csv::Reader::from_reader(body);
    let headers: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let template = template_labels();
    assert_eq!(&headers[..template.len()], template.as_slice());
    for extra in [
        "Source",
        "Organisation",
        "Overdue (Y/N)",
        "Progress notes",
        "Action id",
    ] {
        assert!(headers.iter().any(|h| h == extra), "{extra} in {headers:?}");
    }
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("a record").iter().map(str::to_owned).collect())
        .collect();
    let plan = fixture.plan("2027-01-10");
    let col = |label: &str| headers.iter().position(|h| h == label).expect(label);
    let ids: Vec<&str> = rows.iter().map(|r| r[col("Action id")].as_str()).collect();
    let expected: Vec<&str> = plan.iter().map(|a| a["id"].as_str().expect("id")).collect();
    assert_eq!(ids, expected, "the plan's order");
    let c4 = rows
        .iter()
        .find(|r| r[col("Source")] == "Checklist entry C4")
        .expect("C4");
    assert!(
        c4[col("Action required")].ends_with(HOSTILE),
        "{:?}",
        c4[col("Action required")]
    );
    assert_eq!(c4[col("Priority (high, medium, low)")], "Medium");
    assert_eq!(c4[col("Stored priority")], "Low");
    assert_eq!(c4[col("Overdue (Y/N)")], "Y");
    assert_eq!(c4[col("Completion date")], "2026-12-15");
    assert_eq!(c4[col("Responsible individual(s)")], "A. Khan");
    assert_eq!(c4[col("Completed (Y/N), date assessed and signature")], "N");
    assert_eq!(c4[col("Organisation")], "Northshire Community NHS Trust");
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(text.ends_with("\r\n"));

    // The dashboard exports the same way, across every assessment.
    let all = stdout_bytes(&fixture.run(&["--today", "2027-01-10", "actions", "--csv"]));
    assert_eq!(all, bytes, "one assessment: the same table");
}

#[test]
fn xlsx_reads_back_with_the_template_labels_and_real_dates() {
    use calamine::{Data, Reader, Xlsx};
    let fixture = fixture();
    let path = fixture.path("plan.xlsx");
    let out = fixture.ok(&[
        "--today",
        "2027-01-10",
        "plan",
        &fixture.assessment,
        "--xlsx",
        path.to_str().expect("path"),
    ]);
    assert_eq!(
        out.trim(),
        format!("Saved the action plan (3 actions) to {}", path.display())
    );
    let mut book: Xlsx<_> = calamine::open_workbook(&path).expect("an Excel workbook");
    let sheet = book.sheet_names()[0].clone();
    assert!(sheet.chars().count() <= 31, "{sheet}");
    let range = book.worksheet_range(&sheet).expect("the sheet");
    let rows: Vec<&[Data]> = range.rows().collect();
    assert_eq!(rows.len(), 4, "a header and 3 actions");
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    let template = template_labels();
    assert_eq!(&header[..template.len()], template.as_slice());
    let col = |label: &str| header.iter().position(|h| h == label).expect(label);
    let c4 = rows
        .iter()
        .find(|r| r[col("Source")] == "Checklist entry C4")
        .expect("C4");
    assert!(c4[col("Action required")].to_string().ends_with(HOSTILE));
    match &c4[col("Completion date")] {
        Data::DateTime(when) => {
            let (y, m, d, ..) = when.to_ymd_hms_milli();
            assert_eq!((y, m, d), (2026, 12, 15));
        }
        other => panic!("a real date, got {other:?}"),
    }
    // Refused without --force, replaced with it.
    let again = fixture.run(&[
        "plan",
        &fixture.assessment,
        "--xlsx",
        path.to_str().expect("path"),
    ]);
    assert_eq!(again.status.code(), Some(2));
    fixture.ok(&[
        "plan",
        &fixture.assessment,
        "--xlsx",
        path.to_str().expect("path"),
        "--force",
        "--status",
        "deferred",
    ]);
    let mut book: Xlsx<_> = calamine::open_workbook(&path).expect("an Excel workbook");
    let range = book.worksheet_range(&sheet).expect("the sheet");
    assert_eq!(
        range.rows().count(),
        1,
        "the filter applies to the export: the header alone"
    );
}

/// RFC 5545 unfolding: CRLF followed by a space or a tab is removed.
fn unfold(text: &str) -> Vec<String> {
    text.replace("\r\n ", "")
        .replace("\r\n\t", "")
        .trim_end_matches("\r\n")
        .split("\r\n")
        .map(str::to_owned)
        .collect()
}

fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => panic!("a lone backslash in {value:?}"),
            }
        } else {
            assert!(c != ',' && c != ';', "unescaped {c:?} in {value:?}");
            out.push(c);
        }
    }
    out
}

#[test]
fn ics_has_one_event_per_open_dated_action_escaped_and_folded() {
    let fixture = fixture();
    let path = fixture.path("plan.ics");
    // Item 1 completed: no event for it; 3b has no date: none either.
    let item_1 = fixture.action_id("1");
    fixture.ok(&[
        "action",
        "complete",
        &item_1,
        "--assessed",
        "2027-01-05",
        "--signed-by",
        "Sam Lee",
    ]);
    let out = fixture.ok(&[
        "--today",
        "2027-01-10",
        "plan",
        &fixture.assessment,
        "--ics",
        path.to_str().expect("path"),
    ]);
    assert!(
        out.starts_with("Saved 1 due date of an open action to "),
        "{out}"
    );
    let text = String::from_utf8(std::fs::read(&path).expect("written")).expect("UTF-8");
    let physical: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
    assert!(
        physical.iter().all(|l| l.len() <= 75),
        "every line at most 75 octets"
    );
    assert!(
        !physical.iter().any(|l| l.contains(['\r', '\n'])),
        "CRLF line ends only"
    );
    let lines = unfold(&text);
    assert_eq!(lines[0], "BEGIN:VCALENDAR");
    for wanted in [
        "PRODID:-//Prevent Self-Assessment//Action plan//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        assert!(lines.iter().any(|l| l == wanted), "{wanted}");
    }
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    let plan = fixture.plan("2027-01-10");
    let expected: Vec<String> = plan
        .iter()
        .filter(|a| is_open_and_dated(a))
        .map(|a| {
            format!(
                "UID:{}@prevent-self-assessment",
                a["id"].as_str().expect("id")
            )
        })
        .collect();
    assert_eq!(expected.len(), 1, "C4 alone");
    let uids: Vec<&String> = lines.iter().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(uids, expected.iter().collect::<Vec<_>>());
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 1);
    let value = |name: &str| {
        lines
            .iter()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(value("DTSTAMP"), "20270110T000000Z");
    assert_eq!(value("DTSTART;VALUE=DATE"), "20261215");
    assert_eq!(value("DTEND;VALUE=DATE"), "20261216");
    let summary = unescape(value("SUMMARY"));
    assert!(
        summary.starts_with(
            "Prevent action due: Checklist entry C4: Complete what is partly in place"
        ),
        "{summary}"
    );
    let description = unescape(value("DESCRIPTION"));
    assert!(description.contains(HOSTILE), "{description}");
    assert!(
        description.contains("Responsible: A. Khan"),
        "{description}"
    );
    assert!(
        description.contains("Priority: Medium (overdue: raised from low)"),
        "{description}"
    );
    assert!(
        description.contains("Organisation: Northshire Community NHS Trust"),
        "{description}"
    );
}
