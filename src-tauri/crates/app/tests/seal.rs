//! Sign-off, the sealed PDF and its check, through the application layer on
//! a real SQLite file: the same bytes every export, the seal holding while
//! tracking goes on, and every kind of tampering found, including a file
//! re-signed with another key after its record or its pages were changed.

use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use prevent_app::sample::{complete_assessment, forge, sealed_record, service_in, sign_off};
use prevent_app::seal::TrustList;
use prevent_app::{PdfOutcome, SaveAnswerRequest, Service};
use prevent_core::record::AssessmentRecord;
use prevent_core::{Actor, AnswerInput, ErrorKind, PlanFilter};
use prevent_seal::SigningIdentity;
use tempfile::TempDir;
use uuid::Uuid;

fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, hour, minute, 0)
        .single()
        .expect("time")
}

fn service(dir: &TempDir) -> Service {
    let actor = Actor::new("Alex Morgan", "Assessor").expect("actor");
    service_in(dir.path(), at(9, 30), actor).expect("service")
}

/// A complete assessment with 30 actions, signed off by two people.
fn signed(dir: &TempDir) -> (Service, Uuid) {
    let mut service = service(dir);
    let id = complete_assessment(&mut service, 30).expect("complete");
    sign_off(&mut service, id, 2).expect("signed off");
    (service, id)
}

/// A PDF like the app's, but sealed by someone else's key: `record` is
/// attached, `shown` is what the pages were rendered from.
fn forged(shown: &AssessmentRecord, record: &AssessmentRecord) -> Vec<u8> {
    let mallory = SigningIdentity::generate("Mallory Trust", at(8, 0)).expect("a key");
    forge(shown, record, &mallory, record.signing_time(), |_| {}).expect("forged")
}

#[test]
fn a_signed_assessment_exports_the_same_bytes_and_checks_as_valid() {
    let dir = TempDir::new().expect("temp dir");
    let (mut service, id) = signed(&dir);
    let first = service.export_pdf(id).expect("export");
    assert!(
        first.suggested_name.ends_with("-v1-signed.pdf"),
        "{}",
        first.suggested_name
    );
    assert!(
        first.bytes.len() <= 100 * 1024,
        "{} bytes",
        first.bytes.len()
    );

    // Tracking goes on after the seal; the sealed PDF does not move.
    let action = service
        .get_plan(id, PlanFilter::default())
        .expect("plan")
        .actions[0]
        .action
        .id;
    service
        .update_action(prevent_app::UpdateActionRequest {
            action_id: action,
            edit: prevent_core::ActionEdit {
                note: Some("Policy drafted".to_owned()),
                ..prevent_core::ActionEdit::default()
            },
        })
        .expect("tracking goes on");
    let again = service.export_pdf(id).expect("export again");
    assert!(
        again.bytes == first.bytes,
        "exporting again gives the same bytes"
    );

    let check = service.check_pdf(&first.bytes).expect("check");
    assert_eq!(check.outcome, PdfOutcome::Valid, "{:?}", check.reasons);
    assert!(check.reasons.is_empty());
    // The screen's heading says "Valid": its detail does not repeat it.
    assert!(
        check
            .summary
            .starts_with("Valid: unchanged since it was signed off by")
    );
    assert!(
        check.detail.starts_with("Signed off by ")
            && check
                .detail
                .ends_with("signed with this installation's own certificate."),
        "{}",
        check.detail
    );
    let certificate = check.certificate.expect("certificate");
    assert!(certificate.own && certificate.trusted);
    let sealed = check.sealed.expect("sealed");
    assert_eq!(
        sealed
            .signatories
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["Dr Priya Shah", "Alex Morgan"]
    );
    assert!(check.summary.contains("Dr Priya Shah"), "{}", check.summary);

    // Elsewhere, without this installation's trust: valid, but unknown.
    let elsewhere =
        prevent_app::seal::check_pdf(&first.bytes, &TrustList::default()).expect("check");
    assert_eq!(elsewhere.outcome, PdfOutcome::Valid);
    assert!(
        elsewhere.summary.contains("unknown certificate"),
        "{}",
        elsewhere.summary
    );
}

#[test]
fn any_flipped_byte_is_altered() {
    let dir = TempDir::new().expect("temp dir");
    let (service, id) = signed(&dir);
    let pdf = service.export_pdf(id).expect("export").bytes;
    // Bytes spread over the whole file: header, pages, fonts, record, signature, trailer.
    let step = pdf.len() / 23;
    for offset in (7..pdf.len() - 2).step_by(step) {
        let mut changed = pdf.clone();
        changed[offset] ^= 0x01;
        match service.check_pdf(&changed) {
            Ok(check) => assert_ne!(
                check.outcome,
                PdfOutcome::Valid,
                "byte {offset} of {} flipped, still valid",
                pdf.len()
            ),
            Err(error) => assert_eq!(error.kind, ErrorKind::InvalidInput, "byte {offset}"),
        }
    }
}

