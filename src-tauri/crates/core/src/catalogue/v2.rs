//! The framework file format before schema 3, frozen.
//!
//! Records sealed in formats 1 and 2 carry their framework in this shape, and
//! a sealed record is never rewritten: it is read as it was written, turned
//! into today's shape only to be drawn, and written back out byte for byte.
//! Nothing else reads or writes this shape. Do not change it.

use serde::{Deserialize, Serialize};

use super::{
    ColumnField, ColumnWidth, DerivationRule, HeaderMapping, Meaning, RegulationScheme,
    ReportColumn, Scale, ScaleValue,
};

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseLabels {
    pub yes: String,
    pub partial: String,
    pub no: String,
    pub na: String,
}

/// How the reports of formats 1 and 2 sized the columns of the items table.
fn item_column_width(field: ColumnField) -> f32 {
    match field {
        ColumnField::Comment => 2.7,
        ColumnField::ActionRequired => 0.8,
        ColumnField::Lead => 1.25,
        _ => 1.0,
    }
}

fn column(id: &str, label: &str, maps_to: ColumnField, width: f32) -> ReportColumn {
    ReportColumn {
        id: id.to_owned(),
        label: label.to_owned(),
        maps_to,
        width: ColumnWidth(width),
    }
}

fn scale(id: &str, labels: &ResponseLabels) -> Scale {
    let value = |value: &str, label: &str, meaning: Meaning| ScaleValue {
        value: value.to_owned(),
        label: label.to_owned(),
        meaning,
    };
    Scale {
        id: id.to_owned(),
        values: vec![
            value("yes", &labels.yes, Meaning::InPlace),
            value("partial", &labels.partial, Meaning::PartlyInPlace),
            value("no", &labels.no, Meaning::NotInPlace),
            value("na", &labels.na, Meaning::DoesNotApply),
        ],
        source_note: None,
    }
}

impl Framework {
    /// The same framework in today's shape, laid out as the reports of
    /// formats 1 and 2 laid it out: each section a part with the template's
    /// item columns, then the checklist with its policy reference and review
    /// date. An item column this shape cannot name is refused, as the
    /// reports of those formats refused it.
    pub fn to_current(&self) -> Result<super::Framework, String> {
        let presentation = &self.presentation;
        let mut item_columns = vec![
            column("item", &presentation.item_label, ColumnField::Entry, 3.1),
            column("response", "Response", ColumnField::Response, 1.1),
        ];
        for item_column in &self.item_columns {
            let field = ColumnField::from_name(item_column.maps_to.trim())
                .filter(|f| {
                    matches!(
                        f,
                        ColumnField::Regulations
                            | ColumnField::Comment
                            | ColumnField::ActionRequired
                            | ColumnField::Lead
                            | ColumnField::DueDate
                    )
                })
                .ok_or_else(|| {
                    format!(
                        "the framework's item column `{}` shows `{}`, which this version cannot print",
                        item_column.id, item_column.maps_to
                    )
                })?;
            item_columns.push(column(
                &item_column.id,
                &item_column.label,
                field,
                item_column_width(field),
            ));
        }
        let comment_label = self
            .item_columns
            .iter()
            .find(|c| c.maps_to.trim() == "comment")
            .map_or("Comment", |c| c.label.as_str());

        let mut parts: Vec<super::Part> = self
            .sections
            .iter()
            .map(|section| super::Part {
                id: section.id.clone(),
                heading: format!("Section {}: {}", section.number, section.title),
                short_heading: Some(section.title.clone()),
                intro: None,
                entry_label: presentation.item_label.clone(),
                question: presentation.item_question.clone(),
                scale: "item".to_owned(),
                regulations: Some(RegulationScheme {
                    scheme: self.regulation_scheme.clone(),
                }),
                answer_fields: Vec::new(),
                columns: item_columns.clone(),
                source_note: None,
                entries: section
                    .items
                    .iter()
                    .map(|item| super::Entry {
                        id: item.id.clone(),
                        text: item.text.clone(),
                        source_note: item.source_note.clone(),
                        guidance: item.guidance.clone(),
                        regulations: Some(item.regulations.clone()),
                        figures: None,
                        derived_by: (!item.sub_points.is_empty())
                            .then_some(DerivationRule::SubPointsAlikeElsePartly),
                        sub_points: item
                            .sub_points
                            .iter()
                            .map(|s| super::SubPoint {
                                id: s.id.clone(),
                                text: s.text.clone(),
                                guidance: s.guidance.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        parts.push(super::Part {
            id: self.checklist.id.clone(),
            heading: self.checklist.title.clone(),
            short_heading: None,
            intro: Some(self.checklist.question.clone()),
            entry_label: presentation.checklist_entry_label.clone(),
            question: presentation.checklist_entry_question.clone(),
            scale: "checklist".to_owned(),
            regulations: None,
            answer_fields: vec![
                super::AnswerField::PolicyRef,
                super::AnswerField::ReviewDate,
            ],
            columns: vec![
                column(
                    "entry",
                    &presentation.checklist_entry_label,
                    ColumnField::Entry,
                    3.2,
                ),
                column("response", "Response", ColumnField::Response, 1.25),
                column(
                    "policy_ref",
                    "Policy name or reference",
                    ColumnField::PolicyRef,
                    2.1,
                ),
                column("review_date", "Review date", ColumnField::ReviewDate, 1.0),
                column("comment", comment_label, ColumnField::Comment, 2.8),
            ],
            source_note: None,
            entries: self
                .checklist
                .entries
                .iter()
                .map(|entry| super::Entry {
                    id: entry.id.clone(),
                    text: entry.text.clone(),
                    source_note: entry.source_note.clone(),
                    guidance: entry.guidance.clone(),
                    regulations: None,
                    derived_by: None,
                    figures: None,
                    sub_points: Vec::new(),
                })
                .collect(),
        });

        Ok(super::Framework {
            schema_version: super::SUPPORTED_SCHEMA_VERSION,
            id: self.id.clone(),
            version: self.version.clone(),
            content_revision: self.content_revision,
            title: self.title.clone(),
            description: String::new(),
            source: super::Source {
                publisher: self.source.publisher.clone(),
                document: self.source.document.clone(),
                part: self.source.part.clone(),
                published: self.source.published.clone(),
                seed: self.source.seed.clone(),
                note: self.source.note.clone(),
            },
            header_fields: self
                .header_fields
                .iter()
                .map(|field| super::HeaderField {
                    id: field.id.clone(),
                    label: field.label.clone(),
                    maps_to: field.maps_to.as_deref().and_then(HeaderMapping::from_name),
                    source_note: field.source_note.clone(),
                })
                .collect(),
            source_attribution: presentation.source_attribution.clone(),
            scales: vec![
                scale("item", &presentation.item_responses),
                scale("checklist", &presentation.checklist_responses),
            ],
            parts,
            action_plan_template: super::ActionPlanTemplate {
                title: self.action_plan_template.title.clone(),
                source_note: self.action_plan_template.source_note.clone(),
                columns: self
                    .action_plan_template
                    .columns
                    .iter()
                    .map(|c| super::TemplateColumn {
                        id: c.id.clone(),
                        label: c.label.clone(),
                    })
                    .collect(),
            },
            entry_cache: std::sync::OnceLock::new(),
        })
    }
}
