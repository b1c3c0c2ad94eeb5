//! The quarterly summary for the upward return as CSV (RFC 4180: CRLF, a
//! byte-order mark for Excel) and as an Excel workbook: one long table,
//! organisation, quarter, reporting date, measure, value, then the readings.

use prevent_core::quarterly::QuarterlyReturn;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook};

use crate::ExportError;
use crate::csv::{BOM, defuse_formula, field, push_record};

const HEADINGS: [&str; 5] = [
    "Organisation",
    "Quarter",
    "Reporting date",
    "Measure",
    "Value",
];

fn rows(summary: &QuarterlyReturn) -> Vec<[String; 5]> {
    summary
        .rows
        .iter()
        .map(|row| {
            [
                summary.organisation.clone(),
                summary.quarter_label.clone(),
                row.reporting_date
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                row.measure.clone(),
                row.value.clone(),
            ]
        })
        .collect()
}

/// The return as CSV.
pub fn quarterly_csv(summary: &QuarterlyReturn) -> Vec<u8> {
    let mut out = String::from(BOM);
    push_record(&mut out, &HEADINGS.map(field));
    for row in rows(summary) {
        push_record(&mut out, &row.map(|cell| field(&defuse_formula(&cell))));
    }
    out.into_bytes()
}

/// The return as a workbook of one worksheet, dates as real dates, the
/// readings under the table. Its timestamp is the quarter's last day, so
/// the same return gives the same bytes.
pub fn quarterly_xlsx(summary: &QuarterlyReturn) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(format!(
        "Q{} {}",
        summary.quarter.number, summary.quarter.year
    ))?;
    let header = Format::new()
        .set_bold()
        .set_background_color("#E8EDEE")
        .set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (col, heading) in (0u16..).zip(HEADINGS) {
        sheet.write_string_with_format(0, col, heading, &header)?;
    }
    for (col, width) in (0u16..).zip([36.0, 34.0, 14.0, 60.0, 24.0]) {
        sheet.set_column_width(col, width)?;
    }
    let mut row_index = 1u32;
    for row in &summary.rows {
        sheet.write_string(row_index, 0, &summary.organisation)?;
        sheet.write_string(row_index, 1, &summary.quarter_label)?;
        if let Some(day) = row.reporting_date {
            use chrono::Datelike;
            let when = ExcelDateTime::from_ymd(
                u16::try_from(day.year())
                    .map_err(|_| ExportError("a year Excel cannot show".to_owned()))?,
                u8::try_from(day.month()).unwrap_or(1),
                u8::try_from(day.day()).unwrap_or(1),
            )?;
            sheet.write_datetime_with_format(row_index, 2, &when, &date)?;
        }
        sheet.write_string(row_index, 3, &row.measure)?;
        sheet.write_string(row_index, 4, &row.value)?;
        row_index += 1;
    }
    sheet.set_freeze_panes(1, 0)?;
    row_index += 1;
    for reading in &summary.readings {
        sheet.write_string(row_index, 0, reading)?;
        row_index += 1;
    }
    Ok(workbook.save_to_buffer()?)
}
