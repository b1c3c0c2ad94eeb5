//! Plain-text output for people at a terminal. `--json` output is the serde
//! form of the same types the desktop app receives, so scripts never parse
//! this. Entries and responses are named with the framework's own
//! `presentation` words ("Item 3a", "Checklist entry C4", "Partially
//! included"), so nothing here assumes one framework. Plans are listed most
//! urgent first, as the plan view orders them.

use std::collections::HashMap;
use std::fmt::Write;

use prevent_app::training::{ComplianceView, NeedsAnalysis, TrainingView};
use prevent_app::training_import::ImportPreview;
use prevent_app::{AnswerSaved, PlanExportFormat};
use prevent_core::answer::sub_point_range;
use prevent_core::audit::ShownAuditEntry;
use prevent_core::catalogue::EntryKind;
use prevent_core::crosswalk::Crosswalk;
use prevent_core::plan::{ActionStatus, ActionView, GapState, PlanView};
use prevent_core::quarterly::QuarterlyReturn;
use prevent_core::rules::capitalise;
use prevent_core::training::{
    OrganisationAuditEntry, RecordedFigures, TrainingBeside, TrainingGroup, TrainingLevel,
};
use prevent_core::{
    Actor, AnswerRecord, Assessment, AssessmentDetail, AssessmentStatus, AssessmentSummary,
    CatalogueView, EntryReview, Evidence, Finding, Framework, FrameworkSummary, Response,
};

pub fn frameworks(summaries: &[FrameworkSummary]) -> String {
    let mut out = String::new();
    for f in summaries {
        let _ = writeln!(
            out,
            "{}  version {}  {} entries in {} parts, {} sub-points, {} to answer  {}",
            f.id,
            f.version,
            f.entry_count,
            f.part_count,
            f.sub_point_count,
            f.answerable_count,
            f.title
        );
    }
    out
}

/// Every part with its scale, every entry with its sub-points, and where a
/// crosswalk links an entry to another framework.
pub fn catalogue(view: &CatalogueView) -> String {
    let summary = &view.framework;
    let mut out = format!("{} (version {})\n", summary.title, summary.version);
    let _ = writeln!(out, "{}", summary.description);
    let entries: HashMap<&str, _> = view.entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let title_of = |id: &str| {
        view.linked_frameworks
            .iter()
            .find(|f| f.id == id)
            .map_or(id.to_owned(), |f| f.title.clone())
    };
    for part in &view.parts {
        let _ = writeln!(out, "\n{}", part.heading);
        if let Some(intro) = &part.intro {
            let _ = writeln!(out, "{intro}");
        }
        if let Some(scale) = view.scales.iter().find(|s| s.id == part.scale) {
            let choices: Vec<String> = scale
                .choices
                .iter()
                .map(|c| format!("{} ({})", c.value, c.label))
                .collect();
            let _ = writeln!(out, "Responses: {}", choices.join(", "));
        }
        for entry in part
            .entry_ids
            .iter()
            .filter_map(|id| entries.get(id.as_str()))
        {
            match entry.kind {
                EntryKind::Entry => {
                    let _ = match entry.regulations_printed.as_deref() {
                        Some(regulations) => {
                            writeln!(out, "{:>5}  {} [{regulations}]", entry.id, entry.text)
                        }
                        None => writeln!(out, "{:>5}  {}", entry.id, entry.text),
                    };
                    if let (Some(first), Some(last)) =
                        (entry.sub_points.first(), entry.sub_points.last())
                    {
                        let _ = writeln!(
                            out,
                            "        Answered through {first} to {last}: its response is worked out from them."
                        );
                    }
                }
                EntryKind::SubPoint => {
                    let _ = writeln!(out, "{:>7}  {}", entry.id, entry.text);
                }
            }
            if let Some(note) = &entry.source_note {
                let _ = writeln!(out, "        Note: {note}");
            }
            let mut by_framework: Vec<(&str, Vec<String>)> = Vec::new();
            for link in view.links.iter().filter(|l| l.from_entry == entry.id) {
                let named = format!("{} ({})", link.entry_label, link.relationship.as_str());
                match by_framework
                    .iter_mut()
                    .find(|(f, _)| *f == link.framework_id)
                {
                    Some((_, ids)) => ids.push(named),
                    None => by_framework.push((&link.framework_id, vec![named])),
                }
            }
            for (framework, ids) in by_framework {
                let _ = writeln!(
                    out,
                    "        In {}: {}",
                    title_of(framework),
                    ids.join(", ")
                );
            }
        }
    }
    out
}

