// The audit trail of an assessment (#/assessments/<id>/audit): every change,
// field by field, with who made it (and their role) and when, newest first.

import { backLink, table, pageGrid } from "../components/layout";
import {
  getAssessment,
  getAuditTrail,
  type AuditEntry,
  type CatalogueView,
  type Response,
} from "../ipc/api";
import { findEntry, responseLabelsForEntry } from "../lib/catalogue";
import { formatDateTime, formatLongDate } from "../lib/dates";
import { h } from "../lib/dom";
import { paths } from "../lib/router";
import { actorWithRole, catalogueFor, type PageView } from "../state";

const FIELD_LABELS: Readonly<Record<string, string>> = {
  framework_id: "Framework",
  framework_version: "Framework version",
  organisation: "Organisation",
  assessor: "Name of assessor",
  assessment_date: "Date of assessment",
  status: "Status",
  response: "Response",
  na_reason: "Why it does not apply",
  action_required: "Action required",
  comment: "Comment",
  lead: "Lead",
  due_date: "Date for completion",
  policy_ref: "Policy name or reference",
  review_date: "Policy review date",
};

const STATUS_LABELS: Readonly<Record<string, string>> = {
  in_progress: "In progress",
  complete: "Complete",
};

const RESPONSES: readonly string[] = ["yes", "partial", "no", "na"] satisfies Response[];

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
  if (row.field === "response" && RESPONSES.includes(value)) {
    const entry = catalogue === null || row.entry_id === null ? undefined : findEntry(catalogue, row.entry_id);
    if (catalogue !== null && entry !== undefined) {
      return responseLabelsForEntry(catalogue, entry)[value as Response];
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
    return "Assessment details";
  }
  return findEntry(catalogue, row.entry_id)?.label ?? row.entry_id;
}

export async function auditPage(id: string): Promise<PageView> {
  const [detail, trail] = await Promise.all([getAssessment(id), getAuditTrail(id)]);
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
