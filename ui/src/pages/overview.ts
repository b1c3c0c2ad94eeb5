// Page 3 (#/assessments/<id>): an assessment's details and every entry, part by
// part, with its status, as a task list.

import { backLink, summaryList, tag, pageGrid } from "../components/layout";
import { getAssessment, type AnswerRecord, type CatalogueEntry } from "../ipc/api";
import { RESPONSE_LABELS } from "../lib/answers";
import { catalogueParts } from "../lib/catalogue";
import { formatLongDate } from "../lib/dates";
import { h } from "../lib/dom";
import { paths } from "../lib/router";
import { catalogueFor, type PageView } from "../state";

const RESPONSE_TAG_COLOURS = {
  yes: "green",
  partial: "yellow",
  no: "red",
  na: "white",
} as const;

/** The status tag of an entry: "Not started" or the response label, in words (not colour alone). */
export function entryStatusTag(entryId: string, answer: AnswerRecord | undefined): HTMLElement {
  const id = `entry-status-${entryId}`;
  if (answer === undefined) {
    return tag("Not started", "grey", id);
  }
  return tag(RESPONSE_LABELS[answer.response], RESPONSE_TAG_COLOURS[answer.response], id);
}

function entryRow(
  assessmentId: string,
  entry: CatalogueEntry,
  answer: AnswerRecord | undefined,
): HTMLElement {
  const hintId = `entry-hint-${entry.id}`;
  const statusId = `entry-status-${entry.id}`;
  const needsAction = answer?.action_required === true;
  return h(
    "li",
    {
      class: [
        "nhsuk-task-list__item",
        "nhsuk-task-list__item--with-link",
        entry.kind === "sub_point" && "app-task-list__item--sub-point",
      ],
    },
    h(
      "div",
      { class: "nhsuk-task-list__name-and-hint" },
      h(
        "a",
        {
          class: "nhsuk-task-list__link nhsuk-link",
          id: `entry-link-${entry.id}`,
          href: paths.question(assessmentId, entry.id),
          "aria-describedby": needsAction ? `${hintId} ${statusId}` : statusId,
        },
        h("span", { class: "app-entry-number" }, entry.id),
        " ",
        entry.text,
      ),
      needsAction ? h("div", { class: "nhsuk-task-list__hint", id: hintId }, "Action required") : null,
    ),
    h("div", { class: "nhsuk-task-list__status" }, entryStatusTag(entry.id, answer)),
  );
}

export async function overviewPage(id: string): Promise<PageView> {
  const detail = await getAssessment(id);
  const { assessment, progress } = detail;
  const catalogue = await catalogueFor(assessment.framework_id);
  const answers = new Map(detail.answers.map((answer) => [answer.entry_id, answer]));
  const partProgress = new Map(progress.parts.map((part) => [part.key, part]));

  const parts = catalogueParts(catalogue).map((part) => {
    const counts = partProgress.get(part.key);
    const headingId = `part-${part.key}`;
    return h(
      "section",
      { class: "app-part", "aria-labelledby": headingId },
      h("h2", { class: "nhsuk-heading-m", id: headingId }, part.heading),
      part.intro === null ? null : h("p", { class: "nhsuk-body app-source-wording" }, part.intro),
      counts === undefined
        ? null
        : h("p", { class: "nhsuk-body-s app-part-progress" }, `${counts.answered} of ${counts.total} answered`),
      h(
        "ul",
        { class: "nhsuk-task-list" },
        part.entries.map((entry) => entryRow(assessment.id, entry, answers.get(entry.id))),
      ),
    );
  });

  return {
    heading: assessment.organisation,
    backLink: backLink(paths.list(), "Back to your assessments"),
    content: pageGrid(
      "two-thirds",
      h("span", { class: "nhsuk-caption-l" }, "Prevent self-assessment"),
      h("h1", null, assessment.organisation),
      summaryList([
        { key: "Date of assessment", value: formatLongDate(assessment.assessment_date) },
        { key: "Assessor", value: assessment.assessor },
        {
          key: "Framework",
          value: `${catalogue.framework.title} (${assessment.framework_version})`,
        },
      ]),
      h(
        "p",
        { class: "nhsuk-body-l", id: "assessment-progress" },
        `${progress.answered} of ${progress.total} answered`,
      ),
      h(
        "p",
        { class: "nhsuk-body" },
        h("a", { class: "nhsuk-link", id: "view-audit-trail", href: paths.audit(assessment.id) }, "View audit trail"),
      ),
      h(
        "p",
        { class: "nhsuk-body-s nhsuk-u-secondary-text-colour" },
        "Item and checklist wording is from the 2011 Department of Health self-assessment tool.",
      ),
      parts,
    ),
  };
}
