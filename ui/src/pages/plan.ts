// One assessment's action plan (#/assessments/<id>/plan[?filter]): every
// answer that needs action, as an owned, dated, prioritised action, for the
// safeguarding lead to track, filter and download. The plan itself is drawn
// by components/plan.ts, which the dashboard shares; under its chart,
// "How priorities are set" explains the framework's priority rules.

import { backLink, caption } from "../components/layout";
import { planView } from "../components/plan";
import { loadPriorityRules } from "../components/priority-rules";
import { getAssessment, getCatalogue, getPlan, type PlanFilter } from "../ipc/api";
import { formatLongDate } from "../lib/dates";
import { h } from "../lib/dom";
import { withLimit } from "../lib/plan";
import { paths } from "../lib/router";
import type { PageView } from "../state";

export async function planPage(id: string, filter: PlanFilter): Promise<PageView> {
  const [detail, view] = await Promise.all([getAssessment(id), getPlan(id, withLimit(filter))]);
  const { assessment } = detail;
  const catalogue = await getCatalogue(assessment.framework_id);
  // The title as the framework's template prints it ("Action plan following Prevent self-assessment").
  const heading = catalogue.action_plan_title;
  // "How priorities are set" (left out if the rules cannot be read).
  const rules = await loadPriorityRules([
    { id: assessment.framework_id, title: catalogue.framework.title, catalogue },
  ]);
  return {
    heading: `${heading}: ${assessment.organisation}`,
    backLink: backLink(paths.overview(assessment.id), "Back to the assessment"),
    content: h(
      "div",
      { class: "nhsuk-grid-row" },
      h(
        "div",
        { class: "nhsuk-grid-column-full" },
        planView({
          scope: { kind: "assessment", assessmentId: assessment.id },
          view,
          load: (next) => getPlan(assessment.id, next),
          title: `${heading}: ${assessment.organisation}`,
          header: [
            caption(`${assessment.organisation} – assessed ${formatLongDate(assessment.assessment_date)}`),
            h("h1", null, heading),
            h(
              "p",
              { class: "nhsuk-body-l" },
              "Every answer that needs action becomes an action here, with who owns it and when it is due.",
            ),
          ],
          afterChart: rules,
          emptyText: "This assessment has no actions yet. An action is added here when an answer needs action.",
        }),
      ),
    ),
  };
}
