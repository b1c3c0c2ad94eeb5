//! Windows, from this Linux machine. Cross-built for `x86_64-pc-windows-gnu`
//! with Debian's MinGW-w64 (no Windows SDK):
//! - the command-line tool, run through a whole journey under Wine;
//! - the app, packaged with the CLI in a per-user NSIS installer
//!   (`src-tauri/windows/installer.nsi`, built with Debian's makensis), which
//!   a test lists with 7-Zip, then installs, reads back and uninstalls under
//!   Wine (`tests/windows_installer.rs`).
//!
//! Both are steps of `cargo xtask test`; `cargo xtask windows` builds them.
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

use super::{Result, build_ui, install_packages, root, run, run_with_env, target_dir, ui_is_built};

/// The Windows target, built with MinGW-w64: no Windows SDK needed.
pub const TARGET: &str = "x86_64-pc-windows-gnu";

/// The cross-compiler (C parts: SQLite) and the Windows loader for the tests.
const CLI_PACKAGES: &[&str] = &["gcc-mingw-w64-x86-64", "wine64"];

/// What makes the installer (makensis) and what its test lists it with (7z).
const INSTALLER_PACKAGES: &[&str] = &["nsis", "p7zip-full"];

/// The linker Cargo uses for the Windows target.
const LINKER_ENV: (&str, &str) = (
    "CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER",
    "x86_64-w64-mingw32-gcc",
);

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

/// `cargo build --release --locked --target x86_64-pc-windows-gnu` plus
/// `args`. The CLI and the app are built by separate runs, so each keeps the
/// dependency features it has alone and a rebuild of one leaves the other's
/// cache alone.
fn cross_build(args: &[&str]) -> Result {
    let mut all = vec!["build", "--release", "--locked", "--target", TARGET];
    all.extend_from_slice(args);
    run_with_env("cargo", &all, &root(), &[LINKER_ENV])
}

/// Where the release build for Windows puts its files.
fn release_dir() -> PathBuf {
    target_dir().join(TARGET).join("release")
}

/// Cross-builds `prevent-sa.exe` (release) and puts it in a folder of its
/// own beside Wine's stand-in DLL; returns the .exe's path.
pub fn build_cli() -> Result<PathBuf> {
    prepare()?;
    let root = root();
    cross_build(&["--package", "prevent-sa"])?;
    let built = release_dir().join("prevent-sa.exe");
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

/// The installer's file name for this version.
fn installer_name() -> String {
    format!(
        "Prevent-Self-Assessment-{}-setup.exe",
        env!("CARGO_PKG_VERSION")
    )
}

/// `0.1.0` as Windows' four-part version, `0.1.0.0`.
fn four_part_version() -> String {
    let mut parts: Vec<&str> = env!("CARGO_PKG_VERSION")
        .split(['.', '-', '+'])
        .take(3)
        .collect();
    parts.resize(4, "0");
    parts.join(".")
}

/// `WebView2Loader.dll` for x64, as the webview2-com-sys build script copied
/// it from the crate (the app loads it at start; MinGW builds cannot link it
/// in statically). The newest copy, should several builds of it exist.
fn webview2_loader(release: &Path) -> Result<PathBuf> {
    let builds = release.join("build");
    let entries =
        std::fs::read_dir(&builds).map_err(|e| format!("cannot read {}: {e}", builds.display()))?;
    entries
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("webview2-com-sys-")
        })
        .map(|entry| entry.path().join("out/x64/WebView2Loader.dll"))
        .filter(|dll| dll.is_file())
        .max_by_key(|dll| std::fs::metadata(dll).and_then(|m| m.modified()).ok())
        .ok_or_else(|| format!("no WebView2Loader.dll under {}", builds.display()))
}

fn copy_into(from: &Path, folder: &Path) -> Result<PathBuf> {
    let name = from
        .file_name()
        .ok_or_else(|| format!("{} names no file", from.display()))?;
    let to = folder.join(name);
    std::fs::copy(from, &to)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))?;
    Ok(to)
}

fn megabytes(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1_048_576.0)
}

/// Cross-builds the app and the CLI (release; the app with Tauri's
/// custom-protocol feature, as `tauri build` sets it) and packages them in
/// the per-user installer. Returns the installer's path.
pub fn build_installer() -> Result<PathBuf> {
    let started = std::time::Instant::now();
    build_cli()?;
    install_packages(INSTALLER_PACKAGES)?;
    // The app embeds ui/dist when it compiles.
    if !ui_is_built() {
        build_ui()?;
    }
    cross_build(&[
        "--package",
        "prevent-self-assessment",
        "--features",
        "tauri/custom-protocol",
    ])?;
    let release = release_dir();
    let out = target_dir().join("windows-installer");
    let stage = out.join("stage");
    if stage.exists() {
        std::fs::remove_dir_all(&stage)
            .map_err(|e| format!("cannot empty {}: {e}", stage.display()))?;
    }
    std::fs::create_dir_all(&stage)
        .map_err(|e| format!("cannot create {}: {e}", stage.display()))?;
    let root = root();
    for exe in ["prevent-self-assessment.exe", "prevent-sa.exe"] {
        let staged = copy_into(&release.join(exe), &stage)?;
        // The symbol tables are for debuggers, not for the people installing.
        run(
            "x86_64-w64-mingw32-strip",
            &["--strip-unneeded", &staged.display().to_string()],
            &root,
        )?;
    }
    copy_into(&webview2_loader(&release)?, &stage)?;

    let installer = out.join(installer_name());
    let defines = [
        format!("-DVERSION={}", env!("CARGO_PKG_VERSION")),
        format!("-DVERSION4={}", four_part_version()),
        format!("-DSTAGE={}", stage.display()),
        format!("-DICON={}", root.join("src-tauri/icons/icon.ico").display()),
        format!("-DOUTFILE={}", installer.display()),
    ];
    let script = root.join("src-tauri/windows/installer.nsi");
    let mut args: Vec<&str> = vec!["-V2", "-WX"];
    args.extend(defines.iter().map(String::as_str));
    let script = script.display().to_string();
    args.push(&script);
    run("makensis", &args, &root)?;
    eprintln!(
        "xtask: {} ({:.1} MB; the app {:.1} MB, the CLI {:.1} MB, before compression; built in {:.0?})",
        installer.display(),
        megabytes(&installer),
        megabytes(&stage.join("prevent-self-assessment.exe")),
        megabytes(&stage.join("prevent-sa.exe")),
        started.elapsed()
    );
    Ok(installer)
}

/// The CI step: the installer built, then listed, installed, read back and
/// uninstalled under Wine (`tests/windows_installer.rs`).
pub fn check_installer() -> Result {
    let installer = build_installer()?;
    let wine = wine_loader()?;
    let installer = installer.display().to_string();
    let wine = wine.display().to_string();
    let shim = target_dir()
        .join("windows-cli")
        .join("bcryptprimitives.dll")
        .display()
        .to_string();
    run_with_env(
        "cargo",
        &[
            "test",
            "--package",
            "prevent-self-assessment",
            "--test",
            "windows_installer",
            "--",
            "--ignored",
            "--nocapture",
        ],
        &root(),
        &[
            ("PREVENT_SA_WINDOWS_INSTALLER", installer.as_str()),
            ("PREVENT_SA_WINE", wine.as_str()),
            ("PREVENT_SA_WINE_SHIM", shim.as_str()),
        ],
    )
}
