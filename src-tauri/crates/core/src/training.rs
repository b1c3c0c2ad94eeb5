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

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::FieldChange;
use crate::catalogue::{EntryFigures, Framework, Response};
use crate::rules::{ErrorKind, TextField};

/// "The minimum compliance rate for training completion is 85%."
pub const TARGET_PERCENT: u32 = 85;

/// The refresher cycle: "3-yearly refresher training".
pub const DEFAULT_VALIDITY_YEARS: u32 = 3;

/// The longest validity period an organisation may set, in years.
pub const MAX_VALIDITY_YEARS: u32 = 10;

/// The product's readings of the sources, shown beside every figure.
pub const READINGS: [&str; 4] = [
    "In date means completed on or before the reporting date and less than the validity period (3 years unless the organisation sets another) before it.",
    "The 85% target is met when in date × 100 is at least 85 × headcount, on the exact figures: exactly 85.0% meets it, 84.99% does not.",
    "Percentages are shown to one decimal place, rounded down, so a figure below the target never shows as 85.0%.",
    "The standard on the 85% minimum is proposed as met when every level with staff meets it on the latest reporting date, and as not met when any level falls short; answering otherwise needs a reason in the comment.",
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
    #[error("{label} must be a whole number of staff, 0 or more (got \"{typed}\").")]
    NotACount { label: &'static str, typed: String },
    #[error(
        "{organisation} has no staff group \"{group}\" in its training needs analysis{}. Add it first with `training group set`.",
        known_list(known)
    )]
    UnknownGroup {
        organisation: String,
        group: String,
        known: Vec<String>,
    },
    #[error(
        "There is no training needs analysis or figures for \"{organisation}\" in this database. Add its staff groups first with `training group set`."
    )]
    UnknownOrganisation { organisation: String },
    #[error(
        "{organisation} has no training figures for {as_of}{}.",
        dates_list(recorded)
    )]
    NoFiguresOn {
        organisation: String,
        as_of: NaiveDate,
        recorded: Vec<NaiveDate>,
    },
    #[error(
        "\"{typed}\" is not a quarter: write it as YYYY-QN, e.g. 2026-Q3 for July to September 2026."
    )]
    NotAQuarter { typed: String },
}

fn known_list(known: &[String]) -> String {
    if known.is_empty() {
        " (it has none yet)".to_owned()
    } else {
        format!(" (it has: {})", known.join("; "))
    }
}

fn dates_list(recorded: &[NaiveDate]) -> String {
    if recorded.is_empty() {
        ": none have been recorded yet".to_owned()
    } else {
        let dates: Vec<String> = recorded.iter().map(NaiveDate::to_string).collect();
        format!(" (figures are recorded for {})", dates.join(", "))
    }
}

impl TrainingError {
    /// How every surface treats the error: something asked for that is not
    /// there is `not_found`; anything else typed is `invalid_input`.
    pub fn kind(&self) -> ErrorKind {
        match self {
            TrainingError::UnknownGroup { .. }
            | TrainingError::UnknownOrganisation { .. }
            | TrainingError::NoFiguresOn { .. } => ErrorKind::NotFound,
            _ => ErrorKind::InvalidInput,
        }
    }

    /// The input field at fault.
    pub fn field(&self) -> Option<&'static str> {
        Some(match self {
            TrainingError::UnknownLevel { .. } => "level",
            TrainingError::InDateAboveHeadcount { .. } => "in_date",
            TrainingError::FutureReportingDate { .. } | TrainingError::NoFiguresOn { .. } => {
                "as_of"
            }
            TrainingError::ValidityOutOfRange { .. } => "validity_years",
            TrainingError::NotACount { label, .. } if label.contains("headcount") => "headcount",
            TrainingError::NotACount { .. } => "in_date",
            TrainingError::UnknownGroup { .. } => "group",
            TrainingError::UnknownOrganisation { .. } => "organisation",
            TrainingError::NotAQuarter { .. } => "quarter",
        })
    }
}

/// Reads a count of staff as typed: a whole number, 0 or more. `label`
/// starts the message ("The headcount").
pub fn parse_count(label: &'static str, text: &str) -> Result<u32, TrainingError> {
    let trimmed = text.trim();
    if !trimmed.is_empty()
        && trimmed.chars().all(|c| c.is_ascii_digit())
        && let Ok(count) = trimmed.parse()
    {
        return Ok(count);
    }
    Err(TrainingError::NotACount {
        label,
        typed: trimmed.to_owned(),
    })
}

