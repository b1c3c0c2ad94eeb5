//! Windows, from this Linux machine: the command-line tool cross-built for
//! Windows (`x86_64-pc-windows-gnu`, with Debian's MinGW-w64) and run through
//! a whole journey under Wine, as a step of `cargo xtask test`.
//!
//! Wine 8 lacks `ProcessPrng` (bcryptprimitives.dll), which Rust's standard
//! library calls for random bytes on Windows 10 and later; a stand-in DLL
//! built here from `src-tauri/xtask/wine/` answers it from RtlGenRandom. It
//! sits beside the .exe only for Wine and is never shipped.
//!
//! The window cannot be checked here (no WebView2 under Wine): see the
//! README's manual check for a Windows machine.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Result, install_packages, root, run, run_with_env, target_dir};

/// The Windows target, built with MinGW-w64: no Windows SDK needed.
pub const TARGET: &str = "x86_64-pc-windows-gnu";

/// The cross-compiler (C parts: SQLite) and the Windows loader for the tests.
const CLI_PACKAGES: &[&str] = &["gcc-mingw-w64-x86-64", "wine64"];

/// What running a Windows program under Wine needs in its environment: the
/// prefix, quiet logs, the stand-in DLL first, and no Mono or Gecko prompts.
fn wine_env(prefix: &Path) -> Vec<(String, String)> {
    vec![
        ("WINEPREFIX".to_owned(), prefix.display().to_string()),
        ("WINEDEBUG".to_owned(), "-all".to_owned()),
        (
            "WINEDLLOVERRIDES".to_owned(),
            "bcryptprimitives=n,b;mscoree,mshtml=".to_owned(),
        ),
    ]
}

/// Installs the Windows target, MinGW-w64 and Wine when missing.
fn prepare() -> Result {
    install_packages(CLI_PACKAGES)?;
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("cannot run rustup: {e}"))?;
    if !String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|line| line.trim() == TARGET)
    {
        run("rustup", &["target", "add", TARGET], &root())?;
    }
    Ok(())
}

/// Cross-builds `prevent-sa.exe` (release) and puts it in a folder of its
/// own beside Wine's stand-in DLL; returns the .exe's path.
pub fn build_cli() -> Result<PathBuf> {
    prepare()?;
    let root = root();
    run_with_env(
        "cargo",
        &[
            "build",
            "--release",
            "--locked",
            "--target",
            TARGET,
            "--package",
            "prevent-sa",
        ],
        &root,
        &[(
            "CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER",
            "x86_64-w64-mingw32-gcc",
        )],
    )?;
    let built = target_dir()
        .join(TARGET)
        .join("release")
        .join("prevent-sa.exe");
    let folder = target_dir().join("windows-cli");
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let exe = folder.join("prevent-sa.exe");
    std::fs::copy(&built, &exe).map_err(|e| format!("cannot copy {}: {e}", built.display()))?;
    let shim = root.join("src-tauri/xtask/wine");
    let dll = folder.join("bcryptprimitives.dll");
    run(
        "x86_64-w64-mingw32-gcc",
        &[
            "-O2",
            "-shared",
            "-o",
            &dll.display().to_string(),
            &shim.join("bcryptprimitives.c").display().to_string(),
            &shim.join("bcryptprimitives.def").display().to_string(),
            "-ladvapi32",
        ],
        &root,
    )?;
    let size = std::fs::metadata(&exe).map_or(0, |m| m.len());
    eprintln!(
        "xtask: {} ({:.1} MB)",
        exe.display(),
        size as f64 / 1_048_576.0
    );
    Ok(exe)
}

/// Wine's 64-bit loader: `wine64` on PATH, or where Debian's wine64 package
/// puts it.
fn wine_loader() -> Result<PathBuf> {
    for candidate in ["/usr/bin/wine64", "/usr/lib/wine/wine64", "/usr/bin/wine"] {
        if Path::new(candidate).is_file() {
            return Ok(PathBuf::from(candidate));
        }
    }
    Err("Wine's wine64 loader was not found (Debian package wine64)".to_owned())
}

/// A Wine prefix of the project's own under the target folder, made once.
fn wine_prefix(wine: &Path) -> Result<PathBuf> {
    let prefix = target_dir().join("wine-prefix");
    if !prefix.join("system.reg").is_file() {
        eprintln!("xtask: making a Wine prefix in {}", prefix.display());
        let env = wine_env(&prefix);
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        run_with_env(
            &wine.display().to_string(),
            &["wineboot", "--init"],
            &root(),
            &env,
        )?;
    }
    Ok(prefix)
}

/// The CI step: the cross-built CLI's journey under Wine, checked on Linux
/// (`src-tauri/crates/cli/tests/windows.rs`).
pub fn check_cli_under_wine() -> Result {
    let exe = build_cli()?;
    let wine = wine_loader()?;
    let prefix = wine_prefix(&wine)?;
    let exe = exe.display().to_string();
    let wine = wine.display().to_string();
    let prefix = prefix.display().to_string();
    run_with_env(
        "cargo",
        &[
            "test",
            "--package",
            "prevent-sa",
            "--test",
            "windows",
            "--",
            "--ignored",
            "--nocapture",
        ],
        &root(),
        &[
            ("PREVENT_SA_WINDOWS_EXE", exe.as_str()),
            ("PREVENT_SA_WINE", wine.as_str()),
            ("WINEPREFIX", prefix.as_str()),
        ],
    )
}
