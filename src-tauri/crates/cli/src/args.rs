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

    /// Take today's date as this, YYYY-MM-DD (decides which policy review dates have passed and which actions are overdue)
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the frameworks this version knows: id, version, title, and how many entries each has
    Frameworks(JsonFlag),
    /// Print every part, entry and sub-point of a framework, with its answer scale and its links to other frameworks
    Catalogue {
        /// Framework id, e.g. prevent-toolkit-2011
        framework: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Print how one framework's entries relate to another's: the product's own crosswalks, each link with its relationship (equal, subset, superset, intersect) and why
    Crosswalk(JsonFlag),
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
    /// Confirm answers carried over from another assessment, as they stand (an answer carried over counts as unanswered until confirmed or changed)
    Confirm {
        /// Assessment id (or its first 8 or more characters)
        assessment: String,
        /// The entries to confirm, e.g. P9a T1
        #[arg(required = true, value_name = "ENTRY")]
        entries: Vec<String>,
        #[command(flatten)]
        actor: ActorArgs,
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
        /// Check the trail's hash chain instead of printing it: exit 0 intact, 1 broken (where, on stdout)
        #[arg(long)]
        verify: bool,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Sign a complete assessment off for one person; the first sign-off seals it (read-only from then on)
    Sign(SignArgs),
    /// Write an assessment's report as a PDF: a draft until it is signed off, then sealed and signed
    ExportPdf {
        /// Assessment id (or its first 8 or more characters)
        assessment: String,
        /// The PDF file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
    /// Check a PDF: exit 0 valid, 1 altered or not sealed (the reason on stdout), 2 unreadable, 3 partly checked (drawn by a newer version)
    Verify {
        /// The PDF to check
        file: PathBuf,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Start a new version of a signed-off assessment to change it; prints the new assessment's id
    NewVersion {
        /// Assessment id (or its first 8 or more characters)
        assessment: String,
        #[command(flatten)]
        actor: ActorArgs,
    },
    /// The installation's signing certificate: show it, export it, trust another's, import your organisation's
    #[command(subcommand)]
    Key(KeyCommand),
    /// The database's backups (kept in a backups folder beside it): list them, make one, or restore one
    #[command(subcommand, after_help = BACKUP_AFTER_HELP)]
    Backup(BackupCommand),
    /// Print an assessment's action plan, most urgent first, or export it as CSV, Excel or a calendar
    #[command(after_help = PLAN_AFTER_HELP)]
    Plan(PlanArgs),
    /// Show, update or complete one action of a plan
    #[command(subcommand)]
    Action(ActionCommand),
    /// Every assessment's actions in one list, most urgent first: the safeguarding lead's dashboard
    #[command(after_help = PLAN_AFTER_HELP)]
    Actions(ActionsArgs),
    /// Training compliance against the 85% minimum: the training needs analysis, figures per reporting date, and compliance per level
    #[command(subcommand, after_help = TRAINING_AFTER_HELP)]
    Training(TrainingCommand),
    /// Write the annual Prevent report to the board for a year as a PDF: the year's signed assessments, the plan's progress, training compliance, and what you supply; a draft unless --sign is given
    #[command(after_help = BOARD_REPORT_AFTER_HELP)]
    BoardReport(BoardReportArgs),
}

const BOARD_REPORT_AFTER_HELP: &str = "The year is the calendar year. An assessment counts in the year its latest sign-off was recorded; the plan is the latest such assessment's; training is every reporting date in the year.\n\
What you supply is not stored: it is sealed into the report's record. Exit status: 0 written, 2 bad input or unknown organisation (nothing written).";

const TRAINING_AFTER_HELP: &str = "Organisations and staff groups are matched as typed, trimmed, in any case.\n\
Only counts are kept: how many staff each group has and how many are in date, never a row per person.";

const PLAN_AFTER_HELP: &str = "The effective priority is one level higher than the stored one while an action is overdue; --today YYYY-MM-DD fixes the date the plan is read on.\n\
--csv prints UTF-8 CSV (with a byte-order mark, for Excel) in the 2011 template's columns, then this app's; --xlsx writes the same table as an Excel workbook; --ics writes one all-day event per open action with a completion date, for Outlook or any calendar.";

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
    /// Start from this assessment of another framework (id or its first 8 or more characters): its mapped answers, comments, leads, dates and evidence are carried over through the crosswalk, each to be confirmed with `prevent-sa confirm`
    #[arg(long, value_name = "ASSESSMENT")]
    pub from: Option<String>,
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
    /// The entry's id in its framework: for the 2011 toolkit an item (1-19, except 3), sub-point (3a-3g) or checklist entry (C1-C21); `prevent-sa catalogue` lists every framework's
    pub entry: String,
    /// A value of the entry's scale: yes, partial, no or na for the 2011 toolkit; met, partially-met, not-met or na for the 2024 core standards
    #[arg(long, value_name = "VALUE")]
    pub response: Option<String>,
    /// Why the entry does not apply (needed with --response na before completion)
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// y or n [default: y when partly or not in place, n when in place or not applicable]
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

/// Which actions to list; each left out keeps every action.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Only actions with this status
    #[arg(long, value_name = "not_started|in_progress|completed|deferred")]
    pub status: Option<String>,
    /// Only actions that name this responsible individual (one of the names separated by semicolons), any case
    #[arg(long, value_name = "TEXT")]
    pub owner: Option<String>,
    /// Only actions of this department, any case
    #[arg(long, value_name = "TEXT")]
    pub department: Option<String>,
    /// Only actions of this effective priority
    #[arg(long, value_name = "high|medium|low")]
    pub priority: Option<String>,
    /// Only open actions past their completion date
    #[arg(long, conflicts_with = "due_within")]
    pub overdue: bool,
    /// Only open actions due from today to DAYS days ahead
    #[arg(long, value_name = "DAYS")]
    pub due_within: Option<u32>,
}

/// How to give the plan: text (the default), JSON, CSV, or a file.
#[derive(Debug, Args, Clone, Default)]
#[command(
    group(ArgGroup::new("output").args(["json", "csv", "xlsx", "ics"])),
    group(ArgGroup::new("file").args(["xlsx", "ics"]))
)]
pub struct PlanOutput {
    /// Print the actions as JSON (an array, as the desktop app receives them)
    #[arg(long)]
    pub json: bool,
    /// Print the plan as CSV
    #[arg(long)]
    pub csv: bool,
    /// Write the plan as an Excel workbook to FILE
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Write the open actions' due dates as an iCalendar file to FILE
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    /// Replace FILE if it already exists
    #[arg(long, requires = "file")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Assessment id (or its first 8 or more characters)
    pub assessment: String,
    /// The name of the person signing off
    #[arg(long)]
    pub name: String,
    /// Their role, e.g. "Accountable Prevent lead"
    #[arg(long = "role")]
    pub signatory_role: String,
    /// When they signed, RFC 3339 (e.g. 2026-11-21T10:00:00Z), if earlier than now: they signed on paper and it is recorded later [default: now]. Never in the future, never before the assessment was marked complete
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Who is recording the sign-off, for the audit trail [default: the person recorded for this installation, else your login name]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Confirm that you are recording this sign-off on the signatory's behalf (needed when you are not the signatory)
    #[arg(long)]
    pub on_behalf: bool,
}

