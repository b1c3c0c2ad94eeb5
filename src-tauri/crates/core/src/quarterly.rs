//! The quarterly summary for the upward return: training compliance by level
//! at each reporting date of a calendar quarter, Prevent referrals, and the
//! named accountable and operational Prevent leads (seed 004: trusts report
//! compliance monthly to their board and upward every quarter).
//!
//! It is a long table (organisation, quarter, reporting date, measure,
//! value), one row a figure, so that a commissioner can put many providers'
//! returns together without reshaping them. The product's readings: a
//! quarter is a calendar quarter (Q1 is January to March); the quarter's
//! figure is its latest reporting date's, and every reporting date in it is
//! listed.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::training::{Compliance, ComplianceReport, TARGET_PERCENT, TrainingError, TrainingLevel};

/// A calendar quarter: Q1 is January to March.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub number: u32,
}

impl Quarter {
    /// The quarter `date` falls in.
    pub fn of(date: NaiveDate) -> Quarter {
        Quarter {
            year: date.year(),
            number: (date.month() - 1) / 3 + 1,
        }
    }

    /// As typed and read back: `2026-Q4`.
    pub fn code(self) -> String {
        format!("{}-Q{}", self.year, self.number)
    }

    /// Reads `2026-Q4` (or `2026Q4`, `2026 q4`).
    pub fn parse(text: &str) -> Result<Quarter, TrainingError> {
        let refused = || TrainingError::NotAQuarter {
            typed: text.trim().to_owned(),
        };
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .collect::<String>()
            .to_ascii_uppercase();
        let (year, number) = cleaned.split_once('Q').ok_or_else(refused)?;
        let year: i32 = year.parse().map_err(|_| refused())?;
        let number: u32 = number.parse().map_err(|_| refused())?;
        if !(1..=4).contains(&number) || !(1900..=9999).contains(&year) {
            return Err(refused());
        }
        Ok(Quarter { year, number })
    }

    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.number * 3 - 2, 1)
    }

    pub fn last_day(self) -> Option<NaiveDate> {
        let next = if self.number == 4 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, self.number * 3 + 1, 1)
        };
        next.and_then(|d| d.pred_opt())
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        Quarter::of(date) == self
    }

    /// "2026 Q4 (1 October to 31 December 2026)".
    pub fn label(self) -> String {
        match (self.first_day(), self.last_day()) {
            (Some(first), Some(last)) => format!(
                "{} Q{} ({} to {})",
                self.year,
                self.number,
                first.format("%-d %B"),
                last.format("%-d %B %Y")
            ),
            _ => format!("{} Q{}", self.year, self.number),
        }
    }
}

/// What people supply that the app does not keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuarterlyInput {
    pub referrals: Option<u32>,
    pub accountable_lead: Option<String>,
    pub operational_lead: Option<String>,
}

/// One figure of the return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct QuarterlyRow {
    /// `None` for what is not a figure of a reporting date (referrals, leads).
    pub reporting_date: Option<NaiveDate>,
    pub measure: String,
    pub value: String,
}

/// The quarter's return, ready to write as CSV or a workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct QuarterlyReturn {
    pub organisation: String,
    pub quarter: Quarter,
    pub quarter_label: String,
    /// The quarter's last reporting date: its figure.
    pub latest: Option<NaiveDate>,
    pub rows: Vec<QuarterlyRow>,
    /// The product's readings, written with the return.
    pub readings: Vec<String>,
}

/// The product's readings of a quarterly return.
pub const QUARTERLY_READINGS: [&str; 2] = [
    "A quarter is a calendar quarter: Q1 is January to March.",
    "Every reporting date in the quarter is listed; the quarter's figure is its latest reporting date's.",
];

fn compliance_rows(
    out: &mut Vec<QuarterlyRow>,
    date: NaiveDate,
    name: &str,
    compliance: &Compliance,
) {
    let mut row = |measure: String, value: String| {
        out.push(QuarterlyRow {
            reporting_date: Some(date),
            measure,
            value,
        });
    };
    row(
        format!("{name}: headcount"),
        compliance.headcount.to_string(),
    );
    row(format!("{name}: in date"), compliance.in_date.to_string());
    row(format!("{name}: compliance"), compliance.percent_text());
    row(
        format!("{name}: meets the {TARGET_PERCENT}% minimum"),
        match compliance.meets_target {
            Some(true) => "Yes".to_owned(),
            Some(false) => "No".to_owned(),
            None => "No staff".to_owned(),
        },
    );
}

