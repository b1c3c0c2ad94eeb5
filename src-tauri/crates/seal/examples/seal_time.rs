//! Times `seal()` on a report-sized input: a ~60 KB, 15-page PDF with a
//! ~20 KB record, signed with a generated P-256 identity. Run in release:
//!
//! ```sh
//! cargo run --release -p prevent-seal --example seal_time
//! ```
//!
//! Prints the median (p50) and p90 of 100 runs; the budget is 4 ms at p50.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};
use prevent_seal::{Attachment, SignatureDetails, SigningIdentity, inspect, seal};

const RUNS: usize = 100;
const BUDGET: Duration = Duration::from_millis(4);

/// 15 pages of pseudo-random report-like text plus a ~48 KB stream standing
/// in for the embedded font subset printpdf writes.
fn report_like_pdf() -> Vec<u8> {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let words = [
        "Prevent",
        "duty",
        "training",
        "safeguarding",
        "referral",
        "Channel",
        "policy",
        "board",
        "assurance",
        "staff",
        "risk",
        "lead",
        "partnership",
        "evidence",
        "action",
        "review",
    ];
    let mut doc = Document::with_version("1.3");
    let pages_id = doc.new_object_id();
    let font_file: Vec<u8> = (0..48_000).map(|_| next() as u8).collect();
    let font_file_id = doc.add_object(Stream::new(dictionary! {}, font_file));
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "FontFile" => font_file_id,
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut kids = Vec::new();
    for page in 0..15 {
        let mut operations = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 10.into()]),
            Operation::new("TL", vec![13.into()]),
            Operation::new("Td", vec![50.into(), 800.into()]),
        ];
        for line in 0..30 {
            let mut text = format!("{}.{} ", page + 1, line + 1);
            for _ in 0..8 {
                text.push_str(words[(next() % 16) as usize]);
                text.push(' ');
            }
            operations.push(Operation::new("Tj", vec![Object::string_literal(text)]));
            operations.push(Operation::new("T*", vec![]));
        }
        operations.push(Operation::new("ET", vec![]));
        let mut stream = Stream::new(
            dictionary! {},
            Content { operations }.encode().unwrap_or_default(),
        );
        let _ = stream.compress();
        let content_id = doc.add_object(stream);
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => content_id,
            "Resources" => resources_id,
        });
        kids.push(page_id.into());
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 15 }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    let _ = doc.save_to(&mut out);
    out
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let at: DateTime<Utc> = "2025-06-30T14:05:09Z".parse()?;
    let identity = SigningIdentity::generate("Test NHS Trust", at)?;
    let pdf = report_like_pdf();
    let record: String = (0..400)
        .map(|i| {
            format!(
                "{{\"question\":\"{i}\",\"answer\":\"Partially met\",\"note\":\"n{}\"}},",
                i * 7919 % 1000
            )
        })
        .collect();
    let attachment = Attachment {
        file_name: "assessment-record.json",
        mime: "application/json",
        bytes: record.as_bytes(),
        description: "The assessment record",
    };
    let details = SignatureDetails {
        signer_name: "Dr Priya Shah and Alex Morgan",
        reason: "Approved",
        location: "Test NHS Trust",
        signing_time: at,
    };

    let mut times = Vec::with_capacity(RUNS);
    let mut sealed = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        sealed = seal(&pdf, &attachment, Some((&identity, &details)))?;
        times.push(start.elapsed());
    }
    times.sort();
    let p50 = percentile(&times, 50);

    let start = Instant::now();
    let inspection = inspect(&sealed)?;
    let inspect_time = start.elapsed();
    if !inspection
        .signatures
        .iter()
        .all(|signature| signature.is_intact())
    {
        return Err("the sealed file does not verify".into());
    }

    println!(
        "input {} bytes; record {} bytes; output {} bytes",
        pdf.len(),
        record.len(),
        sealed.len()
    );
    println!(
        "seal(): p50 {:.2} ms, p90 {:.2} ms, max {:.2} ms over {RUNS} runs (budget {} ms at p50)",
        p50.as_secs_f64() * 1e3,
        percentile(&times, 90).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        BUDGET.as_millis()
    );
    println!("inspect(): {:.2} ms", inspect_time.as_secs_f64() * 1e3);
    if p50 > BUDGET {
        return Err(format!("p50 {p50:?} is over the {BUDGET:?} budget").into());
    }
    Ok(())
}
