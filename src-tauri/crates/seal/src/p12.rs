//! Reading a PKCS#12 file (.p12/.pfx): the form in which Windows, NHS
//! certificate services and OpenSSL hand over a private key with its
//! certificates. The file's integrity MAC is checked first, which is how a
//! wrong password is told apart from a damaged file. Both the current
//! encryption (PBES2: PBKDF2 with AES, as OpenSSL 3 and recent Windows
//! write) and the legacy PKCS#12 schemes (3DES keys, RC2-40 certificates,
//! as older exports use) are read.

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockDecryptMut, InnerIvInit, KeyIvInit};
use cms::content_info::ContentInfo;
use cms::encrypted_data::EncryptedData;
use der::asn1::{ContextSpecific, OctetString};
use der::{Any, Decode, Encode};
use hmac::{Hmac, Mac};
use pkcs12::cert_type::CertBag;
use pkcs12::kdf::{Pkcs12KeyType, derive_key_utf8};
use pkcs12::mac_data::MacData;
use pkcs12::pbe_params::{EncryptedPrivateKeyInfo, Pkcs12PbeParams};
use pkcs12::pfx::Pfx;
use pkcs12::safe_bag::SafeBag;
use spki::AlgorithmIdentifierOwned;
use zeroize::Zeroizing;

use crate::digest::DigestAlg;
use crate::error::SealError;
use crate::oids;

/// More key-derivation rounds than this in one derivation is taken for a
/// hostile file: Windows and OpenSSL write 2,000 to 600,000.
const MAX_ITERATIONS: u32 = 2_000_000;

/// The most key-derivation rounds one file may ask for in all (its
/// integrity check, each encrypted part, the key): a real file needs at
/// most about 1,800,000; a file of ten parts at ten million each would
/// otherwise keep the import busy for a minute.
const MAX_TOTAL_ITERATIONS: u64 = 4_000_000;

/// The most parts (content infos) and bags a file may hold: a real file has
/// two parts and a handful of bags.
const MAX_PARTS: usize = 16;
const MAX_BAGS: usize = 64;

/// The key-derivation rounds spent so far on one file.
#[derive(Default)]
struct Work {
    rounds: std::cell::Cell<u64>,
}

/// What a PKCS#12 file holds that signing needs.
pub(crate) struct Pkcs12Contents {
    /// The private key, PKCS#8 DER.
    pub(crate) key_pkcs8: Zeroizing<Vec<u8>>,
    /// Every X.509 certificate in the file, DER, in file order.
    pub(crate) certificates: Vec<Vec<u8>>,
}

fn damaged(what: &str, error: impl std::fmt::Display) -> SealError {
    SealError::Pkcs12(format!("{what} is damaged ({error})"))
}

