// axe-core on every screen this suite can draw, inside the full page frame.
// jsdom has no layout, so colour contrast is left to the end-to-end run in
// the real window; everything else (names, roles, ARIA, ids, lists,
// landmarks, headings) is checked here.

import axe from "axe-core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../src/ipc/api", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../src/ipc/api")>();
  return {
    ...actual,
    appInfo: vi.fn(),
    getAssessment: vi.fn(),
    getCatalogue: vi.fn(),
    listAssessments: vi.fn(),
    getAuditTrail: vi.fn(),
    markComplete: vi.fn(),
  };
});

import * as api from "../src/ipc/api";
import { startApp, type App } from "../src/app";
import { clearCatalogueCache } from "../src/state";
import {
  ASSESSMENT_ID,
  settle,
  allYes,
  answer,
  appInfo,
  assessmentDetail,
  assessmentSummary,
  catalogueView,
  evidence,
} from "./fixtures";

let app: App | null = null;

beforeEach(() => {
  clearCatalogueCache();
  vi.mocked(api.getCatalogue).mockResolvedValue(catalogueView());
  vi.mocked(api.appInfo).mockResolvedValue(appInfo());
  vi.mocked(api.listAssessments).mockResolvedValue([
    assessmentSummary(12),
    assessmentSummary(46, { id: "done", status: "complete", organisation: "Done Trust" }),
  ]);
  vi.mocked(api.getAssessment).mockResolvedValue(
    assessmentDetail(
      [
        answer({ entry_id: "1", response: "no", action_required: true }),
        answer({ entry_id: "3a", response: "partial", action_required: true, lead: "A", due_date: "2027-01-01" }),
        answer({ entry_id: "C2", response: "yes", policy_ref: "P", review_date: "2020-01-01" }),
      ],
      { evidence: [evidence({ entry_id: "1" })] },
    ),
  );
  vi.mocked(api.getAuditTrail).mockResolvedValue([
    {
      seq: 1,
      at: "2026-11-20T09:00:00Z",
      actor: "Sam Lee",
      actor_role: "Safeguarding lead",
      assessment_id: ASSESSMENT_ID,
      entity: "answer",
      entry_id: "1",
      field: "response",
      old_value: null,
      new_value: "no",
    },
  ]);
});

afterEach(() => {
  app?.stop();
  app = null;
  document.body.replaceChildren();
  window.history.replaceState(null, "", "#");
});

async function violations(hash: string): Promise<string[]> {
  // As ui/index.html sets it.
  document.documentElement.lang = "en-GB";
  window.history.replaceState(null, "", hash);
  const root = document.createElement("div");
  root.id = "app";
  document.body.append(root);
  app = await startApp(root);
  const results = await axe.run(document, {
    rules: { "color-contrast": { enabled: false } },
    resultTypes: ["violations"],
  });
  expect(document.querySelectorAll("h1")).toHaveLength(1);
  return results.violations.map(
    (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

describe("no axe violations", () => {
  const screens: [string, string][] = [
    ["home", "#/"],
    ["you", "#/you"],
    ["new assessment", "#/new"],
    ["overview", `#/assessments/${ASSESSMENT_ID}`],
    ["check your answers", `#/assessments/${ASSESSMENT_ID}/review`],
    ["audit trail", `#/assessments/${ASSESSMENT_ID}/audit`],
    ["not found", "#/nowhere"],
  ];
  for (const [name, hash] of screens) {
    it(name, async () => {
      expect(await violations(hash)).toEqual([]);
    }, 20000);
  }

  it("first start", async () => {
    vi.mocked(api.appInfo).mockResolvedValue(appInfo({ user: null }));
    expect(await violations("#/")).toEqual([]);
  }, 20000);

  it("check your answers for a complete assessment", async () => {
    vi.mocked(api.getAssessment).mockResolvedValue(
      assessmentDetail(allYes(), { assessment: { status: "complete" } }),
    );
    expect(await violations(`#/assessments/${ASSESSMENT_ID}/review`)).toEqual([]);
  }, 20000);

  it("check your answers after marking complete", async () => {
    const complete = assessmentDetail(allYes(), { assessment: { status: "complete" } });
    vi.mocked(api.getAssessment)
      .mockResolvedValueOnce(assessmentDetail(allYes()))
      .mockResolvedValue(complete);
    vi.mocked(api.markComplete).mockResolvedValue(complete.assessment);
    expect(await violations(`#/assessments/${ASSESSMENT_ID}/review`)).toEqual([]);
    document.getElementById("mark-complete")?.click();
    await settle();
    expect(document.getElementById("assessment-status")).not.toBeNull();
    const results = await axe.run(document, {
      rules: { "color-contrast": { enabled: false } },
      resultTypes: ["violations"],
    });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  }, 20000);
});
