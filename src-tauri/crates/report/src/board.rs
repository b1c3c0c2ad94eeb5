//! The annual Prevent report to the board as an A4 PDF, drawn from a
//! [`BoardReportRecord`] and nothing else, with the assessment report's
//! engine, fonts and style: the same record and stamp always give the same
//! bytes, so a sealed board report is checked by drawing its record again.
//!
//! Its headings quote the 2024 core standards' own words for what the
//! report covers; the product's readings of the year, the plan and the
//! training figures are printed with them.

use prevent_core::Priority;
use prevent_core::board::ResourcesStatement;
use prevent_core::board::{
    BOARD_RECORD_FILE_NAME, BoardReportRecord, PriorityProgress, RESOURCES_QUESTION,
};
use prevent_core::training::{Compliance, TARGET_PERCENT, TrainingLevel};

use crate::flow::{Flow, SUBTITLE, TITLE};
use crate::fonts::{Face, Fonts};
use crate::frame::RunningText;
use crate::page::{
    BODY, BODY_BOTTOM, CELL, CONTENT_LEFT, CONTENT_RIGHT, CONTENT_WIDTH, Colour, Mark, NOTE,
    TextStyle,
};
use crate::pdf::{DocumentInfo, write_pdf};
use crate::printable::printable;
use crate::table::{Cell, Column, Row, Table};
use crate::training::{
    TargetLine, TrendRow, compliance_bar, level_table, level_words, trend_table,
};
use crate::words::{date_time_utc, long_date, short_date, short_hex};
use crate::wrap::wrap;
use crate::{ReportError, Stamp, file_id};

/// The board report layouts this version draws. A record names its layout;
/// bump this whenever any byte of a new board report would change, and keep
/// the old drawing behind `record.layout`.
pub const BOARD_LAYOUT_VERSION: u32 = 1;

/// Whether this version can draw board reports of `layout`.
pub fn can_draw_board(layout: u32) -> bool {
    layout == BOARD_LAYOUT_VERSION
}

const BAND_TITLE: TextStyle = TextStyle::new(Face::Bold, 24.0, Colour::WHITE);
const BAND_ORGANISATION: TextStyle = TextStyle::new(Face::Bold, 14.0, Colour::WHITE);
const BAND_NOTE: TextStyle = TextStyle::new(Face::Regular, 10.0, Colour::WHITE);
const BAND_PADDING: f32 = 20.0;
const DIGEST: TextStyle = TextStyle::new(Face::Bold, 9.0, Colour::TEXT);
const COMMAND: TextStyle = TextStyle::new(Face::Bold, 9.5, Colour::DARK_BLUE);

/// What the report says of text nobody gave.
const NOT_STATED: &str = "Not stated.";

struct Anchors {
    assessments: usize,
    plan: usize,
    training: usize,
    referrals: usize,
    incidents: usize,
    resources: usize,
    activity: usize,
    sign_off: usize,
    verification: usize,
    contents: Vec<usize>,
}

impl Anchors {
    fn declare(flow: &mut Flow) -> Anchors {
        let assessments = flow.declare_anchor("Assessments completed and signed this year", 0);
        let plan = flow.declare_anchor("Action plan progress", 0);
        let training = flow.declare_anchor("Training compliance by level", 0);
        let referrals = flow.declare_anchor("Prevent referrals made", 0);
        let incidents = flow.declare_anchor("Significant incidents", 0);
        let resources = flow.declare_anchor("Resources", 0);
        let activity = flow.declare_anchor("Other Prevent-related activity", 0);
        let sign_off = flow.declare_anchor("Sign-off", 0);
        let verification = flow.declare_anchor("How to check this report", 0);
        Anchors {
            assessments,
            plan,
            training,
            referrals,
            incidents,
            resources,
            activity,
            sign_off,
            verification,
            contents: vec![
                assessments,
                plan,
                training,
                referrals,
                incidents,
                resources,
                activity,
                sign_off,
                verification,
            ],
        }
    }
}

