//! Answers to a framework's entries and the rules they follow.
//!
//! The 2011 template records, for every item: a response, whether action is
//! required (Y/N), a comment, a department lead / nominated lead and a date for
//! completion. We add N/A, which must carry a reason so a reader can judge it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue::{AnswerField, Framework, Response};
use crate::rules::{RuleError, TextField, parse_date};

pub const COMMENT: TextField = TextField::lines("comment", "the comment", 5000);
pub const LEAD: TextField = TextField::line("lead", "the department lead / nominated lead", 200);
pub const NA_REASON: TextField =
    TextField::lines("na_reason", "the reason it does not apply", 2000);

/// What the review asks for when a response that needs a reason has none;
/// `subject` is the entry as said mid-sentence ("item 3b"), or "this" on the
/// entry's own page.
pub fn missing_reason(subject: &str) -> String {
    format!("Enter why {subject} does not apply")
}

/// Reads `y`/`n` (also `yes`/`no`), any case.
pub fn parse_yes_no(text: &str) -> Result<bool, RuleError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(true),
        "n" | "no" => Ok(false),
        _ => Err(RuleError::InvalidActionRequired {
            value: text.to_owned(),
        }),
    }
}

/// The policy name or reference, in parts that ask for it.
pub const POLICY_REF: TextField =
    TextField::line("policy_ref", "the policy name or reference", 300);

/// What a person submits for one entry: a whole answer or one field of it, as
/// the form saves each change. A field left out (`null`) keeps the value
/// already recorded; an empty string clears it. `action_required` left out is
/// kept while the response stays the same and re-derived when it changes.
/// Nothing here is required: a half-done answer is saved, and only marking
/// the assessment complete asks for what is missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AnswerInput {
    #[ts(optional)]
    #[serde(default)]
    pub response: Option<Response>,
    #[ts(optional)]
    #[serde(default)]
    pub na_reason: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub action_required: Option<bool>,
    #[ts(optional)]
    #[serde(default)]
    pub comment: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub lead: Option<String>,
    /// `YYYY-MM-DD`, or empty to clear.
    #[ts(optional)]
    #[serde(default)]
    pub due_date: Option<String>,
    /// Only in parts that ask for it: the policy's name or reference.
    #[ts(optional)]
    #[serde(default)]
    pub policy_ref: Option<String>,
    /// Only in parts that ask for it: the policy's next review date, `YYYY-MM-DD`, or empty to clear.
    #[ts(optional)]
    #[serde(default)]
    pub review_date: Option<String>,
}

/// A validated answer to one entry, complete or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Answer {
    /// The entry's canonical id: `1`…`19`, `3a`…`3g`, `C1`…`C21`.
    pub entry_id: String,
    /// `None` until a response is chosen.
    pub response: Option<Response>,
    /// Why the entry does not apply. Kept when the response changes away from
    /// N/A, so changing back loses nothing; it counts only with N/A.
    pub na_reason: Option<String>,
    pub action_required: bool,
    pub comment: String,
    pub lead: String,
    pub due_date: Option<NaiveDate>,
    /// The policy's name or reference ("" when not given or not asked for).
    pub policy_ref: String,
    /// When the policy is next due for review, in parts that ask for it.
    pub review_date: Option<NaiveDate>,
    /// Where the answer was carried over from ("Item 3b and item 3c of the
    /// assessment of 30 November 2026"), until a person confirms or changes
    /// it. Until then it counts as unanswered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub carried_from: Option<String>,
}

/// An answer as recorded: with who last changed it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AnswerRecord {
    #[serde(flatten)]
    pub answer: Answer,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

