//! The commands around sign-off and the sealed PDF: `sign`, `export-pdf`,
//! `verify`, `new-version`, `audit --verify` and `key`. Each is a few lines
//! over `prevent-app`; `verify` and `audit --verify` have exit statuses of
//! their own (0 valid, 1 altered or not sealed, 2 unreadable input, 3 for a
//! report drawn by a newer version, so only partly checked).

use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use prevent_app::files::{
    MAX_CERTIFICATE_FILE_BYTES, MAX_PKCS12_FILE_BYTES, read_file, read_password_file, write_file,
};
use prevent_app::seal::{MAX_PDF_BYTES, TrustList};
use prevent_app::{AppError, AppResult, PdfCheck, PdfOutcome};
use prevent_core::rules::long_time;
use prevent_core::{ChainCheck, ErrorKind, SignOffInput};

use crate::args::{ActorArgs, KeyCommand, SignArgs};
use crate::session::{Session, actor_source};
use crate::{emit, print_text};

pub fn sign(session: &Session, args: &SignArgs, outer: &ActorArgs) -> AppResult<()> {
    let input = SignOffInput {
        name: args.name.clone(),
        role: args.signatory_role.clone(),
        on_behalf: args.on_behalf,
        signed_at: args.at.as_deref().map(parse_time).transpose()?,
    };
    // The person recording the sign-off is who the audit trail names: --by,
    // else the installation's person, else the login name.
    let flags = ActorArgs {
        by: args.by.clone().or_else(|| outer.by.clone()),
        role: None,
    };
    let source = actor_source(&flags, None)?;
    let mut service = session.write_assessment(&args.assessment, source)?;
    let id = service.assessment_id(&args.assessment)?;
    let state = service.sign_off(id, input).map_err(|error| {
        if error.field.as_deref() == Some("on_behalf") {
            AppError {
                message: format!("{} Add --on-behalf to confirm it.", error.message),
                ..error
            }
        } else {
            error
        }
    })?;
    let mut lines = vec![format!(
        "Signed off: {} signator{} so far; the assessment is sealed and read-only.",
        state.signatories.len(),
        if state.signatories.len() == 1 {
            "y"
        } else {
            "ies"
        }
    )];
    for s in &state.signatories {
        lines.push(format!("  {}", signatory_line(s)));
    }
    if let Some(digest) = &state.record_sha256 {
        lines.push(format!("Record SHA-256: {digest}"));
    }
    if let Some(certificate) = &state.certificate {
        lines.push(format!(
            "Signing certificate: {} (SHA-256 {})",
            certificate.subject, certificate.fingerprint
        ));
    }
    print_text(&lines.join("\n"))
}

/// "Dr Priya Shah (Accountable Prevent lead), signed 20 November 2026
/// 10:00:00 UTC; recorded 3 December 2026 09:14:02 UTC by Sam Lee on their
/// behalf".
fn signatory_line(s: &prevent_core::Signatory) -> String {
    let signed = long_time(s.signed_at);
    match &s.recorded {
        None => format!("{} ({}), {signed}", s.name, s.role),
        Some(recorded) => format!(
            "{} ({}), signed {signed}; recorded {} by {}{}",
            s.name,
            s.role,
            long_time(recorded.at),
            recorded.by,
            if recorded.on_behalf {
                " on their behalf"
            } else {
                ""
            }
        ),
    }
}

fn parse_time(text: &str) -> AppResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            AppError::new(
                ErrorKind::InvalidInput,
                format!(
                    "--at {text:?} is not a time in RFC 3339 form: give it like 2026-11-21T10:00:00Z"
                ),
            )
            .with_field("at")
        })
}

pub fn export_pdf(session: &Session, assessment: &str, out: &Path, force: bool) -> AppResult<()> {
    let service = session.read_assessment(assessment)?;
    let id = service.assessment_id(assessment)?;
    let exported = service.export_pdf(id)?;
    write_file(out, &exported.bytes, force, "--out")?;
    print_text(&format!(
        "Wrote {} ({} bytes).",
        out.display(),
        exported.bytes.len()
    ))
}

pub fn new_version(session: &Session, assessment: &str, flags: &ActorArgs) -> AppResult<()> {
    let source = actor_source(flags, None)?;
    let mut service = session.write_assessment(assessment, source)?;
    let id = service.assessment_id(assessment)?;
    print_text(&service.new_version(id)?.id.to_string())
}

/// `verify FILE`: its own exit status, and the reason on stdout.
pub fn verify(session: &Session, file: &Path, json: bool) -> AppResult<ExitCode> {
    let bytes = read_file(file, MAX_PDF_BYTES as u64)?;
    let check = match session.read()? {
        Some(service) => service.check_pdf(&bytes)?,
        None => prevent_app::seal::check_pdf(&bytes, &TrustList::default())?,
    };
    emit(json, &check, || verification_text(&check))?;
    Ok(ExitCode::from(check.outcome.exit_status()))
}

