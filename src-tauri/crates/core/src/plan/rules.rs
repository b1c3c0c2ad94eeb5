//! The priority rules: data beside each framework (`<framework>.priorities.json`),
//! never code branches. A rule reads an entry's response and its weight; the
//! first that matches gives the default priority. Rules name responses by the
//! values of the framework's own scales (`partial`, `not-met`) or
//! `unanswered`, and are read by what those values mean. Loading checks that
//! the rules cover every case and that "not in place" never ranks below
//! "partly in place" on the same entry, so a broken rules file fails the
//! build's tests, not a user.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Priority;
use crate::catalogue::Response;
use crate::catalogue::{CatalogueError, Framework};

/// What a rule matches on: what a response means, or no response yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleResponse {
    Yes,
    Partial,
    No,
    Na,
    Unanswered,
}

impl RuleResponse {
    pub const ALL: [RuleResponse; 5] = [
        RuleResponse::Yes,
        RuleResponse::Partial,
        RuleResponse::No,
        RuleResponse::Na,
        RuleResponse::Unanswered,
    ];

    /// What it matches, in words for an error message.
    pub fn in_words(self) -> &'static str {
        match self {
            RuleResponse::Yes => "a response meaning in place",
            RuleResponse::Partial => "a response meaning partly in place",
            RuleResponse::No => "a response meaning not in place",
            RuleResponse::Na => "a response meaning does not apply",
            RuleResponse::Unanswered => "an entry with no response",
        }
    }

    pub fn of(response: Option<Response>) -> RuleResponse {
        match response {
            Some(Response::Yes) => RuleResponse::Yes,
            Some(Response::Partial) => RuleResponse::Partial,
            Some(Response::No) => RuleResponse::No,
            Some(Response::Na) => RuleResponse::Na,
            None => RuleResponse::Unanswered,
        }
    }
}

/// A weight an entry can carry, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Weight {
    pub id: String,
    pub label: String,
    pub rationale: String,
}

/// Entries given a weight, with a one-line rationale for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct EntryWeight {
    pub entries: Vec<String>,
    pub weight: String,
    pub rationale: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RuleCondition {
    /// Values of the framework's scales, or `unanswered`.
    pub responses: Vec<String>,
    pub weights: Vec<String>,
    /// `responses`, read by what each value means.
    #[serde(skip)]
    #[ts(skip)]
    matches: Vec<RuleResponse>,
}

/// One declared rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PriorityRule {
    pub id: String,
    pub when: RuleCondition,
    pub priority: Priority,
    pub explanation: String,
}

/// A framework's priority rules as declared in its rules file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PriorityRules {
    pub schema_version: u32,
    pub framework: String,
    pub version: u32,
    pub title: String,
    pub note: String,
    pub weights: Vec<Weight>,
    pub default_weight: String,
    pub entry_weights: Vec<EntryWeight>,
    pub rules: Vec<PriorityRule>,
}

/// The rule id recorded when a person set the priority.
pub const SET_BY_A_PERSON: &str = "set-by-a-person";

/// Why an entry's action has the default priority it has: the rule and the
/// weight behind it, in words the app shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
pub struct PriorityReason {
    pub rule: String,
    pub priority: Priority,
    pub explanation: String,
    pub weight: String,
    pub weight_label: String,
    pub weight_rationale: String,
}

impl PriorityRules {
    pub const SCHEMA_VERSION: u32 = 1;

    /// Parses and checks a rules file against the framework it belongs to.
    pub fn from_json(
        file: &str,
        json: &str,
        framework: &Framework,
    ) -> Result<PriorityRules, CatalogueError> {
        let mut rules: PriorityRules = crate::catalogue::parse_file(file, json)?;
        rules.resolve(file, framework)?;
        rules.check(file, framework)?;
        Ok(rules)
    }

    /// Reads each rule's responses by what they mean on the framework's scales.
    fn resolve(&mut self, file: &str, framework: &Framework) -> Result<(), CatalogueError> {
        for rule in &mut self.rules {
            let mut matches = Vec::new();
            for value in &rule.when.responses {
                let meaning = if value == "unanswered" {
                    Some(RuleResponse::Unanswered)
                } else {
                    framework
                        .scales
                        .iter()
                        .flat_map(|s| &s.values)
                        .find(|v| v.value == *value)
                        .map(|v| RuleResponse::of(Some(v.meaning.response())))
                };
                let Some(meaning) = meaning else {
                    return Err(CatalogueError::InvalidRules {
                        file: file.to_owned(),
                        problem: format!(
                            "rule \"{}\" names response \"{value}\", which no scale of {} offers (nor is it \"unanswered\")",
                            rule.id, framework.id
                        ),
                    });
                };
                matches.push(meaning);
            }
            rule.when.matches = matches;
        }
        Ok(())
    }

