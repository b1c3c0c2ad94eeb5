//! Sealing: the record goes into the PDF as an embedded file (listed in the
//! catalog's /EmbeddedFiles and /AF, with its SHA-256 written beside it),
//! then, when there is a signer, the whole file is signed. The signature is
//! the usual PDF one: an invisible signature field on page 1 whose value
//! holds a `/ByteRange` covering every byte of the file except the
//! `/Contents` hex string, which holds a detached CMS signature over those
//! bytes. The file is written once with placeholders of fixed width, which
//! are then overwritten in place.

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};
use sha2::Digest;

use crate::digest::sha256_hex;
use crate::error::SealError;
use crate::identity::SigningIdentity;
use crate::pdf::{catalog_id, guarded, load, pdf_date, resolve_array, resolve_dict, text_string};

/// The file to attach.
#[derive(Clone, Copy, Debug)]
pub struct Attachment<'a> {
    /// Its name as a reader shows it, e.g. "assessment-record.json".
    pub file_name: &'a str,
    /// Its media type, e.g. "application/json".
    pub mime: &'a str,
    /// Its contents.
    pub bytes: &'a [u8],
    /// One line saying what it is; shown by PDF readers beside the name.
    pub description: &'a str,
}

/// What the signature says about its signing.
#[derive(Clone, Copy, Debug)]
pub struct SignatureDetails<'a> {
    /// Who signed, e.g. "Dr Priya Shah and Alex Morgan" (the signature's /Name).
    pub signer_name: &'a str,
    /// Why (the /Reason); empty to leave out.
    pub reason: &'a str,
    /// Where (the /Location); empty to leave out.
    pub location: &'a str,
    /// When: the CMS signing-time attribute and the /M entry.
    pub signing_time: DateTime<Utc>,
}

/// The name of the private filespec entry holding the attachment's SHA-256
/// (64 lower-case hex digits in a literal string, as `sha256sum` prints it).
pub const RECORD_SHA256_KEY: &[u8] = b"PSARecordSHA256";

/// The least room kept for the CMS signature, in bytes (twice that in hex).
const MIN_RESERVED: usize = 8192;
/// Fills each `/ByteRange` number until the real offsets are known; ten
/// digits, so files up to 9.9 GB fit.
const PLACEHOLDER: i64 = 9_999_999_999;
const BYTE_RANGE_PLACEHOLDER: &[u8] = b"[0 9999999999 9999999999 9999999999]";
/// How the placeholders appear in the written file: lopdf writes a
/// dictionary's entries in insertion order, with no space between them.
const PLACEHOLDER_MARK: &[u8] = b"/ByteRange[0 9999999999 9999999999 9999999999]/Contents<";

/// The signature field's /F: print (4) + locked (128).
const WIDGET_FLAGS: i64 = 132;

/// The most room a signature may take: far more than any certificate chain
/// and signature need, far less than a file that hides something in it.
pub const MAX_RESERVED: usize = 256 * 1024;

