//! The Debian package as a person gets it: unpacked with `dpkg -x` into a
//! throwaway folder, its desktop entry and icon in place, its CLI
//! (`/usr/bin/prevent-sa`) through a whole journey, then its app started in
//! a real window on what the CLI wrote, to its first screen.
//!
//! `cargo xtask test` builds the package from the binaries these tests run
//! (`tauri bundle --debug`) and names it in `PREVENT_SA_DEB`, so there this
//! test always runs and a missing package fails it. Run alone, it checks the
//! package last built into the target folder (`cargo xtask bundle`), and is
//! skipped, saying so, only when none has been built.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::harness::{self, Harness, Result, prevent_sa_from};
use super::{ORGANISATION, answer_every_entry_from, new_assessment_from, wait_for_start};

/// The package to check: `PREVENT_SA_DEB`, else the newest one in the target
/// folder's bundle folders; `None` when there is none.
fn package() -> Result<Option<PathBuf>> {
    if let Some(named) = std::env::var_os("PREVENT_SA_DEB").filter(|v| !v.is_empty()) {
        let named = PathBuf::from(named);
        if !named.is_file() {
            return Err(format!("PREVENT_SA_DEB names no file: {}", named.display()).into());
        }
        return Ok(Some(named));
    }
    let debug = harness::app_binary()
        .parent()
        .map(Path::to_path_buf)
        .ok_or("no target folder")?;
    let built = [debug.clone(), debug.with_file_name("release")]
        .into_iter()
        .filter_map(|profile| std::fs::read_dir(profile.join("bundle/deb")).ok())
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "deb"))
        .max_by_key(|path| std::fs::metadata(path).and_then(|m| m.modified()).ok());
    Ok(built)
}

fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_debian_package_holds_a_working_app_and_cli_a_desktop_entry_and_an_icon() -> Result<()>
{
    let Some(deb) = package()? else {
        eprintln!(
            "SKIPPED the .deb test: no package has been built. `cargo xtask test` builds \
             one and runs this test on it; `cargo xtask bundle` builds the release one."
        );
        return Ok(());
    };
    let size = std::fs::metadata(&deb)?.len();
    eprintln!(
        "the .deb: {} ({size} bytes, {:.1} MB)",
        deb.display(),
        size as f64 / 1_000_000.0
    );

    let harness = Harness::start("deb")?;
    let unpacked = harness.scratch_dir().join("unpacked");
    let status = Command::new("dpkg")
        .arg("-x")
        .arg(&deb)
        .arg(&unpacked)
        .status()
        .map_err(|e| format!("cannot run dpkg: {e}"))?;
    assert!(status.success(), "dpkg -x {}: {status}", deb.display());

    // The desktop entry names the app, starts the binary on the PATH and
    // shows an icon the package installs.
    let entries: Vec<PathBuf> = std::fs::read_dir(unpacked.join("usr/share/applications"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "desktop"))
        .collect();
    assert_eq!(entries.len(), 1, "one desktop entry: {entries:?}");
    let entry = std::fs::read_to_string(&entries[0])?;
    let field = |key: &str| {
        entry
            .lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix('='))
            .map(str::trim)
            .ok_or(format!("the desktop entry has no {key}: {entry}"))
    };
    assert_eq!(field("Type")?, "Application");
    assert_eq!(field("Name")?, "Prevent Self-Assessment");
    let program = field("Exec")?
        .split_whitespace()
        .next()
        .ok_or("an empty Exec")?
        .to_owned();
    let app = unpacked.join("usr/bin").join(&program);
    assert!(is_executable(&app), "Exec={program} is in /usr/bin");
    let icon = field("Icon")?;
    let icons: Vec<PathBuf> = std::fs::read_dir(unpacked.join("usr/share/icons/hicolor"))?
        .filter_map(|size| size.ok())
        .map(|size| size.path().join("apps").join(format!("{icon}.png")))
        .filter(|path| path.is_file())
        .collect();
    assert!(!icons.is_empty(), "Icon={icon} is installed");
    for png in &icons {
        let bytes = std::fs::read(png)?;
        assert!(
            bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            "{} is a PNG",
            png.display()
        );
    }

    // The CLI on the PATH, through a whole journey to a checked report.
    let cli = unpacked.join("usr/bin/prevent-sa");
    assert!(is_executable(&cli), "/usr/bin/prevent-sa is in the package");
    let database = harness.scratch_dir().join("from-the-deb.sqlite3");
    let run = |args: &[&str]| prevent_sa_from(&cli, &database, args);
    run(&["user", "set", "--name", "Alex Morgan", "--role", "Assessor"])?;
    let id = new_assessment_from(&cli, &database, "2026-11-20")?;
    answer_every_entry_from(&cli, &database, &id, &["1"])?;
    run(&["complete", &id])?;
    run(&["sign", &id, "--name", "Alex Morgan", "--role", "Assessor"])?;
    let pdf = harness.scratch_dir().join("report.pdf");
    run(&["export-pdf", &id, "--out", pdf.to_str().ok_or("path")?])?;
    let verified = run(&["verify", pdf.to_str().ok_or("path")?])?;
    assert!(verified.starts_with("Valid"), "{verified}");

    // The app from the package, in a real window, on what its CLI wrote.
    let window = harness.launch_binary(&app, &database).await?;
    wait_for_start(&window).await?;
    window
        .wait_for_text("main", |text| text.contains(ORGANISATION))
        .await?;
    // A new window's first snapshots lag its first paint by a second or so.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    window.screenshot("first-screen").await;
    window.quit().await?;
    Ok(())
}