/// The name of a staff group in the training needs analysis.
pub const GROUP: TextField = TextField::line("group", "the staff group", 200);

/// How an organisation or a staff group is matched: trimmed, any case
/// ("Northshire NHS Trust" and "northshire nhs trust " are one).
pub fn match_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// One staff group of an organisation's training needs analysis and the
/// level it needs. Kept per organisation, not per reporting date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TrainingGroup {
    pub name: String,
    pub level: TrainingLevel,
    /// Its place in the analysis, from 1.
    pub position: u32,
}

/// Where a group's figures came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FiguresSource {
    /// Typed in by a person.
    Entered,
    /// Counted from a training export: only the file's name and SHA-256
    /// are kept, never its rows.
    Imported { file_name: String, sha256: String },
}

impl FiguresSource {
    /// As the audit trail records it.
    pub fn describe(&self) -> String {
        match self {
            FiguresSource::Entered => "entered".to_owned(),
            FiguresSource::Imported { file_name, sha256 } => {
                format!("imported from {file_name} (SHA-256 {sha256})")
            }
        }
    }
}

/// A group's figures as recorded for a reporting date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedFigures {
    pub as_of: NaiveDate,
    pub figures: GroupFigures,
    pub source: FiguresSource,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
}

/// What the organisation's audit trail records when the validity period
/// changes (`old` is `None` while it is the default, never set).
pub fn validity_change(old: Option<Validity>, new: Validity) -> Vec<FieldChange> {
    if old == Some(new) {
        return Vec::new();
    }
    vec![FieldChange {
        field: "validity_years".to_owned(),
        old_value: old.map(|v| v.years.to_string()),
        new_value: Some(new.years.to_string()),
    }]
}

/// What is recorded when a staff group is added (`old` is `None`), changes
/// level, or is removed (`new` is `None`). Nothing when nothing changes.
pub fn group_changes(old: Option<TrainingLevel>, new: Option<TrainingLevel>) -> Vec<FieldChange> {
    if old == new {
        return Vec::new();
    }
    vec![FieldChange {
        field: "level".to_owned(),
        old_value: old.map(|l| l.as_str().to_owned()),
        new_value: new.map(|l| l.as_str().to_owned()),
    }]
}

/// The fields that differ between a group's figures recorded before for the
/// same reporting date (if any) and the new ones.
pub fn figures_changes(
    old: Option<(&GroupFigures, &FiguresSource)>,
    new: (&GroupFigures, &FiguresSource),
) -> Vec<FieldChange> {
    let fields = |(figures, source): (&GroupFigures, &FiguresSource)| {
        [
            ("level", figures.level.as_str().to_owned()),
            ("headcount", figures.headcount.to_string()),
            ("in_date", figures.in_date.to_string()),
            ("source", source.describe()),
        ]
    };
    let old_fields = old.map(fields);
    fields(new)
        .into_iter()
        .enumerate()
        .filter_map(|(index, (field, new_value))| {
            let old_value = old_fields.as_ref().map(|f| f[index].1.clone());
            (old_value.as_deref() != Some(new_value.as_str())).then(|| FieldChange {
                field: field.to_owned(),
                old_value,
                new_value: Some(new_value),
            })
        })
        .collect()
}

/// What the audit trail names a group's figures by: "2026-11-30 Estates".
pub fn figures_entry(as_of: NaiveDate, group: &str) -> String {
    format!("{as_of} {group}")
}

/// The kind of record a row of an organisation's audit trail is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationAuditEntity {
    /// The validity period of training.
    TrainingValidity,
    /// A staff group of the training needs analysis; the row's entry is the group.
    TrainingGroup,
    /// A group's figures for a reporting date; the row's entry is
    /// [`figures_entry`].
    TrainingFigures,
    /// How the columns of a training export are mapped, remembered for the
    /// next import.
    TrainingImportMapping,
    /// What people typed for a year's report to the board, kept as a
    /// draft; the row's entry is the year.
    BoardReport,
}

