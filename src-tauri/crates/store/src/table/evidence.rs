//! The `evidence` table: references to documents and, optionally, the
//! documents themselves with their SHA-256 and size.

use chrono::{DateTime, Utc};
use prevent_core::audit;
use prevent_core::evidence::{EvidenceInput, FileInfo, NewEvidence};
use prevent_core::{Actor, AuditEntity, Evidence, RuleError};
use rusqlite::{OptionalExtension, Row, params};
use uuid::Uuid;

use crate::change::Change;
use crate::rows::{parse_timestamp, parse_uuid};
use crate::{Result, Store, StoreError};

const EVIDENCE_COLUMNS: &str = "id, assessment_id, entry_id, title, location, file_name, file_size, file_sha256, added_at, added_by";

fn evidence_from_row(row: &Row<'_>) -> rusqlite::Result<Evidence> {
    let file_name: Option<String> = row.get(5)?;
    let file = match file_name {
        Some(name) => Some(FileInfo::new(
            name,
            row.get::<_, i64>(6)
                .map(|s| u64::try_from(s).unwrap_or(0))?,
            row.get(7)?,
        )),
        None => None,
    };
    Ok(Evidence {
        id: parse_uuid(row, 0)?,
        assessment_id: parse_uuid(row, 1)?,
        entry_id: row.get(2)?,
        title: row.get(3)?,
        location: row.get(4)?,
        file,
        added_at: parse_timestamp(row, 8)?,
        added_by: row.get(9)?,
    })
}

impl Store {
    /// Records evidence for one entry of an assessment, with its audit row.
    pub fn add_evidence(
        &mut self,
        assessment_id: Uuid,
        input: EvidenceInput,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Evidence> {
        let assessment = self.assessment(assessment_id)?;
        let framework = self.framework(&assessment.framework_id)?;
        let new = NewEvidence::validate(framework, input)?;
        let evidence = Evidence {
            id: Uuid::new_v4(),
            assessment_id,
            entry_id: new.entry_id,
            title: new.title,
            location: new.location,
            file: new.file.as_ref().map(|(info, _)| info.clone()),
            added_at: now,
            added_by: actor.name.clone(),
        };
        let content = new.file.map(|(_, bytes)| bytes);
        let change = Change::begin(&mut self.conn, &self.path, actor, now)?;
        change.ensure_editable(assessment_id)?;
        let written = (|| {
            change.tx.execute(
                "INSERT INTO evidence (id, assessment_id, entry_id, title, location, file_name, file_size, file_sha256, file_content, added_at, added_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    evidence.id.to_string(),
                    assessment_id.to_string(),
                    evidence.entry_id,
                    evidence.title,
                    evidence.location,
                    evidence.file.as_ref().map(|f| f.name.clone()),
                    evidence
                        .file
                        .as_ref()
                        .map(|f| i64::try_from(f.size).unwrap_or(i64::MAX)),
                    evidence.file.as_ref().map(|f| f.sha256.clone()),
                    content,
                    change.at,
                    actor.name,
                ],
            )?;
            change.record(
                assessment_id,
                AuditEntity::Evidence,
                Some(&evidence.entry_id),
                &audit::evidence_changes(&evidence, true),
            )
        })();
        written.map_err(|e| change.fail(e))?;
        change.commit()?;
        Ok(evidence)
    }

    /// Removes a piece of evidence; the audit trail keeps what it was.
    pub fn remove_evidence(
        &mut self,
        evidence_id: Uuid,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Evidence> {
        let evidence = self.evidence(evidence_id)?;
        let change = Change::begin(&mut self.conn, &self.path, actor, now)?;
        change.ensure_editable(evidence.assessment_id)?;
        let written = (|| {
            change.tx.execute(
                "DELETE FROM evidence WHERE id = ?1",
                [evidence_id.to_string()],
            )?;
            change.record(
                evidence.assessment_id,
                AuditEntity::Evidence,
                Some(&evidence.entry_id),
                &audit::evidence_changes(&evidence, false),
            )
        })();
        written.map_err(|e| change.fail(e))?;
        change.commit()?;
        Ok(evidence)
    }

    /// The evidence recorded for an assessment, by entry, oldest first.
    pub fn evidence_list(&self, assessment_id: Uuid) -> Result<Vec<Evidence>> {
        let mut statement = self
            .conn
            .prepare_cached(&format!(
                "SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE assessment_id = ?1 ORDER BY added_at, rowid"
            ))
            .map_err(|e| self.sqlite(e))?;
        let mut list: Vec<Evidence> = statement
            .query_map([assessment_id.to_string()], evidence_from_row)
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))?;
        let assessment = self.assessment(assessment_id)?;
        if let Some(framework) = self.frameworks.get(&assessment.framework_id) {
            let order: Vec<&str> = framework
                .entry_list()
                .iter()
                .map(|e| e.id.as_str())
                .collect();
            list.sort_by_key(|e| order.iter().position(|id| *id == e.entry_id));
        }
        Ok(list)
    }

    /// One piece of evidence, by its id or a unique prefix of 8 or more characters.
    pub fn resolve_evidence_id(&self, id_or_prefix: &str) -> Result<Uuid> {
        let wanted = id_or_prefix.trim().to_ascii_lowercase();
        match self.ids_with_prefix("evidence", &wanted)?.as_slice() {
            [only] => Ok(*only),
            [] => Err(RuleError::EvidenceNotFound {
                id: id_or_prefix.trim().to_owned(),
            }
            .into()),
            _ => Err(StoreError::AmbiguousId {
                what: "piece of evidence",
                prefix: wanted,
            }),
        }
    }

    pub fn evidence(&self, evidence_id: Uuid) -> Result<Evidence> {
        self.conn
            .query_row(
                &format!("SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE id = ?1"),
                [evidence_id.to_string()],
                evidence_from_row,
            )
            .optional()
            .map_err(|e| self.sqlite(e))?
            .ok_or_else(|| {
                RuleError::EvidenceNotFound {
                    id: evidence_id.to_string(),
                }
                .into()
            })
    }

    /// An attached file's details and contents; `None` when the evidence is a
    /// reference only.
    pub fn evidence_file(&self, evidence_id: Uuid) -> Result<Option<(FileInfo, Vec<u8>)>> {
        let evidence = self.evidence(evidence_id)?;
        let Some(info) = evidence.file else {
            return Ok(None);
        };
        let bytes: Vec<u8> = self
            .conn
            .query_row(
                "SELECT file_content FROM evidence WHERE id = ?1",
                [evidence_id.to_string()],
                |row| row.get(0),
            )
            .map_err(|e| self.sqlite(e))?;
        Ok(Some((info, bytes)))
    }
}
