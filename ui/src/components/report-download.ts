// The "Download the report (PDF)" button. Making the PDF can take a moment
// (it is rendered and, once signed off, signed), so if it has not finished
// after a short wait the button is marked busy and a polite live region says
// "Preparing the report…"; then it says where the file was saved. Cancelling
// the save dialog says nothing. A failure goes to the page's error summary.

import { exportPdf, toAppError, type AppError } from "../ipc/api";
import { h } from "../lib/dom";

/** How long the export may take before the page says it is working on it. */
export const SLOW_AFTER_MS = 300;

export interface ReportDownloadOptions {
  assessmentId: string;
  /** Whether the assessment is signed off: the report is signed, not a draft. */
  signed: boolean;
  onError(error: AppError): void;
  /** Called before each export starts (for the page to clear old errors). */
  onStart?(): void;
  slowAfterMs?: number;
}

export function reportDownload(options: ReportDownloadOptions): HTMLElement {
  const status = h("div", {
    class: "nhsuk-body app-report-status",
    id: "report-status",
    role: "status",
    "aria-live": "polite",
  });
  let busy = false;
  const button = h(
    "button",
    {
      class: ["nhsuk-button", !options.signed && "nhsuk-button--secondary"],
      id: "download-report",
      type: "button",
      onClick: () => {
        if (busy) {
          return;
        }
        busy = true;
        options.onStart?.();
        status.replaceChildren();
        const slow = setTimeout(() => {
          button.setAttribute("aria-disabled", "true");
          button.setAttribute("aria-busy", "true");
          status.replaceChildren(h("p", { class: "nhsuk-body" }, "Preparing the report…"));
        }, options.slowAfterMs ?? SLOW_AFTER_MS);
        exportPdf(options.assessmentId)
          .then((path) => {
            if (path === null) {
              status.replaceChildren();
              return;
            }
            status.replaceChildren(
              h("p", { class: "nhsuk-body" }, "Saved to ", h("span", { class: "app-path", id: "report-path" }, path)),
            );
          })
          .catch((reason: unknown) => {
            status.replaceChildren();
            options.onError(toAppError(reason));
          })
          .finally(() => {
            clearTimeout(slow);
            busy = false;
            button.removeAttribute("aria-disabled");
            button.removeAttribute("aria-busy");
          });
      },
    },
    options.signed ? "Download the report (PDF)" : "Download a draft report (PDF)",
  );

  return h(
    "section",
    { class: "app-report-download", "aria-labelledby": "download-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "download-heading" }, "Download the report"),
    h(
      "p",
      { class: "nhsuk-body" },
      options.signed
        ? "The report is a PDF of the assessment, its answers, evidence, action plan and who signed it off, " +
            "signed with this installation's certificate so anyone can check it has not been changed."
        : "Until the assessment is signed off, the report is a draft: it is marked as a draft and is not signed. " +
            "Use it to check the assessment before signing off.",
    ),
    button,
    status,
  );
}
