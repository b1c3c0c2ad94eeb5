//! Sign-off and the seal: the `sign_offs` table, new versions of a sealed
//! assessment, and the certificates this installation trusts.
//!
//! Signing off is one transaction: the sign-off's audit row is chained, the
//! assessment is sealed on the first one, and the record of everything so far
//! (the trail's head included) is built from what the transaction reads and
//! stored with the sign-off. Exporting a sealed assessment later renders that
//! stored record, so the same PDF comes out every time, whatever happens to the
//! live action plan afterwards.

use chrono::{DateTime, Utc};
use prevent_core::record::AssessmentRecord;
use prevent_core::{
    Actor, AnswerRecord, Assessment, AuditEntity, FieldChange, Recording, Signatory, audit,
};
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use crate::change::Change;
use crate::rows::{parse_optional_timestamp, parse_timestamp, timestamp};
use crate::table::answers::{ANSWER_COLUMNS, answer_from_row};
use crate::{Result, Store, StoreError};

/// A sealed record as stored with its sign-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedRecord {
    /// The canonical serialisation, exactly as sealed.
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub record: AssessmentRecord,
    /// The report as signed when the record was sealed.
    pub pdf: Option<Vec<u8>>,
}

/// A certificate recorded as trusted on this installation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedCertificate {
    pub fingerprint: String,
    pub subject: String,
    pub der: Vec<u8>,
    pub trusted_at: DateTime<Utc>,
    pub trusted_by: String,
}

impl Store {
    /// Who has signed the assessment off, in order.
    pub fn signatories(&self, assessment_id: Uuid) -> Result<Vec<Signatory>> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT name, role, signed_at, recorded_at, recorded_by, recorded_by_role, on_behalf
                 FROM sign_offs WHERE assessment_id = ?1 ORDER BY position",
            )
            .map_err(|e| self.sqlite(e))?;
        statement
            .query_map([assessment_id.to_string()], |row| {
                let recorded = match parse_optional_timestamp(row, 3)? {
                    None => None,
                    Some(at) => Some(Recording {
                        at,
                        by: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
                        by_role: row.get::<_, Option<String>>(5)?.unwrap_or_default(),
                        on_behalf: row.get::<_, i64>(6)? != 0,
                    }),
                };
                Ok(Signatory {
                    name: row.get(0)?,
                    role: row.get(1)?,
                    signed_at: parse_timestamp(row, 2)?,
                    recorded,
                })
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))
    }

    /// The SHA-256 of the record sealed at the latest sign-off, without
    /// reading the record itself; `None` while unsigned.
    pub fn sealed_record_sha256(&self, assessment_id: Uuid) -> Result<Option<String>> {
        self.conn
            .prepare_cached(
                "SELECT record_sha256 FROM sign_offs WHERE assessment_id = ?1
                 ORDER BY position DESC LIMIT 1",
            )
            .and_then(|mut s| {
                s.query_row([assessment_id.to_string()], |row| row.get(0))
                    .optional()
            })
            .map_err(|e| self.sqlite(e))
    }

    /// The record sealed at the latest sign-off, with the report signed
    /// then (absent for sign-offs recorded before version 5); `None` while
    /// unsigned.
    pub fn sealed_record(&self, assessment_id: Uuid) -> Result<Option<SealedRecord>> {
        let stored: Option<(Vec<u8>, String, Option<Vec<u8>>)> = self
            .conn
            .prepare_cached(
                "SELECT record, record_sha256, pdf FROM sign_offs WHERE assessment_id = ?1
                 ORDER BY position DESC LIMIT 1",
            )
            .and_then(|mut s| {
                s.query_row([assessment_id.to_string()], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                })
                .optional()
            })
            .map_err(|e| self.sqlite(e))?;
        let Some((bytes, sha256, pdf)) = stored else {
            return Ok(None);
        };
        let record =
            AssessmentRecord::from_canonical_json(&bytes).map_err(|e| StoreError::Unreadable {
                path: self.path.clone(),
                problem: format!("the sealed record of assessment {assessment_id}: {e}"),
            })?;
        Ok(Some(SealedRecord {
            bytes,
            sha256,
            record,
            pdf,
        }))
    }

    /// When the assessment was last marked complete, from its audit trail.
    pub fn completed_at(&self, assessment_id: Uuid) -> Result<Option<DateTime<Utc>>> {
        let at: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT at FROM audit_log WHERE assessment_id = ?1 AND entity = 'assessment'
                 AND field = 'status' AND new_value = 'complete' ORDER BY seq DESC LIMIT 1",
            )
            .and_then(|mut s| {
                s.query_row([assessment_id.to_string()], |row| row.get(0))
                    .optional()
            })
            .map_err(|e| self.sqlite(e))?;
        Ok(at.and_then(|text| {
            DateTime::parse_from_rfc3339(&text)
                .ok()
                .map(|t| t.with_timezone(&Utc))
        }))
    }

    /// Records a certificate as trusted here, or refreshes who trusted it.
    pub fn trust_certificate(
        &self,
        fingerprint: &str,
        subject: &str,
        der: &[u8],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO trusted_certificates (fingerprint, subject, certificate, trusted_at, trusted_by)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (fingerprint) DO UPDATE SET trusted_at = excluded.trusted_at, trusted_by = excluded.trusted_by",
                params![fingerprint, subject, der, timestamp(now), actor.name],
            )
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }

    /// Whether the certificate with this fingerprint is recorded as trusted.
    pub fn trusts(&self, fingerprint: &str) -> Result<bool> {
        self.conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM trusted_certificates WHERE fingerprint = ?1)",
            )
            .and_then(|mut s| s.query_row([fingerprint], |row| row.get(0)))
            .map_err(|e| self.sqlite(e))
    }

    pub fn trusted_certificates(&self) -> Result<Vec<TrustedCertificate>> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT fingerprint, subject, certificate, trusted_at, trusted_by
                 FROM trusted_certificates ORDER BY trusted_at, fingerprint",
            )
            .map_err(|e| self.sqlite(e))?;
        statement
            .query_map([], |row| {
                Ok(TrustedCertificate {
                    fingerprint: row.get(0)?,
                    subject: row.get(1)?,
                    der: row.get(2)?,
                    trusted_at: parse_timestamp(row, 3)?,
                    trusted_by: row.get(4)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))
    }
}

