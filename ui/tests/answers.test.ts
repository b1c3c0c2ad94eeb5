// The answer helpers (lib/answers.ts) and the autosave queue behind the step
// page (lib/autosave.ts).

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { RULES } from "../src/ipc/api";
import {
  actionRequiredHint,
  canSaveTogether,
  charCount,
  defaultActionRequired,
  formatClockTime,
  isAnswerField,
} from "../src/lib/answers";
import { Autosave, allSaved, draftKey, localDrafts, type SaveStatus } from "../src/lib/autosave";
import { findEntry, responseLabelsForEntry } from "../src/lib/catalogue";
import { catalogueView, toolkitWords } from "./fixtures";

describe("defaultActionRequired", () => {
  it("follows the app's rules: partial and no need action, yes and N/A do not", () => {
    expect(defaultActionRequired("partial")).toBe(true);
    expect(defaultActionRequired("no")).toBe(true);
    expect(defaultActionRequired("yes")).toBe(false);
    expect(defaultActionRequired("na")).toBe(false);
    for (const response of ["yes", "partial", "no", "na"] as const) {
      expect(defaultActionRequired(response)).toBe(RULES.default_action_required[response]);
    }
  });
});

describe("labels and hints", () => {
  it("takes response labels from the scale of the entry's part", () => {
    const view = catalogueView();
    const words = toolkitWords(view);
    expect(responseLabelsForEntry(view, findEntry(view, "4")!).partial).toBe(words.item_responses.partial);
    expect(responseLabelsForEntry(view, findEntry(view, "3b")!)).toEqual(words.item_responses);
    expect(responseLabelsForEntry(view, findEntry(view, "C4")!)).toEqual(words.checklist_responses);
    expect(words.item_responses.partial).toBe("Partially");
    expect(words.checklist_responses.partial).toBe("Partially included");
  });

  it("says action required is suggested from the response and can be changed", () => {
    expect(actionRequiredHint({ yes: "Yes", partial: "Partially", no: "No", na: "Not applicable" })).toBe(
      "We suggest an answer from the response (“Partially” and “No” usually need action). You can change it.",
    );
  });

  it("knows the answer fields", () => {
    expect(isAnswerField("due_date")).toBe(true);
    expect(isAnswerField("actor")).toBe(false);
    expect(isAnswerField("toString")).toBe(false);
  });
});

describe("canSaveTogether", () => {
  it("keeps a reason for N/A apart from a change to another response", () => {
    expect(canSaveTogether({ na_reason: "No premises" }, { response: "yes" })).toBe(false);
    expect(canSaveTogether({ na_reason: "No premises" }, { response: "na" })).toBe(true);
    expect(canSaveTogether({ na_reason: "" }, { response: "yes" })).toBe(true);
    expect(canSaveTogether({ comment: "a" }, { lead: "b" })).toBe(true);
  });
});

describe("formatting", () => {
  it("formats times", () => {
    expect(formatClockTime(new Date(2026, 10, 20, 9, 5))).toBe("09:05:00");
    // Seconds, so a later save in the same minute still shows.
    expect(formatClockTime(new Date(2026, 10, 20, 14, 2, 7))).toBe("14:02:07");
  });
});

describe("charCount", () => {
  it("counts characters as the app does, not UTF-16 units", () => {
    expect(charCount("abc")).toBe(3);
    expect(charCount("😀é")).toBe(2);
  });
});

// --- Autosave ---------------------------------------------------------------------

type Patch = Record<string, string>;

interface Deferred {
  patch: Patch;
  resolve(): void;
  reject(reason: unknown): void;
}

function harness(options: { canMerge?: (a: Patch, b: Patch) => boolean; faulty?: boolean } = {}) {
  const calls: Deferred[] = [];
  const statuses: SaveStatus["state"][] = [];
  const errors: unknown[] = [];
  const drafts = localDrafts("a1", "7");
  const autosave = new Autosave<Patch>({
    save: (patch) =>
      new Promise<void>((resolve, reject) => {
        calls.push({ patch, resolve, reject });
      }),
    drafts,
    ...(options.canMerge ? { canMerge: options.canMerge } : {}),
    ...(options.faulty
      ? {
          faultyFields: (reason: unknown) =>
            typeof reason === "object" && reason !== null && "field" in reason ? [String(reason.field)] : [],
        }
      : {}),
    onStatus: (status) => statuses.push(status.state),
    onError: (reason) => errors.push(reason),
  });
  return { autosave, calls, statuses, errors, drafts };
}

