//! `prevent-sa backup list|create|restore`, and what a damaged database at
//! start says: list newest first, a restore that can be undone, and a file
//! that cannot be restored refused with exit 2, the database untouched
//! (compared by SHA-256).

mod common;

use common::{Fixture, stdout};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn sha256(path: &std::path::Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).expect("read")).to_vec()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn backups(fixture: &Fixture) -> Vec<Value> {
    let listed: Value =
        serde_json::from_str(&fixture.ok(&["backup", "list", "--json"])).expect("JSON");
    listed.as_array().expect("a list").clone()
}

#[test]
fn backups_are_made_listed_and_restored_and_a_restore_can_be_undone() {
    let fixture = Fixture::with_assessment();
    let made: Value =
        serde_json::from_str(&fixture.ok(&["backup", "create", "--json"])).expect("JSON");
    let name = made["name"].as_str().expect("a name").to_owned();
    assert!(name.ends_with("-manual.sqlite3"), "{name}");
    assert_eq!(made["reason"], "manual");

    let second = fixture.run(&[
        "new",
        "--framework",
        common::TOOLKIT,
        "--organisation",
        "Southshire Trust",
        "--assessor",
        "Alex Morgan",
        "--date",
        "2026-11-20",
    ]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let listed = backups(&fixture);
    assert!(listed.iter().any(|b| b["name"] == name.as_str()));
    let times: Vec<&str> = listed
        .iter()
        .filter_map(|b| b["taken_at"].as_str())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );

    let text = fixture.ok(&["backup", "list", "--check"]);
    assert!(
        text.contains("manual") && text.contains("passes its check"),
        "{text}"
    );

    let restored = fixture.run(&["backup", "restore", &name]);
    assert_eq!(restored.status.code(), Some(0), "{}", stderr(&restored));
    let said = stdout(&restored);
    assert_eq!(said.trim().lines().count(), 1, "{said}");
    assert!(
        said.contains(&name) && said.contains("before-restore"),
        "{said}"
    );
    assert!(!fixture.ok(&["list"]).contains("Southshire"));

    let undo = backups(&fixture)
        .iter()
        .find(|b| b["reason"] == "before-restore")
        .and_then(|b| b["path"].as_str().map(str::to_owned))
        .expect("a before-restore backup");
    let undone = fixture.run(&["backup", "restore", &undo]);
    assert_eq!(undone.status.code(), Some(0), "{}", stderr(&undone));
    assert!(fixture.ok(&["list"]).contains("Southshire"));
}

#[test]
fn a_file_that_cannot_be_restored_is_refused_with_exit_2_and_nothing_changed() {
    let fixture = Fixture::with_assessment();
    let junk = fixture.path("junk.sqlite3");
    std::fs::write(
        &junk,
        b"not a database at all, but long enough to look like one",
    )
    .expect("write");
    let newer = fixture.path("newer.sqlite3");
    fixture.ok(&["backup", "create"]);
    let made = backups(&fixture)[0]["path"]
        .as_str()
        .expect("path")
        .to_owned();
    std::fs::copy(&made, &newer).expect("copy");
    rusqlite::Connection::open(&newer)
        .and_then(|c| c.pragma_update(None, "user_version", 999))
        .expect("newer");

    let before = sha256(&fixture.db);
    let count = backups(&fixture).len();
    for (file, says) in [
        (junk.to_str().expect("path"), "not a SQLite database"),
        (newer.to_str().expect("path"), "newer version"),
        ("no-such-backup.sqlite3", "cannot be read"),
    ] {
        let output = fixture.run(&["backup", "restore", file]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{message}");
        assert!(
            message.contains(says) && message.contains("Nothing was changed"),
            "{message}"
        );
        assert_eq!(message.trim().lines().count(), 1, "{message}");
        assert_eq!(sha256(&fixture.db), before, "{file}");
    }
    assert_eq!(
        backups(&fixture).len(),
        count,
        "no backup was made for a refused restore"
    );
}

#[test]
fn a_damaged_database_at_start_is_left_alone_and_the_latest_good_backup_named() {
    let fixture = Fixture::with_assessment();
    fixture.ok(&["backup", "create"]);
    let good = backups(&fixture)[0]["name"]
        .as_str()
        .expect("name")
        .to_owned();
    rusqlite::Connection::open(&fixture.db)
        .and_then(|c| c.pragma_update(None, "journal_mode", "DELETE"))
        .expect("one file");
    let whole = std::fs::read(&fixture.db).expect("read");
    std::fs::write(&fixture.db, &whole[..whole.len() / 3]).expect("truncate");
    let before = sha256(&fixture.db);

    let output = fixture.run(&["list"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(
        message.contains(fixture.db.to_str().expect("path")),
        "{message}"
    );
    assert!(
        message.contains(&format!("prevent-sa backup restore {good}")),
        "{message}"
    );
    assert_eq!(sha256(&fixture.db), before);

    let restored = fixture.run(&["backup", "restore", &good]);
    assert_eq!(restored.status.code(), Some(0), "{}", stderr(&restored));
    assert!(stdout(&restored).contains("damaged file was kept"));
    assert!(fixture.ok(&["list"]).contains("Northshire"));
}
