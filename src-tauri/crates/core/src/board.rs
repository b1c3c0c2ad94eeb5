//! The annual Prevent report to the board: what people supply, what the app
//! gathers for a year and an organisation, and the canonical record the
//! report's PDF is drawn from and sealed over.
//!
//! The 2024 core standards ask that "the accountable Prevent lead will
//! present a report on Prevent to the board and/or governing body on an
//! annual basis (minimum)", covering "all Prevent-related activity
//! undertaken by the organisation", "any significant incidents", and
//! whether "adequate resources are available ... to meet the requirements
//! of the core standards". Only people know the referrals, the incidents,
//! the resources statement and the other activity; the app knows the signed
//! assessments, the action plan and the training figures.
//!
//! Like an assessment's record (`crate::record`), the board report's record
//! is canonical JSON (fields in the order declared here, no maps), so a
//! sealed board report can be checked by hashing its attached record and
//! drawing it again.
//!
//! The product's readings, stated in the report and the README
//! ([`READINGS`]):
//! - The year is the calendar year, 1 January to 31 December.
//! - An assessment is reported in the year its latest sign-off was recorded.
//! - For a past year the action plan is that of the organisation's latest
//!   assessment signed off in the year, as its sealed record holds it at
//!   sign-off; an action is opened in the year when its entry's first row
//!   in that record's audit trail was written in the year. For the current
//!   year it is the organisation's latest assessment's (signed off or not),
//!   live, with actions opened and completed counted by the day they were
//!   created and completed. Overdue is judged on the report's "as at" day:
//!   31 December, or the day it was prepared while the year is still
//!   running.
//! - Training compliance is each complete reporting date of the year, with
//!   the last one shown by level. A date is complete when every group of the
//!   training needs analysis that had figures on it or an earlier date has
//!   figures on it ([`crate::training::complete_dates`]): a group added to
//!   the analysis later does not undo past dates, and a date still being
//!   entered is not shown as the year's figures.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::audit::FieldChange;
use crate::digest::sha256_hex;
use crate::plan::view::{Tracked, is_overdue};
use crate::plan::{Action, Priority};
use crate::record::{AssessmentRecord, RecordAction, Signatory};
use crate::rules::{ErrorKind, RuleError, TextField};
use crate::training::{Compliance, RecordedFigures, TrainingGroup, TrainingLevel, match_key};

/// The board report record format this build writes and reads.
pub const BOARD_RECORD_FORMAT: &str = "prevent-self-assessment/board-report/1";

/// The attached file's name inside a board report's PDF.
pub const BOARD_RECORD_FILE_NAME: &str = "board-report-record.json";

/// The product's readings of the sources, printed in the report.
pub const READINGS: [&str; 4] = [
    "The year is the calendar year, 1 January to 31 December.",
    "An assessment is reported in the year its latest sign-off was recorded.",
    "For a past year the action plan is that of the organisation's latest assessment signed off in the year, counted as its sealed record holds it at sign-off (priorities, statuses, due and completion dates as they stood then); an action counts as opened in the year when the first row of that record's audit trail for its entry was written in the year. For the current year it is that of the organisation's latest assessment (by assessment date, then when it was started), signed off or not, as it stands when the report is prepared; actions opened and completed are counted by the day they were created and completed. Overdue is judged on the report's \u{201C}as at\u{201D} day (31 December, or the day the report was prepared while the year is still running).",
    "Training compliance is shown for each complete reporting date in the year, and the last of them by level: a date is complete when every group of the training needs analysis that had figures by then has figures on it. A date still being entered is left out rather than shown as the year's figures.",
];

/// The breakdown of referrals (optional).
pub const REFERRALS_BREAKDOWN: TextField = TextField::lines(
    "referrals_breakdown",
    "the breakdown of Prevent referrals",
    2000,
);
/// The significant incidents narrative.
pub const INCIDENTS: TextField = TextField::lines("incidents", "the significant incidents", 10_000);
/// The narrative beside the resources statement.
pub const RESOURCES_NOTE: TextField =
    TextField::lines("resources_note", "the note on resources", 4000);
/// Other Prevent-related activity.
pub const ACTIVITY: TextField =
    TextField::lines("activity", "the other Prevent-related activity", 10_000);
/// The accountable Prevent lead's name.
pub const LEAD: TextField = TextField::line("lead", "the accountable Prevent lead's name", 200);

/// The most referrals a year's report accepts: far above any organisation's.
pub const MAX_REFERRALS: u32 = 100_000;

/// The statement "adequate resources are available to meet the core
/// standards", answered yes, no or partly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ResourcesStatement {
    Adequate,
    Inadequate,
    Partly,
}

impl ResourcesStatement {
    pub const ALL: [ResourcesStatement; 3] = [
        ResourcesStatement::Adequate,
        ResourcesStatement::Inadequate,
        ResourcesStatement::Partly,
    ];

