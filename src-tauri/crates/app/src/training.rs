//! Training compliance as the surfaces receive it: what a person enters for
//! one group's figures, and the view of an organisation's compliance on a
//! reporting date with its trend across dates. Percentages are the core's
//! (rounded down to one decimal place; the target decided on the exact
//! figures), and the product's readings travel with every view.

use chrono::{DateTime, NaiveDate, Utc};
use prevent_core::quarterly::Quarter;
use prevent_core::training::{
    Compliance, ComplianceReport, FiguresSource, LevelCompliance, READINGS, RecordedFigures,
    TARGET_PERCENT, TrainingGroup, TrainingLevel, Validity, match_key,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::AppResult;

/// One group's figures for a reporting date, as entered.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct FiguresInput {
    pub organisation: String,
    pub as_of: NaiveDate,
    pub group: String,
    pub headcount: u32,
    /// How many of the group are in date at the level the group needs.
    pub in_date: u32,
}

/// One group's figures among a reporting date's, as entered.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct GroupCount {
    pub group: String,
    pub headcount: u32,
    /// How many of the group are in date at the level the group needs.
    pub in_date: u32,
}

/// An organisation's training needs analysis.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NeedsAnalysis {
    pub organisation: String,
    pub validity_years: u32,
    pub groups: Vec<TrainingGroup>,
}

/// Compliance against the 85% minimum, as shown.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ComplianceView {
    pub in_date: u32,
    pub headcount: u32,
    /// Rounded down to one decimal place; `None` with no staff.
    pub compliance_percent: Option<f64>,
    /// "71.4%", or "no staff".
    pub percent_text: String,
    /// On the exact figures; `None` with no staff.
    pub meets_target: Option<bool>,
    /// How many more staff must be in date to reach the target.
    pub shortfall: u32,
    /// Against the minimum, in words: "meets the minimum", "below the
    /// minimum: 1 more member of staff needed", "no staff".
    pub verdict: String,
}

impl From<Compliance> for ComplianceView {
    fn from(c: Compliance) -> ComplianceView {
        ComplianceView {
            in_date: c.in_date,
            headcount: c.headcount,
            compliance_percent: c.percent(),
            percent_text: c.percent_text(),
            meets_target: c.meets_target,
            shortfall: c.shortfall,
            verdict: match c.meets_target {
                None => "no staff".to_owned(),
                Some(true) => "meets the minimum".to_owned(),
                Some(false) if c.shortfall == 1 => {
                    "below the minimum: 1 more member of staff needed".to_owned()
                }
                Some(false) => format!("below the minimum: {} more staff needed", c.shortfall),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LevelView {
    pub level: TrainingLevel,
    pub label: String,
    #[serde(flatten)]
    pub compliance: ComplianceView,
}

impl From<&LevelCompliance> for LevelView {
    fn from(l: &LevelCompliance) -> LevelView {
        LevelView {
            level: l.level,
            label: l.level.label().to_owned(),
            compliance: l.compliance.into(),
        }
    }
}

/// One group's figures on the reporting date, with where they came from.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GroupView {
    pub group: String,
    pub level: TrainingLevel,
    #[serde(flatten)]
    pub compliance: ComplianceView,
    pub source: FiguresSource,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
}

/// One reporting date of the trend.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TrendView {
    pub as_of: NaiveDate,
    pub overall: ComplianceView,
    pub levels: Vec<LevelView>,
}

/// An organisation's training compliance on one reporting date (the latest
/// with figures unless another is asked for), and its trend.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TrainingView {
    pub organisation: String,
    pub validity_years: u32,
    pub target_percent: u32,
    /// `None` while no figures have been recorded.
    pub as_of: Option<NaiveDate>,
    pub overall: Option<ComplianceView>,
    pub levels: Vec<LevelView>,
    /// Below the target first (furthest below first), then the others in
    /// the analysis' order.
    pub groups: Vec<GroupView>,
    /// Groups of the analysis with no figures for the reporting date.
    pub groups_without_figures: Vec<String>,
    /// Every reporting date with figures, oldest first.
    pub trend: Vec<TrendView>,
    /// The product's readings of the sources.
    pub readings: Vec<String>,
    /// The calendar quarters with figures, latest first: what a quarterly
    /// summary can be made for.
    pub quarters: Vec<QuarterOption>,
}

/// A quarter a summary can be made for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct QuarterOption {
    /// `2026-Q4`, as a request names it.
    pub code: String,
    /// "2026 Q4 (1 October to 31 December 2026)".
    pub label: String,
}

