//! The attacks an adversarial review found getting past the PDF check, each
//! built here from a real sealed report and each re-signed the strongest way
//! an attacker could: with the installation's own key, so the signature
//! itself holds and only the comparison with the record can catch them.
//!
//! - a layout downgrade (the file, or the record, claims another layout) with
//!   a changed word on a page;
//! - anything drawn outside the content streams: an annotation overlaid on a
//!   page, a page box, a font;
//! - the signature's /Contents re-encoded (lower-case hex, an odd number of
//!   digits, padding zeros as spaces), which changes the file's bytes but
//!   not what a lenient reader decodes;
//! - a signing time outside the certificate's validity;
//! - a file cut short (altered, not unreadable), or added to;
//! - a record naming a layout this version cannot draw (partly checked,
//!   never valid).

use chrono::{DateTime, Duration, TimeZone, Utc};
use lopdf::dictionary;
use prevent_app::sample::{complete_assessment, forge, sealed_record, service_in, sign_off};
use prevent_app::seal::TrustList;
use prevent_app::{PdfCheck, PdfOutcome, Service};
use prevent_core::record::AssessmentRecord;
use prevent_core::{Actor, ErrorKind};
use prevent_seal::SigningIdentity;
use tempfile::TempDir;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 9, 30, 0)
        .single()
        .expect("time")
}

/// A signed assessment, its sealed record and PDF, and the installation's key.
struct Signed {
    _dir: TempDir,
    service: Service,
    record: AssessmentRecord,
    pdf: Vec<u8>,
    key: SigningIdentity,
}

fn signed() -> Signed {
    let dir = TempDir::new().expect("temp dir");
    let actor = Actor::new("Sam Lee", "Safeguarding lead").expect("actor");
    let mut service = service_in(dir.path(), now(), actor).expect("service");
    let id = complete_assessment(&mut service, 6).expect("complete");
    sign_off(&mut service, id, 2).expect("signed off");
    let record = sealed_record(&service, id).expect("sealed");
    let pdf = service.export_pdf(id).expect("export").bytes;
    let key = SigningIdentity::load(&dir.path().join("keys"))
        .expect("key readable")
        .expect("key made at sign-off");
    let signed = Signed {
        _dir: dir,
        service,
        record,
        pdf,
        key,
    };
    assert_eq!(signed.check(&signed.pdf).outcome, PdfOutcome::Valid);
    signed
}

impl Signed {
    fn check(&self, pdf: &[u8]) -> PdfCheck {
        self.service.check_pdf(pdf).expect("a readable PDF")
    }

    /// `shown` drawn, changed by `edit`, sealed over `attached` with `key`
    /// at the record's own time.
    fn forged(
        &self,
        shown: &AssessmentRecord,
        attached: &AssessmentRecord,
        key: &SigningIdentity,
        edit: impl FnOnce(&mut Vec<u8>),
    ) -> Vec<u8> {
        forge(shown, attached, key, self.record.signing_time(), edit).expect("forged")
    }

    /// The sealed record's report drawn again, changed by `edit`, and
    /// re-signed with the installation's own key.
    fn re_signed(&self, edit: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
        self.forged(&self.record, &self.record, &self.key, edit)
    }
}

fn assert_altered(check: &PdfCheck, mentioning: &str) {
    assert_eq!(
        check.outcome,
        PdfOutcome::Altered,
        "{}: {:?}",
        check.summary,
        check.reasons
    );
    assert!(
        check.reasons.iter().any(|r| r.contains(mentioning)),
        "the reasons should mention {mentioning:?}: {:?}",
        check.reasons
    );
}

fn replace_once(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .unwrap_or_else(|| panic!("{:?} is in the file", String::from_utf8_lossy(from)));
    bytes[at..at + from.len()].copy_from_slice(to);
}

