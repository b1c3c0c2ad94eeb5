//! The built `prevent-sa` binary on temporary databases: what it prints, what it
//! writes, and that every kind of bad input exits with status 2, says why on
//! stderr and leaves the database exactly as it was.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{LOGIN, TOOLKIT, command, dump, stdout};

use serde_json::Value;
use sha2::{Digest, Sha256};
use tempfile::TempDir;

fn prevent_sa(db: &Path, args: &[&str]) -> Output {
    command(db).args(args).output().expect("run prevent-sa")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> Value {
    serde_json::from_str(&stdout(output)).expect("valid JSON on stdout")
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

struct Fixture {
    dir: TempDir,
    db: PathBuf,
    assessment: String,
}

impl Fixture {
    fn run(&self, args: &[&str]) -> Output {
        prevent_sa(&self.db, args)
    }

    /// Runs a command that must succeed and returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        stdout(&self.run(args))
    }

    fn show(&self) -> Value {
        json(&self.run(&["show", &self.assessment, "--json"]))
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
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
        dir,
        db,
        assessment,
    }
}

/// The ids a person answers, from the catalogue: every entry except items
/// answered through their sub-points.
fn answerable_ids(db: &Path) -> Vec<String> {
    answerable_ids_of(db, TOOLKIT)
}

/// Answers every answerable entry completely: yes throughout, except 3b (no,
/// with a lead and a date) and C4 (not applicable, with a reason and a policy).
fn answer_everything(fixture: &Fixture) {
    let ids = answerable_ids(&fixture.db);
    assert_eq!(ids.len(), 46);
    for id in &ids {
        let mut args = vec![
            "answer",
            &fixture.assessment,
            id.as_str(),
            "--by",
            "Sam Lee",
        ];
        args.extend_from_slice(match id.as_str() {
            "3b" => &[
                "--response",
                "no",
                "--lead",
                "Head of Safeguarding",
                "--due",
                "2027-03-31",
            ][..],
            "C4" => &[
                "--response",
                "na",
                "--reason",
                "Covered by the group policy",
                "--policy-ref",
                "GRP-7",
            ][..],
            _ => &["--response", "yes"][..],
        });
        let output = fixture.run(&args);
        stdout(&output);
        assert!(
            output.stderr.is_empty(),
            "{id}: nothing left to do, got {}",
            stderr(&output)
        );
    }
}

/// Runs a command that must be refused: status 2, `lines` lines on stderr of
/// which the first starts `prevent-sa: ` and contains `expected`, nothing on
/// stdout, and the database unchanged.
fn assert_refused_lines(fixture: &Fixture, args: &[&str], expected: &str, lines: usize) -> String {
    let before = dump(&fixture.db);
    let output = fixture.run(args);
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: stderr {stderr}");
    assert_eq!(
        stderr.lines().count(),
        lines,
        "{args:?}: {lines} line(s) on stderr, got {stderr:?}"
    );
    let first = stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("prevent-sa: "), "{stderr}");
    assert!(
        first.contains(expected),
        "{args:?}: {stderr:?} should mention {expected:?}"
    );
    assert!(output.stdout.is_empty(), "{args:?}: nothing on stdout");
    assert_eq!(dump(&fixture.db), before, "{args:?} wrote to the database");
    stderr
}

/// A refusal with exactly one line on stderr.
fn assert_refused(fixture: &Fixture, args: &[&str], expected: &str) {
    assert_refused_lines(fixture, args, expected, 1);
}

