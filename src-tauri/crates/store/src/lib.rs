//! The SQLite store shared by the desktop app and the CLI.
//!
//! One file holds everything. It is opened in WAL mode with `synchronous=FULL`
//! (a committed change survives a power cut), foreign keys on and a busy
//! timeout, so the app and the CLI can use the same file at once. Every change
//! is one transaction that also appends its field-by-field audit rows; the
//! audit table refuses updates and deletes in the database itself.
//!
//! The store is table operations and nothing more: it knows no framework and
//! runs no use case. Deciding what to write (an answer's rules, the
//! completion gate, a new version, the plan following the answers) is the
//! application layer's (`prevent_app::Ledger`). The store never reads the
//! clock: callers pass the time of each change.
//!
//! Each table's queries live in their own file under `table/`; every write
//! is a method of [`Change`], the one transaction type, which also appends
//! the audit rows, so no write can forget them.

pub mod backup;
mod change;

mod migrations;
pub mod network;
mod paths;
mod rows;
mod table;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use prevent_core::{Actor, ErrorKind, RuleError};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use uuid::Uuid;

pub use change::Change;
pub use table::plan_rows::PlanRead;
pub use table::sign_offs::{SealedRecord, SignOffRow, TrustedCertificate};
pub use table::training::OrganisationRow;

pub use migrations::latest_version as latest_schema_version;
pub use paths::{
    DATABASE_ENV_VAR, DATABASE_FILE_NAME, default_database_path, default_signing_folder,
    resolve_database_path,
};
/// How the store writes a time: RFC 3339 in UTC, to the millisecond.
pub use rows::timestamp as stored_timestamp;

/// Marks a file as ours (`PRAGMA application_id`), so a stranger's SQLite file is
/// refused instead of being migrated. "PvSA" in ASCII.
pub const APPLICATION_ID: i32 = 0x5076_5341;

pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "Cannot open the database at {path}: {reason}. Check that the folder exists and that you can write to it, or choose another file."
    )]
    CannotOpen { path: PathBuf, reason: String },
    #[error(
        "{path} was written by a newer version of Prevent Self-Assessment (database version {found}; this version understands up to {supported}). It has not been changed. Open it with the newer version."
    )]
    NewerDatabase {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{path} is not a Prevent Self-Assessment database. It has not been changed.")]
    NotOurDatabase { path: PathBuf },
    #[error("There is no assessment with id \"{id}\" in this database.")]
    AssessmentNotFound { id: String },
    #[error("More than one {what} has an id starting \"{prefix}\"; give more of the id.")]
    AmbiguousId { what: &'static str, prefix: String },
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error("The database at {path} could not be read or written: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "The database at {path} holds a record this version cannot read ({problem}). It has not been changed."
    )]
    Unreadable { path: PathBuf, problem: String },
    #[error("The database at {path} is damaged ({problem}). It has not been changed.")]
    Damaged { path: PathBuf, problem: String },
    #[error("No backup was made in {path}: {problem}.")]
    BackupFailed { path: PathBuf, problem: String },
    #[error("{path} cannot be restored: {problem}. Nothing was changed.")]
    CannotRestore { path: PathBuf, problem: String },
}

impl StoreError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            StoreError::CannotOpen { .. } => ErrorKind::Database,
            StoreError::NotOurDatabase { .. } | StoreError::Damaged { .. } => {
                ErrorKind::DamagedDatabase
            }
            StoreError::NewerDatabase { .. } => ErrorKind::NewerDatabase,
            StoreError::AssessmentNotFound { .. } => ErrorKind::NotFound,
            StoreError::AmbiguousId { .. } => ErrorKind::InvalidInput,
            StoreError::Rule(rule) => rule.kind(),
            StoreError::Sqlite { .. }
            | StoreError::Unreadable { .. }
            | StoreError::BackupFailed { .. } => ErrorKind::Database,
            StoreError::CannotRestore { .. } => ErrorKind::InvalidInput,
        }
    }

    /// The input field at fault, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            StoreError::Rule(rule) => rule.field(),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open database file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The schema version the file had before this open migrated it: 0 for
    /// a new file.
    opened_at_version: u32,
    /// What the file is on when that is a network share ("an SMB/CIFS
    /// network share"): it is then opened without WAL.
    network_share: Option<&'static str>,
}

