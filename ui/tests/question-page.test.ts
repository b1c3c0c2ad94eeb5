import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../src/ipc/api", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../src/ipc/api")>();
  return {
    ...actual,
    getAssessment: vi.fn(),
    getCatalogue: vi.fn(),
    saveAnswer: vi.fn(),
  };
});

import * as api from "../src/ipc/api";
import { ACTOR_STORAGE_KEY, SOURCE_WORDING_NOTE, questionPage } from "../src/pages/question";
import { clearCatalogueCache, type PageContext } from "../src/state";
import { ASSESSMENT_ID, answer, appInfo, assessmentDetail, catalogueView, settle } from "./fixtures";

const getAssessment = vi.mocked(api.getAssessment);
const getCatalogue = vi.mocked(api.getCatalogue);
const saveAnswer = vi.mocked(api.saveAnswer);

let navigate: ReturnType<typeof vi.fn<(path: string) => void>>;
let ctx: PageContext;

async function render(entryId: string): Promise<HTMLElement> {
  const view = await questionPage(ctx, ASSESSMENT_ID, entryId);
  const main = document.createElement("main");
  main.append(view.content);
  document.body.replaceChildren(main);
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
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

beforeEach(() => {
  clearCatalogueCache();
  localStorage.clear();
  navigate = vi.fn<(path: string) => void>();
  ctx = { info: appInfo(), navigate };
  getCatalogue.mockResolvedValue(catalogueView());
  getAssessment.mockResolvedValue(assessmentDetail());
  saveAnswer.mockImplementation((request) =>
    Promise.resolve(answer({ entry_id: request.entry_id, response: request.answer.response ?? "yes" })),
  );
});

afterEach(() => {
  document.body.replaceChildren();
});

describe("the question page", () => {
  it("shows an item's source wording, regulations and source note", async () => {
    await render("7");
    expect(byId("entry-caption").textContent).toBe("Section 1: Organisational – Item 7");
    expect(document.querySelector("h1")?.textContent).toBe(
      "All staff and volunteers are aware where they can obtain information about Prevent and how and where they can raise any concerns",
    );
    expect(byId("entry-source-wording").textContent).toContain(SOURCE_WORDING_NOTE);
    expect(byId("entry-regulations").textContent).toBe(
      "CQC registration regulations (amended 2010): regulations 21, 22, 23, 24",
    );
    expect(byId("entry-source-note").textContent).toContain("scrambled in the source");
  });

  it("shows the parent item's stem for a sub-point and the question for a checklist entry", async () => {
    await render("3a");
    expect(byId("entry-caption").textContent).toBe("Section 1: Organisational – Item 3a");
    expect(byId("entry-stem").textContent).toBe(
      "There are organisational and joint agency agreed protocols and procedures for:",
    );
    expect(document.querySelector("h1")?.textContent).toBe("obtaining advice");

    await render("C4");
    expect(byId("entry-caption").textContent).toBe("Policies and procedures checklist – Checklist entry C4");
    expect(byId("entry-stem").textContent).toBe(catalogueView().checklist_question);
    expect(document.querySelector("h1")?.textContent).toBe("Equality and diversity");
    expect(document.getElementById("entry-regulations")).toBeNull();
  });

  it("fills every field from the saved answer", async () => {
    localStorage.setItem(ACTOR_STORAGE_KEY, "Sam Patel");
    getAssessment.mockResolvedValue(
      assessmentDetail([
        answer({
          entry_id: "7",
          response: "na",
          na_reason: "We have no volunteers",
          action_required: true,
          comment: "Checked with HR",
          lead: "Head of HR",
          due_date: "2027-03-31",
        }),
      ]),
    );
    await render("7");
    expect(byId("response-na").checked).toBe(true);
    expect(byId("response-yes").checked).toBe(false);
    expect(byId<HTMLTextAreaElement>("na-reason").value).toBe("We have no volunteers");
    expect(byId("response-na-conditional").classList.contains("nhsuk-radios__conditional--hidden")).toBe(false);
    expect(byId("action-required-yes").checked).toBe(true);
    expect(byId<HTMLTextAreaElement>("comment").value).toBe("Checked with HR");
    expect(byId("lead").value).toBe("Head of HR");
    expect(byId("due-date-day").value).toBe("31");
    expect(byId("due-date-month").value).toBe("3");
    expect(byId("due-date-year").value).toBe("2027");
    expect(byId("actor").value).toBe("Sam Patel");
  });

  it("starts empty for an entry not yet answered, with the N/A reason hidden", async () => {
    await render("1");
    for (const id of ["response-yes", "response-partial", "response-no", "response-na", "action-required-yes", "action-required-no"]) {
      expect(byId(id).checked).toBe(false);
    }
    expect(byId("response-na-conditional").classList.contains("nhsuk-radios__conditional--hidden")).toBe(true);
    expect(byId("comment-status").textContent).toBe("You have 5,000 characters remaining");
  });

  it("preselects action required from the response until the person changes it", async () => {
    await render("1");
    choose("response-partial");
    expect(byId("action-required-yes").checked).toBe(true);
    choose("response-yes");
    expect(byId("action-required-no").checked).toBe(true);
    choose("response-na");
    expect(byId("action-required-no").checked).toBe(true);
    expect(byId("response-na-conditional").classList.contains("nhsuk-radios__conditional--hidden")).toBe(false);

    choose("action-required-yes");
    choose("response-no");
    choose("response-yes");
    expect(byId("action-required-yes").checked).toBe(true);
  });

  it("saves every field explicitly, remembers the name and goes to the next entry", async () => {
    await render("3g");
    choose("response-partial");
    type("comment", "Contacts list is out of date");
    type("lead", "Prevent lead");
    type("due-date-day", "1");
    type("due-date-month", "2");
    type("due-date-year", "2027");
    type("actor", "  Alex Morgan ");
    byId<HTMLButtonElement>("save-answer").click();
    await settle();

    expect(saveAnswer).toHaveBeenCalledWith({
      assessment_id: ASSESSMENT_ID,
      entry_id: "3g",
      actor: "Alex Morgan",
      answer: {
        response: "partial",
        action_required: true,
        comment: "Contacts list is out of date",
        lead: "Prevent lead",
        due_date: "2027-02-01",
      },
    });
    expect(localStorage.getItem(ACTOR_STORAGE_KEY)).toBe("Alex Morgan");
    expect(navigate).toHaveBeenCalledWith(`#/assessments/${ASSESSMENT_ID}/entries/4`);
  });

  it("sends the N/A reason, clears the date, and can return to the assessment", async () => {
    getAssessment.mockResolvedValue(
      assessmentDetail([answer({ entry_id: "C21", response: "no", due_date: "2027-01-01", action_required: true })]),
    );
    localStorage.setItem(ACTOR_STORAGE_KEY, "Sam");
    await render("C21");
    choose("response-na");
    type("na-reason", "Not our service");
    type("due-date-day", "");
    type("due-date-month", "");
    type("due-date-year", "");
    byId<HTMLButtonElement>("save-and-return").click();
    await settle();
    expect(saveAnswer).toHaveBeenCalledWith(
      expect.objectContaining({
        answer: {
          response: "na",
          na_reason: "Not our service",
          action_required: false,
          comment: "",
          lead: "",
          due_date: "",
        },
      }),
    );
    expect(navigate).toHaveBeenCalledWith(`#/assessments/${ASSESSMENT_ID}`);
  });

  it("goes back to the overview after the last entry", async () => {
    localStorage.setItem(ACTOR_STORAGE_KEY, "Sam");
    await render("C21");
    choose("response-yes");
    byId<HTMLButtonElement>("save-answer").click();
    await settle();
    expect(navigate).toHaveBeenCalledWith(`#/assessments/${ASSESSMENT_ID}`);
  });

  it("checks the form before saving and links each error to its field", async () => {
    await render("5");
    choose("response-na");
    type("due-date-day", "31");
    type("due-date-month", "4");
    type("due-date-year", "2027");
    byId<HTMLButtonElement>("save-answer").click();
    await settle();

    expect(saveAnswer).not.toHaveBeenCalled();
    const summary = document.querySelector<HTMLElement>(".nhsuk-error-summary");
    expect(summary).not.toBeNull();
    expect(document.activeElement).toBe(summary);
    const links = Array.from(summary!.querySelectorAll("a")).map((a) => [a.getAttribute("href"), a.textContent]);
    expect(links).toEqual([
      ["#na-reason", "Enter why this does not apply"],
      ["#due-date-day", "Date for completion must be a real date"],
      ["#actor", "Enter your name"],
    ]);
    expect(byId("actor-error").textContent).toBe("Error: Enter your name");
    expect(byId("actor").getAttribute("aria-describedby")).toContain("actor-error");
    expect(byId("due-date-day").classList.contains("nhsuk-input--error")).toBe(true);
    expect(byId("due-date-month").classList.contains("nhsuk-input--error")).toBe(false);
    expect(document.title).toMatch(/^Error: Item 5: /);
  });

  it("asks for a response when none is chosen", async () => {
    localStorage.setItem(ACTOR_STORAGE_KEY, "Sam");
    await render("2");
    byId<HTMLButtonElement>("save-answer").click();
    await settle();
    const link = document.querySelector(".nhsuk-error-summary a");
    expect(link?.getAttribute("href")).toBe("#response-yes");
    expect(link?.textContent).toBe("Select how far this is in place");
  });

  it("shows the app's error by the field it names", async () => {
    localStorage.setItem(ACTOR_STORAGE_KEY, "Sam");
    saveAnswer.mockRejectedValue({
      kind: "invalid_input",
      message: "The department lead / nominated lead must be 200 characters or fewer (it is 201)",
      field: "lead",
    });
    await render("2");
    choose("response-yes");
    byId<HTMLButtonElement>("save-answer").click();
    await settle();
    const link = document.querySelector(".nhsuk-error-summary a");
    expect(link?.getAttribute("href")).toBe("#lead");
    expect(byId("lead-error").textContent).toContain("must be 200 characters or fewer (it is 201)");
    expect(navigate).not.toHaveBeenCalled();
  });

  it("shows an error without a field in the summary as text", async () => {
    localStorage.setItem(ACTOR_STORAGE_KEY, "Sam");
    saveAnswer.mockRejectedValue({ kind: "database", message: "The database file could not be written" });
    await render("2");
    choose("response-no");
    byId<HTMLButtonElement>("save-answer").click();
    await settle();
    const summary = document.querySelector(".nhsuk-error-summary");
    expect(summary?.textContent).toContain("The database file could not be written");
    expect(summary?.querySelector("a")).toBeNull();
  });

  it("reports an unknown entry as not found", async () => {
    await expect(questionPage(ctx, ASSESSMENT_ID, "99")).rejects.toMatchObject({ kind: "not_found" });
  });
});
