//! Where the database file lives: the OS app-data folder unless a `--db` flag or
//! the `PREVENT_SA_DB` environment variable says otherwise. The desktop app and
//! the CLI resolve it the same way, so both use the same file.

use std::path::PathBuf;

/// Environment variable naming the database file.
pub const DATABASE_ENV_VAR: &str = "PREVENT_SA_DB";

pub const DATABASE_FILE_NAME: &str = "prevent-self-assessment.sqlite3";

/// The app's identifier in `tauri.conf.json`; its data folder is named after it.
const APP_IDENTIFIER: &str = "uk.nhs.prevent-self-assessment";

/// The default database file: `<local app data>/uk.nhs.prevent-self-assessment/prevent-self-assessment.sqlite3`:
/// `~/.local/share/…` on Linux, `%LOCALAPPDATA%\…` on Windows, which folder
/// redirection and roaming profiles do not put on a network share (SQLite's
/// WAL needs a local disk). `None` when the OS reports no data folder.
pub fn default_database_path() -> Option<PathBuf> {
    dirs::data_local_dir().map(|dir| dir.join(APP_IDENTIFIER).join(DATABASE_FILE_NAME))
}

/// The database to use: the flag if given, else `PREVENT_SA_DB` if set and not
/// empty, else the default.
pub fn resolve_database_path(flag: Option<PathBuf>) -> Option<PathBuf> {
    flag.or_else(|| {
        std::env::var_os(DATABASE_ENV_VAR)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
    })
    .or_else(default_database_path)
}

/// The folder the person's signing key is kept in: their own app-data folder
/// (`%LOCALAPPDATA%` on Windows, which roaming profiles do not copy to a
/// network share), whatever database they use, so a database on a shared
/// drive never shares anyone's private key. `None` when the OS reports none.
pub fn default_signing_folder() -> Option<PathBuf> {
    dirs::data_local_dir().map(|dir| dir.join(APP_IDENTIFIER).join("signing"))
}
