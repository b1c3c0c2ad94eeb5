// What proves a report genuine, as people read it: a long hash or certificate
// fingerprint (monospace, wrapping at sensible points, selectable and copied
// whole), a certificate's trust in words, and who signed off, when (in UTC,
// as the report prints it). Shared by the sign-off page and "Check a PDF".

import type { CertificateView, Signatory } from "../ipc/api";
import { formatDateTimeUtc } from "../lib/dates";
import { h, type Child } from "../lib/dom";
import { table, tag, type SummaryRow } from "./layout";

/**
 * A hash or fingerprint in full. Break opportunities (`wbr`, which copy as
 * nothing) fall every `group` characters, so the text wraps in even blocks
 * and still copies exactly as shown.
 */
export function longHex(value: string, options: { id?: string; group?: number } = {}): HTMLElement {
  const group = options.group ?? 16;
  const parts: Child[] = [];
  for (let at = 0; at < value.length; at += group) {
    if (at > 0) {
      parts.push(h("wbr"));
    }
    parts.push(value.slice(at, at + group));
  }
  return h("code", { class: "app-hash app-hash--long", id: options.id }, parts);
}

/** Whose certificate it is, in words: this installation's, one trusted here, or unknown. */
export function trustLabel(certificate: Pick<CertificateView, "own" | "trusted">): string {
  if (certificate.own) {
    return "This installation's own certificate";
  }
  return certificate.trusted ? "A certificate you trust" : "Unknown certificate";
}

export function trustTag(certificate: Pick<CertificateView, "own" | "trusted">, id?: string): HTMLElement {
  return tag(trustLabel(certificate), certificate.own || certificate.trusted ? "green" : "orange", id);
}

/** The rows describing a certificate: who it names, its fingerprint and (optionally) whether it is trusted. */
export function certificateRows(
  certificate: CertificateView,
  options: { idPrefix: string; withTrust?: boolean },
): SummaryRow[] {
  const rows: SummaryRow[] = [
    { key: "Certificate", value: certificate.subject, valueId: `${options.idPrefix}-subject` },
    {
      key: "Certificate fingerprint (SHA-256)",
      // "AB:CD:…": 32 pairs; break after every 8.
      value: longHex(certificate.fingerprint, { id: `${options.idPrefix}-fingerprint`, group: 24 }),
    },
  ];
  if (options.withTrust === true) {
    rows.push({ key: "Trust", value: trustTag(certificate, `${options.idPrefix}-trust`) });
  }
  return rows;
}

/**
 * When and by whom a sign-off was recorded in the app: "3 December 2026 at
 * 9:14am UTC by Sam Lee (Safeguarding lead) on behalf of Dr Priya Shah".
 * Sign-offs recorded before the app kept this were recorded when they were
 * made, by the person named in the audit trail.
 */
export function recordedText(signatory: Signatory): string {
  const recorded = signatory.recorded;
  if (recorded === undefined) {
    return formatDateTimeUtc(signatory.signed_at);
  }
  const by = recorded.by_role === "" ? recorded.by : `${recorded.by} (${recorded.by_role})`;
  const behalf = recorded.on_behalf ? ` on behalf of ${signatory.name}` : "";
  return `${formatDateTimeUtc(recorded.at)} by ${by}${behalf}`;
}

/** "Sam Lee, Accountable Prevent lead, signed 20 November 2026 at 2:05pm UTC; recorded …". */
export function signatoryText(signatory: Signatory): string {
  const signed = `${signatory.name}, ${signatory.role}, signed ${formatDateTimeUtc(signatory.signed_at)}`;
  return signatory.recorded === undefined ? signed : `${signed}; recorded ${recordedText(signatory)}`;
}

/**
 * Everyone who signed off, in the order they signed (under a heading of the
 * page's own): each person with their role beneath, when they signed, and
 * when and by whom the app recorded it.
 */
export function signatoriesTable(signatories: readonly Signatory[], id: string): HTMLElement {
  return table({
    id,
    caption: "People who signed this assessment off, in the order they signed",
    captionClass: "nhsuk-u-visually-hidden",
    headings: ["Person", "Signed", "Recorded in the app"],
    rowHeaders: true,
    rows: signatories.map((signatory) => [
      [signatory.name, h("span", { class: "app-signatory-role" }, signatory.role)],
      formatDateTimeUtc(signatory.signed_at),
      recordedText(signatory),
    ]),
  });
}
