//! Sign-off and the seal: the `sign_offs` table, new versions of a sealed
//! assessment, and the certificates this installation trusts.
//!
//! Signing off is one transaction: the sign-off's audit row is chained, the
//! assessment is sealed on the first one, and the record of everything so far
//! (the trail's head included) is built from what the transaction reads and
//! stored with the sign-off. Exporting a sealed assessment later renders that
//! stored record, so the same PDF comes out every time, whatever happens to the
//! live action plan afterwards.

use chrono::{DateTime, Timelike, Utc};
use prevent_core::record::{self, AssessmentRecord, RecordSource};
use prevent_core::{
    Actor, AuditEntity, FieldChange, Recording, RuleError, SignOffContext, SignOffInput, Signatory,
};
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use crate::change::Change;
use crate::rows::{parse_optional_timestamp, parse_timestamp, timestamp};
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

    /// The record of the assessment as it stands, for a draft report drawn
    /// with `layout`.
    pub fn draft_record(
        &self,
        assessment_id: Uuid,
        prepared_at: DateTime<Utc>,
        layout: u32,
    ) -> Result<AssessmentRecord> {
        self.record_of(assessment_id, &[], prepared_at, layout)
    }

    fn record_of(
        &self,
        assessment_id: Uuid,
        signatories: &[Signatory],
        prepared_at: DateTime<Utc>,
        layout: u32,
    ) -> Result<AssessmentRecord> {
        let assessment = self.assessment(assessment_id)?;
        let framework = self.framework(&assessment.framework_id)?;
        let answers = self.answers_of(&assessment)?;
        let evidence = self.evidence_list(assessment_id)?;
        let actions = self.actions_of(assessment_id)?;
        let audit = self.audit_trail(assessment_id)?;
        Ok(record::build(&RecordSource {
            assessment: &assessment,
            framework,
            answers: &answers,
            evidence: &evidence,
            actions: &actions,
            signatories,
            audit: &audit,
            prepared_at,
            layout,
        }))
    }

    /// When the assessment was last marked complete, from its audit trail.
    fn completed_at(&self, assessment_id: Uuid) -> Result<Option<DateTime<Utc>>> {
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

    /// Signs the assessment off for one person, recorded by `actor` at
    /// `now`. The first sign-off seals it; each one stores the record of the
    /// content and every signatory so far, drawn with `layout`, and the
    /// report `seal` makes of that record (its canonical bytes beside it):
    /// all in one transaction, so a sign-off is never stored without its
    /// signed report, nor a report without its audit rows.
    pub fn sign_off(
        &self,
        assessment_id: Uuid,
        input: &SignOffInput,
        actor: &Actor,
        now: DateTime<Utc>,
        layout: u32,
        seal: impl FnOnce(&AssessmentRecord, &[u8]) -> std::result::Result<Vec<u8>, String>,
    ) -> Result<SealedRecord> {
        // To the second: a PDF signature's signing time has no finer
        // resolution, and the record built now must agree with it and with
        // the signatories read back later.
        let now = now.with_nanosecond(0).unwrap_or(now);
        let change = Change::begin_shared(&self.conn, &self.path, actor, now)?;
        let assessment = self.assessment(assessment_id)?;
        let mut signatories = self.signatories(assessment_id)?;
        let signatory = input.validate(&SignOffContext {
            assessment: &assessment,
            signed_before: &signatories,
            recorder: actor,
            now,
            completed_at: self.completed_at(assessment_id)?,
        })?;
        let written = (|| -> Result<SealedRecord> {
            if !assessment.is_sealed() {
                change
                    .tx
                    .execute(
                        "UPDATE assessments SET sealed_at = ?2 WHERE id = ?1 AND sealed_at IS NULL",
                        params![assessment_id.to_string(), change.at],
                    )
                    .map_err(|e| change.fail(e))?;
            }
            let mut changes = vec![FieldChange {
                field: "signed_off_by".to_owned(),
                old_value: None,
                new_value: Some(format!("{} ({})", signatory.name, signatory.role)),
            }];
            if signatory.signed_at != now {
                changes.push(FieldChange {
                    field: "signed_at".to_owned(),
                    old_value: None,
                    new_value: Some(timestamp(signatory.signed_at)),
                });
            }
            if signatory.recorded.as_ref().is_some_and(|r| r.on_behalf) {
                changes.push(FieldChange {
                    field: "recorded_on_behalf_of".to_owned(),
                    old_value: None,
                    new_value: Some(signatory.name.clone()),
                });
            }
            change
                .record(assessment_id, AuditEntity::SignOff, None, &changes)
                .map_err(|e| change.fail(e))?;
            signatories.push(signatory.clone());
            let record = self.record_of(assessment_id, &signatories, now, layout)?;
            let bytes = record.to_canonical_json();
            let sha256 = record::sha256_hex(&bytes);
            let pdf = seal(&record, &bytes).map_err(StoreError::Sealing)?;
            let recorded = signatory.recorded.as_ref();
            change
                .tx
                .execute(
                    "INSERT INTO sign_offs (assessment_id, position, name, role, signed_at, record, record_sha256,
                                            recorded_at, recorded_by, recorded_by_role, on_behalf, pdf)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                    params![
                        assessment_id.to_string(),
                        i64::try_from(signatories.len()).unwrap_or(i64::MAX),
                        signatory.name,
                        signatory.role,
                        timestamp(signatory.signed_at),
                        bytes,
                        sha256,
                        change.at,
                        recorded.map(|r| r.by.clone()),
                        recorded.map(|r| r.by_role.clone()),
                        recorded.is_some_and(|r| r.on_behalf),
                        pdf,
                    ],
                )
                .map_err(|e| change.fail(e))?;
            Ok(SealedRecord {
                bytes,
                sha256,
                record,
                pdf: Some(pdf),
            })
        })()?;
        change.commit()?;
        Ok(written)
    }

    /// Starts a new version of a sealed assessment: a copy of its content and
    /// its live action plan, in progress, that counts on from it. The sealed
    /// one stays as it was, listed and verifiable.
    pub fn new_version(
        &mut self,
        assessment_id: Uuid,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<prevent_core::Assessment> {
        let old = self.assessment(assessment_id)?;
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
        let evidence_ids: Vec<Uuid> = self
            .evidence_list(assessment_id)?
            .iter()
            .map(|e| e.id)
            .collect();
        let action_ids: Vec<Uuid> = self
            .actions_of(assessment_id)?
            .iter()
            .map(|a| a.id)
            .collect();
        let change = Change::begin(&mut self.conn, &self.path, actor, now)?;
        let written = (|| -> rusqlite::Result<()> {
            let (old_key, new_key) = (assessment_id.to_string(), new_id.to_string());
            change.tx.execute(
                "INSERT INTO assessments (id, framework_id, framework_version, organisation, assessor, assessment_date, status, created_at, updated_at, version, previous_version)
                 SELECT ?2, framework_id, framework_version, organisation, assessor, assessment_date, 'in_progress', ?3, ?3, version + 1, id
                 FROM assessments WHERE id = ?1",
                params![old_key, new_key, change.at],
            )?;
            change.tx.execute(
                "INSERT INTO answers (assessment_id, entry_id, response, na_reason, action_required, comment, lead, due_date, policy_ref, review_date, updated_at, updated_by)
                 SELECT ?2, entry_id, response, na_reason, action_required, comment, lead, due_date, policy_ref, review_date, updated_at, updated_by
                 FROM answers WHERE assessment_id = ?1",
                params![old_key, new_key],
            )?;
            for old_evidence in &evidence_ids {
                change.tx.execute(
                    "INSERT INTO evidence (id, assessment_id, entry_id, title, location, file_name, file_size, file_sha256, file_content, added_at, added_by)
                     SELECT ?2, ?3, entry_id, title, location, file_name, file_size, file_sha256, file_content, added_at, added_by
                     FROM evidence WHERE id = ?1",
                    params![old_evidence.to_string(), Uuid::new_v4().to_string(), new_key],
                )?;
            }
            for old_action in &action_ids {
                let new_action = Uuid::new_v4().to_string();
                change.tx.execute(
                    "INSERT INTO actions (id, assessment_id, source, objective, action, priority, rule, default_rule, priority_reason, status, deferred_reason, owners, department, due, gap, completed_on, signed_off_by, action_edited, owners_edited, due_edited, priority_edited, created_at, updated_at)
                     SELECT ?2, ?3, source, objective, action, priority, rule, default_rule, priority_reason, status, deferred_reason, owners, department, due, gap, completed_on, signed_off_by, action_edited, owners_edited, due_edited, priority_edited, created_at, updated_at
                     FROM actions WHERE id = ?1",
                    params![old_action.to_string(), new_action, new_key],
                )?;
                change.tx.execute(
                    "INSERT INTO action_notes (action_id, at, by, text)
                     SELECT ?2, at, by, text FROM action_notes WHERE action_id = ?1 ORDER BY seq",
                    params![old_action.to_string(), new_action],
                )?;
            }
            // The new version's own trail says what it starts with: each
            // answer and piece of evidence copied from the sealed version.
            let copied: Vec<prevent_core::AnswerRecord> = change
                .tx
                .prepare(&format!(
                    "SELECT {} FROM answers WHERE assessment_id = ?1 ORDER BY rowid",
                    crate::table::answers::ANSWER_COLUMNS
                ))?
                .query_map([&new_key], crate::table::answers::answer_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            for record in &copied {
                change.record(
                    new_id,
                    AuditEntity::Answer,
                    Some(&record.answer.entry_id),
                    &prevent_core::audit::answer_changes(None, &record.answer),
                )?;
            }
            let copied_evidence: Vec<(String, String)> = change
                .tx
                .prepare(
                    "SELECT entry_id, title FROM evidence WHERE assessment_id = ?1 ORDER BY rowid",
                )?
                .query_map([&new_key], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (entry_id, title) in &copied_evidence {
                change.record(
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
            change.record(
                new_id,
                AuditEntity::Assessment,
                None,
                &[
                    FieldChange {
                        field: "previous_version".to_owned(),
                        old_value: None,
                        new_value: Some(old_key.clone()),
                    },
                    FieldChange {
                        field: "version".to_owned(),
                        old_value: None,
                        new_value: Some((old.version + 1).to_string()),
                    },
                ],
            )?;
            change.record(
                assessment_id,
                AuditEntity::Assessment,
                None,
                &[FieldChange {
                    field: "next_version".to_owned(),
                    old_value: None,
                    new_value: Some(new_key),
                }],
            )
        })();
        written.map_err(|e| change.fail(e))?;
        change.commit()?;
        self.assessment(new_id)
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
