//! Counting a training export: person-level rows from an ESR or
//! learning-management report in, counts per staff group out.
//!
//! The rows are personal data. They pass through [`count`] and are dropped:
//! what comes out ([`ImportCounts`]) is a headcount and an in-date count per
//! group of the training needs analysis that the file counts someone in, the
//! groups it counts nobody in, and a list of the rows that could not be
//! counted as they stand, by line number and reason (never the cell's
//! value). Nothing here keeps a person number or a completion date.
//!
//! The product's readings, stated wherever an import is shown
//! ([`IMPORT_READINGS`]):
//! - **Only the groups the file counts someone in are recorded.** A group of
//!   the analysis with no row counted keeps the figures it has for the
//!   reporting date (typed by hand, say), or stays without: the preview says
//!   "no rows in the file: figures unchanged".
//! - **A blank completion date means not completed**, and **a date after the
//!   reporting date is not a completion by then**: either way the person
//!   counts in the group's headcount and not as in date, and the row is
//!   listed, so it is never silent. A later date never makes anyone in date.
//! - **A person is counted once.** With a person number column, a person's
//!   rows (a learning system has one per course completion) give, at the
//!   level their group needs, their latest completion on or before the
//!   reporting date. If their rows name different staff groups they are
//!   counted in the group of their first row (the file's order), and the rows
//!   naming another group are left out and listed: choosing by date could
//!   count someone in date in a role whose training they have not done.
//! - **Every other malformed row is left out of both counts and listed**: no
//!   staff group, a group not in the training needs analysis, a date that
//!   cannot be read, a cell too long. Counting an unreadable row either way
//!   would be a guess.
//! - **A listed row's reason names the column and the kind of problem, never
//!   the cell's value**: the values are personal data, and the list is shown
//!   on screen, printed and given as JSON.
//! - Dates are read as `YYYY-MM-DD`, `DD/MM/YYYY` (UK order) or an Excel date
//!   cell; anything else is not a date.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::FieldChange;
use crate::rules::ErrorKind;
use crate::training::{GroupFigures, TrainingGroup, TrainingLevel, Validity, match_key};

/// The longest cell read, in characters; a longer one is not read.
pub const MAX_CELL_CHARS: usize = 1_000;

/// The product's readings of an import, shown with every preview.
pub const IMPORT_READINGS: [&str; 7] = [
    "Only the counts are kept, with the file's name and SHA-256. The rows are personal data: no person number, name or date from the file is stored.",
    "Only the staff groups the file counts someone in are recorded. A group of the training needs analysis with no row counted keeps the figures it has for the reporting date, or stays without (\"no rows in the file: figures unchanged\").",
    "A blank completion date means not completed, and a date after the reporting date is not a completion by then: either way the person counts in the group's headcount, not as in date, and the row is listed.",
    "With a person number column, a person is counted once: at the level their group needs, by their latest completion on or before the reporting date across their rows. If their rows name different staff groups they are counted in the group of their first row; the rows naming another group are left out and listed.",
    "Every other malformed row (no staff group, a group not in the training needs analysis, a date that cannot be read, a cell too long) is left out of both counts and listed by line.",
    "A listed row's reason names the column and the kind of problem, never the cell's value: the values are personal data.",
    "Dates are read as YYYY-MM-DD, DD/MM/YYYY (UK order) or an Excel date cell.",
];

/// One cell of a training export, as the reader hands it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    /// An Excel cell formatted as a date.
    Date(NaiveDate),
    /// Longer than [`MAX_CELL_CHARS`]: not read.
    TooLong,
}

impl Cell {
    /// A text cell, trimmed; blank text is [`Cell::Empty`], text longer than
    /// [`MAX_CELL_CHARS`] is [`Cell::TooLong`].
    pub fn text(text: &str) -> Cell {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            Cell::Empty
        } else if trimmed.len() > MAX_CELL_CHARS && trimmed.chars().count() > MAX_CELL_CHARS {
            Cell::TooLong
        } else {
            Cell::Text(trimmed.to_owned())
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }
}

/// A row of the export under its line number in the file (for a
/// workbook, its row number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<Cell>,
}

/// An export as read: the first non-empty row is the header; blank rows
/// are not rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    /// The table of `rows` in file order: the first row with anything in it
    /// is the header, later blank rows are passed over.
    pub fn from_rows(rows: impl IntoIterator<Item = Row>) -> Table {
        let mut table = Table::default();
        let mut header_seen = false;
        for row in rows {
            if row.cells.iter().all(Cell::is_empty) {
                continue;
            }
            if header_seen {
                table.rows.push(row);
            } else {
                header_seen = true;
                table.columns = row.cells.iter().map(column_name).collect();
            }
        }
        table
    }
}

