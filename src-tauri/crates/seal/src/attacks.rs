//! Hostile PDFs, built on demand, for the tests, the fuzzing and the
//! benchmark that measures the check's worst time and memory: the
//! decompression bombs, object floods and structural tricks an adversarial
//! review used against `prevent-sa verify`. None is checked in as a file;
//! each is a few kilobytes to 40 megabytes, made here in milliseconds. Not
//! part of the app's surface.
#![doc(hidden)]

use std::io::Write;

/// One hostile file and what it tries.
pub struct Attack {
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

/// Zlib data that inflates to `count` repetitions of `unit`, compressed in
/// pieces so that building it never holds the whole output.
fn zlib_repeated(unit: &[u8], count: usize) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk: Vec<u8> = unit.repeat(64 * 1024);
    let mut left = count;
    while left > 0 {
        let take = left.min(64 * 1024);
        let _ = encoder.write_all(&chunk[..take * unit.len()]);
        left -= take;
    }
    encoder.finish().unwrap_or_default()
}

/// A PDF of `objects` (numbered from 1) with a classic cross-reference
/// table and `trailer` entries after /Size.
fn classic(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<</Size {}{trailer}>>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dictionary: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<<{dictionary}/Length {}>>stream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A cross-reference stream entry: type, field 2, field 3 (widths 1, 4, 2).
fn xref_row(kind: u8, second: u32, third: u16) -> [u8; 7] {
    let s = second.to_be_bytes();
    let t = third.to_be_bytes();
    [kind, s[0], s[1], s[2], s[3], t[0], t[1]]
}

/// A file whose catalog (object 1) lives inside an object stream (object 2)
/// that inflates to `inflated`, found through a cross-reference stream
/// (object 3). `prefix` is what comes before, for an update appended to
/// another file (its /Prev then points at `previous`).
fn catalog_in_object_stream(prefix: &[u8], previous: Option<usize>, inflated: Vec<u8>) -> Vec<u8> {
    let mut out = if prefix.is_empty() {
        b"%PDF-1.7\n".to_vec()
    } else {
        let mut out = prefix.to_vec();
        out.push(b'\n');
        out
    };
    let object_stream_at = out.len();
    out.extend_from_slice(b"2 0 obj\n");
    out.extend_from_slice(&stream(
        "/Type/ObjStm/N 1/First 4/Filter/FlateDecode",
        &inflated,
    ));
    out.extend_from_slice(b"\nendobj\n");
    let xref_at = out.len();
    let mut rows = Vec::new();
    rows.extend_from_slice(&xref_row(0, 0, 65535));
    rows.extend_from_slice(&xref_row(2, 2, 0));
    rows.extend_from_slice(&xref_row(1, object_stream_at as u32, 0));
    rows.extend_from_slice(&xref_row(1, xref_at as u32, 0));
    let previous = previous.map_or(String::new(), |at| format!("/Prev {at}"));
    out.extend_from_slice(b"3 0 obj\n");
    out.extend_from_slice(&stream(
        &format!("/Type/XRef/Size 4/W[1 4 2]/Root 1 0 R{previous}"),
        &rows,
    ));
    out.extend_from_slice(format!("\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    out
}

/// The compressed body of an object stream holding object 1 as `object`.
fn object_stream_body(
    object_prefix: &[u8],
    repeated: &[u8],
    count: usize,
    suffix: &[u8],
) -> Vec<u8> {
    // "1 0 " is the index: object 1 at offset 0 after /First 4.
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = encoder.write_all(b"1 0 ");
    let _ = encoder.write_all(object_prefix);
    let chunk = repeated.repeat(64 * 1024);
    let mut left = count;
    while left > 0 {
        let take = left.min(64 * 1024);
        let _ = encoder.write_all(&chunk[..take * repeated.len()]);
        left -= take;
    }
    let _ = encoder.write_all(suffix);
    encoder.finish().unwrap_or_default()
}

/// Where the last cross-reference section of `pdf` starts.
fn last_startxref(pdf: &[u8]) -> Option<usize> {
    let at = crate::bytes::rfind(pdf, b"startxref")?;
    let digits: String = pdf[at + 9..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    digits.parse().ok()
}

/// Every attack; `sealed` is a genuine sealed report some of them build on.
pub fn corpus(sealed: &[u8]) -> Vec<Attack> {
    let mut attacks = Vec::new();

    attacks.push(Attack {
        name: "object stream inflating to an array of 8M integers (17 KB)",
        bytes: catalog_in_object_stream(
            b"",
            None,
            object_stream_body(b"<</Type/Catalog/A[", b"0 ", 8_000_000, b"]>>"),
        ),
    });
    attacks.push(Attack {
        name: "object stream inflating to 30M integers (62 KB)",
        bytes: catalog_in_object_stream(
            b"",
            None,
            object_stream_body(b"<</Type/Catalog/A[", b"0 ", 30_000_000, b"]>>"),
        ),
    });

    // 200 pages and 200 attachments all sharing one 60 MB stream.
    let shared = zlib_repeated(b"0 0 m 1 1 l S\n", 60 * 1024 * 1024 / 14);
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let pages: String = (0..200).map(|i| format!("{} 0 R ", 5 + i)).collect();
    let names: String = (0..200).map(|i| format!("(file{i:03}) 205 0 R ")).collect();
    objects.push(b"<</Type/Catalog/Pages 2 0 R/Names<</EmbeddedFiles<</Names 3 0 R>>>>>>".to_vec());
    objects.push(format!("<</Type/Pages/Count 200/Kids[{pages}]>>").into_bytes());
    objects.push(format!("[{names}]").into_bytes());
    objects.push(stream("/Filter/FlateDecode", &shared));
    for _ in 0..200 {
        objects.push(b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>".to_vec());
    }
    objects.push(b"<</Type/Filespec/F(record.json)/EF<</F 4 0 R>>/PSARecordSHA256(00)>>".to_vec());
    attacks.push(Attack {
        name: "200 pages and attachments sharing one 60 MB stream (83 KB)",
        bytes: classic(&objects, "/Root 1 0 R"),
    });

    // A genuine report, plus an update whose catalog is in a 100 MB object stream.
    let previous = last_startxref(sealed);
    attacks.push(Attack {
        name: "the sealed report plus an appended 100 MB object stream",
        bytes: catalog_in_object_stream(
            sealed,
            previous,
            object_stream_body(b"<</Type/Catalog/A(", b"A", 100 * 1024 * 1024, b")>>"),
        ),
    });

    // 20M integers in one array, in the file itself (40 MB).
    let mut big = b"<</Type/Catalog/A[".to_vec();
    big.extend(b"0 ".repeat(20_000_000));
    big.extend_from_slice(b"]>>");
    attacks.push(Attack {
        name: "20M integers in one array (40 MB)",
        bytes: classic(&[big], "/Root 1 0 R"),
    });

    // A 40 MB literal string as the record's name.
    let mut long_name = b"<</Type/Catalog/Names<</EmbeddedFiles<</Names[(".to_vec();
    long_name.extend(b"A".repeat(40 * 1024 * 1024));
    long_name.extend_from_slice(b") 2 0 R]>>>>>>");
    attacks.push(Attack {
        name: "a 40 MB string",
        bytes: classic(
            &[
                long_name,
                b"<</Type/Filespec/EF<</F 3 0 R>>>>".to_vec(),
                stream("", b"{}"),
            ],
            "/Root 1 0 R",
        ),
    });

    // Nesting a million deep.
    let mut deep = b"<</Type/Catalog/A ".to_vec();
    deep.extend(b"[".repeat(1_000_000));
    deep.extend(b"]".repeat(1_000_000));
    deep.extend_from_slice(b">>");
    attacks.push(Attack {
        name: "arrays nested a million deep",
        bytes: classic(&[deep], "/Root 1 0 R"),
    });

    // A name tree whose nodes are their own kids.
    attacks.push(Attack {
        name: "a name tree that loops, with a signature field that loops",
        bytes: classic(
            &[
                b"<</Type/Catalog/Names<</EmbeddedFiles 2 0 R>>/AcroForm<</Fields[3 0 R]>>>>"
                    .to_vec(),
                b"<</Kids[2 0 R 2 0 R]/Names[(a) 2 0 R]>>".to_vec(),
                b"<</FT/Sig/Kids[3 0 R]/V 3 0 R>>".to_vec(),
            ],
            "/Root 1 0 R",
        ),
    });

    // A million sections, each pointing at the last.
    let mut chained = b"%PDF-1.7\n1 0 obj\n<</Type/Catalog>>\nendobj\n".to_vec();
    let mut previous = None;
    for _ in 0..20_000 {
        let at = chained.len();
        chained.extend_from_slice(
            b"xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<</Size 2/Root 1 0 R",
        );
        if let Some(previous) = previous {
            chained.extend_from_slice(format!("/Prev {previous}").as_bytes());
        }
        chained.extend_from_slice(b">>\n");
        previous = Some(at);
    }
    chained.extend_from_slice(format!("startxref\n{}\n%%EOF\n", previous.unwrap_or(0)).as_bytes());
    attacks.push(Attack {
        name: "20,000 incremental updates",
        bytes: chained,
    });

    // A cross-reference table that claims 100M entries.
    attacks.push(Attack {
        name: "a cross-reference table claiming 100M entries",
        bytes: b"%PDF-1.7\n1 0 obj\n<</Type/Catalog>>\nendobj\nxref\n0 100000000\n0000000000 65535 f \ntrailer\n<</Root 1 0 R>>\nstartxref\n41\n%%EOF\n".to_vec(),
    });

    // An attachment that inflates to 1 GB.
    attacks.push(Attack {
        name: "an attachment inflating to 256 MB",
        bytes: classic(
            &[
                b"<</Type/Catalog/Names<</EmbeddedFiles<</Names[(assessment-record.json) 2 0 R]>>>>>>".to_vec(),
                b"<</Type/Filespec/EF<</F 3 0 R>>/PSARecordSHA256(00)>>".to_vec(),
                stream("/Filter/FlateDecode", &zlib_repeated(b"\0", 256 << 20)),
            ],
            "/Root 1 0 R",
        ),
    });

    // The sealed report's signature pointing at a /Length that loops.
    attacks.push(Attack {
        name: "a stream whose length refers to itself",
        bytes: classic(
            &[
                b"<</Type/Catalog/Names<</EmbeddedFiles<</Names[(r) 2 0 R]>>>>>>".to_vec(),
                b"<</Type/Filespec/EF<</F 3 0 R>>>>".to_vec(),
                b"<</Length 3 0 R>>stream\nabc\nendstream".to_vec(),
            ],
            "/Root 1 0 R",
        ),
    });

    // 20,000 streams whose /Length is wrong, their only `endstream` at the
    // end of a 30 MB file: each would be searched to the end.
    let mut searched: Vec<Vec<u8>> = Vec::new();
    let kids: String = (0..20_000).map(|i| format!("{} 0 R ", 3 + i)).collect();
    searched.push(b"<</Type/Catalog/Names<</EmbeddedFiles 2 0 R>>>>".to_vec());
    searched.push(format!("<</Kids[{kids}]>>").into_bytes());
    for _ in 0..20_000 {
        searched.push(b"<</Length 1>>stream\nX".to_vec());
    }
    let mut padding = b"<</Length 0>>stream\n".to_vec();
    padding.extend(b" ".repeat(30 * 1024 * 1024));
    padding.extend_from_slice(b"\nendstream");
    searched.push(padding);
    attacks.push(Attack {
        name: "20,000 streams each searched to the end of 30 MB",
        bytes: classic(&searched, "/Root 1 0 R"),
    });

    // 20,000 streams whose /Length refers to one object padded with 30 MB of
    // spaces, read again for each.
    let mut padded: Vec<Vec<u8>> = Vec::new();
    let kids: String = (0..20_000).map(|i| format!("{} 0 R ", 4 + i)).collect();
    padded.push(b"<</Type/Catalog/Names<</EmbeddedFiles 2 0 R>>>>".to_vec());
    padded.push(format!("<</Kids[{kids}]>>").into_bytes());
    let mut length = b" ".repeat(30 * 1024 * 1024);
    length.extend_from_slice(b"1");
    padded.push(length);
    for _ in 0..20_000 {
        padded.push(b"<</Length 3 0 R>>stream\nX\nendstream".to_vec());
    }
    attacks.push(Attack {
        name: "20,000 lengths read from one object padded with 30 MB",
        bytes: classic(&padded, "/Root 1 0 R"),
    });

    attacks.push(Attack {
        name: "a hostile time-zone offset in the signing time",
        bytes: classic(
            &[
                b"<</Type/Catalog/AcroForm<</Fields[2 0 R]>>>>".to_vec(),
                b"<</FT/Sig/V<</Type/Sig/M(D:20261121100000+99999999999'99')/ByteRange[0 1 2 3]/Contents<00>/SubFilter/adbe.pkcs7.detached>>>>".to_vec(),
            ],
            "/Root 1 0 R",
        ),
    });

    attacks
}

/// Hostile PKCS#12 files: key derivation asked for far beyond what real
/// files use, and more parts than a certificate file has. Each is refused
/// before a single round is spent.
pub fn pkcs12_corpus() -> Vec<Attack> {
    vec![
        Attack {
            name: "a PKCS#12 whose integrity check asks for 10M rounds",
            bytes: pkcs12(Some(10_000_000), 1, 2_048),
        },
        Attack {
            name: "a PKCS#12 of 10 encrypted parts at 10M rounds each",
            bytes: pkcs12(None, 10, 10_000_000),
        },
        Attack {
            name: "a PKCS#12 of 40 parts",
            bytes: pkcs12(None, 40, 2_048),
        },
    ]
}

/// A PKCS#12 file of `parts` encrypted parts (3DES, `part_rounds` rounds of
/// key derivation each, nothing meaningful inside) and, when given, an
/// integrity check of `mac_rounds` rounds.
fn pkcs12(mac_rounds: Option<i32>, parts: usize, part_rounds: i32) -> Vec<u8> {
    use cms::content_info::ContentInfo;
    use cms::encrypted_data::EncryptedData;
    use cms::enveloped_data::EncryptedContentInfo;
    use der::asn1::OctetString;
    use der::{Any, Encode};
    use spki::AlgorithmIdentifierOwned;

    let build = || -> Result<Vec<u8>, der::Error> {
        let parameters = pkcs12::pbe_params::Pkcs12PbeParams {
            salt: OctetString::new(vec![7u8; 8])?,
            iterations: part_rounds,
        };
        let encrypted = EncryptedData {
            version: cms::content_info::CmsVersion::V0,
            enc_content_info: EncryptedContentInfo {
                content_type: crate::oids::DATA,
                content_enc_alg: AlgorithmIdentifierOwned {
                    oid: crate::oids::PBE_SHA1_3DES,
                    parameters: Some(Any::encode_from(&parameters)?),
                },
                encrypted_content: Some(OctetString::new(vec![0u8; 64])?),
            },
            unprotected_attrs: None,
        };
        let part = ContentInfo {
            content_type: crate::oids::ENCRYPTED_DATA,
            content: Any::encode_from(&encrypted)?,
        };
        let contents: Vec<ContentInfo> = std::iter::repeat_n(part, parts).collect();
        let auth_safe = ContentInfo {
            content_type: crate::oids::DATA,
            content: Any::encode_from(&OctetString::new(contents.to_der()?)?)?,
        };
        let mac_data = match mac_rounds {
            None => None,
            Some(rounds) => Some(pkcs12::mac_data::MacData {
                mac: pkcs12::digest_info::DigestInfo {
                    algorithm: AlgorithmIdentifierOwned {
                        oid: crate::oids::SHA256,
                        parameters: None,
                    },
                    digest: OctetString::new(vec![0u8; 32])?,
                },
                mac_salt: OctetString::new(vec![7u8; 8])?,
                iterations: rounds,
            }),
        };
        pkcs12::pfx::Pfx {
            version: pkcs12::pfx::Version::V3,
            auth_safe,
            mac_data,
        }
        .to_der()
    };
    build().unwrap_or_default()
}

/// One change a fuzzing run makes to a real file. Positions are fractions of
/// the file's length (0 to `u16::MAX`), so a mutation applies to any file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// Flips one bit of the byte at a position.
    Flip { at: u16, bit: u8 },
    /// Sets the byte at a position.
    Set { at: u16, byte: u8 },
    /// Cuts the file at a position.
    Truncate { at: u16 },
    /// Inserts one of [`TOKENS`] at a position.
    Insert { at: u16, token: u8 },
    /// Removes up to `length` bytes at a position.
    Delete { at: u16, length: u16 },
    /// Copies up to `length` bytes from one position to another.
    Splice { from: u16, to: u16, length: u16 },
}

/// What a fuzzing run inserts: the words, numbers and brackets that steer a
/// PDF, DER or JSON reader, at their most hostile.
pub const TOKENS: &[&[u8]] = &[
    b"<<",
    b">>",
    b"[",
    b"]",
    b"(",
    b")",
    b"<",
    b">",
    b"/",
    b" 0 R",
    b" 1 0 R",
    b" 999999999 0 R",
    b"obj",
    b"endobj",
    b"stream\n",
    b"endstream",
    b"xref\n0 99999999\n",
    b"trailer",
    b"startxref\n0\n",
    b"/Length 999999999",
    b"/Length 1 0 R",
    b"/Filter/FlateDecode",
    b"/Type/ObjStm/N 99999/First 0",
    b"/Prev 0",
    b"9223372036854775807",
    b"-9223372036854775808",
    b"1e308",
    b"-0.0000001",
    b"\\",
    b"\"",
    b"{",
    b"}",
    b":",
    b",",
    b"null",
    b"\x00",
    b"\xff\xfe",
    b"\x1b[4A\x1b[J",
    b"\xe2\x80\xae",
    b"\x30\x84\xff\xff\xff\xff",
    b"\x02\x09\x00\xff\xff\xff\xff\xff\xff\xff\xff",
    b"D:20261121100000+99'99'",
];

fn position(at: u16, length: usize) -> usize {
    (usize::from(at) * length) / usize::from(u16::MAX).max(1)
}

/// `bytes` with `mutations` applied in order.
pub fn mutated(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for mutation in mutations {
        let length = out.len();
        match *mutation {
            Mutation::Flip { at, bit } => {
                if length > 0 {
                    let at = position(at, length - 1);
                    out[at] ^= 1 << (bit % 8);
                }
            }
            Mutation::Set { at, byte } => {
                if length > 0 {
                    let at = position(at, length - 1);
                    out[at] = byte;
                }
            }
            Mutation::Truncate { at } => out.truncate(position(at, length)),
            Mutation::Insert { at, token } => {
                let at = position(at, length);
                let token = TOKENS[usize::from(token) % TOKENS.len()];
                out.splice(at..at, token.iter().copied());
            }
            Mutation::Delete { at, length: count } => {
                let at = position(at, length);
                let end = (at + usize::from(count)).min(length);
                out.drain(at..end);
            }
            Mutation::Splice {
                from,
                to,
                length: count,
            } => {
                let from = position(from, length);
                let end = (from + usize::from(count)).min(length);
                let piece = out[from..end].to_vec();
                let to = position(to, length);
                out.splice(to..to, piece);
            }
        }
    }
    out
}

/// The mutation a seed stands for: what a fuzzing run draws, so a run is a
/// list of numbers a test framework can generate, shrink and replay.
pub fn mutation_from(seed: u64) -> Mutation {
    let at = (seed >> 8) as u16;
    let other = (seed >> 24) as u16;
    let small = (seed >> 40) as u16 % 512;
    match seed % 11 {
        0..=2 => Mutation::Flip {
            at,
            bit: (seed >> 56) as u8,
        },
        3 => Mutation::Set {
            at,
            byte: (seed >> 56) as u8,
        },
        4 => Mutation::Truncate { at },
        5..=7 => Mutation::Insert {
            at,
            token: (seed >> 56) as u8,
        },
        8 => Mutation::Delete { at, length: small },
        _ => Mutation::Splice {
            from: at,
            to: other,
            length: small,
        },
    }
}

/// `bytes` with the mutations of `seeds` applied.
pub fn mutated_by(bytes: &[u8], seeds: &[u64]) -> Vec<u8> {
    let mutations: Vec<Mutation> = seeds.iter().map(|&seed| mutation_from(seed)).collect();
    mutated(bytes, &mutations)
}

/// How many inputs each fuzzing test tries: `PREVENT_SA_FUZZ_CASES`, else
/// `default` (a bounded run for every `cargo xtask test`).
pub fn fuzz_cases(default: u32) -> u32 {
    std::env::var("PREVENT_SA_FUZZ_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// `pdf`, a sealed report, with an attribute nobody signed slipped into its
/// signature (`size` bytes of it, in the room the signature keeps): the
/// signature still verifies and every other byte is the app's.
pub fn with_unsigned_attribute(pdf: &[u8], size: usize) -> Option<Vec<u8>> {
    use cms::content_info::ContentInfo;
    use cms::signed_data::SignedData;
    use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
    use der::{Any, Decode, Encode, Reader, SliceReader};
    use x509_cert::attr::Attribute;

    let marker = b"/Contents<";
    let at = crate::bytes::rfind(pdf, marker)? + marker.len();
    let end = at + pdf[at..].iter().position(|&b| b == b'>')?;
    let hex = &pdf[at..end];
    let bytes: Vec<u8> = hex
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .collect::<Option<_>>()?;
    let mut reader = SliceReader::new(&bytes).ok()?;
    let mut content_info = ContentInfo::decode(&mut reader).ok()?;
    let _ = reader.position();
    let mut signed_data = content_info.content.decode_as::<SignedData>().ok()?;
    let mut signers: Vec<_> = signed_data.signer_infos.0.iter().cloned().collect();
    let payload = Any::encode_from(&OctetString::new(vec![b'H'; size]).ok()?).ok()?;
    signers[0].unsigned_attrs = Some(
        SetOfVec::try_from(vec![Attribute {
            oid: ObjectIdentifier::new_unwrap("1.3.6.1.4.1.99999.1"),
            values: SetOfVec::try_from(vec![payload]).ok()?,
        }])
        .ok()?,
    );
    signed_data.signer_infos = SetOfVec::try_from(signers).ok()?.into();
    content_info.content = Any::encode_from(&signed_data).ok()?;
    let cms = content_info.to_der().ok()?;
    if cms.len() * 2 > hex.len() {
        return None;
    }
    let mut written: Vec<u8> = cms
        .iter()
        .flat_map(|b| format!("{b:02X}").into_bytes())
        .collect();
    written.resize(hex.len(), b'0');
    let mut out = pdf.to_vec();
    out[at..end].copy_from_slice(&written);
    Some(out)
}
