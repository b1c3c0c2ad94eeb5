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
    listAssessmentPage: vi.fn(),
    getAuditTrail: vi.fn(),
    markComplete: vi.fn(),
    getPlan: vi.fn(),
    getDashboard: vi.fn(),
    getAction: vi.fn(),
    updateAction: vi.fn(),
    completeAction: vi.fn(),
    exportPlan: vi.fn(),
    getPriorityRules: vi.fn(),
    getSignOff: vi.fn(),
    signOff: vi.fn(),
    newVersion: vi.fn(),
    exportPdf: vi.fn(),
    verifyAuditTrail: vi.fn(),
    getCertificate: vi.fn(),
    checkUploadedPdf: vi.fn(),
    trustPdfSigner: vi.fn(),
    listBackups: vi.fn(),
    latestGoodBackup: vi.fn(),
  };
});

import * as api from "../src/ipc/api";
import { startApp, type App } from "../src/app";
import { clearCatalogueCache } from "../src/state";
import {
  ACTION_ID,
  ASSESSMENT_ID,
  actionView,
  planViewOf,
  priorityRules,
  sampleActions,
  settle,
  allYes,
  answer,
  appInfo,
  assessmentDetail,
  assessmentPageOf,
  assessmentSummary,
  catalogueView,
  certificate,
  evidence,
  pdfCheck,
  signOffState,
  signatory,
  SEALED_AT,
  catalogueOf,
  trainingBeside,
} from "./fixtures";

let app: App | null = null;

beforeEach(() => {
  clearCatalogueCache();
  vi.mocked(api.getCatalogue).mockResolvedValue(catalogueView());
  vi.mocked(api.appInfo).mockResolvedValue(appInfo());
  vi.mocked(api.listAssessments).mockResolvedValue([]);
  vi.mocked(api.listAssessmentPage).mockResolvedValue(assessmentPageOf([
    assessmentSummary(12),
    assessmentSummary(46, { id: "done", status: "complete", organisation: "Done Trust" }),
  ]));
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
  vi.mocked(api.getPriorityRules).mockResolvedValue(priorityRules());
  vi.mocked(api.getPlan).mockResolvedValue(
    planViewOf([
      ...sampleActions(),
      actionView({ id: "a-7", status: "completed", completed_on: "2026-11-01", signed_off_by: "Sam Lee", gap_reopened: true }),
    ]),
  );
  vi.mocked(api.getDashboard).mockResolvedValue(
    planViewOf([...sampleActions(), actionView({ id: "z-1", organisation: "Southshire Trust", overdue: true })]),
  );
  vi.mocked(api.getAction).mockResolvedValue(
    actionView({
      status: "deferred",
      deferred_reason: "Waiting for the board",
      overdue: true,
      priority: "medium",
      effective_priority: "high",
      notes: [{ at: "2026-11-20T09:00:00Z", by: "Sam Lee", text: "Asked the board secretary" }],
    }),
  );
  vi.mocked(api.getSignOff).mockResolvedValue(signOffState());
  vi.mocked(api.getCertificate).mockResolvedValue(certificate());
  vi.mocked(api.verifyAuditTrail).mockResolvedValue({ rows: 1, head: "01".repeat(32), broken: null });
  vi.mocked(api.checkUploadedPdf).mockResolvedValue(pdfCheck());
  const daily = {
    name: "prevent-2026-12-01T09-30-00Z-daily.sqlite3",
    path: "/data/backups/prevent-2026-12-01T09-30-00Z-daily.sqlite3",
    taken_at: "2026-12-01T09:30:00Z",
    reason: "daily",
    reason_words: "Daily backup",
    bytes: 2_400_000,
    size: "2.3 MB",
  };
  vi.mocked(api.listBackups).mockResolvedValue({
    database_path: "/data/prevent.sqlite3",
    folder: "/data/backups",
    daily_kept: 10,
    backups: [daily],
  });
  vi.mocked(api.latestGoodBackup).mockResolvedValue(daily);
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
      hash: "0100000000000000000000000000000000000000000000000000000000000000",
      shown: { what: "Answer · Item 1", field: "Response", old_value: "(none)", new_value: "No" },
    },
  ]);
});

afterEach(() => {
  app?.stop();
  app = null;
  document.body.replaceChildren();
  window.history.replaceState(null, "", "#");
});

