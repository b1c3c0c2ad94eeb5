//! An assessment's life: created, marked complete once its review finds
//! nothing missing, reopened, and (once sealed) continued as a new version.

use chrono::{DateTime, NaiveDate, Utc};
use prevent_core::{Actor, Assessment, AssessmentStatus, NewAssessment, RuleError, audit};
use uuid::Uuid;

use super::Ledger;
use crate::error::AppResult;

/// A new assessment of version 1, in progress.
pub(super) fn new_assessment_row(new: &NewAssessment, now: DateTime<Utc>) -> Assessment {
    Assessment {
        id: Uuid::new_v4(),
        framework_id: new.framework_id.clone(),
        framework_version: new.framework_version.clone(),
        organisation: new.organisation.clone(),
        assessor: new.assessor.clone(),
        assessment_date: new.assessment_date,
        status: AssessmentStatus::InProgress,
        created_at: now,
        updated_at: now,
        version: 1,
        previous_version: None,
        next_version: None,
        sealed_at: None,
    }
}

use prevent_core::training::match_key;

impl Ledger {
    /// Records a new assessment and its audit rows in one transaction.
    pub fn create_assessment(
        &mut self,
        new: &NewAssessment,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<Assessment> {
        let assessment = new_assessment_row(new, now);
        let change = self.store.change(actor, now)?;
        change.insert_assessment(&assessment, &audit::assessment_created(new))?;
        // A core-standards assessment starts with the organisation's
        // training shortfalls in its plan (nothing for other frameworks).
        self.sync_training_actions(&change, &match_key(&assessment.organisation), now)?;
        change.commit()?;
        Ok(assessment)
    }

    /// Marks an assessment complete, if its review finds nothing missing.
    /// The review is read inside the transaction that changes the status, so
    /// a save from another process (the CLI beside the window) cannot open a
    /// gap between the check and the write.
    pub fn mark_complete(
        &mut self,
        id: Uuid,
        actor: &Actor,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> AppResult<Assessment> {
        let change = self.store.change(actor, now)?;
        let detail = self.assessment_detail(id, today)?;
        if detail.assessment.status == AssessmentStatus::Complete {
            return Err(RuleError::AlreadyComplete.into());
        }
        if !detail.review.can_complete() {
            return Err(RuleError::IncompleteAssessment {
                problems: detail.review.blocking,
            }
            .into());
        }
        if !change.set_status(id, AssessmentStatus::InProgress, AssessmentStatus::Complete)? {
            return Err(RuleError::AlreadyComplete.into());
        }
        change.commit()?;
        Ok(self.store.assessment(id)?)
    }

    /// Reopens a complete assessment so it can be changed; the audit trail records it.
    pub fn reopen(&mut self, id: Uuid, actor: &Actor, now: DateTime<Utc>) -> AppResult<Assessment> {
        let change = self.store.change(actor, now)?;
        let assessment = self.store.assessment(id)?;
        if assessment.is_sealed() {
            return Err(RuleError::AssessmentSealed.into());
        }
        if assessment.status != AssessmentStatus::Complete
            || !change.set_status(id, AssessmentStatus::Complete, AssessmentStatus::InProgress)?
        {
            return Err(RuleError::NotComplete.into());
        }
        change.commit()?;
        Ok(self.store.assessment(id)?)
    }

    /// Starts a new version of a sealed assessment: a copy of its content and
    /// its live action plan, in progress, that counts on from it. The sealed
    /// one stays as it was, listed and verifiable.
    pub fn new_version(
        &mut self,
        assessment_id: Uuid,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<Assessment> {
        let change = self.store.change(actor, now)?;
        let old = self.store.assessment(assessment_id)?;
        if !old.is_sealed() {
            return Err(RuleError::NewVersionNeedsSeal.into());
        }
        if let Some(next) = old.next_version {
            return Err(RuleError::HasNewerVersion {
                id: next.to_string(),
            }
            .into());
        }
        let new_id = Uuid::new_v4();
        change.copy_as_new_version(&old, new_id)?;
        change.commit()?;
        Ok(self.store.assessment(new_id)?)
    }
}
