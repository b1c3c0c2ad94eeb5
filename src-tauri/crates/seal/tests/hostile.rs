//! Hostile and damaged input: cut-short files, flipped bytes, forged
//! signature contents and byte ranges. Checking must answer (with problems)
//! or refuse (`NotPdf`/`DamagedPdf`), never crash, and never call a changed
//! file intact.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::*;
use prevent_seal::{Inspection, SealError, inspect};

static CAUGHT_PANICS: AtomicUsize = AtomicUsize::new(0);

/// The signature's gap (the /Contents hex string), where a change is not a
/// change to what was signed.
fn gap(pdf: &[u8]) -> (usize, usize) {
    let signature = &inspect(pdf).unwrap().signatures[0];
    assert!(signature.is_intact());
    let start = rfind(pdf, b"/Contents<") + "/Contents".len();
    let end = start + pdf[start..].iter().position(|&byte| byte == b'>').unwrap() + 1;
    (start, end)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
        .unwrap()
}

fn check(bytes: &[u8]) -> Result<Inspection, SealError> {
    let result = inspect(bytes);
    match &result {
        Ok(_)
        | Err(SealError::NotPdf)
        | Err(SealError::DamagedPdf(_))
        | Err(SealError::TooComplex) => {}
        Err(other) => panic!("unexpected error kind: {other}"),
    }
    result
}

#[test]
fn damaged_files_never_crash_and_never_pass() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        CAUGHT_PANICS.fetch_add(1, Ordering::SeqCst);
        previous(info);
    }));

    let pdf = sealed_sample();
    let (gap_start, gap_end) = gap(&pdf);
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };

    // Cut short anywhere.
    let mut lengths: Vec<usize> = (0..pdf.len()).step_by(97).collect();
    lengths.extend(pdf.len().saturating_sub(64)..pdf.len());
    for length in lengths {
        if let Ok(inspection) = check(&pdf[..length]) {
            assert!(
                inspection
                    .signatures
                    .iter()
                    .all(|signature| !signature.is_intact()),
                "a file cut to {length} bytes passed"
            );
        }
    }

    // One byte changed anywhere.
    for _ in 0..400 {
        let at = (next() % pdf.len() as u64) as usize;
        let mut damaged = pdf.clone();
        damaged[at] ^= 1 << (next() % 8);
        if let Ok(inspection) = check(&damaged)
            && !(gap_start..gap_end).contains(&at)
        {
            assert!(
                inspection
                    .signatures
                    .iter()
                    .all(|signature| !signature.is_intact()),
                "a change at byte {at} (outside the signature) passed"
            );
        }
    }

    // Several bytes at once, anywhere.
    for _ in 0..100 {
        let mut damaged = pdf.clone();
        for _ in 0..16 {
            let at = (next() % pdf.len() as u64) as usize;
            damaged[at] = next() as u8;
        }
        let _ = check(&damaged);
    }

    std::panic::set_hook(Box::new(|info| eprintln!("{info}")));
    println!(
        "panics inside the PDF library caught and reported as damaged files: {}",
        CAUGHT_PANICS.load(Ordering::SeqCst)
    );
}

#[test]
fn forged_signature_contents_are_reported_not_trusted() {
    let pdf = sealed_sample();
    let (start, end) = gap(&pdf);

    // Random hex in place of the CMS.
    let mut forged = pdf.clone();
    let mut value = 7u8;
    for byte in &mut forged[start + 1..end - 1] {
        value = value.wrapping_mul(31).wrapping_add(17);
        *byte = b"0123456789ABCDEF"[usize::from(value % 16)];
    }
    let signature = &inspect(&forged).unwrap().signatures[0];
    assert!(signature.covers_whole_file);
    assert!(!signature.digest_matches && !signature.signature_valid);
    assert!(!signature.problems.is_empty());

    // All zeros.
    let mut empty = pdf.clone();
    empty[start + 1..end - 1].fill(b'0');
    let signature = &inspect(&empty).unwrap().signatures[0];
    assert!(!signature.is_intact());
    assert!(
        signature
            .problems
            .iter()
            .any(|problem| problem.contains("not a CMS signature")),
        "{:?}",
        signature.problems
    );

    // A byte range pointing past the end of the file, same width.
    let range_at = rfind(&pdf, b"/ByteRange[") + "/ByteRange".len();
    let range_end = range_at
        + pdf[range_at..]
            .iter()
            .position(|&byte| byte == b']')
            .unwrap()
        + 1;
    let width = range_end - range_at;
    let mut forged = pdf.clone();
    let mut range = b"[0 99999999 99999999 99999999".to_vec();
    range.resize(width - 1, b' ');
    range.push(b']');
    forged[range_at..range_end].copy_from_slice(&range);
    let signature = &inspect(&forged).unwrap().signatures[0];
    assert!(!signature.covers_whole_file && !signature.is_intact());
    assert!(
        signature
            .problems
            .iter()
            .any(|problem| problem.contains("outside the file")),
        "{:?}",
        signature.problems
    );
}

#[test]
fn odd_inputs() {
    for bytes in [
        &b"%PDF-1.7\n"[..],
        b"%PDF-",
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 1 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF",
        b"\x00\x01\x02%PDF-1.7\n%%EOF",
    ] {
        let _ = check(bytes);
    }
    assert!(matches!(inspect(&[0u8; 4096]), Err(SealError::NotPdf)));
}
