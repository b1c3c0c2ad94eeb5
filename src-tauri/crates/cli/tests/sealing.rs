//! Sign-off, the sealed PDF and its checks through the built `prevent-sa`,
//! read back with the tools auditors use: pdftotext, pdftoppm, qpdf and
//! poppler's pdfsig. `cargo xtask setup` installs them; a test fails, never
//! skips, when one is missing.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{Fixture, TOOLKIT, command, complete, dump, signed};
use serde_json::Value;
use tempfile::TempDir;

fn tool(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} must be installed (cargo xtask setup): {e}"))
}

fn text_of(pdf: &Path) -> String {
    let output = tool("pdftotext", &[pdf.to_str().expect("path"), "-"]);
    assert!(output.status.success(), "pdftotext failed");
    normalise(&String::from_utf8_lossy(&output.stdout))
}

/// Wrapped text breaks lines anywhere: compare with single spaces.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Status 2, one line on stderr, nothing written.
fn assert_refused(fixture: &Fixture, args: &[&str], expected: &str) {
    let before = dump(&fixture.db);
    let output = fixture.run(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr:?}");
    assert!(
        stderr.contains(expected),
        "{args:?}: {stderr:?} should mention {expected:?}"
    );
    assert_eq!(dump(&fixture.db), before, "{args:?} wrote to the database");
}

#[test]
fn a_signed_report_reads_back_in_every_tool() {
    let fixture = signed();
    let pdf = fixture.export("signed.pdf");
    let again = fixture.export("again.pdf");
    assert_eq!(
        std::fs::read(&pdf).expect("read"),
        std::fs::read(&again).expect("read"),
        "exporting twice gives the same bytes"
    );

    let text = text_of(&pdf);
    let catalogue: Value =
        serde_json::from_str(&fixture.ok(&["catalogue", TOOLKIT, "--json"])).expect("JSON");
    for entry in catalogue["entries"].as_array().expect("entries") {
        let wording = normalise(entry["text"].as_str().expect("text"));
        assert!(text.contains(&wording), "the report lacks {wording:?}");
    }
    let plan: Value =
        serde_json::from_str(&fixture.ok(&["plan", &fixture.assessment, "--json"])).expect("JSON");
    for action in plan.as_array().expect("actions") {
        let wording = normalise(action["action"].as_str().expect("action"));
        assert!(
            text.contains(&wording),
            "the report lacks the action {wording:?}"
        );
    }
    for signatory in [
        "Dr Priya Shah",
        "Accountable Prevent lead",
        "Alex Morgan",
        "Assessor",
    ] {
        assert!(text.contains(signatory), "the report lacks {signatory}");
    }
    assert!(!text.contains("DRAFT"), "a signed report is not a draft");

    let pages = tool(
        "pdftoppm",
        &[
            "-r",
            "20",
            "-png",
            pdf.to_str().expect("path"),
            fixture.path("page").to_str().expect("path"),
        ],
    );
    assert!(pages.status.success());
    assert!(
        pages.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&pages.stderr)
    );
    let check = tool("qpdf", &["--check", pdf.to_str().expect("path")]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    let pdfsig = tool("pdfsig", &[pdf.to_str().expect("path")]);
    let said = String::from_utf8_lossy(&pdfsig.stdout);
    assert!(said.contains("Signature is Valid."), "{said}");
    assert!(said.contains("Total document signed"), "{said}");

    let verified = fixture.run(&["verify", pdf.to_str().expect("path")]);
    let out = String::from_utf8_lossy(&verified.stdout);
    assert_eq!(verified.status.code(), Some(0), "{out}");
    assert!(out.starts_with("Valid"), "{out}");
    assert!(out.contains("this installation's own certificate"), "{out}");
    assert!(out.contains("Dr Priya Shah"), "{out}");
}

#[test]
fn verify_elsewhere_trusts_only_what_was_trusted() {
    let fixture = signed();
    let pdf = fixture.export("signed.pdf");
    let certificate = fixture.path("northshire.pem");
    fixture.ok(&[
        "key",
        "export",
        "--out",
        certificate.to_str().expect("path"),
    ]);

    let auditor = TempDir::new().expect("auditor");
    let auditor_db = auditor.path().join("auditor.sqlite3");
    let run = |args: &[&str]| command(&auditor_db).args(args).output().expect("run");
    let unknown = run(&["verify", pdf.to_str().expect("path")]);
    assert_eq!(unknown.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&unknown.stdout).contains("unknown certificate"),
        "{}",
        String::from_utf8_lossy(&unknown.stdout)
    );
    assert!(!auditor_db.exists(), "verify creates no database");

    let trusted = run(&["key", "trust", certificate.to_str().expect("path")]);
    assert!(
        trusted.status.success(),
        "{}",
        String::from_utf8_lossy(&trusted.stderr)
    );
    let now_trusted = run(&["verify", pdf.to_str().expect("path")]);
    assert_eq!(now_trusted.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&now_trusted.stdout).contains("a certificate you trust"),
        "{}",
        String::from_utf8_lossy(&now_trusted.stdout)
    );
}

