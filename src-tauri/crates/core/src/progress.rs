//! How much of an assessment is answered, overall and per part: the figures
//! behind the assessment list and, later, the task-list home page.

use std::collections::HashSet;

use serde::Serialize;
use ts_rs::TS;

use crate::catalogue::Framework;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Completed,
}

/// Progress through one part of a framework: a section or the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PartProgress {
    /// `section-1`, `section-2`, … or `checklist`.
    pub key: String,
    pub title: String,
    pub answered: u32,
    pub total: u32,
    pub status: TaskStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Progress {
    pub answered: u32,
    pub total: u32,
    pub parts: Vec<PartProgress>,
}

impl Progress {
    /// Counts the answerable entries of `framework` that have an answer among `answered_ids`.
    pub fn of<'a>(
        framework: &Framework,
        answered_ids: impl IntoIterator<Item = &'a str>,
    ) -> Progress {
        let answered_ids: HashSet<&str> = answered_ids.into_iter().collect();
        let mut parts = Vec::new();
        for section in &framework.sections {
            let ids = section.items.iter().flat_map(|item| {
                std::iter::once(item.id.as_str())
                    .chain(item.sub_points.iter().map(|s| s.id.as_str()))
            });
            parts.push(part(
                format!("section-{}", section.number),
                &section.title,
                ids,
                &answered_ids,
            ));
        }
        parts.push(part(
            "checklist".to_owned(),
            &framework.checklist.title,
            framework.checklist.entries.iter().map(|e| e.id.as_str()),
            &answered_ids,
        ));
        Progress {
            answered: parts.iter().map(|p| p.answered).sum(),
            total: parts.iter().map(|p| p.total).sum(),
            parts,
        }
    }
}

fn part<'a>(
    key: String,
    title: &str,
    ids: impl Iterator<Item = &'a str>,
    answered_ids: &HashSet<&str>,
) -> PartProgress {
    let (mut answered, mut total) = (0u32, 0u32);
    for id in ids {
        total += 1;
        if answered_ids.contains(id) {
            answered += 1;
        }
    }
    let status = match answered {
        0 => TaskStatus::NotStarted,
        n if n == total => TaskStatus::Completed,
        _ => TaskStatus::InProgress,
    };
    PartProgress {
        key,
        title: title.to_owned(),
        answered,
        total,
        status,
    }
}