    /// As typed and stored: `adequate`, `inadequate`, `partly`.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourcesStatement::Adequate => "adequate",
            ResourcesStatement::Inadequate => "inadequate",
            ResourcesStatement::Partly => "partly",
        }
    }

    /// The answer as the report prints it.
    pub fn label(self) -> &'static str {
        match self {
            ResourcesStatement::Adequate => "Yes",
            ResourcesStatement::Inadequate => "No",
            ResourcesStatement::Partly => "Partly",
        }
    }

    pub fn parse(text: &str) -> Result<ResourcesStatement, BoardError> {
        let typed = text.trim().to_lowercase();
        ResourcesStatement::ALL
            .into_iter()
            .find(|r| r.as_str() == typed)
            .ok_or_else(|| BoardError::UnknownResources {
                typed: text.trim().to_owned(),
            })
    }
}

/// The statement's own words, from the sources.
pub const RESOURCES_QUESTION: &str = "Adequate resources are available to meet the core standards";

/// A broken rule about a board report's input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BoardError {
    #[error("The year must be four digits, for example 2026 (got \"{typed}\").")]
    YearNotFourDigits { typed: String },
    #[error(
        "The year {year} has not started yet (it is {this_year}): a board report covers a year that has started."
    )]
    FutureYear { year: i32, this_year: i32 },
    #[error("The number of Prevent referrals must be a whole number, 0 or more (got \"{typed}\").")]
    NotACount { typed: String },
    #[error("The number of Prevent referrals can be at most {MAX_REFERRALS} (got {count}).")]
    TooManyReferrals { count: u32 },
    #[error("\"{typed}\" is not a statement on resources: enter adequate, inadequate or partly.")]
    UnknownResources { typed: String },
    #[error(
        "A note on resources goes with a statement on resources: give --resources adequate, inadequate or partly."
    )]
    NoteWithoutStatement,
    #[error("A breakdown of referrals goes with their number: give --referrals N.")]
    BreakdownWithoutCount,
    #[error(
        "Nothing is known about \"{organisation}\": no assessment and no training figures name it. Check the spelling."
    )]
    UnknownOrganisation { organisation: String },
    #[error(transparent)]
    Rule(#[from] RuleError),
}

impl BoardError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            BoardError::UnknownOrganisation { .. } => ErrorKind::NotFound,
            BoardError::Rule(rule) => rule.kind(),
            _ => ErrorKind::InvalidInput,
        }
    }

    pub fn field(&self) -> Option<&'static str> {
        match self {
            BoardError::YearNotFourDigits { .. } | BoardError::FutureYear { .. } => Some("year"),
            BoardError::NotACount { .. } | BoardError::TooManyReferrals { .. } => Some("referrals"),
            BoardError::BreakdownWithoutCount => Some("referrals_breakdown"),
            BoardError::UnknownResources { .. } => Some("resources"),
            BoardError::NoteWithoutStatement => Some("resources_note"),
            BoardError::UnknownOrganisation { .. } => Some("organisation"),
            BoardError::Rule(rule) => rule.field(),
        }
    }
}

/// Reads the year as typed: exactly four digits, and not after `this_year`.
pub fn parse_year(text: &str, this_year: i32) -> Result<i32, BoardError> {
    let typed = text.trim();
    let not_four_digits = || BoardError::YearNotFourDigits {
        typed: typed.to_owned(),
    };
    if typed.len() != 4 || !typed.chars().all(|c| c.is_ascii_digit()) {
        return Err(not_four_digits());
    }
    let year: i32 = typed.parse().map_err(|_| not_four_digits())?;
    if year > this_year {
        return Err(BoardError::FutureYear { year, this_year });
    }
    Ok(year)
}

/// Reads the number of referrals as typed: a whole number, 0 or more.
pub fn parse_referrals(text: &str) -> Result<u32, BoardError> {
    let typed = text.trim();
    if typed.is_empty() || !typed.chars().all(|c| c.is_ascii_digit()) {
        return Err(BoardError::NotACount {
            typed: typed.to_owned(),
        });
    }
    let count: u32 = typed.parse().unwrap_or(u32::MAX);
    if count > MAX_REFERRALS {
        return Err(BoardError::TooManyReferrals { count });
    }
    Ok(count)
}

/// What only people know, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BoardReportInput {
    pub referrals: Option<u32>,
    pub referrals_breakdown: String,
    pub incidents: String,
    pub resources: Option<ResourcesStatement>,
    pub resources_note: String,
    pub activity: String,
    pub lead: String,
}

/// What only people know, checked: trimmed and within limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardNarrative {
    /// `None` when no number was given: the report says it was not stated.
    pub referrals: Option<u32>,
    pub referrals_breakdown: String,
    pub incidents: String,
    /// `None` when no statement was given: the report says so.
    pub resources: Option<ResourcesStatement>,
    pub resources_note: String,
    pub activity: String,
    pub lead: String,
}

