// The organisation's latest training figures beside a standard whose
// framework asks for them (the overarching training standard and the one on
// the 85% minimum), and, for the latter, the response they propose. Every
// figure, label and sentence comes from Rust (`TrainingBeside`); this only
// lays them out.

import type { CatalogueEntry } from "../ipc/generated/CatalogueEntry";
import type { TrainingBeside } from "../ipc/generated/TrainingBeside";
import { RULES } from "../ipc/generated/rules";
import { formatLongDate } from "../lib/dates";
import type { ResponseLabels } from "../lib/catalogue";
import { h } from "../lib/dom";
import { table, tag } from "./layout";

function verdict(meets: boolean | null): HTMLElement | string {
  if (meets === null) {
    return "No staff";
  }
  return meets ? tag("Meets it", "green") : tag("Below it", "red");
}

/** The figures card for `entry`, or `null` when it shows none. */
export function trainingFigures(
  training: TrainingBeside | null,
  entry: CatalogueEntry,
  labels: ResponseLabels,
): HTMLElement | null {
  if (training === null || !training.entries.includes(entry.id)) {
    return null;
  }
  const date = formatLongDate(training.report.as_of);
  const target = RULES.training_target_percent;
  const proposal = training.proposed_for === entry.id ? training.proposal : null;
  return h(
    "div",
    { class: "nhsuk-card app-training-figures", id: "entry-training" },
    h(
      "div",
      { class: "nhsuk-card__content" },
      h("h2", { class: "nhsuk-card__heading nhsuk-heading-s" }, `Training figures on ${date}`),
      table({
        caption: `Training in date against the ${target}% minimum, by level`,
        captionClass: "nhsuk-u-visually-hidden",
        headings: ["Level", "In date", "Staff", "Compliance", `${target}% minimum`],
        rowHeaders: true,
        id: "entry-training-levels",
        rows: training.levels.map((level) => [
          level.label,
          String(level.in_date),
          String(level.headcount),
          level.percent_text,
          verdict(level.meets_target),
        ]),
      }),
      proposal === null
        ? null
        : h(
            "p",
            { class: "nhsuk-body", id: "entry-training-proposal" },
            h("strong", null, `Proposed response: ${labels[proposal.response]}. `),
            proposal.reason,
            " You may answer otherwise: say why in the comment.",
          ),
      h(
        "details",
        { class: "nhsuk-details nhsuk-u-margin-bottom-0", id: "entry-training-readings" },
        h("summary", { class: "nhsuk-details__summary" }, h("span", { class: "nhsuk-details__summary-text" }, "How these figures are read")),
        h(
          "div",
          { class: "nhsuk-details__text" },
          h(
            "ul",
            { class: "nhsuk-list nhsuk-list--bullet" },
            training.readings.map((reading) => h("li", null, reading)),
          ),
        ),
      ),
    ),
  );
}
