//! Actions from training figures: a level below the 85% minimum is a gap
//! like any other, and the plan carries it.
//!
//! Each level short of the minimum on the latest reporting date gets one
//! action on the standard whose response the figures propose (T3 in the
//! 2024 core standards), its source that standard and the level ("T3
//! level 3"). Its objective names the level and the shortfall ("level 3:
//! 71.4% in date, 85% required: 19 more staff") and is brought up to date
//! with each reporting date; its priority comes from the framework's rules
//! file as for that standard not met. When a later reporting date reaches
//! the minimum the action is kept and marked "gap closed — confirm", exactly
//! as when an answer no longer needs action; a level that falls short again
//! reopens it. What a person set (wording, owners, date, priority, status)
//! is never overwritten.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Action, Derived, PriorityRules, gap_closed, opened, refreshed};
use crate::catalogue::Response;
use crate::training::{ComplianceReport, TARGET_PERCENT, TrainingLevel, shortfall_text};

const LEVEL_SEPARATOR: &str = " level ";

/// The source of the action for `level` on `entry_id`: "T3 level 3".
pub fn source_of(entry_id: &str, level: TrainingLevel) -> String {
    format!("{entry_id}{LEVEL_SEPARATOR}{}", level.as_str())
}

/// The standard and level of a training action's source, or `None` for an
/// action that comes from an answer.
pub fn split_source(source: &str) -> Option<(&str, TrainingLevel)> {
    let (entry_id, level) = source.split_once(LEVEL_SEPARATOR)?;
    let level = TrainingLevel::ALL
        .into_iter()
        .find(|l| l.as_str() == level)?;
    Some((entry_id, level))
}

/// The entry an action's source belongs to: the standard for a training
/// action, the source itself otherwise.
pub fn source_entry(source: &str) -> &str {
    split_source(source).map_or(source, |(entry_id, _)| entry_id)
}

fn level_words(level: TrainingLevel) -> &'static str {
    match level {
        TrainingLevel::Basic => "levels 1 and 2",
        TrainingLevel::Level3 => "level 3",
    }
}

/// What the plan does about each training level of `entry_id` after the
/// figures changed: the actions to write (`(before, after)`), none when
/// nothing changes. `report` is `None` while no figures are recorded.
pub fn reconcile_training(
    rules: &PriorityRules,
    assessment_id: Uuid,
    entry_id: &str,
    report: Option<&ComplianceReport>,
    existing: &[Action],
    mut new_id: impl FnMut() -> Uuid,
    now: DateTime<Utc>,
) -> Vec<(Option<Action>, Action)> {
    let mut writes = Vec::new();
    for level in TrainingLevel::ALL {
        let source = source_of(entry_id, level);
        let before = existing.iter().find(|a| a.source == source);
        let short = report
            .map(|r| r.level(level))
            .filter(|c| c.meets_target == Some(false));
        let after = match (short, before) {
            (None, None) => None,
            (None, Some(action)) => gap_closed(action, now),
            (Some(compliance), _) => {
                let objective = shortfall_text(level, &compliance);
                let derived = Derived {
                    action: format!(
                        "Bring {} training up to the {TARGET_PERCENT}% minimum: {objective}.",
                        level_words(level)
                    ),
                    objective,
                    owners: String::new(),
                    due: None,
                    priority: rules.assign(entry_id, Some(Response::No)),
                };
                match before {
                    None => Some(opened(
                        new_id(),
                        assessment_id,
                        source.clone(),
                        derived,
                        now,
                    )),
                    // Owners and dates are a person's alone here: the
                    // figures derive none, so only an edit sets them.
                    Some(action) => refreshed(action, derived, now),
                }
            }
        };
        if let Some(after) = after {
            writes.push((before.cloned(), after));
        }
    }
    writes
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::Frameworks;
    use crate::plan::GapState;
    use crate::training::GroupFigures;

    const PROVIDERS: &str = "prevent-core-standards-2024-providers";

    fn report(day: u32, level3_in_date: u32) -> ComplianceReport {
        ComplianceReport::build(
            NaiveDate::from_ymd_opt(2026, 11, day).expect("date"),
            &[
                GroupFigures {
                    group: "Estates".to_owned(),
                    level: TrainingLevel::Basic,
                    headcount: 40,
                    in_date: 38,
                },
                GroupFigures {
                    group: "Nurses".to_owned(),
                    level: TrainingLevel::Level3,
                    headcount: 133,
                    in_date: level3_in_date,
                },
            ],
        )
    }

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 21, 9, minute, 0)
            .single()
            .expect("time")
    }

    #[test]
    fn a_level_below_85_percent_opens_an_action_that_closes_when_a_later_date_meets_it() {
        let frameworks = Frameworks::embedded().expect("frameworks");
        let rules = frameworks.rules(PROVIDERS).expect("rules");
        let assessment = Uuid::nil();
        let new_id = || Uuid::from_u128(7);

        // Level 3 short, levels 1 and 2 not: one action, on T3, high as T3 not met.
        let short = report(20, 95);
        let writes = reconcile_training(rules, assessment, "T3", Some(&short), &[], new_id, at(0));
        assert_eq!(writes.len(), 1);
        let (before, action) = &writes[0];
        assert_eq!(before, &None);
        assert_eq!(action.source, "T3 level 3");
        assert_eq!(
            action.objective,
            "level 3: 71.4% in date, 85% required: 19 more staff"
        );
        assert_eq!(
            action.action,
            "Bring level 3 training up to the 85% minimum: level 3: 71.4% in date, 85% required: 19 more staff."
        );
        assert_eq!(action.priority, super::super::Priority::High);
        assert_eq!(action.rule, "accountability-not-met");
        assert_eq!(action.gap, GapState::Open);
        let existing = vec![action.clone()];

        // The same figures again: nothing to write.
        assert!(
            reconcile_training(
                rules,
                assessment,
                "T3",
                Some(&short),
                &existing,
                new_id,
                at(1)
            )
            .is_empty()
        );

        // A person's wording stays; the objective follows the new figures.
        let mut edited = action.clone();
        edited.action = "Book ward sessions".to_owned();
        edited.edited.action = true;
        let closer = report(27, 110);
        let writes = reconcile_training(
            rules,
            assessment,
            "T3",
            Some(&closer),
            &[edited],
            new_id,
            at(2),
        );
        assert_eq!(writes.len(), 1);
        assert_eq!(writes[0].1.action, "Book ward sessions");
        assert!(
            writes[0].1.objective.contains("4 more staff"),
            "{}",
            writes[0].1.objective
        );

        // 85% reached (114 of 133): kept, "gap closed — confirm".
        let met = report(30, 114);
        let writes = reconcile_training(
            rules,
            assessment,
            "T3",
            Some(&met),
            &existing,
            new_id,
            at(3),
        );
        assert_eq!(writes.len(), 1);
        assert_eq!(writes[0].1.gap, GapState::Closed);
        assert_eq!(writes[0].1.id, action.id);
    }

    #[test]
    fn a_training_source_names_its_standard_and_level() {
        assert_eq!(source_of("T3", TrainingLevel::Basic), "T3 level 1-2");
        assert_eq!(
            split_source("T3 level 1-2"),
            Some(("T3", TrainingLevel::Basic))
        );
        assert_eq!(source_entry("T3 level 3"), "T3");
        assert_eq!(source_entry("3a"), "3a");
        assert_eq!(split_source("T3 level 9"), None);
    }
}