impl BoardReportInput {
    pub fn validate(&self) -> Result<BoardNarrative, BoardError> {
        if let Some(count) = self.referrals
            && count > MAX_REFERRALS
        {
            return Err(BoardError::TooManyReferrals { count });
        }
        let referrals_breakdown = REFERRALS_BREAKDOWN.optional(&self.referrals_breakdown)?;
        if self.referrals.is_none() && !referrals_breakdown.is_empty() {
            return Err(BoardError::BreakdownWithoutCount);
        }
        let resources_note = RESOURCES_NOTE.optional(&self.resources_note)?;
        if self.resources.is_none() && !resources_note.is_empty() {
            return Err(BoardError::NoteWithoutStatement);
        }
        Ok(BoardNarrative {
            referrals: self.referrals,
            referrals_breakdown,
            incidents: INCIDENTS.optional(&self.incidents)?,
            resources: self.resources,
            resources_note,
            activity: ACTIVITY.optional(&self.activity)?,
            lead: LEAD.required(&self.lead)?,
        })
    }
}

impl BoardReportInput {
    /// Checks a draft as it is kept while people type: every text within its
    /// limit and free of hidden characters, the referrals a count in range;
    /// nothing is required yet. The draft is kept as typed.
    pub fn check_draft(&self) -> Result<(), BoardError> {
        if let Some(count) = self.referrals
            && count > MAX_REFERRALS
        {
            return Err(BoardError::TooManyReferrals { count });
        }
        REFERRALS_BREAKDOWN.optional(&self.referrals_breakdown)?;
        INCIDENTS.optional(&self.incidents)?;
        RESOURCES_NOTE.optional(&self.resources_note)?;
        ACTIVITY.optional(&self.activity)?;
        LEAD.optional(&self.lead)?;
        Ok(())
    }

    /// Whether nothing has been typed.
    pub fn is_blank(&self) -> bool {
        self.referrals.is_none()
            && self.resources.is_none()
            && [
                &self.referrals_breakdown,
                &self.incidents,
                &self.resources_note,
                &self.activity,
                &self.lead,
            ]
            .iter()
            .all(|text| text.trim().is_empty())
    }

    fn fields(&self) -> [(&'static str, Option<String>); 7] {
        let text = |t: &str| Some(t.trim().to_owned()).filter(|t| !t.is_empty());
        [
            ("referrals", self.referrals.map(|n| n.to_string())),
            ("referrals_breakdown", text(&self.referrals_breakdown)),
            ("incidents", text(&self.incidents)),
            ("resources", self.resources.map(|r| r.as_str().to_owned())),
            ("resources_note", text(&self.resources_note)),
            ("activity", text(&self.activity)),
            ("accountable_lead", text(&self.lead)),
        ]
    }
}

/// What the organisation's audit trail records when a year's draft changes
/// (`old` is `None` before the first): one row a field, trimmed, as typed.
pub fn draft_changes(old: Option<&BoardReportInput>, new: &BoardReportInput) -> Vec<FieldChange> {
    let before = old.map(BoardReportInput::fields);
    new.fields()
        .into_iter()
        .enumerate()
        .filter_map(|(index, (field, new_value))| {
            let old_value = before.as_ref().and_then(|b| b[index].1.clone());
            (old_value != new_value).then(|| FieldChange {
                field: field.to_owned(),
                old_value,
                new_value,
            })
        })
        .collect()
}

/// How an assessment's entries were answered, by what each response means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "BoardResponseCounts")]
#[serde(deny_unknown_fields)]
pub struct ResponseCounts {
    pub in_place: u32,
    pub partly_in_place: u32,
    pub not_in_place: u32,
    pub does_not_apply: u32,
    pub unanswered: u32,
}

impl ResponseCounts {
    pub fn total(&self) -> u32 {
        self.in_place
            + self.partly_in_place
            + self.not_in_place
            + self.does_not_apply
            + self.unanswered
    }
}

/// One assessment signed off in the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BoardAssessment {
    pub id: Uuid,
    pub version: u32,
    pub framework: String,
    pub assessment_date: NaiveDate,
    /// When its latest sign-off was recorded: what places it in the year.
    pub signed_off_at: DateTime<Utc>,
    /// Who signed it off, in order.
    pub signed_off_by: Vec<String>,
    /// The SHA-256 of its sealed record: the report it came from.
    pub record_sha256: String,
    pub responses: ResponseCounts,
}

impl BoardAssessment {
    /// The assessment as its sealed record says, with its record's digest.
    pub fn from_sealed(record: &AssessmentRecord) -> BoardAssessment {
        let summary = record.summary();
        let mut responses = ResponseCounts::default();
        for part in &summary.parts {
            responses.in_place += part.yes;
            responses.partly_in_place += part.partial;
            responses.not_in_place += part.no;
            responses.does_not_apply += part.na;
            responses.unanswered += part.unanswered;
        }
        let framework = record.framework();
        BoardAssessment {
            id: record.assessment.id,
            version: record.assessment.version,
            framework: format!("{} (version {})", framework.title, framework.version),
            assessment_date: record.assessment.assessment_date,
            signed_off_at: record.signing_time(),
            signed_off_by: record.signatories.iter().map(|s| s.name.clone()).collect(),
            record_sha256: record.digest(),
            responses,
        }
    }
}