async function axeNow(): Promise<string[]> {
  const results = await axe.run(document, {
    rules: { "color-contrast": { enabled: false } },
    resultTypes: ["violations"],
  });
  return results.violations.map(
    (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

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
  // The page itself, not the page saying it could not be loaded.
  expect(document.getElementById("load-error-message")).toBeNull();
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
    ["sign off, complete and not yet signed", `#/assessments/${ASSESSMENT_ID}/sign-off`],
    ["check a PDF", "#/check"],
    ["backups", "#/backups"],
    ["backups, after a restore", "#/backups?restored=prevent-2026-12-01T09-30-00Z-daily.sqlite3"],
    ["restore a backup", "#/backups/restore?name=prevent-2026-12-01T09-30-00Z-daily.sqlite3"],
    ["action plan", `#/assessments/${ASSESSMENT_ID}/plan`],
    ["action plan, filtered", `#/assessments/${ASSESSMENT_ID}/plan?status=in_progress&due=overdue`],
    ["dashboard", "#/actions"],
    ["action", `#/actions/${ACTION_ID}`],
    ["action from the dashboard", `#/actions/${ACTION_ID}?from=dashboard&priority=high`],
    ["not found", "#/nowhere"],
  ];
  for (const [name, hash] of screens) {
    it(name, async () => {
      expect(await violations(hash)).toEqual([]);
    }, 20000);
  }

  it("a damaged database, with its latest good backup offered", async () => {
    vi.mocked(api.appInfo).mockResolvedValue(
      appInfo({ startup_error: { kind: "damaged_database", message: "The database is damaged. It has not been changed." } }),
    );
    expect(await violations("#/")).toEqual([]);
    await settle();
    await settle();
    expect(document.getElementById("restore-latest-backup")).not.toBeNull();
    expect(await axeNow()).toEqual([]);
  }, 20000);

  it("the plan and dashboard explain how priorities are set, opened", async () => {
    for (const hash of [`#/assessments/${ASSESSMENT_ID}/plan`, "#/actions"]) {
      expect(await violations(hash)).toEqual([]);
      const details = document.getElementById("priority-rules") as HTMLDetailsElement | null;
      expect(details).not.toBeNull();
      if (details !== null) {
        details.open = true;
      }
      expect(await axeNow()).toEqual([]);
      app?.stop();
      app = null;
      document.body.replaceChildren();
    }
  }, 30000);

  it("an action whose gap opened again", async () => {
    vi.mocked(api.getAction).mockResolvedValue(
      actionView({ status: "completed", completed_on: "2026-11-01", signed_off_by: "Sam Lee", gap_reopened: true }),
    );
    expect(await violations(`#/actions/${ACTION_ID}`)).toEqual([]);
    expect(document.getElementById("action-gap-reopened")).not.toBeNull();
  }, 20000);

  it("sign off before the assessment is complete", async () => {
    vi.mocked(api.getSignOff).mockResolvedValue({ ...signOffState(), assessment: assessmentDetail().assessment });
    expect(await violations(`#/assessments/${ASSESSMENT_ID}/sign-off`)).toEqual([]);
    expect(document.getElementById("sign-off-not-ready")).not.toBeNull();
  }, 20000);

  it("sign off when sealed by two people, a version after the first", async () => {
    vi.mocked(api.getSignOff).mockResolvedValue(
      signOffState([signatory(), signatory({ name: "Alex Morgan", role: "Assessor" })], {
        version: 2,
        previous_version: "v1",
      }),
    );
    expect(await violations(`#/assessments/${ASSESSMENT_ID}/sign-off`)).toEqual([]);
    expect(document.getElementById("start-new-version")).not.toBeNull();
  }, 20000);

  it("sign off with a newer version", async () => {
    vi.mocked(api.getSignOff).mockResolvedValue(signOffState([signatory()], { next_version: "v2" }));
    expect(await violations(`#/assessments/${ASSESSMENT_ID}/sign-off`)).toEqual([]);
    expect(document.getElementById("newer-version-link")).not.toBeNull();
  }, 20000);

  it("sign off with errors, then signed, then downloading", async () => {
    expect(await violations(`#/assessments/${ASSESSMENT_ID}/sign-off`)).toEqual([]);
    (document.getElementById("sign-off-name") as HTMLInputElement).value = "";
    (document.getElementById("sign-off-role") as HTMLInputElement).value = "";
    document.getElementById("sign-off")?.click();
    await settle();
    expect(document.getElementById("sign-off-name-error")).not.toBeNull();
    expect(document.getElementById("sign-off-role-error")).not.toBeNull();
    expect(await axeNow()).toEqual([]);

    vi.mocked(api.signOff).mockResolvedValue(signOffState([signatory({ name: "Sam Lee" })]));
    (document.getElementById("sign-off-name") as HTMLInputElement).value = "Sam Lee";
    (document.getElementById("sign-off-role") as HTMLInputElement).value = "Safeguarding lead";
    document.getElementById("sign-off")?.click();
    await settle();
    expect(document.getElementById("sign-off-status")).not.toBeNull();
    expect(await axeNow()).toEqual([]);

    let finish: (path: string | null) => void = () => undefined;
    vi.mocked(api.exportPdf).mockReturnValue(new Promise((resolve) => (finish = resolve)));
    document.getElementById("download-report")?.click();
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(document.getElementById("report-status")?.textContent).toBe("Preparing the report…");
    expect(await axeNow()).toEqual([]);
    finish("/home/sam/report.pdf");
    await settle();
    expect(document.getElementById("report-path")).not.toBeNull();
    expect(await axeNow()).toEqual([]);
  }, 30000);

  it("check a PDF with no certificate yet, and each result", async () => {
    vi.mocked(api.getCertificate).mockResolvedValue(null);
    expect(await violations("#/check")).toEqual([]);
    const input = document.getElementById("pdf-file") as HTMLInputElement;

    document.getElementById("check-file")?.click();
    await settle();
    expect(document.getElementById("pdf-file-error")).not.toBeNull();
    expect(await axeNow()).toEqual([]);

    Object.defineProperty(input, "files", {
      value: [new File(["%PDF-1.7"], "report.pdf", { type: "application/pdf" })],
      configurable: true,
    });
    const unknown = certificate({ own: false, trusted: false, subject: "CN=Southshire Trust" });
    const results = [
      pdfCheck({ certificate: unknown }),
      pdfCheck({ outcome: "altered", summary: "Changed.", reasons: ["Page 2 does not match."] }),
      pdfCheck({ outcome: "not_sealed", summary: "Not sealed.", reasons: ["A draft."], sealed: null, certificate: null }),
    ];
    for (const result of results) {
      vi.mocked(api.checkUploadedPdf).mockResolvedValue(result);
      document.getElementById("check-file")?.click();
      for (let i = 0; i < 4; i += 1) {
        await settle();
      }
      expect(document.getElementById("check-result-heading")).not.toBeNull();
      expect(await axeNow()).toEqual([]);
    }

    vi.mocked(api.checkUploadedPdf).mockResolvedValue(pdfCheck({ certificate: unknown }));
    document.getElementById("check-file")?.click();
    for (let i = 0; i < 4; i += 1) {
      await settle();
    }
    vi.mocked(api.trustPdfSigner).mockResolvedValue({ ...unknown, trusted: true });
    vi.mocked(api.checkUploadedPdf).mockResolvedValue(pdfCheck({ certificate: { ...unknown, trusted: true } }));
    document.getElementById("trust-certificate")?.click();
    await settle();
    expect(document.getElementById("trust-status")).not.toBeNull();
    expect(await axeNow()).toEqual([]);

    vi.mocked(api.checkUploadedPdf).mockRejectedValue({
      kind: "invalid_input",
      message: "The selected file is not a PDF.",
      field: "file",
    });
    document.getElementById("check-file")?.click();
    for (let i = 0; i < 4; i += 1) {
      await settle();
    }
    expect(document.getElementById("pdf-file-error")?.textContent).toContain("not a PDF");
    expect(await axeNow()).toEqual([]);
  }, 30000);

  it("a sealed assessment's overview, check your answers and audit trail (with a broken chain)", async () => {
    vi.mocked(api.getAssessment).mockResolvedValue(
      assessmentDetail(allYes(), { assessment: { status: "complete", sealed_at: SEALED_AT, version: 2, previous_version: "v1" } }),
    );
    vi.mocked(api.verifyAuditTrail).mockResolvedValue({
      rows: 3,
      head: "01".repeat(32),
      broken: { seq: 2, problem: "The row does not match its hash." },
    });
    for (const hash of [
      `#/assessments/${ASSESSMENT_ID}`,
      `#/assessments/${ASSESSMENT_ID}/review`,
      `#/assessments/${ASSESSMENT_ID}/audit`,
      `#/assessments/${ASSESSMENT_ID}/entries/1`,
    ]) {
      expect(await violations(hash)).toEqual([]);
      app?.stop();
      app = null;
      document.body.replaceChildren();
    }
  }, 30000);

  it("a core standard with the training figures and the response they propose", async () => {
    vi.mocked(api.getCatalogue).mockResolvedValue(catalogueOf("prevent-core-standards-2024-providers"));
    vi.mocked(api.getAssessment).mockResolvedValue(
      assessmentDetail([], {
        assessment: { framework_id: "prevent-core-standards-2024-providers" },
        training: trainingBeside(0),
      }),
    );
    expect(await violations(`#/assessments/${ASSESSMENT_ID}/entries/T3`)).toEqual([]);
    expect(document.getElementById("entry-training-proposal")).not.toBeNull();
  }, 30000);

  it("home with signed-off and later versions", async () => {
    vi.mocked(api.listAssessmentPage).mockResolvedValue(assessmentPageOf([
      assessmentSummary(46, { id: "v1", status: "complete", sealed_at: SEALED_AT, next_version: "v2" }),
      assessmentSummary(46, { id: "v2", version: 2, previous_version: "v1" }),
    ]));
    expect(await violations("#/")).toEqual([]);
  }, 20000);

  it("home, a middle page of a long list with Previous and Next", async () => {
    vi.mocked(api.listAssessmentPage).mockResolvedValue(
      assessmentPageOf([assessmentSummary(12)], { page: 2, pages: 3, total: 51, skipped: 25 }),
    );
    expect(await violations("#/?page=2")).toEqual([]);
    expect(document.getElementById("assessment-pages-next")).not.toBeNull();
  }, 20000);

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

  it("an action plan with no actions, and a dashboard with none", async () => {
    vi.mocked(api.getPlan).mockResolvedValue(planViewOf([]));
    vi.mocked(api.getDashboard).mockResolvedValue(planViewOf([]));
    expect(await violations(`#/assessments/${ASSESSMENT_ID}/plan`)).toEqual([]);
    app?.stop();
    document.body.replaceChildren();
    expect(await violations("#/actions")).toEqual([]);
  }, 20000);

  it("an action plan after a filter matched nothing, and after a download", async () => {
    expect(await violations(`#/assessments/${ASSESSMENT_ID}/plan`)).toEqual([]);
    vi.mocked(api.getPlan).mockResolvedValue(planViewOf([], { filter: { status: "deferred" } }));
    document.getElementById("apply-filters")?.click();
    await settle();
    expect(document.getElementById("plan-no-results")).not.toBeNull();
    expect(await axeNow()).toEqual([]);
    vi.mocked(api.exportPlan).mockResolvedValue("/home/sam/plan.csv");
    document.getElementById("export-csv")?.click();
    await settle();
    expect(document.getElementById("plan-export-status")).not.toBeNull();
    expect(await axeNow()).toEqual([]);
    vi.mocked(api.exportPlan).mockRejectedValue({ kind: "internal", message: "Could not write the file." });
    document.getElementById("export-xlsx")?.click();
    await settle();
    expect(document.getElementById("plan-error-summary")).not.toBeNull();
    expect(await axeNow()).toEqual([]);
  }, 30000);

  it("an action with errors shown by its fields, then saved", async () => {
    expect(await violations(`#/actions/${ACTION_ID}`)).toEqual([]);
    vi.mocked(api.updateAction).mockRejectedValue({
      kind: "invalid_input",
      message: "Give a reason for changing the priority from Medium to Low: the audit trail keeps it.",
      field: "priority_reason",
    });
    document.getElementById("priority-low")?.click();
    (document.getElementById("priority-reason") as HTMLTextAreaElement).value = "x";
    (document.getElementById("action-due-month") as HTMLInputElement).value = "13";
    document.getElementById("complete-action")?.click();
    await settle();
    expect(document.querySelectorAll("#complete-form .nhsuk-error-message").length).toBeGreaterThan(0);
    expect(await axeNow()).toEqual([]);
    (document.getElementById("action-due-month") as HTMLInputElement).value = "3";
    document.getElementById("save-action")?.click();
    await settle();
    expect(document.getElementById("priority-reason-error")).not.toBeNull();
    expect(await axeNow()).toEqual([]);
    vi.mocked(api.completeAction).mockResolvedValue(
      actionView({ status: "completed", completed_on: "2027-01-15", signed_off_by: "Sam Lee" }),
    );
    (document.getElementById("assessed-day") as HTMLInputElement).value = "15";
    (document.getElementById("assessed-month") as HTMLInputElement).value = "1";
    (document.getElementById("assessed-year") as HTMLInputElement).value = "2027";
    document.getElementById("complete-action")?.click();
    await settle();
    expect(document.getElementById("action-status")).not.toBeNull();
    expect(await axeNow()).toEqual([]);
  }, 30000);
});
