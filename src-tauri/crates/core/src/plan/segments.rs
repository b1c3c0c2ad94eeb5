//! The plan cut into segments that a store can read in order, a page at a
//! time. An action's effective priority depends on today (overdue shows one
//! level higher), so no index can hold the plan in its order. But within
//! one stored priority, one "live" state (open with its gap open) and one
//! range of completion dates that is either all overdue or none overdue,
//! the effective priority is fixed; an index on (priority, live, due date)
//! holds such a segment in due-date order, and merging the segments' streams
//! gives the plan in order. The segments are worked out here, from the same
//! rules the view uses (`is_overdue`, `Priority::raised`, `is_due_within`),
//! and tested against them, so the store repeats no rule.

use chrono::{Days, NaiveDate};

use super::Priority;
use super::view::{DUE_SOON_DAYS, DueFilter, PlanFilter, Tracked, is_live};

/// Which completion dates a segment holds. An action without a date comes
/// after every date: it is never overdue, and never due soon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueRange {
    /// Every action, dated or not.
    Any,
    /// Dated before this day.
    Before(NaiveDate),
    /// Dated this day or later, or not dated.
    FromOn(NaiveDate),
    /// Dated from the first day to the second, both included.
    Between(NaiveDate, NaiveDate),
}

impl DueRange {
    pub fn holds(self, due: Option<NaiveDate>) -> bool {
        match (self, due) {
            (DueRange::Any, _) | (DueRange::FromOn(_), None) => true,
            (DueRange::Before(_) | DueRange::Between(..), None) => false,
            (DueRange::Before(day), Some(due)) => due < day,
            (DueRange::FromOn(day), Some(due)) => due >= day,
            (DueRange::Between(first, last), Some(due)) => first <= due && due <= last,
        }
    }
}

/// The actions of one stored priority and one live state whose completion
/// dates fall in one range: all of them shown at one effective priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanSegment {
    /// The priority as stored.
    pub priority: Priority,
    /// Open (not started or in progress) with the gap still open.
    pub live: bool,
    pub due: DueRange,
    /// The priority the plan shows for every action in the segment.
    pub effective: Priority,
}

impl PlanSegment {
    pub fn holds(&self, action: &impl Tracked) -> bool {
        action.tracked_priority() == self.priority
            && is_live(action) == self.live
            && self.due.holds(action.tracked_due())
    }
}

/// The segments holding the actions `filter` keeps, by its status, due and
/// priority filters (the store matches status, owner and department itself).
/// Each action belongs to at most one segment.
pub fn plan_segments(filter: &PlanFilter, today: NaiveDate) -> Vec<PlanSegment> {
    let mut segments = Vec::new();
    for priority in Priority::ALL {
        let segment = |live, due, effective| PlanSegment {
            priority,
            live,
            due,
            effective,
        };
        segments.push(segment(false, DueRange::Any, priority));
        // Open, gap open and dated before today: overdue, shown one level higher.
        segments.push(segment(true, DueRange::Before(today), priority.raised()));
        segments.push(segment(true, DueRange::FromOn(today), priority));
    }
    if let Some(due) = filter.due {
        segments = segments
            .into_iter()
            .filter(|segment| segment.live)
            .filter_map(|segment| match (due, segment.due) {
                (DueFilter::Overdue, DueRange::Before(_)) => Some(segment),
                (DueFilter::Within(days), DueRange::FromOn(from)) => Some(PlanSegment {
                    due: DueRange::Between(from, horizon(today, days)),
                    ..segment
                }),
                _ => None,
            })
            .collect();
    }
    if let Some(status) = filter.status {
        segments.retain(|segment| status.is_open() || !segment.live);
    }
    if let Some(priority) = filter.priority {
        segments.retain(|segment| segment.effective == priority);
    }
    segments
}

/// The segments of the "overdue" list, whatever the plan's filter.
pub fn overdue_segments(today: NaiveDate) -> Vec<PlanSegment> {
    plan_segments(
        &PlanFilter {
            due: Some(DueFilter::Overdue),
            ..PlanFilter::default()
        },
        today,
    )
}

/// The segments of the "due soon" list, whatever the plan's filter.
pub fn due_soon_segments(today: NaiveDate) -> Vec<PlanSegment> {
    plan_segments(
        &PlanFilter {
            due: Some(DueFilter::Within(DUE_SOON_DAYS)),
            ..PlanFilter::default()
        },
        today,
    )
}

