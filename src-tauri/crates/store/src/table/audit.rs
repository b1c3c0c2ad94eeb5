//! The `audit_log` table, read side: the trail of one assessment and the check
//! of its hash chain. Rows are written only by `Change::record`; the database
//! refuses updates and deletes.

use prevent_core::audit::{ChainedRow, StoredLink, verify_chain};
use prevent_core::{AuditEntity, AuditEntry, ChainCheck};
use uuid::Uuid;

use crate::rows::{entity_at, parse_timestamp, parse_uuid};
use crate::{Result, Store};

impl Store {
    /// The audit trail of one assessment, oldest first. A row of a kind this
    /// version does not know is an error, never read as another kind.
    pub fn audit_trail(&self, assessment_id: Uuid) -> Result<Vec<AuditEntry>> {
        self.assessment(assessment_id)?;
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT seq, at, actor, actor_role, assessment_id, entity, entry_id, field, old_value, new_value, hash
                 FROM audit_log WHERE assessment_id = ?1 ORDER BY seq",
            )
            .map_err(|e| self.sqlite(e))?;
        statement
            .query_map([assessment_id.to_string()], |row| {
                Ok(AuditEntry {
                    seq: row.get(0)?,
                    at: parse_timestamp(row, 1)?,
                    actor: row.get(2)?,
                    actor_role: row.get(3)?,
                    assessment_id: parse_uuid(row, 4)?,
                    entity: entity_at(row, 5, AuditEntity::parse)?,
                    entry_id: row.get(6)?,
                    field: row.get(7)?,
                    old_value: row.get(8)?,
                    new_value: row.get(9)?,
                    hash: row.get(10)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))
    }

    /// Checks the assessment's hash chain over the columns exactly as stored,
    /// so an edit made to the file behind the app's back is found.
    pub fn verify_audit_chain(&self, assessment_id: Uuid) -> Result<ChainCheck> {
        self.assessment(assessment_id)?;
        self.verify_chain_of(
            "SELECT seq, at, actor, actor_role, assessment_id, entity, field, entry_id, old_value, new_value, prev_hash, hash
             FROM audit_log WHERE assessment_id = ?1 ORDER BY seq",
            &assessment_id.to_string(),
        )
    }

    /// Checks one trail's chain, read by `select` (the chained columns in
    /// the order above, for the trail `trail`).
    pub(crate) fn verify_chain_of(&self, select: &str, trail: &str) -> Result<ChainCheck> {
        type Stored = (i64, [String; 6], [Option<String>; 3], (String, String));
        let mut statement = self
            .conn
            .prepare_cached(select)
            .map_err(|e| self.sqlite(e))?;
        let rows: Vec<Stored> = statement
            .query_map([trail], |row| {
                Ok((
                    row.get(0)?,
                    [
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                        row.get(5)?,
                        row.get(6)?,
                    ],
                    [row.get(7)?, row.get(8)?, row.get(9)?],
                    (row.get(10)?, row.get(11)?),
                ))
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))?;
        Ok(verify_chain(rows.iter().map(
            |(
                seq,
                [at, actor, role, assessment, entity, field],
                [entry, old, new],
                (prev, hash),
            )| {
                StoredLink {
                    seq: *seq,
                    row: ChainedRow {
                        at,
                        actor,
                        actor_role: role,
                        assessment_id: assessment,
                        entity,
                        entry_id: entry.as_deref(),
                        field,
                        old_value: old.as_deref(),
                        new_value: new.as_deref(),
                    },
                    previous_hash: prev,
                    hash,
                }
            },
        )))
    }
}
