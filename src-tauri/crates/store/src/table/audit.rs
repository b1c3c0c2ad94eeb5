//! The `audit_log` table, read side: the trail of one assessment. Rows are
//! written only by `Change::record`; the database refuses updates and deletes.

use prevent_core::{AuditEntity, AuditEntry};
use uuid::Uuid;

use crate::rows::{conversion_error, parse_timestamp, parse_uuid};
use crate::{Result, Store};

impl Store {
    /// The audit trail of one assessment, oldest first. A row of a kind this
    /// version does not know is an error, never read as another kind.
    pub fn audit_trail(&self, assessment_id: Uuid) -> Result<Vec<AuditEntry>> {
        self.assessment(assessment_id)?;
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT seq, at, actor, actor_role, assessment_id, entity, entry_id, field, old_value, new_value
                 FROM audit_log WHERE assessment_id = ?1 ORDER BY seq",
            )
            .map_err(|e| self.sqlite(e))?;
        statement
            .query_map([assessment_id.to_string()], |row| {
                let entity: String = row.get(5)?;
                Ok(AuditEntry {
                    seq: row.get(0)?,
                    at: parse_timestamp(row, 1)?,
                    actor: row.get(2)?,
                    actor_role: row.get(3)?,
                    assessment_id: parse_uuid(row, 4)?,
                    entity: AuditEntity::parse(&entity).ok_or_else(|| {
                        conversion_error(5, format!("an audit row of unknown kind {entity:?}"))
                    })?,
                    entry_id: row.get(6)?,
                    field: row.get(7)?,
                    old_value: row.get(8)?,
                    new_value: row.get(9)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))
    }
}
