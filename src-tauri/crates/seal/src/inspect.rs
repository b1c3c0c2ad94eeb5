//! Reading a PDF back for checking: the attached record and the digest
//! declared beside it, each signature (does it cover the whole file, does
//! the file still hash to what was signed, does the signature verify with
//! the certificate's key), and each page's decoded content so the caller can
//! compare the pages with a fresh rendering of the record.
//!
//! Any input is safe here: a file that is not a PDF gives `NotPdf`, one too
//! damaged to read gives `DamagedPdf`, and everything else gives an answer
//! with the reasons in plain English when something does not hold.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::certificate::CertificateInfo;
use crate::digest::sha256_hex;
use crate::error::SealError;
use crate::pdf::{
    MAX_DECODED, guarded, load, name_entry, parse_pdf_date, resolve_array, resolve_dict, text_entry,
};
use crate::seal::RECORD_SHA256_KEY;
use crate::signature::verify_detached;

/// How deep form fields and name trees are followed.
const MAX_DEPTH: usize = 32;

/// What a PDF holds, as far as checking a sealed report goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspection {
    /// The attached record: the file specification with the SHA-256 entry,
    /// else the first associated data file, else the first embedded file.
    pub attachment: Option<FoundAttachment>,
    /// Every signature in the signature fields; normally exactly one.
    pub signatures: Vec<FoundSignature>,
    /// Each page's decoded content stream(s), concatenated, in page order.
    pub pages: Vec<Vec<u8>>,
    /// Anything else that could not be read (a damaged attachment or page).
    pub problems: Vec<String>,
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

/// Reads a PDF back for checking. `Err` only for input that is not a
/// readable PDF (`NotPdf`, `DamagedPdf`).
pub fn inspect(pdf: &[u8]) -> Result<Inspection, SealError> {
    let doc = load(pdf)?;
    guarded(|| inspect_loaded(pdf, &doc))
}

/// Decoded page contents of any PDF (the same as `Inspection::pages`).
pub fn page_contents(pdf: &[u8]) -> Result<Vec<Vec<u8>>, SealError> {
    let doc = load(pdf)?;
    guarded(|| {
        doc.page_iter()
            .map(|page| {
                doc.get_page_content_with_limit(page, MAX_DECODED)
                    .map_err(|error| {
                        SealError::DamagedPdf(format!("a page cannot be decoded: {error}"))
                    })
            })
            .collect()
    })?
}

fn inspect_loaded(pdf: &[u8], doc: &Document) -> Inspection {
    let mut problems = Vec::new();
    let attachment = find_attachment(doc, &mut problems);
    let signatures = signature_dictionaries(doc)
        .into_iter()
        .map(|signature| check_signature(pdf, signature))
        .collect();
    let mut pages = Vec::new();
    for (number, page) in doc.page_iter().enumerate() {
        match doc.get_page_content_with_limit(page, MAX_DECODED) {
            Ok(content) => pages.push(content),
            Err(error) => {
                problems.push(format!("Page {} cannot be decoded ({error})", number + 1));
                pages.push(Vec::new());
            }
        }
    }
    Inspection {
        attachment,
        signatures,
        pages,
        problems,
    }
}

/// Follows a reference once, refusing to visit an object twice.
fn visit<'a>(
    doc: &'a Document,
    object: &'a Object,
    seen: &mut HashSet<ObjectId>,
) -> Option<&'a Dictionary> {
    if let Object::Reference(id) = object
        && !seen.insert(*id)
    {
        return None;
    }
    resolve_dict(doc, object)
}

fn signature_dictionaries(doc: &Document) -> Vec<&Dictionary> {
    let mut out = Vec::new();
    let Some(fields) = doc
        .catalog()
        .ok()
        .and_then(|catalog| catalog.get(b"AcroForm").ok())
        .and_then(|form| resolve_dict(doc, form))
        .and_then(|form| form.get(b"Fields").ok())
        .and_then(|fields| resolve_array(doc, fields))
    else {
        return out;
    };
    let mut seen = HashSet::new();
    walk_fields(doc, fields, None, 0, &mut seen, &mut out);
    out
}

fn walk_fields<'a>(
    doc: &'a Document,
    fields: &'a [Object],
    inherited_type: Option<&'a [u8]>,
    depth: usize,
    seen: &mut HashSet<ObjectId>,
    out: &mut Vec<&'a Dictionary>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for field in fields {
        let Some(field) = visit(doc, field, seen) else {
            continue;
        };
        let field_type = field
            .get(b"FT")
            .and_then(Object::as_name)
            .ok()
            .or(inherited_type);
        if field_type == Some(b"Sig".as_slice())
            && let Ok(value) = field.get(b"V")
            && let Some(signature) = visit(doc, value, seen)
        {
            out.push(signature);
        }
        if let Some(kids) = field
            .get(b"Kids")
            .ok()
            .and_then(|kids| resolve_array(doc, kids))
        {
            walk_fields(doc, kids, field_type, depth + 1, seen, out);
        }
    }
}

