//! Backups and restore, for the CLI and the window alike. Everything here
//! takes the database's path, not an open `Service`: a damaged file cannot
//! be opened, and restoring a backup is how it is mended. The store does the
//! work (`prevent_store::backup`); this layer shapes it for the screens.

use std::path::Path;

use chrono::{DateTime, Utc};
use prevent_store::backup::{self, BackupFile, BackupReason};
use serde::Serialize;

use crate::error::AppResult;
use crate::service::Service;

pub use prevent_store::backup::{BACKUP_FOLDER, DAILY_KEPT};

/// One backup as the screens show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupView {
    /// The file's name, which `restore` accepts.
    pub name: String,
    pub path: String,
    pub taken_at: DateTime<Utc>,
    /// Why it was taken: daily, sign-off, before-migration-N, manual, before-restore.
    pub reason: String,
    pub bytes: u64,
    /// Whether it passes `integrity_check`; `None` when not checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sound: Option<bool>,
}

impl BackupView {
    fn of(file: BackupFile, sound: Option<bool>) -> BackupView {
        BackupView {
            name: file.name,
            path: file.path.display().to_string(),
            taken_at: file.taken_at,
            reason: file.reason.label(),
            bytes: file.bytes,
            sound,
        }
    }
}

/// What a restore did, in one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreSummary {
    pub message: String,
    /// The backup that undoes the restore, when the old file could be backed up.
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

/// The newest backup that could be restored (checked), if any.
pub fn latest_good_backup(database: &Path) -> Option<BackupView> {
    backup::list(database)
        .ok()?
        .into_iter()
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
