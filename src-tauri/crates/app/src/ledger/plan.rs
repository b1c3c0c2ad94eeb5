//! The plan following the answers: each entry's action reconciled by the
//! core's rules (`prevent_core::plan::reconcile`) inside the change that
//! moved the answer, a whole plan re-derived after an upgrade or a new
//! version of the priority rules, and a person's edits to an action.

use chrono::{DateTime, Utc};
use prevent_core::plan::{self, EditOutcome};
use prevent_core::{
    Action, ActionCompletion, ActionEdit, Actor, Answer, Assessment, Framework, RuleError,
};
use prevent_store::Change;
use uuid::Uuid;

use super::{Ledger, app_as_actor};
use crate::error::{AppError, AppResult};

impl Ledger {
    /// Reconciles one entry's action inside `change`; true when it changed.
    pub(super) fn reconcile_entry(
        &self,
        change: &Change<'_>,
        framework: &Framework,
        assessment: &Assessment,
        entry_id: &str,
        answer: Option<&Answer>,
        now: DateTime<Utc>,
    ) -> AppResult<bool> {
        let rules = self.frameworks.rules(&framework.id).ok_or_else(|| {
            AppError::internal(format!(
                "framework \"{}\" has no priority rules",
                framework.id
            ))
        })?;
        let existing = self.store.action_for_entry(assessment.id, entry_id)?;
        let next = plan::reconcile(
            framework,
            rules,
            assessment.id,
            answer,
            existing.as_ref(),
            Uuid::new_v4,
            now,
        );
        match next {
            Some(next) => {
                change.write_action(existing.as_ref(), &next)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Brings every action of an assessment in line with its answers, in one
    /// transaction: what an upgrade or a change of rules needs. Returns how
    /// many actions changed; none when the plan already follows the answers.
    pub fn sync_plan(
        &mut self,
        assessment_id: Uuid,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<usize> {
        self.sync_plan_as(assessment_id, actor, now)
    }

    fn sync_plan_as(
        &self,
        assessment_id: Uuid,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<usize> {
        let assessment = self.store.assessment(assessment_id)?;
        let framework = self.framework_of(&assessment)?;
        let answers = self.plain_answers(assessment_id)?;
        let change = self.store.change(actor, now)?;
        let mut changed = 0;
        for entry in framework.answerable_ids() {
            let answer = answers.iter().find(|a| a.entry_id == entry);
            if self.reconcile_entry(&change, framework, &assessment, entry, answer, now)? {
                changed += 1;
            }
        }
        if changed > 0 {
            change.commit()?;
        }
        Ok(changed)
    }

    /// When this build's priority rules differ from those the file's plans
    /// were last derived with, re-derives every plan of that framework:
    /// priorities nobody set follow the new rules, a person's never change.
    pub(super) fn follow_new_priority_rules(&self, now: DateTime<Utc>) -> AppResult<()> {
        for rules in self
            .frameworks
            .all()
            .iter()
            .filter_map(|f| self.frameworks.rules(&f.id))
        {
            let key = format!("priority_rules.{}", rules.framework);
            let current = rules.version.to_string();
            let recorded = self.store.setting(&key)?;
            if recorded.as_deref() == Some(current.as_str()) {
                continue;
            }
            if recorded.is_some() {
                let system = app_as_actor(format!("priority rules version {current}"));
                for assessment in self.store.all_assessment_headers()? {
                    if assessment.framework_id == rules.framework {
                        self.sync_plan_as(assessment.id, &system, now)?;
                    }
                }
            }
            self.store.set_setting(&key, &current)?;
        }
        Ok(())
    }

    /// A file from before the action plan has answers that need action but
    /// no actions: derive them, audited as the upgrade, so every gap has its
    /// action. Checked on every open, so an upgrade cut short is finished
    /// next time.
    pub(super) fn derive_missing_plans(&self, now: DateTime<Utc>) -> AppResult<()> {
        let upgrade = app_as_actor("upgrade that added the action plan".to_owned());
        for id in self.store.assessments_missing_actions()? {
            self.sync_plan_as(id, &upgrade, now)?;
        }
        Ok(())
    }

    /// A person's change to an action, with its audit rows. Tracking goes on
    /// whatever the assessment's status: the plan is a living document.
    pub fn update_action(
        &mut self,
        id: Uuid,
        edit: ActionEdit,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<Action> {
        let by = actor.name.clone();
        self.change_action(id, actor, now, |current| current.edit(edit, &by, now))
    }

    /// Completes an action with the date assessed and who signs it off.
    pub fn complete_action(
        &mut self,
        id: Uuid,
        completion: ActionCompletion,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> AppResult<Action> {
        self.change_action(id, actor, now, |current| current.complete(completion, now))
    }

    /// Reads the action, applies a person's change and writes it, all in one
    /// transaction: a save of an answer by another process in between cannot
    /// be overwritten by a stale copy.
    fn change_action(
        &mut self,
        id: Uuid,
        actor: &Actor,
        now: DateTime<Utc>,
        apply: impl FnOnce(&Action) -> Result<EditOutcome, RuleError>,
    ) -> AppResult<Action> {
        let change = self.store.change(actor, now)?;
        let current = self.store.action(id)?;
        let outcome = apply(&current)?;
        if outcome.changes.is_empty() {
            return Ok(outcome.action);
        }
        change.write_action(Some(&current), &outcome.action)?;
        if let Some(note) = &outcome.note {
            change.add_action_note(&outcome.action, note)?;
        }
        change.commit()?;
        Ok(outcome.action)
    }
}