#[test]
fn a_changed_signatory_re_signed_with_another_key_is_altered() {
    let dir = TempDir::new().expect("temp dir");
    let (service, id) = signed(&dir);
    let record = sealed_record(&service, id).expect("sealed");
    let mut changed = record.clone();
    changed.signatories[0].name = "Someone Else".to_owned();
    let check = service
        .check_pdf(&forged(&record, &changed))
        .expect("check");
    assert_eq!(check.outcome, PdfOutcome::Altered);
    assert!(
        !check.detail.to_lowercase().starts_with("altered"),
        "{}",
        check.detail
    );
    assert!(
        check
            .reasons
            .iter()
            .any(|r| r.contains("not the report drawn from its record")),
        "{:?}",
        check.reasons
    );
}

#[test]
fn a_changed_visible_word_re_signed_with_another_key_is_altered() {
    let dir = TempDir::new().expect("temp dir");
    let (service, id) = signed(&dir);
    let record = sealed_record(&service, id).expect("sealed");
    let mut shown = record.clone();
    shown.answers[0].comment = "Fully in place.".to_owned();
    let check = service.check_pdf(&forged(&shown, &record)).expect("check");
    assert_eq!(check.outcome, PdfOutcome::Altered);
    assert!(
        check
            .reasons
            .iter()
            .any(|r| r.contains("not the report drawn from its record")),
        "{:?}",
        check.reasons
    );
}

#[test]
fn a_pdf_re_saved_by_another_tool_is_altered() {
    let dir = TempDir::new().expect("temp dir");
    let (service, id) = signed(&dir);
    let pdf = dir.path().join("signed.pdf");
    let resaved = dir.path().join("resaved.pdf");
    std::fs::write(&pdf, service.export_pdf(id).expect("export").bytes).expect("write");
    let status = Command::new("qpdf")
        .arg(&pdf)
        .arg(&resaved)
        .status()
        .expect("qpdf is installed (cargo xtask setup)");
    assert!(
        status.success() || status.code() == Some(3),
        "qpdf: {status}"
    );
    let check = service
        .check_pdf(&std::fs::read(&resaved).expect("read"))
        .expect("check");
    assert_eq!(check.outcome, PdfOutcome::Altered, "{:?}", check.reasons);
}

#[test]
fn a_draft_is_not_sealed_and_a_sealed_assessment_refuses_changes() {
    let dir = TempDir::new().expect("temp dir");
    let mut service = service(&dir);
    let id = complete_assessment(&mut service, 5).expect("complete");
    let draft = service.export_pdf(id).expect("draft");
    assert!(draft.suggested_name.ends_with("-v1-draft.pdf"));
    let check = service.check_pdf(&draft.bytes).expect("check");
    assert_eq!(check.outcome, PdfOutcome::NotSealed);
    assert!(check.summary.contains("draft"), "{}", check.summary);

    sign_off(&mut service, id, 1).expect("signed");
    let sealed_pdf = service.export_pdf(id).expect("sealed").bytes;
    let refused = service
        .save_answer(SaveAnswerRequest {
            assessment_id: id,
            entry_id: "2".to_owned(),
            answer: AnswerInput {
                comment: Some("changed".to_owned()),
                ..AnswerInput::default()
            },
        })
        .expect_err("sealed");
    assert_eq!(refused.kind, ErrorKind::Conflict);
    assert!(
        refused.message.contains("Start a new version"),
        "{}",
        refused.message
    );

    // A new version can change; the sealed one stays verifiable, byte for byte.
    let next = service.new_version(id).expect("new version");
    assert_eq!(next.version, 2);
    service
        .save_answer(SaveAnswerRequest {
            assessment_id: next.id,
            entry_id: "2".to_owned(),
            answer: AnswerInput {
                comment: Some("changed in version 2".to_owned()),
                ..AnswerInput::default()
            },
        })
        .expect("the new version changes");
    assert!(service.export_pdf(id).expect("again").bytes == sealed_pdf);
    assert_eq!(
        service.check_pdf(&sealed_pdf).expect("check").outcome,
        PdfOutcome::Valid
    );
    assert!(
        service
            .export_pdf(next.id)
            .expect("draft of version 2")
            .suggested_name
            .ends_with("-v2-draft.pdf")
    );
}

#[test]
fn signing_an_incomplete_assessment_and_checking_a_non_pdf_are_refused() {
    let dir = TempDir::new().expect("temp dir");
    let mut service = service(&dir);
    let id = service
        .create_assessment(prevent_core::NewAssessmentInput {
            framework_id: prevent_core::PREVENT_TOOLKIT_2011.to_owned(),
            organisation: "Northshire Community NHS Trust".to_owned(),
            assessor: "Alex Morgan".to_owned(),
            assessment_date: "2026-11-20".to_owned(),
        })
        .expect("create")
        .id;
    let refused = sign_off(&mut service, id, 1).expect_err("incomplete");
    assert_eq!(refused.kind, ErrorKind::Conflict);
    assert!(refused.message.contains("Mark it complete first"));

    let not_pdf = service
        .check_pdf(b"hello, I am not a PDF")
        .expect_err("not a PDF");
    assert_eq!(not_pdf.kind, ErrorKind::InvalidInput);
    assert_eq!(not_pdf.field.as_deref(), Some("file"));
}