fn byte_range(signature: &Dictionary) -> Option<[usize; 4]> {
    let array = signature
        .get(b"ByteRange")
        .and_then(Object::as_array)
        .ok()?;
    if array.len() != 4 {
        return None;
    }
    let mut range = [0usize; 4];
    for (slot, value) in range.iter_mut().zip(array) {
        *slot = usize::try_from(value.as_i64().ok()?).ok()?;
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

fn check_signature(pdf: &[u8], signature: &Dictionary) -> FoundSignature {
    let mut found = FoundSignature {
        sub_filter: name_entry(signature, b"SubFilter").unwrap_or_default(),
        covers_whole_file: false,
        digest_matches: false,
        signature_valid: false,
        certificate: None,
        signing_time: None,
        signer_name: text_entry(signature, b"Name"),
        reason: text_entry(signature, b"Reason"),
        location: text_entry(signature, b"Location"),
        problems: Vec::new(),
    };
    let modified = text_entry(signature, b"M").and_then(|text| parse_pdf_date(&text));
    found.signing_time = modified;

    let contents = signature.get(b"Contents").and_then(Object::as_str).ok();
    let (Some(range), Some(contents)) = (byte_range(signature), contents) else {
        found
            .problems
            .push("The signature does not say which bytes of the file it covers".into());
        return found;
    };
    let [start, first_length, second_start, second_length] = range;
    let first_end = start.checked_add(first_length);
    let second_end = second_start.checked_add(second_length);
    found.covers_whole_file = start == 0
        && second_end == Some(pdf.len())
        && first_length < second_start
        && pdf
            .get(first_length..second_start)
            .is_some_and(|gap| gap_is_contents(gap, contents));
    if !found.covers_whole_file {
        found.problems.push(
            "The signature does not cover the whole file: parts of the file were added or changed after signing"
                .into(),
        );
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
    let check = verify_detached(contents, &[first, second]);
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

fn find_attachment(doc: &Document, problems: &mut Vec<String>) -> Option<FoundAttachment> {
    let catalog = doc.catalog().ok()?;
    let mut candidates = Vec::new();
    let mut seen = HashSet::new();
    if let Some(tree) = catalog
        .get(b"Names")
        .ok()
        .and_then(|names| resolve_dict(doc, names))
        .and_then(|names| names.get(b"EmbeddedFiles").ok())
        .and_then(|tree| visit(doc, tree, &mut seen))
    {
        walk_name_tree(doc, tree, 0, &mut seen, &mut candidates);
    }
    let mut associated = Vec::new();
    if let Some(files) = catalog
        .get(b"AF")
        .ok()
        .and_then(|files| resolve_array(doc, files))
    {
        associated.extend(files.iter().filter_map(|file| resolve_dict(doc, file)));
    }
    let is_data = |filespec: &Dictionary| {
        filespec
            .get(b"AFRelationship")
            .and_then(Object::as_name)
            .is_ok_and(|name| name == b"Data")
    };
    let chosen = candidates
        .iter()
        .chain(associated.iter())
        .find(|filespec| filespec.has(RECORD_SHA256_KEY))
        .or_else(|| associated.iter().find(|filespec| is_data(filespec)))
        .or_else(|| candidates.first())
        .or_else(|| associated.first())?;
    match read_filespec(doc, chosen) {
        Ok(found) => Some(found),
        Err(problem) => {
            problems.push(problem);
            None
        }
    }
}

fn walk_name_tree<'a>(
    doc: &'a Document,
    node: &'a Dictionary,
    depth: usize,
    seen: &mut HashSet<ObjectId>,
    out: &mut Vec<&'a Dictionary>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    if let Some(names) = node
        .get(b"Names")
        .ok()
        .and_then(|names| resolve_array(doc, names))
    {
        out.extend(
            names
                .iter()
                .skip(1)
                .step_by(2)
                .filter_map(|value| visit(doc, value, seen)),
        );
    }
    if let Some(kids) = node
        .get(b"Kids")
        .ok()
        .and_then(|kids| resolve_array(doc, kids))
    {
        for kid in kids {
            if let Some(kid) = visit(doc, kid, seen) {
                walk_name_tree(doc, kid, depth + 1, seen, out);
            }
        }
    }
}

fn read_filespec(doc: &Document, filespec: &Dictionary) -> Result<FoundAttachment, String> {
    let file_name = text_entry(filespec, b"UF")
        .or_else(|| text_entry(filespec, b"F"))
        .unwrap_or_default();
    let stream = filespec
        .get(b"EF")
        .ok()
        .and_then(|files| resolve_dict(doc, files))
        .and_then(|files| files.get(b"UF").or_else(|_| files.get(b"F")).ok())
        .and_then(|file| file.as_reference().ok())
        .and_then(|id| doc.get_object(id).and_then(Object::as_stream).ok())
        .ok_or_else(|| format!("The attachment {file_name:?} has no embedded contents"))?;
    let bytes = stream
        .get_plain_content_with_limit(MAX_DECODED)
        .map_err(|error| format!("The attachment {file_name:?} cannot be decoded ({error})"))?;
    let declared_sha256 = filespec
        .get(RECORD_SHA256_KEY)
        .and_then(Object::as_str)
        .ok()
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
