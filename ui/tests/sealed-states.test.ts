// How the rest of the app reflects signing off: the home page's status and
// versions, the overview's sign-off task and sealed banner, check your
// answers and the step page for a sealed assessment (no reopening), and the
// audit trail's hash-chain check and sign-off rows.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../src/ipc/api", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../src/ipc/api")>();
  return {
    ...actual,
    getAssessment: vi.fn(),
    getCatalogue: vi.fn(),
    listAssessments: vi.fn(),
    listAssessmentPage: vi.fn(),
    getAuditTrail: vi.fn(),
    verifyAuditTrail: vi.fn(),
    getPlan: vi.fn(),
    markComplete: vi.fn(),
  };
});

import * as api from "../src/ipc/api";
import type { ShownAuditEntry } from "../src/ipc/api";
import { auditPage } from "../src/pages/audit";
import { assessmentListPage } from "../src/pages/list";
import { overviewPage } from "../src/pages/overview";
import { questionPage } from "../src/pages/question";
import { reviewPage } from "../src/pages/review";
import { SEALED_BANNER, SEALED_NOTICE } from "../src/lib/sealing";
import { clearCatalogueCache, type PageContext } from "../src/state";
import {
  ASSESSMENT_ID,
  SEALED_AT,
  allYes,
  appInfo,
  assessmentDetail,
  assessmentPageOf,
  assessmentSummary,
  catalogueView,
  planViewOf,
  settle,
} from "./fixtures";

const HOSTILE = "<img src=x onerror=alert(1)>";

const mocked = {
  getAssessment: vi.mocked(api.getAssessment),
  getCatalogue: vi.mocked(api.getCatalogue),
  listAssessments: vi.mocked(api.listAssessments),
  listAssessmentPage: vi.mocked(api.listAssessmentPage),
  getAuditTrail: vi.mocked(api.getAuditTrail),
  verifyAuditTrail: vi.mocked(api.verifyAuditTrail),
  getPlan: vi.mocked(api.getPlan),
  markComplete: vi.mocked(api.markComplete),
};

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) {
    throw new Error(`no #${id}`);
  }
  return el as T;
}

function context(): PageContext {
  return { info: appInfo(), navigate: vi.fn<(path: string) => void>() };
}

const sealed = { status: "complete" as const, sealed_at: SEALED_AT };

beforeEach(() => {
  clearCatalogueCache();
  mocked.getCatalogue.mockResolvedValue(catalogueView());
  mocked.getAssessment.mockResolvedValue(assessmentDetail());
  mocked.listAssessments.mockResolvedValue([]);
  mocked.listAssessmentPage.mockResolvedValue(assessmentPageOf([]));
  mocked.getAuditTrail.mockResolvedValue([]);
  mocked.verifyAuditTrail.mockResolvedValue({ rows: 0, head: "", broken: null });
  mocked.getPlan.mockResolvedValue(planViewOf([]));
});

afterEach(() => {
  document.body.replaceChildren();
});

describe("the home page", () => {
  it("shows signed-off assessments, their versions, which were replaced, and links to Check a PDF", async () => {
    mocked.listAssessmentPage.mockResolvedValue(assessmentPageOf([
      assessmentSummary(46, { id: "v1", ...sealed, next_version: "v2", created_at: "2026-01-01T09:00:00Z" }),
      assessmentSummary(46, {
        id: "v2",
        version: 2,
        previous_version: "v1",
        created_at: "2026-06-01T09:00:00Z",
      }),
    ]));
    const view = await assessmentListPage(context());
    document.body.append(view.content);
    expect(byId("assessment-status-v1").textContent).toBe("Signed off");
    expect(byId("assessment-status-v1").classList.contains("nhsuk-tag")).toBe(true);
    expect(byId("assessment-replaced-v1").textContent).toBe("Replaced by version 2");
    expect(byId("assessment-version-v2").textContent).toBe("Version 2");
    expect(document.getElementById("assessment-version-v1")).toBeNull();
    expect(document.getElementById("assessment-replaced-v2")).toBeNull();
    expect(byId("assessment-status-v2").textContent).toBe("In progress");
    expect(byId("assessment-link-v1").textContent).toBe("View the assessment for Northshire Community Health NHS Trust");
    expect(byId("assessment-link-v2").textContent).toBe(
      "Resume the assessment for Northshire Community Health NHS Trust",
    );
    expect(byId<HTMLAnchorElement>("check-pdf-link").getAttribute("href")).toBe("#/check");
    expect(byId("check-pdf-link").textContent).toBe("Check a PDF");
  });

  it("links to Check a PDF when there are no assessments too", async () => {
    const view = await assessmentListPage(context());
    document.body.append(view.content);
    expect(byId<HTMLAnchorElement>("check-pdf-link").getAttribute("href")).toBe("#/check");
  });
});

