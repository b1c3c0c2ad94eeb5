//! Training as the window's screens ask for it: the training needs analysis
//! returned whole after each change (so the screen redraws from Rust's
//! answer), a reporting date's figures entered together, and an export
//! uploaded, counted for the person to check, then counted again and saved.
//!
//! The window holds the file between the two steps, not the app: saving
//! recounts the same bytes (their SHA-256 must match what was shown), so
//! what is saved is always what the rules count, never numbers sent back.

use chrono::NaiveDate;
use prevent_core::ErrorKind;
use prevent_core::digest::sha256_hex;
use prevent_core::evidence::base_name;
use prevent_core::training::{ComplianceReport, TrainingLevel, match_key};
use prevent_core::training_import::{ImportError, ImportMapping, MAX_TRAINING_EXPORT_BYTES};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use prevent_core::assessment::{ACTOR, ORGANISATION};
use prevent_core::board::{BoardError, MAX_REFERRALS};
use prevent_core::quarterly::{Quarter, QuarterlyInput, QuarterlyReturn};

use crate::error::{AppError, AppResult};
use crate::export::{ExportedFile, slug};
use crate::requests::UploadedFile;
use crate::training::{ComplianceView, GroupCount, LevelView, NeedsAnalysis, TrainingView};
use crate::training_import::{ImportPreview, ImportRequest, read_export};

/// A reporting date's figures for some or all of the analysis' groups.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct DateFiguresInput {
    pub organisation: String,
    pub as_of: NaiveDate,
    pub groups: Vec<GroupCount>,
}

/// A training export as the window sends it, with the columns mapped (the
/// remembered mapping when `None`).
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
pub struct TrainingExportUpload {
    pub organisation: String,
    pub as_of: NaiveDate,
    pub file: UploadedFile,
    pub mapping: Option<ImportMapping>,
    /// On saving: the SHA-256 of the file whose counts were shown.
    pub counted_sha256: Option<String>,
}

/// One group as an export counts it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GroupCounted {
    pub group: String,
    pub level: TrainingLevel,
    #[serde(flatten)]
    pub compliance: ComplianceView,
}

/// What the import screen shows once a file is chosen: its columns for
/// mapping and, when the mapping names them, the counts before saving.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ImportScreen {
    pub organisation: String,
    pub as_of: NaiveDate,
    pub file_name: String,
    pub sha256: String,
    pub columns: Vec<String>,
    /// The mapping counted with; the remembered one when none was chosen.
    pub mapping: Option<ImportMapping>,
    /// Whether `mapping` is the one remembered from the last import.
    pub mapping_remembered: bool,
    /// Why the file could not be counted with `mapping`, in the screen's words.
    pub mapping_problem: Option<String>,
    /// `None` until the columns are mapped.
    pub preview: Option<ImportPreview>,
    /// Per level, as counted.
    pub levels: Vec<LevelView>,
    /// Per group, as counted, below the target first.
    pub groups: Vec<GroupCounted>,
}

/// A mapping problem in the words of the screen, which has drop-downs where
/// the CLI has `--map`.
fn mapping_problem(error: &ImportError) -> Option<String> {
    Some(match error {
        ImportError::MissingColumn { role, column, .. } => format!(
            "The file has no column \"{column}\" for {role}: choose the column that holds it."
        ),
        ImportError::DateColumnNeeded { level, groups } => format!(
            "Choose the column of {} completion dates: {} {} {}.",
            match level {
                TrainingLevel::Basic => "level 1 and 2",
                TrainingLevel::Level3 => "level 3",
            },
            groups.join("; "),
            if groups.len() == 1 { "needs" } else { "need" },
            match level {
                TrainingLevel::Basic => "levels 1 and 2",
                TrainingLevel::Level3 => "level 3",
            },
        ),
        ImportError::MappingWithoutGroup => {
            "Choose the column that holds each person's staff group or role.".to_owned()
        }
        ImportError::MappingWithoutDates => {
            "Choose the column of level 1 and 2 completion dates, of level 3, or both.".to_owned()
        }
        _ => return None,
    })
}

