//! Saving an answer: the framework's rules applied to what the person typed,
//! the audit rows for what changed, and the plan following the answer, all
//! in one change.

use chrono::{DateTime, Utc};
use prevent_core::audit::{self, FieldChange};
use prevent_core::{Actor, Answer, AnswerInput, AnswerRecord};
use uuid::Uuid;

use super::Ledger;
use crate::error::AppResult;

/// What saving an answer did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedAnswer {
    pub record: AnswerRecord,
    /// The fields that changed; empty when the answer was saved unchanged.
    pub changes: Vec<FieldChange>,
}

impl Ledger {
    /// Applies `input` to an entry's answer and records what changed, in one
    /// transaction. Saving an unchanged answer writes nothing. A complete
    /// assessment is refused: it must be reopened first.
    pub fn save_answer(
        &mut self,
        assessment_id: Uuid,
        entry_id: &str,
        input: AnswerInput,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<SavedAnswer> {
        let assessment = self.store.assessment(assessment_id)?;
        let framework = self.framework_of(&assessment)?;
        let change = self.store.change(actor, now)?;
        change.ensure_editable(assessment_id)?;
        let canonical_id = framework
            .entry(entry_id)
            .map(|e| e.id.to_owned())
            .unwrap_or_else(|| entry_id.trim().to_owned());
        let existing = self.store.answer(assessment_id, &canonical_id)?;
        let answer = Answer::apply(
            framework,
            entry_id,
            existing.as_ref().map(|r| &r.answer),
            input,
        )?;
        let changes = audit::answer_changes(existing.as_ref().map(|r| &r.answer), &answer);
        let saved = |answer: Answer, changes: Vec<FieldChange>| SavedAnswer {
            record: AnswerRecord {
                answer,
                updated_at: now,
                updated_by: actor.name.clone(),
            },
            changes,
        };
        match existing {
            Some(record) if changes.is_empty() => return Ok(SavedAnswer { record, changes }),
            // Clearing a field nobody had filled in leaves no row behind.
            None if answer.is_blank() => return Ok(saved(answer, Vec::new())),
            _ => {}
        }
        change.write_answer(assessment_id, &answer, &changes)?;
        // The plan follows the answer in the same transaction.
        self.reconcile_entry(
            &change,
            framework,
            &assessment,
            &answer.entry_id,
            Some(&answer),
            now,
        )?;
        change.commit()?;
        Ok(saved(answer, changes))
    }
}
