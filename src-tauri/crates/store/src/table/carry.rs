//! Answers carried over from another assessment: written with where they
//! came from, and confirmed one by one. The rules of what is carried are the
//! core's (`prevent_core::carry`); this is the table work, each in one
//! transaction with its audit rows.

use chrono::{DateTime, Utc};
use prevent_core::{
    Actor, Answer, Assessment, AuditEntity, Evidence, FieldChange, NewAssessment, RuleError, audit,
};
use rusqlite::params;
use uuid::Uuid;

use crate::change::Change;
use crate::table::answers::write_answer;
use crate::table::assessments::{insert_assessment, new_assessment_row};
use crate::{Result, Store};

/// A piece of evidence to copy into the new assessment, against an entry.
pub struct EvidenceCopy {
    pub source: Evidence,
    pub entry_id: String,
}

impl Store {
    /// Starts an assessment from another: `answers` are written as carried
    /// over (each says where it came from), `evidence` is copied with its
    /// file and SHA-256, the plan follows the answers, and the audit trail
    /// says which assessment it all came from. One transaction.
    pub fn create_carried_assessment(
        &mut self,
        new: &NewAssessment,
        source: &Assessment,
        answers: &[Answer],
        evidence: &[EvidenceCopy],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Assessment> {
        let framework = self.framework(&new.framework_id)?;
        let frameworks = self.frameworks;
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
        let change = Change::begin(&mut self.conn, &self.path, actor, now)?;
        let written = (|| -> rusqlite::Result<()> {
            insert_assessment(&change, &assessment)?;
            change.record(assessment.id, AuditEntity::Assessment, None, &created)?;
            for answer in answers {
                write_answer(&change.tx, assessment.id, answer, &change.at, &actor.name)?;
                change.record(
                    assessment.id,
                    AuditEntity::Answer,
                    Some(&answer.entry_id),
                    &audit::answer_changes(None, answer),
                )?;
            }
            for copy in evidence {
                let copied = Evidence {
                    id: Uuid::new_v4(),
                    assessment_id: assessment.id,
                    entry_id: copy.entry_id.clone(),
                    added_at: now,
                    added_by: actor.name.clone(),
                    ..copy.source.clone()
                };
                change.tx.execute(
                    "INSERT INTO evidence (id, assessment_id, entry_id, title, location, file_name, file_size, file_sha256, file_content, added_at, added_by)
                     SELECT ?2, ?3, ?4, title, location, file_name, file_size, file_sha256, file_content, ?5, ?6
                     FROM evidence WHERE id = ?1",
                    params![
                        copy.source.id.to_string(),
                        copied.id.to_string(),
                        assessment.id.to_string(),
                        copied.entry_id,
                        change.at,
                        actor.name,
                    ],
                )?;
                change.record(
                    assessment.id,
                    AuditEntity::Evidence,
                    Some(&copied.entry_id),
                    &audit::evidence_changes(&copied, true),
                )?;
            }
            Ok(())
        })();
        written.map_err(|e| change.fail(e))?;
        for answer in answers {
            crate::table::actions::reconcile_entry(
                &change,
                frameworks,
                framework,
                &assessment,
                &answer.entry_id,
                Some(answer),
                now,
            )?;
        }
        change.commit()?;
        Ok(assessment)
    }

    /// Confirms answers carried over, as they stand: each stops counting as
    /// unanswered. An entry whose answer was not carried over (or is already
    /// confirmed) is refused and nothing is written.
    pub fn confirm_carried(
        &mut self,
        assessment_id: Uuid,
        entry_ids: &[String],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>> {
        let assessment = self.assessment(assessment_id)?;
        let framework = self.framework(&assessment.framework_id)?;
        let change = Change::begin_shared(&self.conn, &self.path, actor, now)?;
        change.ensure_editable(assessment_id)?;
        let answers = self.answers_of(&assessment)?;
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
            let written = write_answer(&change.tx, assessment_id, &answer, &change.at, &actor.name)
                .and_then(|_| {
                    change.record(
                        assessment_id,
                        AuditEntity::Answer,
                        Some(&answer.entry_id),
                        &audit::answer_changes(Some(&carried.answer), &answer),
                    )
                });
            written.map_err(|e| change.fail(e))?;
            confirmed.push(answer.entry_id);
        }
        change.commit()?;
        Ok(confirmed)
    }
}
