//! Drives the real app window: a private X server (Xvfb), a private D-Bus
//! session bus, tauri-driver in front of WebKitWebDriver, and fantoccini as
//! the WebDriver client. Each app session gets the database path as a `--db`
//! argument and private XDG folders, so a run never touches the developer's
//! own data. The session bus is where the app keeps one window per database
//! file (`src-tauri/src/single_window.rs`), as on a desktop; a private one
//! keeps each test's windows apart from every other test's and the developer's.
//!
//! `cargo xtask test` installs Xvfb, dbus, WebKitWebDriver and tauri-driver
//! and builds the UI first; run alone, the harness says which of them is missing.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T> = std::result::Result<T, Error>;

const STEP_TIMEOUT: Duration = Duration::from_secs(30);

/// Two WebKit windows starting at the same moment crash each other's web
/// process ("session deleted because of page crash or hang"), even on separate
/// X displays; the tests therefore take turns.
static ONE_WINDOW_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A running Xvfb and tauri-driver; both are stopped on drop.
pub struct Harness {
    _turn: MutexGuard<'static, ()>,
    xvfb: Child,
    bus: Child,
    bus_address: String,
    driver: Child,
    port: u16,
    display: u32,
    home: tempfile::TempDir,
    screenshots: PathBuf,
}