/// A crosswalk's links, one a line, with its note.
pub fn crosswalk(crosswalk: &Crosswalk, from_title: &str, to_title: &str) -> String {
    let mut out = format!("{}\n{}\n\n", crosswalk.title, crosswalk.note);
    let _ = writeln!(out, "From {from_title} to {to_title}:");
    for link in &crosswalk.links {
        let _ = writeln!(
            out,
            "{:>5} -> {:<6} {:<9} {}",
            link.from,
            link.to,
            link.relationship.as_str(),
            link.rationale
        );
    }
    out
}

pub fn assessments(summaries: &[AssessmentSummary]) -> String {
    if summaries.is_empty() {
        return no_assessments_yet();
    }
    let mut out = String::new();
    for s in summaries {
        let a = &s.assessment;
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {}  {} of {} answered",
            a.id,
            a.assessment_date,
            a.status.label(),
            a.organisation,
            a.assessor,
            s.answered,
            s.total
        );
    }
    out
}

pub fn assessment(detail: &AssessmentDetail, framework: &Framework) -> String {
    let a = &detail.assessment;
    let review = &detail.review;
    let mut out = String::new();
    let _ = writeln!(out, "Organisation:        {}", a.organisation);
    let _ = writeln!(out, "Name of assessor:    {}", a.assessor);
    let _ = writeln!(out, "Date of assessment:  {}", a.assessment_date);
    let _ = writeln!(
        out,
        "Framework:           {} (version {})",
        a.framework_id, a.framework_version
    );
    let _ = writeln!(out, "Assessment id:       {}", a.id);
    let _ = writeln!(out, "Status:              {}", a.status.label());
    let _ = writeln!(
        out,
        "Answered:            {} of {}",
        review.answered, review.total
    );

    let answers: HashMap<&str, &AnswerRecord> = detail
        .answers
        .iter()
        .map(|r| (r.answer.entry_id.as_str(), r))
        .collect();
    for part in framework.parts() {
        match review.parts.iter().find(|p| p.key == part.key) {
            Some(progress) => {
                let _ = writeln!(
                    out,
                    "\n{}  ({} of {} finished)",
                    part.heading, progress.complete, progress.total
                );
            }
            None => {
                let _ = writeln!(out, "\n{}", part.heading);
            }
        }
        for id in &part.entry_ids {
            let Some(entry) = framework.entry(id) else {
                continue;
            };
            let label = entry.label();
            let scale = framework.scale_for(&entry);
            let response_label = |r: Response| scale.label(r).to_owned();
            let entry_review = review.entry(id);
            if entry.is_derived() {
                let range = sub_point_range(entry.sub_points);
                let _ = match entry_review.and_then(|e| e.response) {
                    Some(r) => writeln!(
                        out,
                        "  {label}: {} (worked out from {range})",
                        response_label(r)
                    ),
                    None => writeln!(out, "  {label}: not worked out yet (answer {range})"),
                };
            } else {
                match answers.get(id.as_str()) {
                    None => {
                        let _ = writeln!(out, "  {label}: not answered");
                    }
                    Some(record) => answer_lines(&mut out, &label, record, &response_label),
                }
            }
            if let Some(training) = detail
                .training
                .as_ref()
                .filter(|t| t.entries.iter().any(|e| e == id))
            {
                training_beside(&mut out, training, id, &response_label);
            }
            for evidence in detail.evidence.iter().filter(|e| e.entry_id == *id) {
                let _ = writeln!(
                    out,
                    "      Evidence {} (id {})",
                    evidence_summary(evidence),
                    evidence.id
                );
            }
        }
    }

    findings(
        &mut out,
        "To finish before it can be marked complete",
        &review.blocking,
    );
    findings(&mut out, "To check", &review.warnings);
    if review.blocking.is_empty() && a.status == AssessmentStatus::InProgress {
        let _ = writeln!(
            out,
            "\nNothing is missing: mark it complete with `prevent-sa complete {}`.",
            a.id
        );
    }
    out
}

