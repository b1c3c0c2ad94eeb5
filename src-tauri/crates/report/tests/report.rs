//! The report as readers and tools see it: rendered from the sample record to
//! a file, then read back with poppler (pdftotext, pdftoppm, pdfinfo), qpdf
//! and lopdf.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use prevent_core::AssessmentRecord;
use prevent_core::catalogue::Framework;
use prevent_core::record::{RecordAuditRow, RecordFramework};
use prevent_report::sample::{
    HOSTILE_COMMENT, complete_record, complete_record_in_layout, hostile_word,
};
use prevent_report::{ReportError, Stamp, render};

const FINGERPRINT: &str = "3F:9A:12:C4:7B:E0:55:81:2D:6C:A9:0E:B3:47:F2:18:64:D5:0A:9E:C1:73:2B:8F:E6:40:19:AD:5C:F7:82:3E";

fn stamp(record: &AssessmentRecord) -> Stamp {
    let sealed = record.is_signed();
    Stamp {
        digest: record.digest(),
        certificate_fingerprint: sealed.then(|| FINGERPRINT.to_owned()),
        certificate_subject: sealed
            .then(|| "Northshire NHS Foundation Trust (Prevent Self-Assessment)".to_owned()),
    }
}

/// A rendered report on disk, removed when dropped.
struct Rendered {
    _dir: tempfile::TempDir,
    path: PathBuf,
    bytes: Vec<u8>,
}

fn rendered(record: &AssessmentRecord) -> Rendered {
    let bytes = render(record, &stamp(record)).expect("renders");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &bytes).expect("written");
    Rendered {
        _dir: dir,
        path,
        bytes,
    }
}

