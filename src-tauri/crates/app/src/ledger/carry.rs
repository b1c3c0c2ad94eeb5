//! Starting from last year's work: a new assessment of one framework from an
//! assessment of another that the crosswalk joins to it. What is carried is
//! the core's rule (`prevent_core::carry`); each carried answer waits for a
//! person to confirm or change it.

use chrono::{DateTime, Utc};
use prevent_core::{Actor, Assessment, Evidence, FieldChange, NewAssessment, RuleError, audit};
use uuid::Uuid;

use super::Ledger;
use super::lifecycle::new_assessment_row;
use crate::error::AppResult;

impl Ledger {
    /// Starts an assessment from `from`, of a framework the crosswalk joins
    /// to the new one: mapped answers, comments, leads, dates and evidence
    /// (file and SHA-256 included) are carried over, the plan follows the
    /// answers, and the audit trail says which assessment it all came from.
    /// One transaction.
    pub fn create_assessment_from(
        &mut self,
        new: &NewAssessment,
        from: Uuid,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<Assessment> {
        let source = self.store.assessment(from)?;
        let from_framework = self.framework_of(&source)?;
        let to_framework = crate::service::framework_in(self.frameworks, &new.framework_id)?;
        let crosswalk = self
            .frameworks
            .crosswalk(&from_framework.id, &to_framework.id)
            .filter(|_| from_framework.id != to_framework.id)
            .ok_or_else(|| RuleError::NoCrosswalk {
                from: from_framework.title.clone(),
                to: to_framework.title.clone(),
            })?;
        let answers: Vec<_> = self
            .answers(from)?
            .into_iter()
            .map(|r| r.answer)
            .filter(|a| !a.awaits_confirmation())
            .collect();
        let carried = prevent_core::carry::carried_answers(
            crosswalk,
            from_framework,
            to_framework,
            &answers,
            source.assessment_date,
        );

        let assessment = new_assessment_row(new, now);
        let mut created = audit::assessment_created(new);
        created.push(FieldChange {
            field: "started_from".to_owned(),
            old_value: None,
            new_value: Some(format!(
                "{} assessment of {} ({})",
                source.framework_id, source.assessment_date, source.id
            )),
        });
        let change = self.store.change(actor, now)?;
        change.insert_assessment(&assessment, &created)?;
        for answer in &carried {
            change.write_answer(assessment.id, answer, &audit::answer_changes(None, answer))?;
        }
        for source_evidence in self.evidence_list(from)? {
            for entry_id in prevent_core::carry::evidence_targets(
                crosswalk,
                from_framework,
                &source_evidence.entry_id,
            ) {
                let copy = Evidence {
                    id: Uuid::new_v4(),
                    assessment_id: assessment.id,
                    entry_id,
                    added_at: now,
                    added_by: actor.name.clone(),
                    ..source_evidence.clone()
                };
                change.copy_evidence(source_evidence.id, &copy)?;
            }
        }
        for answer in &carried {
            self.reconcile_entry(
                &change,
                to_framework,
                &assessment,
                &answer.entry_id,
                Some(answer),
                now,
            )?;
        }
        self.sync_training_actions(
            &change,
            &prevent_core::training::match_key(&assessment.organisation),
            now,
        )?;
        change.commit()?;
        Ok(assessment)
    }

    /// Confirms answers carried over, as they stand: each stops counting as
    /// unanswered. An entry whose answer was not carried over (or is already
    /// confirmed) is refused and nothing is written. Returns the entries
    /// confirmed.
    pub fn confirm_carried(
        &mut self,
        assessment_id: Uuid,
        entry_ids: &[String],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<Vec<String>> {
        let assessment = self.store.assessment(assessment_id)?;
        let framework = self.framework_of(&assessment)?;
        let change = self.store.change(actor, now)?;
        change.ensure_editable(assessment_id)?;
        let answers = self.store.answer_rows(assessment_id)?;
        let mut confirmed = Vec::new();
        for typed in entry_ids {
            let entry = framework
                .entry(typed)
                .ok_or_else(|| RuleError::UnknownEntry {
                    id: typed.trim().to_owned(),
                    framework: framework.title.clone(),
                    ranges: framework.entry_id_ranges(),
                })?;
            let carried = answers
                .iter()
                .find(|a| a.answer.entry_id == entry.id && a.answer.awaits_confirmation())
                .ok_or_else(|| RuleError::NotCarriedOver {
                    entry: entry.label(),
                })?;
            let mut answer = carried.answer.clone();
            answer.carried_from = None;
            change.write_answer(
                assessment_id,
                &answer,
                &audit::answer_changes(Some(&carried.answer), &answer),
            )?;
            confirmed.push(answer.entry_id);
        }
        change.commit()?;
        Ok(confirmed)
    }
}
