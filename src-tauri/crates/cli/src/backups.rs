//! `backup list|create|restore`: the database's backups, by the app layer's
//! own functions, which work from the database's path, so a file too
//! damaged to open can still be restored.

use std::path::PathBuf;

use prevent_app::AppResult;
use prevent_app::backups::{BackupView, create_backup, list_backups, restore_backup};

use crate::args::BackupCommand;
use crate::session::Session;
use crate::{emit, print_text};

pub fn backup(session: &Session, command: &BackupCommand) -> AppResult<()> {
    let database = session.database()?;
    match command {
        BackupCommand::List { check, json } => {
            let backups = list_backups(database, *check)?;
            emit(json.json, &backups, || listing(&backups))
        }
        BackupCommand::Create(flag) => {
            let made = create_backup(database, session.now())?;
            emit(flag.json, &made, || format!("Backed up to {}", made.path))
        }
        BackupCommand::Restore { file } => {
            let summary = restore_backup(database, &PathBuf::from(file), session.now())?;
            print_text(&summary.message)
        }
    }
}

fn listing(backups: &[BackupView]) -> String {
    if backups.is_empty() {
        return "No backups yet.".to_owned();
    }
    backups
        .iter()
        .map(|b| {
            let check = match b.sound {
                Some(true) => "  passes its check",
                Some(false) => "  FAILS its check",
                None => "",
            };
            format!(
                "{}  {:<20}  {:>10}  {}{check}",
                b.taken_at.format("%Y-%m-%d %H:%M:%S UTC"),
                b.reason,
                size(b.bytes),
                b.name
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b => format!("{:.0} KB", (b as f64 / 1024.0).ceil()),
    }
}
