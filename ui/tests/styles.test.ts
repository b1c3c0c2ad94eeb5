// The stylesheet compiles only the nhsuk-frontend components the screens use
// (styles/main.scss says why). This test fails when a screen starts using a
// component's classes that the stylesheet leaves out, which would otherwise
// show as an unstyled element only when someone opens that screen.

import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const sources = import.meta.glob<string>("../src/**/*.ts", { query: "?raw", import: "default", eager: true });

// Read from disk, from ui/ where the tests run (npm test): Vitest hands a
// stylesheet to a test as an empty module.
const scss = readFileSync("src/styles/main.scss", "utf8");
// One folder per component; the folder holds its files (_index.scss, …).
const components = readdirSync("node_modules/nhsuk-frontend/dist/nhsuk/components").filter((name) => !name.includes("."));

/** Whether `source` uses a class of the component `name` (its block, element or modifier). */
function usesComponent(source: string, name: string): boolean {
  // A folder name is sometimes the plural of its block: "tables" styles .nhsuk-table.
  const blocks = name.endsWith("s") ? [name, name.slice(0, -1)] : [name];
  return blocks.some((block) => new RegExp(`(?<![\\w-])nhsuk-${block}(?:__|--|(?![\\w-]))`).test(source));
}

describe("the stylesheet", () => {
  it("finds nhsuk-frontend's components and the stylesheet", () => {
    expect(components).toContain("button");
    expect(components.length).toBeGreaterThan(30);
    expect(scss).toContain("nhsuk-frontend/dist/nhsuk/core/index");
  });

  it("compiles every component whose classes a screen uses", () => {
    const used = components.filter((name) => Object.values(sources).some((source) => usesComponent(source, name)));
    expect(used).toContain("summary-list");
    expect(used).toContain("tables");
    const missing = used.filter((name) => !scss.includes(`nhsuk-frontend/dist/nhsuk/components/${name}/index"`));
    expect(missing).toEqual([]);
  });

  it("recognises a component's block, element and modifier classes, and no other component's", () => {
    expect(usesComponent('h("div", { class: "nhsuk-tabs" })', "tabs")).toBe(true);
    expect(usesComponent('"nhsuk-tabs__list"', "tabs")).toBe(true);
    expect(usesComponent('"nhsuk-table--compact"', "tables")).toBe(true);
    expect(usesComponent('"nhsuk-search-input"', "input")).toBe(false);
    expect(usesComponent('"nhsuk-input-wrapper"', "input")).toBe(false);
  });
});
