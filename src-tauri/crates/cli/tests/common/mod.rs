//! What every CLI test file needs: running the built `prevent-sa` on a
//! temporary database, reading its output, and telling whether anything was
//! written. Each test file compiles this on its own, so some files leave
//! parts unused.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

pub const TOOLKIT: &str = "prevent-toolkit-2011";
/// The login name every run sees, unless a test says otherwise.
pub const LOGIN: &str = "test-login";

/// `prevent-sa --db DB`, with a known login name and no database from the environment.
pub fn command(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prevent-sa"));
    command
        .arg("--db")
        .arg(db)
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
}
