//! The open database, shared by every command. If it could not be opened the
//! app still starts, so the window can say why instead of vanishing, and
//! offer the way on: restore the latest good backup, or open another file.
//! Both replace the open database while the app runs, so the state holds it
//! behind a lock that commands hold only long enough to take their handle.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use prevent_app::Ledger;
use prevent_app::backups::RestoreSummary;
use prevent_app::{ActorSource, AppResult, Service, SystemClock};

use crate::error::AppError;

/// A database file and the service over it, or why it could not be opened.
#[derive(Clone)]
struct OpenDatabase {
    path: PathBuf,
    service: Result<Arc<Mutex<Service>>, AppError>,
}

impl OpenDatabase {
    fn open(path: PathBuf) -> OpenDatabase {
        let service = Ledger::open(&path, chrono::Utc::now()).map(|ledger| {
            Arc::new(Mutex::new(Service::new(
                ledger,
                Arc::new(SystemClock),
                ActorSource::Installation,
            )))
        });
        OpenDatabase { path, service }
    }
}

pub struct AppState {
    open: Mutex<OpenDatabase>,
    /// The day the daily backup was last seen to: checked once a day, with
    /// the first command of the day, not on every command.
    backup_checked: Mutex<Option<chrono::NaiveDate>>,
    /// Whether the window has shown its first screen. No daily backup starts
    /// before: the backup holds the database while it copies it, and the
    /// first screen's own reads would wait behind it.
    first_screen_shown: AtomicBool,
}

fn poisoned() -> AppError {
    AppError::internal("An earlier action failed part-way. Restart the app.")
}

impl AppState {
    pub fn open(database_path: PathBuf) -> AppState {
        AppState {
            open: Mutex::new(OpenDatabase::open(database_path)),
            backup_checked: Mutex::new(None),
            first_screen_shown: AtomicBool::new(false),
        }
    }

    /// The window has shown its first screen: the day's backup may start
    /// (now, if it is due).
    pub async fn first_screen_shown(&self) {
        if !self.first_screen_shown.swap(true, Ordering::SeqCst) {
            // A database that was refused has nothing to back up; that is
            // already on the screen.
            let _ = self.run(|_| Ok(())).await;
        }
    }

    fn current(&self) -> AppResult<OpenDatabase> {
        self.open
            .lock()
            .map(|open| open.clone())
            .map_err(|_| poisoned())
    }

    /// Puts another database (or the same one, reopened) in use; its daily
    /// backup is checked with the next command.
    fn replace(&self, open: OpenDatabase) -> AppResult<()> {
        *self.open.lock().map_err(|_| poisoned())? = open;
        if let Ok(mut checked) = self.backup_checked.lock() {
            *checked = None;
        }
        Ok(())
    }

    /// Whether this is the first command of the day (by the computer's
    /// clock) since the first screen was shown: the daily backup is checked
    /// then.
    fn backup_due_today(&self) -> bool {
        if !self.first_screen_shown.load(Ordering::SeqCst) {
            return false;
        }
        let today = chrono::Utc::now().date_naive();
        match self.backup_checked.lock() {
            Ok(mut checked) if *checked != Some(today) => {
                *checked = Some(today);
                true
            }
            _ => false,
        }
    }

    /// The database file in use (or refused).
    pub fn database_path(&self) -> AppResult<PathBuf> {
        Ok(self.current()?.path)
    }

    /// Why the database in use could not be opened, if it could not.
    pub fn startup_error(&self) -> AppResult<Option<AppError>> {
        Ok(self.current()?.service.err())
    }

    /// Runs `f` with the service on a blocking thread, one call at a time, so
    /// the window's thread never waits on the disk.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Service) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        let service = self.current()?.service?;
        let for_backup = self.backup_due_today().then(|| Arc::clone(&service));
        let result = tauri::async_runtime::spawn_blocking(move || {
            let mut guard = service.lock().map_err(|_| poisoned())?;
            f(&mut guard)
        })
        .await
        .map_err(|e| AppError::internal(format!("The action stopped unexpectedly: {e}")))?;
        // Once a day while the app is in use, after the day's first command
        // has answered (and never before the first screen is up), so a large
        // file's backup never holds up a page. A
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

