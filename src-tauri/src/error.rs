//! The one error type that crosses IPC. The UI matches on `kind`, shows
//! `message` as written (it is already in the user's words) and, when `field`
//! is set, links the error summary to that form field.

use prevent_core::{CatalogueError, ErrorKind, RuleError};
use prevent_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub kind: ErrorKind,
    pub message: String,
    /// The form field at fault, e.g. `organisation` or `na_reason`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl AppError {
    pub fn internal(message: impl Into<String>) -> AppError {
        AppError {
            kind: ErrorKind::Internal,
            message: message.into(),
            field: None,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> AppError {
        AppError {
            kind: error.kind(),
            field: error.field().map(str::to_owned),
            message: error.to_string(),
        }
    }
}

impl From<RuleError> for AppError {
    fn from(error: RuleError) -> AppError {
        StoreError::from(error).into()
    }
}

impl From<CatalogueError> for AppError {
    fn from(error: CatalogueError) -> AppError {
        StoreError::from(error).into()
    }
}
