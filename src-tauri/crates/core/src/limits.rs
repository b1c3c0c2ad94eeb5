//! The rules the window shows before it asks Rust anything: text limits and
//! how messages name each field, the largest attachable file, which responses
//! default to "action required" or need a reason, and the labels of statuses,
//! priorities and step states. They are exported from here into the UI's
//! generated bindings, so the forms' counts, hints and words can never
//! disagree with the rules that save.

use serde::Serialize;
use ts_rs::TS;

use crate::answer::{COMMENT, LEAD, NA_REASON, POLICY_REF};
use crate::assessment::{ACTOR, ASSESSOR, AssessmentStatus, ORGANISATION, ROLE};
use crate::board::{self, ResourcesStatement};
use crate::catalogue::Response;
use crate::evidence::{EVIDENCE_LOCATION, EVIDENCE_TITLE, MAX_FILE_BYTES};
use crate::plan;
use crate::review::StepState;
use crate::rules::ErrorKind;
use crate::size::human_size;
use crate::training::TrainingLevel;

/// Declares every free-text field the forms show once: its limit and its
/// label both come from the field's `TextField` rule.
macro_rules! text_fields {
    ($($name:ident: $rule:expr,)*) => {
        /// Every free-text field's limit, in characters after trimming.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
        pub struct TextLimits {
            $(pub $name: u32,)*
        }

        /// How the app's messages name every free-text field, mid-sentence:
        /// "the comment" ("Enter the comment", "The comment must be…").
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
        pub struct TextLabels {
            $(pub $name: String,)*
        }

        fn text_limits() -> TextLimits {
            TextLimits {
                $($name: chars($rule.max_chars),)*
            }
        }

        fn text_labels() -> TextLabels {
            TextLabels {
                $($name: $rule.label.to_owned(),)*
            }
        }
    };
}

text_fields! {
    organisation: ORGANISATION,
    assessor: ASSESSOR,
    actor: ACTOR,
    role: ROLE,
    comment: COMMENT,
    lead: LEAD,
    na_reason: NA_REASON,
    policy_ref: POLICY_REF,
    evidence_title: EVIDENCE_TITLE,
    evidence_location: EVIDENCE_LOCATION,
    action: plan::ACTION_TEXT,
    owners: plan::OWNERS,
    department: plan::DEPARTMENT,
    note: plan::NOTE,
    priority_reason: plan::PRIORITY_REASON,
    deferred_reason: plan::DEFERRED_REASON,
    signed_off_by: plan::SIGNED_OFF_BY,
    staff_group: crate::training::GROUP,
    referrals_breakdown: board::REFERRALS_BREAKDOWN,
    incidents: board::INCIDENTS,
    resources_note: board::RESOURCES_NOTE,
    activity: board::ACTIVITY,
    accountable_lead: board::LEAD,
}

/// One value for each response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ByResponse<T: TS> {
    pub yes: T,
    pub partial: T,
    pub no: T,
    pub na: T,
}

impl<T: TS> ByResponse<T> {
    fn from_fn(value: impl Fn(Response) -> T) -> ByResponse<T> {
        ByResponse {
            yes: value(Response::Yes),
            partial: value(Response::Partial),
            no: value(Response::No),
            na: value(Response::Na),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FormRules {
    pub limits: TextLimits,
    /// How messages name each text field ("the comment").
    pub labels: TextLabels,
    #[ts(type = "number")]
    pub max_file_bytes: u64,
    /// The file limit as people read it: "10 MB".
    pub max_file_size: String,
    /// Whether each response needs action unless the person says otherwise.
    pub default_action_required: ByResponse<bool>,
    /// Whether each response needs a reason why the entry does not apply.
    pub reason_required: ByResponse<bool>,
    /// What the entry's page asks for when that reason is missing.
    pub missing_reason: String,
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
    /// Every response, in the order the scales list them.
    pub responses: Vec<Response>,
    /// The training levels, with the words the screens use for them.
    pub training_levels: Vec<Labelled<TrainingLevel>>,
    /// "The minimum compliance rate for training completion is 85%."
    pub training_target_percent: u32,
    /// How long training stays in date unless an organisation sets another
    /// period, and the longest it may set, in years.
    pub default_validity_years: u32,
    pub max_validity_years: u32,
    /// The largest training export the import reads, and as people read it.
    #[ts(type = "number")]
    pub max_training_export_bytes: u64,
    pub max_training_export_size: String,
    /// The board report's statement on resources, with the answers' labels.
    pub resources_statements: Vec<Labelled<ResourcesStatement>>,
    /// The statement itself, as the report asks it.
    pub resources_question: String,
    pub max_referrals: u32,
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
        limits: text_limits(),
        labels: text_labels(),
        max_file_bytes: MAX_FILE_BYTES,
        max_file_size: human_size(MAX_FILE_BYTES),
        default_action_required: ByResponse::from_fn(Response::default_action_required),
        reason_required: ByResponse::from_fn(Response::needs_reason),
        missing_reason: crate::answer::missing_reason("this"),
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
        responses: Response::ALL.to_vec(),
        training_levels: labelled(TrainingLevel::ALL, TrainingLevel::label),
        training_target_percent: crate::training::TARGET_PERCENT,
        default_validity_years: crate::training::DEFAULT_VALIDITY_YEARS,
        max_validity_years: crate::training::MAX_VALIDITY_YEARS,
        max_training_export_bytes: crate::training_import::MAX_TRAINING_EXPORT_BYTES,
        max_training_export_size: human_size(crate::training_import::MAX_TRAINING_EXPORT_BYTES),
        resources_statements: labelled(ResourcesStatement::ALL, ResourcesStatement::label),
        resources_question: board::RESOURCES_QUESTION.to_owned(),
        max_referrals: board::MAX_REFERRALS,
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
        assert_eq!(rules.error_kinds.len(), 7);
        assert!(rules.error_kinds.contains(&ErrorKind::DamagedDatabase));
        assert_eq!(rules.responses, Response::ALL);
        assert_eq!(rules.statuses[0].label, "Not started");
        assert_eq!(rules.priorities[0].value, plan::Priority::High);
    }

    #[test]
    fn the_form_names_fields_and_asks_for_reasons_as_the_rules_do() {
        let rules = form_rules();
        assert_eq!(rules.labels.comment, "the comment");
        assert_eq!(rules.labels.na_reason, "the reason it does not apply");
        assert_eq!(rules.limits.na_reason, 2000);
        assert!(rules.reason_required.na);
        assert!(!rules.reason_required.yes && !rules.reason_required.partial);
        assert_eq!(rules.missing_reason, "Enter why this does not apply");
        assert!(rules.default_action_required.no && !rules.default_action_required.yes);
    }
}
