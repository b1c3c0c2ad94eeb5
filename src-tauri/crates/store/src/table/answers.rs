//! The `answers` table: one row per entry answered, saved field by field as
//! the person types (a half-done answer is saved as it is).

use chrono::{DateTime, Utc};
use prevent_core::audit::{self, FieldChange};
use prevent_core::{Actor, Answer, AnswerInput, AnswerRecord, Assessment, AuditEntity, Response};
use rusqlite::{OptionalExtension, Row, params};
use uuid::Uuid;

use crate::change::Change;
use crate::rows::{conversion_error, date_text, parse_optional_date, parse_timestamp};
use crate::{Result, Store};

/// What saving an answer did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedAnswer {
    pub record: AnswerRecord,
    /// The fields that changed; empty when the answer was saved unchanged.
    pub changes: Vec<FieldChange>,
}

pub(crate) const ANSWER_COLUMNS: &str = "entry_id, response, na_reason, action_required, comment, lead, due_date, policy_ref, review_date, updated_at, updated_by, carried_from";

pub(crate) fn answer_from_row(row: &Row<'_>) -> rusqlite::Result<AnswerRecord> {
    let response: Option<String> = row.get(1)?;
    let response = response
        .map(|text| {
            Response::from_stored(&text)
                .ok_or_else(|| conversion_error(1, format!("\"{text}\" is not a stored response")))
        })
        .transpose()?;
    Ok(AnswerRecord {
        answer: Answer {
            entry_id: row.get(0)?,
            response,
            na_reason: row.get(2)?,
            action_required: row.get(3)?,
            comment: row.get(4)?,
            lead: row.get(5)?,
            due_date: parse_optional_date(row, 6)?,
            policy_ref: row.get(7)?,
            review_date: parse_optional_date(row, 8)?,
            carried_from: row.get(11)?,
        },
        updated_at: parse_timestamp(row, 9)?,
        updated_by: row.get(10)?,
    })
}

/// Writes one answer whole, carried-over mark included.
pub(crate) const UPSERT_ANSWER: &str = "INSERT INTO answers (assessment_id, entry_id, response, na_reason, action_required, comment, lead, due_date, policy_ref, review_date, updated_at, updated_by, carried_from)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
     ON CONFLICT (assessment_id, entry_id) DO UPDATE SET
         response = excluded.response, na_reason = excluded.na_reason,
         action_required = excluded.action_required, comment = excluded.comment,
         lead = excluded.lead, due_date = excluded.due_date,
         policy_ref = excluded.policy_ref, review_date = excluded.review_date,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by,
         carried_from = excluded.carried_from";

/// Writes one answer whole with [`UPSERT_ANSWER`].
pub(crate) fn write_answer(
    conn: &rusqlite::Connection,
    assessment_id: Uuid,
    answer: &Answer,
    at: &str,
    by: &str,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(UPSERT_ANSWER)?.execute(params![
        assessment_id.to_string(),
        answer.entry_id,
        answer.response.map(Response::as_str),
        answer.na_reason,
        answer.action_required,
        answer.comment,
        answer.lead,
        date_text(answer.due_date),
        answer.policy_ref,
        date_text(answer.review_date),
        at,
        by,
        answer.carried_from,
    ])
}

impl Store {
    /// The answers recorded for an assessment, in the framework's reading order.
    pub fn answers(&self, id: Uuid) -> Result<Vec<AnswerRecord>> {
        self.answers_of(&self.assessment(id)?)
    }

    pub(crate) fn answers_of(&self, assessment: &Assessment) -> Result<Vec<AnswerRecord>> {
        let mut statement = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ANSWER_COLUMNS} FROM answers WHERE assessment_id = ?1"
            ))
            .map_err(|e| self.sqlite(e))?;
        let mut records: Vec<AnswerRecord> = statement
            .query_map([assessment.id.to_string()], answer_from_row)
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))?;
        if let Some(framework) = self.frameworks.get(&assessment.framework_id) {
            let order = framework.entry_list();
            records.sort_by_key(|r| order.iter().position(|e| e.id == r.answer.entry_id));
        }
        Ok(records)
    }

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
    ) -> Result<SavedAnswer> {
        let assessment = self.assessment(assessment_id)?;
        let framework = self.framework(&assessment.framework_id)?;
        let frameworks = self.frameworks;
        let change = Change::begin(&mut self.conn, &self.path, actor, now)?;
        change.ensure_editable(assessment_id)?;
        let sqlite = |source| change.fail(source);
        let canonical_id = framework
            .entry(entry_id)
            .map(|e| e.id.to_owned())
            .unwrap_or_else(|| entry_id.trim().to_owned());
        let existing: Option<AnswerRecord> = change
            .tx
            .prepare_cached(&format!(
                "SELECT {ANSWER_COLUMNS} FROM answers WHERE assessment_id = ?1 AND entry_id = ?2"
            ))
            .and_then(|mut statement| {
                statement
                    .query_row([assessment_id.to_string(), canonical_id], answer_from_row)
                    .optional()
            })
            .map_err(sqlite)?;
        let answer = Answer::apply(
            framework,
            entry_id,
            existing.as_ref().map(|r| &r.answer),
            input,
        )?;
        let changes = audit::answer_changes(existing.as_ref().map(|r| &r.answer), &answer);
        match existing {
            Some(record) if changes.is_empty() => return Ok(SavedAnswer { record, changes }),
            // Clearing a field nobody had filled in leaves no row behind.
            None if answer.is_blank() => {
                return Ok(SavedAnswer {
                    record: AnswerRecord {
                        answer,
                        updated_at: now,
                        updated_by: actor.name.clone(),
                    },
                    changes: Vec::new(),
                });
            }
            _ => {}
        }
        write_answer(&change.tx, assessment_id, &answer, &change.at, &actor.name)
            .map_err(sqlite)?;
        change
            .record(
                assessment_id,
                AuditEntity::Answer,
                Some(&answer.entry_id),
                &changes,
            )
            .map_err(sqlite)?;
        // The plan follows the answer in the same transaction.
        crate::table::actions::reconcile_entry(
            &change,
            frameworks,
            framework,
            &assessment,
            &answer.entry_id,
            Some(&answer),
            now,
        )?;
        change.commit()?;
        Ok(SavedAnswer {
            record: AnswerRecord {
                answer,
                updated_at: now,
                updated_by: actor.name.clone(),
            },
            changes,
        })
    }
}
