//! Reading a training export (CSV or Excel) that nobody vouches for, and
//! what its import looks like before and after it is saved.
//!
//! The file is hostile input: it is read through the bounded reader with
//! [`MAX_TRAINING_EXPORT_BYTES`], a workbook's archive is checked against
//! [`MAX_XLSX_EXPANDED_BYTES`] before the spreadsheet reader opens it (what
//! its entries declare, then what they really expand to), and rows, columns
//! and cells are capped. Nothing here panics on a malformed file: each
//! failure is one `AppError` that names the file.
//!
//! The rows are held only while they are counted (`prevent_core::
//! training_import`); the preview and everything saved hold counts, the
//! file's name and its SHA-256.

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};
use chrono::NaiveDate;
use prevent_core::ErrorKind;
use prevent_core::size::human_size;
use prevent_core::training::RecordedFigures;
use prevent_core::training_import::{
    Cell, IMPORT_READINGS, ImportCounts, ImportMapping, Row, Table,
};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};

pub use prevent_core::training_import::MAX_TRAINING_EXPORT_BYTES;
/// The most a workbook's archive may expand to, all entries together:
/// checked before the spreadsheet reader opens it, so a zip bomb is refused.
pub const MAX_XLSX_EXPANDED_BYTES: u64 = 256 * 1024 * 1024;
/// The most entries a workbook's archive may hold.
pub const MAX_XLSX_ENTRIES: usize = 10_000;
/// The most rows read, header included.
pub const MAX_EXPORT_ROWS: usize = 250_000;
/// The most columns a row may have.
pub const MAX_EXPORT_COLUMNS: usize = 1_000;
/// The most cells read, counting the blank ones before a row's last cell.
pub const MAX_EXPORT_CELLS: usize = 5_000_000;

fn refused(file_name: &str, reason: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorKind::InvalidInput,
        format!("Cannot import {file_name}: {reason}."),
    )
    .with_field("file")
}

/// Reads the export's header and rows: an Excel workbook (`.xlsx`, its
/// first sheet) or CSV. An empty file, one with no header, one that is
/// neither, and one over the limits are refused.
pub fn read_export(file_name: &str, bytes: &[u8]) -> AppResult<Table> {
    if bytes.is_empty() {
        return Err(refused(file_name, "the file is empty"));
    }
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let named_xlsx = {
        let lower = file_name.to_ascii_lowercase();
        lower.ends_with(".xlsx") || lower.ends_with(".xlsm")
    };
    let table = if is_zip {
        read_xlsx(file_name, bytes)?
    } else if named_xlsx {
        return Err(refused(
            file_name,
            "it is not an Excel workbook (.xlsx): save the report as .xlsx or .csv",
        ));
    } else if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(refused(
            file_name,
            "it is neither CSV text nor an Excel workbook (.xlsx)",
        ));
    } else {
        read_csv(file_name, bytes)?
    };
    if table.columns.is_empty() {
        return Err(refused(file_name, "it has no header row"));
    }
    Ok(table)
}

/// Refuses a file once it passes `MAX_EXPORT_ROWS` or `MAX_EXPORT_CELLS`.
struct Budget<'a> {
    file_name: &'a str,
    rows: usize,
    cells: usize,
}

impl Budget<'_> {
    fn take(&mut self, cells: usize) -> AppResult<()> {
        self.rows += 1;
        self.cells = self.cells.saturating_add(cells);
        if self.rows > MAX_EXPORT_ROWS {
            return Err(refused(
                self.file_name,
                format!("it has more than {MAX_EXPORT_ROWS} rows"),
            ));
        }
        if cells > MAX_EXPORT_COLUMNS {
            return Err(refused(
                self.file_name,
                format!("a row has more than {MAX_EXPORT_COLUMNS} columns"),
            ));
        }
        if self.cells > MAX_EXPORT_CELLS {
            return Err(refused(
                self.file_name,
                format!("it has more than {MAX_EXPORT_CELLS} cells"),
            ));
        }
        Ok(())
    }
}

/// Line numbers of CSV records. The reader's own count is off after blank
/// lines: it gives the position before the line ends it skips, so the
/// record's start is found past them and its line counted here.
struct Lines<'a> {
    bytes: &'a [u8],
    /// How far the lines have been counted, and the line there.
    offset: usize,
    line: u64,
}

