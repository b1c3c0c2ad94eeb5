// The UI builds every element with the DOM helper; markup is never parsed from
// strings. This test fails if any source file uses the string-to-HTML APIs, and
// checks that the page (and the build, when there is one) has no inline script
// or style, which the app's CSP would block anyway.

import { describe, expect, it } from "vitest";

const sources = import.meta.glob<string>("../src/**/*.{ts,scss,css,html}", {
  query: "?raw",
  import: "default",
  eager: true,
});
const indexHtml = import.meta.glob<string>("../index.html", { query: "?raw", import: "default", eager: true });
const distHtml = import.meta.glob<string>("../dist/index.html", { query: "?raw", import: "default", eager: true });

const FORBIDDEN = [
  "innerHTML",
  "outerHTML",
  "insertAdjacentHTML",
  "document.write",
  "DOMParser",
  "createContextualFragment",
  "eval(",
  "new Function(",
  ".style.",
  "cssText",
];

function inlineScriptOrStyle(html: string): string[] {
  const problems: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, attrs = "", body = ""] = match;
    if (!/\bsrc=/.test(attrs) || body.trim() !== "") {
      problems.push(`inline script: ${match[0].slice(0, 80)}`);
    }
  }
  if (/<style\b/i.test(html)) {
    problems.push("inline <style> element");
  }
  if (/\sstyle=/i.test(html)) {
    problems.push("style attribute");
  }
  if (/\son[a-z]+=/i.test(html)) {
    problems.push("inline event handler attribute");
  }
  return problems;
}

describe("no HTML from strings", () => {
  it("finds the source files", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
  });

  for (const [path, text] of Object.entries(sources)) {
    it(`${path.replace("../", "ui/")} uses none of ${FORBIDDEN.join(", ")}`, () => {
      const found = FORBIDDEN.filter((word) => text.includes(word));
      expect(found).toEqual([]);
    });
  }
});

describe("no inline script or style", () => {
  it("ui/index.html", () => {
    const html = Object.values(indexHtml)[0];
    expect(html).toBeDefined();
    expect(inlineScriptOrStyle(html ?? "")).toEqual([]);
  });

  const built = Object.values(distHtml)[0];
  it.skipIf(built === undefined)("ui/dist/index.html (after npm run build)", () => {
    expect(inlineScriptOrStyle(built ?? "")).toEqual([]);
  });
});
