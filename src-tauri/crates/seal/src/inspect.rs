//! Reading a PDF back for checking: the attached record and the digest
//! declared beside it, and each signature (does it cover the whole file,
//! does the file still hash to what was signed, does the signature verify
//! with the certificate's key).
//!
//! Any input is safe here: everything is read through the bounded reader
//! (`reader`), under one budget for the whole inspection. A file that is not
//! a PDF gives `NotPdf`, one too damaged to read `DamagedPdf`, one that
//! would take more than the budget `TooComplex`; everything else gives an
//! answer, with the reasons in plain English when something does not hold.

use std::collections::HashSet;
use std::ops::Range;

use chrono::{DateTime, Utc};

use crate::certificate::CertificateInfo;
use crate::digest::sha256_hex;
use crate::error::SealError;
use crate::pdf::{decode_text, parse_pdf_date};
use crate::reader::{Dictionary, Object, PdfFile, ReadError};
use crate::seal::RECORD_SHA256_KEY;
use crate::signature::verify_detached;

/// How deep form fields and name trees are followed.
const MAX_DEPTH: usize = 32;

/// What one inspection may spend, in the reader's units (about bytes of
/// memory): parsed objects and decoded bytes together. A sealed report needs
/// a few megabytes; 128 MB keeps the whole check, redrawing included, well
/// within 512 MB whatever the file.
pub const INSPECTION_BUDGET: usize = 128 * 1024 * 1024;

/// The largest attachment read back: larger than any record the app writes
/// (an assessment with years of audit trail is a few megabytes).
pub const MAX_ATTACHMENT_BYTES: usize = 16 * 1024 * 1024;

/// What a PDF holds, as far as checking a sealed report goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspection {
    /// The attached record: the file specification with the SHA-256 entry,
    /// else the first associated data file, else the first embedded file.
    pub attachment: Option<FoundAttachment>,
    /// Every signature in the signature fields; normally exactly one.
    pub signatures: Vec<FoundSignature>,
    /// Anything else that could not be read (a damaged attachment).
    pub problems: Vec<String>,
    /// How many cross-reference sections the file has: a sealed report has
    /// one; more means it was updated after it was written.
    pub sections: usize,
}

/// An embedded file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundAttachment {
    /// Its name (the /UF entry, else /F).
    pub file_name: String,
    /// Its media type (the stream's /Subtype), when given.
    pub mime: Option<String>,
    /// Its description (/Desc), when given.
    pub description: Option<String>,
    /// Its contents, decoded.
    pub bytes: Vec<u8>,
    /// The SHA-256 written beside it when it was sealed (lower-case hex).
    pub declared_sha256: Option<String>,
    /// The SHA-256 of `bytes` (lower-case hex).
    pub sha256: String,
}

impl FoundAttachment {
    /// Whether the contents hash to the declared SHA-256.
    pub fn matches_declared_sha256(&self) -> bool {
        self.declared_sha256.as_deref() == Some(self.sha256.as_str())
    }
}

/// A signature and what checking it found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundSignature {
    /// The signature's format, e.g. "adbe.pkcs7.detached".
    pub sub_filter: String,
    /// Its byte range starts at 0, leaves out exactly the /Contents hex
    /// string, and ends at the end of the file.
    pub covers_whole_file: bool,
    /// The bytes it covers hash to the digest it signed.
    pub digest_matches: bool,
    /// The signer's signature verifies with the certificate's public key.
    pub signature_valid: bool,
    /// The signer's certificate, from inside the signature.
    pub certificate: Option<CertificateInfo>,
    /// When it was signed: the CMS signing-time, else the /M entry.
    pub signing_time: Option<DateTime<Utc>>,
    /// Who signed (/Name).
    pub signer_name: Option<String>,
    /// Why (/Reason).
    pub reason: Option<String>,
    /// Where (/Location).
    pub location: Option<String>,
    /// The /Contents value: the CMS signature with its padding.
    pub contents: Vec<u8>,
    /// Where the /Contents hex string lies in the file, brackets included,
    /// when the byte range leaves out exactly it.
    pub contents_span: Option<Range<usize>>,
    /// The /Contents hex string is written as this crate writes it: two
    /// upper-case hex digits for each byte and nothing else. A reader
    /// decodes lower case, spaces or an odd digit the same, but the file's
    /// bytes then differ from the ones signed off.
    pub contents_written_plainly: bool,
    /// Plain-English reasons when something does not hold.
    pub problems: Vec<String>,
}

