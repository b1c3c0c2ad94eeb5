//! Training compliance: an organisation's training needs analysis, its
//! validity period, and its figures per reporting date, each change
//! checked by the core's rules and written with the organisation's audit
//! rows. Organisations and groups are matched trimmed, in any case.

use chrono::{DateTime, NaiveDate, Utc};
use prevent_core::ErrorKind;
use prevent_core::assessment::ORGANISATION;
use prevent_core::catalogue::EntryFigures;
use prevent_core::digest::sha256_hex;
use prevent_core::evidence::{FILE_NAME, base_name};
use prevent_core::plan::training::{reconcile_training, split_source};
use prevent_core::quarterly::{Quarter, QuarterlyInput, QuarterlyReturn};
use prevent_core::training::{
    self, ComplianceReport, FiguresSource, GROUP, GroupFigures, OrganisationAuditEntry,
    RecordedFigures, TrainingError, TrainingGroup, TrainingLevel, Validity, match_key,
};
use prevent_core::training_import::{self, ImportError};
use prevent_core::{Action, Actor, Assessment, ChainCheck};
use prevent_store::{Change, OrganisationRow};
use uuid::Uuid;

use super::Ledger;
use crate::error::{AppError, AppResult};
use crate::training::{FiguresInput, GroupCount, NeedsAnalysis, TrainingView};
use crate::training_import::{ImportPreview, ImportRequest, ImportSaved, read_export};
use prevent_core::training_import::Table;

