//! Laid-out pages to PDF bytes, through printpdf, the same bytes every time.
//!
//! printpdf builds the document: the page tree, the resources and the fonts
//! (Type 0 with their widths, `ToUnicode` map and descriptor, from the
//! glyphs the pages use). The page content streams are written by `content`
//! and put in place of printpdf's. printpdf 0.12.8 leaves three things to
//! chance or to defaults this report cannot use, and they are settled here:
//! - fonts are registered under fixed resource names instead of the random
//!   ones `PdfDocument::add_font` makes, and subset here (see `fonts`);
//! - the trailer's `/ID`, random in printpdf, is derived from the record's
//!   digest; no XMP packet (with its random instance id) is written;
//! - the document information, `/Lang (en-GB)`, the outline and the PDF
//!   version are written on printpdf's lopdf document before it is saved.
//!
//! Streams are Flate-compressed and decodable by lopdf, which the sealing
//! step uses to append its signature to this file.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    FontId, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfParseErrorSeverity,
    PdfSaveOptions, Pt, Rect, TextItem,
};

use crate::ReportError;
use crate::content::{GlyphCodes, page_content};
use crate::fonts::{Face, Fonts};
use crate::frame::{RunningText, draft_watermark, running_marks};
use crate::page::{Anchor, Mark, PAGE_HEIGHT, PAGE_WIDTH, Page};

/// The document information dictionary's contents.
pub(crate) struct DocumentInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: String,
    pub created: DateTime<Utc>,
    /// The layout drawn, named in the catalog and the producer.
    pub layout: u32,
}

/// Writes the pages, with their running header and footer, as a PDF.
/// `file_id` becomes both halves of the trailer's `/ID`.
pub(crate) fn write_pdf(
    fonts: &Fonts,
    pages: Vec<Page>,
    anchors: &[Anchor],
    running: &RunningText,
    info: &DocumentInfo,
    file_id: &[u8],
) -> Result<Vec<u8>, ReportError> {
    let total = pages.len();
    let pages: Vec<Page> = pages
        .into_iter()
        .enumerate()
        .map(|(index, mut page)| {
            resolve_page_numbers(fonts, &mut page, anchors);
            page.marks
                .extend(running_marks(fonts, running, index + 1, total));
            page
        })
        .collect();

    // The characters each face shows, as a bitmap of the Basic Multilingual
    // Plane: characters beyond it have no glyph and are drawn as a stand-in.
    let mut seen: BTreeMap<Face, Vec<u64>> = BTreeMap::new();
    for page in &pages {
        for mark in &page.marks {
            if let Mark::Text { style, text, .. } = mark {
                let bits = seen.entry(style.face).or_insert_with(|| vec![0; 1024]);
                for c in text.chars() {
                    if let Some(word) = bits.get_mut(c as usize / 64) {
                        *word |= 1 << (c as usize % 64);
                    }
                }
            }
        }
    }
    let used: BTreeMap<Face, BTreeSet<char>> = seen
        .into_iter()
        .map(|(face, bits)| {
            let chars = (0..bits.len() * 64)
                .filter(|&i| bits[i / 64] & (1 << (i % 64)) != 0)
                .filter_map(|i| char::from_u32(i as u32))
                .collect();
            (face, chars)
        })
        .collect();

    // printpdf embeds a font with the glyphs its pages show: it is shown
    // each character once, on a page whose content is replaced below.
    let mut document = PdfDocument::new(&info.title);
    let mut inventory = vec![Op::StartTextSection];
    let mut codes: BTreeMap<Face, GlyphCodes> = BTreeMap::new();
    let mut one_byte_fonts: Vec<(Face, Vec<(char, u16)>)> = Vec::new();
    for face in Face::ALL {
        let Some(chars) = used.get(&face) else {
            continue;
        };
        let subset = fonts.face(face).subset(face, chars)?;
        let id = FontId(face.resource_name().to_owned());
        inventory.push(Op::SetFont {
            font: PdfFontHandle::External(id.clone()),
            size: Pt(10.0),
        });
        inventory.push(Op::ShowText {
            items: vec![TextItem::Text(
                subset.codes.iter().map(|(c, _)| c).collect(),
            )],
        });
        let glyph_codes = GlyphCodes::new(subset.codes.iter().copied());
        if glyph_codes.one_byte() {
            one_byte_fonts.push((face, subset.codes.clone()));
        }
        codes.insert(face, glyph_codes);
        document
            .resources
            .fonts
            .map
            .insert(id, PdfFont::new(subset.font));
    }
    inventory.push(Op::EndTextSection);
    document.pages = (0..pages.len())
        .map(|index| PdfPage {
            media_box: page_box(),
            trim_box: page_box(),
            crop_box: page_box(),
            ops: if index == 0 {
                inventory.clone()
            } else {
                Vec::new()
            },
        })
        .collect();

    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut pdf = printpdf::serialize::to_lopdf_doc(&document, &options, &mut warnings);
    if let Some(problem) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(ReportError::Pdf(problem.msg.clone()));
    }

    let page_ids = pdf.get_pages();
    if page_ids.len() != pages.len() {
        return Err(ReportError::Pdf(
            "printpdf wrote a different number of pages".into(),
        ));
    }
    if let Some(first_page) = page_ids.values().next().copied() {
        for (face, face_codes) in &one_byte_fonts {
            use_one_byte_codes(&mut pdf, first_page, *face, face_codes)?;
        }
    }
    for (page, page_id) in pages.iter().zip(page_ids.values()) {
        let stream = content_stream_of(&pdf, *page_id)?;
        let content = page_content(fonts, &codes, page, |out| {
            if running.draft {
                draft_watermark(out);
            }
        });
        match pdf.objects.get_mut(&stream) {
            Some(Object::Stream(stream)) => stream.set_content(content),
            _ => return Err(ReportError::Pdf("a page has no content stream".into())),
        }
    }

    finish(&mut pdf, info, anchors, file_id)?;
    compress_streams(&mut pdf)?;
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes)
        .map_err(|e| ReportError::Pdf(e.to_string()))?;
    Ok(bytes)
}

