//! The ledger: the open database together with the frameworks it is used
//! with, and every use case that changes it, each at a time and by a person
//! its caller gives. It decides what to write (an answer's rules, the
//! completion gate, the plan following the answers, a new version, carrying
//! answers over, sign-off) and writes it through the store's one
//! transaction type; the store itself knows no framework.
//!
//! [`crate::Service`] wraps a ledger with the clock and the person using the
//! app; tests and benchmarks use a ledger directly with times of their own.

mod answers;
mod board_drafts;
mod carry;
mod evidence;
mod lifecycle;
mod plan;
mod sign_off;
mod training;

use chrono::{DateTime, NaiveDate, Utc};
use prevent_core::AssessmentStatus;
use prevent_core::review::{EntryProposal, Review};
use prevent_core::training::TrainingBeside;
use prevent_core::{
    ASSESSMENTS_PER_PAGE, Action, Actor, Answer, AnswerRecord, Assessment, AssessmentDetail,
    AssessmentPage, AssessmentSummary, ErrorKind, Evidence, Framework, Frameworks,
};
use prevent_store::Store;
use uuid::Uuid;

use crate::error::{AppError, AppResult};

pub use answers::SavedAnswer;

/// An open database and the frameworks its assessments are made against.
pub struct Ledger {
    store: Store,
    frameworks: &'static Frameworks,
}

/// The ledger reads as its store: every read that needs no framework is the
/// store's own (`ledger.assessment(id)`, `ledger.audit_trail(id)`). Reads
/// in the framework's order and every change are the ledger's.
impl std::ops::Deref for Ledger {
    type Target = Store;

    fn deref(&self) -> &Store {
        &self.store
    }
}

impl Ledger {
    /// Opens the file at `path` for the frameworks this build ships (see
    /// [`Ledger::open_with_frameworks`]).
    pub fn open(path: &std::path::Path, now: DateTime<Utc>) -> AppResult<Ledger> {
        Ledger::open_with_frameworks(path, now, Frameworks::embedded()?)
    }

    /// Opens the file for a set of frameworks other than the ones this build
    /// embeds: the tests' fixture frameworks, which prove the engine takes
    /// any framework. The app and the CLI open files with [`Ledger::open`].
    ///
    /// A file from before the action plan gets the actions its answers
    /// need, and plans follow a new version of a framework's priority rules,
    /// both audited as the app's own change at `now`.
    pub fn open_with_frameworks(
        path: &std::path::Path,
        now: DateTime<Utc>,
        frameworks: &'static Frameworks,
    ) -> AppResult<Ledger> {
        let ledger = Ledger {
            store: Store::open(path, now)?,
            frameworks,
        };
        if ledger.store.opened_at_version() > 0 {
            ledger.derive_missing_plans(now)?;
        }
        ledger.follow_new_priority_rules(now)?;
        Ok(ledger)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn frameworks(&self) -> &'static Frameworks {
        self.frameworks
    }

