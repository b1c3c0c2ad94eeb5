//! The Windows installer, checked on Linux. `cargo xtask test` cross-builds
//! the app and the CLI, packages them with `src-tauri/windows/installer.nsi`,
//! and runs this test with `--ignored` and:
//! `PREVENT_SA_WINDOWS_INSTALLER` (the installer), `PREVENT_SA_WINE` (the
//! wine64 loader) and `PREVENT_SA_WINE_SHIM` (Wine's stand-in
//! `bcryptprimitives.dll`, see `src-tauri/xtask/src/windows.rs`).
//!
//! What it shows:
//! - 7-Zip lists the app, `WebView2Loader.dll`, the CLI and the uninstaller
//!   in the installer, and the installer's size is reported;
//! - the installer and the app are x86-64 Windows GUI programs (no console
//!   window) and the CLI a console one; the app carries its name and version;
//! - under Wine, in a fresh prefix: with no WebView2 Runtime the silent
//!   install refuses (exit code 2) and leaves nothing behind; with one, it
//!   installs into the person's `AppData\Local\Programs` without asking for
//!   an administrator, with a Start-menu shortcut and an Add/Remove Programs
//!   entry under HKCU; the installed CLI runs; installing again over it
//!   works; the silent uninstall removes all of it and keeps the person's
//!   data.
//!
//! What it cannot show: that the window opens on Windows (Wine has no
//! WebView2). The README lists the manual check for a Windows machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PRODUCT: &str = "Prevent Self-Assessment";
const UNINSTALLER: &str = "Uninstall Prevent Self-Assessment.exe";
const UNINSTALL_KEY: &str =
    r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\uk.nhs.prevent-self-assessment";
const WEBVIEW2_KEY: &str =
    r"HKCU\Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}";

fn var(name: &str) -> PathBuf {
    std::env::var_os(name).map(PathBuf::from).unwrap_or_else(|| {
        panic!("{name} is not set: run this test through `cargo xtask test` (or see src-tauri/xtask/src/windows.rs)")
    })
}

/// What a PE file's headers say: its machine and its subsystem.
struct PeHeader {
    machine: u16,
    subsystem: u16,
}

const MACHINE_X86_64: u16 = 0x8664;
const SUBSYSTEM_GUI: u16 = 2;
const SUBSYSTEM_CONSOLE: u16 = 3;

fn pe_header(path: &Path) -> PeHeader {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    assert_eq!(
        &bytes[..2],
        b"MZ",
        "{} is not a Windows program",
        path.display()
    );
    let pe = u32::from_le_bytes([bytes[0x3c], bytes[0x3d], bytes[0x3e], bytes[0x3f]]) as usize;
    assert_eq!(
        &bytes[pe..pe + 4],
        b"PE\0\0",
        "{} has no PE header",
        path.display()
    );
    let optional = pe + 24;
    assert_eq!(
        u16_at(optional),
        0x20b,
        "{} is not PE32+ (64-bit)",
        path.display()
    );
    PeHeader {
        machine: u16_at(pe + 4),
        // The subsystem sits 68 bytes into the optional header (PE32 and PE32+ alike).
        subsystem: u16_at(optional + 68),
    }
}

/// `needle` as UTF-16LE, as Windows resources hold text.
fn contains_utf16(haystack: &[u8], needle: &str) -> bool {
    let wide: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    haystack
        .windows(wide.len())
        .any(|window| window == wide.as_slice())
}

fn checked(output: Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what} failed ({:?}): {}{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).replace('\r', "")
}

/// The names 7-Zip lists in an archive (an NSIS installer is one to it).
fn listed_names(archive: &Path) -> Vec<String> {
    let output = Command::new("7z")
        .args(["l", "-slt"])
        .arg(archive)
        .output()
        .expect("7z runs (Debian package p7zip-full)");
    checked(output, "7z l")
        .lines()
        .filter_map(|line| line.strip_prefix("Path = "))
        .map(str::to_owned)
        .collect()
}

/// A Wine prefix of its own, made fresh: nothing installed, no WebView2.
struct Wine {
    loader: PathBuf,
    server: PathBuf,
    prefix: tempfile::TempDir,
}