/// One priority's actions in the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PriorityProgress {
    pub priority: Priority,
    /// Every action of the plan at this priority.
    pub total: u32,
    /// Created in the year.
    pub opened: u32,
    /// Completed on a day in the year.
    pub completed: u32,
    /// Still open (not started or in progress) on the "as at" day.
    pub open: u32,
    /// Overdue on the "as at" day.
    pub overdue: u32,
}

/// The action plan's progress in the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BoardPlan {
    /// The assessment whose plan it is.
    pub assessment_id: Uuid,
    pub assessment_date: NaiveDate,
    /// High, medium, low.
    pub priorities: Vec<PriorityProgress>,
    /// The plan's assessment was not signed off when the report was made (a
    /// current year's latest version still in progress). Absent when it was,
    /// so records made before it are read and written as they were.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional, as = "Option<bool>")]
    pub not_signed_off: bool,
}

impl BoardPlan {
    /// Whether the plan's assessment was signed off when the report was made.
    pub fn signed_off(&self) -> bool {
        !self.not_signed_off
    }

    /// The progress of an assessment's live `actions` in `year`, overdue
    /// judged on `as_at`; `signed_off` says whether the assessment is.
    pub fn build(
        assessment_id: Uuid,
        assessment_date: NaiveDate,
        actions: &[Action],
        signed_off: bool,
        year: i32,
        as_at: NaiveDate,
    ) -> BoardPlan {
        BoardPlan {
            assessment_id,
            assessment_date,
            priorities: progress(actions, |a| a.created_at.year() == year, year, as_at),
            not_signed_off: !signed_off,
        }
    }

    /// The progress in `year` of the plan sealed in `record`, as it stood at
    /// sign-off, overdue judged on `as_at`. An action counts as opened in
    /// the year when the first row of the sealed audit trail for its entry
    /// was written in the year.
    pub fn from_sealed(record: &AssessmentRecord, year: i32, as_at: NaiveDate) -> BoardPlan {
        let framework = record.framework();
        let mut first_written: Vec<(String, DateTime<Utc>)> = Vec::new();
        for row in record.audit.iter().filter(|r| r.entity == "action") {
            let Some(source) = &row.entry_id else {
                continue;
            };
            let label = crate::plan::source_label(source, framework);
            if !first_written.iter().any(|(l, _)| *l == label) {
                first_written.push((label, row.at));
            }
        }
        let opened = |a: &RecordAction| {
            first_written
                .iter()
                .any(|(label, at)| *label == a.source && at.year() == year)
        };
        BoardPlan {
            assessment_id: record.assessment.id,
            assessment_date: record.assessment.assessment_date,
            priorities: progress(&record.actions, opened, year, as_at),
            not_signed_off: false,
        }
    }

    /// All priorities together.
    pub fn totals(&self) -> PriorityProgress {
        let mut sum = PriorityProgress {
            priority: Priority::High,
            total: 0,
            opened: 0,
            completed: 0,
            open: 0,
            overdue: 0,
        };
        for p in &self.priorities {
            sum.total += p.total;
            sum.opened += p.opened;
            sum.completed += p.completed;
            sum.open += p.open;
            sum.overdue += p.overdue;
        }
        sum
    }
}

/// Each priority's actions of `actions`: `opened` says whether one was
/// created in `year`; still open and overdue are read on `as_at`.
fn progress<T: Tracked + Completed>(
    actions: &[T],
    opened: impl Fn(&T) -> bool,
    year: i32,
    as_at: NaiveDate,
) -> Vec<PriorityProgress> {
    let count = |keep: &dyn Fn(&T) -> bool| {
        u32::try_from(actions.iter().filter(|a| keep(a)).count()).unwrap_or(u32::MAX)
    };
    Priority::ALL
        .into_iter()
        .map(|priority| {
            let at = |a: &T| a.tracked_priority() == priority;
            PriorityProgress {
                priority,
                total: count(&|a| at(a)),
                opened: count(&|a| at(a) && opened(a)),
                completed: count(&|a| at(a) && a.completed_on().is_some_and(|d| d.year() == year)),
                open: count(&|a| at(a) && a.tracked_status().is_open()),
                overdue: count(&|a| at(a) && is_overdue(a, as_at)),
            }
        })
        .collect()
}

/// The day an action of a plan, live or sealed, was completed.
trait Completed {
    fn completed_on(&self) -> Option<NaiveDate>;
}

impl Completed for Action {
    fn completed_on(&self) -> Option<NaiveDate> {
        self.completed_on
    }
}

impl Completed for RecordAction {
    fn completed_on(&self) -> Option<NaiveDate> {
        self.completed_on
    }
}