    fn check(&self, file: &str, framework: &Framework) -> Result<(), CatalogueError> {
        let invalid = |problem: String| CatalogueError::InvalidRules {
            file: file.to_owned(),
            problem,
        };
        if self.schema_version != Self::SCHEMA_VERSION {
            return Err(invalid(format!(
                "schema_version is {}; this build reads {}",
                self.schema_version,
                Self::SCHEMA_VERSION
            )));
        }
        if self.framework != framework.id {
            return Err(invalid(format!(
                "the rules name framework \"{}\" but sit beside \"{}\"",
                self.framework, framework.id
            )));
        }
        for (index, weight) in self.weights.iter().enumerate() {
            if self.weights[..index].iter().any(|w| w.id == weight.id) {
                return Err(invalid(format!(
                    "weight \"{}\" is declared twice",
                    weight.id
                )));
            }
        }
        for (index, rule) in self.rules.iter().enumerate() {
            if self.rules[..index].iter().any(|r| r.id == rule.id) {
                return Err(invalid(format!("rule \"{}\" is declared twice", rule.id)));
            }
        }
        let known_weight = |id: &str| self.weights.iter().any(|w| w.id == id);
        if !known_weight(&self.default_weight) {
            return Err(invalid(format!(
                "default_weight \"{}\" is not a declared weight",
                self.default_weight
            )));
        }
        for weight in &self.weights {
            if weight.rationale.trim().is_empty() {
                return Err(invalid(format!(
                    "weight \"{}\" has no rationale",
                    weight.id
                )));
            }
        }
        let answerable = framework.answerable_ids();
        let mut seen: Vec<&str> = Vec::new();
        for group in &self.entry_weights {
            if !known_weight(&group.weight) {
                return Err(invalid(format!(
                    "entry weight \"{}\" is not a declared weight",
                    group.weight
                )));
            }
            if group.rationale.trim().is_empty() {
                return Err(invalid(format!(
                    "the weight of entries {} has no rationale",
                    group.entries.join(", ")
                )));
            }
            for entry in &group.entries {
                if !answerable.contains(&entry.as_str()) {
                    return Err(invalid(format!(
                        "entry \"{entry}\" is not an answerable entry of {}",
                        framework.id
                    )));
                }
                if seen.contains(&entry.as_str()) {
                    return Err(invalid(format!("entry \"{entry}\" is weighted twice")));
                }
                seen.push(entry);
            }
        }
        for rule in &self.rules {
            if let Some(weight) = rule.when.weights.iter().find(|w| !known_weight(w)) {
                return Err(invalid(format!(
                    "rule \"{}\" names weight \"{weight}\", which is not declared",
                    rule.id
                )));
            }
            if rule.id == SET_BY_A_PERSON {
                return Err(invalid(format!("\"{SET_BY_A_PERSON}\" is kept for people")));
            }
        }
        // Every response the scales offer is covered under every weight, and
        // "not in place" ranks above "partly in place" under every weight.
        let offered: Vec<RuleResponse> = RuleResponse::ALL
            .into_iter()
            .filter(|r| {
                *r == RuleResponse::Unanswered
                    || framework
                        .scales
                        .iter()
                        .flat_map(|s| s.responses())
                        .any(|offered| RuleResponse::of(Some(offered)) == *r)
            })
            .collect();
        for weight in &self.weights {
            for response in offered.iter().copied() {
                if self.rule_for(response, &weight.id).is_none() {
                    return Err(invalid(format!(
                        "no rule covers {} under weight \"{}\"",
                        response.in_words(),
                        weight.id
                    )));
                }
            }
            let no = self.rule_for(RuleResponse::No, &weight.id);
            let partial = self.rule_for(RuleResponse::Partial, &weight.id);
            if let (Some(no), Some(partial)) = (no, partial)
                && no.priority <= partial.priority
            {
                return Err(invalid(format!(
                    "under weight \"{}\" a response meaning not in place ({}) must rank above one meaning partly in place ({})",
                    weight.id,
                    no.priority.as_str(),
                    partial.priority.as_str()
                )));
            }
        }
        Ok(())
    }

    fn rule_for(&self, response: RuleResponse, weight: &str) -> Option<&PriorityRule> {
        self.rules.iter().find(|rule| {
            rule.when.matches.contains(&response) && rule.when.weights.iter().any(|w| w == weight)
        })
    }

    /// The weight of an entry, and the rationale for it.
    pub fn weight_of(&self, entry_id: &str) -> (&Weight, &str) {
        let group = self
            .entry_weights
            .iter()
            .find(|g| g.entries.iter().any(|e| e == entry_id));
        let weight_id = group.map_or(self.default_weight.as_str(), |g| g.weight.as_str());
        let weight = self
            .weights
            .iter()
            .find(|w| w.id == weight_id)
            .unwrap_or(&self.weights[0]);
        let rationale = group.map_or(weight.rationale.as_str(), |g| g.rationale.as_str());
        (weight, rationale)
    }

    /// The default priority of an entry's action, and why. Coverage is checked
    /// on load, so every checked rules file gives an answer.
    pub fn assign(&self, entry_id: &str, response: Option<Response>) -> PriorityReason {
        let (weight, rationale) = self.weight_of(entry_id);
        let rule = self.rule_for(RuleResponse::of(response), &weight.id);
        PriorityReason {
            rule: rule.map_or_else(String::new, |r| r.id.clone()),
            priority: rule.map_or(Priority::Medium, |r| r.priority),
            explanation: rule.map_or_else(String::new, |r| r.explanation.clone()),
            weight: weight.id.clone(),
            weight_label: weight.label.clone(),
            weight_rationale: rationale.to_owned(),
        }
    }

    /// A declared rule by id.
    pub fn rule(&self, id: &str) -> Option<&PriorityRule> {
        self.rules.iter().find(|r| r.id == id)
    }
}
