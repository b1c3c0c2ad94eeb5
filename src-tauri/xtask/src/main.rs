//! `cargo xtask`: the project's two everyday commands, so nobody needs a setup page.
//!
//! - `cargo xtask run [-- APP ARGS]` builds the UI and starts the desktop app.
//! - `cargo xtask test` runs every check and test: formatting, clippy, the UI's
//!   type check and unit tests, the Rust tests and the end-to-end tests in a
//!   real window under Xvfb.
//!
//! Each first installs what the machine lacks: Tauri's system packages (apt),
//! the UI's npm packages, and a pinned tauri-driver. `cargo xtask bindings`
//! regenerates the TypeScript types from the Rust ones; `cargo xtask bundle`
//! builds the Debian package.
//!
//! Plain std only: the task runner must build fast on a fresh machine.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// Debian/Ubuntu packages the app and its end-to-end tests need.
const SYSTEM_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "librsvg2-dev",
    "libayatana-appindicator3-dev",
    "libxdo-dev",
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    // Liberation Sans has Arial's metrics and fontconfig substitutes it for
    // Arial, so the window (and its screenshots) lay out as users will see it.
    "fonts-liberation",
];

/// The WebDriver bridge, pinned so every machine drives the window the same way.
const TAURI_DRIVER_VERSION: &str = "2.1.0";

/// The Tauri CLI that bundles the .deb. It is installed on demand rather than
/// locked in ui/package.json: the registry here lacks some of its platform
/// packages, which would leave the lock file incomplete and break `npm ci`.
const TAURI_CLI_VERSION: &str = "2.12.5";

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let started = Instant::now();
    let result = match args.first().map(String::as_str) {
        Some("run") => run_app(&args[1..]),
        Some("test") => test_everything(),
        Some("bindings") => regenerate_bindings(),
        Some("bundle") => bundle_deb(),
        Some("setup") => setup(true),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n  run [-- ARGS]  build the UI and start the app (ARGS go to the app, e.g. --db PATH)\n  test           run every check and test, end to end included\n  bindings       regenerate ui/src/ipc/generated from the Rust types\n  bundle         build the Debian package (release build; several minutes)\n  setup          install what the machine lacks, and nothing else"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => {
            eprintln!("xtask: done in {:.0?}", started.elapsed());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("xtask: FAILED: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_app(app_args: &[String]) -> Result {
    setup(false)?;
    build_ui()?;
    let app_args: Vec<&str> = app_args
        .iter()
        .map(String::as_str)
        .skip_while(|a| *a == "--")
        .collect();
    let mut args = vec!["run", "--package", "prevent-self-assessment", "--"];
    args.extend(app_args);
    run("cargo", &args, &root())
}

fn test_everything() -> Result {
    setup(true)?;
    let root = root();
    let ui = root.join("ui");
    step("Rust formatting", || {
        run("cargo", &["fmt", "--all", "--check"], &root)
    })?;
    // The build type-checks first; the unit tests then also check the built page.
    step("UI type check and build", build_ui)?;
    step("UI unit tests", || run("npm", &["test"], &ui))?;
    step("clippy", || {
        run(
            "cargo",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
            &root,
        )
    })?;
    step("Rust tests, end to end included", || {
        run("cargo", &["test", "--workspace", "--no-fail-fast"], &root)
    })
}

fn regenerate_bindings() -> Result {
    let root = root();
    let status = Command::new("cargo")
        .args(["test", "--test", "bindings"])
        .env("UPDATE_BINDINGS", "1")
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        eprintln!("xtask: ui/src/ipc/generated is up to date");
        Ok(())
    } else {
        Err("generating bindings failed".to_owned())
    }
}

fn bundle_deb() -> Result {
    setup(false)?;
    let root = root();
    let target_dir = env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let cli_dir = target_dir.join("tauri-cli").join(TAURI_CLI_VERSION);
    let tauri = cli_dir.join("node_modules/.bin/tauri");
    if !tauri.is_file() {
        eprintln!("xtask: installing the Tauri CLI {TAURI_CLI_VERSION}");
        std::fs::create_dir_all(&cli_dir)
            .map_err(|e| format!("cannot create {}: {e}", cli_dir.display()))?;
        let package = format!("@tauri-apps/cli@{TAURI_CLI_VERSION}");
        let prefix = cli_dir.display().to_string();
        run(
            "npm",
            &[
                "install",
                "--no-audit",
                "--no-fund",
                "--no-save",
                "--prefix",
                &prefix,
                &package,
            ],
            &root,
        )?;
    }
    let tauri = tauri.display().to_string();
    run(&tauri, &["build", "--bundles", "deb"], &root)?;
    eprintln!(
        "xtask: the package is in {}",
        target_dir.join("release/bundle/deb").display()
    );
    Ok(())
}

