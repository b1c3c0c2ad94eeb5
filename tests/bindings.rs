//! The TypeScript types in `ui/src/ipc/generated/` are generated from the Rust
//! types that cross IPC. This test regenerates them and fails when the checked-in
//! copy is stale. To refresh it: `UPDATE_BINDINGS=1 cargo test --test bindings`
//! (or `cargo xtask bindings`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use prevent_core::{
    AnswerRecord, Assessment, AssessmentDetail, AssessmentSummary, AuditEntry, CatalogueView,
    NewAssessmentInput,
};
use prevent_sa_app::AppError;
use prevent_sa_app::ipc::{AppInfo, SaveAnswerRequest};
use ts_rs::{Config, TS};

fn checked_in_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/ipc/generated")
}

fn generate(dir: &Path) -> Result<(), ts_rs::ExportError> {
    // serde sends 64-bit integers as plain JSON numbers, so they are `number` in TypeScript.
    let config = Config::new().with_out_dir(dir).with_large_int("number");
    let config = &config;
    // Each call also writes every type the root depends on.
    AppInfo::export_all(config)?;
    AppError::export_all(config)?;
    CatalogueView::export_all(config)?;
    AssessmentSummary::export_all(config)?;
    AssessmentDetail::export_all(config)?;
    Assessment::export_all(config)?;
    NewAssessmentInput::export_all(config)?;
    SaveAnswerRequest::export_all(config)?;
    AnswerRecord::export_all(config)?;
    AuditEntry::export_all(config)?;
    Ok(())
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "ts"))
        .map(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            (name, std::fs::read_to_string(&path).unwrap_or_default())
        })
        .collect()
}

#[test]
fn typescript_bindings_are_up_to_date() {
    let fresh_dir = tempfile::TempDir::new().expect("temp dir");
    generate(fresh_dir.path()).expect("generate bindings");
    let fresh = read_dir(fresh_dir.path());
    assert!(
        fresh.contains_key("AppError.ts") && fresh.contains_key("Response.ts"),
        "{:?}",
        fresh.keys()
    );

    let target = checked_in_dir();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&target);
        std::fs::create_dir_all(&target).expect("create generated dir");
        for (name, contents) in &fresh {
            std::fs::write(target.join(name), contents).expect("write binding");
        }
        return;
    }
    let checked_in = read_dir(&target);
    let stale: Vec<&String> = fresh
        .keys()
        .chain(checked_in.keys())
        .filter(|name| fresh.get(*name) != checked_in.get(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/ipc/generated is stale ({stale:?} differ). Run `cargo xtask bindings` and commit the result."
    );
}
