//! The training and board report use cases as the window calls them, on a
//! real SQLite file: a reporting date's figures saved all or none, the
//! needs analysis returned whole after each change, an uploaded export read
//! for its columns, counted once mapped and saved only when it is the file
//! whose counts were shown, and the board report's facts gathered.

mod common;

use std::sync::Arc;

use base64::Engine;
use chrono::NaiveDate;
use common::{alex, at, db, today};
use prevent_app::training::GroupCount;
use prevent_app::training_screens::{DateFiguresInput, TrainingExportUpload};
use prevent_app::{ActorSource, FixedClock, Ledger, Service, UploadedFile};
use prevent_core::ErrorKind;
use prevent_core::training::TrainingLevel;
use prevent_core::training_import::ImportMapping;
use tempfile::TempDir;

const TRUST: &str = "Northshire Community NHS Trust";

const CSV: &str = "\
Staff Group,Prevent L1-2 completed,Prevent L3 completed
Estates,17/03/2025,
Estates,,
Registered nurses,23/08/2025,09/09/2025
Registered nurses,23/08/2025,
";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn service(dir: &TempDir) -> Service {
    let ledger = Ledger::open(&db(dir), at(0)).expect("open");
    Service::new(
        ledger,
        Arc::new(FixedClock {
            now: at(1),
            today: today(),
        }),
        ActorSource::Given(alex()),
    )
}

fn with_groups(dir: &TempDir) -> Service {
    let mut service = service(dir);
    service
        .save_training_group(TRUST.into(), "Estates".into(), TrainingLevel::Basic)
        .expect("estates");
    let needs = service
        .save_training_group(
            TRUST.into(),
            "Registered nurses".into(),
            TrainingLevel::Level3,
        )
        .expect("nurses");
    assert_eq!(needs.groups.len(), 2, "returned whole");
    service
}

/// October's figures: Estates 38 of 40, Registered nurses 10 of 20.
fn record_october(service: &mut Service) {
    service
        .record_training_date(DateFiguresInput {
            organisation: TRUST.into(),
            as_of: date(2026, 10, 31),
            groups: vec![
                GroupCount {
                    group: "Estates".into(),
                    headcount: 40,
                    in_date: 38,
                },
                GroupCount {
                    group: "Registered nurses".into(),
                    headcount: 20,
                    in_date: 10,
                },
            ],
        })
        .expect("figures");
}

fn upload(mapping: Option<ImportMapping>, counted: Option<&str>) -> TrainingExportUpload {
    TrainingExportUpload {
        organisation: TRUST.into(),
        as_of: date(2026, 10, 31),
        file: UploadedFile {
            name: "esr-october.csv".into(),
            base64: base64::engine::general_purpose::STANDARD.encode(CSV),
        },
        mapping,
        counted_sha256: counted.map(str::to_owned),
    }
}

fn mapping() -> ImportMapping {
    ImportMapping {
        group: "Staff Group".into(),
        l12: Some("Prevent L1-2 completed".into()),
        l3: Some("Prevent L3 completed".into()),
        person: None,
    }
}

#[test]
fn a_reporting_dates_figures_are_saved_together_or_not_at_all() {
    let dir = TempDir::new().expect("dir");
    let mut service = with_groups(&dir);
    let input = |nurses_in_date| DateFiguresInput {
        organisation: TRUST.into(),
        as_of: date(2026, 10, 31),
        groups: vec![
            GroupCount {
                group: "Estates".into(),
                headcount: 40,
                in_date: 38,
            },
            GroupCount {
                group: "Registered nurses".into(),
                headcount: 20,
                in_date: nurses_in_date,
            },
        ],
    };
    let refused = service
        .record_training_date(input(21))
        .expect_err("more in date than staff");
    assert!(refused.message.contains("Registered nurses"), "{refused}");
    let view = service.get_training(TRUST.into()).expect("view");
    assert_eq!(view.as_of, None, "the valid group was not saved either");

    let view = service.record_training_date(input(17)).expect("saved");
    assert_eq!(view.as_of, Some(date(2026, 10, 31)));
    let overall = view.overall.expect("overall");
    assert_eq!((overall.in_date, overall.headcount), (55, 60));
}

#[test]
fn the_needs_analysis_comes_back_whole_after_each_change() {
    let dir = TempDir::new().expect("dir");
    let mut service = with_groups(&dir);
    let needs = service
        .save_training_validity(TRUST.into(), 1)
        .expect("validity");
    assert_eq!(needs.validity_years, 1);
    let needs = service
        .delete_training_group(TRUST.into(), "estates".into())
        .expect("removed");
    let names: Vec<&str> = needs.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Registered nurses"]);
}

