//! Backups and restore on real files: a backup is a consistent copy taken
//! with the online backup API while another connection is writing, checked;
//! daily backups are pruned to the last ten and the others kept; a file at
//! an older version is backed up before it is migrated; a restore can be
//! undone, and a file that cannot be restored leaves the database untouched.

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use common::{alex, at, db, new_assessment, store_with_assessment};
use prevent_app::Ledger;
use prevent_app::backups::{create_backup, latest_good_backup, list_backups, restore_backup};
use prevent_store::backup::{self, BackupReason, DAILY_KEPT};
use prevent_store::latest_schema_version;
use rusqlite::Connection;
use tempfile::TempDir;

fn organisations(path: &Path) -> Vec<String> {
    let ledger = Ledger::open(path, at(50)).expect("open");
    let mut names: Vec<String> = ledger
        .list_assessments()
        .expect("list")
        .into_iter()
        .map(|a| a.assessment.organisation)
        .collect();
    names.sort();
    names
}

fn day(n: i64) -> DateTime<Utc> {
    at(0) + Duration::days(n)
}

#[test]
fn a_backup_taken_while_another_connection_writes_is_consistent_and_checked() {
    let dir = TempDir::new().expect("temp dir");
    let (ledger, _) = store_with_assessment(&dir);
    let writer = Connection::open(db(&dir)).expect("second connection");
    writer
        .execute_batch(
            "BEGIN IMMEDIATE;
             INSERT INTO schema_migrations (version, description, applied_at)
             VALUES (999, 'not yet committed', 'now');",
        )
        .expect("an open write transaction");

    let made = backup::create(&db(&dir), BackupReason::Manual, at(5)).expect("backup");
    assert_eq!(made.name, "prevent-2026-11-21T09-05-00Z-manual.sqlite3");
    assert_eq!(
        made.path.parent(),
        Some(dir.path().join("backups").as_path())
    );
    writer.execute_batch("COMMIT").expect("commit");

    assert_eq!(
        backup::check(&made.path).expect("sound"),
        latest_schema_version()
    );
    let copy = Connection::open(&made.path).expect("open copy");
    let uncommitted: i64 = copy
        .query_row(
            "SELECT count(*) FROM schema_migrations WHERE version = 999",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(uncommitted, 0, "the copy is as of before the open change");
    let journal: String = copy
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(journal, "delete", "a backup is one file");
    drop(copy);
    assert_eq!(
        organisations(&made.path),
        ["Northshire Community NHS Trust"]
    );
    drop(ledger);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .expect("folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary file is left: {leftovers:?}"
    );
}

#[test]
fn the_last_ten_daily_backups_are_kept_and_every_sign_off_backup() {
    let dir = TempDir::new().expect("temp dir");
    let (ledger, _) = store_with_assessment(&dir);
    for n in 0..12 {
        assert!(ledger.daily_backup_if_due(day(n)).expect("daily").is_some());
        assert!(
            ledger
                .daily_backup_if_due(day(n) + Duration::hours(1))
                .expect("daily")
                .is_none(),
            "one a day"
        );
        if n % 4 == 0 {
            ledger
                .backup(BackupReason::SignOff, day(n))
                .expect("sign-off backup");
        }
    }
    ledger
        .backup(BackupReason::SignOff, day(0))
        .expect("a second in the same second");
    let all = backup::list(&db(&dir)).expect("list");
    let dailies: Vec<_> = all
        .iter()
        .filter(|b| b.reason == BackupReason::Daily)
        .collect();
    assert_eq!(dailies.len(), DAILY_KEPT);
    assert_eq!(dailies[0].taken_at, day(11), "newest first");
    assert_eq!(
        dailies[DAILY_KEPT - 1].taken_at,
        day(2),
        "the two oldest went"
    );
    let sign_offs = all
        .iter()
        .filter(|b| b.reason == BackupReason::SignOff)
        .count();
    assert_eq!(sign_offs, 4);
    assert!(all.windows(2).all(|w| w[0].taken_at >= w[1].taken_at));
}

fn copied_fixture(dir: &TempDir, set: &str) -> PathBuf {
    let database = dir.path().join("prevent.sqlite3");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(set)
        .join("prevent.sqlite3");
    std::fs::copy(fixture, &database).expect("copy");
    database
}

#[test]
fn a_file_at_an_older_version_is_backed_up_before_it_is_migrated() {
    for set in ["layout1", "layout2"] {
        let dir = TempDir::new().expect("temp dir");
        let database = copied_fixture(&dir, set);
        let old_version: u32 = Connection::open(&database)
            .and_then(|c| c.query_row("PRAGMA user_version", [], |r| r.get(0)))
            .expect("version");
        assert!(old_version < latest_schema_version());
        let before = std::fs::read(&database).expect("read");
        let ledger = Ledger::open(&database, at(0)).expect("migrated");
        assert_eq!(
            ledger.schema_version().expect("version"),
            latest_schema_version()
        );
        drop(ledger);

        let all = backup::list(&database).expect("list");
        assert_eq!(all.len(), 1, "{set}: {all:?}");
        assert_eq!(
            all[0].reason,
            BackupReason::BeforeMigration(latest_schema_version())
        );
        assert_eq!(backup::check(&all[0].path).expect("sound"), old_version);
        let copy = Connection::open(&all[0].path).expect("open");
        copy.pragma_update(None, "journal_mode", "DELETE")
            .expect("mode");
        drop(copy);
        assert_eq!(
            std::fs::read(&all[0].path).expect("read").len(),
            before.len(),
            "{set}: the whole old file"
        );

        drop(Ledger::open(&database, at(1)).expect("again"));
        assert_eq!(
            backup::list(&database).expect("list").len(),
            1,
            "only before a migration"
        );
    }

    let dir = TempDir::new().expect("temp dir");
    drop(Ledger::open(&db(&dir), at(0)).expect("a new file"));
    assert!(
        !dir.path().join("backups").exists(),
        "a new, empty file has nothing to back up"
    );
}

#[test]
fn a_restore_brings_the_file_back_and_can_itself_be_undone() {
    let dir = TempDir::new().expect("temp dir");
    let (mut ledger, _) = store_with_assessment(&dir);
    let database = db(&dir);
    let saved = create_backup(&database, at(2)).expect("backup");
    ledger
        .create_assessment(&new_assessment("Southshire Trust"), &alex(), at(3))
        .expect("a later change");
    drop(ledger);
    let both = ["Northshire Community NHS Trust", "Southshire Trust"];
    assert_eq!(organisations(&database), both);

    let summary = restore_backup(&database, Path::new(&saved.name), at(4)).expect("restored");
    assert!(summary.message.contains(&saved.name), "{}", summary.message);
    assert!(!summary.message.contains('\n'));
    assert_eq!(organisations(&database), ["Northshire Community NHS Trust"]);

    let undo = summary.undo_with.expect("a before-restore backup");
    assert!(undo.ends_with("-before-restore.sqlite3"), "{undo}");
    restore_backup(&database, Path::new(&undo), at(5)).expect("undone");
    assert_eq!(organisations(&database), both);

    let listed = list_backups(&database, true).expect("list");
    assert_eq!(listed.len(), 3);
    assert!(listed.iter().all(|b| b.sound == Some(true)));
    // What a refused file is offered: not a state someone went back from.
    assert!(listed[0].name.ends_with("-before-restore.sqlite3"));
    assert_eq!(
        latest_good_backup(&database).map(|b| b.name),
        Some(saved.name.clone())
    );
}

#[test]
fn a_restore_refuses_junk_a_newer_file_and_a_damaged_one_leaving_the_database_untouched() {
    let dir = TempDir::new().expect("temp dir");
    let (ledger, _) = store_with_assessment(&dir);
    drop(ledger);
    let database = db(&dir);
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, vec![b'x'; 8192]).expect("write");
    let newer = dir.path().join("newer.sqlite3");
    std::fs::copy(&database, &newer).expect("copy");
    Connection::open(&newer)
        .and_then(|c| c.pragma_update(None, "user_version", latest_schema_version() + 1))
        .expect("newer");
    let stranger = dir.path().join("stranger.sqlite3");
    Connection::open(&stranger)
        .and_then(|c| c.execute_batch("CREATE TABLE notes (body TEXT);"))
        .expect("someone else's");
    let truncated = dir.path().join("truncated.sqlite3");
    let made = backup::create(&database, BackupReason::Manual, at(3)).expect("backup");
    let whole = std::fs::read(&made.path).expect("read");
    std::fs::write(&truncated, &whole[..whole.len() / 2]).expect("write");

    let before = std::fs::read(&database).expect("read");
    let backups_before = backup::list(&database).expect("list");
    for (file, says) in [
        (&junk, "not a SQLite database"),
        (&newer, "newer version"),
        (&stranger, "not a Prevent Self-Assessment database"),
        (&truncated, "damaged"),
        (&dir.path().join("missing.sqlite3"), "cannot be read"),
    ] {
        let error = restore_backup(&database, file, at(4)).expect_err("refused");
        assert!(
            error.message.contains(says),
            "{}: {}",
            file.display(),
            error.message
        );
        assert!(
            error.message.contains("Nothing was changed"),
            "{}",
            error.message
        );
        assert_eq!(
            std::fs::read(&database).expect("read"),
            before,
            "{}",
            file.display()
        );
        assert_eq!(backup::list(&database).expect("list"), backups_before);
    }
}