impl crate::Service {
    /// The organisation's training needs analysis and validity period.
    /// An organisation named only by its assessments has an empty one.
    pub fn get_training_needs(&self, organisation: String) -> AppResult<NeedsAnalysis> {
        match self.training_needs(&organisation) {
            Err(error) if error.kind == ErrorKind::NotFound => {
                Ok(NeedsAnalysis::empty(&organisation))
            }
            other => other,
        }
    }

    /// Adds a staff group (or changes the level it needs), returning the
    /// analysis as it now stands.
    pub fn save_training_group(
        &mut self,
        organisation: String,
        group: String,
        level: TrainingLevel,
    ) -> AppResult<NeedsAnalysis> {
        self.set_training_group(&organisation, &group, level)?;
        self.training_needs(&organisation)
    }

    /// Removes a staff group, returning the analysis as it now stands.
    pub fn delete_training_group(
        &mut self,
        organisation: String,
        group: String,
    ) -> AppResult<NeedsAnalysis> {
        self.remove_training_group(&organisation, &group)?;
        self.training_needs(&organisation)
    }

    /// Sets how long training stays in date, returning the analysis.
    pub fn save_training_validity(
        &mut self,
        organisation: String,
        years: u32,
    ) -> AppResult<NeedsAnalysis> {
        self.set_training_validity(&organisation, years)?;
        self.training_needs(&organisation)
    }

    /// Records a reporting date's figures together, returning the view of
    /// that date.
    pub fn record_training_date(&mut self, input: DateFiguresInput) -> AppResult<TrainingView> {
        let actor = self.actor()?;
        let (now, today) = (self.clock().now(), self.clock().today());
        self.ledger_mut().record_training_date(
            &input.organisation,
            input.as_of,
            &input.groups,
            today,
            &actor,
            now,
        )?;
        self.training_view(&input.organisation, Some(input.as_of))
    }

    /// Reads an uploaded export: its columns, and its counts when the
    /// mapping (given, else remembered) names them. Nothing is written.
    pub fn read_training_export(&self, upload: TrainingExportUpload) -> AppResult<ImportScreen> {
        let bytes = upload.file.bytes_within(MAX_TRAINING_EXPORT_BYTES)?;
        let needs = self.training_needs(&upload.organisation)?;
        let remembered = self
            .store()
            .organisation(&match_key(&needs.organisation))?
            .and_then(|row| row.import_mapping);
        let table = read_export(&upload.file.name, &bytes)?;
        let mapping = upload.mapping.clone().or(remembered.clone());
        let columns = table.columns.clone();
        let problem = match &mapping {
            None => None,
            Some(mapping) => {
                let request = ImportRequest {
                    organisation: &upload.organisation,
                    as_of: upload.as_of,
                    file_name: &upload.file.name,
                    bytes: &bytes,
                    mapping: Some(mapping.clone()),
                };
                let today = self.clock().today();
                match self.ledger().count_training_table(&request, table, today)? {
                    Ok(preview) => return Ok(ImportScreen::counted(preview)),
                    Err(error) => match mapping_problem(&error) {
                        Some(problem) => Some(problem),
                        None => return Err(error.into()),
                    },
                }
            }
        };
        Ok(ImportScreen {
            organisation: needs.organisation,
            as_of: upload.as_of,
            file_name: base_name(&upload.file.name).to_owned(),
            sha256: sha256_hex(&bytes),
            columns,
            mapping_remembered: mapping.is_some() && mapping == remembered,
            mapping,
            mapping_problem: problem,
            preview: None,
            levels: Vec::new(),
            groups: Vec::new(),
        })
    }

