// The safeguarding lead's dashboard (#/actions[?filter]): every assessment's
// actions in one plan, with the organisation and date of assessment of each.
// The same plan drawing as one assessment's plan (components/plan.ts).

import { backLink } from "../components/layout";
import { planView } from "../components/plan";
import { getDashboard, type PlanFilter } from "../ipc/api";
import { h } from "../lib/dom";
import { withLimit } from "../lib/plan";
import { paths } from "../lib/router";
import type { PageView } from "../state";

export const DASHBOARD_TITLE = "Actions across all assessments";

export async function dashboardPage(filter: PlanFilter): Promise<PageView> {
  const view = await getDashboard(withLimit(filter));
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
          emptyText:
            "There are no actions yet. When an answer in an assessment needs action, it is added to that " +
            "assessment's action plan and shown here.",
        }),
      ),
    ),
  };
}