const BACKUP_AFTER_HELP: &str = "Backups are taken before a migration, after every sign-off and once a day while the database is in use. The last 10 daily backups are kept, and every other backup.\n\
A restore first backs up the file as it is (before-restore), so restoring that backup undoes it.";

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// List the backups, newest first: when, why, size
    List {
        /// Also check each backup with integrity_check (reads every file)
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Make a backup now
    Create(JsonFlag),
    /// Replace the database's content with a backup's, backing up the current file first
    Restore {
        /// A backup's name as listed, or the path of a backup file
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Show this installation's certificate and the certificates it trusts
    Show(JsonFlag),
    /// Write this installation's certificate (PEM) for others to trust
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        actor: ActorArgs,
    },
    /// Trust another installation's certificate (PEM or DER; every certificate of a PEM file) when checking PDFs
    Trust {
        file: PathBuf,
        #[command(flatten)]
        actor: ActorArgs,
    },
    /// Sign with your organisation's own key and certificate from a PKCS#12 file (.p12, .pfx)
    Import {
        file: PathBuf,
        /// A file holding the PKCS#12 password [default: the PREVENT_SA_P12_PASSWORD environment variable, else no password]
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
        #[command(flatten)]
        actor: ActorArgs,
    },
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Assessment id (or its first 8 or more characters)
    pub assessment: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: PlanOutput,
}

#[derive(Debug, Args)]
pub struct ActionsArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: PlanOutput,
}