#[test]
fn a_damaged_database_is_kept_aside_untouched_when_a_backup_is_restored_over_it() {
    let dir = TempDir::new().expect("temp dir");
    let (ledger, _) = store_with_assessment(&dir);
    drop(ledger);
    let database = db(&dir);
    let good = backup::create(&database, BackupReason::Daily, at(2)).expect("backup");
    Connection::open(&database)
        .and_then(|c| c.pragma_update(None, "journal_mode", "DELETE"))
        .expect("one file");
    let whole = std::fs::read(&database).expect("read");
    std::fs::write(&database, &whole[..whole.len() / 3]).expect("truncate");
    let damaged = std::fs::read(&database).expect("read");

    let error = Ledger::open(&database, at(3)).err().expect("refused");
    assert!(
        error.message.contains("has not been changed"),
        "{}",
        error.message
    );
    assert_eq!(std::fs::read(&database).expect("read"), damaged);
    assert_eq!(
        latest_good_backup(&database).map(|b| b.name),
        Some(good.name.clone())
    );

    let summary = restore_backup(&database, &good.path, at(4)).expect("restored");
    assert!(summary.undo_with.is_none());
    assert!(
        summary.message.contains("damaged file was kept"),
        "{}",
        summary.message
    );
    assert_eq!(organisations(&database), ["Northshire Community NHS Trust"]);
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(std::fs::read(aside[0].path()).expect("read"), damaged);
}
