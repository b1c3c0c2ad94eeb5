//! Seals a PDF file for checking by hand in Adobe Reader, pdfsig or pyHanko:
//! a fresh P-256 identity signs it, and its certificate is written beside
//! the output so a reader can be told to trust it.
//!
//! ```sh
//! cargo run -p prevent-seal --example seal_file -- in.pdf out.pdf [record.json]
//! ```

use prevent_seal::{Attachment, SignatureDetails, SigningIdentity, inspect, seal};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), Some(output)) = (args.first(), args.get(1)) else {
        return Err("usage: seal_file IN.pdf OUT.pdf [RECORD]".into());
    };
    let record = match args.get(2) {
        Some(path) => std::fs::read(path)?,
        None => br#"{"example":true}"#.to_vec(),
    };
    let now = chrono::Utc::now();
    let identity = SigningIdentity::generate("Example NHS Trust", now)?;
    let attachment = Attachment {
        file_name: "assessment-record.json",
        mime: "application/json",
        bytes: &record,
        description: "The assessment record this report was produced from",
    };
    let details = SignatureDetails {
        signer_name: "Dr Priya Shah and Alex Morgan",
        reason: "Approved",
        location: "Example NHS Trust",
        signing_time: now,
    };
    let sealed = seal(
        &std::fs::read(input)?,
        &attachment,
        Some((&identity, &details)),
    )?;
    std::fs::write(output, &sealed)?;
    std::fs::write(
        format!("{output}.cert.pem"),
        identity.certificate().to_pem(),
    )?;
    for signature in inspect(&sealed)?.signatures {
        println!("intact: {} {:?}", signature.is_intact(), signature.problems);
    }
    println!(
        "certificate fingerprint {}",
        identity.certificate().fingerprint
    );
    Ok(())
}
