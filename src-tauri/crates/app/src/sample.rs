//! A complete, signed-off assessment built through the real use cases, for
//! the tests and the benchmarks: a service over a new database with a key
//! folder of its own, every entry answered, a chosen number of gaps (each
//! with its action), evidence with an attached file, the people who sign it
//! off; and a forged report, sealed exactly as the app seals, for the tests
//! that attack the check. Not part of the app's surface.
#![doc(hidden)]

use std::path::Path;
use std::sync::Arc;

use crate::ledger::Ledger;
use chrono::{DateTime, Utc};
use prevent_core::evidence::{AttachedFile, EvidenceInput};
use prevent_core::{
    Actor, AnswerInput, AssessmentRecord, NewAssessmentInput, PREVENT_TOOLKIT_2011, Response,
    SignOffInput,
};
use prevent_seal::SigningIdentity;
use uuid::Uuid;

use crate::clock::FixedClock;
use crate::error::AppResult;
use crate::requests::SaveAnswerRequest;
use crate::seal::{seal_drawn, stamp_for};
use crate::service::{ActorSource, Service, framework};

/// A service over a new database in `dir`, its clock fixed at `now`, acting
/// as `actor`, with the signing key kept in `dir/keys`.
pub fn service_in(dir: &Path, now: DateTime<Utc>, actor: Actor) -> AppResult<Service> {
    let store = Ledger::open(&dir.join("prevent.sqlite3"), now)?;
    Ok(Service::new(
        store,
        Arc::new(FixedClock {
            now,
            today: now.date_naive(),
        }),
        ActorSource::Given(actor),
    )
    .with_signing_folder(dir.join("keys")))
}

/// The record sealed at the assessment's latest sign-off.
pub fn sealed_record(service: &Service, id: Uuid) -> AppResult<AssessmentRecord> {
    service
        .store()
        .sealed_record(id)?
        .map(|sealed| sealed.record)
        .ok_or_else(|| prevent_core::RuleError::SignOffNeedsComplete.into())
}

/// A report that looks like the app's but is not what its record draws:
/// `shown` is drawn, `edit` changes the drawn file, and the result is sealed
/// over `attached` (its canonical bytes, its signatories' names) with `key`
/// at `at`, exactly as the app seals. What the tests that attack the check
/// forge; an attacker holding the key could do no better.
pub fn forge(
    shown: &AssessmentRecord,
    attached: &AssessmentRecord,
    key: &SigningIdentity,
    at: DateTime<Utc>,
    edit: impl FnOnce(&mut Vec<u8>),
) -> AppResult<Vec<u8>> {
    let bytes = attached.to_canonical_json();
    let mut unsigned = prevent_report::render(shown, &stamp_for(&bytes, key.certificate()))
        .map_err(|e| crate::AppError::internal(e.to_string()))?;
    edit(&mut unsigned);
    seal_drawn(&unsigned, attached, &bytes, key, at)
}

/// [`forge`] for an annual report to the board: `shown` drawn, `edit`
/// applied, sealed over `attached` with `key` as the app seals.
pub fn forge_board(
    shown: &prevent_core::board::BoardReportRecord,
    attached: &prevent_core::board::BoardReportRecord,
    key: &SigningIdentity,
    edit: impl FnOnce(&mut Vec<u8>),
) -> AppResult<Vec<u8>> {
    let bytes = attached.to_canonical_json();
    let mut unsigned =
        prevent_report::render_board_report(shown, &stamp_for(&bytes, key.certificate()))
            .map_err(|e| crate::AppError::internal(e.to_string()))?;
    edit(&mut unsigned);
    crate::seal::seal_board_drawn(&unsigned, attached, &bytes, key)
}

/// Who signs the sample off, in order.
pub const SIGNATORIES: [(&str, &str); 3] = [
    ("Dr Priya Shah", "Accountable Prevent lead"),
    ("Alex Morgan", "Assessor"),
    ("Jordan Ellis", "Chief Nurse"),
];

/// Creates a complete assessment with `gaps` entries answered No or
/// Partially (so `gaps` actions), the rest Yes, and marks it complete.
pub fn complete_assessment(service: &mut Service, gaps: usize) -> AppResult<Uuid> {
    let assessment = service.create_assessment(NewAssessmentInput {
        framework_id: PREVENT_TOOLKIT_2011.to_owned(),
        organisation: "Northshire Community NHS Trust".to_owned(),
        assessor: "Alex Morgan".to_owned(),
        assessment_date: "2026-11-20".to_owned(),
    })?;
    let id = assessment.id;
    let entries: Vec<String> = framework(PREVENT_TOOLKIT_2011)?
        .answerable_ids()
        .into_iter()
        .map(str::to_owned)
        .collect();
    for (n, entry) in entries.iter().enumerate() {
        let gap = n < gaps;
        let answer = if gap {
            AnswerInput {
                response: Some(if n % 3 == 0 {
                    Response::Partial
                } else {
                    Response::No
                }),
                comment: Some(format!(
                    "Reviewed at the safeguarding committee; the gap for {entry} is recorded with its owner and date."
                )),
                lead: Some(
                    ["Head of Safeguarding", "Director of HR", "Prevent lead"][n % 3].to_owned(),
                ),
                due_date: Some(format!("2027-0{}-{:02}", 1 + n % 6, 1 + n % 28)),
                ..AnswerInput::default()
            }
        } else {
            AnswerInput {
                response: Some(Response::Yes),
                comment: Some("In place and reviewed this year.".to_owned()),
                policy_ref: entry.starts_with('C').then(|| format!("POL-{entry}-2026")),
                review_date: entry.starts_with('C').then(|| "2027-10-01".to_owned()),
                ..AnswerInput::default()
            }
        };
        service.save_answer(SaveAnswerRequest {
            assessment_id: id,
            entry_id: entry.clone(),
            answer,
        })?;
    }
    service.add_evidence_input(
        id,
        EvidenceInput {
            entry_id: "1".to_owned(),
            title: "Prevent policy v4".to_owned(),
            location: "Intranet: Policies > Safeguarding".to_owned(),
            file: Some(AttachedFile {
                name: "prevent-policy-v4.txt".to_owned(),
                bytes: b"Prevent policy, version 4, approved by the board.".to_vec(),
            }),
        },
    )?;
    service.mark_complete(id)?;
    Ok(id)
}

/// Signs `id` off by the first `count` of [`SIGNATORIES`], each recorded
/// now by the person using the service (on the signatory's behalf where
/// they are someone else).
pub fn sign_off(service: &mut Service, id: Uuid, count: usize) -> AppResult<()> {
    for (name, role) in SIGNATORIES.iter().take(count) {
        service.sign_off(
            id,
            SignOffInput {
                name: (*name).to_owned(),
                role: (*role).to_owned(),
                on_behalf: true,
                signed_at: None,
            },
        )?;
    }
    Ok(())
}
