//! What every CLI test file needs: running the built `prevent-sa` on a
//! temporary database, reading its output, and telling whether anything was
//! written. Each test file compiles this on its own, so some files leave
//! parts unused.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

pub const TOOLKIT: &str = "prevent-toolkit-2011";
/// The login name every run sees, unless a test says otherwise.
pub const LOGIN: &str = "test-login";

/// The app-data folder (`XDG_DATA_HOME`) a run beside `db` sees: the
/// person's signing key lives there, never in the real home folder.
pub fn data_home(db: &Path) -> PathBuf {
    db.parent()
        .map_or_else(|| PathBuf::from("home-data"), |p| p.join("home-data"))
}

/// The signing-key folder a run beside `db` uses.
pub fn key_folder(db: &Path) -> PathBuf {
    data_home(db)
        .join("uk.nhs.prevent-self-assessment")
        .join("signing")
}

/// `prevent-sa --db DB`, with a known login name, an app-data folder of its
/// own and no database from the environment.
pub fn command(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prevent-sa"));
    command
        .arg("--db")
        .arg(db)
        .env("XDG_DATA_HOME", data_home(db))
        .env_remove("PREVENT_SA_DB")
        .env("USER", LOGIN)
        .env_remove("USERNAME")
        .env_remove("LOGNAME");
    command
}

/// Standard output of a run that must have succeeded.
pub fn stdout_bytes(output: &Output) -> Vec<u8> {
    assert!(
        output.status.success(),
        "expected success, got {:?}; stderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout.clone()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(stdout_bytes(output)).expect("UTF-8 stdout")
}

/// Every row of every table, as text: equal dumps mean nothing was written.
pub fn dump(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open for dump");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("tables");
    let mut out = String::new();
    for table in tables {
        let mut statement = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1"))
            .expect("select");
        let columns = statement.column_count();
        let rows: Vec<String> = statement
            .query_map([], |row| {
                (0..columns)
                    .map(|i| {
                        row.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(|cells| cells.join("|"))
            })
            .and_then(Iterator::collect)
            .expect("rows");
        out.push_str(&format!("{table}: {rows:?}\n"));
    }
    out
}

/// A temporary database holding one assessment, and ways to run `prevent-sa` on it.
pub struct Fixture {
    pub dir: TempDir,
    pub db: PathBuf,
    pub assessment: String,
}

impl Fixture {
    /// A new database with one assessment of Northshire Community NHS Trust
    /// against the 2011 toolkit, dated 20 November 2026, by Alex Morgan.
    pub fn with_assessment() -> Fixture {
        let dir = TempDir::new().expect("temp dir");
        let db = dir.path().join("prevent.sqlite3");
        let created = command(&db)
            .args([
                "new",
                "--framework",
                TOOLKIT,
                "--organisation",
                "Northshire Community NHS Trust",
                "--assessor",
                "Alex Morgan",
                "--date",
                "2026-11-20",
            ])
            .output()
            .expect("run");
        Fixture {
            assessment: stdout(&created).trim().to_owned(),
            dir,
            db,
        }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        command(&self.db)
            .args(args)
            .output()
            .expect("run prevent-sa")
    }

    pub fn ok(&self, args: &[&str]) -> String {
        stdout(&self.run(args))
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Exports the assessment's report to `name` in the fixture's folder.
    pub fn export(&self, name: &str) -> PathBuf {
        let out = self.path(name);
        self.ok(&[
            "export-pdf",
            &self.assessment,
            "--out",
            out.to_str().expect("path"),
        ]);
        out
    }
}

/// The entries answered directly (not through sub-points), in reading
/// order, from `prevent-sa catalogue FRAMEWORK --json`.
pub fn answerable_entries(catalogue_json: &str) -> Vec<String> {
    let catalogue: Value = serde_json::from_str(catalogue_json).expect("JSON");
    catalogue["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["sub_points"].as_array().is_none_or(Vec::is_empty))
        .map(|e| e["id"].as_str().expect("id").to_owned())
        .collect()
}

/// Every entry answered: items 1, 5 and 12 "No" with a lead and a date (so
/// three actions), the rest "Yes"; marked complete.
pub fn complete() -> Fixture {
    let fixture = Fixture::with_assessment();
    let catalogue = fixture.ok(&["catalogue", TOOLKIT, "--json"]);
    for id in answerable_entries(&catalogue) {
        let id = id.as_str();
        let gap = ["1", "5", "12"].contains(&id);
        let mut args = vec!["answer", fixture.assessment.as_str(), id, "--response"];
        if gap {
            args.extend([
                "no",
                "--lead",
                "Head of Safeguarding",
                "--due",
                "2027-03-31",
            ]);
        } else {
            args.push("yes");
        }
        fixture.ok(&args);
    }
    fixture.ok(&["complete", &fixture.assessment]);
    fixture
}

/// Signed off by two people, each recorded by the login name on their behalf.
pub fn signed() -> Fixture {
    let fixture = complete();
    for (name, role) in [
        ("Dr Priya Shah", "Accountable Prevent lead"),
        ("Alex Morgan", "Assessor"),
    ] {
        fixture.ok(&[
            "sign",
            &fixture.assessment,
            "--name",
            name,
            "--role",
            role,
            "--on-behalf",
        ]);
    }
    fixture
}

/// `record --as-of AS_OF --group GROUP --headcount N --in-date N`.
pub fn record_args<'a>(
    as_of: &'a str,
    group: &'a str,
    headcount: &'a str,
    in_date: &'a str,
) -> Vec<&'a str> {
    vec![
        "record",
        "--as-of",
        as_of,
        "--group",
        group,
        "--headcount",
        headcount,
        "--in-date",
        in_date,
    ]
}
