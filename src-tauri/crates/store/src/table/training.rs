//! The training tables: organisations (and their validity period), each
//! organisation's training needs analysis, and its figures per reporting
//! date, which are counts only. Every write appends to the organisation's
//! own hash-chained audit trail (`organisation_audit_log`) in the same
//! transaction; the database refuses updates and deletes of that trail.

use chrono::NaiveDate;
use prevent_core::audit::CHAIN_START;
use prevent_core::training::{
    FiguresSource, GroupFigures, OrganisationAuditEntity, OrganisationAuditEntry, RecordedFigures,
    TrainingGroup, TrainingLevel, Validity,
};
use prevent_core::training_import::ImportMapping;
use prevent_core::{ChainCheck, FieldChange};
use rusqlite::{OptionalExtension, Params, Row, params};

use crate::change::Change;
use crate::rows::{conversion_error, entity_at, parse_date, parse_timestamp};
use crate::{Result, Store};

/// An organisation as the training tables know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationRow {
    /// How it is matched: the name trimmed, in lower case.
    pub key: String,
    /// The name as first typed.
    pub name: String,
    /// `None` until the organisation sets one: the default applies.
    pub validity: Option<Validity>,
    /// How its last training export's columns were mapped, if it has
    /// imported one.
    pub import_mapping: Option<ImportMapping>,
}

fn level_at(row: &Row<'_>, index: usize) -> rusqlite::Result<TrainingLevel> {
    let text: String = row.get(index)?;
    TrainingLevel::parse(&text)
        .map_err(|_| conversion_error(index, format!("\"{text}\" is not a stored training level")))
}

fn count_at(row: &Row<'_>, index: usize) -> rusqlite::Result<u32> {
    let count: i64 = row.get(index)?;
    u32::try_from(count).map_err(|_| conversion_error(index, format!("a count of {count}")))
}

const FIGURES_SELECT: &str =
    "SELECT f.as_of, f.group_name, f.level, f.headcount, f.in_date, f.source,
        f.source_file_name, f.source_sha256, f.recorded_at, f.recorded_by
   FROM training_figures f
   LEFT JOIN training_groups g
     ON g.organisation_key = f.organisation_key AND g.group_key = f.group_key
  WHERE f.organisation_key = ?1";

fn figures_from_row(row: &Row<'_>) -> rusqlite::Result<RecordedFigures> {
    let source: String = row.get(5)?;
    let source = match source.as_str() {
        "entered" => FiguresSource::Entered,
        "imported" => FiguresSource::Imported {
            file_name: row.get(6)?,
            sha256: row.get(7)?,
        },
        other => {
            return Err(conversion_error(
                5,
                format!("\"{other}\" is not a stored source of figures"),
            ));
        }
    };
    Ok(RecordedFigures {
        as_of: parse_date(row, 0)?,
        figures: GroupFigures {
            group: row.get(1)?,
            level: level_at(row, 2)?,
            headcount: count_at(row, 3)?,
            in_date: count_at(row, 4)?,
        },
        source,
        recorded_at: parse_timestamp(row, 8)?,
        recorded_by: row.get(9)?,
    })
}

impl Store {
    /// Every row `sql` selects with `values`, each read by `read`.
    fn training_rows<T>(
        &self,
        sql: &str,
        values: impl Params,
        read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        self.conn
            .prepare_cached(sql)
            .and_then(|mut statement| statement.query_map(values, read)?.collect())
            .map_err(|e| self.sqlite(e))
    }

