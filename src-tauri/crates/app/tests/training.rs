//! Training compliance through the application layer on a real SQLite
//! file: the needs analysis, figures per reporting date, compliance against
//! the 85% minimum, the organisation's hash-chained audit trail, and input
//! refused with nothing written.

mod common;

use std::sync::Arc;

use chrono::NaiveDate;
use common::{alex, at, db, sam, today};
use prevent_app::training::FiguresInput;
use prevent_app::{ActorSource, FixedClock, Ledger, PdfOutcome, SaveAnswerRequest, Service};
use prevent_core::review::Review;
use prevent_core::training::{OrganisationAuditEntity, TrainingLevel, match_key};
use prevent_core::{AnswerInput, ErrorKind, Response};
use tempfile::TempDir;

const TRUST: &str = "Northshire Community NHS Trust";

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
    .with_signing_folder(dir.path().join("keys"))
}

fn figures(as_of: NaiveDate, group: &str, headcount: u32, in_date: u32) -> FiguresInput {
    FiguresInput {
        organisation: TRUST.to_owned(),
        as_of,
        group: group.to_owned(),
        headcount,
        in_date,
    }
}

/// Two groups: estates at levels 1-2, nurses at level 3.
fn with_analysis(dir: &TempDir) -> Service {
    let mut service = service(dir);
    service
        .set_training_group(TRUST, "Estates", TrainingLevel::Basic)
        .expect("estates");
    service
        .set_training_group(
            TRUST,
            "Registered nurses — adult wards",
            TrainingLevel::Level3,
        )
        .expect("nurses");
    service
}

/// A second connection to the file: `PRAGMA data_version` changes when
/// any other connection commits, so an unchanged value means nothing was
/// written.
struct Watch(rusqlite::Connection);

impl Watch {
    fn open(dir: &TempDir) -> Watch {
        Watch(rusqlite::Connection::open(db(dir)).expect("open"))
    }

    fn version(&self) -> i64 {
        self.0
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .expect("data_version")
    }
}

#[test]
fn figures_recorded_are_reported_per_level_group_and_overall() {
    let dir = TempDir::new().expect("dir");
    let mut service = with_analysis(&dir);
    let as_of = date(2026, 10, 31);
    service
        .record_training_figures(&figures(as_of, "estates", 40, 38))
        .expect("estates figures");
    service
        .record_training_figures(&figures(as_of, "Registered nurses — adult wards", 140, 100))
        .expect("nurses figures");

    let view = service
        .training_view("  northshire community nhs trust ", None)
        .expect("view");
    assert_eq!(view.organisation, TRUST);
    assert_eq!(view.as_of, Some(as_of));
    assert_eq!(view.validity_years, 3);
    let overall = view.overall.expect("overall");
    assert_eq!((overall.in_date, overall.headcount), (138, 180));
    assert_eq!(overall.compliance_percent, Some(76.6));
    assert_eq!(overall.meets_target, Some(false));
    let level3 = &view.levels[1];
    assert_eq!(level3.level, TrainingLevel::Level3);
    assert_eq!(level3.compliance.percent_text, "71.4%");
    assert_eq!(level3.compliance.shortfall, 19);
    assert_eq!(view.levels[0].compliance.meets_target, Some(true));
    // Below target first.
    let order: Vec<&str> = view.groups.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(order, ["Registered nurses — adult wards", "Estates"]);
    assert_eq!(view.groups[1].recorded_by, "Alex Morgan");
    assert!(view.groups_without_figures.is_empty());
    assert_eq!(view.readings.len(), prevent_core::training::READINGS.len());
    assert!(view.readings[0].starts_with("In date means completed"));
}

#[test]
fn exactly_85_percent_meets_the_target() {
    let dir = TempDir::new().expect("dir");
    let mut service = with_analysis(&dir);
    let as_of = date(2026, 10, 31);
    service
        .record_training_figures(&figures(as_of, "Estates", 20, 17))
        .expect("17 of 20");
    let view = service.training_view(TRUST, None).expect("view");
    let overall = view.overall.expect("overall");
    assert_eq!(overall.compliance_percent, Some(85.0));
    assert_eq!(overall.meets_target, Some(true));
    assert_eq!(overall.shortfall, 0);
    assert_eq!(
        view.groups_without_figures,
        ["Registered nurses — adult wards"]
    );
    service
        .record_training_figures(&figures(as_of, "Estates", 10_000, 8_499))
        .expect("84.99%");
    let overall = service
        .training_view(TRUST, None)
        .expect("view")
        .overall
        .expect("overall");
    assert_eq!(overall.percent_text, "84.9%");
    assert_eq!(overall.meets_target, Some(false));
}

