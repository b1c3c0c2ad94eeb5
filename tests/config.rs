//! Guards on the app's security settings, so they cannot loosen by accident:
//! a strict CSP with no inline or remote sources, no global Tauri object, and
//! exactly the app's own commands declared, registered and granted.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

fn read(relative: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative))
        .unwrap_or_else(|e| panic!("read {relative}: {e}"))
}

fn json(relative: &str) -> Value {
    serde_json::from_str(&read(relative)).unwrap_or_else(|e| panic!("parse {relative}: {e}"))
}

#[test]
fn the_csp_is_strict() {
    let config = json("tauri.conf.json");
    let security = &config["app"]["security"];
    let csp = security["csp"]
        .as_object()
        .expect("the CSP is set as directives");
    let allowed_sources = ["'self'", "'none'", "ipc:", "http://ipc.localhost", "data:"];
    for (directive, sources) in csp {
        let sources = sources.as_str().expect("directive value");
        for source in sources.split_whitespace() {
            assert!(
                allowed_sources.contains(&source),
                "{directive} allows {source}: only the app's own files and IPC are allowed"
            );
        }
        if source_is_data(sources) {
            assert_eq!(directive, "img-src", "data: is only for images");
        }
    }
    for directive in [
        "default-src",
        "script-src",
        "style-src",
        "object-src",
        "base-uri",
        "frame-ancestors",
    ] {
        assert!(csp.contains_key(directive), "{directive} is set");
    }
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["style-src"], "'self'");
    assert_eq!(csp["connect-src"], "ipc: http://ipc.localhost");
    assert!(
        security
            .get("dangerousDisableAssetCspModification")
            .is_none()
    );
    assert_eq!(config["app"]["withGlobalTauri"], false);
}

fn source_is_data(sources: &str) -> bool {
    sources.split_whitespace().any(|s| s == "data:")
}

macro_rules! command_names {
    ($($kind:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty;)*) => {
        [$(stringify!($name)),*].into_iter().map(str::to_owned).collect::<BTreeSet<String>>()
    };
}

/// The commands are declared once (`src-tauri/src/command_list.rs`); build.rs
/// and the handler are generated from that list, so what is left to check is
/// that the capability grants exactly those commands and nothing else (no
/// plugin permission: the dialog is opened from Rust, not by the window).
#[test]
fn declared_and_granted_commands_agree() {
    let declared: BTreeSet<String> = prevent_sa_app::for_each_command!(command_names);
    assert!(declared.contains("save_answer"), "{declared:?}");
    let build_script = read("src-tauri/build.rs");
    assert!(build_script.contains("for_each_command!(command_names)"));
    let lib = read("src-tauri/src/lib.rs");
    assert!(lib.contains("for_each_command!(register_commands)"));

    let capability = json("src-tauri/capabilities/main-window.json");
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| {
            p.as_str()
                .expect("a permission is a plain identifier")
                .to_owned()
        })
        .collect();
    let expected: BTreeSet<String> = declared
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    assert_eq!(
        granted, expected,
        "the window is granted exactly the app's own commands, nothing else"
    );

    let config = json("tauri.conf.json");
    assert_eq!(
        config["app"]["security"]["capabilities"],
        serde_json::json!(["main-window"])
    );
    let capability_files =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/capabilities"))
            .expect("capabilities folder")
            .count();
    assert_eq!(capability_files, 1, "one capability file");
}

#[test]
fn no_plugin_that_reaches_outside_the_app_is_a_dependency() {
    let manifest = read("Cargo.toml");
    for forbidden in [
        "tauri-plugin-shell",
        "tauri-plugin-http",
        "tauri-plugin-fs",
        "tauri-plugin-updater",
    ] {
        assert!(
            !manifest.contains(forbidden),
            "{forbidden} must not be a dependency"
        );
    }
}