/// Who fills the signature's place.
#[derive(Clone, Copy)]
enum Signer<'a> {
    /// Sign with this key.
    Key(&'a SigningIdentity),
    /// Write these bytes: a /Contents value read from a signed file.
    Given(&'a [u8]),
}

/// Attaches `attachment` and, when `signer` is given, signs the whole file.
/// Deterministic: the same inputs, key and time give the same bytes.
/// Returns the finished PDF.
pub fn seal(
    pdf: &[u8],
    attachment: &Attachment,
    signer: Option<(&SigningIdentity, &SignatureDetails)>,
) -> Result<Vec<u8>, SealError> {
    let signer = signer.map(|(identity, details)| (Signer::Key(identity), details));
    let mut doc = load(pdf)?;
    guarded(move || seal_loaded(&mut doc, attachment, signer))?
}

/// The file [`seal`] writes for `pdf`, `attachment` and `details` when its
/// signature comes out as `contents` (a /Contents value as read from a
/// signed file: the CMS signature and the zeros after it). A sealed report
/// is checked by building this from its record and comparing it with the
/// file, byte for byte: then nothing outside the signature can differ.
pub fn reseal(
    pdf: &[u8],
    attachment: &Attachment,
    details: &SignatureDetails,
    contents: &[u8],
) -> Result<Vec<u8>, SealError> {
    if contents.len() < MIN_RESERVED || contents.len() > MAX_RESERVED {
        return Err(not_written_by_the_app(contents.len()));
    }
    let signer = Some((Signer::Given(contents), details));
    let mut doc = load(pdf)?;
    guarded(move || seal_loaded(&mut doc, attachment, signer))?
}

fn seal_loaded(
    doc: &mut Document,
    attachment: &Attachment,
    signer: Option<(Signer<'_>, &SignatureDetails)>,
) -> Result<Vec<u8>, SealError> {
    if doc.is_encrypted() || doc.was_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err(SealError::EncryptedPdf);
    }
    if is_signed(doc) {
        return Err(SealError::AlreadySigned);
    }
    prepare(doc);
    let catalog = catalog_id(doc)
        .filter(|id| doc.get_dictionary(*id).is_ok())
        .ok_or_else(|| SealError::PdfStructure("it has no catalog".into()))?;
    let first_page = doc
        .page_iter()
        .next()
        .ok_or_else(|| SealError::PdfStructure("it has no pages".into()))?;
    embed(doc, catalog, attachment)?;
    let Some((signer, details)) = signer else {
        return save(doc);
    };
    let reserved = match signer {
        Signer::Key(identity) => reserved_size(identity),
        Signer::Given(contents) => contents.len(),
    };
    add_signature_field(doc, catalog, first_page, details, reserved)?;
    let mut out = save(doc)?;
    sign_in_place(&mut out, signer, details.signing_time, reserved)?;
    Ok(out)
}

/// Whether anything in the file is a signature already.
fn is_signed(doc: &Document) -> bool {
    let signature_like = |dictionary: &Dictionary| {
        dictionary.has(b"ByteRange")
            || dictionary
                .get(b"Type")
                .and_then(Object::as_name)
                .is_ok_and(|name| name == b"Sig")
    };
    let has_permissions = doc.catalog().is_ok_and(|catalog| catalog.has(b"Perms"));
    has_permissions
        || doc.objects.values().any(|object| match object {
            Object::Dictionary(dictionary) => signature_like(dictionary),
            _ => false,
        })
}

/// A classic cross-reference table and a trailer with nothing left over from
/// the input's own cross-reference stream; PDF 1.7 (embedded files with
/// /AFRelationship, signature fields).
fn prepare(doc: &mut Document) {
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    for key in [
        &b"Prev"[..],
        b"XRefStm",
        b"Type",
        b"W",
        b"Index",
        b"Length",
        b"Filter",
        b"DecodeParms",
        b"DL",
    ] {
        doc.trailer.remove(key);
    }
    if doc.version.as_str() < "1.7" {
        doc.version = "1.7".to_string();
    }
}

fn structure(what: &str) -> SealError {
    SealError::PdfStructure(what.to_string())
}

/// A dictionary-valued entry copied out, with the object it lives in when
/// it is indirect (so it can be written back there).
fn dict_entry(
    doc: &Document,
    holder: &Dictionary,
    key: &[u8],
) -> Result<(Dictionary, Option<ObjectId>), SealError> {
    match holder.get(key).ok() {
        None => Ok((Dictionary::new(), None)),
        Some(Object::Reference(id)) => doc
            .get_dictionary(*id)
            .map(|dictionary| (dictionary.clone(), Some(*id)))
            .map_err(|_| {
                structure(&format!(
                    "its /{} entry is damaged",
                    String::from_utf8_lossy(key)
                ))
            }),
        Some(object) => resolve_dict(doc, object)
            .map(|dictionary| (dictionary.clone(), None))
            .ok_or_else(|| {
                structure(&format!(
                    "its /{} entry is damaged",
                    String::from_utf8_lossy(key)
                ))
            }),
    }
}

/// The same for an array-valued entry.
fn array_entry(
    doc: &Document,
    holder: &Dictionary,
    key: &[u8],
) -> Result<(Vec<Object>, Option<ObjectId>), SealError> {
    let damaged = || {
        structure(&format!(
            "its /{} entry is damaged",
            String::from_utf8_lossy(key)
        ))
    };
    match holder.get(key).ok() {
        None => Ok((Vec::new(), None)),
        Some(Object::Reference(id)) => doc
            .get_object(*id)
            .and_then(Object::as_array)
            .map(|array| (array.clone(), Some(*id)))
            .map_err(|_| damaged()),
        Some(object) => resolve_array(doc, object)
            .cloned()
            .map(|array| (array, None))
            .ok_or_else(damaged),
    }
}

/// Puts `value` back where it came from: into its own object when it was
/// indirect (returning a reference to it), or directly.
fn store(doc: &mut Document, value: Object, at: Option<ObjectId>) -> Object {
    match at {
        Some(id) => {
            doc.objects.insert(id, value);
            Object::Reference(id)
        }
        None => value,
    }
}

fn dictionary_of(doc: &Document, id: ObjectId) -> Result<Dictionary, SealError> {
    doc.get_dictionary(id)
        .cloned()
        .map_err(|_| structure("an object it needs is missing"))
}

/// Adds the embedded file, its file specification, the name-tree entry and
/// the /AF entry.
fn embed(
    doc: &mut Document,
    catalog_id: ObjectId,
    attachment: &Attachment,
) -> Result<(), SealError> {
    let mut stream_dictionary = dictionary! {
        "Type" => "EmbeddedFile",
    };
    if !attachment.mime.is_empty() {
        stream_dictionary.set("Subtype", Object::Name(attachment.mime.as_bytes().to_vec()));
    }
    stream_dictionary.set(
        "Params",
        dictionary! { "Size" => attachment.bytes.len() as i64 },
    );
    let mut stream = Stream::new(stream_dictionary, attachment.bytes.to_vec());
    stream
        .compress()
        .map_err(|error| structure(&format!("the attachment could not be compressed ({error})")))?;
    let file_id = doc.add_object(stream);

    let mut filespec = dictionary! {
        "Type" => "Filespec",
        "F" => Object::string_literal(ascii_file_name(attachment.file_name)),
        "UF" => text_string(attachment.file_name),
        "EF" => dictionary! { "F" => file_id, "UF" => file_id },
        "AFRelationship" => "Data",
    };
    if !attachment.description.is_empty() {
        filespec.set("Desc", text_string(attachment.description));
    }
    filespec.set(
        RECORD_SHA256_KEY,
        Object::string_literal(sha256_hex(attachment.bytes)),
    );
    let filespec_id = doc.add_object(filespec);

    let mut catalog = dictionary_of(doc, catalog_id)?;
    let (mut names, names_at) = dict_entry(doc, &catalog, b"Names")?;
    let (mut files, files_at) = dict_entry(doc, &names, b"EmbeddedFiles")?;
    if files.has(b"Kids") {
        return Err(structure(
            "its existing attachments are arranged in a way this program cannot add to",
        ));
    }
    let (mut entries, entries_at) = array_entry(doc, &files, b"Names")?;
    let key = match text_string(attachment.file_name) {
        Object::String(bytes, _) => bytes,
        _ => attachment.file_name.as_bytes().to_vec(),
    };
    insert_name(&mut entries, key, Object::Reference(filespec_id));
    let entries = store(doc, Object::Array(entries), entries_at);
    files.set("Names", entries);
    let files = store(doc, Object::Dictionary(files), files_at);
    names.set("EmbeddedFiles", files);
    let names = store(doc, Object::Dictionary(names), names_at);
    catalog.set("Names", names);

    let (mut associated, associated_at) = array_entry(doc, &catalog, b"AF")?;
    associated.push(Object::Reference(filespec_id));
    let associated = store(doc, Object::Array(associated), associated_at);
    catalog.set("AF", associated);
    doc.objects.insert(catalog_id, Object::Dictionary(catalog));
    Ok(())
}

/// Inserts `key`/`value` into a flat name-tree /Names array, keeping keys
/// sorted and replacing an entry of the same name.
fn insert_name(entries: &mut Vec<Object>, key: Vec<u8>, value: Object) {
    let mut index = 0;
    while index + 1 < entries.len() {
        let existing = entries[index].as_str().unwrap_or_default();
        if existing == key.as_slice() {
            entries[index + 1] = value;
            return;
        }
        if existing > key.as_slice() {
            break;
        }
        index += 2;
    }
    let index = index.min(entries.len());
    entries.insert(index, value);
    entries.insert(index, Object::String(key, StringFormat::Literal));
}

/// The name in the file specification's /F, which older readers show:
/// printable ASCII only, anything else becomes '_'.
fn ascii_file_name(name: &str) -> String {
    name.chars()
        .map(|c| if (' '..='~').contains(&c) { c } else { '_' })
        .collect()
}

/// Room for the CMS: its certificates, a signature of up to RSA-4096 and the
/// attributes, rounded up to whole kilobytes; at least 8 KB.
fn reserved_size(identity: &SigningIdentity) -> usize {
    reserved_for(
        identity.certificate().der.len() + identity.chain().iter().map(Vec::len).sum::<usize>(),
    )
}

/// The room kept for a CMS carrying `certificates` bytes of certificates.
fn reserved_for(certificates: usize) -> usize {
    let needed = certificates + 2048;
    MIN_RESERVED.max(needed.div_ceil(1024) * 1024)
}

/// The /Contents value `seal` writes into `pdf` (a file that, apart from
/// this value, is a sealed report) when signing at `signing_time`, had the
/// signature come out as the value in the file's own: the same certificates
/// and chain in the app's order, the same three signed attributes, nothing
/// unsigned, and zeros up to the room the app keeps for that chain. Comparing
/// the whole file with one sealed with this leaves nothing in the signature
/// block uncompared but the signature value, which must verify.
pub fn expected_contents(
    pdf: &[u8],
    signature: &crate::FoundSignature,
    signing_time: DateTime<Utc>,
) -> Result<Vec<u8>, SealError> {
    let span = signature
        .contents_span
        .clone()
        .ok_or_else(|| SealError::Signing("its signature does not cover the whole file".into()))?;
    let (certificates, value) = crate::signature::signer_of(&signature.contents)?;
    let digest = sha256_around(pdf, span);
    let cms = crate::signature::rebuild_detached(&certificates, &digest, signing_time, &value)?;
    let mut certificate_bytes = 0;
    for certificate in &certificates {
        certificate_bytes += der::Encode::encoded_len(certificate)
            .ok()
            .and_then(|length| usize::try_from(u32::from(length)).ok())
            .unwrap_or(0);
    }
    let reserved = reserved_for(certificate_bytes);
    if cms.len() > reserved || reserved > MAX_RESERVED {
        return Err(not_written_by_the_app(cms.len()));
    }
    let mut contents = cms;
    contents.resize(reserved, 0);
    Ok(contents)
}

/// The SHA-256 of `pdf` but for the signature's `gap`: what a signature
/// whose byte range leaves out only the gap signs.
fn sha256_around(pdf: &[u8], gap: std::ops::Range<usize>) -> Vec<u8> {
    let mut hasher = sha2::Sha256::new();
    hasher.update(pdf.get(..gap.start).unwrap_or_default());
    hasher.update(pdf.get(gap.end..).unwrap_or_default());
    hasher.finalize().to_vec()
}

/// A signature of `length` bytes: not one this app writes.
fn not_written_by_the_app(length: usize) -> SealError {
    SealError::Signing(format!(
        "a signature of {length} bytes is not one this app writes"
    ))
}

/// Adds the signature dictionary (with placeholders), its invisible widget
/// on the first page and the /AcroForm that lists it.
fn add_signature_field(
    doc: &mut Document,
    catalog_id: ObjectId,
    page_id: ObjectId,
    details: &SignatureDetails,
    reserved: usize,
) -> Result<(), SealError> {
    let mut signature = dictionary! {
        "Type" => "Sig",
        "Filter" => "Adobe.PPKLite",
        "SubFilter" => "adbe.pkcs7.detached",
        "Name" => text_string(details.signer_name),
        "M" => Object::string_literal(pdf_date(details.signing_time)),
    };
    if !details.reason.is_empty() {
        signature.set("Reason", text_string(details.reason));
    }
    if !details.location.is_empty() {
        signature.set("Location", text_string(details.location));
    }
    signature.set(
        "ByteRange",
        vec![
            Object::Integer(0),
            Object::Integer(PLACEHOLDER),
            Object::Integer(PLACEHOLDER),
            Object::Integer(PLACEHOLDER),
        ],
    );
    signature.set(
        "Contents",
        Object::String(vec![0; reserved], StringFormat::Hexadecimal),
    );
    let signature_id = doc.add_object(signature);

    let mut catalog = dictionary_of(doc, catalog_id)?;
    let (mut form, form_at) = dict_entry(doc, &catalog, b"AcroForm")?;
    let (mut fields, fields_at) = array_entry(doc, &form, b"Fields")?;
    let taken: Vec<Vec<u8>> = fields
        .iter()
        .filter_map(|field| resolve_dict(doc, field))
        .filter_map(|field| {
            field
                .get(b"T")
                .and_then(Object::as_str)
                .ok()
                .map(<[u8]>::to_vec)
        })
        .collect();
    let field_name = (1..)
        .map(|n| {
            if n == 1 {
                "Seal".to_string()
            } else {
                format!("Seal{n}")
            }
        })
        .find(|name| !taken.iter().any(|taken| taken == name.as_bytes()))
        .unwrap_or_default();

    let widget = dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "FT" => "Sig",
        "T" => Object::string_literal(field_name),
        "V" => signature_id,
        "F" => WIDGET_FLAGS,
        "Rect" => vec![0.into(), 0.into(), 0.into(), 0.into()],
        "P" => page_id,
    };
    let widget_id = doc.add_object(widget);

    fields.push(Object::Reference(widget_id));
    let fields = store(doc, Object::Array(fields), fields_at);
    form.set("Fields", fields);
    form.set("SigFlags", 3);
    let form = store(doc, Object::Dictionary(form), form_at);
    catalog.set("AcroForm", form);
    doc.objects.insert(catalog_id, Object::Dictionary(catalog));

    let mut page = dictionary_of(doc, page_id)?;
    let (mut annotations, annotations_at) = array_entry(doc, &page, b"Annots")?;
    annotations.push(Object::Reference(widget_id));
    let annotations = store(doc, Object::Array(annotations), annotations_at);
    page.set("Annots", annotations);
    doc.objects.insert(page_id, Object::Dictionary(page));
    Ok(())
}

