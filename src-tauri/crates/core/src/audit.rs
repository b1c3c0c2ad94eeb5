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
    /// A person signing the assessment off.
    SignOff,
}

impl AuditEntity {
    pub const ALL: [AuditEntity; 5] = [
        AuditEntity::Assessment,
        AuditEntity::Answer,
        AuditEntity::Evidence,
        AuditEntity::Action,
        AuditEntity::SignOff,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditEntity::Assessment => "assessment",
            AuditEntity::Answer => "answer",
            AuditEntity::Evidence => "evidence",
            AuditEntity::Action => "action",
            AuditEntity::SignOff => "sign_off",
        }
    }

    /// What a row of this kind is about as the screens name it ("Sign-off"),
    /// the same words as the window's audit page.
    pub fn label(self) -> &'static str {
        match self {
            AuditEntity::Assessment => "Assessment details",
            AuditEntity::Answer => "Answer",
            AuditEntity::Evidence => "Evidence",
            AuditEntity::Action => "Action",
            AuditEntity::SignOff => "Sign-off",
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
    /// This row's link in the assessment's hash chain (lower-case hex SHA-256).
    pub hash: String,
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

/// How the screens name each field an audit row can record, for the fields
/// of assessments and answers (actions and sign-offs are named by their own
/// screens). One list, sent to the window through the generated rules.
pub const FIELD_LABELS: &[(&str, &str)] = &[
    ("framework_id", "Framework"),
    ("framework_version", "Framework version"),
    ("organisation", "Organisation"),
    ("assessor", "Name of assessor"),
    ("assessment_date", "Date of assessment"),
    ("status", "Status"),
    ("response", "Response"),
    ("na_reason", "Why it does not apply"),
    ("action_required", "Action required"),
    ("comment", "Comment"),
    ("lead", "Lead"),
    ("due_date", "Date for completion"),
    ("policy_ref", "Policy name or reference"),
    ("review_date", "Policy review date"),
    ("carried_over_from", "Carried over from (to confirm)"),
    ("started_from", "Started from"),
    (
        "copied_from_previous_version",
        "Copied from the previous version",
    ),
    ("signed_off_by", "Signed off by"),
    ("version", "Version"),
    ("previous_version", "Previous version"),
    ("next_version", "Newer version"),
    ("referrals", "Prevent referrals"),
    ("referrals_breakdown", "Breakdown of referrals"),
    ("incidents", "Significant incidents"),
    ("resources", "Adequate resources"),
    ("resources_note", "About resources"),
    ("activity", "Other Prevent-related activity"),
    ("accountable_lead", "Accountable Prevent lead"),
];

/// How the screens name `field` ("due_date" reads "Date for completion"),
/// when [`FIELD_LABELS`] names it.
pub fn field_label(field: &str) -> Option<&'static str> {
    FIELD_LABELS
        .iter()
        .find(|(name, _)| *name == field)
        .map(|(_, label)| *label)
}

/// The fields that differ between the recorded answer (if any) and the new one.
/// An unchanged answer yields no changes, so saving it twice records nothing.
pub fn answer_changes(old: Option<&Answer>, new: &Answer) -> Vec<FieldChange> {
    let fields = |answer: &Answer| -> [(&'static str, Option<String>); 9] {
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
            ("carried_over_from", answer.carried_from.clone()),
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

/// One audit row as stored, for hashing: every column but its position, which
/// the chain itself orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainedRow<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub actor_role: &'a str,
    /// The trail the row belongs to: the assessment's id, or for an
    /// organisation's own trail (training figures) the organisation's key.
    pub assessment_id: &'a str,
    pub entity: &'a str,
    pub entry_id: Option<&'a str>,
    pub field: &'a str,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
}

/// The hash of an assessment's first row links to nothing.
pub const CHAIN_START: &str = "";

/// A row's link: SHA-256 over the previous row's hash and the row's columns,
/// as a JSON array (unambiguous: no value can run into the next).
pub fn chain_hash(previous: &str, row: &ChainedRow<'_>) -> String {
    let columns = (
        previous,
        row.at,
        row.actor,
        row.actor_role,
        row.assessment_id,
        row.entity,
        row.entry_id,
        row.field,
        row.old_value,
        row.new_value,
    );
    // A tuple of strings always serialises.
    let bytes = serde_json::to_vec(&columns).unwrap_or_default();
    crate::digest::sha256_hex(&bytes)
}

/// A stored row with its recorded links, for checking the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredLink<'a> {
    pub seq: i64,
    pub row: ChainedRow<'a>,
    pub previous_hash: &'a str,
    pub hash: &'a str,
}

/// Where an audit trail's chain first fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChainBreak {
    /// The audit row at fault.
    pub seq: i64,
    pub problem: String,
}

