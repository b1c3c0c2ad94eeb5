//! Sign-off, the sealed PDF and its check: the use cases auditors and senior
//! leaders meet at the end of an assessment.
//!
//! - Signing off (one person at a time) seals the assessment in the store.
//! - Exporting renders the report from a record (`prevent-report`) and seals
//!   the file (`prevent-seal`): a draft carries its record unsigned; a signed
//!   assessment's PDF is signed with the installation's key at the time of
//!   the latest sign-off, so exporting it again gives the same bytes.
//! - Checking a PDF verifies its signature, its attached record against the
//!   digest, and its visible pages against a fresh rendering of that record:
//!   an edit to the words on a page is caught even if someone re-signs the
//!   file with another key.
//! - The installation's key is created on first use, kept beside the
//!   database (readable only by the user), and can be replaced by an
//!   organisation's own PKCS#12 file; other installations' certificates can
//!   be trusted.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use prevent_core::record::{AssessmentRecord, sha256_hex};
use prevent_core::{Assessment, ChainCheck, ErrorKind, RuleError, SignOffInput, Signatory};
use prevent_report::Stamp;
use prevent_seal::{Attachment, CertificateInfo, SignatureDetails, SigningIdentity};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::export::{ExportedFile, slug};
use crate::requests::UploadedFile;
use crate::service::Service;

/// The folder beside the database that holds the installation's key.
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
            subject: certificate.subject.clone(),
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
    /// Signed, unchanged since, and its pages are those of its record.
    Valid,
    /// Something does not match: `reasons` says what.
    Altered,
    /// No seal: a draft, or not made by this app.
    NotSealed,
}

/// The result of checking a PDF, in the words the screen and the CLI show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PdfCheck {
    pub outcome: PdfOutcome,
    /// One line: what the outcome means.
    pub summary: String,
    /// What does not match (altered) or why there is no seal.
    pub reasons: Vec<String>,
    /// What the sealed record says, when it could be read.
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
}

impl Service {
    fn signing_folder(&self) -> PathBuf {
        self.store()
            .path()
            .parent()
            .map_or_else(|| PathBuf::from(SIGNING_FOLDER), |p| p.join(SIGNING_FOLDER))
    }

    /// The installation's signing identity, if it has one yet.
    fn identity(&self) -> AppResult<Option<SigningIdentity>> {
        SigningIdentity::load(&self.signing_folder()).map_err(key_error)
    }

    /// The installation's identity, created on first use with a certificate
    /// naming `organisation`.
    fn identity_or_create(&self, organisation: &str) -> AppResult<SigningIdentity> {
        if let Some(identity) = self.identity()? {
            return Ok(identity);
        }
        let identity =
            SigningIdentity::generate(organisation, self.clock().now()).map_err(key_error)?;
        identity.save(&self.signing_folder()).map_err(key_error)?;
        Ok(identity)
    }

