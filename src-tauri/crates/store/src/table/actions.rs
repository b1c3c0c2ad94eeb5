//! The `actions` and `action_notes` tables: the action plan as stored. What
//! an answer means for its action is decided by `prevent_core::plan`; this
//! file reads and writes the result, in the caller's transaction, with the
//! audit rows for every change.

use std::collections::HashMap;

use prevent_core::plan::{self, EditedFields, ProgressNote};
use prevent_core::{Action, ActionStatus, AuditEntity, GapState, Priority, RuleError};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use crate::change::Change;
use crate::rows::{conversion_error, date_text, parse_optional_date, parse_timestamp, parse_uuid};
use crate::{Result, Store, StoreError};

pub(crate) const ACTION_COLUMNS: &str = "id, assessment_id, source, objective, action, priority, rule, priority_reason, status, deferred_reason, owners, department, due, gap, completed_on, signed_off_by, action_edited, owners_edited, due_edited, priority_edited, created_at, updated_at, default_rule";

/// A column's text, borrowed from the row (no copy for values that are parsed).
pub(crate) fn text_at<'r>(row: &'r Row<'_>, index: usize) -> rusqlite::Result<&'r str> {
    row.get_ref(index)?
        .as_str()
        .map_err(|e| conversion_error(index, e.to_string()))
}

fn priority_at(row: &Row<'_>, index: usize) -> rusqlite::Result<Priority> {
    Priority::parse(text_at(row, index)?).map_err(|e| conversion_error(index, e.to_string()))
}

fn status_at(row: &Row<'_>, index: usize) -> rusqlite::Result<ActionStatus> {
    ActionStatus::parse(text_at(row, index)?).map_err(|e| conversion_error(index, e.to_string()))
}

fn gap_at(row: &Row<'_>, index: usize) -> rusqlite::Result<GapState> {
    let gap = text_at(row, index)?;
    GapState::parse(gap)
        .ok_or_else(|| conversion_error(index, format!("unknown gap state {gap:?}")))
}

pub(crate) fn action_from_row(row: &Row<'_>) -> rusqlite::Result<Action> {
    Ok(Action {
        id: parse_uuid(row, 0)?,
        assessment_id: parse_uuid(row, 1)?,
        source: row.get(2)?,
        objective: row.get(3)?,
        action: row.get(4)?,
        priority: priority_at(row, 5)?,
        rule: row.get(6)?,
        priority_reason: row.get(7)?,
        status: status_at(row, 8)?,
        deferred_reason: row.get(9)?,
        owners: row.get(10)?,
        department: row.get(11)?,
        due: parse_optional_date(row, 12)?,
        gap: gap_at(row, 13)?,
        completed_on: parse_optional_date(row, 14)?,
        signed_off_by: row.get(15)?,
        edited: EditedFields {
            action: row.get(16)?,
            owners: row.get(17)?,
            due: row.get(18)?,
            priority: row.get(19)?,
        },
        notes: Vec::new(),
        created_at: parse_timestamp(row, 20)?,
        updated_at: parse_timestamp(row, 21)?,
        default_rule: row.get(22)?,
    })
}

