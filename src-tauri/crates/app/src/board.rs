//! The annual Prevent report to the board as a use case: gathers what the
//! app knows for a year and an organisation (the assessments signed off that
//! year; the action plan as the latest of them was sealed for a past year,
//! or the latest assessment's live plan for the current one; the year's
//! training figures), adds
//! what people supply (referrals, incidents, resources, other activity, the
//! accountable lead), and draws the PDF: a draft that says so, or signed
//! off by one person and sealed with their key like an assessment report.
//!
//! What people supply is not stored: it travels in the report's sealed
//! record, and a later report is made from what is typed then.

use chrono::{Datelike, NaiveDate, Timelike};
use prevent_core::board::{
    self, BoardAssessment, BoardError, BoardPlan, BoardReportInput, BoardReportRecord, BoardSource,
    BoardTraining,
};
use prevent_core::record::{SIGNATORY_NAME, SIGNATORY_ROLE, same_name};
use prevent_core::training::match_key;
use prevent_core::{Recording, RuleError, Signatory};
use serde::{Deserialize, Serialize};

use crate::error::AppResult;
use crate::export::{ExportedFile, slug};
use crate::seal::board_report_pdf;
use crate::service::Service;

/// Who signs the board report off, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct BoardSignOff {
    pub name: String,
    pub role: String,
    /// The person using the app confirms they record it on the signatory's
    /// behalf: required when they are someone else.
    #[serde(default)]
    pub on_behalf: bool,
}

/// A board report to draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct BoardReportRequest {
    pub organisation: String,
    pub year: i32,
    pub input: BoardReportInput,
    /// `None` for a draft.
    pub sign: Option<BoardSignOff>,
}

/// What a board report gathered, for scripts and tests (`board-report
/// --json`): the assessments, the plan's counts and the training figures, as
/// its record has them, and the reporting dates of the year left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BoardReportSummary {
    pub organisation: String,
    pub year: i32,
    pub as_at: NaiveDate,
    pub signed: bool,
    /// The SHA-256 of the report's record: what a sealed report is sealed over.
    pub record_sha256: String,
    pub assessments: Vec<BoardAssessment>,
    pub plan: Option<BoardPlan>,
    pub training: BoardTraining,
    /// The reporting date shown by level: the year's last complete one.
    pub training_as_of: Option<NaiveDate>,
    /// Reporting dates of the year not complete, so not shown.
    pub training_dates_left_out: Vec<NaiveDate>,
    pub readings: Vec<String>,
}

impl BoardReportSummary {
    fn of(record: &BoardReportRecord, training_dates_left_out: Vec<NaiveDate>) -> Self {
        BoardReportSummary {
            organisation: record.organisation.clone(),
            year: record.year,
            as_at: record.as_at,
            signed: record.is_signed(),
            record_sha256: record.digest(),
            assessments: record.assessments.clone(),
            plan: record.plan.clone(),
            training: record.training.clone(),
            training_as_of: record.training.latest().map(|p| p.as_of),
            training_dates_left_out,
            readings: record.readings.clone(),
        }
    }
}

/// A board report drawn, with what it gathered.
#[derive(Debug, Clone)]
pub struct BoardReportMade {
    pub file: ExportedFile,
    pub summary: BoardReportSummary,
}

impl Service {
    /// The board report's record for `request`, as at now.
    pub fn board_report_record(
        &self,
        request: &BoardReportRequest,
    ) -> AppResult<BoardReportRecord> {
        Ok(self.board_report_gathered(request)?.0)
    }

