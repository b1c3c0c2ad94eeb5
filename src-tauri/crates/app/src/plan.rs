//! The action plan's use cases: one assessment's plan, the lead's dashboard
//! across every assessment, editing and completing actions, and the rules
//! that set priorities. "Today" comes from the service's clock, which the CLI
//! fixes with `--today`, so every figure can be reproduced.

use prevent_core::plan::{PlanFilter, PlanView, PriorityRules, view::PlanSource};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::requests::{CompleteActionRequest, UpdateActionRequest};
use crate::service::{Service, frameworks};

impl Service {
    /// One assessment's plan, filtered, by effective priority then date.
    pub fn get_plan(&self, id: Uuid, filter: PlanFilter) -> AppResult<PlanView> {
        let assessment = self.store().assessment(id)?;
        let actions = self.store().actions_of(id)?;
        Ok(PlanView::build(
            frameworks()?,
            vec![PlanSource {
                assessment: &assessment,
                actions,
            }],
            filter,
            self.clock().today(),
        ))
    }

    /// Every assessment's actions in one plan: the safeguarding lead's dashboard.
    pub fn get_dashboard(&self, filter: PlanFilter) -> AppResult<PlanView> {
        let all = self.store().all_actions()?;
        let sources = all
            .iter()
            .map(|(assessment, actions)| PlanSource {
                assessment,
                actions: actions.clone(),
            })
            .collect();
        Ok(PlanView::build(
            frameworks()?,
            sources,
            filter,
            self.clock().today(),
        ))
    }

    /// One action as the plan shows it.
    pub fn get_action(&self, id: Uuid) -> AppResult<prevent_core::plan::ActionView> {
        let action = self.store().action(id)?;
        let assessment = self.store().assessment(action.assessment_id)?;
        PlanView::build(
            frameworks()?,
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
        self.store_mut()
            .update_action(request.action_id, request.edit, &actor, now)?;
        self.get_action(request.action_id)
    }

    pub fn complete_action(
        &mut self,
        request: CompleteActionRequest,
    ) -> AppResult<prevent_core::plan::ActionView> {
        let actor = self.actor()?;
        let now = self.clock().now();
        self.store_mut()
            .complete_action(request.action_id, request.completion, &actor, now)?;
        self.get_action(request.action_id)
    }

    /// The rules that set an assessment's default priorities, to show and explain.
    pub fn get_priority_rules(&self, framework_id: String) -> AppResult<PriorityRules> {
        let framework = crate::service::framework(&framework_id)?;
        frameworks()?
            .rules(&framework.id)
            .cloned()
            .ok_or_else(|| AppError::internal("a framework was built without its priority rules"))
    }
}
