// "How priorities are set": a framework's priority rules, as its rules file
// declares them, in an NHS details element under the plan's chart. It shows
// the file's note (the rules are the product's own, not the Department of
// Health's), the rules in the order they are checked, and the weights with
// why each entry carries its weight. The rules are read from Rust; if they
// cannot be read the details are left out and the plan is shown as ever.

import { getPriorityRules, type CatalogueView, type PriorityRules } from "../ipc/api";
import { findEntry } from "../lib/catalogue";
import { h } from "../lib/dom";
import { catalogueFor } from "../state";
import { table } from "./layout";
import { priorityTag } from "./plan";

/** What a rule says of an entry with no response. */
export const UNANSWERED_WORDS = "No response yet";

/**
 * A response a rule names, in words: every label the framework's scales give
 * that value ("Yes / Included"), or the value itself without a catalogue.
 */
export function ruleResponseWords(value: string, catalogue: CatalogueView | null | undefined): string {
  if (value === "unanswered") {
    return UNANSWERED_WORDS;
  }
  const labels: string[] = [];
  for (const scale of catalogue?.scales ?? []) {
    const label = scale.choices.find((choice) => choice.value === value)?.label;
    if (label !== undefined && !labels.includes(label)) {
      labels.push(label);
    }
  }
  return labels.length === 0 ? value : labels.join(" / ");
}

export const CHANGE_PRIORITY_TEXT =
  "You can change an action's priority on its page; you will be asked for a reason, which the audit trail keeps.";

/** "a", "a and b", "a, b and c". */
function andList(words: readonly string[]): string {
  if (words.length <= 1) {
    return words.join("");
  }
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1] ?? ""}`;
}

function orList(words: readonly string[]): string {
  return words.join(" or ");
}

export interface PriorityRulesOptions {
  /** The details' id; the parts inside are `<id>-note`, `<id>-table`, `<id>-weights`. */
  id: string;
  /** Names the framework in the summary when a page shows the rules of several. */
  frameworkTitle?: string | null;
  /** The framework's catalogue, to name entries as people read them ("Item 3b"); ids otherwise. */
  catalogue?: CatalogueView | null;
}

/** The details element explaining how a framework's rules set an action's priority. */
export function priorityRulesDetails(rules: PriorityRules, options: PriorityRulesOptions): HTMLElement {
  const { id } = options;
  const weightLabel = (weightId: string): string => rules.weights.find((w) => w.id === weightId)?.label ?? weightId;
  const entryName = (entryId: string): string => {
    const entry = options.catalogue ? findEntry(options.catalogue, entryId) : undefined;
    return entry?.label ?? entryId;
  };

  const rulesTable = table({
    id: `${id}-table`,
    caption: "The rules, in the order they are checked",
    captionClass: "nhsuk-table__caption--s",
    headings: ["Response", "Weight", "Priority", "Why"],
    extraClass: "app-rules-table",
    rows: rules.rules.map((rule) => [
      orList(rule.when.responses.map((response) => ruleResponseWords(response, options.catalogue))),
      rule.when.weights.length === 0 ? "None" : orList(rule.when.weights.map(weightLabel)),
      priorityTag(rule.priority),
      rule.explanation,
    ]),
  });

  const weights = h(
    "ul",
    { class: "nhsuk-list nhsuk-list--bullet", id: `${id}-weights` },
    rules.weights.map((weight) => {
      const groups = rules.entry_weights.filter((group) => group.weight === weight.id);
      const isDefault = weight.id === rules.default_weight;
      return h(
        "li",
        { class: "app-rules-weight" },
        h("strong", null, weight.label),
        `: ${weight.rationale}`,
        groups.length === 0
          ? h(
              "span",
              { class: "app-cell-note" },
              isDefault ? "It covers every other entry." : "It covers no entries.",
            )
          : [
              h("span", { class: "app-cell-note" }, "It covers:"),
              h(
                "ul",
                { class: "nhsuk-list nhsuk-list--bullet app-rules-entries" },
                groups.map((group) =>
                  h("li", null, `${andList(group.entries.map(entryName))}: ${group.rationale}`),
                ),
                isDefault ? h("li", null, "every other entry.") : null,
              ),
            ],
      );
    }),
  );

  const title = options.frameworkTitle ?? null;
  return h(
    "details",
    { class: "nhsuk-details app-priority-rules", id },
    h(
      "summary",
      { class: "nhsuk-details__summary" },
      h(
        "span",
        { class: "nhsuk-details__summary-text" },
        title === null || title === "" ? "How priorities are set" : `How priorities are set: ${title}`,
      ),
    ),
    h(
      "div",
      { class: "nhsuk-details__text" },
      h("p", { class: "nhsuk-body", id: `${id}-note` }, rules.note),
      rulesTable,
      h("h3", { class: "nhsuk-heading-s" }, "Weights"),
      h(
        "p",
        { class: "nhsuk-body" },
        "Each entry carries one weight. A rule matches an entry's response and weight; the first that matches sets the priority.",
      ),
      weights,
      h("p", { class: "nhsuk-body", id: `${id}-change` }, CHANGE_PRIORITY_TEXT),
      h("p", { class: "nhsuk-body-s app-cell-note" }, `Version ${rules.version} of these rules.`),
    ),
  );
}

/** A framework whose rules to show, and its catalogue if the page has it. */
export interface RulesFramework {
  id: string;
  title: string;
  catalogue?: CatalogueView | null;
}

/**
 * "How priorities are set" for each framework (the first is `priority-rules`,
 * any others `priority-rules-2` and so on). A framework whose rules cannot
 * be read is left out; so the result may be empty, and it never fails.
 */
export async function loadPriorityRules(frameworks: readonly RulesFramework[]): Promise<HTMLElement[]> {
  const several = frameworks.length > 1;
  const loaded = await Promise.all(
    frameworks.map(async (framework) => {
      const [rules, catalogue] = await Promise.all([
        getPriorityRules(framework.id).catch(() => null),
        framework.catalogue !== undefined
          ? Promise.resolve(framework.catalogue)
          : catalogueFor(framework.id).catch(() => null),
      ]);
      return rules === null ? null : { framework, rules, catalogue };
    }),
  );
  return loaded
    .filter((item): item is NonNullable<typeof item> => item !== null)
    .map((item, index) =>
      priorityRulesDetails(item.rules, {
        id: index === 0 ? "priority-rules" : `priority-rules-${index + 1}`,
        frameworkTitle: several ? item.framework.title : null,
        catalogue: item.catalogue,
      }),
    );
}
