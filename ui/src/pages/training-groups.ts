// Staff groups (#/training/groups?organisation=…): an organisation's training
// needs analysis, the staff groups it lists and the level each needs, and how
// long training stays in date. Without an organisation the page starts one:
// its name is asked for with the first group. Every change is saved at once
// and the page redraws from what Rust returns, so it shows what was saved.

import { FormErrors, addTextProblem, type FormError } from "../components/errors";
import { radios, textInput } from "../components/fields";
import { backLink, buttonLink, focusProgrammatically, insetText, notificationBanner, pageGrid } from "../components/layout";
import {
  deleteTrainingGroup,
  getTrainingNeeds,
  RULES,
  saveTrainingGroup,
  saveTrainingValidity,
  toAppError,
  type NeedsAnalysis,
  type TrainingLevel,
} from "../ipc/api";
import { h } from "../lib/dom";
import { paths } from "../lib/router";
import { textRule } from "../lib/validation";
import { documentTitle, type PageView } from "../state";

const HEADING = "Staff groups and the training they need";

function levelLabel(level: TrainingLevel): string {
  return RULES.training_levels.find((l) => l.value === level)?.label ?? level;
}

function groupsTable(needs: NeedsAnalysis, onRemove: (group: string) => void): HTMLElement {
  if (needs.groups.length === 0) {
    return insetText(h("p", { id: "training-groups-none" }, "No staff groups yet. Add the first below."));
  }
  return h(
    "table",
    { class: "nhsuk-table", id: "training-groups-table" },
    h("caption", { class: "nhsuk-table__caption nhsuk-table__caption--m" }, "Staff groups"),
    h(
      "thead",
      { class: "nhsuk-table__head" },
      h(
        "tr",
        { class: "nhsuk-table__row" },
        h("th", { class: "nhsuk-table__header", scope: "col" }, "Staff group"),
        h("th", { class: "nhsuk-table__header", scope: "col" }, "Level needed"),
        h("th", { class: "nhsuk-table__header", scope: "col" }, h("span", { class: "nhsuk-u-visually-hidden" }, "Action")),
      ),
    ),
    h(
      "tbody",
      { class: "nhsuk-table__body" },
      needs.groups.map((group, index) =>
        h(
          "tr",
          { class: "nhsuk-table__row" },
          h("th", { class: "nhsuk-table__header", scope: "row" }, group.name),
          h("td", { class: "nhsuk-table__cell" }, levelLabel(group.level)),
          h(
            "td",
            { class: "nhsuk-table__cell" },
            h(
              "button",
              {
                class: "nhsuk-button nhsuk-button--secondary nhsuk-button--small app-table-button",
                type: "button",
                id: `remove-group-${index + 1}`,
                onClick: () => onRemove(group.name),
              },
              "Remove",
              h("span", { class: "nhsuk-u-visually-hidden" }, ` ${group.name}`),
            ),
          ),
        ),
      ),
    ),
  );
}

