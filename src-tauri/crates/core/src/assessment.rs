//! An assessment: one organisation's answers to one framework on one date.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::answer::AnswerRecord;
use crate::evidence::Evidence;
use crate::frameworks::Frameworks;
use crate::review::Review;
use crate::rules::{RuleError, TextField, parse_date};

pub const ORGANISATION: TextField = TextField::line("organisation", "the organisation", 200);
pub const ASSESSOR: TextField = TextField::line("assessor", "the name of the assessor", 200);
/// The person making a change, as recorded in the audit trail.
pub const ACTOR: TextField = TextField::line("actor", "your name", 200);
/// The role of the person making a change.
pub const ROLE: TextField = TextField::line("role", "your role", 200);

/// Who is using the app: asked once, remembered for the installation, and
/// recorded in every audit row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Actor {
    pub name: String,
    /// e.g. "Accountable Prevent lead"; may be empty where not known (the CLI's `--by`).
    pub role: String,
}

impl Actor {
    /// A validated actor: a name is required, a role is optional.
    pub fn new(name: &str, role: &str) -> Result<Actor, RuleError> {
        Ok(Actor {
            name: ACTOR.required(name)?,
            role: ROLE.optional(role)?,
        })
    }

    /// Like `new`, for the person setting up the app, who must give a role too.
    pub fn with_role(name: &str, role: &str) -> Result<Actor, RuleError> {
        Ok(Actor {
            name: ACTOR.required(name)?,
            role: ROLE.required(role)?,
        })
    }
}

/// Where an assessment is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentStatus {
    InProgress,
    Complete,
}

impl AssessmentStatus {
    pub const ALL: [AssessmentStatus; 2] =
        [AssessmentStatus::InProgress, AssessmentStatus::Complete];

    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentStatus::InProgress => "in_progress",
            AssessmentStatus::Complete => "complete",
        }
    }

    pub fn parse(text: &str) -> Option<AssessmentStatus> {
        match text {
            "in_progress" => Some(AssessmentStatus::InProgress),
            "complete" => Some(AssessmentStatus::Complete),
            _ => None,
        }
    }

    /// How the status reads on screen.
    pub fn label(self) -> &'static str {
        match self {
            AssessmentStatus::InProgress => "In progress",
            AssessmentStatus::Complete => "Complete",
        }
    }
}

/// What a person submits to start an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewAssessmentInput {
    pub framework_id: String,
    pub organisation: String,
    pub assessor: String,
    /// `YYYY-MM-DD`.
    pub assessment_date: String,
}

/// A validated request to start an assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssessment {
    pub framework_id: String,
    pub framework_version: String,
    pub organisation: String,
    pub assessor: String,
    pub assessment_date: NaiveDate,
}

impl NewAssessment {
    pub fn validate(
        frameworks: &Frameworks,
        input: &NewAssessmentInput,
    ) -> Result<NewAssessment, RuleError> {
        let framework =
            frameworks
                .get(&input.framework_id)
                .ok_or_else(|| RuleError::UnknownFramework {
                    id: input.framework_id.trim().to_owned(),
                    known: frameworks.ids().join(", "),
                })?;
        Ok(NewAssessment {
            framework_id: framework.id.clone(),
            framework_version: framework.version.clone(),
            organisation: ORGANISATION.required(&input.organisation)?,
            assessor: ASSESSOR.required(&input.assessor)?,
            assessment_date: parse_date(
                "assessment_date",
                "the date of assessment",
                &input.assessment_date,
            )?,
        })
    }
}

/// An assessment's header as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Assessment {
    pub id: Uuid,
    pub framework_id: String,
    pub framework_version: String,
    pub organisation: String,
    pub assessor: String,
    pub assessment_date: NaiveDate,
    pub status: AssessmentStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// 1 for a first assessment; each new version of a sealed one counts on.
    pub version: u32,
    /// The sealed assessment this one is a new version of.
    pub previous_version: Option<Uuid>,
    /// The newer version started from this one, if any.
    pub next_version: Option<Uuid>,
    /// When the first person signed it off: from then on it is sealed and read-only.
    pub sealed_at: Option<DateTime<Utc>>,
}

impl Assessment {
    pub fn is_sealed(&self) -> bool {
        self.sealed_at.is_some()
    }

    /// Whether its content may change: not marked complete, not sealed.
    pub fn ensure_content_editable(&self) -> Result<(), RuleError> {
        if self.is_sealed() {
            Err(RuleError::AssessmentSealed)
        } else if self.status == AssessmentStatus::Complete {
            Err(RuleError::AssessmentComplete)
        } else {
            Ok(())
        }
    }
}

/// A line of the assessment list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AssessmentSummary {
    pub assessment: Assessment,
    pub answered: u32,
    pub total: u32,
}

/// How many assessments the home screen lists at a time.
pub const ASSESSMENTS_PER_PAGE: u32 = 25;

/// One page of the home screen's list, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AssessmentPage {
    pub assessments: Vec<AssessmentSummary>,
    /// Which page this is, from 1.
    pub page: u32,
    /// How many pages there are: at least one, even with no assessments.
    pub pages: u32,
    /// How many assessments there are in all.
    pub total: u32,
    /// How many come before this page: "Showing 26 to 50 of 1,234".
    pub skipped: u32,
}

impl AssessmentPage {
    /// The page to show of `total` assessments when asked for `page`: the
    /// last when asked for one beyond it, the first when asked for page 0.
    /// Returns (page, pages, how many come before it).
    pub fn place(page: u32, total: u32) -> (u32, u32, u32) {
        let pages = total.div_ceil(ASSESSMENTS_PER_PAGE).max(1);
        let page = page.clamp(1, pages);
        (page, pages, (page - 1) * ASSESSMENTS_PER_PAGE)
    }
}

/// An assessment with every answer and piece of evidence recorded so far, and
/// where it stands: the review behind the progress list and completion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AssessmentDetail {
    pub assessment: Assessment,
    pub answers: Vec<AnswerRecord>,
    pub evidence: Vec<Evidence>,
    pub review: Review,
    /// The organisation's latest training figures, when its framework shows
    /// them beside an entry and the organisation has recorded some.
    pub training: Option<crate::training::TrainingBeside>,
}
