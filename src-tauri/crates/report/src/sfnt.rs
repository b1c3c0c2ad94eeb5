//! Slims a subset TrueType font down to what a PDF viewer draws with.
//!
//! Liberation Sans is hinted: in a subset of the report's glyphs the hinting
//! programs and each glyph's instructions are two thirds of the bytes, and the
//! `name` table (licence text) is another large share. PDF viewers rasterise
//! embedded fonts without them (Chrome's and Skia's PDF output drop hinting
//! too), and a CID font with an identity glyph map needs no `cmap`. ISO
//! 32000-1 (9.9) asks an embedded TrueType program for `glyf`, `head`,
//! `hhea`, `hmtx`, `loca` and `maxp`, and `cvt `, `fpgm` and `prep` only
//! where used; that is what is kept, with `post`.
//!
//! The outlines are copied byte for byte; only instructions are left out.

use crate::ReportError;

/// The tables kept, in the order their records are written (sorted by tag).
const KEPT: [&[u8; 4]; 7] = [
    b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"post",
];

// Composite glyph component flags (OpenType `glyf`).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;

fn malformed(what: &str) -> ReportError {
    ReportError::Font(format!("the subset font is malformed: {what}"))
}

fn u16_at(bytes: &[u8], at: usize) -> Result<u16, ReportError> {
    bytes
        .get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .ok_or_else(|| malformed("truncated"))
}

fn u32_at(bytes: &[u8], at: usize) -> Result<u32, ReportError> {
    bytes
        .get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or_else(|| malformed("truncated"))
}

/// The font without hinting, `cmap` or `name`.
pub(crate) fn without_hinting(font: &[u8]) -> Result<Vec<u8>, ReportError> {
    let table = |tag: &[u8; 4]| -> Result<&[u8], ReportError> {
        let count = usize::from(u16_at(font, 4)?);
        for i in 0..count {
            let record = 12 + 16 * i;
            if font.get(record..record + 4) == Some(tag.as_slice()) {
                let offset = u32_at(font, record + 8)? as usize;
                let length = u32_at(font, record + 12)? as usize;
                return font
                    .get(offset..offset + length)
                    .ok_or_else(|| malformed("table out of bounds"));
            }
        }
        Err(malformed(&format!(
            "no {} table",
            String::from_utf8_lossy(tag)
        )))
    };

    let head = table(b"head")?;
    let maxp = table(b"maxp")?;
    let long_offsets = u16_at(head, 50)? != 0;
    let glyph_count = usize::from(u16_at(maxp, 4)?);
    let loca = table(b"loca")?;
    let glyf = table(b"glyf")?;
    let offset = |i: usize| -> Result<usize, ReportError> {
        Ok(if long_offsets {
            u32_at(loca, 4 * i)? as usize
        } else {
            usize::from(u16_at(loca, 2 * i)?) * 2
        })
    };

    let mut new_glyf = Vec::with_capacity(glyf.len() / 2);
    let mut new_loca = Vec::with_capacity(4 * (glyph_count + 1));
    for i in 0..glyph_count {
        new_loca.extend(
            u32::try_from(new_glyf.len())
                .map_err(|_| malformed("too big"))?
                .to_be_bytes(),
        );
        let (start, end) = (offset(i)?, offset(i + 1)?);
        if end <= start {
            continue;
        }
        let glyph = glyf
            .get(start..end)
            .ok_or_else(|| malformed("glyph out of bounds"))?;
        let contours = u16_at(glyph, 0)? as i16;
        if contours >= 0 {
            // Header and end points, no instructions, then flags and coordinates.
            let instructions_at = 10 + 2 * contours as usize;
            let instructions = usize::from(u16_at(glyph, instructions_at)?);
            let rest = glyph
                .get(instructions_at + 2 + instructions..)
                .ok_or_else(|| malformed("glyph instructions"))?;
            new_glyf.extend_from_slice(&glyph[..instructions_at]);
            new_glyf.extend([0, 0]);
            new_glyf.extend_from_slice(rest);
        } else {
            let mut at = 10;
            new_glyf.extend_from_slice(glyph.get(..10).ok_or_else(|| malformed("glyph header"))?);
            loop {
                let flags = u16_at(glyph, at)?;
                let mut size = 4 + if flags & ARG_1_AND_2_ARE_WORDS != 0 {
                    4
                } else {
                    2
                };
                size += if flags & WE_HAVE_A_SCALE != 0 {
                    2
                } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
                    4
                } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
                    8
                } else {
                    0
                };
                let component = glyph
                    .get(at..at + size)
                    .ok_or_else(|| malformed("glyph component"))?;
                new_glyf.extend((flags & !WE_HAVE_INSTRUCTIONS).to_be_bytes());
                new_glyf.extend_from_slice(&component[2..]);
                at += size;
                if flags & MORE_COMPONENTS == 0 {
                    break;
                }
            }
        }
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
    }
    new_loca.extend(
        u32::try_from(new_glyf.len())
            .map_err(|_| malformed("too big"))?
            .to_be_bytes(),
    );

    let mut new_head = head.to_vec();
    new_head
        .get_mut(8..12)
        .ok_or_else(|| malformed("head"))?
        .copy_from_slice(&[0; 4]);
    new_head
        .get_mut(50..52)
        .ok_or_else(|| malformed("head"))?
        .copy_from_slice(&1u16.to_be_bytes());
    let mut new_maxp = maxp.to_vec();
    if let Some(size_of_instructions) = new_maxp.get_mut(26..28) {
        size_of_instructions.copy_from_slice(&[0, 0]);
    }

    let tables: Vec<(&[u8; 4], Vec<u8>)> = KEPT
        .iter()
        .map(|&tag| {
            let data = match tag {
                b"glyf" => std::mem::take(&mut new_glyf),
                b"head" => std::mem::take(&mut new_head),
                b"loca" => std::mem::take(&mut new_loca),
                b"maxp" => std::mem::take(&mut new_maxp),
                other => table(other)?.to_vec(),
            };
            Ok((tag, data))
        })
        .collect::<Result<_, ReportError>>()?;

    let count = tables.len() as u16;
    let mut power = 1u16;
    let mut selector = 0u16;
    while power * 2 <= count {
        power *= 2;
        selector += 1;
    }
    let mut out = Vec::with_capacity(font.len() / 2);
    out.extend(0x0001_0000u32.to_be_bytes());
    out.extend(count.to_be_bytes());
    out.extend((power * 16).to_be_bytes());
    out.extend(selector.to_be_bytes());
    out.extend((count * 16 - power * 16).to_be_bytes());
    let mut data_at = 12 + 16 * tables.len();
    let mut head_at = 0;
    for (tag, data) in &tables {
        out.extend_from_slice(&tag[..]);
        out.extend(checksum(data).to_be_bytes());
        out.extend((data_at as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        if *tag == b"head" {
            head_at = data_at;
        }
        data_at += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out[head_at + 8..head_at + 12].copy_from_slice(&adjustment.to_be_bytes());
    Ok(out)
}

/// The OpenType table checksum: the sum of big-endian 32-bit words, zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}
