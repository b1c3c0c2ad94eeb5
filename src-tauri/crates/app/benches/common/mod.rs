//! What the benchmarks share: 1,000 (or 10,000) assessments in one file,
//! seeded through the store's own save path, once: the seeded file is kept
//! under Cargo's target folder, named by its size, the seed's format and the
//! schema version, and each run measures a copy of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, TimeZone, Utc};
use prevent_app::Ledger;
use prevent_core::{Actor, AnswerInput, NewAssessment, NewAssessmentInput, PREVENT_TOOLKIT_2011};
use prevent_core::{Frameworks, Response};

pub const ASSESSMENTS: usize = 1_000;

/// What `seed` writes, as a number: change it whenever `seed` changes, so a
/// file seeded by an older version of it is not measured again.
pub const SEED_FORMAT: u32 = 1;

/// `count` assessments of every entry, about one in three a gap with a lead
/// and a date (so a third of the plans' actions fall overdue), written
/// through the store's own save path. Seeding runs with synchronous=OFF: the
/// file is the same, only faster to fill.
pub fn seed_assessments(store: &mut Ledger, today: NaiveDate, count: usize) -> usize {
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
    for n in 0..count {
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
    let base = target_tmp();
    std::fs::create_dir_all(&base).expect("bench folder");
    let dir = tempfile::TempDir::new_in(&base).expect("temp dir");
    let (today, now) = bench_dates();
    (dir, today, now)
}

/// A file of `count` seeded assessments, copied to `dir/name` for a run to
/// measure.
pub struct SeededCopy {
    pub path: PathBuf,
    /// How many entries each assessment answers.
    pub entries: usize,
    /// How long seeding took, when this run seeded (not when it found the
    /// file already seeded).
    pub seeded_in: Option<Duration>,
}

/// Copies the seeded file of `count` assessments into `dir` as `name`,
/// seeding it first when no run has (which takes minutes for 10,000).
pub fn seeded_copy(dir: &Path, name: &str, count: usize) -> SeededCopy {
    let (today, now) = bench_dates();
    let cache = target_tmp().join("bench-seeds");
    std::fs::create_dir_all(&cache).expect("seed folder");
    let seeded = cache.join(format!(
        "plans-{count}-seed{SEED_FORMAT}-schema{}.sqlite3",
        prevent_store::latest_schema_version()
    ));
    let mut seeded_in = None;
    if !seeded.exists() {
        eprintln!(
            "bench: seeding {count} assessments once, into {}",
            seeded.display()
        );
        let started = Instant::now();
        let filling = seeded.with_extension("filling");
        for stale in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{stale}", filling.display()));
        }
        let mut store = Ledger::open(&filling, now).expect("open");
        seed_assessments(&mut store, today, count);
        store
            .store()
            .connection_for_tests()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .expect("checkpoint");
        drop(store);
        std::fs::rename(&filling, &seeded).expect("keep the seeded file");
        seeded_in = Some(started.elapsed());
    }
    let path = dir.join(name);
    std::fs::copy(&seeded, &path).expect("copy the seeded file");
    let entries = Frameworks::embedded()
        .expect("frameworks")
        .get(PREVENT_TOOLKIT_2011)
        .expect("toolkit")
        .answerable_ids()
        .len();
    SeededCopy {
        path,
        entries,
        seeded_in,
    }
}

/// Cargo's folder for the benches' files (`target/tmp`, which Cargo names
/// when it builds a bench), else the system's.
fn target_tmp() -> PathBuf {
    option_env!("CARGO_TARGET_TMPDIR").map_or_else(std::env::temp_dir, PathBuf::from)
}

/// "Today" in every bench, 21 November 2026, and 09:00 that day.
pub fn bench_dates() -> (NaiveDate, chrono::DateTime<Utc>) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let now = Utc
        .with_ymd_and_hms(2026, 11, 21, 9, 0, 0)
        .single()
        .expect("time");
    (today, now)
}
