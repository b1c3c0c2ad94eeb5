//! Framework catalogues: the guidance documents turned into data.
//!
//! A framework file (`assets/frameworks/<id>.json`) declares everything the
//! app asks and prints for one framework, word for word from its source: its
//! parts with their printed headings, its entries with their own ids (the app
//! imposes no numbering), sub-points whose parent's response is derived by a
//! rule the file names, the answer scale (values, labels, order and what each
//! value means), the extra fields each part asks for, the report's columns
//! and the action-plan template. Nothing in the engine assumes one framework's
//! shape: the 2011 toolkit, the 2024 core standards and the tests' fixture
//! framework all load through here.
//!
//! Loading checks all of it (see `validate`), so a broken file is refused
//! with an error naming the file, the entry and the field, instead of
//! surfacing later as a blank question on screen or a blank column in a PDF.

mod scale;
pub mod v2;
mod validate;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::rules::RuleError;

pub use scale::{Meaning, Response, Scale, ScaleChoice, ScaleValue, ScaleView};

/// The framework file format this build understands.
pub const SUPPORTED_SCHEMA_VERSION: u32 = 3;

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
    #[error("{file}: {problem}")]
    InvalidCrosswalk { file: String, problem: String },
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
    /// In the product's own words: who the framework is for, shown when an
    /// assessment is started.
    pub description: String,
    pub source: Source,
    pub header_fields: Vec<HeaderField>,
    /// Shown under the source's wording on every question page.
    pub source_attribution: String,
    /// The answer scales the parts use.
    pub scales: Vec<Scale>,
    /// The parts in reading order.
    pub parts: Vec<Part>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A line of the form header ("Organisation", "Date of assessment", …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderField {
    pub id: String,
    pub label: String,
    /// The assessment field that records it, if any.
    pub maps_to: Option<HeaderMapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_note: Option<String>,
}

/// The assessment fields a header line can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderMapping {
    Organisation,
    AssessmentDate,
    Assessor,
}

impl HeaderMapping {
    pub fn from_name(name: &str) -> Option<HeaderMapping> {
        match name {
            "organisation" => Some(HeaderMapping::Organisation),
            "assessment_date" => Some(HeaderMapping::AssessmentDate),
            "assessor" => Some(HeaderMapping::Assessor),
            _ => None,
        }
    }
}

/// A part of a framework: a section of items, a heading over standards, a
/// checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// The part's key, unique in the framework.
    pub id: String,
    /// As printed: "Section 1: Organisational", "Prevent leads".
    pub heading: String,
    /// Where space is short (a chart's bar, a list of steps): "Organisational".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_heading: Option<String>,
    /// The source's words that introduce the part's entries (the checklist's question).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    /// How an entry is named before its id: "Item", "Checklist entry", "Standard".
    pub entry_label: String,
    /// The question above the responses on an entry's page.
    pub question: String,
    /// The id of the scale its entries are answered on.
    pub scale: String,
    /// Whether its entries carry regulation references, and of which scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regulations: Option<RegulationScheme>,
    /// The fields its answers record beyond the response, comment, action
    /// required, lead and date for completion that every answer has.
    pub answer_fields: Vec<AnswerField>,
    /// The report's table for the part, column by column.
    pub columns: Vec<ReportColumn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_note: Option<String>,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegulationScheme {
    /// How the regulation numbers are to be read, as printed.
    pub scheme: String,
}

/// A field an answer records in some parts only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AnswerField {
    /// The name or reference of the policy that covers the entry.
    PolicyRef,
    /// When that policy is next due for review.
    ReviewDate,
}

impl AnswerField {
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerField::PolicyRef => "policy_ref",
            AnswerField::ReviewDate => "review_date",
        }
    }

    /// What it is, in a sentence: "a policy name or reference".
    pub fn description(self) -> &'static str {
        match self {
            AnswerField::PolicyRef => "a policy name or reference",
            AnswerField::ReviewDate => "a review date",
        }
    }
}

