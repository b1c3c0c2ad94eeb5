//! Sign-off, the sealed PDF and its check: the use cases auditors and senior
//! leaders meet at the end of an assessment.
//!
//! - Signing off (one person at a time) seals the assessment in the store,
//!   and signs its report there and then with the key of whoever records the
//!   sign-off, so every later export (by anyone) gives that same file.
//! - Checking a PDF reads it within a budget (`prevent_seal::inspect`),
//!   verifies its signature and its attached record against the digest, then
//!   draws the record again, with the layout the record names, seals it with
//!   the file's own signature bytes and compares the result with the file,
//!   byte for byte: a changed word, an overlaid annotation, a swapped font or
//!   a re-encoded signature is caught even if someone re-signs the file with
//!   another key. A file whose record names a layout this version cannot
//!   draw is never called valid: it is "partly checked".
//! - The signing key belongs to the person, not the data: it lives in their
//!   own app-data folder, whatever database they use (one found beside a
//!   database, where earlier versions kept it, is moved there). Its
//!   certificate is recorded as trusted in the database, so others who use
//!   the same file see their reports as trusted. An organisation's own
//!   PKCS#12 key can replace it; other installations' certificates can be
//!   trusted.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use prevent_core::board::{BOARD_RECORD_FILE_NAME, BoardReportRecord};
use prevent_core::record::{AssessmentRecord, sha256_hex};
use prevent_core::rules::long_time;
use prevent_core::text::{and_list, visible};
use prevent_core::{Actor, Assessment, ChainCheck, ErrorKind, SignOffInput, Signatory};
use prevent_report::Stamp;
use prevent_seal::{
    Attachment, CertificateInfo, FoundAttachment, FoundSignature, Inspection, SealError,
    SignatureDetails, SigningIdentity,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::export::{ExportedFile, slug};
use crate::requests::UploadedFile;
use crate::service::Service;

/// The folder beside a database where versions before 0.2 kept the
/// installation's key; a key found there is moved to the person's own folder.
pub const SIGNING_FOLDER: &str = "signing";

/// The largest PDF the app will check.
pub const MAX_PDF_BYTES: usize = 50 * 1024 * 1024;

/// A certificate as people see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CertificateView {
    pub subject: String,
    /// SHA-256, upper-case hex pairs joined by colons.
    pub fingerprint: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// This installation's own, or recorded here as trusted.
    pub trusted: bool,
    /// Whether it is this installation's signing certificate.
    pub own: bool,
}

/// The certificates a check treats as trusted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustList {
    /// The installation's own certificate's fingerprint.
    pub own: Option<String>,
    pub trusted: Vec<String>,
}

impl TrustList {
    pub fn view(&self, certificate: &CertificateInfo) -> CertificateView {
        let own = self.own.as_deref() == Some(certificate.fingerprint.as_str());
        CertificateView {
            subject: visible(&certificate.subject, false).into_owned(),
            fingerprint: certificate.fingerprint.clone(),
            not_before: certificate.not_before,
            not_after: certificate.not_after,
            trusted: own || self.trusted.contains(&certificate.fingerprint),
            own,
        }
    }
}

/// An assessment's sign-off state, for its sign-off page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SignOffState {
    pub assessment: Assessment,
    pub signatories: Vec<Signatory>,
    /// The SHA-256 of the record sealed at the latest sign-off.
    pub record_sha256: Option<String>,
    /// The installation's certificate, once it has one.
    pub certificate: Option<CertificateView>,
}

/// What checking a PDF found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PdfOutcome {
    /// Signed, unchanged since, and every byte is what its record draws.
    Valid,
    /// Something does not match: `reasons` says what.
    Altered,
    /// The signature and the record hold, but this version cannot draw the
    /// record's layout, so the file was not compared with it: not valid.
    PartlyChecked,
    /// No seal: a draft, or not made by this app.
    NotSealed,
}

impl PdfOutcome {
    /// The CLI's exit status for it: 0 valid, 1 altered or not sealed, 3
    /// partly checked (2 is for input that cannot be read at all).
    pub fn exit_status(self) -> u8 {
        match self {
            PdfOutcome::Valid => 0,
            PdfOutcome::Altered | PdfOutcome::NotSealed => 1,
            PdfOutcome::PartlyChecked => 3,
        }
    }
}

/// The result of checking a PDF, in the words the screen and the CLI show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PdfCheck {
    pub outcome: PdfOutcome,
    /// One line: what the outcome means.
    pub summary: String,
    /// The summary without the outcome it starts with, for a screen whose
    /// heading already says it: "Signed off by …, signed with …".
    pub detail: String,
    /// What does not match (altered), why there is no seal, or what could
    /// not be checked.
    pub reasons: Vec<String>,
    /// What the record inside the file says, when it could be read: for a
    /// file that is not valid, only what the file claims. Text from the file
    /// is shown with any control characters escaped.
    pub sealed: Option<SealedSummary>,
    /// The certificate the file is signed with.
    pub certificate: Option<CertificateView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SealedSummary {
    pub organisation: String,
    pub assessment_id: Uuid,
    pub assessment_date: chrono::NaiveDate,
    pub version: u32,
    pub framework: String,
    pub signatories: Vec<Signatory>,
    /// The record's SHA-256.
    pub digest: String,
    /// The report layout the record names.
    pub layout: u32,
    /// For an annual report to the board: its year. Such a report is of no
    /// one assessment: its id is nil, its date the day it was prepared, its
    /// version 1 and its "framework" the report's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub board_report_year: Option<i32>,
}

impl Service {
    /// The person's own folder for the signing key.
    fn signing_folder(&self) -> AppResult<&Path> {
        self.signing_folder_path().ok_or_else(|| {
            AppError::new(
                ErrorKind::Database,
                "Cannot find your app-data folder to keep your signing key in. Set HOME (or LOCALAPPDATA on Windows) and try again.",
            )
        })
    }

    /// Where versions before 0.2 kept the key: beside the database.
    fn folder_beside_database(&self) -> PathBuf {
        self.store()
            .path()
            .parent()
            .map_or_else(|| PathBuf::from(SIGNING_FOLDER), |p| p.join(SIGNING_FOLDER))
    }