impl Harness {
    pub fn start(name: &str) -> Result<Harness> {
        // A test that failed while holding the lock leaves nothing behind to protect.
        let turn = ONE_WINDOW_AT_A_TIME
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let tauri_driver = find_program("tauri-driver")?;
        find_program("WebKitWebDriver")?;
        let xvfb_program = find_program("Xvfb")?;
        let dbus_daemon = find_program("dbus-daemon")?;

        let display = free_display();
        let xvfb = Command::new(xvfb_program)
            .arg(format!(":{display}"))
            .args(["-screen", "0", "1280x1024x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        wait_until(Duration::from_secs(10), || {
            Path::new(&format!("/tmp/.X11-unix/X{display}")).exists()
        })
        .map_err(|_| format!("Xvfb did not start on display :{display}"))?;

        let home = tempfile::TempDir::new()?;
        let bus_socket = home.path().join("bus");
        let bus_address = format!("unix:path={}", bus_socket.display());
        let bus = Command::new(dbus_daemon)
            .args(["--session", "--nofork", "--nopidfile"])
            .arg(format!("--address={bus_address}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        wait_until(Duration::from_secs(10), || bus_socket.exists())
            .map_err(|_| "dbus-daemon did not start its session bus")?;

        let port = free_port()?;
        let native_port = free_port()?;
        let driver = Command::new(tauri_driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .envs(desktop_env(display, &bus_address, home.path()))
            .env_remove("PREVENT_SA_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        wait_until(Duration::from_secs(20), || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        })
        .map_err(|_| "tauri-driver did not start listening")?;

        let screenshots = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("e2e-screenshots")
            .join(name);
        std::fs::create_dir_all(&screenshots)?;
        Ok(Harness {
            _turn: turn,
            xvfb,
            bus,
            bus_address,
            driver,
            port,
            display,
            home,
            screenshots,
        })
    }

    /// Starts the app on `database` and connects to its window.
    pub async fn launch(&self, database: &Path) -> Result<App> {
        self.launch_binary(&app_binary(), database).await
    }

    /// Starts `application` (an app binary, such as one unpacked from the
    /// .deb) on `database` and connects to its window.
    pub async fn launch_binary(&self, application: &Path, database: &Path) -> Result<App> {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("wry"));
        capabilities.insert(
            "tauri:options".into(),
            json!({
                "application": application,
                "args": ["--db", database],
            }),
        );
        let client = ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await?;
        Ok(App {
            client,
            screenshots: self.screenshots.clone(),
        })
    }

    pub fn scratch_dir(&self) -> &Path {
        self.home.path()
    }

    /// `program` set to run on this harness's display and session bus, with
    /// its private XDG folders, as a second start of the app from a desktop.
    pub fn desktop_command(&self, program: &Path) -> Command {
        let mut command = Command::new(program);
        command
            .envs(desktop_env(
                self.display,
                &self.bus_address,
                self.home.path(),
            ))
            .env_remove("PREVENT_SA_DB");
        command
    }

    /// The private session bus's address, for `DBUS_SESSION_BUS_ADDRESS`.
    pub fn bus_address(&self) -> &str {
        &self.bus_address
    }

    /// The X display the app's windows open on, e.g. `:3`, for driving a
    /// native dialog as a person would (xdotool).
    pub fn display(&self) -> String {
        format!(":{}", self.display)
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = self.bus.kill();
        let _ = self.bus.wait();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

/// One running app window.
pub struct App {
    pub client: Client,
    screenshots: PathBuf,
}

impl App {
    /// Waits for an element with this id to be present.
    pub async fn element(&self, id: &str) -> Result<Element> {
        let selector = format!("[id=\"{id}\"]");
        self.client
            .wait()
            .at_most(STEP_TIMEOUT)
            .for_element(Locator::Css(&selector))
            .await
            .map_err(|e| format!("no element #{id} within {STEP_TIMEOUT:?}: {e:?}").into())
    }

    pub async fn click(&self, id: &str) -> Result<()> {
        self.element(id).await?.click().await?;
        Ok(())
    }

    /// Replaces the text of an input or textarea.
    pub async fn fill(&self, id: &str, text: &str) -> Result<()> {
        let element = self.element(id).await?;
        element.clear().await?;
        if !text.is_empty() {
            element.send_keys(text).await?;
        }
        Ok(())
    }

    pub async fn value(&self, id: &str) -> Result<String> {
        Ok(self
            .element(id)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    /// Waits until the element's text satisfies `check`; returns the last text seen.
    pub async fn wait_for_text(
        &self,
        selector: &str,
        check: impl Fn(&str) -> bool,
    ) -> Result<String> {
        let deadline = Instant::now() + STEP_TIMEOUT;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(selector)).await
                && let Ok(text) = element.text().await
            {
                if check(text.trim()) {
                    return Ok(text.trim().to_owned());
                }
                last = text;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Err(format!("{selector} never had the expected text; last seen {last:?}").into())
    }

    /// Scrolls the element into view, for a screenshot of it.
    pub async fn scroll_to(&self, id: &str) -> Result<()> {
        let element = self.element(id).await?;
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -24);",
                vec![serde_json::to_value(element)?],
            )
            .await?;
        Ok(())
    }

    /// Saves a screenshot, for a person looking into a failure.
    pub async fn screenshot(&self, step: &str) {
        // WebKit's snapshot can lag the first paint of a page by a frame or two.
        tokio::time::sleep(Duration::from_millis(400)).await;
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(self.screenshots.join(format!("{step}.png")), png);
        }
    }

    /// Runs axe-core (from the UI's node_modules) on the current page and fails
    /// with every violation's rule, impact and first target when there are any.
    pub async fn axe(&self, screen: &str) -> Result<()> {
        let axe_path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&axe_path).map_err(|e| {
            format!(
                "{}: {e}; `cargo xtask test` installs the UI's npm packages",
                axe_path.display()
            )
        })?;
        self.client
            .execute(&format!("{source}\nreturn true;"), vec![])
            .await?;
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                    .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, target: v.nodes.map(n => n.target.join(' ')).slice(0, 3) }))))
                    .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), target: [] }]));",
                vec![],
            )
            .await?;
        let violations = result.as_array().cloned().unwrap_or_default();
        if violations.is_empty() {
            Ok(())
        } else {
            self.screenshot(&format!("axe-{screen}")).await;
            Err(format!(
                "axe-core found {} violation(s) on {screen}: {}",
                violations.len(),
                serde_json::to_string_pretty(&violations)?
            )
            .into())
        }
    }

    /// The id of the focused element ("" when none).
    pub async fn focused_id(&self) -> Result<String> {
        let focused = self
            .client
            .execute(
                "return document.activeElement ? document.activeElement.id : ''",
                vec![],
            )
            .await?;
        Ok(focused.as_str().unwrap_or_default().to_owned())
    }

    /// Ends the session; the driver closes the app.
    pub async fn quit(self) -> Result<()> {
        self.client.close().await?;
        Ok(())
    }
}

