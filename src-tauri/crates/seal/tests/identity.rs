//! The signing identity: generated certificates, the key files on disk, and
//! PKCS#12 files made at test time by the `openssl` command-line tool in the
//! forms organisations actually hold (OpenSSL 3 / current Windows AES
//! encryption, legacy 3DES and RC2-40, P-256 and RSA keys, with a CA chain).

mod common;

use std::path::Path;

use common::*;
use prevent_seal::{
    CERTIFICATE_FILE_NAME, CertificateInfo, KEY_FILE_NAME, SealError, SigningIdentity, inspect,
    seal,
};

#[test]
fn a_generated_certificate_names_the_organisation_for_ten_years() {
    let identity = SigningIdentity::generate("  Test NHS Trust ", when()).unwrap();
    let certificate = identity.certificate();
    assert_eq!(
        certificate.subject,
        "Test NHS Trust (Prevent Self-Assessment)"
    );
    assert_eq!(certificate.issuer, certificate.subject);
    assert_eq!(certificate.not_before, when());
    assert_eq!(
        certificate.not_after,
        "2035-06-30T14:05:09Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );
    assert!(certificate.is_valid_at(when()));
    assert_eq!(certificate.fingerprint.len(), 32 * 3 - 1);
    assert!(certificate.fingerprint.split(':').all(|pair| {
        pair.len() == 2
            && pair
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    }));
    assert_eq!(identity.key_description(), "ECDSA P-256");
    assert!(identity.chain().is_empty());

    // Two identities never share a key or a serial number.
    let other = SigningIdentity::generate("Test NHS Trust", when()).unwrap();
    assert_ne!(other.certificate().fingerprint, certificate.fingerprint);
    assert_ne!(other, identity);

    assert!(matches!(
        SigningIdentity::generate("   ", when()),
        Err(SealError::Certificate(_))
    ));

    if have("openssl") {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "cert.pem", certificate.to_pem().as_bytes());
        let (ok, text) = run("openssl", &["x509", "-in", &path, "-noout", "-text"]);
        assert!(ok, "{text}");
        assert!(
            text.contains("Digital Signature, Non Repudiation"),
            "{text}"
        );
        assert!(
            text.contains(
                "Subject: O = Test NHS Trust, CN = Test NHS Trust (Prevent Self-Assessment)"
            ),
            "{text}"
        );
        assert!(
            text.contains("NIST CURVE: P-256") || text.contains("prime256v1"),
            "{text}"
        );
        let (ok, text) = run(
            "openssl",
            &["verify", "-CAfile", &path, "-partial_chain", &path],
        );
        assert!(
            ok,
            "the self-signed certificate's own signature must verify: {text}"
        );
    }
}

#[test]
fn certificates_read_from_pem_or_der() {
    let identity = SigningIdentity::generate("Test NHS Trust", when()).unwrap();
    let certificate = identity.certificate();
    assert_eq!(
        &CertificateInfo::from_pem_or_der(&certificate.der).unwrap(),
        certificate
    );
    assert_eq!(
        &CertificateInfo::from_pem_or_der(certificate.to_pem().as_bytes()).unwrap(),
        certificate
    );
    assert!(
        certificate
            .to_pem()
            .starts_with("-----BEGIN CERTIFICATE-----\n")
    );
    assert!(matches!(
        CertificateInfo::from_pem_or_der(b"garbage"),
        Err(SealError::Certificate(_))
    ));
}

#[test]
fn key_files_round_trip_with_the_key_private_to_its_owner() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("keys");
    assert_eq!(SigningIdentity::load(&folder).unwrap(), None);
    std::fs::create_dir(&folder).unwrap();
    assert_eq!(SigningIdentity::load(&folder).unwrap(), None);

    let identity = SigningIdentity::generate("Test NHS Trust", when()).unwrap();
    identity.save(&folder).unwrap();
    assert_eq!(
        SigningIdentity::load(&folder).unwrap().as_ref(),
        Some(&identity)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(folder.join(KEY_FILE_NAME))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let key = std::fs::read_to_string(folder.join(KEY_FILE_NAME)).unwrap();
    assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"));
    let certificate = std::fs::read(folder.join(CERTIFICATE_FILE_NAME)).unwrap();
    assert_eq!(
        &CertificateInfo::from_pem_or_der(&certificate).unwrap(),
        identity.certificate()
    );

    // Saving again replaces both files and leaves nothing else behind.
    let replacement = SigningIdentity::generate("Other Trust", when()).unwrap();
    replacement.save(&folder).unwrap();
    assert_eq!(
        SigningIdentity::load(&folder).unwrap().as_ref(),
        Some(&replacement)
    );
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [CERTIFICATE_FILE_NAME, KEY_FILE_NAME]);

    // A key without its certificate, or a key that is not the certificate's.
    std::fs::write(
        folder.join(CERTIFICATE_FILE_NAME),
        identity.certificate().to_pem(),
    )
    .unwrap();
    assert!(matches!(
        SigningIdentity::load(&folder),
        Err(SealError::KeyMismatch)
    ));
    std::fs::remove_file(folder.join(CERTIFICATE_FILE_NAME)).unwrap();
    let error = SigningIdentity::load(&folder).unwrap_err();
    assert!(matches!(error, SealError::Incomplete { .. }), "{error}");
    assert!(error.to_string().contains(CERTIFICATE_FILE_NAME));
    std::fs::write(folder.join(CERTIFICATE_FILE_NAME), b"not pem").unwrap();
    assert!(SigningIdentity::load(&folder).is_err());
}

