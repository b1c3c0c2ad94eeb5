//! What every command needs before it can call the application layer: the
//! database file, the clock and the person making changes, resolved from the
//! flags and the environment, and a `Service` over an open ledger.
//!
//! Commands that only read never create a database: they open the file only
//! if it exists. Commands about one assessment do not create one either (the
//! assessment cannot be in a file that is not there); only `new` and
//! `user set` create the file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Utc;
use prevent_app::{
    ActorSource, AppError, AppResult, Clock, FixedClock, Ledger, Service, SystemClock,
};
use prevent_core::rules::parse_date;
use prevent_core::{Actor, ErrorKind};
use prevent_store::StoreError;

use crate::args::ActorArgs;

pub struct Session {
    database: Option<PathBuf>,
    clock: Arc<dyn Clock>,
}

impl Session {
    /// `today` is the `--today` flag, checked here so a bad date is refused
    /// before anything is opened.
    pub fn new(db_flag: Option<PathBuf>, today: Option<&str>) -> AppResult<Session> {
        let clock: Arc<dyn Clock> = match today {
            Some(text) => Arc::new(FixedClock {
                now: Utc::now(),
                today: parse_date("today", "the date given with --today", text)?,
            }),
            None => Arc::new(SystemClock),
        };
        Ok(Session {
            database: prevent_store::resolve_database_path(db_flag),
            clock,
        })
    }

    /// The time now, as the clock says.
    pub fn now(&self) -> chrono::DateTime<Utc> {
        self.clock.now()
    }

    /// Today, as the clock (or `--today`) says.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// The database file the command is about.
    pub fn database(&self) -> AppResult<&Path> {
        self.database.as_deref().ok_or_else(|| {
            AppError::new(
                ErrorKind::Database,
                format!(
                    "Cannot find the app's data folder; choose a database with --db PATH or {}",
                    prevent_store::DATABASE_ENV_VAR
                ),
            )
        })
    }

    fn service(&self, ledger: Ledger, actor: ActorSource) -> Service {
        // On a network share the file is opened without WAL: say so, once a
        // run, on stderr, so output meant for scripts stays clean.
        if let Some(warning) = ledger.store().network_warning() {
            eprintln!("Warning: {warning}");
        }
        Service::new(ledger, Arc::clone(&self.clock), actor)
    }

    /// Opens the database, creating it if needed (`new`, `user set`).
    pub fn create(&self, actor: ActorSource) -> AppResult<Service> {
        let path = self.database()?;
        let store = Ledger::open(path, self.clock.now()).map_err(|e| refused(path, e))?;
        Ok(self.service(store, actor))
    }

    /// Opens the database, creating it if needed, for a change on behalf of
    /// `actor` (`training group set`, `training validity`). With nobody to
    /// record the change under, it is refused before any file is created.
    pub fn create_writer(&self, actor: ActorSource) -> AppResult<Service> {
        if matches!(actor, ActorSource::Installation) && self.open_existing()?.is_none() {
            return Err(no_one_to_record());
        }
        writer(self.create(actor)?)
    }

    /// Opens the database for reading if the file exists; `None` when there is
    /// none yet (a fresh machine).
    pub fn read(&self) -> AppResult<Option<Service>> {
        Ok(self
            .open_existing()?
            .map(|store| self.service(store, ActorSource::Installation)))
    }

    /// Opens the database for a command about one assessment, without creating
    /// a database that does not exist: then the assessment is not found.
    pub fn read_assessment(&self, assessment: &str) -> AppResult<Service> {
        self.read()?.ok_or_else(|| assessment_not_found(assessment))
    }

    /// Like `read_assessment`, for a command that changes the assessment on
    /// behalf of `actor`.
    pub fn write_assessment(&self, assessment: &str, actor: ActorSource) -> AppResult<Service> {
        self.write(actor, || assessment_not_found(assessment))
    }

    /// Opens an existing database for a command that changes something on
    /// behalf of `actor`; `missing` is the error when there is no database
    /// (what the command names cannot be in it).
    pub fn write(
        &self,
        actor: ActorSource,
        missing: impl FnOnce() -> AppError,
    ) -> AppResult<Service> {
        let store = self.open_existing()?.ok_or_else(missing)?;
        writer(self.service(store, actor))
    }

    /// The store if the file exists. A path that could never be created is an
    /// error, not "empty".
    fn open_existing(&self) -> AppResult<Option<Ledger>> {
        let path = self.database()?;
        if path.exists() {
            return Ledger::open(path, self.clock.now())
                .map(Some)
                .map_err(|e| refused(path, e));
        }
        let first_existing = path.ancestors().skip(1).find(|ancestor| ancestor.exists());
        if let Some(blocker) = first_existing.filter(|ancestor| !ancestor.is_dir()) {
            return Err(StoreError::CannotOpen {
                path: path.to_owned(),
                reason: format!("{} is a file, not a folder", blocker.display()),
            }
            .into());
        }
        Ok(None)
    }
}

/// A file refused untouched (damaged, not ours, from a newer version): says
/// how to go back to the latest backup that passes its check, if any.
fn refused(path: &Path, error: AppError) -> AppError {
    if !error.kind.is_refused_file() {
        return error;
    }
    let hint = match prevent_app::backups::latest_good_backup(path) {
        Some(good) => format!(
            " The latest good backup is {}: to go back to it, run `prevent-sa backup restore {}`.",
            good.taken_at.format("%d %B %Y %H:%M UTC"),
            good.name
        ),
        None => " There is no backup of it to restore (see `prevent-sa backup list`).".to_owned(),
    };
    AppError {
        message: format!("{}{hint}", error.message),
        ..error
    }
}

fn assessment_not_found(assessment: &str) -> AppError {
    StoreError::AssessmentNotFound {
        id: assessment.trim().to_owned(),
    }
    .into()
}

/// A service that is about to write: someone must be known to record it
/// under. With no `--by`, no login name and nobody recorded for the
/// installation, the command is refused before anything is written.
/// The day's backup is taken here, before the first change of the day.
fn writer(service: Service) -> AppResult<Service> {
    match service.actor() {
        Err(error) if error.field.as_deref() == Some("actor") => Err(no_one_to_record()),
        Err(error) => Err(error),
        Ok(_) => {
            service.daily_backup_if_due()?;
            Ok(service)
        }
    }
}

fn no_one_to_record() -> AppError {
    AppError::new(
        ErrorKind::InvalidInput,
        "Say who is making this change with --by NAME (and --role ROLE): it is recorded in the audit trail, and no login name or recorded user was found.",
    )
    .with_field("actor")
}

/// Whose name goes in the audit trail: `--by` (with `--role`) if given, else
/// the person recorded for the installation, else `fallback` (the login name;
/// for `new`, the assessor). Checked before anything is opened.
pub fn actor_source(flags: &ActorArgs, fallback: Option<Actor>) -> AppResult<ActorSource> {
    match (&flags.by, &flags.role) {
        (Some(name), role) => Ok(ActorSource::Given(Actor::new(
            name,
            role.as_deref().unwrap_or_default(),
        )?)),
        (None, Some(_)) => Err(AppError::new(
            ErrorKind::InvalidInput,
            "--role goes with --by NAME: give the name the role belongs to.",
        )
        .with_field("role")),
        (None, None) => Ok(match fallback.or_else(login_name) {
            Some(actor) => ActorSource::InstallationOr(actor),
            None => ActorSource::Installation,
        }),
    }
}

/// The login name, as an actor with no role.
fn login_name() -> Option<Actor> {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find_map(|name| Actor::new(&name, "").ok())
}
