//! The commands the window may invoke, generated from `command_list.rs`: each
//! is an async wrapper of a few lines that runs the `Service` method of the
//! same name on a blocking thread, so the window never waits on the disk.
//! The `shell` commands need the window itself and live in `shell.rs`.

use crate::error::AppError;
use crate::state::AppState;

macro_rules! define_commands {
    ($($kind:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty;)*) => {
        $( define_commands!(@one $kind $name ( $($arg : $ty),* ) -> $out); )*
    };
    (@one service $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty) => {
        #[tauri::command]
        pub async fn $name(state: tauri::State<'_, AppState>, $($arg: $ty),*) -> Result<$out, AppError> {
            state.run(move |service| service.$name($($arg),*)).await
        }
    };
    (@one shell $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty) => {
        #[tauri::command]
        pub async fn $name(
            app: tauri::AppHandle,
            state: tauri::State<'_, AppState>,
            $($arg: $ty),*
        ) -> Result<$out, AppError> {
            crate::shell::$name(app, state.inner(), $($arg),*).await
        }
    };
}

crate::for_each_command!(define_commands);