impl FoundSignature {
    /// Covers the whole file, matches it, and verifies.
    pub fn is_intact(&self) -> bool {
        self.covers_whole_file
            && self.digest_matches
            && self.signature_valid
            && self.problems.is_empty()
    }
}

fn read_error(error: ReadError) -> SealError {
    match error {
        ReadError::NotPdf => SealError::NotPdf,
        ReadError::Damaged(what) => SealError::DamagedPdf(what),
        ReadError::OverBudget => SealError::TooComplex,
    }
}

/// Reads a PDF back for checking, within [`INSPECTION_BUDGET`]. `Err` only
/// for input that is not a readable PDF (`NotPdf`, `DamagedPdf`,
/// `TooComplex`).
pub fn inspect(pdf: &[u8]) -> Result<Inspection, SealError> {
    inspect_within(pdf, INSPECTION_BUDGET)
}

/// Like [`inspect`], with a budget of `budget` units.
pub fn inspect_within(pdf: &[u8], budget: usize) -> Result<Inspection, SealError> {
    let file = PdfFile::open(pdf, budget).map_err(read_error)?;
    let catalog = file.catalog().map_err(read_error)?;
    let mut problems = Vec::new();
    let attachment = find_attachment(&file, &catalog, &mut problems).map_err(read_error)?;
    // Only the first signature is checked (a sealed report has one); the
    // others are counted and named, never hashed: a file of thousands of
    // signatures over the whole file must not take thousands of passes.
    let signatures = signature_dictionaries(&file, &catalog)
        .map_err(read_error)?
        .iter()
        .enumerate()
        .map(|(index, signature)| {
            if index == 0 {
                check_signature(pdf, signature)
            } else {
                unchecked_signature(signature)
            }
        })
        .collect();
    Ok(Inspection {
        attachment,
        signatures,
        problems,
        sections: file.sections(),
    })
}

fn text_entry(dictionary: &Dictionary, key: &[u8]) -> Option<String> {
    dictionary.string(key).map(decode_text)
}

fn name_entry(dictionary: &Dictionary, key: &[u8]) -> Option<String> {
    dictionary
        .name(key)
        .map(|name| String::from_utf8_lossy(name).into_owned())
}

/// Follows a reference once, refusing to visit an object twice.
fn visit(
    file: &PdfFile<'_>,
    object: &Object,
    seen: &mut HashSet<u32>,
) -> Result<Option<Dictionary>, ReadError> {
    if let Object::Reference(number) = object
        && !seen.insert(*number)
    {
        return Ok(None);
    }
    file.dictionary(Some(object))
}

fn signature_dictionaries(
    file: &PdfFile<'_>,
    catalog: &Dictionary,
) -> Result<Vec<Dictionary>, ReadError> {
    let mut out = Vec::new();
    let Some(form) = file.dictionary(catalog.get(b"AcroForm"))? else {
        return Ok(out);
    };
    let Some(fields) = file.array(form.get(b"Fields"))? else {
        return Ok(out);
    };
    let mut seen = HashSet::new();
    walk_fields(file, &fields, None, 0, &mut seen, &mut out)?;
    Ok(out)
}

fn walk_fields(
    file: &PdfFile<'_>,
    fields: &[Object],
    inherited_type: Option<&[u8]>,
    depth: usize,
    seen: &mut HashSet<u32>,
    out: &mut Vec<Dictionary>,
) -> Result<(), ReadError> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    for field in fields {
        let Some(field) = visit(file, field, seen)? else {
            continue;
        };
        let field_type = field.name(b"FT").or(inherited_type);
        if field_type == Some(b"Sig".as_slice())
            && let Some(value) = field.get(b"V")
            && let Some(signature) = visit(file, value, seen)?
        {
            out.push(signature);
        }
        if let Some(kids) = file.array(field.get(b"Kids"))? {
            walk_fields(file, &kids, field_type, depth + 1, seen, out)?;
        }
    }
    Ok(())
}

fn byte_range(signature: &Dictionary) -> Option<[usize; 4]> {
    let Some(Object::Array(array)) = signature.get(b"ByteRange") else {
        return None;
    };
    if array.len() != 4 {
        return None;
    }
    let mut range = [0usize; 4];
    for (slot, value) in range.iter_mut().zip(array) {
        let Object::Integer(value) = value else {
            return None;
        };
        *slot = usize::try_from(*value).ok()?;
    }
    Some(range)
}

