//! The annual report to the board through the application layer on a real
//! SQLite file: what it gathers (the year's signed assessment, its plan,
//! the year's training figures), a draft that is not sealed, a signed
//! report that the PDF check and poppler call valid, the same bytes for the
//! same inputs, and a changed word caught even when re-signed with the
//! installation's own key.

use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use prevent_app::board::{BoardReportRequest, BoardSignOff};
use prevent_app::sample::{complete_assessment, forge_board, service_in, sign_off};
use prevent_app::training::FiguresInput;
use prevent_app::{PdfOutcome, Service};
use prevent_core::board::{BoardReportInput, BoardReportRecord, ResourcesStatement};
use prevent_core::training::TrainingLevel;
use prevent_core::{Actor, ErrorKind};
use prevent_seal::SigningIdentity;
use tempfile::TempDir;

const TRUST: &str = "Northshire Community NHS Trust";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 9, 30, 0)
        .single()
        .expect("time")
}

/// A database with one assessment signed off in 2026 (6 gaps, so 6
/// actions) and training figures for one reporting date.
fn prepared() -> (TempDir, Service) {
    let dir = TempDir::new().expect("temp dir");
    let actor = Actor::new("Dr Priya Shah", "Accountable Prevent lead").expect("actor");
    let mut service = service_in(dir.path(), now(), actor).expect("service");
    let id = complete_assessment(&mut service, 6).expect("complete");
    sign_off(&mut service, id, 2).expect("signed off");
    service
        .set_training_group(TRUST, "Registered nurses", TrainingLevel::Basic)
        .expect("group");
    service
        .set_training_group(TRUST, "Safeguarding team", TrainingLevel::Level3)
        .expect("group");
    for (group, headcount, in_date) in [
        ("Registered nurses", 200, 181),
        ("Safeguarding team", 14, 10),
    ] {
        service
            .record_training_figures(&FiguresInput {
                organisation: TRUST.to_owned(),
                as_of: now().date_naive(),
                group: group.to_owned(),
                headcount,
                in_date,
            })
            .expect("figures");
    }
    (dir, service)
}

fn request(sign: bool) -> BoardReportRequest {
    BoardReportRequest {
        organisation: " northshire community nhs trust ".to_owned(),
        year: 2026,
        input: BoardReportInput {
            referrals: Some(4),
            referrals_breakdown: "3 to Channel, 1 advice only".to_owned(),
            incidents: "No significant incidents this year.".to_owned(),
            resources: Some(ResourcesStatement::Adequate),
            resources_note: "The Prevent lead post is funded.".to_owned(),
            activity: "Awareness week in October.".to_owned(),
            lead: "Dr Priya Shah".to_owned(),
        },
        sign: sign.then(|| BoardSignOff {
            name: "Dr Priya Shah".to_owned(),
            role: "Accountable Prevent lead".to_owned(),
            on_behalf: false,
        }),
    }
}

fn key_of(dir: &TempDir) -> SigningIdentity {
    SigningIdentity::load(&dir.path().join("keys"))
        .expect("key readable")
        .expect("key made when signing")
}

#[test]
fn it_gathers_the_years_assessment_plan_and_training() {
    let (_dir, service) = prepared();
    let record = service
        .board_report_record(&request(false))
        .expect("record");
    assert_eq!(record.organisation, TRUST);
    assert_eq!(record.assessments.len(), 1);
    assert_eq!(
        record.assessments[0].signed_off_by,
        ["Dr Priya Shah", "Alex Morgan"]
    );
    let plan = record.plan.as_ref().expect("a plan");
    assert_eq!(plan.totals().total, 6);
    assert_eq!(plan.totals().opened, 6);
    assert_eq!(record.training.points.len(), 1);
    let latest = record.training.latest().expect("a reporting date");
    assert_eq!(latest.levels[0].compliance().percent_text(), "90.5%");
    assert_eq!(latest.levels[1].compliance().percent_text(), "71.4%");

    // Another year has none of it.
    let mut earlier = request(false);
    earlier.year = 2025;
    let record = service.board_report_record(&earlier).expect("record");
    assert!(record.assessments.is_empty() && record.plan.is_none());
    assert!(record.training.points.is_empty());
}

