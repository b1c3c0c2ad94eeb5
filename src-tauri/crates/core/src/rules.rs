//! The typed errors of the domain rules, and the small set of error kinds that
//! every surface (desktop app, CLI) shows the same way.

use serde::Serialize;
use ts_rs::TS;

use crate::text::{Refusal, TextKind, refused};

/// The kinds of failure a person can be told about. They cross IPC and decide the
/// CLI's exit status, so callers match on kinds, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Something typed or passed in breaks a rule; nothing was written.
    InvalidInput,
    /// The assessment, framework or entry asked for does not exist.
    NotFound,
    /// The request is well formed but the assessment's state does not allow it
    /// (changing a completed assessment, completing one with gaps).
    Conflict,
    /// The database file cannot be opened or written.
    Database,
    /// The database was written by a newer version of the app and was left untouched.
    NewerDatabase,
    /// The database file is damaged or is not one of ours (not SQLite,
    /// truncated, failing its check). It was left untouched; restoring a
    /// backup, or opening another file, is the way on.
    DamagedDatabase,
    /// A defect in the app: the message is for a bug report.
    Internal,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 7] = [
        ErrorKind::InvalidInput,
        ErrorKind::NotFound,
        ErrorKind::Conflict,
        ErrorKind::Database,
        ErrorKind::NewerDatabase,
        ErrorKind::DamagedDatabase,
        ErrorKind::Internal,
    ];

    /// A database file refused at opening and left untouched, which a
    /// backup can replace: the screens and the CLI then offer the latest
    /// good backup.
    pub fn is_refused_file(self) -> bool {
        matches!(self, ErrorKind::NewerDatabase | ErrorKind::DamagedDatabase)
    }
}

/// A rule of the domain was broken. Messages are written for the person using the
/// app: they say what is wrong and how to put it right.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("Enter {label}")]
    Blank {
        field: &'static str,
        label: &'static str,
    },
    #[error(
        "{} must be {max} characters or fewer (it is {actual})",
        capitalise(label)
    )]
    TooLong {
        field: &'static str,
        label: &'static str,
        max: usize,
        actual: usize,
    },
    #[error("{}", refused_message(label, refusal))]
    RefusedCharacters {
        field: &'static str,
        label: &'static str,
        refusal: Refusal,
    },
    #[error(
        "{} must be a real date written as YYYY-MM-DD, for example 2026-03-31 (got \"{value}\")",
        capitalise(label)
    )]
    InvalidDate {
        field: &'static str,
        label: &'static str,
        value: String,
    },
    #[error("The response must be {choices} (got \"{value}\")")]
    InvalidResponse { value: String, choices: String },
    #[error("{entry} is answered on a scale without \"{response}\"; choose {choices}")]
    ResponseNotOnScale {
        entry: String,
        response: String,
        choices: String,
    },
    #[error("Action required must be y or n (got \"{value}\")")]
    InvalidActionRequired { value: String },
    #[error(
        "A reason why it does not apply is only recorded with a \"not applicable\" answer; {entry} is answered \"{response}\""
    )]
    ReasonOnlyForNa { entry: String, response: String },
    #[error(
        "{entry} is answered through {sub_points}: its response is worked out from them. Answer those instead."
    )]
    DerivedEntry { entry: String, sub_points: String },
    #[error(
        "An assessment of {to} cannot start from one of {from}: the app has no crosswalk between them"
    )]
    NoCrosswalk { from: String, to: String },
    #[error("{entry} was not carried over from another assessment, or is already confirmed")]
    NotCarriedOver { entry: String },
    #[error("{entry} does not ask for {what}")]
    FieldNotAsked {
        field: &'static str,
        what: &'static str,
        entry: String,
    },
    #[error("This assessment is marked complete, so it cannot be changed. Reopen it first.")]
    AssessmentComplete,
    #[error("This assessment is already marked complete.")]
    AlreadyComplete,
    #[error(
        "This assessment has been signed off and sealed, so it cannot be changed. Start a new version to change it."
    )]
    AssessmentSealed,
    #[error("Only a complete assessment can be signed off. Mark it complete first.")]
    SignOffNeedsComplete,
    #[error("{name} has already signed this assessment off.")]
    AlreadySigned { name: String },
    #[error(
        "You are recorded as using the app as {recorder}, not {signatory}. To record {signatory}'s sign-off, confirm that you are recording it on their behalf."
    )]
    OnBehalfNotConfirmed { recorder: String, signatory: String },
    #[error(
        "The time of signing ({at}) is in the future. Give the time they signed, or leave it out for now."
    )]
    SignedInFuture { at: String },
    #[error(
        "The time of signing ({at}) is before the assessment was marked complete ({completed}). Only a complete assessment can be signed off."
    )]
    SignedBeforeComplete { at: String, completed: String },
    #[error(
        "Only a signed-off assessment gets a new version; this one can still be changed as it is."
    )]
    NewVersionNeedsSeal,
    #[error("This assessment already has a newer version ({id}). Change that one instead.")]
    HasNewerVersion { id: String },
    #[error("This assessment is not marked complete, so there is nothing to reopen.")]
    NotComplete,
    #[error(
        "The assessment cannot be marked complete yet: {} thing{} to finish. {}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join(". ")
    )]
    IncompleteAssessment {
        problems: Vec<crate::review::Finding>,
    },
    #[error(
        "The file is {} and files can be at most {}. Attach a smaller file, or record where the document lives instead.",
        crate::size::human_size_rounded_up(*size),
        crate::size::human_size(*max)
    )]
    FileTooLarge { size: u64, max: u64 },
    #[error("There is no evidence with id \"{id}\" in this assessment.")]
    EvidenceNotFound { id: String },
    #[error("{label} must be {allowed} (got \"{value}\")")]
    InvalidChoice {
        field: &'static str,
        label: &'static str,
        allowed: &'static str,
        value: String,
    },
    #[error(
        "Give a reason for changing the priority from {from} to {to}: the audit trail keeps it."
    )]
    PriorityReasonMissing {
        from: &'static str,
        to: &'static str,
    },
    #[error(
        "An action is completed with the date assessed and the name of the person signing it off: use \"Complete this action\" (prevent-sa action complete ACTION --assessed DATE --signed-by NAME)."
    )]
    CompletionNeedsSignOff,
    #[error("Give a reason for deferring the action.")]
    DeferralReasonMissing,
    #[error("Enter the name of the person signing the action off.")]
    SignOffNameMissing,
    #[error("There is no action with id \"{id}\".")]
    ActionNotFound { id: String },
    #[error("There is no framework \"{id}\". Frameworks in this version: {known}.")]
    UnknownFramework { id: String, known: String },
    #[error("There is no entry \"{id}\" in {framework}. Answerable entries are {ranges}.")]
    UnknownEntry {
        id: String,
        framework: String,
        ranges: String,
    },
}

