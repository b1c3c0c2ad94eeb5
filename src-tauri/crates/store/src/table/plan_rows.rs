//! `plan_rows` and its running counts: the live plan (the actions of each
//! assessment's newest version) kept in the order the dashboard reads it, so
//! that a page of the dashboard costs what the page costs, not what the
//! history does. Derived data, never audited: rewritten here, in the
//! caller's transaction, whenever an action is written or a new version
//! takes over its assessment's plan.
//!
//! What is read here, and what is left to `prevent_core::plan`:
//! - the plan's order depends on today (an overdue action shows one level
//!   higher), so the core cuts the plan into segments
//!   (`prevent_core::plan::segments`), each read here in due-date order from
//!   an index and merged, until the page is full and every action tying
//!   with its last on what the index orders by is read. The core then reads
//!   those few actions in full and sorts them exactly (reading order, id);
//! - owners: an action names several, separated by semicolons or lines, in
//!   any case. SQL can neither split them nor fold case as the app's rules
//!   do, so each owner gets a row of their own, keyed by
//!   `prevent_core::plan::view::owner_key`, written from Rust; the owner
//!   filter then reads its owner's rows in the same order, from the same
//!   index. Departments are keyed the same way;
//! - the counts: SQLite keeps a running count (triggers in migration 10) of
//!   the live actions that share the fields counting reads, for everyone
//!   and for each owner; a read adds up the dates the rules cannot tell
//!   apart, and the core counts the groups its filter keeps.

use std::cmp::Ordering;

use chrono::NaiveDate;
use prevent_core::plan::segments::{DueRange, PlanSegment};
use prevent_core::plan::view::{
    ListOrder, TallyGroup, department_key, is_live, owner_key, split_owners,
};
use prevent_core::{Action, ActionStatus, GapState, Priority};
use rusqlite::types::Value;
use rusqlite::{Connection, Row, params, params_from_iter};
use uuid::Uuid;

use super::actions::{ACTION_COLUMNS, action_from_row, text_at};
use crate::rows::conversion_error;
use crate::{Result, Store};

/// How `due_key` writes "no completion date": after every date.
const UNDATED: &str = "~";

/// A completion date as `due_key` orders it. Dates SQLite cannot hold
/// (before year 0 or after 9999) are put before or after every stored one.
fn date_key(day: NaiveDate) -> String {
    use chrono::Datelike;
    match day.year() {
        year if year < 0 => String::new(),
        year if year > 9999 => UNDATED.to_owned(),
        _ => day.to_string(),
    }
}

fn due_key(due: Option<NaiveDate>) -> String {
    due.map_or_else(|| UNDATED.to_owned(), date_key)
}

/// The `due_key` range of a segment: from the first key (included) to the
/// second (left out).
fn due_key_range(range: DueRange) -> (String, String) {
    let after_every_key = || format!("{UNDATED}{UNDATED}");
    match range {
        DueRange::Any => (String::new(), after_every_key()),
        DueRange::Before(day) => (String::new(), date_key(day)),
        DueRange::FromOn(day) => (date_key(day), after_every_key()),
        DueRange::Between(first, last) => (
            date_key(first),
            last.succ_opt().map_or_else(|| UNDATED.to_owned(), date_key),
        ),
    }
}

/// Rewrites an action's plan rows: none unless its assessment is the newest
/// version; else the row every view reads and one per owner it names.
fn write_rows(conn: &Connection, action: &Action) -> rusqlite::Result<()> {
    let id = action.id.to_string();
    conn.prepare_cached("DELETE FROM plan_rows WHERE action_id = ?1")?
        .execute([&id])?;
    // One row per owner, spelt as the first of its spellings in Unicode
    // order, as the filter's choices show it.
    let mut owners: Vec<(String, String)> = split_owners(&action.owners)
        .into_iter()
        .map(|owner| (owner_key(&owner), owner))
        .collect();
    owners.sort();
    owners.dedup_by(|later, first| later.0 == first.0);
    let department = action.department.trim();
    let mut insert = conn.prepare_cached(
        "INSERT INTO plan_rows (owner_key, action_id, owner, priority, status, gap, live, due_key,
                                department, department_key, assessment_date, organisation)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, assessment.assessment_date, assessment.organisation
           FROM assessments AS assessment
          WHERE assessment.id = ?11
            AND NOT EXISTS (SELECT 1 FROM assessments AS newer WHERE newer.previous_version = assessment.id)",
    )?;
    let everyone = (String::new(), String::new());
    for (key, owner) in std::iter::once(&everyone).chain(&owners) {
        insert.execute(params![
            key,
            id,
            owner,
            action.priority.as_str(),
            action.status.as_str(),
            action.gap.as_str(),
            is_live(action),
            due_key(action.due),
            department,
            department_key(department),
            action.assessment_id.to_string(),
        ])?;
    }
    Ok(())
}

