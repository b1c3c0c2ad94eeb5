//! Framework catalogues: the guidance documents turned into data.
//!
//! A framework file (`assets/frameworks/<id>.json`) holds a framework's sections,
//! items, sub-points and checklist entries word for word from its source. This
//! module owns its shape and the checks that run when it is loaded, so that a
//! broken file is refused with an error naming the file, the entry and the field,
//! instead of surfacing later as a blank question on screen.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The framework file format this build understands.
pub const SUPPORTED_SCHEMA_VERSION: u32 = 2;

/// A framework file failed to load. Every variant names the file; validation
/// failures also name the entry and the field.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum CatalogueError {
    #[error("{file}: not a valid framework file at {path}: {problem}")]
    Malformed {
        file: String,
        path: String,
        problem: String,
    },
    #[error("{file}: {entry}, field `{field}`: {problem}")]
    Invalid {
        file: String,
        entry: String,
        field: String,
        problem: String,
    },
    #[error("{file}: {problem}")]
    InvalidRules { file: String, problem: String },
    #[error("{file}: framework `{framework}` has no priority rules file beside it")]
    MissingRules { file: String, framework: String },
    #[error("{file} and {other_file} both declare framework `{id}`")]
    DuplicateFramework {
        file: String,
        other_file: String,
        id: String,
    },
}

/// One framework, exactly as its file declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub schema_version: u32,
    /// Stable identifier, e.g. `prevent-toolkit-2011`. Stored with every assessment.
    pub id: String,
    /// The framework's own version as published (e.g. `2011`).
    pub version: String,
    /// Our revision of the data file; bumped when a transcription is corrected.
    pub content_revision: u32,
    pub title: String,
    pub source: Source,
    pub header_fields: Vec<HeaderField>,
    pub item_columns: Vec<ItemColumn>,
    /// How the regulation numbers on items are to be read, as printed.
    pub regulation_scheme: String,
    /// The words the screens and reports use around the source's own wording.
    pub presentation: Presentation,
    pub sections: Vec<Section>,
    pub checklist: Checklist,
    pub action_plan_template: ActionPlanTemplate,
    /// [`Framework::entry_list`], worked out once: every save of an answer
    /// reviews the assessment, which walks the entries.
    #[serde(skip)]
    entry_cache: std::sync::OnceLock<Vec<CatalogueEntry>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub publisher: String,
    pub document: String,
    pub part: String,
    pub published: String,
    pub seed: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// A line of the template's form header ("Organisation", "Date of assessment", …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderField {
    pub id: String,
    pub label: String,
    /// The assessment field that records it, if any.
    pub maps_to: Option<String>,
    #[serde(default)]
    pub source_note: Option<String>,
}

/// A column of the template's item table ("Comment", "Action required Y/N", …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemColumn {
    pub id: String,
    pub label: String,
    pub maps_to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub number: u32,
    pub title: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub text: String,
    /// Regulation numbers as printed; empty where none is legible.
    pub regulations: Vec<u32>,
    #[serde(default)]
    pub source_note: Option<String>,
    /// The product's own prompt of what evidence usually shows the item is met.
    #[serde(default)]
    pub guidance: Option<String>,
    /// An item with sub-points is answered through them: its own response is
    /// derived (see `derive`), never typed.
    #[serde(default)]
    pub sub_points: Vec<SubPoint>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubPoint {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub guidance: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// The part key of the checklist, as sections have theirs.
    pub id: String,
    pub title: String,
    pub question: String,
    pub entries: Vec<ChecklistEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistEntry {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub source_note: Option<String>,
    #[serde(default)]
    pub guidance: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionPlanTemplate {
    pub title: String,
    /// How the template was read from the source (the restored "Objectives"
    /// column, what it most likely means, where the signature is).
    #[serde(default)]
    pub source_note: Option<String>,
    pub columns: Vec<TemplateColumn>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateColumn {
    pub id: String,
    pub label: String,
}

/// The product's words around the source's: how entries are named, the
/// question each part asks and the labels of the four responses. They live in
/// the framework file so that no screen or report assumes one framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Presentation {
    /// How an item is named before its number: "Item".
    pub item_label: String,
    /// How a checklist entry is named before its number: "Checklist entry".
    pub checklist_entry_label: String,
    /// Shown under the source's wording on every question page.
    pub source_attribution: String,
    /// The question above the responses on an item's page.
    pub item_question: String,
    /// The question above the responses on a checklist entry's page.
    pub checklist_entry_question: String,
    pub item_responses: ResponseLabels,
    pub checklist_responses: ResponseLabels,
}

/// The labels of the four responses, as one part of a framework shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ResponseLabels {
    pub yes: String,
    pub partial: String,
    pub no: String,
    pub na: String,
}

impl ResponseLabels {
    pub fn of(&self, response: crate::Response) -> &str {
        match response {
            crate::Response::Yes => &self.yes,
            crate::Response::Partial => &self.partial,
            crate::Response::No => &self.no,
            crate::Response::Na => &self.na,
        }
    }
}

/// What sort of answerable entry an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Item,
    SubPoint,
    Checklist,
}

