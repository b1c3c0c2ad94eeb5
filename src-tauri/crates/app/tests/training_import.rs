//! Importing a training export (CSV or Excel) through the application
//! layer on a real SQLite file: the counts shown before saving, the mapping
//! remembered, malformed rows listed by line, bad files refused with
//! nothing written, and no person-level value ever reaching the database.

mod common;

use std::sync::Arc;

use chrono::NaiveDate;
use common::{alex, at, db, today};
use prevent_app::training::FiguresInput;
use prevent_app::training_import::{ImportPreview, ImportRequest};
use prevent_app::{ActorSource, AppError, FixedClock, Ledger, Service};
use prevent_core::ErrorKind;
use prevent_core::training::{FiguresSource, OrganisationAuditEntity, TrainingLevel, match_key};
use prevent_core::training_import::{ImportMapping, MalformedKind};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use tempfile::TempDir;

const TRUST: &str = "Northshire Community NHS Trust";
const MAP: &str =
    "group=Staff Group,l12=Prevent L1-2 completed,l3=Prevent L3 completed,person=Assignment Number";

/// Person numbers, spellings and dates no other value in the database has.
const CSV: &str = "\
Assignment Number,Staff Group,Prevent L1-2 completed,Prevent L3 completed
ZQ-481516-A,  eSTATES and FACILITIES ,17/03/2025,
ZQ-623342-B,Estates and facilities,2019-02-11,
ZQ-905511-C,Registered Nurses,23/08/2025,09/09/2024
ZQ-777001-D,registered nurses,23/08/2025,
ZQ-777002-E,Registered nurses,23/08/2025,31/13/2024
ZQ-777003-F,Porters united,23/08/2025,
ZQ-905511-C,Registered nurses,23/08/2025,14/10/2025
";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn service(dir: &TempDir) -> Service {
    let ledger = Ledger::open(&db(dir), at(0)).expect("open");
    let mut service = Service::new(
        ledger,
        Arc::new(FixedClock {
            now: at(1),
            today: today(),
        }),
        ActorSource::Given(alex()),
    );
    service
        .set_training_group(TRUST, "Estates and facilities", TrainingLevel::Basic)
        .expect("estates");
    service
        .set_training_group(TRUST, "Registered nurses", TrainingLevel::Level3)
        .expect("nurses");
    service
}

fn request<'a>(file_name: &'a str, bytes: &'a [u8], map: Option<&str>) -> ImportRequest<'a> {
    ImportRequest {
        organisation: TRUST,
        as_of: date(2026, 10, 31),
        file_name,
        bytes,
        mapping: map.map(|m| ImportMapping::parse(m).expect("mapping")),
    }
}

fn preview(service: &Service, file_name: &str, bytes: &[u8], map: Option<&str>) -> ImportPreview {
    service
        .preview_training_import(&request(file_name, bytes, map))
        .expect("preview")
}

/// Every text value of every row of every table, one per line.
fn every_text_value(dir: &TempDir) -> String {
    let conn = rusqlite::Connection::open(db(dir)).expect("open");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("tables");
    let mut out = String::new();
    for table in tables {
        let mut statement = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("select");
        let columns = statement.column_count();
        let mut rows = statement.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            for index in 0..columns {
                match row.get_ref(index).expect("value") {
                    rusqlite::types::ValueRef::Text(text) => {
                        out.push_str(&String::from_utf8_lossy(text));
                    }
                    rusqlite::types::ValueRef::Blob(blob) => {
                        out.push_str(&String::from_utf8_lossy(blob));
                    }
                    other => out.push_str(&format!("{other:?}")),
                }
                out.push('\n');
            }
        }
    }
    out
}

fn counts(preview: &ImportPreview) -> Vec<(&str, u32, u32)> {
    preview
        .counts
        .figures
        .iter()
        .map(|f| (f.group.as_str(), f.headcount, f.in_date))
        .collect()
}