describe("Autosave", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("waits for typing to pause, then sends only the last value", async () => {
    const { autosave, calls } = harness();
    autosave.schedule("comment", () => ({ comment: "a" }), "a");
    await vi.advanceTimersByTimeAsync(300);
    autosave.schedule("comment", () => ({ comment: "ab" }), "ab");
    await vi.advanceTimersByTimeAsync(300);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.map((c) => c.patch)).toEqual([{ comment: "ab" }]);
    autosave.dispose();
  });

  it("sends a field's waiting change at once on commit, and nothing when build refuses", async () => {
    const { autosave, calls } = harness();
    autosave.schedule("lead", () => ({ lead: "Head of HR" }), "Head of HR");
    autosave.commit("lead");
    expect(calls.map((c) => c.patch)).toEqual([{ lead: "Head of HR" }]);
    calls[0]?.resolve();
    autosave.schedule("comment", () => null, "too long");
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveLength(1);
    expect(localStorage.getItem(draftKey("a1", "7", "comment"))).toBe("too long");
    autosave.dispose();
  });

  it("has one save in flight and joins the changes queued behind it", async () => {
    const { autosave, calls } = harness();
    autosave.saveNow("response", { response: "partial" });
    autosave.saveNow("comment", { comment: "one" });
    autosave.saveNow("lead", { lead: "Lead" });
    autosave.saveNow("comment", { comment: "two" });
    expect(calls).toHaveLength(1);
    calls[0]?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.patch)).toEqual([{ response: "partial" }, { comment: "two", lead: "Lead" }]);
    calls[1]?.resolve();
    autosave.dispose();
  });

  it("keeps apart changes that canMerge refuses to join", async () => {
    const { autosave, calls } = harness({ canMerge: (a, b) => !("response" in b && "na_reason" in a) });
    autosave.saveNow("comment", { comment: "x" });
    autosave.saveNow("na_reason", { na_reason: "No premises" });
    autosave.saveNow("response", { response: "yes" });
    calls[0]?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    calls[1]?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.patch)).toEqual([{ comment: "x" }, { na_reason: "No premises" }, { response: "yes" }]);
    calls[2]?.resolve();
    autosave.dispose();
  });

  it("flush sends what is waiting and resolves only once it is all saved", async () => {
    const { autosave, calls } = harness();
    autosave.saveNow("response", { response: "no" });
    autosave.schedule("comment", () => ({ comment: "typed" }), "typed");
    let done = false;
    const flushed = autosave.flush().then(() => {
      done = true;
    });
    expect(calls).toHaveLength(1);
    calls[0]?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.patch)).toEqual([{ response: "no" }, { comment: "typed" }]);
    expect(done).toBe(false);
    calls[1]?.resolve();
    await flushed;
    expect(done).toBe(true);
    await expect(autosave.flush()).resolves.toBeUndefined();
    autosave.dispose();
  });

  it("allSaved waits for every autosave", async () => {
    const { autosave, calls } = harness();
    autosave.schedule("comment", () => ({ comment: "typed" }), "typed");
    let done = false;
    const all = allSaved().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    expect(done).toBe(false);
    calls[0]?.resolve();
    await all;
    expect(done).toBe(true);
    autosave.dispose();
  });

  it("keeps the draft until the save succeeds, and after a failure", async () => {
    const { autosave, calls, statuses, errors } = harness();
    const key = draftKey("a1", "7", "comment");
    autosave.schedule("comment", () => ({ comment: "first" }), "first");
    expect(localStorage.getItem(key)).toBe("first");
    autosave.commit("comment");
    const failure = { kind: "database", message: "The database file could not be written" };
    calls[0]?.reject(failure);
    await autosave.flush();
    expect(statuses).toEqual(["saving", "failed"]);
    expect(errors).toEqual([failure]);
    expect(localStorage.getItem(key)).toBe("first");

    autosave.schedule("comment", () => ({ comment: "second" }), "second");
    autosave.commit("comment");
    calls[1]?.resolve();
    await autosave.flush();
    expect(statuses.slice(-2)).toEqual(["saving", "saved"]);
    expect(localStorage.getItem(key)).toBeNull();
    autosave.dispose();
  });

  it("does not drop a newer draft when an older save of the field succeeds", async () => {
    const { autosave, calls } = harness();
    const key = draftKey("a1", "7", "comment");
    autosave.saveNow("comment", { comment: "old" }, "old");
    autosave.schedule("comment", () => ({ comment: "newer" }), "newer");
    calls[0]?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(localStorage.getItem(key)).toBe("newer");
    await vi.advanceTimersByTimeAsync(400);
    calls[1]?.resolve();
    await autosave.flush();
    expect(localStorage.getItem(key)).toBeNull();
    autosave.dispose();
  });

  it("saves the other fields again without the one the app refused", async () => {
    const { autosave, calls, drafts } = harness({ faulty: true });
    autosave.saveNow("response", { response: "yes" });
    autosave.saveNow("comment", { comment: "ok" }, "ok");
    autosave.saveNow("lead", { lead: "x".repeat(201) }, "x".repeat(201));
    calls[0]?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls[1]?.patch).toEqual({ comment: "ok", lead: "x".repeat(201) });
    calls[1]?.reject({ kind: "invalid_input", message: "too long", field: "lead" });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls[2]?.patch).toEqual({ comment: "ok" });
    calls[2]?.resolve();
    await autosave.flush();
    expect(drafts.read("comment")).toBeNull();
    expect(drafts.read("lead")).toBe("x".repeat(201));
    autosave.dispose();
  });
});
