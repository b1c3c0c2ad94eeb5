// The assessment overview (#/assessments/<id>): the NHS task-list page. What
// the assessment is and where it stands (in numbers and in pictures), then
// every part and step with its state, the way to carry on, to check the
// answers, to see the action plan (with how many actions are open and
// overdue) and to see the audit trail, and the task of signing it off and
// downloading the report. A signed-off (sealed) assessment says so first.

import { progressBar, responseChart, type ChartPart } from "../components/charts";
import {
  backLink,
  buttonLink,
  insetText,
  notificationBanner,
  pageGrid,
  summaryList,
  tag,
  type SummaryRow,
} from "../components/layout";
import { stepStateLabel, stepStateTag } from "../components/progress-list";
import {
  getAssessment,
  getPlan,
  type AnswerRecord,
  type Assessment,
  type AssessmentDetail,
  type CatalogueEntry,
  type CatalogueView,
  type EntryReview,
  type PlanCounts,
  type Review,
} from "../ipc/api";
import { catalogueParts, findEntry, responseLabelsFor, responseLabelsForEntry, scaleOfPart } from "../lib/catalogue";
import { formatLongDate, formatLongDateUtc } from "../lib/dates";
import { h } from "../lib/dom";
import { openActionsSummary } from "../lib/plan";
import { paths } from "../lib/router";
import {
  SEALED_BANNER,
  SIGN_OFF_TASK,
  isSealed,
  signOffTaskState,
  versionLabel,
  type SignOffTaskState,
} from "../lib/sealing";
import { catalogueFor, type PageView } from "../state";
import { assessmentTag } from "./list";

/** Where "Continue" goes: the first step (in reading order) that is not yet done, or the check-answers page. */
export function continuePath(assessmentId: string, review: Review): string {
  const next = review.entries.find(
    (entry) => !entry.derived && entry.state !== "complete" && entry.state !== "needs_attention",
  );
  return next === undefined ? paths.review(assessmentId) : paths.question(assessmentId, next.entry_id);
}

/** "Worked out from Item 3a to Item 3g". */
export function derivedFrom(catalogue: CatalogueView, entry: CatalogueEntry): string {
  const first = entry.sub_points[0];
  const last = entry.sub_points.at(-1);
  if (first === undefined || last === undefined) {
    return "";
  }
  const label = (id: string): string => findEntry(catalogue, id)?.label ?? id;
  return first === last ? `Worked out from ${label(first)}` : `Worked out from ${label(first)} to ${label(last)}`;
}

function entryHint(
  catalogue: CatalogueView,
  entry: CatalogueEntry,
  review: EntryReview | undefined,
  answer: AnswerRecord | undefined,
): string | null {
  const parts: string[] = [];
  if (review?.response !== null && review?.response !== undefined) {
    parts.push(`Response: ${responseLabelsForEntry(catalogue, entry)[review.response]}`);
  }
  if (review?.derived === true || entry.sub_points.length > 0) {
    parts.push(
      review?.response === null || review?.response === undefined
        ? `${derivedFrom(catalogue, entry)} once they are all answered`
        : derivedFrom(catalogue, entry),
    );
  }
  if (answer?.action_required === true && review?.response !== null && review?.response !== undefined) {
    parts.push("Action required");
  }
  return parts.length === 0 ? null : parts.join(". ");
}

function entryRow(
  assessmentId: string,
  catalogue: CatalogueView,
  entry: CatalogueEntry,
  review: EntryReview | undefined,
  answer: AnswerRecord | undefined,
): HTMLElement {
  const hintId = `entry-hint-${entry.id}`;
  const statusId = `entry-status-${entry.id}`;
  const hint = entryHint(catalogue, entry, review, answer);
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
          "aria-describedby": hint === null ? statusId : `${hintId} ${statusId}`,
        },
        h("span", { class: "app-entry-number" }, entry.label),
        " ",
        entry.text,
      ),
      hint === null ? null : h("div", { class: "nhsuk-task-list__hint", id: hintId }, hint),
    ),
    h("div", { class: "nhsuk-task-list__status" }, stepStateTag(review?.state ?? "not_started", statusId)),
  );
}

function chartParts(catalogue: CatalogueView, review: Review): ChartPart[] {
  return review.parts.map((part) => {
    const view = catalogue.parts.find((candidate) => candidate.key === part.key);
    return {
      heading: part.heading,
      responses: part.responses,
      labels: responseLabelsFor(catalogue, view),
      offered: scaleOfPart(catalogue, view).choices.map((choice) => choice.response),
    };
  });
}

/**
 * What "N answered" counts, for someone who knows the template's items:
 * the steps of each part, and the items answered through their sub-points.
 */
