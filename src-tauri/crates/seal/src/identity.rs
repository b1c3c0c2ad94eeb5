//! The installation's signing identity: a private key and the certificate
//! that names the organisation. It is made once (a fresh P-256 key and a
//! self-signed certificate) or imported from the .p12/.pfx file an
//! organisation already has, and kept in two PEM files: the key readable by
//! its owner only, written so that a crash never leaves half a key behind.

use std::fmt;
use std::fs;
use std::path::Path;

use chrono::{DateTime, Months, Utc};
use der::{Decode, Encode};
use pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rand_core::{OsRng, RngCore};
use spki::{DecodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::Certificate;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;
use zeroize::Zeroizing;

use crate::certificate::{
    CertificateInfo, certificate_der, chrono_to_time, der_to_pem, organisation_name,
    pem_chain_to_der,
};
use crate::error::SealError;
use crate::oids;

/// The file `save` writes the private key to: PKCS#8 PEM, mode 0600 on
/// Linux; on Windows the PEM protected for the signed-in user with DPAPI
/// (`prevent_files::platform`), so a copy of the file is of no use elsewhere.
pub const KEY_FILE_NAME: &str = "signing-key.pem";
/// The file `save` writes the certificate to (PEM; the signer's certificate
/// first, then any issuing certificates from an imported file).
pub const CERTIFICATE_FILE_NAME: &str = "signing-certificate.pem";

/// How long a generated certificate is valid.
const GENERATED_VALIDITY_MONTHS: u32 = 120;

/// A private key this crate can sign with.
#[derive(Clone)]
pub(crate) enum PrivateKey {
    P256(p256::ecdsa::SigningKey),
    Rsa(Box<rsa::RsaPrivateKey>),
}

impl PrivateKey {
    fn from_pkcs8_der(der: &[u8]) -> Result<Self, SealError> {
        let info = pkcs8::PrivateKeyInfo::from_der(der).map_err(|error| {
            SealError::UnsupportedKey(format!("not a PKCS#8 private key: {error}"))
        })?;
        let algorithm = info.algorithm.oid;
        if algorithm == oids::EC_PUBLIC_KEY {
            let curve = info.algorithm.parameters_oid().ok();
            if curve != Some(oids::PRIME256V1) {
                let curve = curve.map_or_else(|| "unnamed".to_string(), |oid| oid.to_string());
                return Err(SealError::UnsupportedKey(format!("elliptic curve {curve}")));
            }
            p256::ecdsa::SigningKey::from_pkcs8_der(der)
                .map(PrivateKey::P256)
                .map_err(|error| SealError::UnsupportedKey(format!("damaged P-256 key: {error}")))
        } else if algorithm == oids::RSA_ENCRYPTION {
            rsa::RsaPrivateKey::from_pkcs8_der(der)
                .map(|key| PrivateKey::Rsa(Box::new(key)))
                .map_err(|error| {
                    SealError::UnsupportedKey(format!("damaged or oversized RSA key: {error}"))
                })
        } else {
            Err(SealError::UnsupportedKey(format!(
                "key algorithm {algorithm}"
            )))
        }
    }

    fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, SealError> {
        let pem = match self {
            PrivateKey::P256(key) => key.to_pkcs8_pem(pkcs8::LineEnding::LF),
            PrivateKey::Rsa(key) => key.to_pkcs8_pem(pkcs8::LineEnding::LF),
        };
        pem.map_err(|error| SealError::Signing(format!("the key cannot be encoded ({error})")))
    }

    /// Whether `certificate` carries this key's public half.
    fn matches(&self, certificate: &Certificate) -> bool {
        let Ok(spki) = certificate.tbs_certificate.subject_public_key_info.to_der() else {
            return false;
        };
        match self {
            PrivateKey::P256(key) => p256::ecdsa::VerifyingKey::from_public_key_der(&spki)
                .is_ok_and(|public| &public == key.verifying_key()),
            PrivateKey::Rsa(key) => rsa::RsaPublicKey::from_public_key_der(&spki)
                .is_ok_and(|public| public == key.to_public_key()),
        }
    }

    fn describe(&self) -> String {
        match self {
            PrivateKey::P256(_) => "ECDSA P-256".to_string(),
            PrivateKey::Rsa(key) => {
                use rsa::traits::PublicKeyParts;
                format!("RSA-{}", key.size() * 8)
            }
        }
    }
}

impl PartialEq for PrivateKey {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (PrivateKey::P256(a), PrivateKey::P256(b)) => a == b,
            (PrivateKey::Rsa(a), PrivateKey::Rsa(b)) => a == b,
            _ => false,
        }
    }
}

/// The installation's (or an imported) signing key and its certificate.
#[derive(Clone, PartialEq)]
pub struct SigningIdentity {
    key: PrivateKey,
    certificate: CertificateInfo,
    /// Issuing certificates (DER) from an imported file, nearest first; put
    /// into each signature so a reader can build the path to a trusted root.
    chain: Vec<Vec<u8>>,
}

