//! What the window sends and gets back, beyond the core's own types. Every
//! type here derives its TypeScript binding.

use prevent_core::{ActionCompletion, ActionEdit, AnswerInput, AnswerRecord, Review};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// Save one entry's answer, or one field of it, as the form autosaves.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
pub struct SaveAnswerRequest {
    pub assessment_id: Uuid,
    pub entry_id: String,
    pub answer: AnswerInput,
}

/// What a save did, with the assessment's review after it, so the progress
/// list can update without another round trip.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AnswerSaved {
    pub record: AnswerRecord,
    /// Whether anything changed (saving the same value twice records nothing).
    pub changed: bool,
    pub review: Review,
}

/// Who is using the app.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
pub struct UserInput {
    pub name: String,
    pub role: String,
}

/// A file chosen in the window, sent as base64 (the IPC carries JSON).
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
pub struct UploadedFile {
    pub name: String,
    pub base64: String,
}

impl UploadedFile {
    /// The file's bytes, refused unread when they would be more than
    /// `limit`; a broken upload asks for the file again.
    pub fn bytes_within(&self, limit: u64) -> crate::AppResult<Vec<u8>> {
        let decoded_at_most = (self.base64.len() as u64).div_ceil(4) * 3;
        if decoded_at_most > limit.saturating_add(2) {
            return Err(crate::AppError::new(
                prevent_core::ErrorKind::InvalidInput,
                format!(
                    "The file is larger than {}, the most that can be used here.",
                    prevent_core::size::human_size(limit)
                ),
            )
            .with_field("file"));
        }
        self.bytes()
    }

    /// The file's bytes; a broken upload asks for the file again.
    pub fn bytes(&self) -> crate::AppResult<Vec<u8>> {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(self.base64.as_bytes())
            .map_err(|_| {
                crate::AppError::new(
                    prevent_core::ErrorKind::InvalidInput,
                    "The file could not be read. Choose it again.",
                )
                .with_field("file")
            })
    }
}

/// Record evidence for one entry.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
pub struct AddEvidenceRequest {
    pub assessment_id: Uuid,
    pub entry_id: String,
    pub title: String,
    pub location: String,
    pub file: Option<UploadedFile>,
}

/// A person's change to one action.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
pub struct UpdateActionRequest {
    pub action_id: Uuid,
    pub edit: ActionEdit,
}

/// Completing one action with its sign-off.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
pub struct CompleteActionRequest {
    pub action_id: Uuid,
    pub completion: ActionCompletion,
}