impl Lines<'_> {
    /// The line of the record the reader places at `byte` (records come in
    /// order, so each call counts on from the last).
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .clamp(self.offset, self.bytes.len());
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let newlines = self.bytes[self.offset..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.line += newlines as u64;
        self.offset = start;
        self.line
    }
}

/// Refuses a file with a record of more than [`MAX_EXPORT_COLUMNS`] fields
/// before the CSV reader sees it: the reader keeps every field of a record
/// in memory before it hands the record over, so 64 MB of commas would
/// otherwise take gigabytes. Quotes are followed as RFC 4180 has them.
fn check_csv_width(file_name: &str, bytes: &[u8]) -> AppResult<()> {
    let (mut quoted, mut fields) = (false, 1usize);
    for &byte in bytes {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                fields += 1;
                if fields > MAX_EXPORT_COLUMNS {
                    return Err(refused(
                        file_name,
                        format!("a row has more than {MAX_EXPORT_COLUMNS} columns"),
                    ));
                }
            }
            b'\n' if !quoted => fields = 1,
            _ => {}
        }
    }
    Ok(())
}

fn read_csv(file_name: &str, bytes: &[u8]) -> AppResult<Table> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    check_csv_width(file_name, bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut budget = Budget {
        file_name,
        rows: 0,
        cells: 0,
    };
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut lines = Lines {
        bytes,
        offset: 0,
        line: 1,
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                return Err(refused(
                    file_name,
                    format!("it is not readable CSV ({error})"),
                ));
            }
        }
        budget.take(record.len())?;
        let line = lines.line_at(record.position().map_or(0, csv::Position::byte));
        rows.push(Row {
            line,
            cells: record
                .iter()
                .map(|field| Cell::text(&String::from_utf8_lossy(field)))
                .collect(),
        });
    }
    Ok(Table::from_rows(rows))
}

/// Checks a workbook's archive before anything reads it as a workbook:
/// at most [`MAX_XLSX_ENTRIES`] entries, which declare and really expand to
/// at most `budget` bytes together ([`MAX_XLSX_EXPANDED_BYTES`]).
fn check_archive(file_name: &str, bytes: &[u8], budget: u64) -> AppResult<()> {
    let unreadable = |error: &dyn std::fmt::Display| {
        refused(
            file_name,
            format!("it is not a readable Excel workbook ({error})"),
        )
    };
    let too_large = || {
        refused(
            file_name,
            format!(
                "its contents expand to more than {}, more than any training export needs",
                human_size(budget)
            ),
        )
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    if archive.len() > MAX_XLSX_ENTRIES {
        return Err(refused(
            file_name,
            format!("its archive has more than {MAX_XLSX_ENTRIES} entries"),
        ));
    }
    let mut declared: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|e| unreadable(&e))?;
        declared = declared.saturating_add(entry.size());
    }
    if declared > budget {
        return Err(too_large());
    }
    // What an entry declares may be a lie: expand each, never past the
    // budget, and count what comes out.
    let mut expanded: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive.by_index(index).map_err(|e| unreadable(&e))?;
        let left = budget - expanded;
        let read = std::io::copy(&mut entry.take(left + 1), &mut std::io::sink())
            .map_err(|e| unreadable(&e))?;
        expanded += read;
        if expanded > budget {
            return Err(too_large());
        }
    }
    Ok(())
}

/// An Excel cell as the counting reads it: dates as dates, everything else
/// as its text.
fn excel_cell(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::Empty => Cell::Empty,
        DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => {
            // An ISO date-time is read by its date.
            Cell::text(text.split('T').next().unwrap_or(text))
        }
        // Inline strings and formula results come as `String`, shared
        // strings as `SharedString`: both are text as written ("Theatres").
        DataRef::String(text) => Cell::text(text),
        DataRef::SharedString(text) => Cell::text(text),
        DataRef::Int(n) => Cell::text(&n.to_string()),
        DataRef::Float(n) => Cell::text(&n.to_string()),
        DataRef::Bool(b) => Cell::text(&b.to_string()),
        DataRef::Error(error) => Cell::text(&error.to_string()),
        DataRef::DateTime(date) => {
            let (year, month, day, ..) = date.to_ymd_hms_milli();
            let as_date =
                NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day));
            match as_date {
                Some(d) if date.is_datetime() && date.as_f64() >= 1.0 => Cell::Date(d),
                _ => Cell::text(&date.as_f64().to_string()),
            }
        }
    }
}

