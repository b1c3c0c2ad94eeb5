//! The yardstick of the cold-start benchmark (`cargo xtask bench`): the
//! smallest Tauri window, built the way the app is (same Tauri, same CSP and
//! capability checks, its page embedded), whose page calls one command once
//! it is shown. Under `PREVENT_SA_STARTUP_PROBE=1` it then prints the line
//! the app prints and exits, so the two are timed alike.

#[tauri::command]
fn first_screen_shown(app: tauri::AppHandle) {
    if std::env::var_os("PREVENT_SA_STARTUP_PROBE").is_some_and(|v| v == "1") {
        println!("first screen interactive");
        app.exit(0);
    }
}

fn main() {
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![first_screen_shown])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("prevent-sa-minimal-window: the window could not be started: {error}");
        std::process::exit(1);
    }
}