    /// Runs `f` with the database's path on a blocking thread: for what
    /// works on the file rather than through the open service (listing and
    /// making backups, which also work when the file was refused).
    pub async fn with_path<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Path) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        let path = self.current()?.path;
        tauri::async_runtime::spawn_blocking(move || f(&path))
            .await
            .map_err(|e| AppError::internal(format!("The action stopped unexpectedly: {e}")))?
    }

    /// Replaces the database's content with the backup `name` (checked
    /// first; the current file is backed up first), then opens it afresh.
    /// The command in hand finishes first, and none runs on the old
    /// connection while the backup is copied in.
    pub async fn restore_backup(&self, name: String) -> AppResult<RestoreSummary> {
        let current = self.current()?;
        let (summary, reopened) = tauri::async_runtime::spawn_blocking(move || {
            let service = current.service.as_ref().ok();
            let in_hand = match service {
                Some(service) => Some(service.lock().map_err(|_| poisoned())?),
                None => None,
            };
            let summary = prevent_app::backups::restore_backup(
                &current.path,
                Path::new(&name),
                chrono::Utc::now(),
            )?;
            drop(in_hand);
            Ok::<_, AppError>((summary, OpenDatabase::open(current.path.clone())))
        })
        .await
        .map_err(|e| AppError::internal(format!("The restore stopped unexpectedly: {e}")))??;
        self.replace(reopened)?;
        Ok(summary)
    }

    /// Opens the database at `path` in place of the one in use; when it is
    /// refused, the window shows why, as at start-up.
    pub async fn open_other(&self, path: PathBuf) -> AppResult<()> {
        let opened = tauri::async_runtime::spawn_blocking(move || OpenDatabase::open(path))
            .await
            .map_err(|e| {
                AppError::internal(format!("Opening the file stopped unexpectedly: {e}"))
            })?;
        self.replace(opened)
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
        let error = state
            .startup_error()
            .expect("state readable")
            .expect("refused");
        assert_eq!(error.kind, ErrorKind::NewerDatabase);
        assert!(error.message.contains("newer version"), "{}", error.message);
        let from_command = tauri::async_runtime::block_on(state.run(|_| Ok(())))
            .expect_err("every command fails the same way");
        assert_eq!(from_command, error);
        assert_eq!(std::fs::read(&path).expect("read"), before);
    }

    fn new_assessment(state: &AppState, organisation: &str) -> uuid::Uuid {
        let organisation = organisation.to_owned();
        tauri::async_runtime::block_on(state.run(move |service| {
            service.set_user(prevent_app::UserInput {
                name: "Alex Smith".to_owned(),
                role: "Safeguarding lead".to_owned(),
            })?;
            service.create_assessment(prevent_core::NewAssessmentInput {
                framework_id: "prevent-toolkit-2011".to_owned(),
                organisation,
                assessor: "Alex Smith".to_owned(),
                assessment_date: "2026-12-01".to_owned(),
            })
        }))
        .expect("created")
        .id
    }

    fn organisations(state: &AppState) -> Vec<String> {
        let mut names: Vec<String> =
            tauri::async_runtime::block_on(state.run(|service| service.list_assessments()))
                .expect("listed")
                .into_iter()
                .map(|summary| summary.assessment.organisation)
                .collect();
        names.sort();
        names
    }

    #[test]
    fn a_restore_while_the_window_is_open_replaces_what_the_next_command_reads() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let path = dir.path().join("prevent.sqlite3");
        let state = AppState::open(path.clone());
        new_assessment(&state, "Before the backup NHS Trust");
        let backup = tauri::async_runtime::block_on(
            state.with_path(|path| prevent_app::backups::create_backup(path, chrono::Utc::now())),
        )
        .expect("backed up");
        new_assessment(&state, "After the backup NHS Trust");
        assert_eq!(organisations(&state).len(), 2);

        let summary = tauri::async_runtime::block_on(state.restore_backup(backup.name.clone()))
            .expect("restored");
        assert_eq!(organisations(&state), ["Before the backup NHS Trust"]);
        let undo = summary.undo_with.expect("the file as it was is backed up");

        // The restore is itself undone by restoring the backup it made first.
        tauri::async_runtime::block_on(state.restore_backup(undo)).expect("undone");
        assert_eq!(
            organisations(&state),
            ["After the backup NHS Trust", "Before the backup NHS Trust"]
        );
    }

    #[test]
    fn a_damaged_file_at_start_is_mended_by_restoring_its_latest_good_backup() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let path = dir.path().join("prevent.sqlite3");
        {
            let state = AppState::open(path.clone());
            new_assessment(&state, "Kept NHS Trust");
            tauri::async_runtime::block_on(
                state.with_path(|path| {
                    prevent_app::backups::create_backup(path, chrono::Utc::now())
                }),
            )
            .expect("backed up");
        }
        // The day's backup runs on its own thread after the first command;
        // it must have let go of the file before the file is damaged.
        let daily_made = || {
            prevent_app::backups::list_backups(&path, false)
                .is_ok_and(|list| list.iter().any(|b| b.reason == "daily"))
        };
        for _ in 0..100 {
            if daily_made() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
        for side in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{side}", path.display()));
        }
        std::fs::write(&path, b"not a database any more, just bytes in the way").expect("damage");
        let damaged = std::fs::read(&path).expect("read");

        let state = AppState::open(path.clone());
        let refused = state.startup_error().expect("state").expect("refused");
        assert_eq!(
            refused.kind,
            ErrorKind::DamagedDatabase,
            "{}",
            refused.message
        );
        assert_eq!(
            std::fs::read(&path).expect("read"),
            damaged,
            "left untouched"
        );

        let good = prevent_app::backups::latest_good_backup(&path).expect("a good backup");
        let summary =
            tauri::async_runtime::block_on(state.restore_backup(good.name)).expect("restored");
        assert!(
            summary.message.contains("damaged file was kept"),
            "{}",
            summary.message
        );
        assert_eq!(state.startup_error().expect("state"), None);
        assert_eq!(organisations(&state), ["Kept NHS Trust"]);
    }

    #[test]
    fn opening_another_file_replaces_the_refused_one() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let junk = dir.path().join("junk.sqlite3");
        std::fs::write(&junk, b"junk that is not a database, long enough to look").expect("junk");
        let state = AppState::open(junk);
        assert!(state.startup_error().expect("state").is_some());
        let other = dir.path().join("other.sqlite3");
        tauri::async_runtime::block_on(state.open_other(other.clone())).expect("opened");
        assert_eq!(state.startup_error().expect("state"), None);
        assert_eq!(state.database_path().expect("path"), other);
        new_assessment(&state, "Other NHS Trust");
        assert_eq!(organisations(&state), ["Other NHS Trust"]);
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