impl Wine {
    fn fresh(loader: PathBuf) -> Wine {
        let server = ["wineserver", "wineserver64"]
            .iter()
            .map(|name| loader.with_file_name(name))
            .find(|path| path.is_file())
            .unwrap_or_else(|| PathBuf::from("wineserver"));
        let wine = Wine {
            loader,
            server,
            prefix: tempfile::tempdir().expect("temporary folder"),
        };
        checked(
            wine.command(&["wineboot", "--init"])
                .output()
                .expect("wine runs"),
            "wineboot",
        );
        wine.wait();
        wine
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.loader);
        command
            .args(args)
            .env("WINEPREFIX", self.prefix.path())
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "bcryptprimitives=n,b;mscoree,mshtml=")
            .env_remove("DISPLAY");
        command
    }

    fn run(&self, program: &Path, args: &[&str]) -> Output {
        let mut command = self.command(&[]);
        command.arg(program).args(args);
        let output = command.output().expect("wine runs");
        // An uninstaller hands over to a copy of itself and returns at once;
        // wait for every program in the prefix to finish.
        self.wait();
        output
    }

    fn wait(&self) {
        let _ = Command::new(&self.server)
            .arg("-w")
            .env("WINEPREFIX", self.prefix.path())
            .status();
    }

    fn reg(&self, args: &[&str]) -> Output {
        let mut all = vec!["reg"];
        all.extend_from_slice(args);
        self.command(&all).output().expect("wine reg runs")
    }

    /// The person's profile folder in the prefix (`C:\users\<name>`).
    fn profile(&self) -> PathBuf {
        let users = self.prefix.path().join("drive_c/users");
        std::fs::read_dir(&users)
            .expect("the prefix has users")
            .flatten()
            .map(|entry| entry.path())
            .find(|path| path.join("AppData/Local").is_dir() && !path.ends_with("Public"))
            .expect("the prefix has a profile")
    }
}