    /// The installation's signing identity, if it has one yet. A key found
    /// beside the database (where earlier versions kept it) is moved to the
    /// person's own folder first.
    fn identity(&self) -> AppResult<Option<SigningIdentity>> {
        let folder = self.signing_folder()?;
        let own = SigningIdentity::load(folder).map_err(key_error)?;
        let beside = self.folder_beside_database();
        // The same folder reached another way (a relative --db, a link, a
        // different case) is the same folder: nothing is moved or removed.
        if same_place(&beside, folder) {
            return Ok(own);
        }
        // Something unreadable beside the database is left as it is.
        let old = SigningIdentity::load(&beside).unwrap_or_default();
        match (own, old) {
            (own, None) => {
                // A sign-off that failed after its key was made left the key
                // unrecorded; recording it is worth a try, never a failure
                // (a database opened read-only cannot take it).
                if let Some(own) = &own {
                    let _ = self.record_own_certificate(own.certificate());
                }
                Ok(own)
            }
            (None, Some(old)) => {
                // Moved only once it is safely in the person's folder and
                // reads back the same; a failure leaves it where it was.
                if old.save(folder).is_ok()
                    && SigningIdentity::load(folder)
                        .ok()
                        .flatten()
                        .is_some_and(|moved| moved.certificate() == old.certificate())
                {
                    remove_key_files(&beside);
                }
                let _ = self.record_own_certificate(old.certificate());
                Ok(Some(old))
            }
            (Some(own), Some(old)) => {
                if own.certificate() == old.certificate() {
                    remove_key_files(&beside);
                } else {
                    // Two keys: this person's own stays theirs; the one on
                    // the database's side stays trusted for what it signed.
                    let _ = self.record_own_certificate(old.certificate());
                }
                Ok(Some(own))
            }
        }
    }

    /// The installation's identity, created on first use with a certificate
    /// naming `organisation`, valid from `now`.
    pub(crate) fn identity_or_create(
        &self,
        organisation: &str,
        now: DateTime<Utc>,
    ) -> AppResult<SigningIdentity> {
        if let Some(identity) = self.identity()? {
            return Ok(identity);
        }
        let identity = SigningIdentity::generate(organisation, now).map_err(key_error)?;
        identity.save(self.signing_folder()?).map_err(key_error)?;
        self.record_own_certificate(identity.certificate())?;
        Ok(identity)
    }

    /// Records a certificate of this installation's as trusted in the
    /// database, so that everyone who uses the same file trusts what it signs.
    fn record_own_certificate(&self, certificate: &CertificateInfo) -> AppResult<()> {
        if self.store().trusts(&certificate.fingerprint)? {
            return Ok(());
        }
        let actor = self.actor().unwrap_or_else(|_| Actor {
            name: "Prevent Self-Assessment".to_owned(),
            role: String::new(),
        });
        self.store().trust_certificate(
            &certificate.fingerprint,
            &certificate.subject,
            &certificate.der,
            &actor,
            self.clock().now(),
        )?;
        Ok(())
    }

    /// Whose certificates this installation trusts: its own and those
    /// recorded. A key that cannot be read does not stop a check, which needs
    /// only certificates: it is left out.
    pub fn trust_list(&self) -> AppResult<TrustList> {
        self.trust_list_with(self.identity().ok().flatten().as_ref())
    }

    /// The trust list around an identity already read from disk.
    fn trust_list_with(&self, own: Option<&SigningIdentity>) -> AppResult<TrustList> {
        Ok(TrustList {
            own: own.map(|i| i.certificate().fingerprint.clone()),
            trusted: self
                .store()
                .trusted_certificates()?
                .into_iter()
                .map(|t| t.fingerprint)
                .collect(),
        })
    }

    /// The installation's certificate, if it has one yet.
    pub fn get_certificate(&self) -> AppResult<Option<CertificateView>> {
        let Some(identity) = self.identity()? else {
            return Ok(None);
        };
        let trust = self.trust_list_with(Some(&identity))?;
        Ok(Some(trust.view(identity.certificate())))
    }

    /// An assessment's sign-offs and seal.
    pub fn get_sign_off(&self, id: Uuid) -> AppResult<SignOffState> {
        let assessment = self.store().assessment(id)?;
        Ok(SignOffState {
            signatories: self.store().signatories(id)?,
            record_sha256: self.store().sealed_record_sha256(id)?,
            certificate: self.get_certificate()?,
            assessment,
        })
    }

    /// Records one person's sign-off of a complete assessment, by the person
    /// using the app (on the signatory's behalf when they confirm it), now or
    /// at the earlier time given. The first sign-off seals it. The report is
    /// drawn and signed in the same transaction, with the recorder's key
    /// (created then if they have none). A backup is taken after it.
    pub fn sign_off(&mut self, id: Uuid, input: SignOffInput) -> AppResult<SignOffState> {
        let actor = self.actor()?;
        let now = self.clock().now();
        let assessment = self.store().assessment(id)?;
        self.ledger().sign_off(
            id,
            &input,
            &actor,
            now,
            prevent_report::LAYOUT_VERSION,
            |record, bytes| {
                let identity =
                    self.identity_or_create(&assessment.organisation, record.signing_time())?;
                sealed_pdf(record, bytes, &identity)
            },
        )?;
        self.sign_off_backup()?;
        self.get_sign_off(id)
    }

    /// Starts a new version of a sealed assessment; the sealed one stays.
    pub fn new_version(&mut self, id: Uuid) -> AppResult<Assessment> {
        let actor = self.actor()?;
        let now = self.clock().now();
        self.ledger_mut().new_version(id, &actor, now)
    }

    /// Checks the assessment's audit trail chain.
    pub fn verify_audit_trail(&self, id: Uuid) -> AppResult<ChainCheck> {
        Ok(self.store().verify_audit_chain(id)?)
    }

