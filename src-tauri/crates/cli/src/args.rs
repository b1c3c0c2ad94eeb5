//! The command line, as clap reads it. Values that carry rules (dates,
//! responses, y/n) are taken as text and checked by the core, so the messages
//! match the desktop app's word for word.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "prevent-sa",
    version,
    about = "Prevent Self-Assessment from the command line: the same database and rules as the desktop app.",
    after_help = "The database is the desktop app's own file unless --db or PREVENT_SA_DB says otherwise.\nExit status: 0 done, 2 bad input or unusable database (nothing written), 1 internal error."
)]
pub struct Cli {
    /// The database file to use [default: the app's data folder; env: PREVENT_SA_DB]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

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
    /// Record the answer to one item, sub-point or checklist entry
    Answer(AnswerArgs),
    /// Print an assessment's header and every answer
    Show {
        /// Assessment id (or its first 8 or more characters)
        assessment: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Print an assessment's audit trail, oldest first
    Audit {
        /// Assessment id (or its first 8 or more characters)
        assessment: String,
        #[command(flatten)]
        json: JsonFlag,
    },
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
    /// Who is making the change, for the audit trail [default: the assessor]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// Assessment id (or its first 8 or more characters)
    pub assessment: String,
    /// Item (1-19), sub-point (3a-3g) or checklist entry (C1-C21)
    pub item: String,
    /// yes, partial, no or na
    #[arg(long)]
    pub response: String,
    /// Why the item does not apply (required with --response na)
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// y or n [default: y for partial and no, n for yes and na]
    #[arg(long, value_name = "y|n")]
    pub action_required: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
    /// Department lead / nominated lead
    #[arg(long, value_name = "TEXT")]
    pub lead: Option<String>,
    /// Date for completion, YYYY-MM-DD (an empty value clears it)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub due: Option<String>,
    /// Who is making the change, for the audit trail [default: your login name]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}