impl Store {
    /// Opens the database at `path`, creating it (and its folder) if needed and
    /// bringing its schema up to date. A file written by a newer version, or
    /// one that is not ours, is refused before anything is written to it.
    /// `now` is recorded against any migration applied.
    pub fn open(path: &Path, now: DateTime<Utc>) -> Result<Store> {
        let cannot_open = |reason: String| StoreError::CannotOpen {
            path: path.to_owned(),
            reason,
        };
        if path.is_dir() {
            return Err(cannot_open("it is a folder, not a file".to_owned()));
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                cannot_open(format!(
                    "the folder {} cannot be created ({e})",
                    parent.display()
                ))
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn =
            Connection::open_with_flags(path, flags).map_err(|e| cannot_open(e.to_string()))?;
        let sqlite = |source| StoreError::Sqlite {
            path: path.to_owned(),
            source,
        };
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        // The dashboard reads up to nine segments side by side, each with a
        // statement of its own, in four variants: keep them all prepared.
        conn.set_prepared_statement_cache_capacity(64);
        // One plan per statement, whatever values are bound (the query
        // planner stability guarantee). Without it SQLite marks a statement
        // whose row estimates read a bound value (an `x = ?1` filter, for
        // one) to be prepared afresh once its bindings are cleared, and
        // rusqlite clears them each time a statement goes back to its cache:
        // cached reads were parsed and planned again on every use, about
        // four times per saved answer. The file has no ANALYZE statistics,
        // so no plan was ever better for it.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
            .map_err(sqlite)?;
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(sqlite)? {
            return Err(cannot_open("the file is read-only".to_owned()));
        }

        // Read-only checks first: a file we must refuse is never written to.
        let found = match migrations::current_version(&conn) {
            Ok(version) => version,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::NotADatabase =>
            {
                return Err(StoreError::NotOurDatabase {
                    path: path.to_owned(),
                });
            }
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseCorrupt =>
            {
                return Err(damaged(path, e.to_string()));
            }
            Err(e) => return Err(cannot_open(e.to_string())),
        };
        let application_id: i32 = conn
            .query_row("PRAGMA application_id", [], |row| row.get(0))
            .map_err(sqlite)?;
        let has_tables: bool = conn
            .query_row("SELECT count(*) > 0 FROM sqlite_schema", [], |row| {
                row.get(0)
            })
            .map_err(sqlite)?;
        if application_id != APPLICATION_ID && (application_id != 0 || has_tables) {
            return Err(StoreError::NotOurDatabase {
                path: path.to_owned(),
            });
        }
        let supported = migrations::latest_version();
        if found > supported {
            return Err(StoreError::NewerDatabase {
                path: path.to_owned(),
                found,
                supported,
            });
        }
        quick_check(&conn).map_err(|problem| damaged(path, problem))?;
        // A file with data at an older version is backed up before it is
        // migrated; a new, empty file has nothing to lose.
        if found > 0 && found < supported {
            backup::create_from(
                &conn,
                path,
                backup::BackupReason::BeforeMigration(supported),
                now,
            )?;
        }

        // WAL needs memory shared between the processes using the file, which
        // a network share cannot give: there, a rollback journal and one
        // process at a time (SQLite's own advice).
        let network_share = network::network_share(path);
        if network_share.is_some() {
            conn.pragma_update(None, "journal_mode", "DELETE")
                .map_err(sqlite)?;
            conn.pragma_update(None, "locking_mode", "EXCLUSIVE")
                .map_err(sqlite)?;
        } else {
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(sqlite)?;
        }
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sqlite)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sqlite)?;
        let version_before = migrations::current_version(&conn).map_err(sqlite)?;
        migrations::migrate(&mut conn, &rows::timestamp(now)).map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen
                ) =>
            {
                cannot_open(f.to_string())
            }
            other => sqlite(other),
        })?;

        Ok(Store {
            conn,
            path: path.to_owned(),
            opened_at_version: version_before,
            network_share,
        })
    }

    /// The schema version the file had before this open brought it up to
    /// date: 0 when the file was new.
    /// The warning to show when the file is on a network share, in the
    /// person's words; `None` on a local disk.
    pub fn network_warning(&self) -> Option<String> {
        self.network_share.map(|share| {
            format!(
                "The database is on {share}. It is opened for one person at a time, without the write-ahead log SQLite cannot use there; keep it on this computer's own disk if you can, and make sure the share is backed up."
            )
        })
    }

    pub fn opened_at_version(&self) -> u32 {
        self.opened_at_version
    }

    /// Begins a change on behalf of `actor` at `now`: the one transaction
    /// type every write goes through (see [`Change`]). The store's reads
    /// run inside it, on the same connection, until it is committed or
    /// dropped (which rolls it back). Only one change is open at a time.
    pub fn change<'s>(&'s self, actor: &'s Actor, now: DateTime<Utc>) -> Result<Change<'s>> {
        Change::begin(&self.conn, &self.path, actor, now)
    }

    /// The assessments with answers that need an action but have none: what
    /// a file from before the action plan holds, and what an upgrade cut
    /// short leaves. One indexed query.
    pub fn assessments_missing_actions(&self) -> Result<Vec<Uuid>> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT DISTINCT answers.assessment_id FROM answers
                  WHERE answers.action_required = 1
                    AND NOT EXISTS (SELECT 1 FROM actions
                                     WHERE actions.assessment_id = answers.assessment_id
                                       AND actions.source = answers.entry_id)",
            )
            .map_err(|e| self.sqlite(e))?;
        let pending: Vec<String> = statement
            .query_map([], |row| row.get(0))
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))?;
        pending
            .into_iter()
            .map(|id| {
                Uuid::parse_str(&id).map_err(|e| StoreError::Unreadable {
                    path: self.path.clone(),
                    problem: format!("an answer's assessment id {id:?}: {e}"),
                })
            })
            .collect()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Backs up this file with the online backup API for `reason` at `now`
    /// (see [`backup`]). Any change another connection has open is not in it.
    pub fn backup(
        &self,
        reason: backup::BackupReason,
        now: DateTime<Utc>,
    ) -> Result<backup::BackupFile> {
        backup::create_from(&self.conn, &self.path, reason, now)
    }

    /// Takes the day's backup if none has been taken today (UTC) at `now`;
    /// `None` when one already has.
    pub fn daily_backup_if_due(&self, now: DateTime<Utc>) -> Result<Option<backup::BackupFile>> {
        if backup::daily_due(&backup::list(&self.path)?, now) {
            self.backup(backup::BackupReason::Daily, now).map(Some)
        } else {
            Ok(None)
        }
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<u32> {
        migrations::current_version(&self.conn).map_err(|e| self.sqlite(e))
    }

    fn sqlite(&self, source: rusqlite::Error) -> StoreError {
        sqlite_error(&self.path, source)
    }

    /// The raw connection, for tests that must prove what the database itself enforces.
    #[doc(hidden)]
    pub fn connection_for_tests(&self) -> &Connection {
        &self.conn
    }
}

