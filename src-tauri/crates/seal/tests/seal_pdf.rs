//! Sealing and checking PDFs, judged by the real tools: poppler's pdfsig
//! (the same NSS checks Adobe Reader's are modelled on), qpdf and pdftotext.

mod common;

use std::sync::OnceLock;

use common::*;
use prevent_seal::{SealError, SigningIdentity, expected_contents, inspect, reseal, seal};

fn identity() -> &'static SigningIdentity {
    static IDENTITY: OnceLock<SigningIdentity> = OnceLock::new();
    IDENTITY.get_or_init(|| SigningIdentity::generate("Test NHS Trust", when()).unwrap())
}

fn sealed() -> Vec<u8> {
    seal(
        &sample_pdf(3, 30),
        &attachment(),
        Some((identity(), &details(when()))),
    )
    .unwrap()
}

#[test]
fn pdfsig_says_the_whole_document_is_signed_and_valid() {
    let pdf = sealed();
    if !have("pdfsig") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "sealed.pdf", &pdf);
    let (_, output) = run("pdfsig", &[&path]);
    println!("{output}");
    assert!(output.contains("Signature is Valid."), "{output}");
    assert!(output.contains("Total document signed"), "{output}");
    assert!(output.contains("adbe.pkcs7.detached"), "{output}");
    assert!(
        output.contains("Test NHS Trust (Prevent Self-Assessment)"),
        "{output}"
    );
}

#[test]
fn inspect_reads_back_an_intact_signature() {
    let pdf = sealed();
    let inspection = inspect(&pdf).unwrap();
    assert_eq!(inspection.signatures.len(), 1);
    let signature = &inspection.signatures[0];
    assert!(signature.is_intact(), "{:?}", signature.problems);
    assert!(signature.problems.is_empty(), "{:?}", signature.problems);
    assert_eq!(signature.sub_filter, "adbe.pkcs7.detached");
    assert_eq!(
        signature.signer_name.as_deref(),
        Some("Dr Priya Shah and Alex Morgan")
    );
    assert_eq!(signature.location.as_deref(), Some("Test NHS Trust"));
    assert_eq!(signature.signing_time, Some(when()));
    assert_eq!(
        signature.certificate.as_ref(),
        Some(identity().certificate())
    );
    assert_eq!(inspection.sections, 1);
    assert!(inspection.problems.is_empty(), "{:?}", inspection.problems);
}

#[test]
fn one_changed_byte_in_a_page_is_a_digest_mismatch() {
    let mut pdf = sealed();
    // A byte inside the first page's compressed content stream.
    let at = pdf
        .windows(7)
        .position(|window| window == b"stream\n")
        .unwrap()
        + 7
        + 20;
    pdf[at] ^= 0x01;

    let inspection = inspect(&pdf).unwrap();
    let signature = &inspection.signatures[0];
    assert!(signature.covers_whole_file);
    assert!(!signature.digest_matches);
    assert!(!signature.is_intact());
    assert!(
        signature
            .problems
            .iter()
            .any(|problem| problem.contains("it has been changed since it was signed")),
        "{:?}",
        signature.problems
    );

    if have("pdfsig") {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "tampered.pdf", &pdf);
        let (_, output) = run("pdfsig", &[&path]);
        assert!(output.contains("Digest Mismatch."), "{output}");
    }
}

#[test]
fn qpdf_finds_no_fault_in_sealed_files() {
    if !have("qpdf") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let unsigned = seal(&sample_pdf(2, 10), &attachment(), None).unwrap();
    for (name, pdf) in [("signed.pdf", sealed()), ("unsigned.pdf", unsigned)] {
        let path = write(dir.path(), name, &pdf);
        let (ok, output) = run("qpdf", &["--check", &path]);
        assert!(ok, "{name}: {output}");
        assert!(
            output.contains("No syntax or stream encoding errors found"),
            "{name}: {output}"
        );
        assert!(
            !output.to_lowercase().contains("warning"),
            "{name}: {output}"
        );
    }
}

