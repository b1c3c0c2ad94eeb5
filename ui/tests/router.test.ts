import { describe, expect, it } from "vitest";

import { isRouteHash, parseRoute, paths } from "../src/lib/router";

describe("routes", () => {
  it("reads every page's hash", () => {
    expect(parseRoute("")).toEqual({ name: "list" });
    expect(parseRoute("#/")).toEqual({ name: "list" });
    expect(parseRoute("#/new")).toEqual({ name: "new" });
    expect(parseRoute("#/you")).toEqual({ name: "you" });
    expect(parseRoute("#/assessments/abc")).toEqual({ name: "overview", id: "abc" });
    expect(parseRoute("#/assessments/abc/audit")).toEqual({ name: "audit", id: "abc" });
    expect(parseRoute("#/assessments/abc/review")).toEqual({ name: "review", id: "abc" });
    expect(parseRoute("#/assessments/abc/entries/3a")).toEqual({
      name: "question",
      id: "abc",
      entryId: "3a",
      field: null,
    });
    expect(parseRoute("#/assessments/abc/entries/3a/na_reason")).toEqual({
      name: "question",
      id: "abc",
      entryId: "3a",
      field: "na_reason",
    });
    expect(parseRoute("#/assessments/abc/other")).toEqual({ name: "not-found" });
    expect(parseRoute("#/assessments/abc/entries/3a/x/y")).toEqual({ name: "not-found" });
    expect(parseRoute("#/elsewhere")).toEqual({ name: "not-found" });
  });

  it("builds hashes that read back as the same page", () => {
    expect(parseRoute(paths.question("a b", "C4"))).toEqual({
      name: "question",
      id: "a b",
      entryId: "C4",
      field: null,
    });
    expect(parseRoute(paths.question("x", "C4", "review_date"))).toEqual({
      name: "question",
      id: "x",
      entryId: "C4",
      field: "review_date",
    });
    expect(paths.overview("x")).toBe("#/assessments/x");
    expect(paths.audit("x")).toBe("#/assessments/x/audit");
    expect(paths.review("x")).toBe("#/assessments/x/review");
    expect(paths.you()).toBe("#/you");
    expect(parseRoute(paths.you())).toEqual({ name: "you" });
  });

  it("treats in-page targets such as #maincontent as not being pages", () => {
    expect(isRouteHash("#maincontent")).toBe(false);
    expect(isRouteHash("#/new")).toBe(true);
    expect(isRouteHash("")).toBe(true);
  });
});
