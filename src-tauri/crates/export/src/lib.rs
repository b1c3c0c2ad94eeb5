//! The action plan as files people open elsewhere: a CSV and an Excel
//! workbook in the 2011 template's own columns (read from the framework data,
//! so a new column shows up without code), and an iCalendar file of the open
//! actions' due dates for Outlook. Also the quarterly training summary for
//! the upward return (`quarterly`).
//!
//! The dashboard mixes assessments of several frameworks: while their
//! templates have the same columns it exports as one table, else grouped by
//! framework (see `table`).
//!
//! Everything here is pure: a `PlanView` and its frameworks in, bytes out.
//! "Today" comes from the plan, so the same plan always gives the same bytes.

mod csv;
mod ics;
mod quarterly;
mod table;
mod xlsx;

pub use csv::plan_csv;
pub use ics::{PRODID, UID_DOMAIN, plan_ics};
pub use quarterly::{quarterly_csv, quarterly_xlsx};
pub use table::{
    Cell, Field, PlanFrameworks, PlanTable, plan_table, plan_table_across, plan_tables,
};
pub use xlsx::{plan_xlsx, sheet_name};

/// A workbook that could not be put together.
#[derive(Debug, thiserror::Error)]
#[error("The spreadsheet could not be made: {0}")]
pub struct ExportError(String);

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(error: rust_xlsxwriter::XlsxError) -> ExportError {
        ExportError(error.to_string())
    }
}

#[cfg(test)]
pub(crate) mod fixtures;