describe("the overview's sign-off task", () => {
  async function open(): Promise<void> {
    const view = await overviewPage(ASSESSMENT_ID);
    document.body.append(view.content);
  }

  it("cannot start until the assessment is complete, but links to the sign-off page", async () => {
    await open();
    const link = byId<HTMLAnchorElement>("sign-off-link");
    expect(link.textContent).toBe("Sign off and download the report");
    expect(link.getAttribute("href")).toBe(`#/assessments/${ASSESSMENT_ID}/sign-off`);
    expect(link.getAttribute("aria-describedby")).toBe("sign-off-hint sign-off-status");
    expect(byId("sign-off-status").textContent).toBe("Cannot start yet");
    expect(document.getElementById("sealed-banner")).toBeNull();
    expect(document.getElementById("assessment-version")).toBeNull();
  });

  it("is not started once the assessment is complete", async () => {
    mocked.getAssessment.mockResolvedValue(assessmentDetail(allYes(), { assessment: { status: "complete" } }));
    await open();
    expect(byId("sign-off-status").textContent).toBe("Not started");
    expect(document.getElementById("sealed-banner")).toBeNull();
  });

  it("is signed off once sealed, with a banner saying it can no longer be changed", async () => {
    mocked.getAssessment.mockResolvedValue(assessmentDetail(allYes(), { assessment: sealed }));
    await open();
    expect(byId("sign-off-status").textContent).toBe("Signed off");
    expect(byId("sign-off-hint").textContent).toContain("Sealed on 22 November 2026");
    const banner = byId("sealed-banner");
    expect(banner.textContent).toContain(SEALED_BANNER);
    expect(banner.getAttribute("role")).toBe("region");
    expect(byId<HTMLAnchorElement>("sealed-banner-link").getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/sign-off`,
    );
    // The banner comes before the heading.
    const h1 = document.querySelector("h1");
    expect(h1 !== null && banner.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(byId("assessment-status-tag").textContent).toBe("Signed off");
    expect(document.body.textContent).not.toContain("reopen it from the check your answers page");
  });

  it("shows a later version with a link to the one before", async () => {
    mocked.getAssessment.mockResolvedValue(
      assessmentDetail([], { assessment: { version: 2, previous_version: "v1" } }),
    );
    await open();
    expect(byId("assessment-version").textContent).toBe("Version 2 (view version 1)");
    expect(byId<HTMLAnchorElement>("previous-version-link").getAttribute("href")).toBe("#/assessments/v1");
    const ids = Array.from(document.querySelectorAll("[id]")).map((el) => el.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("check your answers", () => {
  async function open(): Promise<void> {
    const view = await reviewPage(ASSESSMENT_ID);
    document.body.append(view.content);
  }

  it("does not offer to reopen a sealed assessment; it points to a new version instead", async () => {
    mocked.getAssessment.mockResolvedValue(assessmentDetail(allYes(), { assessment: sealed }));
    await open();
    expect(document.getElementById("reopen-assessment")).toBeNull();
    expect(document.getElementById("mark-complete")).toBeNull();
    expect(byId("completion-heading").textContent).toBe("This assessment is signed off and sealed");
    expect(byId("sealed-notice").textContent).toBe(SEALED_NOTICE);
    expect(byId<HTMLAnchorElement>("sign-off-link").getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/sign-off`,
    );
    expect(byId("assessment-status-tag").textContent).toBe("Signed off");
    expect(byId("review-change-1").textContent).toBe("View (Item 1)");
  });

  it("offers sign-off for a complete assessment, and after marking one complete", async () => {
    mocked.getAssessment.mockResolvedValue(assessmentDetail(allYes(), { assessment: { status: "complete" } }));
    await open();
    expect(byId<HTMLAnchorElement>("sign-off-link").getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/sign-off`,
    );
    expect(byId("reopen-assessment")).not.toBeNull();
    document.body.replaceChildren();

    const complete = assessmentDetail(allYes(), { assessment: { status: "complete" } });
    mocked.getAssessment.mockResolvedValueOnce(assessmentDetail(allYes())).mockResolvedValue(complete);
    mocked.markComplete.mockResolvedValue(complete.assessment);
    await open();
    byId("mark-complete").click();
    await settle();
    expect(byId<HTMLAnchorElement>("banner-sign-off-link").getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/sign-off`,
    );
    expect(byId("banner-sign-off-link").textContent).toBe("Sign off and download the report");
  });
});