/// Every entry of a framework, flattened in reading order: the shape the CLI
/// prints and the UI renders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CatalogueEntry {
    pub id: String,
    pub kind: EntryKind,
    /// How a person names the entry: "Item 3a", "Checklist entry C4".
    pub label: String,
    /// The part (section or checklist) the entry belongs to, by its key.
    pub part_key: String,
    /// Section number, for items and sub-points.
    pub section: Option<u32>,
    pub section_title: Option<String>,
    /// The item a sub-point belongs to.
    pub parent: Option<String>,
    /// The sub-points of an item that is answered through them. When not
    /// empty, the item's response is derived and never typed.
    pub sub_points: Vec<String>,
    pub text: String,
    /// Regulation numbers as printed, for items.
    pub regulations: Option<Vec<u32>>,
    /// The regulations as the template prints them, e.g. "regulations 12, 24".
    pub regulations_printed: Option<String>,
    pub source_note: Option<String>,
    /// The product's own prompt of what evidence usually shows the entry is met.
    pub guidance: Option<String>,
}

/// A part of a framework: a section of items, or the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PartView {
    /// The section's or checklist's id in the framework file.
    pub key: String,
    /// "Section 1: Organisational", or the checklist's title.
    pub heading: String,
    /// Words that introduce the part's entries (the checklist's question).
    pub intro: Option<String>,
    pub kind: PartKind,
    /// The part's entries in reading order.
    pub entry_ids: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    Section,
    Checklist,
}

/// A framework as the UI needs it: its header, presentation and entries in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CatalogueView {
    pub framework: FrameworkSummary,
    pub regulation_scheme: String,
    pub presentation: Presentation,
    pub parts: Vec<PartView>,
    pub checklist_question: String,
    pub entries: Vec<CatalogueEntry>,
    /// The stated rule by which an item with sub-points gets its response.
    pub derivation_rule: String,
    /// The title of the framework's action plan, as its template prints it.
    pub action_plan_title: String,
}

/// One line of `prevent-sa frameworks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FrameworkSummary {
    pub id: String,
    pub version: String,
    pub title: String,
    pub item_count: u32,
    pub sub_point_count: u32,
    pub checklist_count: u32,
}

impl Framework {
    /// Parses and validates one framework file. `file` is the name used in errors.
    pub fn from_json(file: &str, json: &str) -> Result<Framework, CatalogueError> {
        let deserializer = &mut serde_json::Deserializer::from_str(json);
        let framework: Framework =
            serde_path_to_error::deserialize(deserializer).map_err(|err| {
                CatalogueError::Malformed {
                    file: file.to_owned(),
                    path: err.path().to_string(),
                    problem: err.inner().to_string(),
                }
            })?;
        framework.validate(file)?;
        Ok(framework)
    }