#[test]
fn a_copy_saved_again_by_another_tool_no_longer_verifies() {
    if !have("qpdf") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "sealed.pdf", &sealed());
    let output = dir.path().join("resaved.pdf");
    let (ok, text) = run("qpdf", &[&input, &output.to_string_lossy()]);
    assert!(ok, "{text}");
    let resaved = std::fs::read(&output).unwrap();
    let inspection = inspect(&resaved).unwrap();
    assert_eq!(inspection.signatures.len(), 1);
    let signature = &inspection.signatures[0];
    assert!(!signature.covers_whole_file || !signature.digest_matches);
    assert!(!signature.is_intact());
    assert!(!signature.problems.is_empty());
}

#[test]
fn sealing_is_deterministic_and_depends_on_the_time() {
    let input = sample_pdf(2, 10);
    let first = seal(&input, &attachment(), Some((identity(), &details(when())))).unwrap();
    let second = seal(&input, &attachment(), Some((identity(), &details(when())))).unwrap();
    assert!(
        first == second,
        "two seals with the same key and time differ"
    );

    let later = when() + chrono::Duration::seconds(1);
    let third = seal(&input, &attachment(), Some((identity(), &details(later)))).unwrap();
    assert!(first != third);
    assert_eq!(
        inspect(&third).unwrap().signatures[0].signing_time,
        Some(later)
    );

    let unsigned_a = seal(&input, &attachment(), None).unwrap();
    let unsigned_b = seal(&input, &attachment(), None).unwrap();
    assert!(unsigned_a == unsigned_b);
}

#[test]
fn the_attachment_round_trips_with_its_declared_digest() {
    for pdf in [
        sealed(),
        seal(&sample_pdf(1, 3), &attachment(), None).unwrap(),
    ] {
        let found = inspect(&pdf).unwrap().attachment.unwrap();
        assert_eq!(found.file_name, "assessment-record.json");
        assert_eq!(found.mime.as_deref(), Some("application/json"));
        assert_eq!(
            found.description.as_deref(),
            Some("The assessment record this report was produced from")
        );
        assert_eq!(found.bytes, RECORD);
        assert!(found.matches_declared_sha256());
        use sha2::Digest;
        let expected: String = sha2::Sha256::digest(RECORD)
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        assert_eq!(found.declared_sha256.as_deref(), Some(expected.as_str()));
        assert_eq!(found.sha256, expected);
    }
}

#[test]
fn non_ascii_names_survive() {
    let record = vec![b'x'; 50_000];
    let unusual = prevent_seal::Attachment {
        file_name: "évaluation – 2025.json",
        mime: "application/json",
        bytes: &record,
        description: "Zoë's record",
    };
    let mut who = details(when());
    who.signer_name = "Zoë Ní Bhriain";
    let pdf = seal(&sample_pdf(1, 3), &unusual, Some((identity(), &who))).unwrap();
    let inspection = inspect(&pdf).unwrap();
    let found = inspection.attachment.unwrap();
    assert_eq!(found.file_name, "évaluation – 2025.json");
    assert_eq!(found.description.as_deref(), Some("Zoë's record"));
    assert_eq!(found.bytes, record);
    assert!(found.matches_declared_sha256());
    assert_eq!(
        inspection.signatures[0].signer_name.as_deref(),
        Some("Zoë Ní Bhriain")
    );
    assert!(inspection.signatures[0].is_intact());
}

#[test]
fn pdftotext_still_reads_the_pages() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "sealed.pdf", &sealed());
    let (ok, text) = run("pdftotext", &[&path, "-"]);
    assert!(ok, "{text}");
    for page in 1..=3 {
        assert!(
            text.contains(&format!("Sample report page {page}")),
            "{text}"
        );
    }
}

