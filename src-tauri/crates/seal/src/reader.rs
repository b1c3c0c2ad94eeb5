//! A PDF reader for files nobody vouches for: a PDF someone was sent and
//! wants checked. It reads only what checking needs (the cross-reference,
//! the catalog, the attachments, the signature fields), each object when it
//! is asked for, and every step draws on one [`Budget`] shared by the whole
//! read: parsed objects and decoded bytes alike. A file that would need more
//! is refused as too complex, before the memory is taken, so no input can
//! make the process run out of memory or abort.
//!
//! It reads what PDF writers produce (classic cross-reference tables and
//! cross-reference streams, incremental updates, object streams, Flate with
//! PNG predictors) and nothing it does not need: no content streams, no
//! fonts, no encryption. Soundness does not rest on it: a sealed report is
//! judged by comparing the whole file with the report drawn again from its
//! record, so a reader that is fooled only makes a file fail that check.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::ops::Range;
use std::rc::Rc;

use crate::bytes::{find, rfind};

/// Whether `bytes` has a `%PDF-` header in its first 1 KB, where readers
/// look for it: what tells a PDF from any other file.
pub(crate) fn has_pdf_header(bytes: &[u8]) -> bool {
    find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some()
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// It does not start like a PDF.
    NotPdf,
    /// It starts like one, but its structure cannot be read.
    Damaged(String),
    /// Reading it would take more than the budget allows.
    OverBudget,
}

type Result<T> = std::result::Result<T, ReadError>;

fn damaged<T>(what: impl Into<String>) -> Result<T> {
    Err(ReadError::Damaged(what.into()))
}

/// What one read may spend, in units of about one byte of memory: each
/// parsed object costs [`OBJECT_COST`], each byte of a string, name or
/// decoded stream one, each cross-reference entry [`ENTRY_COST`].
#[derive(Debug)]
pub(crate) struct Budget {
    remaining: usize,
}

/// What a parsed object costs: about its size in memory, with the spare
/// room of the list that holds it (lists grow by doubling).
const OBJECT_COST: usize = 128;
/// What a cross-reference entry costs.
const ENTRY_COST: usize = 48;
/// How deeply arrays and dictionaries may nest.
const MAX_NESTING: usize = 64;
/// How many references are followed to reach one object.
const MAX_REFERENCE_CHAIN: usize = 32;
/// How many cross-reference sections (incremental updates) are read.
const MAX_SECTIONS: usize = 256;
/// The most a cross-reference stream or an object stream may decode to: a
/// report's are a few kilobytes, a large book's a few megabytes.
const MAX_STRUCTURE_STREAM: usize = 16 * 1024 * 1024;
/// The largest object number accepted.
const MAX_OBJECT_NUMBER: u64 = 8_388_607;

impl Budget {
    pub(crate) fn new(units: usize) -> Budget {
        Budget { remaining: units }
    }

    fn spend(&mut self, units: usize) -> Result<()> {
        match self.remaining.checked_sub(units) {
            Some(left) => {
                self.remaining = left;
                Ok(())
            }
            None => {
                self.remaining = 0;
                Err(ReadError::OverBudget)
            }
        }
    }

    pub(crate) fn remaining(&self) -> usize {
        self.remaining
    }
}

/// A PDF object as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Object {
    Null,
    Boolean(bool),
    Integer(i64),
    Real(f64),
    String(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Object>),
    Dictionary(Dictionary),
    Reference(u32),
    Stream(Stream),
}

/// A dictionary: its entries in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Dictionary(Vec<(Vec<u8>, Object)>);

impl Dictionary {
    /// The value of `key` (the first, should it appear twice).
    pub(crate) fn get(&self, key: &[u8]) -> Option<&Object> {
        self.0
            .iter()
            .find(|(name, _)| name.as_slice() == key)
            .map(|(_, value)| value)
    }

    pub(crate) fn has(&self, key: &[u8]) -> bool {
        self.get(key).is_some()
    }

    pub(crate) fn name(&self, key: &[u8]) -> Option<&[u8]> {
        match self.get(key) {
            Some(Object::Name(name)) => Some(name),
            _ => None,
        }
    }

    pub(crate) fn string(&self, key: &[u8]) -> Option<&[u8]> {
        match self.get(key) {
            Some(Object::String(text)) => Some(text),
            _ => None,
        }
    }

    pub(crate) fn integer(&self, key: &[u8]) -> Option<i64> {
        match self.get(key) {
            Some(Object::Integer(value)) => Some(*value),
            _ => None,
        }
    }
}

/// A stream: its dictionary and where its raw bytes lie in the file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stream {
    pub(crate) dict: Dictionary,
    pub(crate) data: Range<usize>,
}

/// Where an object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Location {
    /// At this offset in the file.
    At(usize),
    /// The `index`th object of the object stream `stream`.
    InStream { stream: u32 },
}

/// An object stream, decoded once.
struct ObjectStream {
    data: Vec<u8>,
    /// Each object's offset from `first`, by number.
    offsets: HashMap<u32, usize>,
    first: usize,
}

