import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../src/ipc/api", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../src/ipc/api")>();
  return {
    ...actual,
    appInfo: vi.fn(),
    getAssessment: vi.fn(),
    getCatalogue: vi.fn(),
    listAssessments: vi.fn(),
    listAssessmentPage: vi.fn(),
    createAssessment: vi.fn(),
    getAuditTrail: vi.fn(),
    setUser: vi.fn(),
    latestGoodBackup: vi.fn(() => Promise.resolve(null)),
  };
});

import * as api from "../src/ipc/api";
import { startApp as start, type App } from "../src/app";
import { newAssessmentPage } from "../src/pages/new-assessment";
import { continuePath, overviewPage } from "../src/pages/overview";
import { auditPage } from "../src/pages/audit";
import { assessmentListPage } from "../src/pages/list";
import { clearCatalogueCache, type PageContext } from "../src/state";
import {
  ASSESSMENT_ID,
  USER,
  allYes,
  answer,
  appInfo,
  assessmentDetail,
  assessmentPageOf,
  assessmentSummary,
  catalogueView,
  reviewOf,
  settle,
} from "./fixtures";

const mocked = {
  appInfo: vi.mocked(api.appInfo),
  getAssessment: vi.mocked(api.getAssessment),
  getCatalogue: vi.mocked(api.getCatalogue),
  listAssessments: vi.mocked(api.listAssessments),
  listAssessmentPage: vi.mocked(api.listAssessmentPage),
  createAssessment: vi.mocked(api.createAssessment),
  getAuditTrail: vi.mocked(api.getAuditTrail),
  setUser: vi.mocked(api.setUser),
};

function byId<T extends HTMLElement = HTMLInputElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) {
    throw new Error(`no #${id}`);
  }
  return el as T;
}

function context(overrides: Partial<PageContext> = {}): PageContext {
  return { info: appInfo(), navigate: vi.fn<(path: string) => void>(), ...overrides };
}

beforeEach(() => {
  clearCatalogueCache();
  mocked.getCatalogue.mockResolvedValue(catalogueView());
  mocked.getAssessment.mockResolvedValue(assessmentDetail());
  mocked.appInfo.mockResolvedValue(appInfo());
  mocked.listAssessments.mockResolvedValue([]);
  mocked.listAssessmentPage.mockResolvedValue(assessmentPageOf([]));
  mocked.getAuditTrail.mockResolvedValue([]);
});

afterEach(() => {
  document.body.replaceChildren();
  window.history.replaceState(null, "", "#");
});