impl TrainingView {
    /// The view of `figures` (every date's, as the store reads them) on
    /// `as_of`, for an organisation whose analysis is `analysis`.
    pub(crate) fn build(
        analysis: &NeedsAnalysis,
        figures: &[RecordedFigures],
        as_of: Option<NaiveDate>,
    ) -> TrainingView {
        let mut dates: Vec<NaiveDate> = figures.iter().map(|f| f.as_of).collect();
        dates.dedup();
        let report_on = |date: NaiveDate| ComplianceReport::on(date, figures);
        let trend = dates
            .iter()
            .map(|&date| {
                let report = report_on(date);
                TrendView {
                    as_of: date,
                    overall: report.overall.into(),
                    levels: report.levels.iter().map(LevelView::from).collect(),
                }
            })
            .collect();
        let mut view = TrainingView {
            organisation: analysis.organisation.clone(),
            validity_years: analysis.validity_years,
            target_percent: TARGET_PERCENT,
            as_of: None,
            overall: None,
            levels: Vec::new(),
            groups: Vec::new(),
            groups_without_figures: analysis.groups.iter().map(|g| g.name.clone()).collect(),
            quarters: {
                let mut quarters: Vec<Quarter> = dates.iter().map(|&d| Quarter::of(d)).collect();
                quarters.sort_unstable_by(|a, b| b.cmp(a));
                quarters.dedup();
                quarters
                    .into_iter()
                    .map(|q| QuarterOption {
                        code: q.code(),
                        label: q.label(),
                    })
                    .collect()
            },
            trend,
            readings: READINGS.iter().map(|r| (*r).to_owned()).collect(),
        };
        let Some(date) = as_of.or_else(|| dates.last().copied()) else {
            return view;
        };
        let report = report_on(date);
        let recorded = |group: &str| {
            figures
                .iter()
                .find(|f| f.as_of == date && match_key(&f.figures.group) == match_key(group))
        };
        view.as_of = Some(date);
        view.overall = Some(report.overall.into());
        view.levels = report.levels.iter().map(LevelView::from).collect();
        view.groups = report
            .groups
            .iter()
            .filter_map(|g| {
                recorded(&g.group).map(|r| GroupView {
                    group: g.group.clone(),
                    level: g.level,
                    compliance: g.compliance.into(),
                    source: r.source.clone(),
                    recorded_at: r.recorded_at,
                    recorded_by: r.recorded_by.clone(),
                })
            })
            .collect();
        view.groups_without_figures
            .retain(|name| recorded(name).is_none());
        view
    }
}

impl NeedsAnalysis {
    /// The analysis of an organisation nothing is recorded for yet.
    pub fn empty(organisation: &str) -> NeedsAnalysis {
        NeedsAnalysis {
            organisation: organisation.trim().to_owned(),
            validity_years: Validity::default().years,
            groups: Vec::new(),
        }
    }
}

/// The use cases, with the clock and the person using the app.
impl crate::Service {
    pub fn set_training_group(
        &mut self,
        organisation: &str,
        group: &str,
        level: TrainingLevel,
    ) -> AppResult<TrainingGroup> {
        let actor = self.actor()?;
        let now = self.clock().now();
        self.ledger_mut()
            .set_training_group(organisation, group, level, &actor, now)
    }

