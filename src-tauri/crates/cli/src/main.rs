//! `prevent-sa`: Prevent Self-Assessment without a display.
//!
//! Auditors, scripts and tests use it to read and write the same SQLite file as
//! the desktop app. It is a thin layer over `prevent-app`: every use case is a
//! `Service` method the desktop shell calls too, and every failure is the one
//! `AppError`, whose kind decides the exit status: 0 done; 2 for bad input,
//! something not found, a change the assessment's state does not allow, or an
//! unusable database, with one line on stderr and nothing written; 1 for an
//! internal error. Values that can be checked without the database are checked
//! before it is opened, and commands that only read never create a database
//! that is not there.

mod args;
mod backups;
mod board;
mod files;
mod plan;
mod sealing;
mod session;
mod text;
mod training;

use std::borrow::Cow;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use prevent_app::service::framework;
use prevent_app::{
    ActorSource, AppError, AppResult, SaveAnswerRequest, Service, UserInput, frameworks,
};
use prevent_core::answer::parse_yes_no;
use prevent_core::evidence::EvidenceInput;
use prevent_core::rules::parse_date;
use prevent_core::text::{is_hidden, visible};
use prevent_core::{
    Actor, AnswerInput, AssessmentStatus, ErrorKind, Finding, Framework, NewAssessment,
    NewAssessmentInput, RuleError,
};
use serde::Serialize;

use args::{
    ActorArgs, AnswerArgs, Cli, Command, EvidenceAddArgs, EvidenceCommand, EvidenceExportArgs,
    NewArgs, UserArgs, UserCommand,
};
use session::{Session, actor_source};

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
        Ok(code) => code,
        Err(error) if error.kind == ErrorKind::Internal => {
            eprintln!(
                "prevent-sa: internal error: {}",
                visible(&error.message, true)
            );
            ExitCode::from(1)
        }
        Err(error) => fail(&error.message),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("prevent-sa: {}", visible(message, true));
    ExitCode::from(2)
}