/// Rewrites the plan rows of every action `condition` picks (a `WHERE`
/// clause on `actions`).
fn rewrite_rows_where(
    conn: &Connection,
    condition: &str,
    params: impl rusqlite::Params,
) -> rusqlite::Result<()> {
    let actions: Vec<Action> = conn
        .prepare(&format!("SELECT {ACTION_COLUMNS} FROM actions {condition}"))?
        .query_map(params, action_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    for action in &actions {
        write_rows(conn, action)?;
    }
    Ok(())
}

/// Migration 10's step in code: the plan rows of every action already there.
pub(crate) fn fill_plan_rows(conn: &Connection) -> rusqlite::Result<()> {
    rewrite_rows_where(conn, "", [])
}

/// An action's new state, in the transaction that writes it.
pub(crate) fn write_action_plan_rows(conn: &Connection, action: &Action) -> rusqlite::Result<()> {
    write_rows(conn, action)
}

/// A new version takes over the plan: its actions get the rows, the old
/// version's are removed.
pub(crate) fn move_plan_rows(conn: &Connection, old: Uuid, new: Uuid) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM plan_rows WHERE action_id IN (SELECT id FROM actions WHERE assessment_id = ?1)",
        [old.to_string()],
    )?;
    rewrite_rows_where(conn, "WHERE assessment_id = ?1", [new.to_string()])
}

/// Which of the live plan's actions to read, in which order, how many.
#[derive(Debug, Clone)]
pub struct PlanRead<'a> {
    pub segments: &'a [PlanSegment],
    pub order: ListOrder,
    /// Only the actions that name this owner (an `owner_key`).
    pub owner_key: Option<String>,
    /// Only the actions of this department (a `department_key`).
    pub department_key: Option<String>,
    pub status: Option<ActionStatus>,
    /// At most this many, and then every action tying with the last.
    pub limit: Option<u32>,
}

/// What the index orders a row by; the core orders ties exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OrderKey {
    effective: Priority,
    due_key: String,
    assessment_date: String,
    organisation: String,
}

impl OrderKey {
    fn compare(&self, other: &OrderKey, order: ListOrder) -> Ordering {
        let rest = || {
            other
                .assessment_date
                .cmp(&self.assessment_date)
                .then_with(|| self.organisation.cmp(&other.organisation))
        };
        match order {
            ListOrder::Plan => other
                .effective
                .cmp(&self.effective)
                .then_with(|| self.due_key.cmp(&other.due_key))
                .then_with(rest),
            ListOrder::SoonestDue => self
                .due_key
                .cmp(&other.due_key)
                .then_with(|| other.effective.cmp(&self.effective))
                .then_with(rest),
        }
    }
}

/// An owner's (or everyone's) running counts in the key's order, so the
/// dates of a group arrive one after the other, the first of them first,
/// and are added up as they come.
const TALLY_QUERY: &str =
    "SELECT department, status, priority, gap, due_key, actions FROM plan_tally
  WHERE owner_key = ?1 ORDER BY department, status, priority, gap, due_key";

/// One segment's rows in the index's order: its owner's (or everyone's),
/// then optionally one department's and one status's; then the segment's
/// priority, live state and `due_key` range. The segments are read side by
/// side, so each (by its `place` among them) has a text, and a cached
/// statement, of its own.
fn segment_query(department: bool, status: bool, place: usize) -> String {
    let mut conditions = String::new();
    let mut fixed = 1;
    if department {
        fixed += 1;
        conditions.push_str(&format!(" AND department_key = ?{fixed}"));
    }
    if status {
        fixed += 1;
        conditions.push_str(&format!(" AND status = ?{fixed}"));
    }
    // The index is named: without statistics, SQLite may guess another for
    // a department and a status together, and sort a whole segment.
    let index = if department {
        "plan_rows_by_department"
    } else {
        "plan_rows_in_order"
    };
    format!(
        "SELECT action_id, due_key, assessment_date, organisation FROM plan_rows INDEXED BY {index}
          WHERE owner_key = ?1{conditions} AND priority = ?{} AND live = ?{} AND due_key >= ?{} AND due_key < ?{}
          ORDER BY due_key, assessment_date DESC, organisation -- segment {place}",
        fixed + 1,
        fixed + 2,
        fixed + 3,
        fixed + 4,
    )
}

