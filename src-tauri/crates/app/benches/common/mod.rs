//! What the benchmarks share: 1,000 assessments in one file, seeded through
//! the store's own save path.
#![allow(dead_code)]

use chrono::{Days, NaiveDate, TimeZone, Utc};
use prevent_app::Ledger;
use prevent_core::{Actor, AnswerInput, NewAssessment, NewAssessmentInput, PREVENT_TOOLKIT_2011};
use prevent_core::{Frameworks, Response};

pub const ASSESSMENTS: usize = 1_000;

/// 1,000 assessments of every entry, about one in three a gap with a lead
/// and a date (so a third of the plans' actions fall overdue), written
/// through the store's own save path. Seeding runs with synchronous=OFF: the
/// file is the same, only faster to fill.
pub fn seed(store: &mut Ledger, today: NaiveDate) -> usize {
    let frameworks = Frameworks::embedded().expect("frameworks");
    let framework = frameworks.get(PREVENT_TOOLKIT_2011).expect("toolkit");
    let entries: Vec<String> = framework
        .answerable_ids()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let actor = Actor::new("Bench", "Benchmark").expect("actor");
    store
        .store()
        .connection_for_tests()
        .pragma_update(None, "synchronous", "OFF")
        .expect("synchronous off");
    for n in 0..ASSESSMENTS {
        let date = today
            .checked_sub_days(Days::new((n % 900) as u64))
            .expect("date");
        let now = Utc
            .from_utc_datetime(&date.and_hms_opt(9, 0, 0).expect("time"))
            .checked_add_signed(chrono::Duration::seconds(n as i64))
            .expect("time");
        let new = NewAssessment::validate(
            frameworks,
            &NewAssessmentInput {
                framework_id: PREVENT_TOOLKIT_2011.to_owned(),
                organisation: format!("Trust {:04}", n % 250),
                assessor: "Bench".to_owned(),
                assessment_date: date.to_string(),
            },
        )
        .expect("valid");
        let assessment = store.create_assessment(&new, &actor, now).expect("create");
        for (i, entry) in entries.iter().enumerate() {
            let gap = (i + n) % 3 == 0;
            let response = match (gap, i % 2) {
                (true, 0) => Response::No,
                (true, _) => Response::Partial,
                (false, _) => Response::Yes,
            };
            let due = date
                .checked_add_days(Days::new(30 + (i as u64 * 7) % 400))
                .expect("due");
            store
                .save_answer(
                    assessment.id,
                    entry,
                    AnswerInput {
                        response: Some(response),
                        lead: gap.then(|| format!("Lead {}", i % 12)),
                        due_date: gap.then(|| due.to_string()),
                        comment: gap.then(|| "Seen at the quarterly review".to_owned()),
                        ..AnswerInput::default()
                    },
                    &actor,
                    now,
                )
                .expect("answer");
        }
    }
    store
        .store()
        .connection_for_tests()
        .pragma_update(None, "synchronous", "FULL")
        .expect("synchronous full");
    entries.len()
}

/// A temporary folder for a bench's file (under Cargo's target folder when
/// run by Cargo), 21 November 2026, and 09:00 that day.
pub fn bench_folder() -> (tempfile::TempDir, NaiveDate, chrono::DateTime<Utc>) {
    let base = std::env::var_os("CARGO_TARGET_TMPDIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&base).expect("bench folder");
    let dir = tempfile::TempDir::new_in(&base).expect("temp dir");
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let now = Utc
        .with_ymd_and_hms(2026, 11, 21, 9, 0, 0)
        .single()
        .expect("time");
    (dir, today, now)
}
