//! The commands that need the window or the desktop rather than the store
//! alone: what the app knows at start-up, and saving an attached file back out
//! through the native save dialog (opened from Rust, so the window itself is
//! granted no dialog or file-system permission).

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;
use uuid::Uuid;

use crate::error::AppError;
use crate::ipc::AppInfo;
use crate::state::AppState;

pub async fn app_info(_app: AppHandle, state: &AppState) -> Result<AppInfo, AppError> {
    let user = match state.startup_error() {
        Some(_) => None,
        None => state.run(|service| service.get_user()).await?,
    };
    Ok(AppInfo {
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        database_path: state.database_path().display().to_string(),
        frameworks: prevent_app::frameworks()?
            .all()
            .iter()
            .map(|f| f.summary())
            .collect(),
        user,
        startup_error: state.startup_error(),
    })
}

/// Asks where to save an attached file and writes it there. `None` when the
/// person cancels the dialog.
pub async fn save_evidence_file(
    app: AppHandle,
    state: &AppState,
    id: Uuid,
) -> Result<Option<String>, AppError> {
    let (info, bytes) = state.run(move |service| service.evidence_file(id)).await?;
    tauri::async_runtime::spawn_blocking(move || {
        let Some(chosen) = app
            .dialog()
            .file()
            .set_title("Save the attached file")
            .set_file_name(&info.name)
            .blocking_save_file()
        else {
            return Ok(None);
        };
        let path = chosen.into_path().map_err(|e| {
            AppError::internal(format!("The chosen place cannot be written to: {e}"))
        })?;
        std::fs::write(&path, &bytes).map_err(|e| {
            AppError::new(
                prevent_core::ErrorKind::InvalidInput,
                format!(
                    "The file could not be saved to {}: {e}. Choose another folder.",
                    path.display()
                ),
            )
        })?;
        Ok(Some(path.display().to_string()))
    })
    .await
    .map_err(|e| AppError::internal(format!("Saving the file stopped unexpectedly: {e}")))?
}