#[test]
fn a_draft_is_not_sealed_and_a_signed_report_is_valid() {
    let (dir, service) = prepared();
    let sign_off_backups = || {
        prevent_app::backups::list_backups(&dir.path().join("prevent.sqlite3"), false)
            .expect("listed")
            .into_iter()
            .filter(|b| b.reason == "sign-off")
            .count()
    };
    let after_assessment = sign_off_backups();
    assert_eq!(after_assessment, 2, "one per signatory of the assessment");
    let draft = service.board_report(&request(false)).expect("draft");
    assert_eq!(
        sign_off_backups(),
        after_assessment,
        "a draft is no sign-off"
    );
    assert!(
        draft.suggested_name.ends_with("-2026-draft.pdf"),
        "{}",
        draft.suggested_name
    );
    let check = service.check_pdf(&draft.bytes).expect("checked");
    assert_eq!(check.outcome, PdfOutcome::NotSealed, "{check:?}");

    let signed = service.board_report(&request(true)).expect("signed");
    assert_eq!(
        sign_off_backups(),
        after_assessment + 1,
        "a signed board report is backed up"
    );
    let check = service.check_pdf(&signed.bytes).expect("checked");
    assert_eq!(check.outcome, PdfOutcome::Valid, "{check:?}");
    let sealed = check.sealed.expect("what it says");
    assert_eq!(sealed.board_report_year, Some(2026));
    assert_eq!(sealed.signatories[0].name, "Dr Priya Shah");

    // poppler agrees.
    let path = dir.path().join("board.pdf");
    std::fs::write(&path, &signed.bytes).expect("written");
    let pdfsig = Command::new("pdfsig")
        .arg(&path)
        .output()
        .expect("pdfsig runs");
    let said = String::from_utf8_lossy(&pdfsig.stdout);
    assert!(said.contains("Signature is Valid."), "{said}");
    assert!(said.contains("Total document signed"), "{said}");
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let (_dir, service) = prepared();
    let first = service.board_report(&request(true)).expect("signed");
    let second = service.board_report(&request(true)).expect("signed again");
    assert!(first.bytes == second.bytes);
    let mut other = request(true);
    other.input.referrals = Some(5);
    assert!(service.board_report(&other).expect("other").bytes != first.bytes);
}

#[test]
fn a_changed_word_is_caught_even_when_re_signed_with_the_own_key() {
    let (dir, service) = prepared();
    let record = service.board_report_record(&request(true)).expect("record");
    // Sign once so the installation has its key.
    service.board_report(&request(true)).expect("signed");
    let key = key_of(&dir);
    let mut shown = record.clone();
    shown.narrative.incidents = "No incidents this year.".to_owned();
    let forged = forge_board(&shown, &record, &key, |_| {}).expect("forged");
    let check = service.check_pdf(&forged).expect("checked");
    assert_eq!(check.outcome, PdfOutcome::Altered, "{check:?}");
    assert!(
        check
            .reasons
            .iter()
            .any(|r| r.contains("in what is drawn on page")),
        "{:?}",
        check.reasons
    );

    // The genuine file with one byte of a page changed is altered too.
    let genuine = forge_board(&record, &record, &key, |_| {}).expect("genuine");
    assert_eq!(
        service.check_pdf(&genuine).expect("checked").outcome,
        PdfOutcome::Valid
    );
    let mut flipped = genuine.clone();
    let at = flipped
        .windows(7)
        .position(|w| w == b"/Length")
        .expect("a stream");
    flipped[at + 200] ^= 0x01;
    assert_ne!(
        service.check_pdf(&flipped).map(|c| c.outcome).ok(),
        Some(PdfOutcome::Valid)
    );
}

#[test]
fn the_window_is_told_a_board_report_is_of_a_year_and_an_assessment_report_is_not() {
    use ts_rs::TS;
    let declared = prevent_app::SealedSummary::decl(&ts_rs::Config::default());
    assert!(
        declared.contains("board_report_year?: number"),
        "{declared}"
    );
    let (_dir, service) = prepared();
    let file = service.board_report(&request(true)).expect("pdf");
    let check = service.check_pdf(&file.bytes).expect("check");
    let json = serde_json::to_value(check.sealed.expect("sealed")).expect("json");
    assert!(json["board_report_year"].is_number(), "{json}");
}

