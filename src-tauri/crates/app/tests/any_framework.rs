//! The engine takes any framework: a fixture framework that only these tests
//! load (`tests/fixtures/frameworks`), with three parts, no checklist, a
//! three-value scale without "not applicable", ids that are not numbers, an
//! entry answered through sub-points and a part asking for a review date,
//! runs the whole path through the application layer on a real SQLite file:
//! new, answer, review, complete, plan, sign, export, verify, new version.

use std::process::Command;
use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use prevent_app::Ledger;
use prevent_app::{ActorSource, FixedClock, PdfOutcome, SaveAnswerRequest, Service};
use prevent_core::frameworks::EmbeddedFile;
use prevent_core::{
    Actor, AnswerInput, ErrorKind, Frameworks, NewAssessmentInput, PlanFilter, Priority, Response,
    SignOffInput,
};
use tempfile::TempDir;
use uuid::Uuid;

const FRAMEWORK: &str = "fixture-readiness-review";

/// The fixture framework and its rules, loaded as the app loads its own.
fn fixture_frameworks() -> &'static Frameworks {
    let frameworks = Frameworks::load(
        &[EmbeddedFile {
            file_name: "fixture-readiness-review.json",
            contents: include_str!("fixtures/frameworks/fixture-readiness-review.json"),
        }],
        &[EmbeddedFile {
            file_name: "fixture-readiness-review.priorities.json",
            contents: include_str!("fixtures/frameworks/fixture-readiness-review.priorities.json"),
        }],
    )
    .expect("the fixture framework loads");
    Box::leak(Box::new(frameworks))
}

fn service(dir: &TempDir) -> Service {
    let now = Utc
        .with_ymd_and_hms(2026, 12, 3, 10, 0, 0)
        .single()
        .expect("time");
    let store = Ledger::open_with_frameworks(
        &dir.path().join("review.sqlite3"),
        now,
        fixture_frameworks(),
    )
    .expect("opens");
    Service::new(
        store,
        Arc::new(FixedClock {
            now,
            today: NaiveDate::from_ymd_opt(2026, 12, 3).expect("date"),
        }),
        ActorSource::Given(Actor::new("Robin Park", "Reviewer").expect("actor")),
    )
    .with_signing_folder(dir.path().join("keys"))
}

fn answer(service: &mut Service, id: Uuid, entry: &str, input: AnswerInput) {
    service
        .save_answer(SaveAnswerRequest {
            assessment_id: id,
            entry_id: entry.to_owned(),
            answer: input,
        })
        .unwrap_or_else(|e| panic!("{entry}: {e:?}"));
}

fn respond(response: Response) -> AnswerInput {
    AnswerInput {
        response: Some(response),
        ..AnswerInput::default()
    }
}

