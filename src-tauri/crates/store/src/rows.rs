//! Reading and writing the values SQLite holds as text: timestamps, dates and
//! ids. A value that does not parse is a conversion error, which the store
//! reports as an unreadable record rather than guessing.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::Row;
use uuid::Uuid;

/// RFC 3339 in UTC to the millisecond: how every time is stored.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn conversion_error(index: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, message.into())
}

pub fn parse_timestamp(row: &Row<'_>, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(index)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| conversion_error(index, format!("bad timestamp {text:?}: {e}")))
}

pub fn parse_date(row: &Row<'_>, index: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = row.get(index)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|e| conversion_error(index, format!("bad date {text:?}: {e}")))
}

pub fn parse_optional_date(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let text: Option<String> = row.get(index)?;
    text.map(|_| parse_date(row, index)).transpose()
}

pub fn parse_uuid(row: &Row<'_>, index: usize) -> rusqlite::Result<Uuid> {
    let text: String = row.get(index)?;
    Uuid::parse_str(&text).map_err(|e| conversion_error(index, format!("bad id {text:?}: {e}")))
}

pub fn date_text(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.to_string())
}

pub fn parse_optional_timestamp(
    row: &Row<'_>,
    index: usize,
) -> rusqlite::Result<Option<DateTime<Utc>>> {
    match row.get_ref(index)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => parse_timestamp(row, index).map(Some),
    }
}

pub fn parse_optional_uuid(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<Uuid>> {
    match row.get_ref(index)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => parse_uuid(row, index).map(Some),
    }
}

/// An audit row's kind, read by `parse`: an unknown kind is an error, never
/// read as another kind.
pub fn entity_at<E>(
    row: &Row<'_>,
    index: usize,
    parse: fn(&str) -> Option<E>,
) -> rusqlite::Result<E> {
    let entity: String = row.get(index)?;
    parse(&entity)
        .ok_or_else(|| conversion_error(index, format!("an audit row of unknown kind {entity:?}")))
}