/// Switches a font printpdf wrote for two-byte codes (Identity-H, and a
/// ToUnicode map of two-byte codes) to one byte per glyph: an embedded
/// identity CMap over `<00>`–`<FF>` and a ToUnicode map of one-byte codes.
/// The glyph numbers (CIDs) and their widths stay as they are.
fn use_one_byte_codes(
    pdf: &mut lopdf::Document,
    page: ObjectId,
    face: Face,
    codes: &[(char, u16)],
) -> Result<(), ReportError> {
    let broken =
        |what: &str| ReportError::Pdf(format!("the font {}: {what}", face.resource_name()));
    let resources = pdf
        .get_dictionary(page)
        .and_then(|d| d.get(b"Resources"))
        .and_then(|r| pdf.dereference(r))
        .and_then(|(_, r)| r.as_dict())
        .map_err(|e| broken(&e.to_string()))?;
    let font_id = resources
        .get(b"Font")
        .and_then(|f| pdf.dereference(f))
        .and_then(|(_, f)| f.as_dict())
        .and_then(|f| f.get(face.resource_name().as_bytes()))
        .and_then(Object::as_reference)
        .map_err(|e| broken(&e.to_string()))?;

    let identity = lopdf::Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"CMap".to_vec())),
            ("CMapName", Object::Name(ONE_BYTE_CMAP_NAME.to_vec())),
            (
                "CIDSystemInfo",
                Object::Dictionary(cid_system_info(b"Identity")),
            ),
        ]),
        one_byte_identity_cmap().into_bytes(),
    );
    let identity_id = pdf.add_object(identity);
    // printpdf's two-byte map is rewritten in place, so no orphan is left.
    let to_unicode = one_byte_to_unicode(codes).into_bytes();
    let existing = pdf
        .get_dictionary(font_id)
        .and_then(|f| f.get(b"ToUnicode"))
        .and_then(Object::as_reference)
        .ok();
    let to_unicode_id = match existing.and_then(|id| pdf.objects.get_mut(&id).map(|o| (id, o))) {
        Some((id, Object::Stream(stream))) => {
            stream.set_content(to_unicode);
            id
        }
        _ => pdf.add_object(lopdf::Stream::new(Dictionary::new(), to_unicode)),
    };
    let font = pdf
        .get_object_mut(font_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| broken(&e.to_string()))?;
    font.set("Encoding", Object::Reference(identity_id));
    font.set("ToUnicode", Object::Reference(to_unicode_id));
    Ok(())
}

const ONE_BYTE_CMAP_NAME: &[u8] = b"PSA-OneByte-Identity";

