//! Only one window per database file. A second start of the app on a file
//! that a window already has open hands over to that window (which comes to
//! the front) and exits with status 0; two windows on one file would each
//! show the other's changes only after a reload, and people would lose track
//! of which one they typed into. The CLI is not affected: it may run alongside.
//!
//! tauri-plugin-single-instance does the work, rather than a lock file of our
//! own: a lock file outlives a crash and then needs stale-lock detection, and
//! handing the "come to the front" request to the running window needs a
//! channel between processes as well. The plugin owns a well-known name on
//! the D-Bus session bus instead, which the bus releases the moment the
//! process dies, and it forwards the request over that same connection
//! (a Unix socket: no network).
//!
//! The plugin keys on the app identifier by default: one window per computer
//! user. We key on the database file instead (a digest of its canonical path
//! in the D-Bus name), so someone can still open two different files side by
//! side, and so the end-to-end tests, each on a data folder of its own, run in
//! parallel. Without a session bus (a bare server, a CI job without one) the
//! plugin cannot find other instances and the app starts as usual. The
//! per-file key applies on Linux; on Windows and macOS the plugin keys on the
//! identifier alone.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tauri::{AppHandle, Manager, Runtime, plugin::TauriPlugin};

/// The plugin, keyed on `database`. Register it before any other plugin: a
/// second instance must exit before the rest of the app is set up.
pub fn plugin<R: Runtime>(database: &Path) -> TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(instance_id(database))
        .callback(|app, _args, _cwd| bring_to_front(app))
        .build()
}

/// Shows the main window, restored and focused, when a second start hands over.
fn bring_to_front<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// The D-Bus name prefix for a database file: the same for every spelling of
/// one file's path (relative, through a symlink), different for two files.
pub fn instance_id(database: &Path) -> String {
    let path = canonical(database);
    let digest = Sha256::digest(path.as_os_str().as_encoded_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    // A D-Bus name element may not start with a digit, hence the `db_`.
    format!("uk.nhs.prevent_self_assessment.db_{hex}")
}

/// The file's canonical path; before the file exists, its folder's canonical
/// path and its name; failing that, the path made absolute as it stands.
fn canonical(database: &Path) -> PathBuf {
    if let Ok(path) = database.canonicalize() {
        return path;
    }
    let in_folder = database
        .parent()
        .zip(database.file_name())
        .and_then(|(parent, name)| {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            parent.canonicalize().ok().map(|p| p.join(name))
        });
    in_folder
        .or_else(|| std::path::absolute(database).ok())
        .unwrap_or_else(|| database.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_one_key_whatever_the_spelling_and_two_files_two_keys() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let file = dir.path().join("prevent.sqlite3");
        let before = instance_id(&file);
        std::fs::write(&file, b"").expect("create");
        assert_eq!(
            instance_id(&file),
            before,
            "same key before and after creation"
        );
        let roundabout = dir.path().join("sub/../prevent.sqlite3");
        std::fs::create_dir(dir.path().join("sub")).expect("sub");
        assert_eq!(instance_id(&roundabout), before);
        #[cfg(unix)]
        {
            let link = dir.path().join("link.sqlite3");
            std::os::unix::fs::symlink(&file, &link).expect("symlink");
            assert_eq!(instance_id(&link), before);
        }
        assert_ne!(instance_id(&dir.path().join("other.sqlite3")), before);
    }

    #[test]
    fn the_key_is_a_valid_dbus_name() {
        let id = instance_id(Path::new("/tmp/ü ber/1 two-three.sqlite3"));
        let name = format!("{id}.SingleInstance");
        assert!(name.len() <= 255);
        for element in name.split('.') {
            assert!(!element.is_empty());
            assert!(!element.starts_with(|c: char| c.is_ascii_digit()), "{name}");
            assert!(
                element
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{name}"
            );
        }
    }
}
