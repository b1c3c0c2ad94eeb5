// The audit trail of an assessment (#/assessments/<id>/audit): every change,
// field by field, newest first.

import { backLink, table, pageGrid } from "../components/layout";
import { getAssessment, getAuditTrail, type AuditEntry, type CatalogueView } from "../ipc/api";
import { RESPONSE_LABELS, isResponse } from "../lib/answers";
import { entryLabel, findEntry } from "../lib/catalogue";
import { formatDateTime, formatLongDate } from "../lib/dates";
import { h } from "../lib/dom";
import { paths } from "../lib/router";
import { catalogueFor, type PageView } from "../state";

const FIELD_LABELS: Readonly<Record<string, string>> = {
  framework_id: "Framework",
  framework_version: "Framework version",
  organisation: "Organisation",
  assessor: "Name of assessor",
  assessment_date: "Date of assessment",
  response: "Response",
  na_reason: "Why it does not apply",
  action_required: "Action required",
  comment: "Comment",
  lead: "Department lead / nominated lead",
  due_date: "Date for completion",
};

/** A field's name as people read it. */
export function auditFieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** A recorded value as people read it; "(none)" for no value. */
export function auditValue(field: string, value: string | null): string {
  if (value === null || value === "") {
    return "(none)";
  }
  if (field === "response" && isResponse(value)) {
    return RESPONSE_LABELS[value];
  }
  if (field === "action_required") {
    return value === "Y" ? "Yes" : value === "N" ? "No" : value;
  }
  if (field === "assessment_date" || field === "due_date") {
    return formatLongDate(value);
  }
  return value;
}

function entryName(catalogue: CatalogueView, row: AuditEntry): string {
  if (row.entry_id === null) {
    return "Assessment details";
  }
  const entry = findEntry(catalogue, row.entry_id);
  return entry === undefined ? row.entry_id : entryLabel(entry);
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
            rows: rows.map((row) => [
              formatDateTime(row.at),
              row.actor,
              entryName(catalogue, row),
              auditFieldLabel(row.field),
              auditValue(row.field, row.old_value),
              auditValue(row.field, row.new_value),
            ]),
          }),
    ),
  };
}
