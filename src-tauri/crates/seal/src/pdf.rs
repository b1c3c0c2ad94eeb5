//! What sealing and checking share about PDF files: loading one safely
//! (a header check, a bound on decompression, and a guard so that a reader
//! bug on a hostile file becomes an error, not a crash), PDF text strings
//! and PDF dates, and looking entries up through indirect references.

use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::{DateTime, NaiveDate, Utc};
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, StringFormat};

use crate::error::SealError;
use crate::reader::has_pdf_header;

/// The most any one stream may decode to (a decompression bomb stops here).
pub(crate) const MAX_DECODED: usize = 64 * 1024 * 1024;

/// Loads `pdf`: `NotPdf` when there is no `%PDF-` header in the first 1 KB,
/// `DamagedPdf` when the structure cannot be read.
pub(crate) fn load(pdf: &[u8]) -> Result<Document, SealError> {
    if !has_pdf_header(pdf) {
        return Err(SealError::NotPdf);
    }
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_DECODED),
        ..LoadOptions::default()
    };
    guarded(|| Document::load_mem_with_options(pdf, options))?
        .map_err(|error| SealError::DamagedPdf(error.to_string()))
}

/// Runs `work`, turning a panic inside the PDF library into `DamagedPdf`.
pub(crate) fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, SealError> {
    catch_unwind(AssertUnwindSafe(work))
        .map_err(|_| SealError::DamagedPdf("the PDF reader could not make sense of it".into()))
}

/// A PDF text string: plain when `text` is printable ASCII, else UTF-16BE
/// with a byte-order mark (PDF 32000-1 section 7.9.2.2).
pub(crate) fn text_string(text: &str) -> Object {
    if text.bytes().all(|byte| (0x20..0x7f).contains(&byte)) {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// Reads a PDF text string: UTF-16BE or UTF-8 with a byte-order mark,
/// otherwise PDFDocEncoding (read as Latin-1, which it equals for text).
pub(crate) fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|&byte| char::from(byte)).collect()
    }
}

/// `D:YYYYMMDDHHmmSS+00'00'`, a PDF date in UTC.
pub(crate) fn pdf_date(at: DateTime<Utc>) -> String {
    at.format("D:%Y%m%d%H%M%S+00'00'").to_string()
}

/// Parses a PDF date (PDF 32000-1 section 7.9.4); fields after the year are
/// optional, the offset defaults to UTC.
pub(crate) fn parse_pdf_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let text = text.strip_prefix("D:").unwrap_or(text);
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return None;
    }
    let field = |start: usize, default: u32| -> Option<u32> {
        match digits.get(start..start + 2) {
            Some(two) => two.parse().ok(),
            None => Some(default),
        }
    };
    let year: i32 = digits.get(..4)?.parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, field(4, 1)?, field(6, 1)?)?;
    let local = date.and_hms_opt(field(8, 0)?, field(10, 0)?, field(12, 0)?)?;
    let rest = &text[digits.len()..];
    let offset_seconds = match rest.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let numbers: Vec<i64> = rest[1..]
                .split(|c: char| !c.is_ascii_digit())
                .filter(|part| !part.is_empty())
                .take(2)
                .filter_map(|part| part.parse().ok())
                .collect();
            // An offset is at most 23 hours 59 minutes; anything else is
            // not a date (and must not reach the arithmetic below).
            let hours = numbers.first().copied().unwrap_or(0);
            let minutes = numbers.get(1).copied().unwrap_or(0);
            if !(0..24).contains(&hours) || !(0..60).contains(&minutes) {
                return None;
            }
            let seconds = hours * 3600 + minutes * 60;
            if sign == '+' { seconds } else { -seconds }
        }
        _ => 0,
    };
    local
        .and_utc()
        .checked_sub_signed(chrono::TimeDelta::try_seconds(offset_seconds)?)
}

/// A dictionary given directly or by reference.
pub(crate) fn resolve_dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    match object {
        Object::Dictionary(dictionary) => Some(dictionary),
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        _ => None,
    }
}

/// An array given directly or by reference.
pub(crate) fn resolve_array<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Vec<Object>> {
    match object {
        Object::Array(array) => Some(array),
        Object::Reference(id) => doc.get_object(*id).and_then(Object::as_array).ok(),
        _ => None,
    }
}

/// The catalog's object number.
pub(crate) fn catalog_id(doc: &Document) -> Option<ObjectId> {
    doc.trailer.get(b"Root").and_then(Object::as_reference).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_offsets_apply() {
        let at: DateTime<Utc> = "2025-06-30T14:05:09Z".parse().unwrap();
        assert_eq!(pdf_date(at), "D:20250630140509+00'00'");
        assert_eq!(parse_pdf_date(&pdf_date(at)), Some(at));
        assert_eq!(parse_pdf_date("D:20250630150509+01'00'"), Some(at));
        assert_eq!(
            parse_pdf_date("D:2025"),
            Some("2025-01-01T00:00:00Z".parse().unwrap())
        );
        assert_eq!(parse_pdf_date("D:20251399"), None);
        // Hostile offsets are not dates, and never panic.
        assert_eq!(
            parse_pdf_date("D:20250630150509+99999999999999999'00'"),
            None
        );
        assert_eq!(parse_pdf_date("D:20250630150509-24'00'"), None);
        for edge in ["D:99991231235959-23'59'", "D:00000101000000+23'59'"] {
            let _ = parse_pdf_date(edge);
        }
        assert_eq!(parse_pdf_date("nonsense"), None);
    }

    #[test]
    fn text_strings_round_trip() {
        for text in ["Dr Priya Shah and Alex Morgan", "Zoë Ní Bhriain – Ward 7"] {
            let object = text_string(text);
            assert_eq!(decode_text(object.as_str().unwrap()), text);
        }
    }
}
