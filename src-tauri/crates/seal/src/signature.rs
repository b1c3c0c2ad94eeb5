//! The signature itself: a CMS SignedData (RFC 5652) over a digest computed
//! elsewhere, with no content inside ("detached"), which is what a PDF's
//! `adbe.pkcs7.detached` signature holds; and the reverse, checking such a
//! structure against the bytes it claims to cover. Checking works on
//! signatures from other tools too (SHA-1/256/384/512; P-256 ECDSA and RSA
//! PKCS#1 v1.5) and never trusts the structure's own re-encoding: the signed
//! attributes are verified as they appear in the file.

use chrono::{DateTime, Utc};
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{AnyRef, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Reader, SliceReader, Tag, Tagged};
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::ecdsa::signature::{Keypair, Signer};
use spki::{
    AlgorithmIdentifierOwned, DecodePublicKey, DynSignatureAlgorithmIdentifier,
    SignatureBitStringEncoding,
};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::time::Time;

use crate::certificate::{
    CertificateInfo, certificate_der, chrono_to_time, subject_key_identifier, time_to_chrono,
};
use crate::digest::DigestAlg;
use crate::error::SealError;
use crate::identity::{PrivateKey, SigningIdentity};
use crate::oids;

fn signing_error(error: impl std::fmt::Display) -> SealError {
    SealError::Signing(error.to_string())
}

/// A DER CMS SignedData, detached, signed by `identity`, whose signed
/// attributes are content-type (data), message-digest (`sha256` of the
/// covered bytes) and signing-time; carrying the signer's certificate and
/// chain. ECDSA uses RFC 6979 nonces and RSA PKCS#1 v1.5 is deterministic,
/// so the same inputs give the same bytes.
pub(crate) fn sign_detached(
    identity: &SigningIdentity,
    sha256: &[u8],
    signing_time: DateTime<Utc>,
) -> Result<Vec<u8>, SealError> {
    let mut certificates = vec![identity.certificate().parsed()?];
    for der in identity.chain() {
        let issuer = Certificate::from_der(der).map_err(|error| {
            SealError::Certificate(format!("an issuing certificate is damaged ({error})"))
        })?;
        if !certificates.contains(&issuer) {
            certificates.push(issuer);
        }
    }
    let request = Request::new(certificates, sha256, signing_time)?;
    match identity.key() {
        PrivateKey::P256(key) => build::<_, p256::ecdsa::DerSignature>(key, request),
        PrivateKey::Rsa(key) => {
            let key = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new((**key).clone());
            build::<_, rsa::pkcs1v15::Signature>(&key, request)
        }
    }
}

/// Signs nothing: hands back a signature value read from a file, so that the
/// builder writes around it exactly the structure `sign_detached` writes.
struct Replay<V> {
    verifying_key: V,
    signature: Vec<u8>,
}

impl<V: Clone> Keypair for Replay<V> {
    type VerifyingKey = V;
    fn verifying_key(&self) -> V {
        self.verifying_key.clone()
    }
}

impl<V: DynSignatureAlgorithmIdentifier> DynSignatureAlgorithmIdentifier for Replay<V> {
    fn signature_algorithm_identifier(&self) -> spki::Result<AlgorithmIdentifierOwned> {
        self.verifying_key.signature_algorithm_identifier()
    }
}

impl Signer<p256::ecdsa::DerSignature> for Replay<p256::ecdsa::VerifyingKey> {
    fn try_sign(&self, _: &[u8]) -> Result<p256::ecdsa::DerSignature, p256::ecdsa::Error> {
        p256::ecdsa::DerSignature::from_bytes(&self.signature)
    }
}

impl Signer<rsa::pkcs1v15::Signature> for Replay<rsa::pkcs1v15::VerifyingKey<sha2::Sha256>> {
    fn try_sign(&self, _: &[u8]) -> Result<rsa::pkcs1v15::Signature, p256::ecdsa::Error> {
        rsa::pkcs1v15::Signature::try_from(self.signature.as_slice())
    }
}

