//! The cross-built Windows `prevent-sa.exe`, run under Wine on this Linux
//! machine through a whole journey: who is using it, a signing key imported
//! from a .p12, a new assessment answered, completed and signed off twice,
//! the signed PDF exported and verified, the plan as CSV, Excel and
//! iCalendar, and a backup, against a database in a Windows path with spaces
//! and non-ASCII letters (`Z:\…\Zoë O'Neill\Prevent data\…`).
//!
//! Then, on the Linux side: poppler's pdfsig and the Linux `prevent-sa
//! verify` accept the Windows PDF; the Linux build, given the same data and
//! the same key, signs the same record into the same bytes; the CSV and
//! iCalendar files end their lines with CRLF (their RFCs) and match the
//! Linux build's byte for byte.
//!
//! And a database on a mapped network drive (a drive letter Wine reports as
//! remote) is warned about and kept out of WAL mode.
//!
//! Ignored in a plain `cargo test`: it needs the Windows build and Wine,
//! which `cargo xtask test` prepares (see `src-tauri/xtask/src/windows.rs`)
//! before running it with `--ignored` and these variables:
//! `PREVENT_SA_WINDOWS_EXE` (the .exe, beside Wine's `bcryptprimitives.dll`
//! stand-in), `PREVENT_SA_WINE` (the wine64 loader) and `WINEPREFIX`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use common::{TOOLKIT, answerable_entries, command, key_folder, stdout};

const ORGANISATION: &str = "Northshire Community NHS Trust";
const PERSON: &str = "Zoë O'Neill";

/// What the journey needs from its environment, or why it cannot run.
struct Windows {
    exe: PathBuf,
    wine: PathBuf,
    prefix: PathBuf,
}

impl Windows {
    fn from_env() -> Windows {
        let var = |name: &str| {
            std::env::var_os(name).map(PathBuf::from).unwrap_or_else(|| {
                panic!("{name} is not set: run this test through `cargo xtask test` (or `cargo xtask windows`), which cross-builds prevent-sa.exe and prepares Wine")
            })
        };
        Windows {
            exe: var("PREVENT_SA_WINDOWS_EXE"),
            wine: var("PREVENT_SA_WINE"),
            prefix: var("WINEPREFIX"),
        }
    }