fn column_name(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => text.clone(),
        Cell::Date(date) => date.to_string(),
        Cell::TooLong => format!("(a name longer than {MAX_CELL_CHARS} characters)"),
    }
}

/// The largest training export read: a large trust's 20,000 staff take a
/// few megabytes; this leaves room for wide reports.
pub const MAX_TRAINING_EXPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Which column of the export holds what: column names as the header has
/// them (matched trimmed, in any case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportMapping {
    /// The staff group or role.
    pub group: String,
    /// The completion date of levels 1 and 2.
    pub l12: Option<String>,
    /// The completion date of level 3.
    pub l3: Option<String>,
    /// A person number: used only to find the same person twice.
    pub person: Option<String>,
}

impl ImportMapping {
    /// Reads `group=COLUMN,l12=COLUMN,l3=COLUMN[,person=COLUMN]`. A part
    /// without a key continues the column name before it, so a column name
    /// may hold a comma.
    pub fn parse(text: &str) -> Result<ImportMapping, ImportError> {
        let mut parts: Vec<(String, String)> = Vec::new();
        for part in text.split(',') {
            match part.split_once('=') {
                Some((key, column)) if mapping_key(key).is_some() => {
                    parts.push((key.to_owned(), column.to_owned()));
                }
                _ => match parts.last_mut() {
                    Some((_, column)) => {
                        column.push(',');
                        column.push_str(part);
                    }
                    None => {
                        return Err(ImportError::MappingSyntax {
                            part: part.trim().to_owned(),
                        });
                    }
                },
            }
        }
        let mut mapping = ImportMapping {
            group: String::new(),
            l12: None,
            l3: None,
            person: None,
        };
        for (key, column) in parts {
            let column = column.trim().to_owned();
            if column.is_empty() {
                return Err(ImportError::MappingSyntax {
                    part: format!("{}=", key.trim()),
                });
            }
            match mapping_key(&key) {
                Some(MappingKey::Group) => mapping.group = column,
                Some(MappingKey::L12) => mapping.l12 = Some(column),
                Some(MappingKey::L3) => mapping.l3 = Some(column),
                Some(MappingKey::Person) | None => mapping.person = Some(column),
            }
        }
        if mapping.group.is_empty() {
            return Err(ImportError::MappingWithoutGroup);
        }
        if mapping.l12.is_none() && mapping.l3.is_none() {
            return Err(ImportError::MappingWithoutDates);
        }
        Ok(mapping)
    }

    /// As typed and as the audit trail records it:
    /// `group=Staff group,l12=Prevent L1-2,l3=Prevent L3`.
    pub fn describe(&self) -> String {
        let mut parts = vec![format!("group={}", self.group)];
        for (key, column) in [
            ("l12", &self.l12),
            ("l3", &self.l3),
            ("person", &self.person),
        ] {
            if let Some(column) = column {
                parts.push(format!("{key}={column}"));
            }
        }
        parts.join(",")
    }

    /// The date column of `level`, if mapped.
    pub fn date_column(&self, level: TrainingLevel) -> Option<&str> {
        match level {
            TrainingLevel::Basic => self.l12.as_deref(),
            TrainingLevel::Level3 => self.l3.as_deref(),
        }
    }
}

/// What the organisation's audit trail records when the remembered mapping
/// changes (`old` is `None` before the first import). Nothing when it is the
/// same.
pub fn mapping_change(old: Option<&ImportMapping>, new: &ImportMapping) -> Vec<FieldChange> {
    if old == Some(new) {
        return Vec::new();
    }
    vec![FieldChange {
        field: "mapping".to_owned(),
        old_value: old.map(ImportMapping::describe),
        new_value: Some(new.describe()),
    }]
}

enum MappingKey {
    Group,
    L12,
    L3,
    Person,
}

fn mapping_key(key: &str) -> Option<MappingKey> {
    match key.trim().to_ascii_lowercase().as_str() {
        "group" | "role" => Some(MappingKey::Group),
        "l12" | "l1-2" | "1-2" => Some(MappingKey::L12),
        "l3" | "3" => Some(MappingKey::L3),
        "person" => Some(MappingKey::Person),
        _ => None,
    }
}

/// An import refused as a whole: nothing is counted or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(
        "\"{part}\" is not part of a mapping: write --map group=COLUMN,l12=COLUMN,l3=COLUMN (person=COLUMN optional)."
    )]
    MappingSyntax { part: String },
    #[error("The mapping names no staff group column: add group=COLUMN.")]
    MappingWithoutGroup,
    #[error("The mapping names no completion date column: add l12=COLUMN, l3=COLUMN or both.")]
    MappingWithoutDates,
    #[error(
        "The mapping names the column \"{column}\" for {role}, but the file has no such column (its columns: {}).",
        columns.join("; ")
    )]
    MissingColumn {
        role: &'static str,
        column: String,
        columns: Vec<String>,
    },
    #[error(
        "{} need {}, but the mapping names no column for its completion dates: add {}=COLUMN.",
        groups.join("; "), level_words(*level), key_of(*level)
    )]
    DateColumnNeeded {
        level: TrainingLevel,
        groups: Vec<String>,
    },
    #[error("The file has a header but no rows to count.")]
    NoRows,
    #[error(
        "{organisation} has no staff groups in its training needs analysis, so nothing can be counted. Add them first with `training group set`."
    )]
    NoGroups { organisation: String },
    #[error(
        "No mapping was given and none is remembered for {organisation}: give --map group=COLUMN,l12=COLUMN,l3=COLUMN."
    )]
    NoMapping { organisation: String },
}

