//! The one error type every surface shows. The desktop shell sends it across
//! IPC as `{kind, message, field?}`; the CLI prints `message` and exits by
//! `kind`. Messages are already in the user's words.

use prevent_core::training::TrainingError;
use prevent_core::training_import::ImportError;
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
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> AppError {
        AppError {
            kind,
            message: message.into(),
            field: None,
        }
    }

    pub fn internal(message: impl Into<String>) -> AppError {
        AppError::new(ErrorKind::Internal, message)
    }

    pub fn with_field(mut self, field: &str) -> AppError {
        self.field = Some(field.to_owned());
        self
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
        AppError {
            kind: error.kind(),
            field: error.field().map(str::to_owned),
            message: error.to_string(),
        }
    }
}

impl From<TrainingError> for AppError {
    fn from(error: TrainingError) -> AppError {
        AppError {
            kind: error.kind(),
            field: error.field().map(str::to_owned),
            message: error.to_string(),
        }
    }
}

impl From<prevent_core::board::BoardError> for AppError {
    fn from(error: prevent_core::board::BoardError) -> AppError {
        AppError {
            kind: error.kind(),
            field: error.field().map(str::to_owned),
            message: error.to_string(),
        }
    }
}

impl From<ImportError> for AppError {
    fn from(error: ImportError) -> AppError {
        AppError {
            kind: error.kind(),
            field: Some(error.field().to_owned()),
            message: error.to_string(),
        }
    }
}

impl From<CatalogueError> for AppError {
    fn from(error: CatalogueError) -> AppError {
        AppError::internal(format!(
            "The framework data built into this version is broken: {error}"
        ))
    }
}

pub type AppResult<T> = Result<T, AppError>;
