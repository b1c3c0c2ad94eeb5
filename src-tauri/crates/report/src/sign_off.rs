//! The sign-off page: what signing off means, in plain words, and who signed
//! it off, in which role, when. A draft says plainly that nobody has.

use prevent_core::AssessmentRecord;

use crate::flow::{Flow, TITLE};
use crate::page::{CELL, Colour};
use crate::table::{Cell, Column, Row, Table};
use crate::words::{date_time_utc, long_date};

pub(crate) fn write(flow: &mut Flow, record: &AssessmentRecord, anchor: usize) {
    let header = &record.assessment;
    flow.start_new_page();
    flow.heading("Sign-off", TITLE, Some(anchor));
    let statement = format!(
        "By signing off, each person named below confirms that this self-assessment, its \
         answers, evidence and action plan as set out in this report are, to the best of their \
         knowledge, an accurate account of {}'s arrangements for the Prevent duty on {}.",
        header.organisation,
        long_date(header.assessment_date)
    );

    if !record.is_signed() {
        flow.callout(
            "This report is a draft.",
            "No one has signed off this self-assessment. Until it is signed off it is a draft: \
             it is not sealed, and its answers may still change.",
            Colour::RED,
        );
        flow.body(&format!(
            "When it is signed off, this page will list each person who signs, their role and \
             when they signed, under this statement: \u{201C}{statement}\u{201D}"
        ));
        return;
    }

    flow.body(&statement);
    flow.gap(4.0);
    let mut table = Table::new(vec![
        Column::new("Name", 1.6),
        Column::new("Role", 1.8),
        Column::new("Signed off (UTC)", 1.6),
    ]);
    for signatory in &record.signatories {
        table.push(Row::new(vec![
            Cell::styled(signatory.name.clone(), CELL.bold().sized(9.0)),
            Cell::styled(signatory.role.clone(), CELL.sized(9.0)),
            Cell::styled(date_time_utc(signatory.signed_at), CELL.sized(9.0)),
        ]));
    }
    flow.table(&table);
    flow.body(
        "Times are in Coordinated Universal Time (UTC). Each person signed off in the app, which \
         recorded their name, their role and the time.",
    );
}