describe("a step of a sealed assessment", () => {
  it("is read-only, with the sealed wording and no way to reopen", async () => {
    mocked.getAssessment.mockResolvedValue(assessmentDetail(allYes(), { assessment: sealed }));
    const view = await questionPage(context(), ASSESSMENT_ID, "1", null);
    document.body.append(view.content);
    expect(byId("assessment-sealed-notice").textContent).toContain(SEALED_NOTICE);
    expect(byId<HTMLAnchorElement>("sign-off-link").getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/sign-off`,
    );
    expect(document.getElementById("assessment-complete-notice")).toBeNull();
    expect(document.body.textContent).not.toContain("Reopen it");
    expect(document.getElementById("evidence-form")).toBeNull();
    const radios = Array.from(document.querySelectorAll<HTMLInputElement>("input[type='radio']"));
    expect(radios.length).toBeGreaterThan(0);
    expect(radios.every((radio) => radio.disabled)).toBe(true);
  });
});

describe("the audit trail", () => {
  const row = (overrides: Partial<ShownAuditEntry>): ShownAuditEntry => ({
    seq: 1,
    at: "2026-11-22T14:05:00Z",
    actor: "Priya Shah",
    actor_role: "Accountable Prevent lead",
    assessment_id: ASSESSMENT_ID,
    entity: "sign_off",
    entry_id: null,
    field: "signed_off_by",
    old_value: null,
    new_value: "Priya Shah (Accountable Prevent lead)",
    hash: "ab".repeat(32),
    shown: {
      what: "Sign-off",
      field: "Signed off by",
      old_value: "(none)",
      new_value: "Priya Shah (Accountable Prevent lead)",
    },
    ...overrides,
  });

  async function open(): Promise<void> {
    const view = await auditPage(ASSESSMENT_ID);
    document.body.append(view.content);
  }

  it("says the trail is intact, and shows a sign-off as such", async () => {
    mocked.getAuditTrail.mockResolvedValue([row({})]);
    mocked.verifyAuditTrail.mockResolvedValue({ rows: 12, head: "ab".repeat(32), broken: null });
    await open();
    expect(mocked.verifyAuditTrail).toHaveBeenCalledWith(ASSESSMENT_ID);
    expect(byId("audit-chain").textContent).toContain(
      "The audit trail is intact: 12 changes, each linked to the one before (SHA-256 hash chain).",
    );
    const cells = Array.from(document.querySelectorAll("tbody td")).map((td) => td.textContent);
    expect(cells.slice(1)).toEqual([
      "Priya Shah (Accountable Prevent lead)",
      "Sign-off",
      "Signed off by",
      "(none)",
      "Priya Shah (Accountable Prevent lead)",
    ]);
  });

  it("says 1 change for a trail of one", async () => {
    mocked.verifyAuditTrail.mockResolvedValue({ rows: 1, head: "ab".repeat(32), broken: null });
    await open();
    expect(byId("audit-chain").textContent).toContain("The audit trail is intact: 1 change, each linked");
  });

  it("shows a broken chain as an error, with the problem", async () => {
    mocked.verifyAuditTrail.mockResolvedValue({
      rows: 12,
      head: "ab".repeat(32),
      broken: { seq: 7, problem: `The row does not match its hash ${HOSTILE}` },
    });
    await open();
    const chain = byId("audit-chain");
    expect(chain.classList.contains("nhsuk-card--care--urgent")).toBe(true);
    expect(byId("audit-chain-heading").textContent).toBe("Warning: The audit trail has been changed outside the app");
    expect(byId("audit-chain-problem").textContent).toBe(`Change 7: The row does not match its hash ${HOSTILE}`);
    expect(document.querySelector("img")).toBeNull();
  });

  it("still shows the trail when the check itself fails", async () => {
    mocked.getAuditTrail.mockResolvedValue([row({})]);
    mocked.verifyAuditTrail.mockRejectedValue({ kind: "database", message: "The database could not be read." });
    await open();
    expect(byId("audit-chain").textContent).toContain(
      "The audit trail could not be checked. The database could not be read.",
    );
    expect(byId("audit-trail").tagName).toBe("TABLE");
  });
});
