//! The one way the app reads a file someone names and writes a file
//! somewhere: `read_bounded` and `write_replacing` / `write_new`.
//!
//! Reading: a file from outside is hostile. Whatever its size claims, at
//! most `limit + 1` bytes are read, and anything that is not a regular file
//! (a FIFO that would block for ever, `/dev/zero` that never ends, a folder)
//! is refused before a byte is read, without waiting on it.
//!
//! Writing: the bytes go to a temporary file beside the target, created with
//! a random name and `O_EXCL` (so a link planted at a predictable name is
//! never followed), flushed to disk, then renamed over the target: a crash
//! leaves the old file or the new one, never half of either.

pub mod platform;

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Why a file could not be read or written. Each says what went wrong in
/// words a person can act on; the caller adds which file and why it wanted it.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("there is no such file")]
    NotFound,
    #[error("you do not have permission to use it")]
    PermissionDenied,
    #[error("it is a folder, not a file")]
    Folder,
    #[error("it is not an ordinary file (it is a device, a pipe or a socket)")]
    NotRegular,
    #[error("it is larger than {limit} bytes")]
    TooLarge {
        limit: u64,
        /// Its size, when the file system said it.
        size: Option<u64>,
    },
    #[error("it already exists")]
    AlreadyExists,
    #[error("{0}")]
    Other(io::Error),
}

impl FileError {
    fn from_io(error: io::Error) -> FileError {
        match error.kind() {
            io::ErrorKind::NotFound => FileError::NotFound,
            io::ErrorKind::PermissionDenied => FileError::PermissionDenied,
            io::ErrorKind::AlreadyExists => FileError::AlreadyExists,
            io::ErrorKind::IsADirectory => FileError::Folder,
            _ => FileError::Other(error),
        }
    }
}

/// Opens `path` for reading without ever waiting on it: with `O_NONBLOCK` on
/// Unix, so a FIFO with no writer opens at once (and is then refused).
fn open_for_reading(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads the regular file at `path`, refusing anything else and anything
/// larger than `limit` bytes. The kind of file is judged on the handle
/// opened, not on the name, so it cannot change in between.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let file = open_for_reading(path).map_err(FileError::from_io)?;
    let metadata = file.metadata().map_err(FileError::from_io)?;
    if metadata.is_dir() {
        return Err(FileError::Folder);
    }
    if !metadata.is_file() {
        return Err(FileError::NotRegular);
    }
    if metadata.len() > limit {
        return Err(FileError::TooLarge {
            limit,
            size: Some(metadata.len()),
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    // One byte more than the limit tells a file that grew while being read
    // (or whose size was misreported) from one that fits.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| match error.kind() {
            io::ErrorKind::IsADirectory => FileError::Folder,
            _ => FileError::from_io(error),
        })?;
    if bytes.len() as u64 > limit {
        return Err(FileError::TooLarge { limit, size: None });
    }
    Ok(bytes)
}

/// How a written file may be read: by its owner only (a private key), or as
/// the folder's default allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Default,
    OwnerOnly,
}

/// Writes `bytes` to `path`, replacing any file there, whole or not at all.
pub fn write_replacing(path: &Path, bytes: &[u8], access: Access) -> Result<(), FileError> {
    let folder = folder_of(path);
    if path.is_dir() {
        return Err(FileError::Folder);
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".prevent-sa-").suffix(".partial");
    // tempfile makes its files private; a report or an export gets the
    // permissions any new file would (0666 less the umask), a key 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = match access {
            Access::OwnerOnly => 0o600,
            Access::Default => 0o666,
        };
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = access;
    let mut staging = builder.tempfile_in(&folder).map_err(FileError::from_io)?;
    staging
        .write_all(bytes)
        .and_then(|()| staging.as_file().sync_all())
        .map_err(FileError::from_io)?;
    staging
        .persist(path)
        .map_err(|error| FileError::from_io(error.error))?;
    sync_folder(&folder);
    Ok(())
}

/// Writes `bytes` to `path`, which must not exist yet (nor be a link): the
/// file is created with `O_EXCL`, so an existing file is never touched.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    if path.is_dir() {
        return Err(FileError::Folder);
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(FileError::from_io)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(error) = written {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(FileError::from_io(error));
    }
    sync_folder(&folder_of(path));
    Ok(())
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Makes a rename or creation in `folder` durable; not every platform can
/// open a folder, so failure is ignored.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(directory) = File::open(folder) {
        let _ = directory.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_within_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"hello").unwrap();
        assert_eq!(read_bounded(&path, 5).unwrap(), b"hello");
        assert!(matches!(
            read_bounded(&path, 4),
            Err(FileError::TooLarge {
                limit: 4,
                size: Some(5)
            })
        ));
        assert!(matches!(
            read_bounded(&dir.path().join("missing"), 5),
            Err(FileError::NotFound)
        ));
        assert!(matches!(
            read_bounded(dir.path(), 5),
            Err(FileError::Folder)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_pipes_are_refused_without_waiting() {
        assert!(matches!(
            read_bounded(Path::new("/dev/zero"), 1 << 20),
            Err(FileError::NotRegular)
        ));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
        assert!(matches!(
            read_bounded(&fifo, 1 << 20),
            Err(FileError::NotRegular)
        ));
    }

    #[test]
    fn replacing_writes_whole_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.csv");
        std::fs::write(&path, b"old").unwrap();
        write_replacing(&path, b"new", Access::Default).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("plan.csv")]);
        assert!(
            write_replacing(&dir.path().join("no-such").join("x"), b"x", Access::Default).is_err()
        );
        assert!(matches!(
            write_new(&path, b"again"),
            Err(FileError::AlreadyExists)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_is_replaced_not_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"precious").unwrap();
        // Links at every name the old code would have used, and at the target.
        let target = dir.path().join("report.pdf");
        for name in [".report.pdf.prevent-sa-partial", "report.pdf"] {
            std::os::unix::fs::symlink(&victim, dir.path().join(name)).unwrap();
        }
        write_replacing(&target, b"%PDF-", Access::Default).unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert_eq!(std::fs::read(&target).unwrap(), b"%PDF-");
        assert!(
            !std::fs::symlink_metadata(&target)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        // write_new refuses a link too, even a dangling one.
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(write_new(&dangling, b"x").is_err());
        assert!(!dir.path().join("nowhere").exists());
        // A private file is private from its first byte.
        let key = dir.path().join("key.pem");
        write_replacing(&key, b"secret", Access::OwnerOnly).unwrap();
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // Anything else is as readable as any new file (0666 less the umask).
        assert_ne!(
            std::fs::metadata(&target).unwrap().permissions().mode() & 0o044,
            0
        );
    }
}
