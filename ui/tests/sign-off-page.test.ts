// Sign off and download the report: driven through the real IPC layer with
// Tauri's `invoke` replaced, so the commands it calls are checked by name and
// argument. Covers each state (not complete, complete, sealed), the form's
// errors, the download's progress and the start of a new version.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { signOffPage, SIGN_OFF_HEADING } = await import("../src/pages/sign-off");
const { showPage } = await import("../src/app");
const { buildShell } = await import("../src/components/layout");
import type { SignOffState } from "../src/ipc/api";
import type { PageContext } from "../src/state";
import {
  ASSESSMENT_ID,
  FINGERPRINT,
  RECORD_SHA256,
  SEALED_AT,
  USER,
  appInfo,
  assessment,
  certificate,
  settle,
  signOffState,
  signatory,
} from "./fixtures";

const HOSTILE = "<img src=x onerror=alert(1)>";

let state: SignOffState;
let handlers: Record<string, (args: unknown) => unknown>;
let navigate: ReturnType<typeof vi.fn<(path: string) => void>>;
let ctx: PageContext;

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) {
    throw new Error(`no #${id}`);
  }
  return el as T;
}

function input(id: string): HTMLInputElement {
  return byId<HTMLInputElement>(id);
}

async function open(): Promise<void> {
  const shell = buildShell();
  document.body.append(shell.root);
  showPage(shell, await signOffPage(ctx, ASSESSMENT_ID));
}

