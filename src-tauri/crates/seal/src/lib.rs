//! Seals the assessment's PDF report so that anyone can later tell it is the
//! one the organisation produced, unchanged: the record file the report was
//! rendered from is attached inside the PDF, and the whole file is signed
//! with a standard CMS detached signature (`adbe.pkcs7.detached`) that
//! Adobe Reader and poppler's `pdfsig` check. It also reads both back for
//! verification, and manages the installation's signing key and
//! certificate (generated, or imported from an organisation's .p12/.pfx).
//!
//! The crate knows nothing about assessments: bytes and names in, bytes
//! out. Sealing is deterministic (the same PDF, record, key and time give
//! the same bytes), so a sealed report can be re-created and compared.

#[doc(hidden)]
pub mod attacks;
mod bytes;
mod certificate;
mod digest;
mod error;
mod identity;
mod inspect;
mod oids;
mod p12;
mod pdf;
mod place;
mod reader;
mod seal;
mod signature;

pub use certificate::{CertificateInfo, MAX_CERTIFICATES_IN_FILE};
pub use error::SealError;
pub use identity::{CERTIFICATE_FILE_NAME, KEY_FILE_NAME, SigningIdentity};
pub use inspect::{
    FoundAttachment, FoundSignature, INSPECTION_BUDGET, Inspection, MAX_ATTACHMENT_BYTES, inspect,
    inspect_within,
};
pub use place::{Differences, Place, differences, place_of};
pub use seal::{
    Attachment, MAX_RESERVED, RECORD_SHA256_KEY, SignatureDetails, expected_contents, reseal, seal,
};
