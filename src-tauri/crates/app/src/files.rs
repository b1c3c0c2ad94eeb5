//! Files people name (a PDF to check, a certificate, a document to attach)
//! and files written for them (a report, an exported plan), as the app's
//! use cases see them: every read goes through `prevent_files::read_bounded`
//! with the limit for that kind of file, every write through
//! `prevent_files`, and every failure becomes one `AppError` that says which
//! file and what to do. The CLI and the desktop shell both use these.

use std::path::Path;

use prevent_core::ErrorKind;
use prevent_files::{Access, FileError};

use crate::error::{AppError, AppResult};

/// The largest certificate file (PEM or DER) read to be trusted.
pub const MAX_CERTIFICATE_FILE_BYTES: u64 = 1024 * 1024;
/// The largest PKCS#12 (.p12/.pfx) file read to import a key.
pub const MAX_PKCS12_FILE_BYTES: u64 = 1024 * 1024;
/// The largest file a password is read from.
pub const MAX_PASSWORD_FILE_BYTES: u64 = 64 * 1024;

fn size(bytes: u64) -> String {
    prevent_core::size::human_size(bytes)
}

/// The error for `error` while `doing` (e.g. "read the file") `path`.
pub fn file_error(doing: &str, path: &Path, error: &FileError) -> AppError {
    let reason = match error {
        FileError::TooLarge { limit, .. } => format!("it is larger than {}", size(*limit)),
        other => other.to_string(),
    };
    let advice = match error {
        FileError::Folder => " Give the path of one file.",
        FileError::NotRegular => " Give the path of an ordinary file.",
        _ => "",
    };
    AppError::new(
        ErrorKind::InvalidInput,
        format!("Cannot {doing} {}: {reason}.{advice}", path.display()),
    )
    .with_field("file")
}

/// Reads the regular file at `path`, at most `limit` bytes.
pub fn read_file(path: &Path, limit: u64) -> AppResult<Vec<u8>> {
    prevent_files::read_bounded(path, limit).map_err(|e| file_error("read the file", path, &e))
}

/// Reads a password from the first line of a file.
pub fn read_password_file(path: &Path) -> AppResult<String> {
    let bytes = read_file(path, MAX_PASSWORD_FILE_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        AppError::new(
            ErrorKind::InvalidInput,
            format!("{} is not text, so it holds no password.", path.display()),
        )
    })?;
    Ok(text.trim_end_matches(['\r', '\n']).to_owned())
}

/// Writes `bytes` to `path`. An existing file is kept unless `replace`, and
/// then it is replaced only once the new contents are safely written beside
/// it. `flag` names what chose the path, for the message when it is a
/// folder (e.g. "--out").
pub fn write_file(path: &Path, bytes: &[u8], replace: bool, flag: &str) -> AppResult<()> {
    let written = if replace {
        prevent_files::write_replacing(path, bytes, Access::Default)
    } else {
        prevent_files::write_new(path, bytes)
    };
    written.map_err(|error| match error {
        FileError::AlreadyExists => AppError::new(
            ErrorKind::InvalidInput,
            format!(
                "{} already exists and has been left as it is. Choose another file, or add --force to replace it.",
                path.display()
            ),
        ),
        FileError::Folder => AppError::new(
            ErrorKind::InvalidInput,
            format!(
                "Cannot write {}: it is a folder. Give a file name with {flag}.",
                path.display()
            ),
        ),
        other => file_error("write", path, &other),
    })
}

/// Writes `bytes` where the person chose in the save dialog, replacing any
/// file there whole or not at all. `what` is what is being saved ("the
/// action plan"), for the message.
pub fn save_to_chosen_place(path: &Path, bytes: &[u8], what: &str) -> AppResult<()> {
    prevent_files::write_replacing(path, bytes, Access::Default).map_err(|e| {
        AppError::new(
            ErrorKind::InvalidInput,
            format!(
                "{} could not be saved to {}: {e}. Choose another folder.",
                prevent_core::rules::capitalise(what),
                path.display()
            ),
        )
    })
}