    /// The one row `sql` selects with `values`, if any.
    fn training_row<T>(
        &self,
        sql: &str,
        values: impl Params,
        read: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>> {
        self.conn
            .prepare_cached(sql)
            .and_then(|mut statement| statement.query_row(values, read).optional())
            .map_err(|e| self.sqlite(e))
    }

    /// Every organisation's name as first recorded, in alphabetical order.
    pub fn organisation_names(&self) -> Result<Vec<String>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT name FROM organisations ORDER BY key")
            .map_err(|e| self.sqlite(e))?;
        statement
            .query_map([], |row| row.get(0))
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))
    }

    /// The organisation matched by `key`, if anything has been recorded for it.
    pub fn organisation(&self, key: &str) -> Result<Option<OrganisationRow>> {
        self.training_row(
            "SELECT key, name, training_validity_years, training_import_mapping
               FROM organisations WHERE key = ?1",
            [key],
            |row| {
                let years: Option<i64> = row.get(2)?;
                let validity = years
                    .map(|y| {
                        u32::try_from(y)
                            .ok()
                            .and_then(|y| Validity::new(y).ok())
                            .ok_or_else(|| conversion_error(2, format!("a validity of {y} years")))
                    })
                    .transpose()?;
                let mapping: Option<String> = row.get(3)?;
                let import_mapping = mapping
                    .map(|json| {
                        serde_json::from_str(&json).map_err(|e| {
                            conversion_error(3, format!("a stored import mapping: {e}"))
                        })
                    })
                    .transpose()?;
                Ok(OrganisationRow {
                    key: row.get(0)?,
                    name: row.get(1)?,
                    validity,
                    import_mapping,
                })
            },
        )
    }

    /// The organisation's training needs analysis, in its order.
    pub fn training_groups(&self, key: &str) -> Result<Vec<TrainingGroup>> {
        self.training_rows(
            "SELECT name, level, position FROM training_groups
              WHERE organisation_key = ?1 ORDER BY position, group_key",
            [key],
            |row| {
                Ok(TrainingGroup {
                    name: row.get(0)?,
                    level: level_at(row, 1)?,
                    position: count_at(row, 2)?,
                })
            },
        )
    }

    /// Every figure recorded for the organisation: by reporting date, then
    /// in the order of the training needs analysis (groups since removed
    /// last, by name).
    pub fn training_figures(&self, key: &str) -> Result<Vec<RecordedFigures>> {
        self.training_rows(
            &format!(
                "{FIGURES_SELECT} ORDER BY f.as_of, g.position IS NULL, g.position, f.group_key"
            ),
            [key],
            figures_from_row,
        )
    }

    /// One group's figures for one reporting date, if recorded.
    pub fn training_figure(
        &self,
        key: &str,
        as_of: NaiveDate,
        group_key: &str,
    ) -> Result<Option<RecordedFigures>> {
        self.training_row(
            &format!("{FIGURES_SELECT} AND f.as_of = ?2 AND f.group_key = ?3"),
            params![key, as_of.to_string(), group_key],
            figures_from_row,
        )
    }

    /// The organisation's own audit trail, oldest first.
    pub fn organisation_audit_trail(&self, key: &str) -> Result<Vec<OrganisationAuditEntry>> {
        self.training_rows(
            "SELECT l.seq, l.at, l.actor, l.actor_role, o.name, l.entity, l.entry_id, l.field,
                    l.old_value, l.new_value, l.hash
               FROM organisation_audit_log l JOIN organisations o ON o.key = l.organisation_key
              WHERE l.organisation_key = ?1 ORDER BY l.seq",
            [key],
            |row| {
                Ok(OrganisationAuditEntry {
                    seq: row.get(0)?,
                    at: parse_timestamp(row, 1)?,
                    actor: row.get(2)?,
                    actor_role: row.get(3)?,
                    organisation: row.get(4)?,
                    entity: entity_at(row, 5, OrganisationAuditEntity::parse)?,
                    entry_id: row.get(6)?,
                    field: row.get(7)?,
                    old_value: row.get(8)?,
                    new_value: row.get(9)?,
                    hash: row.get(10)?,
                })
            },
        )
    }

    /// Checks the organisation's hash chain over the columns as stored.
    pub fn verify_organisation_audit_chain(&self, key: &str) -> Result<ChainCheck> {
        self.verify_chain_of(
            "SELECT seq, at, actor, actor_role, organisation_key, entity, field, entry_id, old_value, new_value, prev_hash, hash
             FROM organisation_audit_log WHERE organisation_key = ?1 ORDER BY seq",
            key,
        )
    }
}