/// One level's staff on a reporting date: the counts only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelFigures {
    pub level: TrainingLevel,
    pub in_date: u32,
    pub headcount: u32,
}

impl LevelFigures {
    pub fn compliance(&self) -> Compliance {
        Compliance::of(self.in_date, self.headcount)
    }
}

/// One reporting date of the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingPoint {
    pub as_of: NaiveDate,
    /// Levels 1–2, then level 3.
    pub levels: Vec<LevelFigures>,
}

impl TrainingPoint {
    pub fn overall(&self) -> Compliance {
        self.levels
            .iter()
            .fold(Compliance::of(0, 0), |sum, l| sum.plus(l.compliance()))
    }
}

/// Training compliance in the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardTraining {
    pub validity_years: u32,
    /// Every reporting date in the year with figures, oldest first.
    pub points: Vec<TrainingPoint>,
}

impl BoardTraining {
    /// The complete reporting dates of `figures` (as the store reads them)
    /// in `year`, judged against the training needs analysis `groups`
    /// ([`crate::training::complete_dates`]): a date still being entered is
    /// left out, so the year's last point is its last complete date.
    pub fn build(
        validity_years: u32,
        figures: &[RecordedFigures],
        groups: &[TrainingGroup],
        year: i32,
    ) -> BoardTraining {
        let dates: Vec<NaiveDate> = crate::training::complete_dates(groups, figures)
            .into_iter()
            .filter(|d| d.year() == year)
            .collect();
        let points = dates
            .into_iter()
            .map(|as_of| TrainingPoint {
                as_of,
                levels: TrainingLevel::ALL
                    .into_iter()
                    .map(|level| {
                        let sum = figures
                            .iter()
                            .filter(|f| f.as_of == as_of && f.figures.level == level)
                            .fold(Compliance::of(0, 0), |sum, f| {
                                sum.plus(f.figures.compliance())
                            });
                        LevelFigures {
                            level,
                            in_date: sum.in_date,
                            headcount: sum.headcount,
                        }
                    })
                    .collect(),
            })
            .collect();
        BoardTraining {
            validity_years,
            points,
        }
    }

    /// The reporting dates of `year` in `figures` that are not among its
    /// points: those still incomplete ([`crate::training::complete_dates`]).
    pub fn left_out(&self, figures: &[RecordedFigures], year: i32) -> Vec<NaiveDate> {
        let mut dates: Vec<NaiveDate> = figures
            .iter()
            .map(|f| f.as_of)
            .filter(|d| d.year() == year && !self.points.iter().any(|p| p.as_of == *d))
            .collect();
        dates.sort_unstable();
        dates.dedup();
        dates
    }

    /// The last reporting date of the year.
    pub fn latest(&self) -> Option<&TrainingPoint> {
        self.points.last()
    }
}

/// Everything a board report shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardReportRecord {
    /// [`BOARD_RECORD_FORMAT`].
    pub format: String,
    /// The board report layout it is drawn with.
    pub layout: u32,
    /// The organisation as first named.
    pub organisation: String,
    pub year: i32,
    /// The day the figures are read on: 31 December of the year, or the day
    /// it was prepared while the year is still running.
    pub as_at: NaiveDate,
    pub narrative: BoardNarrative,
    /// Signed off in the year, oldest sign-off first.
    pub assessments: Vec<BoardAssessment>,
    /// `None` when no assessment was signed off in the year.
    pub plan: Option<BoardPlan>,
    pub training: BoardTraining,
    /// The product's readings the report was made under (this module's,
    /// then training's), printed with it: sealed with the record so that a
    /// later version's wording never changes a sealed report's pages.
    pub readings: Vec<String>,
    /// Who signed the report off. Empty for a draft.
    pub signatories: Vec<Signatory>,
    /// When it was prepared: the sign-off, or for a draft when it was made.
    pub prepared_at: DateTime<Utc>,
}

/// A board record that cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum BoardRecordError {
    #[error("the attached board report record is not valid: {0}")]
    Malformed(String),
    #[error("the attached record is in format `{found}`, which this version cannot read")]
    UnknownFormat { found: String },
}

impl BoardReportRecord {
    /// The canonical serialisation: the bytes that are hashed and attached.
    pub fn to_canonical_json(&self) -> Vec<u8> {
        // Plain structs, strings, numbers and dates cannot fail to serialise.
        serde_json::to_vec(self).unwrap_or_default()
    }

    pub fn from_canonical_json(bytes: &[u8]) -> Result<BoardReportRecord, BoardRecordError> {
        #[derive(Deserialize)]
        struct FormatOnly {
            format: String,
        }
        let format: FormatOnly = serde_json::from_slice(bytes)
            .map_err(|e| BoardRecordError::Malformed(e.to_string()))?;
        if format.format != BOARD_RECORD_FORMAT {
            return Err(BoardRecordError::UnknownFormat {
                found: format.format,
            });
        }
        let record: BoardReportRecord = serde_json::from_slice(bytes)
            .map_err(|e| BoardRecordError::Malformed(e.to_string()))?;
        record.check_limits().map_err(BoardRecordError::Malformed)?;
        Ok(record)
    }

