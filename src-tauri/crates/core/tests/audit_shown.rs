//! How an audit row is shown, by the one function the window's audit page
//! and the report's appendix both call: kinds, fields and values in the
//! words of the screens, never the stored values.

use prevent_core::audit::{ShownChange, shown_change};
use prevent_core::{Frameworks, PREVENT_TOOLKIT_2011};

fn shown(
    entity: &str,
    entry: Option<&str>,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> [String; 4] {
    let frameworks = Frameworks::embedded().expect("embedded frameworks");
    let toolkit = frameworks.get(PREVENT_TOOLKIT_2011).expect("toolkit");
    let ShownChange {
        what,
        field,
        old_value,
        new_value,
    } = shown_change(toolkit, entity, entry, field, old, new);
    [what, field, old_value, new_value]
}

/// Entity, entry, field, old value, new value, and the four words shown.
type Case = (
    &'static str,
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    [&'static str; 4],
);

#[test]
fn each_kind_of_change_reads_as_the_screens_name_it() {
    let cases: [Case; 12] = [
        (
            "assessment",
            None,
            "organisation",
            None,
            Some("Northshire"),
            ["Assessment details", "Organisation", "(none)", "Northshire"],
        ),
        (
            "answer",
            Some("3a"),
            "action_required",
            Some("N"),
            Some("Y"),
            ["Answer \u{00B7} Item 3a", "Action required", "No", "Yes"],
        ),
        (
            "answer",
            Some("C4"),
            "response",
            None,
            Some("partial"),
            [
                "Answer \u{00B7} Checklist entry C4",
                "Response",
                "(none)",
                "Partially included",
            ],
        ),
        (
            "evidence",
            Some("C4"),
            "evidence 5f1c",
            None,
            Some("Prevent policy (Intranet)"),
            [
                "Evidence \u{00B7} Checklist entry C4",
                "Evidence",
                "(none)",
                "Prevent policy (Intranet)",
            ],
        ),
        (
            "answer",
            Some("5"),
            "carried_over_from",
            Some("standard P10"),
            None,
            [
                "Answer \u{00B7} Item 5",
                "Carried over from (to confirm)",
                "standard P10",
                "(none)",
            ],
        ),
        (
            "assessment",
            None,
            "status",
            Some("in_progress"),
            Some("complete"),
            ["Assessment details", "Status", "In progress", "Complete"],
        ),
        (
            "assessment",
            None,
            "next_version",
            None,
            Some("v2"),
            ["Assessment details", "Newer version", "(none)", "v2"],
        ),
        (
            "assessment",
            None,
            "assessment_date",
            Some("2026-11-13"),
            Some("2026-11-20"),
            [
                "Assessment details",
                "Date of assessment",
                "13 November 2026",
                "20 November 2026",
            ],
        ),
        (
            "sign_off",
            None,
            "signed_off_by",
            None,
            Some("Priya Shah"),
            ["Sign-off", "Signed off by", "(none)", "Priya Shah"],
        ),
        // An action's status is an action's, not an assessment's.
        (
            "action",
            Some("1"),
            "status",
            Some("not_started"),
            Some("in_progress"),
            [
                "Action \u{00B7} Item 1",
                "Status",
                "Not started",
                "In progress",
            ],
        ),
        (
            "action",
            Some("1"),
            "rule",
            None,
            Some("core-partial"),
            [
                "Action \u{00B7} Item 1",
                "Priority set by",
                "(none)",
                "The framework's priority rules (core-partial)",
            ],
        ),
        (
            "action",
            Some("1"),
            "gap",
            Some("open"),
            Some("closed"),
            [
                "Action \u{00B7} Item 1",
                "Gap in the assessment",
                "Open",
                "Closed",
            ],
        ),
    ];
    for (entity, entry, field, old, new, expected) in cases {
        assert_eq!(
            shown(entity, entry, field, old, new),
            expected.map(str::to_owned),
            "{entity} {field}"
        );
    }
    assert_eq!(
        shown(
            "action",
            Some("1"),
            "rule",
            Some("core-partial"),
            Some("set-by-a-person")
        )[3],
        "A person"
    );
    assert_eq!(
        shown("action", Some("1"), "due", None, Some("2027-03-31"))[1..],
        ["Date for completion", "(none)", "31 March 2027"].map(str::to_owned)
    );
    // Unknown kinds and fields read as recorded, tidied.
    assert_eq!(
        shown("future_thing", None, "some_field", None, Some("x")),
        ["Future thing", "Some field", "(none)", "x"].map(str::to_owned)
    );
}
