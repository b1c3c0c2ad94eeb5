//! Declares the window's one command to Tauri's capability ACL, as the app's
//! build script does for its own, so both pay for the same checks.

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(&["first_screen_shown"]));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
