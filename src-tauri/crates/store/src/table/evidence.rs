//! The `evidence` table: references to documents and, optionally, the
//! documents themselves with their SHA-256 and size.

use prevent_core::audit;
use prevent_core::evidence::FileInfo;
use prevent_core::{AuditEntity, Evidence, RuleError};
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
    /// The evidence recorded for an assessment, oldest first. Grouping by
    /// entry in reading order is the application layer's: it knows the
    /// framework.
    pub fn evidence_rows(&self, assessment_id: Uuid) -> Result<Vec<Evidence>> {
        let mut statement = self
            .conn
            .prepare_cached(&format!(
                "SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE assessment_id = ?1 ORDER BY added_at, rowid"
            ))
            .map_err(|e| self.sqlite(e))?;
        statement
            .query_map([assessment_id.to_string()], evidence_from_row)
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))
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

impl Change<'_> {
    /// Records a piece of evidence, with its file's bytes when it has one,
    /// and its audit row.
    pub fn insert_evidence(&self, evidence: &Evidence, content: Option<&[u8]>) -> Result<()> {
        let written = self
            .tx
            .execute(
                "INSERT INTO evidence (id, assessment_id, entry_id, title, location, file_name, file_size, file_sha256, file_content, added_at, added_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    evidence.id.to_string(),
                    evidence.assessment_id.to_string(),
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
                    self.at,
                    evidence.added_by,
                ],
            )
            .and_then(|_| self.evidence_audit(evidence, true));
        written.map_err(|e| self.fail(e))
    }

    /// Copies a piece of evidence, its file and SHA-256 included, as
    /// `copy` (a new id, assessment and entry), with its audit row.
    pub fn copy_evidence(&self, source: Uuid, copy: &Evidence) -> Result<()> {
        let written = self
            .tx
            .execute(
                "INSERT INTO evidence (id, assessment_id, entry_id, title, location, file_name, file_size, file_sha256, file_content, added_at, added_by)
                 SELECT ?2, ?3, ?4, title, location, file_name, file_size, file_sha256, file_content, ?5, ?6
                 FROM evidence WHERE id = ?1",
                params![
                    source.to_string(),
                    copy.id.to_string(),
                    copy.assessment_id.to_string(),
                    copy.entry_id,
                    self.at,
                    copy.added_by,
                ],
            )
            .and_then(|_| self.evidence_audit(copy, true));
        written.map_err(|e| self.fail(e))
    }

    /// Removes a piece of evidence; its audit row keeps what it was.
    pub fn delete_evidence(&self, evidence: &Evidence) -> Result<()> {
        let written = self
            .tx
            .execute(
                "DELETE FROM evidence WHERE id = ?1",
                [evidence.id.to_string()],
            )
            .and_then(|_| self.evidence_audit(evidence, false));
        written.map_err(|e| self.fail(e))
    }

    fn evidence_audit(&self, evidence: &Evidence, added: bool) -> rusqlite::Result<()> {
        self.record(
            evidence.assessment_id,
            AuditEntity::Evidence,
            Some(&evidence.entry_id),
            &audit::evidence_changes(evidence, added),
        )
    }
}
