//! The `answers` table: one row per entry answered, saved field by field as
//! the person types (a half-done answer is saved as it is).

use prevent_core::audit::FieldChange;
use prevent_core::{Answer, AnswerRecord, AuditEntity, Response};
use rusqlite::{OptionalExtension, Row, params};
use uuid::Uuid;

use crate::change::Change;
use crate::rows::{conversion_error, date_text, parse_optional_date, parse_timestamp};
use crate::{Result, Store};

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
const UPSERT_ANSWER: &str = "INSERT INTO answers (assessment_id, entry_id, response, na_reason, action_required, comment, lead, due_date, policy_ref, review_date, updated_at, updated_by, carried_from)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
     ON CONFLICT (assessment_id, entry_id) DO UPDATE SET
         response = excluded.response, na_reason = excluded.na_reason,
         action_required = excluded.action_required, comment = excluded.comment,
         lead = excluded.lead, due_date = excluded.due_date,
         policy_ref = excluded.policy_ref, review_date = excluded.review_date,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by,
         carried_from = excluded.carried_from";

impl Store {
    /// The answers recorded for an assessment, in the order they were first
    /// written. The reading order is the framework's, which the store does
    /// not know: the application layer sorts.
    pub fn answer_rows(&self, assessment_id: Uuid) -> Result<Vec<AnswerRecord>> {
        let mut statement = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ANSWER_COLUMNS} FROM answers WHERE assessment_id = ?1 ORDER BY rowid"
            ))
            .map_err(|e| self.sqlite(e))?;
        statement
            .query_map([assessment_id.to_string()], answer_from_row)
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))
    }

    /// One entry's answer, if any was written.
    pub fn answer(&self, assessment_id: Uuid, entry_id: &str) -> Result<Option<AnswerRecord>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {ANSWER_COLUMNS} FROM answers WHERE assessment_id = ?1 AND entry_id = ?2"
            ))
            .and_then(|mut statement| {
                statement
                    .query_row(
                        [assessment_id.to_string(), entry_id.to_owned()],
                        answer_from_row,
                    )
                    .optional()
            })
            .map_err(|e| self.sqlite(e))
    }
}

impl Change<'_> {
    /// Writes one answer whole (its carried-over mark included) with its
    /// audit rows, `changes` being what differs from the answer before.
    pub fn write_answer(
        &self,
        assessment_id: Uuid,
        answer: &Answer,
        changes: &[FieldChange],
    ) -> Result<()> {
        let written = self
            .tx
            .prepare_cached(UPSERT_ANSWER)
            .and_then(|mut statement| {
                statement.execute(params![
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
                    self.at,
                    self.actor().name,
                    answer.carried_from,
                ])
            })
            .and_then(|_| {
                self.record(
                    assessment_id,
                    AuditEntity::Answer,
                    Some(&answer.entry_id),
                    changes,
                )
            });
        written.map_err(|e| self.fail(e))
    }
}