/// The CMS `sign_detached` writes for `sha256` at `signing_time` with
/// `certificates` (the signer's first, then the chain that issued it), had
/// its signature come out as `signature`. Everything but that value is the
/// app's own, so a file whose CMS differs from this in any byte (a
/// certificate added, an attribute added, a length written another way) was
/// not written by the app.
pub(crate) fn rebuild_detached(
    certificates: &[Certificate],
    sha256: &[u8],
    signing_time: DateTime<Utc>,
    signature: &[u8],
) -> Result<Vec<u8>, SealError> {
    let leaf = certificates
        .first()
        .ok_or_else(|| SealError::Signing("the signature names no certificate".into()))?;
    let request = Request::new(certificates.to_vec(), sha256, signing_time)?;
    let spki = leaf
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(signing_error)?;
    let algorithm = leaf.tbs_certificate.subject_public_key_info.algorithm.oid;
    if algorithm == oids::EC_PUBLIC_KEY {
        let verifying_key = p256::ecdsa::VerifyingKey::from_public_key_der(&spki)
            .map_err(|_| SealError::Signing("the signer's key is not P-256".into()))?;
        let replay = Replay {
            verifying_key,
            signature: signature.to_vec(),
        };
        build::<_, p256::ecdsa::DerSignature>(&replay, request)
    } else if algorithm == oids::RSA_ENCRYPTION {
        let key = rsa::RsaPublicKey::from_public_key_der(&spki)
            .map_err(|_| SealError::Signing("the signer's RSA key cannot be read".into()))?;
        let replay = Replay {
            verifying_key: rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key),
            signature: signature.to_vec(),
        };
        build::<_, rsa::pkcs1v15::Signature>(&replay, request)
    } else {
        Err(SealError::Signing(format!(
            "the signer's key is of a kind this app does not sign with ({algorithm})"
        )))
    }
}

/// The certificates and the signature value of a CMS signature: the
/// signer's certificate first, then the ones that issued it (followed by
/// name, as an imported identity's chain is), and the signer's signature.
pub(crate) fn signer_of(cms: &[u8]) -> Result<(Vec<Certificate>, Vec<u8>), SealError> {
    let not_cms =
        |why: String| SealError::Signing(format!("its data is not a CMS signature ({why})"));
    let mut reader = SliceReader::new(cms).map_err(|e| not_cms(e.to_string()))?;
    let content_info = ContentInfo::decode(&mut reader).map_err(|e| not_cms(e.to_string()))?;
    let signed_data = content_info
        .content
        .decode_as::<SignedData>()
        .map_err(|e| not_cms(e.to_string()))?;
    let signer = signed_data
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or_else(|| not_cms("no signer".into()))?;
    let leaf = find_certificate(&signed_data, signer)
        .ok_or_else(|| not_cms("the signer's certificate is missing".into()))?
        .clone();
    let others: Vec<Certificate> = signed_data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|choice| match choice {
            CertificateChoices::Certificate(certificate) if *certificate != leaf => {
                Some(certificate.clone())
            }
            _ => None,
        })
        .collect();
    let mut certificates = vec![leaf.clone()];
    certificates.extend(
        crate::certificate::issuer_chain(&leaf, &others)
            .into_iter()
            .map(|index| others[index].clone()),
    );
    Ok((certificates, signer.signature.as_bytes().to_vec()))
}

struct Request<'a> {
    sid: SignerIdentifier,
    sha256: &'a [u8],
    signing_time: Attribute,
    certificates: Vec<Certificate>,
}

impl<'a> Request<'a> {
    /// What `build` writes for `certificates` (the signer's first, then its
    /// chain), `sha256` and `signing_time`: the one place that names the
    /// signer and dates the signature, for signing and for rebuilding alike.
    fn new(
        certificates: Vec<Certificate>,
        sha256: &'a [u8],
        signing_time: DateTime<Utc>,
    ) -> Result<Self, SealError> {
        let signer = certificates
            .first()
            .ok_or_else(|| SealError::Signing("the signature names no certificate".into()))?;
        let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: signer.tbs_certificate.issuer.clone(),
            serial_number: signer.tbs_certificate.serial_number.clone(),
        });
        let time = Any::encode_from(&chrono_to_time(signing_time)?).map_err(signing_error)?;
        Ok(Self {
            sid,
            sha256,
            signing_time: Attribute {
                oid: oids::SIGNING_TIME,
                values: SetOfVec::try_from(vec![time]).map_err(signing_error)?,
            },
            certificates,
        })
    }
}