#[test]
fn a_csv_export_is_counted_shown_then_saved_as_counts_only() {
    let dir = TempDir::new().expect("dir");
    let mut service = service(&dir);
    let before = every_text_value(&dir);
    let shown = preview(
        &service,
        "/exports/esr-october.csv",
        CSV.as_bytes(),
        Some(MAP),
    );
    // Counting writes nothing: the dry run.
    assert_eq!(every_text_value(&dir), before);

    assert_eq!(shown.file_name, "esr-october.csv");
    assert_eq!(
        shown.sha256,
        prevent_core::digest::sha256_hex(CSV.as_bytes())
    );
    assert_eq!(shown.columns.len(), 4);
    assert!(!shown.mapping_remembered);
    // Estates: 2019 is out of date, 2025 in. Nurses: line 4 in date at
    // level 3 (line 8 is the same person again, with a later date: counted
    // once), line 5 has no level-3 date (counted, not in date), line 6's
    // date is not a date.
    assert_eq!(
        counts(&shown),
        [
            ("Estates and facilities", 2, 1),
            ("Registered nurses", 2, 1)
        ]
    );
    assert_eq!(shown.counts.rows_read, 7);
    assert_eq!(shown.counts.rows_counted, 5);
    assert_eq!(shown.counts.people_counted, 4);
    let listed: Vec<(u64, MalformedKind, bool)> = shown
        .counts
        .malformed
        .iter()
        .map(|m| (m.line, m.kind, m.counted))
        .collect();
    assert_eq!(
        listed,
        [
            (5, MalformedKind::NoDate, true),
            (6, MalformedKind::NotADate, false),
            (7, MalformedKind::UnknownGroup, false),
        ]
    );
    assert!(shown.readings[0].starts_with("Only the counts are kept"));

    let saved = service.save_training_import(&shown).expect("saved");
    assert!(saved.mapping_changed);
    let view = service.training_view(TRUST, None).expect("view");
    assert_eq!(view.as_of, Some(date(2026, 10, 31)));
    assert_eq!(
        view.groups[0].source,
        FiguresSource::Imported {
            file_name: "esr-october.csv".to_owned(),
            sha256: shown.sha256.clone(),
        }
    );

    // No person number, completion date or spelling from the rows is in
    // the database: only counts, the file's name and its SHA-256.
    let stored = every_text_value(&dir);
    for value in [
        "ZQ-",
        "481516",
        "905511",
        "17/03/2025",
        "2025-03-17",
        "2019-02-11",
        "09/09/2024",
        "2024-09-09",
        "23/08/2025",
        "2025-08-23",
        "14/10/2025",
        "31/13/2024",
        "eSTATES",
        "Porters united",
    ] {
        assert!(!stored.contains(value), "{value} reached the database");
    }
    assert!(stored.contains("esr-october.csv"));
}

#[test]
fn the_mapping_is_remembered_for_next_months_file_and_its_changes_audited() {
    let dir = TempDir::new().expect("dir");
    let mut service = service(&dir);
    let october = preview(&service, "october.csv", CSV.as_bytes(), Some(MAP));
    service.save_training_import(&october).expect("october");

    let november_csv = CSV.replace("2019-02-11", "2026-11-02");
    let mut november_request = request("november.csv", november_csv.as_bytes(), None);
    november_request.as_of = date(2026, 11, 21);
    let november = service
        .preview_training_import(&november_request)
        .expect("remembered mapping");
    assert!(november.mapping_remembered);
    assert_eq!(november.mapping, ImportMapping::parse(MAP).expect("map"));
    assert_eq!(counts(&november)[0], ("Estates and facilities", 2, 2));
    let saved = service.save_training_import(&november).expect("november");
    assert!(!saved.mapping_changed);

    // Another mapping, without the person column, replaces it.
    let other = "group=staff group,l12=prevent l1-2 completed,l3=prevent l3 completed";
    let changed = preview(&service, "october.csv", CSV.as_bytes(), Some(other));
    assert!(!changed.mapping_remembered);
    service.save_training_import(&changed).expect("changed");

    let trail = service
        .ledger()
        .organisation_audit_trail(&match_key(TRUST))
        .expect("trail");
    let mappings: Vec<(Option<&str>, Option<&str>)> = trail
        .iter()
        .filter(|r| r.entity == OrganisationAuditEntity::TrainingImportMapping)
        .map(|r| (r.old_value.as_deref(), r.new_value.as_deref()))
        .collect();
    assert_eq!(mappings, [(None, Some(MAP)), (Some(MAP), Some(other)),]);
    // Figures per group per reporting date, imported, in the trail too.
    assert!(trail.iter().any(|r| {
        r.entity == OrganisationAuditEntity::TrainingFigures
            && r.entry_id.as_deref() == Some("2026-11-21 Registered nurses")
            && r.field == "source"
            && r.new_value
                .as_deref()
                .is_some_and(|v| v.starts_with("imported from november.csv (SHA-256 "))
    }));
    let check = service
        .ledger()
        .store()
        .verify_organisation_audit_chain(&match_key(TRUST))
        .expect("chain");
    assert!(check.broken.is_none(), "{check:?}");
}