#[test]
fn an_organisation_named_only_by_an_assessment_is_listed_with_nothing_recorded() {
    let dir = TempDir::new().expect("dir");
    let mut service = service(&dir);
    service
        .create_assessment(prevent_core::NewAssessmentInput {
            framework_id: prevent_core::PREVENT_TOOLKIT_2011.to_owned(),
            organisation: "Southshire ICB".to_owned(),
            assessor: "Alex Morgan".to_owned(),
            assessment_date: "2026-11-20".to_owned(),
        })
        .expect("assessment");
    assert_eq!(
        service.list_organisations().expect("list"),
        ["Southshire ICB"]
    );
    let needs = service
        .get_training_needs(" southshire icb".into())
        .expect("empty analysis");
    assert!(needs.groups.is_empty());
    assert_eq!(needs.validity_years, 3);
    let view = service.get_training("Southshire ICB".into()).expect("view");
    assert_eq!(view.as_of, None);
}

#[test]
fn an_upload_shows_its_columns_then_its_counts_and_saves_only_the_file_counted() {
    let dir = TempDir::new().expect("dir");
    let mut service = with_groups(&dir);

    // First file, nothing remembered: its columns, no counts.
    let screen = service
        .read_training_export(upload(None, None))
        .expect("read");
    assert_eq!(
        screen.columns,
        [
            "Staff Group",
            "Prevent L1-2 completed",
            "Prevent L3 completed"
        ]
    );
    assert!(screen.preview.is_none());
    assert!(screen.mapping.is_none());
    assert!(screen.mapping_problem.is_none());

    // A date column a group needs left out: said in the screen's words.
    let partial = ImportMapping {
        l3: None,
        ..mapping()
    };
    let screen = service
        .read_training_export(upload(Some(partial), None))
        .expect("read");
    let problem = screen.mapping_problem.expect("problem");
    assert!(
        problem.starts_with("Choose the column of level 3 completion dates"),
        "{problem}"
    );
    assert!(
        !problem.contains("--map") && !problem.contains("l3="),
        "{problem}"
    );

    // Mapped: the counts, per group and level, before anything is saved.
    let screen = service
        .read_training_export(upload(Some(mapping()), None))
        .expect("counted");
    let counted: Vec<(&str, u32, u32)> = screen
        .groups
        .iter()
        .map(|g| {
            (
                g.group.as_str(),
                g.compliance.headcount,
                g.compliance.in_date,
            )
        })
        .collect();
    assert_eq!(counted, [("Estates", 2, 1), ("Registered nurses", 2, 1)]);
    assert!(screen.preview.is_some());
    assert_eq!(
        service.get_training(TRUST.into()).expect("view").as_of,
        None,
        "nothing saved by counting"
    );

    // Saving another file than the one counted is refused.
    let refused = service
        .save_training_export(upload(Some(mapping()), Some(&"0".repeat(64))))
        .expect_err("another file");
    assert_eq!(refused.kind, ErrorKind::InvalidInput);
    assert_eq!(refused.field.as_deref(), Some("file"));
    assert_eq!(
        service.get_training(TRUST.into()).expect("view").as_of,
        None
    );

    let view = service
        .save_training_export(upload(Some(mapping()), Some(&screen.sha256)))
        .expect("saved");
    assert_eq!(view.as_of, Some(date(2026, 10, 31)));

    // Next month's file: counted at once with the remembered mapping.
    let screen = service
        .read_training_export(upload(None, None))
        .expect("read");
    assert!(screen.mapping_remembered);
    assert!(screen.preview.is_some());
}

#[test]
fn the_board_reports_facts_are_gathered_for_the_screen() {
    let dir = TempDir::new().expect("dir");
    let mut service = with_groups(&dir);
    record_october(&mut service);
    let view = service
        .get_board_report(TRUST.into(), 2026)
        .expect("board report");
    assert_eq!(view.organisation, TRUST);
    assert!(view.assessments.is_empty());
    assert!(view.plan.is_none());
    let latest = view.training.last().expect("a point");
    assert_eq!(latest.as_of, date(2026, 10, 31));
    let level3 = latest
        .levels
        .iter()
        .find(|l| l.level == TrainingLevel::Level3)
        .expect("level 3");
    assert_eq!(level3.compliance.percent_text, "50.0%");
    let refused = service
        .get_board_report(TRUST.into(), 2027)
        .expect_err("a year to come");
    assert_eq!(refused.field.as_deref(), Some("year"));
}

