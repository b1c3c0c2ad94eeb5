import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../src/ipc/api", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../src/ipc/api")>();
  return {
    ...actual,
    appInfo: vi.fn(),
    getAssessment: vi.fn(),
    getCatalogue: vi.fn(),
    listAssessments: vi.fn(),
    createAssessment: vi.fn(),
    getAuditTrail: vi.fn(),
  };
});

import * as api from "../src/ipc/api";
import { startApp } from "../src/app";
import { newAssessmentPage } from "../src/pages/new-assessment";
import { overviewPage } from "../src/pages/overview";
import { auditPage } from "../src/pages/audit";
import { clearCatalogueCache, type PageContext } from "../src/state";
import { ASSESSMENT_ID, answer, appInfo, assessmentDetail, catalogueView, settle } from "./fixtures";

const mocked = {
  appInfo: vi.mocked(api.appInfo),
  getAssessment: vi.mocked(api.getAssessment),
  getCatalogue: vi.mocked(api.getCatalogue),
  listAssessments: vi.mocked(api.listAssessments),
  createAssessment: vi.mocked(api.createAssessment),
  getAuditTrail: vi.mocked(api.getAuditTrail),
};

function byId<T extends HTMLElement = HTMLInputElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) {
    throw new Error(`no #${id}`);
  }
  return el as T;
}

beforeEach(() => {
  clearCatalogueCache();
  mocked.getCatalogue.mockResolvedValue(catalogueView());
  mocked.getAssessment.mockResolvedValue(assessmentDetail());
  mocked.appInfo.mockResolvedValue(appInfo());
  mocked.listAssessments.mockResolvedValue([]);
  mocked.getAuditTrail.mockResolvedValue([]);
});

afterEach(() => {
  document.body.replaceChildren();
  window.location.hash = "";
});

describe("the new assessment page", () => {
  let navigate: ReturnType<typeof vi.fn<(path: string) => void>>;
  let ctx: PageContext;

  beforeEach(() => {
    navigate = vi.fn<(path: string) => void>();
    ctx = { info: appInfo(), navigate };
    const view = newAssessmentPage(ctx, new Date(2026, 10, 20));
    document.body.append(view.content);
  });

  it("prefills today's date", () => {
    expect(byId("assessment-date-day").value).toBe("20");
    expect(byId("assessment-date-month").value).toBe("11");
    expect(byId("assessment-date-year").value).toBe("2026");
    expect(byId("create-assessment").textContent).toBe("Create assessment");
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

describe("the assessment overview", () => {
  it("lists every entry with a link and a status in words", async () => {
    mocked.getAssessment.mockResolvedValue(
      assessmentDetail([
        answer({ entry_id: "3a", response: "partial", action_required: true }),
        answer({ entry_id: "C4", response: "na", na_reason: "n/a" }),
      ]),
    );
    const view = await overviewPage(ASSESSMENT_ID);
    document.body.append(view.content);

    expect(view.heading).toBe("Northshire Community Health NHS Trust");
    expect(document.querySelector("h1")?.textContent).toBe("Northshire Community Health NHS Trust");
    expect(document.querySelectorAll("[id^='entry-link-']")).toHaveLength(47);
    expect(byId<HTMLAnchorElement>("entry-link-1").getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/entries/1`,
    );
    expect(byId("entry-link-3a").textContent).toBe("3a obtaining advice");
    expect(byId("entry-link-3a").closest("li")?.classList.contains("app-task-list__item--sub-point")).toBe(true);
    expect(byId("entry-status-3a").textContent).toBe("Partial");
    expect(byId("entry-status-C4").textContent).toBe("N/A");
    expect(byId("entry-status-1").textContent).toBe("Not started");
    expect(byId("assessment-progress").textContent).toBe("2 of 47 answered");
    expect(Array.from(document.querySelectorAll("h2")).map((h2) => h2.textContent)).toEqual([
      "Section 1: Organisational",
      "Section 2: Staff and volunteers",
      "Section 3: Partnership working",
      "Policies and procedures checklist",
    ]);
    expect(byId<HTMLAnchorElement>("view-audit-trail").getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/audit`,
    );
    expect(document.querySelector(".nhsuk-summary-list")?.textContent).toContain("20 November 2026");
  });
});

describe("the audit trail", () => {
  it("shows each change with readable values, newest first", async () => {
    mocked.getAuditTrail.mockResolvedValue([
      {
        seq: 1,
        at: "2026-11-20T09:00:00Z",
        actor: "Alex",
        assessment_id: ASSESSMENT_ID,
        entity: "assessment",
        entry_id: null,
        field: "organisation",
        old_value: null,
        new_value: "Northshire",
      },
      {
        seq: 2,
        at: "2026-11-20T10:00:00Z",
        actor: "Sam",
        assessment_id: ASSESSMENT_ID,
        entity: "answer",
        entry_id: "3a",
        field: "action_required",
        old_value: "N",
        new_value: "Y",
      },
    ]);
    const view = await auditPage(ASSESSMENT_ID);
    document.body.append(view.content);
    const rows = Array.from(document.querySelectorAll("tbody tr")).map((tr) =>
      Array.from(tr.querySelectorAll("td")).slice(1).map((td) => td.textContent),
    );
    expect(rows).toEqual([
      ["Sam", "Item 3a", "Action required", "No", "Yes"],
      ["Alex", "Assessment details", "Organisation", "(none)", "Northshire"],
    ]);
  });
});

describe("the app", () => {
  it("shows only the database error when the database could not be opened", async () => {
    mocked.appInfo.mockResolvedValue(
      appInfo({
        startup_error: { kind: "newer_database", message: "This database was written by a newer version." },
      }),
    );
    const root = document.createElement("div");
    document.body.append(root);
    await startApp(root);
    expect(document.querySelector("h1")?.textContent).toBe("The database could not be opened");
    expect(byId("startup-error-message").textContent).toBe("This database was written by a newer version.");
    expect(byId("startup-error-path").textContent).toBe(appInfo().database_path);
    expect(mocked.listAssessments).not.toHaveBeenCalled();
    expect(document.title).toBe("The database could not be opened – Prevent Self-Assessment");
  });

  it("renders the list, titles the window and focuses the heading", async () => {
    mocked.listAssessments.mockResolvedValue([
      { assessment: assessmentDetail().assessment, answered: 2, total: 47 },
    ]);
    const root = document.createElement("div");
    document.body.append(root);
    window.location.hash = "#/";
    await startApp(root);
    const h1 = document.querySelector("h1");
    expect(h1?.textContent).toBe("Your assessments");
    expect(document.activeElement).toBe(h1);
    expect(h1?.getAttribute("tabindex")).toBe("-1");
    expect(document.title).toBe("Your assessments – Prevent Self-Assessment");
    expect(byId<HTMLAnchorElement>("start-new-assessment").getAttribute("href")).toBe("#/new");
    const cells = Array.from(document.querySelectorAll("tbody td")).map((td) => td.textContent);
    expect(cells).toEqual([
      "Northshire Community Health NHS Trust",
      "20 November 2026",
      "Alex Morgan",
      "2 of 47 answered",
    ]);
    expect(byId("database-path").textContent).toBe(appInfo().database_path);
    expect(document.getElementById("maincontent")).not.toBeNull();
  });
});
