//! What an upgrade finds on disk, made by the version before record format 2
//! and kept in `tests/fixtures/layout1` (see its README), and by the version
//! before framework schema 3, kept in `tests/fixtures/layout2`: a database with a
//! sealed assessment, its key beside the database, the PDF it exported. The
//! database is migrated without a word of the sealed content changing, the
//! key moves to the person's own folder keeping its certificate, the PDF
//! still verifies byte for byte (layout 1 is drawn again exactly), and
//! exporting it again gives the same file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use prevent_app::Ledger;
use prevent_app::seal::TrustList;
use prevent_app::{ActorSource, FixedClock, PdfOutcome, Service};
use prevent_core::Actor;
use prevent_seal::SigningIdentity;
use tempfile::TempDir;
use uuid::Uuid;

fn fixture(name: &str) -> PathBuf {
    fixture_in("layout1", name)
}

fn fixture_in(set: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(set)
        .join(name)
}

fn ids() -> (Uuid, Uuid) {
    ids_in("layout1")
}

fn ids_in(set: &str) -> (Uuid, Uuid) {
    let text = std::fs::read_to_string(fixture_in(set, "ids")).expect("ids");
    let id = |kind: &str| {
        text.lines()
            .find(|line| line.ends_with(kind))
            .and_then(|line| line.split(' ').next())
            .and_then(|id| id.parse().ok())
            .expect("an id")
    };
    (id("signed"), id("draft"))
}

/// The fixture copied into `dir` as it was on disk: the database with its
/// key folder beside it.
fn upgraded(dir: &TempDir) -> Service {
    upgraded_as(dir, true, "Sam Lee")
}

/// The fixture copied into `dir`, with its key beside the database or not,
/// opened by `person`.
fn upgraded_as(dir: &TempDir, with_key: bool, person: &str) -> Service {
    let database = dir.path().join("prevent.sqlite3");
    std::fs::copy(fixture("prevent.sqlite3"), &database).expect("copy");
    std::fs::create_dir(dir.path().join("signing")).expect("folder");
    for name in [
        prevent_seal::KEY_FILE_NAME,
        prevent_seal::CERTIFICATE_FILE_NAME,
    ]
    .into_iter()
    .filter(|_| with_key)
    {
        std::fs::copy(
            fixture("signing").join(name),
            dir.path().join("signing").join(name),
        )
        .expect("copy");
    }
    opened(&database, person).with_signing_folder(dir.path().join("home").join("signing"))
}

/// The database at `path`, opened on 10 December 2026 by `person`.
fn opened(database: &Path, person: &str) -> Service {
    let now = Utc
        .with_ymd_and_hms(2026, 12, 10, 9, 0, 0)
        .single()
        .expect("time");
    Service::new(
        Ledger::open(database, now).expect("the old database opens"),
        Arc::new(FixedClock {
            now,
            today: NaiveDate::from_ymd_opt(2026, 12, 10).expect("date"),
        }),
        ActorSource::Given(Actor::new(person, "Safeguarding lead").expect("actor")),
    )
}

#[test]
fn a_pdf_sealed_by_the_previous_version_still_verifies_byte_for_byte() {
    let pdf = std::fs::read(fixture("signed.pdf")).expect("fixture");
    // Anywhere, with no database: valid, by a certificate nobody here knows.
    let elsewhere = prevent_app::seal::check_pdf(&pdf, &TrustList::default()).expect("check");
    assert_eq!(
        elsewhere.outcome,
        PdfOutcome::Valid,
        "{:?}",
        elsewhere.reasons
    );
    assert!(elsewhere.summary.contains("unknown certificate"));
    let sealed = elsewhere.sealed.expect("sealed");
    assert_eq!(sealed.layout, 1);
    assert_eq!(
        sealed
            .signatories
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["Dr Priya Shah", "Alex Morgan"]
    );
    assert!(sealed.signatories.iter().all(|s| s.recorded.is_none()));

    // A changed byte is still caught in a layout 1 file.
    let mut changed = pdf.clone();
    let middle = changed.len() / 3;
    changed[middle] ^= 0x01;
    let check = prevent_app::seal::check_pdf(&changed, &TrustList::default());
    assert!(check.is_err() || check.is_ok_and(|c| c.outcome != PdfOutcome::Valid));
}