/// Renders the board report of `record` as PDF bytes. A record nobody has
/// signed off is a draft, and every page says so.
pub fn render_board_report(
    record: &BoardReportRecord,
    stamp: &Stamp,
) -> Result<Vec<u8>, ReportError> {
    if !can_draw_board(record.layout) {
        return Err(ReportError::UnknownLayout {
            layout: record.layout,
        });
    }
    let fonts = Fonts::get()?;
    let mut flow = Flow::new(fonts);
    let anchors = Anchors::declare(&mut flow);
    let organisation = printable(&record.organisation).into_owned();

    cover(&mut flow, record, &organisation, stamp, &anchors);
    assessments(&mut flow, record, anchors.assessments);
    plan(&mut flow, record, anchors.plan);
    training(&mut flow, record, anchors.training);
    narrative(&mut flow, record, &anchors);
    sign_off(&mut flow, record, &organisation, anchors.sign_off);
    verification(&mut flow, record, stamp, anchors.verification);
    if flow.row_too_long {
        return Err(ReportError::RowTooLong);
    }
    let (pages, anchor_list) = flow.finish();

    let title = format!("Annual Prevent report to the board, {}", record.year);
    let running = RunningText {
        header_left: organisation.clone(),
        header_right: title.clone(),
        footer_left: format!(
            "Board report {} \u{00B7} record digest {}",
            record.year,
            short_hex(&stamp.digest, 16)
        ),
        draft: !record.is_signed(),
    };
    let info = DocumentInfo {
        title: format!("{title}: {organisation}"),
        author: organisation.clone(),
        subject: format!(
            "Prevent annual report to the board for {}{}",
            record.year,
            if record.is_signed() {
                ""
            } else {
                ". DRAFT: not signed off"
            }
        ),
        keywords: format!("Prevent; board report; {}", stamp.digest),
        created: record.prepared_at,
        layout: record.layout,
    };
    write_pdf(
        fonts,
        pages,
        &anchor_list,
        &running,
        &info,
        &file_id(&stamp.digest),
    )
}

/// A priority as layout 1 prints it.
fn priority_words(priority: Priority) -> &'static str {
    match priority {
        Priority::High => "High",
        Priority::Medium => "Medium",
        Priority::Low => "Low",
    }
}

/// The answer to the resources statement as layout 1 prints it.
fn resources_words(answer: ResourcesStatement) -> &'static str {
    match answer {
        ResourcesStatement::Adequate => "Yes",
        ResourcesStatement::Inadequate => "No",
        ResourcesStatement::Partly => "Partly",
    }
}

/// A part of the report's title, with space above unless it starts a page.
fn section(flow: &mut Flow, title: &str, anchor: usize) {
    flow.gap(16.0);
    flow.heading(title, TITLE, Some(anchor));
}

/// A people-typed text as printed: as typed, or "Not stated." when blank.
fn stated(text: &str) -> String {
    if text.trim().is_empty() {
        NOT_STATED.to_owned()
    } else {
        printable(text).into_owned()
    }
}

/// Paragraphs as typed: one per line break, blank lines kept apart.
fn paragraphs(flow: &mut Flow, text: &str) {
    let text = stated(text);
    for paragraph in text.split('\n').map(str::trim_end) {
        if paragraph.trim().is_empty() {
            flow.gap(4.0);
        } else {
            flow.body(paragraph);
        }
    }
}