/// Opens a PKCS#12 file with its password.
pub(crate) fn read(bytes: &[u8], password: &str) -> Result<Pkcs12Contents, SealError> {
    let pfx = Pfx::from_der(bytes)
        .map_err(|error| SealError::Pkcs12(format!("it is not a PKCS#12 file ({error})")))?;
    if pfx.auth_safe.content_type != oids::DATA {
        return Err(SealError::Pkcs12(
            "it is protected with a public key rather than a password, which this program does not support"
                .into(),
        ));
    }
    let auth_safe = pfx
        .auth_safe
        .content
        .decode_as::<OctetString>()
        .map_err(|error| damaged("its contents", error))?;
    let work = Work::default();
    if let Some(mac) = &pfx.mac_data {
        verify_mac(mac, password, auth_safe.as_bytes(), &work)?;
    }
    let contents = Vec::<ContentInfo>::from_der(auth_safe.as_bytes())
        .map_err(|error| damaged("its contents", error))?;
    if contents.len() > MAX_PARTS {
        return Err(SealError::Pkcs12(format!(
            "it has {} parts; a certificate file has a few",
            contents.len()
        )));
    }
    let mut bag_count = 0;

    let mut keys: Vec<Zeroizing<Vec<u8>>> = Vec::new();
    let mut certificates = Vec::new();
    for content in contents {
        let safe_contents = if content.content_type == oids::DATA {
            let octets = content
                .content
                .decode_as::<OctetString>()
                .map_err(|error| damaged("a part of it", error))?;
            Zeroizing::new(octets.into_bytes())
        } else if content.content_type == oids::ENCRYPTED_DATA {
            let encrypted = content
                .content
                .decode_as::<EncryptedData>()
                .map_err(|error| damaged("an encrypted part of it", error))?;
            let info = encrypted.enc_content_info;
            let ciphertext = info
                .encrypted_content
                .ok_or_else(|| SealError::Pkcs12("an encrypted part of it is empty".into()))?;
            decrypt(
                &info.content_enc_alg,
                ciphertext.as_bytes(),
                password,
                &work,
            )?
        } else {
            return Err(SealError::Pkcs12(format!(
                "a part of it is protected in a way this program does not support ({})",
                content.content_type
            )));
        };
        let bags = Vec::<SafeBag>::from_der(&safe_contents)
            .map_err(|error| damaged("a part of it", error))?;
        bag_count += bags.len();
        if bag_count > MAX_BAGS {
            return Err(SealError::Pkcs12(format!(
                "it holds more than {MAX_BAGS} items; a certificate file holds a few"
            )));
        }
        for bag in bags {
            if bag.bag_id == oids::KEY_BAG {
                let inner = ContextSpecific::<Any>::from_der(&bag.bag_value)
                    .and_then(|wrapped| wrapped.value.to_der())
                    .map_err(|error| damaged("its private key", error))?;
                keys.push(Zeroizing::new(inner));
            } else if bag.bag_id == oids::PKCS8_SHROUDED_KEY_BAG {
                let shrouded = ContextSpecific::<EncryptedPrivateKeyInfo>::from_der(&bag.bag_value)
                    .map_err(|error| damaged("its private key", error))?
                    .value;
                keys.push(decrypt(
                    &shrouded.encryption_algorithm,
                    shrouded.encrypted_data.as_bytes(),
                    password,
                    &work,
                )?);
            } else if bag.bag_id == oids::CERT_BAG {
                let certificate = ContextSpecific::<CertBag>::from_der(&bag.bag_value)
                    .map_err(|error| damaged("a certificate in it", error))?
                    .value;
                if certificate.cert_id == oids::X509_CERTIFICATE {
                    certificates.push(certificate.cert_value.into_bytes());
                }
            }
            // CRLs, secrets and nested bags play no part in signing.
        }
    }

    if keys.len() > 1 {
        return Err(SealError::Pkcs12(
            "it holds more than one private key; export only the one to sign with".into(),
        ));
    }
    let key_pkcs8 = keys
        .pop()
        .ok_or_else(|| SealError::Pkcs12("it holds no private key, only certificates".into()))?;
    if certificates.is_empty() {
        return Err(SealError::Pkcs12("it holds no certificate".into()));
    }
    Ok(Pkcs12Contents {
        key_pkcs8,
        certificates,
    })
}

/// Checks a key-derivation count before any round is spent: refused when
/// it is out of range for one derivation, or when `derivations` of it would
/// take the file past its total.
fn iterations(count: i64, derivations: u64, work: &Work) -> Result<i32, SealError> {
    if count < 1 || count > i64::from(MAX_ITERATIONS) {
        return Err(SealError::Pkcs12(format!(
            "its key-derivation count ({count}) is out of range (at most {MAX_ITERATIONS})"
        )));
    }
    let total = work
        .rounds
        .get()
        .saturating_add((count as u64).saturating_mul(derivations));
    if total > MAX_TOTAL_ITERATIONS {
        return Err(SealError::Pkcs12(format!(
            "it asks for more than {MAX_TOTAL_ITERATIONS} key-derivation rounds in all, which no real certificate file does"
        )));
    }
    work.rounds.set(total);
    i32::try_from(count)
        .map_err(|_| SealError::Pkcs12("its key-derivation count is out of range".into()))
}

/// Checks the HMAC over the contents (RFC 7292 appendix B key derivation).
fn verify_mac(mac: &MacData, password: &str, data: &[u8], work: &Work) -> Result<(), SealError> {
    let rounds = iterations(i64::from(mac.iterations), 1, work)?;
    let salt = mac.mac_salt.as_bytes();
    let expected = mac.mac.digest.as_bytes();
    let algorithm = DigestAlg::from_oid(&mac.mac.algorithm.oid).ok_or_else(|| {
        SealError::Pkcs12(format!(
            "its integrity check uses an algorithm this program does not know ({})",
            mac.mac.algorithm.oid
        ))
    })?;
    macro_rules! check {
        ($digest:ty, $len:expr) => {{
            let key = Zeroizing::new(
                derive_key_utf8::<$digest>(password, salt, Pkcs12KeyType::Mac, rounds, $len)
                    .map_err(|_| SealError::WrongPassword)?,
            );
            let mut hmac = <Hmac<$digest> as Mac>::new_from_slice(&key)
                .map_err(|error| damaged("its integrity check", error))?;
            hmac.update(data);
            hmac.verify_slice(expected).is_ok()
        }};
    }
    let matches = match algorithm {
        DigestAlg::Sha1 => check!(sha1::Sha1, 20),
        DigestAlg::Sha256 => check!(sha2::Sha256, 32),
        DigestAlg::Sha384 => check!(sha2::Sha384, 48),
        DigestAlg::Sha512 => check!(sha2::Sha512, 64),
    };
    if matches {
        Ok(())
    } else {
        Err(SealError::WrongPassword)
    }
}