/// A column of a part's table in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportColumn {
    pub id: String,
    pub label: String,
    /// What the column shows.
    pub maps_to: ColumnField,
    /// Its share of the table's width.
    pub width: ColumnWidth,
}

/// What a report column shows. A name outside this list is refused when the
/// file loads, never printed as a blank column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnField {
    /// The entry's label and wording.
    Entry,
    Response,
    Regulations,
    Comment,
    ActionRequired,
    Lead,
    DueDate,
    PolicyRef,
    ReviewDate,
}

impl ColumnField {
    pub fn from_name(name: &str) -> Option<ColumnField> {
        Some(match name {
            "entry" => ColumnField::Entry,
            "response" => ColumnField::Response,
            "regulations" => ColumnField::Regulations,
            "comment" => ColumnField::Comment,
            "action_required" => ColumnField::ActionRequired,
            "lead" => ColumnField::Lead,
            "due_date" => ColumnField::DueDate,
            "policy_ref" => ColumnField::PolicyRef,
            "review_date" => ColumnField::ReviewDate,
            _ => return None,
        })
    }
}

/// A column's relative width, as written in the file.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ColumnWidth(pub f32);

impl PartialEq for ColumnWidth {
    fn eq(&self, other: &ColumnWidth) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for ColumnWidth {}

/// An entry a person answers (or answers through its sub-points).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Its printed id or label, unique in the framework: `3`, `C4`, `P9`.
    pub id: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_note: Option<String>,
    /// The product's own prompt of what evidence usually shows it is met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
    /// Regulation numbers as printed, in a part that has regulations; empty
    /// where none is legible (a `source_note` says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regulations: Option<Vec<u32>>,
    /// An entry with sub-points is answered through them: its own response
    /// is derived by this rule, never typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_by: Option<DerivationRule>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_points: Vec<SubPoint>,
    /// Figures the app keeps that bear on the entry: shown beside it, and
    /// perhaps proposing its response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figures: Option<EntryFigures>,
}

/// Figures an entry asks to be shown beside it (framework schema 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum EntryFigures {
    /// The organisation's latest training compliance against the 85%
    /// minimum, per level.
    TrainingCompliance,
    /// The same, and the response proposed from them: in place when every
    /// level with staff meets the minimum, otherwise not in place. A person
    /// who answers otherwise says why in the comment.
    TrainingComplianceProposesResponse,
}

impl EntryFigures {
    /// Whether the entry's response is proposed from the figures.
    pub fn proposes_response(self) -> bool {
        self == EntryFigures::TrainingComplianceProposesResponse
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubPoint {
    pub id: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
}

/// How an entry's response follows from its sub-points' (see `derive`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum DerivationRule {
    /// Every applicable sub-point in place: in place; every one not in
    /// place: not in place; none applies: does not apply; else partly.
    #[serde(rename = "sub-points-alike-else-partly")]
    SubPointsAlikeElsePartly,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionPlanTemplate {
    pub title: String,
    /// How the template was read from the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_note: Option<String>,
    pub columns: Vec<TemplateColumn>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TemplateColumn {
    pub id: String,
    pub label: String,
}

/// What an action plan column shows, by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanField {
    /// The standard to be met: the source entry and its wording.
    Objective,
    ActionRequired,
    Priority,
    CompletionDate,
    Responsible,
    Completed,
}

impl TemplateColumn {
    /// What it shows, read from its id; `None` for an id nothing fills.
    pub fn field(&self) -> Option<PlanField> {
        PlanField::from_id(&self.id)
    }
}

impl PlanField {
    /// The field a template column's id names, as the report and the
    /// exports read it (any case, `-` or `_`); `None` for an id nothing fills.
    pub fn from_id(id: &str) -> Option<PlanField> {
        Some(
            match id.trim().to_ascii_lowercase().replace('-', "_").as_str() {
                "objective" | "objectives" => PlanField::Objective,
                "action_required" | "action" | "actions" => PlanField::ActionRequired,
                "priority" => PlanField::Priority,
                "completion_date" | "due" | "due_date" => PlanField::CompletionDate,
                "responsible" | "responsible_individuals" | "owners" => PlanField::Responsible,
                "completed" => PlanField::Completed,
                _ => return None,
            },
        )
    }
}

/// Whether an entry is answered itself or is a sub-point of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Entry,
    SubPoint,
}

/// Every entry of a framework, flattened in reading order: the shape the CLI
/// prints and the UI renders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CatalogueEntry {
    pub id: String,
    pub kind: EntryKind,
    /// How a person names the entry: "Item 3a", "Checklist entry C4", "Standard P9".
    pub label: String,
    /// The part the entry belongs to, by its key.
    pub part_key: String,
    /// The entry a sub-point belongs to.
    pub parent: Option<String>,
    /// The sub-points of an entry that is answered through them. When not
    /// empty, the entry's response is derived and never typed.
    pub sub_points: Vec<String>,
    pub text: String,
    /// Regulation numbers as printed, for entries of a part with regulations.
    pub regulations: Option<Vec<u32>>,
    /// The regulations as the template prints them, e.g. "regulations 12, 24".
    pub regulations_printed: Option<String>,
    pub source_note: Option<String>,
    /// The product's own prompt of what evidence usually shows the entry is met.
    pub guidance: Option<String>,
    /// Figures shown beside the entry, if any.
    pub figures: Option<EntryFigures>,
}

