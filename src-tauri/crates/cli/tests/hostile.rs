//! `prevent-sa` against files and text that try to turn it against the
//! person using it, as an adversarial review did: every file reader given a
//! FIFO or /dev/zero, every attack PDF checked under a memory limit, escape
//! sequences in a checked file's record, a link planted where an export is
//! written, a PEM of several certificates, and text the report cannot print.

mod common;

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Fixture, command, complete, dump, key_folder, signed};
use prevent_core::record::AssessmentRecord;

impl Fixture {
    /// The record sealed at the latest sign-off, read from the file itself.
    fn sealed_record(&self) -> AssessmentRecord {
        let conn = rusqlite::Connection::open(&self.db).expect("open");
        let bytes: Vec<u8> = conn
            .query_row(
                "SELECT record FROM sign_offs ORDER BY position DESC LIMIT 1",
                [],
                |row| row.get(0),
            )
            .expect("a sealed record");
        AssessmentRecord::from_canonical_json(&bytes).expect("readable")
    }
}

/// Runs `command`, killing it and failing if it takes longer than `limit`.
fn within(mut command: Command, limit: Duration) -> Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} was still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn every_reader_refuses_a_fifo_and_a_device_without_waiting() {
    let fixture = complete();
    let fifo = fixture.path("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    for special in [fifo.to_str().expect("path"), "/dev/zero"] {
        let id = fixture.assessment.clone();
        for args in [
            vec!["verify", special],
            vec![
                "evidence", "add", &id, "1", "--title", "Policy", "--file", special,
            ],
            vec!["key", "import", special],
            vec!["key", "trust", special],
            vec!["key", "import", "/etc/hostname", "--password-file", special],
        ] {
            let before = dump(&fixture.db);
            let mut run = command(&fixture.db);
            run.args(&args);
            let output = within(run, Duration::from_secs(20));
            let stderr = text(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(
                stderr.contains("not an ordinary file"),
                "{args:?}: {stderr}"
            );
            assert_eq!(dump(&fixture.db), before, "{args:?} wrote");
        }
    }
}

#[test]
fn verify_answers_every_attack_within_a_memory_limit() {
    let fixture = signed();
    let sealed = std::fs::read(fixture.export("signed.pdf")).expect("read");
    for (index, attack) in prevent_seal::attacks::corpus(&sealed).iter().enumerate() {
        let file = fixture.path(&format!("attack-{index}.pdf"));
        std::fs::write(&file, &attack.bytes).expect("write");
        // 1 GB of address space: a process that tried to hold one of these
        // files' claims would abort here rather than grow.
        let mut run = Command::new("sh");
        run.arg("-c")
            .arg("ulimit -v 1048576; exec \"$@\"")
            .arg("sh")
            .arg(env!("CARGO_BIN_EXE_prevent-sa"))
            .arg("--db")
            .arg(&fixture.db)
            .arg("verify")
            .arg(&file)
            .env("XDG_DATA_HOME", common::data_home(&fixture.db));
        let output = within(run, Duration::from_secs(120));
        assert!(
            matches!(output.status.code(), Some(1 | 2)),
            "{}: {:?}\n{}{}",
            attack.name,
            output.status,
            text(&output.stdout),
            text(&output.stderr)
        );
        if output.status.code() == Some(2) {
            assert_eq!(
                text(&output.stderr).lines().count(),
                1,
                "{}: one line",
                attack.name
            );
        }
    }
}

/// A PDF carrying `record` as its attachment, drawn from it, unsigned.
fn carrying(record: &AssessmentRecord) -> Vec<u8> {
    let bytes = record.to_canonical_json();
    let stamp = prevent_report::Stamp {
        digest: prevent_core::record::sha256_hex(&bytes),
        certificate_fingerprint: None,
        certificate_subject: None,
    };
    let pdf = prevent_report::render(record, &stamp).expect("render");
    prevent_seal::seal(
        &pdf,
        &prevent_seal::Attachment {
            file_name: prevent_core::record::RECORD_FILE_NAME,
            mime: "application/json",
            bytes: &bytes,
            description: "record",
        },
        None,
    )
    .expect("attach")
}

#[test]
fn escape_sequences_from_a_checked_file_are_shown_not_obeyed() {
    let fixture = signed();
    let mut record = fixture.sealed_record();
    let attack = "\r\u{1b}[4A\u{1b}[JValid: unchanged since it was signed off";
    record.assessment.organisation = format!("Northshire{attack}");
    record.signatories[0].name = "Dr Priya Shah\u{9b}2J\u{202e}".to_owned();
    let file = fixture.path("escapes.pdf");
    std::fs::write(&file, carrying(&record)).expect("write");
    for json in [false, true] {
        let mut args = vec!["verify", file.to_str().expect("path")];
        if json {
            args.push("--json");
        }
        let output = fixture.run(&args);
        assert_eq!(output.status.code(), Some(1));
        let out = text(&output.stdout);
        for hidden in ['\u{1b}', '\r', '\u{9b}', '\u{202e}'] {
            assert!(!out.contains(hidden), "{hidden:?} printed raw: {out:?}");
        }
        if json {
            let value: serde_json::Value = serde_json::from_str(&out).expect("still JSON");
            assert_eq!(value["outcome"], "altered");
        } else {
            assert!(out.starts_with("Altered"), "{out}");
            assert!(out.contains("Northshire\\r\\e[4A\\e[JValid"), "{out}");
            assert!(out.contains("What the file claims"), "{out}");
        }
    }
}

#[test]
fn control_characters_are_refused_when_typed_and_escaped_when_already_stored() {
    let fixture = Fixture::with_assessment();
    let before = dump(&fixture.db);
    for (args, named) in [
        (
            vec![
                "new",
                "--framework",
                common::TOOLKIT,
                "--organisation",
                "\u{1b}[31mNorthshire",
                "--assessor",
                "Alex Morgan",
                "--date",
                "2026-11-20",
            ],
            "U+001B",
        ),
        (
            vec![
                "answer",
                &fixture.assessment,
                "2",
                "--lead",
                "Team \u{202e}lanoitaN",
            ],
            "U+202E",
        ),
        (
            vec!["answer", &fixture.assessment, "2", "--comment", "Team 😀"],
            "U+1F600",
        ),
        (
            vec!["answer", &fixture.assessment, "2", "--lead", "שלום"],
            "right to left",
        ),
    ] {
        let output = fixture.run(&args);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(named), "{args:?}: {stderr}");
        assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    }
    assert_eq!(dump(&fixture.db), before, "nothing written");

    // Text written before the rule (here, behind the app's back) is shown
    // escaped by every command that prints it.
    let conn = rusqlite::Connection::open(&fixture.db).expect("open");
    conn.execute(
        "UPDATE assessments SET organisation = 'Northshire' || char(13, 27) || '[2K'",
        [],
    )
    .expect("planted");
    drop(conn);
    for args in [vec!["list"], vec!["show", &fixture.assessment]] {
        let out = fixture.ok(&args);
        assert!(!out.contains('\u{1b}') && !out.contains('\r'), "{out:?}");
        assert!(out.contains("Northshire\\r\\e[2K"), "{out}");
    }
}

