//! Carrying a toolkit assessment over to the 2024 provider standards, over
//! random source answers: nothing carried is ever counted as answered until a
//! person confirms it, an assessment with anything left to confirm cannot be
//! completed, and what is carried follows the stated rule.

use chrono::NaiveDate;
use prevent_core::carry::carried_answers;
use prevent_core::review::review;
use prevent_core::{Answer, Framework, Frameworks, PREVENT_TOOLKIT_2011, Response};
use proptest::prelude::*;

const PROVIDERS: &str = "prevent-core-standards-2024-providers";

fn frameworks() -> &'static Frameworks {
    Frameworks::embedded().expect("frameworks")
}

fn framework(id: &str) -> &'static Framework {
    frameworks().get(id).expect("framework")
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).expect("date")
}

fn source_answer(entry_id: &str, response: Option<Response>, comment: bool) -> Answer {
    Answer {
        entry_id: entry_id.to_owned(),
        response,
        na_reason: (response == Some(Response::Na)).then(|| "Not our service".to_owned()),
        action_required: response.is_some_and(Response::default_action_required),
        comment: if comment {
            format!("Comment on {entry_id}")
        } else {
            String::new()
        },
        lead: if response == Some(Response::No) {
            "Head of Safeguarding".to_owned()
        } else {
            String::new()
        },
        due_date: (response == Some(Response::No)).then(date),
        policy_ref: String::new(),
        review_date: None,
        carried_from: None,
    }
}

fn any_response() -> impl Strategy<Value = Option<Response>> {
    prop_oneof![
        Just(None),
        Just(Some(Response::Yes)),
        Just(Some(Response::Partial)),
        Just(Some(Response::No)),
        Just(Some(Response::Na)),
    ]
}

fn carried(source: &[Answer]) -> Vec<Answer> {
    let crosswalk = frameworks()
        .crosswalk(PREVENT_TOOLKIT_2011, PROVIDERS)
        .expect("crosswalk");
    carried_answers(
        crosswalk,
        framework(PREVENT_TOOLKIT_2011),
        framework(PROVIDERS),
        source,
        date(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn nothing_carried_counts_as_answered_until_confirmed(
        responses in proptest::collection::vec((any_response(), any::<bool>()), 46),
        confirm in proptest::collection::vec(any::<bool>(), 43),
    ) {
        let toolkit = framework(PREVENT_TOOLKIT_2011);
        let providers = framework(PROVIDERS);
        let source: Vec<Answer> = toolkit
            .answerable_ids()
            .into_iter()
            .zip(&responses)
            .map(|(id, (response, comment))| source_answer(id, *response, *comment))
            .collect();
        let mut answers = carried(&source);
        prop_assert!(answers.iter().all(|a| a.carried_from.is_some()));
        prop_assert!(answers.iter().all(|a| providers.entry(&a.entry_id).is_some()));

        // Straight after carrying: nothing is answered, and where anything
        // was carried the assessment cannot be completed.
        let carried_review = review(providers, &answers, date(), date());
        prop_assert_eq!(carried_review.answered, 0);
        prop_assert!(carried_review.parts.iter().all(|p| p.answered == 0));
        for answer in &answers {
            let entry = carried_review
                .entries
                .iter()
                .find(|e| e.entry_id == answer.entry_id)
                .expect("reviewed");
            prop_assert_eq!(entry.response, None);
            prop_assert_eq!(entry.carried_response, answer.response);
            prop_assert!(
                carried_review
                    .blocking
                    .iter()
                    .any(|f| f.entry_id == answer.entry_id && f.field == "carried_from")
            );
        }
        prop_assert!(answers.is_empty() || !carried_review.can_complete());

        // Confirming some: exactly those with a response count as answered,
        // and the rest still block.
        let mut confirmed_with_response = 0;
        for (answer, yes) in answers.iter_mut().zip(&confirm) {
            if *yes {
                answer.carried_from = None;
                confirmed_with_response += u32::from(answer.response.is_some());
            }
        }
        let after = review(providers, &answers, date(), date());
        prop_assert_eq!(after.answered, confirmed_with_response);
        let left = answers.iter().filter(|a| a.carried_from.is_some()).count();
        prop_assert_eq!(
            after.blocking.iter().filter(|f| f.field == "carried_from").count(),
            left
        );
    }
}

#[test]
fn responses_combine_as_sub_points_do_and_keep_where_they_came_from() {
    // P9f is linked from 3b, 3c, 3f and C17.
    let source = vec![
        source_answer("3b", Some(Response::Yes), true),
        source_answer("3c", Some(Response::No), false),
        source_answer("3f", Some(Response::Yes), false),
        source_answer("C17", Some(Response::Na), false),
    ];
    let answers = carried(&source);
    let p9f = answers
        .iter()
        .find(|a| a.entry_id == "P9f")
        .expect("P9f carried");
    assert_eq!(p9f.response, Some(Response::Partial));
    assert!(p9f.action_required);
    assert_eq!(p9f.comment, "Item 3b: Comment on 3b");
    assert_eq!(p9f.lead, "Head of Safeguarding");
    assert_eq!(p9f.due_date, Some(date()));
    assert_eq!(
        p9f.na_reason, None,
        "a reason only comes with not applicable"
    );
    assert_eq!(
        p9f.carried_from.as_deref(),
        Some(
            "item 3b, item 3c, item 3f and checklist entry C17 of the Prevent self-assessment tool for internal use assessment of 30 November 2026"
        )
    );
    // An entry linked only from entries not answered carries nothing.
    assert!(answers.iter().all(|a| a.entry_id != "P12"));
}