impl QuarterlyReturn {
    /// The return from every reporting date's report (any order; those
    /// outside the quarter are left out) and what people supply.
    pub fn build(
        organisation: &str,
        quarter: Quarter,
        reports: &[ComplianceReport],
        input: &QuarterlyInput,
    ) -> QuarterlyReturn {
        let mut in_quarter: Vec<&ComplianceReport> = reports
            .iter()
            .filter(|r| quarter.contains(r.as_of))
            .collect();
        in_quarter.sort_by_key(|r| r.as_of);
        let mut rows = Vec::new();
        for report in &in_quarter {
            for level in TrainingLevel::ALL {
                compliance_rows(&mut rows, report.as_of, level.label(), &report.level(level));
            }
            compliance_rows(&mut rows, report.as_of, "All levels", &report.overall);
        }
        let supplied = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map_or_else(|| "Not stated".to_owned(), str::to_owned)
        };
        for (measure, value) in [
            (
                "Prevent referrals made in the quarter",
                input
                    .referrals
                    .map_or_else(|| "Not stated".to_owned(), |n| n.to_string()),
            ),
            (
                "Accountable Prevent lead",
                supplied(&input.accountable_lead),
            ),
            (
                "Operational Prevent lead",
                supplied(&input.operational_lead),
            ),
        ] {
            rows.push(QuarterlyRow {
                reporting_date: None,
                measure: measure.to_owned(),
                value,
            });
        }
        QuarterlyReturn {
            organisation: organisation.to_owned(),
            quarter,
            quarter_label: quarter.label(),
            latest: in_quarter.last().map(|r| r.as_of),
            rows,
            readings: QUARTERLY_READINGS.iter().map(|r| (*r).to_owned()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::GroupFigures;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn quarters_are_calendar_quarters_with_their_boundary_days() {
        let q4 = Quarter::parse(" 2026-q4 ").expect("q4");
        assert_eq!(
            q4,
            Quarter {
                year: 2026,
                number: 4
            }
        );
        assert_eq!(q4.label(), "2026 Q4 (1 October to 31 December 2026)");
        assert!(q4.contains(date(2026, 10, 1)) && q4.contains(date(2026, 12, 31)));
        assert!(!q4.contains(date(2026, 9, 30)) && !q4.contains(date(2027, 1, 1)));
        let q1 = Quarter::parse("2027Q1").expect("q1");
        assert_eq!(q1.last_day(), Some(date(2027, 3, 31)));
        for bad in ["2026-Q5", "2026-Q0", "Q3", "2026", "twenty", "2026-Q3.5"] {
            assert!(Quarter::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_return_lists_each_reporting_date_of_the_quarter_and_what_people_supply() {
        let report = |as_of: NaiveDate, in_date: u32| {
            ComplianceReport::build(
                as_of,
                &[GroupFigures {
                    group: "Nurses".to_owned(),
                    level: TrainingLevel::Level3,
                    headcount: 20,
                    in_date,
                }],
            )
        };
        let reports = [
            report(date(2026, 11, 30), 17),
            report(date(2026, 9, 30), 10),
            report(date(2026, 10, 31), 16),
        ];
        let quarter = Quarter::parse("2026-Q4").expect("quarter");
        let summary = QuarterlyReturn::build(
            "Northshire",
            quarter,
            &reports,
            &QuarterlyInput {
                referrals: Some(3),
                accountable_lead: Some("Ann Lee".to_owned()),
                operational_lead: None,
            },
        );
        assert_eq!(summary.latest, Some(date(2026, 11, 30)));
        let dates: Vec<NaiveDate> = summary
            .rows
            .iter()
            .filter_map(|r| r.reporting_date)
            .collect();
        assert!(
            dates.iter().all(|d| quarter.contains(*d)),
            "September is left out"
        );
        assert_eq!(dates.first(), Some(&date(2026, 10, 31)), "oldest first");
        let value = |date: Option<NaiveDate>, measure: &str| {
            summary
                .rows
                .iter()
                .find(|r| r.reporting_date == date && r.measure == measure)
                .map(|r| r.value.clone())
        };
        let level3 = TrainingLevel::Level3.label();
        assert_eq!(
            value(Some(date(2026, 10, 31)), &format!("{level3}: compliance")).as_deref(),
            Some("80.0%")
        );
        assert_eq!(
            value(
                Some(date(2026, 11, 30)),
                &format!("{level3}: meets the 85% minimum")
            )
            .as_deref(),
            Some("Yes")
        );
        assert_eq!(
            value(
                Some(date(2026, 11, 30)),
                &format!("{}: meets the 85% minimum", TrainingLevel::Basic.label())
            )
            .as_deref(),
            Some("No staff")
        );
        assert_eq!(
            value(None, "Prevent referrals made in the quarter").as_deref(),
            Some("3")
        );
        assert_eq!(
            value(None, "Operational Prevent lead").as_deref(),
            Some("Not stated")
        );
    }
}
