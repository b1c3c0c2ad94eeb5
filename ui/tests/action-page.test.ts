// One action: everything recorded about it, the update form (only what changed
// is sent; the app's errors are shown by the field; nothing typed is lost) and
// the complete form. Driven through the real IPC layer with Tauri's `invoke`
// replaced, so the commands and their arguments are checked by name.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { actionPage } = await import("../src/pages/action");
const { showPage } = await import("../src/app");
const { buildShell } = await import("../src/components/layout");
import type { ActionEdit, ActionView, PlanFilter } from "../src/ipc/api";
import type { ActionFrom } from "../src/lib/router";
import { ACTION_ID, ASSESSMENT_ID, actionView, appInfo, settle } from "./fixtures";

const HOSTILE = "<img src=x onerror=alert(1)>";

let action: ActionView;
let handlers: Record<string, (args: unknown) => unknown>;

function byId<T extends HTMLElement = HTMLInputElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) {
    throw new Error(`no #${id}`);
  }
  return el as T;
}

function calls(command: string): unknown[] {
  return invoke.mock.calls.filter((call) => call[0] === command).map((call) => call[1]);
}

function summaryRows(): [string, string][] {
  return Array.from(byId("action-summary").querySelectorAll(".nhsuk-summary-list__row")).map((row) => [
    row.querySelector("dt")?.textContent ?? "",
    row.querySelector("dd")?.textContent ?? "",
  ]);
}

function errorLinks(): [string | null, string | null][] {
  return Array.from(document.querySelectorAll(".nhsuk-error-summary a")).map((a) => [
    a.getAttribute("href"),
    a.textContent,
  ]);
}

async function open(options: { from?: ActionFrom; filter?: PlanFilter; user?: string | null } = {}): Promise<void> {
  const shell = buildShell();
  document.body.append(shell.root);
  const info = appInfo(
    options.user === null ? { user: null } : options.user === undefined ? {} : { user: { name: options.user, role: "" } },
  );
  showPage(
    shell,
    await actionPage(
      { info, navigate: vi.fn() },
      { actionId: ACTION_ID, from: options.from ?? "plan", filter: options.filter ?? {} },
    ),
  );
}

function save(): void {
  byId<HTMLButtonElement>("save-action").click();
}

