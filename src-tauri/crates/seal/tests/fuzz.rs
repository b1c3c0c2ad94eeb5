//! Fuzzing, bounded: real files mutated (bit flips, bytes set, cuts,
//! deletions, splices, and hostile tokens inserted) and read again by every
//! reader of this crate. Nothing may panic; each answer is a value or an
//! error of the reader's own kinds. `PREVENT_SA_FUZZ_CASES` runs more.
//!
//! - PDFs: a sealed file, and every file of the attack corpus, through
//!   `inspect`;
//! - PKCS#12: a file made by openssl, and the hostile ones, through
//!   `SigningIdentity::from_pkcs12`;
//! - certificates to trust: PEM (one and several) and DER, through
//!   `CertificateInfo::all_from_pem_or_der`.

mod common;

use std::sync::OnceLock;

use common::*;
use prevent_seal::attacks::{fuzz_cases, mutated_by};
use prevent_seal::{CertificateInfo, SealError, SigningIdentity, inspect};
use proptest::prelude::*;

fn sealed() -> &'static Vec<u8> {
    static SEALED: OnceLock<Vec<u8>> = OnceLock::new();
    SEALED.get_or_init(sealed_sample)
}

/// Real and hostile PDFs to start from (the large attacks left out: each
/// case would build them again).
fn pdf_seeds() -> &'static Vec<Vec<u8>> {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds = vec![sealed().clone()];
        seeds.extend(
            prevent_seal::attacks::corpus(sealed())
                .into_iter()
                .filter(|attack| attack.bytes.len() < 2 << 20)
                .map(|attack| attack.bytes),
        );
        seeds
    })
}

fn pkcs12_seeds() -> &'static Vec<Vec<u8>> {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let run = |args: &[&str]| {
            let output = std::process::Command::new("openssl")
                .args(args)
                .current_dir(dir.path())
                .output()
                .expect("openssl (cargo xtask setup)");
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        };
        run(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-keyout",
            "k.pem",
            "-out",
            "c.pem",
            "-days",
            "30",
            "-nodes",
            "-subj",
            "/CN=Fuzz/O=Fuzz Trust",
        ]);
        run(&[
            "pkcs12",
            "-export",
            "-inkey",
            "k.pem",
            "-in",
            "c.pem",
            "-out",
            "f.p12",
            "-passout",
            "pass:password",
            "-iter",
            "2048",
            "-maciter",
        ]);
        let mut seeds = vec![std::fs::read(dir.path().join("f.p12")).unwrap()];
        seeds.extend(
            prevent_seal::attacks::pkcs12_corpus()
                .into_iter()
                .map(|attack| attack.bytes),
        );
        seeds
    })
}

fn certificate_seeds() -> &'static Vec<Vec<u8>> {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let one = SigningIdentity::generate("One NHS Trust", when()).unwrap();
        let two = SigningIdentity::generate("Two ICB", when()).unwrap();
        vec![
            one.certificate().der.clone(),
            one.certificate().to_pem().into_bytes(),
            format!(
                "{}{}",
                one.certificate().to_pem(),
                two.certificate().to_pem()
            )
            .into_bytes(),
        ]
    })
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: fuzz_cases(150),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_pdfs_are_read_or_refused_never_a_panic(
        which in any::<prop::sample::Index>(),
        seeds in prop::collection::vec(any::<u64>(), 1..6),
    ) {
        let original: &Vec<u8> = which.get(pdf_seeds());
        let bytes = mutated_by(original, &seeds);
        // Whether a changed file is valid is the app's verdict (tests/fuzz.rs
        // in prevent-app); reading it must only answer.
        match inspect(&bytes) {
            Ok(_) | Err(SealError::NotPdf | SealError::DamagedPdf(_) | SealError::TooComplex) => {}
            Err(other) => prop_assert!(false, "unexpected error: {other}"),
        }
    }

    #[test]
    fn mutated_pkcs12_files_are_refused_with_a_reason_never_a_panic(
        which in any::<prop::sample::Index>(),
        seeds in prop::collection::vec(any::<u64>(), 1..5),
    ) {
        let original: &Vec<u8> = which.get(pkcs12_seeds());
        let bytes = mutated_by(original, &seeds);
        match SigningIdentity::from_pkcs12(&bytes, "password") {
            Ok(_) => {}
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }

    #[test]
    fn mutated_certificates_are_read_or_refused_never_a_panic(
        which in any::<prop::sample::Index>(),
        seeds in prop::collection::vec(any::<u64>(), 1..5),
    ) {
        let original: &Vec<u8> = which.get(certificate_seeds());
        let bytes = mutated_by(original, &seeds);
        match CertificateInfo::all_from_pem_or_der(&bytes) {
            Ok(certificates) => prop_assert!(!certificates.is_empty() && certificates.len() <= 16),
            Err(SealError::Certificate(reason)) => prop_assert!(!reason.is_empty()),
            Err(other) => prop_assert!(false, "unexpected error: {other}"),
        }
    }
}