fn level_words(level: TrainingLevel) -> &'static str {
    match level {
        TrainingLevel::Basic => "levels 1 and 2",
        TrainingLevel::Level3 => "level 3",
    }
}

fn key_of(level: TrainingLevel) -> &'static str {
    match level {
        TrainingLevel::Basic => "l12",
        TrainingLevel::Level3 => "l3",
    }
}

impl ImportError {
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::InvalidInput
    }

    pub fn field(&self) -> &'static str {
        match self {
            ImportError::NoRows => "file",
            ImportError::NoGroups { .. } => "organisation",
            _ => "map",
        }
    }
}

/// Why a row was not counted as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MalformedKind {
    /// A blank completion date: counted as not in date.
    NoDate,
    NoGroup,
    UnknownGroup,
    NotADate,
    /// A completion date after the reporting date: not a completion by then.
    FutureDate,
    /// A cell longer than [`MAX_CELL_CHARS`].
    TooLong,
    /// The person number of a row counted before, in another staff group.
    SamePerson,
}

/// A row listed with the reason it was not counted as it stands. The
/// reason names the column and the kind of problem, never the cell's value:
/// the values are personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MalformedRow {
    #[ts(type = "number")]
    pub line: u64,
    pub kind: MalformedKind,
    pub reason: String,
    /// Whether the row's person counts in the headcount from it (a blank
    /// date or a date after the reporting date); `false` when it is left out.
    pub counted: bool,
}

/// What an export counts to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportCounts {
    /// The groups of the training needs analysis the file counts someone
    /// in, in the analysis' order: what saving records.
    pub figures: Vec<GroupFigures>,
    /// Rows read, after the header (blank rows are not rows).
    #[ts(type = "number")]
    pub rows_read: u64,
    /// Rows counted: every row of a person counted, not left out.
    #[ts(type = "number")]
    pub rows_counted: u64,
    /// People counted (with a person number, each once, whatever their rows).
    #[ts(type = "number")]
    pub people_counted: u64,
    /// Rows left out or counted as not in date, by line.
    pub malformed: Vec<MalformedRow>,
    /// The groups of the analysis the file counts nobody in, in its order:
    /// saving leaves their figures for the reporting date as they are.
    pub unchanged: Vec<UnchangedGroup>,
}

/// A group of the training needs analysis the file counts nobody in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UnchangedGroup {
    pub group: String,
    pub level: TrainingLevel,
    /// "no rows in the file: figures unchanged", or "no row counted from
    /// the file: figures unchanged" when its rows were all left out.
    pub reason: String,
}

/// The columns of a mapping, found in the header, and their names as the
/// header has them (for the reasons rows are listed with).
struct Columns {
    group: usize,
    dates: [Option<usize>; 2],
    person: Option<usize>,
    names: Vec<String>,
}

impl Columns {
    /// The date column of `level`; [`resolve`] made sure it is there for
    /// every level a group needs.
    fn dates_of(&self, level: TrainingLevel) -> usize {
        let index = match level {
            TrainingLevel::Basic => 0,
            TrainingLevel::Level3 => 1,
        };
        self.dates[index].unwrap_or(usize::MAX)
    }

    /// A column's name as the header has it, in quotes: `"Staff Group"`.
    fn quoted(&self, index: usize) -> String {
        let name = self.names.get(index).map_or("", |n| n.trim());
        format!("\"{name}\"")
    }
}

fn find_column(columns: &[String], role: &'static str, name: &str) -> Result<usize, ImportError> {
    let wanted = match_key(name);
    columns
        .iter()
        .position(|c| match_key(c) == wanted)
        .ok_or_else(|| ImportError::MissingColumn {
            role,
            column: name.trim().to_owned(),
            columns: columns.iter().filter(|c| !c.is_empty()).cloned().collect(),
        })
}