fn verification_text(check: &PdfCheck) -> String {
    let mut lines = vec![check.summary.clone()];
    for reason in &check.reasons {
        lines.push(format!("  - {reason}"));
    }
    if let Some(sealed) = &check.sealed {
        // What an altered file says is only its claim.
        if check.outcome != PdfOutcome::Valid {
            lines.push("What the file claims (not confirmed):".to_owned());
        }
        match sealed.board_report_year {
            Some(year) => lines.push(format!(
                "Annual Prevent report to the board: {}, {year} (prepared {})",
                sealed.organisation, sealed.assessment_date
            )),
            None => {
                lines.push(format!(
                    "Assessment: {}, {} (version {}), id {}",
                    sealed.organisation,
                    sealed.assessment_date,
                    sealed.version,
                    sealed.assessment_id
                ));
                lines.push(format!("Framework: {}", sealed.framework));
            }
        }
        for s in &sealed.signatories {
            lines.push(format!("Signed off by {}", signatory_line(s)));
        }
        lines.push(format!("Record SHA-256: {}", sealed.digest));
    }
    if let Some(c) = &check.certificate {
        let trust = if c.own {
            "this installation's own"
        } else if c.trusted {
            "trusted here"
        } else {
            "unknown here: compare the fingerprint with the organisation's, then `prevent-sa key trust`"
        };
        lines.push(format!(
            "Certificate: {} ({trust})\nFingerprint (SHA-256): {}",
            c.subject, c.fingerprint
        ));
    }
    lines.join("\n")
}

/// `audit ID --verify`: 0 when the chain holds, 1 where it breaks.
pub fn verify_audit(session: &Session, assessment: &str, json: bool) -> AppResult<ExitCode> {
    let service = session.read_assessment(assessment)?;
    let check = service.verify_audit_trail(service.assessment_id(assessment)?)?;
    chain_checked(&check, json)
}

/// Prints a hash chain's check: exit 0 intact, 1 broken (where, on stdout).
pub fn chain_checked(check: &ChainCheck, json: bool) -> AppResult<ExitCode> {
    let text = match &check.broken {
        None => format!(
            "Intact: {} audit row{} chained, head {}",
            check.rows,
            if check.rows == 1 { "" } else { "s" },
            if check.head.is_empty() {
                "(empty)"
            } else {
                &check.head
            }
        ),
        Some(broken) => format!("Broken: {}", broken.problem),
    };
    emit(json, check, || text.clone())?;
    Ok(if check.broken.is_none() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn key(session: &Session, command: &KeyCommand, outer: &ActorArgs) -> AppResult<()> {
    match command {
        KeyCommand::Show(flag) => {
            let (own, trusted) = match session.read()? {
                Some(service) => (service.get_certificate()?, service.trusted_certificates()?),
                None => (None, Vec::new()),
            };
            #[derive(serde::Serialize)]
            struct Keys<'a> {
                own: &'a Option<prevent_app::CertificateView>,
                trusted: &'a [prevent_app::CertificateView],
            }
            emit(
                flag.json,
                &Keys {
                    own: &own,
                    trusted: &trusted,
                },
                || {
                    let mut lines = vec![match &own {
                        Some(c) => format!(
                            "This installation signs with: {}\nFingerprint (SHA-256): {}\nValid {} to {}",
                            c.subject,
                            c.fingerprint,
                            c.not_before.format("%d %B %Y"),
                            c.not_after.format("%d %B %Y")
                        ),
                        None => "This installation has no signing certificate yet: it is created when the first assessment is signed off.".to_owned(),
                    }];
                    for c in trusted.iter().filter(|c| !c.own) {
                        lines.push(format!("Trusted: {} ({})", c.subject, c.fingerprint));
                    }
                    lines.join("\n")
                },
            )
        }
        KeyCommand::Export { out, force, actor } => {
            actor_source(&actor.or(outer), None)?;
            let exported = match session.read()? {
                Some(service) => service.export_certificate()?,
                None => return Err(no_certificate()),
            };
            write_file(out, &exported.bytes, *force, "--out")?;
            print_text(&format!("Wrote the certificate to {}.", out.display()))
        }
        KeyCommand::Trust { file, actor } => {
            let bytes = read_file(file, MAX_CERTIFICATE_FILE_BYTES)?;
            let mut service = session.create(actor_source(&actor.or(outer), None)?)?;
            let views = service.trust_certificates(&bytes)?;
            let mut lines = Vec::new();
            for view in &views {
                lines.push(format!(
                    "Trusted: {}\nFingerprint (SHA-256): {}",
                    view.subject, view.fingerprint
                ));
            }
            if views.len() > 1 {
                lines.push(format!(
                    "{} certificates from {} are now trusted.",
                    views.len(),
                    file.display()
                ));
            }
            print_text(&lines.join("\n"))
        }
        KeyCommand::Import {
            file,
            password_file,
            actor,
        } => {
            let bytes = read_file(file, MAX_PKCS12_FILE_BYTES)?;
            let password = match password_file {
                Some(path) => read_password_file(path)?,
                None => std::env::var("PREVENT_SA_P12_PASSWORD").unwrap_or_default(),
            };
            let mut service = session.create(actor_source(&actor.or(outer), None)?)?;
            let view = service.import_key(&bytes, &password)?;
            print_text(&format!(
                "This installation now signs with: {}\nFingerprint (SHA-256): {}",
                view.subject, view.fingerprint
            ))
        }
    }
}

fn no_certificate() -> AppError {
    AppError::new(
        ErrorKind::NotFound,
        "This installation has no signing certificate yet: it gets one when the first assessment is signed off, or import your organisation's with `prevent-sa key import FILE.p12`.",
    )
}