fn cover(
    flow: &mut Flow,
    record: &BoardReportRecord,
    organisation: &str,
    stamp: &Stamp,
    anchors: &Anchors,
) {
    let inner = CONTENT_WIDTH - 2.0 * BAND_PADDING;
    let title = format!("Annual Prevent report to the board, {}", record.year);
    let blocks: Vec<(Vec<String>, TextStyle, f32)> = vec![
        (wrap(flow.fonts, BAND_TITLE, &title, inner), BAND_TITLE, 8.0),
        (
            wrap(flow.fonts, BAND_ORGANISATION, organisation, inner),
            BAND_ORGANISATION,
            4.0,
        ),
        (
            wrap(
                flow.fonts,
                BAND_NOTE,
                &format!(
                    "1 January to 31 December {}, as at {}",
                    record.year,
                    long_date(record.as_at)
                ),
                inner,
            ),
            BAND_NOTE,
            0.0,
        ),
    ];
    crate::cover::title_band(flow, &blocks);

    let (status, colour, note) = if record.is_signed() {
        (
            "Signed off",
            Colour::GREEN,
            format!(
                "Signed off by {}.",
                prevent_core::text::and_list(
                    &record
                        .signatories
                        .iter()
                        .map(|s| printable(&s.name).into_owned())
                        .collect::<Vec<_>>()
                )
            ),
        )
    } else {
        (
            "Draft",
            Colour::RED,
            "Not signed off. This report is a draft and is not sealed.".to_owned(),
        )
    };
    let panel_style = TextStyle::new(Face::Bold, 12.0, Colour::WHITE);
    let note_lines = wrap(flow.fonts, BODY, &note, CONTENT_WIDTH - 130.0);
    let panel_height = (note_lines.len() as f32 * BODY.leading()).max(panel_style.leading()) + 14.0;
    let y = flow.y();
    flow.mark(Mark::Fill {
        x: CONTENT_LEFT,
        y,
        width: 110.0,
        height: panel_height,
        colour,
    });
    flow.mark(Mark::Frame {
        x: CONTENT_LEFT,
        y,
        width: CONTENT_WIDTH,
        height: panel_height,
        colour,
        thickness: 1.2,
    });
    flow.advance(7.0);
    let saved = flow.y();
    flow.text_line(CONTENT_LEFT + 10.0, status, panel_style);
    flow.advance(saved - flow.y());
    for line in &note_lines {
        flow.text_line(CONTENT_LEFT + 122.0, line, BODY);
    }
    flow.advance(y + panel_height - flow.y());
    flow.gap(16.0);

    let mut details = Table::new(vec![Column::new("", 1.25), Column::new("", 3.0)]);
    let mut add = |label: &str, value: String| {
        details.push(Row::new(vec![
            Cell::styled(label, CELL.bold().sized(8.5)),
            Cell::styled(value, CELL.sized(8.5)),
        ]));
    };
    add("Organisation", organisation.to_owned());
    add("Year", format!("1 January to 31 December {}", record.year));
    add(
        "Accountable Prevent lead",
        printable(&record.narrative.lead).into_owned(),
    );
    add("Report status", status.to_owned());
    add("As at", long_date(record.as_at));
    add("Prepared", date_time_utc(record.prepared_at));
    add("Record digest (SHA-256)", stamp.digest.clone());
    flow.table(&details);

    flow.heading("Contents", SUBTITLE, None);
    for &anchor in &anchors.contents {
        let Some(entry) = flow.anchors().get(anchor).cloned() else {
            continue;
        };
        let style = BODY.bold();
        let baseline = flow.baseline(style);
        flow.mark(Mark::PageNumberOf {
            anchor,
            right: CONTENT_RIGHT,
            baseline,
            style,
        });
        flow.text_line(CONTENT_LEFT, &entry.title, style);
        flow.advance(1.5);
    }

    let source = "\u{201C}The accountable Prevent lead will present a report on Prevent to the \
                  board and/or governing body on an annual basis (minimum)\u{201D}, covering \
                  \u{201C}all Prevent-related activity undertaken by the organisation\u{201D}, \
                  \u{201C}any significant incidents\u{201D} and whether \u{201C}adequate \
                  resources are available\u{201D} to meet the requirements of the core \
                  standards. Source: Prevent duty core standards (2024).";
    let lines = wrap(flow.fonts, NOTE, source, CONTENT_WIDTH);
    let height = lines.len() as f32 * NOTE.leading();
    let foot = BODY_BOTTOM - height;
    if foot > flow.y() + 10.0 {
        flow.advance(foot - flow.y());
    }
    flow.lines(&lines, NOTE, CONTENT_LEFT);
}