/// One segment's rows, in the index's order, one ahead.
struct Stream<'s> {
    rows: rusqlite::Rows<'s>,
    effective: Priority,
    next: Option<(String, OrderKey)>,
}

impl Stream<'_> {
    fn advance(&mut self) -> rusqlite::Result<()> {
        let effective = self.effective;
        self.next = self
            .rows
            .next()?
            .map(|row: &Row<'_>| -> rusqlite::Result<_> {
                Ok((
                    row.get(0)?,
                    OrderKey {
                        effective,
                        due_key: row.get(1)?,
                        assessment_date: row.get(2)?,
                        organisation: row.get(3)?,
                    },
                ))
            })
            .transpose()?;
        Ok(())
    }
}

/// A stored value read back as the one of `all` stored as that text. The
/// tally is read on every view of the dashboard, so without allocating.
fn stored<T: Copy>(
    row: &Row<'_>,
    index: usize,
    all: &[T],
    as_str: fn(T) -> &'static str,
) -> rusqlite::Result<T> {
    let text = text_at(row, index)?;
    all.iter()
        .copied()
        .find(|value| as_str(*value) == text)
        .ok_or_else(|| conversion_error(index, format!("unknown value {text:?}")))
}

fn group_from_row(row: &Row<'_>) -> rusqlite::Result<TallyGroup> {
    let due = text_at(row, 4)?;
    Ok(TallyGroup {
        department: row.get(0)?,
        status: stored(row, 1, &ActionStatus::ALL, ActionStatus::as_str)?,
        priority: stored(row, 2, &Priority::ALL, Priority::as_str)?,
        gap: stored(
            row,
            3,
            &[GapState::Open, GapState::Closed],
            GapState::as_str,
        )?,
        due: if due == UNDATED {
            None
        } else {
            Some(
                due.parse::<NaiveDate>()
                    .map_err(|e| conversion_error(4, e.to_string()))?,
            )
        },
        actions: row.get(5)?,
    })
}

impl Store {
    /// The live plan's actions that `read` asks for, in the order of what
    /// the index holds (the core sorts ties exactly): at most `read.limit`,
    /// and every action tying with the last of them.
    pub fn plan_action_ids(&self, read: &PlanRead<'_>) -> Result<Vec<Uuid>> {
        self.read_plan_ids(read).map_err(|e| self.sqlite(e))
    }

