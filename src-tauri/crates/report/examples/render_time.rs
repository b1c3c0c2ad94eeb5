//! Renders the benchmark record, `complete_record(30, 2)`, about fifty times
//! and prints the median time, the size and the page count:
//! `cargo run -p prevent-report --release --example render_time [OUT.pdf]`
//! (with OUT.pdf, also writes the report there and its draft beside it).

use std::time::{Duration, Instant};

use prevent_report::sample::complete_record;
use prevent_report::{Stamp, render};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let record = complete_record(30, 2);
    let stamp = Stamp {
        digest: record.digest(),
        certificate_fingerprint: Some(
            "3F:9A:12:C4:7B:E0:55:81:2D:6C:A9:0E:B3:47:F2:18:64:D5:0A:9E:C1:73:2B:8F:E6:40:19:AD:5C:F7:82:3E"
                .to_owned(),
        ),
        certificate_subject: Some(
            "Northshire NHS Foundation Trust (Prevent Self-Assessment)".to_owned(),
        ),
    };
    // The first render parses the fonts; the app pays that once per process.
    let first = Instant::now();
    let bytes = render(&record, &stamp)?;
    let first = first.elapsed();
    let mut times: Vec<Duration> = (0..50)
        .map(|_| {
            let start = Instant::now();
            let _ = render(&record, &stamp);
            start.elapsed()
        })
        .collect();
    times.sort();
    let pages = lopdf::Document::load_mem(&bytes)?.get_pages().len();
    println!(
        "render: p50 {:.2} ms, min {:.2} ms, max {:.2} ms (first, with font parsing: {:.2} ms)",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0,
        first.as_secs_f64() * 1000.0
    );
    println!(
        "size: {} bytes ({:.1} KB), {pages} pages",
        bytes.len(),
        bytes.len() as f64 / 1024.0
    );
    if let Some(path) = std::env::args().nth(1) {
        std::fs::write(&path, &bytes)?;
        let draft = complete_record(30, 0);
        let draft_stamp = Stamp {
            digest: draft.digest(),
            certificate_fingerprint: None,
            certificate_subject: None,
        };
        std::fs::write(
            path.replace(".pdf", "-draft.pdf"),
            render(&draft, &draft_stamp)?,
        )?;
    }
    Ok(())
}