    /// Refuses a record no version of the app writes: text beyond its
    /// field's limit or more rows than a year can hold. A record comes from
    /// a file nobody vouches for, and drawing an endless paragraph or table
    /// would stall the check.
    fn check_limits(&self) -> Result<(), String> {
        let narrative = &self.narrative;
        let texts: [(&TextField, &str); 6] = [
            (&crate::assessment::ORGANISATION, &self.organisation),
            (&REFERRALS_BREAKDOWN, &narrative.referrals_breakdown),
            (&INCIDENTS, &narrative.incidents),
            (&RESOURCES_NOTE, &narrative.resources_note),
            (&ACTIVITY, &narrative.activity),
            (&LEAD, &narrative.lead),
        ];
        for (field, text) in texts {
            if text.chars().count() > field.max_chars {
                return Err(format!(
                    "{} is longer than the {} characters the app allows",
                    field.label, field.max_chars
                ));
            }
        }
        // A year has at most 366 reporting dates; no organisation signs off
        // anywhere near 1,000 assessments in one.
        if self.readings.len() > 20 || self.readings.iter().any(|r| r.chars().count() > 1000) {
            return Err("its readings are longer than any the app writes".to_owned());
        }
        if self.training.points.len() > 366
            || self.assessments.len() > 1000
            || self.signatories.len() > 100
            || self.training.points.iter().any(|p| p.levels.len() > 2)
            || self.plan.as_ref().is_some_and(|p| p.priorities.len() > 3)
        {
            return Err("it holds more rows than any year's report".to_owned());
        }
        let long_line = self.assessments.iter().any(|a| {
            a.framework.chars().count() > 1000
                || a.signed_off_by.len() > 100
                || a.signed_off_by.iter().any(|n| n.chars().count() > 200)
        }) || self.signatories.iter().any(|s| {
            s.name.chars().count() > 200
                || s.role.chars().count() > 200
                || s.recorded
                    .as_ref()
                    .is_some_and(|r| r.by.chars().count() > 200 || r.by_role.chars().count() > 200)
        });
        if long_line {
            return Err("a name or title is longer than the app allows".to_owned());
        }
        // A digest is 64 lower-case hex digits, nothing else: what is drawn
        // from it can hold no endless line and no control character.
        let digest =
            |d: &str| d.len() == 64 && d.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !self.assessments.iter().all(|a| digest(&a.record_sha256)) {
            return Err("an assessment's record digest is not a SHA-256".to_owned());
        }
        Ok(())
    }

    /// Whether the bytes claim to be a board report record (by their format).
    pub fn is_board_record(bytes: &[u8]) -> bool {
        #[derive(Deserialize)]
        struct FormatOnly {
            format: String,
        }
        serde_json::from_slice::<FormatOnly>(bytes).is_ok_and(|f| {
            f.format
                .starts_with("prevent-self-assessment/board-report/")
        })
    }

    pub fn digest(&self) -> String {
        sha256_hex(&self.to_canonical_json())
    }

    pub fn is_signed(&self) -> bool {
        !self.signatories.is_empty()
    }

    /// The time its PDF is signed at.
    pub fn signing_time(&self) -> DateTime<Utc> {
        self.prepared_at
    }
}

/// The day a year's figures are read on: its last day, or `today` while the
/// year is still running.
pub fn as_at(year: i32, today: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).map_or(today, |last| last.min(today))
}

/// Whether a sealed assessment belongs in `year`'s report for the
/// organisation matched by `organisation_key`.
pub fn reported_in(record: &AssessmentRecord, organisation_key: &str, year: i32) -> bool {
    match_key(&record.assessment.organisation) == organisation_key
        && record.signing_time().year() == year
}

/// What the app gathers for the report, besides the narrative.
pub struct BoardSource<'a> {
    pub organisation: &'a str,
    pub year: i32,
    pub as_at: NaiveDate,
    /// Sealed assessments of the organisation signed off in the year.
    pub assessments: &'a [AssessmentRecord],
    /// The year's action plan: [`BoardPlan::from_sealed`] for a past year,
    /// [`BoardPlan::build`] from the latest assessment's live actions for
    /// the current one.
    pub plan: Option<BoardPlan>,
    pub training: BoardTraining,
    pub layout: u32,
    pub prepared_at: DateTime<Utc>,
}

