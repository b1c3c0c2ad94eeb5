//! The annual report to the board as a person and poppler read it: every
//! section and figure found by pdftotext, the same bytes every time, and a
//! draft that says so.

use std::process::Command;

use prevent_core::board::BoardReportRecord;
use prevent_report::sample::board_record;
use prevent_report::{Stamp, render_board_report};

fn stamp(record: &BoardReportRecord, sealed: bool) -> Stamp {
    Stamp {
        digest: record.digest(),
        certificate_fingerprint: sealed.then(|| "AB:CD:EF".to_owned()),
        certificate_subject: sealed
            .then(|| "Northshire NHS Trust (Prevent Self-Assessment)".to_owned()),
    }
}

fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("board.pdf");
    std::fs::write(&path, pdf).expect("written");
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// pdftotext's words with runs of white space as one space.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_section_and_figure_is_in_the_text() {
    let record = board_record(true);
    let pdf = render_board_report(&record, &stamp(&record, true)).expect("drawn");
    // BOARD_REPORT_PDF=FILE keeps the PDF, to look at it as a person would.
    if let Some(path) = std::env::var_os("BOARD_REPORT_PDF") {
        std::fs::write(path, &pdf).expect("kept");
    }
    let text = words(&text_of(&pdf));
    for expected in [
        "Annual Prevent report to the board, 2026",
        "Northshire",
        "Accountable Prevent lead Dr Priya Shah",
        "Assessments completed and signed this year",
        "Action plan progress",
        "Training compliance by level",
        "Trend across the year",
        "Prevent referrals made",
        "7 Prevent referrals made in 2026.",
        "5 to Channel panels",
        "Significant incidents",
        "One significant incident in the emergency department",
        "Adequate resources are available to meet the core standards",
        "Partly",
        "level 3 trainer post is vacant",
        "Other Prevent-related activity",
        "Prevent awareness week in October",
        "Sign-off",
        "How to check this report",
        "board-report-record.json",
        &record.digest(),
        // Training on the last date: 902 of 1000, and 58 of 70 (82.8%),
        // 2 short of 85%.
        "90.2%",
        "82.8%",
        "Not met: 2 more staff needed",
        // The trend's first date: 812 of 1000.
        "81.2%",
        // The plan: 3 high-priority actions, 1 completed, 2 open, 1 overdue.
        "High 3 3 1 2 1",
        "All 6 6 2 4 1",
        "The year is the calendar year, 1 January to 31 December.",
        "Percentages are shown to one decimal place, rounded down",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    assert!(!text.contains("DRAFT"), "a signed report is no draft");
}

#[test]
fn a_draft_says_so() {
    let record = board_record(false);
    let pdf = render_board_report(&record, &stamp(&record, false)).expect("drawn");
    let text = text_of(&pdf);
    assert!(text.contains("DRAFT"));
    assert!(text.contains("This report is a draft."));
    assert!(text.contains("not sealed and cannot be verified"));
}

#[test]
fn the_same_record_gives_the_same_bytes_and_another_record_others() {
    let record = board_record(true);
    let first = render_board_report(&record, &stamp(&record, true)).expect("drawn");
    let second = render_board_report(&record, &stamp(&record, true)).expect("drawn");
    assert_eq!(first, second);
    let mut changed = record.clone();
    changed.narrative.incidents = changed.narrative.incidents.replace("May", "June");
    let third = render_board_report(&changed, &stamp(&changed, true)).expect("drawn");
    assert_ne!(first, third);
}

#[test]
fn the_readings_printed_are_the_records_own() {
    let mut record = board_record(true);
    record.readings = vec!["A reading of an earlier version.".to_owned()];
    let pdf = render_board_report(&record, &stamp(&record, true)).expect("drawn");
    let text = words(&text_of(&pdf));
    assert!(text.contains("A reading of an earlier version."), "{text}");
    assert!(!text.contains("The year is the calendar year"), "{text}");
}

#[test]
fn the_record_reads_back_as_written() {
    let record = board_record(true);
    let bytes = record.to_canonical_json();
    let read = BoardReportRecord::from_canonical_json(&bytes).expect("reads back");
    assert_eq!(read, record);
    assert_eq!(read.to_canonical_json(), bytes);
}

#[test]
fn a_layout_it_cannot_draw_is_refused() {
    let mut record = board_record(true);
    record.layout = 99;
    assert!(render_board_report(&record, &stamp(&record, true)).is_err());
}

/// The bytes of the sample board report in board layout 1. A sealed board
/// report is checked by drawing its record again, so an issued layout must
/// never change: put any change to the drawing in a new board layout (bump
/// `BOARD_LAYOUT_VERSION`, keep the old drawing) and pin it here. If only
/// the sample or the framework data changed, update the digest alone.
const SAMPLE_BOARD_REPORT_SHA256: &str =
    "2532d8b2e90c3a8b10b16ce4cdb40d05747a3d82b74a2898fd031a35a91e77e5";

#[test]
fn board_layout_1_is_pinned() {
    use sha2::{Digest, Sha256};
    assert_eq!(prevent_report::BOARD_LAYOUT_VERSION, 1);
    let record = board_record(true);
    let bytes = render_board_report(&record, &stamp(&record, true)).expect("drawn");
    let digest: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        digest, SAMPLE_BOARD_REPORT_SHA256,
        "board layout 1's bytes changed: an issued layout must draw the same bytes for ever; put the change in a new layout"
    );
}