export async function trainingGroupsPage(organisation: string | null): Promise<PageView> {
  let needs: NeedsAnalysis | null = organisation === null ? null : await getTrainingNeeds(organisation);
  const summarySlot = h("div", { class: "app-error-summary-slot" });
  const bannerSlot = h("div");
  const tableSlot = h("div", { id: "training-groups-slot" });
  const validitySlot = h("div");

  const organisationField = textInput({
    id: "groups-organisation",
    name: "organisation",
    label: "Organisation",
    labelClass: "nhsuk-label--s",
    hint: "As its assessments name it, for example Northshire NHS Foundation Trust.",
    autocomplete: "organization",
  });
  const groupField = textInput({
    id: "group-name",
    name: "group",
    label: "Staff group or role",
    labelClass: "nhsuk-label--s",
    hint: "As your training export names it, for example Registered nurses — adult wards, or Estates.",
    spellcheck: false,
  });
  const level = radios({
    idPrefix: "group-level",
    name: "level",
    legend: "Level of Prevent training this group needs",
    legendClass: "nhsuk-fieldset__legend--s",
    hint: "Level 3 is for staff who could contribute to assessing, planning, intervening and evaluating where there are safeguarding concerns.",
    items: RULES.training_levels.map((l) => ({
      id: `group-level-${l.value === "1-2" ? "basic" : "3"}`,
      value: l.value,
      label: l.label,
    })),
    checked: "1-2",
  });
  const validityField = textInput({
    id: "validity-years",
    name: "validity_years",
    label: "Years training stays in date",
    labelClass: "nhsuk-label--s",
    hint: `Completed training counts as in date for this many years: ${RULES.default_validity_years} unless you set another (the refresher cycle), at most ${RULES.max_validity_years}.`,
    inputClass: "nhsuk-input--width-2",
  });
  validityField.input.inputMode = "numeric";

  const errors = new FormErrors(summarySlot, {
    organisation: organisationField.control,
    group: groupField.control,
    level: level.control,
    validity_years: validityField.control,
  });
  const showErrors = (problems: readonly FormError[]): void => {
    errors.show(problems);
    document.title = documentTitle(HEADING, problems.length > 0);
  };
  const confirm = (heading: string): void => {
    const banner = notificationBanner({ id: "groups-status", title: "Success", heading, success: true });
    bannerSlot.replaceChildren(banner);
    focusProgrammatically(banner);
  };

  let busy = false;
  const run = (work: () => Promise<NeedsAnalysis>, done: (saved: NeedsAnalysis) => string): void => {
    if (busy) {
      return;
    }
    busy = true;
    errors.clear();
    document.title = documentTitle(HEADING);
    work()
      .then((saved) => {
        const first = needs === null;
        needs = saved;
        draw();
        if (first) {
          // The organisation now exists: its own address, so reload keeps it.
          history.replaceState(null, "", paths.trainingGroups(saved.organisation));
        }
        confirm(done(saved));
      })
      .catch((reason: unknown) => {
        const error = toAppError(reason);
        showErrors([{ field: error.field ?? null, message: error.message }]);
      })
      .finally(() => {
        busy = false;
      });
  };

  const remove = (group: string): void => {
    if (needs === null) {
      return;
    }
    const name = needs.organisation;
    run(
      () => deleteTrainingGroup(name, group),
      () => `${group} removed. Figures already recorded for it stay on their reporting dates.`,
    );
  };

  const addGroup = (event: SubmitEvent): void => {
    event.preventDefault();
    const problems: FormError[] = [];
    const name = needs?.organisation ?? organisationField.input.value;
    if (needs === null) {
      addTextProblem(problems, "organisation", name, textRule("organisation", { required: true }));
    }
    addTextProblem(problems, "group", groupField.input.value, textRule("staff_group", { required: true }));
    const chosen = level.value() as TrainingLevel | null;
    if (chosen === null) {
      problems.push({ field: "level", message: "Select the level of training this group needs" });
    }
    if (problems.length > 0 || chosen === null) {
      showErrors(problems);
      return;
    }
    const group = groupField.input.value.trim();
    run(
      () => saveTrainingGroup(name, group, chosen),
      () => {
        groupField.input.value = "";
        return `${group} saved: needs ${levelLabel(chosen)}`;
      },
    );
  };

  const saveValidity = (event: SubmitEvent): void => {
    event.preventDefault();
    if (needs === null) {
      return;
    }
    const typed = validityField.input.value.trim();
    const years = /^\d{1,2}$/.test(typed) ? Number(typed) : NaN;
    if (!(years >= 1 && years <= RULES.max_validity_years)) {
      showErrors([
        {
          field: "validity_years",
          message: `Enter a whole number of years from 1 to ${RULES.max_validity_years}`,
        },
      ]);
      return;
    }
    const name = needs.organisation;
    run(
      () => saveTrainingValidity(name, years),
      (saved) => `Training now stays in date for ${saved.validity_years} ${saved.validity_years === 1 ? "year" : "years"}`,
    );
  };

  const addForm = h(
    "form",
    { novalidate: true, id: "add-group-form", onSubmit: addGroup },
    h("h2", { class: "nhsuk-heading-m" }, "Add a staff group"),
    h(
      "p",
      { class: "nhsuk-body" },
      "Adding a group that is already listed changes the level it needs.",
    ),
    h("div", { id: "groups-organisation-slot" }),
    groupField.group,
    level.group,
    h("button", { class: "nhsuk-button", type: "submit", id: "add-group" }, "Save staff group"),
  );

  function draw(): void {
    const orgSlot = addForm.querySelector("#groups-organisation-slot");
    orgSlot?.replaceChildren(needs === null ? organisationField.group : "");
    if (needs === null) {
      tableSlot.replaceChildren();
      validitySlot.replaceChildren();
      return;
    }
    tableSlot.replaceChildren(
      h("h2", { class: "nhsuk-heading-l", id: "groups-organisation-name" }, needs.organisation),
      groupsTable(needs, remove),
      h(
        "p",
        { class: "nhsuk-body" },
        h("a", { class: "nhsuk-link", href: paths.training(needs.organisation), id: "groups-to-training" }, "See training compliance"),
      ),
    );
    validityField.input.value = String(needs.validity_years);
    validitySlot.replaceChildren(
      h(
        "form",
        { novalidate: true, id: "validity-form", onSubmit: saveValidity },
        h("h2", { class: "nhsuk-heading-m" }, "How long training stays in date"),
        validityField.group,
        h("button", { class: "nhsuk-button nhsuk-button--secondary", type: "submit", id: "save-validity" }, "Save years"),
      ),
    );
  }
  draw();

  return {
    heading: HEADING,
    backLink: backLink(
      needs === null ? paths.training() : paths.training(needs.organisation),
      "Back to training compliance",
    ),
    content: pageGrid(
      "two-thirds",
      summarySlot,
      bannerSlot,
      h("h1", null, HEADING),
      h(
        "p",
        { class: "nhsuk-body" },
        "The training needs analysis: each staff group and the level of Prevent training it needs. It is kept for the organisation and used for every reporting date.",
      ),
      tableSlot,
      addForm,
      validitySlot,
    ),
  };
}

/**
 * The page shown instead of one that counts into staff groups while the
 * organisation has none: why, and the way to add them.
 */
export function groupsFirst(heading: string, organisation: string, why: string, back: HTMLElement): PageView {
  return {
    heading,
    backLink: back,
    content: pageGrid(
      "two-thirds",
      h("h1", null, heading),
      insetText(h("p", null, `${organisation} has no staff groups yet. ${why}`)),
      buttonLink(paths.trainingGroups(organisation), "Add staff groups", { id: "add-groups-first" }),
    ),
  };
}
