// Record figures (#/training/record?organisation=…): a reporting date's figures
// typed in by hand, one row per staff group of the training needs analysis:
// its headcount and how many are in date at the level it needs. Headcounts
// start from the latest reporting date's, since staff numbers change slowly.
// All the groups typed are saved together, or none (Rust checks each again).

import { FormErrors, type FieldControl, type FormError } from "../components/errors";
import { dateInput, textInput, type TextInputField } from "../components/fields";
import { backLink, pageGrid } from "../components/layout";
import { getTraining, getTrainingNeeds, RULES, recordTrainingDate, toAppError } from "../ipc/api";
import { parseDateParts, todayParts } from "../lib/dates";
import { h } from "../lib/dom";
import { navigate, paths } from "../lib/router";
import { documentTitle, type PageView } from "../state";
import { groupsFirst } from "./training-groups";

const HEADING = "Record training figures";

interface GroupRow {
  group: string;
  headcount: TextInputField;
  inDate: TextInputField;
}

/** A count as typed: a whole number, or null when it is not one. */
function count(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : null;
}

export async function trainingRecordPage(organisation: string, today: Date = new Date()): Promise<PageView> {
  const [needs, view] = await Promise.all([getTrainingNeeds(organisation), getTraining(organisation)]);
  const back = backLink(paths.training(needs.organisation), "Back to training compliance");
  if (needs.groups.length === 0) {
    return groupsFirst(HEADING, needs.organisation, "Add them first, with the level of training each needs.", back);
  }


  const summarySlot = h("div", { class: "app-error-summary-slot" });
  const date = dateInput({
    idPrefix: "as-of",
    legend: "Reporting date",
    legendClass: "nhsuk-fieldset__legend--s",
    hint: "The day the figures are for, usually the last day of the month. For example, 30 11 2026",
    value: todayParts(today),
  });
  const lastHeadcount = new Map(view.groups.map((g) => [g.group, g.headcount]));
  const rows: GroupRow[] = needs.groups.map((group, index) => {
    const n = index + 1;
    const levelWords = group.level === "3" ? "level 3" : "levels 1 and 2";
    const headcount = textInput({
      id: `headcount-${n}`,
      label: "Headcount",
      inputClass: "nhsuk-input--width-5",
      value: String(lastHeadcount.get(group.name) ?? ""),
    });
    const inDate = textInput({
      id: `in-date-${n}`,
      label: `In date at ${levelWords}`,
      inputClass: "nhsuk-input--width-5",
    });
    for (const field of [headcount, inDate]) {
      field.input.inputMode = "numeric";
    }
    return { group: group.name, headcount, inDate };
  });

  const controls: Record<string, FieldControl> = {
    as_of: date.control,
  };
  rows.forEach((row, index) => {
    controls[`headcount-${index + 1}`] = row.headcount.control;
    controls[`in-date-${index + 1}`] = row.inDate.control;
  });
  const errors = new FormErrors(summarySlot, controls);
  const showErrors = (problems: readonly FormError[]): void => {
    errors.show(problems);
    document.title = documentTitle(HEADING, problems.length > 0);
  };

  let busy = false;
  const submit = h("button", { class: "nhsuk-button", type: "submit", id: "save-figures" }, "Save figures");
  const onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (busy) {
      return;
    }
    const problems: FormError[] = [];
    const parsed = parseDateParts(date.values(), "Reporting date", { required: true });
    if (!parsed.ok) {
      problems.push({ field: "as_of", message: parsed.message, parts: parsed.parts });
    }
    const groups: { group: string; headcount: number; in_date: number }[] = [];
    rows.forEach((row, index) => {
      const n = index + 1;
      const headText = row.headcount.input.value.trim();
      const inText = row.inDate.input.value.trim();
      if (headText === "" && inText === "") {
        return;
      }
      const headcount = count(headText);
      const inDate = count(inText);
      if (headcount === null) {
        problems.push({ field: `headcount-${n}`, message: `Enter the headcount of ${row.group} as a whole number, 0 or more` });
      }
      if (inDate === null) {
        problems.push({
          field: `in-date-${n}`,
          message: `Enter how many of ${row.group} are in date, as a whole number, 0 or more`,
        });
      }
      if (headcount !== null && inDate !== null) {
        if (inDate > headcount) {
          problems.push({
            field: `in-date-${n}`,
            message: `${row.group}: in date (${inDate}) cannot be more than the headcount (${headcount})`,
          });
        } else {
          groups.push({ group: row.group, headcount, in_date: inDate });
        }
      }
    });
    if (problems.length === 0 && groups.length === 0) {
      problems.push({ field: "headcount-1", message: "Enter the figures of at least one staff group" });
    }
    if (problems.length > 0 || !parsed.ok) {
      showErrors(problems);
      return;
    }
    busy = true;
    submit.setAttribute("aria-disabled", "true");
    recordTrainingDate({ organisation: needs.organisation, as_of: parsed.value, groups })
      .then((saved) => navigate(paths.training(saved.organisation)))
      .catch((reason: unknown) => {
        const error = toAppError(reason);
        showErrors([{ field: error.field === "as_of" ? "as_of" : null, message: error.message }]);
      })
      .finally(() => {
        busy = false;
        submit.removeAttribute("aria-disabled");
      });
  };

  return {
    heading: HEADING,
    backLink: back,
    content: pageGrid(
      "two-thirds",
      summarySlot,
      h("span", { class: "nhsuk-caption-l" }, needs.organisation),
      h("h1", null, HEADING),
      h(
        "p",
        { class: "nhsuk-body" },
        `For each staff group: how many staff it has, and how many completed the level of Prevent training it needs within the last ${needs.validity_years} ${needs.validity_years === 1 ? "year" : "years"}. Leave a group blank to keep what is recorded for it. Figures already recorded for the date are replaced.`,
      ),
      h(
        "form",
        { novalidate: true, id: "record-form", onSubmit },
        date.group,
        rows.map((row) =>
          h(
            "div",
            { class: "nhsuk-form-group" },
            h(
              "fieldset",
              { class: "nhsuk-fieldset" },
              h(
                "legend",
                { class: "nhsuk-fieldset__legend nhsuk-fieldset__legend--s" },
                row.group,
              ),
              h("div", { class: "app-figures-row" }, row.headcount.group, row.inDate.group),
            ),
          ),
        ),
        h(
          "p",
          { class: "nhsuk-body-s" },
          `The ${RULES.training_target_percent}% minimum is checked on the exact figures once saved.`,
        ),
        submit,
      ),
    ),
  };
}