impl Ledger {
    /// Adds a staff group to the organisation's training needs analysis, or
    /// changes the level it needs. The first change for an organisation
    /// records it under the name as typed.
    pub fn set_training_group(
        &mut self,
        organisation: &str,
        group: &str,
        level: TrainingLevel,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<TrainingGroup> {
        let organisation = ORGANISATION.required(organisation)?;
        let group = GROUP.required(group)?;
        let (key, group_key) = (match_key(&organisation), match_key(&group));
        let change = self.store.change(actor, now)?;
        change.ensure_organisation(&key, &organisation)?;
        let groups = self.store.training_groups(&key)?;
        let existing = groups.iter().find(|g| match_key(&g.name) == group_key);
        let written = TrainingGroup {
            // A group already there keeps its name as first typed and its place.
            name: existing.map_or(group, |g| g.name.clone()),
            level,
            position: existing.map_or_else(
                || groups.iter().map(|g| g.position).max().unwrap_or(0) + 1,
                |g| g.position,
            ),
        };
        let changes = training::group_changes(existing.map(|g| g.level), Some(level));
        if !changes.is_empty() {
            change.write_training_group(&key, &group_key, &written, &changes)?;
            change.commit()?;
        }
        Ok(written)
    }

    /// Removes a staff group from the analysis. Figures already recorded
    /// for it keep their place on their reporting dates.
    pub fn remove_training_group(
        &mut self,
        organisation: &str,
        group: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<TrainingGroup> {
        let change = self.store.change(actor, now)?;
        let (row, existing) = self.known_group(organisation, group)?;
        let changes = training::group_changes(Some(existing.level), None);
        change.delete_training_group(&row.key, &match_key(&existing.name), &existing, &changes)?;
        change.commit()?;
        Ok(existing)
    }

    /// Sets how long completed training stays in date for the organisation.
    pub fn set_training_validity(
        &mut self,
        organisation: &str,
        years: u32,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<Validity> {
        let organisation = ORGANISATION.required(organisation)?;
        let validity = Validity::new(years)?;
        let key = match_key(&organisation);
        let change = self.store.change(actor, now)?;
        change.ensure_organisation(&key, &organisation)?;
        let old = self.store.organisation(&key)?.and_then(|o| o.validity);
        let changes = training::validity_change(old, validity);
        if !changes.is_empty() {
            change.set_training_validity(&key, validity, &changes)?;
            change.commit()?;
        }
        Ok(validity)
    }

    /// Records one group's figures for a reporting date, at the level the
    /// analysis gives the group, replacing any recorded before for that
    /// date. A date after `today`, more in date than the headcount and a
    /// group not in the analysis are refused, and nothing is written.
    pub fn record_training_figures(
        &mut self,
        input: &FiguresInput,
        today: NaiveDate,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<RecordedFigures> {
        let counts = [GroupCount {
            group: input.group.clone(),
            headcount: input.headcount,
            in_date: input.in_date,
        }];
        let mut recorded = self.record_training_date(
            &input.organisation,
            input.as_of,
            &counts,
            today,
            actor,
            now,
        )?;
        recorded
            .pop()
            .ok_or_else(|| AppError::internal("No figures were recorded."))
    }

    /// Records several groups' figures for one reporting date, as a person
    /// enters a month's figures: all in one transaction, or none when any
    /// is refused (the message names the group).
    pub fn record_training_date(
        &mut self,
        organisation: &str,
        as_of: NaiveDate,
        counts: &[GroupCount],
        today: NaiveDate,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<Vec<RecordedFigures>> {
        let as_of = training::check_reporting_date(as_of, today)?;
        let change = self.store.change(actor, now)?;
        let mut recorded = Vec::with_capacity(counts.len());
        let mut organisation_key = None;
        for count in counts {
            let (row, group) = self.known_group(organisation, &count.group)?;
            let figures = GroupFigures {
                group: group.name.clone(),
                level: group.level,
                headcount: count.headcount,
                in_date: count.in_date,
            }
            .validate()?;
            recorded.push(self.write_figures(
                &change,
                &row.key,
                RecordedFigures {
                    as_of,
                    figures,
                    source: FiguresSource::Entered,
                    recorded_at: now,
                    recorded_by: actor.name.clone(),
                },
            )?);
            organisation_key = Some(row.key);
        }
        if let Some(key) = organisation_key {
            self.sync_training_actions(&change, &key, now)?;
            change.commit()?;
        }
        Ok(recorded)
    }

    /// Writes one group's figures for their reporting date with their audit
    /// rows, unless the same figures from the same source are there already
    /// (then those are returned and nothing is written).
    fn write_figures(
        &self,
        change: &Change<'_>,
        key: &str,
        recorded: RecordedFigures,
    ) -> AppResult<RecordedFigures> {
        let group_key = match_key(&recorded.figures.group);
        let before = self
            .store
            .training_figure(key, recorded.as_of, &group_key)?;
        let changes = training::figures_changes(
            before.as_ref().map(|b| (&b.figures, &b.source)),
            (&recorded.figures, &recorded.source),
        );
        if changes.is_empty() {
            return Ok(before.unwrap_or(recorded));
        }
        change.write_training_figures(
            key,
            &group_key,
            &recorded,
            &training::figures_entry(recorded.as_of, &recorded.figures.group),
            &changes,
        )?;
        Ok(recorded)
    }

    /// Counts a training export for the organisation on a reporting date,
    /// with the mapping given or, when none is, the one remembered from its
    /// last import. Nothing is written. A date after `today`, a file that
    /// cannot be read, a mapping that names a column the file lacks or
    /// leaves out a date column a group needs, are refused.
    pub fn preview_training_import(
        &self,
        request: &ImportRequest<'_>,
        today: NaiveDate,
    ) -> AppResult<ImportPreview> {
        let file_name = FILE_NAME.required(base_name(request.file_name))?;
        let table = read_export(&file_name, request.bytes)?;
        Ok(self.count_training_table(request, table, today)??)
    }

    /// Counts a training export already read into `table`. The outer error
    /// refuses the request (a date after `today`, no groups, no mapping);
    /// the inner one says why the mapping cannot count this file, so that a
    /// screen can ask for the columns again without reading the file twice.
    pub fn count_training_table(
        &self,
        request: &ImportRequest<'_>,
        table: Table,
        today: NaiveDate,
    ) -> AppResult<Result<ImportPreview, ImportError>> {
        let as_of = training::check_reporting_date(request.as_of, today)?;
        let file_name = FILE_NAME.required(base_name(request.file_name))?;
        let row = self.known_organisation(request.organisation)?;
        let groups = self.store.training_groups(&row.key)?;
        if groups.is_empty() {
            return Err(ImportError::NoGroups {
                organisation: row.name,
            }
            .into());
        }
        let mapping = match (&request.mapping, &row.import_mapping) {
            (Some(given), _) => given.clone(),
            (None, Some(remembered)) => remembered.clone(),
            (None, None) => {
                return Err(ImportError::NoMapping {
                    organisation: row.name,
                }
                .into());
            }
        };
        let validity = row.validity.unwrap_or_default();
        let counts = match training_import::count(&table, &mapping, &groups, validity, as_of) {
            Ok(counts) => counts,
            Err(error) => return Ok(Err(error)),
        };
        Ok(Ok(ImportPreview {
            mapping_remembered: row.import_mapping.as_ref() == Some(&mapping),
            organisation: row.name,
            as_of,
            file_name,
            sha256: sha256_hex(request.bytes),
            columns: table.columns,
            mapping,
            validity_years: validity.years,
            counts,
            readings: ImportPreview::readings(),
        }))
    }

    /// Records a preview's counts as the organisation's figures for its
    /// reporting date (imported, with the file's name and SHA-256), one
    /// group at a time with its audit rows, and remembers the mapping: all
    /// in one transaction. Only the groups the file counts someone in are
    /// written: the others keep whatever figures they have for the date. A
    /// training needs analysis changed since the file was counted is
    /// refused (count it again), and so is a file that counts nobody.
    pub fn save_training_import(
        &mut self,
        preview: &ImportPreview,
        today: NaiveDate,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<ImportSaved> {
        let as_of = training::check_reporting_date(preview.as_of, today)?;
        let file_name = FILE_NAME.required(base_name(&preview.file_name))?;
        let sha256 = preview.sha256.to_ascii_lowercase();
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AppError::new(
                ErrorKind::InvalidInput,
                "The import names no SHA-256 of its file: count the file again.",
            ));
        }
        let change = self.store.change(actor, now)?;
        let row = self.known_organisation(&preview.organisation)?;
        let groups = self.store.training_groups(&row.key)?;
        // The analysis the file was counted against: the groups counted and
        // those left unchanged, together.
        let mut analysis: Vec<(String, TrainingLevel)> = groups
            .iter()
            .map(|g| (match_key(&g.name), g.level))
            .collect();
        let mut counted_against: Vec<(String, TrainingLevel)> = preview
            .counts
            .figures
            .iter()
            .map(|f| (match_key(&f.group), f.level))
            .chain(
                preview
                    .counts
                    .unchanged
                    .iter()
                    .map(|u| (match_key(&u.group), u.level)),
            )
            .collect();
        analysis.sort();
        counted_against.sort();
        if analysis != counted_against {
            return Err(AppError::new(
                ErrorKind::InvalidInput,
                format!(
                    "The training needs analysis of {} has changed since {file_name} was counted: count it again.",
                    row.name
                ),
            ));
        }
        if preview.counts.figures.is_empty() {
            return Err(AppError::new(
                ErrorKind::InvalidInput,
                format!(
                    "{file_name} counts nobody in any staff group of the training needs analysis of {}: nothing was saved.",
                    row.name
                ),
            ));
        }
        let source = FiguresSource::Imported { file_name, sha256 };
        let mut recorded = Vec::with_capacity(preview.counts.figures.len());
        for figures in &preview.counts.figures {
            let key = match_key(&figures.group);
            let Some(group) = groups.iter().find(|g| match_key(&g.name) == key) else {
                continue;
            };
            let figures = GroupFigures {
                group: group.name.clone(),
                ..figures.clone()
            }
            .validate()?;
            recorded.push(self.write_figures(
                &change,
                &row.key,
                RecordedFigures {
                    as_of,
                    figures,
                    source: source.clone(),
                    recorded_at: now,
                    recorded_by: actor.name.clone(),
                },
            )?);
        }
        let mapping_changes =
            training_import::mapping_change(row.import_mapping.as_ref(), &preview.mapping);
        if !mapping_changes.is_empty() {
            change.set_import_mapping(&row.key, &preview.mapping, &mapping_changes)?;
        }
        self.sync_training_actions(&change, &row.key, now)?;
        change.commit()?;
        Ok(ImportSaved {
            preview: preview.clone(),
            recorded,
            mapping_changed: !mapping_changes.is_empty(),
        })
    }

    /// The organisation's own audit trail (its training needs analysis,
    /// validity, figures and import mapping), oldest first.
    pub fn organisation_audit(&self, organisation: &str) -> AppResult<Vec<OrganisationAuditEntry>> {
        let row = self.known_organisation(organisation)?;
        Ok(self.store.organisation_audit_trail(&row.key)?)
    }

    /// Checks the organisation's audit trail's hash chain.
    pub fn verify_organisation_audit(&self, organisation: &str) -> AppResult<ChainCheck> {
        let row = self.known_organisation(organisation)?;
        Ok(self.store.verify_organisation_audit_chain(&row.key)?)
    }

    /// The organisation's training needs analysis and validity period.
    pub fn training_needs(&self, organisation: &str) -> AppResult<NeedsAnalysis> {
        let row = self.known_organisation(organisation)?;
        Ok(NeedsAnalysis {
            validity_years: row.validity.unwrap_or_default().years,
            groups: self.store.training_groups(&row.key)?,
            organisation: row.name,
        })
    }

    /// Compliance on `as_of` (the latest reporting date with figures when
    /// `None`), per level, per group and overall, with the trend across
    /// every reporting date.
    pub fn training_view(
        &self,
        organisation: &str,
        as_of: Option<NaiveDate>,
    ) -> AppResult<TrainingView> {
        let analysis = self.training_needs(organisation)?;
        let figures = self
            .store
            .training_figures(&match_key(&analysis.organisation))?;
        if let Some(date) = as_of.filter(|d| !figures.iter().any(|f| f.as_of == *d)) {
            let mut recorded: Vec<NaiveDate> = figures.iter().map(|f| f.as_of).collect();
            recorded.dedup();
            return Err(TrainingError::NoFiguresOn {
                organisation: analysis.organisation,
                as_of: date,
                recorded,
            }
            .into());
        }
        Ok(TrainingView::build(&analysis, &figures, as_of))
    }

    /// Brings the training actions of the organisation's current
    /// assessment (the latest by date whose framework proposes a response
    /// from training figures) in line with its latest figures, inside
    /// `change`. Nothing when it has no such assessment.
    pub(crate) fn sync_training_actions(
        &self,
        change: &Change<'_>,
        organisation_key: &str,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let current = self
            .store
            .all_assessment_headers()?
            .into_iter()
            .filter(|a| match_key(&a.organisation) == organisation_key)
            .filter(|a| self.proposing_entry(a).is_some())
            .max_by_key(|a| (a.assessment_date, a.created_at));
        match current {
            Some(assessment) => self.reconcile_training_actions(change, &assessment, now),
            None => Ok(()),
        }
    }

    /// The entry of the assessment's framework whose response training
    /// figures propose, if any.
    fn proposing_entry(&self, assessment: &Assessment) -> Option<String> {
        self.frameworks
            .get(&assessment.framework_id)?
            .entries_by_part()
            .find(|(_, e)| e.figures.is_some_and(EntryFigures::proposes_response))
            .map(|(_, e)| e.id.clone())
    }

    /// Writes the assessment's training actions as its organisation's
    /// latest figures make them (`prevent_core::plan::training`).
    pub(crate) fn reconcile_training_actions(
        &self,
        change: &Change<'_>,
        assessment: &Assessment,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let Some(entry_id) = self.proposing_entry(assessment) else {
            return Ok(());
        };
        let rules = self
            .frameworks
            .rules(&assessment.framework_id)
            .ok_or_else(|| {
                AppError::internal(format!(
                    "framework \"{}\" has no priority rules",
                    assessment.framework_id
                ))
            })?;
        let report = self.latest_compliance(&assessment.organisation)?;
        let existing: Vec<Action> = self
            .store
            .action_rows(assessment.id)?
            .into_iter()
            .filter(|a| split_source(&a.source).is_some())
            .collect();
        for (before, after) in reconcile_training(
            rules,
            assessment.id,
            &entry_id,
            report.as_ref(),
            &existing,
            Uuid::new_v4,
            now,
        ) {
            change.write_action(before.as_ref(), &after)?;
        }
        Ok(())
    }

    /// The quarterly summary for the upward return: the organisation's
    /// compliance at each reporting date of `quarter`, and what people supply.
    pub fn quarterly_return(
        &self,
        organisation: &str,
        quarter: Quarter,
        input: &QuarterlyInput,
    ) -> AppResult<QuarterlyReturn> {
        let row = self.known_organisation(organisation)?;
        let figures = self.store.training_figures(&row.key)?;
        let mut dates: Vec<NaiveDate> = figures.iter().map(|f| f.as_of).collect();
        dates.sort();
        dates.dedup();
        let reports: Vec<ComplianceReport> = dates
            .into_iter()
            .filter(|d| quarter.contains(*d))
            .map(|date| ComplianceReport::on(date, &figures))
            .collect();
        Ok(QuarterlyReturn::build(&row.name, quarter, &reports, input))
    }

    /// The organisation's compliance on its latest complete reporting date:
    /// the latest on which every group of its training needs analysis has
    /// figures. A date still being entered (one group recorded, another not
    /// yet) would read a level as having no staff, so it is passed over until
    /// it is complete. `None` without a complete date.
    pub(crate) fn latest_compliance(
        &self,
        organisation: &str,
    ) -> AppResult<Option<ComplianceReport>> {
        let figures = self.complete_training_figures(organisation)?;
        Ok(figures
            .iter()
            .map(|f| f.as_of)
            .max()
            .map(|latest| ComplianceReport::on(latest, &figures)))
    }

    /// The organisation's figures on its complete reporting dates only
    /// (`training::complete_dates_only`), as the store reads them.
    pub(crate) fn complete_training_figures(
        &self,
        organisation: &str,
    ) -> AppResult<Vec<RecordedFigures>> {
        let key = match_key(organisation);
        Ok(training::complete_dates_only(
            &self.store.training_groups(&key)?,
            self.store.training_figures(&key)?,
        ))
    }

    fn known_organisation(&self, organisation: &str) -> AppResult<OrganisationRow> {
        let typed = organisation.trim();
        self.store.organisation(&match_key(typed))?.ok_or_else(|| {
            TrainingError::UnknownOrganisation {
                organisation: typed.to_owned(),
            }
            .into()
        })
    }

    /// The organisation and one group of its analysis, or `not_found`
    /// naming the groups it has.
    fn known_group(
        &self,
        organisation: &str,
        group: &str,
    ) -> AppResult<(OrganisationRow, TrainingGroup)> {
        let row = self.known_organisation(organisation)?;
        let groups = self.store.training_groups(&row.key)?;
        let wanted = match_key(group);
        match groups.iter().find(|g| match_key(&g.name) == wanted) {
            Some(found) => {
                let found = found.clone();
                Ok((row, found))
            }
            None => Err(TrainingError::UnknownGroup {
                organisation: row.name,
                group: group.trim().to_owned(),
                known: groups.into_iter().map(|g| g.name).collect(),
            }
            .into()),
        }
    }
}
