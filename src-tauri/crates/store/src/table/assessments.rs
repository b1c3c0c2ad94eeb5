//! The `assessments` table: creating, finding and listing assessments, and
//! moving them between in progress and complete.

use chrono::{DateTime, NaiveDate, Utc};
use prevent_core::audit;
use prevent_core::review::review;
use prevent_core::{
    Actor, Assessment, AssessmentDetail, AssessmentStatus, AssessmentSummary, AuditEntity,
    NewAssessment, RuleError,
};
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
    /// Records a new assessment and its audit rows in one transaction.
    pub fn create_assessment(
        &mut self,
        new: &NewAssessment,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Assessment> {
        let assessment = new_assessment_row(new, now);
        let changes = audit::assessment_created(new);
        let change = Change::begin(&mut self.conn, &self.path, actor, now)?;
        let written = insert_assessment(&change, &assessment)
            .and_then(|_| change.record(assessment.id, AuditEntity::Assessment, None, &changes));
        written.map_err(|e| change.fail(e))?;
        change.commit()?;
        Ok(assessment)
    }

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

    /// Every assessment, most recent assessment date first, with how many of
    /// the entries a person answers have a response.
    pub fn list_assessments(&self) -> Result<Vec<AssessmentSummary>> {
        // Items answered through their sub-points are not counted: "framework/entry" keys.
        let derived: Vec<String> = self
            .frameworks
            .all()
            .iter()
            .flat_map(|f| {
                f.entries()
                    .into_iter()
                    .filter(|e| !e.sub_points.is_empty())
                    .map(move |e| format!("{}/{}", f.id, e.id))
            })
            .collect();
        let derived = serde_json::to_string(&derived).unwrap_or_else(|_| "[]".to_owned());
        let mut statement = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ASSESSMENT_COLUMNS},
                    (SELECT count(*) FROM answers
                      WHERE answers.assessment_id = assessments.id AND answers.response IS NOT NULL
                        AND (assessments.framework_id || '/' || answers.entry_id) NOT IN (SELECT value FROM json_each(?1)))
                 FROM assessments ORDER BY assessment_date DESC, created_at DESC"
            ))
            .map_err(|e| self.sqlite(e))?;
        let rows: Vec<(Assessment, u32)> = statement
            .query_map([derived], |row| {
                Ok((assessment_from_row(row)?, row.get(ASSESSMENT_COLUMN_COUNT)?))
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))?;
        let mut totals = std::collections::HashMap::new();
        Ok(rows
            .into_iter()
            .map(|(assessment, answered)| {
                let total = *totals
                    .entry(assessment.framework_id.clone())
                    .or_insert_with(|| {
                        self.frameworks
                            .get(&assessment.framework_id)
                            .map_or(0, |f| u32::try_from(f.answerable_ids().len()).unwrap_or(0))
                    });
                AssessmentSummary {
                    assessment,
                    answered,
                    total,
                }
            })
            .collect())
    }

    /// An assessment's header, answers, evidence and review. `today` decides
    /// which policy review dates have passed.
    pub fn assessment_detail(&self, id: Uuid, today: NaiveDate) -> Result<AssessmentDetail> {
        let assessment = self.assessment(id)?;
        let framework = self.framework(&assessment.framework_id)?;
        let answers = self.answers_of(&assessment)?;
        let evidence = self.evidence_list(id)?;
        let plain: Vec<_> = answers.iter().map(|r| r.answer.clone()).collect();
        let review = review(framework, &plain, assessment.assessment_date, today);
        Ok(AssessmentDetail {
            assessment,
            answers,
            evidence,
            review,
        })
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
    ) -> Result<Assessment> {
        let change = Change::begin_shared(&self.conn, &self.path, actor, now)?;
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
        let (from, to) = (AssessmentStatus::InProgress, AssessmentStatus::Complete);
        let written = change
            .tx
            .execute(
                "UPDATE assessments SET status = ?2 WHERE id = ?1 AND status = ?3",
                params![id.to_string(), to.as_str(), from.as_str()],
            )
            .and_then(|_| {
                change.record(
                    id,
                    AuditEntity::Assessment,
                    None,
                    &audit::status_change(from, to),
                )
            });
        written.map_err(|e| change.fail(e))?;
        change.commit()?;
        self.assessment(id)
    }

    /// Reopens a complete assessment so it can be changed; the audit trail records it.
    pub fn reopen(&mut self, id: Uuid, actor: &Actor, now: DateTime<Utc>) -> Result<Assessment> {
        let assessment = self.assessment(id)?;
        if assessment.is_sealed() {
            return Err(RuleError::AssessmentSealed.into());
        }
        if assessment.status != AssessmentStatus::Complete {
            return Err(RuleError::NotComplete.into());
        }
        self.set_status(
            id,
            AssessmentStatus::Complete,
            AssessmentStatus::InProgress,
            actor,
            now,
        )
    }

    fn set_status(
        &mut self,
        id: Uuid,
        from: AssessmentStatus,
        to: AssessmentStatus,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Assessment> {
        let change = Change::begin(&mut self.conn, &self.path, actor, now)?;
        let written = (|| {
            let updated = change.tx.execute(
                "UPDATE assessments SET status = ?2 WHERE id = ?1 AND status = ?3",
                params![id.to_string(), to.as_str(), from.as_str()],
            )?;
            if updated == 1 {
                change.record(
                    id,
                    AuditEntity::Assessment,
                    None,
                    &audit::status_change(from, to),
                )?;
            }
            Ok(updated)
        })();
        let updated = written.map_err(|e| change.fail(e))?;
        if updated == 1 {
            change.commit()?;
        } else {
            // Nothing was written: the transaction rolls back as it goes.
            drop(change);
        }
        match updated {
            1 => self.assessment(id),
            // Someone else changed it between the check and the write.
            _ => Err(match to {
                AssessmentStatus::Complete => RuleError::AlreadyComplete,
                AssessmentStatus::InProgress => RuleError::NotComplete,
            }
            .into()),
        }
    }
}

/// A new assessment of version 1, in progress, as `create_assessment` and
/// starting from another assessment make it.
pub(crate) fn new_assessment_row(new: &NewAssessment, now: DateTime<Utc>) -> Assessment {
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

/// Writes a new assessment's row inside `change`.
pub(crate) fn insert_assessment(
    change: &Change<'_>,
    assessment: &Assessment,
) -> rusqlite::Result<usize> {
    change.tx.execute(
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
            change.at,
        ],
    )
}
