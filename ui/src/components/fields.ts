// NHS.UK form fields built with the DOM helper: text input, textarea with a
// character count, select, radios (with conditional reveal), a confirmation
// checkbox and the date input. Each returns its elements and a
// `FieldControl` for showing errors.

import type { DatePart, DateParts } from "../lib/dates";
import { addDescribedBy, h, removeDescribedBy, visuallyHidden } from "../lib/dom";
import { charCount } from "../lib/answers";
import type { FieldControl } from "./errors";

const numberFormat = new Intl.NumberFormat("en-GB");

function hint(id: string, text: string | undefined, extraClass?: string): HTMLElement | null {
  if (text === undefined || text === "") {
    return null;
  }
  return h("div", { class: ["nhsuk-hint", extraClass], id }, text);
}

function errorMessage(id: string, message: string): HTMLElement {
  return h("span", { class: "nhsuk-error-message", id }, visuallyHidden("Error: "), message);
}

/**
 * Inline error handling shared by the fields: toggles the group's error class,
 * inserts the message before `before` and links it from `describedEl`.
 */
function inlineError(options: {
  group: HTMLElement;
  id: string;
  describedEl: HTMLElement;
  before: () => Node;
  mark: (on: boolean, parts?: readonly string[]) => void;
}): (message: string | null, parts?: readonly string[]) => void {
  const errorId = `${options.id}-error`;
  return (message, parts) => {
    options.group.querySelector(`#${errorId}`)?.remove();
    if (message === null) {
      options.group.classList.remove("nhsuk-form-group--error");
      removeDescribedBy(options.describedEl, errorId);
      options.mark(false);
      return;
    }
    options.group.classList.add("nhsuk-form-group--error");
    const anchor = options.before();
    anchor.parentNode?.insertBefore(errorMessage(errorId, message), anchor);
    addDescribedBy(options.describedEl, errorId);
    options.mark(true, parts);
  };
}

/** What every labelled text field has. */
interface LabelledFieldOptions {
  id: string;
  name?: string;
  label: string;
  labelClass?: string;
  hint?: string;
  value?: string;
}

/** The hint of a single-control field, and the id its control is described by. */
function controlHint(options: LabelledFieldOptions): { hintEl: HTMLElement | null; describedBy: string | undefined } {
  const hintId = `${options.id}-hint`;
  const hintEl = hint(hintId, options.hint);
  return { hintEl, describedBy: hintEl ? hintId : undefined };
}

/** The form group of a single labelled control (text input, select, file), with its inline error. */
function controlGroup(
  options: LabelledFieldOptions,
  el: HTMLElement,
  hintEl: HTMLElement | null,
  classes: { group: string; error: string },
): { group: HTMLDivElement; control: FieldControl } {
  const group = h(
    "div",
    { class: classes.group },
    h("label", { class: ["nhsuk-label", options.labelClass], for: options.id }, options.label),
    hintEl,
    el,
  );
  const setError = inlineError({
    group,
    id: options.id,
    describedEl: el,
    before: () => el,
    mark: (on) => el.classList.toggle(classes.error, on),
  });
  return { group, control: { targetId: () => options.id, setError } };
}

/** What every fieldset of controls (radios, a checkbox, a date) has. */
interface FieldsetOptions {
  legend: string;
  legendClass?: string;
  hint?: string;
}

/**
 * The form group of a fieldset of controls, with its legend, hint and inline
 * error: the fieldset twin of `controlGroup`. `id` names the hint and the
 * error; the error goes before `body`, and `mark` shows it on the controls.
 */
function fieldsetGroup(
  id: string,
  options: FieldsetOptions,
  body: HTMLElement,
  extra: { role?: string; mark?: (on: boolean, parts?: readonly string[]) => void } = {},
): { group: HTMLDivElement; setError: FieldControl["setError"] } {
  const hintId = `${id}-hint`;
  const hintEl = hint(hintId, options.hint);
  const fieldset = h(
    "fieldset",
    { class: "nhsuk-fieldset", role: extra.role, "aria-describedby": hintEl ? hintId : undefined },
    h("legend", { class: ["nhsuk-fieldset__legend", options.legendClass] }, options.legend),
    hintEl,
    body,
  );
  const group = h("div", { class: "nhsuk-form-group" }, fieldset);
  const setError = inlineError({
    group,
    id,
    describedEl: fieldset,
    before: () => body,
    mark: extra.mark ?? (() => undefined),
  });
  return { group, setError };
}

