//! What the store's test files share: fixed times, the people who make the
//! changes, and a valid new assessment. Each test file compiles this on its
//! own, so some files leave parts unused.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use prevent_core::{Actor, Frameworks, NewAssessment, NewAssessmentInput, PREVENT_TOOLKIT_2011};

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