#[test]
fn the_needs_analysis_is_carried_from_one_reporting_date_to_the_next() {
    let dir = TempDir::new().expect("dir");
    let mut service = with_analysis(&dir);
    service
        .record_training_figures(&figures(date(2026, 9, 30), "Estates", 40, 30))
        .expect("september");
    // October needs no new analysis; the level comes from it.
    let october = service
        .record_training_figures(&figures(
            date(2026, 10, 31),
            "Registered nurses — adult wards",
            10,
            9,
        ))
        .expect("october");
    assert_eq!(october.figures.level, TrainingLevel::Level3);
    service
        .record_training_figures(&figures(date(2026, 10, 31), "Estates", 40, 36))
        .expect("october estates");
    let view = service.training_view(TRUST, None).expect("view");
    assert_eq!(view.as_of, Some(date(2026, 10, 31)));
    let trend: Vec<(NaiveDate, String)> = view
        .trend
        .iter()
        .map(|t| (t.as_of, t.overall.percent_text.clone()))
        .collect();
    assert_eq!(
        trend,
        [
            (date(2026, 9, 30), "75.0%".to_owned()),
            (date(2026, 10, 31), "90.0%".to_owned())
        ]
    );
    // An earlier date on request; a date without figures is not found.
    let september = service
        .training_view(TRUST, Some(date(2026, 9, 30)))
        .expect("september view");
    assert_eq!(
        september.groups_without_figures,
        ["Registered nurses — adult wards"]
    );
    let missing = service
        .training_view(TRUST, Some(date(2026, 8, 31)))
        .expect_err("no figures");
    assert_eq!(missing.kind, ErrorKind::NotFound);
    assert!(
        missing.message.contains("2026-09-30, 2026-10-31"),
        "{}",
        missing.message
    );

    // Removing a group keeps its past figures; the analysis is per organisation.
    service
        .remove_training_group(TRUST, "ESTATES")
        .expect("removed");
    let needs = service.training_needs(TRUST).expect("needs");
    let names: Vec<&str> = needs.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Registered nurses — adult wards"]);
    let view = service.training_view(TRUST, None).expect("view");
    assert_eq!(view.groups.len(), 2, "October's estates figures stay");
}

