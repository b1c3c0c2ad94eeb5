import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const api = await import("../src/ipc/api");

beforeEach(() => {
  invoke.mockReset();
});

describe("call", () => {
  it("passes the command's arguments through as given, and resolves with the result", async () => {
    const input = { name: "Sam Lee", role: "Safeguarding lead" };
    invoke.mockResolvedValueOnce(input);
    await expect(api.call("set_user", { input })).resolves.toEqual(input);
    expect(invoke).toHaveBeenLastCalledWith("set_user", { input });
    // The same object, not a copy: nothing is renamed or dropped on the way.
    expect(invoke.mock.calls[0]?.[1]).toEqual({ input });
    expect((invoke.mock.calls[0]?.[1] as { input: unknown }).input).toBe(input);
  });

  it("sends no arguments for commands that take none", async () => {
    invoke.mockResolvedValueOnce([]);
    await api.call("list_assessments");
    expect(invoke).toHaveBeenLastCalledWith("list_assessments", undefined);
  });

  it("the named wrappers wrap their argument in the key the command expects", async () => {
    invoke.mockResolvedValue(null);
    await api.markComplete("id-1");
    await api.reopenAssessment("id-1");
    await api.getCatalogue("fw");
    expect(invoke.mock.calls).toEqual([
      ["mark_complete", { id: "id-1" }],
      ["reopen_assessment", { id: "id-1" }],
      ["get_catalogue", { frameworkId: "fw" }],
    ]);
  });

  it("the action plan's wrappers send the arguments its commands expect", async () => {
    invoke.mockResolvedValue(null);
    await api.getPlan("a-1", { status: "in_progress", limit: 50 });
    await api.getDashboard({ due: { kind: "within", days: 30 } });
    await api.getAction("act-1");
    await api.updateAction({ action_id: "act-1", edit: { owners: "A. Khan" } });
    await api.completeAction({ action_id: "act-1", completion: { assessed: "2027-01-15", signed_off_by: "Sam Lee" } });
    await api.getPriorityRules("prevent-toolkit-2011");
    await api.exportPlan("a-1", "csv", { owner: "HR" });
    await api.exportPlan(null, "ics", {});
    expect(invoke.mock.calls).toEqual([
      ["get_plan", { id: "a-1", filter: { status: "in_progress", limit: 50 } }],
      ["get_dashboard", { filter: { due: { kind: "within", days: 30 } } }],
      ["get_action", { id: "act-1" }],
      ["update_action", { request: { action_id: "act-1", edit: { owners: "A. Khan" } } }],
      [
        "complete_action",
        { request: { action_id: "act-1", completion: { assessed: "2027-01-15", signed_off_by: "Sam Lee" } } },
      ],
      ["get_priority_rules", { frameworkId: "prevent-toolkit-2011" }],
      ["export_plan", { id: "a-1", format: "csv", filter: { owner: "HR" } }],
      ["export_plan", { id: null, format: "ics", filter: {} }],
    ]);
  });

  it("the sign-off and PDF wrappers send the arguments their commands expect", async () => {
    invoke.mockResolvedValue(null);
    const file = { name: "report.pdf", base64: "JVBERi0=" };
    await api.getSignOff("a-1");
    await api.signOff("a-1", { name: "Sam Lee", role: "Accountable Prevent lead", on_behalf: false, signed_at: null });
    await api.newVersion("a-1");
    await api.verifyAuditTrail("a-1");
    await api.getCertificate();
    await api.checkUploadedPdf(file);
    await api.trustPdfSigner(file);
    await api.exportPdf("a-1");
    expect(invoke.mock.calls).toEqual([
      ["get_sign_off", { id: "a-1" }],
      ["sign_off", { id: "a-1", input: { name: "Sam Lee", role: "Accountable Prevent lead", on_behalf: false, signed_at: null } }],
      ["new_version", { id: "a-1" }],
      ["verify_audit_trail", { id: "a-1" }],
      ["get_certificate", undefined],
      ["check_uploaded_pdf", { file }],
      ["trust_pdf_signer", { file }],
      ["export_pdf", { id: "a-1" }],
    ]);
  });

  it("passes an AppError rejection through as an AppError, with its field", async () => {
    invoke.mockRejectedValue({
      kind: "invalid_input",
      message: "Enter the organisation",
      field: "organisation",
    });
    await expect(
      api.createAssessment({ framework_id: "x", organisation: "", assessor: "", assessment_date: "" }),
    ).rejects.toEqual({ kind: "invalid_input", message: "Enter the organisation", field: "organisation" });
  });

  it("keeps a conflict, and an AppError without a field, as they are", async () => {
    invoke.mockRejectedValueOnce({ kind: "conflict", message: "Answer item 1 first", field: null });
    await expect(api.markComplete("id")).rejects.toEqual({ kind: "conflict", message: "Answer item 1 first" });
    invoke.mockRejectedValueOnce({ kind: "not_found", message: "There is no assessment" });
    const error: unknown = await api.getAssessment("nope").catch((e: unknown) => e);
    expect(error).toEqual({ kind: "not_found", message: "There is no assessment" });
    expect(api.isAppError(error)).toBe(true);
  });

  it("turns any other rejection into an internal AppError", async () => {
    invoke.mockRejectedValueOnce("Command save_answer not allowed by ACL");
    await expect(api.listAssessments()).rejects.toEqual({
      kind: "internal",
      message: "Command save_answer not allowed by ACL",
    });

    invoke.mockRejectedValueOnce(new TypeError("window.__TAURI_INTERNALS__ is undefined"));
    await expect(api.listAssessments()).rejects.toEqual({
      kind: "internal",
      message: "window.__TAURI_INTERNALS__ is undefined",
    });

    invoke.mockRejectedValueOnce({ kind: "surprise", message: 3 });
    const error: unknown = await api.listAssessments().catch((e: unknown) => e);
    expect(api.isAppError(error)).toBe(true);
    expect(error).toMatchObject({ kind: "internal" });
  });
});

