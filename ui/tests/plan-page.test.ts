// The action plan, the dashboard, and the ways to them (overview, home):
// driven through the real IPC layer with Tauri's `invoke` replaced, so the
// commands called and their arguments are checked by name.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { planPage } = await import("../src/pages/plan");
const { dashboardPage } = await import("../src/pages/dashboard");
const { overviewPage } = await import("../src/pages/overview");
const { assessmentListPage } = await import("../src/pages/list");
const { showPage } = await import("../src/app");
const { buildShell } = await import("../src/components/layout");
const { clearCatalogueCache } = await import("../src/state");
import type { ActionView, PlanFilter, PlanView } from "../src/ipc/api";
import type { PageView } from "../src/state";
import {
  ASSESSMENT_ID,
  actionView,
  appInfo,
  assessmentDetail,
  assessmentPageOf,
  assessmentSummary,
  catalogueView,
  planViewOf,
  priorityRules,
  sampleActions,
  settle,
} from "./fixtures";

const HOSTILE = "<img src=x onerror=alert(1)>";

let handlers: Record<string, (args: unknown) => unknown>;

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) {
    throw new Error(`no #${id}`);
  }
  return el as T;
}

function calls(command: string): unknown[] {
  return invoke.mock.calls.filter((call) => call[0] === command).map((call) => call[1]);
}

function cells(tr: Element): string[] {
  return Array.from(tr.children).map((cell) => cell.textContent ?? "");
}

async function open(page: Promise<PageView>, hash: string): Promise<void> {
  window.history.replaceState(null, "", hash);
  const shell = buildShell();
  document.body.append(shell.root);
  showPage(shell, await page);
}

/** A get_plan / get_dashboard handler that keeps actions the way a test says, and honours the limit. */
function planHandler(all: readonly ActionView[], keep: (filter: PlanFilter, a: ActionView) => boolean = () => true) {
  return (args: unknown): PlanView => {
    const { filter } = args as { filter: PlanFilter };
    const kept = all.filter((a) => keep(filter, a));
    const whole = planViewOf(kept, { filter, all });
    return { ...whole, actions: kept.slice(0, filter.limit ?? kept.length) };
  };
}

beforeEach(() => {
  clearCatalogueCache();
  invoke.mockReset();
  handlers = {
    get_catalogue: () => catalogueView(),
    get_assessment: () => assessmentDetail(),
    get_plan: planHandler(sampleActions()),
    get_dashboard: planHandler(sampleActions()),
    get_priority_rules: () => priorityRules(),
  };
  invoke.mockImplementation((command: string, args: unknown) => {
    const handler = handlers[command];
    return handler === undefined
      ? Promise.reject(new Error(`unexpected command ${command}`))
      : Promise.resolve().then(() => handler(args));
  });
});

afterEach(() => {
  document.body.replaceChildren();
  window.history.replaceState(null, "", "#");
});

