//! The last page: what identifies this report (the record's digest, the
//! certificate that sealed it) and how anyone can check that the file is the
//! one that was signed off, with the app, Adobe Reader or poppler. From
//! layout 3 the app's own "Check a PDF" screen comes first.

use prevent_core::AssessmentRecord;
use prevent_core::record::RECORD_FILE_NAME;

use crate::flow::{Flow, SUBTITLE, TITLE};
use crate::fonts::Face;
use crate::page::{BODY, CELL, Colour, TextStyle};
use crate::table::{Cell, Column, Row, Table};
use crate::{Stamp, words::date_time_utc};

const DIGEST: TextStyle = TextStyle::new(Face::Bold, 9.0, Colour::TEXT);
const COMMAND: TextStyle = TextStyle::new(Face::Bold, 9.5, Colour::DARK_BLUE);

pub(crate) fn write(flow: &mut Flow, record: &AssessmentRecord, stamp: &Stamp, anchor: usize) {
    flow.start_new_page();
    flow.heading("How to check this report", TITLE, Some(anchor));

    let sealed = record.is_signed() && stamp.certificate_fingerprint.is_some();
    let mut identity = Table::new(vec![Column::new("", 1.3), Column::new("", 3.7)]);
    let mut add = |label: &str, value: &str, style: TextStyle| {
        identity.push(Row::new(vec![
            Cell::styled(label, CELL.bold().sized(8.5)),
            Cell::styled(value, style),
        ]));
    };
    add("Record digest (SHA-256)", &stamp.digest, DIGEST);
    add(
        "Assessment",
        &format!(
            "{}, version {}",
            record.assessment.id, record.assessment.version
        ),
        CELL.sized(8.5),
    );
    add("As at", &date_time_utc(record.prepared_at), CELL.sized(8.5));
    if let Some(fingerprint) = &stamp.certificate_fingerprint {
        add("Certificate fingerprint (SHA-256)", fingerprint, DIGEST);
    }
    if let Some(subject) = &stamp.certificate_subject {
        add("Certificate subject", subject, CELL.sized(8.5));
    }
    flow.table(&identity);

    if !record.is_signed() {
        flow.callout(
            "This draft is not sealed and cannot be verified.",
            "A draft carries no signature, so nothing shows that it has not been changed since \
             it was made. The digest above identifies the record it was made from. Sign off \
             the assessment in the app to produce a sealed report that can be checked.",
            Colour::RED,
        );
    } else if !sealed {
        flow.callout(
            "This copy is not sealed and cannot be verified.",
            "It was made without the organisation\u{2019}s certificate, so it carries no \
             signature. Export the report from the app to get the sealed copy that can be \
             checked.",
            Colour::RED,
        );
    }

    flow.heading("What the digest is", SUBTITLE, None);
    let contents = "the organisation, the framework\u{2019}s wording, every answer, the evidence \
                    list, the action plan, the sign-offs and the audit trail: everything this \
                    report shows";
    flow.body(&if sealed {
        format!(
            "This PDF carries the assessment\u{2019}s record as an attached file, \
             \u{201C}{RECORD_FILE_NAME}\u{201D}: {contents}. The record digest above is the \
             SHA-256 of that file. Its first 16 digits are printed at the foot of every page."
        )
    } else {
        format!(
            "The record digest above is the SHA-256 of the assessment\u{2019}s record: \
             {contents}. Its first 16 digits are printed at the foot of every page. A sealed \
             report carries the record as an attached file, \u{201C}{RECORD_FILE_NAME}\u{201D}."
        )
    });

    if sealed {
        flow.heading("How to check it", SUBTITLE, None);
        let by_hand = format!(
            "Save the attached file \u{201C}{RECORD_FILE_NAME}\u{201D} from the PDF and compute \
             its SHA-256. It must equal the record digest above."
        );
        let hash_it = format!("sha256sum {RECORD_FILE_NAME}");
        steps(
            flow,
            &[
                if record.layout() >= 3 {
                    Step {
                        title: "With Prevent Self-Assessment",
                        before: Some(
                            "In the app, choose \u{201C}Check a PDF\u{201D} on the home screen \
                             and pick this file. Or, at a command prompt:",
                        ),
                        command: Some("prevent-sa verify FILE.pdf"),
                        text: "Either checks the signature, that the attached record\u{2019}s \
                               SHA-256 is the record digest above, and that every byte of this \
                               file is what the app draws from that record.",
                    }
                } else {
                    Step {
                        title: "With Prevent Self-Assessment",
                        before: None,
                        command: Some("prevent-sa verify FILE.pdf"),
                        text: if record.layout() == 1 {
                            "It checks the signature and that the attached record\u{2019}s SHA-256 \
                             is the record digest above."
                        } else {
                            "Or choose \u{201C}Check a PDF\u{201D} on the app\u{2019}s home page. \
                             It checks the signature, that the attached record\u{2019}s SHA-256 \
                             is the record digest above, and that every byte of this file is \
                             what the app draws from that record."
                        },
                    }
                },
                Step {
                    title: "In Adobe Acrobat Reader",
                    before: None,
                    command: None,
                    text: "Open the Signatures panel. It should say \u{201C}Signature is valid\u{201D} \
                           and \u{201C}Document has not been modified since it was signed\u{201D}. \
                           The signing certificate\u{2019}s fingerprint should be the one above.",
                },
                Step {
                    title: "With poppler",
                    before: None,
                    command: Some("pdfsig FILE.pdf"),
                    text: "It should report the signature as valid, covering the whole document, \
                           made with the certificate above.",
                },
                Step {
                    title: "By hand",
                    before: None,
                    command: Some(&hash_it),
                    text: &by_hand,
                },
            ],
        );
        flow.body(
            "If any check fails, the file is not the report that was signed off: ask the \
             organisation for the original.",
        );
    }
}

/// One way to check the report.
struct Step<'a> {
    title: &'a str,
    /// Words before the command (layout 3 on).
    before: Option<&'a str>,
    /// What to type, set apart from the words around it.
    command: Option<&'a str>,
    text: &'a str,
}

/// A numbered list of named steps.
fn steps(flow: &mut Flow, steps: &[Step<'_>]) {
    for (number, step) in steps.iter().enumerate() {
        flow.ensure(BODY.leading() * 4.0);
        flow.paragraph(&format!("{}. {}", number + 1, step.title), BODY.bold());
        if let Some(before) = step.before {
            flow.indented_paragraph(before, BODY, 14.0);
        }
        if let Some(command) = step.command {
            flow.indented_paragraph(command, COMMAND, 14.0);
        }
        flow.indented_paragraph(step.text, BODY, 14.0);
        flow.gap(2.0);
    }
}
