//! `cargo xtask bench`, second part: the home screen's and the lead's
//! dashboard's queries with 1,000 assessments and their plans in one file,
//! through the same application layer the window calls.
//!
//! Target (issue 6): each query ≤ 50 ms (p99 here). Exits 1 when missed.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{ASSESSMENTS, seed};
use prevent_app::Ledger;
use prevent_app::{ActorSource, FixedClock, Service};
use prevent_core::Actor;
use prevent_core::plan::{DueFilter, PlanFilter};

const WARM_UP: usize = 3;
const SAMPLES: usize = 30;
const TARGET_MS: f64 = 50.0;
/// How many actions the dashboard screen asks for at a time.
const SCREEN_PAGE: u32 = 100;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn measure<T>(mut run: impl FnMut() -> T) -> (Duration, Duration, T) {
    let mut last = None;
    let mut samples: Vec<Duration> = (0..WARM_UP + SAMPLES)
        .map(|_| {
            let started = Instant::now();
            last = Some(run());
            started.elapsed()
        })
        .skip(WARM_UP)
        .collect();
    samples.sort();
    let last = last.expect("at least one run");
    (percentile(&samples, 0.5), percentile(&samples, 0.99), last)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let (dir, today, now) = common::bench_folder();
    let path = dir.path().join("plans.sqlite3");

    let seeding = Instant::now();
    let mut store = Ledger::open(&path, now).expect("open");
    let entries = seed(&mut store, today);
    let seeded_in = seeding.elapsed();
    let service = Service::new(
        store,
        Arc::new(FixedClock { now, today }),
        ActorSource::Given(Actor::new("Bench", "Benchmark").expect("actor")),
    );

    let (home_p50, home_p99, home) = measure(|| service.list_assessments().expect("home"));
    let (all_p50, all_p99, dashboard) = measure(|| {
        service
            .get_dashboard(PlanFilter {
                limit: Some(SCREEN_PAGE),
                ..PlanFilter::default()
            })
            .expect("dashboard")
    });
    let (overdue_p50, overdue_p99, overdue) = measure(|| {
        service
            .get_dashboard(PlanFilter {
                due: Some(DueFilter::Overdue),
                limit: Some(SCREEN_PAGE),
                ..PlanFilter::default()
            })
            .expect("overdue")
    });
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    println!(
        "Home and dashboard with {} assessments of {entries} entries, {} actions ({:.1} MB file, seeded in {:.1} s), {SAMPLES} samples each:",
        home.len(),
        dashboard.counts.total,
        size as f64 / 1_048_576.0,
        seeded_in.as_secs_f64()
    );
    let rows = [
        ("home: list_assessments", home_p50, home_p99),
        ("dashboard: every action", all_p50, all_p99),
        ("dashboard: overdue only", overdue_p50, overdue_p99),
    ];
    for (name, p50, p99) in rows {
        println!(
            "  {name:<26} p50 {:>8.2} ms   p99 {:>8.2} ms",
            ms(p50),
            ms(p99)
        );
    }
    println!(
        "  ({} overdue; target ≤ {TARGET_MS} ms each)",
        overdue.counts.total
    );
    assert_eq!(home.len(), ASSESSMENTS);
    let missed: Vec<&str> = rows
        .iter()
        .filter(|(_, _, p99)| ms(*p99) > TARGET_MS)
        .map(|(name, _, _)| *name)
        .collect();
    if !missed.is_empty() {
        eprintln!("bench: target missed by {}", missed.join(", "));
        std::process::exit(1);
    }
}
