//! The plan as an Excel workbook, written with `rust_xlsxwriter`: a
//! well-kept, pure-Rust port of the long-established Python XlsxWriter, with
//! no C or Office dependency. Dates are real Excel dates (dd/mm/yyyy), the
//! header is bold and frozen, and the file's timestamps come from the plan's
//! "today", so the same plan gives the same bytes.

use prevent_core::Framework;
use prevent_core::plan::PlanView;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use crate::ExportError;
use crate::table::{Cell, plan_table};

/// Excel's limit on a worksheet name.
const SHEET_NAME_MAX: usize = 31;
/// Excel's limit on the text of one cell.
const CELL_MAX_CHARS: usize = 32_767;

/// The plan's table as an `.xlsx` workbook of one worksheet.
pub fn plan_xlsx(plan: &PlanView, framework: &Framework) -> Result<Vec<u8>, ExportError> {
    let table = plan_table(plan, framework);
    let mut workbook = Workbook::new();
    let created = match excel_date(plan.today) {
        Some(today) => today?,
        None => ExcelDateTime::from_ymd(1900, 1, 1)?,
    }
    .and_hms(0, 0, 0)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&table.title)
            .set_creation_datetime(&created),
    );
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("#E8EDEE")
        .set_border_bottom(FormatBorder::Thin);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);

    let sheet: &mut Worksheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(&table.title))?;
    for (col, column) in table.columns.iter().enumerate() {
        let col = u16::try_from(col).map_err(|_| ExportError("too many columns".to_owned()))?;
        sheet.set_column_width(col, column.field.width())?;
        sheet.write_string_with_format(0, col, &column.label, &header)?;
    }
    for (row, cells) in table.rows.iter().enumerate() {
        let row = u32::try_from(row + 1).map_err(|_| ExportError("too many rows".to_owned()))?;
        for (col, cell) in cells.iter().enumerate() {
            let col = u16::try_from(col).map_err(|_| ExportError("too many columns".to_owned()))?;
            match cell {
                Cell::Empty => {
                    sheet.write_blank(row, col, &text)?;
                }
                Cell::Text(value) => {
                    sheet.write_string_with_format(row, col, clamp(value), &text)?;
                }
                Cell::Date(value) => match excel_date(*value) {
                    Some(Ok(when)) => {
                        sheet.write_datetime_with_format(row, col, &when, &date)?;
                    }
                    // Before 1900 Excel has no date: keep it as text.
                    _ => {
                        sheet.write_string_with_format(row, col, cell.text(), &text)?;
                    }
                },
            }
        }
    }
    let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
    let last_col = u16::try_from(table.columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    sheet.set_landscape();
    Ok(workbook.save_to_buffer()?)
}

/// A date as Excel holds it; `None` before 1900, which Excel cannot show.
fn excel_date(date: chrono::NaiveDate) -> Option<Result<ExcelDateTime, ExportError>> {
    use chrono::Datelike;
    let year = u16::try_from(date.year()).ok().filter(|y| *y >= 1900)?;
    let month = u8::try_from(date.month()).ok()?;
    let day = u8::try_from(date.day()).ok()?;
    Some(ExcelDateTime::from_ymd(year, month, day).map_err(ExportError::from))
}

/// Text cut to what one Excel cell holds.
fn clamp(text: &str) -> &str {
    match text.char_indices().nth(CELL_MAX_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// The worksheet's name: the template's title without the characters Excel
/// refuses (`[]:*?/\`), cut at a word to Excel's 31 characters.
pub fn sheet_name(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !c.is_control())
        .collect();
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut name = String::new();
    for word in cleaned.split(' ') {
        let candidate = if name.is_empty() {
            word.to_owned()
        } else {
            format!("{name} {word}")
        };
        if candidate.chars().count() > SHEET_NAME_MAX {
            break;
        }
        name = candidate;
    }
    if name.is_empty() {
        // One word longer than the limit: cut it.
        name = cleaned.chars().take(SHEET_NAME_MAX).collect();
    }
    let name = name.trim_matches(['\'', ' ']).to_owned();
    if name.is_empty() || name.eq_ignore_ascii_case("history") {
        "Action plan".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, FORMULA, HOSTILE};
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;

    #[test]
    fn reads_back_with_the_template_labels_real_dates_and_the_text_as_typed() {
        let plan = fixtures::plan();
        let framework = fixtures::framework();
        let bytes = plan_xlsx(&plan, framework).expect("a workbook");
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("opens");
        let names = book.sheet_names();
        assert_eq!(
            names,
            vec![sheet_name(&framework.action_plan_template.title)]
        );
        let range = book.worksheet_range(&names[0]).expect("the sheet");
        let rows: Vec<&[Data]> = range.rows().collect();
        let header: Vec<String> = rows[0].iter().map(|d| d.to_string()).collect();
        let template: Vec<String> = framework
            .action_plan_template
            .columns
            .iter()
            .map(|c| c.label.clone())
            .collect();
        assert_eq!(&header[..template.len()], template.as_slice());
        assert_eq!(rows.len(), plan.actions.len() + 1);
        let col = |label: &str| header.iter().position(|h| h == label).expect(label);
        let c4 = rows
            .iter()
            .find(|r| r[col("Source")] == "Checklist entry C4")
            .expect("C4");
        assert_eq!(c4[col("Action required")].to_string(), HOSTILE);
        assert_eq!(c4[col("Priority (high, medium, low)")].to_string(), "High");
        match &c4[col("Completion date")] {
            Data::DateTime(when) => {
                let (y, m, d, ..) = when.to_ymd_hms_milli();
                assert_eq!((y, m, d), (2026, 12, 1));
            }
            other => panic!("a real date, got {other:?}"),
        }
        let c5 = rows
            .iter()
            .find(|r| r[col("Source")] == "Checklist entry C5")
            .expect("C5");
        assert_eq!(
            c5[col("Action required")].to_string(),
            FORMULA,
            "a string cell, never a formula"
        );
        let undated = rows
            .iter()
            .find(|r| r[col("Source")] == "Item 5")
            .expect("item 5");
        assert_eq!(undated[col("Completion date")], Data::Empty);
    }

    #[test]
    fn the_same_plan_gives_the_same_bytes() {
        let plan = fixtures::plan();
        let first = plan_xlsx(&plan, fixtures::framework()).expect("a workbook");
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let second = plan_xlsx(&plan, fixtures::framework()).expect("a workbook");
        assert!(first == second, "no clock in the file");
    }

    #[test]
    fn sheet_names_fit_excel() {
        assert_eq!(
            sheet_name("Action plan following Prevent self-assessment"),
            "Action plan following Prevent"
        );
        assert_eq!(sheet_name("Plan: [draft] 1/2?"), "Plan draft 12");
        assert_eq!(sheet_name(""), "Action plan");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(sheet_name("History"), "Action plan");
    }

    #[test]
    fn over_long_text_is_cut_to_a_cell() {
        let long = "é".repeat(CELL_MAX_CHARS + 10);
        assert_eq!(clamp(&long).chars().count(), CELL_MAX_CHARS);
        assert_eq!(clamp("short"), "short");
    }
}
