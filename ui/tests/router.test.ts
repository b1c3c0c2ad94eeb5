import { describe, expect, it } from "vitest";

import type { PlanFilter } from "../src/ipc/api";
import { isEmptyFilter, planFilterFromQuery, planFilterQuery, withLimit } from "../src/lib/plan";
import { isRouteHash, parseRoute, paths } from "../src/lib/router";

describe("routes", () => {
  it("reads the backups pages and writes them back", () => {
    expect(parseRoute("#/backups")).toEqual({ name: "backups", restored: null, undo: null, made: null });
    const name = "prevent-2026-12-03T21-15-42Z-manual.sqlite3";
    const after = paths.backups({ restored: name, undo: "b&c d.sqlite3" });
    expect(parseRoute(after)).toEqual({ name: "backups", restored: name, undo: "b&c d.sqlite3", made: null });
    expect(paths.backups({ restored: name, undo: undefined })).toBe(`#/backups?restored=${name}`);
    expect(parseRoute(paths.restoreBackup("a b&c.sqlite3"))).toEqual({ name: "restore-backup", backup: "a b&c.sqlite3" });
    expect(parseRoute("#/backups/restore")).toEqual({ name: "restore-backup", backup: null });
  });

  it("reads every page's hash", () => {
    expect(parseRoute("")).toEqual({ name: "list", page: 1 });
    expect(parseRoute("#/")).toEqual({ name: "list", page: 1 });
    expect(parseRoute("#/?page=3")).toEqual({ name: "list", page: 3 });
    expect(parseRoute("#/?page=0")).toEqual({ name: "list", page: 1 });
    expect(parseRoute("#/?page=two")).toEqual({ name: "list", page: 1 });
    expect(parseRoute(paths.list(7))).toEqual({ name: "list", page: 7 });
    expect(paths.list(1)).toBe("#/");
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

  it("reads the training and board report pages, with their organisation and year", () => {
    const org = "St Mary's & <Co>";
    expect(parseRoute(paths.trainingGroups())).toEqual({ name: "training-groups", organisation: null });
    expect(parseRoute(paths.trainingGroups(org))).toEqual({ name: "training-groups", organisation: org });
    expect(parseRoute(paths.trainingRecord(org))).toEqual({ name: "training-record", organisation: org });
    expect(parseRoute(paths.trainingImport(org))).toEqual({ name: "training-import", organisation: org });
    expect(parseRoute(paths.trainingQuarterly(org))).toEqual({ name: "training-quarterly", organisation: org });
    // Recording or importing needs an organisation: without one, its choice.
    expect(parseRoute("#/training/import")).toEqual({ name: "training", organisation: null });
    expect(parseRoute(paths.boardReport(org, 2026))).toEqual({ name: "board-report", organisation: org, year: 2026 });
    expect(parseRoute("#/board-report?year=26")).toEqual({ name: "board-report", organisation: null, year: null });
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

  it("reads and builds the sign-off and Check a PDF pages", () => {
    expect(parseRoute("#/assessments/abc/sign-off")).toEqual({ name: "sign-off", id: "abc" });
    expect(parseRoute("#/assessments/abc/sign-off/")).toEqual({ name: "sign-off", id: "abc" });
    expect(parseRoute("#/assessments/abc/sign-off/x")).toEqual({ name: "not-found" });
    expect(parseRoute("#/assessments/abc/signoff")).toEqual({ name: "not-found" });
    expect(parseRoute("#/check")).toEqual({ name: "check" });
    expect(parseRoute("#/check?x=1")).toEqual({ name: "check" });
    expect(parseRoute("#/check/more")).toEqual({ name: "not-found" });
    expect(paths.signOff("x")).toBe("#/assessments/x/sign-off");
    expect(parseRoute(paths.signOff("a b/c"))).toEqual({ name: "sign-off", id: "a b/c" });
    expect(paths.checkPdf()).toBe("#/check");
    expect(parseRoute(paths.checkPdf())).toEqual({ name: "check" });
  });

  it("treats in-page targets such as #maincontent as not being pages", () => {
    expect(isRouteHash("#maincontent")).toBe(false);
    expect(isRouteHash("#/new")).toBe(true);
    expect(isRouteHash("")).toBe(true);
  });

  it("reads the action plan's pages, with their filter from the query", () => {
    expect(parseRoute("#/assessments/abc/plan")).toEqual({ name: "plan", id: "abc", filter: {} });
    expect(parseRoute("#/assessments/abc/plan?status=in_progress&priority=high")).toEqual({
      name: "plan",
      id: "abc",
      filter: { status: "in_progress", priority: "high" },
    });
    expect(parseRoute("#/actions")).toEqual({ name: "dashboard", filter: {} });
    expect(parseRoute("#/actions?due=overdue&owner=A.+Khan")).toEqual({
      name: "dashboard",
      filter: { owner: "A. Khan", due: { kind: "overdue" } },
    });
    expect(parseRoute("#/actions/act-1")).toEqual({ name: "action", actionId: "act-1", from: "plan", filter: {} });
    expect(parseRoute("#/actions/act-1?from=dashboard&due=within-30")).toEqual({
      name: "action",
      actionId: "act-1",
      from: "dashboard",
      filter: { due: { kind: "within", days: 30 } },
    });
    expect(parseRoute("#/actions/act-1/more")).toEqual({ name: "not-found" });
    // What it does not know in a query is left out, not guessed at.
    expect(parseRoute("#/assessments/abc/plan?status=done&priority=urgent&due=later&limit=-3")).toEqual({
      name: "plan",
      id: "abc",
      filter: {},
    });
    // Other pages ignore a query.
    expect(parseRoute("#/assessments/abc/review?status=x")).toEqual({ name: "review", id: "abc" });
  });

  it("writes a filter into the address and reads the same filter back", () => {
    const filters: PlanFilter[] = [
      {},
      { status: "not_started" },
      { status: "deferred", owner: "A. Khan & B. Jones", department: "Safe+guarding / HR", priority: "low" },
      { due: { kind: "overdue" } },
      { priority: "medium", due: { kind: "within", days: 30 } },
      { owner: "Zoë O'Brien?#", limit: 150 },
    ];
    for (const filter of filters) {
      expect(parseRoute(paths.plan("a b", filter))).toEqual({ name: "plan", id: "a b", filter });
      expect(parseRoute(paths.dashboard(filter))).toEqual({ name: "dashboard", filter });
      expect(parseRoute(paths.action("x/1", { filter }))).toEqual({ name: "action", actionId: "x/1", from: "plan", filter });
      expect(parseRoute(paths.action("x", { from: "dashboard", filter }))).toEqual({
        name: "action",
        actionId: "x",
        from: "dashboard",
        filter,
      });
    }
    expect(paths.plan("x")).toBe("#/assessments/x/plan");
    expect(paths.plan("x", { status: "in_progress", priority: "high" })).toBe(
      "#/assessments/x/plan?status=in_progress&priority=high",
    );
    expect(paths.dashboard()).toBe("#/actions");
    expect(paths.dashboard({ due: { kind: "overdue" } })).toBe("#/actions?due=overdue");
    expect(paths.action("x")).toBe("#/actions/x");
    expect(paths.action("x", { from: "dashboard" })).toBe("#/actions/x?from=dashboard");
    // The same filter, whatever order it was written in, gives the same address.
    expect(planFilterQuery(planFilterFromQuery(new URLSearchParams("priority=high&status=completed")))).toBe(
      "?status=completed&priority=high",
    );
  });

  it("leaves the first page's limit out of the address, and does not count a limit as a filter", () => {
    expect(paths.plan("x", withLimit({ status: "completed" }))).toBe("#/assessments/x/plan?status=completed");
    expect(paths.plan("x", { limit: 100 })).toBe("#/assessments/x/plan?limit=100");
    expect(withLimit({})).toEqual({ limit: 50 });
    expect(withLimit({ limit: 100 })).toEqual({ limit: 100 });
    expect(isEmptyFilter({ limit: 100 })).toBe(true);
    expect(isEmptyFilter({ owner: "  " })).toBe(true);
    expect(isEmptyFilter({ due: { kind: "overdue" } })).toBe(false);
  });
});
