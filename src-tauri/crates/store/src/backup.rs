//! Backups of the database file, taken with SQLite's online backup API (a
//! consistent copy even while another connection is writing; never a file
//! copy of a live database) into a `backups/` folder beside the file.
//!
//! A backup is written under a temporary name, checked with
//! `PRAGMA integrity_check`, and only then renamed to its own name, so a
//! half-written or bad copy never looks like a backup. Names sort by time
//! and say why they were taken:
//! `prevent-2026-12-03T18-20-05Z-daily.sqlite3`, `…-sign-off.sqlite3`,
//! `…-before-migration-9.sqlite3`, `…-manual.sqlite3`,
//! `…-before-restore.sqlite3`.
//!
//! What is kept: the last [`DAILY_KEPT`] daily backups; every other backup
//! (sign-off, before a migration, manual, before a restore) is kept until
//! someone deletes it.
//!
//! A restore never trusts the file it is given: it must be a SQLite file of
//! ours, no newer than this version, that passes `integrity_check`. The
//! current file is backed up first (`before-restore`), so a restore can
//! itself be undone; then the backup API copies the chosen file's content
//! into the live database.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use crate::{APPLICATION_ID, Result, StoreError, migrations};

/// The folder the backups are kept in, beside the database file.
pub const BACKUP_FOLDER: &str = "backups";

/// How many daily backups are kept; older ones are deleted as new ones are
/// made. Backups taken for any other reason are all kept.
pub const DAILY_KEPT: usize = 10;

/// The largest file taken as a backup to restore: far beyond any real
/// database (1,000 assessments are a few megabytes), so a hostile file
/// cannot make a restore run for hours.
pub const MAX_BACKUP_BYTES: u64 = 4 * 1024 * 1024 * 1024;

const NAME_PREFIX: &str = "prevent-";
const NAME_SUFFIX: &str = ".sqlite3";
/// The time in a backup's name: UTC, to the second, with no colons (Windows).
const NAME_TIME: &str = "%Y-%m-%dT%H-%M-%SZ";
const NAME_TIME_LEN: usize = "2026-12-03T18-20-05Z".len();
const PARTIAL_SUFFIX: &str = ".partial";
/// How long a backup step waits for a writer to let go of the file.
const BUSY_RETRIES: u32 = 50;
const BUSY_WAIT: Duration = Duration::from_millis(100);

/// Why a backup was taken; its name says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupReason {
    Daily,
    SignOff,
    /// Before migrating a file from this schema version.
    BeforeMigration(u32),
    Manual,
    BeforeRestore,
}

impl BackupReason {
    /// The reason as it appears in a backup's name.
    pub fn label(self) -> String {
        match self {
            BackupReason::Daily => "daily".to_owned(),
            BackupReason::SignOff => "sign-off".to_owned(),
            BackupReason::BeforeMigration(version) => format!("before-migration-{version}"),
            BackupReason::Manual => "manual".to_owned(),
            BackupReason::BeforeRestore => "before-restore".to_owned(),
        }
    }

    /// Why it was taken, in words for a screen.
    pub fn describe(self) -> String {
        match self {
            BackupReason::Daily => "Daily backup".to_owned(),
            BackupReason::SignOff => "After a sign-off".to_owned(),
            BackupReason::BeforeMigration(version) => {
                format!(
                    "Before this version of the app updated the file (from database version {version})"
                )
            }
            BackupReason::Manual => "Made on request".to_owned(),
            BackupReason::BeforeRestore => "The file as it was before a restore".to_owned(),
        }
    }

    fn parse(label: &str) -> Option<BackupReason> {
        Some(match label {
            "daily" => BackupReason::Daily,
            "sign-off" => BackupReason::SignOff,
            "manual" => BackupReason::Manual,
            "before-restore" => BackupReason::BeforeRestore,
            other => BackupReason::BeforeMigration(
                other.strip_prefix("before-migration-")?.parse().ok()?,
            ),
        })
    }
}

