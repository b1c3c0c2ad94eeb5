// The step page: the entry in the source's words, the answer saved field by
// field as it is typed, inline checks, evidence, item 3's derived response,
// and the read-only view of a complete assessment.

import axe from "axe-core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../src/ipc/api", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../src/ipc/api")>();
  return {
    ...actual,
    appInfo: vi.fn(),
    getAssessment: vi.fn(),
    confirmCarried: vi.fn(),
    getCatalogue: vi.fn(),
    saveAnswer: vi.fn(),
    addEvidence: vi.fn(),
    removeEvidence: vi.fn(),
    saveEvidenceFile: vi.fn(),
  };
});

import * as api from "../src/ipc/api";
import type { AnswerInput, AnswerRecord, AnswerSaved, Evidence, SaveAnswerRequest } from "../src/ipc/api";
import { RULES } from "../src/ipc/api";
import { draftKey } from "../src/lib/autosave";
import { startApp } from "../src/app";
import { COMPLETE_NOTICE, GUIDANCE_HEADING, GUIDANCE_NOTE,
  CROSSWALK_NOTE, questionPage } from "../src/pages/question";
import { clearCatalogueCache, type PageContext } from "../src/state";
import {
  ASSESSMENT_ID,
  answer,
  appInfo,
  assessmentDetail,
  catalogueView,
  evidence,
  reviewOf, savedAnswer, toolkitWords, catalogueOf, trainingBeside } from "./fixtures";

const getAssessment = vi.mocked(api.getAssessment);
const getCatalogue = vi.mocked(api.getCatalogue);
const saveAnswer = vi.mocked(api.saveAnswer);
const addEvidence = vi.mocked(api.addEvidence);
const removeEvidence = vi.mocked(api.removeEvidence);
const saveEvidenceFile = vi.mocked(api.saveEvidenceFile);

const HOSTILE = "<img src=x onerror=alert(1)>";

let navigate: ReturnType<typeof vi.fn<(path: string) => void>>;
let ctx: PageContext;
/** The answers as the app has them: the fake `save_answer` applies each save here. */
let records: Map<string, AnswerRecord>;

/** Applies a save to the answers as the app does (Rust's `Answer::apply`, from the generated cases). */
function applySave(request: SaveAnswerRequest): AnswerRecord {
  const existing = records.get(request.entry_id);
  const record: AnswerRecord = {
    ...answer({ entry_id: request.entry_id }),
    ...savedAnswer(request.entry_id, existing, request.answer),
  };
  records.set(request.entry_id, record);
  return record;
}

function saved(request: SaveAnswerRequest): Promise<AnswerSaved> {
  const record = applySave(request);
  return Promise.resolve({ record, changed: true, review: reviewOf(Array.from(records.values())) });
}

function setAnswers(list: AnswerRecord[], options: Parameters<typeof assessmentDetail>[1] = {}): void {
  records = new Map(list.map((record) => [record.entry_id, record]));
  getAssessment.mockImplementation(() => Promise.resolve(assessmentDetail(Array.from(records.values()), options)));
}

async function render(entryId: string, field?: string): Promise<HTMLElement> {
  const view = await questionPage(ctx, ASSESSMENT_ID, entryId, field);
  const main = document.createElement("main");
  main.append(view.content);
  document.body.replaceChildren(...(view.backLink ? [view.backLink] : []), main);
  document.title = view.heading;
  return main;
}

function byId<T extends HTMLElement = HTMLInputElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) {
    throw new Error(`no #${id}`);
  }
  return el as T;
}

function choose(id: string): void {
  byId(id).click();
}

function type(id: string, value: string): void {
  const el = byId<HTMLInputElement | HTMLTextAreaElement>(id);
  el.focus();
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

function leaveField(id: string): void {
  const el = byId(id);
  el.focus();
  el.blur();
}

/** Lets the autosave's pause pass and every save finish. */
async function pause(ms = 500): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

function sentAnswers(): AnswerInput[] {
  return saveAnswer.mock.calls.map(([request]) => request.answer);
}

function summaryLinks(): [string | null, string | null][] {
  const summary = document.querySelector(".nhsuk-error-summary");
  return Array.from(summary?.querySelectorAll("a") ?? []).map((a) => [a.getAttribute("href"), a.textContent]);
}

function chooseFile(file: File): void {
  const input = byId("evidence-file");
  Object.defineProperty(input, "files", { configurable: true, value: [file] });
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(new Date(2026, 10, 21, 14, 2));
  clearCatalogueCache();
  localStorage.clear();
  navigate = vi.fn<(path: string) => void>();
  ctx = { info: appInfo(), navigate };
  getCatalogue.mockResolvedValue(catalogueView());
  setAnswers([]);
  saveAnswer.mockImplementation(saved);
});