#[test]
fn frameworks_lists_the_toolkit() {
    let dir = TempDir::new().expect("temp dir");
    let db = dir.path().join("never-created.sqlite3");
    let list = json(&prevent_sa(&db, &["frameworks", "--json"]));
    let ids: Vec<&str> = list
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "prevent-core-standards-2024-commissioners",
            "prevent-core-standards-2024-providers",
            TOOLKIT
        ]
    );
    let toolkit = &list[2];
    assert_eq!(toolkit["version"], "2011");
    assert_eq!(toolkit["entry_count"], 40);
    assert_eq!(toolkit["answerable_count"], 46);
    assert!(toolkit["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(
        toolkit["description"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    let text = stdout(&prevent_sa(&db, &["frameworks"]));
    assert!(
        text.contains("prevent-toolkit-2011") && text.contains("40 entries in 4 parts"),
        "{text}"
    );
    assert!(
        !db.exists(),
        "listing frameworks does not create a database"
    );
}

#[test]
fn crosswalk_prints_each_link_with_its_relationship_and_both_ends_exist() {
    let dir = TempDir::new().expect("temp dir");
    let db = dir.path().join("never-created.sqlite3");
    let crosswalks = json(&prevent_sa(&db, &["crosswalk", "--json"]));
    let crosswalk = &crosswalks[0];
    assert_eq!(crosswalk["from"], TOOLKIT);
    assert_eq!(crosswalk["to"], "prevent-core-standards-2024-providers");
    let links = crosswalk["links"].as_array().expect("links");
    assert!(links.len() >= 20, "{} links", links.len());
    let provider = json(&prevent_sa(
        &db,
        &[
            "catalogue",
            "prevent-core-standards-2024-providers",
            "--json",
        ],
    ));
    for link in links {
        assert!(
            ["equal", "subset", "superset", "intersect"]
                .contains(&link["relationship"].as_str().unwrap_or_default())
        );
        // Every link is also seen from the other end, derived.
        assert!(
            provider["links"]
                .as_array()
                .expect("links")
                .iter()
                .any(|back| {
                    back["from_entry"] == link["to"] && back["entry_id"] == link["from"]
                }),
            "{link} is seen from the standard's side too"
        );
    }
    let text = stdout(&prevent_sa(&db, &["crosswalk"]));
    assert!(text.contains("    1 -> P9a    intersect"), "{text}");
    assert!(text.contains("the product's own"), "{text}");
    assert!(!db.exists(), "the crosswalk does not create a database");
}

#[test]
fn catalogue_prints_every_item_sub_point_and_checklist_entry() {
    let dir = TempDir::new().expect("temp dir");
    let db = dir.path().join("db.sqlite3");
    let view = json(&prevent_sa(&db, &["catalogue", TOOLKIT, "--json"]));
    let entries = view["entries"].as_array().expect("array");
    assert_eq!(
        view["parts"][3]["heading"],
        "Policies and procedures checklist"
    );
    assert_eq!(view["scales"][1]["choices"][0]["label"], "Included");
    // The crosswalk, seen from the toolkit: item 1 relates to provider standard P9a.
    assert!(
        view["links"].as_array().expect("links").iter().any(|l| {
            l["from_entry"] == "1"
                && l["framework_id"] == "prevent-core-standards-2024-providers"
                && l["entry_id"] == "P9a"
        }),
        "{}",
        view["links"]
    );
    assert_eq!(entries.len(), 47);
    let of_kind = |kind: &str| entries.iter().filter(|e| e["kind"] == kind).count();
    assert_eq!((of_kind("entry"), of_kind("sub_point")), (40, 7));
    let checklist = entries
        .iter()
        .filter(|e| e["part_key"] == "policies-and-procedures")
        .count();
    assert_eq!(checklist, 21);
    let item_10 = entries.iter().find(|e| e["id"] == "10").expect("item 10");
    assert_eq!(item_10["part_key"], "organisational");
    assert_eq!(item_10["regulations"], serde_json::json!([16, 17]));
    assert!(item_10["text"].as_str().is_some_and(|t| {
        t.starts_with("Protocols, policies and procedures address the management of booking")
    }));
    let item_3 = entries.iter().find(|e| e["id"] == "3").expect("item 3");
    assert_eq!(
        item_3["sub_points"],
        serde_json::json!(["3a", "3b", "3c", "3d", "3e", "3f", "3g"])
    );
    let item_19 = entries.iter().find(|e| e["id"] == "19").expect("item 19");
    assert_eq!(item_19["part_key"], "partnership-working");
    let c21 = entries.iter().find(|e| e["id"] == "C21").expect("C21");
    assert_eq!(c21["text"], "Record keeping");
    assert_eq!(c21["label"], "Checklist entry C21");
    let text = stdout(&prevent_sa(&db, &["catalogue", TOOLKIT]));
    assert!(text.contains("Section 2: Staff and volunteers"), "{text}");
    assert!(text.contains("C21  Record keeping"), "{text}");
    assert!(text.contains("Answered through 3a to 3g"), "{text}");
    assert!(
        text.contains("Responses: yes (Yes), partial (Partially), no (No), na (Not applicable)"),
        "{text}"
    );
    assert!(
        text.contains(
            "In Prevent duty core standards for healthcare providers: Standard P9a (intersect)"
        ),
        "{text}"
    );
    assert!(!db.exists(), "the catalogue does not create a database");
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
    let list = json(&fixture.run(&["list", "--json"]));
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["assessment"]["id"], fixture.assessment.as_str());
    assert_eq!(
        list[0]["assessment"]["organisation"],
        "Northshire Community NHS Trust"
    );
    assert_eq!(list[0]["assessment"]["status"], "in_progress");
    assert_eq!(list[0]["answered"], 0);
    assert_eq!(list[0]["total"], 46, "item 3 is worked out, not answered");
    let text = fixture.ok(&["list"]);
    assert!(
        text.contains(&fixture.assessment)
            && text.contains("In progress")
            && text.contains("0 of 46 answered"),
        "{text}"
    );
    // With no --by and nobody recorded for the installation, `new` records the assessor.
    let trail = json(&fixture.run(&["audit", &fixture.assessment, "--json"]));
    assert!(
        trail
            .as_array()
            .expect("trail")
            .iter()
            .all(|r| r["actor"] == "Alex Morgan"),
        "{trail}"
    );
}

#[test]
fn answers_show_and_audit_round_trip() {
    let fixture = fixture();
    let id = fixture.assessment.as_str();
    let saved = fixture.ok(&[
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
        "--role",
        "Prevent lead",
    ]);
    assert_eq!(saved.trim(), "Saved item 1: No (action required: Y)");
    fixture.ok(&[
        "answer",
        &id[..8],
        "c4",
        "--response",
        "NA",
        "--reason",
        "Covered by the group policy",
        "--by",
        "Sam Lee",
    ]);
    // --by before the command works too.
    fixture.ok(&[
        "--by",
        "Sam Lee",
        "answer",
        id,
        "3b",
        "--response",
        "partial",
        "--action-required",
        "n",
    ]);

    let detail = fixture.show();
    assert_eq!(detail["assessment"]["assessor"], "Alex Morgan");
    assert_eq!(detail["assessment"]["assessment_date"], "2026-11-20");
    assert_eq!(detail["assessment"]["status"], "in_progress");
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
    assert_eq!(detail["review"]["answered"], 3);
    assert_eq!(detail["review"]["total"], 46);

    let text = fixture.ok(&["show", id]);
    assert!(
        text.contains("Organisation:        Northshire Community NHS Trust"),
        "{text}"
    );
    assert!(text.contains("Status:              In progress"), "{text}");
    assert!(text.contains("Item 1: No  (action required: Y)"), "{text}");
    assert!(text.contains("Comment: No Prevent policy yet"), "{text}");
    assert!(text.contains("Item 2: not answered"), "{text}");
    assert!(
        text.contains("Item 3: not worked out yet (answer 3a to 3g)"),
        "{text}"
    );
    assert!(
        text.contains("Checklist entry C4: Not applicable  (action required: N)"),
        "{text}"
    );
    assert!(
        text.contains("To finish before it can be marked complete (43):")
            && text.contains("  - Select a response for item 2"),
        "{text}"
    );

    // Changing one field keeps the others and records just that change.
    let cleared = fixture.ok(&["answer", id, "1", "--due", "", "--by", "Alex Morgan"]);
    assert_eq!(cleared.trim(), "Saved item 1: No (action required: Y)");
    let unchanged = fixture.ok(&["answer", id, "1", "--response", "no", "--by", "Alex Morgan"]);
    assert_eq!(unchanged.trim(), "No change: item 1 already reads No");
    let trail = json(&fixture.run(&["audit", id, "--json"]));
    let trail = trail.as_array().expect("trail");
    // The answer's own rows; the plan's action for item 1 records its change too.
    let last = trail
        .iter()
        .rfind(|r| r["entity"] == "answer")
        .expect("rows");
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
    let first_answer = trail
        .iter()
        .find(|r| r["entity"] == "answer")
        .expect("answer rows");
    assert_eq!(
        (&first_answer["actor"], &first_answer["actor_role"]),
        (&Value::from("Sam Lee"), &Value::from("Prevent lead"))
    );
    assert!(
        trail
            .iter()
            .all(|r| r["at"].as_str().is_some_and(|t| t.ends_with('Z'))),
        "times are UTC"
    );
    let audit_text = fixture.ok(&["audit", id]);
    assert!(
        audit_text.contains("Alex Morgan  entry 1 due_date: 2027-03-31 -> (none)"),
        "{audit_text}"
    );
    assert!(
        audit_text.contains("Sam Lee (Prevent lead)  entry 1 response: (none) -> no"),
        "{audit_text}"
    );
}

#[test]
fn sub_points_and_checklist_entries_take_policy_references_and_review_dates() {
    let fixture = fixture();
    let id = fixture.assessment.as_str();
    let saved = fixture.run(&[
        "answer",
        id,
        "3A",
        "--response",
        "yes",
        "--comment",
        "Protocol agreed in March",
    ]);
    assert_eq!(
        stdout(&saved).trim(),
        "Saved item 3a: Yes (action required: N)"
    );
    let saved = fixture.run(&[
        "--today",
        "2026-11-21",
        "answer",
        id,
        "C4",
        "--response",
        "partial",
        "--action-required",
        "n",
        "--policy-ref",
        "POL-EQ-12 Equality and diversity policy",
        "--review-date",
        "2027-01-31",
    ]);
    assert_eq!(
        stdout(&saved).trim(),
        "Saved checklist entry C4: Partially included (action required: N)"
    );
    assert!(saved.stderr.is_empty(), "{}", stderr(&saved));

    let detail = fixture.show();
    let answers = detail["answers"].as_array().expect("answers");
    assert_eq!(answers[0]["entry_id"], "3a");
    assert_eq!(answers[0]["updated_by"], LOGIN, "the login name by default");
    assert_eq!(answers[1]["entry_id"], "C4");
    assert_eq!(
        answers[1]["policy_ref"],
        "POL-EQ-12 Equality and diversity policy"
    );
    assert_eq!(answers[1]["review_date"], "2027-01-31");

    let text = fixture.ok(&["show", id]);
    assert!(
        text.contains("Item 3a: Yes  (action required: N)"),
        "{text}"
    );
    assert!(
        text.contains("Checklist entry C4: Partially included  (action required: N)"),
        "{text}"
    );
    assert!(
        text.contains("Policy name or reference: POL-EQ-12 Equality and diversity policy"),
        "{text}"
    );
    assert!(text.contains("Policy review date: 2027-01-31"), "{text}");

    // Whether the review date has passed depends on today, which --today fixes.
    let before = json(&fixture.run(&["--today", "2027-01-31", "show", id, "--json"]));
    assert_eq!(before["review"]["warnings"], serde_json::json!([]));
    let after = json(&fixture.run(&["--today", "2027-02-01", "show", id, "--json"]));
    assert_eq!(
        after["review"]["warnings"][0]["message"],
        "The policy for checklist entry C4 was due for review on 31 January 2027: review it or record the new review date"
    );
    let text = fixture.ok(&["--today", "2027-02-01", "show", id]);
    assert!(
        text.contains("To check (1):\n  - The policy for checklist entry C4 was due for review"),
        "{text}"
    );

    // An empty review date clears it.
    fixture.ok(&["answer", id, "c4", "--review-date", ""]);
    assert_eq!(fixture.show()["answers"][1]["review_date"], Value::Null);
}

#[test]
fn half_done_answers_are_saved_with_what_is_left_as_notes() {
    let fixture = fixture();
    let id = fixture.assessment.as_str();
    let output = fixture.run(&["answer", id, "4", "--response", "na"]);
    assert_eq!(
        stdout(&output).trim(),
        "Saved item 4: Not applicable (action required: N)"
    );
    assert_eq!(
        stderr(&output),
        "prevent-sa: note: Enter why item 4 does not apply\n"
    );
    // Action required with no lead or date yet is saved too.
    let output = fixture.run(&["answer", id, "5", "--response", "partial"]);
    assert_eq!(
        stdout(&output).trim(),
        "Saved item 5: Partially (action required: Y)"
    );
    assert_eq!(
        stderr(&output),
        "prevent-sa: note: Enter the department lead or nominated lead for item 5, as action is required\n\
         prevent-sa: note: Enter the date for completion for item 5, as action is required\n"
    );
    // A comment alone starts an entry without a response.
    let output = fixture.run(&["answer", id, "6", "--comment", "Asking the estates team"]);
    assert_eq!(
        stdout(&output).trim(),
        "Saved item 6: no response yet (action required: N)"
    );
    assert_eq!(
        stderr(&output),
        "prevent-sa: note: Select a response for item 6\n"
    );
    // Filling the gap leaves nothing to say.
    let output = fixture.run(&["answer", id, "4", "--reason", "We run no such service"]);
    stdout(&output);
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
    let detail = fixture.show();
    let entry = |id: &str| {
        detail["review"]["entries"]
            .as_array()
            .and_then(|e| e.iter().find(|e| e["entry_id"] == id))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(entry("4")["state"], "complete");
    assert_eq!(entry("5")["state"], "incomplete");
    assert_eq!(entry("6")["state"], "incomplete");
}

#[test]
fn completion_is_refused_one_gap_a_line_then_accepted_and_reopened() {
    let fixture = fixture();
    let id = fixture.assessment.as_str();

    let refusal = assert_refused_lines(
        &fixture,
        &["complete", id],
        "prevent-sa: cannot mark complete: 46 things to finish",
        47,
    );
    let lines: Vec<&str> = refusal.lines().collect();
    assert_eq!(lines[1], "- Select a response for item 1");
    assert_eq!(
        lines[3], "- Select a response for item 3a",
        "item 3 itself is worked out"
    );
    assert_eq!(lines[46], "- Select a response for checklist entry C21");
    assert!(lines[1..].iter().all(|l| l.starts_with("- ")), "{refusal}");

    answer_everything(&fixture);
    let detail = fixture.show();
    assert_eq!(detail["review"]["blocking"], serde_json::json!([]));
    let done = fixture.ok(&[
        "complete",
        &id[..8],
        "--by",
        "Alex Morgan",
        "--role",
        "Accountable Prevent lead",
    ]);
    assert!(
        done.starts_with("Marked complete: Northshire Community NHS Trust"),
        "{done}"
    );
    assert_eq!(fixture.show()["assessment"]["status"], "complete");
    let text = fixture.ok(&["show", id]);
    assert!(text.contains("Status:              Complete"), "{text}");
    assert!(
        text.contains("Item 3: Partially (worked out from 3a to 3g)"),
        "{text}"
    );

    // A complete assessment cannot be changed, completed again or given evidence.
    assert_refused(
        &fixture,
        &["answer", id, "1", "--comment", "late thought"],
        "marked complete, so it cannot be changed. Reopen it first.",
    );
    assert_refused(
        &fixture,
        &["evidence", "add", id, "1", "--title", "Minutes"],
        "Reopen it first",
    );
    assert_refused(&fixture, &["complete", id], "already marked complete");

    let reopened = fixture.ok(&["reopen", id, "--by", "Alex Morgan"]);
    assert!(reopened.starts_with("Reopened: "), "{reopened}");
    assert_refused(&fixture, &["reopen", id], "nothing to reopen");
    fixture.ok(&["answer", id, "1", "--comment", "late thought"]);

    let trail = json(&fixture.run(&["audit", id, "--json"]));
    let status: Vec<(&str, &str, &str, &str)> = trail
        .as_array()
        .expect("trail")
        .iter()
        .filter(|r| r["entity"] == "assessment" && r["field"] == "status")
        .map(|r| {
            (
                r["old_value"].as_str().unwrap_or_default(),
                r["new_value"].as_str().unwrap_or_default(),
                r["actor"].as_str().unwrap_or_default(),
                r["actor_role"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            (
                "in_progress",
                "complete",
                "Alex Morgan",
                "Accountable Prevent lead"
            ),
            ("complete", "in_progress", "Alex Morgan", ""),
        ]
    );
    let audit_text = fixture.ok(&["audit", id]);
    assert!(
        audit_text.contains(
            "Alex Morgan (Accountable Prevent lead)  assessment status: in_progress -> complete"
        ),
        "{audit_text}"
    );
    assert!(
        audit_text.contains("Alex Morgan  assessment status: complete -> in_progress"),
        "{audit_text}"
    );
}

#[test]
fn show_json_carries_the_derived_item_policies_and_evidence_hashes() {
    let fixture = fixture();
    let id = fixture.assessment.as_str();
    answer_everything(&fixture);
    fixture.ok(&["answer", id, "C4", "--review-date", "2027-06-30"]);
    let policy = fixture.path("equality.pdf");
    std::fs::write(&policy, b"%PDF-1.4 equality policy").expect("write");
    fixture.ok(&[
        "evidence",
        "add",
        id,
        "c4",
        "--title",
        "Equality policy",
        "--file",
        policy.to_str().expect("path"),
    ]);

    let detail = fixture.show();
    let item3 = detail["review"]["entries"]
        .as_array()
        .and_then(|e| e.iter().find(|e| e["entry_id"] == "3"))
        .expect("item 3 in the review");
    assert_eq!(item3["response"], "partial", "3a-3g are yes but 3b is no");
    assert_eq!(item3["derived"], true);
    let c4 = detail["answers"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["entry_id"] == "C4"))
        .expect("C4");
    assert_eq!(c4["policy_ref"], "GRP-7");
    assert_eq!(c4["review_date"], "2027-06-30");
    assert_eq!(c4["response"], "na");
    let evidence = &detail["evidence"][0];
    assert_eq!(evidence["entry_id"], "C4");
    assert_eq!(evidence["title"], "Equality policy");
    assert_eq!(evidence["file"]["name"], "equality.pdf");
    assert_eq!(
        evidence["file"]["sha256"],
        sha256_hex(b"%PDF-1.4 equality policy")
    );
    assert_eq!(evidence["file"]["size"], 24);
}

#[test]
fn evidence_round_trips_byte_for_byte() {
    let fixture = fixture();
    let id = fixture.assessment.as_str();
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let source = fixture.path("minutes.bin");
    std::fs::write(&source, &bytes).expect("write");

    let added = fixture.ok(&[
        "evidence",
        "add",
        &id[..8],
        "4",
        "--title",
        "Board minutes, March",
        "--location",
        "Governance SharePoint > Board",
        "--file",
        source.to_str().expect("path"),
        "--by",
        "Sam Lee",
    ]);
    let mut lines = added.lines();
    let evidence_id = lines.next().expect("id line").to_owned();
    assert_eq!(evidence_id.len(), 36, "the id alone: {added}");
    let expected_sha = sha256_hex(&bytes);
    assert_eq!(
        lines.next(),
        Some(format!("SHA-256 {expected_sha}  minutes.bin (68.4 KB)").as_str())
    );
    let reference = fixture.ok(&[
        "evidence",
        "add",
        id,
        "C4",
        "--title",
        "Equality policy",
        "--location",
        "Intranet > Policies",
        "--json",
    ]);
    let reference: Value = serde_json::from_str(&reference).expect("JSON");
    assert_eq!(reference["file"], Value::Null);

    let list = json(&fixture.run(&["evidence", "list", id, "--json"]));
    let list = list.as_array().expect("list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["id"], evidence_id.as_str());
    assert_eq!(list[0]["entry_id"], "4");
    assert_eq!(list[0]["added_by"], "Sam Lee");
    assert_eq!(list[0]["file"]["sha256"], expected_sha.as_str());
    assert_eq!(list[0]["file"]["size"], 70_000);
    assert_eq!(list[1]["location"], "Intranet > Policies");
    let text = fixture.ok(&["evidence", "list", id]);
    assert!(
        text.contains(&format!(
            "{evidence_id}  Item 4  \"Board minutes, March\" at Governance SharePoint > Board; file minutes.bin (68.4 KB, SHA-256 {expected_sha})"
        )),
        "{text}"
    );
    assert!(
        text.contains("Checklist entry C4  \"Equality policy\""),
        "{text}"
    );
    let shown = fixture.ok(&["show", id]);
    assert!(
        shown.contains("Evidence \"Board minutes, March\" at Governance SharePoint > Board"),
        "{shown}"
    );

    let out = fixture.path("exported.bin");
    let saved = fixture.ok(&[
        "evidence",
        "export",
        &evidence_id[..8],
        "--out",
        out.to_str().expect("path"),
    ]);
    assert!(saved.contains(&expected_sha), "{saved}");
    let exported = std::fs::read(&out).expect("exported");
    assert_eq!(exported, bytes);
    assert_eq!(sha256_hex(&exported), expected_sha);

    // An existing file is left alone unless --force.
    std::fs::write(&out, b"keep me").expect("write");
    assert_refused(
        &fixture,
        &[
            "evidence",
            "export",
            &evidence_id,
            "--out",
            out.to_str().expect("path"),
        ],
        "already exists and has been left as it is",
    );
    assert_eq!(std::fs::read(&out).expect("read"), b"keep me");
    fixture.ok(&[
        "evidence",
        "export",
        &evidence_id,
        "--out",
        out.to_str().expect("path"),
        "--force",
    ]);
    assert_eq!(std::fs::read(&out).expect("read"), bytes);

    // A folder that does not exist, or a folder as the file, is refused.
    let nowhere = fixture.path("no-such-folder").join("x.bin");
    assert_refused(
        &fixture,
        &[
            "evidence",
            "export",
            &evidence_id,
            "--out",
            nowhere.to_str().expect("path"),
        ],
        "Cannot write",
    );
    assert!(!nowhere.exists());
    assert_refused(
        &fixture,
        &[
            "evidence",
            "export",
            &evidence_id,
            "--out",
            fixture.dir.path().to_str().expect("path"),
        ],
        "it is a folder",
    );
    // Evidence recorded by location only has no file to export.
    let reference_id = reference["id"].as_str().expect("id");
    assert_refused(
        &fixture,
        &[
            "evidence",
            "export",
            reference_id,
            "--out",
            fixture.path("r.pdf").to_str().expect("path"),
        ],
        "has no attached file: the document lives at Intranet > Policies",
    );
}

#[test]
fn a_file_over_10_mb_is_refused_and_nothing_written() {
    let fixture = fixture();
    let big = fixture.path("scan.pdf");
    let file = std::fs::File::create(&big).expect("create");
    file.set_len(10 * 1024 * 1024 + 1).expect("size");
    drop(file);
    assert_refused(
        &fixture,
        &[
            "evidence",
            "add",
            &fixture.assessment,
            "4",
            "--title",
            "Scanned minutes",
            "--file",
            big.to_str().expect("path"),
        ],
        "files can be at most 10 MB. Attach a smaller file, or record where the document lives instead.",
    );
    // Exactly 10 MB is allowed.
    let file = std::fs::File::options()
        .write(true)
        .open(&big)
        .expect("open");
    file.set_len(10 * 1024 * 1024).expect("size");
    drop(file);
    fixture.ok(&[
        "evidence",
        "add",
        &fixture.assessment,
        "4",
        "--title",
        "Scanned minutes",
        "--file",
        big.to_str().expect("path"),
    ]);
}

#[test]
fn changes_are_recorded_under_by_the_installation_user_or_the_login_name() {
    let fixture = fixture();
    let id = fixture.assessment.as_str();
    let without_login = |args: &[&str]| {
        command(&fixture.db)
            .env_remove("USER")
            .args(args)
            .output()
            .expect("run")
    };
    // Nobody known: refused, asking for --by.
    let before = dump(&fixture.db);
    let output = without_login(&["answer", id, "1", "--response", "yes"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output).lines().count(), 1);
    assert!(stderr(&output).contains("--by NAME"), "{}", stderr(&output));
    assert_eq!(dump(&fixture.db), before);

    assert_eq!(json(&fixture.run(&["user", "--json"])), Value::Null);
    let text = fixture.ok(&["user"]);
    assert!(text.starts_with("Nobody is recorded"), "{text}");
    let set = fixture.ok(&[
        "user",
        "set",
        "--name",
        "Pat Jones",
        "--role",
        "Prevent lead",
    ]);
    assert!(
        set.starts_with("Name: Pat Jones\nRole: Prevent lead"),
        "{set}"
    );
    assert_eq!(
        json(&fixture.run(&["user", "--json"])),
        serde_json::json!({"name": "Pat Jones", "role": "Prevent lead"})
    );

    // The installation's person, over the login name, unless --by says otherwise.
    stdout(&without_login(&["answer", id, "1", "--response", "yes"]));
    fixture.ok(&["answer", id, "2", "--response", "yes"]);
    fixture.ok(&["answer", id, "5", "--response", "yes", "--by", "Sam Lee"]);
    let trail = json(&fixture.run(&["audit", id, "--json"]));
    let by_entry = |entry: &str| {
        trail
            .as_array()
            .and_then(|t| t.iter().find(|r| r["entry_id"] == entry))
            .map(|r| (r["actor"].clone(), r["actor_role"].clone()))
            .expect("row")
    };
    assert_eq!(by_entry("1"), ("Pat Jones".into(), "Prevent lead".into()));
    assert_eq!(by_entry("2"), ("Pat Jones".into(), "Prevent lead".into()));
    assert_eq!(by_entry("5"), ("Sam Lee".into(), "".into()));
}

#[test]
fn bad_input_exits_2_with_one_line_and_writes_nothing() {
    let fixture = fixture();
    let id = fixture.assessment.as_str();
    fixture.ok(&["answer", id, "1", "--response", "yes", "--by", "Alex"]);
    let attached = fixture.path("policy.txt");
    std::fs::write(&attached, "policy").expect("write");
    fixture.ok(&[
        "evidence",
        "add",
        id,
        "1",
        "--title",
        "Policy",
        "--file",
        attached.to_str().expect("path"),
    ]);
    let unknown = "9f0c2b1e-0000-4000-8000-000000000000";
    let missing_file = fixture.path("not-there.pdf");
    let missing_file = missing_file.to_str().expect("path");
    let out = fixture.path("out.pdf");
    let out = out.to_str().expect("path");
    let cases: &[(&[&str], &str)] = &[
        (&["show", unknown], "There is no assessment with id"),
        (&["audit", unknown], "There is no assessment with id"),
        (&["show", "9f0c"], "There is no assessment with id \"9f0c\""),
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
            "1 to 11, 3a to 3g, 12 to 15, 16 to 19, C1 to C21",
        ),
        (
            &["answer", id, "3", "--response", "yes", "--by", "A"],
            "Item 3 is answered through 3a to 3g: its response is worked out from them. Answer those instead.",
        ),
        (
            &["answer", id, "2", "--response", "maybe", "--by", "A"],
            "The response must be yes, partial, no or na",
        ),
        (
            &["answer", id, "2", "--response", "no", "--due", "31/03/2027"],
            "The date for completion must be a real date",
        ),
        (
            &["answer", id, "2", "--response", "no", "--due", "2027-02-29"],
            "real date",
        ),
        (
            &[
                "answer",
                id,
                "C2",
                "--response",
                "yes",
                "--review-date",
                "next year",
            ],
            "The review date must be a real date written as YYYY-MM-DD",
        ),
        (
            &[
                "answer",
                id,
                "2",
                "--response",
                "yes",
                "--policy-ref",
                "POL-1",
            ],
            "Item 2 does not ask for a policy name or reference",
        ),
        (
            &["answer", id, "3c", "--review-date", "2027-01-01"],
            "Item 3c does not ask for a review date",
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
            ],
            "Action required must be y or n",
        ),
        (
            &["answer", id, "2", "--response", "yes", "--reason", "n/a"],
            "is only recorded with a \"not applicable\" answer",
        ),
        (
            &["answer", id, "2", "--response", "yes", "--by", " "],
            "Enter your name",
        ),
        (
            &["answer", id, "2", "--response", "yes", "--role", "Lead"],
            "--role goes with --by NAME",
        ),
        (
            &[
                "--today",
                "2026-02-30",
                "answer",
                id,
                "2",
                "--response",
                "yes",
            ],
            "The date given with --today must be a real date",
        ),
        (&["answer", id, "2"], "required arguments were not provided"),
        (
            &["reopen", id],
            "not marked complete, so there is nothing to reopen",
        ),
        (
            &[
                "evidence",
                "add",
                id,
                "1",
                "--title",
                "Policy",
                "--file",
                missing_file,
            ],
            "Cannot read the file",
        ),
        (
            &["evidence", "add", id, "1", "--title", "  "],
            "Enter the title of the evidence",
        ),
        (
            &["evidence", "add", id, "C22", "--title", "Policy"],
            "There is no entry \"C22\"",
        ),
        (
            &["evidence", "add", unknown, "1", "--title", "Policy"],
            "There is no assessment with id",
        ),
        (
            &["evidence", "list", unknown],
            "There is no assessment with id",
        ),
        (
            &["evidence", "export", unknown, "--out", out],
            "There is no evidence with id",
        ),
        (
            &["evidence", "export", "00000000", "--out", out],
            "There is no evidence with id \"00000000\"",
        ),
        (
            &["evidence", "export", id, "--out", out],
            "There is no evidence with id",
        ),
        (
            &["user", "set", "--name", "Pat", "--role", " "],
            "Enter your role",
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
        (&["launch"], "unrecognized subcommand"),
    ];
    for (args, expected) in cases {
        assert_refused(&fixture, args, expected);
    }
    assert!(
        !fixture.path("out.pdf").exists(),
        "a refused export writes no file"
    );
    // Completing with gaps is refused the same way, one gap a line.
    assert_refused_lines(
        &fixture,
        &["complete", id],
        "cannot mark complete: 45 things to finish",
        46,
    );
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
        vec!["user"],
        vec!["user", "set", "--name", "Pat", "--role", "Lead"],
    ] {
        let output = prevent_sa(&db, &args);
        let stderr = stderr(&output);
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
    assert_eq!(json(&prevent_sa(&db, &["user", "--json"])), Value::Null);
    let out = dir.path().join("out.pdf");
    for args in [
        vec!["show", "9f0c2b1e"],
        vec!["audit", "9f0c2b1e"],
        vec!["evidence", "list", "9f0c2b1e"],
        vec![
            "evidence",
            "export",
            "9f0c2b1e",
            "--out",
            out.to_str().expect("path"),
        ],
        // Changes to an assessment cannot be made in a file that is not there either.
        vec!["answer", "9f0c2b1e", "1", "--response", "yes"],
        vec!["complete", "9f0c2b1e"],
        vec!["reopen", "9f0c2b1e"],
        vec!["evidence", "add", "9f0c2b1e", "1", "--title", "T"],
    ] {
        let output = prevent_sa(&db, &args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("There is no"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(!db.exists() && !db.parent().is_some_and(Path::exists));
    assert!(!out.exists());
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
    for args in [vec!["list"], vec!["complete", fixture.assessment.as_str()]] {
        let output = fixture.run(&args);
        let stderr = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("newer version") && stderr.contains("has not been changed"),
            "{stderr}"
        );
    }
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
        "complete",
        "reopen",
        "evidence",
        "user",
        "audit",
        "--today",
        "--by",
        "--role",
    ] {
        assert!(help.contains(command), "{command}: {help}");
    }
    let answer_help = stdout(&prevent_sa(&db, &["answer", "--help"]));
    for flag in ["--policy-ref", "--review-date", "--action-required", "--by"] {
        assert!(answer_help.contains(flag), "{flag}: {answer_help}");
    }
    let evidence_help = stdout(&prevent_sa(&db, &["evidence", "--help"]));
    for command in ["add", "list", "export"] {
        assert!(evidence_help.contains(command), "{evidence_help}");
    }
    assert!(stdout(&prevent_sa(&db, &["--version"])).starts_with("prevent-sa "));
    assert!(!db.exists());
}

#[test]
fn a_provider_assessment_starts_from_a_toolkit_one_and_waits_for_each_confirmation() {
    const PROVIDERS: &str = "prevent-core-standards-2024-providers";
    let fixture = fixture();
    answer_everything(&fixture);
    let new_from = |framework: &'static str| -> Vec<String> {
        [
            "new",
            "--framework",
            framework,
            "--organisation",
            "Northshire Community NHS Trust",
            "--assessor",
            "Alex Morgan",
            "--date",
            "2026-12-01",
            "--from",
            &fixture.assessment,
            "--by",
            "Sam Lee",
        ]
        .map(str::to_owned)
        .to_vec()
    };
    // No crosswalk joins the toolkit to the commissioners' standards.
    let args = new_from("prevent-core-standards-2024-commissioners");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_refused(&fixture, &args, "the app has no crosswalk between them");

    let args = new_from(PROVIDERS);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let id = fixture.ok(&args).trim().to_owned();
    let show = json(&fixture.run(&["show", &id, "--json"]));
    let carried: Vec<String> = show["review"]["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| !e["carried_from"].is_null())
        .map(|e| e["entry_id"].as_str().expect("id").to_owned())
        .collect();
    assert!(carried.contains(&"P9f".to_owned()), "{carried:?}");
    // Carried answers count as unanswered.
    assert_eq!(show["review"]["answered"], 0);
    // 3b was "no" with a lead: P9f carries "partially met" from 3b, 3c, 3f, C17.
    let p9f = show["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .find(|a| a["entry_id"] == "P9f")
        .expect("P9f");
    assert_eq!(p9f["response"], "partial");
    assert_eq!(p9f["lead"], "Head of Safeguarding");
    // The audit trail says where it started from.
    let audit = fixture.ok(&["audit", &id]);
    assert!(
        audit.contains(&format!(
            "started_from: (none) -> prevent-toolkit-2011 assessment of 2026-11-20 ({})",
            fixture.assessment
        )),
        "{audit}"
    );

    // The new assessment, on the same database.
    let started = Fixture {
        dir: TempDir::new().expect("temp dir"),
        db: fixture.db.clone(),
        assessment: id.clone(),
    };
    // Confirming an entry that was not carried over writes nothing.
    assert_refused(
        &started,
        &["confirm", &id, "P3", "--by", "Sam Lee"],
        "Standard P3 was not carried over from another assessment, or is already confirmed",
    );

    // Every other entry answered, the carried ones still waiting: refused.
    for entry in answerable_ids_of(&fixture.db, PROVIDERS) {
        if !carried.contains(&entry) {
            fixture.ok(&[
                "answer",
                &id,
                &entry,
                "--response",
                "met",
                "--by",
                "Sam Lee",
            ]);
        }
    }
    let refusal = fixture.run(&["complete", &id, "--by", "Sam Lee"]);
    assert_eq!(refusal.status.code(), Some(2));
    assert!(
        stderr(&refusal).contains("Confirm or change the answer carried over for standard P9f")
    );

    let mut args = vec!["confirm", id.as_str()];
    args.extend(carried.iter().map(String::as_str));
    args.extend(["--by", "Sam Lee"]);
    let confirmed = fixture.ok(&args);
    assert!(
        confirmed.starts_with("Confirmed as carried over: standard "),
        "{confirmed}"
    );
    let leftovers = started.show()["review"]["blocking"].clone();
    // Only what carried answers need beyond confirming (e.g. a lead) is left.
    for finding in leftovers.as_array().expect("blocking") {
        assert_ne!(finding["field"], "carried_from", "{finding}");
    }
}

/// The answerable ids of any framework, from the catalogue.
fn answerable_ids_of(db: &Path, framework: &str) -> Vec<String> {
    let catalogue = json(&prevent_sa(db, &["catalogue", framework, "--json"]));
    catalogue["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["sub_points"].as_array().is_none_or(Vec::is_empty))
        .map(|e| e["id"].as_str().expect("id").to_owned())
        .collect()
}
