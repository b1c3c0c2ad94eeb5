//! Sign-off and the seal, as one transaction: the sign-off's audit rows are
//! chained, the assessment is sealed on the first one, and the record of
//! everything so far (the trail's head included) is built from what the
//! transaction reads, sealed into a signed report and stored with the
//! sign-off. Exporting a sealed assessment later renders that stored
//! record, so the same PDF comes out every time, whatever happens to the
//! live action plan afterwards.

use chrono::{DateTime, Timelike, Utc};
use prevent_core::record::training::RecordTraining;
use prevent_core::record::{self, AssessmentRecord, RecordSource};
use prevent_core::training::match_key;
use prevent_core::{
    Actor, Assessment, FieldChange, Framework, SignOffContext, SignOffInput, Signatory,
};
use prevent_store::{SealedRecord, SignOffRow};
use uuid::Uuid;

use super::Ledger;
use crate::error::AppResult;

impl Ledger {
    /// The record of the assessment as it stands, for a draft report drawn
    /// with `layout`.
    pub fn draft_record(
        &self,
        assessment_id: Uuid,
        prepared_at: DateTime<Utc>,
        layout: u32,
    ) -> AppResult<AssessmentRecord> {
        self.record_of(assessment_id, &[], prepared_at, layout)
    }

    fn record_of(
        &self,
        assessment_id: Uuid,
        signatories: &[Signatory],
        prepared_at: DateTime<Utc>,
        layout: u32,
    ) -> AppResult<AssessmentRecord> {
        let assessment = self.store.assessment(assessment_id)?;
        let framework = self.framework_of(&assessment)?;
        let answers = self.answers(assessment_id)?;
        let evidence = self.evidence_list(assessment_id)?;
        let actions = self.actions_of(assessment_id)?;
        let audit = self.store.audit_trail(assessment_id)?;
        let training = self.training_shown(&assessment, framework)?;
        Ok(record::build(&RecordSource {
            assessment: &assessment,
            framework,
            answers: &answers,
            evidence: &evidence,
            actions: &actions,
            signatories,
            audit: &audit,
            prepared_at,
            layout,
            training,
        }))
    }

    /// The training figures the assessment shows now, as its record carries
    /// them: its organisation's latest complete reporting date, the one the
    /// assessment's detail shows beside its standards on training, with the
    /// complete dates before it. `None` for a framework that shows none.
    fn training_shown(
        &self,
        assessment: &Assessment,
        framework: &Framework,
    ) -> AppResult<Option<RecordTraining>> {
        if !record::training::shows_training(framework) {
            return Ok(None);
        }
        let validity = self
            .store
            .organisation(&match_key(&assessment.organisation))?
            .and_then(|row| row.validity)
            .unwrap_or_default();
        let complete = self.complete_training_figures(&assessment.organisation)?;
        Ok(RecordTraining::of(framework, validity, &complete))
    }

    /// Signs the assessment off for one person, recorded by `actor` at
    /// `now`. The first sign-off seals it; each one stores the record of the
    /// content and every signatory so far, drawn with `layout`, and the
    /// report `seal` makes of that record (its canonical bytes beside it):
    /// all in one transaction, so a sign-off is never stored without its
    /// signed report, nor a report without its audit rows. An error from
    /// `seal` leaves nothing recorded.
    pub fn sign_off(
        &self,
        assessment_id: Uuid,
        input: &SignOffInput,
        actor: &Actor,
        now: DateTime<Utc>,
        layout: u32,
        seal: impl FnOnce(&AssessmentRecord, &[u8]) -> AppResult<Vec<u8>>,
    ) -> AppResult<SealedRecord> {
        // To the second: a PDF signature's signing time has no finer
        // resolution, and the record built now must agree with it and with
        // the signatories read back later.
        let now = now.with_nanosecond(0).unwrap_or(now);
        let change = self.store.change(actor, now)?;
        let assessment = self.store.assessment(assessment_id)?;
        let mut signatories = self.store.signatories(assessment_id)?;
        let signatory = input.validate(&SignOffContext {
            assessment: &assessment,
            signed_before: &signatories,
            recorder: actor,
            now,
            completed_at: self.store.completed_at(assessment_id)?,
        })?;
        if !assessment.is_sealed() {
            change.seal_assessment(assessment_id)?;
        }
        change.record_sign_off(assessment_id, &sign_off_changes(&signatory, now))?;
        signatories.push(signatory.clone());
        let mut record = self.record_of(assessment_id, &signatories, now, layout)?;
        // The training figures were sealed with the first sign-off: later
        // signatories sign what the first signed, not figures recorded since.
        if assessment.is_sealed()
            && let Some(first) = self.store.sealed_record(assessment_id)?
        {
            record.training = first.record.training;
        }
        let bytes = record.to_canonical_json();
        let sha256 = record::sha256_hex(&bytes);
        let pdf = seal(&record, &bytes)?;
        change.insert_sign_off(
            assessment_id,
            &SignOffRow {
                position: signatories.len(),
                signatory: &signatory,
                record: &bytes,
                record_sha256: &sha256,
                pdf: &pdf,
            },
        )?;
        change.commit()?;
        Ok(SealedRecord {
            bytes,
            sha256,
            record,
            pdf: Some(pdf),
        })
    }
}

/// The audit rows of one sign-off: who signed, when if not now, and on whose
/// behalf it was recorded.
fn sign_off_changes(signatory: &Signatory, now: DateTime<Utc>) -> Vec<FieldChange> {
    let mut changes = vec![FieldChange {
        field: "signed_off_by".to_owned(),
        old_value: None,
        new_value: Some(format!("{} ({})", signatory.name, signatory.role)),
    }];
    if signatory.signed_at != now {
        changes.push(FieldChange {
            field: "signed_at".to_owned(),
            old_value: None,
            new_value: Some(prevent_store::stored_timestamp(signatory.signed_at)),
        });
    }
    if signatory.recorded.as_ref().is_some_and(|r| r.on_behalf) {
        changes.push(FieldChange {
            field: "recorded_on_behalf_of".to_owned(),
            old_value: None,
            new_value: Some(signatory.name.clone()),
        });
    }
    changes
}