/// Checks the mapping against the file's columns and the analysis: every
/// column it names is in the header, and every level a group needs has a
/// date column.
fn resolve(
    mapping: &ImportMapping,
    columns: &[String],
    groups: &[TrainingGroup],
) -> Result<Columns, ImportError> {
    let group = find_column(columns, "the staff group", &mapping.group)?;
    let mut dates = [None, None];
    for (index, level) in TrainingLevel::ALL.into_iter().enumerate() {
        let needing: Vec<String> = groups
            .iter()
            .filter(|g| g.level == level)
            .map(|g| g.name.clone())
            .collect();
        let role = match level {
            TrainingLevel::Basic => "the level 1-2 completion date",
            TrainingLevel::Level3 => "the level 3 completion date",
        };
        dates[index] = match mapping.date_column(level) {
            Some(name) => Some(find_column(columns, role, name)?),
            None if needing.is_empty() => None,
            None => {
                return Err(ImportError::DateColumnNeeded {
                    level,
                    groups: needing,
                });
            }
        };
    }
    let person = mapping
        .person
        .as_deref()
        .map(|name| find_column(columns, "the person number", name))
        .transpose()?;
    Ok(Columns {
        group,
        dates,
        person,
        names: columns.to_vec(),
    })
}

/// Reads a completion date as typed: `YYYY-MM-DD` or `DD/MM/YYYY`.
pub fn parse_completion_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if let [y, m, d] = text.split('-').collect::<Vec<_>>()[..]
        && digits(y, 4)
        && digits(m, 2)
        && digits(d, 2)
    {
        return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    if let [d, m, y] = text.split('/').collect::<Vec<_>>()[..]
        && (1..=2).contains(&d.len())
        && (1..=2).contains(&m.len())
        && digits(y, 4)
        && d.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
    {
        return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    None
}

/// What one row comes to.
enum Outcome {
    /// A row of a group of the analysis, with its completion date at the
    /// level the group needs (`None` when blank).
    Read {
        group: usize,
        completed: Option<NaiveDate>,
    },
    /// Left out; `group` is the group it names, when the analysis has it.
    Listed {
        group: Option<usize>,
        kind: MalformedKind,
        reason: String,
    },
}

/// One person as counted: the group of their first row, and the line and
/// completion date of each of their rows in that group. Held only while a
/// file is counted.
struct Person {
    group: usize,
    rows: Vec<(u64, Option<NaiveDate>)>,
}

/// Counts the rows of `table` per group of `groups` (the training needs
/// analysis, in its order) on `as_of`, reading the columns `mapping` names.
/// A mapping that names a column the file lacks, or leaves out the date
/// column a group's level needs, is refused; so is a file with no rows.
///
/// With a person number column, a person's rows are counted once: at the
/// level their group needs, by their latest completion on or before `as_of`.
/// A row naming another group than the person's first row is left out and
/// listed. A date after `as_of` never makes anyone in date.
pub fn count(
    table: &Table,
    mapping: &ImportMapping,
    groups: &[TrainingGroup],
    validity: Validity,
    as_of: NaiveDate,
) -> Result<ImportCounts, ImportError> {
    let columns = resolve(mapping, &table.columns, groups)?;
    if table.rows.is_empty() {
        return Err(ImportError::NoRows);
    }
    let by_key: HashMap<String, usize> = groups
        .iter()
        .enumerate()
        .map(|(index, g)| (match_key(&g.name), index))
        .collect();
    let mut malformed = Vec::new();
    let mut named = vec![false; groups.len()];
    // People in the order first met, and person numbers to their place;
    // dropped with this function.
    let mut people: Vec<Person> = Vec::new();
    let mut by_number: HashMap<String, usize> = HashMap::new();
    let empty = Cell::Empty;
    for row in &table.rows {
        let (group, completed) = match read_row(row, &columns, &by_key, groups) {
            Outcome::Read { group, completed } => (group, completed),
            Outcome::Listed {
                group,
                kind,
                reason,
            } => {
                if let Some(group) = group {
                    named[group] = true;
                }
                malformed.push(MalformedRow {
                    line: row.line,
                    kind,
                    reason,
                    counted: false,
                });
                continue;
            }
        };
        named[group] = true;
        let number = match columns.person.map(|i| row.cells.get(i).unwrap_or(&empty)) {
            Some(Cell::Text(number)) => Some(match_key(number)),
            _ => None,
        };
        match number.as_ref().and_then(|n| by_number.get(n)) {
            Some(&index) if people[index].group != group => {
                let first = people[index].rows.first().map_or(0, |(line, _)| *line);
                let column = columns.quoted(columns.person.unwrap_or(usize::MAX));
                malformed.push(MalformedRow {
                    line: row.line,
                    kind: MalformedKind::SamePerson,
                    reason: format!(
                        "the same person number in {column} as line {first}, in another staff group: left out (counted once, in line {first}'s group)"
                    ),
                    counted: false,
                });
            }
            Some(&index) => people[index].rows.push((row.line, completed)),
            None => {
                if let Some(number) = number {
                    by_number.insert(number, people.len());
                }
                people.push(Person {
                    group,
                    rows: vec![(row.line, completed)],
                });
            }
        }
    }

    let mut figures: Vec<GroupFigures> = groups
        .iter()
        .map(|g| GroupFigures {
            group: g.name.clone(),
            level: g.level,
            headcount: 0,
            in_date: 0,
        })
        .collect();
    let mut counts = ImportCounts {
        figures: Vec::new(),
        rows_read: table.rows.len() as u64,
        rows_counted: 0,
        people_counted: people.len() as u64,
        malformed: Vec::new(),
        unchanged: Vec::new(),
    };
    for person in &people {
        let column = columns.quoted(columns.dates_of(groups[person.group].level));
        // Their latest completion by the reporting date: one after it is not
        // a completion by then.
        let latest = person
            .rows
            .iter()
            .filter_map(|(_, completed)| *completed)
            .filter(|&completed| completed <= as_of)
            .max();
        let figures = &mut figures[person.group];
        figures.headcount = figures.headcount.saturating_add(1);
        figures.in_date = figures.in_date.saturating_add(u32::from(
            latest.is_some_and(|d| validity.in_date(d, as_of)),
        ));
        counts.rows_counted += person.rows.len() as u64;
        for &(line, completed) in &person.rows {
            let listed = match (completed, latest) {
                (Some(completed), None) if completed > as_of => Some((
                    MalformedKind::FutureDate,
                    format!("date after the reporting date in {column}: counted as not in date"),
                )),
                (Some(completed), Some(_)) if completed > as_of => Some((
                    MalformedKind::FutureDate,
                    format!(
                        "date after the reporting date in {column}: passed over, the person's latest completion by the reporting date counts"
                    ),
                )),
                (None, None) => Some((
                    MalformedKind::NoDate,
                    format!("no date in {column}: counted as not in date"),
                )),
                _ => None,
            };
            if let Some((kind, reason)) = listed {
                malformed.push(MalformedRow {
                    line,
                    kind,
                    reason,
                    counted: true,
                });
            }
        }
    }
    malformed.sort_by_key(|m| m.line);
    counts.malformed = malformed;
    for (figures, named) in figures.into_iter().zip(named) {
        if figures.headcount > 0 {
            counts.figures.push(figures);
        } else {
            counts.unchanged.push(UnchangedGroup {
                reason: if named {
                    "no row counted from the file: figures unchanged"
                } else {
                    "no rows in the file: figures unchanged"
                }
                .to_owned(),
                group: figures.group,
                level: figures.level,
            });
        }
    }
    Ok(counts)
}

/// Reads a row's group and its completion date at the level the group
/// needs. The reasons name the column, never the cell's value.
fn read_row(
    row: &Row,
    columns: &Columns,
    by_key: &HashMap<String, usize>,
    groups: &[TrainingGroup],
) -> Outcome {
    let empty = Cell::Empty;
    let cell = |index: usize| row.cells.get(index).unwrap_or(&empty);
    let listed = |group: Option<usize>, kind: MalformedKind, reason: String| Outcome::Listed {
        group,
        kind,
        reason,
    };
    let too_long = |group: Option<usize>, index: usize| {
        listed(
            group,
            MalformedKind::TooLong,
            format!(
                "a cell in {} longer than {MAX_CELL_CHARS} characters: left out",
                columns.quoted(index)
            ),
        )
    };
    let group_column = columns.quoted(columns.group);
    let group = match cell(columns.group) {
        Cell::Empty => {
            return listed(
                None,
                MalformedKind::NoGroup,
                format!("no staff group in {group_column}: left out"),
            );
        }
        Cell::TooLong => return too_long(None, columns.group),
        Cell::Date(date) => date.to_string(),
        Cell::Text(text) => text.clone(),
    };
    let Some(&index) = by_key.get(&match_key(&group)) else {
        return listed(
            None,
            MalformedKind::UnknownGroup,
            format!(
                "the staff group in {group_column} is not in the training needs analysis: left out"
            ),
        );
    };
    let date_column = columns.dates_of(groups[index].level);
    let completed = match cell(date_column) {
        Cell::Empty => None,
        Cell::TooLong => return too_long(Some(index), date_column),
        Cell::Date(date) => Some(*date),
        Cell::Text(text) => match parse_completion_date(text) {
            Some(date) => Some(date),
            None => {
                return listed(
                    Some(index),
                    MalformedKind::NotADate,
                    format!(
                        "not a date in {} (YYYY-MM-DD, DD/MM/YYYY or an Excel date cell): left out",
                        columns.quoted(date_column)
                    ),
                );
            }
        },
    };
    Outcome::Read {
        group: index,
        completed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn groups() -> Vec<TrainingGroup> {
        vec![
            TrainingGroup {
                name: "Estates".to_owned(),
                level: TrainingLevel::Basic,
                position: 1,
            },
            TrainingGroup {
                name: "Registered nurses".to_owned(),
                level: TrainingLevel::Level3,
                position: 2,
            },
            TrainingGroup {
                name: "Porters".to_owned(),
                level: TrainingLevel::Basic,
                position: 3,
            },
        ]
    }

    fn table(lines: &[&[&str]]) -> Table {
        Table::from_rows(lines.iter().enumerate().map(|(index, cells)| Row {
            line: index as u64 + 1,
            cells: cells.iter().map(|c| Cell::text(c)).collect(),
        }))
    }

    fn mapping(text: &str) -> ImportMapping {
        ImportMapping::parse(text).expect("mapping")
    }

    const MAP: &str = "group=Staff Group,l12=L1-2 done,l3=L3 done,person=Assignment";

    /// `table` counted with [`MAP`] on 31 October 2026, 3-year validity.
    fn counted(table: &Table) -> ImportCounts {
        count(
            table,
            &mapping(MAP),
            &groups(),
            Validity::default(),
            date(2026, 10, 31),
        )
        .expect("counts")
    }

    #[test]
    fn rows_are_counted_per_group_at_the_level_it_needs() {
        let table = table(&[
            &[],
            &["Assignment", " staff group ", "L1-2 done", "L3 done"],
            &["1001", "Estates", "2025-06-01", ""],
            &["1002", "ESTATES ", "01/02/2020", ""],
            &["1003", "Registered nurses", "2026-01-01", "15/03/2025"],
            &["1004", "registered nurses", "2026-01-01", "2022-01-01"],
            &["", "", "", ""],
            &["1005", "Registered nurses", "2026-01-01", ""],
        ]);
        let counts = counted(&table);
        let figures: Vec<(&str, u32, u32)> = counts
            .figures
            .iter()
            .map(|f| (f.group.as_str(), f.headcount, f.in_date))
            .collect();
        assert_eq!(figures, [("Estates", 2, 1), ("Registered nurses", 3, 1)]);
        assert_eq!(
            unchanged(&counts),
            [("Porters", "no rows in the file: figures unchanged")]
        );
        assert_eq!(counts.rows_read, 5);
        assert_eq!(counts.rows_counted, 5);
        assert_eq!(counts.people_counted, 5);
        assert_eq!(
            counts.malformed,
            [MalformedRow {
                line: 8,
                kind: MalformedKind::NoDate,
                reason: "no date in \"L3 done\": counted as not in date".to_owned(),
                counted: true,
            }]
        );
    }

    #[test]
    fn malformed_rows_are_listed_by_line() {
        let table = table(&[
            &["Assignment", "Staff Group", "L1-2 done", "L3 done"],
            &["1", "Estates", "2026-01-01", ""],
            &["2", "", "2026-01-01", ""],
            &["3", "Estates team", "2026-01-01", ""],
            &["4", "Estates", "13/31/2026", ""],
            &["5", "Estates", "2026-11-01", ""],
            &["1", "Estates", "2026-02-01", ""],
            &["6", "Estates", "31-12-2025", ""],
            &["7", "Estates", &"x".repeat(MAX_CELL_CHARS + 1), ""],
        ]);
        let counts = counted(&table);
        // Person 1 (lines 2 and 7) in date; person 5's date is after the
        // reporting date: counted, not in date.
        assert_eq!(
            (counts.figures[0].headcount, counts.figures[0].in_date),
            (2, 1)
        );
        assert_eq!(
            listed(&counts),
            [
                (3, MalformedKind::NoGroup, false),
                (4, MalformedKind::UnknownGroup, false),
                (5, MalformedKind::NotADate, false),
                (6, MalformedKind::FutureDate, true),
                (8, MalformedKind::NotADate, false),
                (9, MalformedKind::TooLong, false),
            ]
        );
        assert_eq!(
            counts.malformed[2].reason,
            "not a date in \"L1-2 done\" (YYYY-MM-DD, DD/MM/YYYY or an Excel date cell): left out"
        );
        assert_eq!(counts.rows_read, 8);
        assert_eq!(counts.rows_counted, 3);
        assert_eq!(counts.people_counted, 2);
    }

    /// The groups `counts` names unchanged, with the words it gives.
    fn unchanged(counts: &ImportCounts) -> Vec<(&str, &str)> {
        counts
            .unchanged
            .iter()
            .map(|u| (u.group.as_str(), u.reason.as_str()))
            .collect()
    }

    /// The rows `counts` lists: line, kind, and whether counted.
    fn listed(counts: &ImportCounts) -> Vec<(u64, MalformedKind, bool)> {
        counts
            .malformed
            .iter()
            .map(|m| (m.line, m.kind, m.counted))
            .collect()
    }

    fn figures_of(counts: &ImportCounts) -> Vec<(&str, u32, u32)> {
        counts
            .figures
            .iter()
            .map(|f| (f.group.as_str(), f.headcount, f.in_date))
            .collect()
    }

    #[test]
    fn a_group_without_rows_in_the_file_is_left_unchanged_and_said_so() {
        let table = table(&[
            &["Assignment", "Staff Group", "L1-2 done", "L3 done"],
            &["1", "Estates", "2026-01-01", ""],
            // Named only by a row left out: nothing counted for it either.
            &["2", "Registered nurses", "", "not a date"],
        ]);
        let counts = counted(&table);
        assert_eq!(figures_of(&counts), [("Estates", 1, 1)]);
        assert_eq!(
            unchanged(&counts),
            [
                (
                    "Registered nurses",
                    "no row counted from the file: figures unchanged"
                ),
                ("Porters", "no rows in the file: figures unchanged"),
            ]
        );
    }

    #[test]
    fn a_date_after_the_reporting_date_counts_in_the_headcount_as_not_in_date() {
        let table = table(&[
            &["Assignment", "Staff Group", "L1-2 done", "L3 done"],
            &["1", "Estates", "2026-11-01", ""],
            &["2", "Estates", "2026-01-01", ""],
            // In date on the reporting date from their earlier completion,
            // never from the later one.
            &["3", "Porters", "2025-01-01", ""],
            &["3", "Porters", "2027-01-01", ""],
            // Out of date on the reporting date: a later date cannot help.
            &["4", "Registered nurses", "", "2020-01-01"],
            &["4", "Registered nurses", "", "2026-12-01"],
        ]);
        let counts = counted(&table);
        assert_eq!(
            figures_of(&counts),
            [
                ("Estates", 2, 1),
                ("Registered nurses", 1, 0),
                ("Porters", 1, 1)
            ]
        );
        let listed: Vec<(u64, MalformedKind, bool, &str)> = counts
            .malformed
            .iter()
            .map(|m| (m.line, m.kind, m.counted, m.reason.as_str()))
            .collect();
        assert_eq!(
            listed,
            [
                (
                    2,
                    MalformedKind::FutureDate,
                    true,
                    "date after the reporting date in \"L1-2 done\": counted as not in date"
                ),
                (
                    5,
                    MalformedKind::FutureDate,
                    true,
                    "date after the reporting date in \"L1-2 done\": passed over, the person's latest completion by the reporting date counts"
                ),
                (
                    7,
                    MalformedKind::FutureDate,
                    true,
                    "date after the reporting date in \"L3 done\": passed over, the person's latest completion by the reporting date counts"
                ),
            ]
        );
        assert_eq!(counts.rows_counted, 6);
    }

    #[test]
    fn a_person_on_several_rows_counts_once_with_their_latest_completion() {
        let table = table(&[
            &["Assignment", "Staff Group", "L1-2 done", "L3 done"],
            // One row per course completion, as a learning system has it:
            // the 2020 course is out of date, the 2025 refresher is not.
            &["A-1", "Estates", "2020-01-01", ""],
            &["a-1 ", "estates", "2025-06-01", ""],
            // The level 3 date is on one row, a blank on the other.
            &["B-2", "Registered nurses", "2025-01-01", "2025-02-01"],
            &["B-2", "Registered nurses", "2025-01-01", ""],
            // Two staff groups: counted once, in their first row's group.
            &["C-3", "Porters", "2025-01-01", ""],
            &["C-3", "Registered nurses", "", "2025-03-01"],
            // No date on any row: one person, counted as not in date.
            &["D-4", "Estates", "", ""],
            &["D-4", "Estates", "", ""],
        ]);
        let counts = counted(&table);
        assert_eq!(
            figures_of(&counts),
            [
                ("Estates", 2, 1),
                ("Registered nurses", 1, 1),
                ("Porters", 1, 1)
            ]
        );
        assert_eq!(
            listed(&counts),
            [
                (7, MalformedKind::SamePerson, false),
                (8, MalformedKind::NoDate, true),
                (9, MalformedKind::NoDate, true),
            ]
        );
        assert_eq!(
            counts.malformed[0].reason,
            "the same person number in \"Assignment\" as line 6, in another staff group: left out (counted once, in line 6's group)"
        );
        assert_eq!(counts.rows_read, 8);
        assert_eq!(counts.rows_counted, 7);
        assert_eq!(counts.people_counted, 4);
    }

    #[test]
    fn reasons_name_the_column_and_the_problem_never_the_cells_value() {
        let long = "QX".repeat(MAX_CELL_CHARS);
        let table = table(&[
            &["Assignment", "Staff Group", "L1-2 done", "L3 done"],
            &["PN-QX-0001", "QX Unknown Ward", "2026-01-01", ""],
            &["PN-QX-0002", "Estates", "J Smith QX", ""],
            &["PN-QX-0003", "Estates", "2026-11-17", ""],
            &["PN-QX-0004", "Estates", &long, ""],
            &["PN-QX-0005", "", "2026-01-01", ""],
            &["PN-QX-0006", "Estates", "", ""],
            &["PN-QX-0007", "Estates", "2026-01-02", ""],
            &["PN-QX-0007", "Porters", "2026-01-03", ""],
            &["PN-QX-0008", &long, "2026-01-01", ""],
        ]);
        let counts = counted(&table);
        let kinds: Vec<MalformedKind> = counts.malformed.iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            [
                MalformedKind::UnknownGroup,
                MalformedKind::NotADate,
                MalformedKind::FutureDate,
                MalformedKind::TooLong,
                MalformedKind::NoGroup,
                MalformedKind::NoDate,
                MalformedKind::SamePerson,
                MalformedKind::TooLong,
            ]
        );
        let shown = serde_json::to_string(&counts).expect("JSON");
        for value in ["QX", "J Smith", "2026-11-17", "17/11/2026", "Unknown Ward"] {
            assert!(!shown.contains(value), "{value} is shown: {shown}");
        }
        for row in &counts.malformed {
            assert!(
                ["\"Staff Group\"", "\"L1-2 done\"", "\"Assignment\""]
                    .iter()
                    .any(|c| row.reason.contains(c)),
                "names no column: {row:?}"
            );
        }
    }

    #[test]
    fn a_mapping_is_refused_for_a_missing_column_or_a_level_without_dates() {
        let table = table(&[&["Staff Group", "L1-2 done"], &["Estates", "2026-01-01"]]);
        let as_of = date(2026, 10, 31);
        let error = count(&table, &mapping(MAP), &groups(), Validity::default(), as_of)
            .expect_err("no L3 column");
        assert_eq!(
            error.to_string(),
            "The mapping names the column \"L3 done\" for the level 3 completion date, but the file has no such column (its columns: Staff Group; L1-2 done)."
        );
        let error = count(
            &table,
            &mapping("group=staff group,l12=l1-2 done"),
            &groups(),
            Validity::default(),
            as_of,
        )
        .expect_err("level 3 needs a column");
        assert!(
            matches!(error, ImportError::DateColumnNeeded { .. }),
            "{error}"
        );
        assert!(error.to_string().contains("add l3=COLUMN"), "{error}");
        // Without a level-3 group, no level-3 column is needed.
        let basic: Vec<TrainingGroup> = groups()
            .into_iter()
            .filter(|g| g.level == TrainingLevel::Basic)
            .collect();
        assert!(
            count(
                &table,
                &mapping("group=staff group,l12=l1-2 done"),
                &basic,
                Validity::default(),
                as_of
            )
            .is_ok()
        );
        let header_only = Table::from_rows([Row {
            line: 1,
            cells: vec![Cell::text("Staff Group"), Cell::text("L1-2 done")],
        }]);
        assert_eq!(
            count(
                &header_only,
                &mapping("group=staff group,l12=l1-2 done"),
                &basic,
                Validity::default(),
                as_of
            ),
            Err(ImportError::NoRows)
        );
    }

    #[test]
    fn mappings_are_read_as_typed_and_described_back() {
        let read = mapping(" group = Staff Group, l12=Prevent L1, 2 ,L3=Prevent L3,person=Id");
        assert_eq!(read.group, "Staff Group");
        assert_eq!(read.l12.as_deref(), Some("Prevent L1, 2"));
        assert_eq!(read.l3.as_deref(), Some("Prevent L3"));
        assert_eq!(read.person.as_deref(), Some("Id"));
        assert_eq!(
            read.describe(),
            "group=Staff Group,l12=Prevent L1, 2,l3=Prevent L3,person=Id"
        );
        assert!(matches!(
            ImportMapping::parse("staff=Group"),
            Err(ImportError::MappingSyntax { .. })
        ));
        assert_eq!(
            ImportMapping::parse("l12=Date"),
            Err(ImportError::MappingWithoutGroup)
        );
        assert_eq!(
            ImportMapping::parse("group=Role"),
            Err(ImportError::MappingWithoutDates)
        );
    }

    #[test]
    fn dates_are_read_in_iso_and_uk_order_only() {
        assert_eq!(parse_completion_date("2026-03-04"), Some(date(2026, 3, 4)));
        assert_eq!(parse_completion_date("04/03/2026"), Some(date(2026, 3, 4)));
        assert_eq!(parse_completion_date("4/3/2026"), Some(date(2026, 3, 4)));
        for bad in [
            "13/31/2026",
            "2026-3-4",
            "2026/03/04",
            "04-03-2026",
            "45321",
            "31/02/2026",
            "+1/1/2026",
        ] {
            assert_eq!(parse_completion_date(bad), None, "{bad}");
        }
    }
}
