//! The action plan's use cases: one assessment's plan, the lead's dashboard
//! across every assessment, editing and completing actions, and the rules
//! that set priorities. "Today" comes from the service's clock, which the CLI
//! fixes with `--today`, so every figure can be reproduced.

use prevent_core::Assessment;
use prevent_core::plan::view::{ActionHead, HeadSource, PlanIndex, PlanSource};
use prevent_core::plan::{PlanFilter, PlanView, PriorityRules};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::requests::{CompleteActionRequest, UpdateActionRequest};
use crate::service::Service;

impl Service {
    /// One assessment's plan, filtered, by effective priority then date.
    pub fn get_plan(&self, id: Uuid, filter: PlanFilter) -> AppResult<PlanView> {
        let assessment = self.store().assessment(id)?;
        let heads = self
            .ledger()
            .actions_of(id)?
            .iter()
            .map(prevent_core::Action::head)
            .collect();
        self.plan_view(vec![(assessment, heads)], filter)
    }

    /// Every assessment's actions in one plan: the safeguarding lead's dashboard.
    pub fn get_dashboard(&self, filter: PlanFilter) -> AppResult<PlanView> {
        self.plan_view(self.store().all_action_heads()?, filter)
    }

    /// Orders, filters and counts the heads, then reads in full only the
    /// actions the view shows.
    fn plan_view(
        &self,
        plans: Vec<(Assessment, Vec<ActionHead>)>,
        filter: PlanFilter,
    ) -> AppResult<PlanView> {
        let (assessments, heads): (Vec<_>, Vec<_>) = plans.into_iter().unzip();
        let sources = assessments
            .iter()
            .zip(heads)
            .map(|(assessment, heads)| HeadSource { assessment, heads })
            .collect();
        let index = PlanIndex::build(self.frameworks(), sources, filter, self.clock().today());
        let actions = self.store().actions_by_ids(&index.needed())?;
        Ok(index.finish(actions))
    }

    /// One action as the plan shows it.
    pub fn get_action(&self, id: Uuid) -> AppResult<prevent_core::plan::ActionView> {
        let action = self.store().action(id)?;
        let assessment = self.store().assessment(action.assessment_id)?;
        PlanView::build(
            self.frameworks(),
            vec![PlanSource {
                assessment: &assessment,
                actions: vec![action],
            }],
            PlanFilter::default(),
            self.clock().today(),
        )
        .actions
        .pop()
        .ok_or_else(|| AppError::internal("an action vanished from its own plan"))
    }

    /// Resolves a full action id or a unique prefix of 8 or more characters.
    pub fn action_id(&self, id_or_prefix: &str) -> AppResult<Uuid> {
        Ok(self.store().resolve_action_id(id_or_prefix)?)
    }

    pub fn update_action(
        &mut self,
        request: UpdateActionRequest,
    ) -> AppResult<prevent_core::plan::ActionView> {
        let actor = self.actor()?;
        let now = self.clock().now();
        self.ledger_mut()
            .update_action(request.action_id, request.edit, &actor, now)?;
        self.get_action(request.action_id)
    }

    pub fn complete_action(
        &mut self,
        request: CompleteActionRequest,
    ) -> AppResult<prevent_core::plan::ActionView> {
        let actor = self.actor()?;
        let now = self.clock().now();
        self.ledger_mut()
            .complete_action(request.action_id, request.completion, &actor, now)?;
        self.get_action(request.action_id)
    }

    /// The rules that set an assessment's default priorities, to show and explain.
    pub fn get_priority_rules(&self, framework_id: String) -> AppResult<PriorityRules> {
        let framework = self.framework(&framework_id)?;
        self.frameworks()
            .rules(&framework.id)
            .cloned()
            .ok_or_else(|| AppError::internal("a framework was built without its priority rules"))
    }
}
