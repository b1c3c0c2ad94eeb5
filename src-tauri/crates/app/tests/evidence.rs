//! Saving an attached file back out goes through one check, in the
//! application layer, for the window and the CLI alike: the bytes must still
//! have the SHA-256 recorded when the file was added. A file changed in the
//! database behind the app's back is refused, never handed out.

use chrono::{TimeZone, Utc};
use prevent_app::sample::service_in;
use prevent_app::{AddEvidenceRequest, UploadedFile};
use prevent_core::{Actor, ErrorKind, NewAssessmentInput, PREVENT_TOOLKIT_2011};
use tempfile::TempDir;

#[test]
fn a_stored_file_that_no_longer_matches_its_sha256_is_not_handed_out() {
    let dir = TempDir::new().expect("temp dir");
    let now = Utc
        .with_ymd_and_hms(2026, 12, 3, 10, 0, 0)
        .single()
        .expect("time");
    let mut service = service_in(
        dir.path(),
        now,
        Actor::new("Sam Lee", "Safeguarding lead").expect("actor"),
    )
    .expect("service");
    let id = service
        .create_assessment(NewAssessmentInput {
            framework_id: PREVENT_TOOLKIT_2011.to_owned(),
            organisation: "Riverside NHS Foundation Trust".to_owned(),
            assessor: "Sam Lee".to_owned(),
            assessment_date: "2026-12-01".to_owned(),
        })
        .expect("created")
        .id;
    let evidence = service
        .add_evidence(AddEvidenceRequest {
            assessment_id: id,
            entry_id: "1".to_owned(),
            title: "Prevent policy".to_owned(),
            location: String::new(),
            file: Some(UploadedFile {
                name: "policy.txt".to_owned(),
                // "Prevent policy v4"
                base64: "UHJldmVudCBwb2xpY3kgdjQ=".to_owned(),
            }),
        })
        .expect("added");
    let (info, bytes) = service.evidence_file(evidence.id).expect("as added");
    assert_eq!(bytes, b"Prevent policy v4");
    assert_eq!(info.name, "policy.txt");

    // One byte changed in the database, its length kept.
    service
        .store()
        .connection_for_tests()
        .execute(
            "UPDATE evidence SET file_content = ?1 WHERE id = ?2",
            rusqlite::params![b"Prevent policy v5".to_vec(), evidence.id.to_string()],
        )
        .expect("tampered");
    let refused = service.evidence_file(evidence.id).expect_err("refused");
    assert_eq!(refused.kind, ErrorKind::Database);
    assert!(
        refused.message.contains("no longer matches the SHA-256"),
        "{}",
        refused.message
    );
}
