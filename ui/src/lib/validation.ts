// Checks on typed text, with NHS-style messages. The app's own rules check the
// same things again when saving; checking here first means people see every
// problem at once, by the field, before anything is sent.

import { RULES } from "../ipc/generated/rules";
import type { TextLimits } from "../ipc/generated/TextLimits";
import { charCount } from "./answers";

export interface TextRule {
  /** The message for a blank required field, e.g. "Enter the organisation". */
  blank?: string;
  /** Starts the too-long message, e.g. "Organisation". */
  name: string;
  max: number;
}

/** A free-text field the app's rules name and limit. */
export type TextFieldName = keyof TextLimits;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The check of `field` as the app's rules word it (RULES.labels and
 * RULES.limits): "Enter the organisation", "The organisation must be…".
 */
export function textRule(field: TextFieldName, options: { required?: boolean } = {}): TextRule {
  const label = RULES.labels[field];
  return {
    ...(options.required === true ? { blank: `Enter ${label}` } : {}),
    name: capitalise(label),
    max: RULES.limits[field],
  };
}

/** The problem with `value` under `rule`, or null. Text is trimmed first, as the app does. */
export function checkText(value: string, rule: TextRule): string | null {
  const text = value.trim();
  if (text === "") {
    return rule.blank ?? null;
  }
  if (charCount(text) > rule.max) {
    return `${rule.name} must be ${rule.max.toLocaleString("en-GB")} characters or fewer`;
  }
  return null;
}