#[test]
fn upgrading_moves_the_key_keeps_the_seal_and_exports_the_same_file() {
    let dir = TempDir::new().expect("temp dir");
    let service = upgraded(&dir);
    let (signed, draft) = ids();
    let old_key = SigningIdentity::load(&fixture("signing"))
        .expect("readable")
        .expect("the fixture's key");

    // Exporting the sealed assessment again: the same bytes as then.
    let pdf = std::fs::read(fixture("signed.pdf")).expect("fixture");
    let exported = service.export_pdf(signed).expect("export");
    assert!(exported.bytes == pdf, "the same file, byte for byte");
    assert!(exported.suggested_name.ends_with("-v1-signed.pdf"));

    // The key is now the person's own, the same certificate, and nothing
    // private is left beside the database.
    let moved = SigningIdentity::load(&dir.path().join("home").join("signing"))
        .expect("readable")
        .expect("moved");
    assert_eq!(moved.certificate(), old_key.certificate());
    assert!(!dir.path().join("signing").exists());
    let check = service.check_pdf(&pdf).expect("check");
    assert_eq!(check.outcome, PdfOutcome::Valid, "{:?}", check.reasons);
    assert!(check.certificate.expect("certificate").own);

    // The database was migrated without touching what was sealed.
    let chain = service.verify_audit_trail(signed).expect("chain");
    assert!(chain.broken.is_none(), "{:?}", chain.broken);
    let record = service
        .store()
        .sealed_record(signed)
        .expect("read")
        .expect("sealed");
    assert_eq!(record.record.layout(), 1);
    assert!(record.pdf.is_none(), "sealed before reports were stored");
    assert_eq!(
        service
            .store()
            .signatories(signed)
            .expect("signatories")
            .len(),
        2
    );

    // The draft of the other assessment is drawn with today's layout.
    let old_draft = prevent_app::seal::check_pdf(
        &std::fs::read(fixture("draft.pdf")).expect("fixture"),
        &TrustList::default(),
    )
    .expect("check");
    assert_eq!(old_draft.outcome, PdfOutcome::NotSealed);
    let new_draft = service.export_pdf(draft).expect("draft");
    let check = service.check_pdf(&new_draft.bytes).expect("check");
    assert_eq!(check.outcome, PdfOutcome::NotSealed);
    assert_eq!(
        check.sealed.expect("record").layout,
        prevent_report::LAYOUT_VERSION
    );
}

#[test]
fn a_new_version_of_the_old_assessment_is_signed_with_todays_layout_and_the_moved_key() {
    let dir = TempDir::new().expect("temp dir");
    let mut service = upgraded(&dir);
    let (signed, _) = ids();
    let next = service.new_version(signed).expect("new version");
    service
        .mark_complete(next.id)
        .expect("complete: the answers were copied");
    sign_off_as_sam_lee(&mut service, next.id);
    let pdf = service.export_pdf(next.id).expect("export").bytes;
    let check = service.check_pdf(&pdf).expect("check");
    assert_eq!(check.outcome, PdfOutcome::Valid, "{:?}", check.reasons);
    let sealed = check.sealed.expect("sealed");
    assert_eq!(sealed.layout, prevent_report::LAYOUT_VERSION);
    let certificate = check.certificate.expect("certificate");
    assert!(
        certificate.own,
        "signed with the key moved from beside the database"
    );
}

#[test]
fn a_sign_off_added_after_the_upgrade_exports_and_verifies() {
    let dir = TempDir::new().expect("temp dir");
    let mut service = upgraded(&dir);
    let (signed, _) = ids();
    // Two sign-offs recorded before the app kept who recorded them, then one
    // recorded now.
    let state = sign_off_as_sam_lee(&mut service, signed);
    assert_eq!(state.signatories.len(), 3);
    let pdf = service.export_pdf(signed).expect("export").bytes;
    let check = service.check_pdf(&pdf).expect("check");
    assert_eq!(check.outcome, PdfOutcome::Valid, "{:?}", check.reasons);
    let sealed = check.sealed.expect("sealed");
    assert_eq!(sealed.layout, prevent_report::LAYOUT_VERSION);
    let recorded: Vec<bool> = sealed
        .signatories
        .iter()
        .map(|s| s.recorded.is_some())
        .collect();
    assert_eq!(recorded, [false, false, true]);
}

