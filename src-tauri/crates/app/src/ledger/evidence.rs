//! Evidence: a reference to a document, optionally the document itself,
//! checked against the framework's entries and the limits, and locked with
//! the assessment.

use chrono::{DateTime, Utc};
use prevent_core::evidence::{EvidenceInput, NewEvidence};
use prevent_core::{Actor, Evidence};
use uuid::Uuid;

use super::Ledger;
use crate::error::AppResult;

impl Ledger {
    /// Records evidence for one entry of an assessment, with its audit row.
    pub fn add_evidence(
        &mut self,
        assessment_id: Uuid,
        input: EvidenceInput,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<Evidence> {
        let assessment = self.store.assessment(assessment_id)?;
        let framework = self.framework_of(&assessment)?;
        let new = NewEvidence::validate(framework, input)?;
        let evidence = Evidence {
            id: Uuid::new_v4(),
            assessment_id,
            entry_id: new.entry_id,
            title: new.title,
            location: new.location,
            file: new.file.as_ref().map(|(info, _)| info.clone()),
            added_at: now,
            added_by: actor.name.clone(),
        };
        let change = self.store.change(actor, now)?;
        change.ensure_editable(assessment_id)?;
        change.insert_evidence(
            &evidence,
            new.file.as_ref().map(|(_, bytes)| bytes.as_slice()),
        )?;
        change.commit()?;
        Ok(evidence)
    }

    /// Removes a piece of evidence; the audit trail keeps what it was.
    pub fn remove_evidence(
        &mut self,
        evidence_id: Uuid,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<Evidence> {
        let change = self.store.change(actor, now)?;
        let evidence = self.store.evidence(evidence_id)?;
        change.ensure_editable(evidence.assessment_id)?;
        change.delete_evidence(&evidence)?;
        change.commit()?;
        Ok(evidence)
    }
}