    fn validate(&self, file: &str) -> Result<(), CatalogueError> {
        let invalid = |entry: &str, field: &str, problem: &str| CatalogueError::Invalid {
            file: file.to_owned(),
            entry: entry.to_owned(),
            field: field.to_owned(),
            problem: problem.to_owned(),
        };
        let framework = "framework";
        if self.schema_version != SUPPORTED_SCHEMA_VERSION {
            return Err(invalid(
                framework,
                "schema_version",
                &format!(
                    "this build reads schema version {SUPPORTED_SCHEMA_VERSION}, the file declares {}",
                    self.schema_version
                ),
            ));
        }
        require_text(&self.id, || invalid(framework, "id", "must not be empty"))?;
        if !self
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(invalid(
                framework,
                "id",
                "must use lower-case letters, digits and hyphens only",
            ));
        }
        let expected_file = format!("{}.json", self.id);
        if !file.ends_with(&expected_file) {
            return Err(invalid(
                framework,
                "id",
                &format!("must match the file name (expected the file to be {expected_file})"),
            ));
        }
        require_text(&self.version, || {
            invalid(framework, "version", "must not be empty")
        })?;
        require_text(&self.title, || {
            invalid(framework, "title", "must not be empty")
        })?;
        require_text(&self.regulation_scheme, || {
            invalid(framework, "regulation_scheme", "must not be empty")
        })?;
        if self.sections.is_empty() {
            return Err(invalid(
                framework,
                "sections",
                "must list at least one section",
            ));
        }

        let mut seen_ids = HashSet::new();
        let mut expected_item_number = 1u32;
        for (index, section) in self.sections.iter().enumerate() {
            let entry = format!("section {}", index + 1);
            if section.number as usize != index + 1 {
                return Err(invalid(
                    &entry,
                    "number",
                    &format!(
                        "sections must be numbered 1, 2, 3… in order; found {}",
                        section.number
                    ),
                ));
            }
            require_text(&section.title, || {
                invalid(&entry, "title", "must not be empty")
            })?;
            if section.items.is_empty() {
                return Err(invalid(&entry, "items", "must list at least one item"));
            }
            for item in &section.items {
                let entry = format!("item {}", item.id);
                if item.id != expected_item_number.to_string() {
                    return Err(invalid(
                        &entry,
                        "id",
                        &format!(
                            "items must be numbered 1, 2, 3… across sections; expected {expected_item_number}"
                        ),
                    ));
                }
                expected_item_number += 1;
                if !seen_ids.insert(item.id.clone()) {
                    return Err(invalid(&entry, "id", "is used more than once"));
                }
                require_text(&item.text, || invalid(&entry, "text", "must not be empty"))?;
                if item.regulations.contains(&0) {
                    return Err(invalid(
                        &entry,
                        "regulations",
                        "regulation numbers start at 1",
                    ));
                }
                if item.regulations.is_empty() && item.source_note.is_none() {
                    return Err(invalid(
                        &entry,
                        "source_note",
                        "an item with no regulations must say why in a source_note",
                    ));
                }
                for (sub_index, sub_point) in item.sub_points.iter().enumerate() {
                    let expected = format!("{}{}", item.id, letter(sub_index));
                    let entry = format!("sub-point {}", sub_point.id);
                    if sub_point.id != expected {
                        return Err(invalid(
                            &entry,
                            "id",
                            &format!(
                                "sub-points of item {} must be lettered in order; expected {expected}",
                                item.id
                            ),
                        ));
                    }
                    if !seen_ids.insert(sub_point.id.clone()) {
                        return Err(invalid(&entry, "id", "is used more than once"));
                    }
                    require_text(&sub_point.text, || {
                        invalid(&entry, "text", "must not be empty")
                    })?;
                }
            }
        }

