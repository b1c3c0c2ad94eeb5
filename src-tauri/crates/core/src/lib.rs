//! Prevent Self-Assessment's domain core.
//!
//! Everything here is pure: no Tauri, no files, no database and no clock. Time
//! comes in as a parameter, so the same inputs always give the same outputs and
//! signed reports can be reproduced. The store, the CLI and the desktop shell are
//! thin layers around this crate.

pub mod answer;
pub mod assessment;
pub mod audit;
pub mod board;
pub mod carry;
pub mod catalogue;
pub mod crosswalk;
pub mod derive;
pub mod digest;
pub mod evidence;
pub mod frameworks;
pub mod limits;
pub mod plan;
pub mod quarterly;
pub mod record;
pub mod review;
pub mod rules;
pub mod size;
pub mod text;
pub mod training;
pub mod training_import;

pub use answer::{Answer, AnswerInput, AnswerRecord};
pub use assessment::{
    ASSESSMENTS_PER_PAGE, Actor, Assessment, AssessmentDetail, AssessmentPage, AssessmentStatus,
    AssessmentSummary, NewAssessment, NewAssessmentInput,
};
pub use audit::{AuditEntity, AuditEntry, ChainBreak, ChainCheck, FieldChange};
pub use catalogue::{
    CatalogueEntry, CatalogueError, CatalogueView, EntryKind, Framework, FrameworkSummary, Response,
};
pub use evidence::{Evidence, EvidenceInput, FileInfo, NewEvidence};
pub use frameworks::Frameworks;
pub use plan::{
    Action, ActionCompletion, ActionEdit, ActionStatus, GapState, PlanFilter, PlanView, Priority,
    PriorityRules,
};
pub use record::{AssessmentRecord, Recording, SignOffContext, SignOffInput, Signatory};
pub use review::{EntryReview, Finding, PartReview, Review, StepState};
pub use rules::{ErrorKind, RuleError};

/// The framework the 2011 Department of Health toolkit is stored under.
pub const PREVENT_TOOLKIT_2011: &str = "prevent-toolkit-2011";