#[test]
fn verify_says_altered_or_not_sealed_with_status_1_and_unreadable_with_2() {
    let fixture = signed();
    let pdf = fixture.export("signed.pdf");
    let bytes = std::fs::read(&pdf).expect("read");

    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x20;
    let flipped_path = fixture.path("flipped.pdf");
    std::fs::write(&flipped_path, &flipped).expect("write");
    let out = fixture.run(&["verify", flipped_path.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Altered"));
    let pdfsig = tool("pdfsig", &[flipped_path.to_str().expect("path")]);
    assert!(
        !String::from_utf8_lossy(&pdfsig.stdout).contains("Signature is Valid."),
        "pdfsig notices too"
    );

    let resaved = fixture.path("resaved.pdf");
    let qpdf = tool(
        "qpdf",
        &[pdf.to_str().expect("path"), resaved.to_str().expect("path")],
    );
    assert!(qpdf.status.code().is_some_and(|c| c == 0 || c == 3));
    let out = fixture.run(&["verify", resaved.to_str().expect("path")]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Altered"));
    assert!(
        text_of(&resaved).contains("Dr Priya Shah"),
        "the re-saved file kept the text"
    );

    let draft_fixture = complete();
    let draft = draft_fixture.export("draft.pdf");
    assert!(text_of(&draft).contains("DRAFT"));
    let out = draft_fixture.run(&["verify", draft.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Not sealed"));

    let not_pdf = fixture.path("notes.pdf");
    std::fs::write(&not_pdf, "meeting notes, not a PDF").expect("write");
    let out = fixture.run(&["verify", not_pdf.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    let missing = fixture.run(&[
        "verify",
        fixture.path("missing.pdf").to_str().expect("path"),
    ]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn signing_locks_and_a_new_version_leaves_the_sealed_one_verifiable() {
    let fixture = complete();
    let id = fixture.assessment.clone();
    let reopened = complete();
    reopened.ok(&["reopen", &reopened.assessment]);
    assert_refused(
        &reopened,
        &[
            "sign",
            &reopened.assessment,
            "--name",
            "Dr Priya Shah",
            "--role",
            "Lead",
        ],
        "Only a complete assessment can be signed off",
    );
    fixture.ok(&[
        "sign",
        &id,
        "--name",
        "Dr Priya Shah",
        "--role",
        "Accountable Prevent lead",
        "--on-behalf",
    ]);
    assert_refused(
        &fixture,
        &["answer", &id, "2", "--comment", "changed after sign-off"],
        "Start a new version",
    );
    assert_refused(&fixture, &["reopen", &id], "signed off and sealed");
    assert_refused(
        &fixture,
        &[
            "sign",
            &id,
            "--name",
            "Dr Priya Shah",
            "--role",
            "Lead",
            "--on-behalf",
        ],
        "has already signed",
    );
    assert_refused(
        &fixture,
        &[
            "sign",
            &id,
            "--name",
            "Someone",
            "--role",
            "Lead",
            "--at",
            "yesterday",
        ],
        "RFC 3339",
    );
    assert_refused(
        &fixture,
        &[
            "export-pdf",
            &id,
            "--out",
            "/proc/no-such-folder/report.pdf",
        ],
        "Cannot write",
    );
    let sealed_pdf = fixture.export("sealed.pdf");

    let next = fixture.ok(&["new-version", &id]).trim().to_owned();
    assert_ne!(next, id);
    fixture.ok(&[
        "answer",
        &next,
        "2",
        "--comment",
        "changed in the new version",
    ]);
    let again = fixture.export("sealed-again.pdf");
    assert_eq!(
        std::fs::read(&sealed_pdf).expect("read"),
        std::fs::read(&again).expect("read")
    );
    let out = fixture.run(&["verify", sealed_pdf.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(0));

    let chain = fixture.run(&["audit", &id, "--verify"]);
    assert_eq!(chain.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&chain.stdout).starts_with("Intact"));
}

#[test]
fn the_chain_check_finds_an_audit_row_edited_in_the_file() {
    let fixture = complete();
    let id = fixture.assessment.clone();
    let conn = rusqlite::Connection::open(&fixture.db).expect("open");
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET new_value = 'yes' WHERE seq = (SELECT min(seq) FROM audit_log WHERE field = 'response' AND new_value = 'no');",
    )
    .expect("edit behind the app's back");
    drop(conn);
    let out = fixture.run(&["audit", &id, "--verify"]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.starts_with("Broken"), "{said}");
    assert!(said.contains("changed since it was written"), "{said}");
}