/// Whether the gap in the byte range is exactly the `<...>` hex string whose
/// value is `contents`.
fn gap_is_contents(gap: &[u8], contents: &[u8]) -> bool {
    let Some(inner) = gap
        .strip_prefix(b"<")
        .and_then(|rest| rest.strip_suffix(b">"))
    else {
        return false;
    };
    let mut digits = Vec::with_capacity(inner.len());
    for &byte in inner {
        match byte {
            b'0'..=b'9' => digits.push(byte - b'0'),
            b'a'..=b'f' => digits.push(byte - b'a' + 10),
            b'A'..=b'F' => digits.push(byte - b'A' + 10),
            b' ' | b'\t' | b'\r' | b'\n' | b'\x0C' | b'\0' => {}
            _ => return false,
        }
    }
    let decoded: Vec<u8> = digits
        .chunks(2)
        .map(|pair| (pair[0] << 4) | pair.get(1).copied().unwrap_or(0))
        .collect();
    decoded == contents
}

/// What a signature dictionary says of itself, nothing yet checked.
fn named_signature(signature: &Dictionary) -> FoundSignature {
    FoundSignature {
        sub_filter: name_entry(signature, b"SubFilter").unwrap_or_default(),
        covers_whole_file: false,
        digest_matches: false,
        signature_valid: false,
        certificate: None,
        signing_time: None,
        signer_name: text_entry(signature, b"Name"),
        reason: text_entry(signature, b"Reason"),
        location: text_entry(signature, b"Location"),
        contents: Vec::new(),
        contents_span: None,
        contents_written_plainly: false,
        problems: Vec::new(),
    }
}

/// A signature after the first, named but not checked.
fn unchecked_signature(signature: &Dictionary) -> FoundSignature {
    let mut found = named_signature(signature);
    found
        .problems
        .push("Only the first signature of a file is checked".into());
    found
}

fn check_signature(pdf: &[u8], signature: &Dictionary) -> FoundSignature {
    let contents = signature.string(b"Contents").map(<[u8]>::to_vec);
    let mut found = FoundSignature {
        contents: contents.clone().unwrap_or_default(),
        ..named_signature(signature)
    };
    let modified = text_entry(signature, b"M").and_then(|text| parse_pdf_date(&text));
    found.signing_time = modified;

    let (Some(range), Some(contents)) = (byte_range(signature), contents) else {
        found
            .problems
            .push("The signature does not say which bytes of the file it covers".into());
        return found;
    };
    let [start, first_length, second_start, second_length] = range;
    let first_end = start.checked_add(first_length);
    let second_end = second_start.checked_add(second_length);
    let gap_is_exactly_contents = first_length < second_start
        && pdf
            .get(first_length..second_start)
            .is_some_and(|gap| gap_is_contents(gap, &contents));
    if gap_is_exactly_contents {
        found.contents_span = Some(first_length..second_start);
        found.contents_written_plainly =
            pdf.get(first_length + 1..second_start - 1)
                .is_some_and(|digits| {
                    digits.len() == 2 * contents.len()
                        && digits
                            .iter()
                            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b))
                });
    }
    found.covers_whole_file =
        start == 0 && second_end == Some(pdf.len()) && gap_is_exactly_contents;
    if !found.covers_whole_file {
        let appended = match second_end {
            Some(end) if start == 0 && gap_is_exactly_contents && end < pdf.len() => {
                Some(pdf.len() - end)
            }
            _ => None,
        };
        found.problems.push(match appended {
            Some(bytes) => format!(
                "The signature does not cover the whole file: {bytes} bytes were added after the end of what was signed"
            ),
            None => "The signature does not cover the whole file: parts of the file were added or changed after signing".into(),
        });
    }
    let (Some(first), Some(second)) = (
        first_end.and_then(|end| pdf.get(start..end)),
        second_end.and_then(|end| pdf.get(second_start..end)),
    ) else {
        found
            .problems
            .push("The signature's byte range lies outside the file: the file has been cut short or changed".into());
        return found;
    };

    if !matches!(
        found.sub_filter.as_str(),
        "adbe.pkcs7.detached" | "ETSI.CAdES.detached"
    ) {
        found.problems.push(format!(
            "The signature is of a kind this program cannot check ({})",
            if found.sub_filter.is_empty() {
                "none given"
            } else {
                &found.sub_filter
            }
        ));
        return found;
    }
    let check = verify_detached(&contents, &[first, second]);
    found.digest_matches = check.digest_matches;
    found.signature_valid = check.signature_valid;
    found.certificate = check.certificate;
    found.signing_time = check.signing_time.or(modified);
    if check.digest_checked && !check.digest_matches {
        found.problems.push(
            "The signature does not match the file: it has been changed since it was signed".into(),
        );
    }
    if check.signature_checked && !check.signature_valid {
        found.problems.push(
            "The signature is not valid for the certificate it names: the signature or the certificate has been altered"
                .into(),
        );
    }
    found.problems.extend(check.problems);
    found
}

