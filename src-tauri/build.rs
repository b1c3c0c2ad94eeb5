//! Build script of the desktop app: declares the app's own commands to Tauri's
//! capability ACL (each gets an allow/deny permission that
//! `src-tauri/capabilities/main-window.json` grants explicitly) and makes sure
//! the frontend folder exists, so `generate_context!` compiles on a fresh clone
//! before the UI has been built.

use std::{fs, path::Path};

// The command list, declared once in src/command_list.rs; only the names are read here.
include!("src/command_list.rs");

macro_rules! command_names {
    ($($kind:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty;)*) => {
        &[$(stringify!($name)),*]
    };
}

/// Every command the shell registers; a command missing here cannot be invoked.
const COMMANDS: &[&str] = for_each_command!(command_names);

const PLACEHOLDER_PAGE: &str = "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Prevent Self-Assessment</title></head>\n<body><p>The interface has not been built yet. Run <code>cargo xtask run</code>, which builds it and starts the app.</p></body></html>\n";

fn main() {
    let dist = Path::new("ui/dist");
    if !dist.join("index.html").exists() {
        fs::create_dir_all(dist).expect("create ui/dist");
        fs::write(dist.join("index.html"), PLACEHOLDER_PAGE).expect("write placeholder page");
    }
    // generate_context! embeds ui/dist when the crate compiles; watching the
    // folder makes a rebuilt UI recompile the app instead of shipping stale assets.
    println!("cargo:rerun-if-changed=ui/dist");
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/src/command_list.rs");

    // Windows builds: the exe's icon (and the window's, which Tauri reads
    // from the exe's resources), in .ico form beside the PNGs.
    let windows =
        tauri_build::WindowsAttributes::new().window_icon_path("src-tauri/icons/icon.ico");
    let attributes = tauri_build::Attributes::new()
        .windows_attributes(windows)
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