fn build<S, Sig>(signer: &S, request: Request<'_>) -> Result<Vec<u8>, SealError>
where
    S: Keypair + DynSignatureAlgorithmIdentifier + Signer<Sig>,
    Sig: SignatureBitStringEncoding,
{
    // `cms::builder::Error` implements Display but not std::error::Error.
    let cms_error = |error: cms::builder::Error| SealError::Signing(error.to_string());
    let digest_algorithm = AlgorithmIdentifierOwned {
        oid: oids::SHA256,
        parameters: None,
    };
    let content = EncapsulatedContentInfo {
        econtent_type: oids::DATA,
        econtent: None,
    };
    // The builder adds content-type and message-digest itself.
    let mut signer_info = SignerInfoBuilder::new(
        signer,
        request.sid,
        digest_algorithm.clone(),
        &content,
        Some(request.sha256),
    )
    .map_err(cms_error)?;
    signer_info
        .add_signed_attribute(request.signing_time)
        .map_err(cms_error)?;
    let mut signed_data = SignedDataBuilder::new(&content);
    signed_data
        .add_digest_algorithm(digest_algorithm)
        .map_err(cms_error)?;
    for certificate in request.certificates {
        signed_data
            .add_certificate(CertificateChoices::Certificate(certificate))
            .map_err(cms_error)?;
    }
    signed_data
        .add_signer_info::<S, Sig>(signer_info)
        .map_err(cms_error)?;
    signed_data
        .build()
        .map_err(cms_error)?
        .to_der()
        .map_err(signing_error)
}

/// What checking a detached CMS signature found.
#[derive(Debug, Default)]
pub(crate) struct CmsCheck {
    pub(crate) digest_matches: bool,
    /// The digest comparison was reached (the CMS could be read that far).
    pub(crate) digest_checked: bool,
    pub(crate) signature_valid: bool,
    /// The signature verification was reached.
    pub(crate) signature_checked: bool,
    pub(crate) certificate: Option<CertificateInfo>,
    pub(crate) signing_time: Option<DateTime<Utc>>,
    pub(crate) problems: Vec<String>,
}

/// Checks `cms` (trailing zero padding allowed) against the concatenation of
/// `covered`: the digest it names, and the signer's signature over its
/// signed attributes with the public key of the certificate it names.
pub(crate) fn verify_detached(cms: &[u8], covered: &[&[u8]]) -> CmsCheck {
    let mut check = CmsCheck::default();
    if let Err(problem) = verify_into(cms, covered, &mut check) {
        check.problems.push(problem);
    }
    check
}

fn verify_into(cms: &[u8], covered: &[&[u8]], check: &mut CmsCheck) -> Result<(), String> {
    let not_cms =
        |error: der::Error| format!("The signature's data is not a CMS signature ({error})");
    let mut reader = SliceReader::new(cms).map_err(not_cms)?;
    let content_info = ContentInfo::decode(&mut reader).map_err(not_cms)?;
    // The placeholder's padding is outside the byte range the signature
    // covers, so it is checked here: anything but zeros is a change.
    let used = usize::try_from(u32::from(der::Reader::position(&reader))).unwrap_or(cms.len());
    if cms
        .get(used..)
        .is_some_and(|rest| rest.iter().any(|b| *b != 0))
    {
        check.problems.push(
            "The signature's placeholder has been changed after signing (bytes after the signature are not zero)"
                .into(),
        );
    }
    if content_info.content_type != oids::SIGNED_DATA {
        return Err("The signature's data is not a CMS signature (it is not SignedData)".into());
    }
    let signed_data = content_info
        .content
        .decode_as::<SignedData>()
        .map_err(not_cms)?;
    let signer_count = signed_data.signer_infos.0.len();
    let Some(signer) = signed_data
        .signer_infos
        .0
        .iter()
        .next()
        .filter(|_| signer_count == 1)
    else {
        return Err(format!(
            "The signature has {signer_count} signers; exactly one was expected"
        ));
    };

    let algorithm = DigestAlg::from_oid(&signer.digest_alg.oid).ok_or_else(|| {
        format!(
            "The signature uses a digest this program does not know ({})",
            signer.digest_alg.oid
        )
    })?;
    let Some(attributes) = &signer.signed_attrs else {
        return Err("The signature has no signed attributes, which this program requires".into());
    };
    check.signing_time = attribute_value(attributes, oids::SIGNING_TIME)
        .and_then(|value| value.to_der().ok())
        .and_then(|der| Time::from_der(&der).ok())
        .and_then(|time| time_to_chrono(&time));
    match attribute_value(attributes, oids::CONTENT_TYPE)
        .and_then(|value| value.decode_as::<der::asn1::ObjectIdentifier>().ok())
    {
        Some(content_type) if content_type == oids::DATA => {}
        _ => check
            .problems
            .push("The signature does not say it signs plain data".into()),
    }
    let declared = attribute_value(attributes, oids::MESSAGE_DIGEST)
        .and_then(|value| value.decode_as::<OctetString>().ok())
        .ok_or("The signature does not say which digest it signed")?;
    check.digest_matches = declared.as_bytes() == algorithm.digest(covered).as_slice();
    check.digest_checked = true;
    if algorithm == DigestAlg::Sha1 {
        check
            .problems
            .push("The signature uses SHA-1, which is no longer considered secure".into());
    }

    let certificate = find_certificate(&signed_data, signer)
        .ok_or("The signer's certificate is not in the signature")?;
    check.certificate = certificate_der(certificate)
        .and_then(|der| CertificateInfo::from_parsed(certificate, der))
        .ok();

    // Verify over the signed attributes exactly as they are in the file.
    let signed_attributes = raw_signed_attributes(cms)
        .ok()
        .flatten()
        .ok_or("The signature's signed attributes cannot be read")?;
    let hash = algorithm.digest(&[&signed_attributes]);
    check.signature_valid = verify_signature(certificate, signer, &hash)?;
    check.signature_checked = true;
    Ok(())
}

fn attribute_value(
    attributes: &SetOfVec<Attribute>,
    oid: der::asn1::ObjectIdentifier,
) -> Option<&Any> {
    attributes
        .iter()
        .find(|attribute| attribute.oid == oid)
        .and_then(|attribute| attribute.values.iter().next())
}

fn find_certificate<'a>(
    signed_data: &'a SignedData,
    signer: &SignerInfo,
) -> Option<&'a Certificate> {
    signed_data
        .certificates
        .as_ref()?
        .0
        .iter()
        .filter_map(|choice| match choice {
            CertificateChoices::Certificate(certificate) => Some(certificate),
            CertificateChoices::Other(_) => None,
        })
        .find(|certificate| match &signer.sid {
            SignerIdentifier::IssuerAndSerialNumber(id) => {
                certificate.tbs_certificate.issuer == id.issuer
                    && certificate.tbs_certificate.serial_number == id.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(id) => {
                subject_key_identifier(certificate).as_deref() == Some(id.0.as_bytes())
            }
        })
}