        require_text(&self.checklist.title, || {
            invalid("checklist", "title", "must not be empty")
        })?;
        let mut part_keys: HashSet<&str> = self.sections.iter().map(|s| s.id.as_str()).collect();
        if self.checklist.id.trim().is_empty() || !part_keys.insert(&self.checklist.id) {
            return Err(invalid(
                "checklist",
                "id",
                "must be set and differ from every section's id",
            ));
        }
        let p = &self.presentation;
        for (field, text) in [
            ("item_label", &p.item_label),
            ("checklist_entry_label", &p.checklist_entry_label),
            ("source_attribution", &p.source_attribution),
            ("item_question", &p.item_question),
            ("checklist_entry_question", &p.checklist_entry_question),
        ] {
            require_text(text, || invalid("presentation", field, "must not be empty"))?;
        }
        for (part, labels) in [
            ("item_responses", &p.item_responses),
            ("checklist_responses", &p.checklist_responses),
        ] {
            for response in crate::Response::ALL {
                require_text(labels.of(response), || {
                    invalid(
                        "presentation",
                        &format!("{part}.{}", response.as_str()),
                        "must not be empty",
                    )
                })?;
            }
        }
        require_text(&self.checklist.question, || {
            invalid("checklist", "question", "must not be empty")
        })?;
        for (index, checklist_entry) in self.checklist.entries.iter().enumerate() {
            let expected = format!("C{}", index + 1);
            let entry = format!("checklist entry {}", checklist_entry.id);
            if checklist_entry.id != expected {
                return Err(invalid(
                    &entry,
                    "id",
                    &format!(
                        "checklist entries must be numbered C1, C2, C3… in order; expected {expected}"
                    ),
                ));
            }
            if !seen_ids.insert(checklist_entry.id.clone()) {
                return Err(invalid(&entry, "id", "is used more than once"));
            }
            require_text(&checklist_entry.text, || {
                invalid(&entry, "text", "must not be empty")
            })?;
        }

