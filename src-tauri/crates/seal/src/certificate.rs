//! What people see of a certificate: who it names, its fingerprint, when it
//! is valid. Also the X.509 plumbing shared by the key store, the PKCS#12
//! import and the signature check: names, times, PEM.

use std::time::Duration;

use chrono::{DateTime, Utc};
use der::asn1::{Any, GeneralizedTime, SetOfVec, UtcTime};
use der::{Decode, Encode, Tag, Tagged};
use sha2::Digest;
use x509_cert::Certificate;
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::time::Time;

use crate::bytes::find;
use crate::digest::hex_fingerprint;
use crate::error::SealError;
use crate::oids;

const PEM_BEGIN: &[u8] = b"-----BEGIN CERTIFICATE-----";

/// The most certificates one file may hand over to be trusted.
pub const MAX_CERTIFICATES_IN_FILE: usize = 16;
const PEM_END: &[u8] = b"-----END CERTIFICATE-----";

/// What people see of a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateInfo {
    /// The certificate itself, DER-encoded.
    pub der: Vec<u8>,
    /// Who the certificate names: its common name, or the whole subject when
    /// it has none.
    pub subject: String,
    /// Who issued it, read the same way (the same as `subject` when the
    /// certificate is self-signed).
    pub issuer: String,
    /// SHA-256 of the DER, upper-case hex pairs joined by ':', as Windows and
    /// Adobe Reader show it.
    pub fingerprint: String,
    /// Start of validity.
    pub not_before: DateTime<Utc>,
    /// End of validity.
    pub not_after: DateTime<Utc>,
}

impl CertificateInfo {
    /// Reads a certificate from PEM text (the first certificate when there are
    /// several) or from DER bytes.
    pub fn from_pem_or_der(bytes: &[u8]) -> Result<Self, SealError> {
        if looks_like_pem(bytes) {
            let chain = pem_chain_to_der(bytes)?;
            match chain.into_iter().next() {
                Some(der) => Self::from_der(&der),
                None => Err(SealError::Certificate(
                    "the PEM text holds no certificate".into(),
                )),
            }
        } else {
            Self::from_der(bytes)
        }
    }

    /// Reads every certificate of PEM text, in order, or the one of DER
    /// bytes: what trusting a file means, so that none is left out
    /// unmentioned. At most [`MAX_CERTIFICATES_IN_FILE`].
    pub fn all_from_pem_or_der(bytes: &[u8]) -> Result<Vec<Self>, SealError> {
        if !looks_like_pem(bytes) {
            return Ok(vec![Self::from_der(bytes)?]);
        }
        let chain = pem_chain_to_der(bytes)?;
        if chain.is_empty() {
            return Err(SealError::Certificate(
                "the PEM text holds no certificate".into(),
            ));
        }
        if chain.len() > MAX_CERTIFICATES_IN_FILE {
            return Err(SealError::Certificate(format!(
                "the file holds {} certificates; give at most {MAX_CERTIFICATES_IN_FILE} at a time",
                chain.len()
            )));
        }
        chain.iter().map(|der| Self::from_der(der)).collect()
    }

    /// Reads a DER-encoded certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, SealError> {
        let certificate = Certificate::from_der(der).map_err(|error| {
            SealError::Certificate(format!("it is not an X.509 certificate ({error})"))
        })?;
        Self::from_parsed(&certificate, der.to_vec())
    }

    pub(crate) fn from_parsed(certificate: &Certificate, der: Vec<u8>) -> Result<Self, SealError> {
        let tbs = &certificate.tbs_certificate;
        let not_before = time_to_chrono(&tbs.validity.not_before)
            .ok_or_else(|| SealError::Certificate("its start date is out of range".into()))?;
        let not_after = time_to_chrono(&tbs.validity.not_after)
            .ok_or_else(|| SealError::Certificate("its end date is out of range".into()))?;
        Ok(CertificateInfo {
            subject: readable_name(&tbs.subject),
            issuer: readable_name(&tbs.issuer),
            fingerprint: hex_fingerprint(&sha2::Sha256::digest(&der)),
            der,
            not_before,
            not_after,
        })
    }

    /// The certificate as PEM text ("-----BEGIN CERTIFICATE-----" ...).
    pub fn to_pem(&self) -> String {
        der_to_pem(&self.der)
    }

    /// Whether `at` lies within the certificate's validity.
    pub fn is_valid_at(&self, at: DateTime<Utc>) -> bool {
        self.not_before <= at && at <= self.not_after
    }

    pub(crate) fn parsed(&self) -> Result<Certificate, SealError> {
        Certificate::from_der(&self.der).map_err(|error| {
            SealError::Certificate(format!("it is not an X.509 certificate ({error})"))
        })
    }
}

pub(crate) fn der_to_pem(der: &[u8]) -> String {
    der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, der).unwrap_or_default()
}

pub(crate) fn looks_like_pem(bytes: &[u8]) -> bool {
    bytes
        .windows(PEM_BEGIN.len())
        .take(4096)
        .any(|window| window == PEM_BEGIN)
}

/// Every "CERTIFICATE" block of a PEM text, DER-encoded, in file order.
pub(crate) fn pem_chain_to_der(bytes: &[u8]) -> Result<Vec<Vec<u8>>, SealError> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while let Some(start) = find(rest, PEM_BEGIN) {
        let block = &rest[start..];
        let end = find(block, PEM_END).ok_or_else(|| {
            SealError::Certificate("a PEM certificate block has no end line".into())
        })? + PEM_END.len();
        let (label, der) = der::pem::decode_vec(&block[..end]).map_err(|error| {
            SealError::Certificate(format!("its PEM text is damaged ({error})"))
        })?;
        if label != "CERTIFICATE" {
            return Err(SealError::Certificate(format!(
                "a PEM block is a {label}, not a certificate"
            )));
        }
        out.push(der);
        rest = &block[end..];
    }
    Ok(out)
}

