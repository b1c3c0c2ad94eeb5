//! Crosswalks: how one framework's entries relate to another's, as data
//! (`assets/frameworks/<from>.to.<to>.crosswalk.json`).
//!
//! A crosswalk is the product's own mapping, never the source's. Each link
//! joins an answerable entry of one framework to one of the other and names
//! their relationship, read from the first to the second, as CISO
//! Assistant's requirement mappings do: equal, subset (the first asks for
//! part of what the second asks), superset, or intersect. The reverse
//! direction is derived here, never typed twice. Loading checks that every
//! id exists and is answerable, so a link cannot point at nothing.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue::{CatalogueError, Framework};

/// How the requirement of a link's first entry relates to its second's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    Equal,
    Subset,
    Superset,
    Intersect,
}

impl Relationship {
    /// The same link read the other way.
    pub fn reversed(self) -> Relationship {
        match self {
            Relationship::Subset => Relationship::Superset,
            Relationship::Superset => Relationship::Subset,
            other => other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Relationship::Equal => "equal",
            Relationship::Subset => "subset",
            Relationship::Superset => "superset",
            Relationship::Intersect => "intersect",
        }
    }
}

/// One link of a crosswalk file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub from: String,
    pub to: String,
    pub relationship: Relationship,
    /// Why, in one line.
    pub rationale: String,
}

/// A crosswalk file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crosswalk {
    pub schema_version: u32,
    /// The framework the links start from.
    pub from: String,
    /// The framework they point to.
    pub to: String,
    pub title: String,
    /// What the mapping is and whose it is.
    pub note: String,
    pub links: Vec<Link>,
}

/// A link as seen from one entry: the entry at the other end, in which
/// framework, and how this entry relates to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LinkView {
    /// The entry it is seen from.
    pub from_entry: String,
    pub framework_id: String,
    pub entry_id: String,
    /// How the other framework names that entry ("Item 3b"); its id when
    /// the link is read without the other framework to hand.
    pub entry_label: String,
    /// How this entry's requirement relates to the other's.
    pub relationship: Relationship,
    pub rationale: String,
}

impl Crosswalk {
    pub const SCHEMA_VERSION: u32 = 1;

    /// Parses and checks a crosswalk file against the two frameworks it joins.
    pub fn from_json(
        file: &str,
        json: &str,
        frameworks: &[Framework],
    ) -> Result<Crosswalk, CatalogueError> {
        let crosswalk: Crosswalk = crate::catalogue::parse_file(file, json)?;
        crosswalk.check(file, frameworks)?;
        Ok(crosswalk)
    }

    fn check(&self, file: &str, frameworks: &[Framework]) -> Result<(), CatalogueError> {
        let invalid = |problem: String| CatalogueError::InvalidCrosswalk {
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
        let expected = format!("{}.to.{}.crosswalk.json", self.from, self.to);
        if !file.ends_with(&expected) {
            return Err(invalid(format!(
                "a crosswalk from {} to {} must be named {expected}",
                self.from, self.to
            )));
        }
        let find = |id: &str| frameworks.iter().find(|f| f.id == id);
        let (Some(from), Some(to)) = (find(&self.from), find(&self.to)) else {
            return Err(invalid(format!(
                "it joins {} and {}, and this build has no framework {}",
                self.from,
                self.to,
                if find(&self.from).is_none() {
                    &self.from
                } else {
                    &self.to
                }
            )));
        };
        if self.from == self.to {
            return Err(invalid(
                "a framework is not crosswalked to itself".to_owned(),
            ));
        }
        for (what, text) in [("title", &self.title), ("note", &self.note)] {
            if text.trim().is_empty() {
                return Err(invalid(format!("its {what} must not be empty")));
            }
        }
        let from_ids = from.answerable_ids();
        let to_ids = to.answerable_ids();
        for (index, link) in self.links.iter().enumerate() {
            let name = format!("link {} ({} to {})", index + 1, link.from, link.to);
            if !from_ids.contains(&link.from.as_str()) {
                return Err(invalid(format!(
                    "{name}: {} is not an answerable entry of {}",
                    link.from, from.id
                )));
            }
            if !to_ids.contains(&link.to.as_str()) {
                return Err(invalid(format!(
                    "{name}: {} is not an answerable entry of {}",
                    link.to, to.id
                )));
            }
            if link.rationale.trim().is_empty() {
                return Err(invalid(format!("{name}: has no rationale")));
            }
            if self.links[..index]
                .iter()
                .any(|l| l.from == link.from && l.to == link.to)
            {
                return Err(invalid(format!("{name}: is listed twice")));
            }
        }
        Ok(())
    }

    /// The links of an entry of either framework, seen from that entry: the
    /// file's links from it, or the reverse of the file's links to it.
    pub fn links_of(&self, framework_id: &str, entry_id: &str) -> Vec<LinkView> {
        if framework_id == self.from {
            self.links
                .iter()
                .filter(|l| l.from == entry_id)
                .map(|l| LinkView {
                    from_entry: l.from.clone(),
                    framework_id: self.to.clone(),
                    entry_id: l.to.clone(),
                    entry_label: l.to.clone(),
                    relationship: l.relationship,
                    rationale: l.rationale.clone(),
                })
                .collect()
        } else if framework_id == self.to {
            self.links
                .iter()
                .filter(|l| l.to == entry_id)
                .map(|l| LinkView {
                    from_entry: l.to.clone(),
                    framework_id: self.from.clone(),
                    entry_id: l.from.clone(),
                    entry_label: l.from.clone(),
                    relationship: l.relationship.reversed(),
                    rationale: l.rationale.clone(),
                })
                .collect()
        } else {
            Vec::new()
        }
    }

    /// Every link of a framework's entries, seen from that framework, in
    /// the file's order.
    pub fn links_from(&self, framework_id: &str) -> Vec<LinkView> {
        let mut ids: Vec<&str> = Vec::new();
        for link in &self.links {
            let id = if framework_id == self.from {
                &link.from
            } else {
                &link.to
            };
            if !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
        ids.into_iter()
            .flat_map(|id| self.links_of(framework_id, id))
            .collect()
    }

    /// Whether it joins the two frameworks, in either direction.
    pub fn joins(&self, a: &str, b: &str) -> bool {
        (self.from == a && self.to == b) || (self.from == b && self.to == a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_a_link_backwards_swaps_subset_and_superset() {
        assert_eq!(Relationship::Subset.reversed(), Relationship::Superset);
        assert_eq!(Relationship::Superset.reversed(), Relationship::Subset);
        assert_eq!(Relationship::Equal.reversed(), Relationship::Equal);
        assert_eq!(Relationship::Intersect.reversed(), Relationship::Intersect);
    }
}