/// Runs openssl in `dir`, panicking with its output on failure.
fn openssl(dir: &Path, args: &[&str]) {
    let output = std::process::Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A self-signed key and certificate made by openssl, `newkey` being e.g.
/// "rsa:2048" or "ec" with P-256 parameters.
fn openssl_self_signed(dir: &Path, name: &str, newkey: &[&str]) {
    let mut args = vec!["req", "-x509"];
    args.extend_from_slice(newkey);
    let key = format!("{name}.key");
    let cert = format!("{name}.pem");
    let subject = format!("/CN={name} signer/O=Imported Trust");
    args.extend_from_slice(&[
        "-keyout", &key, "-out", &cert, "-days", "365", "-nodes", "-subj", &subject,
    ]);
    openssl(dir, &args);
}

fn export(dir: &Path, name: &str, extra: &[&str]) -> Vec<u8> {
    let key = format!("{name}.key");
    let cert = format!("{name}.pem");
    let out = format!("{name}{}.p12", extra.len());
    let mut args = vec![
        "pkcs12",
        "-export",
        "-inkey",
        &key,
        "-in",
        &cert,
        "-out",
        &out,
        "-passout",
        "pass:correct horse",
    ];
    args.extend_from_slice(extra);
    openssl(dir, &args);
    std::fs::read(dir.join(out)).unwrap()
}

fn seal_and_check(identity: &SigningIdentity) {
    let pdf = seal(
        &sample_pdf(2, 5),
        &attachment(),
        Some((identity, &details(when()))),
    )
    .unwrap();
    let inspection = inspect(&pdf).unwrap();
    let signature = &inspection.signatures[0];
    assert!(signature.is_intact(), "{:?}", signature.problems);
    assert_eq!(signature.certificate.as_ref(), Some(identity.certificate()));
    // The signature block rebuilt around its own value is the file's: for
    // RSA and P-256 keys, with and without an issuing chain.
    assert!(
        prevent_seal::expected_contents(&pdf, signature, when()).unwrap() == signature.contents,
        "the rebuilt signature block differs for {identity:?}"
    );
    if have("pdfsig") {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "imported.pdf", &pdf);
        let (_, output) = run("pdfsig", &[&path]);
        assert!(output.contains("Signature is Valid."), "{output}");
        assert!(output.contains("Total document signed"), "{output}");
    }
    let mut tampered = pdf.clone();
    let at = tampered.len() / 10;
    tampered[at] ^= 0x20;
    if let Ok(inspection) = inspect(&tampered) {
        assert!(
            inspection
                .signatures
                .iter()
                .all(|signature| !signature.is_intact())
        );
    }
}

#[test]
fn pkcs12_files_from_openssl_import_and_sign() {
    if !have("openssl") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    openssl_self_signed(
        dir.path(),
        "p256",
        &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
    );
    openssl_self_signed(dir.path(), "rsa", &["-newkey", "rsa:2048"]);

    for (name, description) in [("p256", "ECDSA P-256"), ("rsa", "RSA-2048")] {
        let variants: Vec<(&str, Vec<u8>)> = vec![
            (
                "OpenSSL 3 default (PBES2, AES-256, SHA-256 MAC)",
                export(dir.path(), name, &[]),
            ),
            (
                "legacy 3DES with a SHA-1 MAC",
                export(
                    dir.path(),
                    name,
                    &[
                        "-keypbe",
                        "PBE-SHA1-3DES",
                        "-certpbe",
                        "PBE-SHA1-3DES",
                        "-macalg",
                        "sha1",
                    ],
                ),
            ),
        ];
        for (variant, p12) in variants {
            let identity = SigningIdentity::from_pkcs12(&p12, "correct horse")
                .unwrap_or_else(|error| panic!("{name}, {variant}: {error}"));
            assert_eq!(identity.key_description(), description);
            assert_eq!(identity.certificate().subject, format!("{name} signer"));
            let expected = std::fs::read(dir.path().join(format!("{name}.pem"))).unwrap();
            assert_eq!(
                identity.certificate(),
                &CertificateInfo::from_pem_or_der(&expected).unwrap()
            );
            seal_and_check(&identity);

            let wrong = SigningIdentity::from_pkcs12(&p12, "wrong password").unwrap_err();
            assert!(
                matches!(wrong, SealError::WrongPassword),
                "{name}, {variant}: {wrong}"
            );
            assert_eq!(
                wrong.to_string(),
                "The password for the certificate file is wrong"
            );
        }

        // An imported identity saves and loads like a generated one.
        let identity =
            SigningIdentity::from_pkcs12(&export(dir.path(), name, &[]), "correct horse").unwrap();
        let folder = dir.path().join(format!("{name}-store"));
        identity.save(&folder).unwrap();
        assert_eq!(
            SigningIdentity::load(&folder).unwrap().as_ref(),
            Some(&identity)
        );
    }
}