#[test]
fn every_training_change_is_in_the_organisations_hash_chained_trail() {
    let dir = TempDir::new().expect("dir");
    let mut service = with_analysis(&dir);
    service
        .set_training_group(TRUST, "estates", TrainingLevel::Level3)
        .expect("level changed");
    // The same level again records nothing.
    service
        .set_training_group(TRUST, "Estates", TrainingLevel::Level3)
        .expect("unchanged");
    service.set_training_validity(TRUST, 1).expect("validity");
    service
        .record_training_figures(&figures(date(2026, 10, 31), "Estates", 40, 38))
        .expect("figures");
    service
        .record_training_figures(&figures(date(2026, 10, 31), "Estates", 40, 39))
        .expect("corrected");
    service
        .record_training_figures(&figures(date(2026, 10, 31), "Estates", 40, 39))
        .expect("same again");
    service
        .remove_training_group(TRUST, "Registered nurses — adult wards")
        .expect("removed");

    let ledger = service.ledger();
    let key = match_key(TRUST);
    let trail = ledger.organisation_audit_trail(&key).expect("trail");
    type Row<'a> = (
        OrganisationAuditEntity,
        Option<&'a str>,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
    );
    let rows: Vec<Row<'_>> = trail
        .iter()
        .map(|r| {
            (
                r.entity,
                r.entry_id.as_deref(),
                r.field.as_str(),
                r.old_value.as_deref(),
                r.new_value.as_deref(),
            )
        })
        .collect();
    use OrganisationAuditEntity::{TrainingFigures, TrainingGroup, TrainingValidity};
    let nurses = "Registered nurses — adult wards";
    let entry = "2026-10-31 Estates";
    assert_eq!(
        rows,
        [
            (TrainingGroup, Some("Estates"), "level", None, Some("1-2")),
            (TrainingGroup, Some(nurses), "level", None, Some("3")),
            (
                TrainingGroup,
                Some("Estates"),
                "level",
                Some("1-2"),
                Some("3")
            ),
            (TrainingValidity, None, "validity_years", None, Some("1")),
            (TrainingFigures, Some(entry), "level", None, Some("3")),
            (TrainingFigures, Some(entry), "headcount", None, Some("40")),
            (TrainingFigures, Some(entry), "in_date", None, Some("38")),
            (
                TrainingFigures,
                Some(entry),
                "source",
                None,
                Some("entered")
            ),
            (
                TrainingFigures,
                Some(entry),
                "in_date",
                Some("38"),
                Some("39")
            ),
            (TrainingGroup, Some(nurses), "level", Some("3"), None),
        ]
    );
    assert!(trail.iter().all(|r| r.actor == "Alex Morgan"));
    let check = ledger.verify_organisation_audit_chain(&key).expect("check");
    assert_eq!(check.broken, None);
    assert_eq!(check.rows, 10);
    assert_eq!(check.head, trail.last().expect("rows").hash);

    // The trail is append-only in the database itself, and an edit shows.
    let conn = ledger.connection_for_tests();
    for statement in [
        "UPDATE organisation_audit_log SET new_value = '40' WHERE seq = 7",
        "DELETE FROM organisation_audit_log WHERE seq = 1",
    ] {
        let error = conn.execute(statement, []).expect_err("refused");
        assert!(error.to_string().contains("append-only"), "{error}");
    }
    conn.execute_batch(
        "DROP TRIGGER organisation_audit_log_no_update;
         UPDATE organisation_audit_log SET new_value = '40' WHERE seq = 7;",
    )
    .expect("tampered behind the app's back");
    let broken = ledger
        .verify_organisation_audit_chain(&key)
        .expect("check")
        .broken
        .expect("the edit shows");
    assert_eq!(broken.seq, 7);
}

#[test]
fn refused_input_writes_nothing() {
    let dir = TempDir::new().expect("dir");
    let mut service = with_analysis(&dir);
    service
        .record_training_figures(&figures(date(2026, 10, 31), "Estates", 40, 38))
        .expect("figures");
    let watch = Watch::open(&dir);
    let before = watch.version();
    let above = service
        .record_training_figures(&figures(date(2026, 10, 31), "Estates", 40, 41))
        .expect_err("41 of 40");
    assert_eq!(above.kind, ErrorKind::InvalidInput);
    assert_eq!(
        above.message,
        "Estates: 41 in date is more than the headcount of 40. Check both figures."
    );
    let unknown = service
        .record_training_figures(&figures(date(2026, 10, 31), "Porters", 4, 3))
        .expect_err("no such group");
    assert_eq!(unknown.kind, ErrorKind::NotFound);
    assert!(
        unknown.message.contains("Estates; Registered nurses"),
        "{}",
        unknown.message
    );
    let nobody = service
        .training_view("Southshire Trust", None)
        .expect_err("unknown organisation");
    assert_eq!(nobody.kind, ErrorKind::NotFound);
    let validity = service
        .set_training_validity(TRUST, 0)
        .expect_err("zero years");
    assert_eq!(validity.kind, ErrorKind::InvalidInput);
    let removed = service
        .remove_training_group(TRUST, "Porters")
        .expect_err("no such group");
    assert_eq!(removed.kind, ErrorKind::NotFound);
    let blank = service
        .set_training_group(TRUST, "  ", TrainingLevel::Basic)
        .expect_err("blank group");
    assert_eq!(blank.kind, ErrorKind::InvalidInput);
    // The same figures again change nothing either.
    service
        .record_training_figures(&figures(date(2026, 10, 31), "Estates", 40, 38))
        .expect("same figures");
    assert_eq!(watch.version(), before, "nothing was written");
    service
        .record_training_figures(&figures(date(2026, 10, 31), "Estates", 40, 37))
        .expect("a real change");
    assert_ne!(watch.version(), before, "the watch sees a write");
}