#[derive(Debug, Subcommand)]
pub enum ActionCommand {
    /// Print one action: what is to be done, by whom and when, its priority and why, and its notes
    Show {
        /// Action id (or its first 8 or more characters), as `plan` prints it
        action: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Change an action or add a progress note; an option left out keeps what is recorded
    Update(ActionUpdateArgs),
    /// Complete an action with the date assessed and the name of the person signing it off
    Complete(ActionCompleteArgs),
}

/// At least one option must be given.
#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("fields")
        .required(true)
        .multiple(true)
        .args(["status", "priority", "reason", "owner", "department", "due", "deferred_reason", "note", "action_required"])
))]
pub struct ActionUpdateArgs {
    /// Action id (or its first 8 or more characters), as `plan` prints it
    pub action: String,
    /// The new status (deferred needs --deferred-reason); to complete an action, use `action complete`
    #[arg(long, value_name = "not_started|in_progress|deferred")]
    pub status: Option<String>,
    /// The new priority; a change needs --reason, which the audit trail keeps
    #[arg(long, value_name = "high|medium|low")]
    pub priority: Option<String>,
    /// Why the priority changes
    #[arg(long, value_name = "TEXT", requires = "priority")]
    pub reason: Option<String>,
    /// The responsible individual(s), e.g. "A. Khan; B. Jones"
    #[arg(long, value_name = "TEXT")]
    pub owner: Option<String>,
    /// The department responsible
    #[arg(long, value_name = "TEXT")]
    pub department: Option<String>,
    /// The completion date, YYYY-MM-DD (an empty value clears it)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub due: Option<String>,
    /// Why the action is deferred (needed with --status deferred)
    #[arg(long, value_name = "TEXT")]
    pub deferred_reason: Option<String>,
    /// A progress note to add, dated and signed with --by
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The action required, reworded
    #[arg(long, value_name = "TEXT")]
    pub action_required: Option<String>,
    #[command(flatten)]
    pub json: JsonFlag,
    #[command(flatten)]
    pub actor: ActorArgs,
}