impl RuleError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            RuleError::UnknownFramework { .. }
            | RuleError::UnknownEntry { .. }
            | RuleError::EvidenceNotFound { .. }
            | RuleError::ActionNotFound { .. } => ErrorKind::NotFound,
            RuleError::AssessmentComplete
            | RuleError::AlreadyComplete
            | RuleError::NotComplete
            | RuleError::AssessmentSealed
            | RuleError::SignOffNeedsComplete
            | RuleError::AlreadySigned { .. }
            | RuleError::NewVersionNeedsSeal
            | RuleError::HasNewerVersion { .. }
            | RuleError::IncompleteAssessment { .. } => ErrorKind::Conflict,
            _ => ErrorKind::InvalidInput,
        }
    }

    /// The input field at fault, so a form can link its error summary to it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            RuleError::Blank { field, .. }
            | RuleError::TooLong { field, .. }
            | RuleError::RefusedCharacters { field, .. }
            | RuleError::InvalidDate { field, .. } => Some(field),
            RuleError::InvalidResponse { .. } | RuleError::ResponseNotOnScale { .. } => {
                Some("response")
            }
            RuleError::InvalidActionRequired { .. } => Some("action_required"),
            RuleError::ReasonOnlyForNa { .. } => Some("na_reason"),
            RuleError::FieldNotAsked { field, .. } => Some(field),
            RuleError::UnknownFramework { .. } => Some("framework_id"),
            RuleError::NoCrosswalk { .. } => Some("from"),
            RuleError::UnknownEntry { .. }
            | RuleError::DerivedEntry { .. }
            | RuleError::NotCarriedOver { .. } => Some("entry_id"),
            RuleError::FileTooLarge { .. } => Some("file"),
            RuleError::InvalidChoice { field, .. } => Some(field),
            RuleError::PriorityReasonMissing { .. } => Some("priority_reason"),
            RuleError::CompletionNeedsSignOff => Some("status"),
            RuleError::DeferralReasonMissing => Some("deferred_reason"),
            RuleError::SignOffNameMissing => Some("signed_off_by"),
            RuleError::AlreadySigned { .. } => Some("name"),
            RuleError::OnBehalfNotConfirmed { .. } => Some("on_behalf"),
            RuleError::SignedInFuture { .. } | RuleError::SignedBeforeComplete { .. } => {
                Some("signed_at")
            }
            RuleError::ActionNotFound { .. }
            | RuleError::AssessmentSealed
            | RuleError::SignOffNeedsComplete
            | RuleError::NewVersionNeedsSeal
            | RuleError::HasNewerVersion { .. }
            | RuleError::AssessmentComplete
            | RuleError::AlreadyComplete
            | RuleError::NotComplete
            | RuleError::IncompleteAssessment { .. }
            | RuleError::EvidenceNotFound { .. } => None,
        }
    }
}

