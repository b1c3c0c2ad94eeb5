//! The open actions' due dates as an RFC 5545 iCalendar file, so the people
//! responsible can see them in Outlook beside their other commitments. One
//! all-day event per open, dated action; each keeps its UID across exports,
//! so importing a newer file updates the events instead of doubling them.

use chrono::{Days, NaiveDate};
use prevent_core::Framework;
use prevent_core::plan::{ActionView, GapState, PlanView, Priority};

pub const PRODID: &str = "-//Prevent Self-Assessment//Action plan//EN";
/// The right-hand side of every event's UID: `<action id>@prevent-self-assessment`.
pub const UID_DOMAIN: &str = "prevent-self-assessment";
/// How long a summary quotes the action.
const SUMMARY_ACTION_CHARS: usize = 80;
/// RFC 5545 3.1: lines longer than this many octets are folded.
const MAX_LINE_OCTETS: usize = 75;

/// The calendar: one VEVENT per open action (not started or in progress,
/// gap still open) with a completion date, in the plan's order. The stamp of
/// every event is the plan's "today", so there is no clock in the file.
pub fn plan_ics(plan: &PlanView, framework: &Framework) -> Vec<u8> {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&fold(&text));
    };
    line("BEGIN:VCALENDAR".to_owned());
    line(format!("PRODID:{PRODID}"));
    line("VERSION:2.0".to_owned());
    line("CALSCALE:GREGORIAN".to_owned());
    line("METHOD:PUBLISH".to_owned());
    line(format!(
        "X-WR-CALNAME:{}",
        escape(&framework.action_plan_template.title)
    ));
    let stamp = format!("{}T000000Z", basic_date(plan.today));
    for view in plan.actions.iter().filter(|v| is_calendared(v)) {
        let Some(due) = view.action.due else {
            continue;
        };
        line("BEGIN:VEVENT".to_owned());
        line(format!("UID:{}@{UID_DOMAIN}", view.action.id));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART;VALUE=DATE:{}", basic_date(due)));
        // An all-day event ends the next day (exclusive); with no next day it lasts one day anyway.
        if let Some(next) = due
            .checked_add_days(Days::new(1))
            .filter(|d| four_digit_year(*d))
        {
            line(format!("DTEND;VALUE=DATE:{}", basic_date(next)));
        }
        line(format!("SUMMARY:{}", escape(&summary(view))));
        line(format!("DESCRIPTION:{}", escape(&description(view))));
        line(format!(
            "PRIORITY:{}",
            ical_priority(view.effective_priority)
        ));
        line("STATUS:CONFIRMED".to_owned());
        line("TRANSP:TRANSPARENT".to_owned());
        line("END:VEVENT".to_owned());
    }
    line("END:VCALENDAR".to_owned());
    out.into_bytes()
}

/// Still to be done, with its gap still open.
fn is_calendared(view: &ActionView) -> bool {
    view.action.status.is_open() && view.action.gap == GapState::Open && view.action.due.is_some()
}

fn four_digit_year(date: NaiveDate) -> bool {
    use chrono::Datelike;
    (0..=9999).contains(&date.year())
}

