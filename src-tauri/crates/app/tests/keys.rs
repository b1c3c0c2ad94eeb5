//! The signing key belongs to the person, not to the data: it is kept in
//! their own app-data folder whatever database they use, a key found beside a
//! database (where earlier versions kept it) is moved there, and the
//! certificates of everyone who signs with the same database are recorded in
//! it as trusted.

use chrono::{DateTime, TimeZone, Utc};
use prevent_app::PdfOutcome;
use prevent_app::sample::{complete_assessment, service_in, sign_off};
use prevent_core::Actor;
use prevent_seal::SigningIdentity;
use tempfile::TempDir;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0)
        .single()
        .expect("time")
}

fn actor() -> Actor {
    Actor::new("Sam Lee", "Safeguarding lead").expect("actor")
}

#[test]
fn signing_off_makes_the_key_in_the_persons_folder_not_beside_the_database() {
    let dir = TempDir::new().expect("temp dir");
    let mut service = service_in(dir.path(), now(), actor()).expect("service");
    let id = complete_assessment(&mut service, 2).expect("complete");
    sign_off(&mut service, id, 1).expect("signed");
    assert!(
        !dir.path().join("signing").exists(),
        "nothing beside the database"
    );
    let key = SigningIdentity::load(&dir.path().join("keys"))
        .expect("readable")
        .expect("made at sign-off");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("keys").join(prevent_seal::KEY_FILE_NAME))
            .expect("key file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "readable by its owner only");
    }
    // Valid from the moment the sign-off was recorded, which is when the
    // report is signed.
    assert_eq!(key.certificate().not_before, now());
    // Its certificate is recorded in the database for everyone who uses it.
    let trusted = service.store().trusted_certificates().expect("list");
    assert!(
        trusted
            .iter()
            .any(|t| t.fingerprint == key.certificate().fingerprint)
    );

    // Someone else, with their own key, using the same database, sees the
    // report as signed with a certificate they trust.
    let other = TempDir::new().expect("their home");
    let theirs = prevent_app::Service::new(
        prevent_app::Ledger::open(&dir.path().join("prevent.sqlite3"), now()).expect("open"),
        std::sync::Arc::new(prevent_app::FixedClock {
            now: now(),
            today: now().date_naive(),
        }),
        prevent_app::ActorSource::Given(Actor::new("Alex Morgan", "Assessor").expect("actor")),
    )
    .with_signing_folder(other.path().join("keys"));
    let pdf = theirs.export_pdf(id).expect("export").bytes;
    let check = theirs.check_pdf(&pdf).expect("check");
    assert_eq!(check.outcome, PdfOutcome::Valid);
    let certificate = check.certificate.expect("certificate");
    assert!(certificate.trusted && !certificate.own, "{certificate:?}");
    assert!(
        !other.path().join("keys").exists(),
        "exporting makes no key for them"
    );
}

#[test]
fn a_key_beside_the_database_is_moved_or_left_when_the_person_has_their_own() {
    let dir = TempDir::new().expect("temp dir");
    let beside = dir.path().join("signing");
    let old = SigningIdentity::generate("Northshire Community NHS Trust", now()).expect("key");
    old.save(&beside).expect("saved beside the database");

    // The same key in both places: the copy beside the database goes.
    let service = service_in(dir.path(), now(), actor()).expect("service");
    old.save(&dir.path().join("keys")).expect("own copy");
    let shown = service.get_certificate().expect("read").expect("one");
    assert_eq!(shown.fingerprint, old.certificate().fingerprint);
    assert!(!beside.exists());

    // Another key beside the database: theirs stays theirs; the other is
    // left where it is, and trusted for what it signed.
    let stranger = SigningIdentity::generate("Eastshire NHS Trust", now()).expect("key");
    stranger.save(&beside).expect("saved beside the database");
    let shown = service.get_certificate().expect("read").expect("one");
    assert_eq!(shown.fingerprint, old.certificate().fingerprint);
    assert!(beside.join(prevent_seal::KEY_FILE_NAME).exists());
    let trusted = service.trusted_certificates().expect("list");
    assert!(
        trusted
            .iter()
            .any(|t| t.fingerprint == stranger.certificate().fingerprint && t.trusted)
    );
}

#[cfg(unix)]
#[test]
fn the_persons_own_folder_reached_another_way_is_never_emptied() {
    // The database sits in the folder that holds the person's key folder,
    // and is opened through a link to it: "beside the database" is then the
    // person's own folder by another name.
    let dir = TempDir::new().expect("temp dir");
    let home = dir.path().join("home");
    std::fs::create_dir(&home).expect("home");
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&home, &link).expect("link");
    let store = prevent_app::Ledger::open(&link.join("prevent.sqlite3"), now()).expect("open");
    let mut service = prevent_app::Service::new(
        store,
        std::sync::Arc::new(prevent_app::FixedClock {
            now: now(),
            today: now().date_naive(),
        }),
        prevent_app::ActorSource::Given(actor()),
    )
    .with_signing_folder(home.join("signing"));
    let id = complete_assessment(&mut service, 2).expect("complete");
    sign_off(&mut service, id, 1).expect("signed");
    for _ in 0..2 {
        let shown = service.get_certificate().expect("read");
        assert!(shown.is_some(), "the key is still there");
    }
    assert!(
        home.join("signing")
            .join(prevent_seal::KEY_FILE_NAME)
            .exists()
    );
}