#[test]
fn a_reporting_date_after_today_is_refused() {
    let dir = TempDir::new().expect("dir");
    let mut service = with_analysis(&dir);
    let watch = Watch::open(&dir);
    let before = watch.version();
    let tomorrow = today().succ_opt().expect("tomorrow");
    let error = service
        .record_training_figures(&figures(tomorrow, "Estates", 40, 38))
        .expect_err("future");
    assert_eq!(error.kind, ErrorKind::InvalidInput);
    assert_eq!(error.field.as_deref(), Some("as_of"));
    assert!(
        error.message.contains("after today (2026-11-21)"),
        "{}",
        error.message
    );
    assert_eq!(watch.version(), before, "nothing was written");
    // Today itself is fine, and by another person.
    let mut ledger = Ledger::open(&db(&dir), at(2)).expect("open");
    let recorded = ledger
        .record_training_figures(&figures(today(), "Estates", 40, 38), today(), &sam(), at(3))
        .expect("today");
    assert_eq!(recorded.recorded_by, "Sam Lee");
}

/// A providers' assessment of the trust, named as someone might type it.
fn core_standards_assessment(service: &mut Service) -> uuid::Uuid {
    service
        .create_assessment(prevent_core::NewAssessmentInput {
            framework_id: "prevent-core-standards-2024-providers".to_owned(),
            organisation: "  northshire community NHS trust ".to_owned(),
            assessor: "Alex Morgan".to_owned(),
            assessment_date: "2026-11-21".to_owned(),
        })
        .expect("create")
        .id
}

/// Saves T3 and returns the review the save sends back, checked against the
/// full detail's: a save reads only what its review needs, and must not
/// differ (a training proposal included) from what the page reads later.
fn answer_t3(service: &mut Service, id: uuid::Uuid, response: Response, comment: &str) -> Review {
    let review = service
        .save_answer(SaveAnswerRequest {
            assessment_id: id,
            entry_id: "T3".to_owned(),
            answer: AnswerInput {
                response: Some(response),
                comment: Some(comment.to_owned()),
                ..AnswerInput::default()
            },
        })
        .expect("save")
        .review;
    assert_eq!(review, service.get_assessment(id).expect("detail").review);
    review
}

fn asks_why(review: &Review) -> Option<String> {
    review
        .blocking
        .iter()
        .find(|f| f.entry_id == "T3" && f.field == "comment")
        .map(|f| f.message.clone())
}

#[test]
fn the_training_standard_shows_the_latest_figures_and_proposes_its_response() {
    let dir = TempDir::new().expect("temp dir");
    let mut service = with_analysis(&dir);
    let id = core_standards_assessment(&mut service);
    // No figures yet: nothing to show, nothing proposed, nothing asked.
    assert_eq!(service.get_assessment(id).expect("detail").training, None);
    assert_eq!(
        asks_why(&answer_t3(&mut service, id, Response::Yes, "")),
        None
    );

    // Exactly 85% at level 3 meets the minimum: "met" is proposed.
    for (group, headcount, in_date) in [
        ("Estates", 10, 10),
        ("Registered nurses — adult wards", 20, 17),
    ] {
        service
            .record_training_figures(&figures(date(2026, 10, 31), group, headcount, in_date))
            .expect("record");
    }
    let detail = service.get_assessment(id).expect("detail");
    let training = detail.training.expect("figures beside the standard");
    assert_eq!(training.entries, ["T0", "T3"]);
    assert_eq!(training.proposed_for.as_deref(), Some("T3"));
    let proposal = training.proposal.expect("a proposal");
    assert_eq!(proposal.response, Response::Yes);
    assert_eq!(proposal.as_of, date(2026, 10, 31));
    assert_eq!(asks_why(&detail.review), None, "answered as proposed");

    // A later reporting date falls short: "not met" is proposed, and "met"
    // now needs a reason in the comment before the assessment can complete.
    service
        .record_training_figures(&figures(
            date(2026, 11, 20),
            "Registered nurses — adult wards",
            20,
            16,
        ))
        .expect("record");
    // Until every group has figures for the 20th, the 31st of October stands.
    let still = service.get_assessment(id).expect("detail");
    assert_eq!(
        still.training.and_then(|t| t.proposal).map(|p| p.as_of),
        Some(date(2026, 10, 31))
    );
    service
        .record_training_figures(&figures(date(2026, 11, 20), "Estates", 10, 10))
        .expect("record");
    let detail = service.get_assessment(id).expect("detail");
    let proposal = detail
        .training
        .and_then(|t| t.proposal)
        .expect("a proposal");
    assert_eq!(proposal.response, Response::No);
    assert!(
        proposal
            .reason
            .contains("level 3: 80.0% in date, 85% required: 1 more member of staff"),
        "{}",
        proposal.reason
    );
    let asked = asks_why(&detail.review).expect("a reason is asked for");
    assert!(
        asked.contains("The training figures of 20 November 2026 propose \"Not met\"")
            && asked.contains("to answer \"Met\", say why in the comment"),
        "{asked}"
    );

    // The person keeps their answer and says why; the trail keeps the reason.
    let review = answer_t3(
        &mut service,
        id,
        Response::Yes,
        "Ward staff booked on level 3 sessions this month",
    );
    assert_eq!(asks_why(&review), None);
    let trail = service.get_audit_trail(id).expect("trail");
    assert!(
        trail
            .iter()
            .map(|e| &e.entry)
            .any(|e| e.entry_id.as_deref() == Some("T3")
                && e.field == "comment"
                && e.new_value.as_deref()
                    == Some("Ward staff booked on level 3 sessions this month"))
    );
    // Answering as proposed needs no reason.
    assert_eq!(
        asks_why(&answer_t3(&mut service, id, Response::No, "")),
        None
    );

    // The 2011 toolkit asks for no training figures.
    let toolkit = service
        .create_assessment(prevent_core::NewAssessmentInput {
            framework_id: prevent_core::PREVENT_TOOLKIT_2011.to_owned(),
            organisation: TRUST.to_owned(),
            assessor: "Alex Morgan".to_owned(),
            assessment_date: "2026-11-21".to_owned(),
        })
        .expect("create")
        .id;
    assert_eq!(
        service.get_assessment(toolkit).expect("detail").training,
        None
    );
}