fn run(program: &str, args: &[&str], file: &Path) -> (bool, String, String) {
    let output = Command::new(program)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn text(report: &Rendered, args: &[&str]) -> String {
    let output = Command::new("pdftotext")
        .args(args)
        .args(["-enc", "UTF-8"])
        .arg(&report.path)
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

fn page_text(report: &Rendered, page: usize) -> String {
    let n = page.to_string();
    text(report, &["-f", &n, "-l", &n])
}

/// Wrapped text breaks lines: compare with all runs of white space as one space.
fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn page_count(report: &Rendered) -> usize {
    let (ok, stdout, stderr) = run("pdfinfo", &[], &report.path);
    assert!(ok, "{stderr}");
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// A copy of a framework that forgets what it worked out from its old self.
fn fresh(framework: &Framework) -> Framework {
    serde_json::from_value(serde_json::to_value(framework).expect("serialises"))
        .expect("deserialises")
}

#[test]
fn a_signed_report_shows_every_entry_action_and_signatory() {
    let record = complete_record(30, 2);
    let report = rendered(&record);
    let all = normalised(&text(&report, &[]));
    for entry in record.framework().entry_list() {
        assert!(
            all.contains(&normalised(&entry.text)),
            "missing entry {}",
            entry.label
        );
    }
    for action in &record.actions {
        assert!(
            all.contains(&normalised(&action.action)),
            "missing action {}",
            action.action
        );
        assert!(all.contains(&normalised(&action.objective)));
    }
    for signatory in &record.signatories {
        assert!(all.contains(&signatory.name), "{}", signatory.name);
        assert!(all.contains(&signatory.role), "{}", signatory.role);
    }
    assert!(all.contains("21 November 2026 at 14:05 UTC"));
    assert!(all.contains(&record.digest()), "the full digest is printed");
    assert!(all.contains(FINGERPRINT.split(':').next().unwrap_or_default()));
    let pages = page_count(&report);
    assert!(all.contains(&format!("Page 1 of {pages}")));
    assert!(all.contains(&format!("Page {pages} of {pages}")));
    assert!(!all.contains("DRAFT"));
    assert!(all.contains("prevent-sa verify FILE.pdf"));
    assert!(all.contains("pdfsig FILE.pdf"));
    assert!(all.contains("assessment-record.json"));
}

#[test]
fn a_draft_says_draft_on_every_page_and_cannot_be_verified() {
    let record = complete_record(6, 0);
    let report = rendered(&record);
    let pages = page_count(&report);
    for page in 1..=pages {
        assert!(page_text(&report, page).contains("DRAFT"), "page {page}");
    }
    let all = normalised(&text(&report, &[]));
    assert!(all.contains("No one has signed off this self-assessment"));
    assert!(all.contains("This draft is not sealed and cannot be verified"));
    assert!(!all.contains("pdfsig FILE.pdf"));
}

#[test]
fn every_page_renders_and_the_file_is_sound() {
    for record in [complete_record(30, 2), complete_record(3, 0)] {
        let report = rendered(&record);
        let dir = tempfile::tempdir().expect("temp dir");
        let prefix = dir.path().join("page");
        let output = Command::new("pdftoppm")
            .args(["-r", "30", "-png"])
            .arg(&report.path)
            .arg(&prefix)
            .output()
            .expect("pdftoppm runs");
        assert!(output.status.success());
        assert_eq!(String::from_utf8_lossy(&output.stderr), "");
        let images = std::fs::read_dir(dir.path()).expect("pages").count();
        assert_eq!(images, page_count(&report));

        let (ok, stdout, stderr) = run("qpdf", &["--check"], &report.path);
        assert!(ok, "{stdout}{stderr}");
        assert!(
            stdout.contains("No syntax or stream encoding errors"),
            "{stdout}"
        );
    }
}

#[test]
fn the_benchmark_report_stays_small() {
    let report = rendered(&complete_record(30, 2));
    let pages = page_count(&report);
    println!(
        "complete_record(30, 2): {} bytes, {pages} pages",
        report.bytes.len()
    );
    assert!(
        report.bytes.len() <= 100 * 1024,
        "{} bytes",
        report.bytes.len()
    );
}

#[test]
fn the_same_record_gives_the_same_bytes() {
    let record = complete_record(12, 2);
    let first = render(&record, &stamp(&record)).expect("renders");
    let second = render(&record, &stamp(&record)).expect("renders");
    assert!(first == second, "two renders in one process differ");

    let mut other_stamp = stamp(&record);
    other_stamp.digest = "0".repeat(64);
    let other = render(&record, &other_stamp).expect("renders");
    assert!(other != first, "another digest gives another file");

    let mut changed = record.clone();
    changed.assessment.assessor = "Sam Lee".to_owned();
    assert!(render(&changed, &stamp(&changed)).expect("renders") != first);
}

#[test]
fn the_items_table_heading_repeats_on_every_page_it_spans() {
    let record = complete_record(30, 2);
    let report = rendered(&record);
    let framework = record.framework();
    let pages: Vec<String> = (1..=page_count(&report))
        .map(|p| normalised(&page_text(&report, p)))
        .collect();
    let first_item = normalised(&framework.parts[0].entries[0].text);
    let start = pages
        .iter()
        .position(|p| p.contains(&first_item))
        .expect("first item");
    let end = pages
        .iter()
        .position(|p| {
            framework
                .parts
                .last()
                .and_then(|c| c.intro.as_ref())
                .is_some_and(|q| p.contains(q.as_str()))
        })
        .expect("checklist");
    assert!(
        end > start + 1,
        "the items table spans pages {start}..{end}"
    );
    for (index, page) in pages.iter().enumerate().take(end + 1).skip(start) {
        for column in &framework.parts[0].columns {
            assert!(
                page.contains(&normalised(&column.label)),
                "page {} lacks the heading {}",
                index + 1,
                column.label
            );
        }
    }
}

#[test]
fn the_layout_comes_from_the_framework() {
    let mut record = complete_record(8, 1);
    let mut framework = fresh(record.framework());
    // Drop the third section (the checklist is the last part).
    let dropped: Vec<String> = framework
        .parts
        .remove(2)
        .entries
        .iter()
        .map(|i| i.text.clone())
        .collect();
    let old_lead_label = framework.parts[0].columns[5].label.clone();
    for part in framework.parts.iter_mut().take(2) {
        for (index, column) in part.columns.iter_mut().skip(2).enumerate() {
            column.label = format!("Test column {}", index + 1);
        }
        part.columns.remove(2);
        part.entry_label = "Standard".to_owned();
    }
    framework.scales[0].values[0].label = "Fully met".to_owned();
    framework.scales[1].values[2].label = "Missing from policy".to_owned();
    if let Some(checklist) = framework.parts.last_mut() {
        checklist.heading = "Policy contents (test)".to_owned();
    }
    framework.action_plan_template.title = "Improvement plan (test)".to_owned();
    for column in &mut framework.action_plan_template.columns {
        column.label = format!("Plan {}", column.label.to_uppercase());
    }
    framework.parts[0].heading = "Section 1: Governance (test)".to_owned();
    record.framework = RecordFramework::Current(framework);

    let report = rendered(&record);
    let all = normalised(&text(&report, &[]));
    for label in [
        "Test column 2",
        "Test column 5",
        "Standard 1",
        "Fully met",
        "Missing from policy",
        "Policy contents (test)",
        "Improvement plan (test)",
        "Plan OBJECTIVES",
        "Section 1: Governance (test)",
    ] {
        assert!(all.contains(label), "missing {label}");
    }
    assert!(
        !all.contains("Test column 1"),
        "a removed column is not printed"
    );
    assert!(!all.contains(&normalised(&old_lead_label)));
    for item in dropped {
        assert!(
            !all.contains(&normalised(&item)),
            "dropped section printed: {item}"
        );
    }
}

#[test]
fn a_column_the_report_cannot_fill_is_an_error() {
    let mut record = complete_record(2, 0);
    let mut framework = fresh(record.framework());
    framework.action_plan_template.columns[0].id = "signature_image".to_owned();
    record.framework = RecordFramework::Current(framework);
    assert!(matches!(
        render(&record, &stamp(&record)),
        Err(ReportError::UnknownPlanColumn { .. })
    ));
}

#[test]
fn hostile_text_is_printed_whole_and_as_typed() {
    let record = complete_record(4, 1);
    let report = rendered(&record);
    let raw = text(&report, &[]);
    let all = normalised(&raw);
    let before_word = HOSTILE_COMMENT
        .strip_suffix(hostile_word())
        .expect("ends with the word");
    // The tick the font cannot draw is printed as its code point, never as
    // an empty box.
    assert!(before_word.contains('\u{2713}'));
    let as_printed = before_word.replace('\u{2713}', "[U+2713]");
    assert!(all.contains(&normalised(&as_printed)), "{all}");
    assert!(!all.contains('\u{25A1}'), "no empty box");
    // The 120-character word is cut between lines, never hyphenated.
    let joined: String = raw.split_whitespace().collect();
    assert_eq!(hostile_word().chars().count(), 120);
    assert!(joined.contains(hostile_word()));
    assert!(!all.contains(&format!("{}-", &hostile_word()[..10])));
}

#[test]
fn a_row_taller_than_a_page_is_split_between_lines_and_loses_nothing() {
    let mut record = complete_record(2, 1);
    let long: String = (1..=700).map(|n| format!("word{n} ")).collect();
    let answer = record
        .answers
        .iter_mut()
        .find(|a| a.entry_id == "2")
        .expect("item 2");
    answer.comment = long.clone();
    let report = rendered(&record);
    // Every word, in order; the running footer and header come between the pages.
    let all = normalised(&text(&report, &[]));
    let mut from = 0;
    for word in long.split_whitespace() {
        let at = all[from..]
            .find(&format!("{word} "))
            .unwrap_or_else(|| panic!("{word} is missing or out of order"));
        from += at + word.len();
    }
    let pages = page_count(&report);
    let holding: Vec<usize> = (1..=pages)
        .filter(|&p| page_text(&report, p).contains("word"))
        .collect();
    assert!(
        holding.len() >= 2,
        "the comment runs over pages {holding:?}"
    );
}

#[test]
fn text_reads_in_order_with_and_without_layout() {
    let record = complete_record(30, 2);
    let report = rendered(&record);
    let pages = page_count(&report);
    for args in [vec![], vec!["-layout"]] {
        let mut with_pages = args.clone();
        with_pages.extend(["-f", "2"]);
        let body = normalised(&text(&report, &with_pages));
        let mut last = 0;
        for heading in [
            "Summary",
            "Responses by part",
            "Actions by priority and status",
            "Answers",
            "Evidence",
            record.framework().action_plan_template.title.as_str(),
            "Sign-off",
            "By signing off, each person named below confirms",
            "Appendix: audit trail",
            "How to check this report",
            "1. With Prevent Self-Assessment",
            "2. In Adobe Acrobat Reader",
            "3. With poppler",
        ] {
            let at = body[last..]
                .find(heading)
                .unwrap_or_else(|| panic!("{heading} after {last} ({args:?})"));
            last += at + heading.len();
        }
        let layout_page = normalised(&text(
            &report,
            &[args.as_slice(), &["-f", &pages.to_string()]].concat(),
        ));
        assert!(layout_page.contains(&record.digest()));
    }
}

#[test]
fn the_document_is_described_and_identified_by_its_record() {
    let record = complete_record(5, 2);
    let report = rendered(&record);
    let (ok, info, _) = run("pdfinfo", &[], &report.path);
    assert!(ok);
    assert!(info.contains("Title:           Prevent self-assessment, 14 November 2026"));
    assert!(info.contains("Author:          Northshire NHS Foundation Trust"));
    assert!(info.contains("PDF version:     1.7"));
    assert!(info.contains("Page size:       595.28 x 841.89 pts (A4)"));

    let pdf = lopdf::Document::load_mem(&report.bytes).expect("lopdf reads it");
    let catalog = pdf.catalog().expect("catalog");
    assert_eq!(
        catalog
            .get(b"Lang")
            .and_then(lopdf::Object::as_str)
            .expect("lang"),
        b"en-GB"
    );
    assert!(catalog.get(b"Outlines").is_ok(), "bookmarks");
    let id = pdf
        .trailer
        .get(b"ID")
        .and_then(lopdf::Object::as_array)
        .expect("id");
    let digest = record.digest();
    let expected: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&digest[2 * i..2 * i + 2], 16).expect("hex"))
        .collect();
    for half in id {
        assert_eq!(half.as_str().expect("string"), expected.as_slice());
    }
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|r| pdf.get_dictionary(r))
        .expect("info");
    let created = info
        .get(b"CreationDate")
        .and_then(lopdf::Object::as_str)
        .expect("date");
    assert_eq!(
        created,
        record
            .prepared_at
            .format("D:%Y%m%d%H%M%S+00'00'")
            .to_string()
            .as_bytes()
    );
    assert!(
        !String::from_utf8_lossy(&report.bytes).contains("/Metadata"),
        "no XMP"
    );

    // The sealing step reads pages back with lopdf: every stream decodes.
    for (_, page) in pdf.get_pages() {
        let stream = pdf
            .get_dictionary(page)
            .and_then(|d| d.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .and_then(|r| pdf.get_object(r))
            .and_then(lopdf::Object::as_stream)
            .expect("a content stream");
        assert_eq!(
            stream
                .dict
                .get(b"Filter")
                .and_then(lopdf::Object::as_name)
                .expect("filter"),
            b"FlateDecode"
        );
        let content = stream.decompressed_content().expect("content decodes");
        assert!(!content.is_empty());
        let operations = lopdf::content::Content::decode(&content).expect("content parses");
        assert!(operations.operations.len() > 10);
    }
}

#[test]
fn fonts_are_embedded_and_subset() {
    let report = rendered(&complete_record(3, 1));
    let (ok, fonts, _) = run("pdffonts", &[], &report.path);
    assert!(ok);
    let lines: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(lines.len(), 2, "{fonts}");
    for line in lines {
        assert!(line.contains("+LiberationSans"), "{line}");
        assert!(line.contains("CID TrueType"));
        let flags: Vec<&str> = line.split_whitespace().collect();
        // emb, sub and uni columns.
        assert_eq!(
            &flags[flags.len() - 5..flags.len() - 2],
            ["yes", "yes", "yes"]
        );
    }
}

/// The bytes of the sample report in each layout. A sealed PDF is checked by
/// drawing its record again with the layout the record names and comparing
/// every byte, so a layout, once issued, must never change: any change to
/// the drawing goes into a new layout (bump `LAYOUT_VERSION`, keep the old
/// drawing for older records) and gets its own digest here. If you changed
/// only the sample or the framework data, update the digests alone.
const SAMPLE_REPORT_SHA256: [(u32, &str); 3] = [
    (
        1,
        "363de050ec6b86bbdac89d17a2073dbd8b18f110f0fd342aeb35b881a2aac70d",
    ),
    (
        2,
        "46f589db4f27875196cc736ff1d17efe9bea15e850e333834b200c7703dd41fb",
    ),
    (
        3,
        "52589f196c0045c03423aa00fe0c196872fbef8830299bcaf8452a16fb3f942a",
    ),
];

#[test]
fn each_layouts_drawing_is_pinned() {
    use sha2::{Digest, Sha256};
    let mut found = Vec::new();
    for layout in prevent_report::OLDEST_LAYOUT..=prevent_report::LAYOUT_VERSION {
        let record = complete_record_in_layout(30, 2, layout);
        assert_eq!(record.layout(), layout);
        let bytes = render(&record, &stamp(&record)).expect("renders");
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let catalog = format!("/{} {layout}", prevent_report::LAYOUT_KEY);
        assert!(
            bytes
                .windows(catalog.len())
                .any(|window| window == catalog.as_bytes()),
            "layout {layout} is named in the catalog"
        );
        found.push((layout, digest));
    }
    let pinned: Vec<(u32, String)> = SAMPLE_REPORT_SHA256
        .iter()
        .map(|(layout, digest)| (*layout, (*digest).to_owned()))
        .collect();
    assert_eq!(
        found, pinned,
        "a layout's bytes changed: an issued layout must draw the same bytes for ever; put the change in a new layout"
    );
}

#[test]
fn a_layout_this_version_cannot_draw_is_an_error_not_a_guess() {
    let mut record = complete_record(2, 1);
    record.layout = Some(prevent_report::LAYOUT_VERSION + 1);
    assert!(matches!(
        render(&record, &stamp(&record)),
        Err(ReportError::UnknownLayout { .. })
    ));
    record.layout = Some(0);
    assert!(render(&record, &stamp(&record)).is_err());
}

#[test]
fn a_row_no_report_would_have_is_refused_not_cut_page_after_page() {
    let mut record = complete_record(2, 1);
    record.answers[0].comment = "a\n".repeat(6_000);
    let started = std::time::Instant::now();
    assert!(matches!(
        render(&record, &stamp(&record)),
        Err(ReportError::RowTooLong)
    ));
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    // The longest a comment may be typed still draws.
    record.answers[0].comment = "Reviewed. ".repeat(500);
    assert!(render(&record, &stamp(&record)).is_ok());
}

/// The titles of the document's bookmarks, in the order they are written.
fn bookmark_titles(bytes: &[u8]) -> Vec<String> {
    let pdf = lopdf::Document::load_mem(bytes).expect("lopdf reads it");
    let mut titles: Vec<(lopdf::ObjectId, String)> = pdf
        .objects
        .iter()
        .filter_map(|(id, object)| {
            let dictionary = object.as_dict().ok()?;
            dictionary.get(b"Parent").ok()?;
            let title = dictionary
                .get(b"Title")
                .and_then(lopdf::Object::as_str)
                .ok()?;
            let text = match title {
                [0xFE, 0xFF, rest @ ..] => String::from_utf16_lossy(
                    &rest
                        .chunks(2)
                        .map(|pair| u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]))
                        .collect::<Vec<_>>(),
                ),
                latin => latin.iter().map(|&b| char::from(b)).collect(),
            };
            Some((*id, text))
        })
        .collect();
    titles.sort();
    titles.into_iter().map(|(_, title)| title).collect()
}