describe("the new assessment page", () => {
  let navigate: ReturnType<typeof vi.fn<(path: string) => void>>;

  beforeEach(() => {
    navigate = vi.fn<(path: string) => void>();
    const view = newAssessmentPage(context({ navigate }), new Date(2026, 10, 20));
    document.body.append(view.content);
  });

  it("prefills today's date and names the framework", () => {
    expect(byId("assessment-date-day").value).toBe("20");
    expect(byId("assessment-date-month").value).toBe("11");
    expect(byId("assessment-date-year").value).toBe("2026");
    expect(byId("create-assessment").textContent).toBe("Create assessment");
    expect(byId("new-assessment-framework").textContent).toContain(catalogueView().framework.title);
    // Who creates it is the app's user: there is no name field for them.
    expect(document.getElementById("actor")).toBeNull();
  });

  it("checks the fields before creating anything", async () => {
    byId("assessment-date-day").value = "30";
    byId("assessment-date-month").value = "2";
    byId<HTMLButtonElement>("create-assessment").click();
    await settle();
    expect(mocked.createAssessment).not.toHaveBeenCalled();
    const links = Array.from(document.querySelectorAll(".nhsuk-error-summary a")).map((a) => [
      a.getAttribute("href"),
      a.textContent,
    ]);
    expect(links).toEqual([
      ["#organisation", "Enter the organisation"],
      ["#assessor", "Enter the name of the assessor"],
      ["#assessment-date-day", "Date of assessment must be a real date"],
    ]);
  });

  it("uses the app's limits", async () => {
    byId("organisation").value = "x".repeat(api.RULES.limits.organisation + 1);
    byId("assessor").value = "Alex";
    byId<HTMLButtonElement>("create-assessment").click();
    await settle();
    expect(document.querySelector(".nhsuk-error-summary a")?.textContent).toBe(
      `The organisation must be ${api.RULES.limits.organisation} characters or fewer`,
    );
  });

  it("creates the assessment and opens it", async () => {
    mocked.createAssessment.mockResolvedValue({ ...assessmentDetail().assessment });
    byId("organisation").value = " Northshire Trust ";
    byId("assessor").value = "Alex Morgan";
    byId<HTMLButtonElement>("create-assessment").click();
    await settle();
    expect(mocked.createAssessment).toHaveBeenCalledWith({
      framework_id: "prevent-toolkit-2011",
      organisation: "Northshire Trust",
      assessor: "Alex Morgan",
      assessment_date: "2026-11-20",
    });
    expect(navigate).toHaveBeenCalledWith(`#/assessments/${ASSESSMENT_ID}`);
  });

  it("shows the app's error against the field it names", async () => {
    mocked.createAssessment.mockRejectedValue({
      kind: "invalid_input",
      message: "The date of assessment must be a real date written as YYYY-MM-DD",
      field: "assessment_date",
    });
    byId("organisation").value = "Org";
    byId("assessor").value = "Alex";
    byId<HTMLButtonElement>("create-assessment").click();
    await settle();
    const link = document.querySelector(".nhsuk-error-summary a");
    expect(link?.getAttribute("href")).toBe("#assessment-date-day");
    expect(byId("assessment-date-error").textContent).toContain("must be a real date");
  });
});

describe("the new assessment page with more than one framework", () => {
  it("asks which framework, by its own title and description", async () => {
    const base = catalogueView().framework;
    const other = {
      ...base,
      id: "other-framework",
      title: "Another framework",
      version: "2",
      description: "For testing.",
    };
    const view = newAssessmentPage(
      context({ info: appInfo({ frameworks: [base, other] }) }),
      new Date(2026, 10, 20),
    );
    document.body.append(view.content);
    expect(document.getElementById("new-assessment-framework")).toBeNull();
    expect(byId("framework-other-framework").closest(".nhsuk-radios__item")?.textContent).toBe(
      "Another framework (version 2)For testing.",
    );
    expect(byId("framework-other-framework").getAttribute("aria-describedby")).toBe(
      "framework-other-framework-item-hint",
    );
    byId("organisation").value = "Org";
    byId("assessor").value = "Alex";
    byId<HTMLButtonElement>("create-assessment").click();
    await settle();
    expect(mocked.createAssessment).not.toHaveBeenCalled();
    expect(document.querySelector(".nhsuk-error-summary a")?.textContent).toBe("Select a framework");

    mocked.createAssessment.mockResolvedValue({ ...assessmentDetail().assessment });
    byId("framework-other-framework").click();
    byId<HTMLButtonElement>("create-assessment").click();
    await settle();
    expect(mocked.createAssessment).toHaveBeenCalledWith(expect.objectContaining({ framework_id: "other-framework" }));
  });
});

