//! Drafts of the report to the board, kept as people type so closing the
//! app loses nothing: checked like the report's own fields (limits, hidden
//! characters) but with nothing required, written with the organisation's
//! audit rows. An organisation named only by its assessments is recorded
//! under the name they give it.

use chrono::{DateTime, Utc};
use prevent_core::Actor;
use prevent_core::board::{self, BoardError, BoardReportInput};
use prevent_core::training::match_key;

use super::Ledger;
use crate::error::AppResult;

impl Ledger {
    /// Keeps `input` as the draft of `year`'s report for `organisation`.
    /// Nothing is written when it has not changed.
    pub fn save_board_report_draft(
        &mut self,
        organisation: &str,
        year: i32,
        input: &BoardReportInput,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<BoardReportInput> {
        input.check_draft()?;
        let key = match_key(organisation);
        let name = match self.store.organisation(&key)? {
            Some(row) => row.name,
            None => self
                .store
                .all_assessment_headers()?
                .into_iter()
                .find(|a| match_key(&a.organisation) == key)
                .map(|a| a.organisation)
                .ok_or_else(|| BoardError::UnknownOrganisation {
                    organisation: organisation.trim().to_owned(),
                })?,
        };
        let old = self.store.board_report_draft(&key, year)?;
        let changes = board::draft_changes(old.as_ref(), input);
        if changes.is_empty() {
            return Ok(old.unwrap_or_else(|| input.clone()));
        }
        let change = self.store.change(actor, now)?;
        change.ensure_organisation(&key, &name)?;
        change.write_board_report_draft(&key, year, input, &changes)?;
        change.commit()?;
        Ok(input.clone())
    }

    /// The draft of `year`'s report, if anything has been typed for it.
    pub fn board_report_draft(
        &self,
        organisation: &str,
        year: i32,
    ) -> AppResult<Option<BoardReportInput>> {
        Ok(self
            .store
            .board_report_draft(&match_key(organisation), year)?)
    }
}
