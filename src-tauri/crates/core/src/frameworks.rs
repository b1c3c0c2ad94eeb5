//! The frameworks this build ships: the files under `assets/frameworks/`,
//! embedded at compile time by `build.rs` and validated on first use.

use std::sync::OnceLock;

use crate::catalogue::{CatalogueError, Framework};

/// A framework file as embedded in the binary.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedFile {
    pub file_name: &'static str,
    pub contents: &'static str,
}

/// The framework files embedded in this build, sorted by file name.
pub const EMBEDDED_FILES: &[EmbeddedFile] =
    include!(concat!(env!("OUT_DIR"), "/embedded_frameworks.rs"));

/// The loaded, validated set of frameworks.
#[derive(Debug, Clone)]
pub struct Frameworks {
    frameworks: Vec<Framework>,
}

impl Frameworks {
    /// Loads and validates the given files; the first broken file stops the load.
    pub fn load(files: &[EmbeddedFile]) -> Result<Frameworks, CatalogueError> {
        let mut frameworks: Vec<(&str, Framework)> = Vec::with_capacity(files.len());
        for file in files {
            let path = format!("assets/frameworks/{}", file.file_name);
            let framework = Framework::from_json(&path, file.contents)?;
            if let Some((other_file, _)) = frameworks.iter().find(|(_, f)| f.id == framework.id) {
                return Err(CatalogueError::DuplicateFramework {
                    file: path,
                    other_file: (*other_file).to_owned(),
                    id: framework.id,
                });
            }
            frameworks.push((file.file_name, framework));
        }
        Ok(Frameworks {
            frameworks: frameworks.into_iter().map(|(_, f)| f).collect(),
        })
    }

    /// The frameworks embedded in this build. They are validated once; a broken
    /// embedded file is a build defect, reported as an error rather than a panic.
    pub fn embedded() -> Result<&'static Frameworks, CatalogueError> {
        static EMBEDDED: OnceLock<Result<Frameworks, CatalogueError>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| Frameworks::load(EMBEDDED_FILES))
            .as_ref()
            .map_err(Clone::clone)
    }

    pub fn all(&self) -> &[Framework] {
        &self.frameworks
    }

    pub fn get(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id == id.trim())
    }

    pub fn ids(&self) -> Vec<&str> {
        self.frameworks.iter().map(|f| f.id.as_str()).collect()
    }
}