#[test]
fn an_export_replaces_a_planted_link_and_never_writes_through_it() {
    let fixture = signed();
    let victim = fixture.path("victim.txt");
    std::fs::write(&victim, "precious").expect("write");
    let report = fixture.path("report.pdf");
    for link in [
        fixture.path(".report.pdf.prevent-sa-partial"),
        report.clone(),
    ] {
        std::os::unix::fs::symlink(&victim, &link).expect("plant");
    }
    fixture.ok(&[
        "export-pdf",
        &fixture.assessment,
        "--out",
        report.to_str().expect("path"),
        "--force",
    ]);
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
    assert!(
        !std::fs::symlink_metadata(&report)
            .expect("there")
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read(&report).expect("read").starts_with(b"%PDF-"));
    // Without --force a link at the target is refused like a file.
    let dangling = fixture.path("dangling.pdf");
    std::os::unix::fs::symlink(fixture.path("nowhere.pdf"), &dangling).expect("plant");
    let output = fixture.run(&[
        "export-pdf",
        &fixture.assessment,
        "--out",
        dangling.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!fixture.path("nowhere.pdf").exists());
}

#[test]
fn trusting_a_pem_of_several_certificates_trusts_and_lists_each() {
    let fixture = complete();
    let when = chrono::Utc::now() - chrono::Duration::days(1);
    let first = prevent_seal::SigningIdentity::generate("Eastshire NHS Trust", when).expect("key");
    let second = prevent_seal::SigningIdentity::generate("Westshire ICB", when).expect("key");
    let pem = fixture.path("two.pem");
    std::fs::write(
        &pem,
        format!(
            "{}{}",
            first.certificate().to_pem(),
            second.certificate().to_pem()
        ),
    )
    .expect("write");
    let out = fixture.ok(&["key", "trust", pem.to_str().expect("path")]);
    for identity in [&first, &second] {
        assert!(out.contains(&identity.certificate().fingerprint), "{out}");
    }
    assert!(out.contains("2 certificates"), "{out}");
    let shown = fixture.ok(&["key", "show"]);
    assert!(
        shown.contains("Eastshire") && shown.contains("Westshire"),
        "{shown}"
    );
}

#[test]
fn a_sign_off_says_who_recorded_it_and_when() {
    let fixture = complete();
    let id = fixture.assessment.clone();
    // The login name is not the signatory: confirmation is needed.
    let refused = fixture.run(&[
        "sign",
        &id,
        "--name",
        "Dr Priya Shah",
        "--role",
        "Accountable Prevent lead",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    let said = text(&refused.stderr);
    assert!(
        said.contains("on their behalf") && said.contains("--on-behalf"),
        "{said}"
    );

    // When the assessment was marked complete, from its audit trail.
    let trail: serde_json::Value =
        serde_json::from_str(&fixture.ok(&["audit", &id, "--json"])).expect("JSON");
    let completed = trail
        .as_array()
        .expect("rows")
        .iter()
        .rev()
        .find(|row| row["field"] == "status" && row["new_value"] == "complete")
        .and_then(|row| row["at"].as_str())
        .expect("marked complete")
        .to_owned();
    let completed_at: chrono::DateTime<chrono::Utc> = completed.parse().expect("time");
    let before = (completed_at - chrono::Duration::days(1)).to_rfc3339();
    let future = (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339();
    for (at, words) in [
        (&before, "before the assessment was marked complete"),
        (&future, "in the future"),
    ] {
        let output = fixture.run(&[
            "sign",
            &id,
            "--name",
            "Dr Priya Shah",
            "--role",
            "Lead",
            "--on-behalf",
            "--at",
            at,
        ]);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            text(&output.stderr).contains(words),
            "{}",
            text(&output.stderr)
        );
    }

    // Signed on paper when it was marked complete; recorded a moment later,
    // by the login name, on her behalf.
    std::thread::sleep(Duration::from_millis(1100));
    let paper = completed_at.to_rfc3339();
    let recording_started = chrono::Utc::now();
    fixture.ok(&[
        "sign",
        &id,
        "--name",
        "Dr Priya Shah",
        "--role",
        "Accountable Prevent lead",
        "--on-behalf",
        "--at",
        &paper,
    ]);
    let trail: serde_json::Value =
        serde_json::from_str(&fixture.ok(&["audit", &id, "--json"])).expect("JSON");
    let sign_off_rows: Vec<&serde_json::Value> = trail
        .as_array()
        .expect("rows")
        .iter()
        .filter(|row| row["entity"] == "sign_off")
        .collect();
    assert!(
        sign_off_rows
            .iter()
            .all(|row| row["actor"] == common::LOGIN),
        "{sign_off_rows:?}"
    );
    for row in &sign_off_rows {
        let at: chrono::DateTime<chrono::Utc> =
            row["at"].as_str().expect("at").parse().expect("time");
        assert!(
            at >= recording_started - chrono::Duration::seconds(1),
            "the audit row carries the real time of recording, not the signing time: {row}"
        );
    }
    assert!(
        sign_off_rows.iter().any(|row| row["field"] == "signed_at"),
        "the earlier signing time is recorded: {sign_off_rows:?}"
    );
    assert!(
        sign_off_rows
            .iter()
            .any(|row| row["field"] == "recorded_on_behalf_of"
                && row["new_value"] == "Dr Priya Shah"),
        "{sign_off_rows:?}"
    );

    let pdf = fixture.export("signed.pdf");
    let output = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (cargo xtask setup)");
    let words: String = text(&output.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains(&format!("by {} on behalf of Dr Priya Shah", common::LOGIN)),
        "{words}"
    );
    assert!(words.contains("Recorded in the app"), "{words}");
    let verified = fixture.run(&["verify", pdf.to_str().expect("path")]);
    assert_eq!(
        verified.status.code(),
        Some(0),
        "{}",
        text(&verified.stdout)
    );
    assert!(text(&verified.stdout).contains("on their behalf"));
}

#[test]
fn verify_exits_3_for_a_report_this_version_cannot_redraw() {
    let fixture = signed();
    let key = prevent_seal::SigningIdentity::load(&key_folder(&fixture.db))
        .expect("readable")
        .expect("the key is in the person's own folder, not beside the database");
    assert!(!fixture.path("signing").exists());
    let genuine = fixture.sealed_record();
    let mut newer = genuine.clone();
    newer.layout = Some(prevent_report::LAYOUT_VERSION + 1);
    let pdf = prevent_app::sample::forge(&genuine, &newer, &key, genuine.signing_time(), |_| {})
        .expect("forged");
    let file = fixture.path("newer.pdf");
    std::fs::write(&file, pdf).expect("write");
    let output = fixture.run(&["verify", file.to_str().expect("path")]);
    let out = text(&output.stdout);
    assert_eq!(output.status.code(), Some(3), "{out}");
    assert!(out.starts_with("Partly checked"), "{out}");
    assert!(
        out.contains(&format!("layout {}", prevent_report::LAYOUT_VERSION + 1)),
        "{out}"
    );
}
