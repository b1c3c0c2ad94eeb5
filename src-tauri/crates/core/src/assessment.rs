//! An assessment: one organisation's answers to one framework on one date.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::answer::AnswerRecord;
use crate::frameworks::Frameworks;
use crate::progress::Progress;
use crate::rules::{RuleError, TextField, parse_date};

pub const ORGANISATION: TextField = TextField {
    field: "organisation",
    label: "the organisation",
    max_chars: 200,
};
pub const ASSESSOR: TextField = TextField {
    field: "assessor",
    label: "the name of the assessor",
    max_chars: 200,
};
/// The person making a change, as recorded in the audit trail.
pub const ACTOR: TextField = TextField {
    field: "actor",
    label: "your name",
    max_chars: 200,
};

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
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A line of the assessment list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AssessmentSummary {
    pub assessment: Assessment,
    pub answered: u32,
    pub total: u32,
}

/// An assessment with every answer recorded so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AssessmentDetail {
    pub assessment: Assessment,
    pub answers: Vec<AnswerRecord>,
    pub progress: Progress,
}
