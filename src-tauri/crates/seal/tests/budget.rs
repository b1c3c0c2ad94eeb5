//! Every reader stays within its budget: the attack corpus (decompression
//! bombs, object floods, loops, a file claiming more entries than it holds)
//! is refused as too complex or damaged, or read, but never takes the
//! process down or runs away. Time and memory in a release build are
//! measured by `cargo xtask bench` (verify_attacks); here each must finish.

mod common;

use std::time::{Duration, Instant};

use common::*;
use prevent_seal::{SealError, SigningIdentity, inspect};

#[test]
fn every_attack_is_answered_within_the_budget() {
    let sealed = sealed_sample();
    let corpus = prevent_seal::attacks::corpus(&sealed);
    assert!(corpus.len() >= 12);
    for attack in corpus {
        let started = Instant::now();
        let result = inspect(&attack.bytes);
        let took = started.elapsed();
        match &result {
            Ok(inspection) => assert!(
                inspection.signatures.iter().all(|s| !s.is_intact())
                    || inspection.attachment.is_none(),
                "{}: read as a sealed file",
                attack.name
            ),
            Err(SealError::TooComplex | SealError::DamagedPdf(_) | SealError::NotPdf) => {}
            Err(other) => panic!("{}: unexpected error {other}", attack.name),
        }
        // Generous for an unoptimised build on a busy machine; the release
        // build's figures are in the benchmark.
        assert!(
            took < Duration::from_secs(60),
            "{} took {took:?}",
            attack.name
        );
        eprintln!(
            "{:<64} {:>9} bytes {:>8.0?} {}",
            attack.name,
            attack.bytes.len(),
            took,
            match result {
                Ok(_) => "read".to_owned(),
                Err(e) => e.to_string(),
            }
        );
    }
}

#[test]
fn the_budget_bounds_what_any_file_can_make_the_reader_hold() {
    // Each object costs 64 units: a budget of 1 MB units stops a flood of
    // plain integers at about 16,000 of them.
    let mut flood = b"%PDF-1.7\n1 0 obj\n<</Type/Catalog/A[".to_vec();
    flood.extend(b"0 ".repeat(100_000));
    flood.extend_from_slice(b"]>>\nendobj\n");
    let xref = flood.len();
    flood.extend_from_slice(
        format!("xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<</Size 2/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    assert!(matches!(
        prevent_seal::inspect_within(&flood, 1 << 20),
        Err(SealError::TooComplex)
    ));
    assert!(prevent_seal::inspect_within(&flood, 64 << 20).is_ok());
    assert_eq!(
        SealError::TooComplex.to_string(),
        "The PDF is too large or too complex to check: reading it would take more than the 128 MB a check may use"
    );
}

#[test]
fn a_pkcs12_asking_for_endless_key_derivation_is_refused_before_any_is_done() {
    for attack in prevent_seal::attacks::pkcs12_corpus() {
        assert!(attack.bytes.len() > 100, "{} was built", attack.name);
        let started = Instant::now();
        let error = SigningIdentity::from_pkcs12(&attack.bytes, "password").expect_err(attack.name);
        let took = started.elapsed();
        assert!(
            matches!(error, SealError::Pkcs12(_)),
            "{}: {error}",
            attack.name
        );
        assert!(took < Duration::from_secs(1), "{}: {took:?}", attack.name);
        eprintln!("{:<56} {took:>8.0?} {error}", attack.name);
    }
}
