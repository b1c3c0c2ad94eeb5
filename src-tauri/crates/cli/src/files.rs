//! The files the CLI reads and writes besides the database: a document to
//! attach as evidence, an attached document saved back out, and an exported
//! action plan. Failures are
//! the person's to put right (a wrong path, a folder they cannot write to),
//! so they are `invalid_input` with the path in the message.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use prevent_app::{AppError, AppResult};
use prevent_core::evidence::{AttachedFile, MAX_FILE_BYTES};
use prevent_core::{ErrorKind, RuleError};

/// An I/O failure as the one error type, saying what was being done to which path.
pub fn io_error(kind: ErrorKind, doing: &str, path: &Path, error: &io::Error) -> AppError {
    let reason = match error.kind() {
        io::ErrorKind::NotFound => "there is no such file or folder".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::AlreadyExists => "it already exists".to_owned(),
        _ => error.to_string(),
    };
    AppError::new(
        kind,
        format!("Cannot {doing} {}: {reason}.", path.display()),
    )
}

/// Reads a file the person named (a PDF to check, a certificate, a key).
pub fn read_input(path: &Path) -> AppResult<Vec<u8>> {
    fs::read(path).map_err(|e| io_error(ErrorKind::InvalidInput, "read the file", path, &e))
}

/// Reads a document to attach. A file over the limit is refused with the
/// core's message before it is read into memory.
pub fn read_attachment(path: &Path) -> AppResult<AttachedFile> {
    let unreadable = |e: &io::Error| io_error(ErrorKind::InvalidInput, "read the file", path, e);
    let metadata = fs::metadata(path).map_err(|e| unreadable(&e))?;
    if metadata.is_dir() {
        return Err(AppError::new(
            ErrorKind::InvalidInput,
            format!(
                "Cannot read the file {}: it is a folder. Give the path of one file.",
                path.display()
            ),
        )
        .with_field("file"));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(RuleError::FileTooLarge {
            size: metadata.len(),
            max: MAX_FILE_BYTES,
        }
        .into());
    }
    let bytes = fs::read(path).map_err(|e| unreadable(&e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    Ok(AttachedFile { name, bytes })
}

/// Writes `bytes` to `path`. An existing file is kept unless `force`, and
/// then it is replaced only once the new contents are safely written beside
/// it; a failure leaves no half-written file behind.
/// `flag` is the option that named the file, for the message when it is a folder.
pub fn write_export(path: &Path, bytes: &[u8], force: bool, flag: &str) -> AppResult<()> {
    let unwritable = |e: &io::Error| io_error(ErrorKind::InvalidInput, "write", path, e);
    if path.is_dir() {
        return Err(AppError::new(
            ErrorKind::InvalidInput,
            format!(
                "Cannot write {}: it is a folder. Give a file name with {flag}.",
                path.display()
            ),
        ));
    }
    if !force {
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists {
                    AppError::new(
                        ErrorKind::InvalidInput,
                        format!(
                            "{} already exists and has been left as it is. Choose another file, or add --force to replace it.",
                            path.display()
                        ),
                    )
                } else {
                    unwritable(&e)
                }
            })?;
        return fill(file, path, bytes).map_err(|e| unwritable(&e));
    }
    let name = path
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy().into_owned());
    let staging = path.with_file_name(format!(".{name}.prevent-sa-partial"));
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&staging)
        .map_err(|e| unwritable(&e))?;
    fill(file, &staging, bytes).map_err(|e| unwritable(&e))?;
    fs::rename(&staging, path).map_err(|e| {
        let _ = fs::remove_file(&staging);
        unwritable(&e)
    })
}

/// Writes and syncs `file`, removing it (at `path`) if that fails.
fn fill(mut file: File, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if written.is_err() {
        drop(file);
        let _ = fs::remove_file(path);
    }
    written
}
