// Quarterly summary (#/training/quarterly?organisation=…): the upward return.
// Trusts report training compliance to their board monthly and upward every
// quarter; this page shows a calendar quarter's compliance by level and
// overall at each of its reporting dates, with the referrals and the named
// leads people supply, and saves it as CSV or Excel. Rust builds every row;
// nothing people type here is kept.

import { FormErrors, addTextProblem, referralsCount, type FormError } from "../components/errors";
import { select, textInput } from "../components/fields";
import { backLink, insetText, pageGrid, table } from "../components/layout";
import {
  exportQuarterlyReturn,
  getQuarterlyReturn,
  getTraining,
  toAppError,
  type QuarterlyRequest,
  type QuarterlyReturn,
  type SummaryFormat,
} from "../ipc/api";
import { formatLongDate } from "../lib/dates";
import { h } from "../lib/dom";
import { paths } from "../lib/router";
import { textRule } from "../lib/validation";
import { documentTitle, type PageView } from "../state";

const HEADING = "Quarterly summary";

function summaryTable(summary: QuarterlyReturn): HTMLElement {
  return table({
    id: "quarterly-rows",
    caption: `${summary.organisation}, ${summary.quarter_label}`,
    captionClass: "nhsuk-table__caption--s",
    headings: ["Reporting date", "Measure", "Value"],
    rows: summary.rows.map((row) => [
      row.reporting_date === null ? "For the quarter" : formatLongDate(row.reporting_date),
      row.measure,
      row.value,
    ]),
  });
}

export async function trainingQuarterlyPage(organisation: string): Promise<PageView> {
  const view = await getTraining(organisation);
  const back = backLink(paths.training(view.organisation), "Back to training compliance");
  if (view.quarters.length === 0) {
    return {
      heading: HEADING,
      backLink: back,
      content: pageGrid(
        "two-thirds",
        h("h1", null, HEADING),
        insetText(h("p", { id: "quarterly-none" }, `No training figures are recorded for ${view.organisation} yet.`)),
      ),
    };
  }

  const summarySlot = h("div", { class: "app-error-summary-slot" });
  const resultSlot = h("div", { id: "quarterly-result" });
  const status = h("div", { class: "nhsuk-body app-report-status", id: "quarterly-status", role: "status", "aria-live": "polite" });
  const quarter = select({
    id: "quarter",
    label: "Quarter",
    labelClass: "nhsuk-label--s",
    hint: "A calendar quarter: Q1 is January to March. Only quarters with figures are listed.",
    choices: view.quarters.map((q) => ({ value: q.code, label: q.label })),
  });
  const referrals = textInput({
    id: "quarterly-referrals",
    name: "referrals",
    label: "Prevent referrals made in the quarter (optional)",
    labelClass: "nhsuk-label--s",
    inputClass: "nhsuk-input--width-5",
  });
  referrals.input.inputMode = "numeric";
  const accountable = textInput({
    id: "accountable-lead",
    name: "accountable_lead",
    label: "Accountable Prevent lead (optional)",
    labelClass: "nhsuk-label--s",
    autocomplete: "off",
  });
  const operational = textInput({
    id: "operational-lead",
    name: "operational_lead",
    label: "Operational Prevent lead (optional)",
    labelClass: "nhsuk-label--s",
    autocomplete: "off",
  });
  const errors = new FormErrors(summarySlot, {
    quarter: quarter.control,
    referrals: referrals.control,
    accountable_lead: accountable.control,
    operational_lead: operational.control,
  });
  const showErrors = (problems: readonly FormError[]): void => {
    errors.show(problems);
    document.title = documentTitle(HEADING, problems.length > 0);
  };

  /** The request as typed, or null (with the problems shown) when it cannot be made. */
  const request = (): QuarterlyRequest | null => {
    const problems: FormError[] = [];
    const typed = referrals.input.value.trim();
    const count = referralsCount(typed, problems);
    addTextProblem(problems, "accountable_lead", accountable.input.value, textRule("actor"));
    addTextProblem(problems, "operational_lead", operational.input.value, textRule("actor"));
    if (problems.length > 0) {
      showErrors(problems);
      return null;
    }
    errors.clear();
    document.title = documentTitle(HEADING);
    return {
      organisation: view.organisation,
      quarter: quarter.select.value,
      referrals: count,
      accountable_lead: accountable.input.value,
      operational_lead: operational.input.value,
    };
  };

  let busy = false;
  const failed = (reason: unknown): void => {
    const error = toAppError(reason);
    showErrors([{ field: error.field ?? null, message: error.message }]);
  };
  const show = (event: SubmitEvent): void => {
    event.preventDefault();
    const asked = request();
    if (busy || asked === null) {
      return;
    }
    busy = true;
    getQuarterlyReturn(asked)
      .then((summary) => resultSlot.replaceChildren(summaryTable(summary)))
      .catch(failed)
      .finally(() => {
        busy = false;
      });
  };
  const save = (format: SummaryFormat): void => {
    const asked = request();
    if (busy || asked === null) {
      return;
    }
    busy = true;
    status.replaceChildren();
    exportQuarterlyReturn(asked, format)
      .then((path) => {
        if (path !== null) {
          status.replaceChildren(
            h("p", { class: "nhsuk-body" }, "Saved to ", h("span", { class: "app-path", id: "quarterly-path" }, path)),
          );
        }
      })
      .catch(failed)
      .finally(() => {
        busy = false;
      });
  };
  const csv = h("button", { class: "nhsuk-button", type: "button", id: "save-quarterly-csv" }, "Save as CSV");
  csv.addEventListener("click", () => save("csv"));
  const xlsx = h("button", { class: "nhsuk-button nhsuk-button--secondary", type: "button", id: "save-quarterly-xlsx" }, "Save as Excel");
  xlsx.addEventListener("click", () => save("xlsx"));

  return {
    heading: HEADING,
    backLink: back,
    content: pageGrid(
      "two-thirds",
      summarySlot,
      h("span", { class: "nhsuk-caption-l" }, view.organisation),
      h("h1", null, HEADING),
      h(
        "p",
        { class: "nhsuk-body" },
        "The upward return for a quarter: training compliance by level and overall at each reporting date in it, " +
          "the Prevent referrals made and the named leads. It is one long table (organisation, quarter, date, measure, " +
          "value), so that a commissioner can put many providers' returns together. What you type here is not kept.",
      ),
      h(
        "form",
        { novalidate: true, id: "quarterly-form", onSubmit: show },
        quarter.group,
        referrals.group,
        accountable.group,
        operational.group,
        h("button", { class: "nhsuk-button nhsuk-button--secondary", type: "submit", id: "show-quarterly" }, "Show the summary"),
      ),
      resultSlot,
      h("div", { class: "nhsuk-button-group app-button-row" }, csv, xlsx),
      status,
    ),
  };
}
