//! What the store's test files share: fixed times, the people who make the
//! changes, and a valid new assessment. Each test file compiles this on its
//! own, so some files leave parts unused.
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use prevent_app::Ledger;
use prevent_core::{
    Actor, AnswerInput, Frameworks, NewAssessment, NewAssessmentInput, PREVENT_TOOLKIT_2011,
    Response,
};
use tempfile::TempDir;
use uuid::Uuid;

/// 21 November 2026, 09:`minute`.
pub fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 9, minute, 0)
        .single()
        .expect("valid time")
}

pub fn alex() -> Actor {
    Actor::new("Alex Morgan", "Accountable Prevent lead").expect("actor")
}

pub fn sam() -> Actor {
    Actor::new("Sam Lee", "Safeguarding lead").expect("actor")
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).expect("date")
}

/// A valid assessment of `organisation` against the 2011 toolkit, dated 20 November 2026.
pub fn new_assessment(organisation: &str) -> NewAssessment {
    NewAssessment::validate(
        Frameworks::embedded().expect("embedded frameworks load"),
        &NewAssessmentInput {
            framework_id: PREVENT_TOOLKIT_2011.to_owned(),
            organisation: organisation.to_owned(),
            assessor: "Alex Morgan".to_owned(),
            assessment_date: "2026-11-20".to_owned(),
        },
    )
    .expect("valid assessment")
}

pub fn db(dir: &TempDir) -> PathBuf {
    dir.path().join("prevent.sqlite3")
}

/// A store on a new file with one assessment.
pub fn store_with_assessment(dir: &TempDir) -> (Ledger, Uuid) {
    let mut store = Ledger::open(&db(dir), at(0)).expect("open");
    let id = store
        .create_assessment(
            &new_assessment("Northshire Community NHS Trust"),
            &alex(),
            at(1),
        )
        .expect("create")
        .id;
    (store, id)
}

pub fn no_with_lead(lead: &str, due: &str) -> AnswerInput {
    AnswerInput {
        response: Some(Response::No),
        lead: Some(lead.to_owned()),
        due_date: Some(due.to_owned()),
        ..AnswerInput::default()
    }
}

pub fn respond(response: Response) -> AnswerInput {
    AnswerInput {
        response: Some(response),
        ..AnswerInput::default()
    }
}

/// Answers every entry: Yes, except item 1 (No, with a lead and a date).
pub fn answer_everything(store: &mut Ledger, id: Uuid) {
    let framework = Frameworks::embedded()
        .expect("frameworks")
        .get(PREVENT_TOOLKIT_2011)
        .expect("toolkit");
    for entry in framework.answerable_ids() {
        let input = if entry == "1" {
            no_with_lead("Head of Safeguarding", "2027-03-31")
        } else {
            respond(Response::Yes)
        };
        store
            .save_answer(id, entry, input, &alex(), at(2))
            .expect("answer");
    }
}

/// Every action of the live plan (each assessment's newest version), as the
/// dashboard reads it from the store's plan rows.
pub fn live_plan(store: &Ledger) -> Vec<prevent_core::Action> {
    use prevent_core::plan::PlanFilter;
    use prevent_core::plan::segments::plan_segments;
    use prevent_core::plan::view::ListOrder;
    let ids = store
        .plan_action_ids(&prevent_store::PlanRead {
            segments: &plan_segments(&PlanFilter::default(), today()),
            order: ListOrder::Plan,
            owner_key: None,
            department_key: None,
            status: None,
            limit: None,
        })
        .expect("plan rows");
    store.actions_by_ids(&ids).expect("actions")
}
