//! Training compliance as an assessment's record carries it: the figures the
//! assessment showed beside its standards on training when the record was
//! made, so that a sealed report prints them as they stood at sign-off,
//! whatever is recorded later.
//!
//! The record keeps what was shown, not only the counts: each percentage
//! (rounded down), whether the target was met and the shortfall, the target
//! and the product's readings, so that a later version's arithmetic or
//! wording never changes a sealed report's pages.
//!
//! Only a framework that shows training figures gets them. A record of any
//! other framework, and every record sealed before training figures were
//! part of the record, has none, and its canonical JSON and report are
//! exactly what they were.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::Framework;
use crate::training::{
    Compliance, ComplianceReport, READINGS, RecordedFigures, TARGET_PERCENT, TrainingLevel,
    Validity,
};

/// Training compliance in the record of an assessment whose framework shows
/// training figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordTraining {
    /// The organisation's latest complete reporting date's figures; `None`
    /// when it had none when the record was made, which the report says.
    pub figures: Option<TrainingFigures>,
}

/// One reporting date's compliance, with the dates before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingFigures {
    /// The reporting date: the latest on which every staff group of the
    /// organisation's training needs analysis had figures.
    pub as_of: NaiveDate,
    /// How long completed training stays in date, as the organisation set it.
    pub validity_years: u32,
    /// The minimum compliance rate, in percent.
    pub target_percent: u32,
    /// Levels 1 and 2, then level 3.
    pub levels: Vec<RecordLevelCompliance>,
    pub overall: RecordCompliance,
    /// Groups below the target first (furthest below first), then the
    /// others in the order of the training needs analysis.
    pub groups: Vec<RecordGroupCompliance>,
    /// Every complete reporting date up to and including `as_of`, oldest
    /// first.
    pub trend: Vec<RecordTrendPoint>,
    /// The product's readings of the sources, printed with the figures.
    pub readings: Vec<String>,
}