fn cid_system_info(ordering: &[u8]) -> Dictionary {
    Dictionary::from_iter(vec![
        (
            "Registry",
            Object::String(b"Adobe".to_vec(), StringFormat::Literal),
        ),
        (
            "Ordering",
            Object::String(ordering.to_vec(), StringFormat::Literal),
        ),
        ("Supplement", Object::Integer(0)),
    ])
}

/// Code `<nn>` shows glyph (CID) `nn`.
fn one_byte_identity_cmap() -> String {
    format!(
        "%!PS-Adobe-3.0 Resource-CMap\n\
         /CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n\
         /CMapName /{} def\n/CMapType 1 def\n\
         1 begincodespacerange\n<00> <FF>\nendcodespacerange\n\
         1 begincidrange\n<00> <FF> 0\nendcidrange\n\
         endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n",
        String::from_utf8_lossy(ONE_BYTE_CMAP_NAME)
    )
}

/// Each one-byte code to the character it shows, for copying and searching.
fn one_byte_to_unicode(codes: &[(char, u16)]) -> String {
    use std::fmt::Write as _;
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<00> <FF>\nendcodespacerange\n",
    );
    // PDF allows at most 100 mappings in one block.
    for block in codes.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", block.len());
        for (c, code) in block {
            let mut units = [0u16; 2];
            let unicode: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            let _ = writeln!(out, "<{code:02X}> <{unicode}>");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// The id of a page's (single) content stream.
fn content_stream_of(pdf: &lopdf::Document, page: ObjectId) -> Result<ObjectId, ReportError> {
    pdf.get_dictionary(page)
        .and_then(|d| d.get(b"Contents"))
        .and_then(Object::as_reference)
        .map_err(|e| ReportError::Pdf(e.to_string()))
}

fn page_box() -> Rect {
    Rect {
        x: Pt(0.0),
        y: Pt(0.0),
        width: Pt(PAGE_WIDTH),
        height: Pt(PAGE_HEIGHT),
        mode: None,
        winding_order: None,
    }
}

/// Turns contents entries ("page of anchor n") into text, right-aligned.
fn resolve_page_numbers(fonts: &Fonts, page: &mut Page, anchors: &[Anchor]) {
    for mark in &mut page.marks {
        if let Mark::PageNumberOf {
            anchor,
            right,
            baseline,
            style,
        } = *mark
        {
            let text = anchors
                .get(anchor)
                .and_then(|a| a.page)
                .map_or_else(String::new, |p| (p + 1).to_string());
            *mark = Mark::Text {
                x: right - fonts.width(style.face, style.size, &text),
                baseline,
                style,
                text,
            };
        }
    }
}

fn round(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}

/// A PDF text string: plain where it is ASCII, UTF-16BE otherwise.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            bytes.extend(unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// `D:20261121140500+00'00'`.
fn pdf_date(at: DateTime<Utc>) -> Object {
    Object::String(
        at.format("D:%Y%m%d%H%M%S+00'00'").to_string().into_bytes(),
        StringFormat::Literal,
    )
}

fn reference(object: Option<&Object>) -> Result<ObjectId, ReportError> {
    object
        .and_then(|o| o.as_reference().ok())
        .ok_or_else(|| ReportError::Pdf("printpdf wrote no catalog or document information".into()))
}

/// Writes what printpdf does not: the document information, the catalog's
/// language and outline, a deterministic `/ID`.
fn finish(
    pdf: &mut lopdf::Document,
    info: &DocumentInfo,
    anchors: &[Anchor],
    file_id: &[u8],
) -> Result<(), ReportError> {
    // Type 0 fonts, marked content with /ActualText and /Lang need PDF 1.5 at least.
    pdf.version = "1.7".to_owned();

    let info_id = reference(pdf.trailer.get(b"Info").ok())?;
    // Layout 1 named the app's version, which was 0.1.0 for every report drawn
    // with it; from layout 2 the layout is named, so a new version of the app
    // that draws the same layout draws the same bytes.
    let producer = if info.layout == 1 {
        "Prevent Self-Assessment 0.1.0".to_owned()
    } else {
        format!("Prevent Self-Assessment (report layout {})", info.layout)
    };
    let information = Dictionary::from_iter(vec![
        ("Title", text_string(&info.title)),
        ("Author", text_string(&info.author)),
        ("Subject", text_string(&info.subject)),
        ("Keywords", text_string(&info.keywords)),
        ("Creator", text_string(&producer)),
        (
            "Producer",
            text_string(&format!("{producer} with printpdf")),
        ),
        ("CreationDate", pdf_date(info.created)),
        ("ModDate", pdf_date(info.created)),
    ]);
    pdf.objects.insert(info_id, Object::Dictionary(information));

    let outline = write_outline(pdf, anchors);
    let catalog_id = reference(pdf.trailer.get(b"Root").ok())?;
    let catalog = pdf
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| ReportError::Pdf(e.to_string()))?;
    catalog.set(
        "Lang",
        Object::String(b"en-GB".to_vec(), StringFormat::Literal),
    );
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    catalog.set(crate::LAYOUT_KEY, Object::Integer(i64::from(info.layout)));
    if let Some(outline) = outline {
        catalog.set("Outlines", Object::Reference(outline));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }

    let id = Object::String(file_id.to_vec(), StringFormat::Hexadecimal);
    pdf.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    Ok(())
}