/// One backup in the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    /// The file's name, which `restore` also accepts.
    pub name: String,
    pub taken_at: DateTime<Utc>,
    pub reason: BackupReason,
    pub bytes: u64,
}

/// What a restore replaced and with what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The backup of the file as it was, which undoes this restore; `None`
    /// when there was no file, or it was too damaged to back up.
    pub before_restore: Option<BackupFile>,
    /// Where a damaged file was moved aside, untouched, before the restore.
    pub damaged_kept_as: Option<PathBuf>,
    pub from: PathBuf,
    pub schema_version: u32,
}

/// The backups folder for the database at `database`.
pub fn folder(database: &Path) -> PathBuf {
    database
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join(BACKUP_FOLDER)
}

/// Backs up the database at `database` (which must exist) for `reason`,
/// at `now`, then prunes old daily backups.
pub fn create(database: &Path, reason: BackupReason, now: DateTime<Utc>) -> Result<BackupFile> {
    let source = open_read_only(database)?;
    create_from(&source, database, reason, now)
}

/// Backs up the open connection `source` to the file at `database`.
pub(crate) fn create_from(
    source: &Connection,
    database: &Path,
    reason: BackupReason,
    now: DateTime<Utc>,
) -> Result<BackupFile> {
    let dir = folder(database);
    let failed = |problem: String| StoreError::BackupFailed {
        path: dir.clone(),
        problem,
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| failed(format!("the folder cannot be created ({e})")))?;
    let name = free_name(&dir, reason, now);
    let path = dir.join(&name);
    let partial = dir.join(format!(".{name}{PARTIAL_SUFFIX}"));
    let written = write_checked(source, &partial);
    if let Err(problem) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(failed(problem));
    }
    std::fs::rename(&partial, &path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        failed(format!("it could not be renamed to {name} ({e})"))
    })?;
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    prune(database)?;
    Ok(BackupFile {
        path,
        name,
        taken_at: now,
        reason,
        bytes,
    })
}

/// Copies `source` into a new file at `partial` with the backup API, makes
/// it a single file (no write-ahead log), and checks it.
fn write_checked(source: &Connection, partial: &Path) -> std::result::Result<(), String> {
    let _ = std::fs::remove_file(partial);
    let mut target = Connection::open(partial).map_err(|e| e.to_string())?;
    copy(source, &mut target).map_err(|e| e.to_string())?;
    target
        .pragma_update(None, "journal_mode", "DELETE")
        .map_err(|e| e.to_string())?;
    integrity(&target).map_err(|problem| format!("the copy failed its check ({problem})"))?;
    target.close().map_err(|(_, e)| e.to_string())
}

/// The backup API, in one step (a consistent snapshot), waiting while a
/// writer holds the file.
fn copy(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
    let backup = Backup::new(from, to)?;
    let mut waits = 0;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked if waits < BUSY_RETRIES => {
                waits += 1;
                std::thread::sleep(BUSY_WAIT);
            }
            StepResult::Busy | StepResult::Locked => {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    Some("the database stayed busy".to_owned()),
                ));
            }
            _ => {}
        }
    }
}

/// `PRAGMA integrity_check`: `Ok` when it says "ok", else its first finding.
pub(crate) fn integrity(conn: &Connection) -> std::result::Result<(), String> {
    crate::pragma_check(conn, "integrity_check")
}

/// A name for a backup at `now` not yet taken in `dir`.
fn free_name(dir: &Path, reason: BackupReason, now: DateTime<Utc>) -> String {
    let stem = format!("{NAME_PREFIX}{}-{}", now.format(NAME_TIME), reason.label());
    let mut name = format!("{stem}{NAME_SUFFIX}");
    let mut n = 2;
    while dir.join(&name).exists() {
        name = format!("{stem}.{n}{NAME_SUFFIX}");
        n += 1;
    }
    name
}

