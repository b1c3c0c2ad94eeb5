// Check a PDF (#/check): for an auditor or anyone sent a report. They choose
// the file; the app checks its signature, its attached record and its pages
// (the file is read here and sent to the app; nothing leaves the computer),
// and the page shows whether it is valid, altered or not sealed. A valid file
// signed with a certificate this installation does not know can be trusted
// here once its fingerprint has been confirmed with whoever sent it. The page
// also shows this installation's own certificate, for comparing.

import { FormErrors, type FormError } from "../components/errors";
import { readFileAsBase64 } from "../components/evidence";
import { fileInput } from "../components/fields";
import { backLink, focusProgrammatically, notificationBanner, pageGrid, summaryList } from "../components/layout";
import { pdfCheckResult } from "../components/pdf-check-result";
import { certificateRows } from "../components/seal-details";
import {
  checkUploadedPdf,
  getCertificate,
  toAppError,
  trustPdfSigner,
  type AppError,
  type CertificateView,
  type PdfCheck,
  type UploadedFile,
} from "../ipc/api";
import { h } from "../lib/dom";
import { paths } from "../lib/router";
import { documentTitle, type PageView } from "../state";

export const CHECK_HEADING = "Check a PDF";

/** This installation's certificate, or why there is none (or why it could not be read). */
function ownCertificate(certificate: CertificateView | null | AppError): HTMLElement {
  let body: HTMLElement;
  if (certificate === null) {
    body = h(
      "p",
      { class: "nhsuk-body", id: "no-certificate" },
      "No signing certificate yet: one is created when the first assessment is signed off.",
    );
  } else if ("kind" in certificate) {
    body = h(
      "p",
      { class: "nhsuk-body", id: "certificate-error" },
      `The signing certificate could not be read. ${certificate.message}`,
    );
  } else {
    body = summaryList(certificateRows(certificate, { idPrefix: "own-certificate" }), { id: "own-certificate" });
  }
  return h(
    "section",
    { class: "app-check-section", "aria-labelledby": "own-certificate-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "own-certificate-heading" }, "This installation's certificate"),
    h(
      "p",
      { class: "nhsuk-body" },
      "Reports signed off on this computer are signed with this certificate. Give its fingerprint to anyone " +
        "you send a report to, so they can check it.",
    ),
    body,
  );
}

export async function checkPdfPage(): Promise<PageView> {
  const certificate = await getCertificate().catch((reason: unknown) => toAppError(reason));

  const summarySlot = h("div", { class: "app-error-summary-slot" });
  const resultSlot = h("div", { id: "check-result-slot" });
  const file = fileInput({
    id: "pdf-file",
    name: "file",
    label: "Choose the PDF to check",
    labelClass: "nhsuk-label--s",
    hint: "A report saved from this app (or sent to you by another organisation that uses it).",
    accept: ".pdf,application/pdf",
  });
  const errors = new FormErrors(summarySlot, { file: file.control });
  const showErrors = (problems: readonly FormError[]): void => {
    errors.show(problems);
    document.title = documentTitle(CHECK_HEADING, problems.length > 0);
  };
  const clearErrors = (): void => {
    errors.clear();
    document.title = documentTitle(CHECK_HEADING);
  };

  let busy = false;
  /** The file last checked, kept so trusting its signer sends the same bytes. */
  let checked: UploadedFile | null = null;

  const showResult = (check: PdfCheck, notice: HTMLElement | null): void => {
    const trustButton = h(
      "button",
      { class: "nhsuk-button nhsuk-button--secondary", id: "trust-certificate", type: "button", onClick: () => trust() },
      "Trust this certificate",
    );
    const { element, heading } = pdfCheckResult(check, { trustButton, notice });
    resultSlot.replaceChildren(element);
    focusProgrammatically(notice ?? heading);
  };

  const trust = (): void => {
    if (busy || checked === null) {
      return;
    }
    const upload = checked;
    const button = document.getElementById("trust-certificate");
    busy = true;
    button?.setAttribute("aria-disabled", "true");
    clearErrors();
    trustPdfSigner(upload)
      .then(async (trusted) => {
        const check = await checkUploadedPdf(upload);
        showResult(
          check,
          notificationBanner({
            id: "trust-status",
            title: "Success",
            heading: `You now trust the certificate of ${trusted.subject}`,
            body: h("p", { class: "nhsuk-body" }, "Files signed with it are shown as signed with a certificate you trust."),
            success: true,
          }),
        );
      })
      .catch((reason: unknown) => {
        const error = toAppError(reason);
        showErrors([{ field: error.field ?? null, message: error.message }]);
      })
      .finally(() => {
        busy = false;
        button?.removeAttribute("aria-disabled");
      });
  };

  const submit = h("button", { class: "nhsuk-button", id: "check-file", type: "submit" }, "Check the file");
  const onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (busy) {
      return;
    }
    const chosen = file.input.files?.[0] ?? null;
    if (chosen === null) {
      showErrors([{ field: "file", message: "Select the PDF to check" }]);
      return;
    }
    clearErrors();
    busy = true;
    submit.setAttribute("aria-disabled", "true");
    let readFailed = false;
    readFileAsBase64(chosen)
      .then(
        (base64) => ({ name: chosen.name, base64 }),
        (reason: unknown) => {
          readFailed = true;
          throw reason;
        },
      )
      .then(async (upload) => {
        const check = await checkUploadedPdf(upload);
        checked = upload;
        showResult(check, null);
      })
      .catch((reason: unknown) => {
        const error = toAppError(reason);
        resultSlot.replaceChildren();
        checked = null;
        showErrors([{ field: error.field ?? (readFailed ? "file" : null), message: error.message }]);
      })
      .finally(() => {
        busy = false;
        submit.removeAttribute("aria-disabled");
      });
  };

  return {
    heading: CHECK_HEADING,
    backLink: backLink(paths.list(), "Back to your assessments"),
    content: pageGrid(
      "two-thirds",
      summarySlot,
      h("h1", null, CHECK_HEADING),
      h(
        "p",
        { class: "nhsuk-body" },
        "Check that a report PDF made by this app is signed, that it has not been changed since it was signed off, " +
          "and who signed it. The file is checked on this computer.",
      ),
      h("form", { novalidate: true, id: "check-form", onSubmit }, file.group, submit),
      resultSlot,
      ownCertificate(certificate),
    ),
  };
}