fn find_attachment(
    file: &PdfFile<'_>,
    catalog: &Dictionary,
    problems: &mut Vec<String>,
) -> Result<Option<FoundAttachment>, ReadError> {
    let mut candidates = Vec::new();
    let mut seen = HashSet::new();
    if let Some(names) = file.dictionary(catalog.get(b"Names"))?
        && let Some(tree) = names.get(b"EmbeddedFiles")
        && let Some(tree) = visit(file, tree, &mut seen)?
    {
        walk_name_tree(file, &tree, 0, &mut seen, &mut candidates)?;
    }
    let mut associated = Vec::new();
    if let Some(files) = file.array(catalog.get(b"AF"))? {
        for entry in &files {
            if let Some(filespec) = file.dictionary(Some(entry))? {
                associated.push(filespec);
            }
        }
    }
    let is_data = |filespec: &Dictionary| filespec.name(b"AFRelationship") == Some(b"Data");
    let chosen = candidates
        .iter()
        .chain(associated.iter())
        .find(|filespec| filespec.has(RECORD_SHA256_KEY))
        .or_else(|| associated.iter().find(|filespec| is_data(filespec)))
        .or_else(|| candidates.first())
        .or_else(|| associated.first());
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    match read_filespec(file, chosen) {
        Ok(found) => Ok(Some(found)),
        Err(ReadError::Damaged(problem)) => {
            problems.push(problem);
            Ok(None)
        }
        Err(other) => Err(other),
    }
}

fn walk_name_tree(
    file: &PdfFile<'_>,
    node: &Dictionary,
    depth: usize,
    seen: &mut HashSet<u32>,
    out: &mut Vec<Dictionary>,
) -> Result<(), ReadError> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    if let Some(names) = file.array(node.get(b"Names"))? {
        for value in names.iter().skip(1).step_by(2) {
            if let Some(filespec) = visit(file, value, seen)? {
                out.push(filespec);
            }
        }
    }
    if let Some(kids) = file.array(node.get(b"Kids"))? {
        for kid in &kids {
            if let Some(kid) = visit(file, kid, seen)? {
                walk_name_tree(file, &kid, depth + 1, seen, out)?;
            }
        }
    }
    Ok(())
}

fn read_filespec(file: &PdfFile<'_>, filespec: &Dictionary) -> Result<FoundAttachment, ReadError> {
    let file_name = text_entry(filespec, b"UF")
        .or_else(|| text_entry(filespec, b"F"))
        .unwrap_or_default();
    let missing = || {
        ReadError::Damaged(format!(
            "The attachment {file_name:?} has no embedded contents"
        ))
    };
    let embedded = file.dictionary(filespec.get(b"EF"))?.ok_or_else(missing)?;
    let reference = embedded
        .get(b"UF")
        .or_else(|| embedded.get(b"F"))
        .ok_or_else(missing)?;
    let Object::Stream(stream) = file.resolve(reference)? else {
        return Err(missing());
    };
    let bytes = match file.decode(&stream, MAX_ATTACHMENT_BYTES) {
        Ok(bytes) => bytes,
        Err(ReadError::Damaged(problem)) => {
            return Err(ReadError::Damaged(format!(
                "The attachment {file_name:?} cannot be decoded ({problem})"
            )));
        }
        Err(other) => return Err(other),
    };
    let declared_sha256 = filespec
        .string(RECORD_SHA256_KEY)
        .map(|text| String::from_utf8_lossy(text).trim().to_ascii_lowercase());
    Ok(FoundAttachment {
        mime: name_entry(&stream.dict, b"Subtype"),
        description: text_entry(filespec, b"Desc"),
        sha256: sha256_hex(&bytes),
        declared_sha256,
        file_name,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_must_be_exactly_the_hex_string() {
        assert!(gap_is_contents(b"<0A1b00>", &[0x0A, 0x1B, 0x00]));
        assert!(gap_is_contents(b"<0A1>", &[0x0A, 0x10]));
        assert!(!gap_is_contents(b"<0A1b00> ", &[0x0A, 0x1B, 0x00]));
        assert!(!gap_is_contents(b"(abc)", b"abc"));
        assert!(!gap_is_contents(b"<0A1b00>", &[0x0A, 0x1B]));
    }
}
