// Check a PDF: driven through the real IPC layer with Tauri's `invoke`
// replaced. The file chosen is read as base64 and sent as an UploadedFile;
// each outcome is drawn in words; an unknown signer can be trusted; a file
// that is not a PDF comes back as an error on the file field.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { checkPdfPage, CHECK_HEADING } = await import("../src/pages/check-pdf");
const { RESULT_HEADINGS } = await import("../src/components/pdf-check-result");
const { showPage } = await import("../src/app");
const { buildShell } = await import("../src/components/layout");
import type { CertificateView, PdfCheck, UploadedFile } from "../src/ipc/api";
import { FINGERPRINT, RECORD_SHA256, certificate, pdfCheck, settle, signatory } from "./fixtures";

const HOSTILE = "<img src=x onerror=alert(1)>";
const PDF_TEXT = "%PDF-1.7 a sealed report";
const PDF_BASE64 = btoa(PDF_TEXT);

let handlers: Record<string, (args: unknown) => unknown>;
let own: CertificateView | null;

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) {
    throw new Error(`no #${id}`);
  }
  return el as T;
}

async function open(): Promise<void> {
  const shell = buildShell();
  document.body.append(shell.root);
  showPage(shell, await checkPdfPage());
}

function choose(name = "report.pdf", text = PDF_TEXT): void {
  const file = new File([text], name, { type: "application/pdf" });
  Object.defineProperty(byId("pdf-file"), "files", { value: [file], configurable: true });
}

/** Presses "Check the file" and waits for the file to be read and checked. */
async function check(): Promise<void> {
  byId("check-file").click();
  for (let i = 0; i < 5; i += 1) {
    await settle();
  }
}

function detailRows(): [string, string][] {
  return Array.from(byId("check-details").querySelectorAll(".nhsuk-summary-list__row")).map((row) => [
    row.querySelector("dt")?.textContent ?? "",
    row.querySelector("dd")?.textContent ?? "",
  ]);
}

