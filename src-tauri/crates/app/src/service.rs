//! The use cases, one method each. A method validates, asks the store, and
//! returns a value or an `AppError`; the shell wraps each in an async command
//! of the same name, and the CLI calls the same methods.

use std::path::PathBuf;
use std::sync::Arc;

use prevent_core::audit::ShownAuditEntry;
use prevent_core::evidence::{AttachedFile, EvidenceInput, FileInfo};
use prevent_core::{
    Actor, Assessment, AssessmentDetail, AssessmentPage, AssessmentSummary, CatalogueView,
    ErrorKind, Evidence, Framework, FrameworkSummary, Frameworks, NewAssessment,
    NewAssessmentInput, RuleError,
};
use prevent_store::Store;
use uuid::Uuid;

use crate::clock::Clock;
use crate::error::{AppError, AppResult};
use crate::ledger::Ledger;
use crate::requests::{AddEvidenceRequest, AnswerSaved, SaveAnswerRequest, UserInput};

/// The frameworks this build ships.
pub fn frameworks() -> AppResult<&'static Frameworks> {
    Ok(Frameworks::embedded()?)
}

/// A framework by id among `all`; an unknown id is a `not_found` error
/// naming the known ones.
pub fn framework_in<'a>(all: &'a Frameworks, id: &str) -> AppResult<&'a Framework> {
    all.get(id).ok_or_else(|| {
        RuleError::UnknownFramework {
            id: id.trim().to_owned(),
            known: all.ids().join(", "),
        }
        .into()
    })
}

/// A framework this build ships, by id.
pub fn framework(id: &str) -> AppResult<&'static Framework> {
    framework_in(frameworks()?, id)
}

/// A framework's catalogue as the screens show it, with its crosswalk links.
pub fn catalogue(framework_id: &str) -> AppResult<CatalogueView> {
    catalogue_in(frameworks()?, framework_id)
}

/// A framework's catalogue among `all`, with its crosswalk links.
pub fn catalogue_in(all: &Frameworks, framework_id: &str) -> AppResult<CatalogueView> {
    let framework = framework_in(all, framework_id)?;
    Ok(all
        .catalogue(&framework.id)
        .unwrap_or_else(|| framework.view()))
}

/// Whose name goes in the audit trail.
#[derive(Debug, Clone)]
pub enum ActorSource {
    /// The person recorded for this installation (the desktop app).
    Installation,
    /// A person named for this call (`prevent-sa --by`).
    Given(Actor),
    /// The installation's person if one is recorded, else this one (the
    /// CLI's default: the login name).
    InstallationOr(Actor),
}

pub struct Service {
    ledger: Ledger,
    clock: Arc<dyn Clock>,
    actor: ActorSource,
    /// Where the person's signing key is kept.
    signing_folder: Option<PathBuf>,
}

impl Service {
    /// A service over `ledger`, keeping the signing key in the person's own
    /// app-data folder.
    pub fn new(ledger: Ledger, clock: Arc<dyn Clock>, actor: ActorSource) -> Service {
        Service {
            ledger,
            clock,
            actor,
            signing_folder: prevent_store::default_signing_folder(),
        }
    }

    /// Keeps the signing key in `folder` instead (tests, benchmarks).
    pub fn with_signing_folder(mut self, folder: PathBuf) -> Service {
        self.signing_folder = Some(folder);
        self
    }

    pub(crate) fn signing_folder_path(&self) -> Option<&std::path::Path> {
        self.signing_folder.as_deref()
    }