#[test]
fn the_attached_record_reads_back() {
    let (_dir, service) = prepared();
    let record = service.board_report_record(&request(true)).expect("record");
    let bytes = record.to_canonical_json();
    assert_eq!(
        BoardReportRecord::from_canonical_json(&bytes).expect("reads"),
        record
    );
}

#[test]
fn bad_requests_are_refused() {
    let (_dir, service) = prepared();
    let mut unknown = request(false);
    unknown.organisation = "Southshire Trust".to_owned();
    let error = service.board_report(&unknown).expect_err("unknown");
    assert_eq!(error.kind, ErrorKind::NotFound);
    assert!(
        error.message.contains("Southshire Trust"),
        "{}",
        error.message
    );

    let mut future = request(false);
    future.year = 2027;
    assert_eq!(
        service.board_report(&future).expect_err("future").kind,
        ErrorKind::InvalidInput
    );

    let mut someone_else = request(true);
    if let Some(sign) = &mut someone_else.sign {
        sign.name = "Jordan Ellis".to_owned();
    }
    let error = service
        .board_report(&someone_else)
        .expect_err("not confirmed");
    assert_eq!(error.field.as_deref(), Some("on_behalf"));
}

/// The database of [`prepared`] opened again with the clock at 9am on a day.
fn reopened_on(dir: &TempDir, year: i32, month: u32, day: u32) -> Service {
    let now = Utc
        .with_ymd_and_hms(year, month, day, 9, 0, 0)
        .single()
        .expect("time");
    let actor = Actor::new("Dr Priya Shah", "Accountable Prevent lead").expect("actor");
    service_in(dir.path(), now, actor).expect("service")
}

fn the_assessment(service: &Service) -> prevent_core::Assessment {
    service
        .store()
        .all_assessment_headers()
        .expect("headers")
        .into_iter()
        .next()
        .expect("an assessment")
}

fn complete_first_action(service: &mut Service, assessment: uuid::Uuid, assessed: &str) {
    let action = service.store().action_rows(assessment).expect("actions")[0].id;
    service
        .complete_action(prevent_app::requests::CompleteActionRequest {
            action_id: action,
            completion: prevent_core::plan::ActionCompletion {
                assessed: assessed.to_owned(),
                signed_off_by: "Alex Morgan".to_owned(),
            },
        })
        .expect("completed");
}

#[test]
fn a_past_years_plan_is_counted_as_it_stood_at_sign_off() {
    let (dir, service) = prepared();
    let id = the_assessment(&service).id;
    let at_sign_off = service
        .board_report_record(&request(false))
        .expect("record")
        .plan
        .expect("a plan");
    drop(service);
    // In March 2027 an action of the 2026 plan is completed.
    let mut service = reopened_on(&dir, 2027, 3, 10);
    complete_first_action(&mut service, id, "2027-03-10");
    let record = service
        .board_report_record(&request(false))
        .expect("record");
    let plan = record.plan.expect("a plan");
    assert_eq!(plan.assessment_id, id);
    assert!(plan.signed_off());
    assert_eq!(plan.totals().total, 6);
    assert_eq!(plan.totals().open, at_sign_off.totals().open);
    assert_eq!(plan.totals().completed, 0);
    assert_eq!(
        plan.totals().opened,
        6,
        "created in 2026, by the sealed trail"
    );
    assert_eq!(plan.priorities, at_sign_off.priorities);
}

#[test]
fn a_current_years_plan_is_the_latest_version_even_unsigned() {
    let (dir, service) = prepared();
    let v1 = the_assessment(&service).id;
    drop(service);
    let mut service = reopened_on(&dir, 2026, 11, 25);
    let v2 = service.new_version(v1).expect("new version").id;
    complete_first_action(&mut service, v2, "2026-11-25");
    let record = service
        .board_report_record(&request(false))
        .expect("record");
    // The year's signed-off assessment is still v1's...
    assert_eq!(record.assessments.len(), 1);
    assert_eq!(record.assessments[0].id, v1);
    // ...but the plan is v2's, as it stands today.
    let plan = record.plan.expect("a plan");
    assert_eq!(plan.assessment_id, v2);
    assert!(!plan.signed_off());
    assert_eq!(plan.totals().completed, 1);
    assert_eq!(plan.totals().open, 5);
    let made = service.board_report_made(&request(false)).expect("drawn");
    assert_eq!(
        made.summary.plan.as_ref().map(|p| p.assessment_id),
        Some(v2)
    );
}