function countedWords(catalogue: CatalogueView, review: Review): string {
  const short = new Map(catalogue.parts.map((part) => [part.key, part.short_heading]));
  const parts = review.parts.map((part) => `${short.get(part.key) ?? part.heading} (${part.total})`);
  const throughSubPoints = catalogue.entries
    .filter((entry) => entry.sub_points.length > 0)
    .map((entry) => `${entry.label} is answered through its ${entry.sub_points.length} sub-points`);
  const list = parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1) ?? ""}`;
  return [`Counted: ${list}.`, ...throughSubPoints.map((words) => `${words}.`)].join(" ");
}

function progressSection(catalogue: CatalogueView, review: Review): HTMLElement {
  return h(
    "section",
    { class: "app-overview-progress", "aria-labelledby": "progress-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "progress-heading" }, "Progress"),
    h(
      "ul",
      { class: "nhsuk-list app-part-progress-list", id: "part-progress" },
      review.parts.map((part) =>
        h(
          "li",
          { class: "app-part-progress-list__item" },
          h(
            "p",
            { class: "nhsuk-body-s app-part-progress-list__text" },
            h("strong", null, part.heading),
            h("br"),
            `${part.answered} of ${part.total} answered, ${part.complete} complete`,
            h("span", { class: "nhsuk-u-visually-hidden" }, `. ${stepStateLabel(part.state)}.`),
          ),
          progressBar({ answered: part.answered, complete: part.complete, total: part.total }),
        ),
      ),
    ),
    h(
      "ul",
      { class: "nhsuk-list app-progress-key", "aria-label": "Key to the progress bars" },
      h("li", null, h("span", { class: "app-progress-key__swatch app-progress-key__swatch--complete" }), " Complete"),
      h(
        "li",
        null,
        h("span", { class: "app-progress-key__swatch app-progress-key__swatch--answered" }),
        " Answered, with something still to do",
      ),
      h("li", null, h("span", { class: "app-progress-key__swatch app-progress-key__swatch--rest" }), " Not answered"),
    ),
    h("h2", { class: "nhsuk-heading-m", id: "responses-heading" }, "Responses"),
    responseChart({
      id: "response-chart",
      tableId: "response-table",
      caption: "Responses in each part",
      parts: chartParts(catalogue, review),
    }),
  );
}

const SIGN_OFF_TAGS: Record<SignOffTaskState, { text: string; colour: string }> = {
  cannot_start: { text: "Cannot start yet", colour: "white" },
  not_started: { text: "Not started", colour: "grey" },
  signed_off: { text: "Signed off", colour: "green" },
};

function signOffHint(assessment: Assessment, state: SignOffTaskState): string {
  switch (state) {
    case "cannot_start":
      return "Mark the assessment complete first. You can download a draft report now.";
    case "not_started":
      return "Confirm the assessment is accurate, which seals it, and download the signed report (PDF).";
    case "signed_off":
      return assessment.sealed_at === null
        ? "Download the signed report (PDF)."
        : `Sealed on ${formatLongDateUtc(assessment.sealed_at)}. Download the signed report (PDF), or add another sign-off.`;
  }
}

/** The task of signing the assessment off, in the NHS task list pattern. */
function signOffTask(assessment: Assessment): HTMLElement {
  const state = signOffTaskState(assessment);
  const { text, colour } = SIGN_OFF_TAGS[state];
  return h(
    "section",
    { class: "app-overview-sign-off", "aria-labelledby": "sign-off-task-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "sign-off-task-heading" }, "Sign off"),
    h(
      "ul",
      { class: "nhsuk-task-list" },
      h(
        "li",
        { class: "nhsuk-task-list__item nhsuk-task-list__item--with-link" },
        h(
          "div",
          { class: "nhsuk-task-list__name-and-hint" },
          h(
            "a",
            {
              class: "nhsuk-task-list__link nhsuk-link",
              id: "sign-off-link",
              href: paths.signOff(assessment.id),
              "aria-describedby": "sign-off-hint sign-off-status",
            },
            SIGN_OFF_TASK,
          ),
          h("div", { class: "nhsuk-task-list__hint", id: "sign-off-hint" }, signOffHint(assessment, state)),
        ),
        h("div", { class: "nhsuk-task-list__status" }, tag(text, colour, "sign-off-status")),
      ),
    ),
  );
}

/** The banner at the top of a sealed assessment. */
function sealedBanner(assessment: Assessment): HTMLElement {
  return notificationBanner({
    id: "sealed-banner",
    title: "Important",
    heading: SEALED_BANNER,
    body: h(
      "p",
      { class: "nhsuk-body" },
      h(
        "a",
        { class: "nhsuk-notification-banner__link", id: "sealed-banner-link", href: paths.signOff(assessment.id) },
        "Go to sign-off and the report",
      ),
    ),
  });
}

/** "Version 2 (view version 1)", for versions after the first. */
function versionRow(assessment: Assessment): SummaryRow | null {
  if (assessment.version <= 1) {
    return null;
  }
  return {
    key: "Version",
    valueId: "assessment-version",
    value: [
      versionLabel(assessment.version),
      assessment.previous_version === null
        ? null
        : [
            " (",
            h(
              "a",
              { class: "nhsuk-link", id: "previous-version-link", href: paths.overview(assessment.previous_version) },
              `view version ${assessment.version - 1}`,
            ),
            ")",
          ],
    ],
  };
}

/** The plan's counts, or null when they could not be read (the link to the plan is still shown). */
async function planCounts(id: string): Promise<PlanCounts | null> {
  try {
    // The counts only: with a limit of 0 the plan sends none of its table.
    return (await getPlan(id, { limit: 0 })).counts;
  } catch {
    return null;
  }
}

export async function overviewPage(id: string): Promise<PageView> {
  const [detail, counts]: [AssessmentDetail, PlanCounts | null] = await Promise.all([
    getAssessment(id),
    planCounts(id),
  ]);
  const { assessment, review } = detail;
  const catalogue = await catalogueFor(assessment.framework_id);
  const answers = new Map(detail.answers.map((answer) => [answer.entry_id, answer]));
  const entryReviews = new Map(review.entries.map((entry) => [entry.entry_id, entry]));
  const partReviews = new Map(review.parts.map((part) => [part.key, part]));
  const sealed = isSealed(assessment);
  const complete = assessment.status === "complete" || sealed;
  const version = versionRow(assessment);
  const completeCount = review.parts.reduce((sum, part) => sum + part.complete, 0);

  const parts = catalogueParts(catalogue).map((part, index) => {
    const partReview = partReviews.get(part.key);
    const headingId = `part-heading-${index + 1}`;
    return h(
      "section",
      { class: "app-part", "aria-labelledby": headingId },
      h("h3", { class: "nhsuk-heading-m", id: headingId }, part.heading),
      part.intro === null ? null : h("p", { class: "nhsuk-body app-source-wording" }, part.intro),
      partReview === undefined
        ? null
        : h(
            "p",
            { class: "nhsuk-body-s app-part-progress" },
            stepStateTag(partReview.state),
            " ",
            `${partReview.complete} of ${partReview.total} complete`,
          ),
      h(
        "ul",
        { class: "nhsuk-task-list" },
        part.entries.map((entry) =>
          entryRow(assessment.id, catalogue, entry, entryReviews.get(entry.id), answers.get(entry.id)),
        ),
      ),
    );
  });

  return {
    heading: assessment.organisation,
    backLink: backLink(paths.list(), "Back to your assessments"),
    content: pageGrid(
      "two-thirds",
      sealed ? sealedBanner(assessment) : null,
      h("span", { class: "nhsuk-caption-l" }, catalogue.framework.title),
      h("h1", null, assessment.organisation),
      summaryList(
        [
          { key: "Organisation", value: assessment.organisation },
          { key: "Date of assessment", value: formatLongDate(assessment.assessment_date) },
          { key: "Assessor", value: assessment.assessor },
          {
            key: "Framework",
            value: `${catalogue.framework.title} (version ${assessment.framework_version})`,
          },
          ...(version === null ? [] : [version]),
          { key: "Status", value: assessmentTag(assessment, "assessment-status-tag") },
        ],
        { id: "assessment-summary" },
      ),
      h("p", { class: "nhsuk-body-l nhsuk-u-margin-bottom-2", id: "assessment-progress" }, `${review.answered} of ${review.total} answered`),
      h("p", { class: "nhsuk-body-s", id: "assessment-counted" }, countedWords(catalogue, review)),
      h("p", { class: "nhsuk-body", id: "assessment-complete-count" }, `${completeCount} of ${review.total} complete`),
      carriedCount(review) === 0
        ? null
        : h(
            "p",
            { class: "nhsuk-body", id: "assessment-carried-count" },
            `${carriedCount(review)} ${carriedCount(review) === 1 ? "answer was" : "answers were"} carried over from an earlier assessment: each counts as not answered until you confirm it or change it.`,
          ),
      complete && !sealed
        ? insetText(
            h(
              "p",
              null,
              "This assessment is marked complete. To change an answer, reopen it from the check your answers page.",
            ),
          )
        : null,
      h(
        "div",
        { class: "nhsuk-button-group" },
        buttonLink(complete ? paths.review(assessment.id) : continuePath(assessment.id, review), "Continue", {
          id: "continue-assessment",
        }),
        buttonLink(paths.review(assessment.id), "Check your answers", { id: "check-answers", secondary: true }),
      ),
      h(
        "ul",
        { class: "nhsuk-list app-overview-links" },
        h(
          "li",
          null,
          h("a", { class: "nhsuk-link", id: "view-action-plan", href: paths.plan(assessment.id) }, "View the action plan"),
          counts === null
            ? null
            : h("span", { class: "app-cell-note", id: "action-plan-count" }, openActionsSummary(counts)),
        ),
        h(
          "li",
          null,
          h("a", { class: "nhsuk-link", id: "view-audit-trail", href: paths.audit(assessment.id) }, "View audit trail"),
        ),
      ),
      signOffTask(assessment),
      progressSection(catalogue, review),
      h("h2", { class: "nhsuk-heading-l app-steps-heading", id: "steps-heading" }, "Steps"),
      h("p", { class: "nhsuk-body-s nhsuk-u-secondary-text-colour" }, catalogue.source_attribution),
      parts,
    ),
  };
}

/** How many answers were carried over and wait for a person to confirm or change them. */
function carriedCount(review: Review): number {
  return review.entries.filter((entry) => entry.carried_from !== null).length;
}
