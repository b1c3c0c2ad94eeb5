// Hash routes. Only hashes starting "#/" are routes; any other hash (such as
// "#maincontent" from the skip link) is an in-page target, not a page. The
// action plan's pages keep their filter in a query after the path
// ("#/assessments/<id>/plan?status=in_progress&priority=high"), so back,
// forward and reload keep it; home keeps its page ("#/?page=2"); other
// pages ignore any query.

import type { PlanFilter } from "../ipc/generated/PlanFilter";
import { planFilterFromQuery, planFilterQuery } from "./plan";

/** Where an action page was opened from, for its back link. */
export type ActionFrom = "plan" | "dashboard";

export type Route =
  | { name: "list"; page: number }
  | { name: "you" }
  | { name: "new" }
  | { name: "overview"; id: string }
  | { name: "audit"; id: string }
  | { name: "review"; id: string }
  | { name: "sign-off"; id: string }
  | { name: "check" }
  | { name: "backups"; restored: string | null; undo: string | null; made: string | null }
  | { name: "restore-backup"; backup: string | null }
  | { name: "training"; organisation: string | null }
  | { name: "training-groups"; organisation: string | null }
  | { name: "training-record"; organisation: string }
  | { name: "training-import"; organisation: string }
  | { name: "training-quarterly"; organisation: string }
  | { name: "board-report"; organisation: string | null; year: number | null }
  | { name: "question"; id: string; entryId: string; field: string | null }
  | { name: "plan"; id: string; filter: PlanFilter }
  | { name: "dashboard"; filter: PlanFilter }
  | { name: "action"; actionId: string; from: ActionFrom; filter: PlanFilter }
  | { name: "not-found" };

function decode(segment: string): string | null {
  try {
    const value = decodeURIComponent(segment);
    return value === "" ? null : value;
  } catch {
    return null;
  }
}

/** A list's page from the query ("?page=3"), from 1; anything else is the first. */
function pageFromQuery(query: URLSearchParams): number {
  const page = /^\d{1,6}$/.exec(query.get("page") ?? "")?.[0];
  return page === undefined ? 1 : Math.max(1, Number(page));
}

/** Whether a location hash names a page (rather than an element on the page). */
export function isRouteHash(hash: string): boolean {
  return hash === "" || hash === "#" || hash.startsWith("#/");
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, "");
  const queryAt = raw.indexOf("?");
  const path = (queryAt === -1 ? raw : raw.slice(0, queryAt)).replace(/\/+$/, "");
  const query = new URLSearchParams(queryAt === -1 ? "" : raw.slice(queryAt + 1));
  if (path === "" || path === "/") {
    return { name: "list", page: pageFromQuery(query) };
  }
  if (path === "/new") {
    return { name: "new" };
  }
  if (path === "/you") {
    return { name: "you" };
  }
  if (path === "/check") {
    return { name: "check" };
  }
  if (path === "/backups") {
    return { name: "backups", restored: query.get("restored"), undo: query.get("undo"), made: query.get("made") };
  }
  if (path === "/backups/restore") {
    return { name: "restore-backup", backup: query.get("name") };
  }
  const organisation = ((): string | null => {
    const named = query.get("organisation");
    return named === null || named.trim() === "" ? null : named;
  })();
  if (path === "/training") {
    return { name: "training", organisation };
  }
  if (path === "/training/groups") {
    return { name: "training-groups", organisation };
  }
  const needsOrganisation = {
    "/training/record": "training-record",
    "/training/import": "training-import",
    "/training/quarterly": "training-quarterly",
  } as const;
  if (path in needsOrganisation) {
    if (organisation === null) {
      return { name: "training", organisation };
    }
    return { name: needsOrganisation[path as keyof typeof needsOrganisation], organisation };
  }
  if (path === "/board-report") {
    const year = query.get("year");
    return {
      name: "board-report",
      organisation,
      year: year !== null && /^\d{4}$/.test(year) ? Number(year) : null,
    };
  }
  const segments = path.split("/").slice(1);
  if (segments[0] === "actions") {
    if (segments.length === 1) {
      return { name: "dashboard", filter: planFilterFromQuery(query) };
    }
    const actionId = segments.length === 2 && segments[1] !== undefined ? decode(segments[1]) : null;
    if (actionId === null) {
      return { name: "not-found" };
    }
    return {
      name: "action",
      actionId,
      from: query.get("from") === "dashboard" ? "dashboard" : "plan",
      filter: planFilterFromQuery(query),
    };
  }
  if (segments[0] === "assessments" && segments[1] !== undefined) {
    const id = decode(segments[1]);
    if (id === null) {
      return { name: "not-found" };
    }
    if (segments.length === 2) {
      return { name: "overview", id };
    }
    if (segments.length === 3 && segments[2] === "audit") {
      return { name: "audit", id };
    }
    if (segments.length === 3 && segments[2] === "review") {
      return { name: "review", id };
    }
    if (segments.length === 3 && segments[2] === "sign-off") {
      return { name: "sign-off", id };
    }
    if (segments.length === 3 && segments[2] === "plan") {
      return { name: "plan", id, filter: planFilterFromQuery(query) };
    }
    if ((segments.length === 4 || segments.length === 5) && segments[2] === "entries" && segments[3] !== undefined) {
      const entryId = decode(segments[3]);
      const field = segments[4] === undefined ? null : decode(segments[4]);
      if (entryId !== null) {
        return { name: "question", id, entryId, field };
      }
    }
  }
  return { name: "not-found" };
}