/// The organisation's latest training figures under an entry that shows
/// them, with the response they propose for the entry that asks.
fn training_beside(
    out: &mut String,
    training: &TrainingBeside,
    entry_id: &str,
    response_label: &dyn Fn(Response) -> String,
) {
    let report = &training.report;
    let levels: Vec<String> = report
        .levels
        .iter()
        .map(|l| {
            format!(
                "{} {} ({} / {})",
                l.level.label(),
                l.compliance.percent_text(),
                l.compliance.in_date,
                l.compliance.headcount
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "      Training figures of {}: {}",
        report.as_of,
        levels.join("; ")
    );
    if training.proposed_for.as_deref() == Some(entry_id)
        && let Some(proposal) = &training.proposal
    {
        let _ = writeln!(
            out,
            "      Proposed response: {}. {}",
            response_label(proposal.response),
            proposal.reason
        );
    }
}

fn answer_lines(
    out: &mut String,
    label: &str,
    record: &AnswerRecord,
    response_label: &dyn Fn(Response) -> String,
) {
    let answer = &record.answer;
    let _ = writeln!(
        out,
        "  {label}: {}  (action required: {})",
        answer
            .response
            .map_or_else(|| "no response yet".to_owned(), response_label),
        yes_no(answer.action_required)
    );
    let mut line = |name: &str, value: &str| {
        if !value.is_empty() {
            let _ = writeln!(out, "      {name}: {value}");
        }
    };
    if answer.response == Some(Response::Na) {
        line(
            "Reason not applicable",
            answer.na_reason.as_deref().unwrap_or_default(),
        );
    }
    line("Comment", &answer.comment);
    line("Department lead / nominated lead", &answer.lead);
    line("Date for completion", &date(answer.due_date));
    line("Policy name or reference", &answer.policy_ref);
    line("Policy review date", &date(answer.review_date));
    let _ = writeln!(
        out,
        "      Last changed {} by {}",
        record.updated_at.format("%Y-%m-%d %H:%M UTC"),
        record.updated_by
    );
}

fn findings(out: &mut String, heading: &str, list: &[Finding]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{heading} ({}):", list.len());
    for finding in list {
        let _ = writeln!(out, "  - {}", finding.message);
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "Y" } else { "N" }
}

fn date(value: Option<chrono::NaiveDate>) -> String {
    value.map(|d| d.to_string()).unwrap_or_default()
}

/// A person as the audit trail shows them: "Sam Lee (Prevent lead)".
fn who(name: &str, role: &str) -> String {
    if role.is_empty() {
        name.to_owned()
    } else {
        format!("{name} ({role})")
    }
}

pub fn audit(trail: &[ShownAuditEntry]) -> String {
    let mut out = String::new();
    for e in trail.iter().map(|shown| &shown.entry) {
        let subject = e
            .entry_id
            .as_deref()
            .map_or_else(|| "assessment".to_owned(), |id| format!("entry {id}"));
        audit_line(
            &mut out,
            AuditLine {
                seq: e.seq,
                at: e.at,
                who: who(&e.actor, &e.actor_role),
                subject,
                field: &e.field,
                old_value: e.old_value.as_deref(),
                new_value: e.new_value.as_deref(),
            },
        );
    }
    out
}

/// One row of an audit trail, as its line shows it.
struct AuditLine<'a> {
    seq: i64,
    at: chrono::DateTime<chrono::Utc>,
    who: String,
    subject: String,
    field: &'a str,
    old_value: Option<&'a str>,
    new_value: Option<&'a str>,
}

/// "    3  2026-11-21 09:00:00 UTC  Sam Lee (Prevent lead)  entry 4 lead: (none) -> A".
fn audit_line(out: &mut String, line: AuditLine<'_>) {
    let _ = writeln!(
        out,
        "{:>5}  {}  {}  {} {}: {} -> {}",
        line.seq,
        line.at.format("%Y-%m-%d %H:%M:%S UTC"),
        line.who,
        line.subject,
        line.field,
        line.old_value.unwrap_or("(none)"),
        line.new_value.unwrap_or("(none)")
    );
}

/// The quarterly summary as lines: the figures by reporting date, then
/// what people supplied, then the readings.
pub fn quarterly(summary: &QuarterlyReturn) -> String {
    let mut out = format!(
        "Quarterly summary of {} for {}\n",
        summary.organisation, summary.quarter_label
    );
    if summary.latest.is_none() {
        out.push_str("No training figures are recorded for a reporting date in this quarter.\n");
    }
    for row in &summary.rows {
        let _ = match row.reporting_date {
            Some(date) => writeln!(out, "  {date}  {}: {}", row.measure, row.value),
            None => writeln!(out, "  {}: {}", row.measure, row.value),
        };
    }
    out.push_str("\nHow this summary is read:\n");
    for reading in &summary.readings {
        let _ = writeln!(out, "- {reading}");
    }
    out
}

/// An organisation's own audit trail, a line a row, oldest first.
pub fn organisation_audit(trail: &[OrganisationAuditEntry]) -> String {
    let mut out = String::new();
    for e in trail {
        let subject = match &e.entry_id {
            Some(id) => format!("{} {id}", e.entity.as_str().replace('_', " ")),
            None => e.entity.as_str().replace('_', " "),
        };
        audit_line(
            &mut out,
            AuditLine {
                seq: e.seq,
                at: e.at,
                who: who(&e.actor, &e.actor_role),
                subject,
                field: &e.field,
                old_value: e.old_value.as_deref(),
                new_value: e.new_value.as_deref(),
            },
        );
    }
    if trail.is_empty() {
        out.push_str("Nothing recorded yet.\n");
    }
    out
}

/// How an entry is named mid-sentence: "item 4", "checklist entry C4".
pub fn subject(framework: &Framework, entry_id: &str) -> String {
    framework
        .entry(entry_id)
        .map_or_else(|| format!("entry {entry_id}"), |e| lower_first(&e.label()))
}

pub fn saved_answer(saved: &AnswerSaved, framework: &Framework) -> String {
    let answer = &saved.record.answer;
    let subject = subject(framework, &answer.entry_id);
    let response = match (answer.response, framework.entry(&answer.entry_id)) {
        (Some(r), Some(entry)) => framework.scale_for(&entry).label(r).to_owned(),
        (Some(r), None) => r.as_str().to_owned(),
        (None, _) => "no response yet".to_owned(),
    };
    if !saved.changed {
        return format!("No change: {subject} already reads {response}");
    }
    format!(
        "Saved {subject}: {response} (action required: {})",
        yes_no(answer.action_required)
    )
}

/// The entry's remaining findings, gaps first.
pub fn entry_findings(review: Option<&EntryReview>) -> Vec<&Finding> {
    let mut list: Vec<&Finding> = review
        .map(|e| e.findings.iter().collect())
        .unwrap_or_default();
    list.sort_by_key(|f| !f.blocks_completion);
    list
}

pub fn completed(assessment: &Assessment) -> String {
    format!(
        "Marked complete: {} ({}, {}). It can no longer be changed unless it is reopened with `prevent-sa reopen {}`.",
        assessment.organisation, assessment.assessment_date, assessment.id, assessment.id
    )
}

pub fn reopened(assessment: &Assessment) -> String {
    format!(
        "Reopened: {} ({}, {}). It is in progress and can be changed again.",
        assessment.organisation, assessment.assessment_date, assessment.id
    )
}

/// `"Title" at <location>; file <name> (2.4 KB, SHA-256 <hex>); added <time> by <name>`.
fn evidence_summary(e: &Evidence) -> String {
    let mut text = format!("\"{}\"", e.title);
    if !e.location.is_empty() {
        let _ = write!(text, " at {}", e.location);
    }
    if let Some(file) = &e.file {
        let _ = write!(
            text,
            "; file {} ({}, SHA-256 {})",
            file.name, file.size_text, file.sha256
        );
    }
    let _ = write!(
        text,
        "; added {} by {}",
        e.added_at.format("%Y-%m-%d %H:%M UTC"),
        e.added_by
    );
    text
}

pub fn evidence_list(list: &[Evidence], framework: &Framework) -> String {
    if list.is_empty() {
        return "No evidence recorded yet. Add some with `prevent-sa evidence add`.".to_owned();
    }
    let mut out = String::new();
    for e in list {
        let _ = writeln!(
            out,
            "{}  {}  {}",
            e.id,
            capitalise(&subject(framework, &e.entry_id)),
            evidence_summary(e)
        );
    }
    out
}

/// The new evidence's id alone on the first line (for scripts), then its file.
pub fn evidence_added(e: &Evidence) -> String {
    let mut out = e.id.to_string();
    if let Some(file) = &e.file {
        let _ = write!(
            out,
            "\nSHA-256 {}  {} ({})",
            file.sha256, file.name, file.size_text
        );
    }
    out
}

pub fn user(user: Option<&Actor>) -> String {
    match user {
        Some(actor) => format!(
            "Name: {}\nRole: {}\nChanges made here are recorded under this name unless --by says otherwise.",
            actor.name, actor.role
        ),
        None => "Nobody is recorded for this installation. Record yourself with `prevent-sa user set --name NAME --role ROLE`; until then changes are recorded under --by or your login name.".to_owned(),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

pub fn no_assessments_yet() -> String {
    "No assessments yet. Start one with `prevent-sa new`.".to_owned()
}

/// The effective priority, saying when being overdue raised it: "High (overdue, raised from low)".
fn priority_text(view: &ActionView) -> String {
    let shown = view.effective_priority.label();
    if !view.overdue {
        shown.to_owned()
    } else if view.effective_priority != view.action.priority {
        format!(
            "{shown} (overdue, raised from {})",
            view.action.priority.as_str()
        )
    } else {
        format!("{shown} (overdue)")
    }
}

fn status_text(view: &ActionView) -> String {
    if view.gap_closed_to_confirm {
        format!(
            "{} (gap closed: confirm by completing it)",
            view.action.status.label()
        )
    } else {
        view.action.status.label().to_owned()
    }
}

fn owners_text(owners: &str) -> &str {
    if owners.trim().is_empty() {
        "no one named yet"
    } else {
        owners.trim()
    }
}

fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n: u64 = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The plan as a list, most urgent first: a line per action with where it
/// comes from, its priority, status, date and owners, then the action and its id.
pub fn plan(view: &PlanView, dashboard: bool) -> String {
    let mut out = String::new();
    if !dashboard && let Some(first) = view.actions.first() {
        let _ = writeln!(
            out,
            "Action plan: {}, assessment of {}",
            first.organisation, first.assessment_date
        );
    }
    if view.actions.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            if view.filter.is_empty() {
                "No actions: no answer needs action yet."
            } else {
                "No action matches the filter."
            }
        );
        return out;
    }
    let counts = &view.counts;
    let _ = writeln!(
        out,
        "{}: {} open, {} overdue, {} due in the next 30 days (today is {})",
        plural(counts.total, "action", "actions"),
        counts.open,
        counts.overdue,
        counts.due_soon,
        view.today
    );
    for action in &view.actions {
        let a = &action.action;
        let _ = writeln!(out);
        if dashboard {
            let _ = write!(
                out,
                "{} ({})  ",
                action.organisation, action.assessment_date
            );
        }
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {}",
            action.source_label,
            priority_text(action),
            status_text(action),
            a.due
                .map_or_else(|| "no date".to_owned(), |d| format!("due {d}")),
            owners_text(&a.owners)
        );
        let _ = writeln!(
            out,
            "    {}",
            a.action.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        let _ = writeln!(out, "    id {}", a.id);
    }
    out
}

/// A multi-line value, its later lines indented under the first.
fn block(value: &str, indent: usize) -> String {
    value
        .lines()
        .collect::<Vec<_>>()
        .join(&format!("\n{}", " ".repeat(indent)))
}

/// One action in full.
pub fn action(view: &ActionView) -> String {
    let a = &view.action;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {}, assessment of {}",
        view.source_label, view.organisation, view.assessment_date
    );
    let mut line = |name: &str, value: &str| {
        if !value.is_empty() {
            let _ = writeln!(out, "{name:<18} {}", block(value, 19));
        }
    };
    line("Action id:", &a.id.to_string());
    line("Objective:", &a.objective);
    line("Action required:", &a.action);
    line("Priority:", &priority_text(view));
    line("Why:", &view.why.summary);
    line("Status:", &status_text(view));
    line(
        "Deferred because:",
        a.deferred_reason.as_deref().unwrap_or_default(),
    );
    line("Completion date:", &date(a.due));
    line("Responsible:", owners_text(&a.owners));
    line("Department:", a.department.trim());
    let completed = match (a.status, a.completed_on, &a.signed_off_by) {
        (ActionStatus::Completed, Some(on), Some(by)) => format!("Y, {on}, {by}"),
        (ActionStatus::Completed, _, _) => "Y".to_owned(),
        _ => "N".to_owned(),
    };
    line("Completed:", &completed);
    if !a.notes.is_empty() {
        let _ = writeln!(out, "Progress notes:");
        for note in &a.notes {
            let _ = writeln!(
                out,
                "  {} {}: {}",
                note.at.format("%Y-%m-%d"),
                note.by,
                block(&note.text, 4)
            );
        }
    }
    out
}