fn xlsx_export() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let format = Format::new().set_num_format("dd/mm/yyyy");
    let header = [
        "Assignment Number",
        "Staff Group",
        "Prevent L1-2 completed",
        "Prevent L3 completed",
    ];
    // The header on the sheet's third row, as some reports have it.
    for (col, name) in header.iter().enumerate() {
        sheet.write_string(2, col as u16, *name).expect("header");
    }
    let when = |y, m, d| ExcelDateTime::from_ymd(y, m, d).expect("date");
    sheet.write_string(3, 0, "ZQ-481516-A").expect("cell");
    sheet
        .write_string(3, 1, "Estates and Facilities")
        .expect("cell");
    sheet
        .write_datetime_with_format(3, 2, when(2025, 3, 17), &format)
        .expect("date");
    sheet.write_number(4, 0, 905511).expect("cell");
    sheet.write_string(4, 1, "Registered nurses").expect("cell");
    sheet
        .write_datetime_with_format(4, 3, when(2024, 9, 9), &format)
        .expect("date");
    sheet.write_string(5, 1, "Registered nurses").expect("cell");
    sheet
        .write_string(5, 3, "2026-12-01")
        .expect("future date as text");
    sheet.write_string(6, 1, "Registered nurses").expect("cell");
    sheet
        .write_number(6, 3, 45321)
        .expect("a number, not a date");
    workbook.save_to_buffer().expect("xlsx")
}

#[test]
fn an_excel_export_is_read_from_its_date_cells_with_rows_numbered_as_excel_does() {
    let dir = TempDir::new().expect("dir");
    let mut service = service(&dir);
    let bytes = xlsx_export();
    let shown = preview(&service, "esr.xlsx", &bytes, Some(MAP));
    // Row 6's date is after the reporting date: counted, not in date.
    assert_eq!(
        counts(&shown),
        [
            ("Estates and facilities", 1, 1),
            ("Registered nurses", 2, 1)
        ]
    );
    let listed: Vec<(u64, MalformedKind)> = shown
        .counts
        .malformed
        .iter()
        .map(|m| (m.line, m.kind))
        .collect();
    assert_eq!(
        listed,
        [(6, MalformedKind::FutureDate), (7, MalformedKind::NotADate)]
    );
    service.save_training_import(&shown).expect("saved");
    let stored = every_text_value(&dir);
    for value in ["ZQ-481516", "905511", "2025-03-17", "2024-09-09", "45321"] {
        assert!(!stored.contains(value), "{value} reached the database");
    }
}

fn refused(service: &Service, request: &ImportRequest<'_>) -> AppError {
    service
        .preview_training_import(request)
        .expect_err("refused")
}

#[test]
fn bad_files_and_mappings_are_refused_and_nothing_is_written() {
    let dir = TempDir::new().expect("dir");
    let service = service(&dir);
    let before = every_text_value(&dir);
    let cases: Vec<(ImportRequest<'_>, &str)> = vec![
        (
            request(
                "a.csv",
                CSV.as_bytes(),
                Some("group=Role,l12=Prevent L1-2 completed,l3=Prevent L3 completed"),
            ),
            "The mapping names the column \"Role\" for the staff group, but the file has no such column (its columns: Assignment Number; Staff Group;",
        ),
        (
            request(
                "a.csv",
                CSV.as_bytes(),
                Some("group=Staff Group,l12=Prevent L1-2 completed"),
            ),
            "Registered nurses need level 3, but the mapping names no column for its completion dates: add l3=COLUMN.",
        ),
        (
            request("a.csv", b"", Some(MAP)),
            "Cannot import a.csv: the file is empty.",
        ),
        (request("a.csv", b"\n\n", Some(MAP)), "it has no header row"),
        (
            request(
                "a.csv",
                b"Assignment Number,Staff Group,Prevent L1-2 completed,Prevent L3 completed\n",
                Some(MAP),
            ),
            "The file has a header but no rows to count.",
        ),
        (
            request("a.csv", CSV.as_bytes(), None),
            "No mapping was given and none is remembered",
        ),
        (
            ImportRequest {
                as_of: date(2026, 11, 22),
                ..request("a.csv", CSV.as_bytes(), Some(MAP))
            },
            "The reporting date 2026-11-22 is after today",
        ),
    ];
    for (request, expected) in cases {
        let error = refused(&service, &request);
        assert_eq!(error.kind, ErrorKind::InvalidInput, "{error}");
        assert!(error.message.contains(expected), "{expected}\n{error}");
    }
    assert_eq!(every_text_value(&dir), before);
}