fn read_xlsx(file_name: &str, bytes: &[u8]) -> AppResult<Table> {
    check_archive(file_name, bytes, MAX_XLSX_EXPANDED_BYTES)?;
    let unreadable = |error: &dyn std::fmt::Display| {
        refused(
            file_name,
            format!("it is not a readable Excel workbook ({error})"),
        )
    };
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let Some(sheet) = workbook.sheet_names().first().cloned() else {
        return Err(refused(file_name, "the workbook has no sheets"));
    };
    let mut reader = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(|e| unreadable(&e))?;
    // Cells come in the order the sheet's XML has them: gathered, then
    // sorted into rows.
    let mut cells: Vec<(u32, u32, Cell)> = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
        let (row, column) = cell.get_position();
        let value = excel_cell(cell.get_value());
        if value.is_empty() {
            continue;
        }
        if usize::try_from(column).map_or(true, |c| c >= MAX_EXPORT_COLUMNS) {
            return Err(refused(
                file_name,
                format!("a row has more than {MAX_EXPORT_COLUMNS} columns"),
            ));
        }
        if cells.len() >= MAX_EXPORT_CELLS {
            return Err(refused(
                file_name,
                format!("it has more than {MAX_EXPORT_CELLS} cells"),
            ));
        }
        cells.push((row, column, value));
    }
    cells.sort_by_key(|&(row, column, _)| (row, column));
    let mut budget = Budget {
        file_name,
        rows: 0,
        cells: 0,
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut cells = cells.into_iter().peekable();
    while let Some((row, column, value)) = cells.next() {
        let mut values = vec![(column, value)];
        while let Some((_, column, value)) = cells.next_if(|(r, ..)| *r == row) {
            values.push((column, value));
        }
        let width = values.last().map_or(0, |(c, _)| *c as usize + 1);
        budget.take(width)?;
        let mut dense = vec![Cell::Empty; width];
        for (column, value) in values {
            dense[column as usize] = value;
        }
        rows.push(Row {
            line: u64::from(row) + 1,
            cells: dense,
        });
    }
    Ok(Table::from_rows(rows))
}

/// What an import comes to, shown before anything is saved: the counts,
/// the rows listed, and the file's name and SHA-256. No person-level value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportPreview {
    pub organisation: String,
    pub as_of: NaiveDate,
    /// The file's name, without its folder.
    pub file_name: String,
    pub sha256: String,
    /// The file's columns, for mapping.
    pub columns: Vec<String>,
    pub mapping: ImportMapping,
    /// Whether the mapping is the one remembered from the last import.
    pub mapping_remembered: bool,
    pub validity_years: u32,
    #[serde(flatten)]
    pub counts: ImportCounts,
    /// The product's readings of an import.
    pub readings: Vec<String>,
}

impl ImportPreview {
    pub(crate) fn readings() -> Vec<String> {
        IMPORT_READINGS.iter().map(|r| (*r).to_owned()).collect()
    }
}

/// What an import saved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportSaved {
    pub preview: ImportPreview,
    /// The figures of each group the file counts someone in, as recorded;
    /// the groups in `preview.counts.unchanged` are left as they were.
    pub recorded: Vec<RecordedFigures>,
    /// Whether the mapping remembered for the next import changed.
    pub mapping_changed: bool,
}

/// An import as asked for: the mapping is the remembered one when `None`.
#[derive(Debug, Clone)]
pub struct ImportRequest<'a> {
    pub organisation: &'a str,
    pub as_of: NaiveDate,
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    pub mapping: Option<ImportMapping>,
}

/// The use cases, with the clock and the person using the app.
impl crate::Service {
    /// Counts an export without saving anything; a reporting date after the
    /// clock's today is refused.
    pub fn preview_training_import(&self, request: &ImportRequest<'_>) -> AppResult<ImportPreview> {
        self.ledger()
            .preview_training_import(request, self.clock().today())
    }

    /// Records the counts of a preview for the groups it counts someone in,
    /// replacing their figures for its reporting date (the other groups'
    /// stay as they are), and remembers its mapping.
    pub fn save_training_import(&mut self, preview: &ImportPreview) -> AppResult<ImportSaved> {
        let actor = self.actor()?;
        let (now, today) = (self.clock().now(), self.clock().today());
        self.ledger_mut()
            .save_training_import(preview, today, &actor, now)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    const MIB: usize = 1024 * 1024;

    /// A zip of one deflated entry of `size` zero bytes.
    fn zeros_zip(size: usize) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer
            .start_file("xl/worksheets/sheet1.xml", options)
            .expect("entry");
        writer.write_all(&vec![0; size]).expect("zeros");
        writer.finish().expect("zip").into_inner()
    }

