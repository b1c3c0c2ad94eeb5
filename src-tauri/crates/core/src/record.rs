//! The record: everything an assessment's report shows, in one canonical
//! serialisation.
//!
//! A report is rendered from a record and nothing else, and a sealed PDF
//! carries its record as an attached file. That is what lets anyone check a
//! PDF later: the record's SHA-256 must match the digest printed on the pages
//! and signed with them, and rendering the record again must give the same
//! pages. The record holds the framework's own wording and layout, so a report
//! sealed today can still be rebuilt when a later framework file corrects a
//! transcription.
//!
//! Canonical means: UTF-8 JSON, fields in the order declared here, no maps, no
//! insignificant whitespace. serde_json writes structs in declaration order,
//! so the same record always gives the same bytes.

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use ts_rs::TS;

use crate::answer::{Answer, AnswerRecord};
use crate::assessment::{Actor, Assessment, AssessmentStatus};
use crate::audit::AuditEntry;
use crate::catalogue::Response;
use crate::catalogue::{EntryKind, Framework, v2};
use crate::derive::derived_response;
use crate::evidence::Evidence;
use crate::plan::view::effective_priority;
use crate::plan::{Action, ActionStatus, GapState, Priority};
use crate::rules::{RuleError, TextField, long_time};

pub mod training;

use training::RecordTraining;

/// The record format this build writes. A record of a format it does not
/// know is refused rather than guessed at.
///
/// - Format 2 names the report layout the record is drawn with, and says of
///   each sign-off when it was recorded in the app and by whom.
/// - Format 1 (records sealed before format 2) has neither: its reports were
///   all drawn with layout 1, and each sign-off was recorded when it was made.
/// - Format 3 carries its framework in framework schema 3 (any parts, any
///   scale); formats 1 and 2 carry it in the frozen shape of schema 2.
pub const RECORD_FORMAT: &str = "prevent-self-assessment/record/3";

/// The second record format, still read: layout 2 on, framework schema 2.
pub const RECORD_FORMAT_2: &str = "prevent-self-assessment/record/2";

/// The first record format, still read (and drawn with layout 1).
pub const RECORD_FORMAT_1: &str = "prevent-self-assessment/record/1";

/// The attached file's name inside a PDF.
pub const RECORD_FILE_NAME: &str = "assessment-record.json";

/// Everything a report shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRecord {
    /// [`RECORD_FORMAT`], or [`RECORD_FORMAT_1`] for a record sealed before it.
    pub format: String,
    /// The report layout this record is drawn with (format 2 on; absent in
    /// format 1, whose reports were all drawn with layout 1). It is sealed
    /// with the record, so checking a PDF redraws it with the layout it was
    /// signed with, never one the file itself claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<u32>,
    pub assessment: RecordHeader,
    /// The whole framework as loaded: its wording, columns and labels are the
    /// report's layout.
    pub framework: RecordFramework,
    /// One per entry answered, in the framework's reading order. An item
    /// answered through sub-points carries its derived response.
    pub answers: Vec<Answer>,
    pub evidence: Vec<RecordEvidence>,
    /// The action plan, in the plan's order (effective priority, then date).
    pub actions: Vec<RecordAction>,
    /// Training compliance as the assessment showed it when the record was
    /// made: only for a framework that shows training figures. Absent from
    /// records sealed before the record carried it, which stay as they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training: Option<RecordTraining>,
    /// Everyone who has signed it off so far, in the order they signed.
    /// Empty for a draft.
    pub signatories: Vec<Signatory>,
    /// The audit trail, oldest first: the report's appendix. Each row's
    /// link in the hash chain is in the database; the head seals them all.
    pub audit: Vec<RecordAuditRow>,
    /// The hash of the audit trail's last row: the head of its chain.
    pub audit_head: String,
    /// As at when the report speaks: the latest sign-off, or for a draft the
    /// moment it was exported. Overdue is judged on this date.
    pub prepared_at: DateTime<Utc>,
}

