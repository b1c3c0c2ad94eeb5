//! A document to attach as evidence, read by the CLI with the core's own
//! refusal for a file over the limit. Every other file goes through the
//! application layer's bounded reader and safe writer (`prevent_app::files`).
//! Failures are the person's to put right (a wrong path, a folder), so they
//! are `invalid_input` with the path in the message.

use std::path::Path;

use prevent_app::files::file_error;
use prevent_app::{AppError, AppResult};
use prevent_core::RuleError;
use prevent_core::evidence::{AttachedFile, MAX_FILE_BYTES};
use prevent_files::FileError;

/// Reads a document to attach. A file over the limit is refused with the
/// core's message, before it is read into memory.
pub fn read_attachment(path: &Path) -> AppResult<AttachedFile> {
    let bytes = prevent_files::read_bounded(path, MAX_FILE_BYTES).map_err(|error| match error {
        FileError::TooLarge { limit, size } => AppError::from(RuleError::FileTooLarge {
            size: size.unwrap_or(limit + 1),
            max: limit,
        }),
        other => file_error("read the file", path, &other),
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    Ok(AttachedFile { name, bytes })
}
