//! Plain-text output for people at a terminal. `--json` output is the serde
//! form of the same core types, so scripts never parse this.

use std::collections::HashMap;
use std::fmt::Write;

use prevent_core::catalogue::{EntryKind, entry_label};
use prevent_core::{AssessmentDetail, AssessmentSummary, AuditEntry, Framework, FrameworkSummary};
use prevent_store::SavedAnswer;

pub fn frameworks(summaries: &[FrameworkSummary]) -> String {
    let mut out = String::new();
    for f in summaries {
        let _ = writeln!(
            out,
            "{}  version {}  {} items, {} sub-points, {} checklist entries  {}",
            f.id, f.version, f.item_count, f.sub_point_count, f.checklist_count, f.title
        );
    }
    out
}

pub fn catalogue(framework: &Framework) -> String {
    let mut out = format!(
        "{} ({}, {})\n",
        framework.title, framework.source.publisher, framework.source.published
    );
    let mut section = None;
    let mut in_checklist = false;
    for entry in framework.entries() {
        if entry.section != section && entry.section.is_some() {
            section = entry.section;
            let _ = writeln!(
                out,
                "\nSection {}: {}",
                entry.section.unwrap_or_default(),
                entry.section_title.as_deref().unwrap_or_default()
            );
        }
        if entry.kind == EntryKind::Checklist && !in_checklist {
            in_checklist = true;
            let _ = writeln!(
                out,
                "\n{}\n{}",
                framework.checklist.title, framework.checklist.question
            );
        }
        match entry.kind {
            EntryKind::Item => {
                let _ = writeln!(
                    out,
                    "{:>4}  {} [{}]",
                    entry.id,
                    entry.text,
                    entry.regulations_printed.as_deref().unwrap_or_default()
                );
            }
            EntryKind::SubPoint | EntryKind::Checklist => {
                let _ = writeln!(out, "{:>6}  {}", entry.id, entry.text);
            }
        }
        if let Some(note) = &entry.source_note {
            let _ = writeln!(out, "        Note: {note}");
        }
    }
    out
}

pub fn assessments(summaries: &[AssessmentSummary]) -> String {
    if summaries.is_empty() {
        return "No assessments yet. Start one with `prevent-sa new`.".to_owned();
    }
    let mut out = String::new();
    for s in summaries {
        let a = &s.assessment;
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {} of {} answered",
            a.id, a.assessment_date, a.organisation, a.assessor, s.answered, s.total
        );
    }
    out
}

pub fn assessment(detail: &AssessmentDetail, framework: Option<&Framework>) -> String {
    let a = &detail.assessment;
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
    let _ = writeln!(
        out,
        "Answered:            {} of {}",
        detail.progress.answered, detail.progress.total
    );

    let answers: HashMap<&str, _> = detail
        .answers
        .iter()
        .map(|r| (r.answer.entry_id.as_str(), r))
        .collect();
    let Some(framework) = framework else {
        return out;
    };
    let mut part = None;
    for entry in framework.entries() {
        let heading = match entry.section {
            Some(n) => format!(
                "Section {n}: {}",
                entry.section_title.as_deref().unwrap_or_default()
            ),
            None => framework.checklist.title.clone(),
        };
        if part.as_ref() != Some(&heading) {
            let _ = writeln!(out, "\n{heading}");
            part = Some(heading);
        }
        let label = entry_label(entry.kind, &entry.id);
        match answers.get(entry.id.as_str()) {
            None => {
                let _ = writeln!(out, "  {label}: not answered");
            }
            Some(record) => {
                let answer = &record.answer;
                let _ = writeln!(
                    out,
                    "  {label}: {}  (action required: {})",
                    answer.response.label(),
                    if answer.action_required { "Y" } else { "N" }
                );
                let mut detail_line = |name: &str, value: &str| {
                    if !value.is_empty() {
                        let _ = writeln!(out, "      {name}: {value}");
                    }
                };
                detail_line(
                    "Reason not applicable",
                    answer.na_reason.as_deref().unwrap_or_default(),
                );
                detail_line("Comment", &answer.comment);
                detail_line("Department lead / nominated lead", &answer.lead);
                detail_line(
                    "Date for completion",
                    &answer.due_date.map(|d| d.to_string()).unwrap_or_default(),
                );
                let _ = writeln!(
                    out,
                    "      Last changed {} by {}",
                    record.updated_at.format("%Y-%m-%d %H:%M UTC"),
                    record.updated_by
                );
            }
        }
    }
    out
}

pub fn audit(trail: &[AuditEntry]) -> String {
    let mut out = String::new();
    for e in trail {
        let subject = e
            .entry_id
            .as_deref()
            .map_or_else(|| "assessment".to_owned(), |id| format!("entry {id}"));
        let _ = writeln!(
            out,
            "{:>5}  {}  {}  {} {}: {} -> {}",
            e.seq,
            e.at.format("%Y-%m-%d %H:%M:%S UTC"),
            e.actor,
            subject,
            e.field,
            e.old_value.as_deref().unwrap_or("(none)"),
            e.new_value.as_deref().unwrap_or("(none)")
        );
    }
    out
}

pub fn saved_answer(saved: &SavedAnswer, framework: Option<&Framework>) -> String {
    let answer = &saved.record.answer;
    let subject = framework
        .and_then(|f| f.entry(&answer.entry_id))
        .map_or_else(|| format!("entry {}", answer.entry_id), |e| e.label());
    if saved.changes.is_empty() {
        return format!(
            "No change: {subject} already reads {}",
            answer.response.label()
        );
    }
    let fields: Vec<&str> = saved.changes.iter().map(|c| c.field.as_str()).collect();
    format!(
        "Saved {subject}: {} (action required: {}); changed {}",
        answer.response.label(),
        if answer.action_required { "Y" } else { "N" },
        fields.join(", ")
    )
}