/// The app binary cargo built for these tests, or the one named by
/// `PREVENT_SA_E2E_APP` (to drive a release build or an installed package).
pub fn app_binary() -> PathBuf {
    std::env::var_os("PREVENT_SA_E2E_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_prevent-self-assessment")))
}

/// The `prevent-sa` binary from the same build, built now if this test runs alone.
pub fn cli_binary() -> Result<PathBuf> {
    let dir = Path::new(env!("CARGO_BIN_EXE_prevent-self-assessment"))
        .parent()
        .map(Path::to_path_buf)
        .ok_or("no target dir")?;
    let cli = dir.join("prevent-sa");
    if !cli.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(cargo)
            .args(["build", "--package", "prevent-sa"])
            .status()?;
        if !status.success() {
            return Err("building prevent-sa failed".into());
        }
    }
    Ok(cli)
}

/// Runs `prevent-sa --db DATABASE ARGS…`; fails with its stderr unless it
/// succeeds, and returns what it printed.
pub fn prevent_sa(database: &Path, args: &[&str]) -> Result<String> {
    prevent_sa_from(&cli_binary()?, database, args)
}

/// [`prevent_sa`] with the `prevent-sa` binary at `cli` (one unpacked from
/// the .deb, say).
pub fn prevent_sa_from(cli: &Path, database: &Path, args: &[&str]) -> Result<String> {
    // A signing key the CLI makes belongs in a folder of the test's own,
    // never in the real home folder.
    let data_home = database
        .parent()
        .map_or_else(|| PathBuf::from("cli-data"), |p| p.join("cli-data"));
    let output = Command::new(cli)
        .arg("--db")
        .arg(database)
        .args(args)
        .env("XDG_DATA_HOME", data_home)
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "prevent-sa {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(String::from_utf8(output.stdout)?)
}

/// The one assessment in `database`, as `prevent-sa show --json` prints it.
pub fn only_assessment(database: &Path) -> Result<serde_json::Value> {
    let list: serde_json::Value =
        serde_json::from_str(&prevent_sa(database, &["list", "--json"])?)?;
    let id = list[0]["assessment"]["id"]
        .as_str()
        .ok_or("no assessment listed")?
        .to_owned();
    Ok(serde_json::from_str(&prevent_sa(
        database,
        &["show", &id, "--json"],
    )?)?)
}

fn find_program(name: &str) -> Result<PathBuf> {
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(name))
                .collect()
        })
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(Path::new(&home).join(".cargo/bin").join(name));
    }
    candidates
        .into_iter()
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            format!("{name} is not installed; `cargo xtask test` installs everything the end-to-end tests need").into()
        })
}

/// What a desktop session gives the programs it starts: the display, the
/// session bus and the XDG folders (here private to the harness).
fn desktop_env(display: u32, bus_address: &str, home: &Path) -> Vec<(&'static str, String)> {
    let folder = |name: &str| home.join(name).display().to_string();
    vec![
        ("DISPLAY", format!(":{display}")),
        ("DBUS_SESSION_BUS_ADDRESS", bus_address.to_owned()),
        ("XDG_DATA_HOME", folder("data")),
        ("XDG_CONFIG_HOME", folder("config")),
        ("XDG_CACHE_HOME", folder("cache")),
    ]
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port())
}

fn free_display() -> u32 {
    let start = 90 + std::process::id() % 400;
    (start..start + 100)
        .find(|n| {
            !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
        })
        .unwrap_or(start)
}

fn wait_until(limit: Duration, ready: impl Fn() -> bool) -> std::result::Result<(), ()> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if ready() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(())
}