beforeEach(() => {
  invoke.mockReset();
  own = certificate();
  handlers = { get_certificate: () => own };
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

describe("check a PDF", () => {
  it("asks for the file and shows this installation's certificate", async () => {
    await open();
    expect(document.querySelector("h1")?.textContent).toBe(CHECK_HEADING);
    const file = byId<HTMLInputElement>("pdf-file");
    expect(file.type).toBe("file");
    expect(file.getAttribute("accept")).toBe(".pdf,application/pdf");
    expect(document.querySelector("label[for='pdf-file']")?.textContent).toBe("Choose the PDF to check");
    expect(byId("check-file").textContent).toBe("Check the file");
    expect(byId("own-certificate-subject").textContent).toBe(certificate().subject);
    expect(byId("own-certificate-fingerprint").textContent).toBe(FINGERPRINT);
  });

  it("says when this installation has no certificate yet", async () => {
    own = null;
    await open();
    expect(byId("no-certificate").textContent).toBe(
      "No signing certificate yet: one is created when the first assessment is signed off.",
    );
  });

  it("asks for a file when none is chosen", async () => {
    await open();
    await check();
    expect(invoke.mock.calls.map((call) => call[0])).not.toContain("check_uploaded_pdf");
    const summary = document.querySelector<HTMLElement>(".nhsuk-error-summary");
    expect(document.activeElement).toBe(summary);
    expect(summary?.querySelector("a")?.getAttribute("href")).toBe("#pdf-file");
    expect(summary?.querySelector("a")?.textContent).toBe("Select the PDF to check");
  });

  it("sends the file as base64 and shows a valid one in a green panel, with what was sealed", async () => {
    handlers["check_uploaded_pdf"] = () => pdfCheck();
    await open();
    choose();
    await check();
    expect(invoke).toHaveBeenCalledWith("check_uploaded_pdf", { file: { name: "report.pdf", base64: PDF_BASE64 } });
    const heading = byId("check-result-heading");
    expect(heading.textContent).toBe(RESULT_HEADINGS.valid);
    expect(heading.closest(".nhsuk-panel")).not.toBeNull();
    expect(document.activeElement).toBe(heading);
    // The heading says "Valid"; the body does not say it again.
    expect(byId("check-summary").textContent).toBe(pdfCheck().detail);
    expect(byId("check-summary").textContent).not.toMatch(/valid|unchanged/i);
    expect(detailRows()).toEqual([
      ["Organisation", "Northshire Community Health NHS Trust"],
      ["Date of assessment", "20 November 2026"],
      ["Version", "Version 1"],
      ["Framework", "Prevent self-assessment toolkit (2011)"],
      [
        "Signed off by",
        "Priya Shah, Accountable Prevent lead, signed 22 November 2026 at 2:05pm UTC" +
          "Alex Morgan, Assessor, signed 23 November 2026 at 9:30am UTC",
      ],
      ["Record SHA-256", RECORD_SHA256],
      ["Certificate", certificate().subject],
      ["Certificate fingerprint (SHA-256)", FINGERPRINT],
      ["Trust", "This installation's own certificate"],
    ]);
    expect(byId("check-signatories").querySelectorAll("li")).toHaveLength(2);
    expect(document.getElementById("trust-certificate")).toBeNull();
    expect(document.querySelector(".nhsuk-error-summary")).toBeNull();
  });

  it("shows an altered file in a red card with the reasons", async () => {
    handlers["check_uploaded_pdf"] = () =>
      pdfCheck({
        outcome: "altered",
        summary: "The PDF has been changed since it was signed off.",
        reasons: ["Page 3 does not match the sealed record.", "The signature does not cover the whole file."],
      });
    await open();
    choose();
    await check();
    const heading = byId("check-result-heading");
    expect(heading.textContent).toBe(`Warning: ${RESULT_HEADINGS.altered}`);
    expect(heading.closest(".nhsuk-card--care--urgent")).not.toBeNull();
    expect(document.activeElement).toBe(heading);
    expect(Array.from(byId("check-reasons").querySelectorAll("li")).map((li) => li.textContent)).toEqual([
      "Page 3 does not match the sealed record.",
      "The signature does not cover the whole file.",
    ]);
    expect(detailRows()[0]).toEqual(["Organisation", "Northshire Community Health NHS Trust"]);
    // What an altered file says about itself is only its claim.
    expect(byId("check-claims-heading").textContent).toBe("What the file claims");
    expect(byId("check-claims-note").textContent).toContain("not confirmed");
    expect(document.getElementById("trust-certificate")).toBeNull();
  });

  it("never calls a file it could only partly check valid", async () => {
    handlers["check_uploaded_pdf"] = () =>
      pdfCheck({
        outcome: "partly_checked",
        summary:
          "Partly checked: the signature and the record hold, but the pages could not be compared with the record, so this is not a confirmation that the file is unchanged.",
        reasons: [
          "The report was drawn with layout 3, which this version of the app cannot draw (it draws layouts 1 to 2), so the file was not compared with its record. Check it with a newer version of Prevent Self-Assessment.",
        ],
      });
    await open();
    choose();
    await check();
    const heading = byId("check-result-heading");
    expect(heading.textContent).toBe(`Important: ${RESULT_HEADINGS.partly_checked}`);
    expect(heading.closest(".nhsuk-card--warning")).not.toBeNull();
    expect(heading.closest(".nhsuk-panel")).toBeNull();
    expect(byId("check-reasons").textContent).toContain("layout 3");
    expect(byId("check-claims-heading").textContent).toBe("What the file claims");
    // Trusting its signer is only offered for a valid file.
    expect(document.getElementById("trust-certificate")).toBeNull();
  });

  it("shows a file with no seal in a warning card", async () => {
    handlers["check_uploaded_pdf"] = () =>
      pdfCheck({
        outcome: "not_sealed",
        summary: "Not sealed: this PDF is not sealed.",
        detail: "This PDF is not sealed.",
        reasons: ["It is a draft: drafts are not signed."],
        sealed: null,
        certificate: null,
      });
    await open();
    choose();
    await check();
    const heading = byId("check-result-heading");
    expect(heading.textContent).toBe(`Important: ${RESULT_HEADINGS.not_sealed}`);
    expect(heading.closest(".nhsuk-card--warning")).not.toBeNull();
    expect(byId("check-summary").textContent).toBe("This PDF is not sealed.");
    expect(byId("check-reasons").textContent).toBe("It is a draft: drafts are not signed.");
    expect(document.getElementById("check-details")).toBeNull();
  });

  it("explains an unknown signer, trusts it with the same file, and checks again", async () => {
    const unknown = certificate({ subject: "CN=Southshire Trust", own: false, trusted: false });
    let trusted = false;
    const uploads: UploadedFile[] = [];
    handlers["check_uploaded_pdf"] = (args) => {
      uploads.push((args as { file: UploadedFile }).file);
      return pdfCheck({ certificate: { ...unknown, trusted } });
    };
    handlers["trust_pdf_signer"] = (args) => {
      uploads.push((args as { file: UploadedFile }).file);
      trusted = true;
      return { ...unknown, trusted: true };
    };
    await open();
    choose("southshire.pdf");
    await check();
    expect(byId("check-certificate-trust").textContent).toBe("Unknown certificate");
    const explanation = byId("check-unknown-signer").textContent ?? "";
    expect(explanation).toContain("by phone or another channel you trust");
    expect(explanation).toContain("Compare it with the fingerprint above");

    byId("trust-certificate").click();
    await settle();
    expect(invoke.mock.calls.map((call) => call[0])).toEqual([
      "get_certificate",
      "check_uploaded_pdf",
      "trust_pdf_signer",
      "check_uploaded_pdf",
    ]);
    expect(uploads).toEqual([
      { name: "southshire.pdf", base64: PDF_BASE64 },
      { name: "southshire.pdf", base64: PDF_BASE64 },
      { name: "southshire.pdf", base64: PDF_BASE64 },
    ]);
    const banner = byId("trust-status");
    expect(banner.textContent).toContain("You now trust the certificate of CN=Southshire Trust");
    expect(document.activeElement).toBe(banner);
    expect(byId("check-certificate-trust").textContent).toBe("A certificate you trust");
    expect(document.getElementById("trust-certificate")).toBeNull();
  });

  it("shows a file that is not a PDF as an error on the file field", async () => {
    handlers["check_uploaded_pdf"] = () => {
      throw { kind: "invalid_input", message: "The selected file is not a PDF. Choose a PDF report.", field: "file" };
    };
    await open();
    choose("notes.txt", "hello");
    await check();
    const summary = document.querySelector<HTMLElement>(".nhsuk-error-summary");
    expect(document.activeElement).toBe(summary);
    const link = summary?.querySelector("a");
    expect(link?.getAttribute("href")).toBe("#pdf-file");
    expect(link?.textContent).toBe("The selected file is not a PDF. Choose a PDF report.");
    expect(byId("pdf-file-error").textContent).toBe("Error: The selected file is not a PDF. Choose a PDF report.");
    expect(document.getElementById("check-result")).toBeNull();
    expect(document.title).toBe(`Error: ${CHECK_HEADING} – Prevent Self-Assessment`);
    link?.click();
    expect(document.activeElement).toBe(byId("pdf-file"));
  });

  it("clears an earlier result and error on the next check", async () => {
    let next: PdfCheck | null = null;
    handlers["check_uploaded_pdf"] = () => {
      if (next === null) {
        throw { kind: "invalid_input", message: "The selected file is not a PDF.", field: "file" };
      }
      return next;
    };
    await open();
    choose();
    await check();
    expect(document.querySelector(".nhsuk-error-summary")).not.toBeNull();
    next = pdfCheck();
    await check();
    expect(document.querySelector(".nhsuk-error-summary")).toBeNull();
    expect(document.getElementById("pdf-file-error")).toBeNull();
    expect(byId("check-result-heading").textContent).toBe(RESULT_HEADINGS.valid);
  });

  it("shows hostile text in the sealed record as text", async () => {
    const base = pdfCheck();
    handlers["check_uploaded_pdf"] = () =>
      pdfCheck({
        summary: HOSTILE,
        detail: HOSTILE,
        reasons: [HOSTILE],
        sealed: base.sealed === null ? null : { ...base.sealed, organisation: HOSTILE, framework: HOSTILE, signatories: [signatory({ name: HOSTILE, role: HOSTILE })] },
        certificate: certificate({ subject: HOSTILE, own: false, trusted: false }),
      });
    await open();
    choose(`${HOSTILE}.pdf`);
    await check();
    expect(document.querySelector("img")).toBeNull();
    expect(byId("check-organisation").textContent).toBe(HOSTILE);
    expect(byId("check-summary").textContent).toBe(HOSTILE);
    expect(byId("check-certificate-subject").textContent).toBe(HOSTILE);
    expect(byId("check-signatories").textContent).toContain(HOSTILE);
  });
});