/// Reads actions with a `WHERE` clause and fills in their notes.
fn query_actions(
    conn: &Connection,
    condition: &str,
    params: impl rusqlite::Params,
) -> rusqlite::Result<Vec<Action>> {
    let mut statement =
        conn.prepare_cached(&format!("SELECT {ACTION_COLUMNS} FROM actions {condition}"))?;
    let mut actions: Vec<Action> = statement
        .query_map(params, action_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    if actions.is_empty() {
        return Ok(actions);
    }
    let ids: Vec<String> = actions.iter().map(|a| a.id.to_string()).collect();
    let ids = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".to_owned());
    let mut notes = notes_of(conn, &ids)?;
    for action in &mut actions {
        if let Some(list) = notes.remove(&action.id) {
            action.notes = list;
        }
    }
    Ok(actions)
}

/// The progress notes of the actions whose ids `ids` lists (a JSON array), in order.
fn notes_of(conn: &Connection, ids: &str) -> rusqlite::Result<HashMap<Uuid, Vec<ProgressNote>>> {
    let mut statement = conn.prepare_cached(
        "SELECT action_id, at, by, text FROM action_notes
          WHERE action_id IN (SELECT value FROM json_each(?1)) ORDER BY seq",
    )?;
    let mut notes: HashMap<Uuid, Vec<ProgressNote>> = HashMap::new();
    let rows = statement.query_map([ids], |row| {
        Ok((
            parse_uuid(row, 0)?,
            ProgressNote {
                at: parse_timestamp(row, 1)?,
                by: row.get(2)?,
                text: row.get(3)?,
            },
        ))
    })?;
    for row in rows {
        let (id, note) = row?;
        notes.entry(id).or_default().push(note);
    }
    Ok(notes)
}

/// Writes an action's new state (insert or update) and its audit rows.
fn write_action_rows(
    change: &Change<'_>,
    old: Option<&Action>,
    new: &Action,
) -> rusqlite::Result<()> {
    change.tx.execute(
        &format!(
            "INSERT INTO actions ({ACTION_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)
             ON CONFLICT (id) DO UPDATE SET
                 objective = excluded.objective, action = excluded.action, priority = excluded.priority,
                 rule = excluded.rule, default_rule = excluded.default_rule, priority_reason = excluded.priority_reason, status = excluded.status,
                 deferred_reason = excluded.deferred_reason, owners = excluded.owners,
                 department = excluded.department, due = excluded.due, gap = excluded.gap,
                 completed_on = excluded.completed_on, signed_off_by = excluded.signed_off_by,
                 action_edited = excluded.action_edited, owners_edited = excluded.owners_edited,
                 due_edited = excluded.due_edited, priority_edited = excluded.priority_edited,
                 updated_at = excluded.updated_at"
        ),
        params![
            new.id.to_string(),
            new.assessment_id.to_string(),
            new.source,
            new.objective,
            new.action,
            new.priority.as_str(),
            new.rule,
            new.priority_reason,
            new.status.as_str(),
            new.deferred_reason,
            new.owners,
            new.department,
            date_text(new.due),
            new.gap.as_str(),
            date_text(new.completed_on),
            new.signed_off_by,
            new.edited.action,
            new.edited.owners,
            new.edited.due,
            new.edited.priority,
            change.at,
            change.at,
            new.default_rule,
        ],
    )?;
    super::plan_rows::write_action_plan_rows(&change.tx, new)?;
    let changes = plan::action_changes(old, new);
    change.record(
        new.assessment_id,
        AuditEntity::Action,
        Some(&new.source),
        &changes,
    )
}

impl Store {
    /// An assessment's actions with their notes, in the order they were
    /// written: the reading order is the framework's, which the application
    /// layer knows.
    pub fn action_rows(&self, assessment_id: Uuid) -> Result<Vec<Action>> {
        query_actions(
            &self.conn,
            "WHERE assessment_id = ?1 ORDER BY rowid",
            [assessment_id.to_string()],
        )
        .map_err(|e| self.sqlite(e))
    }

    /// The action an entry's answer has, without its notes (following the
    /// answer never touches them). Cached: it runs inside every save of an
    /// answer.
    pub fn action_for_entry(&self, assessment_id: Uuid, entry_id: &str) -> Result<Option<Action>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {ACTION_COLUMNS} FROM actions WHERE assessment_id = ?1 AND source = ?2"
            ))
            .and_then(|mut statement| {
                statement
                    .query_row(
                        [assessment_id.to_string(), entry_id.to_owned()],
                        action_from_row,
                    )
                    .optional()
            })
            .map_err(|e| self.sqlite(e))
    }

    /// The actions with these ids, with their notes.
    pub fn actions_by_ids(&self, ids: &[Uuid]) -> Result<Vec<Action>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
        let ids = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".to_owned());
        query_actions(
            &self.conn,
            "WHERE id IN (SELECT value FROM json_each(?1))",
            [ids],
        )
        .map_err(|e| self.sqlite(e))
    }

    pub fn action(&self, id: Uuid) -> Result<Action> {
        query_actions(&self.conn, "WHERE id = ?1", [id.to_string()])
            .map_err(|e| self.sqlite(e))?
            .pop()
            .ok_or_else(|| RuleError::ActionNotFound { id: id.to_string() }.into())
    }

    /// Finds an action by its full id or a unique prefix of eight or more characters.
    pub fn resolve_action_id(&self, id_or_prefix: &str) -> Result<Uuid> {
        let wanted = id_or_prefix.trim().to_ascii_lowercase();
        match self.ids_with_prefix("actions", &wanted)?.as_slice() {
            [only] => Ok(*only),
            [] => Err(RuleError::ActionNotFound {
                id: id_or_prefix.trim().to_owned(),
            }
            .into()),
            _ => Err(StoreError::AmbiguousId {
                what: "action",
                prefix: wanted,
            }),
        }
    }
}

impl Change<'_> {
    /// Writes an action's new state (an insert when `old` is `None`) with
    /// an audit row for each field that differs from `old`.
    pub fn write_action(&self, old: Option<&Action>, new: &Action) -> Result<()> {
        write_action_rows(self, old, new).map_err(|e| self.fail(e))
    }

    /// Adds a progress note to an action, with its audit row.
    pub fn add_action_note(&self, action: &Action, note: &ProgressNote) -> Result<()> {
        let written = self
            .tx
            .execute(
                "INSERT INTO action_notes (action_id, at, by, text) VALUES (?1, ?2, ?3, ?4)",
                params![action.id.to_string(), self.at, note.by, note.text],
            )
            .and_then(|_| {
                self.record(
                    action.assessment_id,
                    AuditEntity::Action,
                    Some(&action.source),
                    &[prevent_core::FieldChange {
                        field: "note".to_owned(),
                        old_value: None,
                        new_value: Some(note.text.clone()),
                    }],
                )
            });
        written.map_err(|e| self.fail(e))
    }
}