    /// Wine itself with `args` (`wineboot`, `reg`, …), which must succeed.
    fn wine(&self, args: &[&str]) {
        let output = Command::new(&self.wine)
            .args(args)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env_remove("DISPLAY")
            .output()
            .expect("wine runs");
        assert!(
            output.status.success(),
            "wine {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Stops the prefix's wineserver and waits for it, so the next program
    /// starts one that reads the prefix's settings afresh.
    fn restart(&self) {
        let server = self.wine.with_file_name("wineserver");
        let _ = Command::new(&server)
            .arg("-k")
            .env("WINEPREFIX", &self.prefix)
            .status();
        let _ = Command::new(&server)
            .arg("-w")
            .env("WINEPREFIX", &self.prefix)
            .status();
    }

    /// `prevent-sa.exe --db DB ARGS…` under Wine.
    fn run(&self, db: &str, args: &[&str]) -> Output {
        Command::new(&self.wine)
            .arg(&self.exe)
            .arg("--db")
            .arg(db)
            .args(args)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            // The stand-in for bcryptprimitives.dll beside the exe, and no
            // Mono or Gecko installer prompts.
            .env("WINEDLLOVERRIDES", "bcryptprimitives=n,b;mscoree,mshtml=")
            .env("LANG", "C.UTF-8")
            .env_remove("DISPLAY")
            .env_remove("PREVENT_SA_DB")
            .output()
            .expect("wine runs")
    }

    fn ok(&self, db: &str, args: &[&str]) -> String {
        let output = self.run(db, args);
        assert!(
            output.status.success(),
            "prevent-sa.exe {args:?} failed ({:?}): {}{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 output")
    }
}

/// The Windows name Wine gives a Linux path: `Z:\tmp\…\Zoë O'Neill\…`.
fn windows_path(path: &Path) -> String {
    format!("Z:{}", path.display()).replace('/', "\\")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../tests/fixtures/windows")
        .join(name)
}

fn lines_end_with_crlf(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes.ends_with(b"\r\n")
        && bytes
            .iter()
            .enumerate()
            .all(|(i, &b)| b != b'\n' || (i > 0 && bytes[i - 1] == b'\r'))
}

#[test]
#[ignore = "needs the cross-built prevent-sa.exe and Wine: cargo xtask test runs it"]
fn the_windows_cli_signs_a_report_that_linux_checks_and_would_draw_the_same() {
    let windows = Windows::from_env();
    let scratch = tempfile::TempDir::new().expect("temp dir");
    let folder = scratch.path().join(PERSON).join("Prevent data");
    std::fs::create_dir_all(&folder).expect("folder");
    let db_path = folder.join("prevent self-assessment.sqlite3");
    let db = windows_path(&db_path);
    let in_folder = |name: &str| windows_path(&folder.join(name));
    let started = Instant::now();

    // The key lives in the prefix's %LOCALAPPDATA%: start from none.
    for user in std::fs::read_dir(windows.prefix.join("drive_c/users"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let _ = std::fs::remove_dir_all(
            user.path()
                .join("AppData/Local/uk.nhs.prevent-self-assessment"),
        );
    }

    windows.ok(
        &db,
        &[
            "user",
            "set",
            "--name",
            PERSON,
            "--role",
            "Safeguarding lead",
        ],
    );
    let p12 = windows_path(&fixture("test-signing.p12"));
    let password = windows_path(&fixture("test-signing.p12.password"));
    windows.ok(&db, &["key", "import", &p12, "--password-file", &password]);
    let id = windows
        .ok(
            &db,
            &[
                "new",
                "--framework",
                TOOLKIT,
                "--organisation",
                ORGANISATION,
                "--assessor",
                PERSON,
                "--date",
                "2026-11-20",
            ],
        )
        .trim()
        .to_owned();
    let entries = answerable_entries(&windows.ok(&db, &["catalogue", TOOLKIT, "--json"]));
    assert!(entries.len() > 40, "{entries:?}");
    for entry in &entries {
        let mut args = vec!["answer", id.as_str(), entry, "--response"];
        if ["1", "12"].contains(&entry.as_str()) {
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
        windows.ok(&db, &args);
    }
    windows.ok(&db, &["complete", &id]);
    windows.ok(
        &db,
        &["sign", &id, "--name", PERSON, "--role", "Safeguarding lead"],
    );
    windows.ok(
        &db,
        &[
            "sign",
            &id,
            "--name",
            "Dr Priya Shah",
            "--role",
            "Accountable Prevent lead",
            "--on-behalf",
        ],
    );
    let pdf_path = folder.join("Zoë's signed report.pdf");
    windows.ok(
        &db,
        &[
            "export-pdf",
            &id,
            "--out",
            &in_folder("Zoë's signed report.pdf"),
        ],
    );
    let verified = windows.run(&db, &["verify", &in_folder("Zoë's signed report.pdf")]);
    assert_eq!(
        verified.status.code(),
        Some(0),
        "the Windows build checks its own PDF: {}",
        String::from_utf8_lossy(&verified.stdout)
    );
    let csv_windows = windows.ok(&db, &["plan", &id, "--csv"]).into_bytes();
    windows.ok(&db, &["plan", &id, "--xlsx", &in_folder("plan.xlsx")]);
    windows.ok(&db, &["plan", &id, "--ics", &in_folder("plan.ics")]);
    let backup = windows.ok(&db, &["backup", "create"]);
    assert!(backup.contains("manual"), "{backup}");
    let journey = started.elapsed();
    println!(
        "Windows CLI journey under Wine: {} answers, signed, exported, verified, plan in three formats, backed up in {:.1} s",
        entries.len(),
        journey.as_secs_f64()
    );

    // What Windows wrote, read on Linux.
    assert!(
        folder.join("backups").read_dir().expect("backups").count() >= 1,
        "the backup is beside the database, in the folder with spaces"
    );
    assert!(
        std::fs::read(folder.join("plan.xlsx"))
            .expect("xlsx")
            .starts_with(b"PK")
    );
    let ics_windows = std::fs::read(folder.join("plan.ics")).expect("ics");
    assert!(
        lines_end_with_crlf(&csv_windows),
        "CSV lines end CRLF (RFC 4180)"
    );
    assert!(
        lines_end_with_crlf(&ics_windows),
        "iCalendar lines end CRLF (RFC 5545)"
    );
    let pdf_windows = std::fs::read(&pdf_path).expect("pdf");
    let pdfsig = Command::new("pdfsig")
        .arg(&pdf_path)
        .output()
        .expect("pdfsig");
    let said = String::from_utf8_lossy(&pdfsig.stdout);
    assert!(said.contains("Signature is Valid."), "{said}");

    // The Linux build on a copy of the same data: it checks the Windows PDF,
    // and, with the same key, signs the same record into the same bytes.
    let linux_dir = tempfile::TempDir::new().expect("temp dir");
    let linux_db = linux_dir.path().join("copy.sqlite3");
    std::fs::copy(&db_path, &linux_db).expect("copy");
    let linux = |args: &[&str]| command(&linux_db).args(args).output().expect("prevent-sa");
    let verify = linux(&["verify", pdf_path.to_str().expect("path")]);
    assert_eq!(
        verify.status.code(),
        Some(0),
        "Linux checks the Windows PDF: {}",
        String::from_utf8_lossy(&verify.stdout)
    );
    stdout(&linux(&[
        "key",
        "import",
        fixture("test-signing.p12").to_str().expect("path"),
        "--password-file",
        fixture("test-signing.p12.password").to_str().expect("path"),
    ]));
    assert!(key_folder(&linux_db).is_dir());
    rusqlite::Connection::open(&linux_db)
        .and_then(|c| {
            // The copy only: its sign-offs are otherwise never changed.
            c.execute_batch("DROP TRIGGER sign_offs_no_update; UPDATE sign_offs SET pdf = NULL;")
        })
        .expect("the stored PDF set aside, so Linux draws and signs it anew");
    let out = linux_dir.path().join("linux.pdf");
    stdout(&linux(&[
        "export-pdf",
        &id,
        "--out",
        out.to_str().expect("path"),
    ]));
    let pdf_linux = std::fs::read(&out).expect("linux pdf");
    assert!(
        pdf_linux == pdf_windows,
        "the Linux build's PDF of the same data, key and signing time differs from the Windows build's ({} and {} bytes)",
        pdf_linux.len(),
        pdf_windows.len()
    );
    let csv_linux = stdout(&linux(&["plan", &id, "--csv"])).into_bytes();
    assert_eq!(csv_linux, csv_windows, "the CSV is the same bytes on both");
    let ics_linux = linux_dir.path().join("plan.ics");
    stdout(&linux(&[
        "plan",
        &id,
        "--ics",
        ics_linux.to_str().expect("path"),
    ]));
    assert_eq!(
        std::fs::read(ics_linux).expect("ics"),
        ics_windows,
        "the iCalendar file is the same bytes on both"
    );
    println!(
        "PDF: {} bytes, byte for byte the same from the Windows and the Linux build",
        pdf_windows.len()
    );
}

/// SQLite's file header says WAL (bytes 18 and 19 are 2) or a rollback
/// journal (1).
fn in_wal_mode(database: &Path) -> bool {
    let header = std::fs::read(database).expect("the database exists");
    header[18] == 2 && header[19] == 2
}

#[test]
#[ignore = "needs the cross-built prevent-sa.exe and Wine: cargo xtask test runs it"]
fn a_database_on_a_mapped_network_drive_is_warned_about_and_kept_out_of_wal() {
    let shared = Windows::from_env();
    // A prefix of this test's own, whose drive X: Wine reports as a network
    // drive (GetDriveTypeW says DRIVE_REMOTE), as Windows does for a drive
    // letter mapped to \\server\share; it is not a UNC path, so only asking
    // Windows tells.
    let prefix = tempfile::TempDir::new().expect("temp dir");
    let windows = Windows {
        exe: shared.exe,
        wine: shared.wine,
        prefix: prefix.path().to_owned(),
    };
    windows.wine(&["wineboot", "--init"]);
    let share = tempfile::TempDir::new().expect("temp dir");
    std::os::unix::fs::symlink(share.path(), prefix.path().join("dosdevices/x:"))
        .expect("drive X:");
    windows.wine(&[
        "reg",
        "add",
        r"HKLM\Software\Wine\Drives",
        "/v",
        "x:",
        "/t",
        "REG_SZ",
        "/d",
        "network",
        "/f",
    ]);
    windows.restart();

    let user = [
        "user",
        "set",
        "--name",
        PERSON,
        "--role",
        "Safeguarding lead",
    ];
    let on_share = windows.run(r"X:\prevent.sqlite3", &user);
    assert!(on_share.status.success(), "{on_share:?}");
    let warning = String::from_utf8_lossy(&on_share.stderr);
    assert!(
        warning.contains("The database is on a mapped network drive")
            && warning.contains("opened for one person at a time"),
        "no network-drive warning: {warning}"
    );
    let database = share.path().join("prevent.sqlite3");
    assert!(
        !in_wal_mode(&database),
        "a database on a network drive is not in WAL mode"
    );
    assert!(!share.path().join("prevent.sqlite3-wal").exists());

    // The same on the computer's own disk: no warning, and WAL.
    let local = tempfile::TempDir::new().expect("temp dir");
    let local_db = local.path().join("prevent.sqlite3");
    let on_disk = windows.run(&windows_path(&local_db), &user);
    assert!(on_disk.status.success(), "{on_disk:?}");
    assert!(
        !String::from_utf8_lossy(&on_disk.stderr).contains("network"),
        "{on_disk:?}"
    );
    assert!(
        in_wal_mode(&local_db),
        "a database on a local disk is in WAL mode"
    );
    windows.restart();
}
