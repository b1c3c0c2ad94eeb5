//! `board-report`: the annual Prevent report to the board for a year, as a
//! draft PDF or, with `--sign`, signed off and sealed. Everything that can
//! be checked without the database (the year, the number of referrals, the
//! resources statement, the narrative files, the names) is checked before
//! it is opened; the database is only read for a draft, so bad input never
//! creates or changes a file.

use std::path::Path;

use chrono::Datelike;
use prevent_app::board::{BoardReportRequest, BoardReportSummary, BoardSignOff};
use prevent_app::files::{read_file, write_file};
use prevent_app::{AppError, AppResult};
use prevent_core::ErrorKind;
use prevent_core::assessment::ORGANISATION;
use prevent_core::board::{
    BoardError, BoardReportInput, ResourcesStatement, parse_referrals, parse_year,
};
use prevent_core::record::{SIGNATORY_NAME, SIGNATORY_ROLE};

use crate::args::{ActorArgs, BoardReportArgs};
use crate::emit;
use crate::session::{Session, actor_source};

/// The largest narrative file read: far more than the 10,000 characters a
/// narrative may hold, so a longer text is refused by the core's own rule.
const MAX_NARRATIVE_FILE_BYTES: u64 = 256 * 1024;

pub fn board_report(session: &Session, args: &BoardReportArgs, outer: &ActorArgs) -> AppResult<()> {
    ORGANISATION.required(&args.organisation)?;
    let year = parse_year(&args.year, session.today().year())?;
    let referrals = args.referrals.as_deref().map(parse_referrals).transpose()?;
    let resources = args
        .resources
        .as_deref()
        .map(ResourcesStatement::parse)
        .transpose()?;
    let input = BoardReportInput {
        referrals,
        referrals_breakdown: args.referrals_breakdown.clone().unwrap_or_default(),
        incidents: narrative_file(args.incidents_file.as_deref(), "--incidents-file")?,
        resources,
        resources_note: args.resources_note.clone().unwrap_or_default(),
        activity: narrative_file(args.activity_file.as_deref(), "--activity-file")?,
        lead: args.lead.clone(),
    };
    input.validate()?;
    let sign = match (&args.sign, &args.signatory_role) {
        (Some(name), Some(role)) => {
            SIGNATORY_NAME.required(name)?;
            SIGNATORY_ROLE.required(role)?;
            Some(BoardSignOff {
                name: name.clone(),
                role: role.clone(),
                on_behalf: args.on_behalf,
            })
        }
        _ => None,
    };
    let request = BoardReportRequest {
        organisation: args.organisation.clone(),
        year,
        input,
        sign,
    };
    let unknown = || -> AppError {
        BoardError::UnknownOrganisation {
            organisation: args.organisation.trim().to_owned(),
        }
        .into()
    };
    let made = if request.sign.is_some() {
        // Signing records the signer's certificate as trusted in the
        // database, and names who recorded the sign-off.
        let flags = ActorArgs {
            by: args.by.clone().or_else(|| outer.by.clone()),
            role: None,
        };
        let service = session.write(actor_source(&flags, None)?, unknown)?;
        service.board_report_made(&request).map_err(|error| {
            if error.field.as_deref() == Some("on_behalf") {
                AppError {
                    message: format!("{} Add --on-behalf to confirm it.", error.message),
                    ..error
                }
            } else {
                error
            }
        })?
    } else {
        session
            .read()?
            .ok_or_else(unknown)?
            .board_report_made(&request)?
    };
    write_file(&args.out, &made.file.bytes, args.force, "--out")?;
    emit(args.json.json, &made.summary, || {
        let mut said = format!(
            "Wrote {} ({} bytes): {}.",
            args.out.display(),
            made.file.bytes.len(),
            match &request.sign {
                Some(sign) => format!("signed off by {} and sealed", sign.name.trim()),
                None => "a draft, not signed off (add --sign NAME --role ROLE to sign and seal it)"
                    .to_owned(),
            }
        );
        said.push_str(&training_dates(&made.summary));
        said
    })
}

/// Which reporting date the report shows training by, when the year has
/// dates it leaves out as still incomplete; nothing otherwise.
fn training_dates(summary: &BoardReportSummary) -> String {
    if summary.training_dates_left_out.is_empty() {
        return String::new();
    }
    let left_out: Vec<String> = (summary.training_dates_left_out.iter())
        .map(ToString::to_string)
        .collect();
    let shown = match summary.training_as_of {
        Some(as_of) => format!(
            "Training figures of {as_of}, the last complete reporting date of {}",
            summary.year
        ),
        None => format!("No complete training reporting date in {}", summary.year),
    };
    format!(
        "\n{shown}; left out as still incomplete: {}.",
        left_out.join(", ")
    )
}

/// A narrative read from a file as UTF-8 text; none when no file is named.
/// An empty file is refused: naming one means there is something to say.
fn narrative_file(path: Option<&Path>, flag: &str) -> AppResult<String> {
    let Some(path) = path else {
        return Ok(String::new());
    };
    let bytes = read_file(path, MAX_NARRATIVE_FILE_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        AppError::new(
            ErrorKind::InvalidInput,
            format!(
                "{} is not UTF-8 text. Save it as plain text (UTF-8) and give it with {flag} again.",
                path.display()
            ),
        )
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text).to_owned();
    if text.trim().is_empty() {
        return Err(AppError::new(
            ErrorKind::InvalidInput,
            format!(
                "{} is empty. Write the text in it, or leave {flag} out.",
                path.display()
            ),
        ));
    }
    Ok(text)
}