impl fmt::Debug for SigningIdentity {
    /// Names the key's kind, never its value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningIdentity")
            .field("key", &self.key.describe())
            .field("certificate", &self.certificate.subject)
            .field("fingerprint", &self.certificate.fingerprint)
            .field("chain", &self.chain.len())
            .finish()
    }
}

impl SigningIdentity {
    /// A fresh P-256 key and a self-signed certificate whose subject names
    /// the organisation: CN = "<organisation> (Prevent Self-Assessment)",
    /// O = "<organisation>"; valid from `not_before` for 10 years; random
    /// serial number; key usage digital signature and non-repudiation.
    pub fn generate(organisation: &str, not_before: DateTime<Utc>) -> Result<Self, SealError> {
        let organisation = organisation.trim();
        if organisation.is_empty() {
            return Err(SealError::Certificate(
                "the organisation's name is empty".into(),
            ));
        }
        let key = p256::ecdsa::SigningKey::random(&mut OsRng);

        // 16 random bytes, the first kept in 0x40..=0x7f so the INTEGER is
        // positive and always 16 bytes long (RFC 5280: at most 20).
        let mut serial = [0u8; 16];
        OsRng.fill_bytes(&mut serial);
        serial[0] = (serial[0] & 0x3f) | 0x40;
        let serial = SerialNumber::new(&serial)
            .map_err(|error| SealError::Certificate(format!("bad serial number ({error})")))?;

        let not_after = not_before
            .checked_add_months(Months::new(GENERATED_VALIDITY_MONTHS))
            .ok_or_else(|| SealError::Certificate("the end date is out of range".into()))?;
        let validity = Validity {
            not_before: chrono_to_time(not_before)?,
            not_after: chrono_to_time(not_after)?,
        };
        let subject = organisation_name(organisation)?;
        let public_key =
            SubjectPublicKeyInfoOwned::from_key(*key.verifying_key()).map_err(|error| {
                SealError::Certificate(format!("the public key cannot be encoded ({error})"))
            })?;
        let profile = Profile::Leaf {
            issuer: subject.clone(),
            enable_key_agreement: false,
            enable_key_encipherment: false,
        };
        let certificate =
            CertificateBuilder::new(profile, serial, validity, subject, public_key, &key)
                .and_then(|builder| builder.build::<p256::ecdsa::DerSignature>())
                .map_err(|error| {
                    SealError::Certificate(format!("it could not be made ({error})"))
                })?;
        let der = certificate_der(&certificate)?;
        Ok(SigningIdentity {
            certificate: CertificateInfo::from_parsed(&certificate, der)?,
            key: PrivateKey::P256(key),
            chain: Vec::new(),
        })
    }

    /// From a PKCS#12 file (.p12/.pfx) an organisation already has: its
    /// private key (P-256 or RSA), the certificate for that key, and the
    /// issuing certificates the file carries.
    pub fn from_pkcs12(bytes: &[u8], password: &str) -> Result<Self, SealError> {
        let contents = crate::p12::read(bytes, password)?;
        Self::from_key_and_certificates(&contents.key_pkcs8, contents.certificates).map_err(
            |error| match error {
                SealError::KeyMismatch => {
                    SealError::Pkcs12("none of its certificates belongs to its private key".into())
                }
                other => other,
            },
        )
    }

    /// From a PKCS#8 DER private key and DER certificates in any order: the
    /// one that carries the key becomes the signer's, the ones that issued
    /// it (followed by name) its chain; unrelated ones are dropped.
    fn from_key_and_certificates(
        key_pkcs8: &[u8],
        certificates: Vec<Vec<u8>>,
    ) -> Result<Self, SealError> {
        let key = PrivateKey::from_pkcs8_der(key_pkcs8)?;
        let mut parsed = Vec::with_capacity(certificates.len());
        for der in certificates {
            let certificate = Certificate::from_der(&der).map_err(|error| {
                SealError::Certificate(format!("it is not an X.509 certificate ({error})"))
            })?;
            parsed.push((certificate, der));
        }
        let leaf = parsed
            .iter()
            .position(|(certificate, _)| key.matches(certificate))
            .ok_or(SealError::KeyMismatch)?;
        let (leaf_certificate, leaf_der) = parsed.swap_remove(leaf);

        let others: Vec<Certificate> = parsed.iter().map(|(c, _)| c.clone()).collect();
        let chain = crate::certificate::issuer_chain(&leaf_certificate, &others)
            .into_iter()
            .map(|index| parsed[index].1.clone())
            .collect();

        Ok(SigningIdentity {
            certificate: CertificateInfo::from_parsed(&leaf_certificate, leaf_der)?,
            key,
            chain,
        })
    }