fn basic_date(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

/// "Prevent action due: Item 3b: Put in place: …" with the action on one line.
fn summary(view: &ActionView) -> String {
    let action = view
        .action
        .action
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut quoted: String = action.chars().take(SUMMARY_ACTION_CHARS).collect();
    if quoted.len() < action.len() {
        quoted = format!("{}…", quoted.trim_end());
    }
    format!("Prevent action due: {}: {quoted}", view.source_label)
}

fn description(view: &ActionView) -> String {
    let action = &view.action;
    let mut priority = view.effective_priority.label().to_owned();
    if view.effective_priority != action.priority {
        priority.push_str(&format!(
            " (overdue: raised from {})",
            action.priority.label().to_lowercase()
        ));
    }
    let owners = if action.owners.trim().is_empty() {
        "(not named yet)"
    } else {
        action.owners.trim()
    };
    let mut lines = vec![
        format!("Objective: {}", action.objective),
        format!("Action required: {}", action.action),
        format!("Responsible: {owners}"),
        format!("Priority: {priority}"),
        format!("Status: {}", action.status.label()),
        format!(
            "Organisation: {} (assessment of {})",
            view.organisation, view.assessment_date
        ),
        format!("Framework: {}", view.framework_title),
    ];
    if !action.department.trim().is_empty() {
        lines.push(format!("Department: {}", action.department.trim()));
    }
    lines.push(format!("Action id: {}", action.id));
    lines.join("\n")
}

/// RFC 5545's PRIORITY: 1 highest, 5 medium, 9 lowest.
fn ical_priority(priority: Priority) -> u8 {
    match priority {
        Priority::High => 1,
        Priority::Medium => 5,
        Priority::Low => 9,
    }
}

/// A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped,
/// every line break as `\n`, other control characters dropped.
fn escape(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded (RFC 5545 3.1) so no line exceeds 75 octets,
/// never inside a UTF-8 character; each continuation starts with a space.
/// Ends with CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut octets = 0;
    for c in line.chars() {
        if octets + c.len_utf8() > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, HOSTILE};
    use prevent_core::plan::ActionStatus;

    /// The unfolded content lines (RFC 5545 3.1: CRLF then one space or tab is removed).
    fn unfold(text: &str) -> Vec<String> {
        let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
        let body = unfolded.strip_suffix("\r\n").expect("ends with CRLF");
        body.split("\r\n").map(str::to_owned).collect()
    }

    /// The value of a TEXT property, unescaped.
    fn unescape(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n' | 'N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => panic!("a lone backslash ends {value:?}"),
                }
            } else {
                assert!(
                    c != ';' && c != ',',
                    "an unescaped {c:?} in a TEXT value: {value:?}"
                );
                out.push(c);
            }
        }
        out
    }

    /// Each VEVENT as (name with parameters, value) pairs.
    fn events(lines: &[String]) -> Vec<Vec<(String, String)>> {
        let mut all = Vec::new();
        let mut current: Option<Vec<(String, String)>> = None;
        for line in lines {
            let (name, value) = line.split_once(':').expect("NAME:value");
            match (name, value) {
                ("BEGIN", "VEVENT") => current = Some(Vec::new()),
                ("END", "VEVENT") => all.push(current.take().expect("an open event")),
                _ => {
                    if let Some(event) = current.as_mut() {
                        event.push((name.to_owned(), value.to_owned()));
                    }
                }
            }
        }
        all
    }

    fn get<'a>(event: &'a [(String, String)], name: &str) -> &'a str {
        event
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("{name} in {event:?}"))
    }

    #[test]
    fn one_event_per_open_dated_action_with_the_calendar_header() {
        let plan = fixtures::plan();
        let text = String::from_utf8(plan_ics(&plan, fixtures::framework())).expect("UTF-8");
        let lines = unfold(&text);
        assert_eq!(
            &lines[..5],
            [
                "BEGIN:VCALENDAR",
                "PRODID:-//Prevent Self-Assessment//Action plan//EN",
                "VERSION:2.0",
                "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH"
            ]
        );
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
        let events = events(&lines);
        let expected: Vec<String> = plan
            .actions
            .iter()
            .filter(|a| {
                a.action.status.is_open()
                    && a.action.gap == GapState::Open
                    && a.action.due.is_some()
            })
            .map(|a| format!("{}@prevent-self-assessment", a.action.id))
            .collect();
        assert_eq!(
            expected.len(),
            3,
            "3b, C4 and C5: not the completed, deferred, closed or undated"
        );
        let uids: Vec<&str> = events.iter().map(|e| get(e, "UID")).collect();
        assert_eq!(uids, expected);
        for event in &events {
            assert_eq!(get(event, "DTSTAMP"), "20270110T000000Z");
        }
        let c4 = events
            .iter()
            .find(|e| get(e, "SUMMARY").contains("C4"))
            .expect("C4's event");
        assert_eq!(get(c4, "DTSTART;VALUE=DATE"), "20261201");
        assert_eq!(get(c4, "DTEND;VALUE=DATE"), "20261202");
        assert_eq!(get(c4, "PRIORITY"), "1", "overdue medium shows as high");
        let summary = unescape(get(c4, "SUMMARY"));
        let flat: String = HOSTILE.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            summary,
            format!(
                "Prevent action due: Checklist entry C4: {}…",
                flat.chars().take(80).collect::<String>().trim_end()
            )
        );
        let description = unescape(get(c4, "DESCRIPTION"));
        assert!(
            description.contains(&format!(
                "Action required: {}",
                HOSTILE.replace("\r\n", "\n")
            )),
            "{description}"
        );
        assert!(
            description.contains("Priority: High (overdue: raised from medium)"),
            "{description}"
        );
        assert!(description.contains("Status: In progress"), "{description}");
        assert!(
            description.contains("Responsible: Head of Safeguarding; A. Khan"),
            "{description}"
        );
        assert!(
            description.contains(
                "Organisation: Northshire Community NHS Trust, \"East\" (assessment of 2026-11-20)"
            ),
            "{description}"
        );
        assert!(description.starts_with("Objective: "), "{description}");
        assert!(
            description.contains("Framework: Prevent self-assessment tool for internal use"),
            "{description}"
        );
        // The raw value escapes the dangerous characters.
        assert!(get(c4, "DESCRIPTION").contains("\\;"));
        assert!(get(c4, "DESCRIPTION").contains("\\,"));
        assert!(get(c4, "DESCRIPTION").contains("\\\\backslash"));
        assert!(get(c4, "DESCRIPTION").contains("\\n"));
    }

    #[test]
    fn lines_end_crlf_and_fold_at_75_octets_between_characters() {
        let text = String::from_utf8(plan_ics(&fixtures::plan(), fixtures::framework()))
            .expect("valid UTF-8: no character was split");
        assert!(text.ends_with("\r\n"));
        assert!(
            !text.replace("\r\n", "").contains(['\r', '\n']),
            "no bare CR or LF"
        );
        let physical: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(physical.iter().all(|l| l.len() <= 75), "{physical:#?}");
        assert!(
            physical.iter().any(|l| l.starts_with(' ')),
            "long lines were folded"
        );
    }

    #[test]
    fn folding_never_splits_a_character() {
        let line = format!("DESCRIPTION:{}", "é✓".repeat(60));
        let folded = fold(&line);
        for physical in folded.trim_end_matches("\r\n").split("\r\n") {
            assert!(physical.len() <= 75);
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end_matches("\r\n"), line);
    }

    #[test]
    fn nothing_open_and_dated_gives_an_empty_calendar() {
        let mut plan = fixtures::plan();
        for view in &mut plan.actions {
            view.action.status = ActionStatus::Completed;
        }
        let text = String::from_utf8(plan_ics(&plan, fixtures::framework())).expect("UTF-8");
        assert!(!text.contains("BEGIN:VEVENT"));
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    }
}