/// What `action update` and `action complete` did, then the action as it now reads.
pub fn action_changed(before: &ActionView, after: &ActionView, done: &str) -> String {
    if before.action == after.action {
        return format!(
            "No change: {} already reads so.\n\n{}",
            lower_first(&after.source_label),
            action(after)
        );
    }
    format!(
        "{done} the action for {}.\n\n{}",
        lower_first(&after.source_label),
        action(after)
    )
}

/// Where an exported plan went.
pub fn plan_saved(view: &PlanView, format: PlanExportFormat, path: &std::path::Path) -> String {
    match format {
        PlanExportFormat::Ics => {
            let events = view
                .actions
                .iter()
                .filter(|v| {
                    v.action.status.is_open()
                        && v.action.gap == GapState::Open
                        && v.action.due.is_some()
                })
                .count();
            format!(
                "Saved {} to {}",
                plural(
                    u32::try_from(events).unwrap_or(u32::MAX),
                    "due date of an open action",
                    "due dates of open actions"
                ),
                path.display()
            )
        }
        PlanExportFormat::Csv | PlanExportFormat::Xlsx => format!(
            "Saved the action plan ({}) to {}",
            plural(view.counts.total, "action", "actions"),
            path.display()
        ),
    }
}

/// "1 year", "3 years".
pub fn years(n: u32) -> String {
    plural(n, "year", "years")
}

