//! The commands that need the window or the desktop rather than the store
//! alone: what the app knows at start-up; the first screen's "ready" for
//! the cold-start benchmark; backups, restoring one and opening another
//! database file, which work on the file rather than the open service; and
//! saving an attached file or an exported action plan through the native
//! dialogs (opened from Rust, so the window itself is granted no dialog or
//! file-system permission).

use prevent_app::PlanExportFormat;
use prevent_app::backups::{BackupView, BackupsScreen, RestoreSummary};
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;
use uuid::Uuid;

use crate::error::AppError;
use crate::ipc::AppInfo;
use crate::state::AppState;

pub async fn app_info(_app: AppHandle, state: &AppState) -> Result<AppInfo, AppError> {
    let startup_error = state.startup_error()?;
    let (user, storage_warning) = match &startup_error {
        Some(_) => (None, None),
        None => {
            state
                .run(|service| Ok((service.get_user()?, service.store().network_warning())))
                .await?
        }
    };
    Ok(AppInfo {
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        database_path: state.database_path()?.display().to_string(),
        frameworks: prevent_app::frameworks()?
            .all()
            .iter()
            .map(|f| f.summary())
            .collect(),
        user,
        startup_error,
        storage_warning,
    })
}

/// The Backups screen: the database's backups, newest first.
pub async fn list_backups(_app: AppHandle, state: &AppState) -> Result<BackupsScreen, AppError> {
    state.with_path(prevent_app::backups::backups_screen).await
}

/// The newest backup that passes its check, offered when the database was
/// refused at start-up. Checks each backup in turn, so it reads files.
pub async fn latest_good_backup(
    _app: AppHandle,
    state: &AppState,
) -> Result<Option<BackupView>, AppError> {
    state
        .with_path(|path| Ok(prevent_app::backups::latest_good_backup(path)))
        .await
}

/// A backup made now, on request.
pub async fn create_backup(_app: AppHandle, state: &AppState) -> Result<BackupView, AppError> {
    state
        .with_path(|path| prevent_app::backups::create_backup(path, chrono::Utc::now()))
        .await
}

/// Replaces the database with the backup `name`, the current file backed up
/// first, and opens it again.
pub async fn restore_backup(
    _app: AppHandle,
    state: &AppState,
    name: String,
) -> Result<RestoreSummary, AppError> {
    state.restore_backup(name).await
}

/// Asks which database file to open and opens it in place of the one in
/// use. `None` when the person cancels the dialog. A file that is refused
/// is reported as at start-up, and nothing in it is changed.
pub async fn open_database_file(
    app: AppHandle,
    state: &AppState,
) -> Result<Option<String>, AppError> {
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Open a database file")
            .add_filter(
                "Prevent Self-Assessment database",
                &["sqlite3", "sqlite", "db"],
            )
            .blocking_pick_file()
    })
    .await
    .map_err(|e| AppError::internal(format!("Choosing a file stopped unexpectedly: {e}")))?;
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    let path = chosen
        .into_path()
        .map_err(|e| AppError::internal(format!("The chosen file cannot be opened: {e}")))?;
    state.open_other(path.clone()).await?;
    Ok(Some(path.display().to_string()))
}

/// Set to `1` by `cargo xtask bench` to time a cold start: the app then
/// prints [`FIRST_SCREEN_LINE`] and exits once its first screen is ready.
pub const STARTUP_PROBE: &str = "PREVENT_SA_STARTUP_PROBE";

/// What the probe prints on stdout, the moment the first screen is ready.
pub const FIRST_SCREEN_LINE: &str = "first screen interactive";

/// The window calls this once its first page is shown and has focus: the
/// day's backup may start from then on. Under [`STARTUP_PROBE`] `1` (which
/// the window cannot set) the app says so and exits instead.
pub async fn first_screen_shown(app: AppHandle, state: &AppState) -> Result<(), AppError> {
    if std::env::var_os(STARTUP_PROBE).is_some_and(|v| v == "1") {
        println!("{FIRST_SCREEN_LINE}");
        app.exit(0);
        return Ok(());
    }
    state.first_screen_shown().await;
    Ok(())
}

/// Asks where to save an attached file and writes it there. `None` when the
/// person cancels the dialog.
pub async fn save_evidence_file(
    app: AppHandle,
    state: &AppState,
    id: Uuid,
) -> Result<Option<String>, AppError> {
    let (info, bytes) = state.run(move |service| service.evidence_file(id)).await?;
    save_through_dialog(
        app,
        SaveAs {
            title: "Save the attached file",
            what: "the file",
            suggested_name: info.name,
            filter: None,
        },
        bytes,
    )
    .await
}