    /// Saves the key (PKCS#8 PEM, file mode 0600 from creation) and the
    /// certificates (PEM) into `folder`, each written atomically: a temporary
    /// file in the same folder, flushed to disk, then renamed over the old one.
    pub fn save(&self, folder: &Path) -> Result<(), SealError> {
        fs::create_dir_all(folder)
            .map_err(|error| SealError::io("create the folder", folder, error))?;
        let key_pem = self.key.to_pkcs8_pem()?;
        let mut certificates_pem = self.certificate.to_pem();
        for der in &self.chain {
            certificates_pem.push_str(&der_to_pem(der));
        }
        let key_path = folder.join(KEY_FILE_NAME);
        let key_at_rest = Zeroizing::new(
            prevent_files::platform::protect_for_user(key_pem.as_bytes())
                .map_err(|error| SealError::io("protect the key in", &key_path, error))?,
        );
        write_atomically(&key_path, &key_at_rest, prevent_files::Access::OwnerOnly)?;
        write_atomically(
            &folder.join(CERTIFICATE_FILE_NAME),
            certificates_pem.as_bytes(),
            prevent_files::Access::Default,
        )?;
        Ok(())
    }

    /// Loads what `save` wrote; `Ok(None)` when there is none yet. Checks
    /// that the key belongs to the certificate.
    pub fn load(folder: &Path) -> Result<Option<Self>, SealError> {
        let key_path = folder.join(KEY_FILE_NAME);
        let certificate_path = folder.join(CERTIFICATE_FILE_NAME);
        let key_pem = read_if_present(&key_path)?
            .map(|stored| {
                prevent_files::platform::unprotect_for_user(&stored)
                    .map(Zeroizing::new)
                    .map_err(|error| SealError::KeyFile {
                        path: key_path.clone(),
                        detail: format!(
                            "it could not be unlocked for the signed-in user ({error}); a key is \
                             readable only by the person and computer it was made on"
                        ),
                    })
            })
            .transpose()?;
        let certificates_pem = read_if_present(&certificate_path)?;
        let (key_pem, certificates_pem) = match (key_pem, certificates_pem) {
            (None, None) => return Ok(None),
            (Some(_), None) => {
                return Err(SealError::Incomplete {
                    folder: folder.to_path_buf(),
                    missing: CERTIFICATE_FILE_NAME.into(),
                });
            }
            (None, Some(_)) => {
                return Err(SealError::Incomplete {
                    folder: folder.to_path_buf(),
                    missing: KEY_FILE_NAME.into(),
                });
            }
            (Some(key), Some(certificates)) => (key, certificates),
        };
        let key_file_error = |detail: String| SealError::KeyFile {
            path: key_path.clone(),
            detail,
        };
        let (label, key_der) = der::pem::decode_vec(&key_pem)
            .map_err(|error| key_file_error(format!("it is not PEM text ({error})")))?;
        let key_der = Zeroizing::new(key_der);
        if label != "PRIVATE KEY" {
            return Err(key_file_error(format!(
                "it holds a {label}, not a PKCS#8 private key"
            )));
        }
        let certificates =
            pem_chain_to_der(&certificates_pem).map_err(|error| SealError::KeyFile {
                path: certificate_path.clone(),
                detail: error.to_string(),
            })?;
        if certificates.is_empty() {
            return Err(SealError::KeyFile {
                path: certificate_path,
                detail: "it holds no certificate".into(),
            });
        }
        Self::from_key_and_certificates(&key_der, certificates).map(Some)
    }

    /// The signer's certificate.
    pub fn certificate(&self) -> &CertificateInfo {
        &self.certificate
    }

    /// The issuing certificates (DER) that go into each signature with the
    /// signer's own, nearest first. Empty for a generated identity.
    pub fn chain(&self) -> &[Vec<u8>] {
        &self.chain
    }

    /// The key's kind, e.g. "ECDSA P-256" or "RSA-3072".
    pub fn key_description(&self) -> String {
        self.key.describe()
    }

    pub(crate) fn key(&self) -> &PrivateKey {
        &self.key
    }
}

/// The largest key or certificate file read back (a long chain is a few
/// kilobytes).
const MAX_KEY_FILE_BYTES: u64 = 1024 * 1024;

fn read_if_present(path: &Path) -> Result<Option<Zeroizing<Vec<u8>>>, SealError> {
    match prevent_files::read_bounded(path, MAX_KEY_FILE_BYTES) {
        Ok(bytes) => Ok(Some(Zeroizing::new(bytes))),
        Err(prevent_files::FileError::NotFound) => Ok(None),
        Err(error) => Err(SealError::file("read", path, error)),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder
/// (random name, created exclusively, readable by its owner only when
/// `access` says so), flushed to disk and renamed into place.
fn write_atomically(
    path: &Path,
    bytes: &[u8],
    access: prevent_files::Access,
) -> Result<(), SealError> {
    prevent_files::write_replacing(path, bytes, access)
        .map_err(|error| SealError::file("write", path, error))
}