#[test]
fn a_workbook_that_declares_a_huge_expansion_is_refused_before_it_is_read() {
    let dir = TempDir::new().expect("dir");
    let service = service(&dir);
    let mut bomb = xlsx_export();
    // Every entry now says it expands to 4 GB.
    for (signature, offset) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
        let starts: Vec<usize> = bomb
            .windows(4)
            .enumerate()
            .filter(|(_, w)| w == signature)
            .map(|(i, _)| i)
            .collect();
        for start in starts {
            bomb[start + offset..start + offset + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        }
    }
    let error = refused(&service, &request("bomb.xlsx", &bomb, Some(MAP)));
    assert!(
        error
            .message
            .starts_with("Cannot import bomb.xlsx: its contents expand to more than"),
        "{error}"
    );
    // Truncated, or not a workbook at all.
    let whole = xlsx_export();
    for bytes in [&whole[..whole.len() / 2], b"PK\x03\x04 not really"] {
        let error = refused(&service, &request("cut.xlsx", bytes, Some(MAP)));
        assert!(
            error
                .message
                .starts_with("Cannot import cut.xlsx: it is not a readable Excel workbook"),
            "{error}"
        );
    }
}

#[test]
fn a_preview_made_before_the_analysis_changed_is_not_saved() {
    let dir = TempDir::new().expect("dir");
    let mut service = service(&dir);
    let shown = preview(&service, "october.csv", CSV.as_bytes(), Some(MAP));
    service
        .set_training_group(TRUST, "Porters united", TrainingLevel::Basic)
        .expect("porters");
    let error = service.save_training_import(&shown).expect_err("stale");
    assert!(
        error
            .message
            .contains("has changed since october.csv was counted"),
        "{error}"
    );
    assert!(
        service
            .training_view(TRUST, None)
            .expect("view")
            .as_of
            .is_none()
    );
}

#[test]
fn groups_the_file_has_no_rows_for_keep_the_figures_typed_for_that_date() {
    let dir = TempDir::new().expect("dir");
    let mut service = service(&dir);
    for group in ["Volunteers", "Chaplaincy"] {
        service
            .set_training_group(TRUST, group, TrainingLevel::Basic)
            .expect("group");
    }
    // Typed by hand for the reporting date the file is counted on.
    service
        .record_training_figures(&FiguresInput {
            organisation: TRUST.to_owned(),
            as_of: date(2026, 10, 31),
            group: "Volunteers".to_owned(),
            headcount: 12,
            in_date: 11,
        })
        .expect("typed");
    let trail_of = |service: &Service, entry: &str| {
        service
            .ledger()
            .organisation_audit_trail(&match_key(TRUST))
            .expect("trail")
            .into_iter()
            .filter(|r| r.entity == OrganisationAuditEntity::TrainingFigures)
            .filter(|r| r.entry_id.as_deref() == Some(entry))
            .count()
    };
    let typed_rows = trail_of(&service, "2026-10-31 Volunteers");

    let shown = preview(&service, "october.csv", CSV.as_bytes(), Some(MAP));
    let unchanged: Vec<(&str, &str)> = shown
        .counts
        .unchanged
        .iter()
        .map(|u| (u.group.as_str(), u.reason.as_str()))
        .collect();
    assert_eq!(
        unchanged,
        [
            ("Volunteers", "no rows in the file: figures unchanged"),
            ("Chaplaincy", "no rows in the file: figures unchanged"),
        ]
    );
    let saved = service.save_training_import(&shown).expect("saved");
    let recorded: Vec<&str> = saved
        .recorded
        .iter()
        .map(|r| r.figures.group.as_str())
        .collect();
    assert_eq!(recorded, ["Estates and facilities", "Registered nurses"]);

    // Volunteers keep what was typed; Chaplaincy still has no figures.
    let view = service
        .training_view(TRUST, Some(date(2026, 10, 31)))
        .expect("view");
    let volunteers = view
        .groups
        .iter()
        .find(|g| g.group == "Volunteers")
        .expect("volunteers");
    assert_eq!(
        (
            volunteers.compliance.headcount,
            volunteers.compliance.in_date
        ),
        (12, 11)
    );
    assert_eq!(volunteers.source, FiguresSource::Entered);
    assert_eq!(view.groups_without_figures, ["Chaplaincy"]);
    // The trail says nothing was imported for them.
    assert_eq!(trail_of(&service, "2026-10-31 Volunteers"), typed_rows);
    assert_eq!(trail_of(&service, "2026-10-31 Chaplaincy"), 0);
    assert!(trail_of(&service, "2026-10-31 Registered nurses") > 0);

    // A file that counts nobody in any group is not saved.
    let nobody = "Assignment Number,Staff Group,Prevent L1-2 completed,Prevent L3 completed\nZQ-1,Porters united,2025-01-01,\n";
    let shown = preview(&service, "nobody.csv", nobody.as_bytes(), Some(MAP));
    assert!(shown.counts.figures.is_empty());
    let error = service
        .save_training_import(&shown)
        .expect_err("nothing to save");
    assert_eq!(
        error.message,
        "nobody.csv counts nobody in any staff group of the training needs analysis of Northshire Community NHS Trust: nothing was saved."
    );
}
