import { describe, expect, it } from "vitest";

import { isRouteHash, parseRoute, paths } from "../src/lib/router";

describe("routes", () => {
  it("reads every page's hash", () => {
    expect(parseRoute("")).toEqual({ name: "list" });
    expect(parseRoute("#/")).toEqual({ name: "list" });
    expect(parseRoute("#/new")).toEqual({ name: "new" });
    expect(parseRoute("#/assessments/abc")).toEqual({ name: "overview", id: "abc" });
    expect(parseRoute("#/assessments/abc/audit")).toEqual({ name: "audit", id: "abc" });
    expect(parseRoute("#/assessments/abc/entries/3a")).toEqual({
      name: "question",
      id: "abc",
      entryId: "3a",
    });
    expect(parseRoute("#/assessments/abc/other")).toEqual({ name: "not-found" });
    expect(parseRoute("#/elsewhere")).toEqual({ name: "not-found" });
  });

  it("builds hashes that read back as the same page", () => {
    expect(parseRoute(paths.question("a b", "C4"))).toEqual({ name: "question", id: "a b", entryId: "C4" });
    expect(paths.overview("x")).toBe("#/assessments/x");
    expect(paths.audit("x")).toBe("#/assessments/x/audit");
  });

  it("treats in-page targets such as #maincontent as not being pages", () => {
    expect(isRouteHash("#maincontent")).toBe(false);
    expect(isRouteHash("#/new")).toBe(true);
    expect(isRouteHash("")).toBe(true);
  });
});
