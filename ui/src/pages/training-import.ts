// Import a training export (#/training/import?organisation=…): a CSV or Excel
// report of person-level training records (from ESR or a learning system) is
// read on this computer and counted per staff group and level.
//   1. Choose the file and the reporting date; the app reads its columns.
//   2. Say which column holds what (the mapping last used is remembered); the
//      app counts and shows the counts and every row it could not count as
//      it stands, by line, before anything is saved.
//   3. Save: the app counts the same file again and keeps only the counts,
//      its name and SHA-256. The rows themselves are never stored.

import { FormErrors, type FormError } from "../components/errors";
import { readFileAsBase64 } from "../components/evidence";
import { dateInput, fileInput, select, type SelectField } from "../components/fields";
import { backLink, focusProgrammatically, pageGrid, table } from "../components/layout";
import {
  getTrainingNeeds,
  readTrainingExport,
  RULES,
  saveTrainingExport,
  toAppError,
  type ImportMapping,
  type ImportScreen,
  type UploadedFile,
} from "../ipc/api";
import { formatLongDate, parseDateParts, todayParts } from "../lib/dates";
import { h } from "../lib/dom";
import { navigate, paths } from "../lib/router";
import { documentTitle, type PageView } from "../state";
import { groupsFirst } from "./training-groups";

const HEADING = "Import a training export";
/** The select value for "no column". */
const NONE = "";
/** Rows listed on screen; the rest are counted in a sentence. */
const MALFORMED_SHOWN = 200;

function personalDataNotice(): HTMLElement {
  return h(
    "div",
    { class: "nhsuk-warning-callout", id: "import-personal-data" },
    h(
      "h2",
      { class: "nhsuk-warning-callout__label" },
      h("span", { role: "text" }, h("span", { class: "nhsuk-u-visually-hidden" }, "Important: "), "Personal data is never stored"),
    ),
    h(
      "p",
      null,
      "The file's rows are about people, so they are personal data. The file is read on this computer and its rows are " +
        "only counted: the app keeps the counts for each staff group and level, the file's name and its SHA-256 " +
        "fingerprint, and nothing else from it. Keep the file itself somewhere safe, as your organisation's policy says.",
    ),
  );
}

interface MappingFields {
  group: SelectField;
  l12: SelectField;
  l3: SelectField;
  person: SelectField;
}

function mappingFields(screen: ImportScreen): MappingFields {
  const columns = screen.columns.map((name) => ({ value: name, label: name }));
  const mapped = screen.mapping;
  const field = (id: string, label: string, hint: string, value: string | null | undefined, optional: boolean): SelectField =>
    select({
      id,
      label,
      labelClass: "nhsuk-label--s",
      hint,
      choices: [{ value: NONE, label: optional ? "Not in this file" : "Choose a column" }, ...columns],
      value: value ?? NONE,
    });
  return {
    group: field("map-group", "Staff group or role", "The column that places each person in a staff group of your training needs analysis.", mapped?.group, false),
    l12: field("map-l12", "Levels 1 and 2 completion date", "The date each person last completed basic Prevent awareness.", mapped?.l12, true),
    l3: field("map-l3", "Level 3 completion date", "The date each person last completed level 3.", mapped?.l3, true),
    person: field(
      "map-person",
      "Person number (optional)",
      "Only used to find the same person on two rows, so they are counted once.",
      mapped?.person,
      true,
    ),
  };
}

function mappingOf(fields: MappingFields): ImportMapping {
  const value = (f: SelectField): string | null => (f.select.value === NONE ? null : f.select.value);
  return { group: fields.group.select.value, l12: value(fields.l12), l3: value(fields.l3), person: value(fields.person) };
}