/// The last day "due within `days`" reaches, as `is_due_within` counts it.
pub(super) fn horizon(today: NaiveDate, days: u32) -> NaiveDate {
    today
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::view::{TallyGroup, effective_priority};
    use crate::plan::{ActionStatus, GapState};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    /// Every kind of action around `today`: each priority, status and gap
    /// state, undated, long overdue, due yesterday, today, tomorrow, at the
    /// end of "due soon" and just after it.
    fn every_kind(today: NaiveDate) -> Vec<TallyGroup> {
        let dues = [
            None,
            Some(-400),
            Some(-1),
            Some(0),
            Some(1),
            Some(30),
            Some(31),
        ]
        .map(|offset: Option<i64>| offset.map(|days| today + chrono::Duration::days(days)));
        let mut all = Vec::new();
        for priority in Priority::ALL {
            for status in ActionStatus::ALL {
                for gap in [GapState::Open, GapState::Closed] {
                    for due in dues {
                        all.push(TallyGroup {
                            priority,
                            status,
                            gap,
                            due,
                            department: String::new(),
                            actions: 1,
                        });
                    }
                }
            }
        }
        all
    }

    fn every_filter() -> Vec<PlanFilter> {
        let mut all = Vec::new();
        let statuses = std::iter::once(None).chain(ActionStatus::ALL.map(Some));
        for status in statuses {
            for priority in std::iter::once(None).chain(Priority::ALL.map(Some)) {
                for due in [
                    None,
                    Some(DueFilter::Overdue),
                    Some(DueFilter::Within(0)),
                    Some(DueFilter::Within(DUE_SOON_DAYS)),
                    Some(DueFilter::Within(31)),
                    Some(DueFilter::Within(u32::MAX)),
                ] {
                    all.push(PlanFilter {
                        status,
                        priority,
                        due,
                        ..PlanFilter::default()
                    });
                }
            }
        }
        all
    }

    #[test]
    fn the_segments_hold_exactly_what_the_filter_keeps_at_the_priority_it_shows() {
        for today in [day(2026, 11, 21), day(2024, 2, 29), day(2026, 12, 31)] {
            for filter in every_filter() {
                let segments = plan_segments(&filter, today);
                for action in every_kind(today) {
                    let holding: Vec<&PlanSegment> =
                        segments.iter().filter(|s| s.holds(&action)).collect();
                    assert!(holding.len() <= 1, "{action:?} in two segments");
                    let status_matches = filter.status.is_none_or(|s| s == action.status);
                    assert_eq!(
                        !holding.is_empty() && status_matches,
                        filter.keeps(&action, today),
                        "{action:?} with {filter:?} on {today}"
                    );
                    for segment in holding {
                        assert_eq!(segment.effective, effective_priority(&action, today));
                    }
                }
            }
        }
    }

    #[test]
    fn actions_dated_between_the_same_bounds_count_alike() {
        use crate::plan::view::{DueTotals, PlanCounts, due_bounds};
        for today in [day(2026, 11, 21), day(2024, 2, 29)] {
            for filter in every_filter() {
                let bounds = due_bounds(&filter, today);
                // What the store does: each group's date replaced by the
                // first of the dates between the same two bounds.
                let all = every_kind(today);
                let side = |due: Option<NaiveDate>| {
                    (
                        due.is_none(),
                        bounds
                            .iter()
                            .filter(|b| due.is_some_and(|d| d >= **b))
                            .count(),
                    )
                };
                let added_up: Vec<TallyGroup> = all
                    .iter()
                    .map(|group| TallyGroup {
                        due: all
                            .iter()
                            .filter(|other| side(other.due) == side(group.due))
                            .filter_map(|other| other.due)
                            .min(),
                        ..group.clone()
                    })
                    .collect();
                assert_eq!(
                    PlanCounts::of_groups(&added_up, &filter, today),
                    PlanCounts::of_groups(&all, &filter, today),
                    "{filter:?} on {today}"
                );
                let totals = |groups: &[TallyGroup]| {
                    DueTotals::of_tracked(groups.iter().map(|g| (g, g.actions)), today)
                };
                assert_eq!(totals(&added_up), totals(&all));
            }
        }
    }

    #[test]
    fn due_ranges_put_an_undated_action_after_every_date() {
        let today = day(2026, 11, 21);
        assert!(DueRange::Any.holds(None));
        assert!(DueRange::FromOn(today).holds(None));
        assert!(!DueRange::Before(today).holds(None));
        assert!(!DueRange::Between(today, NaiveDate::MAX).holds(None));
        assert!(DueRange::Between(today, today).holds(Some(today)));
        assert!(!DueRange::Before(today).holds(Some(today)));
        assert_eq!(horizon(today, u32::MAX), NaiveDate::MAX);
    }
}