    /// The assessment's report as a PDF: once signed off, the file signed at
    /// the latest sign-off (for sign-offs recorded before 0.2, signed now
    /// with this installation's key at that sign-off's time); otherwise a
    /// draft that says so on every page.
    pub fn export_pdf(&self, id: Uuid) -> AppResult<ExportedFile> {
        let assessment = self.store().assessment(id)?;
        let bytes = match self.store().sealed_record(id)? {
            Some(sealed) => match sealed.pdf {
                Some(pdf) => pdf,
                None => {
                    // Signed off before reports were stored: signed now, with
                    // the person's key (made now if they have none).
                    let identity =
                        self.identity_or_create(&assessment.organisation, self.clock().now())?;
                    sealed_pdf(&sealed.record, &sealed.bytes, &identity)?
                }
            },
            None => {
                let record = self.ledger().draft_record(
                    id,
                    self.clock().now(),
                    prevent_report::LAYOUT_VERSION,
                )?;
                draft_pdf(&record)?
            }
        };
        let state = if assessment.is_sealed() {
            "signed"
        } else {
            "draft"
        };
        Ok(ExportedFile {
            suggested_name: format!(
                "prevent-self-assessment-{}-{}-v{}-{state}.pdf",
                slug(&assessment.organisation),
                assessment.assessment_date,
                assessment.version
            ),
            bytes,
        })
    }

    /// The signed report of a sealed assessment drawn and signed again now,
    /// with this installation's key at the record's time: what signing off
    /// does besides the transaction, for the benchmark. The same key gives
    /// the same bytes as the report stored at sign-off.
    #[doc(hidden)]
    pub fn redraw_sealed_pdf(&self, id: Uuid) -> AppResult<Vec<u8>> {
        let sealed = self
            .store()
            .sealed_record(id)?
            .ok_or_else(|| AppError::from(prevent_core::RuleError::SignOffNeedsComplete))?;
        let assessment = self.store().assessment(id)?;
        let identity =
            self.identity_or_create(&assessment.organisation, sealed.record.signing_time())?;
        sealed_pdf(&sealed.record, &sealed.bytes, &identity)
    }

    /// Checks a PDF: its signature, its attached record, and every byte of
    /// it against the report drawn again from that record.
    pub fn check_pdf(&self, pdf: &[u8]) -> AppResult<PdfCheck> {
        check_pdf(pdf, &self.trust_list()?)
    }

    /// Checks a PDF chosen in the window.
    pub fn check_uploaded_pdf(&self, file: UploadedFile) -> AppResult<PdfCheck> {
        self.check_pdf(&file.bytes_within(MAX_PDF_BYTES as u64)?)
    }

    /// Trusts the certificate a PDF chosen in the window is signed with,
    /// once the person has compared its fingerprint.
    pub fn trust_pdf_signer(&mut self, file: UploadedFile) -> AppResult<CertificateView> {
        let bytes = file.bytes_within(MAX_PDF_BYTES as u64)?;
        let inspection = prevent_seal::inspect(&bytes).map_err(file_refused)?;
        let certificate = inspection
            .signatures
            .first()
            .and_then(|s| s.certificate.clone())
            .ok_or_else(|| {
                file_refused("The PDF is not signed, so it has no certificate to trust.")
            })?;
        self.trust(&certificate)
    }

    /// The installation's certificate as PEM, for others to trust.
    pub fn export_certificate(&self) -> AppResult<ExportedFile> {
        let identity = match self.identity()? {
            Some(identity) => identity,
            None => {
                return Err(AppError::new(
                    ErrorKind::NotFound,
                    "This installation has no signing certificate yet: it gets one when the first assessment is signed off, or import your organisation's with `prevent-sa key import FILE.p12`.",
                ));
            }
        };
        let certificate = identity.certificate();
        Ok(ExportedFile {
            suggested_name: format!("{}.pem", slug(&certificate.subject)),
            bytes: certificate.to_pem().into_bytes(),
        })
    }

    /// Records every certificate in a file (PEM, one or more; or DER) as
    /// trusted, and lists them: none is left out unmentioned.
    pub fn trust_certificates(&mut self, bytes: &[u8]) -> AppResult<Vec<CertificateView>> {
        let certificates = CertificateInfo::all_from_pem_or_der(bytes).map_err(file_refused)?;
        certificates
            .iter()
            .map(|certificate| self.trust(certificate))
            .collect()
    }

    fn trust(&mut self, certificate: &CertificateInfo) -> AppResult<CertificateView> {
        let actor = self.actor()?;
        let now = self.clock().now();
        self.store().trust_certificate(
            &certificate.fingerprint,
            &certificate.subject,
            &certificate.der,
            &actor,
            now,
        )?;
        Ok(self.trust_list()?.view(certificate))
    }

    /// The certificates recorded as trusted here.
    pub fn trusted_certificates(&self) -> AppResult<Vec<CertificateView>> {
        let trust = self.trust_list()?;
        self.store()
            .trusted_certificates()?
            .iter()
            .map(|t| {
                let info = CertificateInfo::from_pem_or_der(&t.der).map_err(key_error)?;
                Ok(trust.view(&info))
            })
            .collect()
    }

    /// Replaces the installation's key with an organisation's own (PKCS#12).
    /// The certificate it replaces stays trusted, so PDFs signed with it still
    /// check as trusted.
    pub fn import_key(&mut self, pkcs12: &[u8], password: &str) -> AppResult<CertificateView> {
        let identity = SigningIdentity::from_pkcs12(pkcs12, password).map_err(file_refused)?;
        if let Some(old) = self.identity()? {
            self.record_own_certificate(old.certificate())?;
        }
        identity.save(self.signing_folder()?).map_err(key_error)?;
        self.record_own_certificate(identity.certificate())?;
        let trust = self.trust_list_with(Some(&identity))?;
        Ok(trust.view(identity.certificate()))
    }
}

/// Whether two paths name the same folder on disk (after following links
/// and resolving `..`); when either cannot be resolved they are taken to be
/// the same, so that nothing is ever removed on a doubt.
fn same_place(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        (Err(_), Err(_)) => a == b,
        // One exists and the other does not: two places.
        (Ok(_), Err(e)) | (Err(e), Ok(_)) => e.kind() != std::io::ErrorKind::NotFound,
    }
}