describe("the home page", () => {
  it("lists assessments in the order Rust pages them, with their framework, status and progress", async () => {
    mocked.listAssessmentPage.mockResolvedValue(
      assessmentPageOf([
        assessmentSummary(46, {
          id: "newer",
          organisation: "Newer Trust",
          status: "complete",
          created_at: "2026-06-01T09:00:00Z",
        }),
        assessmentSummary(12, { id: "older", organisation: "Older Trust", created_at: "2026-01-01T09:00:00Z" }),
      ]),
    );
    const view = await assessmentListPage(context());
    document.body.append(view.content);

    expect(document.querySelector("h1")?.textContent).toBe("Your assessments");
    const table = byId<HTMLTableElement>("assessment-list");
    const rows = Array.from(table.querySelectorAll("tbody tr")).map((tr) =>
      Array.from(tr.querySelectorAll("td")).map((td) => td.textContent),
    );
    const title = catalogueView().framework.title;
    expect(rows).toEqual([
      ["View the assessment for Newer Trust", "20 November 2026", `${title} (2011)`, "Complete", "46 of 46 answered"],
      ["Resume the assessment for Older Trust", "20 November 2026", `${title} (2011)`, "In progress", "12 of 46 answered"],
    ]);
    expect(byId<HTMLAnchorElement>("assessment-link-older").getAttribute("href")).toBe("#/assessments/older");
    expect(byId("assessment-link-older").querySelector(".nhsuk-u-visually-hidden")?.textContent).toBe(
      "Resume the assessment for ",
    );
    expect(byId("assessment-status-newer").classList.contains("nhsuk-tag")).toBe(true);
    expect(byId("assessment-progress-older").textContent).toBe("12 of 46 answered");
    expect(byId<HTMLAnchorElement>("start-new-assessment").getAttribute("href")).toBe("#/new");
  });

  it("pages a long list with NHS.UK Previous and Next links that say which page they go to", async () => {
    mocked.listAssessmentPage.mockResolvedValue(
      assessmentPageOf([assessmentSummary(3, { id: "on-page-2" })], { page: 2, pages: 3, total: 51, skipped: 25 }),
    );
    const view = await assessmentListPage(context(), 2);
    document.body.append(view.content);
    expect(mocked.listAssessmentPage).toHaveBeenCalledWith(2);
    expect(view.heading).toBe("Your assessments (page 2 of 3)");
    expect(document.querySelector("h1")?.textContent).toBe("Your assessments");
    expect(byId("assessment-list-range").textContent).toBe("Showing 26 to 26 of 51 assessments");
    const nav = byId("assessment-pages");
    expect(nav.tagName).toBe("NAV");
    expect(nav.getAttribute("aria-label")).toBe("Pages of assessments");
    const previous = byId<HTMLAnchorElement>("assessment-pages-previous");
    expect(previous.getAttribute("href")).toBe("#/");
    expect(previous.getAttribute("rel")).toBe("prev");
    expect(previous.textContent).toBe("Previous page:Page 1 of 3");
    const next = byId<HTMLAnchorElement>("assessment-pages-next");
    expect(next.getAttribute("href")).toBe("#/?page=3");
    expect(next.textContent).toBe("Next page:Page 3 of 3");
    expect(next.querySelector("svg")?.getAttribute("aria-hidden")).toBe("true");
  });

  it("shows no page links on the first and last pages where there is no page to go to", async () => {
    mocked.listAssessmentPage.mockResolvedValue(
      assessmentPageOf([assessmentSummary(3)], { page: 1, pages: 2, total: 26 }),
    );
    document.body.append((await assessmentListPage(context())).content);
    expect(document.getElementById("assessment-pages-previous")).toBeNull();
    expect(byId<HTMLAnchorElement>("assessment-pages-next").getAttribute("href")).toBe("#/?page=2");
    document.body.replaceChildren();

    mocked.listAssessmentPage.mockResolvedValue(assessmentPageOf([assessmentSummary(3)]));
    document.body.append((await assessmentListPage(context())).content);
    expect(document.getElementById("assessment-pages")).toBeNull();
    expect(document.getElementById("assessment-list-range")).toBeNull();
  });

  it("says when there are none", async () => {
    const view = await assessmentListPage(context());
    document.body.append(view.content);
    expect(byId("no-assessments").textContent).toBe("You have not started any assessments yet.");
    expect(document.getElementById("assessment-list")).toBeNull();
    expect(document.body.textContent).not.toMatch(/2011|Department of Health/);
  });
});

