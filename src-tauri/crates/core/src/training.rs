//! Training compliance against the 2024 core standards' 85% minimum.
//!
//! The thresholds are the sources' own: "The minimum compliance rate for
//! training completion is 85%", "annual updates and 3-yearly refresher
//! training" (Prevent duty core standards, 2024), and the two levels of
//! competence of the NHS Prevent training and competencies framework (2025):
//! levels 1 and 2 (basic Prevent awareness) and level 3.
//!
//! Three readings are the product's own and are stated wherever figures are
//! shown ([`READINGS`]):
//! - **In date** means completed on or before the reporting date and less
//!   than the validity period before it: 3 years by default (the refresher
//!   cycle), changeable per organisation. Training completed on 4 December
//!   2023 is in date up to and including 3 December 2026.
//! - **Meeting the target** is decided on the exact figures: in date × 100 ≥
//!   85 × headcount. Exactly 85.0% meets it; 84.99% does not.
//! - **Percentages are shown to one decimal place, rounded down**, so a
//!   figure shown as 85.0% always meets the target and one below it never
//!   shows as 85.0%.
//!
//! Everything here is arithmetic on counts: no person-level value exists in
//! this module, so none can reach the database through it.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// "The minimum compliance rate for training completion is 85%."
pub const TARGET_PERCENT: u32 = 85;

/// The refresher cycle: "3-yearly refresher training".
pub const DEFAULT_VALIDITY_YEARS: u32 = 3;

/// The longest validity period an organisation may set, in years.
pub const MAX_VALIDITY_YEARS: u32 = 10;

/// The product's readings of the sources, shown beside every figure.
pub const READINGS: [&str; 3] = [
    "In date means completed on or before the reporting date and less than the validity period (3 years unless the organisation sets another) before it.",
    "The 85% target is met when in date × 100 is at least 85 × headcount, on the exact figures: exactly 85.0% meets it, 84.99% does not.",
    "Percentages are shown to one decimal place, rounded down, so a figure below the target never shows as 85.0%.",
];

/// The two levels of competence of the NHS Prevent training and
/// competencies framework (2025).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
pub enum TrainingLevel {
    /// Levels 1 and 2, basic Prevent awareness: all staff working in a
    /// healthcare setting.
    #[serde(rename = "1-2")]
    Basic,
    /// Level 3: staff who could contribute to assessing, planning,
    /// intervening and evaluating where there are safeguarding concerns.
    #[serde(rename = "3")]
    Level3,
}

impl TrainingLevel {
    pub const ALL: [TrainingLevel; 2] = [TrainingLevel::Basic, TrainingLevel::Level3];

    /// The stored and typed value: `1-2` or `3`.
    pub fn as_str(self) -> &'static str {
        match self {
            TrainingLevel::Basic => "1-2",
            TrainingLevel::Level3 => "3",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TrainingLevel::Basic => "Level 1 and 2 (basic Prevent awareness)",
            TrainingLevel::Level3 => "Level 3 (Awareness of Prevent)",
        }
    }

    /// Reads a level as people type it: `1-2`, `1–2`, `12`, `l12`, `1 and 2`,
    /// `basic`; `3`, `l3`, `level 3`.
    pub fn parse(text: &str) -> Result<TrainingLevel, TrainingError> {
        let compact: String = text
            .trim()
            .to_ascii_lowercase()
            .replace("level", "")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        match compact.trim_start_matches('l') {
            "1-2" | "1–2" | "12" | "1and2" | "1&2" | "basic" | "1/2" => Ok(TrainingLevel::Basic),
            "3" => Ok(TrainingLevel::Level3),
            _ => Err(TrainingError::UnknownLevel {
                typed: text.trim().to_owned(),
            }),
        }
    }
}

/// A broken rule about training figures. Messages are in the words of the
/// person entering them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrainingError {
    #[error("\"{typed}\" is not a training level: enter 1-2 (basic Prevent awareness) or 3.")]
    UnknownLevel { typed: String },
    #[error(
        "{group}: {in_date} in date is more than the headcount of {headcount}. Check both figures."
    )]
    InDateAboveHeadcount {
        group: String,
        in_date: u32,
        headcount: u32,
    },
    #[error(
        "The reporting date {as_of} is after today ({today}): figures cannot be recorded for a date still to come."
    )]
    FutureReportingDate { as_of: NaiveDate, today: NaiveDate },
    #[error(
        "The validity period must be between 1 and {MAX_VALIDITY_YEARS} years (it is {years})."
    )]
    ValidityOutOfRange { years: u32 },
}