/// One sign-off as stored: who signed, where they come in the order, and
/// the record sealed with the report signed then.
pub struct SignOffRow<'a> {
    pub position: usize,
    pub signatory: &'a Signatory,
    /// The record's canonical bytes and their SHA-256.
    pub record: &'a [u8],
    pub record_sha256: &'a str,
    pub pdf: &'a [u8],
}

impl Change<'_> {
    /// Seals the assessment at the time of this change, unless it is
    /// sealed already.
    pub fn seal_assessment(&self, assessment_id: Uuid) -> Result<()> {
        self.tx
            .execute(
                "UPDATE assessments SET sealed_at = ?2 WHERE id = ?1 AND sealed_at IS NULL",
                params![assessment_id.to_string(), self.at],
            )
            .map(|_| ())
            .map_err(|e| self.fail(e))
    }

    /// Appends the sign-off's audit rows (`changes`): made before its
    /// record is built, so the record's trail ends with them.
    pub fn record_sign_off(&self, assessment_id: Uuid, changes: &[FieldChange]) -> Result<()> {
        self.record(assessment_id, AuditEntity::SignOff, None, changes)
            .map_err(|e| self.fail(e))
    }

    /// Stores one sign-off with its sealed record and signed report.
    pub fn insert_sign_off(&self, assessment_id: Uuid, row: &SignOffRow<'_>) -> Result<()> {
        let recorded = row.signatory.recorded.as_ref();
        self.tx
            .execute(
                "INSERT INTO sign_offs (assessment_id, position, name, role, signed_at, record, record_sha256,
                                        recorded_at, recorded_by, recorded_by_role, on_behalf, pdf)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    assessment_id.to_string(),
                    i64::try_from(row.position).unwrap_or(i64::MAX),
                    row.signatory.name,
                    row.signatory.role,
                    timestamp(row.signatory.signed_at),
                    row.record,
                    row.record_sha256,
                    self.at,
                    recorded.map(|r| r.by.clone()),
                    recorded.map(|r| r.by_role.clone()),
                    recorded.is_some_and(|r| r.on_behalf),
                    row.pdf,
                ],
            )
            .map(|_| ())
            .map_err(|e| self.fail(e))
    }

    /// Copies a sealed assessment as its next version, `new_id`, in
    /// progress: its answers, evidence (files included), actions and their
    /// notes. The new version's own trail says what it starts with (each
    /// answer and piece of evidence copied) and the old one's names its
    /// newer version.
    pub fn copy_as_new_version(&self, old: &Assessment, new_id: Uuid) -> Result<()> {
        self.copy_version_rows(old, new_id)
            .map_err(|e| self.fail(e))
    }

    fn copy_version_rows(&self, old: &Assessment, new_id: Uuid) -> rusqlite::Result<()> {
        let (old_key, new_key) = (old.id.to_string(), new_id.to_string());
        self.tx.execute(
            "INSERT INTO assessments (id, framework_id, framework_version, organisation, assessor, assessment_date, status, created_at, updated_at, version, previous_version)
             SELECT ?2, framework_id, framework_version, organisation, assessor, assessment_date, 'in_progress', ?3, ?3, version + 1, id
             FROM assessments WHERE id = ?1",
            params![old_key, new_key, self.at],
        )?;
        self.tx.execute(
            "INSERT INTO answers (assessment_id, entry_id, response, na_reason, action_required, comment, lead, due_date, policy_ref, review_date, updated_at, updated_by)
             SELECT ?2, entry_id, response, na_reason, action_required, comment, lead, due_date, policy_ref, review_date, updated_at, updated_by
             FROM answers WHERE assessment_id = ?1",
            params![old_key, new_key],
        )?;
        let evidence_ids: Vec<String> = self
            .tx
            .prepare("SELECT id FROM evidence WHERE assessment_id = ?1 ORDER BY rowid")?
            .query_map([&old_key], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for old_evidence in &evidence_ids {
            self.tx.execute(
                "INSERT INTO evidence (id, assessment_id, entry_id, title, location, file_name, file_size, file_sha256, file_content, added_at, added_by)
                 SELECT ?2, ?3, entry_id, title, location, file_name, file_size, file_sha256, file_content, added_at, added_by
                 FROM evidence WHERE id = ?1",
                params![old_evidence, Uuid::new_v4().to_string(), new_key],
            )?;
        }
        let action_ids: Vec<String> = self
            .tx
            .prepare("SELECT id FROM actions WHERE assessment_id = ?1 ORDER BY rowid")?
            .query_map([&old_key], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for old_action in &action_ids {
            let new_action = Uuid::new_v4().to_string();
            self.tx.execute(
                "INSERT INTO actions (id, assessment_id, source, objective, action, priority, rule, default_rule, priority_reason, status, deferred_reason, owners, department, due, gap, completed_on, signed_off_by, action_edited, owners_edited, due_edited, priority_edited, created_at, updated_at)
                 SELECT ?2, ?3, source, objective, action, priority, rule, default_rule, priority_reason, status, deferred_reason, owners, department, due, gap, completed_on, signed_off_by, action_edited, owners_edited, due_edited, priority_edited, created_at, updated_at
                 FROM actions WHERE id = ?1",
                params![old_action, new_action, new_key],
            )?;
            self.tx.execute(
                "INSERT INTO action_notes (action_id, at, by, text)
                 SELECT ?2, at, by, text FROM action_notes WHERE action_id = ?1 ORDER BY seq",
                params![old_action, new_action],
            )?;
        }
        super::plan_rows::move_plan_rows(&self.tx, old.id, new_id)?;
        let copied: Vec<AnswerRecord> = self
            .tx
            .prepare(&format!(
                "SELECT {ANSWER_COLUMNS} FROM answers WHERE assessment_id = ?1 ORDER BY rowid"
            ))?
            .query_map([&new_key], answer_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        for record in &copied {
            self.record(
                new_id,
                AuditEntity::Answer,
                Some(&record.answer.entry_id),
                &audit::answer_changes(None, &record.answer),
            )?;
        }
        let copied_evidence: Vec<(String, String)> = self
            .tx
            .prepare(
                "SELECT entry_id, title FROM evidence WHERE assessment_id = ?1 ORDER BY rowid",
            )?
            .query_map([&new_key], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (entry_id, title) in &copied_evidence {
            self.record(
                new_id,
                AuditEntity::Evidence,
                Some(entry_id),
                &[FieldChange {
                    field: "copied_from_previous_version".to_owned(),
                    old_value: None,
                    new_value: Some(title.clone()),
                }],
            )?;
        }
        self.record(
            new_id,
            AuditEntity::Assessment,
            None,
            &[
                FieldChange {
                    field: "previous_version".to_owned(),
                    old_value: None,
                    new_value: Some(old_key),
                },
                FieldChange {
                    field: "version".to_owned(),
                    old_value: None,
                    new_value: Some((old.version + 1).to_string()),
                },
            ],
        )?;
        self.record(
            old.id,
            AuditEntity::Assessment,
            None,
            &[FieldChange {
                field: "next_version".to_owned(),
                old_value: None,
                new_value: Some(new_key),
            }],
        )
    }
}
