//! Exporting the action plan (one assessment's, or the dashboard's across
//! every assessment) as CSV, an Excel workbook or an iCalendar file: the
//! bytes and a file name to suggest, once for the desktop's save dialog and
//! the CLI alike. The formats themselves live in `prevent-export`.

use std::collections::{HashMap, HashSet};

use prevent_core::plan::{PlanFilter, PlanView};
use prevent_core::{ErrorKind, Framework};
use prevent_export::PlanFrameworks;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::service::Service;

/// The file formats the plan exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PlanExportFormat {
    /// RFC 4180 CSV, UTF-8 with a byte-order mark.
    Csv,
    /// An Excel workbook.
    Xlsx,
    /// An iCalendar file of the open actions' due dates.
    Ics,
}

impl PlanExportFormat {
    pub const ALL: [PlanExportFormat; 3] = [
        PlanExportFormat::Csv,
        PlanExportFormat::Xlsx,
        PlanExportFormat::Ics,
    ];

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            PlanExportFormat::Csv => "csv",
            PlanExportFormat::Xlsx => "xlsx",
            PlanExportFormat::Ics => "ics",
        }
    }

    /// How a save dialog names the kind of file.
    pub fn label(self) -> &'static str {
        match self {
            PlanExportFormat::Csv => "CSV (comma-separated values)",
            PlanExportFormat::Xlsx => "Excel workbook",
            PlanExportFormat::Ics => "Calendar (iCalendar)",
        }
    }
}

/// An exported file, ready to be written wherever the person chooses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedFile {
    /// E.g. `action-plan-northshire-community-nhs-trust-2026-11-20.csv`.
    pub suggested_name: String,
    pub bytes: Vec<u8>,
}

impl Service {
    /// One assessment's plan (`Some`) or the dashboard across every
    /// assessment (`None`) as a file, keeping the actions `filter` keeps:
    /// every one of them, whatever page of them a screen shows.
    pub fn export_plan(
        &self,
        id: Option<Uuid>,
        format: PlanExportFormat,
        filter: PlanFilter,
    ) -> AppResult<ExportedFile> {
        let filter = PlanFilter {
            limit: None,
            ..filter
        };
        let (plan, frameworks, stem) = match id {
            Some(id) => {
                let plan = self.get_plan(id, filter)?;
                let assessment = self.store().assessment(id)?;
                let framework = self.framework(&assessment.framework_id)?;
                let stem = format!(
                    "action-plan-{}-{}",
                    slug(&assessment.organisation),
                    assessment.assessment_date
                );
                (plan, PlanFrameworks::from(framework), stem)
            }
            None => {
                let plan = self.get_dashboard(filter)?;
                let frameworks = self.dashboard_frameworks(&plan)?;
                let stem = format!("action-plans-{}", plan.today);
                (plan, frameworks, stem)
            }
        };
        Ok(ExportedFile {
            suggested_name: format!("{stem}.{}", format.extension()),
            bytes: render(&plan, &frameworks, format)?,
        })
    }

    /// The framework of every assessment the dashboard lists, and the one
    /// whose template heads its columns: the one every listed assessment
    /// uses, else the first this build ships.
    fn dashboard_frameworks(&self, plan: &PlanView) -> AppResult<PlanFrameworks<'static>> {
        let listed: HashSet<Uuid> = plan
            .actions
            .iter()
            .map(|a| a.action.assessment_id)
            .collect();
        let mut by_assessment: HashMap<Uuid, &'static Framework> = HashMap::new();
        let mut used: Vec<&'static Framework> = Vec::new();
        // One read of every header, not one query per listed assessment.
        for assessment in self.store().all_assessment_headers()? {
            if !listed.contains(&assessment.id) {
                continue;
            }
            let framework = self.framework(&assessment.framework_id)?;
            by_assessment.insert(assessment.id, framework);
            if !used.iter().any(|f| f.id == framework.id) {
                used.push(framework);
            }
        }
        let main = match used.as_slice() {
            [only] => *only,
            _ => self
                .frameworks()
                .all()
                .first()
                .ok_or_else(|| AppError::internal("this build ships no framework"))?,
        };
        Ok(PlanFrameworks::new(main, by_assessment))
    }
}

fn render(
    plan: &PlanView,
    frameworks: &PlanFrameworks,
    format: PlanExportFormat,
) -> AppResult<Vec<u8>> {
    Ok(match format {
        PlanExportFormat::Csv => prevent_export::plan_csv(plan, frameworks),
        PlanExportFormat::Xlsx => prevent_export::plan_xlsx(plan, frameworks)
            .map_err(|e| AppError::new(ErrorKind::Internal, e.to_string()))?,
        PlanExportFormat::Ics => prevent_export::plan_ics(plan, frameworks.main()),
    })
}