describe("the assessment overview", () => {
  it("lists every entry with a link and its state in words", async () => {
    mocked.getAssessment.mockResolvedValue(
      assessmentDetail([
        answer({ entry_id: "3a", response: "partial", action_required: true }),
        answer({ entry_id: "C4", response: "na", na_reason: "n/a" }),
        answer({ entry_id: "1", response: "yes" }),
      ]),
    );
    const view = await overviewPage(ASSESSMENT_ID);
    document.body.append(view.content);

    expect(view.heading).toBe("Northshire Community Health NHS Trust");
    expect(document.querySelectorAll("h1")).toHaveLength(1);
    expect(document.querySelector("h1")?.textContent).toBe("Northshire Community Health NHS Trust");
    expect(document.querySelectorAll("[id^='entry-link-']")).toHaveLength(47);
    expect(byId<HTMLAnchorElement>("entry-link-1").getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/entries/1`,
    );
    expect(byId("entry-link-3a").textContent).toBe("Item 3a obtaining advice");
    expect(byId("entry-link-3a").closest("li")?.classList.contains("app-task-list__item--sub-point")).toBe(true);
    expect(byId("entry-status-3a").textContent).toBe("Incomplete");
    expect(byId("entry-status-C4").textContent).toBe("Complete");
    expect(byId("entry-status-1").textContent).toBe("Complete");
    expect(byId("entry-status-2").textContent).toBe("Not started");
    expect(byId("entry-status-3").textContent).toBe("Incomplete");
    expect(byId("entry-hint-3a").textContent).toBe("Response: Partially. Action required");
    expect(byId("entry-hint-C4").textContent).toBe("Response: Not applicable");
    expect(byId("entry-hint-3").textContent).toBe("Worked out from Item 3a to Item 3g once they are all answered");
    expect(byId("entry-link-3a").getAttribute("aria-describedby")).toBe("entry-hint-3a entry-status-3a");
    expect(byId("assessment-progress").textContent).toBe("3 of 46 answered");
    // Someone who knows the template's 19 items is told what the 46 are.
    expect(byId("assessment-counted").textContent).toBe(
      "Counted: Section 1: Organisational (17), Section 2: Staff and volunteers (4), Section 3: Partnership working (4) and Policies and procedures checklist (21). Item 3 is answered through its 7 sub-points.",
    );
    expect(byId("assessment-status-tag").textContent).toBe("In progress");
    expect(Array.from(document.querySelectorAll("section.app-part h3")).map((el) => el.textContent)).toEqual([
      "Section 1: Organisational",
      "Section 2: Staff and volunteers",
      "Section 3: Partnership working",
      "Policies and procedures checklist",
    ]);
    expect(byId<HTMLAnchorElement>("view-audit-trail").getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/audit`,
    );
    expect(byId<HTMLAnchorElement>("check-answers").getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/review`,
    );
    // The first step not yet done: item 2 (item 1 is complete).
    expect(byId<HTMLAnchorElement>("continue-assessment").getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/entries/2`,
    );
    expect(document.querySelector(".nhsuk-summary-list")?.textContent).toContain("20 November 2026");
    const ids = Array.from(document.querySelectorAll("[id]")).map((el) => el.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("shows the derived response of an item answered through its sub-points", async () => {
    const answers = ["3a", "3b", "3c", "3d", "3e", "3f", "3g"].map((id) =>
      answer({ entry_id: id, response: id === "3g" ? "na" : "yes", na_reason: id === "3g" ? "Not ours" : null }),
    );
    mocked.getAssessment.mockResolvedValue(assessmentDetail(answers));
    const view = await overviewPage(ASSESSMENT_ID);
    document.body.append(view.content);
    expect(byId("entry-hint-3").textContent).toBe("Response: Yes. Worked out from Item 3a to Item 3g");
    expect(byId("entry-status-3").textContent).toBe("Complete");
  });

  it("shows progress as bars and the spread of responses as a chart with the same numbers in a table", async () => {
    mocked.getAssessment.mockResolvedValue(
      assessmentDetail([
        answer({ entry_id: "1", response: "yes" }),
        answer({ entry_id: "2", response: "no", action_required: true }),
        answer({ entry_id: "4", response: "partial", action_required: true, lead: "A", due_date: "2027-01-01" }),
        answer({ entry_id: "C1", response: "yes" }),
        answer({ entry_id: "C2", response: "na", na_reason: "Not ours" }),
      ]),
    );
    const view = await overviewPage(ASSESSMENT_ID);
    document.body.append(view.content);

    const bars = Array.from(byId("part-progress").querySelectorAll("li p")).map((p) => p.textContent);
    expect(bars[0]).toBe("Section 1: Organisational3 of 17 answered, 2 complete. Incomplete.");
    expect(bars[3]).toBe("Policies and procedures checklist2 of 21 answered, 2 complete. Incomplete.");
    expect(byId("part-progress").querySelectorAll("svg[aria-hidden='true']")).toHaveLength(4);

    const figure = byId("response-chart");
    const img = figure.querySelector("svg[role='img']");
    const captionId = img?.getAttribute("aria-labelledby") ?? "";
    expect(document.getElementById(captionId)?.textContent).toBe("Responses in each part");
    expect(document.getElementById(captionId)?.tagName).toBe("FIGCAPTION");

    const table = byId<HTMLTableElement>("response-table");
    expect(Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent)).toEqual([
      "Part",
      "Yes / Included",
      "Partially / Partially included",
      "No / Not included",
      "Not applicable",
      "Not answered",
      "Total",
    ]);
    const rows = Array.from(table.querySelectorAll("tbody tr")).map((tr) =>
      Array.from(tr.children).map((cell) => cell.textContent),
    );
    expect(rows).toEqual([
      ["Section 1: Organisational", "1", "1", "1", "0", "14", "17"],
      ["Section 2: Staff and volunteers", "0", "0", "0", "0", "4", "4"],
      ["Section 3: Partnership working", "0", "0", "0", "0", "4", "4"],
      ["Policies and procedures checklist", "1", "0", "0", "1", "19", "21"],
    ]);
    expect(table.querySelector("tbody th")?.getAttribute("scope")).toBe("row");
    // The legend names every series in words, as well as by colour and pattern.
    expect(Array.from(figure.querySelectorAll(".app-chart__legend li")).map((li) => li.textContent?.trim())).toEqual([
      "Yes / Included",
      "Partially / Partially included",
      "No / Not included",
      "Not applicable",
      "Not answered",
    ]);
  });

  it("continues to check your answers when every step is done, and says when it is complete", async () => {
    mocked.getAssessment.mockResolvedValue(assessmentDetail(allYes(), { assessment: { status: "complete" } }));
    const view = await overviewPage(ASSESSMENT_ID);
    document.body.append(view.content);
    expect(byId<HTMLAnchorElement>("continue-assessment").getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/review`,
    );
    expect(byId("assessment-status-tag").textContent).toBe("Complete");
    expect(continuePath("x", reviewOf(allYes()))).toBe("#/assessments/x/review");
    expect(continuePath("x", reviewOf([]))).toBe("#/assessments/x/entries/1");
  });
});

describe("the audit trail", () => {
  it("shows each change as Rust words it, with who made it and their role, newest first", async () => {
    const row = (seq: number, at: string, actor: string, role: string, shown: [string, string, string, string]) => ({
      seq,
      at,
      actor,
      actor_role: role,
      assessment_id: ASSESSMENT_ID,
      entity: "answer" as const,
      entry_id: "3a",
      field: "a_field_as_stored",
      old_value: "stored_old",
      new_value: "stored_new",
      hash: `${String(seq).padStart(2, "0")}${"0".repeat(62)}`,
      shown: { what: shown[0], field: shown[1], old_value: shown[2], new_value: shown[3] },
    });
    mocked.getAuditTrail.mockResolvedValue([
      row(1, "2026-11-20T09:00:00Z", "Alex", "", ["Assessment details", "Organisation", "(none)", "Northshire"]),
      row(2, "2026-11-20T10:00:00Z", "Sam Lee", "Safeguarding lead", ["Answer · Item 3a", "Action required", "No", "Yes"]),
      row(3, "2026-11-20T11:00:00Z", "Sam Lee", "Safeguarding lead", ["Assessment details", "Status", "In progress", "Complete"]),
    ]);
    const view = await auditPage(ASSESSMENT_ID);
    document.body.append(view.content);
    expect(byId("audit-trail").tagName).toBe("TABLE");
    const headings = Array.from(document.querySelectorAll("thead th")).map((th) => th.textContent);
    expect(headings).toEqual(["When", "Who", "What changed", "Field", "Old value", "New value"]);
    const rows = Array.from(document.querySelectorAll("tbody tr")).map((tr) =>
      Array.from(tr.querySelectorAll("td")).slice(1).map((td) => td.textContent),
    );
    expect(rows).toEqual([
      ["Sam Lee (Safeguarding lead)", "Assessment details", "Status", "In progress", "Complete"],
      ["Sam Lee (Safeguarding lead)", "Answer · Item 3a", "Action required", "No", "Yes"],
      ["Alex", "Assessment details", "Organisation", "(none)", "Northshire"],
    ]);
    expect(document.body.textContent).not.toContain("stored_");
  });
});

describe("the app", () => {
  const apps: App[] = [];
  async function startApp(root: HTMLElement): Promise<App> {
    const app = await start(root);
    apps.push(app);
    return app;
  }
  afterEach(() => {
    for (const app of apps.splice(0)) {
      app.stop();
    }
  });

  /** Sets the hash the app starts on (without a hashchange event still to come). */
  function startAt(hash: string): void {
    window.history.replaceState(null, "", hash);
  }

  function mount(): HTMLElement {
    const root = document.createElement("div");
    document.body.append(root);
    return root;
  }

  it("shows only the database error when the database could not be opened", async () => {
    mocked.appInfo.mockResolvedValue(
      appInfo({
        startup_error: { kind: "newer_database", message: "This database was written by a newer version." },
      }),
    );
    await startApp(mount());
    expect(document.querySelector("h1")?.textContent).toBe("The database could not be opened");
    expect(byId("startup-error-message").textContent).toBe("This database was written by a newer version.");
    expect(byId("startup-error-path").textContent).toBe(appInfo().database_path);
    expect(mocked.listAssessmentPage).not.toHaveBeenCalled();
    expect(document.title).toBe("The database could not be opened – Prevent Self-Assessment");
  });

  it("warns on every page when the database is on a network share", async () => {
    const warning = "The database is on an SMB/CIFS network share. It is opened for one person at a time.";
    mocked.appInfo.mockResolvedValue(appInfo({ storage_warning: warning }));
    mocked.listAssessmentPage.mockResolvedValue(assessmentPageOf([assessmentSummary(2)]));
    startAt("#/");
    await startApp(mount());
    expect(byId("storage-warning").textContent).toContain(warning);
    expect(byId("storage-warning").textContent).toContain("Your data is on a network share");
    expect(document.querySelectorAll("#storage-warning")).toHaveLength(1);
  });

  it("renders the list, titles the window, focuses the heading and says who is recorded", async () => {
    mocked.listAssessmentPage.mockResolvedValue(assessmentPageOf([assessmentSummary(2)]));
    startAt("#/");
    await startApp(mount());
    const h1 = document.querySelector("h1");
    expect(h1?.textContent).toBe("Your assessments");
    expect(document.activeElement).toBe(h1);
    expect(h1?.getAttribute("tabindex")).toBe("-1");
    expect(document.title).toBe("Your assessments – Prevent Self-Assessment");
    expect(byId("database-path").textContent).toBe(appInfo().database_path);
    expect(document.getElementById("maincontent")).not.toBeNull();
    expect(document.querySelector("header")?.contains(byId("user-bar"))).toBe(true);
    expect(byId("user-bar").hidden).toBe(false);
    expect(byId("user-bar").textContent).toBe("You are recorded as: Sam Lee, Safeguarding lead Change who you are");
    expect(byId<HTMLAnchorElement>("change-user").getAttribute("href")).toBe("#/you");
    // The back link's landmark is hidden on a page without one.
    expect(document.querySelector<HTMLElement>("nav.app-before-main")?.hidden).toBe(true);
    expect(document.querySelectorAll("h1")).toHaveLength(1);
  });

  it("on first start asks who is using the app, then goes where the person was going", async () => {
    mocked.appInfo.mockResolvedValue(appInfo({ user: null }));
    mocked.setUser.mockImplementation((input) => Promise.resolve({ ...input }));
    startAt(`#/assessments/${ASSESSMENT_ID}`);
    await startApp(mount());

    expect(window.location.hash).toBe("#/you");
    expect(document.querySelector("h1")?.textContent).toBe("Before you start: who are you?");
    expect(document.activeElement).toBe(document.querySelector("h1"));
    expect(byId("user-bar").hidden).toBe(true);
    expect(mocked.getAssessment).not.toHaveBeenCalled();
    expect(byId("user-role-hint").textContent).toBe("For example, Accountable Prevent lead or Safeguarding lead");

    // Nothing typed: both fields are asked for.
    byId<HTMLButtonElement>("save-user").click();
    await settle();
    expect(mocked.setUser).not.toHaveBeenCalled();
    expect(Array.from(document.querySelectorAll(".nhsuk-error-summary a")).map((a) => a.getAttribute("href"))).toEqual([
      "#user-name",
      "#user-role",
    ]);
    expect(byId("user-name-error").textContent).toBe("Error: Enter your name");
    expect(document.title).toBe("Error: Before you start: who are you? – Prevent Self-Assessment");

    byId("user-name").value = " Sam Lee ";
    byId("user-role").value = "Safeguarding lead";
    byId<HTMLButtonElement>("save-user").click();
    await settle();
    await settle();
    expect(mocked.setUser).toHaveBeenCalledWith({ name: "Sam Lee", role: "Safeguarding lead" });
    expect(window.location.hash).toBe(`#/assessments/${ASSESSMENT_ID}`);
    expect(document.querySelector("h1")?.textContent).toBe("Northshire Community Health NHS Trust");
    expect(byId("current-user").textContent).toBe("Sam Lee, Safeguarding lead");
  });

  it("sends every route to the 'you' page until the person has said who they are", async () => {
    mocked.appInfo.mockResolvedValue(appInfo({ user: null }));
    startAt("#/new");
    await startApp(mount());
    expect(window.location.hash).toBe("#/you");
    expect(byId("user-name")).not.toBeNull();
    expect(document.getElementById("create-assessment")).toBeNull();
  });

  it("lets the person change who they are and comes back to the page they were on", async () => {
    mocked.setUser.mockImplementation((input) => Promise.resolve({ ...input }));
    startAt("#/");
    const app = await startApp(mount());
    window.history.replaceState(null, "", "#/you");
    await app.render();
    expect(document.querySelector("h1")?.textContent).toBe("Change who you are");
    expect(byId("user-name").value).toBe(USER.name);
    expect(byId("user-role").value).toBe(USER.role);
    expect(document.querySelector(".nhsuk-back-link")?.getAttribute("href")).toBe("#/");
    byId("user-name").value = "Jo Bloggs";
    byId("user-role").value = "Prevent lead";
    byId<HTMLButtonElement>("save-user").click();
    await settle();
    await settle();
    expect(window.location.hash).toBe("#/");
    expect(document.querySelector("h1")?.textContent).toBe("Your assessments");
    expect(byId("current-user").textContent).toBe("Jo Bloggs, Prevent lead");
    expect(app.info?.user).toEqual({ name: "Jo Bloggs", role: "Prevent lead" });
  });

  it("shows the app's own error for the name or role by the field", async () => {
    mocked.appInfo.mockResolvedValue(appInfo({ user: null }));
    mocked.setUser.mockRejectedValue({ kind: "invalid_input", message: "Enter your role", field: "role" });
    startAt("#/");
    await startApp(mount());
    byId("user-name").value = "Sam";
    byId("user-role").value = "x";
    byId<HTMLButtonElement>("save-user").click();
    await settle();
    expect(document.querySelector(".nhsuk-error-summary a")?.getAttribute("href")).toBe("#user-role");
    expect(window.location.hash).toBe("#/you");
  });
});
