//! The one error type of the crate, worded for the person who reads it: an
//! auditor checking a sealed report, or an administrator importing a
//! certificate. Each message says what is wrong in plain English; the
//! technical detail, where there is any, follows in brackets or after a colon.

use std::path::PathBuf;

/// Why a PDF could not be sealed or read, or a signing identity could not be
/// made, imported, saved or loaded.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// The bytes do not start like a PDF file.
    #[error("The file is not a PDF")]
    NotPdf,
    /// The bytes start like a PDF but its structure cannot be read.
    #[error("The PDF is damaged and cannot be read ({0})")]
    DamagedPdf(String),
    /// Reading it would take more memory or time than a check may use.
    #[error(
        "The PDF is too large or too complex to check: reading it would take more than the {} MB a check may use",
        crate::inspect::INSPECTION_BUDGET / (1024 * 1024)
    )]
    TooComplex,
    /// Sealing rewrites the file, which an encrypted PDF does not allow.
    #[error("The PDF is password-protected, so it cannot be sealed")]
    EncryptedPdf,
    /// Sealing rewrites the file, which would break the signature already in it.
    #[error("The PDF is already signed: sealing it again would break that signature")]
    AlreadySigned,
    /// The PDF lacks something sealing needs (a page, a catalog, ...).
    #[error("The PDF cannot be sealed: {0}")]
    PdfStructure(String),
    /// Making the signature itself failed.
    #[error("The file could not be signed: {0}")]
    Signing(String),
    /// A certificate could not be read or made.
    #[error("The certificate could not be read: {0}")]
    Certificate(String),
    /// The PKCS#12 file's password does not open it.
    #[error("The password for the certificate file is wrong")]
    WrongPassword,
    /// The PKCS#12 file could not be read for another reason.
    #[error("The certificate file (.p12 or .pfx) could not be read: {0}")]
    Pkcs12(String),
    /// The key is of a kind this crate does not sign with.
    #[error(
        "The key is of a kind this program cannot sign with ({0}); it signs with P-256 (ECDSA) or RSA keys"
    )]
    UnsupportedKey(String),
    /// The private key and the certificate belong to different key pairs.
    #[error("The private key does not belong to the certificate")]
    KeyMismatch,
    /// A saved key or certificate file is there but cannot be used.
    #[error("The signing key file {} could not be read: {detail}", path.display())]
    KeyFile {
        /// The file that could not be read.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },
    /// One of the two saved files is there and the other is not.
    #[error("The signing key and certificate in {} are incomplete: {missing} is missing", folder.display())]
    Incomplete {
        /// The folder that holds them.
        folder: PathBuf,
        /// The file that is missing.
        missing: String,
    },
    /// Reading or writing a file failed.
    #[error("Could not {action} {}: {source}", path.display())]
    File {
        /// What was being done ("write", "read", ...).
        action: &'static str,
        /// The file concerned.
        path: PathBuf,
        #[source]
        source: prevent_files::FileError,
    },
    /// Reading or writing a file failed.
    #[error("Could not {action} {}: {source}", path.display())]
    Io {
        /// What was being done ("write", "read", ...).
        action: &'static str,
        /// The file or folder concerned.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
}

impl SealError {
    pub(crate) fn file(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: prevent_files::FileError,
    ) -> Self {
        SealError::File {
            action,
            path: path.into(),
            source,
        }
    }

    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        SealError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