/// Exports an assessment's action plan (or, with no id, every assessment's),
/// as filtered on screen, and asks where to save it. `None` when the person
/// cancels the dialog. The export runs on the service's blocking thread.
pub async fn export_plan(
    app: AppHandle,
    state: &AppState,
    id: Option<Uuid>,
    format: PlanExportFormat,
    filter: prevent_core::PlanFilter,
) -> Result<Option<String>, AppError> {
    let file = state
        .run(move |service| service.export_plan(id, format, filter))
        .await?;
    save_through_dialog(
        app,
        SaveAs {
            title: "Save the action plan",
            what: "the action plan",
            suggested_name: file.suggested_name,
            filter: Some((format.label(), format.extension())),
        },
        file.bytes,
    )
    .await
}

/// Exports an assessment's report as a PDF (sealed and signed once signed
/// off, a draft before) and asks where to save it. Rendering and signing run
/// on the service's blocking thread. `None` when the person cancels.
pub async fn export_pdf(
    app: AppHandle,
    state: &AppState,
    id: Uuid,
) -> Result<Option<String>, AppError> {
    let file = state.run(move |service| service.export_pdf(id)).await?;
    save_through_dialog(
        app,
        SaveAs {
            title: "Save the report",
            what: "the report",
            suggested_name: file.suggested_name,
            filter: Some(("PDF document", "pdf")),
        },
        file.bytes,
    )
    .await
}

/// Draws the year's report to the board (a draft, or signed off and
/// sealed) and asks where to save it. Gathering, drawing and signing run on
/// the service's blocking thread. `None` when the person cancels.
pub async fn export_board_report(
    app: AppHandle,
    state: &AppState,
    request: prevent_app::board::BoardReportRequest,
) -> Result<Option<String>, AppError> {
    let file = state
        .run(move |service| service.board_report(&request))
        .await?;
    save_through_dialog(
        app,
        SaveAs {
            title: "Save the report to the board",
            what: "the report to the board",
            suggested_name: file.suggested_name,
            filter: Some(("PDF document", "pdf")),
        },
        file.bytes,
    )
    .await
}

/// Writes the quarterly summary for the upward return as CSV or Excel and
/// asks where to save it. `None` when the person cancels.
pub async fn export_quarterly_return(
    app: AppHandle,
    state: &AppState,
    request: prevent_app::training_screens::QuarterlyRequest,
    format: prevent_app::training_screens::SummaryFormat,
) -> Result<Option<String>, AppError> {
    let file = state
        .run(move |service| service.quarterly_file(&request, format))
        .await?;
    let filter = match format {
        prevent_app::training_screens::SummaryFormat::Csv => ("CSV file", "csv"),
        prevent_app::training_screens::SummaryFormat::Xlsx => ("Excel workbook", "xlsx"),
    };
    save_through_dialog(
        app,
        SaveAs {
            title: "Save the quarterly summary",
            what: "the quarterly summary",
            suggested_name: file.suggested_name,
            filter: Some(filter),
        },
        file.bytes,
    )
    .await
}

/// What the save dialog offers.
struct SaveAs {
    title: &'static str,
    /// What is being saved, for messages: "the file", "the action plan".
    what: &'static str,
    suggested_name: String,
    /// The file type's label and extension.
    filter: Option<(&'static str, &'static str)>,
}

/// Asks where to save `bytes` and writes them there whole or not at all.
/// The dialog and the write run on a blocking thread, never the window's.
/// `None` when the person cancels.
async fn save_through_dialog(
    app: AppHandle,
    save_as: SaveAs,
    bytes: Vec<u8>,
) -> Result<Option<String>, AppError> {
    let what = save_as.what;
    tauri::async_runtime::spawn_blocking(move || {
        let mut dialog = app
            .dialog()
            .file()
            .set_title(save_as.title)
            .set_file_name(&save_as.suggested_name);
        if let Some((label, extension)) = save_as.filter {
            dialog = dialog.add_filter(label, &[extension]);
        }
        let Some(chosen) = dialog.blocking_save_file() else {
            return Ok(None);
        };
        let path = chosen.into_path().map_err(|e| {
            AppError::internal(format!("The chosen place cannot be written to: {e}"))
        })?;
        prevent_app::files::save_to_chosen_place(&path, &bytes, what)?;
        Ok(Some(path.display().to_string()))
    })
    .await
    .map_err(|e| AppError::internal(format!("Saving {what} stopped unexpectedly: {e}")))?
}