fn assessments(flow: &mut Flow, record: &BoardReportRecord, anchor: usize) {
    flow.start_new_page();
    section(flow, "Assessments completed and signed this year", anchor);
    if record.assessments.is_empty() {
        flow.body(&format!(
            "No Prevent self-assessment of the organisation was signed off in {}.",
            record.year
        ));
        return;
    }
    flow.body(&format!(
        "{} signed off in {}. Each entry is counted by what its response means; an item \
         answered through its sub-points is counted through them.",
        match record.assessments.len() {
            1 => "One self-assessment was".to_owned(),
            n => format!("{n} self-assessments were"),
        },
        record.year
    ));
    let mut table = Table::new(vec![
        Column::new("Framework", 2.6),
        Column::new("Dated", 1.1),
        Column::new("Signed off", 1.3),
        Column::new("In place", 0.8),
        Column::new("Partly in place", 0.9),
        Column::new("Not in place", 0.8),
        Column::new("Does not apply", 0.9),
        Column::new("Not answered", 0.9),
    ]);
    for a in &record.assessments {
        let r = &a.responses;
        table.push(Row::new(vec![
            Cell::styled(printable(&a.framework).into_owned(), CELL.bold()).then(
                format!(
                    "Version {} \u{00B7} {}",
                    a.version,
                    short_hex(&a.id.to_string(), 8)
                ),
                NOTE,
            ),
            Cell::text(short_date(a.assessment_date)),
            Cell::text(short_date(a.signed_off_at.date_naive())).then(
                printable(&prevent_core::text::and_list(&a.signed_off_by)).into_owned(),
                NOTE,
            ),
            Cell::text(r.in_place.to_string()),
            Cell::text(r.partly_in_place.to_string()),
            Cell::text(r.not_in_place.to_string()),
            Cell::text(r.does_not_apply.to_string()),
            Cell::text(r.unanswered.to_string()),
        ]));
    }
    flow.table(&table);
    for a in &record.assessments {
        response_bar(flow, a);
    }
    flow.paragraph(
        "Each assessment\u{2019}s own sealed report holds its answers, evidence and plan; the \
         SHA-256 of the record it was sealed over is below, to find it.",
        NOTE,
    );
    for a in &record.assessments {
        flow.paragraph(
            &format!(
                "{} (dated {}): {}",
                printable(&a.framework),
                short_date(a.assessment_date),
                a.record_sha256
            ),
            NOTE,
        );
    }
}

/// One assessment's responses as a stacked bar with the counts printed.
fn response_bar(flow: &mut Flow, assessment: &prevent_core::board::BoardAssessment) {
    let r = &assessment.responses;
    let total = r.total();
    if total == 0 {
        return;
    }
    let label = format!(
        "{}, {}",
        printable(&assessment.framework),
        short_date(assessment.assessment_date)
    );
    let label_lines = wrap(flow.fonts, CELL, &label, CONTENT_WIDTH);
    flow.ensure(label_lines.len() as f32 * CELL.leading() + 24.0);
    flow.lines(&label_lines, CELL, CONTENT_LEFT);
    let top = flow.y() + 2.0;
    let height = 14.0;
    let segments = [
        (r.in_place, Colour::GREEN, Colour::WHITE),
        (r.partly_in_place, Colour::WARM_YELLOW, Colour::TEXT),
        (r.not_in_place, Colour::RED, Colour::WHITE),
        (r.does_not_apply, Colour::MID_GREY, Colour::WHITE),
        (r.unanswered, Colour::WHITE, Colour::TEXT),
    ];
    let mut x = CONTENT_LEFT;
    let number = CELL.bold();
    for (count, colour, ink) in segments {
        if count == 0 {
            continue;
        }
        let width = CONTENT_WIDTH * count as f32 / total as f32;
        flow.mark(Mark::Fill {
            x,
            y: top,
            width,
            height,
            colour,
        });
        let text = count.to_string();
        if flow.fonts.width(number.face, number.size, &text) + 4.0 < width {
            let ink_style = number.coloured(ink);
            flow.mark(Mark::Text {
                x: x + 3.0,
                baseline: top + 10.0,
                style: ink_style,
                text,
            });
        }
        x += width;
    }
    flow.mark(Mark::Frame {
        x: CONTENT_LEFT,
        y: top,
        width: CONTENT_WIDTH,
        height,
        colour: Colour::BORDER,
        thickness: 0.5,
    });
    flow.advance(height + 4.0);
    flow.settle();
    flow.gap(8.0);
}