impl Change<'_> {
    /// Records the organisation under `key` the first time anything is
    /// recorded for it, keeping `name` as typed; later names leave it be.
    pub fn ensure_organisation(&self, key: &str, name: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO organisations (key, name, created_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO NOTHING",
            )
            .and_then(|mut statement| statement.execute(params![key, name, self.at]))
            .map(|_| ())
            .map_err(|e| self.fail(e))
    }

    /// Sets the organisation's validity period, with its audit rows.
    pub fn set_training_validity(
        &self,
        key: &str,
        validity: Validity,
        changes: &[FieldChange],
    ) -> Result<()> {
        self.write_audited(
            "UPDATE organisations SET training_validity_years = ?2 WHERE key = ?1",
            params![key, validity.years],
            (key, OrganisationAuditEntity::TrainingValidity, None),
            changes,
        )
    }

    /// Remembers how the organisation's training export is mapped, with its
    /// audit rows.
    pub fn set_import_mapping(
        &self,
        key: &str,
        mapping: &ImportMapping,
        changes: &[FieldChange],
    ) -> Result<()> {
        let json = serde_json::to_string(mapping)
            .map_err(|e| self.fail(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
        self.write_audited(
            "UPDATE organisations SET training_import_mapping = ?2 WHERE key = ?1",
            params![key, json],
            (key, OrganisationAuditEntity::TrainingImportMapping, None),
            changes,
        )
    }

    /// Adds a staff group to the training needs analysis or changes it,
    /// with its audit rows.
    pub fn write_training_group(
        &self,
        key: &str,
        group_key: &str,
        group: &TrainingGroup,
        changes: &[FieldChange],
    ) -> Result<()> {
        self.write_audited(
            "INSERT INTO training_groups (organisation_key, group_key, name, level, position)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (organisation_key, group_key) DO UPDATE SET
                 name = excluded.name, level = excluded.level, position = excluded.position",
            params![
                key,
                group_key,
                group.name,
                group.level.as_str(),
                group.position
            ],
            (
                key,
                OrganisationAuditEntity::TrainingGroup,
                Some(&group.name),
            ),
            changes,
        )
    }

    /// Removes a staff group from the analysis; figures already recorded
    /// for it stay as they were. The audit rows keep what it was.
    pub fn delete_training_group(
        &self,
        key: &str,
        group_key: &str,
        group: &TrainingGroup,
        changes: &[FieldChange],
    ) -> Result<()> {
        self.write_audited(
            "DELETE FROM training_groups WHERE organisation_key = ?1 AND group_key = ?2",
            params![key, group_key],
            (
                key,
                OrganisationAuditEntity::TrainingGroup,
                Some(&group.name),
            ),
            changes,
        )
    }

    /// Records one group's figures for a reporting date (replacing any
    /// recorded before for that date), with their audit rows.
    pub fn write_training_figures(
        &self,
        key: &str,
        group_key: &str,
        recorded: &RecordedFigures,
        entry_id: &str,
        changes: &[FieldChange],
    ) -> Result<()> {
        let (source, file_name, sha256) = match &recorded.source {
            FiguresSource::Entered => ("entered", None, None),
            FiguresSource::Imported { file_name, sha256 } => {
                ("imported", Some(file_name.as_str()), Some(sha256.as_str()))
            }
        };
        let figures = &recorded.figures;
        self.write_audited(
            "INSERT INTO training_figures (organisation_key, as_of, group_key, group_name, level,
                 headcount, in_date, source, source_file_name, source_sha256, recorded_at, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (organisation_key, as_of, group_key) DO UPDATE SET
                 group_name = excluded.group_name, level = excluded.level,
                 headcount = excluded.headcount, in_date = excluded.in_date,
                 source = excluded.source, source_file_name = excluded.source_file_name,
                 source_sha256 = excluded.source_sha256, recorded_at = excluded.recorded_at,
                 recorded_by = excluded.recorded_by",
            params![
                key,
                recorded.as_of.to_string(),
                group_key,
                figures.group,
                figures.level.as_str(),
                figures.headcount,
                figures.in_date,
                source,
                file_name,
                sha256,
                self.at,
                self.actor().name,
            ],
            (key, OrganisationAuditEntity::TrainingFigures, Some(entry_id)),
            changes,
        )
    }

    /// Runs one write and appends its audit rows to the organisation's
    /// trail (`trail`: the organisation's key, the kind and the entry).
    pub(crate) fn write_audited(
        &self,
        sql: &str,
        values: impl Params,
        (key, entity, entry_id): (&str, OrganisationAuditEntity, Option<&str>),
        changes: &[FieldChange],
    ) -> Result<()> {
        let written = self
            .tx
            .prepare_cached(sql)
            .and_then(|mut statement| statement.execute(values))
            .and_then(|_| self.record_organisation(key, entity, entry_id, changes));
        written.map_err(|e| self.fail(e))
    }

    /// Appends the rows to the organisation's trail, linked into its chain.
    fn record_organisation(
        &self,
        key: &str,
        entity: OrganisationAuditEntity,
        entry_id: Option<&str>,
        changes: &[FieldChange],
    ) -> rusqlite::Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        // Read inside the transaction, so rows written earlier in this
        // change are the head.
        let previous: Option<String> = self
            .tx
            .prepare_cached(
                "SELECT hash FROM organisation_audit_log WHERE organisation_key = ?1
                  ORDER BY seq DESC LIMIT 1",
            )?
            .query_row([key], |row| row.get(0))
            .optional()?;
        self.append_chained(
            "INSERT INTO organisation_audit_log (at, actor, actor_role, organisation_key, entity, entry_id, field, old_value, new_value, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            key,
            previous.unwrap_or_else(|| CHAIN_START.to_owned()),
            entity.as_str(),
            entry_id,
            changes,
        )
        .map(|_| ())
    }
}
