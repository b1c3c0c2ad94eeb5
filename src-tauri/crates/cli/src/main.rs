//! `prevent-sa`: Prevent Self-Assessment without a display.
//!
//! Auditors, scripts and tests use it to read and write the same SQLite file as
//! the desktop app, through the same core rules and store. Bad input prints one
//! line on stderr, exits with status 2 and writes nothing: every value is
//! checked before the database is opened, and commands that only read never
//! create a database that is not there.

mod args;
mod text;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::Utc;
use clap::Parser;
use prevent_core::answer::parse_yes_no;
use prevent_core::assessment::ACTOR;
use prevent_core::rules::parse_date;
use prevent_core::{
    AnswerInput, ErrorKind, Frameworks, NewAssessment, NewAssessmentInput, Response, RuleError,
};
use prevent_store::{Store, StoreError};
use serde::Serialize;

use args::{AnswerArgs, Cli, Command, NewArgs};

/// A failure to report: its kind decides the exit status.
struct Failure {
    kind: ErrorKind,
    message: String,
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Failure {
        Failure {
            kind: error.kind(),
            message: error.to_string(),
        }
    }
}

impl From<RuleError> for Failure {
    fn from(error: RuleError) -> Failure {
        StoreError::from(error).into()
    }
}

impl From<prevent_core::CatalogueError> for Failure {
    fn from(error: prevent_core::CatalogueError) -> Failure {
        StoreError::from(error).into()
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Failure {
        Failure {
            kind: ErrorKind::Internal,
            message: format!("cannot write the output: {error}"),
        }
    }
}

type Outcome = Result<(), Failure>;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => {
            // --help and --version
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        Err(error) => return fail(&one_line_usage_error(&error)),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) if failure.kind == ErrorKind::Internal => {
            eprintln!("prevent-sa: internal error: {}", failure.message);
            ExitCode::from(1)
        }
        Err(failure) => fail(&failure.message),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("prevent-sa: {message}");
    ExitCode::from(2)
}

/// clap's own messages span several lines; the first sentence is what matters.
fn one_line_usage_error(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let first = rendered
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ");
    let joined = first.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{joined} (see prevent-sa --help)")
}

fn run(cli: Cli) -> Outcome {
    let frameworks = Frameworks::embedded()?;
    let database = || -> Result<PathBuf, Failure> {
        prevent_store::resolve_database_path(cli.db.clone()).ok_or_else(|| Failure {
            kind: ErrorKind::Database,
            message: format!(
                "cannot find the app's data folder; choose a database with --db PATH or {}",
                prevent_store::DATABASE_ENV_VAR
            ),
        })
    };
    match &cli.command {
        Command::Frameworks(flag) => {
            let summaries: Vec<_> = frameworks.all().iter().map(|f| f.summary()).collect();
            emit(flag.json, &summaries, || text::frameworks(&summaries))
        }
        Command::Catalogue { framework, json } => {
            let framework =
                frameworks
                    .get(framework)
                    .ok_or_else(|| RuleError::UnknownFramework {
                        id: framework.clone(),
                        known: frameworks.ids().join(", "),
                    })?;
            let entries = framework.entries();
            emit(json.json, &entries, || text::catalogue(framework))
        }
        Command::New(args) => new_assessment(frameworks, args, &database()?),
        Command::List(flag) => {
            let summaries = match open_existing(&database()?)? {
                Some(store) => store.list_assessments()?,
                None => Vec::new(),
            };
            emit(flag.json, &summaries, || text::assessments(&summaries))
        }
        Command::Answer(args) => answer(args, &database()?),
        Command::Show { assessment, json } => {
            let store = open_for_assessment(&database()?, assessment)?;
            let id = store.resolve_assessment_id(assessment)?;
            let detail = store.assessment_detail(id)?;
            let framework = frameworks.get(&detail.assessment.framework_id);
            emit(json.json, &detail, || text::assessment(&detail, framework))
        }
        Command::Audit { assessment, json } => {
            let store = open_for_assessment(&database()?, assessment)?;
            let id = store.resolve_assessment_id(assessment)?;
            let trail = store.audit_trail(id)?;
            emit(json.json, &trail, || text::audit(&trail))
        }
    }
}

fn new_assessment(frameworks: &Frameworks, args: &NewArgs, database: &Path) -> Outcome {
    let new = NewAssessment::validate(
        frameworks,
        &NewAssessmentInput {
            framework_id: args.framework.clone(),
            organisation: args.organisation.clone(),
            assessor: args.assessor.clone(),
            assessment_date: args.date.clone(),
        },
    )?;
    let actor = ACTOR.required(args.by.as_deref().unwrap_or(&new.assessor))?;
    let mut store = Store::open(database, Utc::now())?;
    let assessment = store.create_assessment(&new, &actor, Utc::now())?;
    print_text(&assessment.id.to_string())
}

fn answer(args: &AnswerArgs, database: &Path) -> Outcome {
    // Everything that can be checked without the database is checked first.
    let input = AnswerInput {
        response: Some(Response::parse(&args.response)?),
        na_reason: args.reason.clone(),
        action_required: args
            .action_required
            .as_deref()
            .map(parse_yes_no)
            .transpose()?,
        comment: args.comment.clone(),
        lead: args.lead.clone(),
        due_date: args.due.clone(),
    };
    if let Some(due) = args.due.as_deref().filter(|d| !d.trim().is_empty()) {
        parse_date("due_date", "the date for completion", due)?;
    }
    let actor = match &args.by {
        Some(name) => ACTOR.required(name)?,
        None => login_name().ok_or(RuleError::Blank {
            field: "actor",
            label: "your name with --by NAME (it is recorded in the audit trail)",
        })?,
    };

    let mut store = open_for_assessment(database, &args.assessment)?;
    let id = store.resolve_assessment_id(&args.assessment)?;
    let saved = store.save_answer(id, &args.item, input, &actor, Utc::now())?;
    let framework = store.frameworks().get(&store.assessment(id)?.framework_id);
    print_text(&text::saved_answer(&saved, framework))
}

/// Opens the database if the file exists; `None` when there is none yet (a
/// fresh machine). A path that could never be created is an error, not "empty".
fn open_existing(path: &Path) -> Result<Option<Store>, Failure> {
    if path.exists() {
        return Ok(Some(Store::open(path, Utc::now())?));
    }
    let first_existing = path.ancestors().skip(1).find(|ancestor| ancestor.exists());
    if let Some(blocker) = first_existing.filter(|ancestor| !ancestor.is_dir()) {
        return Err(StoreError::CannotOpen {
            path: path.to_owned(),
            reason: format!("{} is a file, not a folder", blocker.display()),
        }
        .into());
    }
    Ok(None)
}

/// Opens the database for a command about one assessment, without creating a
/// database that does not exist.
fn open_for_assessment(path: &Path, assessment: &str) -> Result<Store, Failure> {
    open_existing(path)?.ok_or_else(|| {
        StoreError::AssessmentNotFound {
            id: assessment.trim().to_owned(),
        }
        .into()
    })
}

fn login_name() -> Option<String> {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|name| !name.trim().is_empty())
}

fn emit<T: Serialize + ?Sized>(json: bool, value: &T, text: impl FnOnce() -> String) -> Outcome {
    if json {
        let rendered = serde_json::to_string_pretty(value).map_err(|e| Failure {
            kind: ErrorKind::Internal,
            message: e.to_string(),
        })?;
        print_text(&rendered)
    } else {
        print_text(text().trim_end())
    }
}

/// Prints to stdout; a reader that stops early (`| head`) is not an error.
fn print_text(text: &str) -> Outcome {
    let mut stdout = io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
