//! The one transaction type every write goes through. A `Change` is an
//! immediate transaction on behalf of one person at one time; it appends the
//! audit rows for what it changes and marks the assessment as updated, so a
//! write cannot be committed without its trail. It also holds the one check
//! that a complete assessment is locked, read inside the transaction so the
//! status cannot move underneath the write.

use std::path::Path;

use chrono::{DateTime, Utc};
use prevent_core::{Actor, AssessmentStatus, AuditEntity, FieldChange, RuleError};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use crate::rows::timestamp;
use crate::{StoreError, sqlite_error};

pub struct Change<'c> {
    pub tx: Transaction<'c>,
    /// The time of the change, as stored.
    pub at: String,
    actor: &'c Actor,
    /// The database file, for errors.
    path: &'c Path,
}

impl<'c> Change<'c> {
    pub fn begin(
        conn: &'c mut Connection,
        path: &'c Path,
        actor: &'c Actor,
        now: DateTime<Utc>,
    ) -> crate::Result<Change<'c>> {
        Ok(Change {
            tx: conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| sqlite_error(path, e))?,
            at: timestamp(now),
            actor,
            path,
        })
    }

    /// The store's error for a SQLite error inside this change.
    pub fn fail(&self, source: rusqlite::Error) -> StoreError {
        sqlite_error(self.path, source)
    }

    /// Refuses the change when the assessment is marked complete: it must be reopened first.
    pub fn ensure_editable(&self, assessment_id: Uuid) -> crate::Result<()> {
        let status: Option<String> = self
            .tx
            .prepare_cached("SELECT status FROM assessments WHERE id = ?1")
            .and_then(|mut statement| {
                statement
                    .query_row([assessment_id.to_string()], |row| row.get(0))
                    .optional()
            })
            .map_err(|e| self.fail(e))?;
        match status.as_deref().and_then(AssessmentStatus::parse) {
            Some(AssessmentStatus::Complete) => Err(RuleError::AssessmentComplete.into()),
            _ => Ok(()),
        }
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
        self.tx
            .prepare_cached("UPDATE assessments SET updated_at = ?2 WHERE id = ?1")?
            .execute(params![assessment_id.to_string(), self.at])?;
        Ok(())
    }

    pub fn commit(self) -> crate::Result<()> {
        let path = self.path;
        self.tx.commit().map_err(|e| sqlite_error(path, e))
    }
}