fn plan(flow: &mut Flow, record: &BoardReportRecord, anchor: usize) {
    section(flow, "Action plan progress", anchor);
    let Some(plan) = &record.plan else {
        flow.body(&format!(
            "No assessment was signed off in {}, so there is no action plan to report on.",
            record.year
        ));
        return;
    };
    // Only a current year's plan can be of an assessment not signed off:
    // records made before it said so draw as they did.
    let signed = if plan.signed_off() {
        ""
    } else {
        ", not yet signed off"
    };
    flow.body(&format!(
        "The action plan of the assessment dated {}{signed}: its actions by priority, those \
         opened and completed in {}, and those still open and overdue as at {}.",
        long_date(plan.assessment_date),
        record.year,
        long_date(record.as_at)
    ));
    let mut table = Table::new(vec![
        Column::new("Priority", 1.2),
        Column::new("Actions", 0.9),
        Column::new(format!("Opened in {}", record.year), 1.0),
        Column::new(format!("Completed in {}", record.year), 1.1),
        Column::new("Still open", 0.9),
        Column::new("Overdue", 0.9),
    ]);
    let row = |label: String, p: &PriorityProgress, style: TextStyle| {
        Row::new(vec![
            Cell::styled(label, style),
            Cell::styled(p.total.to_string(), style),
            Cell::styled(p.opened.to_string(), style),
            Cell::styled(p.completed.to_string(), style),
            Cell::styled(p.open.to_string(), style),
            Cell::styled(p.overdue.to_string(), style),
        ])
    };
    for p in &plan.priorities {
        table.push(row(priority_words(p.priority).to_owned(), p, CELL));
    }
    table.push(row("All".to_owned(), &plan.totals(), CELL.bold()));
    flow.table(&table);
    flow.paragraph(
        "Still open: not started or in progress. Overdue: still open with its gap open and its \
         completion date passed.",
        NOTE,
    );
}

fn training(flow: &mut Flow, record: &BoardReportRecord, anchor: usize) {
    section(flow, "Training compliance by level", anchor);
    let training = &record.training;
    let Some(latest) = training.latest() else {
        flow.body(&format!(
            "No training figures were recorded for a reporting date in {}.",
            record.year
        ));
        return;
    };
    flow.body(&format!(
        "\u{201C}The minimum compliance rate for training completion is {TARGET_PERCENT}%.\u{201D} \
         Figures on {}, the last reporting date of the year; training stays in date for {} \
         year{}.",
        long_date(latest.as_of),
        training.validity_years,
        if training.validity_years == 1 {
            ""
        } else {
            "s"
        }
    ));
    let levels: Vec<(TrainingLevel, Compliance)> = latest
        .levels
        .iter()
        .map(|l| (l.level, l.compliance()))
        .collect();
    level_table(flow, &levels, &latest.overall(), TARGET_PERCENT);
    for (level, c) in &levels {
        compliance_bar(
            flow,
            level_words(*level),
            c,
            TARGET_PERCENT,
            TargetLine::Solid,
        );
    }
    flow.paragraph(
        &format!("The black line on each bar marks the {TARGET_PERCENT}% target."),
        NOTE,
    );
    flow.gap(6.0);

    flow.heading("Trend across the year", SUBTITLE, None);
    let rows: Vec<TrendRow> = training
        .points
        .iter()
        .map(|p| {
            TrendRow::new(
                p.as_of,
                p.levels.iter().map(|l| l.compliance()),
                p.overall(),
            )
        })
        .collect();
    trend_table(flow, &rows);
}