/// A part as the UI needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PartView {
    pub key: String,
    /// As printed.
    pub heading: String,
    /// Where space is short; the heading when the file gives none.
    pub short_heading: String,
    pub intro: Option<String>,
    /// "Item", "Checklist entry", "Standard".
    pub entry_label: String,
    pub question: String,
    /// The id of its scale in [`CatalogueView::scales`].
    pub scale: String,
    pub answer_fields: Vec<AnswerField>,
    /// The regulation scheme its entries' references belong to, if any.
    pub regulation_scheme: Option<String>,
    /// The stated rule by which an entry with sub-points gets its response,
    /// in the scale's labels; `None` when no entry of the part has sub-points.
    pub derivation_rule: Option<String>,
    pub source_note: Option<String>,
    /// The part's entries in reading order.
    pub entry_ids: Vec<String>,
}

/// A framework as the UI needs it: its header, scales and entries in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CatalogueView {
    pub framework: FrameworkSummary,
    pub source_attribution: String,
    pub scales: Vec<ScaleView>,
    pub parts: Vec<PartView>,
    pub entries: Vec<CatalogueEntry>,
    /// The title of the framework's action plan, as its template prints it.
    pub action_plan_title: String,
    /// How its entries relate to other frameworks' (the product's own
    /// crosswalks), seen from this framework; filled in by
    /// [`crate::Frameworks::catalogue`], which knows the others.
    pub links: Vec<crate::crosswalk::LinkView>,
    /// The titles of the frameworks the links point to, by id.
    pub linked_frameworks: Vec<FrameworkSummary>,
}

/// One line of `prevent-sa frameworks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FrameworkSummary {
    pub id: String,
    pub version: String,
    pub title: String,
    pub description: String,
    pub part_count: u32,
    /// Entries, not counting sub-points.
    pub entry_count: u32,
    pub sub_point_count: u32,
    /// What a person answers: entries without sub-points, and sub-points.
    pub answerable_count: u32,
}

/// A resolved entry of a framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryRef<'a> {
    /// The canonical id, spelled as the framework spells it.
    pub id: &'a str,
    pub kind: EntryKind,
    pub part: &'a Part,
    /// The entry a sub-point belongs to.
    pub parent: Option<&'a Entry>,
    /// For an entry answered through its sub-points: those sub-points.
    pub sub_points: &'a [SubPoint],
}

impl EntryRef<'_> {
    /// Whether the entry's response is derived from its sub-points.
    pub fn is_derived(&self) -> bool {
        !self.sub_points.is_empty()
    }

    /// How a person names it at the start of a sentence: "Item 3a".
    pub fn label(&self) -> String {
        format!("{} {}", self.part.entry_label, self.id)
    }

    /// Whether its answers record `field`.
    pub fn asks_for(&self, field: AnswerField) -> bool {
        self.part.answer_fields.contains(&field)
    }
}