export interface ConfirmationOptions extends FieldsetOptions {
  id: string;
  name: string;
  /** What ticking it says ("I am recording this sign-off on behalf of …"). */
  label: string;
}

export interface ConfirmationField {
  group: HTMLDivElement;
  input: HTMLInputElement;
  control: FieldControl;
}

/** One checkbox a person ticks to confirm something, in its own fieldset. */
export function confirmation(options: ConfirmationOptions): ConfirmationField {
  const input = h("input", {
    class: "nhsuk-checkboxes__input",
    id: options.id,
    name: options.name,
    type: "checkbox",
    value: "yes",
  });
  const label = h("label", { class: "nhsuk-label nhsuk-checkboxes__label", for: options.id }, options.label);
  const boxes = h("div", { class: "nhsuk-checkboxes" }, h("div", { class: "nhsuk-checkboxes__item" }, input, label));
  const { group, setError } = fieldsetGroup(options.id, options, boxes);
  return { group, input, control: { targetId: () => options.id, setError } };
}

export interface TextInputOptions extends LabelledFieldOptions {
  inputClass?: string;
  autocomplete?: string;
  spellcheck?: boolean;
}

export interface TextInputField {
  group: HTMLDivElement;
  input: HTMLInputElement;
  control: FieldControl;
}

export function textInput(options: TextInputOptions): TextInputField {
  const { hintEl, describedBy } = controlHint(options);
  const input = h("input", {
    class: ["nhsuk-input", options.inputClass],
    id: options.id,
    name: options.name ?? options.id,
    type: "text",
    autocomplete: options.autocomplete,
    spellcheck: options.spellcheck === undefined ? undefined : String(options.spellcheck),
    "aria-describedby": describedBy,
  });
  input.value = options.value ?? "";
  return { input, ...controlGroup(options, input, hintEl, { group: "nhsuk-form-group", error: "nhsuk-input--error" }) };
}

export interface TextareaOptions extends LabelledFieldOptions {
  rows?: number;
  /** Adds an NHS character count for this many characters. */
  maxChars?: number;
}

export interface TextareaField {
  group: HTMLDivElement;
  textarea: HTMLTextAreaElement;
  control: FieldControl;
}

/** The character count's message: "You have 4,990 characters remaining" or "… too many". */
export function characterCountMessage(length: number, max: number): string {
  const remaining = max - length;
  const count = Math.abs(remaining);
  const noun = count === 1 ? "character" : "characters";
  return remaining < 0
    ? `You have ${numberFormat.format(count)} ${noun} too many`
    : `You have ${numberFormat.format(count)} ${noun} remaining`;
}