function counts(screen: ImportScreen): HTMLElement[] {
  const preview = screen.preview;
  if (preview === null) {
    return [];
  }
  const target = RULES.training_target_percent;
  const malformed = preview.malformed;
  const out: HTMLElement[] = [
    h("h2", { class: "nhsuk-heading-m", id: "import-counts-heading" }, "Check the counts"),
    h(
      "p",
      { class: "nhsuk-body", id: "import-rows" },
      `${preview.rows_read.toLocaleString("en-GB")} rows read; ${preview.rows_counted.toLocaleString("en-GB")} counted, ` +
        `${preview.people_counted.toLocaleString("en-GB")} ${preview.people_counted === 1 ? "person" : "people"}. ` +
        `Training counts as in date when completed on or before ${formatLongDate(preview.as_of)} and within ${preview.validity_years} ${preview.validity_years === 1 ? "year" : "years"} before it.`,
    ),
    table({
      id: "import-levels",
      caption: `By level, against the ${target}% minimum`,
      captionClass: "nhsuk-table__caption--s",
      headings: ["Level", "Headcount", "In date", "Compliance"],
      rowHeaders: true,
      rows: screen.levels
        .filter((l) => l.headcount > 0)
        .map((l) => [l.label, String(l.headcount), String(l.in_date), `${l.percent_text}: ${l.verdict}`]),
    }),
    table({
      id: "import-groups",
      caption: "By staff group, those below the minimum first",
      captionClass: "nhsuk-table__caption--s",
      headings: ["Staff group", "Level", "Headcount", "In date", "Compliance"],
      rowHeaders: true,
      rows: screen.groups.map((g) => [g.group, g.level, String(g.headcount), String(g.in_date), g.percent_text]),
    }),
  ];
  if (preview.unchanged.length > 0) {
    out.push(
      h(
        "div",
        { class: "nhsuk-inset-text", id: "import-unchanged" },
        h("span", { class: "nhsuk-u-visually-hidden" }, "Information: "),
        h("p", null, "Saving leaves these staff groups as they are for the reporting date:"),
        h(
          "ul",
          { class: "nhsuk-list nhsuk-list--bullet" },
          preview.unchanged.map((g) => h("li", null, `${g.group}: ${g.reason}`)),
        ),
      ),
    );
  }
  if (malformed.length === 0) {
    out.push(h("p", { class: "nhsuk-body", id: "import-malformed-none" }, "Every row could be counted as it stands."));
  } else {
    out.push(
      table({
        id: "import-malformed",
        caption: `${malformed.length.toLocaleString("en-GB")} ${malformed.length === 1 ? "row" : "rows"} not counted as they stand`,
        captionClass: "nhsuk-table__caption--s",
        headings: ["Line", "Reason", "In the headcount"],
        rowHeaders: true,
        rows: malformed
          .slice(0, MALFORMED_SHOWN)
          .map((row) => [String(row.line), row.reason, row.counted ? "Yes, not in date" : "No"]),
      }),
    );
    if (malformed.length > MALFORMED_SHOWN) {
      out.push(
        h(
          "p",
          { class: "nhsuk-body" },
          `The first ${MALFORMED_SHOWN} are listed; ${(malformed.length - MALFORMED_SHOWN).toLocaleString("en-GB")} more are counted above. prevent-sa training import --dry-run lists them all.`,
        ),
      );
    }
  }
  return out;
}

