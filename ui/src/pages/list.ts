// Home (#/): the assessments recorded so far, newest first, with where each
// stands, the way to start a new one, and the way to every assessment's
// actions (the dashboard).

import { buttonLink, pageGrid, table, tag } from "../components/layout";
import { listAssessments, type AssessmentStatus, type AssessmentSummary } from "../ipc/api";
import { formatLongDate } from "../lib/dates";
import { h, visuallyHidden } from "../lib/dom";
import { paths } from "../lib/router";
import type { PageContext, PageView } from "../state";

/** "In progress" or "Complete", in words and colour. */
export function assessmentStatusTag(status: AssessmentStatus, id?: string): HTMLElement {
  return status === "complete" ? tag("Complete", "green", id) : tag("In progress", "blue", id);
}

/** Newest first: by when each was created, then by date of assessment. */
function newestFirst(a: AssessmentSummary, b: AssessmentSummary): number {
  return (
    b.assessment.created_at.localeCompare(a.assessment.created_at) ||
    b.assessment.assessment_date.localeCompare(a.assessment.assessment_date)
  );
}

export async function assessmentListPage(ctx: PageContext): Promise<PageView> {
  const assessments = [...(await listAssessments())].sort(newestFirst);
  const heading = "Your assessments";
  const frameworks = new Map(ctx.info.frameworks.map((framework) => [framework.id, framework]));
  const startButton = buttonLink(paths.newAssessment(), "Start a new assessment", { id: "start-new-assessment" });

  const body =
    assessments.length === 0
      ? [
          h("p", { class: "nhsuk-body", id: "no-assessments" }, "You have not started any assessments yet."),
          h(
            "p",
            { class: "nhsuk-body" },
            "An assessment records how far your organisation meets each part of a Prevent self-assessment " +
              "framework, what action is needed, who leads it and by when. Everything is kept on this computer.",
          ),
          startButton,
        ]
      : [
          h(
            "div",
            { class: "nhsuk-button-group" },
            startButton,
            buttonLink(paths.dashboard(), "View all actions", { id: "view-all-actions", secondary: true }),
          ),
          table({
            id: "assessment-list",
            caption: "Assessments on this computer",
            captionClass: "nhsuk-table__caption--m",
            headings: ["Organisation", "Date of assessment", "Framework", "Status", "Progress"],
            rows: assessments.map(({ assessment, answered, total }) => {
              const framework = frameworks.get(assessment.framework_id);
              return [
                h(
                  "a",
                  {
                    class: "nhsuk-link",
                    id: `assessment-link-${assessment.id}`,
                    href: paths.overview(assessment.id),
                  },
                  visuallyHidden(assessment.status === "complete" ? "View the assessment for " : "Resume the assessment for "),
                  assessment.organisation,
                ),
                formatLongDate(assessment.assessment_date),
                framework === undefined
                  ? `${assessment.framework_id} (${assessment.framework_version})`
                  : `${framework.title} (${assessment.framework_version})`,
                assessmentStatusTag(assessment.status, `assessment-status-${assessment.id}`),
                h("span", { id: `assessment-progress-${assessment.id}` }, `${answered} of ${total} answered`),
              ];
            }),
          }),
        ];

  return {
    heading,
    content: pageGrid(assessments.length === 0 ? "two-thirds" : "full", h("h1", null, heading), body),
  };
}
