//! Shared by the integration tests: sample PDFs, a fixed signing time, and
//! running the real command-line tools (pdfsig, qpdf, pdftotext, openssl).
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Utc};
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};
use prevent_seal::{Attachment, SignatureDetails, SigningIdentity, seal};

/// A PDF of `pages` A4 pages, each with `lines` lines of Helvetica text in
/// a Flate-compressed content stream. Line text is pseudo-random words so
/// the file does not compress to nothing.
pub fn sample_pdf(pages: usize, lines: usize) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let words = [
        "Prevent",
        "duty",
        "training",
        "safeguarding",
        "referral",
        "Channel",
        "policy",
        "board",
        "assurance",
        "staff",
        "risk",
        "lead",
        "partnership",
        "evidence",
        "action",
        "review",
    ];
    let mut kids = Vec::new();
    for page in 0..pages {
        let mut operations = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 10.into()]),
            Operation::new("TL", vec![13.into()]),
            Operation::new("Td", vec![50.into(), 800.into()]),
            Operation::new(
                "Tj",
                vec![Object::string_literal(format!(
                    "Sample report page {}",
                    page + 1
                ))],
            ),
            Operation::new("T*", vec![]),
        ];
        for line in 0..lines {
            let mut text = format!("{}.{} ", page + 1, line + 1);
            for _ in 0..10 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(words[(seed % words.len() as u64) as usize]);
                text.push_str(&format!(" {} ", seed % 1000));
            }
            operations.push(Operation::new("Tj", vec![Object::string_literal(text)]));
            operations.push(Operation::new("T*", vec![]));
        }
        operations.push(Operation::new("ET", vec![]));
        let content = Content { operations }.encode().unwrap();
        let mut stream = Stream::new(dictionary! {}, content);
        stream.compress().unwrap();
        let content_id = doc.add_object(stream);
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => content_id,
            "Resources" => resources_id,
        });
        kids.push(page_id.into());
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => pages as i64,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

pub const RECORD: &[u8] =
    br#"{"organisation":"Test NHS Trust","period":"2025/26","answers":[1,2,3]}"#;

pub fn attachment() -> Attachment<'static> {
    Attachment {
        file_name: "assessment-record.json",
        mime: "application/json",
        bytes: RECORD,
        description: "The assessment record this report was produced from",
    }
}

pub fn when() -> DateTime<Utc> {
    "2025-06-30T14:05:09Z".parse().unwrap()
}

pub fn details(at: DateTime<Utc>) -> SignatureDetails<'static> {
    SignatureDetails {
        signer_name: "Dr Priya Shah and Alex Morgan",
        reason: "Approved by the Prevent lead and the accountable officer",
        location: "Test NHS Trust",
        signing_time: at,
    }
}

/// A three-page sample sealed with a new key at `when()`: the file the
/// hostile, budget and fuzz tests start from.
pub fn sealed_sample() -> Vec<u8> {
    let identity = SigningIdentity::generate("Test NHS Trust", when()).unwrap();
    seal(
        &sample_pdf(3, 20),
        &attachment(),
        Some((&identity, &details(when()))),
    )
    .unwrap()
}

/// Whether a command-line tool is installed; prints why a test is skipped
/// when it is not.
pub fn have(tool: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|output| output.status.success());
    if !found {
        eprintln!("SKIPPED: `{tool}` is not installed, so this check did not run");
    }
    found
}

/// Runs `program args`, returning (success, stdout + stderr).
pub fn run(program: &str, args: &[&str]) -> (bool, String) {
    let output = Command::new(program).args(args).output().unwrap();
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}