/// Reads a backup's name; `None` for any other file.
fn parse_name(name: &str) -> Option<(DateTime<Utc>, BackupReason)> {
    let rest = name.strip_prefix(NAME_PREFIX)?.strip_suffix(NAME_SUFFIX)?;
    let time = rest.get(..NAME_TIME_LEN)?;
    let label = rest.get(NAME_TIME_LEN..)?.strip_prefix('-')?;
    let label = match label.rsplit_once('.') {
        Some((label, n)) if n.bytes().all(|b| b.is_ascii_digit()) => label,
        _ => label,
    };
    let taken_at = NaiveDateTime::parse_from_str(time, NAME_TIME)
        .ok()?
        .and_utc();
    Some((taken_at, BackupReason::parse(label)?))
}

/// The backups of the database at `database`, newest first. No folder is
/// no backups.
pub fn list(database: &Path) -> Result<Vec<BackupFile>> {
    let dir = folder(database);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(StoreError::BackupFailed {
                path: dir,
                problem: format!("the folder cannot be read ({e})"),
            });
        }
    };
    let mut found: Vec<BackupFile> = entries
        .filter_map(std::result::Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let (taken_at, reason) = parse_name(&name)?;
            let meta = entry.metadata().ok().filter(std::fs::Metadata::is_file)?;
            Some(BackupFile {
                path: entry.path(),
                name,
                taken_at,
                reason,
                bytes: meta.len(),
            })
        })
        .collect();
    found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.name.cmp(&a.name)));
    Ok(found)
}

/// Deletes the daily backups beyond the newest [`DAILY_KEPT`].
pub fn prune(database: &Path) -> Result<()> {
    let dailies = list(database)?
        .into_iter()
        .filter(|b| b.reason == BackupReason::Daily);
    for old in dailies.skip(DAILY_KEPT) {
        std::fs::remove_file(&old.path).map_err(|e| StoreError::BackupFailed {
            path: old.path.clone(),
            problem: format!("an old daily backup could not be deleted ({e})"),
        })?;
    }
    Ok(())
}

/// Whether a daily backup is due at `now`: none has been taken today (UTC).
pub fn daily_due(backups: &[BackupFile], now: DateTime<Utc>) -> bool {
    !backups
        .iter()
        .any(|b| b.reason == BackupReason::Daily && b.taken_at.date_naive() == now.date_naive())
}

/// Checks that the file at `path` could be restored: a SQLite file of
/// ours, no newer than this version, that passes `integrity_check`.
/// Returns its schema version. Nothing is written to it.
pub fn check(path: &Path) -> Result<u32> {
    let refused = |problem: String| StoreError::CannotRestore {
        path: path.to_owned(),
        problem,
    };
    let meta = std::fs::metadata(path).map_err(|e| refused(format!("it cannot be read ({e})")))?;
    if !meta.is_file() {
        return Err(refused("it is not a file".to_owned()));
    }
    if meta.len() > MAX_BACKUP_BYTES {
        return Err(refused("it is far larger than any database".to_owned()));
    }
    let conn = open_read_only(path).map_err(|e| refused(e.to_string()))?;
    let unreadable = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            refused("it is not a SQLite database".to_owned())
        }
        _ => refused(format!("it is damaged ({e})")),
    };
    let version = migrations::current_version(&conn).map_err(unreadable)?;
    let application_id: i32 = conn
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(unreadable)?;
    if application_id != APPLICATION_ID {
        return Err(refused(
            "it is not a Prevent Self-Assessment database".to_owned(),
        ));
    }
    let supported = migrations::latest_version();
    if version > supported {
        return Err(refused(format!(
            "it was written by a newer version (database version {version}; this version understands up to {supported})"
        )));
    }
    integrity(&conn).map_err(|problem| refused(format!("it is damaged ({problem})")))?;
    Ok(version)
}