impl Answer {
    /// Applies `input` over the answer already recorded for the entry (if any)
    /// and checks the rules that hold for every save: known entry, text within
    /// its limit, real dates, a response on the entry's scale, fields only
    /// where the entry's part asks for them. What
    /// makes an answer complete is checked by `review`, not here.
    /// `entry_id` may be typed loosely (`c4`); the answer carries the canonical id.
    pub fn apply(
        framework: &Framework,
        entry_id: &str,
        existing: Option<&Answer>,
        input: AnswerInput,
    ) -> Result<Answer, RuleError> {
        let entry = framework
            .entry(entry_id)
            .ok_or_else(|| RuleError::UnknownEntry {
                id: entry_id.trim().to_owned(),
                framework: framework.title.clone(),
                ranges: framework.entry_id_ranges(),
            })?;
        let label = entry.label();
        if entry.is_derived() {
            return Err(RuleError::DerivedEntry {
                entry: label,
                sub_points: sub_point_range(entry.sub_points),
            });
        }
        for (given, field) in [
            (&input.policy_ref, AnswerField::PolicyRef),
            (&input.review_date, AnswerField::ReviewDate),
        ] {
            if !entry.asks_for(field) && given.as_deref().is_some_and(|t| !t.trim().is_empty()) {
                return Err(RuleError::FieldNotAsked {
                    field: field.as_str(),
                    what: field.description(),
                    entry: label,
                });
            }
        }
        let scale = framework.scale_for(&entry);
        if let Some(response) = input.response
            && !scale.offers(response)
        {
            return Err(RuleError::ResponseNotOnScale {
                entry: label,
                response: response.as_str().to_owned(),
                choices: scale.values_in_words(),
            });
        }

        let response = input.response.or(existing.and_then(|e| e.response));
        let response_changed = existing.is_none_or(|e| e.response != response);

        let typed_reason = input
            .na_reason
            .as_deref()
            .map(|t| NA_REASON.optional(t))
            .transpose()?;
        if let (Some(reason), Some(response)) = (&typed_reason, response)
            && !reason.is_empty()
            && response != Response::Na
        {
            return Err(RuleError::ReasonOnlyForNa {
                entry: label,
                response: scale.label(response).to_owned(),
            });
        }
        let na_reason = match typed_reason {
            Some(reason) => Some(reason),
            None => existing.and_then(|e| e.na_reason.clone()),
        }
        .filter(|r| !r.is_empty());

        let action_required = match (input.action_required, existing) {
            (Some(explicit), _) => explicit,
            (None, Some(existing)) if !response_changed => existing.action_required,
            (None, _) => response.is_some_and(Response::default_action_required),
        };

        let keep = |typed: Option<String>, old: Option<&str>| typed.or(old.map(str::to_owned));
        let comment = COMMENT.optional(
            &keep(input.comment, existing.map(|e| e.comment.as_str())).unwrap_or_default(),
        )?;
        let lead = LEAD
            .optional(&keep(input.lead, existing.map(|e| e.lead.as_str())).unwrap_or_default())?;
        let policy_ref = POLICY_REF.optional(
            &keep(input.policy_ref, existing.map(|e| e.policy_ref.as_str())).unwrap_or_default(),
        )?;
        let due_date = optional_date(
            input.due_date,
            existing.and_then(|e| e.due_date),
            "due_date",
            "the date for completion",
        )?;
        let review_date = optional_date(
            input.review_date,
            existing.and_then(|e| e.review_date),
            "review_date",
            "the review date",
        )?;

        Ok(Answer {
            entry_id: entry.id.to_owned(),
            response,
            na_reason,
            action_required,
            comment,
            lead,
            due_date,
            policy_ref,
            review_date,
            // A person's save confirms an answer that was carried over.
            carried_from: None,
        })
    }

    /// Whether it was carried over and nobody has confirmed or changed it yet.
    pub fn awaits_confirmation(&self) -> bool {
        self.carried_from.is_some()
    }

    /// Whether a response has been chosen by a person: an answer carried
    /// over and not yet confirmed is not.
    pub fn is_answered(&self) -> bool {
        self.response.is_some() && !self.awaits_confirmation()
    }

    /// Whether nothing at all has been given (an answer not worth a row).
    pub fn is_blank(&self) -> bool {
        self.response.is_none()
            && self.na_reason.is_none()
            && !self.action_required
            && self.comment.is_empty()
            && self.lead.is_empty()
            && self.due_date.is_none()
            && self.policy_ref.is_empty()
            && self.review_date.is_none()
    }
}

/// A date typed as text: empty clears it, absent keeps the recorded one.
fn optional_date(
    typed: Option<String>,
    recorded: Option<NaiveDate>,
    field: &'static str,
    label: &'static str,
) -> Result<Option<NaiveDate>, RuleError> {
    match typed {
        Some(text) if text.trim().is_empty() => Ok(None),
        Some(text) => parse_date(field, label, &text).map(Some),
        None => Ok(recorded),
    }
}

/// "3a to 3g".
pub fn sub_point_range(sub_points: &[crate::catalogue::SubPoint]) -> String {
    match (sub_points.first(), sub_points.last()) {
        (Some(first), Some(last)) => format!("{} to {}", first.id, last.id),
        _ => String::new(),
    }
}