#[test]
fn the_training_section_shows_the_reporting_date_the_table_and_each_levels_percent() {
    let record = prevent_report::sample::core_standards_record(6, 2);
    let figures = record
        .training
        .as_ref()
        .and_then(|t| t.figures.as_ref())
        .expect("the sample carries figures");
    let report = rendered(&record);
    // TRAINING_REPORT_PDF=FILE keeps the PDF, to look at it as a person would.
    if let Some(path) = std::env::var_os("TRAINING_REPORT_PDF") {
        std::fs::write(path, &report.bytes).expect("kept");
    }
    let all = normalised(&text(&report, &[]));
    let section = all
        .split("Training compliance")
        .last()
        .expect("the section's heading");
    for expected in [
        "Reporting date 31 October 2026",
        "Training stays in date for 3 years",
        "They bear on Standard T0 and Standard T3 in the answers",
        "Level 1 and 2 (basic Prevent awareness)",
        "Level 3 (Awareness of Prevent)",
        "Registered nurses \u{2014} adult wards",
        "Not met: 16 more staff needed",
        "Trend across reporting dates",
        "30 Apr 2026",
        "the dashed line marks the 85% target",
    ] {
        assert!(section.contains(expected), "missing {expected:?}");
    }
    for level in &figures.levels {
        let percent = level.compliance.as_shown().percent_text();
        assert!(
            section.matches(&percent).count() >= 2,
            "{percent} in the table and beside the bar"
        );
    }
    for reading in &figures.readings {
        assert!(section.contains(&normalised(reading)), "{reading}");
    }
    // Placed after the answers and before the evidence, in the contents
    // and the bookmarks alike.
    let cover = normalised(&page_text(&report, 1));
    let contents = |title: &str| cover.find(title).expect(title);
    assert!(contents("How to meet the standard") < contents("Training compliance"));
    assert!(contents("Training compliance") < contents("Evidence"));
    let bookmarks = bookmark_titles(&report.bytes);
    let at = |title: &str| {
        bookmarks
            .iter()
            .position(|b| b == title)
            .unwrap_or_else(|| panic!("no bookmark {title:?} in {bookmarks:?}"))
    };
    assert!(at("How to meet the standard") < at("Training compliance"));
    assert!(at("Training compliance") < at("Evidence"));
}