/// The framework a record carries, in the shape it was sealed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordFramework {
    /// Framework schema 3: record format 3 on.
    Current(Framework),
    /// The frozen schema 2 of formats 1 and 2, written back out as it was
    /// read, with the same framework in today's shape to draw it from.
    Schema2 {
        sealed: Box<v2::Framework>,
        current: Framework,
    },
}

impl RecordFramework {
    /// The framework in today's shape.
    pub fn get(&self) -> &Framework {
        match self {
            RecordFramework::Current(framework) => framework,
            RecordFramework::Schema2 { current, .. } => current,
        }
    }

    fn is_schema_2(&self) -> bool {
        matches!(self, RecordFramework::Schema2 { .. })
    }
}

impl Serialize for RecordFramework {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            RecordFramework::Current(framework) => framework.serialize(serializer),
            RecordFramework::Schema2 { sealed, .. } => sealed.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for RecordFramework {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Current(Box<Framework>),
            Schema2(Box<v2::Framework>),
        }
        match Either::deserialize(deserializer)? {
            Either::Current(framework) => Ok(RecordFramework::Current(*framework)),
            Either::Schema2(sealed) => {
                let current = sealed.to_current().map_err(serde::de::Error::custom)?;
                Ok(RecordFramework::Schema2 { sealed, current })
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordHeader {
    pub id: Uuid,
    pub organisation: String,
    pub assessor: String,
    pub assessment_date: NaiveDate,
    pub status: AssessmentStatus,
    /// 1 for a first assessment; a new version of a sealed one counts on.
    pub version: u32,
    /// The sealed assessment this one is a new version of.
    pub previous_version: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordEvidence {
    pub entry_id: String,
    pub title: String,
    pub location: String,
    pub file_name: Option<String>,
    pub file_size: Option<u64>,
    /// Lower-case hex SHA-256 of the attached file.
    pub file_sha256: Option<String>,
    pub added_at: DateTime<Utc>,
    pub added_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordAction {
    /// "Item 3b", "Checklist entry C4".
    pub source: String,
    pub objective: String,
    pub action: String,
    pub priority: Priority,
    pub status: ActionStatus,
    pub deferred_reason: Option<String>,
    pub owners: String,
    pub department: String,
    pub due: Option<NaiveDate>,
    pub gap: GapState,
    pub completed_on: Option<NaiveDate>,
    pub signed_off_by: Option<String>,
}

crate::plan::view::tracked!(RecordAction);

/// A person who signed an assessment off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    pub name: String,
    pub role: String,
    /// When they signed: the time it was recorded, or earlier when they
    /// signed on paper and it was recorded later.
    pub signed_at: DateTime<Utc>,
    /// When and by whom it was recorded in the app (format 2 on; absent for
    /// sign-offs recorded before, which were recorded as they were made by
    /// the person named in the audit trail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub recorded: Option<Recording>,
}

/// Who recorded a sign-off in the app, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Recording {
    /// The real time it was recorded (never backdated).
    pub at: DateTime<Utc>,
    /// The person using the app.
    pub by: String,
    pub by_role: String,
    /// They are not the signatory, and confirmed they were recording the
    /// sign-off on the signatory's behalf.
    pub on_behalf: bool,
}

impl Signatory {
    /// When the sign-off was recorded: as given, or for a format 1 record
    /// the signing time, which was the recording time then.
    pub fn recorded_at(&self) -> DateTime<Utc> {
        self.recorded.as_ref().map_or(self.signed_at, |r| r.at)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordAuditRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub actor_role: String,
    /// `assessment`, `answer`, `evidence`, `action`, `sign_off`.
    pub entity: String,
    pub entry_id: Option<String>,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// A record that cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("the attached record is not valid: {0}")]
    Malformed(String),
    #[error("the attached record is in format `{found}`, which this version cannot read")]
    UnknownFormat { found: String },
}

impl AssessmentRecord {
    /// The canonical serialisation: the bytes that are hashed and attached.
    pub fn to_canonical_json(&self) -> Vec<u8> {
        // Serialising plain structs, strings, numbers and dates cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads a record back from its canonical bytes.
    pub fn from_canonical_json(bytes: &[u8]) -> Result<AssessmentRecord, RecordError> {
        #[derive(Deserialize)]
        struct FormatOnly {
            format: String,
        }
        let format: FormatOnly =
            serde_json::from_slice(bytes).map_err(|e| RecordError::Malformed(e.to_string()))?;
        let first = match format.format.as_str() {
            RECORD_FORMAT | RECORD_FORMAT_2 => false,
            RECORD_FORMAT_1 => true,
            _ => {
                return Err(RecordError::UnknownFormat {
                    found: format.format,
                });
            }
        };
        let record: AssessmentRecord =
            serde_json::from_slice(bytes).map_err(|e| RecordError::Malformed(e.to_string()))?;
        // Format 1 names no layout (it was drawn with layout 1) and no one
        // who recorded a sign-off. Format 2 on names a layout of 2 or later;
        // its sign-offs say who recorded them, except those recorded before
        // format 2 on an assessment signed off again since. Formats 1 and 2
        // carry a framework of schema 2, format 3 one of schema 3.
        let consistent = if first {
            record.layout.is_none() && record.signatories.iter().all(|s| s.recorded.is_none())
        } else {
            record.layout.is_some_and(|layout| layout >= 2)
                && record
                    .signatories
                    .last()
                    .is_none_or(|s| s.recorded.is_some())
        };
        if !consistent {
            return Err(RecordError::Malformed(format!(
                "a record in format `{}` {}",
                record.format,
                if first {
                    "names a layout or who recorded a sign-off, which that format does not"
                } else {
                    "must name a layout of 2 or later, and who recorded its latest sign-off"
                }
            )));
        }
        if record.training.is_some() && !training::shows_training(record.framework()) {
            return Err(RecordError::Malformed(
                "it carries training figures, but its framework shows none".to_owned(),
            ));
        }
        if record.framework.is_schema_2() != (record.format != RECORD_FORMAT) {
            return Err(RecordError::Malformed(format!(
                "a record in format `{}` carries its framework in the other format's shape",
                record.format
            )));
        }
        Ok(record)
    }

    /// Whether it is in the first format (sealed before format 2).
    pub fn is_first_format(&self) -> bool {
        self.format == RECORD_FORMAT_1
    }

    /// The report layout it is drawn with: as named, or 1 for format 1.
    pub fn layout(&self) -> u32 {
        self.layout.unwrap_or(1)
    }

    /// The time its PDF is signed at: when the latest sign-off was recorded
    /// (the record was made then), or for a draft when it was exported.
    pub fn signing_time(&self) -> DateTime<Utc> {
        self.prepared_at
    }

    /// Lower-case hex SHA-256 of the canonical serialisation.
    pub fn digest(&self) -> String {
        sha256_hex(&self.to_canonical_json())
    }

    /// Whether anyone has signed it off: a signed record is sealed.
    pub fn is_signed(&self) -> bool {
        !self.signatories.is_empty()
    }

    /// The day overdue is judged on.
    pub fn as_at(&self) -> NaiveDate {
        self.prepared_at.date_naive()
    }

    /// The framework, in today's shape whatever shape it was sealed in.
    pub fn framework(&self) -> &Framework {
        self.framework.get()
    }

    pub fn answer(&self, entry_id: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.entry_id == entry_id)
    }

    /// The figures of the report's summary page.
    pub fn summary(&self) -> RecordSummary {
        let framework = self.framework();
        let mut parts: Vec<PartCounts> = Vec::new();
        for entry in framework.entry_list() {
            // Entries answered through sub-points are counted through them,
            // as the review counts them.
            if entry.kind == EntryKind::Entry && !entry.sub_points.is_empty() {
                continue;
            }
            let index = match parts.iter().position(|p| p.key == entry.part_key) {
                Some(i) => i,
                None => {
                    parts.push(PartCounts {
                        key: entry.part_key.clone(),
                        heading: framework
                            .part(&entry.part_key)
                            .map(|p| p.short_heading().to_owned())
                            .unwrap_or_default(),
                        yes: 0,
                        partial: 0,
                        no: 0,
                        na: 0,
                        unanswered: 0,
                    });
                    parts.len() - 1
                }
            };
            let part = &mut parts[index];
            match self.answer(&entry.id).and_then(|a| a.response) {
                Some(Response::Yes) => part.yes += 1,
                Some(Response::Partial) => part.partial += 1,
                Some(Response::No) => part.no += 1,
                Some(Response::Na) => part.na += 1,
                None => part.unanswered += 1,
            }
        }
        let today = self.as_at();
        let mut actions = Vec::new();
        for priority in Priority::ALL {
            for status in ActionStatus::ALL {
                let count = self
                    .actions
                    .iter()
                    .filter(|a| a.priority == priority && a.status == status)
                    .count() as u32;
                actions.push(ActionCount {
                    priority,
                    status,
                    count,
                });
            }
        }
        RecordSummary {
            parts,
            actions,
            overdue: self
                .actions
                .iter()
                .filter(|a| crate::plan::view::is_overdue(*a, today))
                .count() as u32,
            total_actions: self.actions.len() as u32,
        }
    }
}

/// The report's summary figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSummary {
    /// Responses per part (each section, then the checklist), in reading order.
    pub parts: Vec<PartCounts>,
    /// Actions by stored priority and status: every pair, zeros included.
    pub actions: Vec<ActionCount>,
    pub overdue: u32,
    pub total_actions: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartCounts {
    pub key: String,
    pub heading: String,
    pub yes: u32,
    pub partial: u32,
    pub no: u32,
    pub na: u32,
    pub unanswered: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionCount {
    pub priority: Priority,
    pub status: ActionStatus,
    pub count: u32,
}

/// The framework as a report needs it: the source's wording, columns and
/// labels. The product's own guidance prompts (shown beside questions on
/// screen, never in a report) are left out: they are not what is assessed.
fn without_guidance(framework: &Framework) -> Framework {
    let mut framework = framework.clone();
    for part in &mut framework.parts {
        for entry in &mut part.entries {
            entry.guidance = None;
            for sub_point in &mut entry.sub_points {
                sub_point.guidance = None;
            }
        }
    }
    framework
}

pub use crate::digest::{hex, sha256_hex};

/// The signatory's name on a sign-off.
pub const SIGNATORY_NAME: TextField =
    TextField::line("name", "the name of the person signing off", 200);
/// The signatory's role on a sign-off.
pub const SIGNATORY_ROLE: TextField = TextField::line("role", "their role", 200);

/// What a person submits to sign an assessment off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignOffInput {
    pub name: String,
    /// e.g. "Accountable Prevent lead", "Assessor".
    pub role: String,
    /// The person using the app confirms they are recording the sign-off on
    /// the signatory's behalf: required when they are someone else.
    #[serde(default)]
    pub on_behalf: bool,
    /// When the signatory signed, if before now (they signed on paper and it
    /// is recorded later); `None` for now. Never in the future, never before
    /// the assessment was marked complete.
    #[serde(default)]
    pub signed_at: Option<DateTime<Utc>>,
}

/// What a sign-off is checked against besides its input.
pub struct SignOffContext<'a> {
    pub assessment: &'a Assessment,
    /// Those who signed before, in order.
    pub signed_before: &'a [Signatory],
    /// The person using the app, who records it.
    pub recorder: &'a Actor,
    /// When it is recorded: now, to the second.
    pub now: DateTime<Utc>,
    /// When the assessment was last marked complete.
    pub completed_at: Option<DateTime<Utc>>,
}

/// Whether two names are the same person's as typed: letters compared
/// without case, runs of spaces as one.
pub fn same_name(a: &str, b: &str) -> bool {
    let fold = |name: &str| {
        name.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    fold(a) == fold(b)
}

impl SignOffInput {
    /// Checks the sign-off against the assessment and those who signed
    /// before: only a complete assessment that has no newer version, each
    /// person once, recorded on someone else's behalf only when the
    /// recorder says so, and signed neither in the future nor before the
    /// assessment was complete.
    pub fn validate(&self, context: &SignOffContext<'_>) -> Result<Signatory, RuleError> {
        let name = SIGNATORY_NAME.required(&self.name)?;
        let role = SIGNATORY_ROLE.required(&self.role)?;
        let assessment = context.assessment;
        if assessment.status != AssessmentStatus::Complete {
            return Err(RuleError::SignOffNeedsComplete);
        }
        if let Some(next) = assessment.next_version {
            return Err(RuleError::HasNewerVersion {
                id: next.to_string(),
            });
        }
        if context
            .signed_before
            .iter()
            .any(|s| same_name(&s.name, &name))
        {
            return Err(RuleError::AlreadySigned { name });
        }
        let on_behalf = !same_name(&context.recorder.name, &name);
        if on_behalf && !self.on_behalf {
            return Err(RuleError::OnBehalfNotConfirmed {
                recorder: context.recorder.name.clone(),
                signatory: name,
            });
        }
        let now = context.now;
        let signed_at = match self.signed_at {
            None => now,
            Some(at) => {
                let at = at.with_nanosecond(0).unwrap_or(at);
                if at > now {
                    return Err(RuleError::SignedInFuture { at: long_time(at) });
                }
                if let Some(completed) = context.completed_at
                    && at < completed.with_nanosecond(0).unwrap_or(completed)
                {
                    return Err(RuleError::SignedBeforeComplete {
                        at: long_time(at),
                        completed: long_time(completed),
                    });
                }
                at
            }
        };
        Ok(Signatory {
            name,
            role,
            signed_at,
            recorded: Some(Recording {
                at: now,
                by: context.recorder.name.clone(),
                by_role: context.recorder.role.clone(),
                on_behalf,
            }),
        })
    }
}

/// Everything a record is built from, as the store reads it.
pub struct RecordSource<'a> {
    pub assessment: &'a Assessment,
    pub framework: &'a Framework,
    pub answers: &'a [AnswerRecord],
    pub evidence: &'a [Evidence],
    pub actions: &'a [Action],
    pub signatories: &'a [Signatory],
    pub audit: &'a [AuditEntry],
    pub prepared_at: DateTime<Utc>,
    /// The report layout the record is to be drawn with.
    pub layout: u32,
    /// Training compliance as the assessment shows it now
    /// ([`RecordTraining::of`]).
    pub training: Option<RecordTraining>,
}

/// Builds the record: answers in reading order with derived responses filled
/// in, the plan in its order as at `prepared_at`, the trail with its head.
pub fn build(source: &RecordSource<'_>) -> AssessmentRecord {
    let stored = |id: &str| source.answers.iter().find(|a| a.answer.entry_id == id);
    let entries = source.framework.entry_list();
    let mut answers = Vec::new();
    for entry in entries {
        if entry.sub_points.is_empty() {
            if let Some(record) = stored(&entry.id) {
                answers.push(record.answer.clone());
            }
            continue;
        }
        let responses: Vec<Option<Response>> = entry
            .sub_points
            .iter()
            .map(|id| stored(id).and_then(|a| a.answer.response))
            .collect();
        let response = derived_response(&responses);
        let own = stored(&entry.id).map(|a| a.answer.clone());
        if own.is_some() || response.is_some() {
            let mut answer = own.unwrap_or_else(|| Answer {
                entry_id: entry.id.clone(),
                response: None,
                na_reason: None,
                action_required: false,
                comment: String::new(),
                lead: String::new(),
                due_date: None,
                policy_ref: String::new(),
                review_date: None,
                carried_from: None,
            });
            answer.response = response;
            answers.push(answer);
        }
    }

    let position = |source_id: &str| {
        let entry_id = crate::plan::training::source_entry(source_id);
        entries.iter().position(|e| e.id == entry_id)
    };
    let today = source.prepared_at.date_naive();
    let mut actions: Vec<&Action> = source.actions.iter().collect();
    actions.sort_by(|a, b| {
        effective_priority(*b, today)
            .cmp(&effective_priority(*a, today))
            .then_with(|| match (a.due, b.due) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| position(&a.source).cmp(&position(&b.source)))
            .then_with(|| a.id.cmp(&b.id))
    });
    let label = |source_id: &str| {
        let (entry_id, level) = match crate::plan::training::split_source(source_id) {
            Some((entry_id, level)) => (entry_id, Some(level)),
            None => (source_id, None),
        };
        let entry = entries
            .iter()
            .find(|e| e.id == entry_id)
            .map_or_else(|| entry_id.to_owned(), |e| e.label.clone());
        match level {
            Some(level) => format!("{entry}, {}", level.label()),
            None => entry,
        }
    };

    let audit: Vec<RecordAuditRow> = source
        .audit
        .iter()
        .map(|row| RecordAuditRow {
            seq: row.seq,
            at: row.at,
            actor: row.actor.clone(),
            actor_role: row.actor_role.clone(),
            entity: row.entity.as_str().to_owned(),
            entry_id: row.entry_id.clone(),
            field: row.field.clone(),
            old_value: row.old_value.clone(),
            new_value: row.new_value.clone(),
        })
        .collect();
    let assessment = source.assessment;
    AssessmentRecord {
        format: RECORD_FORMAT.to_owned(),
        layout: Some(source.layout),
        assessment: RecordHeader {
            id: assessment.id,
            organisation: assessment.organisation.clone(),
            assessor: assessment.assessor.clone(),
            assessment_date: assessment.assessment_date,
            status: assessment.status,
            version: assessment.version,
            previous_version: assessment.previous_version,
        },
        framework: RecordFramework::Current(without_guidance(source.framework)),
        answers,
        evidence: source
            .evidence
            .iter()
            .map(|e| RecordEvidence {
                entry_id: e.entry_id.clone(),
                title: e.title.clone(),
                location: e.location.clone(),
                file_name: e.file.as_ref().map(|f| f.name.clone()),
                file_size: e.file.as_ref().map(|f| f.size),
                file_sha256: e.file.as_ref().map(|f| f.sha256.clone()),
                added_at: e.added_at,
                added_by: e.added_by.clone(),
            })
            .collect(),
        actions: actions
            .into_iter()
            .map(|a| RecordAction {
                source: label(&a.source),
                objective: a.objective.clone(),
                action: a.action.clone(),
                priority: a.priority,
                status: a.status,
                deferred_reason: a.deferred_reason.clone(),
                owners: a.owners.clone(),
                department: a.department.clone(),
                due: a.due,
                gap: a.gap,
                completed_on: a.completed_on,
                signed_off_by: a.signed_off_by.clone(),
            })
            .collect(),
        training: source.training.clone(),
        signatories: source.signatories.to_vec(),
        // Each row's own link stays in the database, where `audit --verify`
        // checks it; the seal needs only the head the chain ends in.
        audit_head: source
            .audit
            .last()
            .map(|r| r.hash.clone())
            .unwrap_or_default(),
        audit,
        prepared_at: source.prepared_at,
    }
}