/// A remark about a command that succeeded, such as what an entry still needs.
fn note(message: &str) {
    eprintln!("prevent-sa: note: {}", visible(message, true));
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

fn run(cli: Cli) -> AppResult<ExitCode> {
    let session = Session::new(cli.db.clone(), cli.today.as_deref())?;
    let outer = &cli.actor;
    // The commands with exit statuses of their own.
    match &cli.command {
        Command::Verify { file, json } => return sealing::verify(&session, file, json.json),
        Command::Audit {
            assessment,
            verify: true,
            json,
        } => return sealing::verify_audit(&session, assessment, json.json),
        Command::Training(args::TrainingCommand::Audit {
            organisation,
            verify: true,
            json,
        }) => return training::verify_audit(&session, organisation, json.json),
        _ => {}
    }
    run_command(&cli, &session, outer).map(|()| ExitCode::SUCCESS)
}

fn run_command(cli: &Cli, session: &Session, outer: &ActorArgs) -> AppResult<()> {
    match &cli.command {
        Command::Frameworks(flag) => {
            let summaries: Vec<_> = frameworks()?.all().iter().map(Framework::summary).collect();
            emit(flag.json, &summaries, || text::frameworks(&summaries))
        }
        Command::Catalogue {
            framework: id,
            json,
        } => {
            let view = prevent_app::catalogue(id)?;
            emit(json.json, &view, || text::catalogue(&view))
        }
        Command::Crosswalk(flag) => {
            let all = frameworks()?;
            let title = |id: &str| all.get(id).map_or(id.to_owned(), |f| f.title.clone());
            emit(flag.json, &all.crosswalks(), || {
                all.crosswalks()
                    .iter()
                    .map(|c| text::crosswalk(c, &title(&c.from), &title(&c.to)))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        Command::New(args) => new_assessment(session, args, outer),
        Command::List(flag) => {
            let summaries = match session.read()? {
                Some(service) => service.list_assessments()?,
                None => Vec::new(),
            };
            emit(flag.json, &summaries, || text::assessments(&summaries))
        }
        Command::Answer(args) => answer(session, args, outer),
        Command::Show { assessment, json } => {
            let service = session.read_assessment(assessment)?;
            let detail = service.get_assessment(service.assessment_id(assessment)?)?;
            let framework = framework(&detail.assessment.framework_id)?;
            emit(json.json, &detail, || text::assessment(&detail, framework))
        }
        Command::Confirm {
            assessment,
            entries,
            actor,
        } => confirm(session, assessment, entries, &actor.or(outer)),
        Command::Complete { assessment, actor } => complete(session, assessment, &actor.or(outer)),
        Command::Reopen { assessment, actor } => {
            let source = actor_source(&actor.or(outer), None)?;
            let mut service = session.write_assessment(assessment, source)?;
            let id = service.assessment_id(assessment)?;
            print_text(&text::reopened(&service.reopen_assessment(id)?))
        }
        Command::Evidence(EvidenceCommand::Add(args)) => add_evidence(session, args, outer),
        Command::Evidence(EvidenceCommand::List { assessment, json }) => {
            let service = session.read_assessment(assessment)?;
            let id = service.assessment_id(assessment)?;
            let list = service.list_evidence(id)?;
            let framework = service.framework_of(id)?;
            emit(json.json, &list, || text::evidence_list(&list, framework))
        }
        Command::Evidence(EvidenceCommand::Export(args)) => export_evidence(session, args),
        Command::User(args) => user(session, args),
        Command::Audit {
            assessment, json, ..
        } => {
            let service = session.read_assessment(assessment)?;
            let trail = service.get_audit_trail(service.assessment_id(assessment)?)?;
            emit(json.json, &trail, || text::audit(&trail))
        }
        Command::Plan(args) => plan::plan(session, args),
        Command::Actions(args) => plan::actions(session, args),
        Command::Action(command) => plan::action(session, command, outer),
        Command::Sign(args) => sealing::sign(session, args, outer),
        Command::ExportPdf {
            assessment,
            out,
            force,
        } => sealing::export_pdf(session, assessment, out, *force),
        Command::NewVersion { assessment, actor } => {
            sealing::new_version(session, assessment, &actor.or(outer))
        }
        Command::Key(command) => sealing::key(session, command, outer),
        Command::Backup(command) => backups::backup(session, command),
        Command::Training(command) => training::training(session, command, outer),
        Command::BoardReport(args) => board::board_report(session, args, outer),
        Command::Verify { .. } => Ok(()),
    }
}

fn new_assessment(session: &Session, args: &NewArgs, outer: &ActorArgs) -> AppResult<()> {
    let input = NewAssessmentInput {
        framework_id: args.framework.clone(),
        organisation: args.organisation.clone(),
        assessor: args.assessor.clone(),
        assessment_date: args.date.clone(),
    };
    // Checked here so that bad input never creates a database; the service checks again.
    let new = NewAssessment::validate(frameworks()?, &input)?;
    let source = actor_source(&args.actor.or(outer), Some(Actor::new(&new.assessor, "")?))?;
    let assessment = match &args.from {
        // The assessment to start from must already be in the database.
        Some(from) => {
            let mut service = session.write_assessment(from, source)?;
            let from = service.assessment_id(from)?;
            service.create_assessment_from(input, from)?
        }
        None => session.create(source)?.create_assessment(input)?,
    };
    print_text(&assessment.id.to_string())
}

fn confirm(
    session: &Session,
    assessment: &str,
    entries: &[String],
    flags: &ActorArgs,
) -> AppResult<()> {
    let source = actor_source(flags, None)?;
    let mut service = session.write_assessment(assessment, source)?;
    let id = service.assessment_id(assessment)?;
    let confirmed = service.confirm_carried(id, entries.to_vec())?;
    let framework = service.framework_of(id)?;
    let named: Vec<String> = confirmed
        .iter()
        .map(|entry| text::subject(framework, entry))
        .collect();
    print_text(&format!(
        "Confirmed as carried over: {}",
        prevent_core::text::and_list(&named)
    ))
}

fn answer(session: &Session, args: &AnswerArgs, outer: &ActorArgs) -> AppResult<()> {
    // Everything that can be checked without the database is checked first.
    let mut input = AnswerInput {
        // Read on the entry's own scale once its framework is known.
        response: None,
        na_reason: args.reason.clone(),
        action_required: args
            .action_required
            .as_deref()
            .map(parse_yes_no)
            .transpose()?,
        comment: args.comment.clone(),
        lead: args.lead.clone(),
        due_date: args.due.clone(),
        policy_ref: args.policy_ref.clone(),
        review_date: args.review_date.clone(),
    };
    for (value, field, label) in [
        (&args.due, "due_date", "the date for completion"),
        (&args.review_date, "review_date", "the review date"),
    ] {
        if let Some(text) = value.as_deref().filter(|t| !t.trim().is_empty()) {
            parse_date(field, label, text)?;
        }
    }
    let source = actor_source(&args.actor.or(outer), None)?;

    let mut service = session.write_assessment(&args.assessment, source)?;
    let id = service.assessment_id(&args.assessment)?;
    if let Some(text) = args.response.as_deref() {
        input.response = Some(
            service
                .framework_of(id)?
                .parse_response(&args.entry, text)?,
        );
    }
    let saved = service.save_answer(SaveAnswerRequest {
        assessment_id: id,
        entry_id: args.entry.clone(),
        answer: input,
    })?;
    let framework = service.framework_of(id)?;
    print_text(&text::saved_answer(&saved, framework))?;
    for finding in text::entry_findings(saved.review.entry(&saved.record.answer.entry_id)) {
        note(&finding.message);
    }
    Ok(())
}

fn complete(session: &Session, assessment: &str, flags: &ActorArgs) -> AppResult<()> {
    let source = actor_source(flags, None)?;
    let mut service = session.write_assessment(assessment, source)?;
    let id = service.assessment_id(assessment)?;
    match service.mark_complete(id) {
        Ok(done) => {
            print_text(&text::completed(&done))?;
            for warning in service.get_assessment(id)?.review.warnings {
                note(&warning.message);
            }
            Ok(())
        }
        Err(error) if error.kind == ErrorKind::Conflict => {
            // The gate's own list, from the review, one finding per line.
            let detail = service.get_assessment(id)?;
            if detail.assessment.status == AssessmentStatus::InProgress
                && !detail.review.blocking.is_empty()
            {
                Err(gate_refusal(&detail.review.blocking))
            } else {
                Err(error)
            }
        }
        Err(error) => Err(error),
    }
}

/// "cannot mark complete: 2 things to finish" and a line per finding.
fn gate_refusal(blocking: &[Finding]) -> AppError {
    let mut message = format!(
        "cannot mark complete: {} thing{} to finish",
        blocking.len(),
        if blocking.len() == 1 { "" } else { "s" }
    );
    for finding in blocking {
        message.push_str("\n- ");
        message.push_str(&finding.message);
    }
    AppError {
        message,
        ..RuleError::IncompleteAssessment {
            problems: blocking.to_vec(),
        }
        .into()
    }
}

fn add_evidence(session: &Session, args: &EvidenceAddArgs, outer: &ActorArgs) -> AppResult<()> {
    let file = args
        .file
        .as_deref()
        .map(files::read_attachment)
        .transpose()?;
    let source = actor_source(&args.actor.or(outer), None)?;
    let mut service = session.write_assessment(&args.assessment, source)?;
    let id = service.assessment_id(&args.assessment)?;
    let evidence = service.add_evidence_input(
        id,
        EvidenceInput {
            entry_id: args.entry.clone(),
            title: args.title.clone(),
            location: args.location.clone(),
            file,
        },
    )?;
    emit(args.json.json, &evidence, || {
        text::evidence_added(&evidence)
    })
}

fn export_evidence(session: &Session, args: &EvidenceExportArgs) -> AppResult<()> {
    let service: Service = session.read()?.ok_or_else(|| {
        AppError::from(RuleError::EvidenceNotFound {
            id: args.evidence.trim().to_owned(),
        })
    })?;
    let id = service.evidence_id(&args.evidence)?;
    // Checked against its recorded SHA-256 by the service, as for the window.
    let (info, bytes) = service.evidence_file(id)?;
    prevent_app::files::write_file(&args.out, &bytes, args.force, "--out")?;
    print_text(&format!(
        "Saved {} ({} bytes, SHA-256 {}) to {}",
        info.name,
        info.size,
        info.sha256,
        args.out.display()
    ))
}

fn user(session: &Session, args: &UserArgs) -> AppResult<()> {
    match &args.action {
        None => {
            let user = match session.read()? {
                Some(service) => service.get_user()?,
                None => None,
            };
            emit(args.json.json, &user, || text::user(user.as_ref()))
        }
        Some(UserCommand::Set { name, role }) => {
            // Checked here so that bad input never creates a database; the service checks again.
            Actor::with_role(name, role)?;
            let user = session
                .create(ActorSource::Installation)?
                .set_user(UserInput {
                    name: name.clone(),
                    role: role.clone(),
                })?;
            print_text(&text::user(Some(&user)))
        }
    }
}

fn emit<T: Serialize + ?Sized>(
    json: bool,
    value: &T,
    text: impl FnOnce() -> String,
) -> AppResult<()> {
    if json {
        let rendered = serde_json::to_string_pretty(value)
            .map_err(|e| AppError::internal(format!("cannot render JSON: {e}")))?;
        print_text(&json_escaped(&rendered))
    } else {
        print_text(text().trim_end())
    }
}

/// JSON with every hidden character that serde_json leaves as it is (C1
/// controls, bidirectional overrides, zero-width characters; it already
/// escapes C0) written as a `\uXXXX` escape: the same data, but nothing a
/// terminal obeys or a reader is fooled by. Such characters only occur
/// inside strings, where the escape means the same character.
fn json_escaped(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_hidden) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_hidden(c) && !matches!(c, '\n' | '\t' | '\r') {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Prints to stdout; a reader that stops early (`| head`) is not an error.
/// Text that came from data (names, comments, a checked file's record) may
/// hold control characters: they are printed escaped (`\e`, `\r`,
/// `\u{202e}`), so they show rather than move the cursor or erase a line.
fn print_text(text: &str) -> AppResult<()> {
    let text = visible(text, true);
    let mut stdout = io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(AppError::internal(format!("cannot write the output: {e}"))),
        Ok(()) => Ok(()),
    }
}