#[test]
fn a_framework_of_any_shape_runs_the_whole_path() {
    let dir = TempDir::new().expect("temp dir");
    let mut service = service(&dir);

    // Only the fixture is known here; the catalogue is its own.
    let listed: Vec<String> = service
        .list_frameworks()
        .expect("list")
        .into_iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(listed, [FRAMEWORK]);
    let catalogue = service
        .get_catalogue(FRAMEWORK.to_owned())
        .expect("catalogue");
    assert_eq!(
        catalogue
            .parts
            .iter()
            .map(|p| p.heading.as_str())
            .collect::<Vec<_>>(),
        ["Leadership and accountability", "People", "Records kept"]
    );
    assert_eq!(catalogue.scales[0].choices.len(), 3);

    let assessment = service
        .create_assessment(NewAssessmentInput {
            framework_id: FRAMEWORK.to_owned(),
            organisation: "Ward 7 team".to_owned(),
            assessor: "Robin Park".to_owned(),
            assessment_date: "2026-12-01".to_owned(),
        })
        .expect("created");
    let id = assessment.id;

    // "Not applicable" is not on this scale, and the parent of sub-points
    // is never answered itself; neither writes anything.
    let refused = service
        .save_answer(SaveAnswerRequest {
            assessment_id: id,
            entry_id: "PPL-a".to_owned(),
            answer: respond(Response::Na),
        })
        .expect_err("not on the scale");
    assert_eq!(refused.kind, ErrorKind::InvalidInput);
    assert!(
        refused
            .message
            .contains("achieved, under-way or not-started"),
        "{}",
        refused.message
    );
    assert!(
        service
            .save_answer(SaveAnswerRequest {
                assessment_id: id,
                entry_id: "la-two".to_owned(),
                answer: respond(Response::Yes),
            })
            .is_err()
    );
    // A review date only where the part asks for one.
    assert!(
        service
            .save_answer(SaveAnswerRequest {
                assessment_id: id,
                entry_id: "PPL-a".to_owned(),
                answer: AnswerInput {
                    review_date: Some("2027-06-30".to_owned()),
                    ..AnswerInput::default()
                },
            })
            .is_err()
    );

    answer(&mut service, id, "la-one", respond(Response::No));
    answer(
        &mut service,
        id,
        "LA-one",
        AnswerInput {
            lead: Some("Robin Park".to_owned()),
            due_date: Some("2027-02-01".to_owned()),
            ..AnswerInput::default()
        },
    );
    answer(&mut service, id, "LA-two.a", respond(Response::Yes));
    answer(&mut service, id, "LA-two.b", respond(Response::Partial));
    answer(
        &mut service,
        id,
        "LA-two.b",
        AnswerInput {
            lead: Some("Sam Lee".to_owned()),
            due_date: Some("2027-03-01".to_owned()),
            ..AnswerInput::default()
        },
    );

    // Half done: the gate refuses and says what is missing, by the
    // framework's own names.
    let gap = service.mark_complete(id).expect_err("a gap");
    assert_eq!(gap.kind, ErrorKind::Conflict);
    let detail = service.get_assessment(id).expect("detail");
    assert!(
        detail
            .review
            .blocking
            .iter()
            .any(|f| f.message == "Select a response for point PPL-a"),
        "{:?}",
        detail.review.blocking
    );
    // The parent's response is derived from its sub-points by the rule the file names.
    let parent = detail
        .review
        .entries
        .iter()
        .find(|e| e.entry_id == "LA-two")
        .expect("LA-two");
    assert_eq!(parent.response, Some(Response::Partial));
    assert!(parent.derived);
    assert_eq!(
        (detail.review.answered, detail.review.total),
        (3, 5),
        "the parent counts through its sub-points"
    );

    answer(&mut service, id, "PPL-a", respond(Response::Yes));
    answer(
        &mut service,
        id,
        "REC-x",
        AnswerInput {
            response: Some(Response::Yes),
            review_date: Some("2027-06-30".to_owned()),
            ..AnswerInput::default()
        },
    );
    service.mark_complete(id).expect("complete");

    // The plan: an action for each gap, prioritised by the fixture's rules.
    let plan = service.get_plan(id, PlanFilter::default()).expect("plan");
    let actions: Vec<(String, Priority)> = plan
        .actions
        .iter()
        .map(|a| (a.action.source.clone(), a.action.priority))
        .collect();
    assert_eq!(
        actions,
        [
            ("LA-one".to_owned(), Priority::High),
            ("LA-two.b".to_owned(), Priority::Low)
        ]
    );
    assert_eq!(plan.actions[0].source_label, "Point LA-one");

    // Sign, export and verify.
    service
        .sign_off(
            id,
            SignOffInput {
                name: "Robin Park".to_owned(),
                role: "Reviewer".to_owned(),
                on_behalf: false,
                signed_at: None,
            },
        )
        .expect("signed");
    let pdf = service.export_pdf(id).expect("export").bytes;
    let check = service.check_pdf(&pdf).expect("check");
    assert_eq!(check.outcome, PdfOutcome::Valid, "{:?}", check.reasons);
    assert!(
        prevent_app::seal::check_pdf(&pdf, &prevent_app::seal::TrustList::default())
            .expect("check anywhere")
            .outcome
            == PdfOutcome::Valid
    );
    let text = pdf_text(&dir, &pdf);
    for expected in [
        "Leadership and accountability",
        "Records kept",
        "Keep these records and review them:",
        "Point LA-two.a",
        "Under way",
        "Not started",
        "Achieved",
        "Readiness actions",
        "Review by",
        "30 Jun 2027",
    ] {
        assert!(text.contains(expected), "the report shows {expected:?}");
    }
    assert!(!text.contains("Not applicable"), "the scale has no N/A");

    // A changed byte is caught.
    let mut changed = pdf.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x20;
    assert!(
        service
            .check_pdf(&changed)
            .is_ok_and(|c| c.outcome != PdfOutcome::Valid)
            || service.check_pdf(&changed).is_err()
    );

    // A new version carries the answers over and can be completed again.
    let next = service.new_version(id).expect("new version");
    service.mark_complete(next.id).expect("complete again");
}

/// The PDF's text, laid out, as pdftotext reads it.
fn pdf_text(dir: &TempDir, pdf: &[u8]) -> String {
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).expect("write");
    let output = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout).into_owned()
}