/// How long completed training stays in date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Validity {
    pub years: u32,
}

impl Default for Validity {
    fn default() -> Validity {
        Validity {
            years: DEFAULT_VALIDITY_YEARS,
        }
    }
}

impl Validity {
    pub fn new(years: u32) -> Result<Validity, TrainingError> {
        if (1..=MAX_VALIDITY_YEARS).contains(&years) {
            Ok(Validity { years })
        } else {
            Err(TrainingError::ValidityOutOfRange { years })
        }
    }

    /// The first day on which training completed on `completed` is no
    /// longer in date. A completion on 29 February runs out on 28 February.
    pub fn expires_on(self, completed: NaiveDate) -> NaiveDate {
        completed
            .checked_add_months(Months::new(self.years * 12))
            .unwrap_or(NaiveDate::MAX)
    }

    /// Whether training completed on `completed` is in date on `as_of`.
    pub fn in_date(self, completed: NaiveDate, as_of: NaiveDate) -> bool {
        completed <= as_of && as_of < self.expires_on(completed)
    }
}

/// One staff group's figures on a reporting date, at the level the group
/// needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GroupFigures {
    pub group: String,
    pub level: TrainingLevel,
    pub headcount: u32,
    pub in_date: u32,
}

impl GroupFigures {
    /// Checks the figures: never more in date than there are staff.
    pub fn validate(self) -> Result<GroupFigures, TrainingError> {
        if self.in_date > self.headcount {
            return Err(TrainingError::InDateAboveHeadcount {
                group: self.group,
                in_date: self.in_date,
                headcount: self.headcount,
            });
        }
        Ok(self)
    }

    pub fn compliance(&self) -> Compliance {
        Compliance::of(self.in_date, self.headcount)
    }
}

/// Refuses a reporting date after `today`.
pub fn check_reporting_date(
    as_of: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, TrainingError> {
    if as_of > today {
        return Err(TrainingError::FutureReportingDate { as_of, today });
    }
    Ok(as_of)
}

/// Compliance of a set of staff against the 85% minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Compliance {
    pub in_date: u32,
    pub headcount: u32,
    /// Tenths of a percent, rounded down: 714 is 71.4%. `None` with no staff.
    pub per_mille: Option<u32>,
    /// Whether the 85% minimum is met, on the exact figures. `None` with no
    /// staff: there is nothing to meet it or to fall short.
    pub meets_target: Option<bool>,
    /// How many more staff must be in date to reach 85%: 0 when it is met.
    pub shortfall: u32,
}

impl Compliance {
    pub fn of(in_date: u32, headcount: u32) -> Compliance {
        let in_date = in_date.min(headcount);
        if headcount == 0 {
            return Compliance {
                in_date,
                headcount,
                per_mille: None,
                meets_target: None,
                shortfall: 0,
            };
        }
        let (in_date_wide, headcount_wide) = (u64::from(in_date), u64::from(headcount));
        let per_mille = in_date_wide * 1000 / headcount_wide;
        let needed = (u64::from(TARGET_PERCENT) * headcount_wide).div_ceil(100);
        Compliance {
            in_date,
            headcount,
            per_mille: u32::try_from(per_mille).ok(),
            meets_target: Some(in_date_wide * 100 >= u64::from(TARGET_PERCENT) * headcount_wide),
            shortfall: u32::try_from(needed.saturating_sub(in_date_wide)).unwrap_or(u32::MAX),
        }
    }

    /// Adds two sets of staff together.
    pub fn plus(self, other: Compliance) -> Compliance {
        Compliance::of(
            self.in_date.saturating_add(other.in_date),
            self.headcount.saturating_add(other.headcount),
        )
    }

    /// The percentage as shown: one decimal place, rounded down ("71.4%"),
    /// or "no staff".
    pub fn percent_text(&self) -> String {
        match self.per_mille {
            Some(per_mille) => format!("{}.{}%", per_mille / 10, per_mille % 10),
            None => "no staff".to_owned(),
        }
    }

    /// The percentage rounded down to one decimal place, as a number for JSON.
    pub fn percent(&self) -> Option<f64> {
        self.per_mille.map(|p| f64::from(p) / 10.0)
    }
}