/// A PDF opened for reading.
pub(crate) struct PdfFile<'a> {
    bytes: &'a [u8],
    locations: HashMap<u32, Location>,
    trailer: Dictionary,
    /// How many cross-reference sections the file has: more than one means
    /// it was updated after it was first written.
    sections: usize,
    budget: RefCell<Budget>,
    object_streams: RefCell<HashMap<u32, Rc<ObjectStream>>>,
    /// Objects being read, so a stream whose /Length refers to itself stops.
    reading: RefCell<Vec<u32>>,
}

impl<'a> PdfFile<'a> {
    /// Opens `bytes` with `budget` units to spend: reads the header and the
    /// cross-reference, nothing else yet.
    pub(crate) fn open(bytes: &'a [u8], budget: usize) -> Result<PdfFile<'a>> {
        if !has_pdf_header(bytes) {
            return Err(ReadError::NotPdf);
        }
        let mut file = PdfFile {
            bytes,
            locations: HashMap::new(),
            trailer: Dictionary::default(),
            sections: 0,
            budget: RefCell::new(Budget::new(budget)),
            object_streams: RefCell::new(HashMap::new()),
            reading: RefCell::new(Vec::new()),
        };
        file.read_cross_reference()?;
        Ok(file)
    }

    /// Each object stored directly in the file, with its offset.
    pub(crate) fn object_offsets(&self) -> Vec<(u32, usize)> {
        self.locations
            .iter()
            .filter_map(|(&number, location)| match location {
                Location::At(offset) => Some((number, *offset)),
                Location::InStream { .. } => None,
            })
            .collect()
    }

    /// How many cross-reference sections the file has.
    pub(crate) fn sections(&self) -> usize {
        self.sections
    }

    /// What is left of the budget.
    pub(crate) fn budget_left(&self) -> usize {
        self.budget.borrow().remaining()
    }

    fn spend(&self, units: usize) -> Result<()> {
        self.budget.borrow_mut().spend(units)
    }

    // ----- the cross-reference -----

    fn read_cross_reference(&mut self) -> Result<()> {
        let tail_start = self.bytes.len().saturating_sub(1024);
        let Some(at) = rfind(&self.bytes[tail_start..], b"startxref") else {
            return damaged("it has no cross-reference table (the file may have been cut short)");
        };
        let mut lexer = Lexer::new(self.bytes, tail_start + at + b"startxref".len());
        let Some(Token::Integer(offset)) = lexer.token()? else {
            return damaged("its cross-reference position cannot be read");
        };
        let mut next = usize::try_from(offset).ok();
        let mut seen = HashSet::new();
        let mut first = true;
        while let Some(offset) = next {
            if !seen.insert(offset) {
                return damaged("its cross-reference sections refer to each other in a loop");
            }
            if seen.len() > MAX_SECTIONS {
                return Err(ReadError::OverBudget);
            }
            let trailer = self.read_section(offset)?;
            if let Some(Object::Integer(stream)) = trailer.get(b"XRefStm") {
                // A hybrid file: the stream holds what the table leaves out.
                if let Ok(stream) = usize::try_from(*stream) {
                    self.read_section(stream)?;
                }
            }
            next = match trailer.get(b"Prev") {
                Some(Object::Integer(previous)) => usize::try_from(*previous).ok(),
                Some(_) => return damaged("its cross-reference chain is broken"),
                None => None,
            };
            if first {
                self.trailer = trailer;
                first = false;
            }
            self.sections += 1;
        }
        if !self.trailer.has(b"Root") {
            return damaged("its trailer names no catalog");
        }
        Ok(())
    }

    /// Reads the section at `offset`, keeping entries not already known
    /// (a later section overrides an earlier one); returns its trailer.
    fn read_section(&mut self, offset: usize) -> Result<Dictionary> {
        if offset >= self.bytes.len() {
            return damaged("its cross-reference lies outside the file");
        }
        let mut lexer = Lexer::new(self.bytes, offset);
        lexer.skip_space();
        if self.bytes[lexer.at..].starts_with(b"xref") {
            lexer.at += 4;
            self.read_table(&mut lexer)
        } else {
            self.read_stream_section(offset)
        }
    }

    fn read_table(&mut self, lexer: &mut Lexer<'_>) -> Result<Dictionary> {
        let mut charged = lexer.at;
        loop {
            lexer.skip_space();
            // Bytes read between entries are charged like any others.
            self.spend(lexer.at.saturating_sub(charged))?;
            charged = lexer.at;
            if self.bytes[lexer.at..].starts_with(b"trailer") {
                lexer.at += b"trailer".len();
                let mut parser = Parser::new(self, lexer.at);
                return match parser.object(0)? {
                    Object::Dictionary(trailer) => Ok(trailer),
                    _ => damaged("its trailer is not a dictionary"),
                };
            }
            let (Some(Token::Integer(start)), Some(Token::Integer(count))) =
                (lexer.token()?, lexer.token()?)
            else {
                return damaged("its cross-reference table cannot be read");
            };
            let (Ok(start), Ok(count)) = (u64::try_from(start), usize::try_from(count)) else {
                return damaged("its cross-reference table cannot be read");
            };
            // Each entry takes at least 18 bytes: a count the file cannot
            // hold is a lie, refused before anything is reserved for it.
            if count > (self.bytes.len() - lexer.at) / 18 + 1 {
                return damaged("its cross-reference table is cut short");
            }
            self.spend(count.saturating_mul(ENTRY_COST))?;
            for index in 0..count as u64 {
                let (Some(Token::Integer(offset)), Some(Token::Integer(_generation))) =
                    (lexer.token()?, lexer.token()?)
                else {
                    return damaged("an entry of its cross-reference table cannot be read");
                };
                let kind = match lexer.token()? {
                    Some(Token::Keyword(word)) if word == b"n" => true,
                    Some(Token::Keyword(word)) if word == b"f" => false,
                    _ => return damaged("an entry of its cross-reference table cannot be read"),
                };
                let number = start + index;
                if number > MAX_OBJECT_NUMBER {
                    return damaged("it numbers its objects beyond what PDF allows");
                }
                if kind && let Ok(offset) = usize::try_from(offset) {
                    self.locations
                        .entry(number as u32)
                        .or_insert(Location::At(offset));
                }
            }
        }
    }

    fn read_stream_section(&mut self, offset: usize) -> Result<Dictionary> {
        let (_, object) = Parser::new(self, offset).indirect_object()?;
        let Object::Stream(stream) = object else {
            return damaged("its cross-reference is neither a table nor a stream");
        };
        if stream.dict.name(b"Type") != Some(b"XRef") {
            return damaged("its cross-reference stream is not marked as one");
        }
        let widths: Vec<usize> = match stream.dict.get(b"W") {
            Some(Object::Array(widths)) if widths.len() == 3 => widths
                .iter()
                .map(|w| match w {
                    Object::Integer(w) if (0..=8).contains(w) => Ok(*w as usize),
                    _ => damaged("its cross-reference stream has bad field widths"),
                })
                .collect::<Result<_>>()?,
            _ => return damaged("its cross-reference stream has no field widths"),
        };
        let row = widths.iter().sum::<usize>();
        if row == 0 {
            return damaged("its cross-reference stream has bad field widths");
        }
        let size = stream.dict.integer(b"Size").unwrap_or(0);
        let index: Vec<(u64, u64)> = match stream.dict.get(b"Index") {
            Some(Object::Array(pairs)) => pairs
                .chunks(2)
                .map(|pair| match pair {
                    [Object::Integer(start), Object::Integer(count)] => Ok((
                        u64::try_from(*start).unwrap_or(u64::MAX),
                        u64::try_from(*count).unwrap_or(0),
                    )),
                    _ => damaged("its cross-reference stream has a bad index"),
                })
                .collect::<Result<_>>()?,
            _ => vec![(0, u64::try_from(size).unwrap_or(0))],
        };
        let data = self.decode(&stream, MAX_STRUCTURE_STREAM)?;
        let rows = data.len() / row;
        self.spend(rows.saturating_mul(ENTRY_COST))?;
        let mut rows_read = 0;
        for (start, count) in index {
            for offset_in_run in 0..count {
                if rows_read >= rows {
                    break;
                }
                let fields = &data[rows_read * row..(rows_read + 1) * row];
                rows_read += 1;
                let number = start.saturating_add(offset_in_run);
                if number > MAX_OBJECT_NUMBER {
                    return damaged("it numbers its objects beyond what PDF allows");
                }
                let field = |n: usize| -> u64 {
                    let begin: usize = widths[..n].iter().sum();
                    fields[begin..begin + widths[n]]
                        .iter()
                        .fold(0u64, |value, &byte| (value << 8) | u64::from(byte))
                };
                let kind = if widths[0] == 0 { 1 } else { field(0) };
                let location = match kind {
                    1 => usize::try_from(field(1)).ok().map(Location::At),
                    2 => u32::try_from(field(1))
                        .ok()
                        .map(|stream| Location::InStream { stream }),
                    _ => None,
                };
                if let Some(location) = location {
                    self.locations.entry(number as u32).or_insert(location);
                }
            }
        }
        Ok(stream.dict)
    }

    // ----- objects -----

    /// The object numbered `number`; `Null` when the file has none (as PDF
    /// says a missing object is).
    pub(crate) fn object(&self, number: u32) -> Result<Object> {
        let Some(&location) = self.locations.get(&number) else {
            return Ok(Object::Null);
        };
        if self.reading.borrow().contains(&number) {
            return damaged("an object refers to itself while it is being read");
        }
        if self.reading.borrow().len() > MAX_REFERENCE_CHAIN {
            return damaged("its objects refer to each other too deeply");
        }
        self.reading.borrow_mut().push(number);
        let result = match location {
            Location::At(offset) => {
                Parser::new(self, offset)
                    .indirect_object()
                    .and_then(|(found, object)| {
                        if found == number {
                            Ok(object)
                        } else {
                            damaged("its cross-reference points at the wrong object")
                        }
                    })
            }
            Location::InStream { stream } => self.object_in_stream(number, stream),
        };
        self.reading.borrow_mut().pop();
        result
    }

    fn object_in_stream(&self, number: u32, stream_number: u32) -> Result<Object> {
        let cached = self.object_streams.borrow().get(&stream_number).cloned();
        let stream = match cached {
            Some(stream) => stream,
            None => {
                if !matches!(self.locations.get(&stream_number), Some(Location::At(_))) {
                    return damaged("an object stream is itself inside an object stream");
                }
                let Object::Stream(stream) = self.object(stream_number)? else {
                    return damaged("an object stream is not a stream");
                };
                let loaded = Rc::new(self.load_object_stream(&stream)?);
                self.object_streams
                    .borrow_mut()
                    .insert(stream_number, Rc::clone(&loaded));
                loaded
            }
        };
        let Some(&offset) = stream.offsets.get(&number) else {
            return Ok(Object::Null);
        };
        let at = stream.first.saturating_add(offset);
        if at >= stream.data.len() {
            return damaged("an object stream's index points outside it");
        }
        let mut parser = Parser::over(self, &stream.data, at);
        parser.object(0)
    }

    fn load_object_stream(&self, stream: &Stream) -> Result<ObjectStream> {
        if stream.dict.name(b"Type") != Some(b"ObjStm") {
            return damaged("an object stream is not marked as one");
        }
        let (Some(count), Some(first)) = (stream.dict.integer(b"N"), stream.dict.integer(b"First"))
        else {
            return damaged("an object stream has no index");
        };
        let data = self.decode(stream, MAX_STRUCTURE_STREAM)?;
        let (Ok(count), Ok(first)) = (usize::try_from(count), usize::try_from(first)) else {
            return damaged("an object stream has a bad index");
        };
        if first > data.len() || count > data.len() / 2 + 1 {
            return damaged("an object stream's index does not fit it");
        }
        self.spend(count.saturating_mul(ENTRY_COST))?;
        let mut lexer = Lexer::new(&data[..first], 0);
        let mut offsets = HashMap::with_capacity(count);
        for _ in 0..count {
            match (lexer.token()?, lexer.token()?) {
                (Some(Token::Integer(number)), Some(Token::Integer(offset))) => {
                    let (Ok(number), Ok(offset)) = (u32::try_from(number), usize::try_from(offset))
                    else {
                        return damaged("an object stream has a bad index");
                    };
                    offsets.entry(number).or_insert(offset);
                }
                _ => return damaged("an object stream has a bad index"),
            }
        }
        Ok(ObjectStream {
            data,
            offsets,
            first,
        })
    }

    /// `object`, with a reference followed (through a chain of them).
    pub(crate) fn resolve(&self, object: &Object) -> Result<Object> {
        // A copy of what the file holds is charged like the original was:
        // walking the same large array again and again must run out.
        self.spend(weight(object))?;
        let mut current = object.clone();
        for _ in 0..MAX_REFERENCE_CHAIN {
            match current {
                Object::Reference(number) => current = self.object(number)?,
                other => return Ok(other),
            }
        }
        damaged("its references lead round in a circle")
    }

    /// A dictionary given directly, by reference, or as a stream's.
    pub(crate) fn dictionary(&self, object: Option<&Object>) -> Result<Option<Dictionary>> {
        let Some(object) = object else {
            return Ok(None);
        };
        Ok(match self.resolve(object)? {
            Object::Dictionary(dictionary) => Some(dictionary),
            Object::Stream(stream) => Some(stream.dict),
            _ => None,
        })
    }

    /// An array given directly or by reference.
    pub(crate) fn array(&self, object: Option<&Object>) -> Result<Option<Vec<Object>>> {
        let Some(object) = object else {
            return Ok(None);
        };
        Ok(match self.resolve(object)? {
            Object::Array(array) => Some(array),
            _ => None,
        })
    }

    /// The catalog.
    pub(crate) fn catalog(&self) -> Result<Dictionary> {
        match self.dictionary(self.trailer.get(b"Root"))? {
            Some(catalog) => Ok(catalog),
            None => damaged("its catalog cannot be read"),
        }
    }

    // ----- streams -----

    /// A stream's bytes decoded, at most `limit` of them (and never more
    /// than the budget allows): `OverBudget` beyond. Flate with or without a
    /// PNG predictor, or no filter.
    pub(crate) fn decode(&self, stream: &Stream, limit: usize) -> Result<Vec<u8>> {
        let raw = self
            .bytes
            .get(stream.data.clone())
            .ok_or_else(|| ReadError::Damaged("a stream lies outside the file".into()))?;
        let filter = match stream.dict.get(b"Filter") {
            None => None,
            Some(Object::Name(name)) => Some(name.as_slice()),
            Some(Object::Array(filters)) => match filters.as_slice() {
                [] => None,
                [Object::Name(name)] => Some(name.as_slice()),
                _ => return damaged("a stream is encoded in a way this program does not read"),
            },
            Some(_) => return damaged("a stream's filter cannot be read"),
        };
        let allowed = limit.min(self.budget_left());
        let decoded = match filter {
            None => {
                if raw.len() > allowed {
                    self.spend(raw.len())?;
                    return Err(ReadError::OverBudget);
                }
                raw.to_vec()
            }
            Some(b"FlateDecode") => inflate(raw, allowed)?,
            Some(_) => return damaged("a stream is encoded in a way this program does not read"),
        };
        if decoded.len() > limit {
            return Err(ReadError::OverBudget);
        }
        self.spend(decoded.len())?;
        let parameters = match stream.dict.get(b"DecodeParms") {
            Some(Object::Dictionary(parameters)) => Some(parameters.clone()),
            Some(Object::Array(list)) => match list.as_slice() {
                [Object::Dictionary(parameters)] => Some(parameters.clone()),
                _ => None,
            },
            _ => None,
        };
        match parameters.as_ref().and_then(|p| p.integer(b"Predictor")) {
            None | Some(1) => Ok(decoded),
            Some(10..=15) => {
                let columns = parameters
                    .as_ref()
                    .and_then(|p| p.integer(b"Columns"))
                    .unwrap_or(1);
                let columns = usize::try_from(columns)
                    .ok()
                    .filter(|c| (1..=1 << 16).contains(c))
                    .ok_or_else(|| ReadError::Damaged("a stream's predictor is damaged".into()))?;
                let undone = unpredict_png(&decoded, columns)?;
                self.spend(undone.len())?;
                Ok(undone)
            }
            Some(_) => damaged("a stream uses a predictor this program does not read"),
        }
    }
}

/// What holding `object` costs, in budget units, as parsing it was charged.
fn weight(object: &Object) -> usize {
    let mut total = 0usize;
    let mut pending = vec![object];
    while let Some(object) = pending.pop() {
        total = total.saturating_add(OBJECT_COST);
        match object {
            Object::String(bytes) | Object::Name(bytes) => {
                total = total.saturating_add(bytes.len());
            }
            Object::Array(items) => pending.extend(items.iter()),
            Object::Dictionary(dictionary) => {
                for (key, value) in &dictionary.0 {
                    total = total.saturating_add(key.len());
                    pending.push(value);
                }
            }
            Object::Stream(stream) => {
                for (key, value) in &stream.dict.0 {
                    total = total.saturating_add(key.len());
                    pending.push(value);
                }
            }
            _ => {}
        }
    }
    total
}

/// Inflates zlib data, stopping once more than `limit` bytes come out.
fn inflate(raw: &[u8], limit: usize) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut decoder = flate2::read::ZlibDecoder::new(raw).take(limit as u64 + 1);
    match decoder.read_to_end(&mut out) {
        Ok(_) => {}
        // A stream cut short or padded still yields what was read, as PDF
        // readers allow; nothing here relies on it being whole.
        Err(_) if !out.is_empty() => {}
        Err(error) => return damaged(format!("a compressed stream is damaged ({error})")),
    }
    if out.len() > limit {
        return Err(ReadError::OverBudget);
    }
    Ok(out)
}

