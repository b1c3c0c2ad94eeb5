//! The application layer: every use case of Prevent Self-Assessment, written
//! once, called by both the desktop shell (one async command per method) and
//! the `prevent-sa` CLI. It owns the lookups (an unknown framework, the
//! person making a change), the error mapping (`AppError`) and the clock at
//! the edge, so the shell and the CLI stay a few lines each.

pub mod backups;
pub mod board;
pub mod board_screen;
pub mod clock;
pub mod error;
pub mod export;
pub mod files;
pub mod ledger;
pub mod plan;
pub mod requests;
pub mod sample;
pub mod seal;
pub mod service;
pub mod training;
pub mod training_import;
pub mod training_screens;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{AppError, AppResult};
pub use export::{ExportedFile, PlanExportFormat};
pub use ledger::{Ledger, SavedAnswer};
pub use requests::{
    AddEvidenceRequest, AnswerSaved, CompleteActionRequest, SaveAnswerRequest, UpdateActionRequest,
    UploadedFile, UserInput,
};
pub use seal::{CertificateView, PdfCheck, PdfOutcome, SealedSummary, SignOffState};
pub use service::{ActorSource, Service, catalogue, framework, frameworks};
