//! The rules the window shows before it asks Rust anything: text limits, the
//! largest attachable file, and which responses default to "action required".
//! They are exported from here into the UI's generated bindings, so the form's
//! character counts and hints can never disagree with the rules that save.

use serde::Serialize;
use ts_rs::TS;

use crate::answer::{COMMENT, LEAD, NA_REASON, POLICY_REF, Response};
use crate::assessment::{ACTOR, ASSESSOR, AssessmentStatus, ORGANISATION, ROLE};
use crate::evidence::{EVIDENCE_LOCATION, EVIDENCE_TITLE, MAX_FILE_BYTES, human_size};
use crate::plan;
use crate::review::StepState;
use crate::rules::ErrorKind;

/// Every free-text field's limit, in characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TextLimits {
    pub organisation: u32,
    pub assessor: u32,
    pub actor: u32,
    pub role: u32,
    pub comment: u32,
    pub lead: u32,
    pub na_reason: u32,
    pub policy_ref: u32,
    pub evidence_title: u32,
    pub evidence_location: u32,
    pub action: u32,
    pub owners: u32,
    pub department: u32,
    pub note: u32,
    pub priority_reason: u32,
    pub deferred_reason: u32,
    pub signed_off_by: u32,
}

/// Whether each response needs action unless the person says otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ActionDefaults {
    pub yes: bool,
    pub partial: bool,
    pub no: bool,
    pub na: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FormRules {
    pub limits: TextLimits,
    #[ts(type = "number")]
    pub max_file_bytes: u64,
    /// The file limit as people read it: "10 MB".
    pub max_file_size: String,
    pub default_action_required: ActionDefaults,
    /// How the screens name the fields of audit rows, by field.
    pub audit_field_labels: std::collections::BTreeMap<String, String>,
    /// An action's statuses in the order the screens list them, with their labels.
    pub statuses: Vec<Labelled<plan::ActionStatus>>,
    /// The priorities, highest first (as the plan sorts them), with their labels.
    pub priorities: Vec<Labelled<plan::Priority>>,
    /// How far ahead "due soon" looks, in days.
    pub due_soon_days: u32,
    /// A step's or part's states, with the words the progress list shows.
    pub step_states: Vec<Labelled<StepState>>,
    /// An assessment's statuses, with their labels.
    pub assessment_statuses: Vec<Labelled<AssessmentStatus>>,
    /// Every kind of error a command may reject with.
    pub error_kinds: Vec<ErrorKind>,
}

/// A value and how the screens name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Labelled<T: TS> {
    pub value: T,
    pub label: String,
}

fn chars(limit: usize) -> u32 {
    u32::try_from(limit).unwrap_or(u32::MAX)
}

pub fn form_rules() -> FormRules {
    FormRules {
        limits: TextLimits {
            organisation: chars(ORGANISATION.max_chars),
            assessor: chars(ASSESSOR.max_chars),
            actor: chars(ACTOR.max_chars),
            role: chars(ROLE.max_chars),
            comment: chars(COMMENT.max_chars),
            lead: chars(LEAD.max_chars),
            na_reason: chars(NA_REASON.max_chars),
            policy_ref: chars(POLICY_REF.max_chars),
            evidence_title: chars(EVIDENCE_TITLE.max_chars),
            evidence_location: chars(EVIDENCE_LOCATION.max_chars),
            action: chars(plan::ACTION_TEXT.max_chars),
            owners: chars(plan::OWNERS.max_chars),
            department: chars(plan::DEPARTMENT.max_chars),
            note: chars(plan::NOTE.max_chars),
            priority_reason: chars(plan::PRIORITY_REASON.max_chars),
            deferred_reason: chars(plan::DEFERRED_REASON.max_chars),
            signed_off_by: chars(plan::SIGNED_OFF_BY.max_chars),
        },
        max_file_bytes: MAX_FILE_BYTES,
        max_file_size: human_size(MAX_FILE_BYTES),
        default_action_required: ActionDefaults {
            yes: Response::Yes.default_action_required(),
            partial: Response::Partial.default_action_required(),
            no: Response::No.default_action_required(),
            na: Response::Na.default_action_required(),
        },
        audit_field_labels: crate::audit::FIELD_LABELS
            .iter()
            .map(|(field, label)| ((*field).to_owned(), (*label).to_owned()))
            .collect(),
        statuses: labelled(plan::ActionStatus::ALL, plan::ActionStatus::label),
        priorities: labelled(plan::Priority::ALL, plan::Priority::label),
        due_soon_days: plan::view::DUE_SOON_DAYS,
        step_states: labelled(StepState::ALL, StepState::label),
        assessment_statuses: labelled(AssessmentStatus::ALL, AssessmentStatus::label),
        error_kinds: ErrorKind::ALL.to_vec(),
    }
}

/// Each of `values` with its label, in the order given.
fn labelled<T: TS + Copy>(
    values: impl IntoIterator<Item = T>,
    label: impl Fn(T) -> &'static str,
) -> Vec<Labelled<T>> {
    values
        .into_iter()
        .map(|value| Labelled {
            value,
            label: label(value).to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_status_and_error_kind_reaches_the_window() {
        let rules = form_rules();
        let states: Vec<(StepState, &str)> = rules
            .step_states
            .iter()
            .map(|s| (s.value, s.label.as_str()))
            .collect();
        assert_eq!(
            states,
            [
                (StepState::NotStarted, "Not started"),
                (StepState::Incomplete, "Incomplete"),
                (StepState::NeedsAttention, "Needs attention"),
                (StepState::Complete, "Complete"),
            ]
        );
        let statuses: Vec<&str> = rules
            .assessment_statuses
            .iter()
            .map(|s| s.label.as_str())
            .collect();
        assert_eq!(statuses, ["In progress", "Complete"]);
        assert_eq!(rules.error_kinds.len(), 6);
        assert_eq!(rules.statuses[0].label, "Not started");
        assert_eq!(rules.priorities[0].value, plan::Priority::High);
    }
}