/// A name as a person reads it: the common name when there is one, the RFC
/// 4514 string otherwise.
pub(crate) fn readable_name(name: &Name) -> String {
    name.0
        .iter()
        .rev()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == oids::COMMON_NAME)
        .and_then(|atv| directory_string(&atv.value))
        .unwrap_or_else(|| name.to_string())
}

fn directory_string(value: &Any) -> Option<String> {
    let bytes = value.value();
    match value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::VisibleString => {
            String::from_utf8(bytes.to_vec()).ok()
        }
        Tag::TeletexString => Some(bytes.iter().map(|&byte| char::from(byte)).collect()),
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    }
}

/// "O=<organisation>, CN=<organisation> (Prevent Self-Assessment)", built
/// attribute by attribute so no character of the name needs escaping.
pub(crate) fn organisation_name(organisation: &str) -> Result<Name, SealError> {
    let common_name = format!("{organisation} (Prevent Self-Assessment)");
    Ok(RdnSequence(vec![
        rdn(oids::ORGANIZATION_NAME, organisation)?,
        rdn(oids::COMMON_NAME, &common_name)?,
    ]))
}

fn rdn(
    oid: der::asn1::ObjectIdentifier,
    value: &str,
) -> Result<RelativeDistinguishedName, SealError> {
    let value = Any::new(Tag::Utf8String, value.as_bytes())
        .map_err(|error| SealError::Certificate(format!("the name cannot be encoded ({error})")))?;
    let set = SetOfVec::try_from(vec![AttributeTypeAndValue { oid, value }])
        .map_err(|error| SealError::Certificate(format!("the name cannot be encoded ({error})")))?;
    Ok(RelativeDistinguishedName(set))
}

pub(crate) fn time_to_chrono(time: &Time) -> Option<DateTime<Utc>> {
    let seconds = i64::try_from(time.to_unix_duration().as_secs()).ok()?;
    DateTime::from_timestamp(seconds, 0)
}

/// An X.509/CMS time: UTCTime up to 2049, GeneralizedTime from 2050 (RFC
/// 5280 section 4.1.2.5), whole seconds.
pub(crate) fn chrono_to_time(at: DateTime<Utc>) -> Result<Time, SealError> {
    let seconds = u64::try_from(at.timestamp())
        .map_err(|_| SealError::Certificate(format!("the date {at} is before 1970")))?;
    let date =
        der::DateTime::from_unix_duration(Duration::from_secs(seconds)).map_err(|error| {
            SealError::Certificate(format!("the date {at} cannot be encoded ({error})"))
        })?;
    if date.year() < 2050 {
        UtcTime::from_date_time(date)
            .map(Time::UtcTime)
            .map_err(|error| {
                SealError::Certificate(format!("the date {at} cannot be encoded ({error})"))
            })
    } else {
        Ok(Time::GeneralTime(GeneralizedTime::from_date_time(date)))
    }
}

/// The subject key identifier extension's value, when the certificate has one.
pub(crate) fn subject_key_identifier(certificate: &Certificate) -> Option<Vec<u8>> {
    let extensions = certificate.tbs_certificate.extensions.as_ref()?;
    let extension = extensions
        .iter()
        .find(|extension| extension.extn_id == oids::SUBJECT_KEY_IDENTIFIER)?;
    der::asn1::OctetString::from_der(extension.extn_value.as_bytes())
        .ok()
        .map(|octets| octets.as_bytes().to_vec())
}

/// DER of a parsed certificate (infallible in practice; an error is reported
/// as a certificate problem).
pub(crate) fn certificate_der(certificate: &Certificate) -> Result<Vec<u8>, SealError> {
    certificate
        .to_der()
        .map_err(|error| SealError::Certificate(format!("it cannot be encoded ({error})")))
}

/// Which of `others` issued `leaf`, as indexes, nearest first: followed by
/// name (subject to issuer) until a self-signed one or a gap; the rest are
/// left out.
pub(crate) fn issuer_chain(leaf: &Certificate, others: &[Certificate]) -> Vec<usize> {
    let mut chain: Vec<usize> = Vec::new();
    let mut current = leaf;
    while current.tbs_certificate.issuer != current.tbs_certificate.subject {
        let Some(next) = (0..others.len()).find(|&index| {
            !chain.contains(&index)
                && others[index].tbs_certificate.subject == current.tbs_certificate.issuer
        }) else {
            break;
        };
        chain.push(next);
        current = &others[next];
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_across_2050() {
        for text in ["2025-03-01T10:20:30Z", "2051-01-01T00:00:00Z"] {
            let at: DateTime<Utc> = text.parse().unwrap();
            assert_eq!(time_to_chrono(&chrono_to_time(at).unwrap()), Some(at));
        }
        assert!(matches!(
            chrono_to_time("2051-01-01T00:00:00Z".parse().unwrap()).unwrap(),
            Time::GeneralTime(_)
        ));
    }

    #[test]
    fn names_with_commas_need_no_escaping() {
        let name = organisation_name("Smith, Jones + Partners NHS Trust").unwrap();
        assert_eq!(
            readable_name(&name),
            "Smith, Jones + Partners NHS Trust (Prevent Self-Assessment)"
        );
    }

    #[test]
    fn pem_without_certificates_is_empty_not_a_panic() {
        assert!(pem_chain_to_der(b"").unwrap().is_empty());
        assert!(pem_chain_to_der(b"-----BEGIN CERTIFICATE-----\nAAAA").is_err());
    }
}