/// Why typed text was refused, naming each character by its code point.
fn refused_message(label: &str, refusal: &Refusal) -> String {
    let label = capitalise(label);
    let characters = refusal.listed();
    match refusal {
        Refusal::Hidden(_) => format!(
            "{label} contains control or hidden characters ({characters}). Remove them: they cannot be printed in the report and could disguise what it says."
        ),
        Refusal::RightToLeft(_) => format!(
            "{label} contains letters written right to left ({characters}), which the report cannot print in their right order. Write them another way, for example in Latin letters."
        ),
        Refusal::NotPrintable(_) => format!(
            "{label} contains characters the report cannot print ({characters}). Write them another way, for example in Latin letters; the report prints Latin, Greek and Cyrillic letters and common symbols."
        ),
    }
}

/// A time to the second as messages say it: "3 December 2026 09:14:02 UTC".
pub fn long_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%-d %B %Y %H:%M:%S UTC").to_string()
}

/// Upper-cases the first letter, for a label that starts a sentence.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A free-text field's name, label (a noun phrase: "the organisation",
/// "your name"), length limit and what it holds (one line, lines, a file's
/// name), which decides the characters it accepts (`crate::text`).
#[derive(Debug, Clone, Copy)]
pub struct TextField {
    pub field: &'static str,
    pub label: &'static str,
    pub max_chars: usize,
    pub kind: TextKind,
}

impl TextField {
    /// One line of text: a name, a role, a title.
    pub const fn line(field: &'static str, label: &'static str, max_chars: usize) -> TextField {
        TextField::holding(TextKind::Line, field, label, max_chars)
    }

    /// Lines of text: a comment, a reason, a note.
    pub const fn lines(field: &'static str, label: &'static str, max_chars: usize) -> TextField {
        TextField::holding(TextKind::Lines, field, label, max_chars)
    }

    /// The name of a file as the computer gave it.
    pub const fn file_name(
        field: &'static str,
        label: &'static str,
        max_chars: usize,
    ) -> TextField {
        TextField::holding(TextKind::FileName, field, label, max_chars)
    }

    const fn holding(
        kind: TextKind,
        field: &'static str,
        label: &'static str,
        max_chars: usize,
    ) -> TextField {
        TextField {
            field,
            label,
            max_chars,
            kind,
        }
    }

    /// Trims the text and checks it is present and within the limit.
    pub fn required(&self, text: &str) -> Result<String, RuleError> {
        let text = self.optional(text)?;
        if text.is_empty() {
            return Err(RuleError::Blank {
                field: self.field,
                label: self.label,
            });
        }
        Ok(text)
    }

    /// Trims the text and checks it is within the limit; blank is allowed.
    pub fn optional(&self, text: &str) -> Result<String, RuleError> {
        let text = text.trim();
        let actual = text.chars().count();
        if actual > self.max_chars {
            return Err(RuleError::TooLong {
                field: self.field,
                label: self.label,
                max: self.max_chars,
                actual,
            });
        }
        if let Some(refusal) = refused(text, self.kind) {
            return Err(RuleError::RefusedCharacters {
                field: self.field,
                label: self.label,
                refusal,
            });
        }
        Ok(text.to_owned())
    }
}

/// Parses a calendar date written as `YYYY-MM-DD`, strictly (four-digit year,
/// two-digit month and day, a day that exists).
pub fn parse_date(
    field: &'static str,
    label: &'static str,
    text: &str,
) -> Result<chrono::NaiveDate, RuleError> {
    let text = text.trim();
    let well_formed = text.len() == 10
        && text.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        });
    let invalid = || RuleError::InvalidDate {
        field,
        label,
        value: text.to_owned(),
    };
    if !well_formed {
        return Err(invalid());
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        let parse = |t| parse_date("due_date", "the date for completion", t);
        assert_eq!(
            parse("2026-02-28").ok(),
            chrono::NaiveDate::from_ymd_opt(2026, 2, 28)
        );
        for bad in [
            "2026-02-30",
            "2026-2-28",
            "28/02/2026",
            "2026-13-01",
            "",
            "20260-01-01",
        ] {
            assert!(parse(bad).is_err(), "{bad} should be refused");
        }
        assert_eq!(
            parse("2026-02-30").expect_err("no such day").to_string(),
            "The date for completion must be a real date written as YYYY-MM-DD, for example 2026-03-31 (got \"2026-02-30\")"
        );
    }

    #[test]
    fn text_fields_trim_and_limit() {
        let field = TextField::line("organisation", "the organisation", 5);
        assert_eq!(field.required("  abc ").as_deref(), Ok("abc"));
        assert_eq!(
            field.required("   ").expect_err("blank").to_string(),
            "Enter the organisation"
        );
        assert!(matches!(
            field.optional("abcdef"),
            Err(RuleError::TooLong { actual: 6, .. })
        ));
        assert_eq!(field.optional("").as_deref(), Ok(""));
    }
}