#[test]
fn a_layout_downgrade_with_a_changed_word_is_caught() {
    let signed = signed();
    let mut shown = signed.record.clone();
    shown.answers[0].comment = "Fully in place and audited.".to_owned();
    let today = format!("/PSALayout {}", prevent_report::LAYOUT_VERSION);
    let downgrade =
        |unsigned: &mut Vec<u8>| replace_once(unsigned, today.as_bytes(), b"/PSALayout 1");

    // The file claims layout 1, and a word on a page is changed; re-signed
    // with the installation's own key, then with another.
    let own_key = signed.forged(&shown, &signed.record, &signed.key, downgrade);
    assert_altered(
        &signed.check(&own_key),
        "not the report drawn from its record",
    );
    let mallory =
        SigningIdentity::generate("Mallory Trust", now() - Duration::days(1)).expect("key");
    let other_key = signed.forged(&shown, &signed.record, &mallory, downgrade);
    assert_altered(
        &signed.check(&other_key),
        "not the report drawn from its record",
    );

    // The record itself claims layout 1 (its digest then differs from the
    // one signed off, but an attacker re-signs anyway): a record of the
    // second format never names layout 1.
    let mut claims_first = signed.record.clone();
    claims_first.layout = Some(1);
    let forged = signed.forged(&shown, &claims_first, &signed.key, |_| {});
    assert_altered(&signed.check(&forged), "must name a layout of 2 or later");
    // And a record made over in the first format is refused: that format
    // carries its framework in the frozen shape of schema 2, never today's.
    let mut first_format = signed.record.clone();
    first_format.format = prevent_core::record::RECORD_FORMAT_1.to_owned();
    first_format.layout = None;
    for signatory in &mut first_format.signatories {
        signatory.recorded = None;
    }
    let mut shown_first = first_format.clone();
    shown_first.answers[0].comment = "Fully in place and audited.".to_owned();
    let forged = signed.forged(&shown_first, &first_format, &signed.key, |_| {});
    assert_altered(
        &signed.check(&forged),
        "carries its framework in the other format's shape",
    );
}

#[test]
fn anything_drawn_outside_the_content_streams_is_compared_too() {
    let signed = signed();
    let overlaid = signed.re_signed(|unsigned| {
        let mut document = lopdf::Document::load_mem(unsigned).expect("load");
        let page = *document.get_pages().get(&2).expect("page 2");
        let annotation = document.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Square",
            "Rect" => vec![40.into(), 400.into(), 560.into(), 780.into()],
            "Contents" => lopdf::Object::string_literal("OVERLAID: NO"),
            "IC" => vec![1.into(), 1.into(), 1.into()],
            "F" => 4,
        });
        document
            .get_object_mut(page)
            .and_then(lopdf::Object::as_dict_mut)
            .expect("page")
            .set("Annots", vec![lopdf::Object::Reference(annotation)]);
        unsigned.clear();
        document.save_to(unsigned).expect("save");
    });
    let check = signed.check(&overlaid);
    assert_altered(&check, "not the report drawn from its record");

    let reboxed = signed.re_signed(|unsigned| {
        let mut document = lopdf::Document::load_mem(unsigned).expect("load");
        let page = *document.get_pages().get(&3).expect("page 3");
        document
            .get_object_mut(page)
            .and_then(lopdf::Object::as_dict_mut)
            .expect("page")
            .set("CropBox", vec![0.into(), 0.into(), 300.into(), 300.into()]);
        unsigned.clear();
        document.save_to(unsigned).expect("save");
    });
    assert_altered(
        &signed.check(&reboxed),
        "not the report drawn from its record",
    );

    // One byte of an embedded font, with everything else left as drawn.
    let refonted = signed.re_signed(|unsigned| {
        let at = unsigned
            .windows(b"/Length1".len())
            .position(|w| w == b"/Length1")
            .expect("an embedded font");
        let stream = at
            + unsigned[at..]
                .windows(b"stream\n".len())
                .position(|w| w == b"stream\n")
                .expect("its stream")
            + b"stream\n".len();
        unsigned[stream + 40] ^= 0x01;
    });
    assert_altered(&signed.check(&refonted), "in the fonts");
}

/// The /Contents hex string of a sealed file: where its digits start and end.
fn contents_digits(pdf: &[u8]) -> (usize, usize) {
    let at = pdf
        .windows(b"/Contents<".len())
        .rposition(|w| w == b"/Contents<")
        .expect("a signature")
        + b"/Contents<".len();
    let end = at + pdf[at..].iter().position(|&b| b == b'>').expect("closed");
    (at, end)
}

