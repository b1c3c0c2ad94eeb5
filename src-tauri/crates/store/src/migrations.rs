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
    /// A step in code that runs after the SQL, in the same transaction, for
    /// what SQL alone cannot do (hashing rows).
    pub then: Option<fn(&Connection) -> rusqlite::Result<()>>,
}

/// Every migration, in order. Append only: never edit one that has shipped.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        description: "assessments, answers and the append-only audit trail",
        sql: include_str!("migrations/0001_initial.sql"),
        then: None,
    },
    Migration {
        version: 2,
        description: "the guided assessment: status, half-done answers, checklist policies, evidence, roles",
        sql: include_str!("migrations/0002_guided_assessment.sql"),
        then: None,
    },
    Migration {
        version: 3,
        description: "the action plan: actions, progress notes, and action rows in the audit trail",
        sql: include_str!("migrations/0003_action_plan.sql"),
        then: None,
    },
    Migration {
        version: 4,
        description: "sign-off and seal: a hash-chained audit trail, sign-offs with their sealed records, versions, trusted certificates",
        sql: include_str!("migrations/0004_sign_off_and_seal.sql"),
        then: Some(chain_existing_audit_rows),
    },
    Migration {
        version: 5,
        description: "sign-offs: who recorded each and when, and the report it sealed",
        sql: include_str!("migrations/0005_who_recorded_sign_offs.sql"),
        then: None,
    },
    Migration {
        version: 6,
        description: "answers carried over from another assessment, to be confirmed",
        sql: include_str!("migrations/0006_carried_answers.sql"),
        then: None,
    },
    Migration {
        version: 7,
        description: "training compliance: organisations, training needs analyses, figures per reporting date, and an organisation-level audit trail",
        sql: include_str!("migrations/0007_training.sql"),
        then: None,
    },
    Migration {
        version: 8,
        description: "the training export's column mapping, remembered per organisation and audited",
        sql: include_str!("migrations/0008_training_import_mapping.sql"),
        then: None,
    },
    Migration {
        version: 9,
        description: "drafts of the report to the board, per organisation and year, audited",
        sql: include_str!("migrations/0009_board_report_drafts.sql"),
        then: None,
    },
    Migration {
        version: 10,
        description: "the live plan kept in the dashboard's order, with running counts, and the home screen newest first: derived, never audited",
        sql: include_str!("migrations/0010_plan_index.sql"),
        then: Some(crate::table::plan_rows::fill_plan_rows),
    },
];

/// Chains the audit rows written before version 4, oldest first within each
/// assessment, then makes the trail append-only again.
fn chain_existing_audit_rows(conn: &Connection) -> rusqlite::Result<()> {
    use prevent_core::audit::{CHAIN_START, ChainedRow, chain_hash};
    use std::collections::HashMap;

    let mut rows = conn.prepare(
        "SELECT seq, at, actor, actor_role, assessment_id, entity, entry_id, field, old_value, new_value
         FROM audit_log ORDER BY seq",
    )?;
    let mut update =
        conn.prepare("UPDATE audit_log SET prev_hash = ?2, hash = ?3 WHERE seq = ?1")?;
    let mut heads: HashMap<String, String> = HashMap::new();
    let mut cursor = rows.query([])?;
    while let Some(row) = cursor.next()? {
        let seq: i64 = row.get(0)?;
        let at: String = row.get(1)?;
        let actor: String = row.get(2)?;
        let actor_role: String = row.get(3)?;
        let assessment_id: String = row.get(4)?;
        let entity: String = row.get(5)?;
        let entry_id: Option<String> = row.get(6)?;
        let field: String = row.get(7)?;
        let old_value: Option<String> = row.get(8)?;
        let new_value: Option<String> = row.get(9)?;
        let previous = heads
            .get(&assessment_id)
            .cloned()
            .unwrap_or_else(|| CHAIN_START.to_owned());
        let hash = chain_hash(
            &previous,
            &ChainedRow {
                at: &at,
                actor: &actor,
                actor_role: &actor_role,
                assessment_id: &assessment_id,
                entity: &entity,
                entry_id: entry_id.as_deref(),
                field: &field,
                old_value: old_value.as_deref(),
                new_value: new_value.as_deref(),
            },
        );
        update.execute(rusqlite::params![seq, previous, hash])?;
        heads.insert(assessment_id, hash);
    }
    conn.execute_batch(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
         BEGIN
             SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be changed');
         END;
         CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
         BEGIN
             SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be deleted');
         END;",
    )
}

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
        if let Some(then) = migration.then {
            then(&tx)?;
        }
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
