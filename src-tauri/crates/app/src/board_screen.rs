//! The annual report to the board as its screen shows it before anything
//! is typed: what the app already knows for a year and an organisation
//! (the assessments signed off that year, the action plan's progress and
//! the year's training figures), gathered exactly as the report gathers
//! them, so the screen and the PDF can never disagree.

use chrono::{DateTime, NaiveDate, Utc};
use prevent_core::board::{BoardAssessment, BoardPlan, BoardReportInput, PriorityProgress};
use serde::Serialize;
use ts_rs::TS;

use crate::board::BoardReportRequest;
use crate::error::AppResult;
use crate::training::TrendView;

/// What a year's board report will say from the app's own records.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BoardReportView {
    pub organisation: String,
    pub year: i32,
    /// The day the figures are read on: 31 December, or today in the
    /// current year.
    pub as_at: NaiveDate,
    /// Signed off in the year, oldest first.
    pub assessments: Vec<BoardAssessment>,
    /// The latest signed-off assessment's plan; `None` without one.
    pub plan: Option<BoardPlan>,
    pub plan_totals: Option<PriorityProgress>,
    pub validity_years: u32,
    /// Every reporting date of the year with figures, oldest first.
    pub training: Vec<TrendView>,
    /// The product's readings the report is made under.
    pub readings: Vec<String>,
    /// What was typed for the year so far, kept as a draft.
    pub draft: Option<BoardReportInput>,
}

/// A draft kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DraftSaved {
    pub saved_at: DateTime<Utc>,
}

impl crate::Service {
    /// Keeps what was typed for `year`'s report as its draft, as typed.
    pub fn save_board_report_draft(
        &mut self,
        organisation: String,
        year: i32,
        input: BoardReportInput,
    ) -> AppResult<DraftSaved> {
        let actor = self.actor()?;
        let now = self.clock().now();
        self.ledger_mut()
            .save_board_report_draft(&organisation, year, &input, &actor, now)?;
        Ok(DraftSaved { saved_at: now })
    }

    /// What the app knows for `organisation`'s report on `year`.
    pub fn get_board_report(&self, organisation: String, year: i32) -> AppResult<BoardReportView> {
        // The gathered part of the record does not depend on what people
        // type: any valid narrative gives the same facts.
        let record = self.board_report_record(&BoardReportRequest {
            organisation,
            year,
            input: BoardReportInput {
                lead: "-".to_owned(),
                ..BoardReportInput::default()
            },
            sign: None,
        })?;
        Ok(BoardReportView {
            plan_totals: record.plan.as_ref().map(BoardPlan::totals),
            training: record
                .training
                .points
                .iter()
                .map(|point| TrendView {
                    as_of: point.as_of,
                    overall: point.overall().into(),
                    levels: point
                        .levels
                        .iter()
                        .map(|l| crate::training::LevelView {
                            level: l.level,
                            label: l.level.label().to_owned(),
                            compliance: l.compliance().into(),
                        })
                        .collect(),
                })
                .collect(),
            validity_years: record.training.validity_years,
            draft: self
                .ledger()
                .board_report_draft(&record.organisation, record.year)?,
            organisation: record.organisation,
            year: record.year,
            as_at: record.as_at,
            assessments: record.assessments,
            plan: record.plan,
            readings: record.readings,
        })
    }
}