beforeEach(() => {
  invoke.mockReset();
  action = actionView();
  handlers = {
    get_action: () => action,
    update_action: (args) => {
      const { edit } = (args as { request: { edit: ActionEdit } }).request;
      action = {
        ...action,
        ...(edit.action === undefined ? {} : { action: edit.action }),
        ...(edit.owners === undefined ? {} : { owners: edit.owners }),
        ...(edit.status === undefined ? {} : { status: edit.status }),
        ...(edit.priority === undefined ? {} : { priority: edit.priority, effective_priority: edit.priority }),
        notes:
          edit.note === undefined ? action.notes : [...action.notes, { at: "2026-11-21T10:30:00Z", by: "Sam Lee", text: edit.note }],
      };
      return action;
    },
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
});

describe("the action page", () => {
  it("shows every field of the action, headed by its source and objective", async () => {
    action = actionView({
      status: "deferred",
      deferred_reason: "Waiting for the board",
      notes: [
        { at: "2026-11-20T09:05:00Z", by: "Sam Lee", text: "Asked the board secretary" },
        { at: "2026-11-21T14:00:00Z", by: "Alex Morgan", text: "On the agenda for January" },
      ],
    });
    await open();
    expect(calls("get_action")).toEqual([{ id: ACTION_ID }]);
    expect(document.querySelector("h1")?.textContent).toBe(`Item 5: ${action.objective}`);
    expect(document.activeElement).toBe(document.querySelector("h1"));
    const rows = summaryRows();
    expect(rows.map(([key]) => key)).toEqual([
      "Assessment",
      "Source",
      "Action required",
      "Priority",
      "Status",
      "Gap",
      "Responsible individual(s)",
      "Department",
      "Completion date",
      "Completed",
      "Date assessed",
      "Signed off by",
      "Progress notes",
    ]);
    const value = (key: string): string => rows.find(([k]) => k === key)?.[1] ?? "?";
    expect(value("Assessment")).toBe("Northshire Community Health NHS Trust, assessed 20 November 2026");
    expect(value("Action required")).toBe("Add Prevent incidents to the governance and risk report");
    expect(value("Status")).toBe("DeferredReason for deferring: Waiting for the board");
    expect(value("Gap")).toBe("Open: the answer still needs action");
    expect(value("Responsible individual(s)")).toBe("A. Khan; B. Jones");
    expect(value("Completion date")).toBe("31 March 2027");
    expect(value("Completed")).toBe("No");
    expect(value("Date assessed")).toBe("Not completed");
    const notes = Array.from(byId("action-notes").querySelectorAll("li")).map((li) => li.textContent);
    expect(notes[0]).toMatch(/^Asked the board secretarySam Lee, 20 November 2026 at \d{1,2}:05(am|pm)$/);
    expect(notes[1]).toMatch(/^On the agenda for JanuaryAlex Morgan, 21 November 2026 at/);
    expect(byId("action-summary-source").querySelector("a")?.getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/entries/5`,
    );

    // Why this priority: the rule's one sentence, in an NHS details element.
    const why = byId<HTMLDetailsElement>("priority-why");
    expect(why.tagName).toBe("DETAILS");
    expect(why.querySelector("summary")?.textContent).toBe("Why this priority");
    expect(byId("priority-why-summary").textContent).toBe(action.why.summary);
    expect(document.getElementById("priority-why-rule")).toBeNull();

    // The form starts from what is stored.
    expect(byId<HTMLTextAreaElement>("action-text").value).toBe(action.action);
    expect(byId("action-owners").value).toBe("A. Khan; B. Jones");
    expect(byId("action-department").value).toBe("Governance");
    expect([byId("action-due-day").value, byId("action-due-month").value, byId("action-due-year").value]).toEqual([
      "31",
      "3",
      "2027",
    ]);
    expect(byId("status-deferred").checked).toBe(true);
    expect(byId<HTMLTextAreaElement>("deferred-reason").value).toBe("Waiting for the board");
    expect(byId("priority-high").checked).toBe(true);
    expect(byId("signed-off-by").value).toBe("Sam Lee");
    expect([byId("assessed-day").value, byId("assessed-month").value, byId("assessed-year").value]).toEqual(["", "", ""]);
    const ids = Array.from(document.querySelectorAll("[id]")).map((el) => el.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("says when an overdue priority was raised, and what the rules would give when a person set it", async () => {
    action = actionView({
      priority: "low",
      effective_priority: "medium",
      overdue: true,
      rule: "set-by-a-person",
      priority_reason: "Board asked for it",
      why: {
        set_by_a_person: true,
        summary: "Set to low by a person: Board asked for it",
        rule: {
          rule: "core-no",
          priority: "high",
          explanation: "Not in place, and the 2024 core standards require it.",
          weight: "core",
          weight_label: "Core standard",
          weight_rationale: "Required of every provider.",
        },
      },
    });
    await open();
    expect(byId("action-summary-priority").textContent).toContain("MediumOverdue — raised from Low");
    expect(byId("priority-why-summary").textContent).toBe("Set to low by a person: Board asked for it");
    expect(byId("priority-why-rule").textContent).toBe(
      "The rules would give it high priority: Not in place, and the 2024 core standards require it. " +
        "Weight: Core standard — Required of every provider.",
    );
    // The form offers the stored priority, not the raised one.
    expect(byId("priority-low").checked).toBe(true);
  });

  it("sends only the fields that changed, then shows the action as saved", async () => {
    await open();
    byId("action-owners").value = "A. Khan; C. Patel";
    byId("status-in_progress").click();
    byId<HTMLTextAreaElement>("action-note").value = "  Draft report shared  ";
    // Spaces around unchanged text are not a change.
    byId<HTMLTextAreaElement>("action-text").value = `${action.action}  `;
    save();
    await settle();
    expect(calls("update_action")).toEqual([
      {
        request: {
          action_id: ACTION_ID,
          edit: { owners: "A. Khan; C. Patel", status: "in_progress", note: "Draft report shared" },
        },
      },
    ]);
    const banner = byId("action-status");
    expect(banner.textContent).toContain("Action updated");
    expect(banner.getAttribute("role")).toBe("alert");
    expect(document.activeElement).toBe(banner);
    // Drawn again from what came back.
    expect(byId("action-summary-owners").textContent).toBe("A. Khan; C. Patel");
    expect(byId("action-status-tag").textContent).toBe("In progress");
    expect(byId("action-notes").textContent).toContain("Draft report shared");
    expect(byId<HTMLTextAreaElement>("action-note").value).toBe("");
    expect(byId("action-owners").value).toBe("A. Khan; C. Patel");
  });

  it("sends a changed, and a cleared, completion date as YYYY-MM-DD or empty", async () => {
    await open();
    byId("action-due-day").value = "1";
    byId("action-due-month").value = "4";
    save();
    await settle();
    expect(calls("update_action").at(-1)).toEqual({ request: { action_id: ACTION_ID, edit: { due: "2027-04-01" } } });

    document.body.replaceChildren();
    await open();
    byId("action-due-day").value = "";
    byId("action-due-month").value = "";
    byId("action-due-year").value = "";
    save();
    await settle();
    expect(calls("update_action").at(-1)).toEqual({ request: { action_id: ACTION_ID, edit: { due: "" } } });
  });

  it("does not save when nothing changed, and checks a date before sending", async () => {
    await open();
    save();
    await settle();
    expect(calls("update_action")).toEqual([]);
    expect(document.querySelector(".nhsuk-error-summary")?.textContent).toContain("There are no changes to save");

    byId("action-due-month").value = "13";
    save();
    await settle();
    expect(calls("update_action")).toEqual([]);
    expect(errorLinks()).toEqual([["#action-due-month", "Completion date must be a real date"]]);
    expect(byId("action-due-month").classList.contains("nhsuk-input--error")).toBe(true);
    expect(document.title).toMatch(/^Error: /);
  });

  it("asks for a reason when, and only when, the priority chosen differs from the one stored", async () => {
    await open();
    const panel = byId("priority-reason-conditional");
    expect(panel.classList.contains("nhsuk-radios__conditional--hidden")).toBe(true);
    expect(byId("priority-medium").getAttribute("aria-controls")).toBe("priority-reason-conditional");
    expect(byId("priority-high").hasAttribute("aria-controls")).toBe(false);

    byId("priority-medium").click();
    expect(panel.classList.contains("nhsuk-radios__conditional--hidden")).toBe(false);
    expect(panel.contains(byId("priority-reason"))).toBe(true);
    byId("priority-high").click();
    expect(panel.classList.contains("nhsuk-radios__conditional--hidden")).toBe(true);

    byId("priority-low").click();
    save();
    await settle();
    expect(calls("update_action")).toEqual([]);
    expect(errorLinks()).toEqual([["#priority-reason", "Enter the reason for changing the priority from high to low"]]);

    byId<HTMLTextAreaElement>("priority-reason").value = "Covered by the trust-wide policy";
    save();
    await settle();
    expect(calls("update_action")).toEqual([
      {
        request: {
          action_id: ACTION_ID,
          edit: { priority: "low", priority_reason: "Covered by the trust-wide policy" },
        },
      },
    ]);
  });

  it("shows the app's error by the field it names, keeping everything typed", async () => {
    handlers["update_action"] = () => {
      throw {
        kind: "invalid_input",
        message: "The reason for changing the priority must be 1,000 characters or fewer (it has 1,204)",
        field: "priority_reason",
      };
    };
    await open();
    byId<HTMLTextAreaElement>("action-text").value = "Rewrite the report template";
    byId("priority-medium").click();
    byId<HTMLTextAreaElement>("priority-reason").value = "A long reason";
    byId<HTMLTextAreaElement>("action-note").value = "Spoke to governance";
    save();
    await settle();
    expect(calls("update_action")).toEqual([
      {
        request: {
          action_id: ACTION_ID,
          edit: {
            action: "Rewrite the report template",
            priority: "medium",
            priority_reason: "A long reason",
            note: "Spoke to governance",
          },
        },
      },
    ]);
    const summary = document.querySelector<HTMLElement>(".nhsuk-error-summary");
    expect(document.activeElement).toBe(summary);
    expect(errorLinks()).toEqual([
      ["#priority-reason", "The reason for changing the priority must be 1,000 characters or fewer (it has 1,204)"],
    ]);
    expect(byId("priority-reason-error").textContent).toBe(
      "Error: The reason for changing the priority must be 1,000 characters or fewer (it has 1,204)",
    );
    expect(byId("priority-reason").getAttribute("aria-describedby")).toContain("priority-reason-error");
    expect(byId("priority-reason-conditional").classList.contains("nhsuk-radios__conditional--hidden")).toBe(false);
    // Nothing typed is lost.
    expect(byId<HTMLTextAreaElement>("action-text").value).toBe("Rewrite the report template");
    expect(byId("priority-medium").checked).toBe(true);
    expect(byId<HTMLTextAreaElement>("priority-reason").value).toBe("A long reason");
    expect(byId<HTMLTextAreaElement>("action-note").value).toBe("Spoke to governance");
    expect(document.getElementById("action-status")).toBeNull();
    // The summary's link moves focus to the field.
    document.querySelector<HTMLAnchorElement>(".nhsuk-error-summary a")?.click();
    expect(document.activeElement).toBe(byId("priority-reason"));
  });

  it("defers with a reason, and shows an error without a field in the summary as text", async () => {
    await open();
    byId("status-deferred").click();
    expect(byId("status-deferred-conditional").classList.contains("nhsuk-radios__conditional--hidden")).toBe(false);
    save();
    await settle();
    expect(calls("update_action")).toEqual([]);
    expect(errorLinks()).toEqual([["#deferred-reason", "Enter the reason for deferring the action"]]);

    handlers["update_action"] = () => {
      throw { kind: "conflict", message: "The action was changed by someone else. Open it again." };
    };
    byId<HTMLTextAreaElement>("deferred-reason").value = "Waiting for guidance";
    save();
    await settle();
    expect(calls("update_action")).toEqual([
      { request: { action_id: ACTION_ID, edit: { status: "deferred", deferred_reason: "Waiting for guidance" } } },
    ]);
    expect(errorLinks()).toEqual([]);
    expect(document.querySelector(".nhsuk-error-summary li")?.textContent).toBe(
      "The action was changed by someone else. Open it again.",
    );
    expect(document.querySelector(".nhsuk-error-message")).toBeNull();
  });

  it("completes the action with the date assessed and who signed it off", async () => {
    handlers["complete_action"] = () => {
      action = { ...action, status: "completed", completed_on: "2027-01-15", signed_off_by: "Sam Lee" };
      return action;
    };
    await open();
    byId("assessed-day").value = "15";
    byId("assessed-month").value = "1";
    byId("assessed-year").value = "2027";
    byId<HTMLButtonElement>("complete-action").click();
    await settle();
    expect(calls("complete_action")).toEqual([
      { request: { action_id: ACTION_ID, completion: { assessed: "2027-01-15", signed_off_by: "Sam Lee" } } },
    ]);
    expect(calls("update_action")).toEqual([]);
    expect(byId("action-status").textContent).toContain("Action completed");
    expect(document.activeElement).toBe(byId("action-status"));
    expect(byId("action-summary-completed").textContent).toBe("Yes");
    expect(byId("action-summary-assessed").textContent).toBe("15 January 2027");
    expect(byId("action-summary-signed-off-by").textContent).toBe("Sam Lee");
    expect(document.getElementById("complete-form")).toBeNull();
    expect(byId("action-completed-note").textContent).toContain("completed on 15 January 2027 and signed off by Sam Lee");
    // No status is chosen for a completed action; choosing one reopens it.
    expect(byId("status-not_started").checked).toBe(false);
    expect(byId("status-in_progress").checked).toBe(false);
  });

  it("checks the complete form, and shows the app's error by its field", async () => {
    await open({ user: null });
    expect(byId("signed-off-by").value).toBe("");
    byId<HTMLButtonElement>("complete-action").click();
    await settle();
    expect(calls("complete_action")).toEqual([]);
    expect(errorLinks()).toEqual([
      ["#assessed-day", "Enter the date assessed"],
      ["#signed-off-by", "Enter the name of the person signing the action off"],
    ]);

    handlers["complete_action"] = () => {
      throw {
        kind: "invalid_input",
        message: "The name of the person signing the action off must be 200 characters or fewer",
        field: "signed_off_by",
      };
    };
    byId("assessed-day").value = "2";
    byId("assessed-month").value = "2";
    byId("assessed-year").value = "2027";
    byId("signed-off-by").value = "Jo";
    byId<HTMLButtonElement>("complete-action").click();
    await settle();
    expect(errorLinks()).toEqual([
      ["#signed-off-by", "The name of the person signing the action off must be 200 characters or fewer"],
    ]);
    expect(byId("signed-off-by-error")).not.toBeNull();
    expect(document.getElementById("assessed-error")).toBeNull();
    expect(byId("assessed-day").value).toBe("2");
  });

  it("asks to confirm a closed gap by completing the action", async () => {
    action = actionView({ gap: "closed", gap_closed_to_confirm: true });
    await open();
    expect(byId("action-summary-gap").textContent).toContain("Gap closed — confirm");
    expect(byId("complete-form").textContent).toContain("Completing the action confirms the gap is closed");
  });

  it("asks a person to review a completed action whose gap opened again", async () => {
    action = actionView({
      status: "completed",
      completed_on: "2026-11-01",
      signed_off_by: "Sam Lee",
      gap: "open",
      gap_reopened: true,
    });
    await open();
    const gap = byId("action-summary-gap");
    expect(gap.textContent).toContain("Gap reopened — review");
    expect(gap.querySelector(".nhsuk-tag")?.classList.contains("nhsuk-tag--orange")).toBe(true);
    expect(gap.textContent).not.toContain("Gap closed — confirm");
    const inset = byId("action-gap-reopened");
    expect(inset.classList.contains("nhsuk-inset-text")).toBe(true);
    expect(inset.querySelector("p")?.textContent).toBe(
      "This action was completed, but the answer it came from needs action again. " +
        "Check whether the work still stands; change the status if it needs doing again.",
    );
    // Between the heading and the summary, where it is read first.
    const h1 = document.querySelector("h1");
    expect(h1?.compareDocumentPosition(inset) ?? 0).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
    expect(inset.compareDocumentPosition(byId("action-summary")) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // The status stays as the person set it.
    expect(byId("action-status-tag").textContent).toBe("Completed");
    expect(document.getElementById("complete-form")).toBeNull();
  });

  it("says nothing of a reopened gap otherwise", async () => {
    await open();
    expect(document.getElementById("action-gap-reopened")).toBeNull();
    expect(byId("action-summary-gap").textContent).toBe("Open: the answer still needs action");
  });

  it("goes back to the plan, or the dashboard, it was opened from, with its filter", async () => {
    await open({ filter: { status: "in_progress" } });
    expect(document.querySelector(".nhsuk-back-link")?.getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/plan?status=in_progress`,
    );
    expect(document.querySelector(".nhsuk-back-link")?.textContent).toBe("Back to the action plan");
    document.body.replaceChildren();
    await open({ from: "dashboard", filter: { due: { kind: "overdue" } } });
    expect(document.querySelector(".nhsuk-back-link")?.getAttribute("href")).toBe("#/actions?due=overdue");
    expect(document.querySelector(".nhsuk-back-link")?.textContent).toBe("Back to all actions");
  });

  it("shows whatever people typed as text, never as markup", async () => {
    action = actionView({
      action: HOSTILE,
      owners: HOSTILE,
      department: HOSTILE,
      objective: HOSTILE,
      deferred_reason: HOSTILE,
      status: "deferred",
      notes: [{ at: "2026-11-20T09:00:00Z", by: HOSTILE, text: HOSTILE }],
    });
    await open();
    expect(document.querySelector("img")).toBeNull();
    expect(document.querySelector("h1")?.textContent).toBe(`Item 5: ${HOSTILE}`);
    expect(byId("action-summary-action").textContent).toBe(HOSTILE);
    expect(byId("action-summary-owners").textContent).toBe(HOSTILE);
    expect(byId("action-notes").textContent).toContain(HOSTILE);
    expect(byId<HTMLTextAreaElement>("action-text").value).toBe(HOSTILE);
    expect(byId("action-owners").value).toBe(HOSTILE);

    // And what is typed goes to the app as typed.
    byId<HTMLTextAreaElement>("action-note").value = HOSTILE;
    save();
    await settle();
    expect(calls("update_action")).toEqual([{ request: { action_id: ACTION_ID, edit: { note: HOSTILE } } }]);
    expect(document.querySelector("img")).toBeNull();
  });
});
