// The page frame (skip link, header with who is using the app, main, footer)
// and small NHS.UK building blocks: back link, caption, tag, button link,
// summary list, table, inset text, notification banner.

import type { Actor } from "../ipc/generated/Actor";
import { h, replaceChildren, visuallyHidden, type Children } from "../lib/dom";
import { paths } from "../lib/router";

export const SERVICE_NAME = "Prevent Self-Assessment";

export interface Shell {
  root: HTMLElement;
  /** Where a page's back link goes, above `main`. */
  beforeMain: HTMLElement;
  main: HTMLElement;
  /** Filled with the database path once it is known. */
  footerMeta: HTMLElement;
  /** Under the service name: who the app records changes against. */
  userBar: HTMLElement;
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
  // A landmark of its own, so all content is in one; hidden while empty.
  const beforeMain = h("nav", { class: "app-before-main", "aria-label": "Back", hidden: true });
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

  const userBar = h("div", { class: "app-user-bar", id: "user-bar", hidden: true });
  const header = h(
    "header",
    { class: "app-header", role: "banner" },
    h(
      "div",
      { class: "nhsuk-header" },
      h(
        "div",
        { class: "nhsuk-header__container nhsuk-width-container" },
        h(
          "div",
          { class: "nhsuk-header__service" },
          h("a", { class: "nhsuk-header__service-name", href: paths.list() }, SERVICE_NAME),
        ),
      ),
    ),
    userBar,
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
  return { root, beforeMain, main, footerMeta, userBar };
}

/** "Sam Lee, Safeguarding lead" (or just the name when no role is recorded). */
export function describeActor(actor: Actor): string {
  return actor.role.trim() === "" ? actor.name : `${actor.name}, ${actor.role}`;
}

/** Shows who changes are recorded against, with a link to change it (hidden until known). */
export function fillUser(shell: Shell, user: Actor | null): void {
  if (user === null) {
    shell.userBar.hidden = true;
    shell.userBar.replaceChildren();
    return;
  }
  replaceChildren(
    shell.userBar,
    h(
      "div",
      { class: "nhsuk-width-container" },
      h(
        "p",
        { class: "nhsuk-body-s app-user-bar__text" },
        "You are recorded as: ",
        h("strong", { id: "current-user" }, describeActor(user)),
        " ",
        h(
          "a",
          { class: "nhsuk-link app-user-bar__link", id: "change-user", href: paths.you() },
          "Change",
          visuallyHidden(" who you are"),
        ),
      ),
    ),
  );
  shell.userBar.hidden = false;
}

/**
 * Fills the footer: where the data is kept (with a link to its backups once
 * the file is open), and the app's version.
 */
export function fillFooter(
  shell: Shell,
  databasePath: string | null,
  version: string | null,
  options: { backupsLink?: boolean } = {},
): void {
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
          options.backupsLink === true
            ? [" ", h("a", { class: "nhsuk-link", id: "backups-link", href: paths.backups() }, "Backups of this file")]
            : null,
        ),
    version === null ? null : h("p", { class: "nhsuk-body-s" }, `${SERVICE_NAME} version ${version}`),
  );
}

/**
 * A warning about where the data is kept (a network share), shown above
 * every page: it is about the file, not about one page.
 */
export function showStorageWarning(shell: Shell, warning: string | null): void {
  shell.root.querySelector("#storage-warning")?.remove();
  if (warning === null) {
    return;
  }
  const callout = h(
    "div",
    { class: "nhsuk-warning-callout app-storage-warning", id: "storage-warning" },
    h(
      "h2",
      { class: "nhsuk-warning-callout__label" },
      h("span", { role: "text" }, h("span", { class: "nhsuk-u-visually-hidden" }, "Important: "), "Your data is on a network share"),
    ),
    h("p", null, warning),
  );
  shell.beforeMain.parentElement?.insertBefore(callout, shell.beforeMain);
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

/** A link that looks like a button (NHS "button link"). */
export function buttonLink(
  href: string,
  text: Children,
  options: { id?: string; secondary?: boolean; extraClass?: string } = {},
): HTMLAnchorElement {
  return h(
    "a",
    {
      class: ["nhsuk-button", options.secondary === true && "nhsuk-button--secondary", options.extraClass],
      id: options.id,
      href,
      draggable: "false",
    },
    text,
  );
}

export interface SummaryRow {
  key: string;
  value: Children;
  /** An id for the value cell. */
  valueId?: string;
}

export function summaryList(
  rows: readonly SummaryRow[],
  options: { id?: string; extraClass?: string } = {},
): HTMLElement {
  return h(
    "dl",
    { class: ["nhsuk-summary-list", options.extraClass], id: options.id },
    rows.map((row) =>
      h(
        "div",
        { class: "nhsuk-summary-list__row" },
        h("dt", { class: "nhsuk-summary-list__key" }, row.key),
        h("dd", { class: "nhsuk-summary-list__value", id: row.valueId }, row.value),
      ),
    ),
  );
}

/**
 * An NHS notification banner. A success banner is an alert (announced when
 * shown); it can take focus so keyboard users start from it.
 */
export function notificationBanner(options: {
  id: string;
  title: string;
  heading: string;
  body?: Children;
  success?: boolean;
}): HTMLElement {
  const titleId = `${options.id}-title`;
  return h(
    "div",
    {
      class: ["nhsuk-notification-banner", options.success === true && "nhsuk-notification-banner--success"],
      id: options.id,
      role: options.success === true ? "alert" : "region",
      "aria-labelledby": titleId,
      tabindex: "-1",
    },
    h(
      "div",
      { class: "nhsuk-notification-banner__header" },
      h("h2", { class: "nhsuk-notification-banner__title", id: titleId }, options.title),
    ),
    h(
      "div",
      { class: "nhsuk-notification-banner__content" },
      h("p", { class: "nhsuk-notification-banner__heading" }, options.heading),
      options.body,
    ),
  );
}

export function table(options: {
  caption: string;
  captionClass?: string;
  headings: readonly string[];
  rows: readonly (readonly Children[])[];
  id?: string;
  /** Makes each row's first cell its header (`th scope="row"`). */
  rowHeaders?: boolean;
  extraClass?: string;
}): HTMLElement {
  return h(
    "table",
    { class: ["nhsuk-table", options.extraClass], id: options.id },
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
          cells.map((cell, index) =>
            options.rowHeaders === true && index === 0
              ? h("th", { class: "nhsuk-table__header", scope: "row" }, cell)
              : h("td", { class: "nhsuk-table__cell" }, cell),
          ),
        ),
      ),
    ),
  );
}

export function insetText(...children: Children[]): HTMLElement {
  return h("div", { class: "nhsuk-inset-text" }, h("span", { class: "nhsuk-u-visually-hidden" }, "Information: "), children);
}
