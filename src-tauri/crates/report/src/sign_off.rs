//! The sign-off page: what signing off means, in plain words, and who signed
//! it off, in which role, when, and (from layout 2) when the app recorded it
//! and who was using it, so a sign-off recorded on someone's behalf or later
//! than it was made says so. A draft says plainly that nobody has.

use prevent_core::{AssessmentRecord, Signatory};

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
    if record.layout() == 1 {
        signatories_as_first_drawn(flow, record);
        return;
    }
    let mut table = Table::new(vec![
        Column::new("Name", 1.4),
        Column::new("Role", 1.5),
        Column::new("Signed (UTC)", 1.3),
        Column::new("Recorded in the app (UTC)", 2.2),
    ]);
    for signatory in &record.signatories {
        table.push(Row::new(vec![
            Cell::styled(signatory.name.clone(), CELL.bold().sized(9.0)),
            Cell::styled(signatory.role.clone(), CELL.sized(9.0)),
            Cell::styled(date_time_utc(signatory.signed_at), CELL.sized(9.0)),
            Cell::styled(recorded(signatory), CELL.sized(9.0)),
        ]));
    }
    flow.table(&table);
    flow.body(
        "Times are in Coordinated Universal Time (UTC). \u{201C}Signed\u{201D} is when the \
         person signed off; it is earlier than the time it was recorded when they signed on \
         paper first. \u{201C}Recorded\u{201D} is when the app recorded the sign-off and who \
         was using it. Someone recording a sign-off on another person\u{2019}s behalf \
         confirmed in the app that they were doing so.",
    );
}

/// "3 December 2026 09:14 by Sam Lee (Safeguarding lead) on behalf of Dr
/// Priya Shah", or "… by Dr Priya Shah" when the signatory recorded it.
fn recorded(signatory: &Signatory) -> String {
    let Some(recorded) = &signatory.recorded else {
        // Signed off before the app kept who recorded each sign-off.
        return format!(
            "{} (who recorded it was not kept then)",
            date_time_utc(signatory.signed_at)
        );
    };
    let by = if recorded.by_role.is_empty() {
        recorded.by.clone()
    } else {
        format!("{} ({})", recorded.by, recorded.by_role)
    };
    if recorded.on_behalf {
        format!(
            "{} by {by} on behalf of {}",
            date_time_utc(recorded.at),
            signatory.name
        )
    } else {
        format!("{} by {by}", date_time_utc(recorded.at))
    }
}

/// Layout 1's table: name, role and time.
fn signatories_as_first_drawn(flow: &mut Flow, record: &AssessmentRecord) {
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
