import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const api = await import("../src/ipc/api");

beforeEach(() => {
  invoke.mockReset();
});

describe("the IPC layer", () => {
  it("calls each command by its name with the argument keys the commands expect", async () => {
    invoke.mockResolvedValue([]);
    await api.getCatalogue("prevent-toolkit-2011");
    await api.getAssessment("id-1");
    await api.getAuditTrail("id-1");
    await api.listAssessments();
    const input = {
      framework_id: "prevent-toolkit-2011",
      organisation: "Org",
      assessor: "A",
      assessment_date: "2026-11-20",
    };
    await api.createAssessment(input);
    const request = {
      assessment_id: "id-1",
      entry_id: "3a",
      actor: "Sam",
      answer: { response: "yes" as const, action_required: false, comment: "", lead: "", due_date: "" },
    };
    await api.saveAnswer(request);
    await api.appInfo();
    expect(invoke.mock.calls).toEqual([
      ["get_catalogue", { frameworkId: "prevent-toolkit-2011" }],
      ["get_assessment", { id: "id-1" }],
      ["get_audit_trail", { id: "id-1" }],
      ["list_assessments", undefined],
      ["create_assessment", { input }],
      ["save_answer", { request }],
      ["app_info", undefined],
    ]);
  });

  it("passes an AppError rejection through as an AppError", async () => {
    invoke.mockRejectedValue({
      kind: "invalid_input",
      message: "Enter the organisation",
      field: "organisation",
    });
    await expect(
      api.createAssessment({ framework_id: "x", organisation: "", assessor: "", assessment_date: "" }),
    ).rejects.toEqual({ kind: "invalid_input", message: "Enter the organisation", field: "organisation" });
  });

  it("keeps an AppError without a field without one", async () => {
    invoke.mockRejectedValue({ kind: "not_found", message: "There is no assessment" });
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