impl OrganisationAuditEntity {
    pub const ALL: [OrganisationAuditEntity; 5] = [
        OrganisationAuditEntity::TrainingValidity,
        OrganisationAuditEntity::TrainingGroup,
        OrganisationAuditEntity::TrainingFigures,
        OrganisationAuditEntity::TrainingImportMapping,
        OrganisationAuditEntity::BoardReport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationAuditEntity::TrainingValidity => "training_validity",
            OrganisationAuditEntity::TrainingGroup => "training_group",
            OrganisationAuditEntity::TrainingFigures => "training_figures",
            OrganisationAuditEntity::TrainingImportMapping => "training_import_mapping",
            OrganisationAuditEntity::BoardReport => "board_report",
        }
    }

    /// Reads a kind back; an unknown kind is `None`, never another kind.
    pub fn parse(text: &str) -> Option<OrganisationAuditEntity> {
        OrganisationAuditEntity::ALL
            .into_iter()
            .find(|e| e.as_str() == text)
    }
}

/// A row of an organisation's audit trail: changes that belong to the
/// organisation rather than to one assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationAuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub actor_role: String,
    /// The organisation as first named.
    pub organisation: String,
    pub entity: OrganisationAuditEntity,
    pub entry_id: Option<String>,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    /// This row's link in the organisation's hash chain.
    pub hash: String,
}

/// One reporting date's compliance, for the trend across dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendPoint {
    pub as_of: NaiveDate,
    pub overall: Compliance,
    pub levels: Vec<LevelCompliance>,
}

