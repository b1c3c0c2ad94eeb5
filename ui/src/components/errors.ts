// The NHS error summary and the link between it and the form's fields.
//
// A form registers a `FieldControl` for each field name it has (the names the
// app's `AppError.field` uses: `organisation`, `na_reason`, `due_date`…). An
// error for a registered field is shown inline by the field and as a link in
// the summary; any other error is shown in the summary as text.

import { h, type Children } from "../lib/dom";
import { isRouteHash } from "../lib/router";
import { RULES } from "../ipc/generated/rules";
import { checkText, type TextRule } from "../lib/validation";

export interface FieldControl {
  /** The id of the input the summary links to (the first box of a date). */
  targetId(parts?: readonly string[]): string;
  /** Shows (or, with null, removes) the field's inline error. */
  setError(message: string | null, parts?: readonly string[]): void;
}

export interface FormError {
  /** A field name as `AppError.field` uses it, or null for a form-wide problem. */
  field: string | null;
  message: string;
  /** For a date: which boxes are at fault ("day", "month", "year"). */
  parts?: readonly string[];
}

/** Checks a text field and adds its problem, if it has one, to `problems`. */
export function addTextProblem(problems: FormError[], field: string, value: string, rule: TextRule): void {
  const message = checkText(value, rule);
  if (message !== null) {
    problems.push({ field, message });
  }
}

/**
 * Reads a number of Prevent referrals as typed (blank is none given); a
 * problem with it is added to `problems` under the field `referrals`.
 */
export function referralsCount(typed: string, problems: FormError[]): number | null {
  const text = typed.trim();
  if (text === "") {
    return null;
  }
  if (/^\d{1,6}$/.test(text) && Number(text) <= RULES.max_referrals) {
    return Number(text);
  }
  problems.push({
    field: "referrals",
    message: `Enter the number of referrals as a whole number from 0 to ${RULES.max_referrals.toLocaleString("en-GB")}`,
  });
  return null;
}

export interface SummaryItem {
  message: string;
  /**
   * "#<field-id>" for a field on this page, or a route ("#/assessments/…")
   * for a field on another page; without it the item is shown as text.
   */
  href?: string;
}

export interface ErrorSummaryOptions {
  /** The heading; "There is a problem" unless given. */
  title?: string;
  /** Words between the heading and the list. */
  description?: Children;
  /** The summary's id (and, with "-title", its heading's). */
  id?: string;
}

/** Moves focus to a form field (as the NHS error summary does) and brings it into view. */
export function focusField(id: string): boolean {
  const target = document.getElementById(id);
  if (!target) {
    return false;
  }
  const legendOrLabel =
    target.closest("fieldset")?.querySelector("legend") ??
    Array.from(document.getElementsByTagName("label")).find((label) => label.htmlFor === id);
  target.focus({ preventScroll: true });
  const scrollTarget = legendOrLabel ?? target;
  if (typeof scrollTarget.scrollIntoView === "function") {
    scrollTarget.scrollIntoView();
  }
  return true;
}

/**
 * An NHS error summary. A link to a field on the page moves focus to it
 * without changing the route; a link to another page is followed.
 */
export function errorSummary(items: readonly SummaryItem[], options: ErrorSummaryOptions = {}): HTMLElement {
  const titleId = options.id === undefined ? "error-summary-title" : `${options.id}-title`;
  const list = h(
    "ul",
    { class: "nhsuk-list nhsuk-error-summary__list" },
    items.map((item) =>
      h(
        "li",
        null,
        item.href === undefined
          ? item.message
          : h(
              "a",
              {
                href: item.href,
                onClick: (event: MouseEvent) => {
                  const href = item.href ?? "";
                  if (isRouteHash(href)) {
                    return;
                  }
                  const id = href.replace(/^#/, "");
                  if (focusField(id)) {
                    event.preventDefault();
                  }
                },
              },
              item.message,
            ),
      ),
    ),
  );
  return h(
    "div",
    { class: "nhsuk-error-summary", id: options.id, tabindex: "-1" },
    h(
      "div",
      { role: "alert" },
      h("h2", { class: "nhsuk-error-summary__heading", id: titleId }, options.title ?? "There is a problem"),
      h(
        "div",
        { class: "nhsuk-error-summary__body" },
        options.description === undefined ? null : h("p", null, options.description),
        list,
      ),
    ),
  );
}

/**
 * Shows a form's errors: inline by each field and in a summary at the top,
 * which takes focus. `show([])` clears them.
 */
export class FormErrors {
  readonly #slot: HTMLElement;
  readonly #controls: ReadonlyMap<string, FieldControl>;

  constructor(slot: HTMLElement, controls: Readonly<Record<string, FieldControl>>) {
    this.#slot = slot;
    this.#controls = new Map(Object.entries(controls));
  }

  clear(): void {
    for (const control of this.#controls.values()) {
      control.setError(null);
    }
    this.#slot.replaceChildren();
  }

  /** Returns the summary element shown (or null when there are no errors). */
  show(errors: readonly FormError[]): HTMLElement | null {
    this.clear();
    if (errors.length === 0) {
      return null;
    }
    const items: SummaryItem[] = [];
    const inlineShown = new Set<string>();
    for (const error of errors) {
      const control = error.field === null ? undefined : this.#controls.get(error.field);
      if (control === undefined || error.field === null) {
        items.push({ message: error.message });
        continue;
      }
      if (!inlineShown.has(error.field)) {
        control.setError(error.message, error.parts);
        inlineShown.add(error.field);
      }
      items.push({ message: error.message, href: `#${control.targetId(error.parts)}` });
    }
    const summary = errorSummary(items);
    this.#slot.replaceChildren(summary);
    summary.focus();
    return summary;
  }
}