/// How a level is named in a sentence: "level 1-2 (basic Prevent awareness)".
fn level_name(level: TrainingLevel) -> &'static str {
    match level {
        TrainingLevel::Basic => "level 1-2 (basic Prevent awareness)",
        TrainingLevel::Level3 => "level 3",
    }
}

pub fn training_group_set(group: &TrainingGroup, organisation: &str) -> String {
    format!(
        "{} needs {} in the training needs analysis of {organisation}.",
        group.name,
        level_name(group.level)
    )
}

pub fn training_needs(needs: &NeedsAnalysis) -> String {
    let mut out = format!(
        "Training needs analysis of {} (training stays in date for {})\n",
        needs.organisation,
        years(needs.validity_years)
    );
    if needs.groups.is_empty() {
        out.push_str("No staff groups yet: add them with `prevent-sa training group set`.\n");
    }
    for (index, group) in needs.groups.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>3}. {}: {}",
            index + 1,
            group.name,
            level_name(group.level)
        );
    }
    out
}

/// "38 / 40 in date, 95.0%, meets the 85% target" or "… below it: 3 more staff".
fn compliance_line(c: &ComplianceView) -> String {
    let verdict = match c.meets_target {
        Some(true) => "meets target: yes, shortfall: 0".to_owned(),
        Some(false) => format!(
            "meets target: no, shortfall: {}",
            plural(c.shortfall, "more member of staff", "more staff")
        ),
        None => "no staff to count".to_owned(),
    };
    format!(
        "{} / {} in date, {}, {verdict}",
        c.in_date, c.headcount, c.percent_text
    )
}

