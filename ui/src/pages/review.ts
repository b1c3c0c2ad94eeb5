// Check your answers (#/assessments/<id>/review): every entry, part by part,
// as recorded; every gap that stops the assessment being marked complete (as
// an error summary whose links open the step with focus on the field); what
// needs attention but does not block; and marking the assessment complete or
// reopening it (or, once complete, going on to sign it off). A signed-off
// assessment is sealed: it cannot be reopened, only replaced by a new version
// from the sign-off page. The app's own rules decide what blocks: this page
// shows the review it is given and never works out completeness itself.

import { errorSummary, type SummaryItem } from "../components/errors";
import {
  backLink,
  buttonLink,
  focusProgrammatically,
  notificationBanner,
  pageGrid,
  summaryList,
  type SummaryRow,
} from "../components/layout";
import { stepStateTag } from "../components/progress-list";
import {
  getAssessment,
  markComplete,
  reopenAssessment,
  toAppError,
  type AnswerRecord,
  type AppError,
  type AssessmentDetail,
  type CatalogueEntry,
  type CatalogueView,
  type EntryReview,
  type Finding,
} from "../ipc/api";
import { asksFor, catalogueParts, entryStem, responseLabelsForEntry } from "../lib/catalogue";
import { formatLongDate } from "../lib/dates";
import { h, replaceChildren, visuallyHidden } from "../lib/dom";
import { STEP_STATE_LABELS } from "../lib/labels";
import { paths } from "../lib/router";
import { SEALED_NOTICE, SIGN_OFF_TASK, isSealed } from "../lib/sealing";
import { catalogueFor, documentTitle, type PageView } from "../state";
import { assessmentTag } from "./list";
import { derivedFrom } from "./overview";

const HEADING = "Check your answers";
const NOT_GIVEN = "Not given";

type Notice = "completed" | "reopened";

function findingLinks(assessmentId: string, findings: readonly Finding[]): SummaryItem[] {
  return findings.map((finding) => ({
    message: finding.message,
    href: paths.question(assessmentId, finding.entry_id, finding.field),
  }));
}

/** The error summary of everything that stops completion (and Rust's refusal, if it gave one). */
function blockingSummary(assessmentId: string, blocking: readonly Finding[], refusal: AppError | null): HTMLElement {
  const description =
    refusal !== null
      ? refusal.message
      : blocking.length === 1
        ? "You cannot mark this assessment complete yet. There is 1 thing to put right:"
        : `You cannot mark this assessment complete yet. There are ${blocking.length} things to put right:`;
  return errorSummary(findingLinks(assessmentId, blocking), { id: "review-error-summary", description });
}

function evidenceText(count: number): string {
  if (count === 0) {
    return "None";
  }
  return count === 1 ? "1 piece of evidence" : `${count} pieces of evidence`;
}

function orNotGiven(value: string | null | undefined): string {
  return value === null || value === undefined || value.trim() === "" ? NOT_GIVEN : value;
}

