//! The desktop shell: a Tauri window over the same core and store as the CLI.
//!
//! This crate stays thin on purpose. It resolves the database path, opens the
//! store, registers the commands in `commands.rs` and runs the window. Rules
//! live in `prevent-core`, persistence in `prevent-store`.

pub mod commands;
pub mod error;
pub mod ipc;
pub mod state;

pub use error::AppError;

use state::AppState;

/// Starts the desktop app. Exits with a message on stderr if the window cannot be created.
pub fn run() {
    let Some(database_path) = state::database_path_from_args(std::env::args_os()) else {
        eprintln!(
            "prevent-self-assessment: cannot find a folder for app data; pass --db PATH or set {}",
            prevent_store::DATABASE_ENV_VAR
        );
        std::process::exit(2);
    };
    let app_state = AppState::open(database_path);
    let result = tauri::Builder::default()
        .manage(app_state)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::list_frameworks,
            commands::get_catalogue,
            commands::list_assessments,
            commands::create_assessment,
            commands::get_assessment,
            commands::save_answer,
            commands::get_audit_trail,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("prevent-self-assessment: the window could not be started: {error}");
        std::process::exit(1);
    }
}