fn save(doc: &mut Document) -> Result<Vec<u8>, SealError> {
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|error| structure(&format!("it could not be written ({error})")))?;
    Ok(out)
}

/// Fills in the /ByteRange, hashes everything but the /Contents hex string,
/// and writes the CMS signature into it.
fn sign_in_place(
    out: &mut [u8],
    signer: Signer<'_>,
    signing_time: DateTime<Utc>,
    reserved: usize,
) -> Result<(), SealError> {
    let lost = || SealError::Signing("the space kept for the signature was not found".into());
    // The signature dictionary is the last object but one, so the last match
    // is it whatever the pages happen to contain.
    let mark = out
        .windows(PLACEHOLDER_MARK.len())
        .rposition(|window| window == PLACEHOLDER_MARK)
        .ok_or_else(lost)?;
    let range_start = mark + b"/ByteRange".len();
    let range_end = range_start + BYTE_RANGE_PLACEHOLDER.len();
    let contents_start = mark + PLACEHOLDER_MARK.len() - 1;
    let contents_end = contents_start + 2 + 2 * reserved;
    if out.get(contents_end - 1) != Some(&b'>') {
        return Err(lost());
    }

    let after = out.len() - contents_end;
    let mut range = format!("[0 {contents_start} {contents_end} {after}").into_bytes();
    if range.len() + 1 > BYTE_RANGE_PLACEHOLDER.len() {
        return Err(SealError::Signing("the file is too large to sign".into()));
    }
    range.resize(BYTE_RANGE_PLACEHOLDER.len() - 1, b' ');
    range.push(b']');
    out[range_start..range_end].copy_from_slice(&range);

    let cms = match signer {
        Signer::Key(identity) => {
            let digest = sha256_around(out, contents_start..contents_end);
            crate::signature::sign_detached(identity, &digest, signing_time)?
        }
        Signer::Given(contents) => contents.to_vec(),
    };
    if cms.len() > reserved {
        return Err(SealError::Signing(format!(
            "the signature ({} bytes) is larger than the space kept for it ({reserved} bytes)",
            cms.len()
        )));
    }
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let hex = &mut out[contents_start + 1..contents_end - 1];
    for (index, byte) in cms.iter().enumerate() {
        hex[2 * index] = HEX[usize::from(byte >> 4)];
        hex[2 * index + 1] = HEX[usize::from(byte & 0x0F)];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lopdf_writes_the_placeholders_as_expected() {
        let mut doc = Document::with_version("1.7");
        doc.add_object(dictionary! {
            "ByteRange" => vec![
                Object::Integer(0),
                Object::Integer(PLACEHOLDER),
                Object::Integer(PLACEHOLDER),
                Object::Integer(PLACEHOLDER),
            ],
            "Contents" => Object::String(vec![0; 2], StringFormat::Hexadecimal),
        });
        let out = save(&mut doc).unwrap();
        let expected = [PLACEHOLDER_MARK, b"0000>>>"].concat();
        assert!(
            out.windows(expected.len())
                .any(|window| window == expected.as_slice())
        );
    }

    #[test]
    fn name_tree_keys_stay_sorted() {
        let mut entries = Vec::new();
        for name in ["b", "a", "c", "b"] {
            insert_name(&mut entries, name.as_bytes().to_vec(), Object::Null);
        }
        let keys: Vec<&[u8]> = entries
            .iter()
            .step_by(2)
            .map(|key| key.as_str().unwrap())
            .collect();
        assert_eq!(keys, [&b"a"[..], b"b", b"c"]);
    }
}