#[test]
fn a_level_below_85_percent_is_an_action_in_the_plan_that_closes_when_met() {
    let dir = TempDir::new().expect("temp dir");
    let mut service = with_analysis(&dir);
    let nurses = "Registered nurses — adult wards";
    // Figures first: the assessment starts with the shortfall in its plan.
    service
        .record_training_figures(&figures(date(2026, 10, 31), "Estates", 40, 38))
        .expect("record");
    service
        .record_training_figures(&figures(date(2026, 10, 31), nurses, 133, 95))
        .expect("record");
    let id = core_standards_assessment(&mut service);
    let training_actions = |service: &Service| -> Vec<prevent_core::plan::ActionView> {
        service
            .get_plan(id, prevent_core::plan::PlanFilter::default())
            .expect("plan")
            .actions
            .into_iter()
            .filter(|a| a.action.source.starts_with("T3 level"))
            .collect()
    };
    let actions = training_actions(&service);
    assert_eq!(actions.len(), 1, "level 3 only: levels 1 and 2 meet it");
    let action = &actions[0];
    assert_eq!(action.action.source, "T3 level 3");
    assert_eq!(
        action.source_label,
        "Standard T3, Level 3 (Awareness of Prevent)"
    );
    assert_eq!(
        action.action.objective,
        "level 3: 71.4% in date, 85% required: 19 more staff"
    );
    assert_eq!(action.action.priority, prevent_core::Priority::High);
    assert!(!action.gap_closed_to_confirm);

    // A later reporting date still short: the objective follows it.
    service
        .record_training_figures(&figures(date(2026, 11, 14), nurses, 133, 110))
        .expect("record");
    service
        .record_training_figures(&figures(date(2026, 11, 14), "Estates", 40, 38))
        .expect("record");
    let actions = training_actions(&service);
    assert_eq!(
        actions[0].action.objective,
        "level 3: 82.7% in date, 85% required: 4 more staff"
    );
    // The minimum reached: kept, "gap closed — confirm", and audited.
    service
        .record_training_figures(&figures(date(2026, 11, 20), nurses, 133, 114))
        .expect("record");
    service
        .record_training_figures(&figures(date(2026, 11, 20), "Estates", 40, 38))
        .expect("record");
    let actions = training_actions(&service);
    assert_eq!(actions.len(), 1);
    assert!(actions[0].gap_closed_to_confirm);

    // A reporting date still being entered counts for nothing: Estates
    // alone, short, on the 21st, leaves the plan as it was until the
    // nurses' figures for that date complete it.
    service
        .record_training_figures(&figures(date(2026, 11, 21), "Estates", 40, 20))
        .expect("record");
    assert_eq!(
        training_actions(&service).len(),
        1,
        "an incomplete date opens nothing"
    );
    service
        .record_training_figures(&figures(date(2026, 11, 21), nurses, 133, 114))
        .expect("record");
    let sources: Vec<String> = training_actions(&service)
        .iter()
        .map(|a| a.action.source.clone())
        .collect();
    assert!(sources.contains(&"T3 level 1-2".to_owned()), "{sources:?}");
    let trail = service.get_audit_trail(id).expect("trail");
    assert!(
        trail
            .iter()
            .map(|e| &e.entry)
            .any(|e| e.entity == prevent_core::AuditEntity::Action
                && e.field == "gap"
                && e.new_value.as_deref() == Some("closed")),
        "{trail:?}"
    );
}

