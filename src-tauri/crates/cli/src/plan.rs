//! The action plan from the terminal: `plan`, `actions` and `action
//! show|update|complete`. Each is a few calls to the same `Service` methods
//! the desktop app uses; flags are checked before the database is opened.

use std::io::{self, Write};
use std::path::Path;

use prevent_app::{
    AppError, AppResult, CompleteActionRequest, PlanExportFormat, Service, UpdateActionRequest,
};
use prevent_core::plan::{
    ActionCompletion, ActionEdit, ActionStatus, DueFilter, PlanFilter, PlanView, Priority,
};
use prevent_core::rules::parse_date;
use prevent_core::{ErrorKind, RuleError};
use uuid::Uuid;

use crate::args::{
    ActionCommand, ActionCompleteArgs, ActionUpdateArgs, ActionsArgs, ActorArgs, FilterArgs,
    PlanArgs, PlanOutput,
};
use crate::session::{Session, actor_source};
use crate::{emit, print_text, text};

/// The filter flags as the plan view's filter; a bad status or priority is refused here.
fn filter(args: &FilterArgs) -> AppResult<PlanFilter> {
    Ok(PlanFilter {
        status: args
            .status
            .as_deref()
            .map(ActionStatus::parse)
            .transpose()?,
        owner: args.owner.clone(),
        department: args.department.clone(),
        priority: args.priority.as_deref().map(Priority::parse).transpose()?,
        due: if args.overdue {
            Some(DueFilter::Overdue)
        } else {
            args.due_within.map(DueFilter::Within)
        },
        ..PlanFilter::default()
    })
}

pub fn plan(session: &Session, args: &PlanArgs) -> AppResult<()> {
    let filter = filter(&args.filter)?;
    let service = session.read_assessment(&args.assessment)?;
    let id = service.assessment_id(&args.assessment)?;
    let view = service.get_plan(id, filter.clone())?;
    output(&service, Some(id), filter, &view, &args.output)
}

pub fn actions(session: &Session, args: &ActionsArgs) -> AppResult<()> {
    let filter = filter(&args.filter)?;
    let Some(service) = session.read()? else {
        return if args.output.csv || args.output.xlsx.is_some() || args.output.ics.is_some() {
            Err(AppError::new(
                ErrorKind::InvalidInput,
                "There are no assessments yet, so there is no action plan to export. Start one with `prevent-sa new`.",
            ))
        } else {
            emit(args.output.json, &[(); 0], text::no_assessments_yet)
        };
    };
    let view = service.get_dashboard(filter.clone())?;
    output(&service, None, filter, &view, &args.output)
}

fn output(
    service: &Service,
    id: Option<Uuid>,
    filter: PlanFilter,
    view: &PlanView,
    how: &PlanOutput,
) -> AppResult<()> {
    let file = |format: PlanExportFormat, path: &Path, flag: &str| -> AppResult<()> {
        let exported = service.export_plan(id, format, filter.clone())?;
        prevent_app::files::write_file(path, &exported.bytes, how.force, flag)?;
        print_text(&text::plan_saved(view, format, path))
    };
    if let Some(path) = &how.xlsx {
        return file(PlanExportFormat::Xlsx, path, "--xlsx");
    }
    if let Some(path) = &how.ics {
        return file(PlanExportFormat::Ics, path, "--ics");
    }
    if how.csv {
        let exported = service.export_plan(id, PlanExportFormat::Csv, filter)?;
        return print_bytes(&exported.bytes);
    }
    emit(how.json, &view.actions, || text::plan(view, id.is_none()))
}

/// Writes bytes to stdout as they are when they go to a file or a pipe; on a
/// terminal, control characters in them are shown escaped rather than
/// obeyed. A reader that stops early is not an error.
fn print_bytes(bytes: &[u8]) -> AppResult<()> {
    use std::io::IsTerminal;
    let mut stdout = io::stdout().lock();
    let shown;
    let bytes = if stdout.is_terminal() {
        shown = prevent_core::text::visible(&String::from_utf8_lossy(bytes), true).into_owned();
        shown.as_bytes()
    } else {
        bytes
    };
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(AppError::internal(format!("cannot write the output: {e}"))),
        Ok(()) => Ok(()),
    }
}

pub fn action(session: &Session, command: &ActionCommand, outer: &ActorArgs) -> AppResult<()> {
    match command {
        ActionCommand::Show { action, json } => {
            let service = session.read()?.ok_or_else(|| not_found(action))?;
            let view = service.get_action(service.action_id(action)?)?;
            emit(json.json, &view, || text::action(&view))
        }
        ActionCommand::Update(args) => update(session, args, outer),
        ActionCommand::Complete(args) => complete(session, args, outer),
    }
}

fn not_found(action: &str) -> AppError {
    RuleError::ActionNotFound {
        id: action.trim().to_owned(),
    }
    .into()
}

fn update(session: &Session, args: &ActionUpdateArgs, outer: &ActorArgs) -> AppResult<()> {
    // Everything that can be checked without the database is checked first.
    if let Some(text) = args.due.as_deref().filter(|t| !t.trim().is_empty()) {
        parse_date("due", "the completion date", text)?;
    }
    let edit = ActionEdit {
        action: args.action_required.clone(),
        owners: args.owner.clone(),
        department: args.department.clone(),
        due: args.due.clone(),
        status: args
            .status
            .as_deref()
            .map(ActionStatus::parse)
            .transpose()?,
        deferred_reason: args.deferred_reason.clone(),
        priority: args.priority.as_deref().map(Priority::parse).transpose()?,
        priority_reason: args.reason.clone(),
        note: args.note.clone(),
    };
    if edit.status == Some(ActionStatus::Completed) {
        return Err(RuleError::CompletionNeedsSignOff.into());
    }
    let source = actor_source(&args.actor.or(outer), None)?;
    let mut service = session.write(source, || not_found(&args.action))?;
    let id = service.action_id(&args.action)?;
    let before = service.get_action(id)?;
    let after = service.update_action(UpdateActionRequest {
        action_id: id,
        edit,
    })?;
    emit(args.json.json, &after, || {
        text::action_changed(&before, &after, "Updated")
    })
}

fn complete(session: &Session, args: &ActionCompleteArgs, outer: &ActorArgs) -> AppResult<()> {
    let missing = |what: &str| {
        AppError::new(
            ErrorKind::InvalidInput,
            format!(
                "An action is completed with the date assessed and the name of the person signing it off: add {what}."
            ),
        )
    };
    let completion = match (&args.assessed, &args.signed_by) {
        (None, None) => return Err(missing("--assessed YYYY-MM-DD and --signed-by NAME")),
        (None, Some(_)) => return Err(missing("--assessed YYYY-MM-DD").with_field("assessed")),
        (Some(_), None) => return Err(missing("--signed-by NAME").with_field("signed_off_by")),
        (Some(assessed), Some(signed_by)) => ActionCompletion {
            assessed: assessed.clone(),
            signed_off_by: signed_by.clone(),
        },
    };
    parse_date("assessed", "the date assessed", &completion.assessed)?;
    if completion.signed_off_by.trim().is_empty() {
        return Err(RuleError::SignOffNameMissing.into());
    }
    let source = actor_source(&args.actor.or(outer), None)?;
    let mut service = session.write(source, || not_found(&args.action))?;
    let id = service.action_id(&args.action)?;
    let before = service.get_action(id)?;
    let after = service.complete_action(CompleteActionRequest {
        action_id: id,
        completion,
    })?;
    emit(args.json.json, &after, || {
        text::action_changed(&before, &after, "Completed")
    })
}