#[test]
fn what_is_typed_for_the_board_report_is_kept_as_an_audited_draft() {
    use prevent_core::board::{BoardReportInput, ResourcesStatement};
    use prevent_core::training::OrganisationAuditEntity;
    let dir = TempDir::new().expect("dir");
    let mut service = with_groups(&dir);
    assert_eq!(
        service
            .get_board_report(TRUST.into(), 2026)
            .expect("view")
            .draft,
        None
    );
    let typed = BoardReportInput {
        referrals: Some(4),
        incidents: "None this year.".into(),
        resources: Some(ResourcesStatement::Partly),
        lead: "Alex Morgan".into(),
        ..BoardReportInput::default()
    };
    service
        .save_board_report_draft(TRUST.into(), 2026, typed.clone())
        .expect("draft");
    let trail = |service: &Service| {
        service
            .organisation_audit(TRUST)
            .expect("trail")
            .into_iter()
            .filter(|r| r.entity == OrganisationAuditEntity::BoardReport)
            .map(|r| (r.entry_id.unwrap_or_default(), r.field, r.new_value))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        trail(&service),
        [
            ("2026".into(), "referrals".into(), Some("4".into())),
            (
                "2026".into(),
                "incidents".into(),
                Some("None this year.".into())
            ),
            ("2026".into(), "resources".into(), Some("partly".into())),
            (
                "2026".into(),
                "accountable_lead".into(),
                Some("Alex Morgan".into())
            ),
        ]
    );
    // Saved again unchanged: nothing more in the trail.
    service
        .save_board_report_draft(TRUST.into(), 2026, typed.clone())
        .expect("again");
    assert_eq!(trail(&service).len(), 4);
    assert_eq!(
        service
            .verify_organisation_audit(TRUST)
            .expect("check")
            .broken,
        None
    );
    // Reopened later: the screen starts from the draft; another year has none.
    let reopened = Service::new(
        Ledger::open(&db(&dir), at(2)).expect("reopen"),
        Arc::new(FixedClock {
            now: at(3),
            today: today(),
        }),
        ActorSource::Given(alex()),
    );
    assert_eq!(
        reopened
            .get_board_report(TRUST.into(), 2026)
            .expect("view")
            .draft,
        Some(typed.clone())
    );
    assert_eq!(
        reopened
            .get_board_report(TRUST.into(), 2025)
            .expect("view")
            .draft,
        None
    );

    let too_long = BoardReportInput {
        incidents: "x".repeat(10_001),
        ..typed
    };
    let refused = service
        .save_board_report_draft(TRUST.into(), 2026, too_long)
        .expect_err("too long");
    assert_eq!(refused.field.as_deref(), Some("incidents"));
    let refused = service
        .save_board_report_draft("Nowhere Trust".into(), 2026, BoardReportInput::default())
        .expect_err("unknown");
    assert_eq!(refused.kind, ErrorKind::NotFound);
}

#[test]
fn the_quarterly_summary_is_checked_once_and_written_as_csv_or_excel() {
    use prevent_app::training_screens::{QuarterlyRequest, SummaryFormat};
    let dir = TempDir::new().expect("dir");
    let mut service = with_groups(&dir);
    record_october(&mut service);
    let view = service.get_training(TRUST.into()).expect("view");
    assert_eq!(view.quarters.len(), 1);
    assert_eq!(view.quarters[0].code, "2026-Q4");
    let request = QuarterlyRequest {
        organisation: TRUST.into(),
        quarter: view.quarters[0].code.clone(),
        referrals: Some(3),
        accountable_lead: "Dr Priya Shah".into(),
        operational_lead: "  ".into(),
    };
    let csv = service
        .quarterly_file(&request, SummaryFormat::Csv)
        .expect("csv");
    assert_eq!(
        csv.suggested_name,
        "prevent-quarterly-northshire-community-nhs-trust-2026-q4.csv"
    );
    let text = String::from_utf8(csv.bytes).expect("utf-8");
    assert!(text.contains("Dr Priya Shah"), "{text}");
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let xlsx = service
        .quarterly_file(&request, SummaryFormat::Xlsx)
        .expect("xlsx");
    assert!(xlsx.bytes.starts_with(b"PK"), "a workbook");

    let refused = service
        .get_quarterly_return(QuarterlyRequest {
            accountable_lead: "Dr\u{202E}Shah".into(),
            ..request.clone()
        })
        .expect_err("a hidden character");
    assert_eq!(refused.field.as_deref(), Some("accountable_lead"));
    let refused = service
        .get_quarterly_return(QuarterlyRequest {
            quarter: "2026-Q5".into(),
            ..request
        })
        .expect_err("no such quarter");
    assert_eq!(refused.field.as_deref(), Some("quarter"));
}
