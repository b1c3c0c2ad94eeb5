//! Where a file differs from a sealed report: on which page, in its drawing,
//! in the fonts, the attached record or the signature. Checking uses it to
//! say where a file differs from the report drawn again from its record,
//! object by object, so that a change on page 2 is named as page 2 even when
//! a tool rewrote the whole file around it. The report is the app's own; the
//! other file is read within a budget, like any file being checked.

use crate::reader::{Dictionary, Object, PdfFile};

/// A part of a sealed report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A page's own entries: its boxes, annotations, resources (1-based).
    Page(usize),
    /// What is drawn on a page: its content stream (1-based).
    PageDrawing(usize),
    /// The embedded fonts.
    Fonts,
    /// The attached record or its file specification.
    Attachment,
    /// The signature's dictionary or field, outside its /Contents.
    Signature,
    /// The signature's /Contents hex string.
    SignatureContents,
    /// Anything else: the catalog, the outline, the cross-reference.
    Structure,
}

/// What the report `pdf` holds at byte `offset`; `None` when `pdf` cannot be
/// read.
pub fn place_of(pdf: &[u8], offset: usize) -> Option<Place> {
    let file = PdfFile::open(pdf, 64 * 1024 * 1024).ok()?;
    let mut starts = file.object_offsets();
    starts.sort_by_key(|&(_, at)| at);
    let Some(&(number, start)) = starts.iter().rev().find(|&&(_, at)| at <= offset) else {
        return Some(Place::Structure);
    };
    // The cross-reference and the trailer come after every object.
    let xref = crate::reader::rfind(pdf, b"\nxref").map_or(pdf.len(), |at| at + 1);
    if offset >= xref {
        return Some(Place::Structure);
    }
    let catalog = file.catalog().ok()?;
    if let Some(place) = signature_place(&file, &catalog, number, pdf, start, offset) {
        return Some(place);
    }
    if attachment_objects(&file, &catalog).contains(&number) {
        return Some(Place::Attachment);
    }
    for (index, page) in page_objects(&file, &catalog).iter().enumerate() {
        if page.number == number {
            return Some(Place::Page(index + 1));
        }
        if page.contents.contains(&number) {
            return Some(Place::PageDrawing(index + 1));
        }
    }
    match file.object(number).ok()? {
        Object::Dictionary(dict) if is_font(&dict) => Some(Place::Fonts),
        Object::Stream(stream) if stream.dict.has(b"Length1") || is_font(&stream.dict) => {
            Some(Place::Fonts)
        }
        _ => Some(Place::Structure),
    }
}

fn is_font(dict: &Dictionary) -> bool {
    matches!(dict.name(b"Type"), Some(b"Font" | b"FontDescriptor"))
}

fn reference(object: Option<&Object>) -> Option<u32> {
    match object {
        Some(Object::Reference(number)) => Some(*number),
        _ => None,
    }
}

fn signature_place(
    file: &PdfFile<'_>,
    catalog: &Dictionary,
    number: u32,
    pdf: &[u8],
    start: usize,
    offset: usize,
) -> Option<Place> {
    let form = file.dictionary(catalog.get(b"AcroForm")).ok()??;
    let fields = file.array(form.get(b"Fields")).ok()??;
    for field in &fields {
        let field_number = reference(Some(field));
        let Some(widget) = file.dictionary(Some(field)).ok()? else {
            continue;
        };
        let value = reference(widget.get(b"V"));
        if field_number == Some(number) {
            return Some(Place::Signature);
        }
        if value == Some(number) {
            let object = &pdf[start..];
            if let Some(at) = crate::reader::find(object, b"/Contents<") {
                let contents_start = start + at + b"/Contents".len();
                let contents_end = crate::reader::find(&pdf[contents_start..], b">")
                    .map_or(pdf.len(), |end| contents_start + end + 1);
                if (contents_start..contents_end).contains(&offset) {
                    return Some(Place::SignatureContents);
                }
            }
            return Some(Place::Signature);
        }
    }
    None
}

fn attachment_objects(file: &PdfFile<'_>, catalog: &Dictionary) -> Vec<u32> {
    let mut out = Vec::new();
    let Ok(Some(names)) = file.dictionary(catalog.get(b"Names")) else {
        return out;
    };
    out.extend(reference(names.get(b"EmbeddedFiles")));
    let Ok(Some(tree)) = file.dictionary(names.get(b"EmbeddedFiles")) else {
        return out;
    };
    out.extend(reference(tree.get(b"Names")));
    let Ok(Some(entries)) = file.array(tree.get(b"Names")) else {
        return out;
    };
    for value in entries.iter().skip(1).step_by(2) {
        out.extend(reference(Some(value)));
        if let Ok(Some(filespec)) = file.dictionary(Some(value))
            && let Ok(Some(embedded)) = file.dictionary(filespec.get(b"EF"))
        {
            out.extend(reference(embedded.get(b"F")));
            out.extend(reference(embedded.get(b"UF")));
        }
    }
    out
}

