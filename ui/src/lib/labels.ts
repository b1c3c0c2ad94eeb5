// The words the app's rules give its states and statuses (generated from
// Rust into RULES), as look-up tables by value.

import { RULES } from "../ipc/generated/rules";
import type { AssessmentStatus } from "../ipc/generated/AssessmentStatus";
import type { Labelled } from "../ipc/generated/Labelled";
import type { StepState } from "../ipc/generated/StepState";

/** Each value's label, from a list the rules send in order. */
export function labelsByValue<T extends string>(list: readonly Labelled<T>[]): Readonly<Record<T, string>> {
  return Object.fromEntries(list.map((item) => [item.value, item.label])) as Record<T, string>;
}

/** "Not started", "Incomplete", "Needs attention", "Complete". */
export const STEP_STATE_LABELS = labelsByValue<StepState>(RULES.step_states);

/** "In progress", "Complete". */
export const ASSESSMENT_STATUS_LABELS = labelsByValue<AssessmentStatus>(RULES.assessment_statuses);