    fn read_plan_ids(&self, read: &PlanRead<'_>) -> rusqlite::Result<Vec<Uuid>> {
        let mut fixed: Vec<Value> = vec![Value::Text(read.owner_key.clone().unwrap_or_default())];
        if let Some(key) = &read.department_key {
            fixed.push(Value::Text(key.clone()));
        }
        if let Some(status) = read.status {
            fixed.push(Value::Text(status.as_str().to_owned()));
        }
        let mut statements = (0..read.segments.len())
            .map(|place| {
                self.conn.prepare_cached(&segment_query(
                    read.department_key.is_some(),
                    read.status.is_some(),
                    place,
                ))
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut streams = Vec::new();
        for (statement, segment) in statements.iter_mut().zip(read.segments) {
            let (from, until) = due_key_range(segment.due);
            let values = fixed.iter().cloned().chain([
                Value::Text(segment.priority.as_str().to_owned()),
                Value::Integer(i64::from(segment.live)),
                Value::Text(from),
                Value::Text(until),
            ]);
            let mut stream = Stream {
                rows: statement.query(params_from_iter(values))?,
                effective: segment.effective,
                next: None,
            };
            stream.advance()?;
            streams.push(stream);
        }
        // Merge the segments: always take the stream whose next row comes
        // first; once the page is full, only rows tying with its last.
        let limit = read.limit.map_or(usize::MAX, |l| l as usize);
        let mut ids = Vec::new();
        let mut last: Option<OrderKey> = None;
        while let Some(stream) = streams
            .iter_mut()
            .filter(|stream| stream.next.is_some())
            .min_by(|a, b| match (&a.next, &b.next) {
                (Some((_, a)), Some((_, b))) => a.compare(b, read.order),
                _ => Ordering::Equal,
            })
        {
            let Some((id, key)) = stream.next.take() else {
                break;
            };
            if ids.len() >= limit && last.as_ref() != Some(&key) {
                break;
            }
            ids.push(Uuid::parse_str(&id).map_err(|e| conversion_error(0, e.to_string()))?);
            last = Some(key);
            stream.advance()?;
        }
        Ok(ids)
    }

    /// The running counts of the live plan by the fields counting reads:
    /// of every action with `owner_key` `None`, else of those naming that
    /// owner (an `owner_key`). Dates on the same side of each of `bounds`
    /// are added up (`prevent_core::plan::view::due_bounds` says which
    /// days the rules compare with), so what is read here follows the
    /// departments, statuses and priorities, not how many dates there are.
    pub fn plan_tally(
        &self,
        owner_key: Option<&str>,
        bounds: &[NaiveDate],
    ) -> Result<Vec<TallyGroup>> {
        self.read_tally(owner_key.unwrap_or_default(), bounds)
            .map_err(|e| self.sqlite(e))
    }

    fn read_tally(
        &self,
        owner_key: &str,
        bounds: &[NaiveDate],
    ) -> rusqlite::Result<Vec<TallyGroup>> {
        let bound_keys: Vec<String> = bounds.iter().map(|day| date_key(*day)).collect();
        let side = |due_key: &str| {
            (
                due_key == UNDATED,
                bound_keys.iter().filter(|b| due_key >= b.as_str()).count(),
            )
        };
        let mut statement = self.conn.prepare_cached(TALLY_QUERY)?;
        let mut rows = statement.query([owner_key])?;
        let mut groups: Vec<(TallyGroup, (bool, usize))> = Vec::new();
        while let Some(row) = rows.next()? {
            let due_side = side(text_at(row, 4)?);
            if let Some((group, group_side)) = groups.last_mut()
                && *group_side == due_side
                && group.department == text_at(row, 0)?
                && group.status.as_str() == text_at(row, 1)?
                && group.priority.as_str() == text_at(row, 2)?
                && group.gap.as_str() == text_at(row, 3)?
            {
                group.actions = group.actions.saturating_add(row.get(5)?);
                continue;
            }
            groups.push((group_from_row(row)?, due_side));
        }
        Ok(groups.into_iter().map(|(group, _)| group).collect())
    }

    /// Every owner's name and every department in the live plan, as typed
    /// (trimmed), each spelling once.
    pub fn plan_names(&self) -> Result<(Vec<String>, Vec<String>)> {
        let column = |sql: &str| -> rusqlite::Result<Vec<String>> {
            self.conn
                .prepare_cached(sql)?
                .query_map([], |row| row.get(0))?
                .collect()
        };
        Ok((
            column("SELECT owner FROM plan_owner_names").map_err(|e| self.sqlite(e))?,
            column(
                "SELECT DISTINCT department FROM plan_tally WHERE owner_key = '' AND department <> ''",
            )
                .map_err(|e| self.sqlite(e))?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query_plan(conn: &Connection, sql: &str) -> String {
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .and_then(|mut s| {
                let unbound = vec![Value::Text("x".to_owned()); s.parameter_count()];
                s.query_map(params_from_iter(unbound), |row| row.get(3))?
                    .collect()
            })
            .expect("plan");
        plan.join("\n")
    }

    #[test]
    fn segments_and_counts_are_read_from_an_index_in_order_without_sorting() {
        let mut conn = Connection::open_in_memory().expect("memory");
        crate::migrations::migrate(&mut conn, "2026-11-21T09:00:00.000Z").expect("schema");
        for (department, status) in [(false, false), (true, false), (false, true), (true, true)] {
            let plan = query_plan(&conn, &segment_query(department, status, 0));
            assert!(!plan.contains("TEMP B-TREE"), "{plan}");
            let index = if department {
                "plan_rows_by_department"
            } else {
                "plan_rows_in_order"
            };
            assert!(plan.contains(index), "{department} {status}: {plan}");
        }
        let plan = query_plan(&conn, TALLY_QUERY);
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
        assert!(plan.contains("PRIMARY KEY (owner_key=?)"), "{plan}");
    }

    #[test]
    fn due_keys_order_undated_after_every_date() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
        assert!(
            due_key(Some(NaiveDate::from_ymd_opt(9999, 12, 31).expect("date"))) < due_key(None)
        );
        assert_eq!(
            due_key_range(DueRange::Before(today)),
            (String::new(), "2026-11-21".to_owned())
        );
        assert_eq!(
            due_key_range(DueRange::Between(today, NaiveDate::MAX)),
            ("2026-11-21".to_owned(), UNDATED.to_owned())
        );
        let (from, until) = due_key_range(DueRange::FromOn(today));
        assert!(from.as_str() <= UNDATED && UNDATED < until.as_str());
    }
}
