//! The message digests a signature may name. Our own signatures use SHA-256;
//! checking also accepts SHA-1, SHA-384 and SHA-512 so that a file signed by
//! another tool is judged on its merits rather than rejected unread.

use der::asn1::ObjectIdentifier;
use sha2::Digest;

use crate::oids;

/// A digest algorithm named in a CMS structure or a PKCS#12 MAC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DigestAlg {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl DigestAlg {
    pub(crate) fn from_oid(oid: &ObjectIdentifier) -> Option<DigestAlg> {
        match *oid {
            oids::SHA1 => Some(DigestAlg::Sha1),
            oids::SHA256 => Some(DigestAlg::Sha256),
            oids::SHA384 => Some(DigestAlg::Sha384),
            oids::SHA512 => Some(DigestAlg::Sha512),
            _ => None,
        }
    }

    /// The digest of the concatenation of `parts`.
    pub(crate) fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut hasher = D::new();
            for part in parts {
                hasher.update(part);
            }
            hasher.finalize().to_vec()
        }
        match self {
            DigestAlg::Sha1 => run::<sha1::Sha1>(parts),
            DigestAlg::Sha256 => run::<sha2::Sha256>(parts),
            DigestAlg::Sha384 => run::<sha2::Sha384>(parts),
            DigestAlg::Sha512 => run::<sha2::Sha512>(parts),
        }
    }
}

/// Lower-case hex, as `sha256sum` prints it.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Upper-case hex pairs joined by ':', as certificate viewers show fingerprints.
pub(crate) fn hex_fingerprint(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// SHA-256 of `bytes`, lower-case hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex_lower(&sha2::Sha256::digest(bytes))
}
