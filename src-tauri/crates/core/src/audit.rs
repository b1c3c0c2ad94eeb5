//! What changed, field by field: the rows the store appends to the audit trail.
//!
//! Working out the change set is pure logic and lives here; the store only
//! writes it, in the same transaction as the change itself.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::answer::Answer;
use crate::assessment::{AssessmentStatus, NewAssessment};
use crate::evidence::Evidence;

/// One field's change. `old_value` is `None` when the field had no value before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldChange {
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// The kind of record an audit row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AuditEntity {
    Assessment,
    Answer,
    Evidence,
    /// An action of the plan; the audit row's entry is the action's source entry.
    Action,
}

impl AuditEntity {
    pub const ALL: [AuditEntity; 4] = [
        AuditEntity::Assessment,
        AuditEntity::Answer,
        AuditEntity::Evidence,
        AuditEntity::Action,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditEntity::Assessment => "assessment",
            AuditEntity::Answer => "answer",
            AuditEntity::Evidence => "evidence",
            AuditEntity::Action => "action",
        }
    }

    /// Reads a kind back. An unknown kind is `None`, for the caller to report
    /// as an error: it is never mapped to another kind.
    pub fn parse(text: &str) -> Option<AuditEntity> {
        AuditEntity::ALL.into_iter().find(|e| e.as_str() == text)
    }
}

/// A row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditEntry {
    /// Position in the trail; increases with every row.
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    /// The actor's role when the change was made ("" where none was given).
    pub actor_role: String,
    pub assessment_id: Uuid,
    pub entity: AuditEntity,
    /// The entry an answer or evidence change belongs to.
    pub entry_id: Option<String>,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// The fields recorded when an assessment is created.
pub fn assessment_created(new: &NewAssessment) -> Vec<FieldChange> {
    [
        ("framework_id", new.framework_id.clone()),
        ("framework_version", new.framework_version.clone()),
        ("organisation", new.organisation.clone()),
        ("assessor", new.assessor.clone()),
        ("assessment_date", new.assessment_date.to_string()),
    ]
    .into_iter()
    .map(|(field, value)| FieldChange {
        field: field.to_owned(),
        old_value: None,
        new_value: Some(value),
    })
    .collect()
}

/// The change of an assessment's status (marked complete, reopened).
pub fn status_change(old: AssessmentStatus, new: AssessmentStatus) -> Vec<FieldChange> {
    vec![FieldChange {
        field: "status".to_owned(),
        old_value: Some(old.as_str().to_owned()),
        new_value: Some(new.as_str().to_owned()),
    }]
}

/// The rows recorded when evidence is added (`added`) or removed.
pub fn evidence_changes(evidence: &Evidence, added: bool) -> Vec<FieldChange> {
    let description = match &evidence.file {
        Some(file) => format!(
            "{} ({}, {} bytes, SHA-256 {})",
            evidence.title, file.name, file.size, file.sha256
        ),
        None if evidence.location.is_empty() => evidence.title.clone(),
        None => format!("{} ({})", evidence.title, evidence.location),
    };
    let (old_value, new_value) = if added {
        (None, Some(description))
    } else {
        (Some(description), None)
    };
    vec![FieldChange {
        field: format!("evidence {}", evidence.id),
        old_value,
        new_value,
    }]
}

/// The fields that differ between the recorded answer (if any) and the new one.
/// An unchanged answer yields no changes, so saving it twice records nothing.
pub fn answer_changes(old: Option<&Answer>, new: &Answer) -> Vec<FieldChange> {
    let fields = |answer: &Answer| -> [(&'static str, Option<String>); 8] {
        [
            ("response", answer.response.map(|r| r.as_str().to_owned())),
            ("na_reason", answer.na_reason.clone()),
            (
                "action_required",
                Some(if answer.action_required { "Y" } else { "N" }.to_owned()),
            ),
            ("comment", non_empty(&answer.comment)),
            ("lead", non_empty(&answer.lead)),
            ("due_date", answer.due_date.map(|d| d.to_string())),
            ("policy_ref", non_empty(&answer.policy_ref)),
            ("review_date", answer.review_date.map(|d| d.to_string())),
        ]
    };
    let new_fields = fields(new);
    let old_fields = old.map(fields);
    new_fields
        .into_iter()
        .enumerate()
        .filter_map(|(index, (field, new_value))| {
            let old_value = old_fields.as_ref().and_then(|f| f[index].1.clone());
            let is_new_answer = old_fields.is_none();
            (old_value != new_value || (is_new_answer && new_value.is_some())).then(|| {
                FieldChange {
                    field: field.to_owned(),
                    old_value,
                    new_value,
                }
            })
        })
        .collect()
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}