describe("an assessment's action plan", () => {
  it("asks for the plan's first page with the address's filter", async () => {
    await open(planPage(ASSESSMENT_ID, { status: "in_progress" }), `#/assessments/${ASSESSMENT_ID}/plan?status=in_progress`);
    expect(calls("get_plan")).toEqual([{ id: ASSESSMENT_ID, filter: { status: "in_progress", limit: 50 } }]);
    expect(document.querySelector("h1")?.textContent).toBe("Action plan following Prevent self-assessment");
    expect(document.title).toBe("Action plan following Prevent self-assessment: Northshire Community Health NHS Trust – Prevent Self-Assessment");
    expect(document.querySelector(".nhsuk-back-link")?.getAttribute("href")).toBe(`#/assessments/${ASSESSMENT_ID}`);
    // The form shows the filter in use.
    expect(byId<HTMLSelectElement>("filter-status").value).toBe("in_progress");
    expect(byId<HTMLSelectElement>("filter-priority").value).toBe("");
  });

  it("shows the counts, the chart with its numbers in a table, and every action as Rust sorted them", async () => {
    await open(planPage(ASSESSMENT_ID, {}), `#/assessments/${ASSESSMENT_ID}/plan`);

    expect(byId("plan-count-total").textContent).toBe("6");
    expect(byId("plan-count-open").textContent).toBe("3");
    expect(byId("plan-count-overdue").textContent).toBe("1");
    expect(byId("plan-count-due-soon").textContent).toBe("1");
    expect(byId("plan-count-gaps").textContent).toBe("1");

    const chart = byId("plan-chart");
    const captionId = chart.querySelector("svg[role='img']")?.getAttribute("aria-labelledby") ?? "";
    expect(document.getElementById(captionId)?.textContent).toBe("Actions by priority and status");
    expect(Array.from(chart.querySelectorAll(".app-chart__legend li")).map((li) => li.textContent?.trim())).toEqual([
      "Not started",
      "In progress",
      "Completed",
      "Deferred",
    ]);
    // Each status has its own pattern, not just a colour.
    const fills = new Set(
      Array.from(chart.querySelectorAll("pattern")).map(
        (p) =>
          `${p.getAttribute("patternTransform") ?? ""}|` +
          Array.from(p.children)
            .map((c) => `${c.tagName}.${c.getAttribute("class") ?? ""}`)
            .join(","),
      ),
    );
    expect(fills.size).toBe(4);
    const chartTable = byId<HTMLTableElement>("plan-chart-table");
    expect(cells(chartTable.querySelector("thead tr") ?? document.body)).toEqual([
      "Priority",
      "Not started",
      "In progress",
      "Completed",
      "Deferred",
      "Total",
    ]);
    expect(Array.from(chartTable.querySelectorAll("tbody tr")).map(cells)).toEqual([
      ["High", "1", "0", "0", "0", "1"],
      ["Medium", "2", "1", "0", "0", "3"],
      ["Low", "0", "0", "1", "1", "2"],
    ]);

    const table = byId<HTMLTableElement>("plan-table");
    expect(cells(table.querySelector("thead tr") ?? document.body)).toEqual([
      "Source and objective",
      "Action",
      "Priority",
      "Status",
      "Completion date",
      "Owners",
    ]);
    const rows = Array.from(table.querySelectorAll("tbody tr"));
    expect(rows.map((tr) => tr.querySelector("a")?.id)).toEqual(sampleActions().map((a) => `action-link-${a.id}`));
    const [first, overdue, inProgress, deferred, gapClosed] = rows.map(cells);
    expect(first?.[0]).toMatch(/^View or update the action for Item 1(?!\d)/);
    expect(first?.[1]).toBe("Write the Prevent policy");
    expect(first?.[2]).toBe("High");
    expect(first?.[3]).toBe("Not started");
    expect(first?.[4]).toBe("31 March 2027");
    expect(first?.[5]).toBe("A. Khan; B. JonesDepartment: Governance");
    expect(overdue?.[2]).toBe("MediumOverdue — raised from Low");
    expect(overdue?.[4]).toBe("1 October 2026");
    expect(inProgress?.[3]).toBe("In progress");
    expect(deferred?.[0]).toMatch(/^View or update the action for Checklist entry C4(?!\d)/);
    expect(deferred?.[4]).toBe("Not set");
    expect(deferred?.[5]).toBe("Not set");
    expect(gapClosed?.[3]).toBe("Not startedGap closed — confirm");
    expect(rows[1]?.querySelector(".nhsuk-tag")?.textContent).toBe("Medium");
    expect(byId<HTMLAnchorElement>("action-link-a-2").getAttribute("href")).toBe("#/actions/a-2");

    // A long objective is shortened, with the whole of it in a details element.
    const item6 = rows[2]?.children[0];
    expect(item6?.querySelector(".app-objective-short")?.textContent).toMatch(/…$/);
    expect(item6?.querySelector("details .nhsuk-details__text")?.textContent).toBe(
      sampleActions()[2]?.objective,
    );

    expect(byId("plan-results-count").textContent).toBe("6 actions shown");
    const ids = Array.from(document.querySelectorAll("[id]")).map((el) => el.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("lists what is overdue and due in the next 30 days, whatever the filter", async () => {
    const all = sampleActions();
    handlers["get_plan"] = planHandler(all, (filter, a) => filter.status === undefined || a.status === filter.status);
    await open(planPage(ASSESSMENT_ID, { status: "completed" }), `#/assessments/${ASSESSMENT_ID}/plan?status=completed`);
    expect(byId("plan-count-total").textContent).toBe("1");
    expect(byId("plan-filter-note").hidden).toBe(false);
    const overdue = byId("plan-overdue-list");
    expect(overdue.tagName).toBe("UL");
    expect(byId("overdue-link-a-2").textContent).toBe("Item 3b: raising concerns");
    expect(byId("overdue-link-a-2").getAttribute("href")).toBe("#/actions/a-2?status=completed");
    expect(overdue.textContent).toContain("Due 1 October 2026 · C. Patel · Overdue — raised from Low");
    expect(byId("due-soon-link-a-3").textContent).toBe(
      "Item 6: Action plans are put in place to address issues following a 'near miss' incident or event…",
    );
    expect(byId("plan-due-soon-list").textContent).toContain("Due 1 December 2026");
  });

  it("says when nothing is overdue or due soon, and offers the rest of a long list", async () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      actionView({ id: `o-${i}`, overdue: true, effective_priority: "high" }),
    );
    handlers["get_plan"] = planHandler(many, (filter, a) => filter.due === undefined || a.overdue);
    await open(planPage(ASSESSMENT_ID, {}), `#/assessments/${ASSESSMENT_ID}/plan`);
    expect(byId("plan-overdue-list").querySelectorAll("li")).toHaveLength(10);
    expect(byId("plan-due-soon-list").textContent).toBe("No open actions are due in the next 30 days.");
    const all = byId<HTMLAnchorElement>("plan-overdue-all");
    expect(all.textContent).toBe("See all 12 overdue actions");
    expect(all.getAttribute("href")).toBe(`#/assessments/${ASSESSMENT_ID}/plan?due=overdue`);
    all.click();
    await settle();
    expect(calls("get_plan").at(-1)).toEqual({ id: ASSESSMENT_ID, filter: { due: { kind: "overdue" }, limit: 50 } });
    expect(byId<HTMLSelectElement>("filter-due").value).toBe("overdue");
    expect(window.location.hash).toBe(`#/assessments/${ASSESSMENT_ID}/plan?due=overdue`);
  });

  it("applies a filter: sends the PlanFilter, keeps it in the address, moves focus and announces the number shown", async () => {
    const all = sampleActions();
    handlers["get_plan"] = planHandler(
      all,
      (filter, a) =>
        (filter.status === undefined || a.status === filter.status) &&
        (filter.priority === undefined || a.effective_priority === filter.priority) &&
        (filter.owner === undefined || a.owners.includes(filter.owner)),
    );
    await open(planPage(ASSESSMENT_ID, {}), `#/assessments/${ASSESSMENT_ID}/plan`);
    const historyLength = window.history.length;

    // The owner choices are the plan's owners, as Rust named them.
    expect(Array.from(byId<HTMLSelectElement>("filter-owner").options).map((o) => o.value)).toEqual([
      "",
      "A. Khan",
      "B. Jones",
      "C. Patel",
    ]);
    expect(Array.from(byId<HTMLSelectElement>("filter-department").options).map((o) => o.textContent)).toEqual([
      "Any department",
      "Governance",
      "Safeguarding",
    ]);
    expect(Array.from(byId<HTMLSelectElement>("filter-due").options).map((o) => o.textContent)).toEqual([
      "Any date",
      "Overdue",
      "Due in the next 30 days",
    ]);

    byId<HTMLSelectElement>("filter-status").value = "in_progress";
    byId<HTMLSelectElement>("filter-priority").value = "medium";
    byId<HTMLSelectElement>("filter-owner").value = "A. Khan";
    byId<HTMLButtonElement>("apply-filters").click();
    await settle();

    expect(calls("get_plan").at(-1)).toEqual({
      id: ASSESSMENT_ID,
      filter: { status: "in_progress", owner: "A. Khan", priority: "medium", limit: 50 },
    });
    expect(window.location.hash).toBe(
      `#/assessments/${ASSESSMENT_ID}/plan?status=in_progress&owner=A.+Khan&priority=medium`,
    );
    expect(window.history.length).toBe(historyLength + 1);
    expect(document.activeElement).toBe(byId("plan-results-heading"));
    expect(byId("plan-results-status").getAttribute("role")).toBe("status");
    expect(byId("plan-results-status").textContent).toBe("1 action shown");
    expect(byId("plan-table").querySelectorAll("tbody tr")).toHaveLength(1);
    expect(byId("plan-count-total").textContent).toBe("1");
    // Links to an action carry the filter, for its back link.
    expect(byId("action-link-a-3").getAttribute("href")).toBe(
      "#/actions/a-3?status=in_progress&owner=A.+Khan&priority=medium",
    );

    // A filter nothing matches says so.
    byId<HTMLSelectElement>("filter-status").value = "deferred";
    byId<HTMLButtonElement>("apply-filters").click();
    await settle();
    expect(byId("plan-no-results").textContent).toContain("No actions match the filters");
    expect(byId("plan-results-status").textContent).toBe("0 actions shown");
    expect(document.getElementById("plan-table")).toBeNull();

    // Clearing goes back to every action.
    byId<HTMLAnchorElement>("clear-filters").click();
    await settle();
    expect(calls("get_plan").at(-1)).toEqual({ id: ASSESSMENT_ID, filter: { limit: 50 } });
    expect(window.location.hash).toBe(`#/assessments/${ASSESSMENT_ID}/plan`);
    expect(byId<HTMLSelectElement>("filter-status").value).toBe("");
    expect(byId("plan-results-status").textContent).toBe("6 actions shown");
    expect(byId("plan-filter-note").hidden).toBe(true);
  });

  it("shows a failed read as an error summary and keeps the filter chosen", async () => {
    await open(planPage(ASSESSMENT_ID, {}), `#/assessments/${ASSESSMENT_ID}/plan`);
    handlers["get_plan"] = () => {
      throw { kind: "database", message: "The database could not be read." };
    };
    byId<HTMLSelectElement>("filter-priority").value = "high";
    byId<HTMLButtonElement>("apply-filters").click();
    await settle();
    const summary = byId("plan-error-summary");
    expect(summary.textContent).toContain("The database could not be read.");
    expect(document.activeElement).toBe(summary);
    expect(document.title).toMatch(/^Error: /);
    expect(byId<HTMLSelectElement>("filter-priority").value).toBe("high");
    expect(window.location.hash).toBe(`#/assessments/${ASSESSMENT_ID}/plan`);
  });

  it("shows a long plan a page at a time", async () => {
    const many = Array.from({ length: 60 }, (_, i) => actionView({ id: `b-${i}` }));
    handlers["get_plan"] = planHandler(many);
    await open(planPage(ASSESSMENT_ID, {}), `#/assessments/${ASSESSMENT_ID}/plan`);
    expect(byId("plan-table").querySelectorAll("tbody tr")).toHaveLength(50);
    expect(byId("plan-results-count").textContent).toBe("Showing 50 of 60 actions");
    const more = byId<HTMLButtonElement>("show-more-actions");
    expect(more.textContent).toBe("Show 10 more actions");
    more.click();
    await settle();
    expect(calls("get_plan").at(-1)).toEqual({ id: ASSESSMENT_ID, filter: { limit: 100 } });
    expect(byId("plan-table").querySelectorAll("tbody tr")).toHaveLength(60);
    expect(document.activeElement).toBe(byId("action-link-b-50"));
    expect(byId("plan-results-status").textContent).toBe("60 actions shown");
    expect(document.getElementById("show-more-actions")).toBeNull();
    expect(window.location.hash).toBe(`#/assessments/${ASSESSMENT_ID}/plan?limit=100`);
  });

  it("downloads the plan, says where it was saved, and says nothing when the person cancels", async () => {
    let result: string | null = "/home/sam/Documents/action-plan.csv";
    handlers["export_plan"] = () => result;
    await open(planPage(ASSESSMENT_ID, {}), `#/assessments/${ASSESSMENT_ID}/plan`);
    expect(byId("export-csv").textContent).toBe("Download as CSV");
    expect(byId("export-xlsx").textContent).toBe("Download as Excel (.xlsx)");
    expect(byId("export-ics").textContent).toBe("Add due dates to calendar (.ics)");

    byId<HTMLButtonElement>("export-csv").click();
    await settle();
    expect(calls("export_plan")).toEqual([{ id: ASSESSMENT_ID, format: "csv", filter: { limit: 50 } }]);
    const banner = byId("plan-export-status");
    expect(banner.textContent).toContain("Saved to /home/sam/Documents/action-plan.csv");
    expect(banner.getAttribute("role")).toBe("alert");
    expect(document.activeElement).toBe(banner);

    result = null;
    const ics = byId<HTMLButtonElement>("export-ics");
    ics.focus();
    ics.click();
    await settle();
    expect(calls("export_plan").at(-1)).toEqual({ id: ASSESSMENT_ID, format: "ics", filter: { limit: 50 } });
    expect(document.getElementById("plan-export-status")).toBeNull();
    expect(document.querySelector(".nhsuk-error-summary")).toBeNull();
    expect(document.activeElement).toBe(ics);

    handlers["export_plan"] = () => {
      throw { kind: "internal", message: "The file could not be written: disk full." };
    };
    byId<HTMLButtonElement>("export-xlsx").click();
    await settle();
    expect(calls("export_plan").at(-1)).toEqual({ id: ASSESSMENT_ID, format: "xlsx", filter: { limit: 50 } });
    const summary = byId("plan-error-summary");
    expect(summary.textContent).toContain("The file could not be written: disk full.");
    expect(document.activeElement).toBe(summary);
  });

  it("says when the assessment has no actions", async () => {
    handlers["get_plan"] = planHandler([]);
    await open(planPage(ASSESSMENT_ID, {}), `#/assessments/${ASSESSMENT_ID}/plan`);
    expect(byId("plan-empty").textContent).toContain("no actions yet");
    expect(document.getElementById("plan-table")).toBeNull();
    expect(document.getElementById("export-csv")).toBeNull();
  });

  it("explains how priorities are set, after the chart, from the framework's rules file", async () => {
    await open(planPage(ASSESSMENT_ID, {}), `#/assessments/${ASSESSMENT_ID}/plan`);
    expect(calls("get_priority_rules")).toEqual([{ frameworkId: "prevent-toolkit-2011" }]);
    const details = byId<HTMLDetailsElement>("priority-rules");
    expect(details.tagName).toBe("DETAILS");
    expect(details.classList.contains("nhsuk-details")).toBe(true);
    expect(details.open).toBe(false);
    expect(details.querySelector("summary")?.textContent).toBe("How priorities are set");
    // After the chart and its table, in the same section.
    const chartTable = byId("plan-chart-table");
    expect(chartTable.compareDocumentPosition(details) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(details.closest("section")).toBe(byId("plan-chart").closest("section"));
    expect(document.querySelectorAll("details#priority-rules")).toHaveLength(1);

    // The rules are the product's own, and it says so.
    expect(byId("priority-rules-note").textContent).toBe(priorityRules().note);
    expect(byId("priority-rules-note").textContent).toContain("not the Department of Health's");

    const rulesTable = byId<HTMLTableElement>("priority-rules-table");
    expect(cells(rulesTable.querySelector("thead tr") ?? document.body)).toEqual(["Response", "Weight", "Priority", "Why"]);
    expect(Array.from(rulesTable.querySelectorAll("tbody tr")).map(cells)).toEqual([
      ["No / Not included", "Core standard", "High", "Not in place, and the 2024 core standards require it."],
      ["Partially / Partially included", "Core standard", "Medium", "Partly in place, and the 2024 core standards require it."],
      ["No / Not included", "Supporting", "Medium", "Not in place; the 2011 toolkit asks for it."],
      ["Partially / Partially included", "Supporting", "Low", "Partly in place; the 2011 toolkit asks for it."],
      ["No response yet", "Core standard or Supporting", "Medium", "Action is required but the entry has no response yet."],
      [
        "Yes / Included or Not applicable",
        "Core standard or Supporting",
        "Low",
        "In place or not applicable, but the assessor asked for an action anyway.",
      ],
    ]);
    expect(rulesTable.querySelector("tbody tr .nhsuk-tag")?.classList.contains("nhsuk-tag--red")).toBe(true);

    const weights = Array.from(byId("priority-rules-weights").children);
    expect(weights).toHaveLength(2);
    const [core, supporting] = weights.map((li) => li.textContent ?? "");
    expect(core).toContain("Core standard: The 2024 core standards require this of every provider.");
    expect(core).toContain(
      "Item 1: The 2024 core standards require every provider to have a Prevent framework or policy",
    );
    expect(core).toContain("Item 2, Item 13 and Checklist entry C13: The 2024 core standards make Prevent training mandatory");
    expect(core).not.toContain("every other entry");
    expect(supporting).toContain("Supporting: The 2011 toolkit asks for this");
    expect(supporting).toContain("every other entry");
    expect(byId("priority-rules-change").textContent).toBe(
      "You can change an action's priority on its page; you will be asked for a reason, which the audit trail keeps.",
    );

    // A filter redraws the chart, not the explanation.
    byId<HTMLSelectElement>("filter-status").value = "in_progress";
    byId<HTMLButtonElement>("apply-filters").click();
    await settle();
    expect(byId("priority-rules")).toBe(details);
    expect(calls("get_priority_rules")).toHaveLength(1);
  });

  it("leaves out how priorities are set when the rules cannot be read, and shows the plan", async () => {
    handlers["get_priority_rules"] = () => {
      throw { kind: "not_found", message: "No priority rules for this framework." };
    };
    await open(planPage(ASSESSMENT_ID, {}), `#/assessments/${ASSESSMENT_ID}/plan`);
    expect(document.getElementById("priority-rules")).toBeNull();
    expect(byId("plan-chart")).not.toBeNull();
    expect(byId("plan-table").querySelectorAll("tbody tr")).toHaveLength(6);
    expect(document.querySelector(".nhsuk-error-summary")).toBeNull();
  });

  it("shows a completed action whose gap opened again as 'Gap reopened — review'", async () => {
    handlers["get_plan"] = planHandler([
      actionView({
        id: "r-1",
        status: "completed",
        completed_on: "2026-11-01",
        signed_off_by: "Sam Lee",
        gap: "open",
        gap_reopened: true,
      }),
      actionView({ id: "r-2", gap: "closed", gap_closed_to_confirm: true }),
      actionView({ id: "r-3" }),
    ]);
    await open(planPage(ASSESSMENT_ID, {}), `#/assessments/${ASSESSMENT_ID}/plan`);
    const rows = Array.from(byId("plan-table").querySelectorAll("tbody tr"));
    expect(rows.map((tr) => cells(tr)[3])).toEqual([
      "CompletedGap reopened — review",
      "Not startedGap closed — confirm",
      "Not started",
    ]);
    const reopened = Array.from(rows[0]?.querySelectorAll(".nhsuk-tag") ?? []).find(
      (tag) => tag.textContent === "Gap reopened — review",
    );
    expect(reopened?.classList.contains("nhsuk-tag--orange")).toBe(true);
  });

  it("shows whatever people typed as text", async () => {
    handlers["get_plan"] = planHandler([
      actionView({ id: "h-1", action: HOSTILE, owners: HOSTILE, department: HOSTILE, overdue: true }),
    ]);
    await open(planPage(ASSESSMENT_ID, {}), `#/assessments/${ASSESSMENT_ID}/plan`);
    expect(document.querySelector("img")).toBeNull();
    expect(byId("plan-table").textContent).toContain(HOSTILE);
    expect(byId("plan-overdue-list").textContent).toContain(HOSTILE);
    expect(Array.from(byId<HTMLSelectElement>("filter-owner").options).map((o) => o.textContent)).toContain(HOSTILE);
  });
});

describe("the dashboard", () => {
  it("shows every assessment's actions with the organisation and date of assessment", async () => {
    const all = [
      ...sampleActions(),
      actionView({ id: "z-1", organisation: "Southshire Mental Health Trust", assessment_id: "other", assessment_date: "2026-09-01" }),
    ];
    handlers["get_dashboard"] = planHandler(all, (filter, a) => filter.due === undefined || a.overdue);
    await open(dashboardPage({ info: appInfo(), navigate: vi.fn() }, {}), "#/actions");
    expect(calls("get_dashboard")).toEqual([{ filter: { limit: 50 } }]);
    expect(calls("get_plan")).toEqual([]);
    expect(document.querySelector("h1")?.textContent).toBe("Actions across all assessments");
    expect(document.querySelector(".nhsuk-back-link")?.getAttribute("href")).toBe("#/");
    const table = byId<HTMLTableElement>("plan-table");
    expect(cells(table.querySelector("thead tr") ?? document.body)[0]).toBe("Organisation");
    const last = Array.from(table.querySelectorAll("tbody tr")).map(cells).at(-1);
    expect(last?.[0]).toBe(
      "Southshire Mental Health TrustPrevent self-assessment tool for internal use, assessed 1 September 2026",
    );
    expect(last?.[1]).toMatch(/^View or update the action for Item 5, Southshire Mental Health Trust/);
    expect(byId("action-link-z-1").getAttribute("href")).toBe("#/actions/z-1?from=dashboard");
    expect(byId("overdue-link-a-2").getAttribute("href")).toBe("#/actions/a-2?from=dashboard");
    expect(byId("plan-overdue-list").textContent).toContain("Northshire Community Health NHS Trust · Due 1 October 2026");
    expect(byId("plan-count-total").textContent).toBe("7");
    expect(byId("plan-chart-table")).not.toBeNull();

    byId<HTMLSelectElement>("filter-due").value = "overdue";
    byId<HTMLButtonElement>("apply-filters").click();
    await settle();
    expect(calls("get_dashboard").at(-1)).toEqual({ filter: { due: { kind: "overdue" }, limit: 50 } });
    expect(window.location.hash).toBe("#/actions?due=overdue");
    expect(byId("action-link-a-2").getAttribute("href")).toBe("#/actions/a-2?from=dashboard&due=overdue");

    handlers["export_plan"] = () => "/tmp/all.xlsx";
    byId<HTMLButtonElement>("export-xlsx").click();
    await settle();
    // The download keeps what the filters keep (Rust drops the page limit).
    expect(calls("export_plan")).toEqual([{ id: null, format: "xlsx", filter: { due: { kind: "overdue" }, limit: 50 } }]);
    expect(byId("plan-export-status").textContent).toContain("Saved to /tmp/all.xlsx");
  });

  it("explains how priorities are set for the framework the app has", async () => {
    await open(dashboardPage({ info: appInfo(), navigate: vi.fn() }, {}), "#/actions");
    expect(calls("get_priority_rules")).toEqual([{ frameworkId: "prevent-toolkit-2011" }]);
    const details = byId("priority-rules");
    expect(details.querySelector("summary")?.textContent).toBe("How priorities are set");
    expect(byId("priority-rules-note").textContent).toContain("not the Department of Health's");
    expect(byId("plan-chart-table").compareDocumentPosition(details) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(document.querySelectorAll(".app-priority-rules")).toHaveLength(1);
  });

  it("explains each framework's rules when there are several, leaving out any that cannot be read", async () => {
    const base = appInfo().frameworks[0];
    if (base === undefined) {
      throw new Error("no framework");
    }
    const other = { ...base, id: "other-framework", title: "Another toolkit" };
    const broken = { ...base, id: "broken-framework", title: "A broken toolkit" };
    handlers["get_priority_rules"] = (args) => {
      const { frameworkId } = args as { frameworkId: string };
      if (frameworkId === "broken-framework") {
        throw { kind: "not_found", message: "No rules." };
      }
      return { ...priorityRules(), framework: frameworkId };
    };
    await open(
      dashboardPage({ info: appInfo({ frameworks: [base, broken, other] }), navigate: vi.fn() }, {}),
      "#/actions",
    );
    expect(calls("get_priority_rules")).toEqual([
      { frameworkId: "prevent-toolkit-2011" },
      { frameworkId: "broken-framework" },
      { frameworkId: "other-framework" },
    ]);
    const all = Array.from(document.querySelectorAll<HTMLElement>(".app-priority-rules"));
    expect(all.map((d) => d.id)).toEqual(["priority-rules", "priority-rules-2"]);
    expect(all.map((d) => d.querySelector("summary")?.textContent)).toEqual([
      `How priorities are set: ${base.title}`,
      "How priorities are set: Another toolkit",
    ]);
    expect(byId("priority-rules-2-table")).not.toBeNull();
    const ids = Array.from(document.querySelectorAll("[id]")).map((el) => el.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("says when there are no actions at all", async () => {
    handlers["get_dashboard"] = planHandler([]);
    await open(dashboardPage({ info: appInfo(), navigate: vi.fn() }, {}), "#/actions");
    expect(byId("plan-empty").textContent).toContain("There are no actions yet.");
  });
});

describe("the ways to the plan", () => {
  it("the overview links to the plan and says how many actions are open and overdue", async () => {
    const view = await overviewPage(ASSESSMENT_ID);
    document.body.append(view.content);
    expect(calls("get_plan")).toEqual([{ id: ASSESSMENT_ID, filter: { limit: 0 } }]);
    expect(byId("view-action-plan").getAttribute("href")).toBe(`#/assessments/${ASSESSMENT_ID}/plan`);
    expect(byId("action-plan-count").textContent).toBe("3 open actions, 1 overdue, 1 gap closed to confirm");
  });

  it("the overview still links to the plan when its counts cannot be read", async () => {
    handlers["get_plan"] = () => {
      throw { kind: "internal", message: "no" };
    };
    const view = await overviewPage(ASSESSMENT_ID);
    document.body.append(view.content);
    expect(byId("view-action-plan")).not.toBeNull();
    expect(document.getElementById("action-plan-count")).toBeNull();
  });

  it("home links to every assessment's actions", async () => {
    handlers["list_assessment_page"] = () => assessmentPageOf([assessmentSummary(3)]);
    const view = await assessmentListPage({ info: appInfo(), navigate: vi.fn() });
    document.body.append(view.content);
    const link = byId<HTMLAnchorElement>("view-all-actions");
    expect(link.getAttribute("href")).toBe("#/actions");
    expect(link.textContent).toBe("View all actions");
    expect(link.classList.contains("nhsuk-button--secondary")).toBe(true);
  });
});
