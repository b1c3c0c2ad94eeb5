//! The one transaction type every write goes through. A `Change` is an
//! immediate transaction on behalf of one person at one time; it appends the
//! audit rows for what it changes and marks the assessment as updated, so a
//! write cannot be committed without its trail. It also holds the one check
//! that a complete or sealed assessment is locked, read inside the
//! transaction so the status cannot move underneath the write.
//!
//! Each audit row is linked into its assessment's hash chain here: the hash
//! of the row before (read once per change, then carried along) and the
//! row's own.

use std::cell::RefCell;
use std::path::Path;

use chrono::{DateTime, Utc};
use prevent_core::audit::{CHAIN_START, ChainedRow, chain_hash};
use prevent_core::{Actor, AssessmentStatus, AuditEntity, FieldChange, RuleError};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use crate::rows::timestamp;
use crate::{StoreError, sqlite_error};

pub struct Change<'c> {
    pub(crate) tx: Transaction<'c>,
    /// The time of the change, as stored.
    pub(crate) at: String,
    actor: &'c Actor,
    /// The database file, for errors.
    path: &'c Path,
    /// The last hash written in this change, per assessment.
    chain_heads: RefCell<Vec<(Uuid, String)>>,
}

impl<'c> Change<'c> {
    /// An immediate transaction on a connection that is only borrowed, so
    /// the store's reads (which take `&Store`) run inside it: the completion
    /// gate reads the review, and signing off the whole assessment, in the
    /// transaction that writes. A second change must not begin on the
    /// connection while this one is open; SQLite refuses it if one does.
    pub(crate) fn begin(
        conn: &'c Connection,
        path: &'c Path,
        actor: &'c Actor,
        now: DateTime<Utc>,
    ) -> crate::Result<Change<'c>> {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
            .map_err(|e| sqlite_error(path, e))?;
        Ok(Change::around(tx, path, actor, now))
    }

    fn around(
        tx: Transaction<'c>,
        path: &'c Path,
        actor: &'c Actor,
        now: DateTime<Utc>,
    ) -> Change<'c> {
        Change {
            tx,
            at: timestamp(now),
            actor,
            path,
            chain_heads: RefCell::new(Vec::new()),
        }
    }

    /// The store's error for a SQLite error inside this change.
    pub(crate) fn fail(&self, source: rusqlite::Error) -> StoreError {
        sqlite_error(self.path, source)
    }

    /// Refuses the change when the assessment is sealed (start a new version)
    /// or marked complete (reopen it first).
    pub fn ensure_editable(&self, assessment_id: Uuid) -> crate::Result<()> {
        let state: Option<(String, Option<String>)> = self
            .tx
            .prepare_cached("SELECT status, sealed_at FROM assessments WHERE id = ?1")
            .and_then(|mut statement| {
                statement
                    .query_row([assessment_id.to_string()], |row| {
                        Ok((row.get(0)?, row.get(1)?))
                    })
                    .optional()
            })
            .map_err(|e| self.fail(e))?;
        match state {
            Some((_, Some(_))) => Err(RuleError::AssessmentSealed.into()),
            Some((status, None))
                if AssessmentStatus::parse(&status) == Some(AssessmentStatus::Complete) =>
            {
                Err(RuleError::AssessmentComplete.into())
            }
            _ => Ok(()),
        }
    }

    /// The hash of the assessment's last audit row: where its next row links.
    fn chain_head(&self, assessment_id: Uuid) -> rusqlite::Result<String> {
        if let Some((_, head)) = self
            .chain_heads
            .borrow()
            .iter()
            .find(|(id, _)| *id == assessment_id)
        {
            return Ok(head.clone());
        }
        let head: Option<String> = self
            .tx
            .prepare_cached(
                "SELECT hash FROM audit_log WHERE assessment_id = ?1 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row([assessment_id.to_string()], |row| row.get(0))
            .optional()?;
        Ok(head.unwrap_or_else(|| CHAIN_START.to_owned()))
    }

    fn set_chain_head(&self, assessment_id: Uuid, head: String) {
        let mut heads = self.chain_heads.borrow_mut();
        match heads.iter_mut().find(|(id, _)| *id == assessment_id) {
            Some(entry) => entry.1 = head,
            None => heads.push((assessment_id, head)),
        }
    }

    /// Appends one audit row per field change and marks the assessment updated.
    pub(crate) fn record(
        &self,
        assessment_id: Uuid,
        entity: AuditEntity,
        entry_id: Option<&str>,
        changes: &[FieldChange],
    ) -> rusqlite::Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let previous = self.chain_head(assessment_id)?;
        let head = self.append_chained(
            "INSERT INTO audit_log (at, actor, actor_role, assessment_id, entity, entry_id, field, old_value, new_value, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            &assessment_id.to_string(),
            previous,
            entity.as_str(),
            entry_id,
            changes,
        )?;
        self.set_chain_head(assessment_id, head);
        self.tx
            .prepare_cached("UPDATE assessments SET updated_at = ?2 WHERE id = ?1")?
            .execute(params![assessment_id.to_string(), self.at])?;
        Ok(())
    }

    /// Appends one row per field change to the trail `trail` with `insert`
    /// (an audit table's insert of the eleven chained columns), each linked
    /// to the one before from `previous`. Returns the trail's new head.
    pub(crate) fn append_chained(
        &self,
        insert: &str,
        trail: &str,
        mut previous: String,
        entity: &str,
        entry_id: Option<&str>,
        changes: &[FieldChange],
    ) -> rusqlite::Result<String> {
        let mut statement = self.tx.prepare_cached(insert)?;
        for change in changes {
            let hash = chain_hash(
                &previous,
                &ChainedRow {
                    at: &self.at,
                    actor: &self.actor.name,
                    actor_role: &self.actor.role,
                    assessment_id: trail,
                    entity,
                    entry_id,
                    field: &change.field,
                    old_value: change.old_value.as_deref(),
                    new_value: change.new_value.as_deref(),
                },
            );
            statement.execute(params![
                self.at,
                self.actor.name,
                self.actor.role,
                trail,
                entity,
                entry_id,
                change.field,
                change.old_value,
                change.new_value,
                previous,
                hash,
            ])?;
            previous = hash;
        }
        Ok(previous)
    }

    /// Who the change is made by.
    pub fn actor(&self) -> &Actor {
        self.actor
    }

    /// Commits the change; dropping it instead rolls everything back.
    pub fn commit(self) -> crate::Result<()> {
        let path = self.path;
        self.tx.commit().map_err(|e| sqlite_error(path, e))
    }
}
