//! Drafts of the report to the board: what people typed for an
//! organisation's year (referrals, incidents, resources, other activity, the
//! accountable lead), as JSON, one row per organisation and year. Each write
//! appends its changes to the organisation's hash-chained audit trail in the
//! same transaction.

use prevent_core::FieldChange;
use prevent_core::board::BoardReportInput;
use prevent_core::training::OrganisationAuditEntity;
use rusqlite::{OptionalExtension, params};

use crate::change::Change;
use crate::rows::conversion_error;
use crate::{Result, Store};

impl Store {
    /// The draft of `year`'s report for the organisation matched by `key`.
    pub fn board_report_draft(&self, key: &str, year: i32) -> Result<Option<BoardReportInput>> {
        let json: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT input FROM board_report_drafts WHERE organisation_key = ?1 AND year = ?2",
            )
            .and_then(|mut statement| {
                statement
                    .query_row(params![key, year], |row| row.get(0))
                    .optional()
            })
            .map_err(|e| self.sqlite(e))?;
        json.map(|json| {
            serde_json::from_str(&json)
                .map_err(|e| self.sqlite(conversion_error(0, format!("a board report draft: {e}"))))
        })
        .transpose()
    }
}

impl Change<'_> {
    /// Keeps `input` as the draft of `year`'s report, with its audit rows.
    pub fn write_board_report_draft(
        &self,
        key: &str,
        year: i32,
        input: &BoardReportInput,
        changes: &[FieldChange],
    ) -> Result<()> {
        let json = serde_json::to_string(input)
            .map_err(|e| self.fail(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
        self.write_audited(
            "INSERT INTO board_report_drafts (organisation_key, year, input) VALUES (?1, ?2, ?3)
             ON CONFLICT (organisation_key, year) DO UPDATE SET input = excluded.input",
            params![key, year, json],
            (
                key,
                OrganisationAuditEntity::BoardReport,
                Some(&year.to_string()),
            ),
            changes,
        )
    }
}
