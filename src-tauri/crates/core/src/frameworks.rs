//! The frameworks this build ships: the files under `assets/frameworks/`,
//! embedded at compile time by `build.rs` and validated on first use.

use std::sync::OnceLock;

use crate::catalogue::{CatalogueError, CatalogueView, Framework};
use crate::crosswalk::{Crosswalk, LinkView};
use crate::plan::PriorityRules;

/// A framework file as embedded in the binary.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedFile {
    pub file_name: &'static str,
    pub contents: &'static str,
}

/// The framework files embedded in this build, sorted by file name.
pub const EMBEDDED_FILES: &[EmbeddedFile] =
    include!(concat!(env!("OUT_DIR"), "/embedded_frameworks.rs"));

/// The priority rules files embedded in this build (`<id>.priorities.json`).
pub const EMBEDDED_RULE_FILES: &[EmbeddedFile] =
    include!(concat!(env!("OUT_DIR"), "/embedded_priorities.rs"));

/// The crosswalk files embedded in this build (`<from>.to.<to>.crosswalk.json`).
pub const EMBEDDED_CROSSWALK_FILES: &[EmbeddedFile] =
    include!(concat!(env!("OUT_DIR"), "/embedded_crosswalks.rs"));

/// The loaded, validated set of frameworks, each with its priority rules,
/// and the crosswalks between them.
#[derive(Debug, Clone)]
pub struct Frameworks {
    frameworks: Vec<Framework>,
    rules: Vec<PriorityRules>,
    crosswalks: Vec<Crosswalk>,
}

impl Frameworks {
    /// Loads and validates framework files and their rules files; the first
    /// broken file stops the load, and every framework needs its rules.
    pub fn load(
        files: &[EmbeddedFile],
        rule_files: &[EmbeddedFile],
    ) -> Result<Frameworks, CatalogueError> {
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
        let mut rules = Vec::with_capacity(frameworks.len());
        for (file_name, framework) in &frameworks {
            let wanted = format!("{}.priorities.json", framework.id);
            let file = rule_files
                .iter()
                .find(|f| f.file_name == wanted)
                .ok_or_else(|| CatalogueError::MissingRules {
                    file: format!("assets/frameworks/{file_name}"),
                    framework: framework.id.clone(),
                })?;
            rules.push(PriorityRules::from_json(
                &format!("assets/frameworks/{}", file.file_name),
                file.contents,
                framework,
            )?);
        }
        Ok(Frameworks {
            frameworks: frameworks.into_iter().map(|(_, f)| f).collect(),
            rules,
            crosswalks: Vec::new(),
        })
    }

    /// The same frameworks with the crosswalks between them, each checked
    /// against both frameworks it joins.
    pub fn with_crosswalks(mut self, files: &[EmbeddedFile]) -> Result<Frameworks, CatalogueError> {
        for file in files {
            let path = format!("assets/frameworks/{}", file.file_name);
            let crosswalk = Crosswalk::from_json(&path, file.contents, &self.frameworks)?;
            if self.crosswalk(&crosswalk.from, &crosswalk.to).is_some() {
                return Err(CatalogueError::InvalidCrosswalk {
                    file: path,
                    problem: format!(
                        "another crosswalk already joins {} and {}",
                        crosswalk.from, crosswalk.to
                    ),
                });
            }
            self.crosswalks.push(crosswalk);
        }
        Ok(self)
    }

    /// The frameworks embedded in this build. They are validated once; a broken
    /// embedded file is a build defect, reported as an error rather than a panic.
    pub fn embedded() -> Result<&'static Frameworks, CatalogueError> {
        static EMBEDDED: OnceLock<Result<Frameworks, CatalogueError>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| {
                Frameworks::load(EMBEDDED_FILES, EMBEDDED_RULE_FILES)
                    .and_then(|f| f.with_crosswalks(EMBEDDED_CROSSWALK_FILES))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    pub fn all(&self) -> &[Framework] {
        &self.frameworks
    }

    pub fn get(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id == id.trim())
    }

    /// A framework's priority rules.
    pub fn rules(&self, framework_id: &str) -> Option<&PriorityRules> {
        self.rules
            .iter()
            .find(|r| r.framework == framework_id.trim())
    }

    /// A framework's catalogue as the screens show it, with its links to
    /// the other frameworks through every crosswalk that joins it.
    pub fn catalogue(&self, framework_id: &str) -> Option<CatalogueView> {
        let framework = self.get(framework_id)?;
        let mut view = framework.view();
        view.links = self
            .crosswalks
            .iter()
            .flat_map(|c| c.links_from(&framework.id))
            .collect();
        for link in &mut view.links {
            let Some(other) = self.get(&link.framework_id) else {
                continue;
            };
            link.entry_label = other.entry_label(&link.entry_id);
            if !view.linked_frameworks.iter().any(|f| f.id == other.id) {
                view.linked_frameworks.push(other.summary());
            }
        }
        Some(view)
    }

    /// The crosswalk joining two frameworks, in either direction.
    pub fn crosswalk(&self, a: &str, b: &str) -> Option<&Crosswalk> {
        self.crosswalks.iter().find(|c| c.joins(a, b))
    }

    pub fn crosswalks(&self) -> &[Crosswalk] {
        &self.crosswalks
    }

    /// Every link of an entry to another framework's entries, through every
    /// crosswalk that joins its framework.
    pub fn links_of(&self, framework_id: &str, entry_id: &str) -> Vec<LinkView> {
        self.crosswalks
            .iter()
            .flat_map(|c| c.links_of(framework_id, entry_id))
            .collect()
    }

    pub fn ids(&self) -> Vec<&str> {
        self.frameworks.iter().map(|f| f.id.as_str()).collect()
    }
}
