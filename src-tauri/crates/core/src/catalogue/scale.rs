//! Answer scales: the values a framework's file lets a person choose, their
//! labels and order, and what each value means to the engine.
//!
//! The engine understands four meanings: in place, partly in place, not in
//! place and does not apply. Priority rules, counts, charts, the completion
//! gate and derived responses work from those meanings, so a framework may
//! name and label its values as its source does ("Met", "Partially met",
//! "Not met", "Not applicable") and leave some out. A scale has one value per
//! meaning it uses; in place and not in place are required.
//!
//! Answers are stored by meaning ([`Response`]'s `yes`, `partial`, `no`,
//! `na`): the 2011 toolkit's own values, so databases and sealed records from
//! before scales were data read the same.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::rules::RuleError;

/// How far the organisation meets an entry, by what the chosen value of the
/// entry's scale means (see [`Meaning`]). Stored as `yes`,
/// `partial`, `no` and `na` whatever the framework calls its values.
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

    /// Reads a response as stored (`as_str`): in the database, in sealed
    /// records and in the audit trail.
    pub fn from_stored(text: &str) -> Option<Response> {
        Response::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// What it means, as a framework file spells it.
    pub fn meaning(self) -> Meaning {
        match self {
            Response::Yes => Meaning::InPlace,
            Response::Partial => Meaning::PartlyInPlace,
            Response::No => Meaning::NotInPlace,
            Response::Na => Meaning::DoesNotApply,
        }
    }

    /// Whether action is required unless the person says otherwise: a gap
    /// (partial or no) needs action; yes and N/A do not.
    pub fn default_action_required(self) -> bool {
        matches!(self, Response::Partial | Response::No)
    }

    /// Whether the answer needs a reason (why the entry does not apply) to
    /// count as complete: only N/A does.
    pub fn needs_reason(self) -> bool {
        self == Response::Na
    }
}

/// What a scale value means to the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Meaning {
    InPlace,
    PartlyInPlace,
    NotInPlace,
    DoesNotApply,
}

impl Meaning {
    pub const ALL: [Meaning; 4] = [
        Meaning::InPlace,
        Meaning::PartlyInPlace,
        Meaning::NotInPlace,
        Meaning::DoesNotApply,
    ];

    /// The response an answer stores for it.
    pub fn response(self) -> Response {
        match self {
            Meaning::InPlace => Response::Yes,
            Meaning::PartlyInPlace => Response::Partial,
            Meaning::NotInPlace => Response::No,
            Meaning::DoesNotApply => Response::Na,
        }
    }

    /// As the file spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Meaning::InPlace => "in_place",
            Meaning::PartlyInPlace => "partly_in_place",
            Meaning::NotInPlace => "not_in_place",
            Meaning::DoesNotApply => "does_not_apply",
        }
    }
}

/// One value of a scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleValue {
    /// As typed on the command line: `met`, `partially-met`.
    pub value: String,
    /// As shown: "Partially met".
    pub label: String,
    pub meaning: Meaning,
}

/// An answer scale, its values in the order they are offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub id: String,
    pub values: Vec<ScaleValue>,
    /// Where the labels come from (the source's, or the product's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_note: Option<String>,
}

/// One choice of a scale as the UI offers it: the response it stores, with
/// the value and label the framework gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ScaleChoice {
    pub response: Response,
    pub value: String,
    pub label: String,
}

/// A scale as the UI needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ScaleView {
    pub id: String,
    pub choices: Vec<ScaleChoice>,
    pub source_note: Option<String>,
}

impl Scale {
    /// A scale with no values, for a part whose scale is missing.
    pub fn empty() -> &'static Scale {
        static EMPTY: Scale = Scale {
            id: String::new(),
            values: Vec::new(),
            source_note: None,
        };
        &EMPTY
    }

    /// The responses it offers, in its order.
    pub fn responses(&self) -> impl Iterator<Item = Response> + '_ {
        self.values.iter().map(|v| v.meaning.response())
    }

    /// Whether it offers a value that stores `response`.
    pub fn offers(&self, response: Response) -> bool {
        self.value_of(response).is_some()
    }

    fn value_of(&self, response: Response) -> Option<&ScaleValue> {
        self.values
            .iter()
            .find(|v| v.meaning.response() == response)
    }

    /// The label of a response, as this scale shows it; the stored value
    /// itself for a response the scale does not offer.
    pub fn label(&self, response: Response) -> &str {
        self.value_of(response)
            .map_or(response.as_str(), |v| v.label.as_str())
    }

    /// The value typed for a response: `met`.
    pub fn value(&self, response: Response) -> &str {
        self.value_of(response)
            .map_or(response.as_str(), |v| v.value.as_str())
    }

    /// Reads a response as typed: one of the scale's values, or its label,
    /// any case; `n/a` for a value meaning "does not apply".
    pub fn parse(&self, text: &str) -> Result<Response, RuleError> {
        let typed = text.trim();
        self.values
            .iter()
            .find(|v| {
                v.value.eq_ignore_ascii_case(typed)
                    || v.label.eq_ignore_ascii_case(typed)
                    || (v.meaning == Meaning::DoesNotApply && typed.eq_ignore_ascii_case("n/a"))
            })
            .map(|v| v.meaning.response())
            .ok_or_else(|| RuleError::InvalidResponse {
                value: text.to_owned(),
                choices: self.values_in_words(),
            })
    }

    /// "met, partially-met, not-met or na".
    pub fn values_in_words(&self) -> String {
        let values: Vec<&str> = self.values.iter().map(|v| v.value.as_str()).collect();
        crate::text::or_list(&values)
    }

    pub fn view(&self) -> ScaleView {
        ScaleView {
            id: self.id.clone(),
            choices: self
                .values
                .iter()
                .map(|v| ScaleChoice {
                    response: v.meaning.response(),
                    value: v.value.clone(),
                    label: v.label.clone(),
                })
                .collect(),
            source_note: self.source_note.clone(),
        }
    }
}
