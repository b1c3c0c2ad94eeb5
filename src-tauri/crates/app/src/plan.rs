//! The action plan's use cases: one assessment's plan, the lead's dashboard
//! across every assessment, editing and completing actions, and the rules
//! that set priorities. "Today" comes from the service's clock, which the CLI
//! fixes with `--today`, so every figure can be reproduced.

use prevent_core::plan::segments::{due_soon_segments, overdue_segments, plan_segments};
use prevent_core::plan::view::{
    DueTotals, LIST_LIMIT, ListOrder, PlanParts, PlanSource, due_bounds, filter_choices,
};
use prevent_core::plan::{PlanCounts, PlanFilter, PlanView, PriorityRules};
use prevent_store::PlanRead;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::requests::{CompleteActionRequest, UpdateActionRequest};
use crate::service::Service;

impl Service {
    /// One assessment's plan, filtered, by effective priority then date.
    pub fn get_plan(&self, id: Uuid, filter: PlanFilter) -> AppResult<PlanView> {
        let assessment = self.store().assessment(id)?;
        let actions = self.ledger().actions_of(id)?;
        Ok(PlanView::build(
            self.frameworks(),
            vec![PlanSource {
                assessment: &assessment,
                actions,
            }],
            filter,
            self.clock().today(),
        ))
    }

    /// Every assessment's actions in one plan: the safeguarding lead's
    /// dashboard. Only what the page shows is read: the counts from the
    /// store's running counts, each list's first actions from its index
    /// (see `prevent_store::table::plan_rows`); the core's rules decide the
    /// rest, as for one assessment's plan.
    pub fn get_dashboard(&self, filter: PlanFilter) -> AppResult<PlanView> {
        let today = self.clock().today();
        let store = self.store();
        let bounds = due_bounds(&filter, today);
        let everything = store.plan_tally(None, &bounds)?;
        let owner_key = filter.owner_key();
        let counts = match &owner_key {
            Some(key) => {
                PlanCounts::of_groups(&store.plan_tally(Some(key), &bounds)?, &filter, today)
            }
            None => PlanCounts::of_groups(&everything, &filter, today),
        };
        let totals = DueTotals::of_tracked(everything.iter().map(|g| (g, g.actions)), today);
        let (owners, departments) = store.plan_names()?;
        let (owners, departments) = filter_choices(
            owners.iter().map(String::as_str),
            departments.iter().map(String::as_str),
        );

        let mut ids = store.plan_action_ids(&PlanRead {
            segments: &plan_segments(&filter, today),
            order: ListOrder::Plan,
            owner_key,
            department_key: filter.department_key(),
            status: filter.status,
            limit: filter.limit,
        })?;
        // The overdue and due-soon lists, whatever the filter.
        for (segments, order) in [
            (overdue_segments(today), ListOrder::Plan),
            (due_soon_segments(today), ListOrder::SoonestDue),
        ] {
            ids.extend(store.plan_action_ids(&PlanRead {
                segments: &segments,
                order,
                owner_key: None,
                department_key: None,
                status: None,
                limit: Some(LIST_LIMIT as u32),
            })?);
        }
        ids.sort_unstable();
        ids.dedup();
        let candidates = store.actions_by_ids(&ids)?;
        let mut assessment_ids: Vec<Uuid> = candidates.iter().map(|a| a.assessment_id).collect();
        assessment_ids.sort_unstable();
        assessment_ids.dedup();
        let assessments = store.assessments_by_ids(&assessment_ids)?;
        Ok(PlanView::assemble(
            self.frameworks(),
            PlanParts {
                candidates,
                assessments: assessments.iter().collect(),
                counts,
                totals,
                owners,
                departments,
            },
            filter,
            today,
        ))
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