pub fn figures_recorded(recorded: &RecordedFigures, organisation: &str) -> String {
    let f = &recorded.figures;
    format!(
        "Recorded for {organisation} on {}: {} (level {}): {}",
        recorded.as_of,
        f.group,
        f.level.as_str(),
        compliance_line(&f.compliance().into())
    )
}

/// The most malformed rows listed in the terminal; `--json` lists them all.
const MALFORMED_ROWS_SHOWN: usize = 50;

/// An import's counts, before (`saved` false) or after it is saved.
pub fn import_preview(preview: &ImportPreview, saved: bool) -> String {
    let counts = &preview.counts;
    let mut out = format!(
        "{} {} for {} on {} (SHA-256 {})\nMapping: {}{}\n{} read, {} counted: {}.\n\n",
        if saved { "Imported" } else { "Counted" },
        preview.file_name,
        preview.organisation,
        preview.as_of,
        preview.sha256,
        preview.mapping.describe(),
        if preview.mapping_remembered {
            " (as remembered from the last import)"
        } else {
            ""
        },
        plural(counts.rows_read, "row", "rows"),
        plural(counts.rows_counted, "row", "rows"),
        plural(counts.people_counted, "person", "people"),
    );
    // The groups counted, then those left as they were.
    let counted = counts.figures.iter().map(|f| {
        let line = compliance_line(&f.compliance().into());
        (&f.group, f.level, line)
    });
    let unchanged = (counts.unchanged.iter()).map(|u| (&u.group, u.level, u.reason.clone()));
    for (group, level, words) in counted.chain(unchanged) {
        let _ = writeln!(out, "  {group} (level {}): {words}", level.as_str());
    }
    if !counts.malformed.is_empty() {
        let _ = writeln!(
            out,
            "\n{} to check:",
            plural(counts.malformed.len() as u64, "row", "rows")
        );
        for row in counts.malformed.iter().take(MALFORMED_ROWS_SHOWN) {
            let _ = writeln!(out, "  line {}: {}", row.line, row.reason);
        }
        if counts.malformed.len() > MALFORMED_ROWS_SHOWN {
            let _ = writeln!(
                out,
                "  and {} more (--json lists them all)",
                counts.malformed.len() - MALFORMED_ROWS_SHOWN
            );
        }
    }
    out.push_str(if saved {
        "\nSaved: these counts are now the figures of their groups for that reporting date (a group the file counts nobody in keeps its figures), and the mapping is remembered for the next import.\n"
    } else {
        "\nNothing saved (--dry-run).\n"
    });
    out.push_str("\nHow this file was read:\n");
    for reading in &preview.readings {
        let _ = writeln!(out, "- {reading}");
    }
    out
}