describe("askEarly", () => {
  beforeEach(() => {
    api.forgetEarly();
  });

  it("hands its answer to the next call of the same command and arguments, once", async () => {
    invoke.mockResolvedValueOnce("early answer").mockResolvedValueOnce("later answer");
    api.askEarly("list_assessment_page", { page: 2 });
    expect(invoke).toHaveBeenCalledTimes(1);
    await expect(api.listAssessmentPage(2)).resolves.toBe("early answer");
    expect(invoke).toHaveBeenCalledTimes(1);
    await expect(api.listAssessmentPage(2)).resolves.toBe("later answer");
    expect(invoke).toHaveBeenCalledTimes(2);
  });

  it("does not answer other arguments or other commands with it", async () => {
    invoke.mockResolvedValueOnce("page 1").mockResolvedValueOnce("page 3").mockResolvedValueOnce([]);
    api.askEarly("list_assessment_page", { page: 1 });
    await expect(api.listAssessmentPage(3)).resolves.toBe("page 3");
    await api.listAssessments();
    expect(invoke.mock.calls).toEqual([
      ["list_assessment_page", { page: 1 }],
      ["list_assessment_page", { page: 3 }],
      ["list_assessments", undefined],
    ]);
  });

  it("gives its failure, as an AppError, to whoever takes the answer", async () => {
    invoke.mockRejectedValueOnce({ kind: "database", message: "The database is locked." });
    api.askEarly("list_assessment_page", { page: 1 });
    await expect(api.listAssessmentPage(1)).rejects.toEqual({ kind: "database", message: "The database is locked." });
  });

  it("forgets answers nobody took, so a later page asks afresh", async () => {
    invoke.mockResolvedValueOnce("stale").mockResolvedValueOnce("fresh");
    api.askEarly("list_assessment_page", { page: 1 });
    api.forgetEarly();
    await expect(api.listAssessmentPage(1)).resolves.toBe("fresh");
  });
});
