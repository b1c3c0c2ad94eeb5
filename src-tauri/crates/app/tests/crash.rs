//! Nothing committed is lost when the app is killed. A child process (this
//! test binary run again with `CRASH_CHILD` set) saves answers and action
//! edits in a loop through the same application layer as the window, and
//! prints each change once its transaction has committed. The parent kills
//! it with SIGKILL at a random moment, then checks that the database opens,
//! passes `PRAGMA integrity_check`, its audit chain verifies, and every
//! change the child reported committed is there (the stored value is that
//! one or a later one: a change can commit and be killed before it is
//! printed).
//!
//! CI runs 200 cycles; `CRASH_CYCLES=1000 cargo test -p prevent-app --test
//! crash --release` runs more, and prints its figures.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{alex, no_with_lead};
use prevent_app::{
    ActorSource, Ledger, SaveAnswerRequest, Service, SystemClock, UpdateActionRequest,
};
use prevent_core::AnswerInput;
use prevent_core::plan::ActionEdit;
use prevent_core::{NewAssessmentInput, PREVENT_TOOLKIT_2011, PlanFilter};
use tempfile::TempDir;
use uuid::Uuid;

const CHILD: &str = "CRASH_CHILD";
const DEFAULT_CYCLES: usize = 200;
/// The steps the child changes, in turn: three answers' comments and the
/// owners of item 1's action.
const ENTRIES: [&str; 3] = ["2", "4", "C4"];

fn service(database: &Path) -> Service {
    let ledger = Ledger::open(database, chrono::Utc::now()).expect("open");
    Service::new(ledger, Arc::new(SystemClock), ActorSource::Given(alex()))
}

/// A database with an assessment whose item 1 has an action.
fn prepared(dir: &TempDir) -> (PathBuf, Uuid, Uuid) {
    let database = dir.path().join("crash.sqlite3");
    let mut service = service(&database);
    let id = service
        .create_assessment(NewAssessmentInput {
            framework_id: PREVENT_TOOLKIT_2011.to_owned(),
            organisation: "Northshire Community NHS Trust".to_owned(),
            assessor: "Alex Morgan".to_owned(),
            assessment_date: "2026-11-20".to_owned(),
        })
        .expect("assessment")
        .id;
    service
        .save_answer(SaveAnswerRequest {
            assessment_id: id,
            entry_id: "1".to_owned(),
            answer: no_with_lead("Safeguarding lead", "2027-03-31"),
        })
        .expect("item 1");
    let action = service
        .get_plan(id, PlanFilter::default())
        .expect("plan")
        .actions
        .first()
        .expect("an action")
        .action
        .id;
    (database, id, action)
}

/// The child's loop: never returns; killed by the parent.
fn child_loop(database: &Path, id: Uuid, action: Uuid, start: u64) -> ! {
    let mut service = service(database);
    let mut out = std::io::stdout().lock();
    let mut n = start;
    loop {
        let slot = (n % 4) as usize;
        let value = format!("v{n}");
        if let Some(entry) = ENTRIES.get(slot) {
            service
                .save_answer(SaveAnswerRequest {
                    assessment_id: id,
                    entry_id: (*entry).to_owned(),
                    answer: AnswerInput {
                        comment: Some(value.clone()),
                        ..AnswerInput::default()
                    },
                })
                .expect("save");
            let _ = writeln!(out, "committed {entry} {n}");
        } else {
            service
                .update_action(UpdateActionRequest {
                    action_id: action,
                    edit: ActionEdit {
                        owners: Some(value.clone()),
                        ..ActionEdit::default()
                    },
                })
                .expect("edit");
            let _ = writeln!(out, "committed action {n}");
        }
        let _ = out.flush();
        n += 1;
    }
}

/// The number in a stored "vN", or 0.
fn number(value: Option<&str>) -> u64 {
    value
        .and_then(|v| v.strip_prefix('v'))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn crash_child() {
    // Only a child started by the test below does anything here.
    let Ok(spec) = std::env::var(CHILD) else {
        return;
    };
    let mut parts = spec.split('|');
    let (Some(database), Some(id), Some(action), Some(start)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        panic!("CRASH_CHILD={spec}");
    };
    child_loop(
        Path::new(database),
        id.parse().expect("id"),
        action.parse().expect("action"),
        start.parse().expect("start"),
    );
}

#[test]
fn committed_changes_survive_sigkill_at_random_moments() {
    let cycles = std::env::var("CRASH_CYCLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_CYCLES);
    let dir = TempDir::new().expect("dir");
    let (database, id, action) = prepared(&dir);
    let exe = std::env::current_exe().expect("this test binary");
    // Deterministic "random" kill times, so a failure can be run again.
    let mut seed: u64 = 0x5EED_CAFE;
    let mut next_delay = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        Duration::from_millis(5 + seed % 120)
    };
    let mut counter: u64 = 1;
    let (mut committed_total, mut lost, mut integrity_failures) = (0_u64, 0_u64, 0_u64);
    let started = Instant::now();
    for cycle in 0..cycles {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "crash_child",
                "--nocapture",
                "--test-threads",
                "1",
            ])
            .env(
                CHILD,
                format!("{}|{id}|{action}|{counter}", database.display()),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the child");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| {
                    let mut words = line.strip_prefix("committed ")?.split(' ');
                    let what = words.next()?.to_owned();
                    let n: u64 = words.next()?.parse().ok()?;
                    Some((what, n))
                })
                .collect::<Vec<_>>()
        });
        std::thread::sleep(next_delay());
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        let reported = reader.join().expect("reader");
        committed_total += reported.len() as u64;
        counter = reported.iter().map(|(_, n)| n + 1).max().unwrap_or(counter) + 1;

        // The file opens, passes integrity_check, and its chain verifies.
        let conn = rusqlite::Connection::open(&database).expect("opens");
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .expect("integrity_check");
        drop(conn);
        if integrity != "ok" {
            integrity_failures += 1;
        }
        let service = service(&database);
        let chain = service.verify_audit_trail(id).expect("chain");
        assert_eq!(chain.broken, None, "cycle {cycle}: the audit chain breaks");

        // Every change reported committed is there (or a later one).
        let detail = service.get_assessment(id).expect("detail");
        let owners = service.get_action(action).expect("action").action.owners;
        for (what, n) in &reported {
            let stored = if what == "action" {
                number(Some(&owners))
            } else {
                number(
                    detail
                        .answers
                        .iter()
                        .find(|a| &a.answer.entry_id == what)
                        .map(|a| a.answer.comment.as_str()),
                )
            };
            if stored < *n {
                lost += 1;
            }
        }
    }
    let elapsed = started.elapsed();
    println!(
        "crash test: {cycles} cycles, {committed_total} commits reported, {lost} lost, \
         {integrity_failures} integrity failures, in {:.1} s",
        elapsed.as_secs_f64()
    );
    assert_eq!(integrity_failures, 0);
    assert_eq!(lost, 0);
    assert!(
        committed_total > cycles as u64,
        "the child committed too little to test anything: {committed_total}"
    );
}
