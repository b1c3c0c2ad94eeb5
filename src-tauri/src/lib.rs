//! The desktop shell: a Tauri window over the same core and store as the CLI.
//!
//! This crate stays thin on purpose. It resolves the database path, opens the
//! store, registers the commands in `commands.rs` and runs the window, one
//! per database file (`single_window.rs`). Rules
//! live in `prevent-core`, persistence in `prevent-store`.

#[path = "command_list.rs"]
mod command_list;
pub mod commands;
pub mod error;
pub mod ipc;
mod shell;
mod single_window;
pub mod state;

pub use error::AppError;

/// Every type that crosses IPC, under one path, for the command list.
pub mod wire {
    pub use crate::ipc::AppInfo;
    pub use prevent_app::PlanExportFormat;
    pub use prevent_app::backups::{BackupView, BackupsScreen, RestoreSummary};
    pub use prevent_app::board::BoardReportRequest;
    pub use prevent_app::board_screen::{BoardReportView, DraftSaved};
    pub use prevent_app::training::{NeedsAnalysis, TrainingView};
    pub use prevent_app::training_screens::{
        DateFiguresInput, ImportScreen, QuarterlyRequest, SummaryFormat, TrainingExportUpload,
    };
    pub use prevent_app::{
        AddEvidenceRequest, AnswerSaved, CertificateView, CompleteActionRequest, PdfCheck,
        SaveAnswerRequest, SignOffState, UpdateActionRequest, UploadedFile, UserInput,
    };
    pub use prevent_core::audit::ShownAuditEntry;
    pub use prevent_core::board::BoardReportInput;
    pub use prevent_core::plan::ActionView;
    pub use prevent_core::quarterly::QuarterlyReturn;
    pub use prevent_core::training::TrainingLevel;
    pub use prevent_core::{
        Actor, Assessment, AssessmentDetail, AssessmentPage, AssessmentSummary, AuditEntry,
        CatalogueView, ChainCheck, Evidence, FrameworkSummary, NewAssessmentInput, PlanFilter,
        PlanView, PriorityRules, SignOffInput,
    };
    pub use uuid::Uuid;
}

macro_rules! register_commands {
    ($($kind:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty;)*) => {
        tauri::generate_handler![$(commands::$name),*]
    };
}

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
    let single_window = single_window::plugin(&database_path);
    let app_state = AppState::open(database_path);
    let result = tauri::Builder::default()
        .plugin(single_window)
        .manage(app_state)
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(for_each_command!(register_commands))
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("prevent-self-assessment: the window could not be started: {error}");
        std::process::exit(1);
    }
}
