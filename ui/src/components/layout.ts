// The page frame (skip link, header, main, footer) and small NHS.UK building
// blocks: back link, caption, tag, summary list, table, inset text.

import { h, replaceChildren, type Children } from "../lib/dom";
import { paths } from "../lib/router";

export const SERVICE_NAME = "Prevent Self-Assessment";

export interface Shell {
  root: HTMLElement;
  /** Where a page's back link goes, above `main`. */
  beforeMain: HTMLElement;
  main: HTMLElement;
  /** Filled with the database path once it is known. */
  footerMeta: HTMLElement;
}

/** Focuses an element that is not focusable by default (e.g. `main`, an `h1`). */
export function focusProgrammatically(el: HTMLElement): void {
  if (!el.hasAttribute("tabindex")) {
    el.setAttribute("tabindex", "-1");
  }
  el.focus();
}

export function buildShell(): Shell {
  const main = h("main", { class: "nhsuk-main-wrapper", id: "maincontent", tabindex: "-1" });
  const beforeMain = h("div", { class: "app-before-main" });
  const footerMeta = h("div", { class: "nhsuk-footer__meta" });

  const skipLink = h(
    "a",
    {
      class: "nhsuk-skip-link",
      href: "#maincontent",
      onClick: (event: MouseEvent) => {
        // The hash is the router's; move focus without changing it.
        event.preventDefault();
        focusProgrammatically(main);
      },
    },
    "Skip to main content",
  );

  const header = h(
    "header",
    { class: "nhsuk-header", role: "banner" },
    h(
      "div",
      { class: "nhsuk-header__container nhsuk-width-container" },
      h(
        "div",
        { class: "nhsuk-header__service" },
        h("a", { class: "nhsuk-header__service-name", href: paths.list() }, SERVICE_NAME),
      ),
    ),
  );

  const footer = h(
    "footer",
    { class: "nhsuk-footer", role: "contentinfo" },
    h("div", { class: "nhsuk-width-container" }, footerMeta),
  );

  const root = h(
    "div",
    { class: "app-shell" },
    skipLink,
    header,
    h("div", { class: "nhsuk-width-container" }, beforeMain, main),
    footer,
  );
  return { root, beforeMain, main, footerMeta };
}

/** Fills the footer: where the data is kept, and the app's version. */
export function fillFooter(shell: Shell, databasePath: string | null, version: string | null): void {
  replaceChildren(
    shell.footerMeta,
    h("h2", { class: "nhsuk-u-visually-hidden" }, "About this app"),
    databasePath === null
      ? null
      : h(
          "p",
          { class: "nhsuk-body-s app-footer-path" },
          "Your answers are stored in this file on this computer: ",
          h("span", { class: "app-path", id: "database-path" }, databasePath),
        ),
    version === null ? null : h("p", { class: "nhsuk-body-s" }, `${SERVICE_NAME} version ${version}`),
  );
}

export type ColumnWidth = "two-thirds" | "full";

/** A page's body: the NHS grid row with one column of the given width. */
export function pageGrid(width: ColumnWidth, ...children: Children[]): HTMLDivElement {
  return h("div", { class: "nhsuk-grid-row" }, h("div", { class: `nhsuk-grid-column-${width}` }, children));
}

export function backLink(href: string, text: string): HTMLAnchorElement {
  return h("a", { class: "nhsuk-back-link", href }, text);
}

export function caption(text: string, size: "m" | "l" | "xl" = "l", extraClass?: string): HTMLElement {
  return h("span", { class: [`nhsuk-caption-${size}`, extraClass] }, text);
}

export function tag(text: string, colour: string | null, id?: string): HTMLElement {
  return h("strong", { class: ["nhsuk-tag", colour !== null && `nhsuk-tag--${colour}`], id }, text);
}

export function summaryList(rows: readonly { key: string; value: Children }[]): HTMLElement {
  return h(
    "dl",
    { class: "nhsuk-summary-list" },
    rows.map((row) =>
      h(
        "div",
        { class: "nhsuk-summary-list__row" },
        h("dt", { class: "nhsuk-summary-list__key" }, row.key),
        h("dd", { class: "nhsuk-summary-list__value" }, row.value),
      ),
    ),
  );
}

export function table(options: {
  caption: string;
  captionClass?: string;
  headings: readonly string[];
  rows: readonly (readonly Children[])[];
  id?: string;
}): HTMLElement {
  return h(
    "table",
    { class: "nhsuk-table", id: options.id },
    h("caption", { class: ["nhsuk-table__caption", options.captionClass] }, options.caption),
    h(
      "thead",
      { class: "nhsuk-table__head" },
      h(
        "tr",
        { class: "nhsuk-table__row" },
        options.headings.map((heading) =>
          h("th", { class: "nhsuk-table__header", scope: "col" }, heading),
        ),
      ),
    ),
    h(
      "tbody",
      { class: "nhsuk-table__body" },
      options.rows.map((cells) =>
        h(
          "tr",
          { class: "nhsuk-table__row" },
          cells.map((cell) => h("td", { class: "nhsuk-table__cell" }, cell)),
        ),
      ),
    ),
  );
}

export function insetText(...children: Children[]): HTMLElement {
  return h("div", { class: "nhsuk-inset-text" }, h("span", { class: "nhsuk-u-visually-hidden" }, "Information: "), children);
}