#[test]
fn a_training_section_draws_the_same_bytes_every_time() {
    let record = prevent_report::sample::core_standards_record(6, 2);
    let first = render(&record, &stamp(&record)).expect("renders");
    assert!(first == render(&record, &stamp(&record)).expect("renders"));
    let mut changed = record.clone();
    if let Some(figures) = changed.training.as_mut().and_then(|t| t.figures.as_mut()) {
        figures.levels[1].compliance.in_date += 1;
    }
    assert!(
        render(&changed, &stamp(&changed)).expect("renders") != first,
        "a changed figure changes the file"
    );
}

#[test]
fn no_figures_recorded_is_said_in_one_sentence_and_no_record_draws_no_section() {
    let mut record = prevent_report::sample::core_standards_record(6, 2);
    record.training = Some(prevent_core::record::training::RecordTraining { figures: None });
    let all = normalised(&text(&rendered(&record), &[]));
    assert!(all.contains(
        "No training figures are shown: when this report was prepared, Northshire NHS \
         Foundation Trust had no reporting date with figures for every staff group of its \
         training needs analysis."
    ));
    assert!(!all.contains("Reporting date"));

    // A record sealed before records carried training: no section at all.
    record.training = None;
    let report = rendered(&record);
    let all = normalised(&text(&report, &[]));
    assert!(!all.contains("Training compliance"), "{all}");
    assert!(!bookmark_titles(&report.bytes).contains(&"Training compliance".to_owned()));
}

