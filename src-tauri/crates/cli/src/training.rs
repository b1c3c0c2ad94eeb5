//! Training compliance from the terminal: `training group set|remove|list`,
//! `training validity`, `training record`, `training import` and `training
//! show`. Everything
//! that can be checked without the database (names, levels, counts, the
//! reporting date against today) is checked before it is opened, so bad
//! input never creates or changes a file.

use prevent_app::files::{read_file, write_file};
use prevent_app::training::{FiguresInput, quarterly_csv, quarterly_xlsx};
use prevent_app::training_import::{ImportRequest, MAX_TRAINING_EXPORT_BYTES};
use prevent_app::training_screens::QuarterlyRequest;
use prevent_app::{AppError, AppResult};
use prevent_core::assessment::ORGANISATION;
use prevent_core::rules::parse_date;
use prevent_core::training::{
    self, GROUP, GroupFigures, TrainingError, TrainingLevel, Validity, parse_count,
};
use prevent_core::training_import::ImportMapping;

use crate::args::{
    ActorArgs, TrainingCommand, TrainingGroupCommand, TrainingImportArgs, TrainingQuarterlyArgs,
    TrainingRecordArgs,
};
use crate::session::{Session, actor_source};
use crate::{emit, print_text, text};

fn unknown_organisation(organisation: &str) -> impl FnOnce() -> AppError {
    let organisation = organisation.trim().to_owned();
    move || TrainingError::UnknownOrganisation { organisation }.into()
}

pub fn training(session: &Session, command: &TrainingCommand, outer: &ActorArgs) -> AppResult<()> {
    match command {
        TrainingCommand::Group(TrainingGroupCommand::Set {
            organisation,
            group,
            level,
            actor,
        }) => {
            ORGANISATION.required(organisation)?;
            GROUP.required(group)?;
            let level = TrainingLevel::parse(level)?;
            let source = actor_source(&actor.or(outer), None)?;
            // The first thing recorded for an organisation may be its first
            // group, on a new machine: this creates the database.
            let mut service = session.create_writer(source)?;
            let set = service.set_training_group(organisation, group, level)?;
            let needs = service.training_needs(organisation)?;
            print_text(&text::training_group_set(&set, &needs.organisation))
        }
        TrainingCommand::Group(TrainingGroupCommand::Remove {
            organisation,
            group,
            actor,
        }) => {
            let source = actor_source(&actor.or(outer), None)?;
            let mut service = session.write(source, unknown_organisation(organisation))?;
            let removed = service.remove_training_group(organisation, group)?;
            let needs = service.training_needs(organisation)?;
            print_text(&format!(
                "Removed {} from the training needs analysis of {}. Figures already recorded for it are kept.",
                removed.name, needs.organisation
            ))
        }
        TrainingCommand::Group(TrainingGroupCommand::List { organisation, json }) => {
            let service = session
                .read()?
                .ok_or_else(unknown_organisation(organisation))?;
            let needs = service.training_needs(organisation)?;
            emit(json.json, &needs, || text::training_needs(&needs))
        }
        TrainingCommand::Validity {
            organisation,
            years,
            actor,
        } => {
            ORGANISATION.required(organisation)?;
            let validity = Validity::new(*years)?;
            let source = actor_source(&actor.or(outer), None)?;
            let mut service = session.create_writer(source)?;
            service.set_training_validity(organisation, validity.years)?;
            let needs = service.training_needs(organisation)?;
            print_text(&format!(
                "Training now stays in date for {} at {}.",
                text::years(validity.years),
                needs.organisation
            ))
        }
        TrainingCommand::Record(args) => record(session, args, outer),
        TrainingCommand::Import(args) => import(session, args, outer),
        TrainingCommand::Quarterly(args) => quarterly(session, args),
        TrainingCommand::Audit {
            organisation, json, ..
        } => {
            let service = session
                .read()?
                .ok_or_else(unknown_organisation(organisation))?;
            let trail = service.organisation_audit(organisation)?;
            emit(json.json, &trail, || text::organisation_audit(&trail))
        }
        TrainingCommand::Show {
            organisation,
            as_of,
            json,
        } => {
            let as_of = as_of
                .as_deref()
                .map(|d| parse_date("as_of", "the reporting date", d))
                .transpose()?;
            let service = session
                .read()?
                .ok_or_else(unknown_organisation(organisation))?;
            let view = service.training_view(organisation, as_of)?;
            emit(json.json, &view, || text::training_view(&view))
        }
    }
}

