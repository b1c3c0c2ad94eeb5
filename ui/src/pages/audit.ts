// The audit trail of an assessment (#/assessments/<id>/audit): every change,
// field by field, with who made it (and their role) and when, newest first.
// Each row is linked to the one before by a SHA-256 hash chain; the app checks
// the chain and the page says first whether it is intact. How each change is
// shown (labels, dates in words) comes from Rust with the row, the same
// words as the report's appendix.

import { backLink, insetText, table, pageGrid } from "../components/layout";
import { getAssessment, getAuditTrail, toAppError, verifyAuditTrail, type AppError, type ChainCheck } from "../ipc/api";
import { formatDateTime } from "../lib/dates";
import { h, visuallyHidden } from "../lib/dom";
import { paths } from "../lib/router";
import { actorWithRole, type PageView } from "../state";

/** "1 change" / "12 changes". */
function changes(count: number): string {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? "change" : "changes"}`;
}

/** Whether the hash chain is intact, in words: first on the page. */
function chainStatus(check: ChainCheck | AppError): HTMLElement {
  if ("kind" in check) {
    return h(
      "div",
      { id: "audit-chain" },
      insetText(h("p", null, `The audit trail could not be checked. ${check.message}`)),
    );
  }
  if (check.broken === null) {
    return h(
      "div",
      { id: "audit-chain" },
      insetText(
        h(
          "p",
          null,
          `The audit trail is intact: ${changes(check.rows)}, each linked to the one before (SHA-256 hash chain).`,
        ),
      ),
    );
  }
  return h(
    "div",
    { class: "nhsuk-card nhsuk-card--care nhsuk-card--care--urgent", id: "audit-chain" },
    h(
      "div",
      { class: "nhsuk-card__heading-container" },
      h(
        "h2",
        { class: "nhsuk-card__heading", id: "audit-chain-heading" },
        visuallyHidden("Warning: "),
        "The audit trail has been changed outside the app",
      ),
      h("span", { class: "nhsuk-card--care__arrow", "aria-hidden": "true" }),
    ),
    h(
      "div",
      { class: "nhsuk-card__content" },
      h("p", { class: "nhsuk-body", id: "audit-chain-problem" }, `Change ${check.broken.seq}: ${check.broken.problem}`),
      h(
        "p",
        { class: "nhsuk-body" },
        "A change was edited, removed or put out of order after it was recorded, so this trail cannot be relied on. " +
          "Keep a copy of the database file as it is and report it to whoever looks after this computer.",
      ),
    ),
  );
}

export async function auditPage(id: string): Promise<PageView> {
  const [detail, trail, chain] = await Promise.all([
    getAssessment(id),
    getAuditTrail(id),
    verifyAuditTrail(id).catch((reason: unknown) => toAppError(reason)),
  ]);
  const heading = "Audit trail";
  const rows = [...trail].sort((a, b) => b.seq - a.seq);

  return {
    heading: `${heading}: ${detail.assessment.organisation}`,
    backLink: backLink(paths.overview(detail.assessment.id), "Back to the assessment"),
    content: pageGrid(
      "full",
      h("span", { class: "nhsuk-caption-l" }, detail.assessment.organisation),
      h("h1", null, heading),
      chainStatus(chain),
      h(
        "p",
        { class: "nhsuk-body" },
        "Every change to this assessment, with who made it and when. Newest changes are first.",
      ),
      rows.length === 0
        ? h("p", { class: "nhsuk-body" }, "No changes have been recorded yet.")
        : table({
            id: "audit-trail",
            caption: "Changes to this assessment",
            captionClass: "nhsuk-u-visually-hidden",
            headings: ["When", "Who", "What changed", "Field", "Old value", "New value"],
            extraClass: "app-audit-table",
            rows: rows.map((row) => [
              formatDateTime(row.at),
              actorWithRole(row.actor, row.actor_role),
              row.shown.what,
              row.shown.field,
              row.shown.old_value,
              row.shown.new_value,
            ]),
          }),
    ),
  };
}