/// The first SignerInfo's `[0] IMPLICIT signedAttrs`, re-tagged as the
/// `SET OF` that was signed (RFC 5652 section 5.4), byte for byte as in the
/// file. Decoding and re-encoding would sort the attributes and so could
/// change what a non-DER signer signed.
fn raw_signed_attributes(cms: &[u8]) -> der::Result<Option<Vec<u8>>> {
    fn inner<'a>(any: AnyRef<'a>) -> der::Result<SliceReader<'a>> {
        SliceReader::new(any.value())
    }
    let mut reader = SliceReader::new(cms)?;
    let mut content_info = inner(AnyRef::decode(&mut reader)?)?;
    let _content_type = AnyRef::decode(&mut content_info)?;
    let explicit = AnyRef::decode(&mut content_info)?;
    let mut signed_data = inner(AnyRef::from_der(explicit.value())?)?;
    // version, digestAlgorithms (a SET), encapContentInfo, [0] certificates,
    // [1] crls, signerInfos (a SET): the last SET is the signers.
    let mut signer_infos = None;
    while !signed_data.is_finished() {
        let item = AnyRef::decode(&mut signed_data)?;
        if item.tag() == Tag::Set {
            signer_infos = Some(item);
        }
    }
    let Some(signer_infos) = signer_infos else {
        return Ok(None);
    };
    let mut signer_infos = inner(signer_infos)?;
    let mut signer_info = inner(AnyRef::decode(&mut signer_infos)?)?;
    let _version = AnyRef::decode(&mut signer_info)?;
    let _sid = AnyRef::decode(&mut signer_info)?;
    let _digest_algorithm = AnyRef::decode(&mut signer_info)?;
    let attributes = signer_info.tlv_bytes()?;
    match attributes.first() {
        Some(0xA0) => {
            let mut set = attributes.to_vec();
            set[0] = 0x31;
            Ok(Some(set))
        }
        _ => Ok(None),
    }
}

