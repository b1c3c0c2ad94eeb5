//! The `assessments` table: creating, finding and listing assessments, and
//! moving them between in progress and complete.

use prevent_core::audit;
use prevent_core::{Assessment, AssessmentStatus, AuditEntity, FieldChange};
use rusqlite::{OptionalExtension, Row, params};
use uuid::Uuid;

use crate::change::Change;
use crate::rows::{
    conversion_error, parse_date, parse_optional_timestamp, parse_optional_uuid, parse_timestamp,
    parse_uuid,
};
use crate::{Result, Store, StoreError};

pub(crate) const ASSESSMENT_COLUMNS: &str = "assessments.id, assessments.framework_id, assessments.framework_version, assessments.organisation, assessments.assessor, assessments.assessment_date, assessments.status, assessments.created_at, assessments.updated_at, assessments.version, assessments.previous_version, (SELECT newer.id FROM assessments AS newer WHERE newer.previous_version = assessments.id), assessments.sealed_at";

/// How many columns `ASSESSMENT_COLUMNS` reads: a query's own columns follow.
pub(crate) const ASSESSMENT_COLUMN_COUNT: usize = 13;

pub(crate) fn assessment_from_row(row: &Row<'_>) -> rusqlite::Result<Assessment> {
    let status: String = row.get(6)?;
    Ok(Assessment {
        id: parse_uuid(row, 0)?,
        framework_id: row.get(1)?,
        framework_version: row.get(2)?,
        organisation: row.get(3)?,
        assessor: row.get(4)?,
        assessment_date: parse_date(row, 5)?,
        status: AssessmentStatus::parse(&status)
            .ok_or_else(|| conversion_error(6, format!("unknown status {status:?}")))?,
        created_at: parse_timestamp(row, 7)?,
        updated_at: parse_timestamp(row, 8)?,
        version: row.get(9)?,
        previous_version: parse_optional_uuid(row, 10)?,
        next_version: parse_optional_uuid(row, 11)?,
        sealed_at: parse_optional_timestamp(row, 12)?,
    })
}

impl Store {
    /// Finds an assessment by its full id or by a unique prefix of at least
    /// eight characters (as printed by `prevent-sa list`).
    pub fn resolve_assessment_id(&self, id_or_prefix: &str) -> Result<Uuid> {
        let wanted = id_or_prefix.trim().to_ascii_lowercase();
        let not_found = || StoreError::AssessmentNotFound {
            id: id_or_prefix.trim().to_owned(),
        };
        let matches = self.ids_with_prefix("assessments", &wanted)?;
        match matches.as_slice() {
            [only] => Ok(*only),
            [] => Err(not_found()),
            _ => Err(StoreError::AmbiguousId {
                what: "assessment",
                prefix: wanted,
            }),
        }
    }

