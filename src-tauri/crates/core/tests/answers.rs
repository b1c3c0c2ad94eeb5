//! Properties of applying answers and of the audit diff, over random edits.

use prevent_core::audit::answer_changes;
use prevent_core::{Answer, AnswerInput, Frameworks, PREVENT_TOOLKIT_2011, Response};
use proptest::prelude::*;

fn toolkit() -> &'static prevent_core::Framework {
    Frameworks::embedded()
        .expect("frameworks")
        .get(PREVENT_TOOLKIT_2011)
        .expect("toolkit")
}

fn input() -> impl Strategy<Value = AnswerInput> {
    (
        prop::option::of(prop::sample::select(Response::ALL.to_vec())),
        prop::option::of(any::<bool>()),
        prop::option::of("[a-z <>]{0,10}"),
        prop::option::of("[A-Za-z ]{0,6}"),
        prop::option::of(prop::option::of(1u32..28)),
    )
        .prop_map(|(response, action, comment, lead, due)| AnswerInput {
            response,
            action_required: action,
            comment,
            lead,
            due_date: due.map(|d| d.map(|d| format!("2027-01-{d:02}")).unwrap_or_default()),
            ..AnswerInput::default()
        })
}

proptest! {
    /// Fields left out keep their value; fields given take it (trimmed).
    #[test]
    fn applying_keeps_what_is_left_out(first in input(), second in input()) {
        let framework = toolkit();
        let a = Answer::apply(framework, "9", None, first).expect("valid");
        let b = Answer::apply(framework, "9", Some(&a), second.clone()).expect("valid");
        prop_assert_eq!(b.response, second.response.or(a.response));
        prop_assert_eq!(&b.comment, &second.comment.map(|c| c.trim().to_owned()).unwrap_or(a.comment.clone()));
        prop_assert_eq!(&b.lead, &second.lead.map(|c| c.trim().to_owned()).unwrap_or(a.lead.clone()));
        if let Some(explicit) = second.action_required {
            prop_assert_eq!(b.action_required, explicit);
        } else if b.response == a.response {
            prop_assert_eq!(b.action_required, a.action_required);
        } else {
            prop_assert_eq!(b.action_required, b.response.is_some_and(Response::default_action_required));
        }
    }

    /// The diff is empty exactly when nothing changed, and names each changed field once.
    #[test]
    fn the_diff_names_exactly_the_changed_fields(first in input(), second in input()) {
        let framework = toolkit();
        let a = Answer::apply(framework, "9", None, first).expect("valid");
        let b = Answer::apply(framework, "9", Some(&a), second).expect("valid");
        let changes = answer_changes(Some(&a), &b);
        prop_assert_eq!(changes.is_empty(), a == b);
        let mut fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        let before = fields.len();
        fields.dedup();
        prop_assert_eq!(fields.len(), before);
        for change in &changes {
            prop_assert_ne!(&change.old_value, &change.new_value);
        }
        // Applying the same input twice changes nothing the second time.
        prop_assert!(answer_changes(Some(&b), &b).is_empty());
    }
}