/// Verifies the signer's signature over `hash` with the certificate's key.
/// `Err` for a key or algorithm this program cannot check.
fn verify_signature(
    certificate: &Certificate,
    signer: &SignerInfo,
    hash: &[u8],
) -> Result<bool, String> {
    let spki = &certificate.tbs_certificate.subject_public_key_info;
    let spki_der = spki
        .to_der()
        .map_err(|error| format!("The signer's public key cannot be read ({error})"))?;
    let signature = signer.signature.as_bytes();
    let algorithm = signer.signature_algorithm.oid;
    if spki.algorithm.oid == oids::EC_PUBLIC_KEY {
        if ![
            oids::ECDSA_WITH_SHA1,
            oids::ECDSA_WITH_SHA256,
            oids::ECDSA_WITH_SHA384,
            oids::ECDSA_WITH_SHA512,
            oids::EC_PUBLIC_KEY,
        ]
        .contains(&algorithm)
        {
            return Err(format!(
                "The signature algorithm ({algorithm}) does not fit the signer's EC key"
            ));
        }
        let key = p256::ecdsa::VerifyingKey::from_public_key_der(&spki_der).map_err(|_| {
            "The signer's key is an elliptic-curve key other than P-256, which this program cannot check".to_string()
        })?;
        let Ok(signature) = p256::ecdsa::Signature::from_der(signature) else {
            return Ok(false);
        };
        Ok(key.verify_prehash(hash, &signature).is_ok())
    } else if spki.algorithm.oid == oids::RSA_ENCRYPTION {
        if algorithm == oids::RSASSA_PSS {
            return Err("The signature uses RSA-PSS, which this program cannot check".into());
        }
        if ![
            oids::RSA_ENCRYPTION,
            oids::SHA1_WITH_RSA,
            oids::SHA256_WITH_RSA,
            oids::SHA384_WITH_RSA,
            oids::SHA512_WITH_RSA,
        ]
        .contains(&algorithm)
        {
            return Err(format!(
                "The signature algorithm ({algorithm}) does not fit the signer's RSA key"
            ));
        }
        let key = rsa::RsaPublicKey::from_public_key_der(&spki_der)
            .map_err(|error| format!("The signer's RSA key cannot be checked ({error})"))?;
        let scheme = match hash.len() {
            20 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
            32 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
            48 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
            _ => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
        };
        Ok(key.verify(scheme, hash, signature).is_ok())
    } else {
        Err(format!(
            "The signer's key is of a kind this program cannot check ({})",
            spki.algorithm.oid
        ))
    }
}
