// The result of checking a report PDF, drawn from what the app found (it does
// the checking; this only shows it): a green panel when the file is valid, a
// red card when it has been altered, a yellow card when it carries no seal
// or could only be partly checked; then what the record inside says (for a
// file that is not valid, under a heading that says these are only its
// claims) and whose certificate signed it. Every outcome is said in words in
// its heading, not by colour alone.

import type { PdfCheck, SealedSummary } from "../ipc/api";
import { formatLongDate } from "../lib/dates";
import { h, visuallyHidden, type Children } from "../lib/dom";
import { versionLabel } from "../lib/sealing";
import { summaryList, type SummaryRow } from "./layout";
import { certificateRows, longHex, signatoryText } from "./seal-details";

export const RESULT_HEADINGS = {
  valid: "Valid — signed, and not changed since it was signed off",
  altered: "Altered — this PDF does not match what was signed off",
  partly_checked: "Partly checked — this version of the app cannot confirm this PDF is unchanged",
  not_sealed: "Not sealed — this PDF carries no seal",
} as const;

const HEADING_ID = "check-result-heading";

function reasonsList(reasons: readonly string[]): HTMLElement | null {
  return reasons.length === 0
    ? null
    : h(
        "ul",
        { class: "nhsuk-list nhsuk-list--bullet", id: "check-reasons" },
        reasons.map((reason) => h("li", null, reason)),
      );
}

function sealedRows(sealed: SealedSummary): SummaryRow[] {
  // A report to the board is of a year, not of one assessment.
  const about: SummaryRow[] =
    sealed.board_report_year === undefined
      ? [
          { key: "Date of assessment", value: formatLongDate(sealed.assessment_date), valueId: "check-date" },
          { key: "Version", value: versionLabel(sealed.version), valueId: "check-version" },
          { key: "Framework", value: sealed.framework, valueId: "check-framework" },
        ]
      : [
          { key: "Report", value: sealed.framework, valueId: "check-framework" },
          { key: "Year", value: String(sealed.board_report_year), valueId: "check-year" },
          { key: "Prepared", value: formatLongDate(sealed.assessment_date), valueId: "check-date" },
        ];
  return [
    { key: "Organisation", value: sealed.organisation, valueId: "check-organisation" },
    ...about,
    {
      key: "Signed off by",
      value:
        sealed.signatories.length === 0
          ? "No one"
          : h(
              "ul",
              { class: "nhsuk-list", id: "check-signatories" },
              sealed.signatories.map((signatory) => h("li", null, signatoryText(signatory))),
            ),
    },
    { key: "Record SHA-256", value: longHex(sealed.digest, { id: "check-digest" }) },
  ];
}

/** The coloured box that says the outcome, with its heading (which takes focus after a check). */
function outcomeBox(check: PdfCheck): { box: HTMLElement; heading: HTMLElement } {
  // The heading says the outcome; the body says only what follows from it.
  const body: Children = [h("p", { class: "nhsuk-body", id: "check-summary" }, check.detail), reasonsList(check.reasons)];
  if (check.outcome === "valid") {
    const heading = h("h2", { class: "nhsuk-panel__heading nhsuk-panel__heading--m", id: HEADING_ID }, RESULT_HEADINGS.valid);
    return { box: h("div", { class: "nhsuk-panel app-check-result", id: "check-result" }, heading, body), heading };
  }
  if (check.outcome === "altered") {
    const heading = h(
      "h2",
      { class: "nhsuk-card__heading", id: HEADING_ID },
      visuallyHidden("Warning: "),
      RESULT_HEADINGS.altered,
    );
    return {
      box: h(
        "div",
        { class: "nhsuk-card nhsuk-card--care nhsuk-card--care--urgent app-check-result", id: "check-result" },
        h(
          "div",
          { class: "nhsuk-card__heading-container" },
          heading,
          h("span", { class: "nhsuk-card--care__arrow", "aria-hidden": "true" }),
        ),
        h("div", { class: "nhsuk-card__content" }, body),
      ),
      heading,
    };
  }
  const heading = h(
    "h2",
    { class: "nhsuk-card__heading", id: HEADING_ID },
    visuallyHidden("Important: "),
    RESULT_HEADINGS[check.outcome],
  );
  return {
    box: h(
      "div",
      { class: "nhsuk-card nhsuk-card--warning app-check-result", id: "check-result" },
      h("div", { class: "nhsuk-card__content" }, heading, body),
    ),
    heading,
  };
}

export interface PdfCheckResultOptions {
  /** Offered when a valid file is signed with a certificate this installation does not know. */
  trustButton?: HTMLElement | null;
  /** Shown first, e.g. a banner saying the certificate is now trusted. */
  notice?: HTMLElement | null;
}

/** The result, and its heading (for focus). */
export function pdfCheckResult(check: PdfCheck, options: PdfCheckResultOptions = {}): { element: HTMLElement; heading: HTMLElement } {
  const { box, heading } = outcomeBox(check);
  const rows: SummaryRow[] = check.sealed === null ? [] : sealedRows(check.sealed);
  if (check.certificate !== null) {
    rows.push(...certificateRows(check.certificate, { idPrefix: "check-certificate", withTrust: true }));
  }
  // What a file that is not valid says about itself is only its claim.
  const claims =
    check.outcome !== "valid" && rows.length > 0
      ? [
          h("h3", { class: "nhsuk-heading-s", id: "check-claims-heading" }, "What the file claims"),
          h(
            "p",
            { class: "nhsuk-body", id: "check-claims-note" },
            "These details come from inside the file. It did not pass the check, so they are not confirmed.",
          ),
        ]
      : null;
  const unknownSigner =
    check.outcome === "valid" && check.certificate !== null && !check.certificate.trusted && !check.certificate.own;
  const element = h(
    "section",
    { class: "app-check-result-section", id: "check-result-section", "aria-labelledby": HEADING_ID },
    options.notice ?? null,
    box,
    claims,
    rows.length === 0 ? null : summaryList(rows, { id: "check-details" }),
    unknownSigner
      ? h(
          "div",
          { class: "app-check-unknown", id: "check-unknown-signer" },
          h("h3", { class: "nhsuk-heading-s" }, "Check who signed it"),
          h(
            "p",
            { class: "nhsuk-body" },
            "This file is signed with a certificate this installation does not know, so anyone could have made it. " +
              "Before you rely on it, contact the organisation that sent it by phone or another channel you trust, " +
              "and ask them to read out their certificate fingerprint. Compare it with the fingerprint above.",
          ),
          h(
            "p",
            { class: "nhsuk-body" },
            "If it matches, trust their certificate: files they sign are then shown as signed with a certificate you trust.",
          ),
          options.trustButton ?? null,
        )
      : null,
  );
  return { element, heading };
}