/// Compliance on one reporting date: per level, per group and overall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ComplianceReport {
    pub as_of: NaiveDate,
    pub overall: Compliance,
    pub levels: Vec<LevelCompliance>,
    /// Groups below the target first (furthest below first), then the
    /// others in the order of the training needs analysis.
    pub groups: Vec<GroupCompliance>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LevelCompliance {
    pub level: TrainingLevel,
    pub compliance: Compliance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GroupCompliance {
    pub group: String,
    pub level: TrainingLevel,
    pub compliance: Compliance,
}

impl ComplianceReport {
    /// The report for `figures` (in the training needs analysis' order).
    pub fn build(as_of: NaiveDate, figures: &[GroupFigures]) -> ComplianceReport {
        let levels: Vec<LevelCompliance> = TrainingLevel::ALL
            .iter()
            .map(|&level| LevelCompliance {
                level,
                compliance: figures
                    .iter()
                    .filter(|f| f.level == level)
                    .fold(Compliance::of(0, 0), |sum, f| sum.plus(f.compliance())),
            })
            .collect();
        let overall = levels
            .iter()
            .fold(Compliance::of(0, 0), |sum, l| sum.plus(l.compliance));
        let mut groups: Vec<GroupCompliance> = figures
            .iter()
            .map(|f| GroupCompliance {
                group: f.group.clone(),
                level: f.level,
                compliance: f.compliance(),
            })
            .collect();
        // Stable: groups that meet the target (or have no staff) keep the
        // analysis' order after those below it.
        groups.sort_by_key(|g| match g.compliance.meets_target {
            Some(false) => (0, g.compliance.per_mille.unwrap_or(0)),
            _ => (1, 0),
        });
        ComplianceReport {
            as_of,
            overall,
            levels,
            groups,
        }
    }

    /// A level's compliance.
    pub fn level(&self, level: TrainingLevel) -> Compliance {
        self.levels
            .iter()
            .find(|l| l.level == level)
            .map_or(Compliance::of(0, 0), |l| l.compliance)
    }

    /// The levels with staff that fall short of the target.
    pub fn levels_below_target(&self) -> impl Iterator<Item = &LevelCompliance> {
        self.levels
            .iter()
            .filter(|l| l.compliance.meets_target == Some(false))
    }
}

/// What a level's shortfall means for the plan, in the action plan's words:
/// "level 3: 71.4% in date, 85% required: 19 more staff".
pub fn shortfall_text(level: TrainingLevel, compliance: &Compliance) -> String {
    let staff = if compliance.shortfall == 1 {
        "1 more member of staff".to_owned()
    } else {
        format!("{} more staff", compliance.shortfall)
    };
    let name = match level {
        TrainingLevel::Basic => "level 1 and 2",
        TrainingLevel::Level3 => "level 3",
    };
    format!(
        "{name}: {} in date, {TARGET_PERCENT}% required: {staff}",
        compliance.percent_text()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn exactly_85_percent_meets_the_target_and_a_hair_below_does_not() {
        let exact = Compliance::of(85, 100);
        assert_eq!(exact.meets_target, Some(true));
        assert_eq!(exact.percent_text(), "85.0%");
        assert_eq!(exact.shortfall, 0);
        // 8499 of 10000 is 84.99%: shown rounded down, and not met.
        let below = Compliance::of(8499, 10000);
        assert_eq!(below.meets_target, Some(false));
        assert_eq!(below.percent_text(), "84.9%");
        assert_eq!(below.shortfall, 1);
        // 17 of 20 is exactly 85%.
        assert_eq!(Compliance::of(17, 20).meets_target, Some(true));
        assert_eq!(Compliance::of(16, 20).shortfall, 1);
    }

    #[test]
    fn percentages_round_down_to_one_decimal_place() {
        // 2/3 = 66.666…% shows as 66.6%, never 66.7%.
        assert_eq!(Compliance::of(2, 3).percent_text(), "66.6%");
        assert_eq!(Compliance::of(1, 1).percent_text(), "100.0%");
        assert_eq!(Compliance::of(0, 7).percent_text(), "0.0%");
        // 84.96% would round half-up to 85.0%; rounding down keeps it honest.
        let nearly = Compliance::of(8496, 10000);
        assert_eq!(nearly.percent_text(), "84.9%");
        assert_eq!(nearly.meets_target, Some(false));
    }

    #[test]
    fn no_staff_has_no_percentage_and_neither_meets_nor_misses() {
        let none = Compliance::of(0, 0);
        assert_eq!(none.per_mille, None);
        assert_eq!(none.meets_target, None);
        assert_eq!(none.percent_text(), "no staff");
        assert_eq!(none.shortfall, 0);
    }

    #[test]
    fn the_shortfall_counts_the_staff_still_needed() {
        // 71.4%: 100 of 140; 85% of 140 is 119, so 19 more.
        let level3 = Compliance::of(100, 140);
        assert_eq!(level3.percent_text(), "71.4%");
        assert_eq!(level3.shortfall, 19);
        assert_eq!(
            shortfall_text(TrainingLevel::Level3, &level3),
            "level 3: 71.4% in date, 85% required: 19 more staff"
        );
        assert_eq!(
            shortfall_text(TrainingLevel::Basic, &Compliance::of(84, 100)),
            "level 1 and 2: 84.0% in date, 85% required: 1 more member of staff"
        );
    }

    #[test]
    fn training_is_in_date_up_to_the_day_before_it_expires() {
        let validity = Validity::default();
        let completed = date(2023, 12, 4);
        assert_eq!(validity.expires_on(completed), date(2026, 12, 4));
        assert!(validity.in_date(completed, date(2026, 12, 3)));
        assert!(!validity.in_date(completed, date(2026, 12, 4)));
        assert!(
            validity.in_date(completed, completed),
            "in date the day it is done"
        );
        assert!(
            !validity.in_date(completed, date(2023, 12, 3)),
            "not yet done on the reporting date"
        );
        // A leap day runs out on 28 February.
        assert_eq!(validity.expires_on(date(2024, 2, 29)), date(2027, 2, 28));
        let annual = Validity::new(1).expect("one year");
        assert!(!annual.in_date(date(2025, 12, 3), date(2026, 12, 3)));
        assert!(Validity::new(0).is_err());
        assert!(Validity::new(MAX_VALIDITY_YEARS + 1).is_err());
    }

    #[test]
    fn levels_are_read_as_people_type_them() {
        for typed in ["1-2", "1–2", "12", "L12", "1 and 2", "level 1-2", "Basic"] {
            assert_eq!(
                TrainingLevel::parse(typed),
                Ok(TrainingLevel::Basic),
                "{typed}"
            );
        }
        for typed in ["3", "l3", "Level 3", " 3 "] {
            assert_eq!(
                TrainingLevel::parse(typed),
                Ok(TrainingLevel::Level3),
                "{typed}"
            );
        }
        let error = TrainingLevel::parse("4").expect_err("no level 4");
        assert!(error.to_string().contains("1-2"), "{error}");
    }

    #[test]
    fn in_date_above_headcount_is_refused_and_future_dates_too() {
        let error = GroupFigures {
            group: "Estates".to_owned(),
            level: TrainingLevel::Basic,
            headcount: 10,
            in_date: 11,
        }
        .validate()
        .expect_err("more trained than staff");
        assert!(
            error.to_string().starts_with("Estates: 11 in date"),
            "{error}"
        );
        assert!(check_reporting_date(date(2026, 12, 4), date(2026, 12, 3)).is_err());
        assert!(check_reporting_date(date(2026, 12, 3), date(2026, 12, 3)).is_ok());
    }

    #[test]
    fn the_report_adds_levels_and_lists_groups_below_target_first() {
        let figures = [
            GroupFigures {
                group: "Estates".to_owned(),
                level: TrainingLevel::Basic,
                headcount: 40,
                in_date: 38,
            },
            GroupFigures {
                group: "Registered nurses — adult wards".to_owned(),
                level: TrainingLevel::Level3,
                headcount: 140,
                in_date: 100,
            },
            GroupFigures {
                group: "Reception".to_owned(),
                level: TrainingLevel::Basic,
                headcount: 20,
                in_date: 15,
            },
            GroupFigures {
                group: "Volunteers".to_owned(),
                level: TrainingLevel::Basic,
                headcount: 0,
                in_date: 0,
            },
        ];
        let report = ComplianceReport::build(date(2026, 11, 30), &figures);
        assert_eq!(report.level(TrainingLevel::Basic), Compliance::of(53, 60));
        assert_eq!(
            report.level(TrainingLevel::Level3),
            Compliance::of(100, 140)
        );
        assert_eq!(report.overall, Compliance::of(153, 200));
        let order: Vec<&str> = report.groups.iter().map(|g| g.group.as_str()).collect();
        assert_eq!(
            order,
            [
                "Registered nurses — adult wards",
                "Reception",
                "Estates",
                "Volunteers"
            ]
        );
        let below: Vec<TrainingLevel> = report.levels_below_target().map(|l| l.level).collect();
        assert_eq!(below, [TrainingLevel::Level3]);
    }
}