export const paths = {
  /** Home: the assessments, a page at a time (the first without a number). */
  list: (page = 1): string => (page > 1 ? `#/?page=${page}` : "#/"),
  newAssessment: (): string => "#/new",
  you: (): string => "#/you",
  overview: (id: string): string => `#/assessments/${encodeURIComponent(id)}`,
  audit: (id: string): string => `#/assessments/${encodeURIComponent(id)}/audit`,
  review: (id: string): string => `#/assessments/${encodeURIComponent(id)}/review`,
  /** Signing an assessment off and downloading its report. */
  signOff: (id: string): string => `#/assessments/${encodeURIComponent(id)}/sign-off`,
  /** Checking a report PDF someone has sent. */
  checkPdf: (): string => "#/check",
  /**
   * The database's backups; after a restore or a backup made, the names of
   * the backups the page reports on.
   */
  backups: (outcome: { restored?: string; undo?: string | undefined; made?: string } = {}): string => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(outcome)) {
      if (value !== undefined) {
        query.set(key, value);
      }
    }
    const text = query.toString();
    return text === "" ? "#/backups" : `#/backups?${text}`;
  },
  /** Confirming the restore of one backup. */
  restoreBackup: (name: string): string => `#/backups/restore?${new URLSearchParams({ name }).toString()}`,
  /** An organisation's training compliance; the choice of organisation without one. */
  training: (organisation?: string): string =>
    organisation === undefined ? "#/training" : `#/training?${new URLSearchParams({ organisation }).toString()}`,
  /** An organisation's staff groups and the level each needs; a new organisation's without one. */
  trainingGroups: (organisation?: string): string =>
    organisation === undefined
      ? "#/training/groups"
      : `#/training/groups?${new URLSearchParams({ organisation }).toString()}`,
  /** Entering a reporting date's figures by hand. */
  trainingRecord: (organisation: string): string =>
    `#/training/record?${new URLSearchParams({ organisation }).toString()}`,
  /** Importing a training export. */
  trainingImport: (organisation: string): string =>
    `#/training/import?${new URLSearchParams({ organisation }).toString()}`,
  /** The quarterly summary for the upward return. */
  trainingQuarterly: (organisation: string): string =>
    `#/training/quarterly?${new URLSearchParams({ organisation }).toString()}`,
  /** The annual report to the board, for an organisation and a year. */
  boardReport: (organisation?: string, year?: number): string => {
    const query = new URLSearchParams();
    if (organisation !== undefined) {
      query.set("organisation", organisation);
    }
    if (year !== undefined) {
      query.set("year", String(year));
    }
    const text = query.toString();
    return text === "" ? "#/board-report" : `#/board-report?${text}`;
  },
  /** A step; with `field`, the page opens with focus on that field (error summary links). */
  question: (id: string, entryId: string, field?: string): string =>
    `#/assessments/${encodeURIComponent(id)}/entries/${encodeURIComponent(entryId)}` +
    (field === undefined ? "" : `/${encodeURIComponent(field)}`),
  /** An assessment's action plan, with its filter (if any) in the query. */
  plan: (id: string, filter: PlanFilter = {}): string =>
    `#/assessments/${encodeURIComponent(id)}/plan${planFilterQuery(filter)}`,
  /** Every assessment's actions, with the filter (if any) in the query. */
  dashboard: (filter: PlanFilter = {}): string => `#/actions${planFilterQuery(filter)}`,
  /**
   * One action. `from` and `filter` say which plan (and which filter of it)
   * its back link returns to; from an assessment's plan with no filter, none.
   */
  action: (id: string, options: { from?: ActionFrom; filter?: PlanFilter } = {}): string =>
    `#/actions/${encodeURIComponent(id)}` +
    planFilterQuery(options.filter ?? {}, options.from === "dashboard" ? [["from", "dashboard"]] : []),
};

/** Goes to a page. The app re-renders on the resulting `hashchange`. */
export function navigate(path: string): void {
  if (window.location.hash === path) {
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    window.location.hash = path;
  }
}

/**
 * Starts the window afresh at a page: after a restore or another file is
 * opened, everything read so far (who is using the app, catalogues, the
 * page) belongs to the file that was replaced.
 */
export function reloadAt(path: string): void {
  window.history.replaceState(window.history.state, "", path);
  windowReload.reload();
}

/** The window's reload, behind an object so tests can watch it (jsdom cannot reload). */
export const windowReload = {
  reload: (): void => window.location.reload(),
};
