//! The one error type that crosses IPC, `{kind, message, field?}`, defined once
//! in the application layer and shared with the CLI.

pub use prevent_app::AppError;
