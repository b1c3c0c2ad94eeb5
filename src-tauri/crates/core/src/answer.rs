//! Answers to a framework's entries and the rules they follow.
//!
//! The 2011 template records, for every item: a response, whether action is
//! required (Y/N), a comment, a department lead / nominated lead and a date for
//! completion. We add N/A, which must carry a reason so a reader can judge it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue::Framework;
use crate::rules::{RuleError, TextField, parse_date};

pub const COMMENT: TextField = TextField {
    field: "comment",
    label: "the comment",
    max_chars: 5000,
};
pub const LEAD: TextField = TextField {
    field: "lead",
    label: "the department lead / nominated lead",
    max_chars: 200,
};
pub const NA_REASON: TextField = TextField {
    field: "na_reason",
    label: "the reason it does not apply",
    max_chars: 2000,
};

/// How far the organisation meets an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    Yes,
    Partial,
    No,
    /// Not applicable: needs a reason.
    Na,
}

impl Response {
    pub const ALL: [Response; 4] = [Response::Yes, Response::Partial, Response::No, Response::Na];

    /// The value written in files, the database and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Response::Yes => "yes",
            Response::Partial => "partial",
            Response::No => "no",
            Response::Na => "na",
        }
    }

    /// The label a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Response::Yes => "Yes",
            Response::Partial => "Partial",
            Response::No => "No",
            Response::Na => "N/A",
        }
    }

    /// Reads a response as typed: `yes`, `partial`, `no`, `na` (also `n/a`), any case.
    pub fn parse(text: &str) -> Result<Response, RuleError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "yes" => Ok(Response::Yes),
            "partial" => Ok(Response::Partial),
            "no" => Ok(Response::No),
            "na" | "n/a" => Ok(Response::Na),
            _ => Err(RuleError::InvalidResponse {
                value: text.to_owned(),
            }),
        }
    }

    /// Whether action is required unless the person says otherwise: a gap
    /// (partial or no) needs action; yes and N/A do not.
    pub fn default_action_required(self) -> bool {
        matches!(self, Response::Partial | Response::No)
    }
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

/// What a person submits for one entry. A field left out (`null`) keeps the value
/// already recorded; an empty string clears it. `action_required` left out is
/// kept while the response stays the same and re-derived when it changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AnswerInput {
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
}

/// A validated answer to one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Answer {
    /// The entry's canonical id: `1`…`19`, `3a`…`3g`, `C1`…`C21`.
    pub entry_id: String,
    pub response: Response,
    pub na_reason: Option<String>,
    pub action_required: bool,
    pub comment: String,
    pub lead: String,
    pub due_date: Option<NaiveDate>,
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
    /// Applies `input` over the answer already recorded for the entry (if any) and
    /// checks every rule. `entry_id` may be typed loosely (`c4`); the answer carries
    /// the canonical id.
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

        let response = match (input.response, existing) {
            (Some(response), _) => response,
            (None, Some(existing)) => existing.response,
            (None, None) => {
                return Err(RuleError::Blank {
                    field: "response",
                    label: "a response (yes, partial, no or N/A)",
                });
            }
        };
        let response_changed = existing.is_none_or(|e| e.response != response);

        let na_reason = match response {
            Response::Na => {
                let typed = input
                    .na_reason
                    .as_deref()
                    .or(existing.and_then(|e| e.na_reason.as_deref()))
                    .unwrap_or("");
                let reason = NA_REASON.optional(typed)?;
                if reason.is_empty() {
                    return Err(RuleError::NaReasonRequired { entry: label });
                }
                Some(reason)
            }
            _ => {
                if input
                    .na_reason
                    .as_deref()
                    .is_some_and(|r| !r.trim().is_empty())
                {
                    return Err(RuleError::ReasonOnlyForNa {
                        entry: label,
                        response: response.label().to_owned(),
                    });
                }
                None
            }
        };

        let action_required = match (input.action_required, existing) {
            (Some(explicit), _) => explicit,
            (None, Some(existing)) if !response_changed => existing.action_required,
            (None, _) => response.default_action_required(),
        };

        let keep = |typed: Option<String>, old: Option<&str>| typed.or(old.map(str::to_owned));
        let comment = COMMENT.optional(
            &keep(input.comment, existing.map(|e| e.comment.as_str())).unwrap_or_default(),
        )?;
        let lead = LEAD
            .optional(&keep(input.lead, existing.map(|e| e.lead.as_str())).unwrap_or_default())?;
        let due_date = match input.due_date {
            Some(text) if text.trim().is_empty() => None,
            Some(text) => Some(parse_date("due_date", "the date for completion", &text)?),
            None => existing.and_then(|e| e.due_date),
        };

        Ok(Answer {
            entry_id: entry.id.to_owned(),
            response,
            na_reason,
            action_required,
            comment,
            lead,
            due_date,
        })
    }
}
