//! `cargo xtask bench`: how long saving one answer takes through the same path
//! as the window (the application layer: validation, one transaction with its
//! audit rows, and the fresh review the window gets back), next to a bare
//! SQLite commit with the same pragmas on the same file system, in the same run
//! and taken in turn.
//!
//! Also: how long loading and checking every framework this build embeds
//! takes (all three with their rules and crosswalk), as the app does once
//! at start-up.
//!
//! Targets (issue 13): p99 of a save ≤ 2 × p99 of the bare commit; loading
//! the frameworks under 5 ms (p99 of fresh loads). Exits 1 when missed.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use prevent_app::Ledger;
use prevent_app::{ActorSource, FixedClock, SaveAnswerRequest, Service};
use prevent_core::{Actor, AnswerInput, NewAssessmentInput, PREVENT_TOOLKIT_2011, Response};
use rusqlite::Connection;
use uuid::Uuid;

const WARM_UP: usize = 30;
const SAMPLES: usize = 1000;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn summary(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    (percentile(&samples, 0.50), percentile(&samples, 0.99))
}

/// A bare SQLite file with the app's pragmas: one row replaced per commit.
fn bare_file(dir: &Path) -> Connection {
    let conn = Connection::open(dir.join("bare.sqlite3")).expect("open bare file");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "synchronous", "FULL")
        .expect("full");
    conn.execute_batch("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT")
        .expect("table");
    conn
}

fn bare_commit(conn: &Connection, i: usize) -> Duration {
    let started = Instant::now();
    conn.execute_batch(&format!(
        "BEGIN IMMEDIATE; INSERT OR REPLACE INTO t (k, v) VALUES (1, 'comment {i}'); COMMIT;"
    ))
    .expect("commit");
    started.elapsed()
}

/// The app's file with a realistic assessment: every entry already answered.
fn app_file(dir: &Path) -> (Service, Uuid) {
    let now = Utc
        .with_ymd_and_hms(2026, 11, 21, 9, 0, 0)
        .single()
        .expect("time");
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let store = Ledger::open(&dir.join("app.sqlite3"), now).expect("open app file");
    let actor = Actor::new("Bench", "Benchmark").expect("actor");
    let mut service = Service::new(
        store,
        Arc::new(FixedClock { now, today }),
        ActorSource::Given(actor),
    );
    let assessment = service
        .create_assessment(NewAssessmentInput {
            framework_id: PREVENT_TOOLKIT_2011.to_owned(),
            organisation: "Benchmark Trust".to_owned(),
            assessor: "Bench".to_owned(),
            assessment_date: "2026-11-20".to_owned(),
        })
        .expect("create");
    let answerable: Vec<String> = prevent_app::framework(PREVENT_TOOLKIT_2011)
        .expect("toolkit")
        .answerable_ids()
        .into_iter()
        .map(str::to_owned)
        .collect();
    for entry in &answerable {
        service
            .save_answer(SaveAnswerRequest {
                assessment_id: assessment.id,
                entry_id: entry.clone(),
                answer: AnswerInput {
                    response: Some(Response::Yes),
                    ..AnswerInput::default()
                },
            })
            .expect("answer");
    }
    (service, assessment.id)
}

fn app_save(service: &mut Service, assessment_id: Uuid, i: usize) -> Duration {
    let request = SaveAnswerRequest {
        assessment_id,
        entry_id: "5".to_owned(),
        answer: AnswerInput {
            comment: Some(format!("Reported to the board, revision {i}")),
            ..AnswerInput::default()
        },
    };
    let started = Instant::now();
    service.save_answer(request).expect("save");
    started.elapsed()
}

/// Bare commits and app saves taken in turn, one of each per round, so a
/// slow moment of the disk (writeback, another process) falls on both
/// series alike rather than on whichever happened to run then.
fn interleaved(dir: &Path) -> (Vec<Duration>, Vec<Duration>) {
    let bare = bare_file(dir);
    let (mut service, assessment_id) = app_file(dir);
    let mut bare_samples = Vec::with_capacity(SAMPLES);
    let mut app_samples = Vec::with_capacity(SAMPLES);
    for i in 0..WARM_UP + SAMPLES {
        let bare_took = bare_commit(&bare, i);
        let app_took = app_save(&mut service, assessment_id, i);
        if i >= WARM_UP {
            bare_samples.push(bare_took);
            app_samples.push(app_took);
        }
    }
    (bare_samples, app_samples)
}

/// Fresh loads of every embedded framework, rules file and crosswalk, as
/// `Frameworks::embedded` does once per process.
fn framework_loads() -> Vec<Duration> {
    use prevent_core::Frameworks;
    use prevent_core::frameworks::{EMBEDDED_CROSSWALK_FILES, EMBEDDED_FILES, EMBEDDED_RULE_FILES};
    (0..5 + 100)
        .map(|_| {
            let started = Instant::now();
            let loaded = Frameworks::load(EMBEDDED_FILES, EMBEDDED_RULE_FILES)
                .and_then(|f| f.with_crosswalks(EMBEDDED_CROSSWALK_FILES))
                .expect("the embedded frameworks load");
            let elapsed = started.elapsed();
            assert_eq!(loaded.all().len(), EMBEDDED_FILES.len());
            elapsed
        })
        .skip(5)
        .collect()
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    // Both files in one folder, so they share a file system.
    let base = std::env::var_os("CARGO_TARGET_TMPDIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&base).expect("bench folder");
    let dir = tempfile::TempDir::new_in(&base).expect("temp dir");

    let (bare, app) = interleaved(dir.path());
    let (bare_p50, bare_p99) = summary(bare);
    let (app_p50, app_p99) = summary(app);
    let ratio = app_p99.as_secs_f64() / bare_p99.as_secs_f64();

    println!(
        "Saving one answer ({SAMPLES} samples each, taken in turn, WAL + synchronous=FULL, in {}):",
        dir.path().display()
    );
    println!(
        "  bare SQLite commit      p50 {:>10}   p99 {:>10}",
        ms(bare_p50),
        ms(bare_p99)
    );
    println!(
        "  save_answer (app layer) p50 {:>10}   p99 {:>10}",
        ms(app_p50),
        ms(app_p99)
    );
    println!("  p99 ratio {ratio:.2} (target ≤ 2.00)");
    let (load_p50, load_p99) = summary(framework_loads());
    println!(
        "Loading the {} embedded frameworks with their rules and crosswalks (100 fresh loads): p50 {}   p99 {} (target < 5 ms)",
        prevent_core::frameworks::EMBEDDED_FILES.len(),
        ms(load_p50),
        ms(load_p99)
    );
    let mut missed = false;
    if ratio > 2.0 {
        eprintln!("bench: target missed: p99 of a save is {ratio:.2} × the bare commit");
        missed = true;
    }
    if load_p99 >= Duration::from_millis(5) {
        eprintln!(
            "bench: target missed: loading the frameworks took {} at p99",
            ms(load_p99)
        );
        missed = true;
    }
    if missed {
        std::process::exit(1);
    }
}
