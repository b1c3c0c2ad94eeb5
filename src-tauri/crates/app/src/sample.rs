//! A complete, signed-off assessment built through the real use cases, for
//! the tests and the PDF benchmark: every entry answered, a chosen number of
//! gaps (each with its action), evidence with an attached file, and the
//! people who sign it off. Not part of the app's surface.
#![doc(hidden)]

use chrono::{DateTime, Utc};
use prevent_core::evidence::{AttachedFile, EvidenceInput};
use prevent_core::{AnswerInput, NewAssessmentInput, PREVENT_TOOLKIT_2011, Response, SignOffInput};
use uuid::Uuid;

use crate::error::AppResult;
use crate::requests::SaveAnswerRequest;
use crate::service::{Service, framework};

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

/// Signs `id` off by the first `count` of [`SIGNATORIES`], a minute apart
/// from `first`.
pub fn sign_off(
    service: &mut Service,
    id: Uuid,
    count: usize,
    first: DateTime<Utc>,
) -> AppResult<()> {
    for (n, (name, role)) in SIGNATORIES.iter().take(count).enumerate() {
        service.sign_off_at(
            id,
            SignOffInput {
                name: (*name).to_owned(),
                role: (*role).to_owned(),
            },
            first + chrono::Duration::minutes(n as i64),
        )?;
    }
    Ok(())
}
