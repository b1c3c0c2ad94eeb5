// What signing off means for the rest of the app: whether an assessment is
// sealed, the sign-off task's state on the overview, and the words every page
// uses for a sealed assessment (so they say the same thing everywhere). The
// app's own rules refuse changes to a sealed assessment; pages only reflect it.

import type { Assessment } from "../ipc/api";

/** Shown wherever a sealed assessment would otherwise be changed. */
export const SEALED_NOTICE =
  "This assessment has been signed off and sealed, so it cannot be changed. " +
  "To make changes, start a new version from the sign-off page.";

/** The overview's banner heading for a sealed assessment. */
export const SEALED_BANNER =
  "Signed off and sealed — this assessment can no longer be changed. To make changes, start a new version.";

export const SIGN_OFF_TASK = "Sign off and download the report";

/** Whether the first person has signed it off (from then on it is read-only). */
export function isSealed(assessment: Pick<Assessment, "sealed_at">): boolean {
  return assessment.sealed_at !== null;
}

/** Whether its answers and evidence are read-only: marked complete, or sealed. */
export function isLocked(assessment: Pick<Assessment, "sealed_at" | "status">): boolean {
  return assessment.status === "complete" || isSealed(assessment);
}

export type SignOffTaskState = "cannot_start" | "not_started" | "signed_off";

/** The sign-off task: it can start once the assessment is complete; the first sign-off seals it. */
export function signOffTaskState(assessment: Pick<Assessment, "sealed_at" | "status">): SignOffTaskState {
  if (isSealed(assessment)) {
    return "signed_off";
  }
  return assessment.status === "complete" ? "not_started" : "cannot_start";
}

/** "Version 2" (only said for versions after the first). */
export function versionLabel(version: number): string {
  return `Version ${version}`;
}