#[test]
fn a_completed_assessment_shows_later_figures_but_proposes_nothing() {
    let dir = TempDir::new().expect("temp dir");
    let mut service = with_analysis(&dir);
    let nurses = "Registered nurses — adult wards";
    for (group, headcount, in_date) in [("Estates", 40, 38), (nurses, 133, 95)] {
        service
            .record_training_figures(&figures(date(2026, 10, 31), group, headcount, in_date))
            .expect("record");
    }
    let id = core_standards_assessment(&mut service);
    answer_everything_met(&mut service, id);
    // In progress, answered Met against the figures: proposed Not met.
    let before = service.get_assessment(id).expect("detail");
    assert_eq!(
        before
            .training
            .as_ref()
            .and_then(|t| t.proposal.as_ref())
            .map(|p| p.response),
        Some(Response::No)
    );
    service.mark_complete(id).expect("complete");
    let after = service.get_assessment(id).expect("detail");
    let training = after.training.expect("figures still shown");
    assert_eq!(training.report.as_of, date(2026, 10, 31));
    assert_eq!(training.proposal, None);
    assert_eq!(training.proposed_for, None);
    assert!(after.review.blocking.is_empty());
}

/// Every entry of an assessment against the providers' core standards
/// answered Met (T3 with a reason, against figures that fall short).
fn answer_everything_met(service: &mut Service, id: uuid::Uuid) {
    let answerable: Vec<String> = prevent_app::framework("prevent-core-standards-2024-providers")
        .expect("framework")
        .answerable_ids()
        .into_iter()
        .map(str::to_owned)
        .collect();
    for entry in &answerable {
        let comment = if entry == "T3" { "Sessions booked" } else { "" };
        service
            .save_answer(SaveAnswerRequest {
                assessment_id: id,
                entry_id: entry.clone(),
                answer: AnswerInput {
                    response: Some(Response::Yes),
                    comment: Some(comment.to_owned()),
                    ..AnswerInput::default()
                },
            })
            .expect("answer");
    }
}