/// Decrypts a PBES2 or legacy PKCS#12 password-encrypted blob. A failure to
/// decrypt (bad padding) means the password is wrong.
fn decrypt(
    algorithm: &AlgorithmIdentifierOwned,
    data: &[u8],
    password: &str,
    work: &Work,
) -> Result<Zeroizing<Vec<u8>>, SealError> {
    let oid = algorithm.oid;
    let legacy_key_length = match oid {
        oids::PBE_SHA1_3DES => Some(24),
        oids::PBE_SHA1_2DES | oids::PBE_SHA1_RC2_128 => Some(16),
        oids::PBE_SHA1_RC2_40 => Some(5),
        _ => None,
    };
    let Some(key_length) = legacy_key_length else {
        return decrypt_pbes2(algorithm, data, password, work);
    };

    let parameters = algorithm
        .parameters
        .as_ref()
        .ok_or_else(|| SealError::Pkcs12("its encryption parameters are missing".into()))?
        .decode_as::<Pkcs12PbeParams>()
        .map_err(|error| damaged("its encryption parameters", error))?;
    // The legacy scheme derives the key and the IV separately.
    let rounds = iterations(i64::from(parameters.iterations), 2, work)?;
    let salt = parameters.salt.as_bytes();
    let derive = |kind, length| {
        derive_key_utf8::<sha1::Sha1>(password, salt, kind, rounds, length)
            .map(Zeroizing::new)
            .map_err(|_| SealError::WrongPassword)
    };
    let key = derive(Pkcs12KeyType::EncryptionKey, key_length)?;
    let iv = derive(Pkcs12KeyType::Iv, 8)?;
    let bad_length =
        |error: cbc::cipher::InvalidLength| damaged("its encryption parameters", error);
    let plain = match oid {
        oids::PBE_SHA1_3DES => cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
            .map_err(bad_length)?
            .decrypt_padded_vec_mut::<Pkcs7>(data),
        oids::PBE_SHA1_2DES => cbc::Decryptor::<des::TdesEde2>::new_from_slices(&key, &iv)
            .map_err(bad_length)?
            .decrypt_padded_vec_mut::<Pkcs7>(data),
        _ => {
            let cipher = rc2::Rc2::new_with_eff_key_len(&key, key_length * 8);
            cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(cipher, &iv)
                .map_err(bad_length)?
                .decrypt_padded_vec_mut::<Pkcs7>(data)
        }
    };
    plain
        .map(Zeroizing::new)
        .map_err(|_| SealError::WrongPassword)
}

fn decrypt_pbes2(
    algorithm: &AlgorithmIdentifierOwned,
    data: &[u8],
    password: &str,
    work: &Work,
) -> Result<Zeroizing<Vec<u8>>, SealError> {
    let unsupported = || {
        SealError::Pkcs12(format!(
            "it is encrypted in a way this program does not support ({})",
            algorithm.oid
        ))
    };
    if algorithm.oid != oids::PBES2 {
        return Err(unsupported());
    }
    let encoded = algorithm
        .to_der()
        .map_err(|error| damaged("its encryption parameters", error))?;
    let scheme =
        pkcs5::EncryptionScheme::try_from(encoded.as_slice()).map_err(|_| unsupported())?;
    let pbkdf2 = scheme
        .pbes2()
        .and_then(|parameters| parameters.kdf.pbkdf2())
        .ok_or_else(unsupported)?;
    iterations(i64::from(pbkdf2.iteration_count), 1, work)?;
    scheme
        .decrypt(password.as_bytes(), data)
        .map(Zeroizing::new)
        .map_err(|_| SealError::WrongPassword)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_are_counted_across_the_file_before_any_is_spent() {
        let work = Work::default();
        assert!(iterations(2_048, 1, &work).is_ok());
        assert!(iterations(600_000, 2, &work).is_ok());
        assert!(iterations(i64::from(MAX_ITERATIONS) + 1, 1, &work).is_err());
        assert!(iterations(0, 1, &work).is_err());
        // 1,202,048 spent: two more derivations at 1.5M would pass 4M.
        assert!(iterations(1_500_000, 1, &work).is_ok());
        let refused = iterations(1_500_000, 1, &work).expect_err("over the total");
        assert!(refused.to_string().contains("in all"), "{refused}");
        assert_eq!(
            work.rounds.get(),
            2_702_048,
            "a refused derivation spends nothing"
        );
    }
}