export function textarea(options: TextareaOptions): TextareaField {
  const hintId = `${options.id}-hint`;
  const infoId = `${options.id}-info`;
  const hintEl = hint(hintId, options.hint);
  const max = options.maxChars;
  const describedBy = [max !== undefined ? infoId : null, hintEl ? hintId : null]
    .filter((v): v is string => v !== null)
    .join(" ");
  const el = h("textarea", {
    class: ["nhsuk-textarea", max !== undefined && "nhsuk-js-character-count"],
    id: options.id,
    name: options.name ?? options.id,
    rows: String(options.rows ?? 5),
    "aria-describedby": describedBy === "" ? undefined : describedBy,
  });
  el.value = options.value ?? "";

  const group = h(
    "div",
    {
      class: ["nhsuk-form-group", max !== undefined && "nhsuk-character-count"],
      "data-nhsuk-character-count-init": max !== undefined ? "" : undefined,
      "data-maxlength": max !== undefined ? String(max) : undefined,
    },
    h("label", { class: ["nhsuk-label", options.labelClass], for: options.id }, options.label),
    hintEl,
    el,
  );

  let overLimit = false;
  let hasError = false;
  const markTextarea = (): void => {
    el.classList.toggle("nhsuk-textarea--error", hasError || overLimit);
  };

  if (max !== undefined) {
    const info = h(
      "div",
      { class: "nhsuk-hint nhsuk-character-count__message nhsuk-u-visually-hidden", id: infoId },
      `You can enter up to ${numberFormat.format(max)} characters`,
    );
    const status = h("div", {
      class: "nhsuk-hint nhsuk-character-count__status",
      "aria-hidden": "true",
      id: `${options.id}-status`,
    });
    const srStatus = h("div", {
      class: "nhsuk-character-count__sr-status nhsuk-u-visually-hidden",
      "aria-live": "polite",
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = (announce: boolean): void => {
      const length = charCount(el.value);
      const message = characterCountMessage(length, max);
      overLimit = length > max;
      status.textContent = message;
      status.classList.toggle("nhsuk-error-message", overLimit);
      status.classList.toggle("nhsuk-hint", !overLimit);
      markTextarea();
      if (timer !== undefined) {
        clearTimeout(timer);
      }
      if (announce) {
        timer = setTimeout(() => {
          srStatus.textContent = message;
        }, 1000);
      } else {
        srStatus.textContent = message;
      }
    };
    el.addEventListener("input", () => update(true));
    group.append(info, status, srStatus);
    update(false);
  }

  const setError = inlineError({
    group,
    id: options.id,
    describedEl: el,
    before: () => el,
    mark: (on) => {
      hasError = on;
      markTextarea();
    },
  });
  return { group, textarea: el, control: { targetId: () => options.id, setError } };
}

export interface SelectChoice {
  value: string;
  label: string;
}

export interface SelectOptions extends LabelledFieldOptions {
  choices: readonly SelectChoice[];
}

export interface SelectField {
  group: HTMLDivElement;
  select: HTMLSelectElement;
  control: FieldControl;
}

/** An NHS select. The choice whose value is `value` starts selected (the first when none is). */
export function select(options: SelectOptions): SelectField {
  const { hintEl, describedBy } = controlHint(options);
  const el = h(
    "select",
    {
      class: "nhsuk-select",
      id: options.id,
      name: options.name ?? options.id,
      "aria-describedby": describedBy,
    },
    options.choices.map((choice) => h("option", { value: choice.value }, choice.label)),
  );
  el.value = options.value ?? "";
  if (el.selectedIndex === -1) {
    el.selectedIndex = 0;
  }
  return { select: el, ...controlGroup(options, el, hintEl, { group: "nhsuk-form-group", error: "nhsuk-select--error" }) };
}

export interface RadioItem {
  id: string;
  value: string;
  label: string;
  hint?: string;
  /** Revealed while this radio is selected. */
  conditional?: Node;
}

export interface RadiosOptions extends FieldsetOptions {
  name: string;
  items: readonly RadioItem[];
  checked?: string | null;
  inline?: boolean;
  /** The id the fieldset's hint and error take their ids from. */
  idPrefix: string;
}

export interface RadiosField {
  group: HTMLDivElement;
  inputs: HTMLInputElement[];
  value(): string | null;
  check(value: string | null): void;
  control: FieldControl;
}

export function radios(options: RadiosOptions): RadiosField {
  const inputs: HTMLInputElement[] = [];
  const conditionals: { input: HTMLInputElement; panel: HTMLElement }[] = [];
  const children: Node[] = [];

  for (const item of options.items) {
    const itemHintId = `${item.id}-item-hint`;
    const conditionalId = `${item.id}-conditional`;
    const input = h("input", {
      class: "nhsuk-radios__input",
      id: item.id,
      name: options.name,
      type: "radio",
      value: item.value,
      "aria-describedby": item.hint ? itemHintId : undefined,
      "aria-controls": item.conditional ? conditionalId : undefined,
    });
    input.checked = options.checked === item.value;
    inputs.push(input);
    children.push(
      h(
        "div",
        { class: "nhsuk-radios__item" },
        input,
        h("label", { class: "nhsuk-label nhsuk-radios__label", for: item.id }, item.label),
        item.hint ? h("div", { class: "nhsuk-hint nhsuk-radios__hint", id: itemHintId }, item.hint) : null,
      ),
    );
    if (item.conditional) {
      const panel = h(
        "div",
        { class: "nhsuk-radios__conditional", id: conditionalId },
        item.conditional,
      );
      conditionals.push({ input, panel });
      children.push(panel);
    }
  }

  // The panel shows while its radio is checked. Radios take no
  // `aria-expanded` (axe: aria-allowed-attr); `aria-controls` links the two,
  // and the panel follows its radio in reading order.
  const syncConditionals = (): void => {
    for (const { input, panel } of conditionals) {
      panel.classList.toggle("nhsuk-radios__conditional--hidden", !input.checked);
    }
  };

  const radiosEl = h(
    "div",
    { class: ["nhsuk-radios", options.inline === true && "nhsuk-radios--inline"] },
    children,
  );
  radiosEl.addEventListener("change", syncConditionals);
  syncConditionals();

  const { group, setError } = fieldsetGroup(options.idPrefix, options, radiosEl);

  return {
    group,
    inputs,
    value: () => inputs.find((input) => input.checked)?.value ?? null,
    check: (value) => {
      for (const input of inputs) {
        input.checked = input.value === value;
      }
      syncConditionals();
    },
    control: {
      targetId: () => inputs[0]?.id ?? options.idPrefix,
      setError,
    },
  };
}

export interface DateInputOptions extends FieldsetOptions {
  /** Box ids are `<idPrefix>-day`, `<idPrefix>-month`, `<idPrefix>-year`. */
  idPrefix: string;
  value: DateParts;
}

export interface DateInputField {
  group: HTMLDivElement;
  inputs: Record<DatePart, HTMLInputElement>;
  values(): DateParts;
  control: FieldControl;
}

const DATE_PARTS: readonly DatePart[] = ["day", "month", "year"];
const DATE_LABELS: Readonly<Record<DatePart, string>> = { day: "Day", month: "Month", year: "Year" };

export function dateInput(options: DateInputOptions): DateInputField {
  const inputs = {} as Record<DatePart, HTMLInputElement>;
  const items = DATE_PARTS.map((part) => {
    const id = `${options.idPrefix}-${part}`;
    const input = h("input", {
      class: [
        "nhsuk-input",
        "nhsuk-date-input__input",
        part === "year" ? "nhsuk-input--width-4" : "nhsuk-input--width-2",
      ],
      id,
      name: id,
      type: "text",
      inputmode: "numeric",
    });
    input.value = options.value[part];
    inputs[part] = input;
    return h(
      "div",
      { class: "nhsuk-date-input__item" },
      h(
        "div",
        { class: "nhsuk-form-group" },
        h("label", { class: "nhsuk-label nhsuk-date-input__label", for: id }, DATE_LABELS[part]),
        input,
      ),
    );
  });
  const dateEl = h("div", { class: "nhsuk-date-input", id: options.idPrefix }, items);

  const isPart = (value: string): value is DatePart => (DATE_PARTS as readonly string[]).includes(value);
  const faultyParts = (parts?: readonly string[]): DatePart[] => {
    const known = (parts ?? []).filter(isPart);
    return known.length > 0 ? known : [...DATE_PARTS];
  };

  const { group, setError } = fieldsetGroup(options.idPrefix, options, dateEl, {
    role: "group",
    mark: (on, parts) => {
      const faulty = on ? faultyParts(parts) : [];
      for (const part of DATE_PARTS) {
        inputs[part].classList.toggle("nhsuk-input--error", faulty.includes(part));
      }
    },
  });

  return {
    group,
    inputs,
    values: () => ({ day: inputs.day.value, month: inputs.month.value, year: inputs.year.value }),
    control: {
      targetId: (parts) => `${options.idPrefix}-${faultyParts(parts)[0] ?? "day"}`,
      setError,
    },
  };
}

export interface FileInputOptions {
  id: string;
  name?: string;
  label: string;
  labelClass?: string;
  hint?: string;
  /** The file types the chooser offers, e.g. ".pdf,application/pdf". */
  accept?: string;
}

export interface FileInputField {
  group: HTMLDivElement;
  input: HTMLInputElement;
  control: FieldControl;
}

/** An NHS file upload: the browser's own file input, labelled, with a hint and errors. */
export function fileInput(options: FileInputOptions): FileInputField {
  const { hintEl, describedBy } = controlHint(options);
  const input = h("input", {
    class: "nhsuk-file-upload__input",
    id: options.id,
    name: options.name ?? options.id,
    type: "file",
    accept: options.accept,
    "aria-describedby": describedBy,
  });
  return {
    input,
    ...controlGroup(options, input, hintEl, {
      group: "nhsuk-form-group nhsuk-file-upload",
      error: "nhsuk-file-upload__input--error",
    }),
  };
}