/// The PDF's words as pdftotext reads them, runs of white space as one.
fn pdf_words(dir: &TempDir, pdf: &[u8]) -> String {
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).expect("write");
    let output = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_sealed_report_carries_the_training_figures_shown_at_sign_off() {
    let dir = TempDir::new().expect("temp dir");
    let mut service = with_analysis(&dir);
    let id = core_standards_assessment(&mut service);
    // The draft says there are no figures while none are complete.
    let draft = service.export_pdf(id).expect("draft").bytes;
    assert!(
        pdf_words(&dir, &draft).contains(
            "No training figures are shown: when this report was prepared, northshire \
             community NHS trust had no reporting date with figures for every staff group"
        ),
        "the organisation as typed on the assessment"
    );

    let nurses = "Registered nurses — adult wards";
    for (group, headcount, in_date) in [("Estates", 40, 38), (nurses, 133, 95)] {
        service
            .record_training_figures(&figures(date(2026, 10, 31), group, headcount, in_date))
            .expect("record");
    }
    // A later date still being entered is passed over, as the detail does.
    service
        .record_training_figures(&figures(date(2026, 11, 15), nurses, 133, 120))
        .expect("record");
    answer_everything_met(&mut service, id);
    service.mark_complete(id).expect("complete");
    let shown = service
        .get_assessment(id)
        .expect("detail")
        .training
        .expect("figures beside the standard")
        .report;
    prevent_app::sample::sign_off(&mut service, id, 1).expect("signed off");

    let record = prevent_app::sample::sealed_record(&service, id).expect("sealed");
    let sealed = record
        .training
        .as_ref()
        .and_then(|t| t.figures.as_ref())
        .expect("the record carries the figures");
    assert_eq!(sealed.as_of, shown.as_of);
    assert_eq!(sealed.as_of, date(2026, 10, 31));
    assert_eq!(sealed.validity_years, 3);
    for (kept, seen) in sealed.levels.iter().zip(&shown.levels) {
        assert_eq!(kept.level, seen.level);
        assert_eq!(kept.compliance.as_shown(), seen.compliance);
    }
    assert_eq!(sealed.groups.len(), 2);
    assert_eq!(sealed.trend.len(), 1, "the complete dates up to it");

    let pdf = service.export_pdf(id).expect("export").bytes;
    let words = pdf_words(&dir, &pdf);
    for expected in [
        "Training compliance",
        "Reporting date 31 October 2026",
        "95.0%",
        "71.4%",
        "Not met: 19 more staff needed",
        nurses,
    ] {
        assert!(words.contains(expected), "missing {expected:?}");
    }
    let check = service.check_pdf(&pdf).expect("check");
    assert_eq!(check.outcome, PdfOutcome::Valid, "{:?}", check.reasons);

    // Figures recorded after sign-off are shown, but the seal stays.
    service
        .record_training_figures(&figures(date(2026, 11, 15), "Estates", 40, 40))
        .expect("record");
    let later = service.get_assessment(id).expect("detail").training;
    assert_eq!(later.map(|t| t.report.as_of), Some(date(2026, 11, 15)));
    assert!(service.export_pdf(id).expect("export").bytes == pdf);

    // A second signatory signs what the first signed: the figures sealed
    // then, not those recorded since.
    service
        .sign_off(
            id,
            prevent_core::SignOffInput {
                name: "Sam Lee".to_owned(),
                role: "Safeguarding lead".to_owned(),
                on_behalf: true,
                signed_at: None,
            },
        )
        .expect("second sign-off");
    let resealed = prevent_app::sample::sealed_record(&service, id).expect("sealed");
    assert_eq!(resealed.signatories.len(), 2);
    assert_eq!(resealed.training, record.training);
}

#[test]
fn a_changed_training_figure_in_a_sealed_report_is_altered() {
    let dir = TempDir::new().expect("temp dir");
    let mut service = with_analysis(&dir);
    for (group, headcount, in_date) in [
        ("Estates", 40, 38),
        ("Registered nurses — adult wards", 133, 95),
    ] {
        service
            .record_training_figures(&figures(date(2026, 10, 31), group, headcount, in_date))
            .expect("record");
    }
    let id = core_standards_assessment(&mut service);
    answer_everything_met(&mut service, id);
    service.mark_complete(id).expect("complete");
    prevent_app::sample::sign_off(&mut service, id, 1).expect("signed off");
    let record = prevent_app::sample::sealed_record(&service, id).expect("sealed");

    // A record with better figures, sealed by someone else's key over the
    // pages of the true one.
    let mut changed = record.clone();
    if let Some(figures) = changed.training.as_mut().and_then(|t| t.figures.as_mut()) {
        figures.levels[1].compliance = prevent_core::training::Compliance::of(133, 133).into();
    }
    let mallory = prevent_seal::SigningIdentity::generate("Mallory Trust", at(0)).expect("a key");
    let forged =
        prevent_app::sample::forge(&record, &changed, &mallory, changed.signing_time(), |_| {})
            .expect("forged");
    let check = service.check_pdf(&forged).expect("check");
    assert_eq!(check.outcome, PdfOutcome::Altered);
    let reasons = check.reasons.join("\n");
    assert!(
        reasons.contains("not the report drawn from its record"),
        "{reasons}"
    );

    // Drawn from the changed record too, the pages hold together, but only
    // under a key nobody here trusts.
    let redrawn =
        prevent_app::sample::forge(&changed, &changed, &mallory, changed.signing_time(), |_| {})
            .expect("forged");
    let check = service.check_pdf(&redrawn).expect("check");
    let certificate = check.certificate.expect("its certificate");
    assert!(!certificate.trusted && !certificate.own);
    assert!(
        check.summary.contains("unknown certificate"),
        "{}",
        check.summary
    );
}