/// The outcome of checking an assessment's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChainCheck {
    pub rows: u32,
    /// The last row's hash: what a seal records.
    pub head: String,
    /// `None` when every row links to the one before and matches its hash.
    pub broken: Option<ChainBreak>,
}

/// Checks that each row matches its own hash and links to the row before.
/// An edit to any column, a removed row or rows swapped in order all show.
pub fn verify_chain<'a>(rows: impl IntoIterator<Item = StoredLink<'a>>) -> ChainCheck {
    let mut previous = CHAIN_START.to_owned();
    let mut count = 0u32;
    for link in rows {
        count += 1;
        if link.previous_hash != previous {
            return ChainCheck {
                rows: count,
                head: previous,
                broken: Some(ChainBreak {
                    seq: link.seq,
                    problem: format!(
                        "audit row {} does not follow the row before it: a row has been removed, added or reordered",
                        link.seq
                    ),
                }),
            };
        }
        let expected = chain_hash(&previous, &link.row);
        if expected != link.hash {
            return ChainCheck {
                rows: count,
                head: previous,
                broken: Some(ChainBreak {
                    seq: link.seq,
                    problem: format!(
                        "audit row {} has been changed since it was written (recorded {} on {} by {})",
                        link.seq, link.row.field, link.row.at, link.row.actor
                    ),
                }),
            };
        }
        previous = expected;
    }
    ChainCheck {
        rows: count,
        head: previous,
        broken: None,
    }
}

/// The fields of an action as the action's page names them, for audit rows
/// about actions.
pub const ACTION_FIELD_LABELS: &[(&str, &str)] = &[
    ("objective", "Objective"),
    ("action", "Action"),
    ("priority", "Priority"),
    ("rule", "Priority set by"),
    ("priority_reason", "Why this priority"),
    ("status", "Status"),
    ("deferred_reason", "Why deferred"),
    ("owners", "Owners"),
    ("department", "Department"),
    ("due", "Date for completion"),
    ("gap", "Gap in the assessment"),
    ("completed_on", "Completed on"),
    ("signed_off_by", "Completion signed off by"),
];

/// One audit row as the app's audit page and the report's appendix show it:
/// what it is about, the field's name and both values in the words people
/// read on the screens. Both surfaces call this, so they cannot differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ShownChange {
    /// "Answer · Item 3a", "Action · Item 1", "Sign-off".
    pub what: String,
    /// "Date for completion".
    pub field: String,
    /// "(none)" when there was no value.
    pub old_value: String,
    pub new_value: String,
}

/// `row` of an assessment against `framework`, as shown.
pub fn shown_change(
    framework: &crate::catalogue::Framework,
    entity: &str,
    entry_id: Option<&str>,
    field: &str,
    old_value: Option<&str>,
    new_value: Option<&str>,
) -> ShownChange {
    let value = |value: Option<&str>| match value {
        Some(value) if !value.is_empty() => shown_value(framework, entity, entry_id, field, value),
        _ => "(none)".to_owned(),
    };
    ShownChange {
        what: shown_what(framework, entity, entry_id),
        field: shown_field(entity, field),
        old_value: value(old_value),
        new_value: value(new_value),
    }
}

