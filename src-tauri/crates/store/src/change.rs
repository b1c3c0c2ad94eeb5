//! The one transaction type every write goes through. A `Change` is an
//! immediate transaction on behalf of one person at one time; it appends the
//! audit rows for what it changes and marks the assessment as updated, so a
//! write cannot be committed without its trail.

use chrono::{DateTime, Utc};
use prevent_core::{Actor, AuditEntity, FieldChange};
use rusqlite::{Connection, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use crate::rows::timestamp;

pub struct Change<'c> {
    pub tx: Transaction<'c>,
    /// The time of the change, as stored.
    pub at: String,
    actor: &'c Actor,
}

impl<'c> Change<'c> {
    pub fn begin(
        conn: &'c mut Connection,
        actor: &'c Actor,
        now: DateTime<Utc>,
    ) -> rusqlite::Result<Change<'c>> {
        Ok(Change {
            tx: conn.transaction_with_behavior(TransactionBehavior::Immediate)?,
            at: timestamp(now),
            actor,
        })
    }

    /// Appends one audit row per field change and marks the assessment updated.
    pub fn record(
        &self,
        assessment_id: Uuid,
        entity: AuditEntity,
        entry_id: Option<&str>,
        changes: &[FieldChange],
    ) -> rusqlite::Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let mut statement = self.tx.prepare_cached(
            "INSERT INTO audit_log (at, actor, actor_role, assessment_id, entity, entry_id, field, old_value, new_value)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for change in changes {
            statement.execute(params![
                self.at,
                self.actor.name,
                self.actor.role,
                assessment_id.to_string(),
                entity.as_str(),
                entry_id,
                change.field,
                change.old_value,
                change.new_value,
            ])?;
        }
        self.tx.execute(
            "UPDATE assessments SET updated_at = ?2 WHERE id = ?1",
            params![assessment_id.to_string(), self.at],
        )?;
        Ok(())
    }

    pub fn commit(self) -> rusqlite::Result<()> {
        self.tx.commit()
    }
}