fn record(session: &Session, args: &TrainingRecordArgs, outer: &ActorArgs) -> AppResult<()> {
    let as_of = parse_date("as_of", "the reporting date", &args.as_of)?;
    training::check_reporting_date(as_of, session.today())?;
    let headcount = parse_count("The headcount", &args.headcount)?;
    let in_date = parse_count("The number in date", &args.in_date)?;
    ORGANISATION.required(&args.organisation)?;
    let group = GROUP.required(&args.group)?;
    // The level is the analysis', read from the database; only the counts
    // are checked here.
    GroupFigures {
        group,
        level: TrainingLevel::Basic,
        headcount,
        in_date,
    }
    .validate()?;
    let source = actor_source(&args.actor.or(outer), None)?;
    let mut service = session.write(source, unknown_organisation(&args.organisation))?;
    let recorded = service.record_training_figures(&FiguresInput {
        organisation: args.organisation.clone(),
        as_of,
        group: args.group.clone(),
        headcount,
        in_date,
    })?;
    let needs = service.training_needs(&args.organisation)?;
    print_text(&text::figures_recorded(&recorded, &needs.organisation))
}

/// Counts an export and, unless `--dry-run`, saves the counts. The file is
/// read once, bounded; a dry run never opens the database for writing.
fn import(session: &Session, args: &TrainingImportArgs, outer: &ActorArgs) -> AppResult<()> {
    let as_of = parse_date("as_of", "the reporting date", &args.as_of)?;
    training::check_reporting_date(as_of, session.today())?;
    ORGANISATION.required(&args.organisation)?;
    let mapping = args.map.as_deref().map(ImportMapping::parse).transpose()?;
    let bytes = read_file(&args.file, MAX_TRAINING_EXPORT_BYTES)?;
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| args.file.display().to_string());
    let request = ImportRequest {
        organisation: &args.organisation,
        as_of,
        file_name: &file_name,
        bytes: &bytes,
        mapping,
    };
    if args.dry_run {
        let service = session
            .read()?
            .ok_or_else(unknown_organisation(&args.organisation))?;
        let preview = service.preview_training_import(&request)?;
        return emit(args.json.json, &preview, || {
            text::import_preview(&preview, false)
        });
    }
    let source = actor_source(&args.actor.or(outer), None)?;
    let mut service = session.write(source, unknown_organisation(&args.organisation))?;
    let preview = service.preview_training_import(&request)?;
    let saved = service.save_training_import(&preview)?;
    emit(args.json.json, &saved, || {
        text::import_preview(&saved.preview, true)
    })
}

/// `training audit --verify`: exit 0 intact, 1 broken.
pub fn verify_audit(
    session: &Session,
    organisation: &str,
    json: bool,
) -> AppResult<std::process::ExitCode> {
    let service = session
        .read()?
        .ok_or_else(unknown_organisation(organisation))?;
    let check = service.verify_organisation_audit(organisation)?;
    crate::sealing::chain_checked(&check, json)
}

/// The quarterly summary: printed, or written as CSV and/or Excel. Only
/// reads the database.
fn quarterly(session: &Session, args: &TrainingQuarterlyArgs) -> AppResult<()> {
    let request = QuarterlyRequest {
        organisation: args.organisation.clone(),
        quarter: args.quarter.clone(),
        referrals: args
            .referrals
            .as_deref()
            .map(prevent_core::board::parse_referrals)
            .transpose()?,
        accountable_lead: args.accountable_lead.clone().unwrap_or_default(),
        operational_lead: args.operational_lead.clone().unwrap_or_default(),
    };
    let (quarter, input) = request.parse()?;
    let service = session
        .read()?
        .ok_or_else(unknown_organisation(&args.organisation))?;
    let summary = service.quarterly_return(&args.organisation, quarter, &input)?;
    let mut written = Vec::new();
    if let Some(path) = &args.csv {
        write_file(path, &quarterly_csv(&summary), args.force, "--csv")?;
        written.push(path.display().to_string());
    }
    if let Some(path) = &args.xlsx {
        write_file(path, &quarterly_xlsx(&summary)?, args.force, "--xlsx")?;
        written.push(path.display().to_string());
    }
    if !written.is_empty() && !args.json.json {
        return print_text(&format!(
            "Wrote the summary of {} for {}: {}.",
            summary.quarter_label,
            summary.organisation,
            written.join(" and ")
        ));
    }
    emit(args.json.json, &summary, || text::quarterly(&summary))
}
