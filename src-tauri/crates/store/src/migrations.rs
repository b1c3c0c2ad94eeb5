//! Schema migrations, tracked by version.
//!
//! Every pending migration runs inside one transaction with the bookkeeping
//! that records it: all succeed or none does, so a crash mid-upgrade leaves the
//! file exactly as it was. `PRAGMA user_version` holds the current version so
//! it can be read before anything is written; `schema_migrations` keeps the
//! history for people.

use rusqlite::{Connection, TransactionBehavior};

pub struct Migration {
    pub version: u32,
    pub description: &'static str,
    pub sql: &'static str,
}

/// Every migration, in order. Append only: never edit one that has shipped.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        description: "assessments, answers and the append-only audit trail",
        sql: include_str!("migrations/0001_initial.sql"),
    },
    Migration {
        version: 2,
        description: "the guided assessment: status, half-done answers, checklist policies, evidence, roles",
        sql: include_str!("migrations/0002_guided_assessment.sql"),
    },
    Migration {
        version: 3,
        description: "the action plan: actions, progress notes, and action rows in the audit trail",
        sql: include_str!("migrations/0003_action_plan.sql"),
    },
];

/// The schema version this build writes.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

pub fn current_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Applies every migration newer than the file's version, in one transaction.
/// Returns how many were applied. `applied_at` is recorded with each.
pub fn migrate(conn: &mut Connection, applied_at: &str) -> rusqlite::Result<usize> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let from = current_version(&tx)?;
    let pending: Vec<&Migration> = MIGRATIONS.iter().filter(|m| m.version > from).collect();
    if pending.is_empty() {
        return Ok(0);
    }
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version     INTEGER PRIMARY KEY NOT NULL,
             description TEXT NOT NULL,
             applied_at  TEXT NOT NULL
         ) STRICT;",
    )?;
    for migration in &pending {
        tx.execute_batch(migration.sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?1, ?2, ?3)",
            (migration.version, migration.description, applied_at),
        )?;
    }
    tx.pragma_update(None, "application_id", crate::APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", latest_version())?;
    tx.commit()?;
    Ok(pending.len())
}