/// Removes a key and certificate moved away from beside a database, and
/// their folder when nothing else is in it.
fn remove_key_files(folder: &Path) {
    for name in [
        prevent_seal::KEY_FILE_NAME,
        prevent_seal::CERTIFICATE_FILE_NAME,
    ] {
        let _ = std::fs::remove_file(folder.join(name));
    }
    let _ = std::fs::remove_dir(folder);
}

/// Whether bytes that cannot be read as a whole PDF still show they were a
/// report sealed or drawn by this app: a signature's byte range, the record's
/// digest entry or the layout key. Such a file was changed (cut short,
/// damaged) after it was made, so it is altered, not merely unreadable.
fn shows_it_was_sealed(pdf: &[u8]) -> bool {
    let markers: [&[u8]; 3] = [
        b"/ByteRange",
        prevent_seal::RECORD_SHA256_KEY,
        prevent_report::LAYOUT_KEY.as_bytes(),
    ];
    markers
        .iter()
        .any(|marker| pdf.windows(marker.len()).any(|window| window == *marker))
}

/// The file the person chose cannot be used: `message` says why.
fn file_refused(message: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorKind::InvalidInput, message.to_string()).with_field("file")
}

/// Checks a PDF against `trust`: its signature, its attached record, and
/// every byte against the report drawn again from that record. Needs no
/// database: an auditor without one sees every certificate as unknown.
/// `Err` (unreadable) only for input that is not a PDF, is too large or too
/// complex to read, or is damaged with no sign of having been sealed.
pub fn check_pdf(pdf: &[u8], trust: &TrustList) -> AppResult<PdfCheck> {
    // Reasons may quote the file (a signature's kind, a record's words):
    // whatever it holds is shown, never obeyed, and cannot start a line.
    let escaped = |text: &str| visible(text, false).into_owned();
    check(pdf, trust)
        .map(|check| PdfCheck {
            detail: escaped(&detail_of(&check)),
            summary: escaped(&check.summary),
            reasons: check.reasons.iter().map(|r| escaped(r)).collect(),
            ..check
        })
        .map_err(|error| AppError {
            message: escaped(&error.message),
            ..error
        })
}

/// The summary of every altered file, however it was found out.
const ALTERED: &str = "Altered: this PDF does not match what was signed off.";

/// The check before its words are escaped: refuses what cannot be read,
/// then judges what could.
fn check(pdf: &[u8], trust: &TrustList) -> AppResult<PdfCheck> {
    refuse_oversized(pdf)?;
    let inspection = match prevent_seal::inspect(pdf) {
        Ok(inspection) => inspection,
        Err(SealError::DamagedPdf(why)) if shows_it_was_sealed(pdf) => {
            return Ok(damaged_since_made(&why));
        }
        Err(error) => return Err(file_refused(error)),
    };
    Ok(judge(pdf, &inspection, trust))
}

