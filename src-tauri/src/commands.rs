//! The commands the window may invoke. Each is a few lines: unpack the request,
//! call the core or the store, hand back the result. The clock is read here, at
//! the edge, and passed in.

use chrono::Utc;
use prevent_core::{
    AnswerRecord, Assessment, AssessmentDetail, AssessmentSummary, AuditEntry, CatalogueView,
    FrameworkSummary, Frameworks, NewAssessment, NewAssessmentInput, RuleError,
};
use tauri::State;
use uuid::Uuid;

use crate::error::AppError;
use crate::ipc::{AppInfo, SaveAnswerRequest};
use crate::state::AppState;

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, AppError> {
    Ok(AppInfo {
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        database_path: state.database_path().display().to_string(),
        frameworks: list_frameworks()?,
        startup_error: state.startup_error(),
    })
}

#[tauri::command]
pub fn list_frameworks() -> Result<Vec<FrameworkSummary>, AppError> {
    Ok(Frameworks::embedded()?
        .all()
        .iter()
        .map(|f| f.summary())
        .collect())
}

#[tauri::command]
pub fn get_catalogue(framework_id: String) -> Result<CatalogueView, AppError> {
    let frameworks = Frameworks::embedded()?;
    let framework = frameworks
        .get(&framework_id)
        .ok_or_else(|| RuleError::UnknownFramework {
            id: framework_id.clone(),
            known: frameworks.ids().join(", "),
        })?;
    Ok(framework.view())
}

#[tauri::command]
pub fn list_assessments(state: State<'_, AppState>) -> Result<Vec<AssessmentSummary>, AppError> {
    state.with_store(|store| Ok(store.list_assessments()?))
}

#[tauri::command]
pub fn create_assessment(
    state: State<'_, AppState>,
    input: NewAssessmentInput,
) -> Result<Assessment, AppError> {
    state.with_store(|store| {
        let new = NewAssessment::validate(store.frameworks(), &input)?;
        Ok(store.create_assessment(&new, &new.assessor, Utc::now())?)
    })
}

#[tauri::command]
pub fn get_assessment(state: State<'_, AppState>, id: Uuid) -> Result<AssessmentDetail, AppError> {
    state.with_store(|store| Ok(store.assessment_detail(id)?))
}

#[tauri::command]
pub fn save_answer(
    state: State<'_, AppState>,
    request: SaveAnswerRequest,
) -> Result<AnswerRecord, AppError> {
    state.with_store(|store| {
        let saved = store.save_answer(
            request.assessment_id,
            &request.entry_id,
            request.answer,
            &request.actor,
            Utc::now(),
        )?;
        Ok(saved.record)
    })
}

#[tauri::command]
pub fn get_audit_trail(state: State<'_, AppState>, id: Uuid) -> Result<Vec<AuditEntry>, AppError> {
    state.with_store(|store| Ok(store.audit_trail(id)?))
}