        for field in &self.header_fields {
            require_text(&field.label, || {
                invalid(
                    &format!("header field {}", field.id),
                    "label",
                    "must not be empty",
                )
            })?;
        }
        for column in &self.item_columns {
            require_text(&column.label, || {
                invalid(
                    &format!("item column {}", column.id),
                    "label",
                    "must not be empty",
                )
            })?;
        }
        Ok(())
    }

    pub fn items(&self) -> impl Iterator<Item = (&Section, &Item)> {
        self.sections
            .iter()
            .flat_map(|section| section.items.iter().map(move |item| (section, item)))
    }

    pub fn summary(&self) -> FrameworkSummary {
        let items = self.items().count();
        let sub_points: usize = self.items().map(|(_, item)| item.sub_points.len()).sum();
        FrameworkSummary {
            id: self.id.clone(),
            version: self.version.clone(),
            title: self.title.clone(),
            item_count: count(items),
            sub_point_count: count(sub_points),
            checklist_count: count(self.checklist.entries.len()),
        }
    }

    /// Every entry in reading order: items with their sub-points, then the checklist.
    /// Every entry in reading order, built once per framework.
    pub fn entry_list(&self) -> &[CatalogueEntry] {
        self.entry_cache.get_or_init(|| self.build_entries())
    }

    /// Every entry in reading order, as an owned list.
    pub fn entries(&self) -> Vec<CatalogueEntry> {
        self.entry_list().to_vec()
    }

    fn build_entries(&self) -> Vec<CatalogueEntry> {
        let mut entries = Vec::new();
        for (section, item) in self.items() {
            entries.push(CatalogueEntry {
                id: item.id.clone(),
                kind: EntryKind::Item,
                label: self.entry_label(EntryKind::Item, &item.id),
                part_key: section.id.clone(),
                section: Some(section.number),
                section_title: Some(section.title.clone()),
                parent: None,
                sub_points: item.sub_points.iter().map(|s| s.id.clone()).collect(),
                text: item.text.clone(),
                regulations: Some(item.regulations.clone()),
                regulations_printed: Some(print_regulations(&item.regulations)),
                source_note: item.source_note.clone(),
                guidance: item.guidance.clone(),
            });
            for sub_point in &item.sub_points {
                entries.push(CatalogueEntry {
                    id: sub_point.id.clone(),
                    kind: EntryKind::SubPoint,
                    label: self.entry_label(EntryKind::SubPoint, &sub_point.id),
                    part_key: section.id.clone(),
                    section: Some(section.number),
                    section_title: Some(section.title.clone()),
                    parent: Some(item.id.clone()),
                    sub_points: Vec::new(),
                    text: sub_point.text.clone(),
                    regulations: None,
                    regulations_printed: None,
                    source_note: None,
                    guidance: sub_point.guidance.clone(),
                });
            }
        }
        for checklist_entry in &self.checklist.entries {
            entries.push(CatalogueEntry {
                id: checklist_entry.id.clone(),
                kind: EntryKind::Checklist,
                label: self.entry_label(EntryKind::Checklist, &checklist_entry.id),
                part_key: self.checklist.id.clone(),
                section: None,
                section_title: None,
                parent: None,
                sub_points: Vec::new(),
                text: checklist_entry.text.clone(),
                regulations: None,
                regulations_printed: None,
                source_note: checklist_entry.source_note.clone(),
                guidance: checklist_entry.guidance.clone(),
            });
        }
        entries
    }

    /// The parts in reading order: each section, then the checklist.
    pub fn parts(&self) -> Vec<PartView> {
        let mut parts: Vec<PartView> = self
            .sections
            .iter()
            .map(|section| PartView {
                key: section.id.clone(),
                heading: format!("Section {}: {}", section.number, section.title),
                intro: None,
                kind: PartKind::Section,
                entry_ids: section
                    .items
                    .iter()
                    .flat_map(|item| {
                        std::iter::once(item.id.clone())
                            .chain(item.sub_points.iter().map(|s| s.id.clone()))
                    })
                    .collect(),
            })
            .collect();
        parts.push(PartView {
            key: self.checklist.id.clone(),
            heading: self.checklist.title.clone(),
            intro: Some(self.checklist.question.clone()),
            kind: PartKind::Checklist,
            entry_ids: self
                .checklist
                .entries
                .iter()
                .map(|e| e.id.clone())
                .collect(),
        });
        parts
    }

    pub fn view(&self) -> CatalogueView {
        CatalogueView {
            framework: self.summary(),
            regulation_scheme: self.regulation_scheme.clone(),
            presentation: self.presentation.clone(),
            parts: self.parts(),
            checklist_question: self.checklist.question.clone(),
            entries: self.entries(),
            derivation_rule: crate::derive::rule_text(&self.presentation.item_responses),
            action_plan_title: self.action_plan_template.title.clone(),
        }
    }

    /// Finds an entry by id. Matching ignores case and surrounding space, so
    /// `c4` and ` 3A ` find `C4` and `3a`.
    pub fn entry(&self, id: &str) -> Option<EntryRef<'_>> {
        let wanted = id.trim();
        for (section, item) in self.items() {
            if item.id.eq_ignore_ascii_case(wanted) {
                return Some(EntryRef {
                    id: &item.id,
                    kind: EntryKind::Item,
                    section: Some(section.number),
                    sub_points: &item.sub_points,
                });
            }
            for sub_point in &item.sub_points {
                if sub_point.id.eq_ignore_ascii_case(wanted) {
                    return Some(EntryRef {
                        id: &sub_point.id,
                        kind: EntryKind::SubPoint,
                        section: Some(section.number),
                        sub_points: &[],
                    });
                }
            }
        }
        self.checklist
            .entries
            .iter()
            .find(|entry| entry.id.eq_ignore_ascii_case(wanted))
            .map(|entry| EntryRef {
                id: &entry.id,
                kind: EntryKind::Checklist,
                section: None,
                sub_points: &[],
            })
    }

    /// How a person names an entry at the start of a sentence: "Item 3a", "Checklist entry C4".
    pub fn entry_label(&self, kind: EntryKind, id: &str) -> String {
        let noun = match kind {
            EntryKind::Item | EntryKind::SubPoint => &self.presentation.item_label,
            EntryKind::Checklist => &self.presentation.checklist_entry_label,
        };
        format!("{noun} {id}")
    }

    /// The labels of the responses for an entry of this kind.
    pub fn response_labels(&self, kind: EntryKind) -> &ResponseLabels {
        match kind {
            EntryKind::Checklist => &self.presentation.checklist_responses,
            EntryKind::Item | EntryKind::SubPoint => &self.presentation.item_responses,
        }
    }

    /// The ids of the entries a person answers, in reading order: every entry
    /// except items answered through their sub-points.
    pub fn answerable_ids(&self) -> Vec<&str> {
        let mut ids = Vec::new();
        for (_, item) in self.items() {
            if item.sub_points.is_empty() {
                ids.push(item.id.as_str());
            }
            ids.extend(item.sub_points.iter().map(|s| s.id.as_str()));
        }
        ids.extend(self.checklist.entries.iter().map(|e| e.id.as_str()));
        ids
    }

    /// The ids a user may answer, summarised for error messages ("1 to 19, 3a to 3g, C1 to C21").
    pub fn entry_id_ranges(&self) -> String {
        let mut ranges = Vec::new();
        let items: Vec<&Item> = self.items().map(|(_, item)| item).collect();
        if let (Some(first), Some(last)) = (items.first(), items.last()) {
            ranges.push(format!("items {} to {}", first.id, last.id));
        }
        for item in &items {
            if let (Some(first), Some(last)) = (item.sub_points.first(), item.sub_points.last()) {
                ranges.push(format!("{} to {}", first.id, last.id));
            }
        }
        if let (Some(first), Some(last)) = (
            self.checklist.entries.first(),
            self.checklist.entries.last(),
        ) {
            ranges.push(format!("{} to {}", first.id, last.id));
        }
        ranges.join(", ")
    }
}

