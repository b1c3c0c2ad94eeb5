//! Evidence that an entry is met: a reference to a document (its title and where
//! it lives) and, optionally, the document itself, kept in the database with its
//! SHA-256 and size so that an auditor can tell it has not changed since.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::catalogue::Framework;
use crate::rules::{RuleError, TextField};
use crate::size::human_size;

pub const EVIDENCE_TITLE: TextField =
    TextField::line("evidence_title", "the title of the evidence", 200);
pub const EVIDENCE_LOCATION: TextField =
    TextField::line("evidence_location", "where the document lives", 500);
pub const FILE_NAME: TextField = TextField::file_name("file", "the file's name", 255);

/// The largest file that can be attached: 10 MiB. Larger documents stay where
/// they are and are recorded by location.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// What a person submits to record evidence for one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceInput {
    pub entry_id: String,
    pub title: String,
    pub location: String,
    pub file: Option<AttachedFile>,
}

/// A file as read from disk or uploaded from the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What is known about an attached file without its contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FileInfo {
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
    /// The size as people read it ("15.5 MB"), as the CLI and the report
    /// say it, so the window never words a size its own way.
    pub size_text: String,
    /// Lower-case hex.
    pub sha256: String,
}

impl FileInfo {
    pub fn new(name: String, size: u64, sha256: String) -> FileInfo {
        FileInfo {
            name,
            size,
            size_text: human_size(size),
            sha256,
        }
    }
}

/// A validated piece of evidence, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvidence {
    pub entry_id: String,
    pub title: String,
    pub location: String,
    pub file: Option<(FileInfo, Vec<u8>)>,
}

/// Evidence as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Evidence {
    pub id: Uuid,
    pub assessment_id: Uuid,
    pub entry_id: String,
    pub title: String,
    pub location: String,
    pub file: Option<FileInfo>,
    pub added_at: DateTime<Utc>,
    pub added_by: String,
}

impl NewEvidence {
    pub fn validate(framework: &Framework, input: EvidenceInput) -> Result<NewEvidence, RuleError> {
        let entry = framework
            .entry(&input.entry_id)
            .ok_or_else(|| RuleError::UnknownEntry {
                id: input.entry_id.trim().to_owned(),
                framework: framework.title.clone(),
                ranges: framework.entry_id_ranges(),
            })?;
        let title = EVIDENCE_TITLE.required(&input.title)?;
        let location = EVIDENCE_LOCATION.optional(&input.location)?;
        let file = match input.file {
            None => None,
            Some(file) => {
                let size = u64::try_from(file.bytes.len()).unwrap_or(u64::MAX);
                if size > MAX_FILE_BYTES {
                    return Err(RuleError::FileTooLarge {
                        size,
                        max: MAX_FILE_BYTES,
                    });
                }
                let name = FILE_NAME.required(base_name(&file.name))?;
                let info = FileInfo::new(name, size, sha256_hex(&file.bytes));
                Some((info, file.bytes))
            }
        };
        Ok(NewEvidence {
            entry_id: entry.id.to_owned(),
            title,
            location,
            file,
        })
    }
}

pub use crate::digest::sha256_hex;

/// The last component of a path as typed on any system.
/// The name of a file without its folder, whichever way the folder is written.
pub fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Frameworks, PREVENT_TOOLKIT_2011};

    fn toolkit() -> &'static Framework {
        Frameworks::embedded()
            .expect("frameworks")
            .get(PREVENT_TOOLKIT_2011)
            .expect("toolkit")
    }

    fn input(file: Option<AttachedFile>) -> EvidenceInput {
        EvidenceInput {
            entry_id: "c4".into(),
            title: " Equality policy ".into(),
            location: "Intranet > Policies".into(),
            file,
        }
    }

    #[test]
    fn a_file_is_hashed_and_named_by_its_last_component() {
        let evidence = NewEvidence::validate(
            toolkit(),
            input(Some(AttachedFile {
                name: "/home/alex/Policies/equality.pdf".into(),
                bytes: b"abc".to_vec(),
            })),
        )
        .expect("valid");
        assert_eq!(evidence.entry_id, "C4");
        assert_eq!(evidence.title, "Equality policy");
        let (info, bytes) = evidence.file.expect("file");
        assert_eq!(info.name, "equality.pdf");
        assert_eq!(info.size, 3);
        assert_eq!(
            info.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(bytes, b"abc");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_both_sizes() {
        let too_big = vec![0u8; 12 * 1024 * 1024];
        let error = NewEvidence::validate(
            toolkit(),
            input(Some(AttachedFile {
                name: "big.pdf".into(),
                bytes: too_big,
            })),
        )
        .expect_err("too big");
        assert_eq!(
            error.to_string(),
            "The file is 12 MB and files can be at most 10 MB. Attach a smaller file, or record where the document lives instead."
        );
    }

    #[test]
    fn a_title_is_required() {
        let mut blank = input(None);
        blank.title = "  ".into();
        assert_eq!(
            NewEvidence::validate(toolkit(), blank)
                .expect_err("blank")
                .to_string(),
            "Enter the title of the evidence"
        );
    }

    #[test]
    fn a_file_says_its_size_in_words() {
        let info = FileInfo::new("a.pdf".to_owned(), 16_252_928, "ab".to_owned());
        assert_eq!(info.size_text, "15.5 MB");
    }
}
