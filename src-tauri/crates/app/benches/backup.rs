//! `cargo xtask bench`: a backup and a restore of a file holding 1,000
//! assessments (the plan benchmark's seeded file, copied), through the app
//! layer the CLI and the window call. Prints p50 and p99 of each.

mod common;

use std::time::{Duration, Instant};

use prevent_app::backups::{create_backup, restore_backup};

const SAMPLES: usize = 10;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn main() {
    let (dir, _, now) = common::bench_folder();
    let path = common::seeded_copy(dir.path(), "prevent.sqlite3", common::ASSESSMENTS).path;
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);

    let mut creates = Vec::new();
    let mut restores = Vec::new();
    let mut last = None;
    for n in 0..SAMPLES {
        let at = now + chrono::Duration::minutes(n as i64);
        let started = Instant::now();
        let made = create_backup(&path, at).expect("backup");
        creates.push(started.elapsed());
        let started = Instant::now();
        restore_backup(&path, std::path::Path::new(&made.name), at).expect("restore");
        restores.push(started.elapsed());
        last = Some(made.bytes);
    }
    creates.sort();
    restores.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "backup of {} assessments ({:.1} MB file, {:.1} MB backup):",
        common::ASSESSMENTS,
        bytes as f64 / 1e6,
        last.unwrap_or(0) as f64 / 1e6
    );
    println!(
        "  create (backup API + integrity_check + rename): p50 {:.1} ms, p99 {:.1} ms",
        ms(percentile(&creates, 0.5)),
        ms(percentile(&creates, 0.99))
    );
    println!(
        "  restore (check + before-restore backup + backup API into the live file): p50 {:.1} ms, p99 {:.1} ms",
        ms(percentile(&restores, 0.5)),
        ms(percentile(&restores, 0.99))
    );
}