#[test]
fn the_signature_must_be_written_exactly_as_the_app_writes_it() {
    let signed = signed();
    let (start, end) = contents_digits(&signed.pdf);
    let digits = &signed.pdf[start..end];
    let used = digits.len() - digits.iter().rev().take_while(|&&b| b == b'0').count();

    let mut lower = signed.pdf.clone();
    lower[start..end].make_ascii_lowercase();
    let mut odd = signed.pdf.clone();
    odd[end - 1] = b' ';
    let mut spaces = signed.pdf.clone();
    // Whole zero bytes of padding, after the signature, become spaces.
    let padding_start = start + used.div_ceil(2) * 2 + 2;
    spaces[padding_start..end].fill(b' ');

    for (name, changed) in [("lower case", lower), ("odd", odd), ("spaces", spaces)] {
        assert_ne!(changed, signed.pdf, "{name}");
        // What a lenient reader decodes is the same signature, so the
        // signature itself still holds: only the exact bytes tell.
        let inspection = prevent_seal::inspect(&changed).expect("readable");
        assert!(
            inspection.signatures[0].digest_matches,
            "{name}: the signed byte ranges are untouched"
        );
        let check = signed.check(&changed);
        assert_altered(&check, "how the signature is written");
    }
}

#[test]
fn a_signing_time_outside_the_certificates_validity_is_refused() {
    let signed = signed();
    // A certificate that starts ten days after the record was sealed.
    let later = SigningIdentity::generate(
        "Northshire Community NHS Trust",
        signed.record.signing_time() + Duration::days(10),
    )
    .expect("key");
    let backdated = signed.forged(&signed.record, &signed.record, &later, |_| {});
    let check = signed.check(&backdated);
    assert_altered(&check, "when its certificate was not valid");
}

#[test]
fn a_file_cut_short_is_altered_not_unreadable() {
    let signed = signed();
    for keep in [
        signed.pdf.len() - 1,
        signed.pdf.len() - 200,
        signed.pdf.len() * 3 / 4,
        signed.pdf.len() * 2 / 3,
    ] {
        let check = signed
            .service
            .check_pdf(&signed.pdf[..keep])
            .unwrap_or_else(|e| panic!("cut to {keep} bytes: unreadable ({})", e.message));
        assert_eq!(
            check.outcome,
            PdfOutcome::Altered,
            "cut to {keep}: {:?}",
            check.reasons
        );
    }
    // Something that never was a sealed report is still just unreadable.
    let error = signed
        .service
        .check_pdf(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
        .expect_err("unreadable");
    assert_eq!(error.kind, ErrorKind::InvalidInput);
}

#[test]
fn bytes_added_to_a_sealed_file_are_reported() {
    let signed = signed();
    let mut appended = signed.pdf.clone();
    appended.extend_from_slice(b"\n1 0 obj\n<</Type/Annot/Subtype/Square>>\nendobj\n");
    assert_altered(&signed.check(&appended), "added after the end");
}

#[test]
fn a_record_in_a_layout_this_version_cannot_draw_is_only_partly_checked() {
    let signed = signed();
    let mut newer = signed.record.clone();
    newer.layout = Some(prevent_report::LAYOUT_VERSION + 1);
    let pdf = signed.forged(&signed.record, &newer, &signed.key, |_| {});
    let check = signed.check(&pdf);
    assert_eq!(
        check.outcome,
        PdfOutcome::PartlyChecked,
        "{:?}",
        check.reasons
    );
    assert_eq!(check.outcome.exit_status(), 3);
    assert!(
        check.summary.starts_with("Partly checked"),
        "{}",
        check.summary
    );
    assert!(
        check.reasons[0].contains(&format!("layout {}", prevent_report::LAYOUT_VERSION + 1)),
        "{:?}",
        check.reasons
    );
    // Without this installation's trust, the same.
    let elsewhere = prevent_app::seal::check_pdf(&pdf, &TrustList::default()).expect("check");
    assert_eq!(elsewhere.outcome, PdfOutcome::PartlyChecked);
}

#[test]
fn nothing_can_be_slipped_into_the_signature_beside_its_value() {
    let signed = signed();
    // An attribute nobody signed, in the room the signature keeps: the
    // signature still verifies, but the block is not the one the app wrote.
    let injected =
        prevent_seal::attacks::with_unsigned_attribute(&signed.pdf, 4_000).expect("injected");
    assert_eq!(injected.len(), signed.pdf.len());
    let inspection = prevent_seal::inspect(&injected).expect("readable");
    assert!(
        inspection.signatures[0].is_intact(),
        "{:?}",
        inspection.signatures[0].problems
    );
    assert_altered(&signed.check(&injected), "the signature's data");
}