    /// Counts the export again and saves its counts (replacing the
    /// reporting date's imported figures) and its mapping. Refused when the
    /// file is not the one whose counts were shown.
    pub fn save_training_export(
        &mut self,
        upload: TrainingExportUpload,
    ) -> AppResult<TrainingView> {
        let bytes = upload.file.bytes_within(MAX_TRAINING_EXPORT_BYTES)?;
        let request = ImportRequest {
            organisation: &upload.organisation,
            as_of: upload.as_of,
            file_name: &upload.file.name,
            bytes: &bytes,
            mapping: upload.mapping.clone(),
        };
        let preview = self.preview_training_import(&request)?;
        if upload.counted_sha256.as_deref() != Some(preview.sha256.as_str()) {
            return Err(AppError::new(
                ErrorKind::InvalidInput,
                format!(
                    "{} is not the file whose counts were shown: choose it again and check its counts.",
                    preview.file_name
                ),
            )
            .with_field("file"));
        }
        let saved = self.save_training_import(&preview)?;
        self.training_view(&saved.preview.organisation, Some(saved.preview.as_of))
    }
}

impl ImportScreen {
    fn counted(preview: ImportPreview) -> ImportScreen {
        let report = ComplianceReport::build(preview.as_of, &preview.counts.figures);
        ImportScreen {
            organisation: preview.organisation.clone(),
            as_of: preview.as_of,
            file_name: preview.file_name.clone(),
            sha256: preview.sha256.clone(),
            columns: preview.columns.clone(),
            mapping: Some(preview.mapping.clone()),
            mapping_remembered: preview.mapping_remembered,
            mapping_problem: None,
            levels: report.levels.iter().map(LevelView::from).collect(),
            groups: report
                .groups
                .iter()
                .map(|g| GroupCounted {
                    group: g.group.clone(),
                    level: g.level,
                    compliance: g.compliance.into(),
                })
                .collect(),
            preview: Some(preview),
        }
    }
}

/// A quarterly summary as asked for, by the window or the CLI: what people
/// supply is checked here once.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct QuarterlyRequest {
    pub organisation: String,
    /// `2026-Q4`.
    pub quarter: String,
    pub referrals: Option<u32>,
    /// Blank when not named.
    pub accountable_lead: String,
    pub operational_lead: String,
}

/// The file a quarterly summary is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SummaryFormat {
    Csv,
    Xlsx,
}

impl QuarterlyRequest {
    /// The quarter and what people supplied, checked: a quarter written
    /// YYYY-QN, referrals within range, leads' names like any person's.
    pub fn parse(&self) -> AppResult<(Quarter, QuarterlyInput)> {
        let quarter = Quarter::parse(&self.quarter)?;
        ORGANISATION.required(&self.organisation)?;
        if let Some(count) = self.referrals
            && count > MAX_REFERRALS
        {
            return Err(BoardError::TooManyReferrals { count }.into());
        }
        let lead = |name: &str, field: &str| -> AppResult<Option<String>> {
            if name.trim().is_empty() {
                return Ok(None);
            }
            ACTOR
                .required(name)
                .map(Some)
                .map_err(|e| AppError::from(e).with_field(field))
        };
        Ok((
            quarter,
            QuarterlyInput {
                referrals: self.referrals,
                accountable_lead: lead(&self.accountable_lead, "accountable_lead")?,
                operational_lead: lead(&self.operational_lead, "operational_lead")?,
            },
        ))
    }
}

impl crate::Service {
    /// The quarterly summary for the upward return, as the window shows it.
    pub fn get_quarterly_return(&self, request: QuarterlyRequest) -> AppResult<QuarterlyReturn> {
        let (quarter, input) = request.parse()?;
        self.quarterly_return(&request.organisation, quarter, &input)
    }

    /// The quarterly summary as a CSV file or an Excel workbook.
    pub fn quarterly_file(
        &self,
        request: &QuarterlyRequest,
        format: SummaryFormat,
    ) -> AppResult<ExportedFile> {
        let (quarter, input) = request.parse()?;
        let summary = self.quarterly_return(&request.organisation, quarter, &input)?;
        let (bytes, extension) = match format {
            SummaryFormat::Csv => (crate::training::quarterly_csv(&summary), "csv"),
            SummaryFormat::Xlsx => (crate::training::quarterly_xlsx(&summary)?, "xlsx"),
        };
        Ok(ExportedFile {
            suggested_name: format!(
                "prevent-quarterly-{}-{}.{extension}",
                slug(&summary.organisation),
                quarter.code().to_lowercase()
            ),
            bytes,
        })
    }
}