fn narrative(flow: &mut Flow, record: &BoardReportRecord, anchors: &Anchors) {
    let narrative = &record.narrative;
    flow.start_new_page();
    section(flow, "Prevent referrals made", anchors.referrals);
    match narrative.referrals {
        Some(count) => {
            flow.paragraph(
                &format!(
                    "{count} Prevent referral{} made in {}.",
                    if count == 1 { "" } else { "s" },
                    record.year
                ),
                BODY.bold(),
            );
            if !narrative.referrals_breakdown.is_empty() {
                paragraphs(flow, &narrative.referrals_breakdown);
            }
        }
        None => flow.body(NOT_STATED),
    }

    section(flow, "Significant incidents", anchors.incidents);
    paragraphs(flow, &narrative.incidents);

    section(flow, "Resources", anchors.resources);
    flow.paragraph(
        &format!("\u{201C}{RESOURCES_QUESTION}.\u{201D}"),
        BODY.bold(),
    );
    match narrative.resources {
        Some(answer) => {
            let colour = match answer {
                ResourcesStatement::Adequate => Colour::GREEN,
                ResourcesStatement::Partly => Colour::WARM_YELLOW,
                ResourcesStatement::Inadequate => Colour::RED,
            };
            let note = if narrative.resources_note.is_empty() {
                "No note was given.".to_owned()
            } else {
                printable(&narrative.resources_note).into_owned()
            };
            flow.callout(resources_words(answer), &note, colour);
        }
        None => flow.body("No statement on resources was given."),
    }

    section(flow, "Other Prevent-related activity", anchors.activity);
    paragraphs(flow, &narrative.activity);

    flow.heading("How this report reads the figures", SUBTITLE, None);
    for reading in &record.readings {
        flow.paragraph(&printable(reading), NOTE);
    }
}

fn sign_off(flow: &mut Flow, record: &BoardReportRecord, organisation: &str, anchor: usize) {
    flow.start_new_page();
    section(flow, "Sign-off", anchor);
    let statement = format!(
        "By signing off, each person named below confirms that this report is, to the best of \
         their knowledge, an accurate account of {organisation}\u{2019}s Prevent-related \
         activity in {}, for presentation to the board by the accountable Prevent lead, {}.",
        record.year,
        printable(&record.narrative.lead)
    );
    if !record.is_signed() {
        flow.callout(
            "This report is a draft.",
            "No one has signed off this report. Until it is signed off it is a draft: it is not \
             sealed, and what it says may still change.",
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
        Column::new("Name", 1.4),
        Column::new("Role", 1.5),
        Column::new("Signed (UTC)", 1.3),
        Column::new("Recorded in the app (UTC)", 2.2),
    ]);
    for s in &record.signatories {
        let recorded = s.recorded.as_ref().map_or_else(String::new, |r| {
            let by = if r.by_role.is_empty() {
                printable(&r.by).into_owned()
            } else {
                format!("{} ({})", printable(&r.by), printable(&r.by_role))
            };
            if r.on_behalf {
                format!(
                    "{} by {by} on behalf of {}",
                    date_time_utc(r.at),
                    printable(&s.name)
                )
            } else {
                format!("{} by {by}", date_time_utc(r.at))
            }
        });
        table.push(Row::new(vec![
            Cell::styled(printable(&s.name).into_owned(), CELL.bold().sized(9.0)),
            Cell::styled(printable(&s.role).into_owned(), CELL.sized(9.0)),
            Cell::styled(date_time_utc(s.signed_at), CELL.sized(9.0)),
            Cell::styled(recorded, CELL.sized(9.0)),
        ]));
    }
    flow.table(&table);
    flow.body("Times are in Coordinated Universal Time (UTC).");
}

