// The audit trail of an assessment (#/assessments/<id>/audit): every change,
// field by field, with who made it (and their role) and when, newest first.
// Each row is linked to the one before by a SHA-256 hash chain; the app checks
// the chain and the page says first whether it is intact.

import { backLink, insetText, table, pageGrid } from "../components/layout";
import {
  getAssessment,
  getAuditTrail,
  RULES,
  toAppError,
  verifyAuditTrail,
  type AppError,
  type AuditEntry,
  type ChainCheck,
  type CatalogueView,
} from "../ipc/api";
import { findEntry, responseLabelsForEntry } from "../lib/catalogue";
import { formatDateTime, formatLongDate } from "../lib/dates";
import { h, visuallyHidden } from "../lib/dom";
import { isResponse } from "../lib/answers";
import { ASSESSMENT_STATUS_LABELS } from "../lib/labels";
import { paths } from "../lib/router";
import { actorWithRole, catalogueFor, type PageView } from "../state";

/** How each field is named, from the app's own list (generated from Rust). */
const FIELD_LABELS: Readonly<Record<string, string>> = RULES.audit_field_labels;

/** What a row without an entry is about, by the kind of record it changed. */
const ENTITY_LABELS: Readonly<Record<AuditEntry["entity"], string>> = {
  assessment: "Assessment details",
  answer: "Answer",
  evidence: "Evidence",
  action: "Action",
  sign_off: "Sign-off",
};

/** An assessment's statuses (the only status the trail records), as the app names them. */
const STATUS_LABELS: Readonly<Record<string, string>> = ASSESSMENT_STATUS_LABELS;


/** A field's name as people read it. */
export function auditFieldLabel(row: Pick<AuditEntry, "entity" | "field">): string {
  if (row.entity === "evidence" || row.field.startsWith("evidence")) {
    return "Evidence";
  }
  return FIELD_LABELS[row.field] ?? row.field;
}

/** A recorded value as people read it; "(none)" for no value. */
export function auditValue(
  catalogue: CatalogueView | null,
  row: Pick<AuditEntry, "entity" | "field" | "entry_id">,
  value: string | null,
): string {
  if (value === null || value === "") {
    return "(none)";
  }
  if (row.field === "response" && isResponse(value)) {
    const entry = catalogue === null || row.entry_id === null ? undefined : findEntry(catalogue, row.entry_id);
    if (catalogue !== null && entry !== undefined) {
      return responseLabelsForEntry(catalogue, entry)[value];
    }
    return value;
  }
  if (row.field === "status") {
    return STATUS_LABELS[value] ?? value;
  }
  if (row.field === "action_required") {
    return value === "Y" ? "Yes" : value === "N" ? "No" : value;
  }
  if (row.field === "assessment_date" || row.field === "due_date" || row.field === "review_date") {
    return formatLongDate(value);
  }
  if (row.field === "framework_id" && catalogue !== null && catalogue.framework.id === value) {
    return catalogue.framework.title;
  }
  return value;
}

function entryName(catalogue: CatalogueView, row: AuditEntry): string {
  if (row.entry_id === null) {
    return ENTITY_LABELS[row.entity];
  }
  return findEntry(catalogue, row.entry_id)?.label ?? row.entry_id;
}

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
  const catalogue = await catalogueFor(detail.assessment.framework_id);
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
            headings: ["When", "Who", "Entry", "Field", "Old value", "New value"],
            extraClass: "app-audit-table",
            rows: rows.map((row) => [
              formatDateTime(row.at),
              actorWithRole(row.actor, row.actor_role),
              entryName(catalogue, row),
              auditFieldLabel(row),
              auditValue(catalogue, row, row.old_value),
              auditValue(catalogue, row, row.new_value),
            ]),
          }),
    ),
  };
}
