// Training compliance (#/training?organisation=…): an organisation's latest
// figures against the 85% minimum, per level and per staff group (those below
// it first, as Rust orders them), and the trend across reporting dates. The
// figures are entered, imported and their staff groups kept on the pages this
// one links to. Every number and reading comes from Rust.

import { complianceBars, trendLine } from "../components/training-charts";
import { backLink, buttonLink, insetText, pageGrid, table } from "../components/layout";
import { getTraining, listOrganisations, RULES } from "../ipc/api";
import type { TrainingView } from "../ipc/generated/TrainingView";
import { formatDateTime, formatLongDate } from "../lib/dates";
import { h } from "../lib/dom";
import { navigate, paths } from "../lib/router";
import type { PageView } from "../state";

const HEADING = "Training compliance";

function chooser(organisations: readonly string[], chosen: string | null): HTMLElement {
  const select = h(
    "select",
    { class: "nhsuk-select", id: "training-organisation", name: "organisation" },
    organisations.map((name) => h("option", { value: name, selected: name === chosen }, name)),
  );
  const form = h(
    "form",
    { class: "app-training-chooser", id: "training-chooser", novalidate: true },
    h(
      "div",
      { class: "nhsuk-form-group" },
      h("label", { class: "nhsuk-label", for: "training-organisation" }, "Organisation"),
      select,
    ),
    h("button", { class: "nhsuk-button nhsuk-button--secondary", type: "submit", id: "training-show" }, "Show"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    navigate(paths.training(select.value));
  });
  return form;
}

function sourceWords(group: TrainingView["groups"][number]): string {
  const by = `${group.recorded_by}, ${formatDateTime(group.recorded_at)}`;
  return group.source.kind === "imported"
    ? `Imported from ${group.source.file_name} (${by})`
    : `Entered by hand (${by})`;
}

function figures(view: TrainingView): HTMLElement[] {
  if (view.as_of === null || view.overall === null) {
    return [
      insetText(
        h("p", null, `No figures are recorded for ${view.organisation} yet. Import a training export or enter them by hand.`),
      ),
    ];
  }
  const target = RULES.training_target_percent;
  const out: HTMLElement[] = [
    h("p", { class: "nhsuk-body-l", id: "training-as-of" }, `Reporting date: ${formatLongDate(view.as_of)}`),
    h(
      "p",
      { class: "nhsuk-body", id: "training-overall" },
      h("strong", null, `Overall: ${view.overall.percent_text} in date`),
      ` (${view.overall.in_date} of ${view.overall.headcount} staff), against the ${target}% minimum.`,
    ),
    complianceBars({
      id: "training-levels",
      caption: `Compliance by level against the ${target}% minimum`,
      rowHeading: "Level",
      bars: view.levels.filter((l) => l.headcount > 0).map((l) => ({ heading: l.label, compliance: l })),
    }),
    complianceBars({
      id: "training-groups",
      caption: "Compliance by staff group, those below the minimum first",
      rowHeading: "Staff group",
      bars: view.groups.map((g) => ({ heading: `${g.group} (level ${g.level})`, compliance: g })),
    }),
    table({
      id: "training-sources",
      caption: "Where each group's figures came from",
      captionClass: "nhsuk-table__caption--s",
      headings: ["Staff group", "Figures"],
      rowHeaders: true,
      rows: view.groups.map((g) => [g.group, sourceWords(g)]),
    }),
  ];
  if (view.groups_without_figures.length > 0) {
    out.push(
      insetText(
        h("p", { id: "training-missing" }, `No figures for this reporting date: ${view.groups_without_figures.join(", ")}.`),
      ),
    );
  }
  if (view.trend.length > 1) {
    out.push(
      trendLine({
        id: "training-trend",
        caption: "Overall compliance by reporting date",
        points: view.trend.map((point) => ({ as_of: point.as_of, compliance: point.overall })),
      }),
    );
  }
  return out;
}

/** What can be done next for the organisation. */
function tasks(view: TrainingView): HTMLElement {
  const link = (id: string, href: string, text: string): HTMLElement =>
    h("li", null, h("a", { class: "nhsuk-link", id, href }, text));
  return h(
    "nav",
    { class: "app-training-tasks", "aria-label": "Training figures" },
    h(
      "ul",
      { class: "nhsuk-list app-inline-list" },
      link("import-export-link", paths.trainingImport(view.organisation), "Import a training export"),
      link("record-figures-link", paths.trainingRecord(view.organisation), "Enter figures by hand"),
      link("staff-groups-link", paths.trainingGroups(view.organisation), "Staff groups and validity"),
      link("quarterly-link", paths.trainingQuarterly(view.organisation), "Quarterly summary"),
      link("board-report-from-training", paths.boardReport(view.organisation), "Annual report to the board"),
    ),
  );
}

export async function trainingPage(organisation: string | null): Promise<PageView> {
  const organisations = await listOrganisations();
  const chosen = organisation ?? organisations[0] ?? null;
  const content: (HTMLElement | null)[] = [h("h1", { class: "nhsuk-heading-xl" }, HEADING)];
  if (chosen === null) {
    content.push(
      insetText(
        h(
          "p",
          null,
          "No organisation has a training needs analysis yet. Start with its staff groups and the level of training each needs.",
        ),
      ),
      buttonLink(paths.trainingGroups(), "Add staff groups", { id: "start-training" }),
    );
  } else {
    const view = await getTraining(chosen);
    content.push(
      organisations.length > 1 ? chooser(organisations, view.organisation) : null,
      h("h2", { class: "nhsuk-heading-l", id: "training-organisation-heading" }, view.organisation),
      h(
        "p",
        { class: "nhsuk-body" },
        `Training stays in date for ${view.validity_years} ${view.validity_years === 1 ? "year" : "years"}.`,
      ),
      tasks(view),
      ...figures(view),
      h(
        "details",
        { class: "nhsuk-details", id: "training-readings" },
        h("summary", { class: "nhsuk-details__summary" }, h("span", { class: "nhsuk-details__summary-text" }, "How these figures are read")),
        h(
          "div",
          { class: "nhsuk-details__text" },
          h("ul", { class: "nhsuk-list nhsuk-list--bullet" }, view.readings.map((reading) => h("li", null, reading))),
        ),
      ),
    );
  }
  return {
    heading: HEADING,
    content: pageGrid("full", content),
    backLink: backLink(paths.list(), "Back to your assessments"),
  };
}