fn verification(flow: &mut Flow, record: &BoardReportRecord, stamp: &Stamp, anchor: usize) {
    flow.start_new_page();
    section(flow, "How to check this report", anchor);
    let sealed = record.is_signed() && stamp.certificate_fingerprint.is_some();
    let mut identity = Table::new(vec![Column::new("", 1.3), Column::new("", 3.7)]);
    let mut add = |label: &str, value: String, style: TextStyle| {
        identity.push(Row::new(vec![
            Cell::styled(label, CELL.bold().sized(8.5)),
            Cell::styled(value, style),
        ]));
    };
    add("Record digest (SHA-256)", stamp.digest.clone(), DIGEST);
    add(
        "Board report",
        format!("{}, {}", printable(&record.organisation), record.year),
        CELL.sized(8.5),
    );
    add(
        "Prepared",
        date_time_utc(record.prepared_at),
        CELL.sized(8.5),
    );
    if let Some(fingerprint) = &stamp.certificate_fingerprint {
        add(
            "Certificate fingerprint (SHA-256)",
            fingerprint.clone(),
            DIGEST,
        );
    }
    if let Some(subject) = &stamp.certificate_subject {
        add(
            "Certificate subject",
            printable(subject).into_owned(),
            CELL.sized(8.5),
        );
    }
    flow.table(&identity);

    if !sealed {
        flow.callout(
            "This draft is not sealed and cannot be verified.",
            "A draft carries no signature, so nothing shows that it has not been changed since \
             it was made. The digest above identifies the record it was made from. Sign the \
             report off to produce a sealed report that can be checked.",
            Colour::RED,
        );
    }
    flow.heading("What the digest is", SUBTITLE, None);
    flow.body(&format!(
        "This PDF carries the board report\u{2019}s record as an attached file, \
         \u{201C}{BOARD_RECORD_FILE_NAME}\u{201D}: everything this report shows. The record \
         digest above is the SHA-256 of that file. Its first 16 digits are printed at the foot \
         of every page."
    ));
    if sealed {
        flow.heading("How to check it", SUBTITLE, None);
        let steps: [(&str, Option<String>, String); 4] = [
            (
                "With Prevent Self-Assessment",
                Some("prevent-sa verify FILE.pdf".to_owned()),
                "Or choose \u{201C}Check a PDF\u{201D} on the app\u{2019}s home page. It checks \
                 the signature, that the attached record\u{2019}s SHA-256 is the record digest \
                 above, and that every byte of this file is what the app draws from that \
                 record."
                    .to_owned(),
            ),
            (
                "In Adobe Acrobat Reader",
                None,
                "Open the Signatures panel. It should say \u{201C}Signature is valid\u{201D} and \
                 \u{201C}Document has not been modified since it was signed\u{201D}. The signing \
                 certificate\u{2019}s fingerprint should be the one above."
                    .to_owned(),
            ),
            (
                "With poppler",
                Some("pdfsig FILE.pdf".to_owned()),
                "It should report the signature as valid, covering the whole document, made \
                 with the certificate above."
                    .to_owned(),
            ),
            (
                "By hand",
                Some(format!("sha256sum {BOARD_RECORD_FILE_NAME}")),
                format!(
                    "Save the attached file \u{201C}{BOARD_RECORD_FILE_NAME}\u{201D} from the \
                     PDF and compute its SHA-256. It must equal the record digest above."
                ),
            ),
        ];
        for (number, (title, command, text)) in steps.iter().enumerate() {
            flow.ensure(BODY.leading() * 4.0);
            flow.paragraph(&format!("{}. {title}", number + 1), BODY.bold());
            if let Some(command) = command {
                flow.indented_paragraph(command, COMMAND, 14.0);
            }
            flow.indented_paragraph(text, BODY, 14.0);
            flow.gap(2.0);
        }
        flow.body(
            "If any check fails, the file is not the report that was signed off: ask the \
             organisation for the original.",
        );
    }
}