#[test]
fn a_record_carries_training_only_where_its_framework_shows_it() {
    // Without figures the canonical JSON has no trace of them, so records
    // sealed before keep their bytes and their digests.
    let old = complete_record(6, 2);
    let old_json = String::from_utf8(old.to_canonical_json()).expect("UTF-8");
    assert!(!old_json.contains("\"training\""));
    let read_back = |bytes: &[u8]| {
        AssessmentRecord::from_canonical_json(bytes)
            .expect("reads back")
            .to_canonical_json()
    };
    assert_eq!(read_back(old_json.as_bytes()), old_json.as_bytes());

    let record = prevent_report::sample::core_standards_record(6, 2);
    let bytes = record.to_canonical_json();
    assert_eq!(read_back(&bytes), bytes);
    assert!(
        String::from_utf8_lossy(&bytes)
            .contains("\"training\":{\"figures\":{\"as_of\":\"2026-10-31\"")
    );

    // Figures in the record of a framework that shows none are refused.
    let mut wrong = old.clone();
    wrong.training = record.training.clone();
    let error =
        AssessmentRecord::from_canonical_json(&wrong.to_canonical_json()).expect_err("refused");
    assert!(error.to_string().contains("training figures"), "{error}");
}

/// The sample record in `layout` with what the newcomer of issue 15 met: an
/// audit trail recording statuses, the framework, dates and a priority, and
/// a checklist answer with a lead, a date for completion and a review date
/// that has passed.
fn newcomers_record(layout: u32) -> AssessmentRecord {
    let mut record = complete_record_in_layout(30, 2, layout);
    let framework_id = record.framework().id.clone();
    let checklist = record
        .answers
        .iter_mut()
        .find(|a| a.entry_id == "C1")
        .expect("the sample answers checklist entry C1");
    checklist.lead = "Head of Human Resources".to_owned();
    checklist.due_date = NaiveDate::from_ymd_opt(2027, 1, 15);
    checklist.review_date = NaiveDate::from_ymd_opt(2026, 3, 1);
    let last = record.audit.last().expect("the sample has a trail").clone();
    let row = |seq: i64, entity: &str, field: &str, old: Option<&str>, new: &str| RecordAuditRow {
        seq,
        entity: entity.to_owned(),
        entry_id: None,
        field: field.to_owned(),
        old_value: old.map(str::to_owned),
        new_value: Some(new.to_owned()),
        ..last.clone()
    };
    let next = last.seq + 1;
    record.audit.extend([
        row(next, "assessment", "framework_id", None, &framework_id),
        row(
            next + 1,
            "assessment",
            "assessment_date",
            Some("2026-11-13"),
            "2026-11-20",
        ),
        row(
            next + 2,
            "assessment",
            "status",
            Some("in_progress"),
            "complete",
        ),
        row(
            next + 3,
            "action",
            "status",
            Some("not_started"),
            "in_progress",
        ),
        row(next + 4, "action", "priority", Some("low"), "high"),
        row(next + 5, "action", "rule", None, "core-partial"),
    ]);
    record
}

