//! Fuzzing the check, bounded: a genuine sealed report mutated (bit flips,
//! bytes set, cuts, deletions, splices, hostile tokens inserted) and checked
//! through the same `check_pdf` the window and `prevent-sa verify` call. The
//! check never panics, and never calls a changed file valid: it is altered,
//! not sealed, partly checked, or unreadable. `PREVENT_SA_FUZZ_CASES` runs
//! more.

use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use prevent_app::PdfOutcome;
use prevent_app::sample::{complete_assessment, service_in, sign_off};
use prevent_app::seal::{TrustList, check_pdf};
use prevent_core::{Actor, ErrorKind};
use prevent_seal::attacks::{fuzz_cases, mutated_by};
use proptest::prelude::*;

fn sealed() -> &'static Vec<u8> {
    static SEALED: OnceLock<Vec<u8>> = OnceLock::new();
    SEALED.get_or_init(|| {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let now = Utc
            .with_ymd_and_hms(2026, 11, 21, 9, 0, 0)
            .single()
            .expect("time");
        let actor = Actor::new("Sam Lee", "Safeguarding lead").expect("actor");
        let mut service = service_in(dir.path(), now, actor).expect("service");
        let id = complete_assessment(&mut service, 4).expect("complete");
        sign_off(&mut service, id, 2).expect("signed");
        service.export_pdf(id).expect("export").bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: fuzz_cases(120),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_changed_report_is_never_valid_and_never_a_panic(
        seeds in prop::collection::vec(any::<u64>(), 1..5),
    ) {
        let bytes = mutated_by(sealed(), &seeds);
        match check_pdf(&bytes, &TrustList::default()) {
            Ok(check) => {
                if bytes != *sealed() {
                    prop_assert_ne!(check.outcome, PdfOutcome::Valid, "{:?}", seeds);
                }
                prop_assert!(!check.summary.is_empty());
            }
            Err(error) => {
                prop_assert_eq!(error.kind, ErrorKind::InvalidInput);
                prop_assert!(!error.message.is_empty());
            }
        }
    }
}

/// A signed annual report to the board, sealed like an assessment report.
fn sealed_board_report() -> &'static Vec<u8> {
    use prevent_app::board::{BoardReportRequest, BoardSignOff};
    use prevent_core::board::{BoardReportInput, ResourcesStatement};
    static SEALED: OnceLock<Vec<u8>> = OnceLock::new();
    SEALED.get_or_init(|| {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let now = Utc
            .with_ymd_and_hms(2026, 11, 21, 9, 0, 0)
            .single()
            .expect("time");
        let actor = Actor::new("Dr Priya Shah", "Accountable Prevent lead").expect("actor");
        let mut service = service_in(dir.path(), now, actor).expect("service");
        let id = complete_assessment(&mut service, 4).expect("complete");
        sign_off(&mut service, id, 1).expect("signed");
        service
            .board_report(&BoardReportRequest {
                organisation: "Northshire Community NHS Trust".to_owned(),
                year: 2026,
                input: BoardReportInput {
                    referrals: Some(2),
                    incidents: "None.".to_owned(),
                    resources: Some(ResourcesStatement::Adequate),
                    lead: "Dr Priya Shah".to_owned(),
                    ..BoardReportInput::default()
                },
                sign: Some(BoardSignOff {
                    name: "Dr Priya Shah".to_owned(),
                    role: "Accountable Prevent lead".to_owned(),
                    on_behalf: false,
                }),
            })
            .expect("board report")
            .bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: fuzz_cases(60),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_changed_board_report_is_never_valid_and_never_a_panic(
        seeds in prop::collection::vec(any::<u64>(), 1..5),
    ) {
        let sealed = sealed_board_report();
        let bytes = mutated_by(sealed, &seeds);
        match check_pdf(&bytes, &TrustList::default()) {
            Ok(check) => {
                if bytes != *sealed {
                    prop_assert_ne!(check.outcome, PdfOutcome::Valid, "{:?}", seeds);
                }
                prop_assert!(!check.summary.is_empty());
            }
            Err(error) => {
                prop_assert_eq!(error.kind, ErrorKind::InvalidInput);
                prop_assert!(!error.message.is_empty());
            }
        }
    }
}