impl Framework {
    /// Parses and validates one framework file. `file` is the name used in errors.
    pub fn from_json(file: &str, json: &str) -> Result<Framework, CatalogueError> {
        let framework: Framework = parse_file(file, json)?;
        framework.validate(file)?;
        Ok(framework)
    }

    /// Every entry with the part it belongs to, in reading order (sub-points
    /// not included).
    pub fn entries_by_part(&self) -> impl Iterator<Item = (&Part, &Entry)> {
        self.parts
            .iter()
            .flat_map(|part| part.entries.iter().map(move |entry| (part, entry)))
    }

    pub fn summary(&self) -> FrameworkSummary {
        let entries = self.entries_by_part().count();
        let sub_points: usize = self
            .entries_by_part()
            .map(|(_, e)| e.sub_points.len())
            .sum();
        FrameworkSummary {
            id: self.id.clone(),
            version: self.version.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            part_count: count(self.parts.len()),
            entry_count: count(entries),
            sub_point_count: count(sub_points),
            answerable_count: count(self.answerable_ids().len()),
        }
    }

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
        for (part, entry) in self.entries_by_part() {
            entries.push(CatalogueEntry {
                id: entry.id.clone(),
                kind: EntryKind::Entry,
                label: format!("{} {}", part.entry_label, entry.id),
                part_key: part.id.clone(),
                parent: None,
                sub_points: entry.sub_points.iter().map(|s| s.id.clone()).collect(),
                text: entry.text.clone(),
                regulations: entry.regulations.clone(),
                regulations_printed: entry.regulations.as_deref().map(print_regulations),
                source_note: entry.source_note.clone(),
                guidance: entry.guidance.clone(),
                figures: entry.figures,
            });
            for sub_point in &entry.sub_points {
                entries.push(CatalogueEntry {
                    id: sub_point.id.clone(),
                    kind: EntryKind::SubPoint,
                    label: format!("{} {}", part.entry_label, sub_point.id),
                    part_key: part.id.clone(),
                    parent: Some(entry.id.clone()),
                    sub_points: Vec::new(),
                    text: sub_point.text.clone(),
                    regulations: None,
                    regulations_printed: None,
                    source_note: None,
                    guidance: sub_point.guidance.clone(),
                    figures: None,
                });
            }
        }
        entries
    }

    /// The parts in reading order, as the UI shows them.
    pub fn parts(&self) -> Vec<PartView> {
        self.parts
            .iter()
            .map(|part| PartView {
                key: part.id.clone(),
                heading: part.heading.clone(),
                short_heading: part.short_heading().to_owned(),
                intro: part.intro.clone(),
                entry_label: part.entry_label.clone(),
                question: part.question.clone(),
                scale: part.scale.clone(),
                answer_fields: part.answer_fields.clone(),
                regulation_scheme: part.regulations.as_ref().map(|r| r.scheme.clone()),
                derivation_rule: part
                    .entries
                    .iter()
                    .any(|e| !e.sub_points.is_empty())
                    .then(|| crate::derive::rule_text(self.scale_of(part))),
                source_note: part.source_note.clone(),
                entry_ids: part
                    .entries
                    .iter()
                    .flat_map(|entry| {
                        std::iter::once(entry.id.clone())
                            .chain(entry.sub_points.iter().map(|s| s.id.clone()))
                    })
                    .collect(),
            })
            .collect()
    }

    pub fn view(&self) -> CatalogueView {
        CatalogueView {
            framework: self.summary(),
            source_attribution: self.source_attribution.clone(),
            scales: self.scales.iter().map(Scale::view).collect(),
            parts: self.parts(),
            entries: self.entries(),
            action_plan_title: self.action_plan_template.title.clone(),
            links: Vec::new(),
            linked_frameworks: Vec::new(),
        }
    }

    /// Finds an entry by id. Matching ignores case and surrounding space, so
    /// `c4` and ` 3A ` find `C4` and `3a`.
    pub fn entry(&self, id: &str) -> Option<EntryRef<'_>> {
        let wanted = id.trim();
        for (part, entry) in self.entries_by_part() {
            if entry.id.eq_ignore_ascii_case(wanted) {
                return Some(EntryRef {
                    id: &entry.id,
                    kind: EntryKind::Entry,
                    part,
                    parent: None,
                    sub_points: &entry.sub_points,
                });
            }
            if let Some(sub_point) = entry
                .sub_points
                .iter()
                .find(|s| s.id.eq_ignore_ascii_case(wanted))
            {
                return Some(EntryRef {
                    id: &sub_point.id,
                    kind: EntryKind::SubPoint,
                    part,
                    parent: Some(entry),
                    sub_points: &[],
                });
            }
        }
        None
    }

    /// How a person names an entry at the start of a sentence: "Item 3a",
    /// "Checklist entry C4"; the id itself for an id the framework does not know.
    pub fn entry_label(&self, id: &str) -> String {
        self.entry(id)
            .map_or_else(|| id.to_owned(), |entry| entry.label())
    }

    /// Reads a response as typed for an entry, on the entry's own scale
    /// (`met`, `partially-met`; `yes`, `partial` for the 2011 toolkit).
    pub fn parse_response(&self, entry_id: &str, text: &str) -> Result<Response, RuleError> {
        let entry = self
            .entry(entry_id)
            .ok_or_else(|| RuleError::UnknownEntry {
                id: entry_id.trim().to_owned(),
                framework: self.title.clone(),
                ranges: self.entry_id_ranges(),
            })?;
        self.scale_for(&entry).parse(text)
    }

    /// A part by its key.
    pub fn part(&self, key: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.id == key)
    }

    /// The scale a part is answered on. Loading checks that it exists; a
    /// framework built by hand without one gets an empty scale.
    pub fn scale_of(&self, part: &Part) -> &Scale {
        self.scales
            .iter()
            .find(|s| s.id == part.scale)
            .unwrap_or(Scale::empty())
    }

    /// The scale an entry is answered on.
    pub fn scale_for(&self, entry: &EntryRef<'_>) -> &Scale {
        self.scale_of(entry.part)
    }

    /// The ids of the entries a person answers, in reading order: every entry
    /// except those answered through their sub-points.
    pub fn answerable_ids(&self) -> Vec<&str> {
        let mut ids = Vec::new();
        for (_, entry) in self.entries_by_part() {
            if entry.sub_points.is_empty() {
                ids.push(entry.id.as_str());
            }
            ids.extend(entry.sub_points.iter().map(|s| s.id.as_str()));
        }
        ids
    }

    /// The ids a user may answer, summarised for error messages: each part's
    /// first and last, and each run of sub-points ("1 to 11, 3a to 3g, C1 to C21").
    pub fn entry_id_ranges(&self) -> String {
        let mut ranges = Vec::new();
        for part in &self.parts {
            if let (Some(first), Some(last)) = (part.entries.first(), part.entries.last()) {
                ranges.push(range(&first.id, &last.id));
            }
            for entry in &part.entries {
                if let (Some(first), Some(last)) =
                    (entry.sub_points.first(), entry.sub_points.last())
                {
                    ranges.push(range(&first.id, &last.id));
                }
            }
        }
        ranges.join(", ")
    }
}

impl Part {
    /// Where space is short; the heading when the file gives none.
    pub fn short_heading(&self) -> &str {
        self.short_heading.as_deref().unwrap_or(&self.heading)
    }
}

fn range(first: &str, last: &str) -> String {
    if first == last {
        first.to_owned()
    } else {
        format!("{first} to {last}")
    }
}

/// Parses one of the data files beside the frameworks (a framework, its
/// rules, a crosswalk): an error names the file and the path in it.
pub(crate) fn parse_file<T: serde::de::DeserializeOwned>(
    file: &str,
    json: &str,
) -> Result<T, CatalogueError> {
    let deserializer = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(deserializer).map_err(|err| CatalogueError::Malformed {
        file: file.to_owned(),
        path: err.path().to_string(),
        problem: err.inner().to_string(),
    })
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

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