#[test]
fn layout_3_prints_what_the_app_shows_and_counts_as_it_counts() {
    let record = newcomers_record(prevent_report::LAYOUT_VERSION);
    assert_eq!(record.layout(), 3);
    let report = rendered(&record);
    if let Some(path) = std::env::var_os("LAYOUT_3_REPORT_PDF") {
        std::fs::write(path, &report.bytes).expect("the sample is written");
    }
    let all = normalised(&text(&report, &[]));

    // The audit appendix: labels, not stored values.
    let appendix = &all[all.rfind("Appendix: audit trail").expect("appendix")..];
    for internal in [
        "in_progress",
        "not_started",
        "framework_id",
        "framework id",
        "assessment_date",
        "2026-11-20",
        "prevent-toolkit-2011",
    ] {
        assert!(
            !appendix.contains(internal),
            "the appendix prints {internal}"
        );
    }
    let framework = &record.framework().title;
    for shown in [
        format!("Framework: (none) \u{2192} {}", normalised(framework)),
        "Date of assessment: 13 November 2026 \u{2192} 20 November 2026".to_owned(),
        "Status: In progress \u{2192} Complete".to_owned(),
        "Status: Not started \u{2192} In progress".to_owned(),
        "Priority: Low \u{2192} High".to_owned(),
        // Who set an action's priority, and its gap, in words.
        "Priority set by: (none) \u{2192} The framework's priority rules (core-partial)".to_owned(),
    ] {
        assert!(appendix.contains(&shown), "the appendix lacks {shown}");
    }
    assert!(appendix.contains("Sign-off Signed off: (none)"));
    assert!(appendix.contains("Assessment details Created: (none)"));
    let changes = format!("{} changes, oldest first", record.audit.len());
    assert!(appendix.contains(&changes), "{changes}");
    assert!(!appendix.contains("recorded fields"));

    // The checklist: the lead, the date for completion, a passed review date.
    // (pdftotext reads a row's wrapped lines after the next row's first.)
    let checklist = &all[all.find("Checklist entry C1").expect("C1")..];
    let checklist = &checklist[..checklist.find("Checklist entry C3").expect("C3")];
    for shown in [
        "Lead: Head of Human Resources",
        "Date for completion: 15 January 2027",
        "1 Mar 2026",
        "Passed",
    ] {
        assert!(checklist.contains(shown), "C1 lacks {shown}: {checklist}");
    }
    assert_eq!(
        all.matches("Passed").count(),
        1,
        "only C1's review date has passed"
    );

    // The check page names the app's own screen.
    let check = &all[all.rfind("How to check this report").expect("check page")..];
    assert!(check.contains("In the app, choose \u{201C}Check a PDF\u{201D} on the home screen"));
    assert!(check.contains("prevent-sa verify FILE.pdf"));
}

#[test]
fn layout_2_records_still_print_what_they_printed() {
    let report = rendered(&newcomers_record(2));
    let all = normalised(&text(&report, &[]));
    assert!(all.contains("recorded fields in"));
    assert!(all.contains("status: in_progress \u{2192} complete"));
    assert!(!all.contains("Passed"));
    assert!(!all.contains("Lead: Head of Human Resources"));
}