#[test]
fn resealing_with_the_files_own_signature_gives_the_file_back() {
    let input = sample_pdf(3, 5);
    let pdf = seal(&input, &attachment(), Some((identity(), &details(when())))).unwrap();
    let signature = &inspect(&pdf).unwrap().signatures[0];
    let span = signature
        .contents_span
        .clone()
        .expect("the gap is the contents");
    assert_eq!(span.len(), 2 + 2 * signature.contents.len());
    let rebuilt = reseal(&input, &attachment(), &details(when()), &signature.contents).unwrap();
    assert!(rebuilt == pdf, "the same bytes");
    // A different time or input gives a different file.
    let later = when() + chrono::Duration::seconds(1);
    assert!(reseal(&input, &attachment(), &details(later), &signature.contents).unwrap() != pdf);
    // What the app writes in the signature block, rebuilt around the file's
    // own signature value, is the file's, byte for byte.
    assert!(expected_contents(&pdf, signature, when()).unwrap() == signature.contents);
    // A certificate slipped in, or an attribute, or another time, is not.
    let later = when() + chrono::Duration::seconds(1);
    assert!(expected_contents(&pdf, signature, later).unwrap() != signature.contents);
    // Contents no sealed report has are refused rather than written.
    assert!(reseal(&input, &attachment(), &details(when()), &[0u8; 10]).is_err());
    assert!(
        reseal(
            &input,
            &attachment(),
            &details(when()),
            &vec![0u8; prevent_seal::MAX_RESERVED + 1]
        )
        .is_err()
    );
}

#[test]
fn not_a_pdf_and_unsigned_pdfs() {
    assert!(matches!(inspect(b"not a pdf"), Err(SealError::NotPdf)));
    assert!(matches!(inspect(b""), Err(SealError::NotPdf)));
    assert!(matches!(
        seal(b"hello", &attachment(), None),
        Err(SealError::NotPdf)
    ));
    assert_eq!(SealError::NotPdf.to_string(), "The file is not a PDF");

    let plain = inspect(&sample_pdf(2, 2)).unwrap();
    assert!(plain.signatures.is_empty());
    assert!(plain.attachment.is_none());
    assert_eq!(plain.sections, 1);

    let unsigned = inspect(&seal(&sample_pdf(2, 2), &attachment(), None).unwrap()).unwrap();
    assert!(unsigned.signatures.is_empty());
    assert!(unsigned.attachment.unwrap().matches_declared_sha256());
}

#[test]
fn a_signed_pdf_is_not_sealed_twice() {
    let error = seal(
        &sealed(),
        &attachment(),
        Some((identity(), &details(when()))),
    )
    .unwrap_err();
    assert!(matches!(error, SealError::AlreadySigned), "{error}");
}

#[test]
fn appending_an_update_breaks_whole_file_coverage() {
    let mut pdf = sealed();
    pdf.extend_from_slice(b"\n% appended after signing\n");
    let signature = &inspect(&pdf).unwrap().signatures[0];
    assert!(!signature.covers_whole_file);
    assert!(
        signature.digest_matches,
        "the signed bytes themselves are untouched"
    );
    assert!(!signature.is_intact());
}

#[test]
fn a_printpdf_report_seals_and_verifies() {
    use printpdf::*;
    let mut doc = PdfDocument::new("Prevent duty self-assessment");
    let pages = (1..=3)
        .map(|number| {
            let ops = vec![
                Op::StartTextSection,
                Op::SetTextCursor {
                    pos: Point::new(Mm(20.0), Mm(270.0)),
                },
                Op::SetFont {
                    font: PdfFontHandle::Builtin(BuiltinFont::Helvetica),
                    size: Pt(12.0),
                },
                Op::ShowText {
                    items: vec![TextItem::Text(format!("Report page {number}"))],
                },
                Op::EndTextSection,
            ];
            PdfPage::new(Mm(210.0), Mm(297.0), ops)
        })
        .collect();
    let input = doc
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new());
    let pdf = seal(&input, &attachment(), Some((identity(), &details(when())))).unwrap();
    let inspection = inspect(&pdf).unwrap();
    assert!(
        inspection.signatures[0].is_intact(),
        "{:?}",
        inspection.signatures[0].problems
    );
    if have("pdfsig") {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "printpdf.pdf", &pdf);
        let (_, output) = run("pdfsig", &[&path]);
        assert!(output.contains("Signature is Valid."), "{output}");
        assert!(output.contains("Total document signed"), "{output}");
    }
    if have("qpdf") {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "printpdf.pdf", &pdf);
        let (ok, output) = run("qpdf", &["--check", &path]);
        assert!(ok, "{output}");
    }
}
