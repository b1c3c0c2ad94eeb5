// What an answer holds and how the step page talks about it: the responses,
// the action-required default and the N/A reason (from the app's own rules), the plain-words
// checks run before a field is saved, and where each answer field lives on
// the page (for error links and `#/…/entries/<id>/<field>` routes).

import { RULES } from "../ipc/generated/rules";
import type { AnswerInput } from "../ipc/generated/AnswerInput";
import type { Response } from "../ipc/generated/Response";
import type { ResponseLabels } from "./catalogue";

/** Every response, in the order the scales list them, as the app's rules list them. */
export const RESPONSES: readonly Response[] = RULES.responses;

export function isResponse(value: unknown): value is Response {
  return typeof value === "string" && (RESPONSES as readonly string[]).includes(value);
}

/**
 * Whether action is required unless the person says otherwise, as the app's
 * rules decide it (a gap, partial or no, needs action; yes and N/A do not).
 */
export function defaultActionRequired(response: Response): boolean {
  return RULES.default_action_required[response];
}

/** Characters as the app counts them (Unicode code points, not UTF-16 units). */
export function charCount(text: string): number {
  return Array.from(text).length;
}

function quotedList(words: readonly string[]): string {
  const quoted = words.map((word) => `“${word}”`);
  if (quoted.length <= 1) {
    return quoted.join("");
  }
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1] ?? ""}`;
}

/**
 * The hint under "Is action required?": that the answer is suggested from
 * the response and can be changed, naming the responses that suggest action.
 */
export function actionRequiredHint(labels: ResponseLabels): string {
  const needing = RESPONSES.filter((response) => defaultActionRequired(response)).map((r) => labels[r]);
  if (needing.length === 0) {
    return "We suggest an answer from the response. You can change it.";
  }
  const verb = needing.length === 1 ? "usually needs" : "usually need";
  return `We suggest an answer from the response (${quotedList(needing)} ${verb} action). You can change it.`;
}

/** The answer fields, by the names `AnswerInput`, `AppError.field` and `Finding.field` use. */
export type AnswerField = keyof AnswerInput & string;

/** The id of the control each answer field's error links to (a date's first box). */
export const ANSWER_FIELD_TARGETS: Readonly<Record<AnswerField, string>> = {
  response: "response-yes",
  na_reason: "na-reason",
  action_required: "action-required-yes",
  comment: "comment",
  lead: "lead",
  due_date: "due-date-day",
  policy_ref: "policy-ref",
  review_date: "review-date-day",
};

export function isAnswerField(value: string): value is AnswerField {
  return Object.prototype.hasOwnProperty.call(ANSWER_FIELD_TARGETS, value);
}

/** The answer's free-text fields. */
export type AnswerTextField = "comment" | "lead" | "na_reason" | "policy_ref";

/** Whether `response` needs a reason why the entry does not apply, as the app's rules say (N/A does). */
export function needsReason(response: string | null | undefined): boolean {
  return isResponse(response) && RULES.reason_required[response];
}

/**
 * Whether two changes waiting to be saved can go in one save. They cannot
 * when together they would send a reason for N/A with another response (the
 * app refuses that): the reason must be saved first, on its own.
 */
export function canSaveTogether(first: AnswerInput, second: AnswerInput): boolean {
  const merged: AnswerInput = { ...first, ...second };
  const reason = merged.na_reason ?? "";
  return !(reason.trim() !== "" && merged.response !== undefined && !needsReason(merged.response));
}

/** "14:02:07": a time in local time with seconds, as the save status shows it. */
export function formatClockTime(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
