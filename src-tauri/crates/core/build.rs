//! Embeds every framework file under `assets/frameworks/` into the core, with
//! the priority rules beside each (`<id>.priorities.json`) and the crosswalks
//! between them (`<from>.to.<to>.crosswalk.json`), so the app and the
//! CLI work from any folder and a new framework needs no code change.

use std::{env, fs, path::PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let frameworks_dir = manifest_dir.join("../../../assets/frameworks");
    println!("cargo:rerun-if-changed={}", frameworks_dir.display());

    let mut files: Vec<PathBuf> = fs::read_dir(&frameworks_dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", frameworks_dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();

    let ends_with = |suffix: &'static str| {
        move |path: &PathBuf| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(suffix))
        }
    };
    let (rules, others): (Vec<PathBuf>, Vec<PathBuf>) =
        files.into_iter().partition(ends_with(".priorities.json"));
    let (crosswalks, frameworks): (Vec<PathBuf>, Vec<PathBuf>) =
        others.into_iter().partition(ends_with(".crosswalk.json"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("set by cargo"));
    fs::write(
        out_dir.join("embedded_frameworks.rs"),
        embedded_list(&frameworks),
    )
    .expect("write embedded_frameworks.rs");
    fs::write(
        out_dir.join("embedded_priorities.rs"),
        embedded_list(&rules),
    )
    .expect("write embedded_priorities.rs");
    fs::write(
        out_dir.join("embedded_crosswalks.rs"),
        embedded_list(&crosswalks),
    )
    .expect("write embedded_crosswalks.rs");
}

fn embedded_list(files: &[PathBuf]) -> String {
    let mut generated = String::from("&[\n");
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file name");
        let absolute = path.canonicalize().expect("framework file exists");
        generated.push_str(&format!(
            "    EmbeddedFile {{ file_name: {file_name:?}, contents: include_str!({:?}) }},\n",
            absolute.display().to_string()
        ));
    }
    generated.push(']');
    generated
}