impl From<&ComplianceReport> for TrendPoint {
    fn from(report: &ComplianceReport) -> TrendPoint {
        TrendPoint {
            as_of: report.as_of,
            overall: report.overall,
            levels: report.levels.clone(),
        }
    }
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

/// The figures of complete reporting dates only: those on which every group
/// of the training needs analysis has figures. A date still being entered,
/// one group at a time, would read a level as having no staff; it counts
/// once it is complete. With no groups, nothing is complete.
pub fn complete_dates_only(
    groups: &[TrainingGroup],
    figures: Vec<RecordedFigures>,
) -> Vec<RecordedFigures> {
    if groups.is_empty() {
        return Vec::new();
    }
    let complete = |date: NaiveDate| {
        groups.iter().all(|g| {
            figures
                .iter()
                .any(|f| f.as_of == date && match_key(&f.figures.group) == match_key(&g.name))
        })
    };
    let complete_dates: Vec<NaiveDate> = figures
        .iter()
        .map(|f| f.as_of)
        .filter(|&d| complete(d))
        .collect();
    figures
        .into_iter()
        .filter(|f| complete_dates.contains(&f.as_of))
        .collect()
}

/// The reporting dates of `figures` that were complete when they were
/// recorded, oldest first: on which every group of the training needs
/// analysis (`groups`) that has figures on that date or an earlier one has
/// figures. Unlike [`complete_dates_only`], a group added to the analysis
/// later does not make past dates incomplete: the store does not know when a
/// group was added, so its first figures stand for it. A group no longer in
/// the analysis is not waited for. With no groups, every date is complete.
pub fn complete_dates(groups: &[TrainingGroup], figures: &[RecordedFigures]) -> Vec<NaiveDate> {
    let analysis: Vec<String> = groups.iter().map(|g| match_key(&g.name)).collect();
    let mut dates: Vec<NaiveDate> = figures.iter().map(|f| f.as_of).collect();
    dates.sort_unstable();
    dates.dedup();
    // Each group of the analysis with its first reporting date.
    let first: Vec<(&String, Option<NaiveDate>)> = analysis
        .iter()
        .map(|key| {
            let first = figures
                .iter()
                .filter(|f| match_key(&f.figures.group) == *key)
                .map(|f| f.as_of)
                .min();
            (key, first)
        })
        .collect();
    dates
        .into_iter()
        .filter(|&date| {
            first
                .iter()
                .filter(|(_, first)| first.is_some_and(|f| f <= date))
                .all(|(key, _)| {
                    figures
                        .iter()
                        .any(|f| f.as_of == date && match_key(&f.figures.group) == **key)
                })
        })
        .collect()
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

    /// The report on `as_of` of figures as recorded (every date's, as the
    /// store reads them): those of other dates are passed over.
    pub fn on(as_of: NaiveDate, recorded: &[RecordedFigures]) -> ComplianceReport {
        let on_date: Vec<GroupFigures> = recorded
            .iter()
            .filter(|f| f.as_of == as_of)
            .map(|f| f.figures.clone())
            .collect();
        ComplianceReport::build(as_of, &on_date)
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

/// The response a training figures' report proposes for a standard on the
/// 85% minimum, and why: in place when every level with staff meets it, not
/// in place when one falls short (the product's reading: each level is held
/// to the minimum, as each below it needs its own action). `None` when no
/// level has staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Proposal {
    pub response: Response,
    /// The reporting date of the figures it is proposed from.
    pub as_of: NaiveDate,
    /// In the person's words: "On 30 November 2026 every level with staff
    /// meets the 85% minimum."
    pub reason: String,
}

impl Proposal {
    pub fn from_report(report: &ComplianceReport) -> Option<Proposal> {
        let counted: Vec<&LevelCompliance> = report
            .levels
            .iter()
            .filter(|l| l.compliance.meets_target.is_some())
            .collect();
        if counted.is_empty() {
            return None;
        }
        let date = report.as_of.format("%-d %B %Y");
        let short: Vec<String> = report
            .levels_below_target()
            .map(|l| shortfall_text(l.level, &l.compliance))
            .collect();
        Some(if short.is_empty() {
            Proposal {
                response: Response::Yes,
                as_of: report.as_of,
                reason: format!(
                    "On {date} every level with staff meets the {TARGET_PERCENT}% minimum."
                ),
            }
        } else {
            Proposal {
                response: Response::No,
                as_of: report.as_of,
                reason: format!(
                    "On {date} {} below the {TARGET_PERCENT}% minimum: {}.",
                    if short.len() == 1 {
                        "one level is"
                    } else {
                        "levels are"
                    },
                    short.join("; ")
                ),
            }
        })
    }
}

/// An organisation's latest training figures as an assessment shows them,
/// beside the entries whose framework asks for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TrainingBeside {
    /// The latest reporting date's compliance, per level and group.
    pub report: ComplianceReport,
    /// Each level with staff, as the screens show it.
    pub levels: Vec<LevelShown>,
    /// The entries they are shown beside, in reading order.
    pub entries: Vec<String>,
    /// The entry whose response they propose, and what they propose.
    pub proposed_for: Option<String>,
    pub proposal: Option<Proposal>,
    /// The product's readings of the sources.
    pub readings: Vec<String>,
}

impl TrainingBeside {
    /// What `framework` shows of `report`, or `None` when no entry asks for
    /// training figures.
    pub fn of(framework: &Framework, report: ComplianceReport) -> Option<TrainingBeside> {
        let asking: Vec<(&str, EntryFigures)> = framework
            .entries_by_part()
            .filter_map(|(_, e)| e.figures.map(|f| (e.id.as_str(), f)))
            .collect();
        if asking.is_empty() {
            return None;
        }
        let proposed_for = asking
            .iter()
            .find(|(_, f)| f.proposes_response())
            .map(|(id, _)| (*id).to_owned());
        let proposal = proposed_for
            .as_ref()
            .and_then(|_| Proposal::from_report(&report));
        Some(TrainingBeside {
            levels: report
                .levels
                .iter()
                .filter(|l| l.compliance.headcount > 0)
                .map(LevelShown::of)
                .collect(),
            entries: asking.iter().map(|(id, _)| (*id).to_owned()).collect(),
            proposed_for: proposal.as_ref().and(proposed_for),
            proposal,
            report,
            readings: READINGS.iter().map(|r| (*r).to_owned()).collect(),
        })
    }
}

/// A level's compliance in the words and figures the screens show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LevelShown {
    pub level: TrainingLevel,
    pub label: String,
    pub in_date: u32,
    pub headcount: u32,
    /// "71.4%": one decimal place, rounded down.
    pub percent_text: String,
    pub meets_target: Option<bool>,
    /// "level 3: 71.4% in date, 85% required: 38 more staff" when short.
    pub shortfall_text: Option<String>,
}