/// Installs what is missing. `for_tests` adds what only the tests need.
fn setup(for_tests: bool) -> Result {
    install_system_packages()?;
    install_npm_packages()?;
    if for_tests {
        install_tauri_driver()?;
    }
    Ok(())
}

fn install_system_packages() -> Result {
    if !Path::new("/usr/bin/apt-get").exists() || !Path::new("/usr/bin/dpkg-query").exists() {
        eprintln!(
            "xtask: not a Debian/Ubuntu machine; make sure these are installed: {}",
            SYSTEM_PACKAGES.join(" ")
        );
        return Ok(());
    }
    let missing: Vec<&str> = SYSTEM_PACKAGES
        .iter()
        .copied()
        .filter(|package| !debian_package_installed(package))
        .collect();
    let need_node = !program_exists("npm");
    if missing.is_empty() && !need_node {
        return Ok(());
    }
    let mut packages = missing.clone();
    if need_node {
        packages.extend(["nodejs", "npm"]);
    }
    eprintln!("xtask: installing system packages: {}", packages.join(" "));
    let sudo = !is_root();
    let apt = |args: &[&str]| -> Result {
        let mut command = if sudo {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        } else {
            Command::new("apt-get")
        };
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        let status = command
            .status()
            .map_err(|e| format!("cannot run apt-get: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("apt-get {} failed", args.join(" ")))
        }
    };
    apt(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend(packages.iter().copied());
    apt(&install)
}

fn debian_package_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

fn install_npm_packages() -> Result {
    let ui = root().join("ui");
    let lock = ui.join("package-lock.json");
    let installed_marker = ui.join("node_modules/.package-lock.json");
    let up_to_date = match (modified(&lock), modified(&installed_marker)) {
        (Some(lock), Some(installed)) => installed >= lock,
        _ => false,
    };
    if up_to_date {
        return Ok(());
    }
    eprintln!("xtask: installing the UI's npm packages (npm ci)");
    run("npm", &["ci", "--no-audit", "--no-fund"], &ui)
}

fn install_tauri_driver() -> Result {
    let present = program_exists("tauri-driver") || cargo_home().join("bin/tauri-driver").is_file();
    match cargo_installed_version("tauri-driver") {
        Some(version) if present && version == TAURI_DRIVER_VERSION => return Ok(()),
        // Installed some other way (a package manager): use it as it is.
        None if present => return Ok(()),
        _ => {}
    }
    eprintln!("xtask: installing tauri-driver {TAURI_DRIVER_VERSION}");
    run(
        "cargo",
        &[
            "install",
            "tauri-driver",
            "--locked",
            "--force",
            "--version",
            TAURI_DRIVER_VERSION,
        ],
        &root(),
    )
}

fn cargo_home() -> PathBuf {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

/// The version `cargo install` recorded for a binary crate, if it installed it.
fn cargo_installed_version(krate: &str) -> Option<String> {
    let output = Command::new("cargo")
        .args(["install", "--list"])
        .output()
        .ok()?;
    let listing = String::from_utf8_lossy(&output.stdout);
    listing.lines().find_map(|line| {
        let rest = line.strip_prefix(krate)?.strip_prefix(" v")?;
        Some(rest.trim_end_matches(':').to_owned())
    })
}

fn build_ui() -> Result {
    run("npm", &["run", "build"], &root().join("ui"))
}

fn step(name: &str, action: impl FnOnce() -> Result) -> Result {
    eprintln!("\nxtask: ── {name} ──");
    let started = Instant::now();
    action().map_err(|e| format!("{name}: {e}"))?;
    eprintln!("xtask: {name} passed in {:.0?}", started.elapsed());
    Ok(())
}

fn run(program: &str, args: &[&str], dir: &Path) -> Result {
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

fn program_exists(name: &str) -> bool {
    env::var_os("PATH")
        .is_some_and(|path| env::split_paths(&path).any(|dir| dir.join(name).is_file()))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The repository root: two levels above this crate.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