/// What a row is about: its kind, and the entry it belongs to, if any.
pub fn shown_what(
    framework: &crate::catalogue::Framework,
    entity: &str,
    entry_id: Option<&str>,
) -> String {
    let kind = AuditEntity::parse(entity).map_or_else(
        || capitalised(&entity.replace('_', " ")),
        |kind| kind.label().to_owned(),
    );
    match entry_id.filter(|id| !id.is_empty()) {
        Some(id) => format!(
            "{kind} \u{00B7} {}",
            crate::plan::source_label(id, framework)
        ),
        None => kind,
    }
}

/// A field's name as the screens show it; evidence rows as "Evidence".
pub fn shown_field(entity: &str, field: &str) -> String {
    if entity == AuditEntity::Evidence.as_str() || field.starts_with("evidence") {
        return "Evidence".to_owned();
    }
    let action_label = (entity == AuditEntity::Action.as_str())
        .then(|| ACTION_FIELD_LABELS.iter().find(|(name, _)| *name == field))
        .flatten()
        .map(|(_, label)| *label);
    action_label
        .or_else(|| field_label(field))
        .map_or_else(|| capitalised(&field.replace('_', " ")), str::to_owned)
}

/// A recorded value as the screens show it: a response by its scale's
/// label, statuses, priorities and gaps by their labels, Y/N as Yes/No, a
/// date in words, the framework by its title, who set a priority; any other
/// value as recorded.
pub fn shown_value(
    framework: &crate::catalogue::Framework,
    entity: &str,
    entry_id: Option<&str>,
    field: &str,
    value: &str,
) -> String {
    use crate::plan::{ActionStatus, GapState, Priority, SET_BY_A_PERSON};
    let is_action = entity == AuditEntity::Action.as_str();
    let shown = match field {
        "response" => crate::catalogue::Response::from_stored(value).and_then(|response| {
            let scale = entry_id
                .and_then(|id| framework.entry(id))
                .map(|entry| framework.scale_for(&entry))
                .or_else(|| framework.parts.first().map(|part| framework.scale_of(part)))?;
            Some(scale.label(response).to_owned())
        }),
        "status" if is_action => ActionStatus::parse(value)
            .ok()
            .map(|s| s.label().to_owned()),
        "status" => AssessmentStatus::parse(value).map(|s| s.label().to_owned()),
        "priority" => Priority::parse(value).ok().map(|p| p.label().to_owned()),
        "gap" => GapState::parse(value).map(|gap| {
            match gap {
                GapState::Open => "Open",
                GapState::Closed => "Closed",
            }
            .to_owned()
        }),
        "rule" if is_action => Some(if value == SET_BY_A_PERSON {
            "A person".to_owned()
        } else {
            format!("The framework's priority rules ({value})")
        }),
        "action_required" => match value {
            "Y" => Some("Yes".to_owned()),
            "N" => Some("No".to_owned()),
            _ => None,
        },
        "assessment_date" | "due_date" | "review_date" | "due" | "completed_on" => {
            chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .ok()
                .map(|date| date.format("%-d %B %Y").to_string())
        }
        "framework_id" if value == framework.id => Some(framework.title.clone()),
        _ => None,
    };
    shown.unwrap_or_else(|| value.to_owned())
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An audit row with how the screens show it, for the window's audit page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ShownAuditEntry {
    #[serde(flatten)]
    #[ts(flatten)]
    pub entry: AuditEntry,
    pub shown: ShownChange,
}

impl ShownAuditEntry {
    pub fn of(framework: &crate::catalogue::Framework, entry: AuditEntry) -> ShownAuditEntry {
        let shown = shown_change(
            framework,
            entry.entity.as_str(),
            entry.entry_id.as_deref(),
            &entry.field,
            entry.old_value.as_deref(),
            entry.new_value.as_deref(),
        );
        ShownAuditEntry { entry, shown }
    }
}