afterEach(async () => {
  // The page tidies up (and saves what is left) when the route changes.
  window.dispatchEvent(new HashChangeEvent("hashchange"));
  if (vi.isFakeTimers()) {
    await vi.runAllTimersAsync();
  }
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe("the entry, in the source's words", () => {
  it("shows an item's part, label, wording, source, regulations, note and our guidance", async () => {
    await render("7");
    expect(byId("entry-caption").textContent).toBe("Section 1: Organisational – Item 7");
    expect(document.querySelector("h1")?.textContent).toBe(
      "All staff and volunteers are aware where they can obtain information about Prevent and how and where they can raise any concerns",
    );
    expect(byId("entry-source").textContent).toBe(
      `Source: ${toolkitWords().source_attribution}`,
    );
    expect(byId("entry-regulations").textContent).toBe(
      `${toolkitWords().regulation_scheme}: regulations 21, 22, 23, 24`,
    );
    expect(byId("entry-source-note").textContent).toContain("scrambled in the source");
    const guidance = byId("entry-guidance");
    expect(guidance.querySelector("h2")?.textContent).toBe(GUIDANCE_HEADING);
    expect(guidance.textContent).toContain(GUIDANCE_NOTE);
    expect(guidance.textContent).toContain(catalogueView().entries.find((e) => e.id === "7")?.guidance ?? "?");
  });

  it("says where a carried-over answer came from and confirms it on request", async () => {
    setAnswers([answer({ entry_id: "4", response: "yes", carried_from: "standard P14 of the earlier assessment" })]);
    await render("4");
    expect(byId("carried-notice").textContent).toContain(
      "This answer was carried over from standard P14 of the earlier assessment. It counts as not answered until you confirm it or change it.",
    );
    vi.mocked(api.confirmCarried).mockResolvedValue(["4"]);
    setAnswers([answer({ entry_id: "4", response: "yes" })]);
    byId<HTMLButtonElement>("confirm-carried").click();
    await vi.runAllTimersAsync();
    expect(api.confirmCarried).toHaveBeenCalledWith(ASSESSMENT_ID, ["4"]);
    expect(byId("carried-status").textContent).toBe("Confirmed: this answer now counts as answered.");
    expect(document.getElementById("confirm-carried")).toBeNull();
    // An answer a person gave has no such notice.
    await render("4");
    expect(document.getElementById("carried-notice")).toBeNull();
  });

  it("says what the source's own heading slip is, on the standards under it", async () => {
    getCatalogue.mockResolvedValue(catalogueOf("prevent-core-standards-2024-providers"));
    await render("P8");
    expect(byId("entry-caption").textContent).toBe("Annual work programme – Standard P8");
    expect(byId("part-source-note").textContent).toContain('About the heading "Annual work programme": ');
    expect(byId("part-source-note").textContent).toContain("framework or policy");
    expect(byId("response-yes").closest(".nhsuk-radios__item")?.textContent).toBe("Met");
    await render("P7");
    expect(document.getElementById("part-source-note")).toBeNull();
  });

  it("names the entries of other frameworks it relates to, as the app's own mapping", async () => {
    await render("7");
    expect(byId("entry-crosswalk").textContent).toContain(
      "In Prevent duty core standards for healthcare providers: Standard T0",
    );
    expect(byId("entry-crosswalk").textContent).toContain(CROSSWALK_NOTE);
    await render("3e");
    expect(byId("entry-crosswalk").textContent).toContain(": Standard P9d, Standard P16, Standard P18");
    // An entry the crosswalk leaves out shows no links.
    await render("8");
    expect(document.getElementById("entry-crosswalk")).toBeNull();
  });

  it("shows the parent's stem for a sub-point and the checklist question for a checklist entry", async () => {
    await render("3a");
    expect(byId("entry-caption").textContent).toBe("Section 1: Organisational – Item 3a");
    expect(byId("entry-stem").textContent).toBe(
      "There are organisational and joint agency agreed protocols and procedures for:",
    );
    expect(document.querySelector("h1")?.textContent).toBe("obtaining advice");
    expect(document.getElementById("entry-regulations")).toBeNull();
    // "Continue" from item 2 comes here: the first sub-point says why.
    expect(byId("sub-points-start").textContent).toBe(
      "Item 3 is answered through its 7 sub-points, Item 3a to Item 3g, one page each. Item 3's own response is worked out from theirs once they are all answered.",
    );
    await render("3b");
    expect(document.getElementById("sub-points-start")).toBeNull();

    await render("C4");
    expect(byId("entry-caption").textContent).toBe("Policies and procedures checklist – Checklist entry C4");
    expect(byId("entry-stem").textContent).toBe(toolkitWords().checklist_question);
    expect(document.querySelector("h1")?.textContent).toBe("Equality and diversity");
    expect(document.getElementById("entry-regulations")).toBeNull();
  });

  it("records how long it took to build, and shows the progress list beside it", async () => {
    const main = await render("7");
    const root = main.querySelector("[data-render-ms]");
    expect(Number(root?.getAttribute("data-render-ms"))).toBeGreaterThanOrEqual(0);
    expect(byId("step-progress").querySelector('[aria-current="step"]')?.getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/entries/7`,
    );
  });

  it("reports an unknown entry as not found", async () => {
    await expect(questionPage(ctx, ASSESSMENT_ID, "99")).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("training figures beside the training standards", () => {
  function rows(): string[][] {
    return Array.from(byId("entry-training-levels").querySelectorAll("tbody tr")).map((row) =>
      Array.from(row.children).map((cell) => cell.textContent ?? ""),
    );
  }

  it("shows the latest figures by level on T0 and T3, and on T3 the response they propose", async () => {
    getCatalogue.mockResolvedValue(catalogueOf("prevent-core-standards-2024-providers"));
    setAnswers([], { training: trainingBeside(0) });
    await render("T3");
    expect(byId("entry-training").querySelector("h2")?.textContent).toBe("Training figures on 20 November 2026");
    expect(rows()).toEqual([
      ["Level 1 and 2 (basic Prevent awareness)", "38", "40", "95.0%", "Meets it"],
      ["Level 3 (Awareness of Prevent)", "95", "133", "71.4%", "Below it"],
    ]);
    const proposal = byId("entry-training-proposal").textContent ?? "";
    expect(proposal).toContain("Proposed response: Not met.");
    expect(proposal).toContain("level 3: 71.4% in date, 85% required: 19 more staff");
    expect(proposal).toContain("say why in the comment");
    expect(byId("entry-training-readings").textContent).toContain("exactly 85.0% meets it");

    await render("T0");
    expect(rows()).toHaveLength(2);
    expect(document.getElementById("entry-training-proposal")).toBeNull();
    await render("P1");
    expect(document.getElementById("entry-training")).toBeNull();
  });

  it("proposes Met at exactly 85%, and shows nothing while no figures are recorded", async () => {
    getCatalogue.mockResolvedValue(catalogueOf("prevent-core-standards-2024-providers"));
    setAnswers([], { training: trainingBeside(1) });
    await render("T3");
    expect(rows().map((row) => row[3])).toEqual(["85.0%", "85.0%"]);
    expect(byId("entry-training-proposal").textContent).toContain("Proposed response: Met.");
    setAnswers([]);
    await render("T3");
    expect(document.getElementById("entry-training")).toBeNull();
  });
});

describe("the fields", () => {
  it("labels an item's responses with the framework's words and has no checklist fields", async () => {
    await render("1");
    const presentation = toolkitWords();
    const legend = byId("response-yes").closest("fieldset")?.querySelector("legend");
    expect(legend?.textContent).toBe(presentation.item_question);
    for (const value of ["yes", "partial", "no", "na"] as const) {
      expect(document.querySelector(`label[for="response-${value}"]`)?.textContent).toBe(
        presentation.item_responses[value],
      );
    }
    expect(document.getElementById("policy-ref")).toBeNull();
    expect(document.getElementById("review-date-day")).toBeNull();
    expect(document.getElementById("actor")).toBeNull();
  });

  it("labels a checklist entry's responses as the checklist does and asks for its policy", async () => {
    await render("C4");
    const presentation = toolkitWords();
    const legend = byId("response-yes").closest("fieldset")?.querySelector("legend");
    expect(legend?.textContent).toBe(presentation.checklist_entry_question);
    expect(document.querySelector('label[for="response-partial"]')?.textContent).toBe(
      presentation.checklist_responses.partial,
    );
    expect(document.querySelector('label[for="policy-ref"]')?.textContent).toBe("Policy name or reference");
    expect(byId("review-date-day").closest("fieldset")?.querySelector("legend")?.textContent).toBe(
      "Next review date",
    );
  });

  it("puts no aria-expanded on any radio; the N/A radio controls its reveal", async () => {
    await render("1");
    choose("response-na");
    for (const radio of document.querySelectorAll('input[type="radio"]')) {
      expect(radio.hasAttribute("aria-expanded")).toBe(false);
    }
    expect(byId("response-na").getAttribute("aria-controls")).toBe("response-na-conditional");
  });

  it("fills every field from the saved answer", async () => {
    setAnswers([
      answer({
        entry_id: "C2",
        response: "na",
        na_reason: "We have no volunteers",
        action_required: true,
        comment: "Checked with HR",
        lead: "Head of HR",
        due_date: "2027-03-31",
        policy_ref: "HR-12",
        review_date: "2027-06-30",
      }),
    ]);
    await render("C2");
    expect(byId("response-na").checked).toBe(true);
    expect(byId<HTMLTextAreaElement>("na-reason").value).toBe("We have no volunteers");
    expect(byId("response-na-conditional").classList.contains("nhsuk-radios__conditional--hidden")).toBe(false);
    expect(byId("action-required-yes").checked).toBe(true);
    expect(byId<HTMLTextAreaElement>("comment").value).toBe("Checked with HR");
    expect(byId("lead").value).toBe("Head of HR");
    expect([byId("due-date-day").value, byId("due-date-month").value, byId("due-date-year").value]).toEqual([
      "31",
      "3",
      "2027",
    ]);
    expect(byId("policy-ref").value).toBe("HR-12");
    expect(byId("review-date-day").value).toBe("30");
  });
});

describe("saving as you go", () => {
  it("sends only the field that changed, once typing pauses", async () => {
    await render("7");
    type("comment", "Posters");
    await pause(200);
    type("comment", "Posters in every ward");
    await pause(200);
    expect(saveAnswer).not.toHaveBeenCalled();
    await pause(300);
    expect(saveAnswer).toHaveBeenCalledTimes(1);
    expect(saveAnswer).toHaveBeenCalledWith({
      assessment_id: ASSESSMENT_ID,
      entry_id: "7",
      answer: { comment: "Posters in every ward" },
    });

    type("lead", "Head of HR");
    leaveField("lead");
    await pause(0);
    expect(sentAnswers()[1]).toEqual({ lead: "Head of HR" });
  });

  it("says when it is saving and when it saved", async () => {
    let finish: (() => void) | undefined;
    saveAnswer.mockImplementation(
      (request) =>
        new Promise<AnswerSaved>((resolve) => {
          finish = () => void saved(request).then(resolve);
        }),
    );
    await render("7");
    const status = byId("save-status");
    expect(status.getAttribute("role")).toBe("status");
    expect(status.getAttribute("aria-live")).toBe("polite");
    choose("response-yes");
    expect(status.textContent).toBe("Saving…");
    finish?.();
    await pause(0);
    expect(status.textContent).toBe("Saved at 14:02:00");
  });

  it("suggests action required from the response until the person changes it", async () => {
    await render("1");
    choose("response-partial");
    expect(byId("action-required-yes").checked).toBe(true);
    choose("response-yes");
    expect(byId("action-required-no").checked).toBe(true);
    await pause(0);
    expect(sentAnswers()).toEqual([{ response: "partial" }, { response: "yes" }]);
    expect(records.get("1")?.action_required).toBe(false);

    choose("action-required-yes");
    await pause(0);
    expect(sentAnswers()[2]).toEqual({ action_required: true });
    choose("response-no");
    choose("response-yes");
    expect(byId("action-required-yes").checked).toBe(true);
    await pause(0);
    // The person's choice goes with each new response, so the app keeps it.
    expect(sentAnswers().slice(3)).toEqual([
      { response: "no", action_required: true },
      { response: "yes", action_required: true },
    ]);
    expect(records.get("1")?.action_required).toBe(true);
  });

  it("treats a saved choice that differs from the suggestion as the person's own", async () => {
    setAnswers([answer({ entry_id: "1", response: "yes", action_required: true })]);
    await render("1");
    choose("response-no");
    choose("response-yes");
    expect(byId("action-required-yes").checked).toBe(true);
    await pause(0);
    expect(sentAnswers()).toEqual([
      { response: "no", action_required: true },
      { response: "yes", action_required: true },
    ]);
  });

  it("reveals the reason for N/A, saves N/A without one, and asks for it once the box is left empty", async () => {
    await render("5");
    const panel = byId("response-na-conditional");
    expect(panel.classList.contains("nhsuk-radios__conditional--hidden")).toBe(true);
    choose("response-na");
    expect(panel.classList.contains("nhsuk-radios__conditional--hidden")).toBe(false);
    await pause(0);
    expect(sentAnswers()).toEqual([{ response: "na" }]);
    expect(records.get("5")?.response).toBe("na");
    expect(document.getElementById("na-reason-error")).toBeNull();

    leaveField("na-reason");
    expect(byId("na-reason-error").textContent).toBe("Error: Enter why this does not apply");
    expect(summaryLinks()).toEqual([["#na-reason", "Enter why this does not apply"]]);
    expect(document.title).toMatch(/^Error: /);

    type("na-reason", "We have no volunteers");
    expect(document.getElementById("na-reason-error")).toBeNull();
    await pause();
    expect(sentAnswers()[1]).toEqual({ na_reason: "We have no volunteers" });
    expect(document.querySelector(".nhsuk-error-summary")).toBeNull();
  });

  it("saves a reason still being typed before the response moves away from N/A", async () => {
    await render("5");
    choose("response-na");
    type("na-reason", "Not our service");
    choose("response-yes");
    await pause();
    expect(sentAnswers()).toEqual([{ response: "na" }, { na_reason: "Not our service" }, { response: "yes" }]);
  });

  it("holds back a comment over the limit, says so by the field, and still saves the others", async () => {
    await render("7");
    const tooLong = "x".repeat(RULES.limits.comment + 1);
    type("comment", tooLong);
    await pause();
    const message = `The comment must be ${RULES.limits.comment.toLocaleString("en-GB")} characters or fewer`;
    expect(message).toBe("The comment must be 5,000 characters or fewer");
    expect(byId("comment-error").textContent).toBe(`Error: ${message}`);
    expect(summaryLinks()).toEqual([["#comment", message]]);
    expect(saveAnswer).not.toHaveBeenCalled();
    // Kept on this computer so nothing typed is lost.
    expect(localStorage.getItem(draftKey(ASSESSMENT_ID, "7", "comment"))).toBe(tooLong);

    type("lead", "Head of HR");
    await pause();
    expect(sentAnswers()).toEqual([{ lead: "Head of HR" }]);

    type("comment", "Posters");
    await pause();
    expect(sentAnswers()[1]).toEqual({ comment: "Posters" });
    expect(document.getElementById("comment-error")).toBeNull();
    expect(localStorage.getItem(draftKey(ASSESSMENT_ID, "7", "comment"))).toBeNull();
  });

  it("saves a date once it is whole and real, and says when it is impossible", async () => {
    await render("4");
    type("due-date-day", "31");
    type("due-date-month", "4");
    await pause();
    expect(saveAnswer).not.toHaveBeenCalled();
    type("due-date-year", "2027");
    await pause();
    expect(saveAnswer).not.toHaveBeenCalled();
    leaveField("due-date-year");
    expect(byId("due-date-error").textContent).toBe("Error: Date for completion must be a real date");
    expect(byId("due-date-day").classList.contains("nhsuk-input--error")).toBe(true);
    expect(summaryLinks()).toEqual([["#due-date-day", "Date for completion must be a real date"]]);

    type("due-date-day", "30");
    await pause();
    expect(sentAnswers()).toEqual([{ due_date: "2027-04-30" }]);
    expect(document.getElementById("due-date-error")).toBeNull();

    for (const part of ["day", "month", "year"]) {
      type(`due-date-${part}`, "");
    }
    await pause();
    expect(sentAnswers()[1]).toEqual({ due_date: "" });
  });

  it("warns, without an error, about a date for completion before the date of assessment", async () => {
    // The review warns about dates only on an answer with a response.
    setAnswers([answer({ entry_id: "4", response: "no", action_required: true, lead: "A" })]);
    await render("4");
    const warning = byId("due-date-warning");
    expect(warning.hidden).toBe(true);
    type("due-date-day", "1");
    type("due-date-month", "11");
    type("due-date-year", "2026");
    await pause();
    expect(sentAnswers()).toEqual([{ due_date: "2026-11-01" }]);
    expect(warning.hidden).toBe(false);
    // The review's own warning, as the app words it.
    expect(warning.textContent).toBe(
      "Warning: The date for completion for item 4 is before the date of assessment: check it is right",
    );
    expect(document.querySelector(".nhsuk-error-summary")).toBeNull();
  });

  it("saves a checklist entry's policy and says when its review date has passed", async () => {
    setAnswers([answer({ entry_id: "C4", response: "yes", review_date: "2026-01-31" })]);
    await render("C4");
    expect(byId("review-date-warning").hidden).toBe(false);
    expect(byId("review-date-warning").textContent).toBe(
      "Warning: The policy for checklist entry C4 was due for review on 31 January 2026: review it or record the new review date",
    );
    type("policy-ref", "EDI policy v3");
    type("review-date-day", "1");
    type("review-date-month", "2");
    type("review-date-year", "2028");
    await pause();
    expect(sentAnswers()).toEqual([{ policy_ref: "EDI policy v3" }, { review_date: "2028-02-01" }]);
    expect(byId("review-date-warning").hidden).toBe(true);
  });

  it("shows the app's refusal by the field it names, and saves the rest", async () => {
    await render("2");
    saveAnswer.mockImplementation((request) =>
      "lead" in request.answer
        ? Promise.reject({
            kind: "invalid_input",
            message: "The department lead / nominated lead must be 200 characters or fewer (it is 201)",
            field: "lead",
          })
        : saved(request),
    );
    type("comment", "In the induction pack");
    type("lead", "Someone");
    leaveField("lead");
    await pause();
    expect(byId("lead-error").textContent).toContain("must be 200 characters or fewer (it is 201)");
    expect(summaryLinks()).toEqual([
      ["#lead", "The department lead / nominated lead must be 200 characters or fewer (it is 201)"],
    ]);
    expect(records.get("2")?.comment).toBe("In the induction pack");
    expect(localStorage.getItem(draftKey(ASSESSMENT_ID, "2", "lead"))).toBe("Someone");
  });

  it("shows a refusal without a field in the summary and the status line", async () => {
    saveAnswer.mockRejectedValue({ kind: "conflict", message: "This assessment is marked complete." });
    await render("2");
    choose("response-no");
    await pause(0);
    const summary = document.querySelector(".nhsuk-error-summary");
    expect(summary?.textContent).toContain("This assessment is marked complete.");
    expect(summary?.querySelector("a")).toBeNull();
    expect(byId("save-status").textContent).toBe("Not saved: This assessment is marked complete.");
  });

  it("shows text that looks like markup exactly as typed", async () => {
    setAnswers([answer({ entry_id: "7", comment: HOSTILE, lead: HOSTILE })], {
      evidence: [evidence({ entry_id: "7", title: HOSTILE, location: HOSTILE })],
    });
    await render("7");
    expect(byId<HTMLTextAreaElement>("comment").value).toBe(HOSTILE);
    expect(byId("lead").value).toBe(HOSTILE);
    expect(byId("evidence-list").textContent).toContain(HOSTILE);
    expect(document.querySelector("img")).toBeNull();

    type("comment", `${HOSTILE} again`);
    await pause();
    expect(sentAnswers()).toEqual([{ comment: `${HOSTILE} again` }]);
    expect(document.querySelector("img")).toBeNull();
  });
});

describe("nothing typed is lost", () => {
  it("puts back a draft left from last time and saves it", async () => {
    setAnswers([answer({ entry_id: "7", comment: "Old" })]);
    localStorage.setItem(draftKey(ASSESSMENT_ID, "7", "comment"), "Typed before the window closed");
    localStorage.setItem(draftKey(ASSESSMENT_ID, "7", "due_date"), JSON.stringify({ day: "1", month: "2", year: "2027" }));
    await render("7");
    expect(byId<HTMLTextAreaElement>("comment").value).toBe("Typed before the window closed");
    expect(byId("due-date-day").value).toBe("1");
    expect(byId("draft-restored").hidden).toBe(false);
    await pause(0);
    expect(sentAnswers()).toEqual([{ comment: "Typed before the window closed" }, { due_date: "2027-02-01" }]);
    expect(localStorage.getItem(draftKey(ASSESSMENT_ID, "7", "comment"))).toBeNull();
    expect(localStorage.getItem(draftKey(ASSESSMENT_ID, "7", "due_date"))).toBeNull();
  });

  it("keeps the draft when the save fails", async () => {
    saveAnswer.mockRejectedValue({ kind: "database", message: "The database file could not be written" });
    await render("7");
    type("comment", "Important words");
    await pause();
    expect(localStorage.getItem(draftKey(ASSESSMENT_ID, "7", "comment"))).toBe("Important words");
    expect(byId("save-status").textContent).toBe("Not saved: The database file could not be written");
  });

  it("saves what is typed when the window is hidden", async () => {
    await render("7");
    type("comment", "Half a thought");
    window.dispatchEvent(new Event("pagehide"));
    await pause(0);
    expect(sentAnswers()).toEqual([{ comment: "Half a thought" }]);
  });

  it("Continue waits for the saves, then goes to the next entry in reading order", async () => {
    let finish: (() => void) | undefined;
    saveAnswer.mockImplementation(
      (request) =>
        new Promise<AnswerSaved>((resolve) => {
          finish = () => void saved(request).then(resolve);
        }),
    );
    await render("3g");
    type("comment", "Contacts list is out of date");
    const next = byId<HTMLAnchorElement>("next-step");
    expect(next.textContent).toBe("Continue");
    next.click();
    await pause(0);
    expect(sentAnswers()).toEqual([{ comment: "Contacts list is out of date" }]);
    expect(navigate).not.toHaveBeenCalled();
    finish?.();
    await pause(0);
    expect(navigate).toHaveBeenCalledWith(`#/assessments/${ASSESSMENT_ID}/entries/4`);
  });

  it("passes over an item answered through its sub-points, both ways", async () => {
    await render("2");
    byId("next-step").click();
    await pause(0);
    expect(navigate).toHaveBeenLastCalledWith(`#/assessments/${ASSESSMENT_ID}/entries/3a`);
    await render("3a");
    expect(byId("previous-step").getAttribute("href")).toBe(`#/assessments/${ASSESSMENT_ID}/entries/2`);
    await render("3");
    expect(byId("next-step").getAttribute("href")).toBe(`#/assessments/${ASSESSMENT_ID}/entries/3a`);
    await render("1");
    expect(document.getElementById("previous-step")).toBeNull();
    expect(byId("back-link").getAttribute("href")).toBe(`#/assessments/${ASSESSMENT_ID}`);
  });

  it("goes back to the previous entry, to the overview, and to the review after the last entry", async () => {
    await render("4");
    expect(byId<HTMLAnchorElement>("previous-step").getAttribute("href")).toBe(
      `#/assessments/${ASSESSMENT_ID}/entries/3g`,
    );
    byId("previous-step").click();
    await pause(0);
    expect(navigate).toHaveBeenLastCalledWith(`#/assessments/${ASSESSMENT_ID}/entries/3g`);
    byId("back-to-overview").click();
    await pause(0);
    expect(navigate).toHaveBeenLastCalledWith(`#/assessments/${ASSESSMENT_ID}`);

    await render("C21");
    byId("next-step").click();
    await pause(0);
    expect(navigate).toHaveBeenLastCalledWith(`#/assessments/${ASSESSMENT_ID}/review`);
  });

  it("stays on the page while something typed is held back by an error", async () => {
    await render("7");
    type("comment", "x".repeat(RULES.limits.comment + 1));
    byId("next-step").click();
    await pause(0);
    expect(navigate).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(document.querySelector(".nhsuk-error-summary"));
  });

  it("lands on the field named in the route when the app shows the page", async () => {
    vi.useRealTimers();
    vi.mocked(api.appInfo).mockResolvedValue(appInfo());
    setAnswers([answer({ entry_id: "C1", response: "na" })]);
    window.history.replaceState(null, "", `#/assessments/${ASSESSMENT_ID}/entries/C1/na_reason`);
    const root = document.createElement("div");
    document.body.replaceChildren(root);
    const app = await startApp(root);
    try {
      await vi.waitFor(() => expect(document.activeElement?.id).toBe("na-reason"));
      expect(byId("na-reason").hasAttribute("tabindex")).toBe(false);
    } finally {
      app.stop();
      window.history.replaceState(null, "", "#");
    }
  });

  it("focuses the field named in the route", async () => {
    await render("7", "lead");
    await pause(100);
    expect(document.activeElement).toBe(byId("lead"));
  });
});

describe("an item answered through its sub-points", () => {
  it("shows how its response is worked out, links to each point, and has no fields", async () => {
    await render("3");
    expect(document.getElementById("response-yes")).toBeNull();
    expect(document.getElementById("comment")).toBeNull();
    expect(document.getElementById("evidence-list")).toBeNull();
    expect(byId("derived-response").textContent).toBe("Response: Not worked out yet: answer all 7 points below");
    expect(byId("derivation-rule").textContent).toBe(toolkitWords().derivation_rule);
    const link = byId<HTMLAnchorElement>("sub-point-link-3a");
    expect(link.getAttribute("href")).toBe(`#/assessments/${ASSESSMENT_ID}/entries/3a`);
    expect(link.textContent).toBe("Item 3a: obtaining advice");
    expect(byId("sub-point-response-3a").textContent).toBe("Not answered");
  });

  it("shows the derived response once every point is answered", async () => {
    const ids = ["3a", "3b", "3c", "3d", "3e", "3f", "3g"];
    setAnswers(ids.map((id) => answer({ entry_id: id, response: id === "3c" ? "na" : "yes", na_reason: "n/a" })));
    await render("3");
    const labels = toolkitWords().item_responses;
    expect(byId("derived-response").textContent).toBe(`Response: ${labels.yes}`);
    expect(byId("sub-point-response-3c").textContent).toBe(labels.na);
  });
});

describe("evidence", () => {
  it("lists this entry's evidence with its file, size and the start of its SHA-256", async () => {
    const sha = "a".repeat(12) + "b".repeat(52);
    setAnswers([], {
      evidence: [
        evidence({ id: "ev1", entry_id: "7", title: "Prevent policy", file: { name: "policy.pdf", size: 16252928, size_text: "15.5 MB", sha256: sha } }),
        evidence({ id: "ev2", entry_id: "8", title: "Not this one" }),
      ],
    });
    saveEvidenceFile.mockResolvedValueOnce("/home/sam/policy.pdf").mockResolvedValueOnce(null);
    await render("7");
    const list = byId("evidence-list");
    expect(list.querySelectorAll("li")).toHaveLength(1);
    // The size in Rust's words, as the CLI and the report say it.
    expect(list.textContent).toContain("policy.pdf (15.5 MB)");
    const hash = byId("evidence-hash-ev1");
    expect(hash.textContent).toBe(`${"a".repeat(12)}…`);
    expect(hash.getAttribute("title")).toBe(sha);

    byId("evidence-save-ev1").click();
    await pause(0);
    expect(saveEvidenceFile).toHaveBeenCalledWith("ev1");
    expect(byId("evidence-message-ev1").textContent).toBe("Saved to /home/sam/policy.pdf");
    byId("evidence-save-ev1").click();
    await pause(0);
    expect(byId("evidence-message-ev1").textContent).toBe("");
  });

  it("removes evidence", async () => {
    setAnswers([], { evidence: [evidence({ id: "ev1", entry_id: "7", title: "Old poster" })] });
    removeEvidence.mockImplementation((id) =>
      Promise.resolve(evidence({ id, entry_id: "7", title: "Old poster" })),
    );
    await render("7");
    byId("evidence-remove-ev1").click();
    await pause(0);
    expect(removeEvidence).toHaveBeenCalledWith("ev1");
    expect(document.getElementById("evidence-item-ev1")).toBeNull();
    expect(byId("evidence-status").textContent).toBe("Removed “Old poster”.");
  });

  it("adds evidence with its file sent as base64", async () => {
    vi.useRealTimers();
    addEvidence.mockImplementation((request) =>
      Promise.resolve<Evidence>(
        evidence({
          id: "new",
          entry_id: request.entry_id,
          title: request.title,
          location: request.location,
          file: request.file === null ? null : { name: request.file.name, size: 5, size_text: "5 bytes", sha256: "c".repeat(64) },
        }),
      ),
    );
    await render("7");
    expect(byId("evidence-file").getAttribute("type")).toBe("file");
    expect(byId("evidence-file-hint").textContent).toContain(RULES.max_file_size);
    type("evidence-title", "Training record");
    type("evidence-location", "S:\\Safeguarding\\Prevent");
    chooseFile(new File(["hello"], "record.txt", { type: "text/plain" }));
    byId<HTMLButtonElement>("add-evidence").click();
    await vi.waitFor(() => expect(addEvidence).toHaveBeenCalled());
    expect(addEvidence).toHaveBeenCalledWith({
      assessment_id: ASSESSMENT_ID,
      entry_id: "7",
      title: "Training record",
      location: "S:\\Safeguarding\\Prevent",
      file: { name: "record.txt", base64: btoa("hello") },
    });
    await vi.waitFor(() => expect(document.getElementById("evidence-item-new")).not.toBeNull());
    expect(byId("evidence-title").value).toBe("");
    expect(saveAnswer).not.toHaveBeenCalled();
  });

  it("refuses a file over the limit before anything is sent", async () => {
    await render("7");
    type("evidence-title", "Scan");
    const big = new File(["x"], "scan.pdf");
    Object.defineProperty(big, "size", { value: RULES.max_file_bytes + 1 });
    chooseFile(big);
    const message = `The selected file must be ${RULES.max_file_size} or smaller`;
    expect(byId("evidence-file-error").textContent).toBe(`Error: ${message}`);
    byId<HTMLButtonElement>("add-evidence").click();
    await pause(0);
    expect(addEvidence).not.toHaveBeenCalled();
    expect(summaryLinks()).toContainEqual(["#evidence-file", message]);
  });

  it("asks for a title", async () => {
    await render("7");
    byId<HTMLButtonElement>("add-evidence").click();
    await pause(0);
    expect(addEvidence).not.toHaveBeenCalled();
    expect(summaryLinks()).toEqual([["#evidence-title", "Enter the title of the evidence"]]);
  });
});

describe("a complete assessment", () => {
  it("is shown read-only with a way to the check your answers page", async () => {
    setAnswers([answer({ entry_id: "7", comment: "Done" })], {
      assessment: { status: "complete" },
      evidence: [evidence({ id: "ev1", entry_id: "7", file: { name: "a.pdf", size: 1, size_text: "1 byte", sha256: "d".repeat(64) } })],
    });
    await render("7");
    expect(byId("assessment-complete-notice").textContent).toContain(COMPLETE_NOTICE);
    expect(byId<HTMLAnchorElement>("review-link").getAttribute("href")).toBe(`#/assessments/${ASSESSMENT_ID}/review`);
    for (const control of document.querySelectorAll<HTMLInputElement>("#answer-form input, #answer-form textarea")) {
      expect(control.disabled).toBe(true);
    }
    expect(document.getElementById("add-evidence")).toBeNull();
    expect(document.getElementById("evidence-remove-ev1")).toBeNull();
    expect(document.getElementById("evidence-save-ev1")).not.toBeNull();
    expect(byId<HTMLTextAreaElement>("comment").value).toBe("Done");
  });
});

describe("accessibility", () => {
  async function violations(): Promise<string[]> {
    document.documentElement.lang = "en-GB";
    const results = await axe.run(document, {
      rules: { "color-contrast": { enabled: false } },
      resultTypes: ["violations"],
    });
    return results.violations.map(
      (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
  }

  async function renderInMain(entryId: string): Promise<void> {
    const view = await questionPage(ctx, ASSESSMENT_ID, entryId);
    const main = document.createElement("main");
    main.append(...(view.backLink ? [view.backLink] : []), view.content);
    document.body.replaceChildren(main);
  }

  it("has no axe violations on an item with N/A chosen, errors, warnings and evidence", async () => {
    vi.useRealTimers();
    setAnswers([answer({ entry_id: "4", response: "no", action_required: true, due_date: "2026-01-01" })], {
      evidence: [evidence({ id: "ev1", entry_id: "4", file: { name: "a.pdf", size: 10, size_text: "10 bytes", sha256: "e".repeat(64) } })],
    });
    await renderInMain("4");
    choose("response-na");
    leaveField("na-reason");
    type("comment", "x".repeat(RULES.limits.comment + 1));
    leaveField("comment");
    byId<HTMLButtonElement>("add-evidence").click();
    await vi.waitFor(() => expect(document.querySelectorAll(".nhsuk-error-summary")).toHaveLength(2));
    expect(await violations()).toEqual([]);
  }, 20000);

  it("has no axe violations on a checklist entry, item 3 and a complete assessment", async () => {
    vi.useRealTimers();
    setAnswers([answer({ entry_id: "C2", response: "yes", review_date: "2020-01-01" })]);
    await renderInMain("C2");
    expect(await violations()).toEqual([]);
    await renderInMain("3");
    expect(await violations()).toEqual([]);
    setAnswers([answer({ entry_id: "7" })], { assessment: { status: "complete" } });
    await renderInMain("7");
    expect(await violations()).toEqual([]);
  }, 20000);
});