#[test]
fn legacy_rc2_pkcs12_imports_when_openssl_can_still_write_it() {
    if !have("openssl") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    openssl_self_signed(dir.path(), "legacy", &["-newkey", "rsa:2048"]);
    let status = std::process::Command::new("openssl")
        .args([
            "pkcs12",
            "-export",
            "-legacy",
            "-inkey",
            "legacy.key",
            "-in",
            "legacy.pem",
            "-out",
            "legacy.p12",
            "-passout",
            "pass:correct horse",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    if !status.status.success() {
        eprintln!(
            "SKIPPED: this openssl cannot write RC2-40 (legacy provider missing): {}",
            String::from_utf8_lossy(&status.stderr)
        );
        return;
    }
    let p12 = std::fs::read(dir.path().join("legacy.p12")).unwrap();
    let identity = SigningIdentity::from_pkcs12(&p12, "correct horse").unwrap();
    assert_eq!(identity.certificate().subject, "legacy signer");
    assert!(matches!(
        SigningIdentity::from_pkcs12(&p12, "nope"),
        Err(SealError::WrongPassword)
    ));
}

#[test]
fn a_pkcs12_with_a_ca_chain_puts_the_chain_in_the_signature() {
    if !have("openssl") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    openssl(
        path,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "365",
            "-nodes",
            "-subj",
            "/CN=Test Issuing CA/O=Test PKI",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    openssl(
        path,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-keyout",
            "leaf.key",
            "-out",
            "leaf.csr",
            "-nodes",
            "-subj",
            "/CN=Dr Test Signer/O=Imported Trust",
        ],
    );
    openssl(
        path,
        &[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-set_serial",
            "4242",
            "-days",
            "30",
            "-out",
            "leaf.pem",
        ],
    );
    // The CA first, to show the order in the file does not matter.
    openssl(
        path,
        &[
            "pkcs12",
            "-export",
            "-inkey",
            "leaf.key",
            "-in",
            "leaf.pem",
            "-certfile",
            "ca.pem",
            "-out",
            "chain.p12",
            "-passout",
            "pass:",
        ],
    );
    let identity =
        SigningIdentity::from_pkcs12(&std::fs::read(path.join("chain.p12")).unwrap(), "").unwrap();
    assert_eq!(identity.certificate().subject, "Dr Test Signer");
    assert_eq!(identity.certificate().issuer, "Test Issuing CA");
    assert_eq!(identity.chain().len(), 1);
    seal_and_check(&identity);

    let folder = path.join("store");
    identity.save(&folder).unwrap();
    let loaded = SigningIdentity::load(&folder).unwrap().unwrap();
    assert_eq!(loaded, identity);
    assert_eq!(loaded.chain().len(), 1);

    // The CMS carries both certificates: openssl can verify it against the CA.
    let pdf = seal(
        &sample_pdf(1, 1),
        &attachment(),
        Some((&identity, &details(when()))),
    )
    .unwrap();
    let text = String::from_utf8_lossy(&pdf);
    let start = text.find("/Contents<").unwrap() + "/Contents<".len();
    let end = start + text[start..].find('>').unwrap();
    let hex = &text[start..end];
    let padded: Vec<u8> = (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    // The signature is zero-padded to the room kept for it: cut it at the
    // length its DER header gives (trimming zeros would also cut a value
    // that happens to end in a zero byte).
    let der = &padded[..der_length(&padded)];
    std::fs::write(path.join("sig.der"), der).unwrap();
    let (ok, output) = run(
        "openssl",
        &[
            "pkcs7",
            "-inform",
            "DER",
            "-in",
            &path.join("sig.der").to_string_lossy(),
            "-print_certs",
            "-noout",
        ],
    );
    assert!(ok, "{output}");
    assert!(
        output.contains("Dr Test Signer") && output.contains("Test Issuing CA"),
        "{output}"
    );
}

#[test]
fn identities_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<SigningIdentity>();
    shareable::<CertificateInfo>();
    shareable::<SealError>();
}

#[test]
fn not_a_pkcs12_file() {
    let error = SigningIdentity::from_pkcs12(b"definitely not", "x").unwrap_err();
    assert!(matches!(error, SealError::Pkcs12(_)), "{error}");
}

/// The length of the DER value at the start of `bytes`, header included.
fn der_length(bytes: &[u8]) -> usize {
    let first = usize::from(bytes[1]);
    if first < 0x80 {
        return 2 + first;
    }
    let count = first & 0x7f;
    let length = bytes[2..2 + count]
        .iter()
        .fold(0usize, |n, b| (n << 8) | usize::from(*b));
    2 + count + length
}