    /// The ids in `table` equal to `wanted` or, for eight or more hex
    /// characters, starting with it (at most two, to tell unique from ambiguous).
    pub(crate) fn ids_with_prefix(&self, table: &str, wanted: &str) -> Result<Vec<Uuid>> {
        if let Ok(id) = Uuid::parse_str(wanted) {
            let exists: bool = self
                .conn
                .query_row(
                    &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
                    [id.to_string()],
                    |row| row.get(0),
                )
                .map_err(|e| self.sqlite(e))?;
            return Ok(if exists { vec![id] } else { Vec::new() });
        }
        if wanted.len() < 8 || !wanted.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Ok(Vec::new());
        }
        let mut statement = self
            .conn
            .prepare(&format!(
                "SELECT id FROM {table} WHERE substr(id, 1, ?2) = ?1 LIMIT 2"
            ))
            .map_err(|e| self.sqlite(e))?;
        let matches: Vec<String> = statement
            .query_map(
                params![wanted, i64::try_from(wanted.len()).unwrap_or(i64::MAX)],
                |row| row.get(0),
            )
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))?;
        Ok(matches
            .iter()
            .filter_map(|id| Uuid::parse_str(id).ok())
            .collect())
    }

    pub fn assessment(&self, id: Uuid) -> Result<Assessment> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE id = ?1"
            ))
            .and_then(|mut statement| {
                statement
                    .query_row([id.to_string()], assessment_from_row)
                    .optional()
            })
            .map_err(|e| self.sqlite(e))?
            .ok_or_else(|| StoreError::AssessmentNotFound { id: id.to_string() })
    }

    /// Every assessment's header, most recent assessment date first.
    pub fn all_assessment_headers(&self) -> Result<Vec<Assessment>> {
        let mut statement = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ASSESSMENT_COLUMNS} FROM assessments ORDER BY assessment_date DESC, created_at DESC"
            ))
            .map_err(|e| self.sqlite(e))?;
        statement
            .query_map([], assessment_from_row)
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))
    }

    /// The assessments with these ids (an id with none is left out).
    pub fn assessments_by_ids(&self, ids: &[Uuid]) -> Result<Vec<Assessment>> {
        let ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
        let ids = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".to_owned());
        self.conn
            .prepare_cached(&format!(
                "SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE id IN (SELECT value FROM json_each(?1))"
            ))
            .and_then(|mut statement| {
                statement
                    .query_map([ids], assessment_from_row)?
                    .collect()
            })
            .map_err(|e| self.sqlite(e))
    }

    /// How many assessments there are.
    pub fn assessment_count(&self) -> Result<u32> {
        self.conn
            .query_row("SELECT count(*) FROM assessments", [], |row| row.get(0))
            .map_err(|e| self.sqlite(e))
    }

    /// Assessments newest first (when each was created, then its date of
    /// assessment): `count` of them from the `skip`th, or all of them with
    /// `None`; each with how many of its answers have a response, leaving
    /// out the entries in `not_counted` ("framework/entry" keys: items
    /// answered through their sub-points, which the application layer knows
    /// from the frameworks).
    pub fn assessments_with_answered(
        &self,
        not_counted: &[String],
        page: Option<(u32, u32)>,
    ) -> Result<Vec<(Assessment, u32)>> {
        let not_counted = serde_json::to_string(not_counted).unwrap_or_else(|_| "[]".to_owned());
        let (skip, count) =
            page.map_or((0, -1), |(skip, count)| (i64::from(skip), i64::from(count)));
        let mut statement = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ASSESSMENT_COLUMNS},
                    (SELECT count(*) FROM answers
                      WHERE answers.assessment_id = assessments.id AND answers.response IS NOT NULL
                        AND (assessments.framework_id || '/' || answers.entry_id) NOT IN (SELECT value FROM json_each(?1)))
                 FROM assessments ORDER BY created_at DESC, assessment_date DESC, id DESC
                 LIMIT ?3 OFFSET ?2"
            ))
            .map_err(|e| self.sqlite(e))?;
        statement
            .query_map(params![not_counted, skip, count], |row| {
                Ok((assessment_from_row(row)?, row.get(ASSESSMENT_COLUMN_COUNT)?))
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))
    }
}

impl Change<'_> {
    /// Writes a new assessment's row with its audit rows (`changes`: what
    /// it was created with).
    pub fn insert_assessment(
        &self,
        assessment: &Assessment,
        changes: &[FieldChange],
    ) -> Result<()> {
        let written = self
            .tx
            .execute(
                "INSERT INTO assessments (id, framework_id, framework_version, organisation, assessor, assessment_date, status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![
                    assessment.id.to_string(),
                    assessment.framework_id,
                    assessment.framework_version,
                    assessment.organisation,
                    assessment.assessor,
                    assessment.assessment_date.to_string(),
                    assessment.status.as_str(),
                    self.at,
                ],
            )
            .and_then(|_| self.record(assessment.id, AuditEntity::Assessment, None, changes));
        written.map_err(|e| self.fail(e))
    }

    /// Moves an assessment from status `from` to `to`, with its audit row.
    /// False, and nothing written, when it was not at `from`: someone else
    /// moved it first.
    pub fn set_status(
        &self,
        id: Uuid,
        from: AssessmentStatus,
        to: AssessmentStatus,
    ) -> Result<bool> {
        let written = (|| {
            let updated = self.tx.execute(
                "UPDATE assessments SET status = ?2 WHERE id = ?1 AND status = ?3",
                params![id.to_string(), to.as_str(), from.as_str()],
            )?;
            if updated == 1 {
                self.record(
                    id,
                    AuditEntity::Assessment,
                    None,
                    &audit::status_change(from, to),
                )?;
            }
            Ok(updated == 1)
        })();
        written.map_err(|e| self.fail(e))
    }
}
