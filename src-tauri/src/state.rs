//! The open database, shared by every command. If it could not be opened the
//! app still starts, so the window can say why instead of vanishing.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use prevent_app::Ledger;
use prevent_app::{ActorSource, AppResult, Service, SystemClock};

use crate::error::AppError;

pub struct AppState {
    database_path: PathBuf,
    service: Result<Arc<Mutex<Service>>, AppError>,
    /// The day the daily backup was last seen to: checked once a day, with
    /// the first command of the day, not on every command.
    backup_checked: Mutex<Option<chrono::NaiveDate>>,
}

impl AppState {
    pub fn open(database_path: PathBuf) -> AppState {
        let service = Ledger::open(&database_path, chrono::Utc::now()).map(|ledger| {
            Arc::new(Mutex::new(Service::new(
                ledger,
                Arc::new(SystemClock),
                ActorSource::Installation,
            )))
        });
        AppState {
            database_path,
            service,
            backup_checked: Mutex::new(None),
        }
    }

    /// Whether this is the first command of the day (by the computer's
    /// clock): the daily backup is checked then.
    fn backup_due_today(&self) -> bool {
        let today = chrono::Utc::now().date_naive();
        match self.backup_checked.lock() {
            Ok(mut checked) if *checked != Some(today) => {
                *checked = Some(today);
                true
            }
            _ => false,
        }
    }

    pub fn database_path(&self) -> &Path {
        &self.database_path
    }

    pub fn startup_error(&self) -> Option<AppError> {
        self.service.as_ref().err().cloned()
    }

    /// Runs `f` with the service on a blocking thread, one call at a time, so
    /// the window's thread never waits on the disk.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Service) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        let service = self.service.as_ref().map_err(Clone::clone)?.clone();
        let for_backup = self.backup_due_today().then(|| Arc::clone(&service));
        let result = tauri::async_runtime::spawn_blocking(move || {
            let mut guard = service.lock().map_err(|_| {
                AppError::internal("An earlier action failed part-way. Restart the app.")
            })?;
            f(&mut guard)
        })
        .await
        .map_err(|e| AppError::internal(format!("The action stopped unexpectedly: {e}")))?;
        // Once a day while the app is in use, after the day's first command
        // has answered, so a large file's backup never holds up a page. A
        // backup that fails does not stop the person's work; it is tried
        // again tomorrow.
        if let Some(service) = for_backup {
            tauri::async_runtime::spawn_blocking(move || {
                if let Ok(guard) = service.lock()
                    && let Err(error) = guard.daily_backup_if_due()
                {
                    eprintln!("prevent-self-assessment: the daily backup failed: {error}");
                }
            });
        }
        result
    }
}

/// The database path from the command line (`--db PATH` or `--db=PATH`), the
/// `PREVENT_SA_DB` environment variable, or the OS app-data folder. Other
/// arguments (a WebDriver adds its own) are ignored.
pub fn database_path_from_args(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> Option<PathBuf> {
    let mut args = args.into_iter();
    let mut flag = None;
    while let Some(arg) = args.next() {
        if arg == "--db" {
            flag = args.next().map(PathBuf::from);
        } else if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
            flag = Some(PathBuf::from(value));
        }
    }
    prevent_store::resolve_database_path(flag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use prevent_core::ErrorKind;

    #[test]
    fn a_newer_database_is_reported_at_start_up_and_left_alone() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let path = dir.path().join("prevent.sqlite3");
        {
            let ledger = Ledger::open(&path, chrono::Utc::now()).expect("create");
            let conn = ledger.store().connection_for_tests();
            conn.pragma_update(None, "journal_mode", "DELETE")
                .expect("single file");
            conn.pragma_update(None, "user_version", 99)
                .expect("pretend newer");
        }
        let before = std::fs::read(&path).expect("read");
        let state = AppState::open(path.clone());
        let error = state.startup_error().expect("refused");
        assert_eq!(error.kind, ErrorKind::NewerDatabase);
        assert!(error.message.contains("newer version"), "{}", error.message);
        let from_command = tauri::async_runtime::block_on(state.run(|_| Ok(())))
            .expect_err("every command fails the same way");
        assert_eq!(from_command, error);
        assert_eq!(std::fs::read(&path).expect("read"), before);
    }

    #[test]
    fn the_db_flag_is_read_in_both_spellings_among_other_arguments() {
        let args = |list: &[&str]| {
            list.iter()
                .map(std::ffi::OsString::from)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            database_path_from_args(args(&["app", "--automation", "--db", "/tmp/a.sqlite3"])),
            Some(PathBuf::from("/tmp/a.sqlite3"))
        );
        assert_eq!(
            database_path_from_args(args(&["app", "--db=/tmp/b.sqlite3"])),
            Some(PathBuf::from("/tmp/b.sqlite3"))
        );
    }
}
