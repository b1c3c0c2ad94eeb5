//! The plan as an Excel workbook, written with `rust_xlsxwriter`: a
//! well-kept, pure-Rust port of the long-established Python XlsxWriter, with
//! no C or Office dependency. Dates are real Excel dates (dd/mm/yyyy), the
//! header is bold and frozen, and the file's timestamps come from the plan's
//! "today", so the same plan gives the same bytes.

use prevent_core::plan::PlanView;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use crate::ExportError;
use crate::table::{Cell, PlanFrameworks, PlanTable, plan_tables};

/// Excel's limit on a worksheet name.
const SHEET_NAME_MAX: usize = 31;
/// Excel's limit on the text of one cell.
const CELL_MAX_CHARS: usize = 32_767;

/// The cell formats every sheet uses.
struct Formats {
    header: Format,
    text: Format,
    date: Format,
}

/// The plan's table as an `.xlsx` workbook of one worksheet; a plan whose
/// frameworks' templates have different columns gets one worksheet per
/// framework, named by it, each with its own columns.
pub fn plan_xlsx(plan: &PlanView, frameworks: &PlanFrameworks) -> Result<Vec<u8>, ExportError> {
    let tables = plan_tables(plan, frameworks);
    let mut workbook = Workbook::new();
    let created = match excel_date(plan.today) {
        Some(today) => today?,
        None => ExcelDateTime::from_ymd(1900, 1, 1)?,
    }
    .and_hms(0, 0, 0)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&frameworks.main().action_plan_template.title)
            .set_creation_datetime(&created),
    );
    let formats = Formats {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color("#E8EDEE")
            .set_border_bottom(FormatBorder::Thin),
        text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        date: Format::new()
            .set_num_format("dd/mm/yyyy")
            .set_align(FormatAlign::Top)
            .set_align(FormatAlign::Left),
    };
    for (table, name) in tables.iter().zip(sheet_names(&tables)) {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        write_table(sheet, table, &formats)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// Each table's worksheet name: the template's title for the one table of a
/// plan, else the framework's title, told apart where two would read alike.
fn sheet_names(tables: &[PlanTable]) -> Vec<String> {
    let titles: Vec<&str> = tables
        .iter()
        .map(|t| t.framework.as_deref().unwrap_or(&t.title))
        .collect();
    distinct_sheet_names(&titles)
}

/// One table on one worksheet: the header bold and frozen, filters on it,
/// dates as real dates.
fn write_table(
    sheet: &mut Worksheet,
    table: &PlanTable,
    formats: &Formats,
) -> Result<(), ExportError> {
    let Formats { header, text, date } = formats;
    for (col, column) in table.columns.iter().enumerate() {
        let col = u16::try_from(col).map_err(|_| ExportError("too many columns".to_owned()))?;
        sheet.set_column_width(col, column.field.width())?;
        sheet.write_string_with_format(0, col, &column.label, header)?;
    }
    for (row, cells) in table.rows.iter().enumerate() {
        let row = u32::try_from(row + 1).map_err(|_| ExportError("too many rows".to_owned()))?;
        for (col, cell) in cells.iter().enumerate() {
            let col = u16::try_from(col).map_err(|_| ExportError("too many columns".to_owned()))?;
            match cell {
                Cell::Empty => {
                    sheet.write_blank(row, col, text)?;
                }
                Cell::Text(value) => {
                    sheet.write_string_with_format(row, col, clamp(value), text)?;
                }
                Cell::Date(value) => match excel_date(*value) {
                    Some(Ok(when)) => {
                        sheet.write_datetime_with_format(row, col, &when, date)?;
                    }
                    // Before 1900 Excel has no date: keep it as text.
                    _ => {
                        sheet.write_string_with_format(row, col, cell.text(), text)?;
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
    Ok(())
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
/// refuses (`[]:*?/\`), cut at a word to Excel's 31 characters (and not
/// after a word such as "for" that leads on to what was cut).
pub fn sheet_name(title: &str) -> String {
    let cleaned = allowed_in_sheet_name(title);
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let mut name = leading_words(&words, SHEET_NAME_MAX).join(" ");
    if name.is_empty() {
        // One word longer than the limit: cut it.
        name = cleaned.trim().chars().take(SHEET_NAME_MAX).collect();
    }
    let name = name.trim_matches(['\'', ' ']).to_owned();
    if name.is_empty() || name.eq_ignore_ascii_case("history") {
        "Action plan".to_owned()
    } else {
        name
    }
}

/// The title without the characters Excel refuses in a worksheet name.
fn allowed_in_sheet_name(title: &str) -> String {
    title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !c.is_control())
        .collect()
}

/// The first words that fit in `room` characters, joined by spaces; when
/// some are left out, without the small words that led on to them.
fn leading_words<'w>(words: &[&'w str], room: usize) -> Vec<&'w str> {
    let mut kept: Vec<&str> = Vec::new();
    let mut length = 0;
    for word in words {
        let added = word.chars().count() + usize::from(!kept.is_empty());
        if length + added > room {
            break;
        }
        kept.push(word);
        length += added;
    }
    if kept.len() < words.len() {
        while kept.len() > 1
            && kept.last().is_some_and(|w| {
                ["and", "for", "in", "of", "on", "the", "to", "with"]
                    .contains(&w.to_lowercase().as_str())
            })
        {
            kept.pop();
        }
    }
    kept
}

/// A worksheet name for each title (`sheet_name`), no two alike as Excel
/// compares them (ignoring case). Titles cut to the same name keep their
/// last word, which is where such titles differ ("… providers",
/// "… commissioners"): as many leading words as fit, "…", the last word;
/// should that not tell them apart either, a number.
pub fn distinct_sheet_names(titles: &[&str]) -> Vec<String> {
    let first: Vec<String> = titles.iter().map(|t| sheet_name(t)).collect();
    let key = |name: &str| name.to_lowercase();
    let mut names: Vec<String> = titles
        .iter()
        .zip(&first)
        .map(|(title, name)| {
            let shared = first.iter().filter(|n| key(n) == key(name)).count() > 1;
            let whole = allowed_in_sheet_name(title)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if shared && *name != whole {
                with_last_word(title).unwrap_or_else(|| name.clone())
            } else {
                name.clone()
            }
        })
        .collect();
    for at in 0..names.len() {
        let base = names[at].clone();
        let mut n = 1;
        while names[..at]
            .iter()
            .any(|earlier| key(earlier) == key(&names[at]))
        {
            n += 1;
            let suffix = format!(" ({n})");
            let stem: String = base
                .chars()
                .take(SHEET_NAME_MAX - suffix.chars().count())
                .collect();
            names[at] = format!("{}{suffix}", stem.trim_end());
        }
    }
    names
}

/// "Prevent duty core … providers": the title's leading words that fit
/// beside its last word, for a worksheet name; `None` when none fit.
fn with_last_word(title: &str) -> Option<String> {
    let cleaned = allowed_in_sheet_name(title);
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let (last, leading) = words.split_last()?;
    let tail = format!(" … {last}");
    let room = SHEET_NAME_MAX.checked_sub(tail.chars().count())?;
    let head = leading_words(leading, room).join(" ");
    let name = format!("{head}{tail}");
    let name = name.trim_matches(['\'', ' ']);
    (!head.is_empty() && !name.is_empty()).then(|| name.to_owned())
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
        let bytes = plan_xlsx(&plan, &framework.into()).expect("a workbook");
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
        let first = plan_xlsx(&plan, &fixtures::framework().into()).expect("a workbook");
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let second = plan_xlsx(&plan, &fixtures::framework().into()).expect("a workbook");
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

    #[test]
    fn frameworks_with_other_columns_get_a_sheet_each() {
        let (plan, frameworks) = fixtures::mixed_plan();
        let bytes = plan_xlsx(&plan, &frameworks).expect("a workbook");
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("opens");
        let names = book.sheet_names();
        assert_eq!(
            names,
            [
                "Prevent self-assessment tool",
                "Prevent duty core standards"
            ]
        );
        let header_and_rows = |book: &mut Xlsx<_>, name: &str| {
            let range = book.worksheet_range(name).expect("the sheet");
            let rows: Vec<Vec<String>> = range
                .rows()
                .map(|r| r.iter().map(|d| d.to_string()).collect())
                .collect();
            rows
        };
        let toolkit = header_and_rows(&mut book, &names[0]);
        assert_eq!(toolkit[0][0], "Objectives");
        assert_eq!(toolkit.len(), fixtures::actions().len() + 1);
        let providers = header_and_rows(&mut book, &names[1]);
        assert_eq!(
            providers[0][..5],
            [
                "Standard",
                "Action required",
                "Lead",
                "Target date",
                "RAG rating"
            ]
        );
        assert_eq!(
            providers.len(),
            3,
            "a header and the two providers' actions"
        );
        let action = providers[0]
            .iter()
            .position(|h| h == "Action required")
            .expect("the column");
        let mut actions: Vec<&str> = providers[1..].iter().map(|r| r[action].as_str()).collect();
        actions.sort_unstable();
        assert_eq!(actions, ["Name a Prevent lead.", "Train the board."]);
    }

    #[test]
    fn framework_sheet_names_are_told_apart_within_excel_limits() {
        let titles: Vec<&str> = fixtures::frameworks()
            .all()
            .iter()
            .map(|f| f.title.as_str())
            .collect();
        let names = distinct_sheet_names(&titles);
        assert_eq!(
            names,
            [
                "Prevent duty … commissioners",
                "Prevent duty core … providers",
                "Prevent self-assessment tool"
            ]
        );
        for name in &names {
            assert!(name.chars().count() <= SHEET_NAME_MAX, "{name}");
            assert!(
                !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
                "{name}"
            );
        }
        let same = distinct_sheet_names(&["Plan: one", "Plan one", "plan one"]);
        assert_eq!(same, ["Plan one", "Plan one (2)", "plan one (3)"]);
        let long = "x".repeat(40);
        let numbered = distinct_sheet_names(&[&long, &long]);
        assert_eq!(numbered[1].chars().count(), SHEET_NAME_MAX);
        assert!(numbered[1].ends_with(" (2)"));
    }
}