function tableRows(id: string): string[][] {
  return Array.from(byId(id).querySelectorAll("tbody tr")).map((tr) =>
    Array.from(tr.querySelectorAll("td, th")).map((cell) => cell.textContent ?? ""),
  );
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(reason: unknown): void } {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

beforeEach(() => {
  invoke.mockReset();
  state = signOffState();
  navigate = vi.fn<(path: string) => void>();
  ctx = { info: appInfo(), navigate };
  handlers = { get_sign_off: () => state };
  invoke.mockImplementation((command: string, args: unknown) => {
    const handler = handlers[command];
    return handler === undefined
      ? Promise.reject(new Error(`unexpected command ${command}`))
      : Promise.resolve().then(() => handler(args));
  });
});

afterEach(() => {
  document.body.replaceChildren();
});

describe("sign off and download the report", () => {
  it("before the assessment is complete, says so, links to check your answers and offers a draft", async () => {
    state = { ...signOffState(), assessment: assessment() };
    await open();
    expect(invoke).toHaveBeenCalledWith("get_sign_off", { id: ASSESSMENT_ID });
    expect(document.querySelector("h1")?.textContent).toBe(SIGN_OFF_HEADING);
    expect(document.activeElement).toBe(document.querySelector("h1"));
    expect(byId("sign-off-not-ready").textContent).toContain(
      "This assessment must be marked complete before it can be signed off.",
    );
    expect(byId<HTMLAnchorElement>("review-link").getAttribute("href")).toBe(`#/assessments/${ASSESSMENT_ID}/review`);
    expect(document.getElementById("sign-off-form")).toBeNull();
    expect(document.getElementById("sign-off-statement")).toBeNull();
    expect(byId("download-report").textContent).toBe("Download a draft report (PDF)");
    expect(document.getElementById("seal-details")).toBeNull();
    expect(document.getElementById("start-new-version")).toBeNull();
    expect(byId("assessment-status-tag").textContent).toBe("In progress");
  });

  it("once complete, explains what signing means and offers the form, never filled in with who is using the app", async () => {
    await open();
    const statement = byId("sign-off-statement").textContent ?? "";
    expect(statement).toContain(
      "By signing off, you confirm that this self-assessment, its answers, evidence and action plan are, to the " +
        "best of your knowledge, an accurate account of Northshire Community Health NHS Trust's arrangements for " +
        "the Prevent duty on 20 November 2026.",
    );
    expect(statement).toContain("The first sign-off seals it: it can no longer be changed");
    expect(input("sign-off-name").value).toBe("");
    expect(input("sign-off-role").value).toBe("");
    expect(input("sign-off-name").getAttribute("autocomplete")).toBe("off");
    expect(document.querySelector("label[for='sign-off-name']")?.textContent).toBe(
      "Full name of the person signing off",
    );
    expect(document.querySelector("label[for='sign-off-role']")?.textContent).toBe("Their role");
    // Recording someone else's sign-off is said in so many words.
    expect(input("sign-off-on-behalf").type).toBe("checkbox");
    expect(input("sign-off-on-behalf").checked).toBe(false);
    expect(document.querySelector("label[for='sign-off-on-behalf']")?.textContent).toBe(
      "I am recording this sign-off on behalf of the person named above",
    );
    expect(byId("sign-off-on-behalf-hint").textContent).toContain(`You are using the app as ${USER.name}.`);
    expect(byId("sign-off").textContent).toBe("Sign off");
    expect(byId("sign-off-form-heading").textContent).toBe("Sign off");
    expect(document.getElementById("signatories")).toBeNull();
    expect(byId("download-report").textContent).toBe("Download a draft report (PDF)");
    expect(document.getElementById("sealed-notice")).toBeNull();
    expect(document.getElementById("start-new-version")).toBeNull();
    expect(byId("assessment-status-tag").textContent).toBe("Complete");
  });

  it("shows a blank name in the error summary, linked to the field, without calling the app", async () => {
    await open();
    input("sign-off-name").value = "  ";
    input("sign-off-role").value = "Assessor";
    byId("sign-off").click();
    await settle();
    expect(invoke.mock.calls.map((call) => call[0])).not.toContain("sign_off");
    const summary = document.querySelector<HTMLElement>(".nhsuk-error-summary");
    expect(document.activeElement).toBe(summary);
    const links = Array.from(summary?.querySelectorAll("a") ?? []).map((a) => [a.getAttribute("href"), a.textContent]);
    expect(links).toEqual([["#sign-off-name", "Enter the full name of the person signing off"]]);
    expect(byId("sign-off-name-error").textContent).toBe("Error: Enter the full name of the person signing off");
    expect(input("sign-off-name").getAttribute("aria-describedby")).toContain("sign-off-name-error");
    expect(document.title).toBe(`Error: ${SIGN_OFF_HEADING} – Prevent Self-Assessment`);
    summary?.querySelector("a")?.click();
    expect(document.activeElement).toBe(input("sign-off-name"));
  });

  it("shows the app's own refusals by the field it names", async () => {
    handlers["sign_off"] = () => {
      throw { kind: "invalid_input", message: "Enter their role", field: "role" };
    };
    await open();
    input("sign-off-name").value = "Dr Priya Shah";
    input("sign-off-role").value = "Lead";
    byId("sign-off").click();
    await settle();
    expect(byId("sign-off-role-error").textContent).toBe("Error: Enter their role");
    expect(document.querySelector(".nhsuk-error-summary a")?.getAttribute("href")).toBe("#sign-off-role");

    handlers["sign_off"] = () => {
      throw {
        kind: "invalid_input",
        message:
          "You are recorded as using the app as Sam Lee, not Dr Priya Shah. To record Dr Priya Shah's sign-off, confirm that you are recording it on their behalf.",
        field: "on_behalf",
      };
    };
    byId("sign-off").click();
    await settle();
    expect(byId("sign-off-on-behalf-error").textContent).toContain("confirm that you are recording it on their behalf");
    expect(document.querySelector(".nhsuk-error-summary a")?.getAttribute("href")).toBe("#sign-off-on-behalf");
    expect(byId("sign-off-on-behalf").closest("fieldset")?.getAttribute("aria-describedby")).toContain(
      "sign-off-on-behalf-error",
    );

    handlers["sign_off"] = () => {
      throw { kind: "conflict", message: "Only a complete assessment can be signed off. Mark it complete first." };
    };
    byId("sign-off").click();
    await settle();
    const summary = document.querySelector(".nhsuk-error-summary");
    expect(summary?.textContent).toContain("Only a complete assessment can be signed off. Mark it complete first.");
    expect(summary?.querySelector("a")).toBeNull();
  });

  it("signs off, says who signed and refreshes the list; a second person can then sign", async () => {
    handlers["sign_off"] = (args) => {
      const { input: signer } = args as { id: string; input: { name: string; role: string } };
      state = signOffState([...state.signatories, signatory({ name: signer.name, role: signer.role })]);
      return state;
    };
    await open();
    input("sign-off-name").value = "  Sam Lee ";
    input("sign-off-role").value = "Safeguarding lead";
    byId("sign-off").click();
    await settle();
    expect(invoke).toHaveBeenCalledWith("sign_off", {
      id: ASSESSMENT_ID,
      input: { name: "Sam Lee", role: "Safeguarding lead", on_behalf: false, signed_at: null },
    });
    const banner = byId("sign-off-status");
    expect(banner.classList.contains("nhsuk-notification-banner--success")).toBe(true);
    expect(banner.getAttribute("role")).toBe("alert");
    expect(banner.textContent).toContain("Signed off by Sam Lee");
    expect(document.activeElement).toBe(banner);
    expect(tableRows("signatories")).toEqual([
      ["Sam LeeSafeguarding lead", "22 November 2026 at 2:05pm UTC", "22 November 2026 at 2:05pm UTC"],
    ]);
    expect(byId("sealed-notice").textContent).toContain(
      "Signed off and sealed on 22 November 2026. It can no longer be changed.",
    );
    expect(byId("download-report").textContent).toBe("Download the report (PDF)");
    // Sam has signed: the form is left empty for the next person.
    expect(byId("sign-off-form-heading").textContent).toBe("Add another sign-off");
    expect(input("sign-off-name").value).toBe("");

    input("sign-off-name").value = "Alex Morgan";
    input("sign-off-role").value = "Assessor";
    input("sign-off-on-behalf").checked = true;
    byId("sign-off").click();
    await settle();
    expect(invoke).toHaveBeenLastCalledWith("sign_off", {
      id: ASSESSMENT_ID,
      input: { name: "Alex Morgan", role: "Assessor", on_behalf: true, signed_at: null },
    });
    expect(byId("sign-off-status").textContent).toContain("Signed off by Alex Morgan");
    expect(tableRows("signatories")).toHaveLength(2);
  });

  it("when sealed, lists every signatory in UTC, shows the seal's details and offers a new version", async () => {
    state = signOffState([
      signatory(),
      // Signed on paper two days before Sam recorded it on Alex's behalf.
      signatory({
        name: "Alex Morgan",
        role: "Assessor",
        signed_at: "2026-11-21T16:00:00Z",
        recorded: { at: "2026-11-23T09:30:00Z", by: "Sam Lee", by_role: "Safeguarding lead", on_behalf: true },
      }),
    ]);
    await open();
    expect(byId("signatories-heading").textContent).toBe("Signed off by");
    expect(byId("signatories").closest("section")?.getAttribute("aria-labelledby")).toBe("signatories-heading");
    expect(tableRows("signatories")).toEqual([
      ["Priya ShahAccountable Prevent lead", "22 November 2026 at 2:05pm UTC", "22 November 2026 at 2:05pm UTC"],
      [
        "Alex MorganAssessor",
        "21 November 2026 at 4:00pm UTC",
        "23 November 2026 at 9:30am UTC by Sam Lee (Safeguarding lead) on behalf of Alex Morgan",
      ],
    ]);
    expect(byId("sealed-notice").textContent).toContain(
      "Signed off and sealed on 22 November 2026. It can no longer be changed.",
    );
    expect(byId("assessment-status-tag").textContent).toBe("Signed off");
    // Hashes are shown whole (breaks are <wbr>, which copy as nothing).
    expect(byId("record-sha256").textContent).toBe(RECORD_SHA256);
    expect(byId("record-sha256").tagName).toBe("CODE");
    expect(byId("record-sha256").querySelectorAll("wbr").length).toBeGreaterThan(0);
    expect(byId("signing-certificate-subject").textContent).toBe(certificate().subject);
    expect(byId("signing-certificate-fingerprint").textContent).toBe(FINGERPRINT);
    const checking = byId("checking-heading").closest("section")?.textContent ?? "";
    expect(checking).toContain("prevent-sa verify");
    expect(checking).toContain("pdfsig");
    expect(checking).toContain("Adobe Acrobat Reader");
    expect(byId<HTMLAnchorElement>("check-pdf-link").getAttribute("href")).toBe("#/check");
    // Several people sign: the form is still there.
    expect(byId("sign-off-form-heading").textContent).toBe("Add another sign-off");
    expect(input("sign-off-name").value).toBe("");
    const start = byId("start-new-version");
    expect(start.textContent).toBe("Start a new version");
    expect(start.classList.contains("nhsuk-button--secondary")).toBe(true);
    expect(byId("new-version-heading").closest("section")?.textContent).toContain(
      "copies this assessment into a new version you can change",
    );
    expect(byId("download-report").textContent).toBe("Download the report (PDF)");
  });

  it("does not prefill someone who has already signed", async () => {
    state = signOffState([signatory({ name: "sam lee", role: "Safeguarding lead" })]);
    await open();
    expect(input("sign-off-name").value).toBe("");
    expect(input("sign-off-role").value).toBe("");
  });

  it("starts a new version and opens it", async () => {
    state = signOffState([signatory()]);
    handlers["new_version"] = () =>
      assessment({ id: "v2", version: 2, previous_version: ASSESSMENT_ID, status: "in_progress" });
    await open();
    byId("start-new-version").click();
    await settle();
    expect(invoke).toHaveBeenCalledWith("new_version", { id: ASSESSMENT_ID });
    expect(navigate).toHaveBeenCalledWith("#/assessments/v2");
  });

  it("shows a refused new version in the error summary", async () => {
    state = signOffState([signatory()]);
    handlers["new_version"] = () => {
      throw { kind: "conflict", message: "This assessment already has a newer version (v2). Change that one instead." };
    };
    await open();
    byId("start-new-version").click();
    await settle();
    expect(navigate).not.toHaveBeenCalled();
    const summary = document.querySelector(".nhsuk-error-summary");
    expect(summary?.textContent).toContain("already has a newer version");
    expect(document.activeElement).toBe(summary);
  });

  it("links to a newer version instead of offering another, and takes no more sign-offs", async () => {
    state = signOffState([signatory()], { next_version: "v2" });
    await open();
    expect(document.getElementById("start-new-version")).toBeNull();
    const link = byId<HTMLAnchorElement>("newer-version-link");
    expect(link.textContent).toBe("A newer version exists: version 2");
    expect(link.getAttribute("href")).toBe("#/assessments/v2");
    expect(document.getElementById("sign-off-form")).toBeNull();
  });

  it("shows a version after the first, with a link to the one before", async () => {
    state = signOffState([], { version: 3, previous_version: "v2" });
    await open();
    expect(byId("sign-off-version").textContent).toBe("Version 3 (view version 2)");
    expect(byId<HTMLAnchorElement>("previous-version-link").getAttribute("href")).toBe("#/assessments/v2");
  });

  it("says it is preparing the report when it takes a while, then where it was saved", async () => {
    const exported = deferred<string | null>();
    handlers["export_pdf"] = () => exported.promise;
    await open();
    const button = byId("download-report");
    const status = byId("report-status");
    expect(status.getAttribute("aria-live")).toBe("polite");
    button.click();
    await settle();
    expect(invoke).toHaveBeenCalledWith("export_pdf", { id: ASSESSMENT_ID });
    // Quick exports say nothing until they are done.
    expect(status.textContent).toBe("");
    expect(button.hasAttribute("aria-disabled")).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(status.textContent).toBe("Preparing the report…");
    expect(button.getAttribute("aria-disabled")).toBe("true");
    expect(button.getAttribute("aria-busy")).toBe("true");
    // A second press while it works does nothing.
    button.click();
    await settle();
    expect(invoke.mock.calls.filter((call) => call[0] === "export_pdf")).toHaveLength(1);

    exported.resolve(`/home/sam/${HOSTILE}.pdf`);
    await settle();
    expect(status.textContent).toBe(`Saved to /home/sam/${HOSTILE}.pdf`);
    expect(status.querySelector("img")).toBeNull();
    expect(button.hasAttribute("aria-disabled")).toBe(false);
    expect(button.hasAttribute("aria-busy")).toBe(false);
  });

  it("says nothing when the save is cancelled, and shows a failure in the error summary", async () => {
    handlers["export_pdf"] = () => null;
    await open();
    byId("download-report").click();
    await settle();
    expect(byId("report-status").textContent).toBe("");
    expect(document.querySelector(".nhsuk-error-summary")).toBeNull();

    handlers["export_pdf"] = () => {
      throw { kind: "internal", message: "The report could not be written to /home/sam/report.pdf." };
    };
    byId("download-report").click();
    await settle();
    const summary = document.querySelector(".nhsuk-error-summary");
    expect(summary?.textContent).toContain("The report could not be written to /home/sam/report.pdf.");
    expect(document.activeElement).toBe(summary);
  });

  it("shows hostile text in names as text", async () => {
    state = signOffState([signatory({ name: HOSTILE, role: HOSTILE })], { organisation: HOSTILE });
    state.certificate = certificate({ subject: `CN=${HOSTILE}` });
    await open();
    expect(document.querySelector("img")).toBeNull();
    expect(tableRows("signatories")[0]?.[0]).toBe(`${HOSTILE}${HOSTILE}`);
    expect(byId("signatories").querySelector(".app-signatory-role")?.textContent).toBe(HOSTILE);
    expect(document.querySelector(".nhsuk-caption-l")?.textContent).toBe(HOSTILE);
    expect(byId("sign-off-statement").textContent).toContain(`${HOSTILE}'s arrangements`);
    expect(byId("signing-certificate-subject").textContent).toBe(`CN=${HOSTILE}`);
    expect(SEALED_AT).toBe(state.assessment.sealed_at);
  });
});