function entryRows(
  catalogue: CatalogueView,
  entry: CatalogueEntry,
  review: EntryReview | undefined,
  answer: AnswerRecord | undefined,
  evidenceCount: number,
): SummaryRow[] {
  const labels = responseLabelsForEntry(catalogue, entry);
  const response = review?.response ?? null;
  const responseText = response === null ? "Not answered" : labels[response];
  const rows: SummaryRow[] = [
    { key: "Status", value: stepStateTag(review?.state ?? "not_started") },
  ];
  if (entry.sub_points.length > 0) {
    rows.push({
      key: "Response",
      value: [responseText, h("br"), h("span", { class: "nhsuk-body-s app-derived-note" }, derivedFrom(catalogue, entry))],
      valueId: `review-response-${entry.id}`,
    });
    return rows;
  }
  if (review?.carried_from != null) {
    const carried = review.carried_response === null ? "no response" : labels[review.carried_response];
    rows.push({
      key: "Carried over",
      value: `${carried}, from ${review.carried_from}: confirm it or change it`,
      valueId: `review-carried-${entry.id}`,
    });
  }
  rows.push({ key: "Response", value: responseText, valueId: `review-response-${entry.id}` });
  if (response === "na") {
    rows.push({ key: "Why it does not apply", value: orNotGiven(answer?.na_reason) });
  }
  if (response !== null && answer !== undefined) {
    rows.push({ key: "Action required", value: answer.action_required ? "Yes" : "No" });
  }
  if (answer !== undefined && (answer.action_required || answer.lead !== "" || answer.due_date !== null)) {
    rows.push({ key: "Lead", value: orNotGiven(answer.lead) });
    rows.push({
      key: "Date for completion",
      value: answer.due_date === null ? NOT_GIVEN : formatLongDate(answer.due_date),
    });
  }
  rows.push({ key: "Comment", value: answer === undefined || answer.comment === "" ? "None" : answer.comment });
  if (asksFor(catalogue, entry, "policy_ref")) {
    rows.push({ key: "Policy name or reference", value: orNotGiven(answer?.policy_ref) });
  }
  if (asksFor(catalogue, entry, "review_date")) {
    rows.push({
      key: "Policy review date",
      value: answer?.review_date === null || answer?.review_date === undefined ? NOT_GIVEN : formatLongDate(answer.review_date),
    });
  }
  rows.push({ key: "Evidence", value: evidenceText(evidenceCount), valueId: `review-evidence-${entry.id}` });
  return rows;
}

function entryCard(
  assessmentId: string,
  catalogue: CatalogueView,
  entry: CatalogueEntry,
  review: EntryReview | undefined,
  answer: AnswerRecord | undefined,
  evidenceCount: number,
  editable: boolean,
): HTMLElement {
  const stem = entry.kind === "sub_point" ? entryStem(catalogue, entry) : null;
  return h(
    "div",
    {
      class: ["nhsuk-card", "app-review-card", entry.kind === "sub_point" && "app-review-card--sub-point"],
      id: `review-entry-${entry.id}`,
    },
    h(
      "div",
      { class: "nhsuk-card__heading-container" },
      h("h3", { class: "nhsuk-card__heading nhsuk-heading-s" }, entry.label),
      h(
        "div",
        { class: "nhsuk-card__actions" },
        h(
          "a",
          { class: "nhsuk-link", id: `review-change-${entry.id}`, href: paths.question(assessmentId, entry.id) },
          editable ? "Change" : "View",
          visuallyHidden(` (${entry.label})`),
        ),
      ),
    ),
    h(
      "div",
      { class: "nhsuk-card__content" },
      h(
        "div",
        { class: "app-source-wording" },
        stem === null ? null : h("p", { class: "nhsuk-body-s app-source-stem" }, stem),
        h("p", { class: "nhsuk-body" }, entry.text),
      ),
      summaryList(entryRows(catalogue, entry, review, answer, evidenceCount), {
        extraClass: "nhsuk-summary-list--no-last-row-border",
      }),
    ),
  );
}

