// Check your answers: driven through the real IPC layer with Tauri's `invoke`
// replaced, so the commands it calls are checked by name.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { reviewPage } = await import("../src/pages/review");
const { showPage } = await import("../src/app");
const { buildShell } = await import("../src/components/layout");
const { clearCatalogueCache } = await import("../src/state");
import type { AssessmentDetail } from "../src/ipc/api";
import { ASSESSMENT_ID, allYes, answer, assessmentDetail, catalogueView, evidence, settle } from "./fixtures";

let detail: AssessmentDetail;
let handlers: Record<string, (args: unknown) => unknown>;

function commandsCalled(): string[] {
  return invoke.mock.calls.map((call) => String(call[0]));
}

async function open(): Promise<void> {
  const shell = buildShell();
  document.body.append(shell.root);
  showPage(shell, await reviewPage(ASSESSMENT_ID));
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) {
    throw new Error(`no #${id}`);
  }
  return el as T;
}

beforeEach(() => {
  clearCatalogueCache();
  invoke.mockReset();
  detail = assessmentDetail();
  handlers = {
    get_catalogue: () => catalogueView(),
    get_assessment: () => detail,
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

describe("check your answers", () => {
  it("lists what is left calmly, and every gap in an error summary once marking complete is refused", async () => {
    detail = assessmentDetail([
      answer({ entry_id: "1", response: "no", action_required: true }),
      answer({ entry_id: "C4", response: "na", na_reason: null }),
    ]);
    await open();
    // Half-way through is not a failure: no red box until "Mark as complete".
    expect(document.querySelector(".nhsuk-error-summary")).toBeNull();
    expect(document.activeElement).toBe(document.querySelector("h1"));
    expect(byId("review-left-parts").textContent).toContain("Section 1: Organisational: 0 of 17 complete");
    const calm = Array.from(byId("review-left-list").querySelectorAll("a")).map((a) => a.getAttribute("href"));
    expect(calm).toHaveLength(detail.review.blocking.length);

    byId<HTMLButtonElement>("mark-complete").click();
    await settle();
    const summary = document.querySelector<HTMLElement>(".nhsuk-error-summary");
    expect(summary).not.toBeNull();
    expect(summary?.querySelector("[role='alert']")).not.toBeNull();
    expect(summary?.querySelector("h2")?.textContent).toBe("There is a problem");
    expect(summary?.textContent).toContain("You cannot mark this assessment complete yet");
    expect(document.activeElement).toBe(summary);

    const links = Array.from(summary?.querySelectorAll("a") ?? []).map((a) => [a.getAttribute("href"), a.textContent]);
    expect(links).toHaveLength(detail.review.blocking.length);
    expect(links[0]).toEqual([
      `#/assessments/${ASSESSMENT_ID}/entries/1/lead`,
      "Enter the department lead or nominated lead for item 1, as action is required",
    ]);
    expect(links[1]).toEqual([
      `#/assessments/${ASSESSMENT_ID}/entries/1/due_date`,
      "Enter the date for completion for item 1, as action is required",
    ]);
    expect(links[2]).toEqual([`#/assessments/${ASSESSMENT_ID}/entries/2/response`, "Select a response for item 2"]);
    expect(links).toContainEqual([
      `#/assessments/${ASSESSMENT_ID}/entries/C4/na_reason`,
      "Enter why checklist entry C4 does not apply",
    ]);
    // Following a link is left to the router (the step page focuses the field).
    const event = new MouseEvent("click", { bubbles: true, cancelable: true });
    summary?.querySelector("a")?.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
    expect(document.querySelectorAll("h1")).toHaveLength(1);
  });

  it("does not call the app to mark complete while anything blocks; it shows the summary again instead", async () => {
    detail = assessmentDetail([answer({ entry_id: "1" })]);
    await open();
    byId("review-entry-1").focus();
    invoke.mockClear();

    byId<HTMLButtonElement>("mark-complete").click();
    await settle();
    expect(commandsCalled()).not.toContain("mark_complete");
    expect(invoke).not.toHaveBeenCalled();
    const summary = document.querySelector(".nhsuk-error-summary");
    expect(document.activeElement).toBe(summary);
    expect(document.querySelectorAll(".nhsuk-error-summary")).toHaveLength(1);
    expect(document.title).toBe("Error: Check your answers – Prevent Self-Assessment");
  });

  it("marks a complete set of answers complete and says so", async () => {
    detail = assessmentDetail(allYes());
    handlers["mark_complete"] = () => {
      detail = assessmentDetail(allYes(), { assessment: { status: "complete" } });
      return detail.assessment;
    };
    await open();
    expect(document.querySelector(".nhsuk-error-summary")).toBeNull();
    expect(document.activeElement).toBe(document.querySelector("h1"));
    expect(byId("assessment-status-tag").textContent).toBe("In progress");

    byId<HTMLButtonElement>("mark-complete").click();
    await settle();
    expect(invoke).toHaveBeenCalledWith("mark_complete", { id: ASSESSMENT_ID });
    const status = byId("assessment-status");
    expect(status.textContent).toContain("Assessment marked complete");
    expect(status.getAttribute("role")).toBe("alert");
    expect(document.activeElement).toBe(status);
    expect(byId("assessment-status-tag").textContent).toBe("Complete");
    expect(document.getElementById("mark-complete")).toBeNull();
    expect(byId("reopen-assessment").textContent).toBe("Reopen to make changes");
  });

  it("shows the app's refusal in the error summary", async () => {
    detail = assessmentDetail(allYes());
    handlers["mark_complete"] = () => {
      throw { kind: "conflict", message: "This assessment cannot be marked complete: answer item 1 first" };
    };
    await open();
    byId<HTMLButtonElement>("mark-complete").click();
    await settle();
    const summary = document.querySelector(".nhsuk-error-summary");
    expect(summary?.textContent).toContain("This assessment cannot be marked complete: answer item 1 first");
    expect(document.activeElement).toBe(summary);
    expect(document.getElementById("assessment-status")).toBeNull();
  });

  it("reopens a complete assessment through reopen_assessment", async () => {
    detail = assessmentDetail(allYes(), { assessment: { status: "complete" } });
    handlers["reopen_assessment"] = () => {
      detail = assessmentDetail(allYes());
      return detail.assessment;
    };
    await open();
    expect(byId("assessment-status-tag").textContent).toBe("Complete");
    expect(byId("review-change-1").textContent).toBe("View (Item 1)");

    const reopen = byId<HTMLButtonElement>("reopen-assessment");
    expect(reopen.classList.contains("nhsuk-button--secondary")).toBe(true);
    reopen.click();
    await settle();
    expect(invoke).toHaveBeenCalledWith("reopen_assessment", { id: ASSESSMENT_ID });
    expect(byId("assessment-status").textContent).toContain("Assessment reopened");
    expect(byId("assessment-status-tag").textContent).toBe("In progress");
    expect(byId("mark-complete")).not.toBeNull();
    expect(byId("review-change-1").textContent).toBe("Change (Item 1)");
  });

  it("lists what needs attention separately, without blocking", async () => {
    const answers = allYes().map((a) =>
      a.entry_id === "C2" ? { ...a, policy_ref: "Safeguarding policy v3", review_date: "2025-01-31" } : a,
    );
    detail = assessmentDetail(answers);
    handlers["mark_complete"] = () => detail.assessment;
    await open();
    expect(document.querySelector(".nhsuk-error-summary")).toBeNull();
    const warnings = Array.from(byId("review-warnings").querySelectorAll("a")).map((a) => [
      a.getAttribute("href"),
      a.textContent,
    ]);
    expect(warnings).toEqual([
      [
        `#/assessments/${ASSESSMENT_ID}/entries/C2/review_date`,
        "The policy for checklist entry C2 was due for review on 31 January 2025: review it or record the new review date",
      ],
    ]);
    byId<HTMLButtonElement>("mark-complete").click();
    await settle();
    expect(invoke).toHaveBeenCalledWith("mark_complete", { id: ASSESSMENT_ID });
  });

  it("lists a carried-over answer as not answered yet, with where it came from", async () => {
    detail = assessmentDetail([answer({ entry_id: "5", response: "yes", carried_from: "standard P10 of the earlier assessment" })]);
    await open();
    expect(byId("review-carried-5").textContent).toBe(
      "Yes, from standard P10 of the earlier assessment: confirm it or change it",
    );
    expect(byId("review-response-5").textContent).toBe("Not answered");
  });

  it("shows every entry as recorded, with a change link to its step", async () => {
    detail = assessmentDetail(
      [
        answer({
          entry_id: "4",
          response: "partial",
          action_required: true,
          lead: "Head of Safeguarding",
          due_date: "2027-03-31",
          comment: "Policy being rewritten",
        }),
        answer({ entry_id: "3a", response: "na", na_reason: "No such service" }),
        answer({ entry_id: "C2", response: "yes", policy_ref: "Recruitment policy", review_date: "2027-06-01" }),
      ],
      { evidence: [evidence({ entry_id: "4" }), evidence({ entry_id: "4", id: "ev-2" })] },
    );
    await open();
    expect(document.querySelectorAll("[id^='review-entry-']")).toHaveLength(47);
    const rows = (id: string): string[][] =>
      Array.from(byId(`review-entry-${id}`).querySelectorAll(".nhsuk-summary-list__row")).map((row) => [
        row.querySelector("dt")?.textContent ?? "",
        row.querySelector("dd")?.textContent ?? "",
      ]);
    expect(rows("4")).toEqual([
      ["Status", "Complete"],
      ["Response", "Partially"],
      ["Action required", "Yes"],
      ["Lead", "Head of Safeguarding"],
      ["Date for completion", "31 March 2027"],
      ["Comment", "Policy being rewritten"],
      ["Evidence", "2 pieces of evidence"],
    ]);
    expect(rows("3a")).toEqual([
      ["Status", "Complete"],
      ["Response", "Not applicable"],
      ["Why it does not apply", "No such service"],
      ["Action required", "No"],
      ["Comment", "None"],
      ["Evidence", "None"],
    ]);
    expect(rows("C2")).toEqual([
      ["Status", "Complete"],
      ["Response", "Included"],
      ["Action required", "No"],
      ["Comment", "None"],
      ["Policy name or reference", "Recruitment policy"],
      ["Policy review date", "1 June 2027"],
      ["Evidence", "None"],
    ]);
    expect(rows("3")[1]).toEqual(["Response", "Not answeredWorked out from Item 3a to Item 3g"]);
    const change = byId<HTMLAnchorElement>("review-change-4");
    expect(change.getAttribute("href")).toBe(`#/assessments/${ASSESSMENT_ID}/entries/4`);
    expect(change.textContent).toBe("Change (Item 4)");
    expect(change.querySelector(".nhsuk-u-visually-hidden")?.textContent).toBe(" (Item 4)");
    expect(byId("review-entry-4").textContent).toContain(catalogueView().entries.find((e) => e.id === "4")?.text ?? "?");
    const ids = Array.from(document.querySelectorAll("[id]")).map((el) => el.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