/// Opens `path` read-only, refusing to let its schema run anything.
fn open_read_only(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::CannotOpen {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    let sqlite = |source| StoreError::Sqlite {
        path: path.to_owned(),
        source,
    };
    conn.busy_timeout(crate::BUSY_TIMEOUT).map_err(sqlite)?;
    conn.pragma_update(None, "trusted_schema", "OFF")
        .map_err(sqlite)?;
    Ok(conn)
}

/// Finds a backup by a path, or by a name in the database's backups folder.
pub fn resolve(database: &Path, file: &Path) -> PathBuf {
    let bare_name = file.components().count() == 1 && !file.exists();
    if bare_name {
        folder(database).join(file)
    } else {
        file.to_owned()
    }
}

/// Replaces the content of the database at `database` with the backup at
/// `from`, at `now`. The backup is checked first (see [`check`]); nothing
/// is changed if it is refused. The current file is backed up first
/// (`before-restore`); one too damaged to back up is moved aside instead,
/// untouched.
pub fn restore(database: &Path, from: &Path, now: DateTime<Utc>) -> Result<Restored> {
    let schema_version = check(from)?;
    let (before_restore, damaged_kept_as) = if database.exists() {
        match create(database, BackupReason::BeforeRestore, now) {
            Ok(backup) => (Some(backup), None),
            Err(_) if crate::check_file(database).is_err() => {
                (None, Some(move_aside(database, now)?))
            }
            Err(e) => return Err(e),
        }
    } else {
        (None, None)
    };
    let source = open_read_only(from)?;
    let sqlite = |source| StoreError::Sqlite {
        path: database.to_owned(),
        source,
    };
    let mut live = Connection::open(database).map_err(sqlite)?;
    live.busy_timeout(crate::BUSY_TIMEOUT).map_err(sqlite)?;
    copy(&source, &mut live).map_err(sqlite)?;
    integrity(&live).map_err(|problem| StoreError::Damaged {
        path: database.to_owned(),
        problem: format!("after the restore: {problem}"),
    })?;
    Ok(Restored {
        before_restore,
        damaged_kept_as,
        from: from.to_owned(),
        schema_version,
    })
}

/// Moves a damaged database (and its write-ahead log) aside, beside it.
fn move_aside(database: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    let aside = PathBuf::from(format!(
        "{}.damaged-{}",
        database.display(),
        now.format(NAME_TIME)
    ));
    let moved = |from: &Path, to: &Path| {
        std::fs::rename(from, to).map_err(|e| StoreError::CannotOpen {
            path: database.to_owned(),
            reason: format!("the damaged file could not be moved aside ({e})"),
        })
    };
    moved(database, &aside)?;
    for log in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{log}", database.display()));
        if side.exists() {
            moved(&side, &PathBuf::from(format!("{}{log}", aside.display())))?;
        }
    }
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_time_and_read_back() {
        let now = DateTime::parse_from_rfc3339("2026-12-03T18:20:05Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        for reason in [
            BackupReason::Daily,
            BackupReason::SignOff,
            BackupReason::BeforeMigration(9),
            BackupReason::Manual,
            BackupReason::BeforeRestore,
        ] {
            let name = free_name(Path::new("/nonexistent"), reason, now);
            assert!(name.starts_with("prevent-2026-12-03T18-20-05Z-"), "{name}");
            assert_eq!(parse_name(&name), Some((now, reason)));
            let second = name.replace(".sqlite3", ".2.sqlite3");
            assert_eq!(parse_name(&second), Some((now, reason)));
        }
        assert_eq!(
            free_name(Path::new("/x"), BackupReason::BeforeMigration(9), now),
            "prevent-2026-12-03T18-20-05Z-before-migration-9.sqlite3"
        );
        for junk in [
            "prevent.sqlite3",
            "prevent-2026-12-03T18-20-05Z-.sqlite3",
            "prevent-2026-13-03T18-20-05Z-daily.sqlite3",
            "prevent-2026-12-03T18-20-05Z-weekly.sqlite3",
            ".prevent-2026-12-03T18-20-05Z-daily.sqlite3.partial",
            "prevent-2026-12-03T18-20-05Z-before-migration-x.sqlite3",
            "prevent-é",
        ] {
            assert_eq!(parse_name(junk), None, "{junk}");
        }
    }
}