export async function reviewPage(id: string): Promise<PageView> {
  const first = await getAssessment(id);
  const catalogue = await catalogueFor(first.assessment.framework_id);
  const root = h("div", { class: "app-review" });
  let detail: AssessmentDetail = first;
  let busy = false;

  /** Fills the page; returns what should take focus. */
  const render = (notice: Notice | null, refusal: AppError | null): HTMLElement | null => {
    const { assessment, review } = detail;
    const sealed = isSealed(assessment);
    const complete = assessment.status === "complete" || sealed;
    const entryReviews = new Map(review.entries.map((entry) => [entry.entry_id, entry]));
    const answers = new Map(detail.answers.map((answer) => [answer.entry_id, answer]));
    const evidenceCounts = new Map<string, number>();
    for (const item of detail.evidence) {
      evidenceCounts.set(item.entry_id, (evidenceCounts.get(item.entry_id) ?? 0) + 1);
    }

    const summarySlot = h("div", { class: "app-error-summary-slot" });
    const showBlocking = (withRefusal: AppError | null): HTMLElement => {
      const summary = blockingSummary(assessment.id, review.blocking, withRefusal);
      summarySlot.replaceChildren(summary);
      return summary;
    };
    let focus: HTMLElement | null = null;
    // The error summary is for a refused "Mark as complete" (the NHS
    // pattern); before that, what is left is a calm list below.
    if (!complete && refusal !== null) {
      focus = showBlocking(refusal);
    }
    const stillToDo =
      complete || review.blocking.length === 0
        ? null
        : h(
            "section",
            { class: "app-review-left", id: "review-left", "aria-labelledby": "review-left-heading" },
            h("h2", { class: "nhsuk-heading-m", id: "review-left-heading" }, "Still to do"),
            h(
              "ul",
              { class: "nhsuk-list", id: "review-left-parts" },
              review.parts.map((part) =>
                h("li", null, `${part.heading}: ${part.complete} of ${part.total} complete`),
              ),
            ),
            h(
              "p",
              { class: "nhsuk-body" },
              review.blocking.length === 1
                ? "1 thing to do before the assessment can be marked complete:"
                : `${review.blocking.length} things to do before the assessment can be marked complete:`,
            ),
            h(
              "ul",
              { class: "nhsuk-list nhsuk-list--bullet", id: "review-left-list" },
              findingLinks(assessment.id, review.blocking).map((item) =>
                h("li", null, h("a", { class: "nhsuk-link", href: item.href }, item.message)),
              ),
            ),
          );

    let banner: HTMLElement | null = null;
    if (notice === "completed") {
      banner = notificationBanner({
        id: "assessment-status",
        title: "Success",
        heading: "Assessment marked complete",
        body: [
          h(
            "p",
            { class: "nhsuk-body" },
            "The audit trail records who marked it complete and when. You can reopen it to make changes.",
          ),
          h(
            "p",
            { class: "nhsuk-body" },
            h(
              "a",
              { class: "nhsuk-notification-banner__link", id: "banner-sign-off-link", href: paths.signOff(assessment.id) },
              "Sign off and download the report",
            ),
          ),
        ],
        success: true,
      });
    } else if (notice === "reopened") {
      banner = notificationBanner({
        id: "assessment-status",
        title: "Success",
        heading: "Assessment reopened",
        body: h("p", { class: "nhsuk-body" }, "You can change answers again. Mark it complete when you are done."),
        success: true,
      });
    }
    if (banner !== null) {
      focus = banner;
    }

    const warnings =
      review.warnings.length === 0
        ? null
        : h(
            "section",
            { class: "app-review-warnings", "aria-labelledby": "warnings-heading" },
            h("h2", { class: "nhsuk-heading-m", id: "warnings-heading" }, STEP_STATE_LABELS.needs_attention),
            h(
              "p",
              { class: "nhsuk-body" },
              "These do not stop the assessment being marked complete, but check each one is right.",
            ),
            h(
              "ul",
              { class: "nhsuk-list nhsuk-list--bullet", id: "review-warnings" },
              findingLinks(assessment.id, review.warnings).map((item) =>
                h("li", null, h("a", { class: "nhsuk-link", href: item.href }, item.message)),
              ),
            ),
          );

    const parts = catalogueParts(catalogue).map((part, index) => {
      const headingId = `review-part-${index + 1}`;
      return h(
        "section",
        { class: "app-part", "aria-labelledby": headingId },
        h("h2", { class: "nhsuk-heading-m", id: headingId }, part.heading),
        part.intro === null ? null : h("p", { class: "nhsuk-body app-source-wording" }, part.intro),
        part.entries.map((entry) =>
          entryCard(
            assessment.id,
            catalogue,
            entry,
            entryReviews.get(entry.id),
            answers.get(entry.id),
            evidenceCounts.get(entry.id) ?? 0,
            !complete,
          ),
        ),
      );
    });

    const markButton = h(
      "button",
      {
        class: "nhsuk-button",
        id: "mark-complete",
        type: "button",
        onClick: () => {
          if (busy) {
            return;
          }
          if (review.blocking.length > 0) {
            const summary = showBlocking(null);
            document.title = documentTitle(HEADING, true);
            focusProgrammatically(summary);
            return;
          }
          busy = true;
          markButton.setAttribute("aria-disabled", "true");
          markComplete(assessment.id)
            .then(async () => {
              detail = await getAssessment(assessment.id);
              show("completed", null);
            })
            .catch(async (reason: unknown) => {
              const error = toAppError(reason);
              try {
                detail = await getAssessment(assessment.id);
              } catch {
                // Keep what is shown; the refusal is what matters.
              }
              show(null, error);
              document.title = documentTitle(HEADING, true);
            })
            .finally(() => {
              busy = false;
              markButton.removeAttribute("aria-disabled");
            });
        },
      },
      "Mark as complete",
    );

    const reopenButton = h(
      "button",
      {
        class: "nhsuk-button nhsuk-button--secondary",
        id: "reopen-assessment",
        type: "button",
        onClick: () => {
          if (busy) {
            return;
          }
          busy = true;
          reopenButton.setAttribute("aria-disabled", "true");
          reopenAssessment(assessment.id)
            .then(async () => {
              detail = await getAssessment(assessment.id);
              show("reopened", null);
            })
            .catch((reason: unknown) => {
              show(null, toAppError(reason));
              document.title = documentTitle(HEADING, true);
            })
            .finally(() => {
              busy = false;
              reopenButton.removeAttribute("aria-disabled");
            });
        },
      },
      "Reopen to make changes",
    );

    const completion = sealed
      ? h(
          "section",
          { class: "app-review-completion", "aria-labelledby": "completion-heading" },
          h("h2", { class: "nhsuk-heading-m", id: "completion-heading" }, "This assessment is signed off and sealed"),
          h("p", { class: "nhsuk-body", id: "sealed-notice" }, SEALED_NOTICE),
          h(
            "p",
            { class: "nhsuk-body" },
            h("a", { class: "nhsuk-link", id: "sign-off-link", href: paths.signOff(assessment.id) }, "Go to sign-off and the report"),
          ),
        )
      : complete
      ? h(
          "section",
          { class: "app-review-completion", "aria-labelledby": "completion-heading" },
          h("h2", { class: "nhsuk-heading-m", id: "completion-heading" }, "This assessment is complete"),
          h(
            "p",
            { class: "nhsuk-body" },
            "The next step is to sign it off: the first sign-off seals it, so it can no longer be changed.",
          ),
          buttonLink(paths.signOff(assessment.id), SIGN_OFF_TASK, { id: "sign-off-link" }),
          h(
            "p",
            { class: "nhsuk-body" },
            "To change an answer first, reopen the assessment. The audit trail records who reopened it and when.",
          ),
          reopenButton,
        )
      : h(
          "section",
          { class: "app-review-completion", "aria-labelledby": "completion-heading" },
          h("h2", { class: "nhsuk-heading-m", id: "completion-heading" }, "Mark the assessment as complete"),
          h(
            "p",
            { class: "nhsuk-body" },
            "When every step is answered, mark the assessment complete. Its answers then cannot be changed " +
              "unless it is reopened. The audit trail records who did each and when.",
          ),
          markButton,
        );

    replaceChildren(
      root,
      pageGrid(
        "two-thirds",
        summarySlot,
        banner,
        h("span", { class: "nhsuk-caption-l" }, assessment.organisation),
        h("h1", null, HEADING),
        summaryList(
          [
            { key: "Status", value: assessmentTag(assessment, "assessment-status-tag") },
            { key: "Answered", value: `${review.answered} of ${review.total}`, valueId: "review-answered" },
            {
              key: "Still to put right",
              value: complete ? "Nothing" : String(review.blocking.length),
              valueId: "review-blocking-count",
            },
          ],
          { id: "review-summary" },
        ),
        stillToDo,
        warnings,
        parts,
        completion,
      ),
    );
    return focus;
  };

  /** Renders again after an action, moving focus to what changed. */
  const show = (notice: Notice | null, refusal: AppError | null): void => {
    const focus = render(notice, refusal);
    document.title = documentTitle(HEADING);
    const target = focus ?? root.querySelector("h1");
    if (target instanceof HTMLElement) {
      focusProgrammatically(target);
    }
  };

  const focus = render(null, null);
  return {
    heading: HEADING,
    backLink: backLink(paths.overview(id), "Back to the assessment"),
    content: root,
    focus,
  };
}
