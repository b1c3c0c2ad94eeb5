//! From layout 2 on, the report never shows something other than what was
//! typed: a character the font cannot draw (an emoji, a Chinese or Arabic
//! letter), a letter of a right-to-left script (which would be drawn in
//! stored order, so backwards) and a hidden one (a control character, a
//! bidirectional override, a zero-width space) are each printed as its code
//! point, `[U+1F600]`, where layout 1 drew an empty box or nothing.
//!
//! The app refuses such characters when they are typed (`prevent_core::text`),
//! so this matters for files' names, text typed before that rule, an
//! imported certificate's subject, and records nobody vouches for.

use std::borrow::Cow;

use prevent_core::AssessmentRecord;
use prevent_core::text::{is_drawable, is_hidden, is_right_to_left, stand_in};

use crate::Stamp;

/// Whether `c` is printed as itself.
fn prints_as_itself(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\t') || !(is_hidden(c) || is_right_to_left(c) || !is_drawable(c))
}

/// `text` with every character that does not print as itself written as its
/// code point.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    if text.chars().all(prints_as_itself) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if prints_as_itself(c) {
            out.push(c);
        } else {
            out.push_str(&stand_in(c));
        }
    }
    Cow::Owned(out)
}

fn fix(text: &mut String) {
    if let Cow::Owned(fixed) = printable(text) {
        *text = fixed;
    }
}

fn fix_option(text: &mut Option<String>) {
    if let Some(text) = text {
        fix(text);
    }
}

/// The record and stamp as layout 2 prints them: everything people typed or
/// a file named, made printable. The framework's own wording is the app's
/// and is left as it is.
pub(crate) fn printable_record(
    record: &AssessmentRecord,
    stamp: &Stamp,
) -> (AssessmentRecord, Stamp) {
    let mut record = record.clone();
    let mut stamp = stamp.clone();
    fix(&mut record.assessment.organisation);
    fix(&mut record.assessment.assessor);
    for answer in &mut record.answers {
        fix_option(&mut answer.na_reason);
        fix(&mut answer.comment);
        fix(&mut answer.lead);
        fix(&mut answer.policy_ref);
    }
    for evidence in &mut record.evidence {
        fix(&mut evidence.title);
        fix(&mut evidence.location);
        fix_option(&mut evidence.file_name);
        fix(&mut evidence.added_by);
    }
    for action in &mut record.actions {
        fix(&mut action.source);
        fix(&mut action.objective);
        fix(&mut action.action);
        fix_option(&mut action.deferred_reason);
        fix(&mut action.owners);
        fix(&mut action.department);
        fix_option(&mut action.signed_off_by);
    }
    for signatory in &mut record.signatories {
        fix(&mut signatory.name);
        fix(&mut signatory.role);
        if let Some(recorded) = &mut signatory.recorded {
            fix(&mut recorded.by);
            fix(&mut recorded.by_role);
        }
    }
    for row in &mut record.audit {
        fix(&mut row.actor);
        fix(&mut row.actor_role);
        fix_option(&mut row.entry_id);
        fix(&mut row.field);
        fix_option(&mut row.old_value);
        fix_option(&mut row.new_value);
    }
    if let Some(figures) = record.training.as_mut().and_then(|t| t.figures.as_mut()) {
        for group in &mut figures.groups {
            fix(&mut group.group);
        }
    }
    fix_option(&mut stamp.certificate_subject);
    (record, stamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_cannot_be_drawn_is_printed_as_its_code_point() {
        assert_eq!(printable("Zoë O'Neill – Ward 7"), "Zoë O'Neill – Ward 7");
        assert_eq!(printable("Team 😀"), "Team [U+1F600]");
        assert_eq!(printable("שלום"), "[U+05E9][U+05DC][U+05D5][U+05DD]");
        assert_eq!(
            printable("a\u{202E}b\u{200B}c\u{1b}"),
            "a[U+202E]b[U+200B]c[U+001B]"
        );
        assert_eq!(
            printable("line one\nline two\ttab"),
            "line one\nline two\ttab"
        );
    }
}