/// A set of staff's compliance as it was shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordCompliance {
    pub in_date: u32,
    pub headcount: u32,
    /// Tenths of a percent, rounded down: 714 is 71.4%. `None` with no staff.
    pub per_mille: Option<u32>,
    /// `None` with no staff: there is nothing to meet the target or to fall short.
    pub meets_target: Option<bool>,
    /// How many more staff had to be in date to meet the target.
    pub shortfall: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordLevelCompliance {
    pub level: TrainingLevel,
    pub compliance: RecordCompliance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordGroupCompliance {
    pub group: String,
    pub level: TrainingLevel,
    pub compliance: RecordCompliance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordTrendPoint {
    pub as_of: NaiveDate,
    /// Levels 1 and 2, then level 3.
    pub levels: Vec<RecordLevelCompliance>,
    pub overall: RecordCompliance,
}

impl From<Compliance> for RecordCompliance {
    fn from(c: Compliance) -> RecordCompliance {
        RecordCompliance {
            in_date: c.in_date,
            headcount: c.headcount,
            per_mille: c.per_mille,
            meets_target: c.meets_target,
            shortfall: c.shortfall,
        }
    }
}

impl RecordCompliance {
    /// The figures as recorded, to be printed as the screens print them
    /// (never worked out again from the counts).
    pub fn as_shown(self) -> Compliance {
        Compliance {
            in_date: self.in_date,
            headcount: self.headcount,
            per_mille: self.per_mille,
            meets_target: self.meets_target,
            shortfall: self.shortfall,
        }
    }
}

/// Whether a framework shows training figures beside any of its entries.
pub fn shows_training(framework: &Framework) -> bool {
    framework
        .entries_by_part()
        .any(|(_, e)| e.figures.is_some())
}

impl RecordTraining {
    /// What the record of an assessment of `framework` carries: `None` when
    /// the framework shows no training figures; otherwise the latest
    /// complete reporting date of `complete` (the organisation's figures on
    /// complete reporting dates only, as the assessment shows them), with
    /// every complete date up to it.
    pub fn of(
        framework: &Framework,
        validity: Validity,
        complete: &[RecordedFigures],
    ) -> Option<RecordTraining> {
        if !shows_training(framework) {
            return None;
        }
        let mut dates: Vec<NaiveDate> = complete.iter().map(|f| f.as_of).collect();
        dates.sort();
        dates.dedup();
        let figures = dates.last().map(|&latest| {
            let report = ComplianceReport::on(latest, complete);
            TrainingFigures {
                as_of: latest,
                validity_years: validity.years,
                target_percent: TARGET_PERCENT,
                levels: levels_of(&report),
                overall: report.overall.into(),
                groups: report
                    .groups
                    .iter()
                    .map(|g| RecordGroupCompliance {
                        group: g.group.clone(),
                        level: g.level,
                        compliance: g.compliance.into(),
                    })
                    .collect(),
                trend: dates
                    .iter()
                    .map(|&as_of| {
                        let point = ComplianceReport::on(as_of, complete);
                        RecordTrendPoint {
                            as_of,
                            levels: levels_of(&point),
                            overall: point.overall.into(),
                        }
                    })
                    .collect(),
                readings: READINGS.iter().map(|r| (*r).to_owned()).collect(),
            }
        });
        Some(RecordTraining { figures })
    }
}

fn levels_of(report: &ComplianceReport) -> Vec<RecordLevelCompliance> {
    report
        .levels
        .iter()
        .map(|l| RecordLevelCompliance {
            level: l.level,
            compliance: l.compliance.into(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::Frameworks;
    use crate::training::{FiguresSource, GroupFigures};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn recorded(
        as_of: NaiveDate,
        group: &str,
        level: TrainingLevel,
        counts: (u32, u32),
    ) -> RecordedFigures {
        RecordedFigures {
            as_of,
            figures: GroupFigures {
                group: group.to_owned(),
                level,
                headcount: counts.1,
                in_date: counts.0,
            },
            source: FiguresSource::Entered,
            recorded_at: Utc
                .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
                .single()
                .expect("time"),
            recorded_by: "Alex Morgan".to_owned(),
        }
    }

    fn framework(id: &str) -> &'static Framework {
        Frameworks::embedded()
            .ok()
            .and_then(|f| f.get(id))
            .expect("embedded framework")
    }

    #[test]
    fn only_a_framework_that_shows_figures_gets_them() {
        let figures = [recorded(
            date(2026, 11, 30),
            "Estates",
            TrainingLevel::Basic,
            (9, 10),
        )];
        assert_eq!(
            RecordTraining::of(
                framework(crate::PREVENT_TOOLKIT_2011),
                Validity::default(),
                &figures
            ),
            None
        );
        let none = RecordTraining::of(
            framework("prevent-core-standards-2024-providers"),
            Validity::default(),
            &[],
        );
        assert_eq!(none, Some(RecordTraining { figures: None }));
    }

    #[test]
    fn the_latest_date_is_shown_with_the_dates_before_it() {
        let figures: Vec<RecordedFigures> = [
            (date(2026, 5, 31), "Estates", TrainingLevel::Basic, (7, 10)),
            (
                date(2026, 5, 31),
                "Nurses",
                TrainingLevel::Level3,
                (100, 140),
            ),
            (date(2026, 11, 30), "Estates", TrainingLevel::Basic, (9, 10)),
            (
                date(2026, 11, 30),
                "Nurses",
                TrainingLevel::Level3,
                (120, 140),
            ),
        ]
        .into_iter()
        .map(|(as_of, group, level, counts)| recorded(as_of, group, level, counts))
        .collect();
        let training = RecordTraining::of(
            framework("prevent-core-standards-2024-providers"),
            Validity::new(2).expect("two years"),
            &figures,
        )
        .and_then(|t| t.figures)
        .expect("figures");
        assert_eq!(training.as_of, date(2026, 11, 30));
        assert_eq!(training.validity_years, 2);
        assert_eq!(training.target_percent, 85);
        let level3 = &training.levels[1];
        assert_eq!(level3.level, TrainingLevel::Level3);
        assert_eq!(level3.compliance.per_mille, Some(857));
        assert_eq!(level3.compliance.meets_target, Some(true));
        assert_eq!(training.groups.len(), 2);
        let dates: Vec<NaiveDate> = training.trend.iter().map(|p| p.as_of).collect();
        assert_eq!(dates, [date(2026, 5, 31), date(2026, 11, 30)]);
        assert_eq!(training.trend[0].levels[1].compliance.shortfall, 19);
        assert_eq!(training.readings.len(), READINGS.len());
        assert_eq!(
            training.overall.as_shown(),
            Compliance::of(129, 150),
            "printed as recorded"
        );
    }
}