fn damaged(path: &Path, problem: String) -> StoreError {
    StoreError::Damaged {
        path: path.to_owned(),
        problem,
    }
}

/// `PRAGMA quick_check` (integrity_check without the indexes, so opening
/// stays fast): `Ok` when it says "ok", else its first finding.
fn quick_check(conn: &Connection) -> std::result::Result<(), String> {
    pragma_check(conn, "quick_check")
}

/// Runs a checking pragma (`integrity_check`, `quick_check`): `Ok` when it
/// says "ok", else its first finding.
pub(crate) fn pragma_check(conn: &Connection, pragma: &str) -> std::result::Result<(), String> {
    let first: String = conn
        .query_row(&format!("PRAGMA {pragma}(1)"), [], |row| row.get(0))
        .map_err(|e| e.to_string())?;
    if first == "ok" {
        Ok(())
    } else {
        Err(first.chars().take(200).collect())
    }
}

/// Checks, without writing to it, that the file at `path` is a readable
/// SQLite database that passes `integrity_check`.
pub fn check_file(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| damaged(path, e.to_string()))?;
    backup::integrity(&conn).map_err(|problem| damaged(path, problem))
}

/// Maps a SQLite error to the store's, naming the file. A value the database
/// holds that this version cannot read is reported as such.
pub(crate) fn sqlite_error(path: &Path, source: rusqlite::Error) -> StoreError {
    match source {
        rusqlite::Error::FromSqlConversionFailure(_, _, problem) => StoreError::Unreadable {
            path: path.to_owned(),
            problem: problem.to_string(),
        },
        source => StoreError::Sqlite {
            path: path.to_owned(),
            source,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rusqlite::StatementStatus;

    /// A cached read is prepared once, however often it is run with new
    /// values: without the planner's stability guarantee SQLite re-prepared
    /// `x = ?1` reads each time rusqlite cleared their bindings.
    #[test]
    fn a_cached_read_is_not_prepared_again_for_new_values() {
        let dir = tempfile::tempdir().expect("temp dir");
        let now = Utc
            .with_ymd_and_hms(2026, 11, 21, 9, 0, 0)
            .single()
            .expect("time");
        let store = Store::open(&dir.path().join("a.sqlite3"), now).expect("open");
        // The evidence list's read, in short.
        let sql = "SELECT id FROM evidence WHERE assessment_id = ?1 ORDER BY added_at, rowid";
        for (round, assessment) in ["a", "b", "c", "d"].into_iter().enumerate() {
            let mut statement = store.conn.prepare_cached(sql).expect("prepare");
            let rows: Vec<String> = statement
                .query_map([assessment], |row| row.get(0))
                .and_then(Iterator::collect)
                .expect("read");
            assert!(rows.is_empty());
            assert_eq!(
                statement.get_status(StatementStatus::RePrepare),
                0,
                "round {round}"
            );
        }
    }
}