#[test]
fn someone_elses_later_key_exports_an_old_sign_off_that_verifies() {
    // Another person on the same database: the old key is not theirs to
    // take, and theirs was made after the sign-off.
    let dir = TempDir::new().expect("temp dir");
    let service = upgraded_as(&dir, false, "Alex Morgan");
    let (signed, _) = ids();
    let pdf = service.export_pdf(signed).expect("export").bytes;
    assert!(pdf != std::fs::read(fixture("signed.pdf")).expect("fixture"));
    let check = service.check_pdf(&pdf).expect("check");
    assert_eq!(check.outcome, PdfOutcome::Valid, "{:?}", check.reasons);
    assert!(check.certificate.expect("certificate").own);
    // Signed when exported, within the new key's validity, after the sign-off.
    let signature = &prevent_seal::inspect(&pdf).expect("read").signatures[0];
    let key = SigningIdentity::load(&dir.path().join("home").join("signing"))
        .expect("readable")
        .expect("made at export");
    let time = signature.signing_time.expect("time");
    assert!(key.certificate().is_valid_at(time));
}

/// Sam Lee, using the app, signs `id` off for himself.
fn sign_off_as_sam_lee(service: &mut Service, id: Uuid) -> prevent_app::SignOffState {
    service
        .sign_off(
            id,
            prevent_core::SignOffInput {
                name: "Sam Lee".to_owned(),
                role: "Safeguarding lead".to_owned(),
                on_behalf: false,
                signed_at: None,
            },
        )
        .expect("signed off")
}

/// The version before framework schema 3 kept the key in the person's own
/// folder and stored the signed report at sign-off.
fn upgraded_from_layout2(dir: &TempDir) -> Service {
    let database = dir.path().join("prevent.sqlite3");
    std::fs::copy(fixture_in("layout2", "prevent.sqlite3"), &database).expect("copy");
    let folder = dir.path().join("home").join("signing");
    std::fs::create_dir_all(&folder).expect("folder");
    for name in [
        prevent_seal::KEY_FILE_NAME,
        prevent_seal::CERTIFICATE_FILE_NAME,
    ] {
        std::fs::copy(
            fixture_in("layout2", "signing").join(name),
            folder.join(name),
        )
        .expect("copy");
    }
    opened(&database, "Sam Lee").with_signing_folder(folder)
}

#[test]
fn a_layout_2_pdf_still_verifies_and_exports_byte_for_byte() {
    let pdf = std::fs::read(fixture_in("layout2", "signed.pdf")).expect("fixture");
    let elsewhere = prevent_app::seal::check_pdf(&pdf, &TrustList::default()).expect("check");
    assert_eq!(
        elsewhere.outcome,
        PdfOutcome::Valid,
        "{:?}",
        elsewhere.reasons
    );
    let sealed = elsewhere.sealed.expect("sealed");
    assert_eq!(sealed.layout, 2);
    assert_eq!(
        sealed
            .signatories
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["Sam Lee", "Dr Priya Shah"]
    );

    let dir = TempDir::new().expect("temp dir");
    let service = upgraded_from_layout2(&dir);
    let (signed, draft) = ids_in("layout2");
    let exported = service.export_pdf(signed).expect("export");
    assert!(exported.bytes == pdf, "the same file, byte for byte");
    let check = service.check_pdf(&pdf).expect("check");
    assert_eq!(check.outcome, PdfOutcome::Valid, "{:?}", check.reasons);
    assert!(check.certificate.expect("certificate").own);
    let chain = service.verify_audit_trail(signed).expect("chain");
    assert!(chain.broken.is_none(), "{:?}", chain.broken);

    // The draft is drawn with today's layout and is not sealed.
    let new_draft = service.export_pdf(draft).expect("draft");
    let check = service.check_pdf(&new_draft.bytes).expect("check");
    assert_eq!(check.outcome, PdfOutcome::NotSealed);
}

#[test]
fn a_new_version_of_a_layout_2_assessment_signs_with_todays_layout() {
    let dir = TempDir::new().expect("temp dir");
    let mut service = upgraded_from_layout2(&dir);
    let (signed, _) = ids_in("layout2");
    let next = service.new_version(signed).expect("new version");
    service.mark_complete(next.id).expect("complete");
    sign_off_as_sam_lee(&mut service, next.id);
    let pdf = service.export_pdf(next.id).expect("export").bytes;
    let check = service.check_pdf(&pdf).expect("check");
    assert_eq!(check.outcome, PdfOutcome::Valid, "{:?}", check.reasons);
    assert_eq!(
        check.sealed.expect("sealed").layout,
        prevent_report::LAYOUT_VERSION
    );
}