    /// The record for `request`, as at now, and the reporting dates of the
    /// year it leaves out as incomplete.
    fn board_report_gathered(
        &self,
        request: &BoardReportRequest,
    ) -> AppResult<(BoardReportRecord, Vec<NaiveDate>)> {
        let narrative = request.input.validate()?;
        let today = self.clock().today();
        if request.year > today.year() {
            return Err(BoardError::FutureYear {
                year: request.year,
                this_year: today.year(),
            }
            .into());
        }
        let now = self.clock().now();
        let now = now.with_nanosecond(0).unwrap_or(now);
        let signatories = match &request.sign {
            None => Vec::new(),
            Some(sign) => vec![self.board_signatory(sign, now)?],
        };

        let store = self.store();
        let key = match_key(&request.organisation);
        let organisation_row = store.organisation(&key)?;
        let assessments: Vec<_> = store
            .all_assessment_headers()?
            .into_iter()
            .filter(|a| match_key(&a.organisation) == key)
            .collect();
        let name = match (&organisation_row, assessments.first()) {
            (Some(row), _) => row.name.clone(),
            (None, Some(first)) => first.organisation.clone(),
            (None, None) => {
                return Err(BoardError::UnknownOrganisation {
                    organisation: request.organisation.trim().to_owned(),
                }
                .into());
            }
        };
        let mut sealed = Vec::new();
        for assessment in assessments.iter().filter(|a| a.is_sealed()) {
            if let Some(record) = store.sealed_record(assessment.id)?
                && board::reported_in(&record.record, &key, request.year)
            {
                sealed.push(record.record);
            }
        }
        let as_at = board::as_at(request.year, today);
        let plan = if request.year < today.year() {
            sealed
                .iter()
                .max_by_key(|r| (r.signing_time(), r.assessment.id))
                .map(|latest| BoardPlan::from_sealed(latest, request.year, as_at))
        } else {
            // Headers come latest assessment date first, then latest started.
            match assessments.first() {
                Some(latest) => Some(BoardPlan::build(
                    latest.id,
                    latest.assessment_date,
                    &store.action_rows(latest.id)?,
                    latest.is_sealed(),
                    request.year,
                    as_at,
                )),
                None => None,
            }
        };
        let validity_years = organisation_row
            .as_ref()
            .and_then(|row| row.validity)
            .unwrap_or_default()
            .years;
        let figures = store.training_figures(&key)?;
        let training = BoardTraining::build(
            validity_years,
            &figures,
            &store.training_groups(&key)?,
            request.year,
        );
        let left_out = training.left_out(&figures, request.year);
        let record = board::build(
            BoardSource {
                organisation: &name,
                year: request.year,
                as_at,
                assessments: &sealed,
                plan,
                training,
                layout: prevent_report::BOARD_LAYOUT_VERSION,
                prepared_at: now,
            },
            narrative,
            signatories,
        );
        Ok((record, left_out))
    }

    /// The board report as a PDF: a draft without a sign-off, else signed
    /// and sealed with the key of the person using the app (made now if
    /// they have none).
    pub fn board_report(&self, request: &BoardReportRequest) -> AppResult<ExportedFile> {
        Ok(self.board_report_made(request)?.file)
    }

    /// The board report as [`Service::board_report`] draws it, with a
    /// summary of what it gathered.
    pub fn board_report_made(&self, request: &BoardReportRequest) -> AppResult<BoardReportMade> {
        let (record, left_out) = self.board_report_gathered(request)?;
        let identity = if record.is_signed() {
            Some(self.identity_or_create(&record.organisation, record.signing_time())?)
        } else {
            None
        };
        let bytes = board_report_pdf(&record, identity.as_ref())?;
        if record.is_signed() {
            // A signed report is a sign-off: the file it was drawn from (its
            // narrative, the figures) is backed up with it, as an
            // assessment's sign-off is.
            self.sign_off_backup()?;
        }
        let file = ExportedFile {
            suggested_name: format!(
                "prevent-board-report-{}-{}-{}.pdf",
                slug(&record.organisation),
                record.year,
                if record.is_signed() {
                    "signed"
                } else {
                    "draft"
                }
            ),
            bytes,
        };
        Ok(BoardReportMade {
            summary: BoardReportSummary::of(&record, left_out),
            file,
        })
    }

    /// The one sign-off of a board report, recorded now by the person
    /// using the app (on the signatory's behalf only when they say so).
    fn board_signatory(
        &self,
        sign: &BoardSignOff,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<Signatory> {
        let name = SIGNATORY_NAME.required(&sign.name)?;
        let role = SIGNATORY_ROLE.required(&sign.role)?;
        let recorder = self.actor()?;
        let on_behalf = !same_name(&recorder.name, &name);
        if on_behalf && !sign.on_behalf {
            return Err(RuleError::OnBehalfNotConfirmed {
                recorder: recorder.name,
                signatory: name,
            }
            .into());
        }
        Ok(Signatory {
            name,
            role,
            signed_at: now,
            recorded: Some(Recording {
                at: now,
                by: recorder.name,
                by_role: recorder.role,
                on_behalf,
            }),
        })
    }
}
