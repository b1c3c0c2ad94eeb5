//! The command line, as clap reads it. Values that carry rules (dates,
//! responses, y/n, names) are taken as text and checked by the core, so the
//! messages match the desktop app's word for word.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "prevent-sa",
    version,
    about = "Prevent Self-Assessment from the command line: the same database and rules as the desktop app.",
    after_help = "The database is the desktop app's own file unless --db or PREVENT_SA_DB says otherwise.\n\
Changes are recorded under --by if given, else the person recorded with `prevent-sa user set`, else your login name (for `new`, the assessor).\n\
Exit status: 0 done, 2 bad input, not found, not allowed in the assessment's state or unusable database (nothing written), 1 internal error."
)]
pub struct Cli {
    /// The database file to use [default: the app's data folder; env: PREVENT_SA_DB]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Who is making changes; may also follow a writing command
    #[command(flatten)]
    pub actor: ActorArgs,

    /// Take today's date as this, YYYY-MM-DD (decides which policy review dates have passed)
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the frameworks this version knows: id, version, title, number of items
    Frameworks(JsonFlag),
    /// Print every item, sub-point and checklist entry of a framework
    Catalogue {
        /// Framework id, e.g. prevent-toolkit-2011
        framework: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Start an assessment; prints its id alone
    New(NewArgs),
    /// List the assessments in the database
    List(JsonFlag),
    /// Record the answer to one item, sub-point or checklist entry, or one field of it
    Answer(AnswerArgs),
    /// Print an assessment: its header, every answer and piece of evidence, and what is missing
    Show {
        /// Assessment id (or its first 8 or more characters)
        assessment: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Mark an assessment complete; refused, with what is missing, until nothing is
    Complete {
        /// Assessment id (or its first 8 or more characters)
        assessment: String,
        #[command(flatten)]
        actor: ActorArgs,
    },
    /// Reopen a complete assessment so it can be changed again
    Reopen {
        /// Assessment id (or its first 8 or more characters)
        assessment: String,
        #[command(flatten)]
        actor: ActorArgs,
    },
    /// Record, list and save back out the evidence for an assessment's entries
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// Show who is recorded as using this installation, or record it with `user set`
    User(UserArgs),
    /// Print an assessment's audit trail, oldest first
    Audit {
        /// Assessment id (or its first 8 or more characters)
        assessment: String,
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// Who is making the change. Accepted before the command and after any
/// command that writes; after the command wins.
#[derive(Debug, Args, Clone, Default)]
pub struct ActorArgs {
    /// Who is making the change, for the audit trail [default: the person
    /// recorded with `user set`, else your login name; for `new`, else the assessor]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// The role of the person named with --by, for the audit trail
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
}

impl ActorArgs {
    /// These, with anything left out taken from `outer` (the flags given before the command).
    pub fn or(&self, outer: &ActorArgs) -> ActorArgs {
        ActorArgs {
            by: self.by.clone().or_else(|| outer.by.clone()),
            role: self.role.clone().or_else(|| outer.role.clone()),
        }
    }
}

#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Framework id, e.g. prevent-toolkit-2011
    #[arg(long)]
    pub framework: String,
    #[arg(long)]
    pub organisation: String,
    /// Name of the assessor
    #[arg(long)]
    pub assessor: String,
    /// Date of assessment, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: String,
    #[command(flatten)]
    pub actor: ActorArgs,
}

/// Every option is optional, but at least one must be given: an option left
/// out keeps what is recorded, an empty value clears it.
#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("fields")
        .required(true)
        .multiple(true)
        .args(["response", "reason", "action_required", "comment", "lead", "due", "policy_ref", "review_date"])
))]
pub struct AnswerArgs {
    /// Assessment id (or its first 8 or more characters)
    pub assessment: String,
    /// Item (1-19, except 3), sub-point (3a-3g) or checklist entry (C1-C21)
    pub entry: String,
    /// yes, partial, no or na
    #[arg(long, value_name = "yes|partial|no|na")]
    pub response: Option<String>,
    /// Why the entry does not apply (needed with --response na before completion)
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// y or n [default: y for partial and no, n for yes and na]
    #[arg(long, value_name = "y|n")]
    pub action_required: Option<String>,
    /// The comment (an empty value clears it, as for every text option)
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
    /// Department lead / nominated lead
    #[arg(long, value_name = "TEXT")]
    pub lead: Option<String>,
    /// Date for completion, YYYY-MM-DD (an empty value clears it)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub due: Option<String>,
    /// Checklist entries only: the policy's name or reference
    #[arg(long, value_name = "TEXT")]
    pub policy_ref: Option<String>,
    /// Checklist entries only: when the policy is next due for review, YYYY-MM-DD (an empty value clears it)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub review_date: Option<String>,
    #[command(flatten)]
    pub actor: ActorArgs,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Record evidence for one entry: a document's title, where it lives, and optionally the file itself
    Add(EvidenceAddArgs),
    /// List the evidence recorded for an assessment
    List {
        /// Assessment id (or its first 8 or more characters)
        assessment: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Save an attached file back out, byte for byte
    Export(EvidenceExportArgs),
}

#[derive(Debug, Args)]
pub struct EvidenceAddArgs {
    /// Assessment id (or its first 8 or more characters)
    pub assessment: String,
    /// Item, sub-point or checklist entry the evidence is for, e.g. 4, 3b, C4
    pub entry: String,
    /// The document's title
    #[arg(long, value_name = "TEXT")]
    pub title: String,
    /// Where the document lives, e.g. an intranet page or a shared folder
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub location: String,
    /// A file to keep in the database with its SHA-256 (at most 10 MB)
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub json: JsonFlag,
    #[command(flatten)]
    pub actor: ActorArgs,
}

#[derive(Debug, Args)]
pub struct EvidenceExportArgs {
    /// Evidence id (or its first 8 or more characters), as `evidence list` prints it
    pub evidence: String,
    /// The file to write
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace FILE if it already exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct UserArgs {
    #[command(subcommand)]
    pub action: Option<UserCommand>,
    #[command(flatten)]
    pub json: JsonFlag,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Record who uses this installation; changes are recorded under this name unless --by says otherwise
    Set {
        /// Your name
        #[arg(long, value_name = "NAME")]
        name: String,
        /// Your role, e.g. "Accountable Prevent lead"
        #[arg(long, value_name = "ROLE")]
        role: String,
    },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