    /// Whose certificates this installation trusts: its own and those recorded.
    pub fn trust_list(&self) -> AppResult<TrustList> {
        self.trust_list_with(self.identity()?.as_ref())
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

    fn certificate_view(&self, certificate: &CertificateInfo) -> AppResult<CertificateView> {
        Ok(self.trust_list()?.view(certificate))
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

    /// Signs a complete assessment off for one person. The first sign-off
    /// seals it; the installation's key is created then if it has none.
    pub fn sign_off(&mut self, id: Uuid, input: SignOffInput) -> AppResult<SignOffState> {
        let now = self.clock().now();
        self.sign_off_at(id, input, now)
    }

    /// Like `sign_off`, at a time given (the CLI's `--at`, for reproducible files).
    pub fn sign_off_at(
        &mut self,
        id: Uuid,
        input: SignOffInput,
        at: DateTime<Utc>,
    ) -> AppResult<SignOffState> {
        let actor = self.actor()?;
        let assessment = self.store().assessment(id)?;
        self.store().sign_off(id, &input, &actor, at)?;
        self.identity_or_create(&assessment.organisation)?;
        self.get_sign_off(id)
    }

    /// Starts a new version of a sealed assessment; the sealed one stays.
    pub fn new_version(&mut self, id: Uuid) -> AppResult<Assessment> {
        let actor = self.actor()?;
        let now = self.clock().now();
        Ok(self.store_mut().new_version(id, &actor, now)?)
    }

    /// Checks the assessment's audit trail chain.
    pub fn verify_audit_trail(&self, id: Uuid) -> AppResult<ChainCheck> {
        Ok(self.store().verify_audit_chain(id)?)
    }

    /// The assessment's report as a PDF: sealed and signed once signed off,
    /// otherwise a draft that says so on every page.
    pub fn export_pdf(&self, id: Uuid) -> AppResult<ExportedFile> {
        let assessment = self.store().assessment(id)?;
        let bytes = match self.store().sealed_record(id)? {
            Some(sealed) => {
                let identity = self.identity_or_create(&assessment.organisation)?;
                sealed_pdf(&sealed.record, &sealed.bytes, &identity)?
            }
            None => {
                let record = self.store().draft_record(id, self.clock().now())?;
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

    /// Checks a PDF: its signature, its attached record and its pages.
    pub fn check_pdf(&self, pdf: &[u8]) -> AppResult<PdfCheck> {
        check_pdf(pdf, &self.trust_list()?)
    }

    /// Checks a PDF chosen in the window.
    pub fn check_uploaded_pdf(&self, file: UploadedFile) -> AppResult<PdfCheck> {
        self.check_pdf(&file.bytes()?)
    }

    /// Trusts the certificate a PDF chosen in the window is signed with,
    /// once the person has compared its fingerprint.
    pub fn trust_pdf_signer(&mut self, file: UploadedFile) -> AppResult<CertificateView> {
        let inspection = prevent_seal::inspect(&file.bytes()?).map_err(|e| {
            AppError::new(ErrorKind::InvalidInput, e.to_string()).with_field("file")
        })?;
        let certificate = inspection
            .signatures
            .first()
            .and_then(|s| s.certificate.clone())
            .ok_or_else(|| {
                AppError::new(
                    ErrorKind::InvalidInput,
                    "The PDF is not signed, so it has no certificate to trust.",
                )
                .with_field("file")
            })?;
        self.trust_certificate(&certificate.der)
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

    /// Records another installation's certificate (PEM or DER) as trusted.
    pub fn trust_certificate(&mut self, bytes: &[u8]) -> AppResult<CertificateView> {
        let certificate = CertificateInfo::from_pem_or_der(bytes).map_err(|e| {
            AppError::new(ErrorKind::InvalidInput, e.to_string()).with_field("file")
        })?;
        let actor = self.actor()?;
        let now = self.clock().now();
        self.store_mut().trust_certificate(
            &certificate.fingerprint,
            &certificate.subject,
            &certificate.der,
            &actor,
            now,
        )?;
        self.certificate_view(&certificate)
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
        let identity = SigningIdentity::from_pkcs12(pkcs12, password).map_err(|e| {
            AppError::new(ErrorKind::InvalidInput, e.to_string()).with_field("file")
        })?;
        if let Some(old) = self.identity()? {
            let actor = self.actor()?;
            let now = self.clock().now();
            let old = old.certificate();
            self.store_mut().trust_certificate(
                &old.fingerprint,
                &old.subject,
                &old.der,
                &actor,
                now,
            )?;
        }
        identity.save(&self.signing_folder()).map_err(key_error)?;
        let trust = self.trust_list_with(Some(&identity))?;
        Ok(trust.view(identity.certificate()))
    }
}

/// Checks a PDF against `trust`: its signature, its attached record and its
/// pages. Needs no database: an auditor without one sees every certificate
/// as unknown.
pub fn check_pdf(pdf: &[u8], trust: &TrustList) -> AppResult<PdfCheck> {
    if pdf.len() > MAX_PDF_BYTES {
        return Err(AppError::new(
            ErrorKind::InvalidInput,
            format!(
                "The file is {} MB and files to check can be at most {} MB",
                pdf.len().div_ceil(1024 * 1024),
                MAX_PDF_BYTES / (1024 * 1024)
            ),
        )
        .with_field("file"));
    }
    let inspection = prevent_seal::inspect(pdf)
        .map_err(|e| AppError::new(ErrorKind::InvalidInput, e.to_string()).with_field("file"))?;
    let mut reasons = Vec::new();
    let certificate = inspection
        .signatures
        .first()
        .and_then(|s| s.certificate.as_ref())
        .map(|c| trust.view(c));

    let Some(attachment) = &inspection.attachment else {
        let summary = if inspection.signatures.is_empty() {
            "Not sealed: this PDF was not sealed by Prevent Self-Assessment."
        } else {
            "Not sealed by Prevent Self-Assessment: the PDF is signed, but carries no assessment record to check its pages against."
        };
        return Ok(PdfCheck {
            outcome: PdfOutcome::NotSealed,
            summary: summary.to_owned(),
            reasons,
            sealed: None,
            certificate,
        });
    };

    let digest = sha256_hex(&attachment.bytes);
    let record = match AssessmentRecord::from_canonical_json(&attachment.bytes) {
        Ok(record) => Some(record),
        Err(e) => {
            reasons.push(format!("The attached record cannot be read: {e}."));
            None
        }
    };
    if attachment.declared_sha256.as_deref() != Some(digest.as_str()) {
        reasons.push("The attached record does not match the digest recorded with it.".to_owned());
    }
    if let Some(record) = &record {
        if record.to_canonical_json() != attachment.bytes {
            reasons.push(
                "The attached record is not as the app writes it: it has been edited.".to_owned(),
            );
        }
        if !record.is_signed() && inspection.signatures.is_empty() {
            return Ok(PdfCheck {
                outcome: PdfOutcome::NotSealed,
                summary: "Not sealed: this is a draft that no one has signed off.".to_owned(),
                reasons: vec![
                    "Drafts carry their record but no signature, so they cannot be checked."
                        .to_owned(),
                ],
                sealed: Some(sealed_summary(record, &digest)),
                certificate,
            });
        }
        if !record.is_signed() {
            reasons.push(
                "The file is signed, but its record names no one who signed it off.".to_owned(),
            );
        }
    }

    match inspection.signatures.as_slice() {
        [] => reasons.push(
            "The file has no signature: the record says it was signed off, so the signature has been removed."
                .to_owned(),
        ),
        [signature] => {
            // The seal crate says why a signature does not hold; a bare
            // failure without a reason still counts.
            reasons.extend(signature.problems.iter().cloned());
            if !signature.is_intact() && signature.problems.is_empty() {
                reasons.push(
                    "The signature does not hold for this file: it has been changed since it was signed."
                        .to_owned(),
                );
            }
            if let (Some(record), Some(time)) = (&record, signature.signing_time)
                && let Some(last) = record.signatories.last()
                && last.signed_at != time
            {
                reasons.push(format!(
                    "The signature was made at {}, but the last sign-off in the record is at {}.",
                    time.format("%d %B %Y %H:%M:%S UTC"),
                    last.signed_at.format("%d %B %Y %H:%M:%S UTC")
                ));
            }
        }
        more => reasons.push(format!(
            "The file has {} signatures; a sealed report has exactly one.",
            more.len()
        )),
    }

    let mut notes = Vec::new();
    if let Some(record) = &record {
        match prevent_report::layout_version_of(pdf) {
            Some(layout) if layout == prevent_report::LAYOUT_VERSION => {
                let stamp = Stamp {
                    digest: digest.clone(),
                    certificate_fingerprint: certificate.as_ref().map(|c| c.fingerprint.clone()),
                    certificate_subject: certificate.as_ref().map(|c| c.subject.clone()),
                };
                match prevent_report::render(record, &stamp)
                    .map_err(|e| e.to_string())
                    .and_then(|pdf| prevent_seal::page_contents(&pdf).map_err(|e| e.to_string()))
                {
                    Ok(expected) => reasons.extend(compare_pages(&expected, &inspection.pages)),
                    Err(e) => reasons.push(format!(
                        "The report could not be rebuilt from its record to compare the pages: {e}."
                    )),
                }
            }
            // Drawn by another version of the app: its pages cannot be drawn
            // again here, so only the signature and the record are checked.
            Some(layout) => notes.push(format!(
                " Its pages were drawn by report layout {layout} (this version draws layout {}), so they were not compared with its record; the signature and the record were checked.",
                prevent_report::LAYOUT_VERSION
            )),
            None => reasons.push(
                "The file does not say which report layout drew it, so its pages cannot be checked."
                    .to_owned(),
            ),
        }
    }

    let sealed = record.as_ref().map(|r| sealed_summary(r, &digest));
    if reasons.is_empty() {
        let trust = match &certificate {
            Some(c) if c.own => "this installation's own certificate",
            Some(c) if c.trusted => "a certificate you trust",
            _ => {
                "an unknown certificate: check its fingerprint with the organisation, then trust it"
            }
        };
        let names = sealed
            .as_ref()
            .map(|s| {
                s.signatories
                    .iter()
                    .map(|p| format!("{} ({})", p.name, p.role))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        Ok(PdfCheck {
            outcome: PdfOutcome::Valid,
            summary: format!(
                "Valid: unchanged since it was signed off by {names}, signed with {trust}."
            ),
            reasons,
            sealed,
            certificate,
        })
    } else {
        Ok(PdfCheck {
            outcome: PdfOutcome::Altered,
            summary: "Altered: this PDF does not match what was signed off.".to_owned(),
            reasons,
            sealed,
            certificate,
        })
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
    prevent_seal::seal(&pdf, &attachment(&bytes), None).map_err(seal_error)
}

/// A sealed report, signed at the latest sign-off's time.
pub(crate) fn sealed_pdf(
    record: &AssessmentRecord,
    bytes: &[u8],
    identity: &SigningIdentity,
) -> AppResult<Vec<u8>> {
    let last = record
        .signatories
        .last()
        .ok_or_else(|| AppError::from(RuleError::SignOffNeedsComplete))?;
    let certificate = identity.certificate();
    let stamp = Stamp {
        digest: sha256_hex(bytes),
        certificate_fingerprint: Some(certificate.fingerprint.clone()),
        certificate_subject: Some(certificate.subject.clone()),
    };
    let pdf = prevent_report::render(record, &stamp).map_err(report_error)?;
    let names = record
        .signatories
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let reason = format!(
        "Prevent self-assessment of {} dated {}, signed off by {names}",
        record.assessment.organisation, record.assessment.assessment_date
    );
    let details = SignatureDetails {
        signer_name: &names,
        reason: &reason,
        location: &record.assessment.organisation,
        signing_time: last.signed_at,
    };
    prevent_seal::seal(&pdf, &attachment(bytes), Some((identity, &details))).map_err(seal_error)
}

fn attachment(bytes: &[u8]) -> Attachment<'_> {
    Attachment {
        file_name: prevent_core::record::RECORD_FILE_NAME,
        mime: "application/json",
        bytes,
        description: "The assessment record this report was rendered from and sealed over (canonical JSON; its SHA-256 is printed on every page)",
    }
}

fn sealed_summary(record: &AssessmentRecord, digest: &str) -> SealedSummary {
    SealedSummary {
        organisation: record.assessment.organisation.clone(),
        assessment_id: record.assessment.id,
        assessment_date: record.assessment.assessment_date,
        version: record.assessment.version,
        framework: format!("{} ({})", record.framework.title, record.framework.version),
        signatories: record.signatories.clone(),
        digest: digest.to_owned(),
    }
}

/// What differs between the pages rebuilt from the record and the file's.
fn compare_pages(expected: &[Vec<u8>], found: &[Vec<u8>]) -> Vec<String> {
    let mut reasons = Vec::new();
    if expected.len() != found.len() {
        reasons.push(format!(
            "The file has {} pages, but the report rebuilt from its record has {}.",
            found.len(),
            expected.len()
        ));
    }
    let differing: Vec<String> = expected
        .iter()
        .zip(found)
        .enumerate()
        .filter(|(_, (e, f))| e != f)
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    if !differing.is_empty() {
        reasons.push(format!(
            "The visible content of page{} {} differs from the report rebuilt from the sealed record.",
            if differing.len() == 1 { "" } else { "s" },
            differing.join(", ")
        ));
    }
    reasons
}

fn key_error(error: prevent_seal::SealError) -> AppError {
    AppError::new(ErrorKind::Internal, format!("The signing key: {error}"))
}

fn report_error(error: prevent_report::ReportError) -> AppError {
    AppError::internal(format!("The report could not be drawn: {error}"))
}

fn seal_error(error: prevent_seal::SealError) -> AppError {
    AppError::internal(format!("The report could not be sealed: {error}"))
}