    pub fn store(&self) -> &Store {
        self.ledger.store()
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    pub(crate) fn ledger_mut(&mut self) -> &mut Ledger {
        &mut self.ledger
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The person making a change.
    pub fn actor(&self) -> AppResult<Actor> {
        match &self.actor {
            ActorSource::Given(actor) => Ok(actor.clone()),
            ActorSource::Installation => self.store().user()?.ok_or_else(|| {
                AppError::new(
                    ErrorKind::InvalidInput,
                    "Tell us who you are before making changes: your name and role are recorded with every change.",
                )
                .with_field("actor")
            }),
            ActorSource::InstallationOr(fallback) => {
                Ok(self.store().user()?.unwrap_or_else(|| fallback.clone()))
            }
        }
    }

    /// The frameworks the open file is used with: this build's, or a
    /// test's fixtures.
    pub fn frameworks(&self) -> &'static Frameworks {
        self.ledger.frameworks()
    }

    /// A framework by id, among [`Service::frameworks`].
    pub fn framework(&self, id: &str) -> AppResult<&'static Framework> {
        framework_in(self.frameworks(), id)
    }

    pub fn list_frameworks(&self) -> AppResult<Vec<FrameworkSummary>> {
        Ok(self
            .frameworks()
            .all()
            .iter()
            .map(Framework::summary)
            .collect())
    }

    pub fn get_catalogue(&self, framework_id: String) -> AppResult<CatalogueView> {
        catalogue_in(self.frameworks(), &framework_id)
    }

    pub fn get_user(&self) -> AppResult<Option<Actor>> {
        Ok(self.store().user()?)
    }

    pub fn set_user(&mut self, input: UserInput) -> AppResult<Actor> {
        let user = Actor::with_role(&input.name, &input.role)?;
        self.ledger.store_mut().set_user(&user)?;
        Ok(user)
    }

    /// Every assessment, newest first (the command line's list, and the
    /// choices to start a new assessment from).
    pub fn list_assessments(&self) -> AppResult<Vec<AssessmentSummary>> {
        self.ledger.list_assessments()
    }

    /// One page of the same list: the home screen.
    pub fn list_assessment_page(&self, page: u32) -> AppResult<AssessmentPage> {
        self.ledger.list_assessment_page(page)
    }

    /// Starts an assessment from another of a framework the crosswalk joins
    /// to it: mapped answers, comments, leads, dates and evidence are carried
    /// over by the core's rule (`prevent_core::carry`), each carried answer
    /// waiting for a person to confirm or change it.
    pub fn create_assessment_from(
        &mut self,
        input: NewAssessmentInput,
        from: Uuid,
    ) -> AppResult<Assessment> {
        let new = NewAssessment::validate(self.frameworks(), &input)?;
        let actor = self.actor()?;
        let now = self.clock.now();
        self.ledger.create_assessment_from(&new, from, &actor, now)
    }

    /// Confirms answers carried over as they stand; returns the entries confirmed.
    pub fn confirm_carried(&mut self, id: Uuid, entry_ids: Vec<String>) -> AppResult<Vec<String>> {
        let actor = self.actor()?;
        let now = self.clock.now();
        self.ledger.confirm_carried(id, &entry_ids, &actor, now)
    }

    pub fn create_assessment(&mut self, input: NewAssessmentInput) -> AppResult<Assessment> {
        let new = NewAssessment::validate(self.frameworks(), &input)?;
        let actor = self.actor()?;
        let now = self.clock.now();
        self.ledger.create_assessment(&new, &actor, now)
    }

    /// Resolves a full id or a unique prefix of 8 or more characters.
    pub fn assessment_id(&self, id_or_prefix: &str) -> AppResult<Uuid> {
        Ok(self.store().resolve_assessment_id(id_or_prefix)?)
    }