/// A name safe in any file system: lower-case ASCII letters and digits
/// joined by single hyphens, at most 60 characters.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out: String = out.chars().take(60).collect();
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "organisation".to_owned()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use crate::Ledger;
    use chrono::{NaiveDate, TimeZone, Utc};
    use prevent_core::{Actor, AnswerInput, NewAssessmentInput, PREVENT_TOOLKIT_2011, Response};

    use crate::{ActorSource, FixedClock, SaveAnswerRequest};

    #[test]
    fn exports_one_plan_or_the_dashboard_with_suggested_names() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let now = Utc
            .with_ymd_and_hms(2027, 1, 10, 9, 0, 0)
            .single()
            .expect("time");
        let today = NaiveDate::from_ymd_opt(2027, 1, 10).expect("date");
        let store = Ledger::open(&dir.path().join("db.sqlite3"), now).expect("store");
        let mut service = Service::new(
            store,
            Arc::new(FixedClock { now, today }),
            ActorSource::Given(Actor::new("Sam Lee", "Prevent lead").expect("actor")),
        );
        let assessment = service
            .create_assessment(NewAssessmentInput {
                framework_id: PREVENT_TOOLKIT_2011.to_owned(),
                organisation: "Northshire Community NHS Trust".to_owned(),
                assessor: "Alex Morgan".to_owned(),
                assessment_date: "2026-11-20".to_owned(),
            })
            .expect("create");
        service
            .save_answer(SaveAnswerRequest {
                assessment_id: assessment.id,
                entry_id: "1".to_owned(),
                answer: AnswerInput {
                    response: Some(Response::No),
                    due_date: Some("2026-12-31".to_owned()),
                    ..AnswerInput::default()
                },
            })
            .expect("answer");
        service
            .save_answer(SaveAnswerRequest {
                assessment_id: assessment.id,
                entry_id: "C4".to_owned(),
                answer: AnswerInput {
                    response: Some(Response::Partial),
                    lead: Some("HR lead".to_owned()),
                    ..AnswerInput::default()
                },
            })
            .expect("answer");

        // A screen's page limit never shortens a download; its filters do.
        let paged = PlanFilter {
            limit: Some(1),
            ..PlanFilter::default()
        };
        let both = service
            .export_plan(Some(assessment.id), PlanExportFormat::Csv, paged)
            .expect("CSV");
        assert_eq!(
            String::from_utf8(both.bytes)
                .expect("UTF-8")
                .lines()
                .count(),
            3
        );
        let one = service
            .export_plan(
                Some(assessment.id),
                PlanExportFormat::Csv,
                PlanFilter {
                    owner: Some("hr lead".to_owned()),
                    ..PlanFilter::default()
                },
            )
            .expect("CSV");
        assert_eq!(
            one.suggested_name,
            "action-plan-northshire-community-nhs-trust-2026-11-20.csv"
        );
        let text = String::from_utf8(one.bytes).expect("UTF-8");
        assert_eq!(text.lines().count(), 2, "header and C4: {text}");

        let all = service
            .export_plan(None, PlanExportFormat::Ics, PlanFilter::default())
            .expect("calendar");
        assert_eq!(all.suggested_name, "action-plans-2027-01-10.ics");
        assert_eq!(
            String::from_utf8(all.bytes)
                .expect("UTF-8")
                .matches("BEGIN:VEVENT")
                .count(),
            1
        );
        let workbook = service
            .export_plan(None, PlanExportFormat::Xlsx, PlanFilter::default())
            .expect("workbook");
        assert!(workbook.bytes.starts_with(b"PK"), "a zip");
        let unknown = service
            .export_plan(
                Some(Uuid::from_u128(7)),
                PlanExportFormat::Csv,
                PlanFilter::default(),
            )
            .expect_err("no such assessment");
        assert_eq!(unknown.kind, ErrorKind::NotFound);
    }

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(
            slug("Northshire Community NHS Trust"),
            "northshire-community-nhs-trust"
        );
        assert_eq!(slug("  St. Mary's / A&E  "), "st-mary-s-a-e");
        assert_eq!(slug("Ysbyty Gŵynedd"), "ysbyty-g-ynedd");
        assert_eq!(slug("—"), "organisation");
        assert!(slug(&"a b ".repeat(50)).len() <= 60);
    }

    #[test]
    fn formats_name_their_extension() {
        let names: Vec<&str> = PlanExportFormat::ALL
            .iter()
            .map(|f| f.extension())
            .collect();
        assert_eq!(names, ["csv", "xlsx", "ics"]);
        assert_eq!(
            serde_json::to_string(&PlanExportFormat::Xlsx).expect("JSON"),
            "\"xlsx\""
        );
    }
}
