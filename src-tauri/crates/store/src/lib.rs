//! The SQLite store shared by the desktop app and the CLI.
//!
//! One file holds everything. It is opened in WAL mode with `synchronous=FULL`
//! (a committed change survives a power cut), foreign keys on and a busy
//! timeout, so the app and the CLI can use the same file at once. Every change
//! is one transaction that also appends its field-by-field audit rows; the
//! audit table refuses updates and deletes in the database itself.
//!
//! The store never reads the clock: callers pass the time of each change.
//!
//! Each table's queries live in their own file under `table/`; every write
//! goes through `change::Change`, the one transaction type, which also
//! appends the audit rows, so no write can forget them.

mod change;
mod migrations;
mod paths;
mod rows;
mod table;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use prevent_core::{Actor, ErrorKind, Frameworks, RuleError};
use rusqlite::{Connection, OpenFlags};

pub use table::answers::SavedAnswer;
pub use table::carry::EvidenceCopy;
pub use table::sign_offs::{SealedRecord, TrustedCertificate};

pub use migrations::latest_version as latest_schema_version;
pub use paths::{
    DATABASE_ENV_VAR, DATABASE_FILE_NAME, default_database_path, default_signing_folder,
    resolve_database_path,
};

/// Marks a file as ours (`PRAGMA application_id`), so a stranger's SQLite file is
/// refused instead of being migrated. "PvSA" in ASCII.
pub const APPLICATION_ID: i32 = 0x5076_5341;

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

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
    #[error(
        "The database refers to framework \"{framework_id}\", which this version does not know. It may have been written by a newer version."
    )]
    UnknownFramework { framework_id: String },
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error("The database at {path} could not be read or written: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("The framework data built into this version is broken: {0}")]
    Catalogue(#[from] prevent_core::CatalogueError),
    #[error(
        "The database at {path} holds a record this version cannot read ({problem}). It has not been changed."
    )]
    Unreadable { path: PathBuf, problem: String },
    #[error("The report could not be sealed, so nothing was recorded: {0}")]
    Sealing(String),
}

impl StoreError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            StoreError::CannotOpen { .. } | StoreError::NotOurDatabase { .. } => {
                ErrorKind::Database
            }
            StoreError::NewerDatabase { .. } => ErrorKind::NewerDatabase,
            StoreError::AssessmentNotFound { .. } | StoreError::UnknownFramework { .. } => {
                ErrorKind::NotFound
            }
            StoreError::AmbiguousId { .. } => ErrorKind::InvalidInput,
            StoreError::Rule(rule) => rule.kind(),
            StoreError::Sqlite { .. } | StoreError::Unreadable { .. } => ErrorKind::Database,
            StoreError::Catalogue(_) | StoreError::Sealing(_) => ErrorKind::Internal,
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
    frameworks: &'static Frameworks,
}

impl Store {
    /// Opens the database at `path`, creating it (and its folder) if needed and
    /// bringing its schema up to date. A file written by a newer version, or
    /// one that is not ours, is refused before anything is written to it.
    /// `now` is recorded against any migration applied.
    pub fn open(path: &Path, now: DateTime<Utc>) -> Result<Store> {
        Store::open_with_frameworks(path, now, Frameworks::embedded()?)
    }

    /// Opens the file for a set of frameworks other than the ones this build
    /// embeds: the tests' fixture frameworks, which prove the engine takes
    /// any framework. The app and the CLI open files with [`Store::open`].
    pub fn open_with_frameworks(
        path: &Path,
        now: DateTime<Utc>,
        frameworks: &'static Frameworks,
    ) -> Result<Store> {
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

        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sqlite)?;
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

        let mut store = Store {
            conn,
            path: path.to_owned(),
            frameworks,
        };
        if version_before > 0 {
            store.derive_missing_plans(now)?;
        }
        store.follow_new_priority_rules(now)?;
        Ok(store)
    }

    /// When this build's priority rules differ from those the file's plans
    /// were last derived with, re-derives every plan of that framework:
    /// priorities nobody set follow the new rules, a person's never change.
    fn follow_new_priority_rules(&mut self, now: DateTime<Utc>) -> Result<()> {
        for rules in self
            .frameworks
            .all()
            .iter()
            .filter_map(|f| self.frameworks.rules(&f.id))
        {
            let key = format!("priority_rules.{}", rules.framework);
            let current = rules.version.to_string();
            let recorded = self.setting(&key)?;
            if recorded.as_deref() == Some(current.as_str()) {
                continue;
            }
            if recorded.is_some() {
                let system = app_as_actor(format!("priority rules version {current}"));
                for assessment in self.all_assessment_headers()? {
                    if assessment.framework_id == rules.framework {
                        self.sync_plan(assessment.id, &system, now)?;
                    }
                }
            }
            self.set_setting(&key, &current)?;
        }
        Ok(())
    }

    /// A file from before the action plan has answers that need action but
    /// no actions: derive them, audited as the upgrade, so every gap has its
    /// action. Checked on every open (one indexed query), so an upgrade cut
    /// short is finished next time.
    fn derive_missing_plans(&mut self, now: DateTime<Utc>) -> Result<()> {
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
        drop(statement);
        let upgrade = app_as_actor("upgrade that added the action plan".to_owned());
        for id in pending {
            let id = uuid::Uuid::parse_str(&id).map_err(|e| StoreError::Unreadable {
                path: self.path.clone(),
                problem: format!("an answer's assessment id {id:?}: {e}"),
            })?;
            self.sync_plan(id, &upgrade, now)?;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn frameworks(&self) -> &'static Frameworks {
        self.frameworks
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

    /// The framework an assessment was made against.
    fn framework(&self, framework_id: &str) -> Result<&'static prevent_core::Framework> {
        self.frameworks
            .get(framework_id)
            .ok_or_else(|| StoreError::UnknownFramework {
                framework_id: framework_id.to_owned(),
            })
    }
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

/// The app itself, named in the audit trail for what it changes on its own
/// (deriving plans after an upgrade or a new version of the rules).
fn app_as_actor(role: String) -> Actor {
    Actor {
        name: "Prevent Self-Assessment".to_owned(),
        role,
    }
}