#[test]
#[ignore = "needs the cross-built installer and Wine: run by `cargo xtask test`"]
fn the_installer_holds_the_app_installs_per_user_refuses_without_webview2_and_uninstalls_cleanly() {
    let installer = var("PREVENT_SA_WINDOWS_INSTALLER");
    let size = std::fs::metadata(&installer)
        .expect("the installer exists")
        .len();
    println!(
        "installer: {} ({size} bytes, {:.1} MB)",
        installer.display(),
        size as f64 / 1_048_576.0
    );
    assert!(
        (1_000_000..60_000_000).contains(&size),
        "an installer of {size} bytes is not one holding the app"
    );

    // What 7-Zip sees inside.
    let names = listed_names(&installer);
    for wanted in [
        "prevent-self-assessment.exe",
        "WebView2Loader.dll",
        "prevent-sa.exe",
        UNINSTALLER,
    ] {
        assert!(
            names.iter().any(|name| name == wanted),
            "{wanted} is not in the installer: {names:?}"
        );
    }

    // The headers of the installer and of the two programs in it.
    let unpacked = tempfile::tempdir().expect("temporary folder");
    checked(
        Command::new("7z")
            .arg("e")
            .arg(&installer)
            .arg(format!("-o{}", unpacked.path().display()))
            .args(["prevent-self-assessment.exe", "prevent-sa.exe", "-y"])
            .output()
            .expect("7z runs"),
        "7z e",
    );
    let app = unpacked.path().join("prevent-self-assessment.exe");
    let cli = unpacked.path().join("prevent-sa.exe");
    for (path, subsystem) in [
        (&installer, SUBSYSTEM_GUI),
        (&app, SUBSYSTEM_GUI),
        (&cli, SUBSYSTEM_CONSOLE),
    ] {
        let header = pe_header(path);
        assert_eq!(
            header.machine,
            MACHINE_X86_64,
            "{} is not x86-64",
            path.display()
        );
        assert_eq!(
            header.subsystem,
            subsystem,
            "{}'s subsystem",
            path.display()
        );
    }
    let app_bytes = std::fs::read(&app).expect("read the app");
    println!(
        "app: {} bytes ({:.1} MB)",
        app_bytes.len(),
        app_bytes.len() as f64 / 1_048_576.0
    );
    assert!(
        contains_utf16(&app_bytes, PRODUCT),
        "the app's version information names the product"
    );
    assert!(
        contains_utf16(&app_bytes, env!("CARGO_PKG_VERSION")),
        "the app's version information carries the version"
    );

    let wine = Wine::fresh(var("PREVENT_SA_WINE"));
    let profile = wine.profile();
    let folder = profile.join("AppData/Local/Programs").join(PRODUCT);
    let shortcut = profile.join(format!(
        "AppData/Roaming/Microsoft/Windows/Start Menu/Programs/{PRODUCT}.lnk"
    ));

    // No WebView2 Runtime: refused, silently, with nothing installed.
    let refused = wine.run(&installer, &["/S"]);
    assert_eq!(
        refused.status.code(),
        Some(2),
        "a silent install without WebView2 exits 2"
    );
    assert!(!folder.exists(), "nothing is installed without WebView2");
    assert!(!wine.reg(&["query", UNINSTALL_KEY]).status.success());

    // With it (as Windows 10 and 11 mostly have it), per user, no prompt.
    checked(
        wine.reg(&[
            "add",
            WEBVIEW2_KEY,
            "/v",
            "pv",
            "/t",
            "REG_SZ",
            "/d",
            "131.0.2903.86",
            "/f",
        ]),
        "reg add",
    );
    let installed = wine.run(&installer, &["/S"]);
    assert_eq!(
        installed.status.code(),
        Some(0),
        "the silent install succeeds"
    );
    for file in [
        "prevent-self-assessment.exe",
        "WebView2Loader.dll",
        "prevent-sa.exe",
        UNINSTALLER,
    ] {
        assert!(
            folder.join(file).is_file(),
            "{file} is installed in {}",
            folder.display()
        );
    }
    assert!(
        shortcut.is_file(),
        "a Start-menu shortcut: {}",
        shortcut.display()
    );
    let entry = checked(wine.reg(&["query", UNINSTALL_KEY]), "reg query");
    for wanted in [
        format!("DisplayName    REG_SZ    {PRODUCT}"),
        format!("DisplayVersion    REG_SZ    {}", env!("CARGO_PKG_VERSION")),
        r"InstallLocation    REG_SZ    C:\users\".to_owned(),
        format!(r"\AppData\Local\Programs\{PRODUCT}"),
        r#"QuietUninstallString    REG_SZ    "C:\users\"#.to_owned(),
        format!(r#"\{UNINSTALLER}" /S"#),
    ] {
        assert!(
            entry.contains(&wanted),
            "the Add/Remove Programs entry lacks {wanted:?}:\n{entry}"
        );
    }

    // The installed CLI runs (beside Wine's stand-in for ProcessPrng, which
    // Windows has and Wine 8 lacks; taken away again before uninstalling).
    let shim = folder.join("bcryptprimitives.dll");
    std::fs::copy(var("PREVENT_SA_WINE_SHIM"), &shim).expect("copy the stand-in DLL");
    let version = checked(
        wine.run(&folder.join("prevent-sa.exe"), &["--version"]),
        "prevent-sa.exe --version",
    );
    assert!(version.contains(env!("CARGO_PKG_VERSION")), "{version}");
    std::fs::remove_file(&shim).expect("remove the stand-in DLL");

    // Installing again (an update) goes over the top.
    let again = wine.run(&installer, &["/S"]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "installing over an installed copy succeeds"
    );

    // The person's data, which the uninstaller must leave alone.
    let data = profile.join("AppData/Local/uk.nhs.prevent-self-assessment");
    std::fs::create_dir_all(data.join("signing")).expect("data folder");
    std::fs::write(data.join("prevent.sqlite3"), b"the person's assessments").expect("data");

    let uninstalled = wine.run(&folder.join(UNINSTALLER), &["/S"]);
    assert_eq!(
        uninstalled.status.code(),
        Some(0),
        "the silent uninstall succeeds"
    );
    assert!(
        !folder.exists(),
        "the program folder is gone: {}",
        folder.display()
    );
    assert!(!shortcut.exists(), "the shortcut is gone");
    assert!(
        !wine.reg(&["query", UNINSTALL_KEY]).status.success(),
        "the Add/Remove entry is gone"
    );
    assert_eq!(
        std::fs::read(data.join("prevent.sqlite3")).expect("the data is kept"),
        b"the person's assessments"
    );
    assert!(
        data.join("signing").is_dir(),
        "the signing-key folder is kept"
    );
}