    pub fn remove_training_group(
        &mut self,
        organisation: &str,
        group: &str,
    ) -> AppResult<TrainingGroup> {
        let actor = self.actor()?;
        let now = self.clock().now();
        self.ledger_mut()
            .remove_training_group(organisation, group, &actor, now)
    }

    pub fn set_training_validity(&mut self, organisation: &str, years: u32) -> AppResult<Validity> {
        let actor = self.actor()?;
        let now = self.clock().now();
        self.ledger_mut()
            .set_training_validity(organisation, years, &actor, now)
    }

    /// Records one group's figures; a reporting date after the clock's
    /// today is refused.
    pub fn record_training_figures(&mut self, input: &FiguresInput) -> AppResult<RecordedFigures> {
        let actor = self.actor()?;
        let (now, today) = (self.clock().now(), self.clock().today());
        self.ledger_mut()
            .record_training_figures(input, today, &actor, now)
    }

    pub fn training_needs(&self, organisation: &str) -> AppResult<NeedsAnalysis> {
        self.ledger().training_needs(organisation)
    }

    /// The quarterly summary for the upward return.
    pub fn quarterly_return(
        &self,
        organisation: &str,
        quarter: prevent_core::quarterly::Quarter,
        input: &prevent_core::quarterly::QuarterlyInput,
    ) -> AppResult<prevent_core::quarterly::QuarterlyReturn> {
        self.ledger().quarterly_return(organisation, quarter, input)
    }

    /// Every organisation named in this database (by a training needs
    /// analysis, figures or an assessment), once each, by name: the name as
    /// first recorded for training, else as the latest assessment has it.
    pub fn list_organisations(&self) -> AppResult<Vec<String>> {
        let mut names: std::collections::BTreeMap<String, String> = self
            .store()
            .organisation_names()?
            .into_iter()
            .map(|name| (match_key(&name), name))
            .collect();
        for assessment in self.store().all_assessment_headers()? {
            names
                .entry(match_key(&assessment.organisation))
                .or_insert(assessment.organisation);
        }
        Ok(names.into_values().collect())
    }

    /// The organisation's compliance on its latest reporting date, and its
    /// trend: what the window's training page shows.
    /// An organisation named only by its assessments has no figures yet:
    /// an empty view, not an error, so its pages can start its analysis.
    pub fn get_training(&self, organisation: String) -> AppResult<TrainingView> {
        match self.training_view(&organisation, None) {
            Err(error) if error.kind == prevent_core::ErrorKind::NotFound => Ok(
                TrainingView::build(&NeedsAnalysis::empty(&organisation), &[], None),
            ),
            other => other,
        }
    }

    /// The organisation's own audit trail, oldest first.
    pub fn organisation_audit(
        &self,
        organisation: &str,
    ) -> AppResult<Vec<prevent_core::training::OrganisationAuditEntry>> {
        self.ledger().organisation_audit(organisation)
    }

    /// Checks the organisation's audit trail's hash chain.
    pub fn verify_organisation_audit(
        &self,
        organisation: &str,
    ) -> AppResult<prevent_core::ChainCheck> {
        self.ledger().verify_organisation_audit(organisation)
    }

    pub fn training_view(
        &self,
        organisation: &str,
        as_of: Option<NaiveDate>,
    ) -> AppResult<TrainingView> {
        self.ledger().training_view(organisation, as_of)
    }
}

/// The quarterly summary as CSV, for the upward return.
pub fn quarterly_csv(summary: &prevent_core::quarterly::QuarterlyReturn) -> Vec<u8> {
    prevent_export::quarterly_csv(summary)
}

/// The quarterly summary as an Excel workbook, for the upward return.
pub fn quarterly_xlsx(summary: &prevent_core::quarterly::QuarterlyReturn) -> AppResult<Vec<u8>> {
    prevent_export::quarterly_xlsx(summary).map_err(|e| crate::AppError::internal(e.to_string()))
}
