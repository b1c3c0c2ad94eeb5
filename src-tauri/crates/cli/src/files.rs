//! The files the CLI reads and writes besides the database: a document to
//! attach as evidence, and everything else through the application layer's
//! bounded reader and safe writer (`prevent_app::files`). Failures are the
//! person's to put right (a wrong path, a folder they cannot write to), so
//! they are `invalid_input` with the path in the message.

use std::path::Path;

use prevent_app::files::{file_error, read_file, write_file};
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

/// Reads a file the person named (a PDF to check, a certificate, a key), at
/// most `limit` bytes.
pub fn read_input(path: &Path, limit: u64) -> AppResult<Vec<u8>> {
    read_file(path, limit)
}

/// Writes `bytes` to `path`. An existing file is kept unless `force`, and
/// then it is replaced only once the new contents are safely written beside
/// it (under a random name, so a planted link is never followed).
/// `flag` is the option that named the file, for the message when it is a folder.
pub fn write_export(path: &Path, bytes: &[u8], force: bool, flag: &str) -> AppResult<()> {
    write_file(path, bytes, force, flag)
}