/// Undoes the PNG predictors (one filter byte, then `columns` bytes, per row).
fn unpredict_png(data: &[u8], columns: usize) -> Result<Vec<u8>> {
    let stride = columns + 1;
    let mut out = Vec::with_capacity(data.len() / stride * columns);
    let mut previous = vec![0u8; columns];
    for row in data.chunks(stride) {
        if row.len() < stride {
            break;
        }
        let (kind, bytes) = (row[0], &row[1..]);
        let mut current = vec![0u8; columns];
        for i in 0..columns {
            let left = if i > 0 { current[i - 1] } else { 0 };
            let up = previous[i];
            let up_left = if i > 0 { previous[i - 1] } else { 0 };
            current[i] = match kind {
                0 => bytes[i],
                1 => bytes[i].wrapping_add(left),
                2 => bytes[i].wrapping_add(up),
                3 => bytes[i].wrapping_add(((u16::from(left) + u16::from(up)) / 2) as u8),
                4 => bytes[i].wrapping_add(paeth(left, up, up_left)),
                _ => return damaged("a stream's predictor is damaged"),
            };
        }
        out.extend_from_slice(&current);
        previous = current;
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

// ----- tokens -----

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Integer(i64),
    Real(f64),
    LiteralString(Vec<u8>),
    HexString(Vec<u8>),
    Name(Vec<u8>),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
    /// `true`, `obj`, `R`, `stream`, …
    Keyword(Vec<u8>),
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b'\0' | b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

fn is_delimiter(byte: u8) -> bool {
    matches!(
        byte,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(byte: u8) -> bool {
    !is_space(byte) && !is_delimiter(byte)
}

/// Splits bytes into PDF tokens (ISO 32000-1, 7.2).
struct Lexer<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Lexer<'b> {
    fn new(bytes: &'b [u8], at: usize) -> Lexer<'b> {
        Lexer { bytes, at }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(byte) = self.peek() {
            if is_space(byte) {
                self.at += 1;
            } else if byte == b'%' {
                while let Some(byte) = self.peek() {
                    if byte == b'\r' || byte == b'\n' {
                        break;
                    }
                    self.at += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token; `None` at the end of the bytes.
    fn token(&mut self) -> Result<Option<Token>> {
        self.skip_space();
        let Some(byte) = self.peek() else {
            return Ok(None);
        };
        let token = match byte {
            b'[' => {
                self.at += 1;
                Token::ArrayStart
            }
            b']' => {
                self.at += 1;
                Token::ArrayEnd
            }
            b'<' if self.bytes.get(self.at + 1) == Some(&b'<') => {
                self.at += 2;
                Token::DictStart
            }
            b'>' if self.bytes.get(self.at + 1) == Some(&b'>') => {
                self.at += 2;
                Token::DictEnd
            }
            b'<' => Token::HexString(self.hex_string()?),
            b'(' => Token::LiteralString(self.literal_string()?),
            b'/' => Token::Name(self.name()),
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number(),
            b')' | b'>' | b'{' | b'}' => {
                return damaged("it has a stray delimiter");
            }
            _ => {
                let start = self.at;
                while self.peek().is_some_and(is_regular) {
                    self.at += 1;
                }
                Token::Keyword(self.bytes[start..self.at].to_vec())
            }
        };
        Ok(Some(token))
    }

    fn number(&mut self) -> Token {
        let start = self.at;
        self.at += 1;
        while self.peek().is_some_and(|b| b.is_ascii_digit() || b == b'.') {
            self.at += 1;
        }
        let text = std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or("0");
        if let Ok(integer) = text.parse::<i64>() {
            Token::Integer(integer)
        } else {
            Token::Real(text.parse::<f64>().unwrap_or(0.0))
        }
    }

    fn name(&mut self) -> Vec<u8> {
        self.at += 1;
        let mut name = Vec::new();
        while let Some(byte) = self.peek().filter(|&b| is_regular(b)) {
            self.at += 1;
            if byte == b'#'
                && let Some(value) = self
                    .bytes
                    .get(self.at..self.at + 2)
                    .and_then(|hex| std::str::from_utf8(hex).ok())
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            {
                name.push(value);
                self.at += 2;
                continue;
            }
            name.push(byte);
        }
        name
    }

    fn hex_string(&mut self) -> Result<Vec<u8>> {
        self.at += 1;
        let mut digits = Vec::new();
        loop {
            let Some(byte) = self.peek() else {
                return damaged("a hexadecimal string is not closed");
            };
            self.at += 1;
            match byte {
                b'>' => break,
                b'0'..=b'9' => digits.push(byte - b'0'),
                b'a'..=b'f' => digits.push(byte - b'a' + 10),
                b'A'..=b'F' => digits.push(byte - b'A' + 10),
                byte if is_space(byte) => {}
                _ => return damaged("a hexadecimal string holds a character that is not hex"),
            }
        }
        Ok(digits
            .chunks(2)
            .map(|pair| (pair[0] << 4) | pair.get(1).copied().unwrap_or(0))
            .collect())
    }

    fn literal_string(&mut self) -> Result<Vec<u8>> {
        self.at += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        loop {
            let Some(byte) = self.peek() else {
                return damaged("a string is not closed");
            };
            self.at += 1;
            match byte {
                b'(' => {
                    depth += 1;
                    out.push(byte);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(byte);
                }
                b'\\' => {
                    let Some(escaped) = self.peek() else {
                        return damaged("a string is not closed");
                    };
                    self.at += 1;
                    match escaped {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0C),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.at += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut value = u32::from(escaped - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(digit @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(digit - b'0');
                                        self.at += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((value & 0xFF) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(byte),
            }
        }
        Ok(out)
    }
}

// ----- objects from tokens -----

/// Builds objects from tokens, charging the budget for each.
struct Parser<'f, 'a, 'b> {
    file: &'f PdfFile<'a>,
    lexer: Lexer<'b>,
    /// Tokens read ahead (to tell `1 0 R` from two numbers).
    ahead: Vec<Token>,
    /// Whether the bytes are the file's own (so a stream may follow).
    in_file: bool,
}

impl<'f, 'a> Parser<'f, 'a, 'a> {
    fn new(file: &'f PdfFile<'a>, at: usize) -> Parser<'f, 'a, 'a> {
        Parser {
            file,
            lexer: Lexer::new(file.bytes, at),
            ahead: Vec::new(),
            in_file: true,
        }
    }
}

impl<'f, 'a, 'b> Parser<'f, 'a, 'b> {
    fn over(file: &'f PdfFile<'a>, bytes: &'b [u8], at: usize) -> Parser<'f, 'a, 'b> {
        Parser {
            file,
            lexer: Lexer::new(bytes, at),
            ahead: Vec::new(),
            in_file: false,
        }
    }

    /// The next token. Every byte read to find it is charged to the budget,
    /// so that reading the same stretch again and again (an object many
    /// references lead to, padded with megabytes of spaces) cannot run on
    /// unbounded.
    fn next(&mut self) -> Result<Option<Token>> {
        if let Some(token) = self.ahead.pop() {
            return Ok(Some(token));
        }
        let before = self.lexer.at;
        let token = self.lexer.token()?;
        self.file.spend(self.lexer.at - before)?;
        Ok(token)
    }

    fn push_back(&mut self, token: Token) {
        self.ahead.push(token);
    }

    /// `N G obj … endobj` at the current position: the object's number and
    /// the object (a stream when one follows its dictionary).
    fn indirect_object(&mut self) -> Result<(u32, Object)> {
        let (Some(Token::Integer(number)), Some(Token::Integer(_)), Some(Token::Keyword(word))) =
            (self.next()?, self.next()?, self.next()?)
        else {
            return damaged("an object's header cannot be read");
        };
        if word != b"obj" {
            return damaged("an object's header cannot be read");
        }
        let number = u32::try_from(number)
            .ok()
            .filter(|n| u64::from(*n) <= MAX_OBJECT_NUMBER)
            .ok_or_else(|| ReadError::Damaged("an object's number is out of range".into()))?;
        let object = self.object(0)?;
        if let Object::Dictionary(dict) = &object
            && self.in_file
            && self.ahead.is_empty()
        {
            self.lexer.skip_space();
            if self.lexer.bytes[self.lexer.at..].starts_with(b"stream") {
                let data = self.stream_data(dict)?;
                return Ok((
                    number,
                    Object::Stream(Stream {
                        dict: dict.clone(),
                        data,
                    }),
                ));
            }
        }
        Ok((number, object))
    }

    /// Where a stream's bytes lie: after `stream` and its end of line, for
    /// /Length bytes (or up to `endstream` when /Length cannot be used).
    fn stream_data(&mut self, dict: &Dictionary) -> Result<Range<usize>> {
        let bytes = self.lexer.bytes;
        let mut start = self.lexer.at + b"stream".len();
        if bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        let length = match dict.get(b"Length") {
            Some(Object::Integer(length)) => usize::try_from(*length).ok(),
            Some(Object::Reference(number)) => match self.file.object(*number) {
                Ok(Object::Integer(length)) => usize::try_from(length).ok(),
                _ => None,
            },
            _ => None,
        };
        let end = length
            .and_then(|length| start.checked_add(length))
            .filter(|&end| {
                end <= bytes.len() && {
                    let mut after = Lexer::new(bytes, end);
                    after.skip_space();
                    bytes[after.at..].starts_with(b"endstream")
                }
            });
        let end = match end {
            Some(end) => end,
            None => match find(&bytes[start.min(bytes.len())..], b"endstream") {
                Some(found) => {
                    // The search itself is charged: many streams searched
                    // to the end of a large file would otherwise run on.
                    self.file.spend(found)?;
                    let mut end = start + found;
                    // The end of line before `endstream` is not data.
                    if end > start && bytes[end - 1] == b'\n' {
                        end -= 1;
                    }
                    if end > start && bytes[end - 1] == b'\r' {
                        end -= 1;
                    }
                    end
                }
                None => {
                    return damaged("a stream is not closed (the file may have been cut short)");
                }
            },
        };
        Ok(start..end)
    }

    /// One object; `depth` is how deeply it is nested.
    fn object(&mut self, depth: usize) -> Result<Object> {
        if depth > MAX_NESTING {
            return damaged("its objects are nested too deeply");
        }
        self.file.spend(OBJECT_COST)?;
        let Some(token) = self.next()? else {
            return damaged("an object is cut short");
        };
        Ok(match token {
            Token::Integer(first) => {
                // `N G R` is a reference; anything else leaves the number alone.
                match self.next()? {
                    Some(Token::Integer(second)) => match self.next()? {
                        Some(Token::Keyword(word)) if word == b"R" => {
                            let number = u32::try_from(first)
                                .ok()
                                .filter(|n| u64::from(*n) <= MAX_OBJECT_NUMBER)
                                .ok_or_else(|| {
                                    ReadError::Damaged("a reference is out of range".into())
                                })?;
                            let _ = second;
                            Object::Reference(number)
                        }
                        Some(other) => {
                            self.push_back(other);
                            self.push_back(Token::Integer(second));
                            Object::Integer(first)
                        }
                        None => {
                            self.push_back(Token::Integer(second));
                            Object::Integer(first)
                        }
                    },
                    Some(other) => {
                        self.push_back(other);
                        Object::Integer(first)
                    }
                    None => Object::Integer(first),
                }
            }
            Token::Real(value) => Object::Real(value),
            Token::LiteralString(text) | Token::HexString(text) => {
                self.file.spend(text.len())?;
                Object::String(text)
            }
            Token::Name(name) => {
                self.file.spend(name.len())?;
                Object::Name(name)
            }
            Token::ArrayStart => {
                let mut items = Vec::new();
                loop {
                    match self.next()? {
                        Some(Token::ArrayEnd) => break,
                        Some(token) => {
                            self.push_back(token);
                            items.push(self.object(depth + 1)?);
                        }
                        None => return damaged("an array is not closed"),
                    }
                }
                Object::Array(items)
            }
            Token::DictStart => {
                let mut entries = Vec::new();
                loop {
                    match self.next()? {
                        Some(Token::DictEnd) => break,
                        Some(Token::Name(key)) => {
                            self.file.spend(key.len())?;
                            let value = self.object(depth + 1)?;
                            entries.push((key, value));
                        }
                        Some(_) => return damaged("a dictionary's key is not a name"),
                        None => return damaged("a dictionary is not closed"),
                    }
                }
                Object::Dictionary(Dictionary(entries))
            }
            Token::Keyword(word) => match word.as_slice() {
                b"true" => Object::Boolean(true),
                b"false" => Object::Boolean(false),
                b"null" => Object::Null,
                _ => return damaged("it has a word where an object belongs"),
            },
            Token::ArrayEnd | Token::DictEnd => {
                return damaged("it closes an array or dictionary it never opened");
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(body: &str) -> Vec<u8> {
        // Objects, then a table with their offsets.
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (index, object) in body.split("\n---\n").enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", index + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
        );
        for offset in offsets {
            out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(b"trailer\n<</Root 1 0 R/Size 9>>\nstartxref\n");
        out.extend_from_slice(format!("{xref}\n%%EOF\n").as_bytes());
        out
    }

    #[test]
    fn objects_of_every_kind_are_read() {
        let bytes = file(
            "<</Type/Catalog/A [1 2 0 R -3.5 (a\\(b\\)c\\101) <48 65 6C6C6F> /N#41me true null] /D <</K 7>>>>\n---\n42",
        );
        let pdf = PdfFile::open(&bytes, 1 << 20).expect("opens");
        let catalog = pdf.catalog().expect("catalog");
        assert_eq!(catalog.name(b"Type"), Some(&b"Catalog"[..]));
        let Some(Object::Array(items)) = catalog.get(b"A") else {
            panic!("array")
        };
        assert_eq!(
            items,
            &vec![
                Object::Integer(1),
                Object::Reference(2),
                Object::Real(-3.5),
                Object::String(b"a(b)cA".to_vec()),
                Object::String(b"Hello".to_vec()),
                Object::Name(b"NAme".to_vec()),
                Object::Boolean(true),
                Object::Null,
            ]
        );
        assert_eq!(pdf.resolve(&items[1]).unwrap(), Object::Integer(42));
        assert_eq!(
            pdf.dictionary(catalog.get(b"D"))
                .unwrap()
                .unwrap()
                .integer(b"K"),
            Some(7)
        );
    }

    #[test]
    fn a_stream_is_read_by_its_length_and_decoded() {
        use std::io::Write;
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(b"hello, stream").unwrap();
        let compressed = encoder.finish().unwrap();
        let mut bytes = b"%PDF-1.7\n".to_vec();
        let catalog = bytes.len();
        bytes.extend_from_slice(b"1 0 obj\n<</Type/Catalog/S 2 0 R>>\nendobj\n");
        let stream = bytes.len();
        bytes.extend_from_slice(
            format!(
                "2 0 obj\n<</Length {}/Filter/FlateDecode>>stream\n",
                compressed.len()
            )
            .as_bytes(),
        );
        bytes.extend_from_slice(&compressed);
        bytes.extend_from_slice(b"\nendstream\nendobj\n");
        let xref = bytes.len();
        bytes.extend_from_slice(
            format!("xref\n0 3\n0000000000 65535 f \n{catalog:010} 00000 n \n{stream:010} 00000 n \ntrailer\n<</Root 1 0 R>>\nstartxref\n{xref}\n%%EOF").as_bytes(),
        );
        let pdf = PdfFile::open(&bytes, 1 << 20).expect("opens");
        let Object::Stream(stream) = pdf.object(2).unwrap() else {
            panic!("stream")
        };
        assert_eq!(pdf.decode(&stream, 1000).unwrap(), b"hello, stream");
        assert_eq!(pdf.decode(&stream, 5), Err(ReadError::OverBudget));
    }

    #[test]
    fn hostile_structures_are_refused_not_followed() {
        // Nested too deeply.
        let deep = format!("<</Type/Catalog/A {}{}>>", "[".repeat(500), "]".repeat(500));
        let bytes = file(&deep);
        let pdf = PdfFile::open(&bytes, 1 << 20).expect("opens");
        assert!(matches!(pdf.catalog(), Err(ReadError::Damaged(_))));
        // A reference loop.
        let bytes = file("<</Type/Catalog/A 2 0 R>>\n---\n3 0 R\n---\n2 0 R");
        let pdf = PdfFile::open(&bytes, 1 << 20).expect("opens");
        let catalog = pdf.catalog().unwrap();
        assert!(pdf.resolve(catalog.get(b"A").unwrap()).is_err());
        // More objects than the budget.
        let many = format!("<</Type/Catalog/A [{}]>>", "0 ".repeat(100_000));
        let bytes = file(&many);
        let pdf = PdfFile::open(&bytes, 1 << 20).expect("opens");
        assert_eq!(pdf.catalog(), Err(ReadError::OverBudget));
        // Not a PDF, and cut short.
        assert_eq!(
            PdfFile::open(b"hello", 1 << 20).err(),
            Some(ReadError::NotPdf)
        );
        let whole = file("<</Type/Catalog>>");
        assert!(matches!(
            PdfFile::open(&whole[..whole.len() - 30], 1 << 20).err(),
            Some(ReadError::Damaged(_))
        ));
    }

    #[test]
    fn png_predictors_are_undone() {
        // Two rows of three bytes: "Up" on the second.
        let data = [0u8, 1, 2, 3, 2, 1, 1, 1];
        assert_eq!(unpredict_png(&data, 3).unwrap(), vec![1, 2, 3, 2, 3, 4]);
    }
}
