// A tiny DOM builder. Text always goes in as text nodes, never parsed as
// markup, so nothing a person types (or the catalogue holds) can become HTML.

export type Child = Node | string | number | null | undefined | false;
export type Children = Child | readonly Children[];

type EventHandlers = {
  [K in keyof HTMLElementEventMap as `on${Capitalize<K & string>}`]?: (
    event: HTMLElementEventMap[K],
  ) => void;
};

export type Attrs = {
  /** Space-separated class names; falsy entries of an array are skipped. */
  class?: string | readonly (string | false | null | undefined)[];
  /** A boolean sets or omits the attribute; null/undefined/false omit it. */
  [attribute: string]: unknown;
} & EventHandlers;

function appendChildren(parent: Node, children: Children): void {
  if (children === null || children === undefined || children === false) {
    return;
  }
  if (Array.isArray(children)) {
    for (const child of children as readonly Children[]) {
      appendChildren(parent, child);
    }
    return;
  }
  if (typeof children === "string" || typeof children === "number") {
    parent.appendChild(document.createTextNode(String(children)));
    return;
  }
  parent.appendChild(children as Node);
}

function applyAttrs(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) {
    return;
  }
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === "class") {
      const names = Array.isArray(value)
        ? (value as readonly unknown[]).filter((v): v is string => typeof v === "string" && v !== "")
        : String(value).split(/\s+/).filter((v) => v !== "");
      if (names.length > 0) {
        el.setAttribute("class", names.join(" "));
      }
      continue;
    }
    if (/^on[A-Z]/.test(key) && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
      continue;
    }
    if (/^on/i.test(key)) {
      throw new Error(`h(): the event handler ${key} must be a function`);
    }
    if (key === "style") {
      throw new Error("h(): inline styles are not allowed (the CSP forbids them); use a class");
    }
    el.setAttribute(key, value === true ? "" : String(value));
  }
}

/** Creates an HTML element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Children[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  applyAttrs(el, attrs);
  appendChildren(el, children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** Creates an SVG element (for icons). */
export function svg(tag: string, attrs?: Attrs | null, ...children: Children[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag) as SVGElement;
  applyAttrs(el, attrs);
  appendChildren(el, children);
  return el;
}

/** A document fragment holding the children. */
export function fragment(...children: Children[]): DocumentFragment {
  const frag = document.createDocumentFragment();
  appendChildren(frag, children);
  return frag;
}

/** Replaces all of an element's children. */
export function replaceChildren(parent: Element, ...children: Children[]): void {
  parent.replaceChildren(fragment(...children));
}

/** Text for people using screen readers only. */
export function visuallyHidden(text: string): HTMLSpanElement {
  return h("span", { class: "nhsuk-u-visually-hidden" }, text);
}

/** Adds `id` to an element's aria-describedby, keeping the others. */
export function addDescribedBy(el: Element, id: string): void {
  const ids = (el.getAttribute("aria-describedby") ?? "").split(/\s+/).filter((v) => v !== "");
  if (!ids.includes(id)) {
    ids.push(id);
  }
  el.setAttribute("aria-describedby", ids.join(" "));
}

/** Removes `id` from an element's aria-describedby. */
export function removeDescribedBy(el: Element, id: string): void {
  const ids = (el.getAttribute("aria-describedby") ?? "")
    .split(/\s+/)
    .filter((v) => v !== "" && v !== id);
  if (ids.length > 0) {
    el.setAttribute("aria-describedby", ids.join(" "));
  } else {
    el.removeAttribute("aria-describedby");
  }
}