    /// The framework an assessment was made against.
    pub fn framework_of(&self, id: Uuid) -> AppResult<&'static Framework> {
        self.framework(&self.store().assessment(id)?.framework_id)
    }

    pub fn get_assessment(&self, id: Uuid) -> AppResult<AssessmentDetail> {
        self.ledger.assessment_detail(id, self.clock.today())
    }

    pub fn save_answer(&mut self, request: SaveAnswerRequest) -> AppResult<AnswerSaved> {
        let actor = self.actor()?;
        let now = self.clock.now();
        let saved = self.ledger.save_answer(
            request.assessment_id,
            &request.entry_id,
            request.answer,
            &actor,
            now,
        )?;
        let review = self
            .ledger
            .assessment_review(request.assessment_id, self.clock.today())?;
        Ok(AnswerSaved {
            changed: !saved.changes.is_empty(),
            record: saved.record,
            review,
        })
    }

    pub fn mark_complete(&mut self, id: Uuid) -> AppResult<Assessment> {
        let actor = self.actor()?;
        let (now, today) = (self.clock.now(), self.clock.today());
        self.ledger.mark_complete(id, &actor, now, today)
    }

    pub fn reopen_assessment(&mut self, id: Uuid) -> AppResult<Assessment> {
        let actor = self.actor()?;
        let now = self.clock.now();
        self.ledger.reopen(id, &actor, now)
    }

    pub fn add_evidence(&mut self, request: AddEvidenceRequest) -> AppResult<Evidence> {
        let file = match request.file {
            None => None,
            Some(upload) => Some(AttachedFile {
                bytes: upload.bytes()?,
                name: upload.name,
            }),
        };
        self.add_evidence_input(
            request.assessment_id,
            EvidenceInput {
                entry_id: request.entry_id,
                title: request.title,
                location: request.location,
                file,
            },
        )
    }

    /// Records evidence from input already in memory (the CLI reads a file path).
    pub fn add_evidence_input(
        &mut self,
        assessment_id: Uuid,
        input: EvidenceInput,
    ) -> AppResult<Evidence> {
        let actor = self.actor()?;
        let now = self.clock.now();
        self.ledger.add_evidence(assessment_id, input, &actor, now)
    }

    pub fn remove_evidence(&mut self, id: Uuid) -> AppResult<Evidence> {
        let actor = self.actor()?;
        let now = self.clock.now();
        self.ledger.remove_evidence(id, &actor, now)
    }

    pub fn list_evidence(&self, assessment_id: Uuid) -> AppResult<Vec<Evidence>> {
        self.ledger.evidence_list(assessment_id)
    }

    /// Resolves a full evidence id or a unique prefix of 8 or more characters.
    pub fn evidence_id(&self, id_or_prefix: &str) -> AppResult<Uuid> {
        Ok(self.store().resolve_evidence_id(id_or_prefix)?)
    }

    /// An attached file, to be saved back out, checked against the SHA-256
    /// recorded when it was added: a file that no longer matches is an
    /// error and is never handed out. Evidence with no file is an error that
    /// says where the document lives instead.
    pub fn evidence_file(&self, id: Uuid) -> AppResult<(FileInfo, Vec<u8>)> {
        match self.store().evidence_file(id)? {
            Some((info, bytes)) => {
                if prevent_core::digest::sha256_hex(&bytes) != info.sha256 {
                    return Err(AppError::new(
                        ErrorKind::Database,
                        format!(
                            "The attached file {} no longer matches the SHA-256 recorded when it was added ({}). Nothing was written.",
                            info.name, info.sha256
                        ),
                    ));
                }
                Ok((info, bytes))
            }
            None => {
                let evidence = self.store().evidence(id)?;
                Err(AppError::new(
                    ErrorKind::InvalidInput,
                    if evidence.location.is_empty() {
                        format!("\"{}\" has no attached file.", evidence.title)
                    } else {
                        format!(
                            "\"{}\" has no attached file: the document lives at {}.",
                            evidence.title, evidence.location
                        )
                    },
                ))
            }
        }
    }

    /// The assessment's audit trail, each row with how the screens show it
    /// (the same words as the report's appendix).
    pub fn get_audit_trail(&self, id: Uuid) -> AppResult<Vec<ShownAuditEntry>> {
        let framework = self.framework_of(id)?;
        Ok(self
            .store()
            .audit_trail(id)?
            .into_iter()
            .map(|entry| ShownAuditEntry::of(framework, entry))
            .collect())
    }
}
