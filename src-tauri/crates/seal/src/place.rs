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

/// The budget for reading a report the app drew itself.
const OWN_REPORT_BUDGET: usize = 64 * 1024 * 1024;

/// Each object stored directly in `pdf`, with the span of bytes it takes
/// (from its header to the next object or the cross-reference), in order.
fn object_spans(file: &PdfFile<'_>, pdf: &[u8]) -> Vec<(u32, std::ops::Range<usize>)> {
    let mut starts = file.object_offsets();
    starts.sort_by_key(|&(_, at)| at);
    // The cross-reference and the trailer come after every object.
    let end = crate::bytes::rfind(pdf, b"\nxref").map_or(pdf.len(), |at| at + 1);
    starts
        .iter()
        .enumerate()
        .map(|(index, &(number, start))| {
            let next = starts.get(index + 1).map_or(end, |&(_, at)| at).max(start);
            (number, start..next.min(pdf.len()))
        })
        .collect()
}

/// Which objects of a report make up which parts of it.
struct Parts<'f, 'a> {
    file: &'f PdfFile<'a>,
    pages: Vec<PageObjects>,
    attachment: Vec<u32>,
    /// The signature fields (widgets) and the signature dictionaries.
    signature_fields: Vec<u32>,
    signatures: Vec<u32>,
}

impl<'f, 'a> Parts<'f, 'a> {
    fn of(file: &'f PdfFile<'a>) -> Option<Parts<'f, 'a>> {
        let catalog = file.catalog().ok()?;
        let (signature_fields, signatures) = signature_objects(file, &catalog);
        Some(Parts {
            pages: page_objects(file, &catalog),
            attachment: attachment_objects(file, &catalog),
            signature_fields,
            signatures,
            file,
        })
    }

    /// The part object `number` belongs to.
    fn place(&self, number: u32) -> Place {
        if self.signature_fields.contains(&number) || self.signatures.contains(&number) {
            return Place::Signature;
        }
        if self.attachment.contains(&number) {
            return Place::Attachment;
        }
        for (index, page) in self.pages.iter().enumerate() {
            if page.number == number {
                return Place::Page(index + 1);
            }
            if page.contents.contains(&number) {
                return Place::PageDrawing(index + 1);
            }
        }
        match self.file.object(number).ok() {
            Some(Object::Dictionary(dict)) if is_font(&dict) => Place::Fonts,
            Some(Object::Stream(stream))
                if stream.dict.has(b"Length1") || is_font(&stream.dict) =>
            {
                Place::Fonts
            }
            _ => Place::Structure,
        }
    }
}

/// What the report `pdf` holds at byte `offset`; `None` when `pdf` cannot be
/// read.
pub fn place_of(pdf: &[u8], offset: usize) -> Option<Place> {
    let file = PdfFile::open(pdf, OWN_REPORT_BUDGET).ok()?;
    let spans = object_spans(&file, pdf);
    let Some((number, span)) = spans.iter().find(|(_, span)| span.contains(&offset)) else {
        return Some(Place::Structure);
    };
    let place = Parts::of(&file)?.place(*number);
    // Within a signature dictionary, its /Contents hex string.
    if place == Place::Signature
        && let Some(at) = crate::bytes::find(&pdf[span.clone()], b"/Contents<")
    {
        let contents_start = span.start + at + b"/Contents".len();
        let contents_end = crate::bytes::find(&pdf[contents_start..], b">")
            .map_or(pdf.len(), |end| contents_start + end + 1);
        if (contents_start..contents_end).contains(&offset) {
            return Some(Place::SignatureContents);
        }
    }
    Some(place)
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

/// The signature fields listed in the form, and their signature dictionaries.
fn signature_objects(file: &PdfFile<'_>, catalog: &Dictionary) -> (Vec<u32>, Vec<u32>) {
    let mut fields = Vec::new();
    let mut values = Vec::new();
    let Ok(Some(form)) = file.dictionary(catalog.get(b"AcroForm")) else {
        return (fields, values);
    };
    let Ok(Some(listed)) = file.array(form.get(b"Fields")) else {
        return (fields, values);
    };
    for field in &listed {
        fields.extend(reference(Some(field)));
        if let Ok(Some(widget)) = file.dictionary(Some(field)) {
            values.extend(reference(widget.get(b"V")));
        }
    }
    (fields, values)
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

/// How `found` differs from `report`, object by object; `None` when either
/// cannot be read that way.
pub fn differences(report: &[u8], found: &[u8]) -> Option<Differences> {
    let ours = PdfFile::open(report, OWN_REPORT_BUDGET).ok()?;
    let theirs = PdfFile::open(found, crate::inspect::INSPECTION_BUDGET).ok()?;
    let seen: std::collections::HashMap<u32, &[u8]> = object_spans(&theirs, found)
        .into_iter()
        .map(|(number, span)| (number, found[span].trim_ascii_end()))
        .collect();
    let parts = Parts::of(&ours)?;
    let expected = object_spans(&ours, report);
    let mut differences = Differences::default();
    for (number, span) in &expected {
        if seen.get(number) == Some(&report[span.clone()].trim_ascii_end()) {
            continue;
        }
        let place = parts.place(*number);
        if !differences.places.contains(&place) {
            differences.places.push(place);
        }
    }
    let ours_numbers: std::collections::HashSet<u32> =
        expected.iter().map(|(number, _)| *number).collect();
    differences.added = seen.keys().filter(|n| !ours_numbers.contains(n)).count();
    Some(differences)
}