/// Refuses a file larger than the app checks.
fn refuse_oversized(pdf: &[u8]) -> AppResult<()> {
    if pdf.len() > MAX_PDF_BYTES {
        return Err(file_refused(format!(
            "The file is {} MB and files to check can be at most {} MB",
            pdf.len().div_ceil(1024 * 1024),
            MAX_PDF_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

/// A report of this app's that can no longer be read: altered.
fn damaged_since_made(why: &str) -> PdfCheck {
    PdfCheck {
        detail: String::new(),
        outcome: PdfOutcome::Altered,
        summary: ALTERED.to_owned(),
        reasons: vec![format!(
            "The file is damaged or cut short ({why}). It was a report made by Prevent Self-Assessment, so it has been changed since it was made."
        )],
        sealed: None,
        certificate: None,
    }
}

/// Judges a file that could be read: whether it is sealed by this app, and
/// if so whether its record, its signature and its pages all hold.
fn judge(pdf: &[u8], inspection: &Inspection, trust: &TrustList) -> PdfCheck {
    let signature = inspection.signatures.first();
    let certificate_info = signature.and_then(|s| s.certificate.as_ref());
    let certificate = certificate_info.map(|c| trust.view(c));
    let Some(attachment) = record_attachment(inspection) else {
        return not_sealed_by_this_app(inspection, certificate);
    };
    let digest = sha256_hex(&attachment.bytes);
    let (owned, mut reasons) = read_record(attachment, &digest);
    let record = owned.as_ref().map(ReadRecord::sealed);
    if let Some(record) = &record
        && !record.is_signed()
        && inspection.signatures.is_empty()
    {
        return unsigned_draft(record, &digest, certificate);
    }
    reasons.extend(signing_reasons(inspection, record.as_ref()));
    reasons.extend(update_reason(inspection.sections));

    let mut not_compared = None;
    if let (Some(record), Some(signature)) = (record, signature) {
        not_compared = layout_not_drawable(record);
        if not_compared.is_none() && signature.is_intact() {
            reasons.extend(compare_with_redrawn(
                pdf,
                record,
                &attachment.bytes,
                signature,
                certificate_info,
            ));
        }
    }
    let sealed = record.map(|r| sealed_summary(r, &digest));
    verdict(reasons, not_compared, sealed, certificate)
}

/// The attachment that is the app's record: one that says so, by the
/// digest written beside it or by its name. Anything else is someone's file.
fn record_attachment(inspection: &Inspection) -> Option<&FoundAttachment> {
    inspection.attachment.as_ref().filter(|a| {
        a.declared_sha256.is_some()
            || a.file_name == prevent_core::record::RECORD_FILE_NAME
            || a.file_name == BOARD_RECORD_FILE_NAME
    })
}

/// A file with no record of this app's: unsigned, or signed by something else.
fn not_sealed_by_this_app(
    inspection: &Inspection,
    certificate: Option<CertificateView>,
) -> PdfCheck {
    let summary = if inspection.signatures.is_empty() {
        "Not sealed: this PDF was not sealed by Prevent Self-Assessment."
    } else {
        "Not sealed by Prevent Self-Assessment: the PDF is signed, but carries no assessment record to check it against."
    };
    PdfCheck {
        detail: String::new(),
        outcome: PdfOutcome::NotSealed,
        summary: summary.to_owned(),
        reasons: inspection.problems.clone(),
        sealed: None,
        certificate,
    }
}

/// The attached record, when it can be read, and what does not hold about
/// its bytes: unreadable, not matching its digest, or not as the app writes it.
fn read_record(attachment: &FoundAttachment, digest: &str) -> (Option<ReadRecord>, Vec<String>) {
    let mut reasons = Vec::new();
    let read = if BoardReportRecord::is_board_record(&attachment.bytes) {
        BoardReportRecord::from_canonical_json(&attachment.bytes)
            .map(|r| ReadRecord::Board(Box::new(r)))
            .map_err(|e| e.to_string())
    } else {
        AssessmentRecord::from_canonical_json(&attachment.bytes)
            .map(|r| ReadRecord::Assessment(Box::new(r)))
            .map_err(|e| e.to_string())
    };
    let record = match read {
        Ok(record) => Some(record),
        Err(e) => {
            reasons.push(format!("The attached record cannot be read: {e}."));
            None
        }
    };
    if attachment.declared_sha256.as_deref() != Some(digest) {
        reasons.push("The attached record does not match the digest recorded with it.".to_owned());
    }
    if let Some(record) = &record
        && record.sealed().to_canonical_json() != attachment.bytes
    {
        reasons.push(
            "The attached record is not as the app writes it: it has been edited.".to_owned(),
        );
    }
    (record, reasons)
}

/// A draft: its record, no sign-off and no signature. Nothing to check.
fn unsigned_draft(
    record: &Sealed<'_>,
    digest: &str,
    certificate: Option<CertificateView>,
) -> PdfCheck {
    PdfCheck {
        detail: String::new(),
        outcome: PdfOutcome::NotSealed,
        summary: "Not sealed: this is a draft that no one has signed off.".to_owned(),
        reasons: vec![
            "Drafts carry their record but no signature, so they cannot be checked.".to_owned(),
        ],
        sealed: Some(sealed_summary(*record, digest)),
        certificate,
    }
}

/// What does not hold about the file's signatures: a sealed report has
/// exactly one, and a record that names who signed it off.
fn signing_reasons(inspection: &Inspection, record: Option<&Sealed<'_>>) -> Vec<String> {
    let mut reasons = Vec::new();
    if record.is_some_and(|r| !r.is_signed()) {
        reasons
            .push("The file is signed, but its record names no one who signed it off.".to_owned());
    }
    match inspection.signatures.as_slice() {
        [] => reasons.push(
            "The file has no signature: the record says it was signed off, so the signature has been removed."
                .to_owned(),
        ),
        [signature] => reasons.extend(signature_reasons(signature, record)),
        more => reasons.push(format!(
            "The file has {} signatures; a sealed report has exactly one.",
            more.len()
        )),
    }
    reasons
}

/// Content added to the file after it was written, as incremental updates.
fn update_reason(sections: usize) -> Option<String> {
    (sections > 1).then(|| {
        format!(
            "The file has been updated {} time{} since it was written (its content was added to after signing).",
            sections - 1,
            if sections == 2 { "" } else { "s" }
        )
    })
}

/// Why the file cannot be compared with its record: it names a layout this
/// version cannot draw.
fn layout_not_drawable(record: Sealed<'_>) -> Option<String> {
    let record = match record {
        Sealed::Assessment(record) => record,
        Sealed::Board(board) => {
            let layout = board.layout;
            return (!prevent_report::can_draw_board(layout)).then(|| {
                format!(
                    "The board report was drawn with layout {layout}, which this version of the app cannot draw (it draws layout {}), so the file was not compared with its record. Check it with a newer version of Prevent Self-Assessment.",
                    prevent_report::BOARD_LAYOUT_VERSION
                )
            });
        }
    };
    let layout = record.layout();
    (!prevent_report::can_draw(layout)).then(|| {
        format!(
            "The report was drawn with layout {layout}, which this version of the app cannot draw (it draws layouts {} to {}), so the file was not compared with its record. Check it with a newer version of Prevent Self-Assessment.",
            prevent_report::OLDEST_LAYOUT,
            prevent_report::LAYOUT_VERSION
        )
    })
}

/// The outcome of a sealed file: altered if anything does not hold, partly
/// checked if its pages could not be compared, else valid.
fn verdict(
    reasons: Vec<String>,
    not_compared: Option<String>,
    sealed: Option<SealedSummary>,
    certificate: Option<CertificateView>,
) -> PdfCheck {
    if !reasons.is_empty() {
        return PdfCheck {
            detail: String::new(),
            outcome: PdfOutcome::Altered,
            summary: ALTERED.to_owned(),
            reasons,
            sealed,
            certificate,
        };
    }
    if let Some(why) = not_compared {
        return PdfCheck {
            detail: String::new(),
            outcome: PdfOutcome::PartlyChecked,
            summary: "Partly checked: the signature and the record hold, but the pages could not be compared with the record, so this is not a confirmation that the file is unchanged."
                .to_owned(),
            reasons: vec![why],
            sealed,
            certificate,
        };
    }
    PdfCheck {
        detail: String::new(),
        outcome: PdfOutcome::Valid,
        summary: valid_summary(sealed.as_ref(), certificate.as_ref()),
        reasons,
        sealed,
        certificate,
    }
}

/// "Valid: unchanged since it was signed off by …, signed with …".
fn valid_summary(sealed: Option<&SealedSummary>, certificate: Option<&CertificateView>) -> String {
    format!(
        "Valid: unchanged since it was {}.",
        signed_words(sealed, certificate)
    )
}

/// The summary after its outcome: a valid file's signatories and
/// certificate; for any other, the words after "Altered: " and the like.
fn detail_of(check: &PdfCheck) -> String {
    let words = match check.outcome {
        PdfOutcome::Valid => signed_words(check.sealed.as_ref(), check.certificate.as_ref()),
        _ => check
            .summary
            .split_once(": ")
            .map_or(check.summary.as_str(), |(_, rest)| rest)
            .trim_end_matches('.')
            .to_owned(),
    };
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// "signed off by …, signed with …".
fn signed_words(sealed: Option<&SealedSummary>, certificate: Option<&CertificateView>) -> String {
    let trust_words = match certificate {
        Some(c) if c.own => "this installation's own certificate",
        Some(c) if c.trusted => "a certificate you trust",
        _ => "an unknown certificate: check its fingerprint with the organisation, then trust it",
    };
    let names = sealed
        .map(|s| {
            s.signatories
                .iter()
                .map(|p| format!("{} ({})", p.name, p.role))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    format!("signed off by {names}, signed with {trust_words}")
}

/// What does not hold about the one signature: the seal crate's findings,
/// and its time against the record and the certificate.
fn signature_reasons(signature: &FoundSignature, record: Option<&Sealed<'_>>) -> Vec<String> {
    let mut reasons: Vec<String> = signature.problems.iter().map(|p| format!("{p}.")).collect();
    if !signature.is_intact() && signature.problems.is_empty() {
        reasons.push(
            "The signature does not hold for this file: it has been changed since it was signed."
                .to_owned(),
        );
    }
    let time = signature.signing_time;
    if let (Some(record), Some(time)) = (record, time)
        && record.is_signed()
        && signing_time_of(*record, signature) != time
    {
        reasons.push(format!(
            "The signature was made at {}, but the record was sealed at {}.",
            long_time(time),
            long_time(record.signing_time())
        ));
    }
    if let (Some(certificate), Some(time)) = (&signature.certificate, time)
        && !certificate.is_valid_at(time)
    {
        reasons.push(format!(
            "The signature says it was made at {}, when its certificate was not valid (it is valid from {} to {}).",
            long_time(time),
            long_time(certificate.not_before),
            long_time(certificate.not_after)
        ));
    }
    reasons
}

/// Draws the record again, seals it with the file's own signature bytes and
/// compares the result with the file, byte for byte; `None` when they are
/// the same, else where and how they differ.
fn compare_with_redrawn(
    pdf: &[u8],
    record: Sealed<'_>,
    record_bytes: &[u8],
    signature: &FoundSignature,
    certificate: Option<&CertificateInfo>,
) -> Option<String> {
    let not_ours = |why: String| {
        Some(format!(
            "The file is not the report this app draws from its record: {why}."
        ))
    };
    let Some(certificate) = certificate else {
        return not_ours("its signature names no certificate".to_owned());
    };
    if signature.contents_span.is_some() && !signature.contents_written_plainly {
        return Some(differs(
            "in how the signature is written (its /Contents is not as this app writes it: the case of its digits, their number or its padding was changed after signing)",
        ));
    }
    let at = signing_time_of(record, signature);
    // The signature block as the app writes it around the file's own
    // signature value: its certificates, attributes and padding are the
    // app's, so nothing can be slipped into them.
    let contents = match prevent_seal::expected_contents(pdf, signature, at) {
        Ok(contents) => contents,
        Err(e) => return not_ours(sealing_failure(e)),
    };
    // The record comes from a file nobody vouches for: a fault in drawing it
    // is this file's failure, never the check's.
    let stamp = stamp_for(record_bytes, certificate);
    let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| record.render(&stamp)));
    let unsigned = match drawn {
        Ok(Ok(unsigned)) => unsigned,
        Ok(Err(e)) => return not_ours(format!("its record cannot be drawn ({e})")),
        Err(_) => return not_ours("its record cannot be drawn".to_owned()),
    };
    let words = SignatureWords::of(record);
    let details = words.details(at);
    let expected = match prevent_seal::reseal(
        &unsigned,
        &attachment(record, record_bytes),
        &details,
        &contents,
    ) {
        Ok(expected) => expected,
        Err(e) => return not_ours(sealing_failure(e)),
    };
    if expected == pdf {
        return None;
    }
    if contents != signature.contents
        && let Some(span) = &signature.contents_span
        && expected.len() == pdf.len()
        && expected[..span.start] == pdf[..span.start]
        && expected[span.end..] == pdf[span.end..]
    {
        return Some(differs(
            "in the signature's data (certificates, attributes or padding the app does not write were put into it after signing)",
        ));
    }
    Some(describe_difference(&expected, pdf))
}

/// "The file is not the report drawn from its record: it differs `where`."
fn differs(place: &str) -> String {
    format!("The file is not the report drawn from its record: it differs {place}.")
}

/// Why the seal crate could not rebuild a file: its own words for a
/// signature it would not write, else its error.
fn sealing_failure(error: SealError) -> String {
    match error {
        SealError::Signing(why) => why,
        other => other.to_string(),
    }
}

/// When the file's signature should have been made. A sign-off sealed since
/// record format 2 is signed when it was recorded. One sealed before was
/// signed whenever the report was exported (at or after the sign-off, and
/// within the exporting key's validity), so its signature's own time is
/// taken when it is no earlier than the sign-off.
fn signing_time_of(record: Sealed<'_>, signature: &FoundSignature) -> DateTime<Utc> {
    match signature.signing_time {
        Some(time) if record.is_first_format() && time >= record.signing_time() => time,
        _ => record.signing_time(),
    }
}

/// Where the file differs from the report drawn from its record: bytes
/// added or missing at the end, else the parts whose objects differ (a page,
/// its drawing, the fonts, the record, the signature), else the first byte.
fn describe_difference(expected: &[u8], found: &[u8]) -> String {
    if found.len() > expected.len() && found.starts_with(expected) {
        return format!(
            "{} bytes were added after the end of the signed report.",
            found.len() - expected.len()
        );
    }
    if found.len() < expected.len() && expected.starts_with(found) {
        return format!(
            "The file is cut short: it ends {} bytes before the end of the signed report.",
            expected.len() - found.len()
        );
    }
    let differences =
        prevent_seal::differences(expected, found).filter(|d| !d.places.is_empty() || d.added > 0);
    let parts: Vec<String> = match differences {
        Some(differences) => {
            const SHOWN: usize = 6;
            let mut parts: Vec<String> = differences
                .places
                .iter()
                .take(SHOWN)
                .map(|place| place_words(Some(*place)))
                .collect();
            if differences.places.len() > SHOWN {
                parts.push(format!(
                    "in {} more parts",
                    differences.places.len() - SHOWN
                ));
            }
            if differences.added > 0 {
                parts.push(format!(
                    "in {} object{} the report does not have",
                    differences.added,
                    if differences.added == 1 { "" } else { "s" }
                ));
            }
            parts
        }
        None => {
            let at = expected
                .iter()
                .zip(found)
                .position(|(a, b)| a != b)
                .unwrap_or(expected.len().min(found.len()));
            vec![format!(
                "{}, from byte {at} on",
                place_words(prevent_seal::place_of(expected, at))
            )]
        }
    };
    format!(
        "{} Whatever it shows there was not signed off.",
        differs(&and_list(&parts))
    )
}

/// A part of a report, as the reasons name it.
fn place_words(place: Option<prevent_seal::Place>) -> String {
    match place {
        Some(prevent_seal::Place::Page(page)) => {
            format!("on page {page} (its boxes, annotations or resources)")
        }
        Some(prevent_seal::Place::PageDrawing(page)) => {
            format!("in what is drawn on page {page}")
        }
        Some(prevent_seal::Place::Fonts) => "in the fonts it is drawn with".to_owned(),
        Some(prevent_seal::Place::Attachment) => "in the attached record".to_owned(),
        Some(prevent_seal::Place::SignatureContents) => {
            "in how the signature is written (its /Contents is not as this app writes it)"
                .to_owned()
        }
        Some(prevent_seal::Place::Signature) => "in the signature's details".to_owned(),
        Some(prevent_seal::Place::Structure) | None => {
            "in the document's structure (outside the pages)".to_owned()
        }
    }
}

/// What the signature dictionary says, from the record.
struct SignatureWords {
    names: String,
    reason: String,
    location: String,
}

impl SignatureWords {
    fn of(record: Sealed<'_>) -> SignatureWords {
        let names = record
            .signatories()
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let reason = match record {
            Sealed::Assessment(record) => format!(
                "Prevent self-assessment of {} dated {}, signed off by {names}",
                record.assessment.organisation, record.assessment.assessment_date
            ),
            Sealed::Board(board) => format!(
                "Annual Prevent report to the board of {} for {}, signed off by {names}",
                board.organisation, board.year
            ),
        };
        SignatureWords {
            names,
            reason,
            location: record.organisation().to_owned(),
        }
    }

    /// The signature's details, signed at `at`.
    fn details(&self, at: DateTime<Utc>) -> SignatureDetails<'_> {
        SignatureDetails {
            signer_name: &self.names,
            reason: &self.reason,
            location: &self.location,
            signing_time: at,
        }
    }
}

/// A record the app seals a report over: an assessment's, or an annual
/// report to the board's. Checking a PDF treats both alike: the signature,
/// the attached record against its digest, and every byte against the
/// report drawn again from the record.
#[derive(Clone, Copy)]
enum Sealed<'a> {
    Assessment(&'a AssessmentRecord),
    Board(&'a BoardReportRecord),
}

/// A record read from a file.
enum ReadRecord {
    Assessment(Box<AssessmentRecord>),
    Board(Box<BoardReportRecord>),
}

impl ReadRecord {
    fn sealed(&self) -> Sealed<'_> {
        match self {
            ReadRecord::Assessment(record) => Sealed::Assessment(record),
            ReadRecord::Board(record) => Sealed::Board(record),
        }
    }
}

impl Sealed<'_> {
    fn to_canonical_json(self) -> Vec<u8> {
        match self {
            Sealed::Assessment(record) => record.to_canonical_json(),
            Sealed::Board(record) => record.to_canonical_json(),
        }
    }

    fn is_signed(self) -> bool {
        !self.signatories().is_empty()
    }

    fn signatories(&self) -> &[Signatory] {
        match self {
            Sealed::Assessment(record) => &record.signatories,
            Sealed::Board(record) => &record.signatories,
        }
    }

    fn signing_time(self) -> DateTime<Utc> {
        match self {
            Sealed::Assessment(record) => record.signing_time(),
            Sealed::Board(record) => record.signing_time(),
        }
    }

    /// Sealed before record format 2 (never a board report).
    fn is_first_format(self) -> bool {
        matches!(self, Sealed::Assessment(record) if record.is_first_format())
    }

    fn organisation(&self) -> &str {
        match self {
            Sealed::Assessment(record) => &record.assessment.organisation,
            Sealed::Board(record) => &record.organisation,
        }
    }

    fn render(self, stamp: &Stamp) -> Result<Vec<u8>, prevent_report::ReportError> {
        match self {
            Sealed::Assessment(record) => prevent_report::render(record, stamp),
            Sealed::Board(record) => prevent_report::render_board_report(record, stamp),
        }
    }
}

/// A draft: the record attached, no signature.
fn draft_pdf(record: &AssessmentRecord) -> AppResult<Vec<u8>> {
    let bytes = record.to_canonical_json();
    let stamp = Stamp {
        digest: sha256_hex(&bytes),
        certificate_fingerprint: None,
        certificate_subject: None,
    };
    let pdf = prevent_report::render(record, &stamp).map_err(report_error)?;
    prevent_seal::seal(&pdf, &attachment(Sealed::Assessment(record), &bytes), None)
        .map_err(seal_error)
}

/// A sealed report, signed at the record's signing time (when its latest
/// sign-off was recorded).
pub(crate) fn sealed_pdf(
    record: &AssessmentRecord,
    bytes: &[u8],
    identity: &SigningIdentity,
) -> AppResult<Vec<u8>> {
    if !record.is_signed() {
        return Err(AppError::from(
            prevent_core::RuleError::SignOffNeedsComplete,
        ));
    }
    let stamp = stamp_for(bytes, identity.certificate());
    let pdf = prevent_report::render(record, &stamp).map_err(report_error)?;
    // A sign-off sealed before record format 2 is signed when exported: at
    // its time, or when the key became valid if that was later.
    let at = if record.is_first_format() {
        record.signing_time().max(identity.certificate().not_before)
    } else {
        record.signing_time()
    };
    seal_drawn(&pdf, record, bytes, identity, at)
}

/// A board report as a PDF with its record attached: a draft when no one
/// has signed it off, else signed with `identity` at the sign-off's time.
pub(crate) fn board_report_pdf(
    record: &BoardReportRecord,
    identity: Option<&SigningIdentity>,
) -> AppResult<Vec<u8>> {
    let bytes = record.to_canonical_json();
    let sealed = Sealed::Board(record);
    let Some(identity) = identity.filter(|_| record.is_signed()) else {
        let stamp = Stamp {
            digest: sha256_hex(&bytes),
            certificate_fingerprint: None,
            certificate_subject: None,
        };
        let pdf = prevent_report::render_board_report(record, &stamp).map_err(report_error)?;
        return prevent_seal::seal(&pdf, &attachment(sealed, &bytes), None).map_err(seal_error);
    };
    let stamp = stamp_for(&bytes, identity.certificate());
    let pdf = prevent_report::render_board_report(record, &stamp).map_err(report_error)?;
    seal_board_drawn(&pdf, record, &bytes, identity)
}

/// `unsigned`, a board report drawn for `record`, with the record's `bytes`
/// attached and the whole signed with `identity` at the record's signing
/// time, as the app seals.
pub(crate) fn seal_board_drawn(
    unsigned: &[u8],
    record: &BoardReportRecord,
    bytes: &[u8],
    identity: &SigningIdentity,
) -> AppResult<Vec<u8>> {
    let sealed = Sealed::Board(record);
    let words = SignatureWords::of(sealed);
    prevent_seal::seal(
        unsigned,
        &attachment(sealed, bytes),
        Some((identity, &words.details(record.signing_time()))),
    )
    .map_err(seal_error)
}

/// What a sealed report prints besides its record: the record's digest and
/// the certificate that seals it.
pub(crate) fn stamp_for(record_bytes: &[u8], certificate: &CertificateInfo) -> Stamp {
    Stamp {
        digest: sha256_hex(record_bytes),
        certificate_fingerprint: Some(certificate.fingerprint.clone()),
        certificate_subject: Some(certificate.subject.clone()),
    }
}

/// `unsigned`, a report drawn for `record`, with the record's `bytes`
/// attached and the whole signed with `identity` at `at`, as the app seals.
pub(crate) fn seal_drawn(
    unsigned: &[u8],
    record: &AssessmentRecord,
    bytes: &[u8],
    identity: &SigningIdentity,
    at: DateTime<Utc>,
) -> AppResult<Vec<u8>> {
    let words = SignatureWords::of(Sealed::Assessment(record));
    prevent_seal::seal(
        unsigned,
        &attachment(Sealed::Assessment(record), bytes),
        Some((identity, &words.details(at))),
    )
    .map_err(seal_error)
}

fn attachment<'a>(record: Sealed<'_>, bytes: &'a [u8]) -> Attachment<'a> {
    match record {
        Sealed::Assessment(_) => Attachment {
            file_name: prevent_core::record::RECORD_FILE_NAME,
            mime: "application/json",
            bytes,
            description: "The assessment record this report was rendered from and sealed over (canonical JSON; its SHA-256 is printed on every page)",
        },
        Sealed::Board(_) => Attachment {
            file_name: BOARD_RECORD_FILE_NAME,
            mime: "application/json",
            bytes,
            description: "The board report record this report was rendered from and sealed over (canonical JSON; its SHA-256 is printed on every page)",
        },
    }
}

/// What the record says, with anything a terminal or a reader could be
/// fooled by escaped: the record comes from a file nobody vouches for.
fn sealed_summary(record: Sealed<'_>, digest: &str) -> SealedSummary {
    let shown = |text: &str| visible(text, false).into_owned();
    let record = match record {
        Sealed::Assessment(record) => record,
        Sealed::Board(board) => {
            return SealedSummary {
                organisation: shown(&board.organisation),
                assessment_id: Uuid::nil(),
                assessment_date: board.prepared_at.date_naive(),
                version: 1,
                framework: format!("Annual Prevent report to the board, {}", board.year),
                signatories: board
                    .signatories
                    .iter()
                    .map(|s| shown_signatory(s, &shown))
                    .collect(),
                digest: digest.to_owned(),
                layout: board.layout,
                board_report_year: Some(board.year),
            };
        }
    };
    SealedSummary {
        organisation: shown(&record.assessment.organisation),
        assessment_id: record.assessment.id,
        assessment_date: record.assessment.assessment_date,
        version: record.assessment.version,
        framework: shown(&format!(
            "{} ({})",
            record.framework().title,
            record.framework().version
        )),
        signatories: record
            .signatories
            .iter()
            .map(|s| shown_signatory(s, &shown))
            .collect(),
        digest: digest.to_owned(),
        layout: record.layout(),
        board_report_year: None,
    }
}

/// A signatory with anything a terminal or a reader could be fooled by escaped.
fn shown_signatory(signatory: &Signatory, shown: &dyn Fn(&str) -> String) -> Signatory {
    let mut s = signatory.clone();
    s.name = shown(&s.name);
    s.role = shown(&s.role);
    if let Some(recorded) = &mut s.recorded {
        recorded.by = shown(&recorded.by);
        recorded.by_role = shown(&recorded.by_role);
    }
    s
}

fn key_error(error: SealError) -> AppError {
    AppError::new(ErrorKind::Internal, format!("The signing key: {error}"))
}

fn report_error(error: prevent_report::ReportError) -> AppError {
    AppError::internal(format!("The report could not be drawn: {error}"))
}

fn seal_error(error: SealError) -> AppError {
    AppError::internal(format!("The report could not be sealed: {error}"))
}
