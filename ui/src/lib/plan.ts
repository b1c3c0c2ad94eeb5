// The action plan's words and its filter in the address. Rust works out
// everything about a plan (filtering, sorting, overdue, counts); this module
// only names statuses and priorities the way people read them, and writes a
// PlanFilter into the hash query (and reads it back) so that back, forward
// and reload keep the filter.

import { RULES } from "../ipc/generated/rules";
import type { ActionStatus } from "../ipc/generated/ActionStatus";
import type { DueFilter } from "../ipc/generated/DueFilter";
import type { PlanCounts } from "../ipc/generated/PlanCounts";
import type { PlanFilter } from "../ipc/generated/PlanFilter";
import type { Priority } from "../ipc/generated/Priority";
import { labelsByValue } from "./labels";

/** In the order the plan shows them, as the app's rules list them. */
export const STATUSES: readonly ActionStatus[] = RULES.statuses.map((status) => status.value);

/** Highest first, as the plan sorts them. */
export const PRIORITIES: readonly Priority[] = RULES.priorities.map((priority) => priority.value);

export const STATUS_LABELS = labelsByValue<ActionStatus>(RULES.statuses);

export const PRIORITY_LABELS = labelsByValue<Priority>(RULES.priorities);

/** How far ahead "due soon" looks, in days (the app's DUE_SOON_DAYS). */
export const DUE_SOON_DAYS = RULES.due_soon_days;

/**
 * How many actions the plan's table shows at first, and how many more each
 * "Show more" adds. Rust counts them all; it reads in full only those shown.
 */
export const PAGE_SIZE = 50;

export function isStatus(value: unknown): value is ActionStatus {
  return typeof value === "string" && (STATUSES as readonly string[]).includes(value);
}

export function isPriority(value: unknown): value is Priority {
  return typeof value === "string" && (PRIORITIES as readonly string[]).includes(value);
}

/** A due filter as the query and the filter form write it: "overdue" or "within-30". */
export function dueToken(due: DueFilter | undefined): string {
  if (due === undefined) {
    return "";
  }
  return due.kind === "overdue" ? "overdue" : `within-${due.days}`;
}

export function dueFromToken(token: string | null | undefined): DueFilter | undefined {
  if (token === "overdue") {
    return { kind: "overdue" };
  }
  const within = /^within-(\d{1,4})$/.exec(token ?? "");
  if (within?.[1] !== undefined) {
    return { kind: "within", days: Number(within[1]) };
  }
  return undefined;
}

/** Whether the filter keeps every action (how many are shown is not a filter). */
export function isEmptyFilter(filter: PlanFilter): boolean {
  return planFilterQuery({ ...filter, limit: PAGE_SIZE }) === "";
}

/** The filter with the number of actions to show: `limit`, else the first page. */
export function withLimit(filter: PlanFilter, limit?: number): PlanFilter {
  return { ...filter, limit: limit ?? filter.limit ?? PAGE_SIZE };
}

/**
 * The filter as a hash query ("?status=in_progress&priority=high"), or "" for
 * no filter. Fields are always written in the same order, so a filter read
 * back and written again gives the same address. A limit is written only
 * when more than the first page is shown.
 */
export function planFilterQuery(filter: PlanFilter, extra: readonly [string, string][] = []): string {
  const params = new URLSearchParams(extra.map(([key, value]) => [key, value]));
  if (filter.status !== undefined) {
    params.set("status", filter.status);
  }
  const owner = filter.owner?.trim() ?? "";
  if (owner !== "") {
    params.set("owner", owner);
  }
  const department = filter.department?.trim() ?? "";
  if (department !== "") {
    params.set("department", department);
  }
  if (filter.priority !== undefined) {
    params.set("priority", filter.priority);
  }
  const due = dueToken(filter.due);
  if (due !== "") {
    params.set("due", due);
  }
  if (filter.limit !== undefined && filter.limit > PAGE_SIZE) {
    params.set("limit", String(filter.limit));
  }
  const query = params.toString();
  return query === "" ? "" : `?${query}`;
}

/** Reads a filter from a hash query; anything it does not know is left out. */
export function planFilterFromQuery(params: URLSearchParams): PlanFilter {
  const filter: PlanFilter = {};
  const status = params.get("status");
  if (isStatus(status)) {
    filter.status = status;
  }
  const owner = params.get("owner")?.trim() ?? "";
  if (owner !== "") {
    filter.owner = owner;
  }
  const department = params.get("department")?.trim() ?? "";
  if (department !== "") {
    filter.department = department;
  }
  const priority = params.get("priority");
  if (isPriority(priority)) {
    filter.priority = priority;
  }
  const due = dueFromToken(params.get("due"));
  if (due !== undefined) {
    filter.due = due;
  }
  const limit = /^\d{1,6}$/.exec(params.get("limit") ?? "")?.[0];
  if (limit !== undefined && Number(limit) > 0) {
    filter.limit = Number(limit);
  }
  return filter;
}

/** "1 action" / "3 actions". */
export function actionCount(n: number, adjective = ""): string {
  const words = adjective === "" ? "" : `${adjective} `;
  return `${n.toLocaleString("en-GB")} ${words}${n === 1 ? "action" : "actions"}`;
}

/** The overview's short line: "5 open actions, 1 overdue" (or "No open actions"). */
export function openActionsSummary(counts: Pick<PlanCounts, "open" | "overdue" | "gaps_to_confirm">): string {
  const parts = [counts.open === 0 ? "No open actions" : actionCount(counts.open, "open")];
  if (counts.overdue > 0) {
    parts.push(`${counts.overdue} overdue`);
  }
  if (counts.gaps_to_confirm > 0) {
    parts.push(`${counts.gaps_to_confirm} ${counts.gaps_to_confirm === 1 ? "gap" : "gaps"} closed to confirm`);
  }
  return parts.join(", ");
}