    /// The framework an assessment was made against. One this build does not
    /// know means the file was written by a newer version.
    pub fn framework_of(&self, assessment: &Assessment) -> AppResult<&'static Framework> {
        self.frameworks
            .get(&assessment.framework_id)
            .ok_or_else(|| {
                AppError::new(
                    ErrorKind::NotFound,
                    format!(
                        "The database refers to framework \"{}\", which this version does not know. It may have been written by a newer version.",
                        assessment.framework_id
                    ),
                )
            })
    }

    /// The answers recorded for an assessment, in the framework's reading order.
    pub fn answers(&self, id: Uuid) -> AppResult<Vec<AnswerRecord>> {
        let assessment = self.store.assessment(id)?;
        let mut records = self.store.answer_rows(id)?;
        if let Some(framework) = self.frameworks.get(&assessment.framework_id) {
            let order = framework.entry_list();
            // Cached: one lookup per record, not one per comparison.
            records.sort_by_cached_key(|r| order.iter().position(|e| e.id == r.answer.entry_id));
        }
        Ok(records)
    }

    /// An assessment's actions, in the framework's reading order.
    pub fn actions_of(&self, id: Uuid) -> AppResult<Vec<Action>> {
        let assessment = self.store.assessment(id)?;
        let mut actions = self.store.action_rows(id)?;
        if let Some(framework) = self.frameworks.get(&assessment.framework_id) {
            let order = framework.answerable_ids();
            actions.sort_by_key(|a| {
                let entry_id = prevent_core::plan::training::source_entry(&a.source);
                order.iter().position(|id| *id == entry_id)
            });
        }
        Ok(actions)
    }

    /// The evidence recorded for an assessment, by entry in reading order,
    /// oldest first within an entry.
    pub fn evidence_list(&self, id: Uuid) -> AppResult<Vec<Evidence>> {
        let assessment = self.store.assessment(id)?;
        let mut list = self.store.evidence_rows(id)?;
        if let Some(framework) = self.frameworks.get(&assessment.framework_id) {
            let order = framework.entry_list();
            list.sort_by_key(|e| order.iter().position(|entry| entry.id == e.entry_id));
        }
        Ok(list)
    }

    /// Every assessment, newest first (when each was created, then its date
    /// of assessment), with how many of the entries a person answers have a
    /// response: what the command line lists.
    pub fn list_assessments(&self) -> AppResult<Vec<AssessmentSummary>> {
        self.assessment_summaries(None)
    }

    /// One page of the same list, for the home screen: a page beyond the
    /// last shows the last.
    pub fn list_assessment_page(&self, page: u32) -> AppResult<AssessmentPage> {
        let total = self.store.assessment_count()?;
        let (page, pages, skipped) = AssessmentPage::place(page, total);
        Ok(AssessmentPage {
            assessments: self.assessment_summaries(Some((skipped, ASSESSMENTS_PER_PAGE)))?,
            page,
            pages,
            total,
            skipped,
        })
    }

    /// `count` summaries from the `skip`th, or all of them with `None`.
    fn assessment_summaries(&self, page: Option<(u32, u32)>) -> AppResult<Vec<AssessmentSummary>> {
        // Items answered through their sub-points are not counted.
        let derived: Vec<String> = self
            .frameworks
            .all()
            .iter()
            .flat_map(|f| {
                f.entries()
                    .into_iter()
                    .filter(|e| !e.sub_points.is_empty())
                    .map(move |e| format!("{}/{}", f.id, e.id))
            })
            .collect();
        let mut totals = std::collections::HashMap::new();
        Ok(self
            .store
            .assessments_with_answered(&derived, page)?
            .into_iter()
            .map(|(assessment, answered)| {
                let total = *totals
                    .entry(assessment.framework_id.clone())
                    .or_insert_with(|| {
                        self.frameworks
                            .get(&assessment.framework_id)
                            .map_or(0, |f| u32::try_from(f.answerable_ids().len()).unwrap_or(0))
                    });
                AssessmentSummary {
                    assessment,
                    answered,
                    total,
                }
            })
            .collect())
    }

    /// An assessment's header, answers, evidence and review. `today` decides
    /// which policy review dates have passed.
    pub fn assessment_detail(&self, id: Uuid, today: NaiveDate) -> AppResult<AssessmentDetail> {
        let assessment = self.store.assessment(id)?;
        let framework = self.framework_of(&assessment)?;
        let answers = self.answers(id)?;
        let evidence = self.evidence_list(id)?;
        let plain: Vec<_> = answers.iter().map(|r| r.answer.clone()).collect();
        let (review, training) = self.review_of(&assessment, framework, &plain, today)?;
        Ok(AssessmentDetail {
            assessment,
            answers,
            evidence,
            review,
            training,
        })
    }

    /// Only the review of an assessment: what the window needs back after
    /// each save, without the evidence and answer records a full
    /// [`Self::assessment_detail`] also reads and sends.
    pub fn assessment_review(&self, id: Uuid, today: NaiveDate) -> AppResult<Review> {
        let assessment = self.store.assessment(id)?;
        let framework = self.framework_of(&assessment)?;
        let plain = self.plain_answers(id)?;
        Ok(self.review_of(&assessment, framework, &plain, today)?.0)
    }

    /// An assessment's answers without who saved them or when, in the order
    /// they were first saved: for rules and reviews, which look answers up.
    fn plain_answers(&self, id: Uuid) -> AppResult<Vec<Answer>> {
        Ok(self
            .store
            .answer_rows(id)?
            .into_iter()
            .map(|r| r.answer)
            .collect())
    }

    /// The review of `answers`, with the organisation's latest training
    /// figures beside it and the answer they propose while it can change.
    fn review_of(
        &self,
        assessment: &Assessment,
        framework: &'static Framework,
        answers: &[Answer],
        today: NaiveDate,
    ) -> AppResult<(Review, Option<TrainingBeside>)> {
        let mut training = self
            .latest_compliance(&assessment.organisation)?
            .and_then(|report| TrainingBeside::of(framework, report));
        // A proposal holds an answer to account only while it can change:
        // figures recorded after sign-off do not reopen a sealed record.
        let proposals: Vec<EntryProposal<'_>> = match &training {
            Some(TrainingBeside {
                proposed_for: Some(entry_id),
                proposal: Some(proposal),
                ..
            }) if assessment.status == AssessmentStatus::InProgress => {
                vec![EntryProposal { entry_id, proposal }]
            }
            _ => Vec::new(),
        };
        let review = prevent_core::review::review_with_proposals(
            framework,
            answers,
            assessment.assessment_date,
            today,
            &proposals,
        );
        // Once complete the answer stands: later figures are shown, but
        // propose nothing.
        if assessment.status != AssessmentStatus::InProgress
            && let Some(beside) = training.as_mut()
        {
            beside.proposal = None;
            beside.proposed_for = None;
        }
        Ok((review, training))
    }
}

/// The app itself, named in the audit trail for what it changes on its own
/// (deriving plans after an upgrade or a new version of the rules).
fn app_as_actor(role: String) -> Actor {
    Actor {
        name: "Prevent Self-Assessment".to_owned(),
        role,
    }
}
