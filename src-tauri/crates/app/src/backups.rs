//! Backups and restore, for the CLI and the window alike. Everything here
//! takes the database's path, not an open `Service`: a damaged file cannot
//! be opened, and restoring a backup is how it is mended. The store does the
//! work (`prevent_store::backup`); this layer shapes it for the screens.

use std::path::Path;

use chrono::{DateTime, Utc};
use prevent_store::backup::{self, BackupFile, BackupReason};
use serde::Serialize;
use ts_rs::TS;

use crate::error::AppResult;
use crate::service::Service;

pub use prevent_store::backup::{BACKUP_FOLDER, DAILY_KEPT};

/// One backup as the screens show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupView {
    /// The file's name, which `restore` accepts.
    pub name: String,
    pub path: String,
    pub taken_at: DateTime<Utc>,
    /// Why it was taken: daily, sign-off, before-migration-N, manual, before-restore.
    pub reason: String,
    /// Why it was taken, in words: "Daily backup", "After a sign-off".
    pub reason_words: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// The size in words: "3.2 MB".
    pub size: String,
    /// Whether it passes `integrity_check`; `None` when not checked.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sound: Option<bool>,
}

/// The Backups screen: where the backups are, what is kept, and each one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupsScreen {
    pub database_path: String,
    pub folder: String,
    /// How many daily backups are kept; every other kind is kept until deleted.
    pub daily_kept: u32,
    /// Newest first, not checked (a restore checks the one chosen).
    pub backups: Vec<BackupView>,
}

/// The Backups screen for the database at `database`.
pub fn backups_screen(database: &Path) -> AppResult<BackupsScreen> {
    Ok(BackupsScreen {
        database_path: database.display().to_string(),
        folder: backup::folder(database).display().to_string(),
        daily_kept: u32::try_from(DAILY_KEPT).unwrap_or(u32::MAX),
        backups: list_backups(database, false)?,
    })
}

impl BackupView {
    fn of(file: BackupFile, sound: Option<bool>) -> BackupView {
        BackupView {
            name: file.name,
            path: file.path.display().to_string(),
            taken_at: file.taken_at,
            reason: file.reason.label(),
            reason_words: file.reason.describe(),
            size: prevent_core::size::human_size(file.bytes),
            bytes: file.bytes,
            sound,
        }
    }
}

/// What a restore did, in one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RestoreSummary {
    pub message: String,
    /// The backup that undoes the restore, when the old file could be backed up.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undo_with: Option<String>,
}

/// The backups of the database at `database`, newest first; with `check`,
/// each is checked with `integrity_check` (slower: it reads every file).
pub fn list_backups(database: &Path, check: bool) -> AppResult<Vec<BackupView>> {
    Ok(backup::list(database)?
        .into_iter()
        .map(|file| {
            let sound = check.then(|| backup::check(&file.path).is_ok());
            BackupView::of(file, sound)
        })
        .collect())
}

/// The newest backup that could be restored (checked), if any: the one
/// offered when the file is refused. A backup taken before a restore is
/// passed over: it holds what someone chose to go back from, and is listed
/// on the Backups screen for whoever wants it.
pub fn latest_good_backup(database: &Path) -> Option<BackupView> {
    backup::list(database)
        .ok()?
        .into_iter()
        .filter(|file| file.reason != BackupReason::BeforeRestore)
        .find(|file| backup::check(&file.path).is_ok())
        .map(|file| BackupView::of(file, Some(true)))
}

/// A backup made on request, now.
pub fn create_backup(database: &Path, now: DateTime<Utc>) -> AppResult<BackupView> {
    if !database.is_file() {
        return Err(prevent_store::StoreError::BackupFailed {
            path: backup::folder(database),
            problem: format!("there is no database at {}", database.display()),
        }
        .into());
    }
    Ok(BackupView::of(
        backup::create(database, BackupReason::Manual, now)?,
        Some(true),
    ))
}

/// Replaces the database's content with the backup `file` (a path, or a
/// name in the backups folder). The file is checked first and nothing is
/// changed if it is refused; the current file is backed up first, so the
/// restore can be undone by restoring that backup.
pub fn restore_backup(
    database: &Path,
    file: &Path,
    now: DateTime<Utc>,
) -> AppResult<RestoreSummary> {
    let from = backup::resolve(database, file);
    let restored = backup::restore(database, &from, now)?;
    let name = from.file_name().map_or_else(
        || from.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let undo_with = restored.before_restore.as_ref().map(|b| b.name.clone());
    let before = match (&undo_with, &restored.damaged_kept_as) {
        (Some(undo), _) => format!("the file as it was is backed up as {undo}"),
        (None, Some(aside)) => format!(
            "the damaged file was kept, untouched, as {}",
            aside.display()
        ),
        (None, None) => "there was no file before".to_owned(),
    };
    Ok(RestoreSummary {
        message: format!(
            "Restored {} from {name} (database version {}); {before}.",
            database.display(),
            restored.schema_version
        ),
        undo_with,
    })
}

impl Service {
    /// The day's backup, if none has been taken today: called when the app
    /// opens the file and before a change.
    pub fn daily_backup_if_due(&self) -> AppResult<Option<BackupView>> {
        Ok(self
            .store()
            .daily_backup_if_due(self.clock().now())?
            .map(|file| BackupView::of(file, Some(true))))
    }

    /// A backup after a sign-off; the sign-off itself is already recorded.
    pub(crate) fn sign_off_backup(&self) -> AppResult<()> {
        self.store()
            .backup(BackupReason::SignOff, self.clock().now())
            .map(|_| ())
            .map_err(|e| {
                crate::AppError::new(
                    prevent_core::ErrorKind::Database,
                    format!("The sign-off is recorded, but the backup after it failed: {e}"),
                )
            })
    }
}
