//! The plan as RFC 4180 CSV, UTF-8 with a byte-order mark so Excel reads
//! "café" and "—" as written rather than in the system's code page.

use prevent_core::plan::PlanView;

use crate::table::{Cell, PlanFrameworks, plan_table_across};

pub(crate) const BOM: &str = "\u{FEFF}";

/// The plan's table as CSV: a header row of column labels, one row per
/// action, CRLF line ends. A plan whose frameworks' templates have different
/// columns is still one table, so Excel's filter and sort and any CSV tool
/// read it whole: a leading "Framework" column, every framework's columns,
/// and the actions grouped by framework (`plan_table_across`).
///
/// Text a spreadsheet would take for a formula (starting `=`, `+`, `-`, `@`,
/// a tab or a carriage return) gets a leading apostrophe, so opening the file
/// never runs what someone typed into an action.
pub fn plan_csv(plan: &PlanView, frameworks: &PlanFrameworks) -> Vec<u8> {
    let table = plan_table_across(plan, frameworks);
    let mut out = String::from(BOM);
    let header: Vec<String> = table.columns.iter().map(|c| field(&c.label)).collect();
    push_record(&mut out, &header);
    for row in &table.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                Cell::Text(text) => field(&defuse_formula(text)),
                other => field(&other.text()),
            })
            .collect();
        push_record(&mut out, &cells);
    }
    out.into_bytes()
}