export async function trainingImportPage(organisation: string, today: Date = new Date()): Promise<PageView> {
  const needs = await getTrainingNeeds(organisation);
  const back = backLink(paths.training(needs.organisation), "Back to training compliance");
  if (needs.groups.length === 0) {
    return groupsFirst(HEADING, needs.organisation, "Add them first: the file's rows are counted into them.", back);
  }


  const summarySlot = h("div", { class: "app-error-summary-slot" });
  const resultSlot = h("div", { id: "import-result" });
  const file = fileInput({
    id: "export-file",
    name: "file",
    label: "Choose the training export",
    labelClass: "nhsuk-label--s",
    hint: `A CSV or Excel (.xlsx) file with one row per person, up to ${RULES.max_training_export_size}.`,
    accept: ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  });
  const date = dateInput({
    idPrefix: "as-of",
    legend: "Reporting date",
    legendClass: "nhsuk-fieldset__legend--s",
    hint: "The day the figures are for, usually the day the report was run. For example, 30 11 2026",
    value: todayParts(today),
  });
  const controls = { file: file.control, as_of: date.control };
  let errors = new FormErrors(summarySlot, controls);
  const showErrors = (problems: readonly FormError[]): void => {
    errors.show(problems);
    document.title = documentTitle(HEADING, problems.length > 0);
  };

  let busy = false;
  /** The file as read, held here between counting and saving. */
  let upload: UploadedFile | null = null;
  let asOf = "";

  const showScreen = (screen: ImportScreen): void => {
    const fields = mappingFields(screen);
    errors = new FormErrors(summarySlot, {
      ...controls,
      "map-group": fields.group.control,
      "map-l3": fields.l3.control,
    });
    const countAgain = h(
      "button",
      { class: "nhsuk-button nhsuk-button--secondary", type: "submit", id: "count-file" },
      screen.preview === null ? "Count the file" : "Count again",
    );
    const mappingForm = h(
      "form",
      {
        novalidate: true,
        id: "mapping-form",
        onSubmit: (event: SubmitEvent) => {
          event.preventDefault();
          const mapping = mappingOf(fields);
          const problems: FormError[] = [];
          if (mapping.group === NONE) {
            problems.push({ field: "map-group", message: "Choose the column that holds each person's staff group or role" });
          }
          if (mapping.l12 === null && mapping.l3 === null) {
            problems.push({ field: "map-l3", message: "Choose the column of level 1 and 2 completion dates, of level 3, or both" });
          }
          if (problems.length > 0) {
            showErrors(problems);
            return;
          }
          read(mapping);
        },
      },
      h("h2", { class: "nhsuk-heading-m", id: "mapping-heading" }, "Which column holds what"),
      h(
        "p",
        { class: "nhsuk-body", id: "mapping-remembered" },
        screen.mapping_remembered
          ? "These are the columns used for the last import. Change them if this file's columns differ."
          : "Choose the file's columns. They are remembered for next month's file once these counts are saved.",
      ),
      fields.group.group,
      fields.l12.group,
      fields.l3.group,
      fields.person.group,
      countAgain,
    );
    const save = h("button", { class: "nhsuk-button", type: "button", id: "save-import" }, "Save these counts");
    save.addEventListener("click", () => {
      if (busy || upload === null || screen.preview === null) {
        return;
      }
      busy = true;
      save.setAttribute("aria-disabled", "true");
      saveTrainingExport({
        organisation: needs.organisation,
        as_of: asOf,
        file: upload,
        mapping: screen.preview.mapping,
        counted_sha256: screen.sha256,
      })
        .then((saved) => navigate(paths.training(saved.organisation)))
        .catch((reason: unknown) => {
          const error = toAppError(reason);
          showErrors([{ field: error.field === "file" ? "file" : null, message: error.message }]);
        })
        .finally(() => {
          busy = false;
          save.removeAttribute("aria-disabled");
        });
    });
    const heading = h(
      "h2",
      { class: "nhsuk-heading-l", id: "import-file-heading", tabindex: "-1" },
      screen.file_name,
    );
    resultSlot.replaceChildren(
      heading,
      h(
        "p",
        { class: "nhsuk-body-s app-fingerprint", id: "import-sha256" },
        `SHA-256 ${screen.sha256}: kept with the counts so the file can be matched to them later.`,
      ),
      mappingForm,
      ...counts(screen),
      screen.preview === null
        ? ""
        : h(
            "div",
            null,
            h(
              "p",
              { class: "nhsuk-body" },
              `Saving records these counts as ${needs.organisation}'s figures on ${formatLongDate(screen.as_of)}, replacing what is recorded on that date for the groups it counts; other groups keep their figures.`,
            ),
            save,
          ),
    );
    if (screen.mapping_problem !== null) {
      showErrors([{ field: "map-group", message: screen.mapping_problem }]);
    } else {
      errors.clear();
      document.title = documentTitle(HEADING);
      focusProgrammatically(heading);
    }
  };

  const read = (mapping: ImportMapping | null): void => {
    if (busy || upload === null) {
      return;
    }
    busy = true;
    readTrainingExport({ organisation: needs.organisation, as_of: asOf, file: upload, mapping, counted_sha256: null })
      .then(showScreen)
      .catch((reason: unknown) => {
        const error = toAppError(reason);
        showErrors([{ field: error.field === "file" || error.field === "as_of" ? error.field : null, message: error.message }]);
      })
      .finally(() => {
        busy = false;
      });
  };

  const readButton = h("button", { class: "nhsuk-button", type: "submit", id: "read-file" }, "Read the file");
  const onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (busy) {
      return;
    }
    const problems: FormError[] = [];
    const chosen = file.input.files?.[0] ?? null;
    if (chosen === null) {
      problems.push({ field: "file", message: "Select the training export to import" });
    } else if (chosen.size > RULES.max_training_export_bytes) {
      problems.push({ field: "file", message: `The file must be smaller than ${RULES.max_training_export_size}` });
    }
    const parsed = parseDateParts(date.values(), "Reporting date", { required: true });
    if (!parsed.ok) {
      problems.push({ field: "as_of", message: parsed.message, parts: parsed.parts });
    }
    if (problems.length > 0 || chosen === null || !parsed.ok) {
      showErrors(problems);
      return;
    }
    asOf = parsed.value;
    resultSlot.replaceChildren();
    readFileAsBase64(chosen)
      .then((base64) => {
        upload = { name: chosen.name, base64 };
        read(null);
      })
      .catch(() => showErrors([{ field: "file", message: "The file could not be read. Choose it again." }]));
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
        "Count a month's training figures from a report of training records, such as an ESR or learning system export. " +
          "You will see the counts before anything is saved.",
      ),
      personalDataNotice(),
      h("form", { novalidate: true, id: "import-form", onSubmit }, file.group, date.group, readButton),
      resultSlot,
    ),
  };
}
