// The list of every part and step of an assessment with where each stands,
// for the step page's side column. States are given in words (a tag), never
// by colour alone.

import type { CatalogueView, EntryReview, Review, StepState } from "../ipc/api";
import { catalogueParts, shortText } from "../lib/catalogue";
import { h, visuallyHidden } from "../lib/dom";
import { STEP_STATE_LABELS } from "../lib/labels";
import { paths } from "../lib/router";
import { tag } from "./layout";

/** The states' words, as the app's rules name them. */
const STATE_LABELS = STEP_STATE_LABELS;

const STATE_COLOURS: Record<StepState, string> = {
  not_started: "grey",
  incomplete: "blue",
  needs_attention: "orange",
  complete: "green",
};

/** A step's or part's state in words: "Not started", "Incomplete", "Needs attention", "Complete". */
export function stepStateLabel(state: StepState): string {
  return STATE_LABELS[state];
}

/** The NHS tag for a state: words and colour (the words alone carry the meaning). */
export function stepStateTag(state: StepState, id?: string): HTMLElement {
  return tag(STATE_LABELS[state], STATE_COLOURS[state], id);
}

export interface ProgressListOptions {
  catalogue: CatalogueView;
  review: Review;
  assessmentId: string;
  currentEntryId?: string;
  /** The level of the part headings (2 unless the list sits under an h2). */
  headingLevel?: 2 | 3;
}

/** Every part and step with its state; each step links to its page. */
export function progressList(options: ProgressListOptions): HTMLElement {
  const { catalogue, review, assessmentId, currentEntryId, headingLevel = 2 } = options;
  const entryStates = new Map<string, EntryReview>(review.entries.map((entry) => [entry.entry_id, entry]));
  const partStates = new Map(review.parts.map((part) => [part.key, part]));
  const current = currentEntryId?.toLowerCase();

  const parts = catalogueParts(catalogue).map((part, partIndex) => {
    const partReview = partStates.get(part.key);
    const headingId = `progress-part-${partIndex + 1}`;
    return h(
      "li",
      { class: "app-progress-list__part" },
      h(
        headingLevel === 3 ? "h3" : "h2",
        { class: "nhsuk-heading-xs app-progress-list__heading", id: headingId },
        part.heading,
      ),
      partReview === undefined
        ? null
        : h(
            "p",
            { class: "nhsuk-body-s app-progress-list__part-state" },
            stepStateTag(partReview.state),
            " ",
            `${partReview.complete} of ${partReview.total} complete`,
          ),
      h(
        "ul",
        { class: "nhsuk-list app-progress-list__steps", "aria-labelledby": headingId },
        part.entries.map((entry) => {
          const state = entryStates.get(entry.id)?.state ?? "not_started";
          const isCurrent = current !== undefined && entry.id.toLowerCase() === current;
          return h(
            "li",
            {
              class: [
                "app-progress-list__step",
                entry.kind === "sub_point" && "app-progress-list__step--sub-point",
                isCurrent && "app-progress-list__step--current",
              ],
            },
            h(
              "a",
              {
                class: "nhsuk-link app-progress-list__link",
                id: `progress-link-${entry.id}`,
                href: paths.question(assessmentId, entry.id),
                "aria-current": isCurrent ? "step" : null,
              },
              h("span", { class: "app-progress-list__label" }, entry.label),
              ": ",
              h("span", { class: "app-progress-list__text" }, shortText(entry.text, 70)),
            ),
            " ",
            h(
              "span",
              { class: "app-progress-list__state" },
              visuallyHidden("Status: "),
              stepStateTag(state),
            ),
          );
        }),
      ),
    );
  });

  return h(
    "nav",
    { class: "app-progress-list", "aria-label": "Steps in this assessment" },
    h("ul", { class: "nhsuk-list app-progress-list__parts" }, parts),
  );
}