/// The bookmarks: each part of the report, with the parts within it nested.
fn write_outline(pdf: &mut lopdf::Document, anchors: &[Anchor]) -> Option<ObjectId> {
    let pages = pdf.get_pages();
    let placed: Vec<(&Anchor, ObjectId)> = anchors
        .iter()
        .filter_map(|a| {
            let page = pages.get(&(u32::try_from(a.page? + 1).ok()?))?;
            Some((a, *page))
        })
        .collect();
    if placed.is_empty() {
        return None;
    }
    let root = pdf.new_object_id();
    let ids: Vec<ObjectId> = placed.iter().map(|_| pdf.new_object_id()).collect();

    // Each entry's parent: the part it belongs to, or none for a part.
    let mut parent_of: Vec<Option<usize>> = Vec::with_capacity(placed.len());
    let mut current_part = None;
    for (i, (anchor, _)) in placed.iter().enumerate() {
        if anchor.level == 0 {
            current_part = Some(i);
            parent_of.push(None);
        } else {
            parent_of.push(current_part);
        }
    }
    let children = |parent: Option<usize>| -> Vec<usize> {
        (0..placed.len())
            .filter(|&i| parent_of[i] == parent)
            .collect()
    };

    let top = children(None);
    for (i, (anchor, page)) in placed.iter().enumerate() {
        let siblings = children(parent_of[i]);
        let position = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let mut entry = Dictionary::from_iter(vec![
            ("Title", text_string(&anchor.title)),
            (
                "Parent",
                Object::Reference(parent_of[i].map_or(root, |p| ids[p])),
            ),
            (
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(round(PAGE_HEIGHT - anchor.y + 6.0)),
                    Object::Null,
                ]),
            ),
        ]);
        if position > 0 {
            entry.set("Prev", Object::Reference(ids[siblings[position - 1]]));
        }
        if let Some(&next) = siblings.get(position + 1) {
            entry.set("Next", Object::Reference(ids[next]));
        }
        let own = children(Some(i));
        if let (Some(&first), Some(&last)) = (own.first(), own.last()) {
            entry.set("First", Object::Reference(ids[first]));
            entry.set("Last", Object::Reference(ids[last]));
            entry.set("Count", Object::Integer(own.len() as i64));
        }
        pdf.objects.insert(ids[i], Object::Dictionary(entry));
    }
    let (first, last) = (top.first()?, top.last()?);
    pdf.objects.insert(
        root,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Outlines".to_vec())),
            ("First", Object::Reference(ids[*first])),
            ("Last", Object::Reference(ids[*last])),
            ("Count", Object::Integer(placed.len() as i64)),
        ])),
    );
    Some(root)
}

/// Flate-compresses every stream not compressed yet, at a level that costs
/// little time: lopdf's own pass uses the slowest.
fn compress_streams(pdf: &mut lopdf::Document) -> Result<(), ReportError> {
    for object in pdf.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if stream.dict.get(b"Filter").is_ok() || !stream.allows_compression {
                continue;
            }
            let mut encoder = flate2::write::ZlibEncoder::new(
                Vec::with_capacity(stream.content.len() / 3),
                flate2::Compression::new(6),
            );
            encoder
                .write_all(&stream.content)
                .map_err(|e| ReportError::Pdf(e.to_string()))?;
            let compressed = encoder
                .finish()
                .map_err(|e| ReportError::Pdf(e.to_string()))?;
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(compressed);
        }
    }
    Ok(())
}