impl LevelShown {
    pub fn of(level: &LevelCompliance) -> LevelShown {
        let c = &level.compliance;
        LevelShown {
            level: level.level,
            label: level.level.label().to_owned(),
            in_date: c.in_date,
            headcount: c.headcount,
            percent_text: c.percent_text(),
            meets_target: c.meets_target,
            shortfall_text: (c.meets_target == Some(false)).then(|| shortfall_text(level.level, c)),
        }
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

    #[test]
    fn counts_are_whole_numbers_and_never_negative() {
        assert_eq!(parse_count("The headcount", " 40 "), Ok(40));
        assert_eq!(parse_count("The headcount", "0"), Ok(0));
        for bad in ["-3", "4.5", "", "ten", "99999999999"] {
            let error = parse_count("The headcount", bad).expect_err(bad);
            assert_eq!(error.kind(), ErrorKind::InvalidInput);
            assert!(
                error.to_string().starts_with("The headcount must be"),
                "{error}"
            );
        }
    }

    #[test]
    fn names_match_trimmed_in_any_case() {
        assert_eq!(
            match_key("  Northshire NHS Trust "),
            match_key("northshire nhs trust")
        );
        assert_ne!(match_key("Estates"), match_key("Estate"));
    }

    #[test]
    fn figures_record_only_what_changed() {
        let figures = |headcount, in_date| GroupFigures {
            group: "Estates".to_owned(),
            level: TrainingLevel::Basic,
            headcount,
            in_date,
        };
        let entered = FiguresSource::Entered;
        let first = figures_changes(None, (&figures(40, 38), &entered));
        let fields: Vec<&str> = first.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["level", "headcount", "in_date", "source"]);
        assert!(first.iter().all(|c| c.old_value.is_none()));
        let again = figures_changes(
            Some((&figures(40, 38), &entered)),
            (&figures(40, 39), &entered),
        );
        assert_eq!(
            again,
            [FieldChange {
                field: "in_date".to_owned(),
                old_value: Some("38".to_owned()),
                new_value: Some("39".to_owned()),
            }]
        );
        assert!(
            figures_changes(Some((&figures(1, 1), &entered)), (&figures(1, 1), &entered))
                .is_empty()
        );
        assert!(group_changes(Some(TrainingLevel::Level3), Some(TrainingLevel::Level3)).is_empty());
        assert!(validity_change(Some(Validity::default()), Validity::default()).is_empty());
    }

    fn report(levels: &[(TrainingLevel, u32, u32)]) -> ComplianceReport {
        let figures: Vec<GroupFigures> = levels
            .iter()
            .map(|&(level, headcount, in_date)| GroupFigures {
                group: format!("{level:?}"),
                level,
                headcount,
                in_date,
            })
            .collect();
        ComplianceReport::build(date(2026, 11, 30), &figures)
    }

    #[test]
    fn the_response_is_proposed_met_only_when_every_level_with_staff_meets_85_percent() {
        let met = Proposal::from_report(&report(&[
            (TrainingLevel::Basic, 100, 85),
            (TrainingLevel::Level3, 0, 0),
        ]))
        .expect("a proposal");
        assert_eq!(met.response, Response::Yes);
        assert_eq!(
            met.reason,
            "On 30 November 2026 every level with staff meets the 85% minimum."
        );
        // 84.99%: short by a fraction of a person, so not met.
        let short = Proposal::from_report(&report(&[
            (TrainingLevel::Basic, 10_000, 8_499),
            (TrainingLevel::Level3, 10, 10),
        ]))
        .expect("a proposal");
        assert_eq!(short.response, Response::No);
        assert_eq!(
            short.reason,
            "On 30 November 2026 one level is below the 85% minimum: level 1 and 2: 84.9% in date, 85% required: 1 more member of staff."
        );
        let both = Proposal::from_report(&report(&[
            (TrainingLevel::Basic, 10, 8),
            (TrainingLevel::Level3, 7, 5),
        ]))
        .expect("a proposal");
        assert!(both.reason.contains("levels are below"), "{}", both.reason);
        // No staff counted at any level: nothing to propose.
        assert_eq!(Proposal::from_report(&report(&[])), None);
        assert_eq!(
            Proposal::from_report(&report(&[(TrainingLevel::Level3, 0, 0)])),
            None
        );
    }
}
