// The safeguarding lead's dashboard (#/actions[?filter]): every assessment's
// actions in one plan, with the organisation and date of assessment of each.
// The same plan drawing as one assessment's plan (components/plan.ts), with
// "How priorities are set" for each framework the app has.

import { backLink } from "../components/layout";
import { planView } from "../components/plan";
import { loadPriorityRules } from "../components/priority-rules";
import { getDashboard, type PlanFilter } from "../ipc/api";
import { h } from "../lib/dom";
import { withLimit } from "../lib/plan";
import { paths } from "../lib/router";
import type { PageContext, PageView } from "../state";

export const DASHBOARD_TITLE = "Actions across all assessments";

export async function dashboardPage(ctx: PageContext, filter: PlanFilter): Promise<PageView> {
  // With "How priorities are set" for each framework the app has (left out where the rules cannot be read).
  const [view, rules] = await Promise.all([
    getDashboard(withLimit(filter)),
    loadPriorityRules(ctx.info.frameworks.map((framework) => ({ id: framework.id, title: framework.title }))),
  ]);
  const heading = DASHBOARD_TITLE;
  return {
    heading,
    backLink: backLink(paths.list(), "Back to your assessments"),
    content: h(
      "div",
      { class: "nhsuk-grid-row" },
      h(
        "div",
        { class: "nhsuk-grid-column-full" },
        planView({
          scope: { kind: "dashboard" },
          view,
          load: getDashboard,
          title: heading,
          header: [
            h("h1", null, heading),
            h(
              "p",
              { class: "nhsuk-body-l" },
              "Every action from every assessment on this computer: what is overdue, what is due soon and who owns it.",
            ),
          ],
          afterChart: rules,
          emptyText:
            "There are no actions yet. When an answer in an assessment needs action, it is added to that " +
            "assessment's action plan and shown here.",
        }),
      ),
    ),
  };
}