struct PageObjects {
    number: u32,
    contents: Vec<u32>,
}

fn page_objects(file: &PdfFile<'_>, catalog: &Dictionary) -> Vec<PageObjects> {
    let mut out = Vec::new();
    let mut pending = vec![(catalog.get(b"Pages").cloned(), 0usize)];
    while let Some((node, depth)) = pending.pop() {
        if depth > 16 || out.len() > 100_000 {
            break;
        }
        let number = reference(node.as_ref());
        let Ok(Some(dict)) = file.dictionary(node.as_ref()) else {
            continue;
        };
        if dict.name(b"Type") == Some(b"Pages") {
            if let Ok(Some(kids)) = file.array(dict.get(b"Kids")) {
                for kid in kids.into_iter().rev() {
                    pending.push((Some(kid), depth + 1));
                }
            }
            continue;
        }
        let contents = match dict.get(b"Contents") {
            Some(Object::Reference(n)) => vec![*n],
            Some(Object::Array(items)) => items.iter().filter_map(|i| reference(Some(i))).collect(),
            _ => Vec::new(),
        };
        if let Some(number) = number {
            out.push(PageObjects { number, contents });
        }
    }
    out
}

/// How a file differs from a report, object by object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Differences {
    /// The parts whose objects differ, in the report's order, each once.
    pub places: Vec<Place>,
    /// Objects the file has that the report does not.
    pub added: usize,
}

/// Each object of `pdf` stored directly, with its bytes (from its header to
/// the next object or the cross-reference).
fn object_bytes<'a>(file: &PdfFile<'_>, pdf: &'a [u8]) -> Vec<(u32, &'a [u8])> {
    let mut starts = file.object_offsets();
    starts.sort_by_key(|&(_, at)| at);
    let end = crate::reader::rfind(pdf, b"\nxref").map_or(pdf.len(), |at| at + 1);
    let mut out = Vec::with_capacity(starts.len());
    for (index, &(number, start)) in starts.iter().enumerate() {
        let next = starts.get(index + 1).map_or(end, |&(_, at)| at).max(start);
        if let Some(bytes) = pdf.get(start..next.min(pdf.len())) {
            out.push((number, bytes.trim_ascii_end()));
        }
    }
    out
}

/// How `found` differs from `report`, object by object; `None` when either
/// cannot be read that way.
pub fn differences(report: &[u8], found: &[u8]) -> Option<Differences> {
    let ours = PdfFile::open(report, 64 * 1024 * 1024).ok()?;
    let theirs = PdfFile::open(found, crate::inspect::INSPECTION_BUDGET).ok()?;
    let expected = object_bytes(&ours, report);
    let seen: std::collections::HashMap<u32, &[u8]> =
        object_bytes(&theirs, found).into_iter().collect();
    let catalog = ours.catalog().ok()?;
    let pages = page_objects(&ours, &catalog);
    let attachment = attachment_objects(&ours, &catalog);
    let mut differences = Differences::default();
    for (number, bytes) in &expected {
        if seen.get(number) == Some(bytes) {
            continue;
        }
        let place = if attachment.contains(number) {
            Place::Attachment
        } else if let Some(index) = pages.iter().position(|p| p.number == *number) {
            Place::Page(index + 1)
        } else if let Some(index) = pages.iter().position(|p| p.contents.contains(number)) {
            Place::PageDrawing(index + 1)
        } else {
            match ours.object(*number).ok() {
                Some(Object::Dictionary(dict)) if is_font(&dict) => Place::Fonts,
                Some(Object::Stream(stream))
                    if stream.dict.has(b"Length1") || is_font(&stream.dict) =>
                {
                    Place::Fonts
                }
                Some(Object::Dictionary(dict))
                    if matches!(dict.name(b"Type"), Some(b"Sig" | b"Annot"))
                        && dict.has(b"ByteRange") =>
                {
                    Place::Signature
                }
                _ => Place::Structure,
            }
        };
        if !differences.places.contains(&place) {
            differences.places.push(place);
        }
    }
    let ours_numbers: std::collections::HashSet<u32> =
        expected.iter().map(|(number, _)| *number).collect();
    differences.added = seen.keys().filter(|n| !ours_numbers.contains(n)).count();
    Some(differences)
}
