// Page 1 (#/): the assessments recorded so far, and the way to start a new one.

import { table, pageGrid } from "../components/layout";
import { listAssessments } from "../ipc/api";
import { formatLongDate } from "../lib/dates";
import { h } from "../lib/dom";
import { paths } from "../lib/router";
import type { PageView } from "../state";

export async function assessmentListPage(): Promise<PageView> {
  const assessments = await listAssessments();
  const heading = "Your assessments";
  const startButton = h(
    "a",
    {
      class: "nhsuk-button",
      id: "start-new-assessment",
      href: paths.newAssessment(),
      draggable: "false",
    },
    "Start a new assessment",
  );

  const body =
    assessments.length === 0
      ? [
          h(
            "p",
            { class: "nhsuk-body" },
            "You have not started any assessments yet.",
          ),
          h(
            "p",
            { class: "nhsuk-body" },
            "An assessment records how far your organisation has put in place each item of the " +
              "Department of Health's 2011 Prevent self-assessment tool, what action is needed, " +
              "who leads it and by when. Everything is kept on this computer.",
          ),
          startButton,
        ]
      : [
          startButton,
          table({
            id: "assessment-list",
            caption: "Assessments on this computer",
            captionClass: "nhsuk-table__caption--m",
            headings: ["Organisation", "Date of assessment", "Assessor", "Progress"],
            rows: assessments.map(({ assessment, answered, total }) => [
              h("a", { class: "nhsuk-link", href: paths.overview(assessment.id) }, assessment.organisation),
              formatLongDate(assessment.assessment_date),
              assessment.assessor,
              `${answered} of ${total} answered`,
            ]),
          }),
        ];

  return {
    heading,
    content: pageGrid(
      assessments.length === 0 ? "two-thirds" : "full",
      h("h1", null, heading),
      body,
    ),
  };
}
