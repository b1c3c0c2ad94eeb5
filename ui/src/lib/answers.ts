// What an answer holds, how its parts are labelled, and how the question form's
// values become the `AnswerInput` sent to `save_answer`.

import type { AnswerInput } from "../ipc/generated/AnswerInput";
import type { Response } from "../ipc/generated/Response";

export const RESPONSES: readonly Response[] = ["yes", "partial", "no", "na"];

export const RESPONSE_LABELS: Readonly<Record<Response, string>> = {
  yes: "Yes",
  partial: "Partial",
  no: "No",
  na: "N/A",
};

/** Limits as the app's rules enforce them (counted in characters, after trimming). */
export const LIMITS = {
  organisation: 200,
  assessor: 200,
  actor: 200,
  lead: 200,
  comment: 5000,
  naReason: 2000,
} as const;

export function isResponse(value: unknown): value is Response {
  return typeof value === "string" && (RESPONSES as readonly string[]).includes(value);
}

/**
 * Whether action is required unless the person says otherwise: a gap
 * (partial or no) needs action; yes and N/A do not.
 */
export function defaultActionRequired(response: Response): boolean {
  return response === "partial" || response === "no";
}

/** Characters as the app counts them (Unicode code points, not UTF-16 units). */
export function charCount(text: string): number {
  return Array.from(text).length;
}

export interface AnswerFormValues {
  response: Response;
  naReason: string;
  actionRequired: boolean | null;
  comment: string;
  lead: string;
  /** `YYYY-MM-DD`, or "" for no date. */
  dueDate: string;
}

/**
 * The `AnswerInput` for a save. Every field is sent explicitly so the saved
 * answer is exactly what the form shows: a reason only with N/A (left out
 * otherwise), empty strings to clear text and the date, and action required
 * as shown (or the response's default if somehow unset).
 */
export function buildAnswerInput(values: AnswerFormValues): AnswerInput {
  const input: AnswerInput = {
    response: values.response,
    action_required: values.actionRequired ?? defaultActionRequired(values.response),
    comment: values.comment,
    lead: values.lead,
    due_date: values.dueDate,
  };
  if (values.response === "na") {
    input.na_reason = values.naReason;
  }
  return input;
}