#[derive(Debug, Args)]
pub struct ActionCompleteArgs {
    /// Action id (or its first 8 or more characters), as `plan` prints it
    pub action: String,
    /// The date assessed, YYYY-MM-DD (required)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub assessed: Option<String>,
    /// The name of the person signing the action off (required)
    #[arg(long, value_name = "NAME")]
    pub signed_by: Option<String>,
    #[command(flatten)]
    pub json: JsonFlag,
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

#[derive(Debug, Subcommand)]
pub enum TrainingCommand {
    /// The training needs analysis: the organisation's staff groups and the level each needs, kept from one reporting date to the next
    #[command(subcommand)]
    Group(TrainingGroupCommand),
    /// How long completed training stays in date for the organisation [default: 3 years, the refresher cycle]
    Validity {
        #[arg(long)]
        organisation: String,
        /// Whole years, 1 to 10
        #[arg(long, value_name = "N", allow_negative_numbers = true)]
        years: u32,
        #[command(flatten)]
        actor: ActorArgs,
    },
    /// Record one staff group's figures for a reporting date (figures recorded before for that date are replaced)
    Record(TrainingRecordArgs),
    /// Count a CSV or Excel export of person-level training records per staff group, show the counts, and save them (only the counts, the file's name and its SHA-256 are kept)
    Import(TrainingImportArgs),
    /// The quarterly summary for the upward return (training compliance by level at each reporting date of the quarter, referrals, the named leads), printed or written as CSV and Excel
    Quarterly(TrainingQuarterlyArgs),
    /// Print the organisation's own audit trail (training needs analysis, validity, figures, import mapping), oldest first
    Audit {
        #[arg(long)]
        organisation: String,
        /// Check the trail's hash chain instead of printing it: exit 0 intact, 1 broken (where, on stdout)
        #[arg(long)]
        verify: bool,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Compliance per level and overall on a reporting date, the groups below target first, and the trend across dates
    Show {
        #[arg(long)]
        organisation: String,
        /// The reporting date, YYYY-MM-DD [default: the latest with figures]
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrainingGroupCommand {
    /// Add a staff group, or change the level it needs
    Set {
        #[arg(long)]
        organisation: String,
        /// The staff group, e.g. "Registered nurses - adult wards"
        #[arg(long, value_name = "NAME")]
        group: String,
        /// The level the group needs: 1-2 (basic Prevent awareness, all staff) or 3
        #[arg(long, value_name = "1-2|3")]
        level: String,
        #[command(flatten)]
        actor: ActorArgs,
    },
    /// Remove a staff group; figures already recorded for it are kept
    Remove {
        #[arg(long)]
        organisation: String,
        #[arg(long, value_name = "NAME")]
        group: String,
        #[command(flatten)]
        actor: ActorArgs,
    },
    /// List the staff groups and the level each needs
    List {
        #[arg(long)]
        organisation: String,
        #[command(flatten)]
        json: JsonFlag,
    },
}

#[derive(Debug, Args)]
pub struct TrainingRecordArgs {
    #[arg(long)]
    pub organisation: String,
    /// The reporting date, YYYY-MM-DD (not after today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: String,
    /// A staff group of the training needs analysis
    #[arg(long, value_name = "NAME")]
    pub group: String,
    /// How many staff the group has
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub headcount: String,
    /// How many of them are in date at the level the group needs
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub in_date: String,
    #[command(flatten)]
    pub actor: ActorArgs,
}

#[derive(Debug, Args)]
pub struct TrainingQuarterlyArgs {
    #[arg(long)]
    pub organisation: String,
    /// The calendar quarter, YYYY-QN (Q1 is January to March)
    #[arg(long, value_name = "YYYY-QN")]
    pub quarter: String,
    /// Prevent referrals made in the quarter [default: not stated]
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub referrals: Option<String>,
    /// The accountable Prevent lead's name [default: not stated]
    #[arg(long, value_name = "NAME")]
    pub accountable_lead: Option<String>,
    /// The operational Prevent lead's name [default: not stated]
    #[arg(long, value_name = "NAME")]
    pub operational_lead: Option<String>,
    /// Write it as CSV to this file
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write it as an Excel workbook to this file
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Replace files that exist
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub json: JsonFlag,
}

#[derive(Debug, Args)]
pub struct TrainingImportArgs {
    /// The export: .csv, or .xlsx (its first sheet)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[arg(long)]
    pub organisation: String,
    /// The reporting date the figures are for, YYYY-MM-DD (not after today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: String,
    /// Which columns hold what: group=COLUMN,l12=COLUMN,l3=COLUMN[,person=COLUMN] [default: the mapping of the organisation's last import]
    #[arg(long, value_name = "MAPPING")]
    pub map: Option<String>,
    /// Show the counts without saving them
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub json: JsonFlag,
    #[command(flatten)]
    pub actor: ActorArgs,
}

#[derive(Debug, Args)]
pub struct BoardReportArgs {
    /// The organisation, as its assessments or training figures name it (any case)
    #[arg(long)]
    pub organisation: String,
    /// The calendar year reported on, e.g. 2026 (not after this year)
    #[arg(long, value_name = "YYYY", allow_hyphen_values = true)]
    pub year: String,
    /// How many Prevent referrals were made in the year [default: not stated]
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub referrals: Option<String>,
    /// A breakdown of the referrals, e.g. "3 to Channel, 1 advice only"
    #[arg(long, value_name = "TEXT", requires = "referrals")]
    pub referrals_breakdown: Option<String>,
    /// A UTF-8 text file describing any significant incidents [default: not stated]
    #[arg(long, value_name = "FILE")]
    pub incidents_file: Option<PathBuf>,
    /// The statement "adequate resources are available to meet the core standards": adequate, inadequate or partly
    #[arg(long, value_name = "adequate|inadequate|partly")]
    pub resources: Option<String>,
    /// A note on the resources statement
    #[arg(long, value_name = "TEXT", requires = "resources")]
    pub resources_note: Option<String>,
    /// A UTF-8 text file describing other Prevent-related activity [default: not stated]
    #[arg(long, value_name = "FILE")]
    pub activity_file: Option<PathBuf>,
    /// The accountable Prevent lead's name
    #[arg(long, value_name = "NAME")]
    pub lead: String,
    /// The PDF file to write
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
    /// Sign the report off and seal it, as this person
    #[arg(long, value_name = "NAME", requires = "signatory_role")]
    pub sign: Option<String>,
    /// The signing person's role, e.g. "Accountable Prevent lead"
    #[arg(long = "role", value_name = "ROLE", requires = "sign")]
    pub signatory_role: Option<String>,
    /// Who is recording the sign-off [default: the person recorded for this installation, else your login name]
    #[arg(long, value_name = "NAME", requires = "sign")]
    pub by: Option<String>,
    /// Confirm that you are recording this sign-off on the signatory's behalf (needed when you are not the signatory)
    #[arg(long, requires = "sign")]
    pub on_behalf: bool,
    #[command(flatten)]
    pub json: JsonFlag,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
