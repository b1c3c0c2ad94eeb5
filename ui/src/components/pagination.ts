// NHS.UK pagination for a long list read a page at a time: "Previous" and
// "Next" links, each saying which page it goes to ("Page 2 of 40"), and a
// line saying which of the items this page shows. Plain links to addresses,
// so the keyboard, back and reload work as on every other page; every text
// is set as text, never as HTML.

import { h, svg } from "../lib/dom";

const ARROWS = {
  left: "M10.7 6.3c.4.4.4 1 0 1.4L7.4 11H19a1 1 0 0 1 0 2H7.4l3.3 3.3c.4.4.4 1 0 1.4a1 1 0 0 1-1.4 0l-5-5A1 1 0 0 1 4 12c0-.3.1-.5.3-.7l5-5a1 1 0 0 1 1.4 0Z",
  right:
    "m14.7 6.3 5 5c.2.2.3.4.3.7 0 .3-.1.5-.3.7l-5 5a1 1 0 0 1-1.4-1.4l3.3-3.3H5a1 1 0 0 1 0-2h11.6l-3.3-3.3a1 1 0 1 1 1.4-1.4Z",
} as const;

function arrow(direction: keyof typeof ARROWS): SVGElement {
  return svg(
    "svg",
    {
      class: `nhsuk-icon nhsuk-icon--arrow-${direction}`,
      viewBox: "0 0 24 24",
      width: 16,
      height: 16,
      focusable: "false",
      "aria-hidden": "true",
    },
    svg("path", { d: ARROWS[direction] }),
  );
}

/** "Page 2 of 40". */
export function pageOf(page: number, pages: number): string {
  return `Page ${page.toLocaleString("en-GB")} of ${pages.toLocaleString("en-GB")}`;
}

/** "Showing 26 to 50 of 1,234 assessments". */
export function showingRange(first: number, last: number, total: number, noun: string): string {
  const n = (value: number): string => value.toLocaleString("en-GB");
  return `Showing ${n(first)} to ${n(last)} of ${n(total)} ${noun}`;
}

function link(kind: "prev" | "next", href: string, page: number, pages: number, id: string): HTMLElement {
  const previous = kind === "prev";
  return h(
    "li",
    { class: previous ? "nhsuk-pagination-item--previous" : "nhsuk-pagination-item--next" },
    h(
      "a",
      {
        class: `nhsuk-pagination__link nhsuk-pagination__link--${kind}`,
        href,
        rel: kind,
        id: `${id}-${previous ? "previous" : "next"}`,
      },
      h(
        "span",
        { class: "nhsuk-pagination__title" },
        previous ? "Previous" : "Next",
        h("span", { class: "nhsuk-u-visually-hidden" }, " page"),
      ),
      h("span", { class: "nhsuk-u-visually-hidden" }, ":"),
      h("span", { class: "nhsuk-pagination__page" }, pageOf(page, pages)),
      arrow(previous ? "left" : "right"),
    ),
  );
}

/**
 * "Previous" and "Next" links for page `page` of `pages` (from 1), to the
 * addresses `href` gives; none on a list of one page.
 */
export function pagination(options: {
  id: string;
  /** What the landmark is called for screen readers: "Pages of assessments". */
  label: string;
  page: number;
  pages: number;
  href: (page: number) => string;
}): HTMLElement | null {
  const { id, label, page, pages, href } = options;
  if (pages <= 1) {
    return null;
  }
  return h(
    "nav",
    { class: "nhsuk-pagination", role: "navigation", "aria-label": label, id },
    h(
      "ul",
      { class: "nhsuk-list nhsuk-pagination__list" },
      page > 1 ? link("prev", href(page - 1), page - 1, pages, id) : null,
      page < pages ? link("next", href(page + 1), page + 1, pages, id) : null,
    ),
  );
}