/// A resolved entry of a framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryRef<'a> {
    /// The canonical id, spelled as the framework spells it.
    pub id: &'a str,
    pub kind: EntryKind,
    pub section: Option<u32>,
    /// For an item answered through its sub-points: those sub-points.
    pub sub_points: &'a [SubPoint],
}

impl EntryRef<'_> {
    /// Whether the entry's response is derived from its sub-points.
    pub fn is_derived(&self) -> bool {
        !self.sub_points.is_empty()
    }
}

/// The regulations as the 2011 template prints them.
pub fn print_regulations(numbers: &[u32]) -> String {
    let joined = numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    match numbers.len() {
        0 => "none legible".to_owned(),
        1 => format!("regulation {joined}"),
        _ => format!("regulations {joined}"),
    }
}

fn require_text(text: &str, error: impl FnOnce() -> CatalogueError) -> Result<(), CatalogueError> {
    if text.trim().is_empty() {
        Err(error())
    } else {
        Ok(())
    }
}

fn letter(index: usize) -> char {
    (b'a' + u8::try_from(index % 26).unwrap_or(0)) as char
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal(file_id: &str) -> serde_json::Value {
        serde_json::json!({
            "schema_version": 2, "id": file_id, "version": "1", "content_revision": 1,
            "title": "T",
            "source": {"publisher": "P", "document": "D", "part": "3", "published": "2011", "seed": "s"},
            "header_fields": [], "item_columns": [], "regulation_scheme": "R",
            "presentation": {
                "item_label": "Item", "checklist_entry_label": "Checklist entry",
                "source_attribution": "From the source", "item_question": "In place?",
                "checklist_entry_question": "Included?",
                "item_responses": {"yes": "Yes", "partial": "Partially", "no": "No", "na": "Not applicable"},
                "checklist_responses": {"yes": "Included", "partial": "Partially included", "no": "Not included", "na": "Not applicable"}
            },
            "sections": [{"id": "s", "number": 1, "title": "S", "items": [
                {"id": "1", "text": "First", "regulations": [12],
                 "sub_points": [{"id": "1a", "text": "a"}]}
            ]}],
            "checklist": {"id": "c", "title": "C", "question": "Q?", "entries": [{"id": "C1", "text": "c"}]},
            "action_plan_template": {"title": "A", "columns": []}
        })
    }

    fn load(value: &serde_json::Value) -> Result<Framework, CatalogueError> {
        Framework::from_json("demo.json", &value.to_string())
    }

    #[test]
    fn a_minimal_framework_loads() {
        let framework = load(&minimal("demo")).expect("valid");
        assert_eq!(framework.entries().len(), 3);
        assert_eq!(framework.entry("1A").map(|e| e.id), Some("1a"));
        assert_eq!(
            framework.entry("c1").map(|e| e.kind),
            Some(EntryKind::Checklist)
        );
        assert_eq!(framework.entry("2"), None);
    }

    #[test]
    fn a_blank_item_text_names_file_entry_and_field() {
        let mut value = minimal("demo");
        value["sections"][0]["items"][0]["text"] = serde_json::json!("  ");
        let error = load(&value).expect_err("blank text");
        assert_eq!(
            error.to_string(),
            "demo.json: item 1, field `text`: must not be empty"
        );
    }

    #[test]
    fn a_missing_field_names_its_path() {
        let mut value = minimal("demo");
        if let Some(item) = value["sections"][0]["items"][0].as_object_mut() {
            item.remove("regulations");
        }
        let error = load(&value).expect_err("missing field");
        let message = error.to_string();
        assert!(message.starts_with("demo.json: "), "{message}");
        assert!(message.contains("sections[0].items[0]"), "{message}");
        assert!(message.contains("regulations"), "{message}");
    }

    #[test]
    fn an_unknown_field_is_refused() {
        let mut value = minimal("demo");
        value["sections"][0]["items"][0]["colour"] = serde_json::json!("red");
        let message = load(&value).expect_err("unknown").to_string();
        assert!(message.contains("colour"), "{message}");
    }

    #[test]
    fn out_of_order_ids_are_refused() {
        let mut value = minimal("demo");
        value["sections"][0]["items"][0]["sub_points"][0]["id"] = serde_json::json!("1b");
        assert_eq!(
            load(&value).expect_err("misnamed").to_string(),
            "demo.json: sub-point 1b, field `id`: sub-points of item 1 must be lettered in order; expected 1a"
        );
        let mut value = minimal("demo");
        value["checklist"]["entries"][0]["id"] = serde_json::json!("C2");
        assert!(load(&value).is_err());
    }

    #[test]
    fn an_item_without_regulations_needs_a_source_note() {
        let mut value = minimal("demo");
        value["sections"][0]["items"][0]["regulations"] = serde_json::json!([]);
        assert_eq!(
            load(&value).expect_err("no note").to_string(),
            "demo.json: item 1, field `source_note`: an item with no regulations must say why in a source_note"
        );
        value["sections"][0]["items"][0]["source_note"] = serde_json::json!("none legible");
        assert!(load(&value).is_ok());
    }

    #[test]
    fn the_id_must_match_the_file_name() {
        let error = load(&minimal("other")).expect_err("mismatch");
        assert!(
            error
                .to_string()
                .contains("expected the file to be other.json")
        );
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let mut value = minimal("demo");
        value["schema_version"] = serde_json::json!(3);
        assert!(
            load(&value)
                .expect_err("newer")
                .to_string()
                .contains("schema version 2, the file declares 3")
        );
    }

    #[test]
    fn regulations_print_as_the_template_does() {
        assert_eq!(print_regulations(&[24]), "regulation 24");
        assert_eq!(print_regulations(&[12, 24]), "regulations 12, 24");
        assert_eq!(print_regulations(&[]), "none legible");
    }
}
