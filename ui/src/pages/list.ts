// Home (#/, then #/?page=2…): the assessments recorded so far, newest first
// (Rust orders and pages them: a page costs what a page costs, however many
// there are), with where each stands (including signed off, and which
// version replaced which), the way to start a new one, the way to every
// assessment's actions (the dashboard), and the way to check a report PDF
// someone has sent.

import { buttonLink, pageGrid, table, tag } from "../components/layout";
import { pageOf, pagination, showingRange } from "../components/pagination";
import { listAssessmentPage, RULES, type Assessment, type AssessmentStatus } from "../ipc/api";
import { formatLongDate } from "../lib/dates";
import { h, visuallyHidden } from "../lib/dom";
import { ASSESSMENT_STATUS_LABELS } from "../lib/labels";
import { paths } from "../lib/router";
import { isLocked, isSealed, versionLabel } from "../lib/sealing";
import type { PageContext, PageView } from "../state";

/** "In progress" or "Complete", in words and colour. */
export function assessmentStatusTag(status: AssessmentStatus, id?: string): HTMLElement {
  return tag(ASSESSMENT_STATUS_LABELS[status], status === "complete" ? "green" : "blue", id);
}

/** Where an assessment stands, in words and colour: "In progress", "Complete" or "Signed off". */
export function assessmentTag(assessment: Pick<Assessment, "status" | "sealed_at">, id?: string): HTMLElement {
  return isSealed(assessment) ? tag("Signed off", null, id) : assessmentStatusTag(assessment.status, id);
}

/** Under the organisation: "Version 2" for versions after the first. */
function versionNote(assessment: Assessment): HTMLElement | null {
  return assessment.version > 1
    ? h("span", { class: "app-cell-note", id: `assessment-version-${assessment.id}` }, versionLabel(assessment.version))
    : null;
}

/** Under the status: "Replaced by version 3" once a newer version has been started. */
function replacedNote(assessment: Assessment): HTMLElement | null {
  return assessment.next_version === null
    ? null
    : h(
        "span",
        { class: "app-cell-note", id: `assessment-replaced-${assessment.id}` },
        `Replaced by ${versionLabel(assessment.version + 1).toLowerCase()}`,
      );
}

function trainingSection(): HTMLElement {
  return h(
    "section",
    { class: "app-home-section", "aria-labelledby": "training-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "training-heading" }, "Training compliance"),
    h(
      "p",
      { class: "nhsuk-body" },
      `Each organisation's training figures against the ${RULES.training_target_percent}% minimum, by level and staff group, and over time.`,
    ),
    h(
      "ul",
      { class: "nhsuk-list" },
      h("li", null, h("a", { class: "nhsuk-link", id: "training-link", href: paths.training() }, "View training compliance")),
      h("li", null, h("a", { class: "nhsuk-link", id: "board-report-link", href: paths.boardReport() }, "Prepare the annual report to the board")),
    ),
  );
}

function checkPdfSection(): HTMLElement {
  return h(
    "section",
    { class: "app-home-section", "aria-labelledby": "check-pdf-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "check-pdf-heading" }, "Check a report"),
    h(
      "p",
      { class: "nhsuk-body" },
      "Check that a report PDF made by this app is signed, and has not been changed since it was signed off.",
    ),
    h("p", { class: "nhsuk-body" }, h("a", { class: "nhsuk-link", id: "check-pdf-link", href: paths.checkPdf() }, "Check a PDF")),
  );
}

export async function assessmentListPage(ctx: PageContext, page = 1): Promise<PageView> {
  const list = await listAssessmentPage(page);
  const assessments = list.assessments;
  const heading = list.pages > 1 ? `Your assessments (${pageOf(list.page, list.pages).toLowerCase()})` : "Your assessments";
  const frameworks = new Map(ctx.info.frameworks.map((framework) => [framework.id, framework]));
  const startButton = buttonLink(paths.newAssessment(), "Start a new assessment", { id: "start-new-assessment" });
  const pages =
    list.pages > 1
      ? [
          h(
            "p",
            { class: "nhsuk-body", id: "assessment-list-range" },
            showingRange(list.skipped + 1, list.skipped + assessments.length, list.total, "assessments"),
          ),
          pagination({
            id: "assessment-pages",
            label: "Pages of assessments",
            page: list.page,
            pages: list.pages,
            href: paths.list,
          }),
        ]
      : [];

  const body =
    list.total === 0
      ? [
          h("p", { class: "nhsuk-body", id: "no-assessments" }, "You have not started any assessments yet."),
          h(
            "p",
            { class: "nhsuk-body" },
            "An assessment records how far your organisation meets each part of a Prevent self-assessment " +
              "framework, what action is needed, who leads it and by when. Everything is kept on this computer.",
          ),
          startButton,
          trainingSection(),
          checkPdfSection(),
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
                [
                  h(
                    "a",
                    {
                      class: "nhsuk-link",
                      id: `assessment-link-${assessment.id}`,
                      href: paths.overview(assessment.id),
                    },
                    visuallyHidden(isLocked(assessment) ? "View the assessment for " : "Resume the assessment for "),
                    assessment.organisation,
                  ),
                  versionNote(assessment),
                ],
                formatLongDate(assessment.assessment_date),
                framework === undefined
                  ? `${assessment.framework_id} (${assessment.framework_version})`
                  : `${framework.title} (${assessment.framework_version})`,
                [assessmentTag(assessment, `assessment-status-${assessment.id}`), replacedNote(assessment)],
                h("span", { id: `assessment-progress-${assessment.id}` }, `${answered} of ${total} answered`),
              ];
            }),
          }),
          ...pages,
          trainingSection(),
          checkPdfSection(),
        ];

  return {
    heading,
    content: pageGrid(list.total === 0 ? "two-thirds" : "full", h("h1", null, "Your assessments"), body),
  };
}