pub(crate) fn push_record(out: &mut String, fields: &[String]) {
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// One field, quoted when it holds a comma, a quote, CR or LF; quotes inside are doubled.
pub(crate) fn field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

pub(crate) fn defuse_formula(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, FORMULA, HOSTILE};

    fn read_back(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
        let text = std::str::from_utf8(bytes).expect("UTF-8");
        let body = text.strip_prefix(BOM).expect("starts with a BOM");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(body.as_bytes());
        let headers = reader
            .headers()
            .expect("a header row")
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .map(|r| {
                r.expect("a well-formed record")
                    .iter()
                    .map(str::to_owned)
                    .collect()
            })
            .collect();
        (headers, rows)
    }

    #[test]
    fn reads_back_with_the_template_labels_and_every_action() {
        let plan = fixtures::plan();
        let framework = fixtures::framework();
        let bytes = plan_csv(&plan, &framework.into());
        let (headers, rows) = read_back(&bytes);
        let template: Vec<&str> = framework
            .action_plan_template
            .columns
            .iter()
            .map(|c| c.label.as_str())
            .collect();
        assert_eq!(&headers[..template.len()], template.as_slice());
        assert_eq!(rows.len(), plan.actions.len());
        assert!(rows.iter().all(|r| r.len() == headers.len()));
        let col = |label: &str| headers.iter().position(|h| h == label).expect(label);
        // Plan order: the overdue medium action shows as high and comes first with the high one.
        let ids: Vec<&str> = rows.iter().map(|r| r[col("Action id")].as_str()).collect();
        let expected: Vec<String> = plan
            .actions
            .iter()
            .map(|a| a.action.id.to_string())
            .collect();
        assert_eq!(ids, expected);

        let hostile = rows
            .iter()
            .find(|r| r[col("Source")] == "Checklist entry C4")
            .expect("C4's row");
        assert_eq!(
            hostile[col("Action required")],
            HOSTILE,
            "round-trips exactly"
        );
        assert_eq!(hostile[col("Priority (high, medium, low)")], "High");
        assert_eq!(hostile[col("Stored priority")], "Medium");
        assert_eq!(hostile[col("Overdue (Y/N)")], "Y");
        assert_eq!(hostile[col("Completion date")], "2026-12-01");
        assert_eq!(hostile[col("Assessment date")], "2026-11-20");
        assert_eq!(
            hostile[col("Organisation")],
            "Northshire Community NHS Trust, \"East\""
        );
        assert_eq!(hostile[col("Status")], "In progress");
        assert_eq!(
            hostile[col("Progress notes")],
            "2026-12-02 Sam Lee: Draft shared, \"v2\"\n2026-12-09 A. Khan: Board to approve"
        );
        assert_eq!(
            hostile[col("Completed (Y/N), date assessed and signature")],
            "N"
        );

        let done = rows
            .iter()
            .find(|r| r[col("Source")] == "Item 1")
            .expect("item 1");
        assert_eq!(
            done[col("Completed (Y/N), date assessed and signature")],
            "Y, 2027-01-15, Sam Lee"
        );

        let formula = rows
            .iter()
            .find(|r| r[col("Source")] == "Checklist entry C5")
            .expect("C5");
        assert_eq!(formula[col("Action required")], format!("'{FORMULA}"));
        assert_eq!(formula[col("Rule")], "set-by-a-person: Lower risk here");
    }

    #[test]
    fn is_rfc_4180_with_crlf_and_a_bom() {
        let bytes = plan_csv(&fixtures::plan(), &fixtures::framework().into());
        assert!(bytes.starts_with("\u{FEFF}".as_bytes()));
        let text = String::from_utf8(bytes).expect("UTF-8");
        assert!(text.ends_with("\r\n"));
        // Outside quoted fields every line ends CRLF; the hostile text's own CRLF is inside quotes.
        let mut quoted = false;
        let mut previous = '\0';
        for c in text.chars() {
            if c == '"' {
                quoted = !quoted;
            }
            if c == '\n' && !quoted {
                assert_eq!(previous, '\r', "a bare LF outside quotes");
            }
            previous = c;
        }
        assert!(!quoted, "every quote is closed");
        assert!(
            text.contains("\"He said \"\"no\"\", then <script>"),
            "quotes doubled"
        );
    }

    #[test]
    fn an_empty_plan_is_the_header_alone() {
        let mut plan = fixtures::plan();
        plan.actions.clear();
        let (headers, rows) = read_back(&plan_csv(&plan, &fixtures::framework().into()));
        assert!(headers.len() > 10);
        assert!(rows.is_empty());
    }

    #[test]
    fn frameworks_with_other_columns_read_back_as_one_table_grouped_by_framework() {
        let (plan, frameworks) = fixtures::mixed_plan();
        let (headers, rows) = read_back(&plan_csv(&plan, &frameworks));
        assert_eq!(headers[0], "Framework");
        let col = |label: &str| headers.iter().position(|h| h == label).expect(label);
        assert!(headers.ends_with(&["Progress notes".to_owned(), "Action id".to_owned()]));
        assert_eq!(rows.len(), fixtures::actions().len() + 2);
        assert!(rows.iter().all(|r| r.len() == headers.len()));
        let providers: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| r[0] == fixtures::providers_with_own_columns().title)
            .collect();
        assert_eq!(providers.len(), 2);
        for row in &providers {
            assert_eq!(row[col("Organisation")], "Southvale Care Ltd");
            assert_eq!(row[col("Target date")], "2027-02-15");
            assert_eq!(row[col("Completion date")], "", "not a providers' column");
            assert_eq!(
                row[col("RAG rating")],
                "",
                "a column this version cannot fill"
            );
            assert!(!row[col("Standard")].is_empty());
        }
        let c4 = rows
            .iter()
            .find(|r| r[col("Source")] == "Checklist entry C4")
            .expect("C4's row");
        assert_eq!(c4[0], fixtures::framework().title);
        assert_eq!(c4[col("Action required")], HOSTILE, "round-trips exactly");
        assert_eq!(c4[col("Completion date")], "2026-12-01");
        assert_eq!(c4[col("Standard")], "");
        let first_providers = rows
            .iter()
            .position(|r| r[0] == fixtures::providers_with_own_columns().title)
            .expect("a providers' row");
        assert!(
            rows[first_providers..]
                .iter()
                .all(|r| r[0] == fixtures::providers_with_own_columns().title),
            "grouped by framework"
        );
    }
}