pub fn training_view(view: &TrainingView) -> String {
    let mut out = format!(
        "Training compliance of {} against the {}% minimum (training stays in date for {})\n",
        view.organisation,
        view.target_percent,
        years(view.validity_years)
    );
    match (view.as_of, &view.overall) {
        (Some(as_of), Some(overall)) => {
            let _ = writeln!(out, "Reporting date: {as_of}\n");
            for level in &view.levels {
                let _ = writeln!(
                    out,
                    "{}: {}",
                    level.label,
                    compliance_line(&level.compliance)
                );
            }
            let _ = writeln!(out, "Overall: {}", compliance_line(overall));
            out.push_str("\nStaff groups, below target first:\n");
            for group in &view.groups {
                let _ = writeln!(
                    out,
                    "  {} (level {}): {}",
                    group.group,
                    group.level.as_str(),
                    compliance_line(&group.compliance)
                );
            }
            for name in &view.groups_without_figures {
                let _ = writeln!(out, "  {name}: no figures for {as_of}");
            }
        }
        _ => out
            .push_str("No figures recorded yet: record them with `prevent-sa training record`.\n"),
    }
    if view.trend.len() > 1 {
        out.push_str("\nTrend:\n");
        for point in &view.trend {
            let levels: Vec<String> = point
                .levels
                .iter()
                .map(|l| format!("level {} {}", l.level.as_str(), l.compliance.percent_text))
                .collect();
            let _ = writeln!(
                out,
                "  {}  overall {}  {}",
                point.as_of,
                point.overall.percent_text,
                levels.join("  ")
            );
        }
    }
    out.push_str("\nHow these figures are read:\n");
    for reading in &view.readings {
        let _ = writeln!(out, "- {reading}");
    }
    out
}