    /// Rewrites every declared uncompressed size (local and central headers)
    /// to `size`: an archive that lies about what it expands to.
    fn declare_sizes(bytes: &mut [u8], size: u32) {
        for (signature, offset) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
            let starts: Vec<usize> = bytes
                .windows(4)
                .enumerate()
                .filter(|(_, w)| w == signature)
                .map(|(i, _)| i)
                .collect();
            for start in starts {
                bytes[start + offset..start + offset + 4].copy_from_slice(&size.to_le_bytes());
            }
        }
    }

    #[test]
    fn an_archive_that_expands_past_the_budget_is_refused_whatever_it_declares() {
        let budget = MIB as u64;
        let honest = zeros_zip(2 * MIB);
        assert!(
            honest.len() < 64 * 1024,
            "compresses well: {}",
            honest.len()
        );
        let refused = check_archive("bomb.xlsx", &honest, budget).expect_err("declared");
        assert!(
            refused.message.contains("expand to more than 1 MB"),
            "{refused}"
        );

        let mut liar = honest.clone();
        declare_sizes(&mut liar, 1024);
        // Expanding it finds the lie (zip itself stops at the declared size;
        // the budget holds even where it would not).
        let refused = check_archive("liar.xlsx", &liar, budget).expect_err("expanded");
        assert!(
            refused.message.starts_with("Cannot import liar.xlsx: it")
                && refused.message.contains("declared uncompressed size"),
            "{refused}"
        );

        assert!(check_archive("small.xlsx", &zeros_zip(MIB / 2), budget).is_ok());
        // Not a workbook at all, once the archive is allowed through.
        let error = read_export("small.xlsx", &zeros_zip(1024)).expect_err("no workbook");
        assert!(
            error
                .message
                .starts_with("Cannot import small.xlsx: it is not a readable Excel workbook"),
            "{error}"
        );
    }

    #[test]
    fn a_row_of_endless_commas_is_refused_before_the_reader_holds_it() {
        let mut bytes = b"Staff group,L12\n".to_vec();
        bytes.extend(std::iter::repeat_n(b',', 4 * 1024 * 1024));
        let error = read_export("wide.csv", &bytes).expect_err("refused");
        assert!(
            error.message.contains("more than 1000 columns"),
            "{}",
            error.message
        );
        // Commas inside quotes are text, not columns.
        let mut quoted = b"Staff group,L12\n\"".to_vec();
        quoted.extend(std::iter::repeat_n(b',', 5000));
        quoted.extend(b"\",2025-01-01\n");
        assert!(read_export("quoted.csv", &quoted).is_ok());
    }

    #[test]
    fn inline_text_keeps_every_capital_t_and_only_iso_date_times_lose_their_time() {
        // Streaming writers (Apache POI's SXSSF, many report generators)
        // write inline strings, which calamine gives as `String`.
        for text in ["Theatres", "Registered nurses - ITU", "Staff Type"] {
            assert_eq!(
                excel_cell(&DataRef::String(text.to_owned())),
                Cell::Text(text.to_owned())
            );
        }
        assert_eq!(
            excel_cell(&DataRef::DateTimeIso("2025-03-17T10:00:00".to_owned())),
            Cell::Text("2025-03-17".to_owned())
        );
    }

    #[test]
    fn csv_lines_are_numbered_as_the_file_has_them() {
        let table = read_export(
            "export.csv",
            b"\xEF\xBB\xBF\n\nGroup,Date\r\nEstates,\"01/02/2026\"\n\nPorters,\"multi\nline\"\nNurses\n",
        )
        .expect("table");
        assert_eq!(table.columns, ["Group", "Date"]);
        let lines: Vec<u64> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [4, 6, 8]);
        assert_eq!(table.rows[2].cells, [Cell::Text("Nurses".to_owned())]);
        for (bytes, expected) in [
            (&b""[..], "the file is empty"),
            (b"\n\n ,, \n", "it has no header row"),
            (
                b"%PDF-1.7\x00\x01",
                "neither CSV text nor an Excel workbook",
            ),
        ] {
            let error = read_export("export.csv", bytes).expect_err("refused");
            assert!(error.message.contains(expected), "{error}");
        }
        let error = read_export("export.xlsx", b"Group,Date\n").expect_err("not a workbook");
        assert!(error.message.contains("not an Excel workbook"), "{error}");
    }
}