/// Builds the record: assessments oldest sign-off first, the plan given,
/// the year's training points.
pub fn build(
    source: BoardSource<'_>,
    narrative: BoardNarrative,
    signatories: Vec<Signatory>,
) -> BoardReportRecord {
    let mut assessments: Vec<BoardAssessment> = source
        .assessments
        .iter()
        .map(BoardAssessment::from_sealed)
        .collect();
    assessments.sort_by(|a, b| {
        a.signed_off_at
            .cmp(&b.signed_off_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    BoardReportRecord {
        format: BOARD_RECORD_FORMAT.to_owned(),
        layout: source.layout,
        organisation: source.organisation.to_owned(),
        year: source.year,
        as_at: source.as_at,
        narrative,
        assessments,
        plan: source.plan,
        training: source.training,
        readings: READINGS
            .iter()
            .chain(crate::training::READINGS.iter())
            .map(|r| (*r).to_owned())
            .collect(),
        signatories,
        prepared_at: source.prepared_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_four_digits_and_not_to_come() {
        assert_eq!(parse_year("2026", 2026).ok(), Some(2026));
        assert_eq!(parse_year(" 2025 ", 2026).ok(), Some(2025));
        for bad in ["26", "20266", "two", "", "-2026", "2026.0"] {
            assert!(
                matches!(
                    parse_year(bad, 2026),
                    Err(BoardError::YearNotFourDigits { .. })
                ),
                "{bad}"
            );
        }
        assert_eq!(
            parse_year("2027", 2026),
            Err(BoardError::FutureYear {
                year: 2027,
                this_year: 2026
            })
        );
    }

    #[test]
    fn referrals_are_counts() {
        assert_eq!(parse_referrals("0").ok(), Some(0));
        assert_eq!(parse_referrals("12").ok(), Some(12));
        for bad in ["-1", "1.5", "", "x"] {
            assert!(parse_referrals(bad).is_err(), "{bad}");
        }
        assert!(matches!(
            parse_referrals("100001"),
            Err(BoardError::TooManyReferrals { .. })
        ));
    }

    #[test]
    fn the_resources_statement_is_one_of_three() {
        assert_eq!(
            ResourcesStatement::parse("Partly").ok(),
            Some(ResourcesStatement::Partly)
        );
        assert_eq!(
            ResourcesStatement::parse("maybe")
                .expect_err("not a statement")
                .to_string(),
            "\"maybe\" is not a statement on resources: enter adequate, inadequate or partly."
        );
    }

    #[test]
    fn the_narrative_is_checked() {
        let input = BoardReportInput {
            lead: "  Dr Priya Shah ".to_owned(),
            ..BoardReportInput::default()
        };
        assert_eq!(
            input.validate().map(|n| n.lead).ok().as_deref(),
            Some("Dr Priya Shah")
        );
        let no_lead = BoardReportInput::default();
        assert!(matches!(
            no_lead.validate(),
            Err(BoardError::Rule(RuleError::Blank { field: "lead", .. }))
        ));
        let note_alone = BoardReportInput {
            resources_note: "Two posts vacant".to_owned(),
            ..input.clone()
        };
        assert_eq!(note_alone.validate(), Err(BoardError::NoteWithoutStatement));
        let hidden = BoardReportInput {
            incidents: "one\u{202E}two".to_owned(),
            ..input
        };
        assert!(matches!(
            hidden.validate(),
            Err(BoardError::Rule(RuleError::RefusedCharacters { .. }))
        ));
    }

    #[test]
    fn a_record_beyond_the_limits_is_refused_on_reading() {
        let record = BoardReportRecord {
            format: BOARD_RECORD_FORMAT.to_owned(),
            layout: 1,
            organisation: "Northshire NHS Trust".to_owned(),
            year: 2026,
            as_at: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default(),
            narrative: BoardReportInput {
                lead: "Dr Priya Shah".to_owned(),
                ..BoardReportInput::default()
            }
            .validate()
            .expect("valid"),
            assessments: Vec::new(),
            plan: None,
            training: BoardTraining {
                validity_years: 3,
                points: Vec::new(),
            },
            readings: READINGS.iter().map(|r| (*r).to_owned()).collect(),
            signatories: Vec::new(),
            prepared_at: DateTime::<Utc>::UNIX_EPOCH,
        };
        let bytes = record.to_canonical_json();
        assert!(BoardReportRecord::from_canonical_json(&bytes).is_ok());
        let mut endless = record.clone();
        endless.narrative.incidents = "word ".repeat(INCIDENTS.max_chars);
        assert!(matches!(
            BoardReportRecord::from_canonical_json(&endless.to_canonical_json()),
            Err(BoardRecordError::Malformed(_))
        ));
        // An assessment's digest must be a SHA-256: nothing else is drawn.
        let mut forged = record.clone();
        forged.assessments.push(BoardAssessment {
            id: Uuid::nil(),
            version: 1,
            framework: "F".to_owned(),
            assessment_date: record.as_at,
            signed_off_at: DateTime::<Utc>::UNIX_EPOCH,
            signed_off_by: vec!["A".to_owned()],
            record_sha256: "ab".repeat(32),
            responses: ResponseCounts::default(),
        });
        assert!(BoardReportRecord::from_canonical_json(&forged.to_canonical_json()).is_ok());
        for bad in [
            "ab".repeat(5000),
            format!("{}\u{202e}", "a".repeat(63)),
            "AB".repeat(32),
        ] {
            forged.assessments[0].record_sha256 = bad;
            assert!(matches!(
                BoardReportRecord::from_canonical_json(&forged.to_canonical_json()),
                Err(BoardRecordError::Malformed(_))
            ));
        }
        let mut other = record;
        other.format = "prevent-self-assessment/board-report/9".to_owned();
        assert!(matches!(
            BoardReportRecord::from_canonical_json(&other.to_canonical_json()),
            Err(BoardRecordError::UnknownFormat { .. })
        ));
    }

    #[test]
    fn the_as_at_day_is_the_year_end_or_today() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default();
        assert_eq!(as_at(2026, today), today);
        assert_eq!(
            as_at(2025, today),
            NaiveDate::from_ymd_opt(2025, 12, 31).unwrap_or_default()
        );
    }

    #[test]
    fn training_points_are_the_years_own_summed_by_level() {
        use crate::training::{FiguresSource, GroupFigures};
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let at = DateTime::<Utc>::UNIX_EPOCH;
        let figures = |as_of, group: &str, level, headcount, in_date| RecordedFigures {
            as_of,
            figures: GroupFigures {
                group: group.to_owned(),
                level,
                headcount,
                in_date,
            },
            source: FiguresSource::Entered,
            recorded_at: at,
            recorded_by: "Sam".to_owned(),
        };
        let all = [
            figures(date(2025, 12, 31), "Nurses", TrainingLevel::Basic, 10, 1),
            figures(date(2026, 1, 31), "Nurses", TrainingLevel::Basic, 10, 9),
            figures(date(2026, 1, 31), "Estates", TrainingLevel::Basic, 10, 8),
            figures(date(2026, 1, 31), "Doctors", TrainingLevel::Level3, 7, 5),
            figures(date(2026, 2, 28), "Nurses", TrainingLevel::Basic, 10, 10),
        ];
        let training = BoardTraining::build(3, &all, &analysis(), 2026);
        // 28 February has Nurses only: not complete, so not the year's figures.
        assert_eq!(training.points.len(), 1);
        let january = &training.points[0];
        assert_eq!(
            january.levels,
            vec![
                LevelFigures {
                    level: TrainingLevel::Basic,
                    in_date: 17,
                    headcount: 20
                },
                LevelFigures {
                    level: TrainingLevel::Level3,
                    in_date: 5,
                    headcount: 7
                },
            ]
        );
        assert_eq!(january.overall().percent_text(), "81.4%");
        assert_eq!(training.latest().map(|p| p.as_of), Some(date(2026, 1, 31)));
    }

    fn analysis() -> Vec<TrainingGroup> {
        ["Nurses", "Estates", "Doctors", "Porters"]
            .into_iter()
            .zip(1..)
            .map(|(name, position)| TrainingGroup {
                name: name.to_owned(),
                level: TrainingLevel::Basic,
                position,
            })
            .collect()
    }

    #[test]
    fn the_years_figures_are_its_last_complete_reporting_date() {
        use crate::training::{FiguresSource, GroupFigures};
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let on = |as_of, groups: &[&str]| -> Vec<RecordedFigures> {
            groups
                .iter()
                .map(|group| RecordedFigures {
                    as_of,
                    figures: GroupFigures {
                        group: (*group).to_owned(),
                        level: TrainingLevel::Basic,
                        headcount: 10,
                        in_date: 9,
                    },
                    source: FiguresSource::Entered,
                    recorded_at: DateTime::<Utc>::UNIX_EPOCH,
                    recorded_by: "Sam".to_owned(),
                })
                .collect()
        };
        let figures: Vec<RecordedFigures> = [
            // Complete: Porters have not joined the analysis yet (no figures
            // so far), and Volunteers are no longer in it.
            on(
                date(2025, 12, 31),
                &["Nurses", "Estates", "Doctors", "Volunteers"],
            ),
            // Doctors had figures in December and have none yet here.
            on(date(2026, 1, 31), &["Nurses", "Estates"]),
            // Complete, Porters' first figures with it; Volunteers not waited for.
            on(
                date(2026, 3, 31),
                &["Nurses", "Estates", "Doctors", "Porters"],
            ),
            // Still being entered.
            on(date(2026, 4, 30), &["nurses "]),
            on(date(2026, 5, 31), &["Nurses", "Estates", "Doctors"]),
        ]
        .concat();
        assert_eq!(
            crate::training::complete_dates(&analysis(), &figures),
            [date(2025, 12, 31), date(2026, 3, 31)]
        );
        let training = BoardTraining::build(3, &figures, &analysis(), 2026);
        let dates: Vec<NaiveDate> = training.points.iter().map(|p| p.as_of).collect();
        assert_eq!(dates, [date(2026, 3, 31)]);
        assert_eq!(training.latest().map(|p| p.as_of), Some(date(2026, 3, 31)));
        assert_eq!(
            training.left_out(&figures, 2026),
            [date(2026, 1, 31), date(2026, 4, 30), date(2026, 5, 31)]
        );
    }
}
